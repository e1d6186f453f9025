//! Resolving a request against the catalog: which value each parameter takes, where it comes
//! from, and which options apply. Model-independent; the model adapters read typed values
//! from a [`Resolved`].

use serde::Serialize;
use utoipa::ToSchema;

use super::error::{ErrorCode, FieldError, ScenarioError};
use super::request::{
    GridFactorInput, InlineProject, ProjectRef, ScenarioRequest, UncertaintyOptions, WeatherInput,
};
use crate::catalog::{
    Amount, Catalog, Date, FactorKind, GwpEntry, ModelSpec, ParamKind, ParameterSpec, Provenance,
    Seed, Uncertainty, UncertaintySpec, Value,
};
use crate::units::{Dimension, Measure, QuantityInput, Time};

/// Where the value of a parameter comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// The model's default (`models/<model>.toml`).
    ModelDefault,
    /// The documented project (`seeds/<id>.toml`).
    Project,
    /// The request.
    Override,
    /// Computed by the model from other inputs (e.g. k from the climate zone).
    Derived,
}

/// A parameter as used in an estimate.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Input {
    pub key: String,
    pub name: String,
    /// The value used; absent when the model did not need it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Value>)]
    pub value: Option<Value>,
    pub origin: Origin,
    /// Source ids (see `sources` in the estimate).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// Why the value was assumed, if it is an assumption.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assumption: Option<String>,
    /// How a derived value was obtained.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub derivation: Option<String>,
    /// The spread used in the Monte Carlo, if any.
    #[serde(skip)]
    pub uncertainty: Option<Uncertainty>,
}

/// The crediting period, split into crediting years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct CreditingPeriod {
    /// First day.
    #[schema(value_type = String, example = "2024-03-01")]
    pub start: Date,
    /// Last day (inclusive).
    #[schema(value_type = String, example = "2030-12-31")]
    pub end: Date,
}

/// One crediting year: twelve months from the start (the last may be shorter).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CreditingYear {
    /// 0 for the first year.
    pub index: u32,
    pub start: Date,
    /// Last day (inclusive).
    pub end: Date,
    /// Length as a share of a full year (1 except possibly the last).
    pub fraction: f64,
    /// Calendar year of the middle of the crediting year; grid factors are looked up by it.
    pub calendar_year: i32,
}

/// Longest crediting period or plant life accepted.
pub const MAX_YEARS: i32 = 100;

impl CreditingPeriod {
    /// The crediting years, in order.
    pub fn years(&self) -> Vec<CreditingYear> {
        let mut out = Vec::new();
        let end_excl = self.end.days() + 1;
        let mut i = 0;
        loop {
            let start = self.start.add_years(i);
            if start.days() >= end_excl {
                break;
            }
            let full_end = self.start.add_years(i + 1).days();
            let stop = full_end.min(end_excl);
            let fraction = (stop - start.days()) as f64 / (full_end - start.days()) as f64;
            let mid = Date::from_days((start.days() + stop) / 2);
            out.push(CreditingYear {
                index: i as u32,
                start,
                end: Date::from_days(stop - 1),
                fraction,
                calendar_year: mid.year,
            });
            i += 1;
        }
        out
    }

    /// Length in years (fractional).
    pub fn length_years(&self) -> f64 {
        self.years().iter().map(|y| y.fraction).sum()
    }
}

/// A grid emission factor as used: its values by year and what it is.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct GridFactorUsed {
    /// A dataset series id, or how the request gave it.
    pub label: String,
    /// What the factor measures, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub kind: Option<FactorKind>,
    /// What is counted (combustion CO2, life-cycle CO2e ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis: Option<String>,
    /// Given values by calendar year.
    #[schema(value_type = Vec<(i32, crate::units::QuantityValue)>)]
    pub points: Vec<(i32, Amount)>,
    /// One-sigma relative uncertainty, where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relative_sd: Option<f64>,
    #[serde(flatten)]
    pub provenance: Provenance,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// One value for all years by construction (a constant or a combined margin).
    #[serde(skip)]
    pub constant: bool,
}

impl GridFactorUsed {
    /// The factor (SI, kg/J) in a calendar year: linear between given years, held constant
    /// before the first and after the last. The second value says whether it was held.
    pub fn at(&self, year: i32) -> (f64, bool) {
        let first = &self.points[0];
        let last = &self.points[self.points.len() - 1];
        if year <= first.0 {
            return (first.1.si, year < first.0);
        }
        if year >= last.0 {
            return (last.1.si, year > last.0);
        }
        let i = self.points.iter().position(|p| p.0 >= year).unwrap_or(0);
        let (a, b) = (&self.points[i - 1], &self.points[i]);
        let t = (year - a.0) as f64 / (b.0 - a.0) as f64;
        (a.1.si + t * (b.1.si - a.1.si), false)
    }
}

/// Options as used.
#[derive(Debug, Clone)]
pub struct ResolvedOptions {
    pub crediting: CreditingPeriod,
    pub crediting_provenance: Provenance,
    pub lifetime: Option<Time>,
    pub gwp: GwpEntry,
    pub grid: Option<GridFactorUsed>,
    pub weather: Option<WeatherInput>,
    pub uncertainty: Option<UncertaintyOptions>,
    pub hourly: bool,
}

/// A request resolved against the catalog.
#[derive(Debug, Clone)]
pub struct Resolved<'c> {
    pub catalog: &'c Catalog,
    pub model: &'c ModelSpec,
    /// The documented project, when the request names one.
    pub seed: Option<&'c Seed>,
    /// The inline project, when the request defines one.
    pub inline: Option<InlineProject>,
    /// Every model parameter, in the model's order.
    pub inputs: Vec<Input>,
    pub options: ResolvedOptions,
    pub warnings: Vec<String>,
}

impl<'c> Resolved<'c> {
    pub(crate) fn input(&self, key: &str) -> &Input {
        self.inputs
            .iter()
            .find(|i| i.key == key)
            .unwrap_or_else(|| panic!("model parameter {key} missing from the catalog"))
    }

    /// True when the parameter has a value (set, defaulted or already derived).
    pub fn has(&self, key: &str) -> bool {
        self.input(key).value.is_some()
    }

    /// True when the request overrode the parameter.
    pub fn is_override(&self, key: &str) -> bool {
        self.input(key).origin == Origin::Override
    }

    /// The value of a quantity parameter as a typed quantity.
    pub fn quantity<M: Measure>(&self, key: &str) -> Result<M, ScenarioError> {
        match &self.input(key).value {
            Some(Value::Quantity(a)) => Ok(M::from_si(a.si)),
            _ => Err(ScenarioError::field(
                ErrorCode::MissingValue,
                &format!("/parameters/{key}"),
                format!("needs a value: {}", self.spec(key).description),
            )),
        }
    }

    /// The value of a choice parameter.
    pub fn choice(&self, key: &str) -> &str {
        match &self.input(key).value {
            Some(Value::Choice(c)) => c,
            _ => panic!("choice parameter {key} has a default in the catalog"),
        }
    }

    /// The value of a date parameter, if set.
    pub fn date(&self, key: &str) -> Option<Date> {
        match &self.input(key).value {
            Some(Value::Date(d)) => Some(*d),
            _ => None,
        }
    }

    fn spec(&self, key: &str) -> &ParameterSpec {
        self.model.parameter(key).expect("parameter exists")
    }

    /// Fills a derived parameter unless it already has a value; records how it was derived.
    /// `uncertainty` is the model's spread for the derived value, used unless the project
    /// gave one that fits it.
    pub fn derive<M: Measure>(
        &mut self,
        key: &str,
        value: M,
        how: String,
        uncertainty: Option<Uncertainty>,
    ) -> M {
        let idx = self
            .inputs
            .iter()
            .position(|i| i.key == key)
            .expect("parameter exists");
        if let Some(Value::Quantity(a)) = &self.inputs[idx].value {
            return M::from_si(a.si);
        }
        let dimension = M::DIMENSION;
        let unit = self
            .spec(key)
            .default
            .as_ref()
            .and_then(|d| match d {
                Value::Quantity(a) => Some(a.shown.unit.clone()),
                _ => None,
            })
            .or_else(|| {
                self.spec(key).min.as_ref().and_then(|m| match m {
                    Value::Quantity(a) => Some(a.shown.unit.clone()),
                    _ => None,
                })
            })
            .unwrap_or_else(|| dimension.display_unit().symbol.to_string());
        let shown_unit =
            crate::units::find_unit(dimension, &unit).unwrap_or(dimension.display_unit());
        let amount = Amount {
            si: value.to_si(),
            dimension,
            shown: crate::units::QuantityValue {
                value: shown_unit.from_si(value.to_si()),
                unit: shown_unit.symbol.to_string(),
            },
        };
        let v = Value::Quantity(amount);
        let input = &mut self.inputs[idx];
        // A project-specific spread for a derived value applies only if it fits the value.
        let project_spread = input.uncertainty.take().filter(|u| fits(u, &v));
        input.uncertainty = project_spread.or(uncertainty);
        input.value = Some(v);
        input.origin = Origin::Derived;
        input.derivation = Some(how);
        value
    }

    /// Sources cited anywhere in this resolution, in first-cited order.
    pub fn cited_sources(&self) -> Vec<String> {
        let mut ids: Vec<String> = Vec::new();
        let mut add = |list: &[String]| {
            for id in list {
                if !ids.contains(id) {
                    ids.push(id.clone());
                }
            }
        };
        add(&self.model.references);
        for i in &self.inputs {
            add(&i.sources);
            if let Some(u) = &i.uncertainty {
                add(&u.provenance.sources);
            }
        }
        add(&self.options.crediting_provenance.sources);
        if let Some(g) = &self.options.grid {
            add(&g.provenance.sources);
        }
        add(&self.options.gwp.provenance.sources);
        if let Some(seed) = self.seed {
            add(&seed.location.provenance.sources);
            if let Some(c) = &seed.climate {
                add(&c.provenance.sources);
            }
        }
        ids
    }
}

/// One drawn value: a quantity's SI magnitude, or a choice or date picked from a discrete
/// distribution.
#[derive(Debug, Clone, Copy)]
pub enum Drawn<'a> {
    Si(f64),
    Value(&'a Value),
}

/// The values of one evaluation: the resolved inputs, with some replaced by a Monte Carlo draw
/// and the grid factor scaled. Model adapters read every value through
/// it, so the deterministic estimate and each draw go through the same code.
#[derive(Clone, Copy)]
pub struct Values<'a> {
    pub resolved: &'a Resolved<'a>,
    overlay: &'a [(&'a str, Drawn<'a>)],
    /// Multiplier on the grid emission factor (1 outside the Monte Carlo).
    pub grid_scale: f64,
}

impl<'a> Values<'a> {
    /// The resolved values themselves.
    pub fn of(resolved: &'a Resolved<'a>) -> Self {
        Values {
            resolved,
            overlay: &[],
            grid_scale: 1.0,
        }
    }

    /// The resolved values with `overlay` (key, SI value) replacing some of them.
    pub fn with(
        resolved: &'a Resolved<'a>,
        overlay: &'a [(&'a str, Drawn<'a>)],
        grid_scale: f64,
    ) -> Self {
        Values {
            resolved,
            overlay,
            grid_scale,
        }
    }

    /// A quantity parameter as a typed quantity.
    pub fn quantity<M: Measure>(&self, key: &str) -> Result<M, ScenarioError> {
        match self.drawn(key) {
            Some(Drawn::Si(si)) => Ok(M::from_si(si)),
            _ => self.resolved.quantity(key),
        }
    }

    /// A choice parameter.
    pub fn choice(&self, key: &str) -> &'a str {
        match self.drawn(key) {
            Some(Drawn::Value(Value::Choice(c))) => c,
            _ => self.resolved.choice(key),
        }
    }

    /// A date parameter, if set.
    pub fn date(&self, key: &str) -> Option<Date> {
        match self.drawn(key) {
            Some(Drawn::Value(Value::Date(d))) => Some(*d),
            _ => self.resolved.date(key),
        }
    }

    /// True when this evaluation draws the parameter.
    pub fn is_drawn(&self, key: &str) -> bool {
        self.drawn(key).is_some()
    }

    fn drawn(&self, key: &str) -> Option<Drawn<'a>> {
        self.overlay
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, d)| *d)
    }

    /// True when the parameter has a value.
    pub fn has(&self, key: &str) -> bool {
        self.drawn(key).is_some() || self.resolved.has(key)
    }

    /// Where the resolved value of a parameter comes from.
    pub fn origin(&self, key: &str) -> Origin {
        self.resolved.input(key).origin
    }
}

/// True when an uncertainty written around some value applies to the value in use: relative
/// spreads always do; absolute ones only if their centre (or support) matches the value.
pub fn fits(u: &Uncertainty, value: &Value) -> bool {
    let close = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1e-300),
        _ => false,
    };
    let x = value.si();
    match &u.spec {
        s if s.is_relative() => true,
        UncertaintySpec::Normal { mean, .. } => close(mean.as_ref().and_then(Value::si), x),
        UncertaintySpec::Lognormal { gm, .. } => close(gm.as_ref().and_then(Value::si), x),
        UncertaintySpec::Triangular { mode, .. } | UncertaintySpec::Pert { mode, .. } => {
            close(mode.si(), x)
        }
        UncertaintySpec::Uniform { min, max } => match (min.si(), max.si(), x) {
            (Some(lo), Some(hi), Some(x)) => lo <= x && x <= hi,
            _ => false,
        },
        UncertaintySpec::Discrete { values, .. } => {
            values.iter().any(|v| v == value || close(v.si(), x))
        }
    }
}

/// Resolves a request: project, parameter values, options.
pub fn resolve<'c>(
    catalog: &'c Catalog,
    req: &ScenarioRequest,
) -> Result<Resolved<'c>, ScenarioError> {
    let (model, seed, inline) = match &req.project {
        ProjectRef::Id(id) => {
            let seed = catalog.seed(id).ok_or_else(|| {
                let known: Vec<&str> = catalog.seeds.iter().map(|s| s.id.as_str()).collect();
                ScenarioError::field(
                    ErrorCode::UnknownProject,
                    "/project",
                    format!("unknown project \"{id}\""),
                )
                .with_expected(format!("one of {}", known.join(", ")), id.clone())
            })?;
            let model = catalog
                .model(&seed.model)
                .expect("catalog validation checks seed models");
            (model, Some(seed), None)
        }
        ProjectRef::Inline(p) => {
            let model = catalog.model(&p.model).ok_or_else(|| {
                let known: Vec<&str> = catalog.models.iter().map(|m| m.id.as_str()).collect();
                ScenarioError::field(
                    ErrorCode::UnknownModel,
                    "/project/model",
                    format!("unknown model \"{}\"", p.model),
                )
                .with_expected(format!("one of {}", known.join(", ")), p.model.clone())
            })?;
            (model, None, Some((**p).clone()))
        }
    };

    let mut errors = Vec::new();
    for key in req.parameters.keys() {
        if model.parameter(key).is_none() {
            let known: Vec<&str> = model.parameters.iter().map(|p| p.key.as_str()).collect();
            errors.push(FieldError {
                pointer: format!("/parameters/{key}"),
                message: format!("\"{key}\" is not a parameter of model \"{}\"", model.id),
                expected: Some(format!("one of {}", known.join(", "))),
                received: Some(key.clone()),
            });
        }
    }
    if !errors.is_empty() {
        return Err(ScenarioError::many(ErrorCode::UnknownParameter, errors));
    }

    let mut warnings: Vec<String> = seed.map(|s| s.caveats.clone()).unwrap_or_default();
    let mut inputs = Vec::new();
    for spec in &model.parameters {
        let seeded = seed.and_then(|s| s.parameter(&spec.key));
        let input = if let Some(raw) = req.parameters.get(&spec.key) {
            match read_override(spec, raw) {
                Ok(value) => {
                    // Keep the project's or model's spread only if it still describes this value.
                    let spread = seeded
                        .and_then(|s| s.uncertainty.clone())
                        .or_else(|| spec.uncertainty.clone());
                    let uncertainty = match spread {
                        Some(u) if fits(&u, &value) => Some(u),
                        Some(_) => {
                            warnings.push(format!(
                                "{}: the documented uncertainty does not apply to the overridden value {value}, so this parameter is fixed in the Monte Carlo",
                                spec.key
                            ));
                            None
                        }
                        None => None,
                    };
                    Input {
                        key: spec.key.clone(),
                        name: spec.name.clone(),
                        value: Some(value),
                        origin: Origin::Override,
                        sources: Vec::new(),
                        assumption: None,
                        derivation: None,
                        uncertainty,
                    }
                }
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            }
        } else if let Some(sp) = seeded.filter(|s| s.value.is_some()) {
            Input {
                key: spec.key.clone(),
                name: spec.name.clone(),
                value: sp.value.clone(),
                origin: Origin::Project,
                sources: sp.provenance.sources.clone(),
                assumption: sp.provenance.assumption.clone(),
                derivation: None,
                uncertainty: sp.uncertainty.clone().or_else(|| {
                    spec.uncertainty
                        .clone()
                        .filter(|u| sp.value.as_ref().is_some_and(|v| fits(u, v)))
                }),
            }
        } else {
            Input {
                key: spec.key.clone(),
                name: spec.name.clone(),
                value: spec.default.clone(),
                origin: Origin::ModelDefault,
                sources: spec.provenance.sources.clone(),
                assumption: spec.provenance.assumption.clone(),
                derivation: spec.derived.clone().filter(|_| spec.default.is_none()),
                // A value-less project entry gives a derived parameter its spread.
                uncertainty: seeded
                    .and_then(|s| s.uncertainty.clone())
                    .or_else(|| spec.uncertainty.clone()),
            }
        };
        inputs.push(input);
    }
    if !errors.is_empty() {
        return Err(ScenarioError::many(ErrorCode::InvalidValue, errors));
    }

    if let Some(u) = &req.options.uncertainty {
        apply_uncertainty_overrides(model, &mut inputs, u)?;
    }
    let options = resolve_options(catalog, seed, inline.as_ref(), req, &mut warnings)?;
    Ok(Resolved {
        catalog,
        model,
        seed,
        inline,
        inputs,
        options,
        warnings,
    })
}

/// Replaces documented distributions by the request's (`null` holds a parameter fixed).
fn apply_uncertainty_overrides(
    model: &ModelSpec,
    inputs: &mut [Input],
    options: &UncertaintyOptions,
) -> Result<(), ScenarioError> {
    let mut errors = Vec::new();
    for (key, given) in &options.parameters {
        let pointer = format!("/options/uncertainty/parameters/{key}");
        let (Some(spec), Some(input)) = (
            model.parameter(key),
            inputs.iter_mut().find(|i| &i.key == key),
        ) else {
            errors.push(FieldError {
                pointer,
                message: format!("\"{key}\" is not a parameter of model \"{}\"", model.id),
                expected: Some("a parameter key (see GET /v1/models/{id})".into()),
                received: Some(key.clone()),
            });
            continue;
        };
        let Some(given) = given else {
            input.uncertainty = None;
            continue;
        };
        let form = serde_json::to_value(given)
            .ok()
            .and_then(|j| serde_json::from_value::<toml::Value>(j).ok());
        let Some(form) = form else {
            errors.push(FieldError {
                pointer,
                message: "cannot be read as a distribution".into(),
                expected: None,
                received: None,
            });
            continue;
        };
        match spec.read_uncertainty(input.value.as_ref(), form, "given in the request") {
            Ok(u) => input.uncertainty = Some(u),
            Err(problems) => {
                errors.extend(problems.into_iter().map(|(field, message)| FieldError {
                    pointer: if field.is_empty() {
                        pointer.clone()
                    } else {
                        format!("{pointer}/{}", field.replace('.', "/"))
                    },
                    message,
                    expected: Some(format!("a distribution of {}", spec.kind.describe())),
                    received: None,
                }))
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ScenarioError::many(ErrorCode::InvalidOption, errors))
    }
}

fn read_override(spec: &ParameterSpec, raw: &QuantityInput) -> Result<Value, FieldError> {
    let pointer = format!("/parameters/{}", spec.key);
    let expected = match (&spec.kind, &spec.min, &spec.max) {
        (ParamKind::Quantity { .. }, Some(lo), Some(hi)) => {
            format!("{} between {lo} and {hi}", spec.kind.describe())
        }
        _ => spec.kind.describe(),
    };
    let fail = |message: String| FieldError {
        pointer: pointer.clone(),
        message,
        expected: Some(expected.clone()),
        received: Some(raw.as_written()),
    };
    let value = spec.kind.read_input(raw).map_err(fail)?;
    spec.check_range(&value).map_err(fail)?;
    Ok(value)
}

fn seed_default<'s>(
    seed: Option<&'s Seed>,
    key: &str,
) -> Option<&'s crate::catalog::ScenarioDefault> {
    seed.and_then(|s| s.scenario.iter().find(|d| d.key == key))
}

fn resolve_options(
    catalog: &Catalog,
    seed: Option<&Seed>,
    _inline: Option<&InlineProject>,
    req: &ScenarioRequest,
    warnings: &mut Vec<String>,
) -> Result<ResolvedOptions, ScenarioError> {
    let o = &req.options;
    let mut provenance = Provenance::default();
    let mut date_option = |key: &str, given: &Option<String>| -> Result<Date, ScenarioError> {
        let pointer = format!("/options/{key}");
        let (text, from_seed) = match (given, seed_default(seed, key)) {
            (Some(t), _) => (t.clone(), None),
            (None, Some(d)) => (d.value.clone(), Some(d)),
            (None, None) => {
                return Err(ScenarioError::field(
                    ErrorCode::MissingValue,
                    &pointer,
                    "the project has no default: give a date",
                )
                .with_expected("a date such as \"2025-01-01\"", "nothing"));
            }
        };
        if let Some(d) = from_seed {
            for s in &d.provenance.sources {
                if !provenance.sources.contains(s) {
                    provenance.sources.push(s.clone());
                }
            }
        }
        Date::parse(&text).map_err(|e| {
            ScenarioError::field(ErrorCode::InvalidOption, &pointer, e.clone())
                .with_expected("a date such as \"2025-01-01\"", text.clone())
        })
    };
    let start = date_option("crediting_start", &o.crediting_start)?;
    let end = date_option("crediting_end", &o.crediting_end)?;
    if end < start {
        return Err(ScenarioError::field(
            ErrorCode::InvalidOption,
            "/options/crediting_end",
            format!("the crediting period ends ({end}) before it starts ({start})"),
        ));
    }
    if end.year - start.year >= MAX_YEARS {
        return Err(ScenarioError::field(
            ErrorCode::LimitExceeded,
            "/options/crediting_end",
            format!("the crediting period is limited to {MAX_YEARS} years"),
        ));
    }
    let crediting = CreditingPeriod { start, end };

    let lifetime = match (&o.lifetime, seed_default(seed, "lifetime")) {
        (Some(input), _) => Some(read_lifetime(input, "/options/lifetime")?),
        (None, Some(d)) => Some(read_lifetime(
            &QuantityInput::Text(d.value.clone()),
            "/options/lifetime",
        )?),
        (None, None) => None,
    };

    let gwp_id = match (o.gwp, seed_default(seed, "gwp")) {
        (Some(id), _) => id,
        (None, Some(d)) => crate::units::ghg::GwpSetId::parse(&d.value).ok_or_else(|| {
            ScenarioError::field(
                ErrorCode::InvalidOption,
                "/options/gwp",
                format!("the project's default GWP set \"{}\" is unknown", d.value),
            )
        })?,
        (None, None) => crate::units::ghg::GwpSetId::Ar5,
    };
    let gwp = catalog
        .gwp_sets
        .iter()
        .find(|g| g.id == gwp_id)
        .cloned()
        .expect("catalog defines every GWP set");

    let grid = match (&o.grid_factor, seed_default(seed, "grid_factor")) {
        (Some(g), _) => Some(grid_from_request(catalog, g)?),
        (None, Some(d)) => {
            let mut g = grid_from_series(catalog, &d.value, "/options/grid_factor")?;
            if let Some(a) = &d.provenance.assumption {
                g.note = Some(match g.note {
                    Some(n) => format!("{a} {n}"),
                    None => a.clone(),
                });
            }
            Some(g)
        }
        (None, None) => None,
    };
    if let Some(g) = grid.as_ref().filter(|g| !g.constant) {
        let years = crediting.years();
        let held: Vec<i32> = years
            .iter()
            .map(|y| y.calendar_year)
            .filter(|y| g.at(*y).1)
            .collect();
        if let (Some(first), Some(last)) = (held.first(), held.last()) {
            warnings.push(format!(
                "grid factor \"{}\": no value for {first}-{last}; the nearest year's value is held constant",
                g.label
            ));
        }
    }

    Ok(ResolvedOptions {
        crediting,
        crediting_provenance: provenance,
        lifetime,
        gwp,
        grid,
        weather: o.weather.clone(),
        uncertainty: o.uncertainty.clone(),
        hourly: o.hourly,
    })
}

fn read_lifetime(input: &QuantityInput, pointer: &str) -> Result<Time, ScenarioError> {
    let a = Amount::read(input, Dimension::Time).map_err(|e| {
        ScenarioError::field(ErrorCode::InvalidOption, pointer, e)
            .with_expected("a time such as \"25 yr\"", input.as_written())
    })?;
    let years = a.si / 3.1536e7;
    if !(1.0..=MAX_YEARS as f64).contains(&years) {
        return Err(ScenarioError::field(
            ErrorCode::InvalidOption,
            pointer,
            format!("the plant life must be between 1 and {MAX_YEARS} years"),
        )
        .with_expected("between \"1 yr\" and \"100 yr\"", input.as_written()));
    }
    Ok(Time::from_si(a.si))
}

/// A dataset series as used.
pub fn grid_from_series(
    catalog: &Catalog,
    series: &str,
    pointer: &str,
) -> Result<GridFactorUsed, ScenarioError> {
    let rows = catalog.grid_series(series);
    let Some(first) = rows.first() else {
        let mut known: Vec<&str> = catalog
            .grid_factors
            .iter()
            .map(|f| f.series.as_str())
            .collect();
        known.dedup();
        return Err(ScenarioError::field(
            ErrorCode::InvalidOption,
            pointer,
            format!("unknown grid factor series \"{series}\""),
        )
        .with_expected(format!("one of {}", known.join(", ")), series.to_string()));
    };
    let mut provenance = Provenance::default();
    for r in &rows {
        for s in &r.provenance.sources {
            if !provenance.sources.contains(s) {
                provenance.sources.push(s.clone());
            }
        }
    }
    Ok(GridFactorUsed {
        label: series.to_string(),
        kind: Some(first.kind),
        basis: Some(first.basis.clone()),
        points: rows.iter().map(|r| (r.year, r.value.clone())).collect(),
        relative_sd: first.relative_sd.as_ref().map(|a| a.si),
        provenance,
        note: first.note.clone(),
        constant: false,
    })
}

fn grid_from_request(
    catalog: &Catalog,
    g: &GridFactorInput,
) -> Result<GridFactorUsed, ScenarioError> {
    let intensity = |input: &QuantityInput, pointer: &str| {
        Amount::read(input, Dimension::EmissionIntensity)
            .and_then(|a| {
                if a.si < 0.0 {
                    Err("an emission factor cannot be negative".to_string())
                } else if a.si > 5.0 / 3.6e6 {
                    Err("above 5 tCO2e/MWh: no grid is that carbon-intensive".to_string())
                } else {
                    Ok(a)
                }
            })
            .map_err(|e| {
                ScenarioError::field(ErrorCode::InvalidOption, pointer, e).with_expected(
                    format!(
                        "{} such as {}",
                        Dimension::EmissionIntensity.phrase(),
                        Dimension::EmissionIntensity.examples()
                    ),
                    input.as_written(),
                )
            })
    };
    let user = |label: &str, kind: Option<FactorKind>, points: Vec<(i32, Amount)>| GridFactorUsed {
        label: label.to_string(),
        kind,
        basis: None,
        points,
        relative_sd: None,
        provenance: Provenance {
            sources: Vec::new(),
            assumption: Some("given in the request".into()),
        },
        note: None,
        constant: true,
    };
    match g {
        GridFactorInput::Series(s) => grid_from_series(catalog, s, "/options/grid_factor/series"),
        GridFactorInput::Constant(v) => {
            let a = intensity(v, "/options/grid_factor/constant")?;
            Ok(user("constant", None, vec![(2000, a)]))
        }
        GridFactorInput::Trajectory(points) => {
            if points.is_empty() || points.len() > 200 {
                return Err(ScenarioError::field(
                    ErrorCode::InvalidOption,
                    "/options/grid_factor/trajectory",
                    "a trajectory needs 1 to 200 points",
                ));
            }
            let mut out = Vec::new();
            for (i, p) in points.iter().enumerate() {
                let a = intensity(
                    &p.value,
                    &format!("/options/grid_factor/trajectory/{i}/value"),
                )?;
                if !(1900..=2200).contains(&p.year) || out.iter().any(|(y, _)| *y == p.year) {
                    return Err(ScenarioError::field(
                        ErrorCode::InvalidOption,
                        &format!("/options/grid_factor/trajectory/{i}/year"),
                        "years must be distinct and between 1900 and 2200",
                    ));
                }
                out.push((p.year, a));
            }
            out.sort_by_key(|(y, _)| *y);
            let mut used = user("trajectory", None, out);
            used.constant = false;
            Ok(used)
        }
        GridFactorInput::CombinedMargin(cm) => {
            let om = intensity(
                &cm.operating_margin,
                "/options/grid_factor/combined_margin/operating_margin",
            )?;
            let bm = intensity(
                &cm.build_margin,
                "/options/grid_factor/combined_margin/build_margin",
            )?;
            let w = match &cm.om_weight {
                Some(w) => {
                    Amount::read(w, Dimension::Ratio)
                        .ok()
                        .filter(|a| (0.0..=1.0).contains(&a.si))
                        .ok_or_else(|| {
                            ScenarioError::field(
                                ErrorCode::InvalidOption,
                                "/options/grid_factor/combined_margin/om_weight",
                                "the operating-margin weight must be between 0 % and 100 %",
                            )
                            .with_expected("a ratio such as \"75 %\"", w.as_written())
                        })?
                        .si
                }
                None => 0.75,
            };
            let cm_si = crate::models::grid::combined_margin(om.si, bm.si, w);
            let mut used = user(
                "combined_margin",
                Some(FactorKind::CombinedMargin),
                vec![(2000, om.with_si(cm_si))],
            );
            used.note = Some(format!(
                "TOOL07 combined margin: {:.0} % x OM {} + {:.0} % x BM {}",
                w * 100.0,
                om.shown,
                (1.0 - w) * 100.0,
                bm.shown
            ));
            used.provenance.sources.push("susana-cdm".into());
            Ok(used)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crediting_years_split_at_anniversaries() {
        // 2024-03-01 .. 2030-12-31: six full years to 2030-02-28, then 2030-03-01..2030-12-31
        // = 306 of 365 days.
        let p = CreditingPeriod {
            start: Date::parse("2024-03-01").unwrap(),
            end: Date::parse("2030-12-31").unwrap(),
        };
        let years = p.years();
        assert_eq!(years.len(), 7);
        assert_eq!(years[0].end.to_string(), "2025-02-28");
        assert_eq!(years[0].fraction, 1.0);
        assert!((years[6].fraction - 306.0 / 365.0).abs() < 1e-12);
        assert_eq!(years[6].calendar_year, 2030);
        assert!((p.length_years() - (6.0 + 306.0 / 365.0)).abs() < 1e-12);
    }

    #[test]
    fn grid_factor_interpolates_and_holds() {
        let a = |v: f64| {
            Amount::read(
                &QuantityInput::Text(format!("{v} tCO2e/MWh")),
                Dimension::EmissionIntensity,
            )
            .unwrap()
        };
        let g = GridFactorUsed {
            label: "t".into(),
            kind: None,
            basis: None,
            points: vec![(2020, a(0.4)), (2030, a(0.2))],
            relative_sd: None,
            provenance: Provenance::default(),
            note: None,
            constant: false,
        };
        let t = |v: f64| v / 3.6e6;
        // Half way between 0.4 and 0.2 in 2025 is 0.3 t/MWh.
        assert!((g.at(2025).0 - t(0.3)).abs() < 1e-15);
        let near = |(v, held): (f64, bool), want: f64, want_held: bool| {
            assert!((v - want).abs() < 1e-18 && held == want_held, "{v} {held}");
        };
        near(g.at(2035), t(0.2), true);
        near(g.at(2019), t(0.4), true);
        near(g.at(2020), t(0.4), false);
    }
}
