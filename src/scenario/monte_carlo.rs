//! Uncertainty of an estimate: the catalog's distributions, drawn with the seeded engine in
//! [`crate::uncertainty`], pushed through the model, summarised with a ranked sensitivity.
//!
//! Every input with an uncertainty in the catalog (model default, or the project's own) and
//! the grid factor's one-sigma spread become columns of the sample matrix. Distributions are
//! converted to SI once; spreads (a standard deviation) are converted as intervals, so
//! "1 °C" of spread is 1 K, not 274.15 K.

use serde::Serialize;
use utoipa::ToSchema;

use super::error::{ErrorCode, ScenarioError};
use super::request::UncertaintyOptions;
use super::resolve::{Drawn, Resolved};
use crate::catalog::{Amount, Uncertainty, UncertaintySpec, Value};
use crate::uncertainty::{
    self as engine, Bounds, Distribution, EvaluationError, MAX_DRAWS, SamplingMethod, Settings,
};
use crate::units::find_unit;

/// One uncertain input of the Monte Carlo.
#[derive(Debug, Clone)]
pub struct McParam {
    /// The parameter key (or `grid_factor_scale`, or `key[year]` for per-year draws).
    pub key: String,
    pub name: String,
    /// The distribution in SI units of the parameter.
    pub distribution: Distribution,
    /// The catalog entry it was built from (shown in readable units).
    pub spec: Option<Uncertainty>,
    /// For choices and dates: the values the drawn index picks from.
    pub choices: Option<Vec<Value>>,
}

impl McParam {
    /// True when the parameter is a model parameter (not the grid scale or a per-year column).
    pub fn is_model_parameter(&self, model: &crate::catalog::ModelSpec) -> bool {
        model.parameter(&self.key).is_some()
    }
}

/// The model-parameter values of one row of draws, for [`Values::with`](super::resolve::Values::with).
pub fn overlay<'a>(
    params: &'a [McParam],
    row: &[f64],
    model: &crate::catalog::ModelSpec,
) -> Vec<(&'a str, Drawn<'a>)> {
    params
        .iter()
        .zip(row)
        .filter(|(p, _)| p.is_model_parameter(model))
        .map(|(p, x)| {
            let drawn = match &p.choices {
                Some(values) => Drawn::Value(&values[(*x as usize).min(values.len() - 1)]),
                None => Drawn::Si(*x),
            };
            (p.key.as_str(), drawn)
        })
        .collect()
}

/// One output of the Monte Carlo.
#[derive(Debug, Clone)]
pub struct McOutput {
    pub key: &'static str,
    pub name: &'static str,
    /// The unit the model closure reports this output in.
    pub unit: String,
    /// The deterministic estimate's value, in `unit`.
    pub deterministic: f64,
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
    /// The uncertain inputs and their distributions as written in the catalog.
    pub parameters: Vec<McParameterOut>,
    /// One summary per key output.
    pub outputs: Vec<McOutputOut>,
    /// How the draws were evaluated (e.g. which parts are scaled instead of re-simulated).
    pub notes: Vec<String>,
}

/// An uncertain input as reported.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct McParameterOut {
    pub key: String,
    pub name: String,
    /// The catalog distribution (values in the units they were written in); absent for
    /// spreads tanso builds itself (e.g. the grid factor's).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub uncertainty: Option<Uncertainty>,
    /// Mean and standard deviation of the distribution, in SI units.
    pub mean_si: f64,
    pub sd_si: f64,
}

/// Summary of one output.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct McOutputOut {
    pub key: &'static str,
    pub name: &'static str,
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
    pub parameter: String,
    /// Spearman rank correlation.
    pub rho: f64,
    /// ρ² / Σρ²: a ranking aid, not a variance decomposition.
    pub share: f64,
}

/// The SI value of a catalog value, for a parameter whose value in use is `at`.
fn si(v: &Value) -> Option<f64> {
    v.si()
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
            let m = mean.as_ref().and_then(si).unwrap_or(at.si);
            match (sd, relative_sd) {
                (Some(sd), _) => Distribution::normal(m, need(spread_si(sd))?).map_err(e)?,
                (None, Some(r)) => Distribution::normal_relative(m, *r).map_err(e)?,
                (None, None) => return Err("a normal distribution needs a spread".into()),
            }
        }
        UncertaintySpec::Lognormal { gm, gsd } => {
            Distribution::lognormal(gm.as_ref().and_then(si).unwrap_or(at.si), *gsd).map_err(e)?
        }
        UncertaintySpec::Triangular { min, mode, max } => {
            Distribution::triangular(need(si(min))?, need(si(mode))?, need(si(max))?).map_err(e)?
        }
        UncertaintySpec::Pert { min, mode, max } => {
            Distribution::pert(need(si(min))?, need(si(mode))?, need(si(max))?).map_err(e)?
        }
        UncertaintySpec::Uniform { min, max } => {
            Distribution::uniform(need(si(min))?, need(si(max))?).map_err(e)?
        }
        UncertaintySpec::Discrete { values, weights } => {
            let v: Option<Vec<f64>> = values.iter().map(si).collect();
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
    let lower = [u.lower.as_ref().and_then(si), range.0]
        .into_iter()
        .flatten()
        .fold(f64::NEG_INFINITY, f64::max);
    let upper = [u.upper.as_ref().and_then(si), range.1]
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

/// The uncertain inputs of a resolved scenario, in model order, then the grid factor.
pub fn parameters(r: &Resolved<'_>) -> Result<Vec<McParam>, ScenarioError> {
    let mut out = Vec::new();
    for input in &r.inputs {
        // Choices and dates: a discrete distribution over indices into their values.
        if let (Some(u), Some(Value::Choice(_) | Value::Date(_))) =
            (&input.uncertainty, &input.value)
            && let UncertaintySpec::Discrete { values, weights } = &u.spec
        {
            let indices: Vec<f64> = (0..values.len()).map(|i| i as f64).collect();
            let distribution = Distribution::discrete(indices, weights.clone()).map_err(|e| {
                ScenarioError::field(
                    ErrorCode::InvalidValue,
                    &format!("/parameters/{}", input.key),
                    format!("its uncertainty cannot be used: {e}"),
                )
            })?;
            out.push(McParam {
                key: input.key.clone(),
                name: input.name.clone(),
                distribution,
                spec: Some(u.clone()),
                choices: Some(values.clone()),
            });
            continue;
        }
        let (Some(u), Some(Value::Quantity(at))) = (&input.uncertainty, &input.value) else {
            continue;
        };
        let spec = r
            .model
            .parameter(&input.key)
            .expect("inputs follow the model");
        let range = (
            spec.min.as_ref().and_then(Value::si),
            spec.max.as_ref().and_then(Value::si),
        );
        let distribution = to_distribution(u, at, range).map_err(|m| {
            ScenarioError::field(
                ErrorCode::InvalidValue,
                &format!("/parameters/{}", input.key),
                format!("its uncertainty cannot be used: {m}"),
            )
        })?;
        out.push(McParam {
            key: input.key.clone(),
            name: input.name.clone(),
            distribution,
            spec: Some(u.clone()),
            choices: None,
        });
    }
    if let Some(rsd) = r.options.grid.as_ref().and_then(|g| g.relative_sd) {
        let d = Distribution::normal(1.0, rsd)
            .and_then(|d| d.bounded(Bounds::non_negative()))
            .map_err(|e| {
                ScenarioError::field(
                    ErrorCode::InvalidOption,
                    "/options/grid_factor",
                    e.to_string(),
                )
            })?;
        out.push(McParam {
            key: "grid_factor_scale".into(),
            name: "Grid emission factor (relative spread of the series)".into(),
            distribution: d,
            spec: None,
            choices: None,
        });
    }
    Ok(out)
}

/// Checks the requested draw count against [`MAX_DRAWS`].
pub fn check_options(o: &UncertaintyOptions) -> Result<(), ScenarioError> {
    if o.draws == 0 || o.draws as usize > MAX_DRAWS {
        return Err(ScenarioError::field(
            ErrorCode::LimitExceeded,
            "/options/uncertainty/draws",
            format!("the number of draws must be between 1 and {MAX_DRAWS}"),
        )
        .with_expected(format!("1 to {MAX_DRAWS}"), o.draws.to_string()));
    }
    Ok(())
}

/// Runs the Monte Carlo: `model` maps one row of draws (in `params` order) to the outputs in
/// the units of `outputs`.
pub fn run<F>(
    params: &[McParam],
    outputs: &[McOutput],
    options: &UncertaintyOptions,
    notes: Vec<String>,
    model: F,
) -> Result<UncertaintyResult, ScenarioError>
where
    F: Fn(&[f64]) -> Result<Vec<f64>, ScenarioError> + Sync,
{
    check_options(options)?;
    // Stop drawing once the time budget is spent, instead of computing for nobody.
    let deadline = options.deadline;
    let model = |row: &[f64]| -> Result<Vec<f64>, ScenarioError> {
        if deadline.is_some_and(|d| std::time::Instant::now() > d) {
            return Err(ScenarioError::field(
                ErrorCode::TimeBudgetExceeded,
                "/options/uncertainty/draws",
                "the request's time budget ran out during the Monte Carlo: ask for fewer draws",
            ));
        }
        model(row)
    };
    let dists: Vec<Distribution> = params.iter().map(|p| p.distribution.clone()).collect();
    let settings = Settings {
        draws: options.draws as usize,
        seed: options.seed,
        method: SamplingMethod::MonteCarlo,
        threads: options.threads,
    };
    let report = engine::simulate(&dists, settings, model).map_err(|e| match e {
        EvaluationError::Model { error, .. } if error.code == ErrorCode::TimeBudgetExceeded => {
            error
        }
        EvaluationError::Model { draw, error } => ScenarioError {
            detail: format!("draw {draw} of the Monte Carlo failed: {}", error.detail),
            ..error
        },
        EvaluationError::Central { error } => error,
        EvaluationError::Engine(e) => {
            ScenarioError::field(ErrorCode::ModelError, "/options/uncertainty", e.to_string())
        }
    })?;
    let mut outs = Vec::new();
    for (i, o) in outputs.iter().enumerate() {
        let s = &report.summaries[i];
        let sensitivity = report.sensitivity[i]
            .inputs
            .iter()
            .map(|x| SensitivityOut {
                parameter: params[x.input].key.clone(),
                rho: x.rho,
                share: x.variance_share,
            })
            .collect();
        outs.push(McOutputOut {
            key: o.key,
            name: o.name,
            unit: o.unit.clone(),
            deterministic: o.deterministic,
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
    Ok(UncertaintyResult {
        method: "monte_carlo",
        draws: options.draws as usize,
        seed: options.seed,
        sampling: "plain Monte Carlo; each parameter draws from its own ChaCha8 stream (stream number = parameter index), so results do not depend on the thread count",
        sensitivity_method: "Spearman rank correlation between each input's draws and the output (average ranks for ties)",
        parameters: params
            .iter()
            .map(|p| McParameterOut {
                key: p.key.clone(),
                name: p.name.clone(),
                uncertainty: p.spec.clone(),
                mean_si: p.distribution.mean(),
                sd_si: p.distribution.sd(),
            })
            .collect(),
        outputs: outs,
        notes,
    })
}
