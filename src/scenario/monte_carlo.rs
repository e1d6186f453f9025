//! Uncertainty of an estimate, for every model the same way: the catalog's distributions,
//! drawn with the seeded engine in [`crate::uncertainty`], pushed through the model's own
//! `run` (the deterministic code), summarised per headline figure of the outcome with a
//! ranked sensitivity.
//!
//! Every input with an uncertainty (model default, the project's own, or the request's)
//! becomes a column of a dimension-checked [`ParameterSet`]; a value the request fixes is not
//! drawn unless the request gives it a distribution. A year-to-year quantity
//! ([`Yearly`](crate::models::plugin::Yearly)) becomes three columns: the first year, and
//! the means of the other years of the crediting period and of the plant life. The grid
//! factor's relative spread is one more column, a multiplier for all years. Derived values
//! follow the draw of what they derive from unless they are drawn themselves.

use serde::Serialize;
use utoipa::ToSchema;

use super::request::UncertaintyOptions;
use super::resolve::Resolved;
use crate::catalog::{Amount, Uncertainty, UncertaintySpec, Value};
use crate::error::{ErrorCode, Field, ScenarioError};
use crate::models::outcome::{Measured, Outcome};
use crate::models::plugin::{Derive, Detail, Evaluator, Kind, Slot, Spread};
use crate::uncertainty::{
    self as engine, Bounds, Distribution, EvaluationError, MAX_DRAWS, Parameter, ParameterSet,
    SamplingMethod, Settings,
};
use crate::units::{Dimension, QuantityValue, Ratio, find_unit};

/// What a column of draws sets.
#[derive(Debug, Clone)]
enum Target {
    /// A quantity parameter (index in the declaration).
    Quantity(usize),
    /// One horizon of a yearly parameter: 0 first year, 1 crediting mean, 2 lifetime mean.
    Horizon(usize, usize),
    /// A choice or date parameter: the drawn index picks one of these slots.
    Pick(usize, Vec<Slot>),
    /// The grid factor's multiplier.
    GridScale,
}

/// One column of the sample matrix with what it sets and how it is reported.
struct Column {
    target: Target,
    key: String,
    name: String,
    spec: Option<Uncertainty>,
    /// The unit the parameter's value is shown in (for the summary of its distribution).
    unit: Option<&'static crate::units::UnitDef>,
}

/// The uncertainty section of an estimate.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UncertaintyResult {
    /// "monte_carlo".
    pub method: &'static str,
    pub draws: usize,
    /// The seed: the same seed gives the same numbers, whatever the thread count.
    pub seed: u64,
    /// How the draws are generated.
    pub sampling: &'static str,
    /// How the sensitivity ranking is computed.
    pub sensitivity_method: &'static str,
    /// The uncertain inputs and their distributions.
    pub parameters: Vec<McParameterOut>,
    /// One summary per headline figure of the outcome.
    pub outputs: Vec<McOutputOut>,
    /// How the draws were evaluated (e.g. which parts are scaled instead of re-simulated).
    pub notes: Vec<String>,
}

/// An uncertain input as reported.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct McParameterOut {
    pub key: String,
    pub name: String,
    /// The distribution as written (in the units it was written in); absent for spreads
    /// tanso builds itself (the grid factor's, the means of year-to-year variation).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub uncertainty: Option<Uncertainty>,
    /// Mean of the distribution, in the parameter's unit (absent for choices and dates).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mean: Option<QuantityValue>,
    /// Standard deviation, in the parameter's unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sd: Option<QuantityValue>,
}

/// Summary of one output, in `unit`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct McOutputOut {
    /// The headline figure's key.
    pub key: String,
    pub name: String,
    pub unit: String,
    /// The deterministic estimate.
    pub deterministic: f64,
    pub mean: f64,
    pub sd: f64,
    pub p5: f64,
    pub p10: f64,
    pub p50: f64,
    pub p90: f64,
    pub p95: f64,
    pub min: f64,
    pub max: f64,
    /// 20 equal-width bins from min to max.
    pub histogram: HistogramOut,
    /// Inputs ranked by |Spearman ρ| with this output.
    pub sensitivity: Vec<SensitivityOut>,
}

/// A histogram.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HistogramOut {
    /// Bin edges (one more than counts), in the output's unit.
    pub edges: Vec<f64>,
    pub counts: Vec<usize>,
}

/// One input's rank correlation with an output.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SensitivityOut {
    /// The input's key (see `parameters`).
    pub parameter: String,
    /// Its name.
    pub name: String,
    /// Spearman rank correlation.
    pub rho: f64,
    /// ρ² / Σρ²: a ranking aid, not a variance decomposition.
    pub share: f64,
}

/// The SI size of a spread written as a quantity: an interval, not a point on the scale.
fn spread_si(v: &Value) -> Option<f64> {
    match v {
        Value::Quantity(a) => {
            let unit = find_unit(a.dimension, &a.shown.unit)?;
            Some(unit.to_si(a.shown.value) - unit.to_si(0.0))
        }
        _ => None,
    }
}

/// Converts a catalog uncertainty into an engine distribution centred where the catalog says
/// (or on the value in use for relative spreads), truncated to the parameter's range for
/// normal and lognormal shapes.
pub fn to_distribution(
    u: &Uncertainty,
    at: &Amount,
    range: (Option<f64>, Option<f64>),
) -> Result<Distribution, String> {
    let e = |x: engine::UncertaintyError| x.to_string();
    let need =
        |v: Option<f64>| v.ok_or_else(|| "a distribution value is not a quantity".to_string());
    let dist = match &u.spec {
        UncertaintySpec::Normal {
            mean,
            sd,
            relative_sd,
        } => {
            let m = mean.as_ref().and_then(Value::si).unwrap_or(at.si);
            match (sd, relative_sd) {
                (Some(sd), _) => Distribution::normal(m, need(spread_si(sd))?).map_err(e)?,
                (None, Some(r)) => Distribution::normal_relative(m, *r).map_err(e)?,
                (None, None) => return Err("a normal distribution needs a spread".into()),
            }
        }
        UncertaintySpec::Lognormal { gm, gsd } => {
            Distribution::lognormal(gm.as_ref().and_then(Value::si).unwrap_or(at.si), *gsd)
                .map_err(e)?
        }
        UncertaintySpec::Triangular { min, mode, max } => {
            Distribution::triangular(need(min.si())?, need(mode.si())?, need(max.si())?)
                .map_err(e)?
        }
        UncertaintySpec::Pert { min, mode, max } => {
            Distribution::pert(need(min.si())?, need(mode.si())?, need(max.si())?).map_err(e)?
        }
        UncertaintySpec::Uniform { min, max } => {
            Distribution::uniform(need(min.si())?, need(max.si())?).map_err(e)?
        }
        UncertaintySpec::Discrete { values, weights } => {
            let v: Option<Vec<f64>> = values.iter().map(Value::si).collect();
            Distribution::discrete(need_vec(v)?, weights.clone()).map_err(e)?
        }
    };
    let truncates = matches!(
        u.spec,
        UncertaintySpec::Normal { .. } | UncertaintySpec::Lognormal { .. }
    );
    if !truncates {
        return Ok(dist);
    }
    let lower = [u.lower.as_ref().and_then(Value::si), range.0]
        .into_iter()
        .flatten()
        .fold(f64::NEG_INFINITY, f64::max);
    let upper = [u.upper.as_ref().and_then(Value::si), range.1]
        .into_iter()
        .flatten()
        .fold(f64::INFINITY, f64::min);
    if lower == f64::NEG_INFINITY && upper == f64::INFINITY {
        return Ok(dist);
    }
    dist.bounded(Bounds::new(lower, upper).map_err(e)?)
        .map_err(e)
}

fn need_vec(v: Option<Vec<f64>>) -> Result<Vec<f64>, String> {
    v.ok_or_else(|| "discrete values must be quantities".to_string())
}

/// Largest seed: the API documents the seed as an int64, as most clients hold it, and the
/// command line accepts the same range.
pub const MAX_SEED: u64 = i64::MAX as u64;

/// Checks the requested draw count against [`MAX_DRAWS`] and the seed against [`MAX_SEED`]
/// (for every caller: the API and the command line accept the same values).
pub fn check_options(o: &UncertaintyOptions) -> Result<(), ScenarioError> {
    if o.draws == 0 || o.draws as usize > MAX_DRAWS {
        return Err(ScenarioError::option(
            ErrorCode::LimitExceeded,
            "uncertainty.draws",
            format!("the number of draws must be between 1 and {MAX_DRAWS}"),
        )
        .with_expected(format!("1 to {MAX_DRAWS}"), o.draws.to_string()));
    }
    if o.seed > MAX_SEED {
        return Err(ScenarioError::option(
            ErrorCode::InvalidOption,
            "uncertainty.seed",
            format!("the seed must be at most {MAX_SEED}"),
        )
        .with_expected(
            format!("an integer from 0 to {MAX_SEED}"),
            o.seed.to_string(),
        ));
    }
    Ok(())
}

/// The columns of a resolved scenario's Monte Carlo, with their dimension-checked set.
fn columns(r: &Resolved<'_>) -> Result<(Vec<Column>, ParameterSet), ScenarioError> {
    let decls = r.model.parameters();
    let mut cols = Vec::new();
    let mut set = ParameterSet::new();
    let bad = |key: &str, m: String| {
        let written = r
            .inputs
            .iter()
            .find(|i| i.key == key)
            .and_then(|i| i.uncertainty.as_ref())
            .and_then(|u| serde_json::to_string(u).ok())
            .map_or_else(
                || "its distribution".to_string(),
                |t| crate::units::clip(&t, crate::units::MAX_ECHO_CHARS),
            );
        ScenarioError::parameter(
            ErrorCode::InvalidValue,
            key,
            format!("its uncertainty cannot be used: {m}"),
        )
        .with_expected(
            "a distribution inside the parameter's range, with a finite mean and spread",
            written,
        )
    };
    let n_credit = r.options.crediting.years().len();
    let n_life = r.options.lifetime.map(|p| p.years().len());
    let mut push = |cols: &mut Vec<Column>, col: Column, dimension: Dimension, d: Distribution| {
        set.push(Parameter::new(col.key.clone(), dimension, d))
            .map_err(|e| bad(&col.key, e.to_string()))?;
        cols.push(col);
        Ok::<(), ScenarioError>(())
    };
    for (j, decl) in decls.iter().enumerate() {
        let input = r.input_of_decl(j);
        let Some(u) = &input.uncertainty else {
            continue;
        };
        match (decl.kind, &input.value) {
            // Choices and dates: a discrete distribution over indices into their values.
            (Kind::Choice(_) | Kind::Date | Kind::Year, Some(_)) => {
                let UncertaintySpec::Discrete { values, weights } = &u.spec else {
                    continue;
                };
                let indices: Vec<f64> = (0..values.len()).map(|i| i as f64).collect();
                let d = Distribution::discrete(indices, weights.clone())
                    .map_err(|e| bad(decl.key, e.to_string()))?;
                let picks = values
                    .iter()
                    .map(|v| super::resolve::slot_of(decl.kind, Some(v)))
                    .collect();
                let col = Column {
                    target: Target::Pick(j, picks),
                    key: decl.key.into(),
                    name: input.name.clone(),
                    spec: Some(u.clone()),
                    unit: None,
                };
                push(&mut cols, col, Dimension::Ratio, d)?;
            }
            (Kind::Quantity(dimension), Some(Value::Quantity(at))) => {
                let p = r.spec.parameter(decl.key).expect("checked at load");
                let range = (
                    p.min.as_ref().and_then(Value::si),
                    p.max.as_ref().and_then(Value::si),
                );
                let d = to_distribution(u, at, range).map_err(|m| bad(decl.key, m))?;
                let unit = find_unit(dimension, &at.shown.unit);
                if !decl.yearly {
                    let col = Column {
                        target: Target::Quantity(j),
                        key: decl.key.into(),
                        name: input.name.clone(),
                        spec: Some(u.clone()),
                        unit,
                    };
                    push(&mut cols, col, dimension, d)?;
                    continue;
                }
                // Year-to-year variation: the first year as written; the mean of the n − 1
                // other years of a horizon has the standard deviation divided by √(n − 1).
                let (m, sd) = (d.mean(), d.sd());
                let horizons = [
                    (0, "first year", Some(1)),
                    (1, "mean of the other crediting years", Some(n_credit)),
                    (2, "mean of the other years of the plant life", n_life),
                ];
                for (h, label, years) in horizons {
                    let Some(years) = years else { continue };
                    let dist = if h == 0 {
                        d.clone()
                    } else {
                        let others = years.saturating_sub(1).max(1) as f64;
                        Distribution::normal(m, sd / others.sqrt())
                            .and_then(|x| x.bounded(Bounds::non_negative()))
                            .map_err(|e| bad(decl.key, e.to_string()))?
                    };
                    let col = Column {
                        target: Target::Horizon(j, h),
                        key: format!("{}[{label}]", decl.key),
                        name: format!("{} ({label})", input.name),
                        spec: (h == 0).then(|| u.clone()),
                        unit,
                    };
                    push(&mut cols, col, dimension, dist)?;
                }
            }
            _ => {}
        }
    }
    if r.model.needs().grid_factor
        && let Some(rsd) = r.options.grid.as_ref().and_then(|g| g.relative_sd)
    {
        let d = Distribution::normal(1.0, rsd.value)
            .and_then(|d| d.bounded(Bounds::non_negative()))
            .map_err(|e| {
                ScenarioError::option(ErrorCode::InvalidOption, "grid_factor", e.to_string())
                    .with_expected(
                        "a relative spread of 0 % or more",
                        format!("{} %", rsd.value * 100.0),
                    )
            })?;
        let col = Column {
            target: Target::GridScale,
            key: "grid_factor_scale".into(),
            name: "Grid emission factor (relative spread of the series)".into(),
            spec: None,
            unit: find_unit(Dimension::Ratio, "%"),
        };
        push(&mut cols, col, Dimension::Ratio, d)?;
    }
    // The set checked each column's dimension; quantity columns carry the declaration's.
    for (c, p) in cols.iter().zip(set.parameters()) {
        if let Target::Quantity(j) | Target::Horizon(j, _) = c.target {
            debug_assert_eq!(Kind::Quantity(p.dimension), decls[j].kind);
        }
    }
    Ok((cols, set))
}

/// The slots of one draw, and the grid scale.
fn draw_slots(base: &[Slot], cols: &[Column], row: &[f64]) -> (Vec<Slot>, Ratio, Vec<bool>) {
    let mut slots = base.to_vec();
    let mut drawn = vec![false; base.len()];
    let mut grid = Ratio::new::<uom::si::ratio::ratio>(1.0);
    for (c, &x) in cols.iter().zip(row) {
        match &c.target {
            Target::Quantity(j) => {
                slots[*j] = Slot::Quantity(x);
                drawn[*j] = true;
            }
            Target::Horizon(j, h) => {
                let mut v = match slots[*j] {
                    Slot::PerHorizon(v) => v,
                    Slot::Quantity(q) => [q; 3],
                    _ => [x; 3],
                };
                v[*h] = x;
                slots[*j] = Slot::PerHorizon(v);
                drawn[*j] = true;
            }
            Target::Pick(j, picks) => {
                slots[*j] = picks[(x as usize).min(picks.len() - 1)].clone();
                drawn[*j] = true;
            }
            Target::GridScale => grid = Ratio::new::<uom::si::ratio::ratio>(x),
        }
    }
    (slots, grid, drawn)
}

/// A plausible range of a drawn quantity.
struct Range {
    key: String,
    low: Measured,
    high: Measured,
}

impl Range {
    fn spread(&self) -> Spread<'_> {
        Spread {
            key: &self.key,
            low: self.low,
            high: self.high,
        }
    }
}

/// The plausible range of each drawn quantity parameter: the support where finite, else
/// the mean ± 2 standard deviations.
fn ranges(cols: &[Column], set: &ParameterSet) -> Vec<Range> {
    cols.iter()
        .zip(set.parameters())
        .filter(|(c, _)| matches!(c.target, Target::Quantity(_)))
        .map(|(c, p)| {
            let (lo, hi) = p.distribution.support();
            let (m, sd) = (p.distribution.mean(), p.distribution.sd());
            let (lo, hi) = if lo.is_finite() && hi.is_finite() {
                (lo, hi)
            } else {
                (m - 2.0 * sd, m + 2.0 * sd)
            };
            Range {
                key: c.key.clone(),
                low: Measured::from_si(lo, p.dimension),
                high: Measured::from_si(hi, p.dimension),
            }
        })
        .collect()
}

/// The first `n` draws of a scenario's Monte Carlo as slots (derived values re-derived),
/// with the ranges models are told about: for checking a model's stand-in against full runs.
pub struct DrawSample {
    pub slots: Vec<Vec<Slot>>,
    ranges: Vec<Range>,
}

impl DrawSample {
    /// The uncertain quantities and their ranges, as [`Evaluator::prepare_draws`] gets them.
    pub fn spreads(&self) -> Vec<Spread<'_>> {
        self.ranges.iter().map(Range::spread).collect()
    }
}

/// Draws `n` rows of a resolved scenario's Monte Carlo with `seed`.
pub fn sample_draws(r: &Resolved<'_>, n: usize, seed: u64) -> Result<DrawSample, ScenarioError> {
    let (cols, set) = columns(r)?;
    let samples = set
        .sample(n, seed, SamplingMethod::MonteCarlo)
        .map_err(|e| {
            ScenarioError::option(ErrorCode::ModelError, "uncertainty", e.to_string())
                .with_expected("a sample the engine can draw", format!("{n} draws"))
        })?;
    let mut row = vec![0.0; set.len()];
    let mut slots = Vec::with_capacity(n);
    for i in 0..n {
        samples.row_into(i, &mut row);
        let (mut s, grid_scale, drawn) = draw_slots(&r.slots, &cols, &row);
        let derivable: Vec<bool> = r
            .derivable
            .iter()
            .zip(&drawn)
            .map(|(d, x)| *d && !*x)
            .collect();
        let ctx = r.context(Detail::Draw, grid_scale);
        r.model
            .derive(&mut Derive::new(&mut s, &derivable, None), &ctx)?;
        slots.push(s);
    }
    Ok(DrawSample {
        slots,
        ranges: ranges(&cols, &set),
    })
}

/// Runs the Monte Carlo over `evaluator` (prepared on `r`); `deterministic` is the
/// estimate's outcome, against which every summary is reported. `cancelled` is asked before
/// each draw; once it says yes the run stops with a time-budget error.
pub fn run(
    r: &Resolved<'_>,
    evaluator: &mut dyn Evaluator,
    deterministic: &Outcome,
    options: &UncertaintyOptions,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Result<UncertaintyResult, ScenarioError> {
    check_options(options)?;
    let (cols, set) = columns(r)?;
    let draw_ctx = r.context(Detail::Draw, Ratio::new::<uom::si::ratio::ratio>(1.0));
    let ranges = ranges(&cols, &set);
    let spreads: Vec<Spread<'_>> = ranges.iter().map(Range::spread).collect();
    let mut notes = evaluator.prepare_draws(&r.slots, &spreads, &draw_ctx)?;
    let fixed: Vec<&str> = r
        .inputs
        .iter()
        .filter(|i| i.origin == super::resolve::Origin::Override && i.uncertainty.is_none())
        .map(|i| i.key.as_str())
        .collect();
    let held: Vec<&str> = options
        .parameters
        .iter()
        .filter(|(_, u)| u.is_none())
        .map(|(k, _)| k.as_str())
        .collect();
    if !held.is_empty() {
        notes.push(format!(
            "Held at their values because the request gives them no distribution (null): {}.",
            held.join(", ")
        ));
    }
    if !fixed.is_empty() {
        notes.push(format!(
            "Held at the values the request gives (not drawn): {}.",
            fixed.join(", ")
        ));
    }
    let evaluator: &dyn Evaluator = evaluator;

    // One draw: the drawn slots, derived values re-derived, the model's own run.
    let evaluate = |row: &[f64]| -> Result<Outcome, ScenarioError> {
        let (mut slots, grid_scale, drawn) = draw_slots(&r.slots, &cols, row);
        let ctx = r.context(Detail::Draw, grid_scale);
        let derivable: Vec<bool> = r
            .derivable
            .iter()
            .zip(&drawn)
            .map(|(d, x)| *d && !*x)
            .collect();
        r.model
            .derive(&mut Derive::new(&mut slots, &derivable, None), &ctx)?;
        let o = evaluator.run(&slots, &ctx)?;
        super::checks::check_headline(&o)?;
        Ok(o)
    };
    // The outputs: the headline figures a draw produces.
    let central = evaluate(&set.central_row())?;
    let outputs: Vec<(&'static str, String, Dimension)> = central
        .headline
        .iter()
        .map(|f| (f.key, f.label.to_string(), f.value.dimension()))
        .collect();
    let model = |row: &[f64]| -> Result<Vec<f64>, ScenarioError> {
        if cancelled() {
            return Err(ScenarioError::option(
                ErrorCode::Timeout,
                "uncertainty.draws",
                "the request's time budget ran out during the Monte Carlo: ask for fewer draws",
            )
            .with_expected("fewer draws", format!("{} draws", options.draws)));
        }
        let o = evaluate(row)?;
        if o.headline.len() != outputs.len() {
            return Err(ScenarioError::at(
                ErrorCode::ModelError,
                Field::parameters(),
                "a draw produced a different set of figures",
            )
            .with_expected(
                format!("{} figures in every draw", outputs.len()),
                format!("{} figures", o.headline.len()),
            ));
        }
        Ok(o.headline
            .iter()
            .map(|f| f.value.display_number())
            .collect())
    };
    let settings = Settings {
        draws: options.draws as usize,
        seed: options.seed,
        method: SamplingMethod::MonteCarlo,
        threads: options.threads,
    };
    let report = engine::simulate(&set.distributions(), settings, model).map_err(|e| match e {
        EvaluationError::Model { error, .. } if error.code == ErrorCode::Timeout => error,
        EvaluationError::Model { draw, error } => {
            error.context(&format!("draw {draw} of the Monte Carlo failed"))
        }
        EvaluationError::Central { error } => error,
        EvaluationError::Engine(e) => {
            ScenarioError::option(ErrorCode::ModelError, "uncertainty", e.to_string())
                .with_expected(
                    "draws the engine can summarise",
                    format!("{} draws, seed {}", options.draws, options.seed),
                )
        }
    })?;
    let mut outs = Vec::new();
    for (i, (key, name, dimension)) in outputs.into_iter().enumerate() {
        let s = &report.summaries[i];
        let det = deterministic
            .headline(key)
            .map_or(f64::NAN, |f| f.value.display_number());
        let sensitivity = report.sensitivity[i]
            .inputs
            .iter()
            .map(|x| SensitivityOut {
                parameter: cols[x.input].key.clone(),
                name: cols[x.input].name.clone(),
                rho: x.rho,
                share: x.variance_share,
            })
            .collect();
        outs.push(McOutputOut {
            key: key.to_string(),
            name,
            unit: dimension.display_unit().symbol.to_string(),
            deterministic: det,
            mean: s.mean,
            sd: s.sd,
            p5: s.p5,
            p10: s.p10,
            p50: s.p50,
            p90: s.p90,
            p95: s.p95,
            min: s.min,
            max: s.max,
            histogram: HistogramOut {
                edges: s.histogram.edges.clone(),
                counts: s.histogram.counts.clone(),
            },
            sensitivity,
        });
    }
    let parameters = cols
        .iter()
        .zip(set.parameters())
        .map(|(c, p)| {
            // Means are points on the unit's scale; a standard deviation is an interval.
            let shown = |unit: &crate::units::UnitDef, si: f64, interval: bool| QuantityValue {
                value: if interval {
                    unit.from_si(si) - unit.from_si(0.0)
                } else {
                    unit.from_si(si)
                },
                unit: unit.symbol.to_string(),
            };
            McParameterOut {
                key: c.key.clone(),
                name: c.name.clone(),
                uncertainty: c.spec.clone(),
                mean: c.unit.map(|u| shown(u, p.distribution.mean(), false)),
                sd: c.unit.map(|u| shown(u, p.distribution.sd(), true)),
            }
        })
        .collect();
    Ok(UncertaintyResult {
        method: "monte_carlo",
        draws: options.draws as usize,
        seed: options.seed,
        sampling: "plain Monte Carlo; each parameter draws from its own ChaCha8 stream (stream number = parameter index), so results do not depend on the thread count",
        sensitivity_method: "Spearman rank correlation between each input's draws and the output (average ranks for ties)",
        parameters,
        outputs: outs,
        notes,
    })
}
