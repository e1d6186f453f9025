//! Resolving a request against the catalog and the model registry: which value each
//! parameter takes and where it comes from, which options apply, and the typed context the
//! model runs in. Model-independent.

use serde::Serialize;
use utoipa::ToSchema;

use super::request::{
    GridFactorInput, InlineProject, ProjectRef, ScenarioRequest, UncertaintyOptions,
};
use crate::catalog::{
    Amount, Catalog, Date, FactorKind, GwpEntry, ModelSpec, ParamKind, ParameterSpec, Provenance,
    Seed, Uncertainty, UncertaintySpec, Value,
};
use crate::error::{ErrorCode, Field, FieldError, ScenarioError};
use crate::models::crediting::{
    CreditingPeriod, GridFactor, GridPoint, MAX_YEARS, combined_margin,
};
use crate::models::plugin::{
    Context, Derivation, Derive, Detail, DynModel, Kind, Slot, WeatherText,
};
use crate::models::registry;
use crate::units::ghg::{Co2e, EmissionIntensity, GwpSet};
use crate::units::{
    Angle, Dimension, Insolation, Length, Measure, QuantityInput, Ratio, Speed, Temperature, Time,
};
use crate::weather::WeatherLocation;
use crate::weather::climatology::MonthlyClimate;

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

/// Options as used.
#[derive(Debug, Clone)]
pub struct ResolvedOptions<'r> {
    pub crediting: CreditingPeriod,
    pub crediting_provenance: Provenance,
    /// The plant life from the crediting start, for the lifetime view.
    pub lifetime: Option<CreditingPeriod>,
    pub gwp: GwpEntry,
    pub gwp_set: GwpSet,
    pub grid: Option<GridFactor>,
    /// The request's weather text, borrowed (a year of EPW is about 1.8 MB).
    pub weather: Option<WeatherText<'r>>,
    pub location: Option<WeatherLocation>,
    pub climate: Option<[MonthlyClimate; 12]>,
    pub uncertainty: Option<UncertaintyOptions>,
    pub hourly: bool,
}

/// A request resolved against the catalog. It borrows from both for `'c` (the request's
/// weather text is not copied).
#[derive(Clone)]
pub struct Resolved<'c> {
    pub catalog: &'c Catalog,
    /// The model's catalog entry.
    pub spec: &'c ModelSpec,
    /// The model's implementation.
    pub model: &'static dyn DynModel,
    /// The documented project, when the request names one.
    pub seed: Option<&'c Seed>,
    /// The inline project, when the request defines one.
    pub inline: Option<InlineProject>,
    /// Every model parameter, in the catalog's order.
    pub inputs: Vec<Input>,
    /// The values in the model's declaration order.
    pub slots: Vec<Slot>,
    /// For each declared parameter, its position in `inputs`.
    pub input_of: Vec<usize>,
    /// For each declared parameter, whether the model derives it.
    pub derivable: Vec<bool>,
    pub options: ResolvedOptions<'c>,
    pub warnings: Vec<String>,
    /// Key under which a model may memoise what depends only on the dataset and project.
    pub memo_key: Option<String>,
    /// A name for the project in notes.
    pub project_label: String,
}

impl<'c> Resolved<'c> {
    /// The context a model runs in.
    pub fn context(&self, detail: Detail, grid_scale: Ratio) -> Context<'_> {
        Context {
            crediting: &self.options.crediting,
            lifetime: self.options.lifetime.as_ref(),
            grid: self.options.grid.as_ref(),
            grid_scale,
            gwp: &self.options.gwp_set,
            location: self.options.location.as_ref(),
            climate: self.options.climate.as_ref(),
            weather: self.options.weather.as_ref(),
            project: &self.project_label,
            memo_key: self.memo_key.as_deref(),
            detail,
        }
    }

    /// The input of a declared parameter.
    pub fn input_of_decl(&self, decl: usize) -> &Input {
        &self.inputs[self.input_of[decl]]
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
        add(&self.spec.references);
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

/// A resolved value as the slot of a declared parameter.
pub fn slot_of(kind: Kind, value: Option<&Value>) -> Slot {
    match (kind, value) {
        (Kind::Quantity(_), Some(Value::Quantity(a))) => Slot::Quantity(a.si),
        (Kind::Choice(choices), Some(Value::Choice(c))) => choices
            .iter()
            .position(|x| x == c)
            .map_or(Slot::Empty, Slot::Choice),
        (Kind::Date, Some(Value::Date(d))) => Slot::Date(*d),
        (Kind::Year, Some(Value::Year(y))) => Slot::Year(*y),
        _ => Slot::Empty,
    }
}

/// Checks a loaded catalog against the registry: every catalog model has an implementation,
/// defines exactly the parameters it declares with the same kinds, only choices it knows,
/// and a default for every value the model does not derive; seeds' scenario defaults are
/// readable. An edited data directory that fails this is refused at load time.
pub fn check_catalog(catalog: &Catalog) -> Vec<crate::catalog::Problem> {
    let mut out = Vec::new();
    let mut broken: Vec<&str> = Vec::new();
    for m in &catalog.models {
        let before = out.len();
        check_model(m, &mut out);
        if out.len() > before {
            broken.push(&m.id);
        }
    }
    // Seeds' scenario defaults are options: read them as a request would (for seeds whose
    // model passed, since resolving needs a model that matches its implementation).
    for seed in catalog
        .seeds
        .iter()
        .filter(|s| !broken.contains(&s.model.as_str()))
    {
        let req = ScenarioRequest {
            project: ProjectRef::Id(seed.id.clone()),
            parameters: Default::default(),
            options: Default::default(),
        };
        if let Err(e) = resolve(catalog, &req) {
            for f in &e.errors {
                let below = f.field.segments().get(1..).unwrap_or(&[]).join(".");
                out.push(crate::catalog::Problem {
                    file: format!("seeds/{}.toml", seed.id),
                    key: format!("scenario.{below}"),
                    message: f.message.clone(),
                });
            }
        }
    }
    out
}

/// Checks one catalog model against its implementation.
fn check_model(m: &ModelSpec, out: &mut Vec<crate::catalog::Problem>) {
    use crate::catalog::Problem;
    {
        let file = format!("models/{}.toml", m.id);
        let problem = |key: String, message: String| Problem {
            file: file.clone(),
            key,
            message,
        };
        let Some(model) = registry::model(&m.id) else {
            out.push(problem(
                "id".into(),
                format!(
                    "no model \"{}\" is registered; tanso implements {}",
                    m.id,
                    registry::ids().join(", ")
                ),
            ));
            return;
        };
        for decl in model.parameters() {
            let key = format!("parameters.{}", decl.key);
            let Some(p) = m.parameter(decl.key) else {
                out.push(problem(
                    key,
                    format!(
                        "is missing: the {} model reads it ({})",
                        m.id,
                        decl.kind.id()
                    ),
                ));
                continue;
            };
            let same = match (&p.kind, decl.kind) {
                (ParamKind::Quantity { dimension }, Kind::Quantity(d)) => *dimension == d,
                (ParamKind::Choice { choices }, Kind::Choice(known)) => {
                    for c in choices.iter().filter(|c| !known.contains(&c.as_str())) {
                        out.push(problem(
                            key.clone(),
                            format!(
                                "choice \"{c}\" is not understood by the model; it knows {}",
                                known.join(", ")
                            ),
                        ));
                    }
                    true
                }
                (ParamKind::Date, Kind::Date) | (ParamKind::Year, Kind::Year) => true,
                _ => false,
            };
            if !same {
                out.push(problem(
                    key.clone(),
                    format!(
                        "is declared as {} but the {} model reads it as {}",
                        p.kind.id(),
                        m.id,
                        decl.kind.id()
                    ),
                ));
            }
            if p.default.is_none() && p.derived.is_none() && !decl.optional {
                out.push(problem(
                    key,
                    "needs a default, or `derived` when the model computes it".into(),
                ));
            }
        }
        for p in &m.parameters {
            if !model.parameters().iter().any(|d| d.key == p.key) {
                out.push(problem(
                    format!("parameters.{}", p.key),
                    format!("is not read by the {} model", m.id),
                ));
            }
        }
    }
}

/// Resolves a request: project, parameter values, options, derived values. The result
/// borrows from the catalog and the request.
pub fn resolve<'c>(
    catalog: &'c Catalog,
    req: &'c ScenarioRequest,
) -> Result<Resolved<'c>, ScenarioError> {
    resolve_with_weather(catalog, req, None)
}

/// [`resolve`], with hourly weather given beside the request; when given, it is used instead
/// of the request's `options.weather`.
pub fn resolve_with_weather<'c>(
    catalog: &'c Catalog,
    req: &'c ScenarioRequest,
    weather: Option<WeatherText<'c>>,
) -> Result<Resolved<'c>, ScenarioError> {
    let (spec, seed, inline) = match &req.project {
        ProjectRef::Id(id) => {
            let seed = catalog.seed(id).ok_or_else(|| {
                let known: Vec<&str> = catalog.seeds.iter().map(|s| s.id.as_str()).collect();
                ScenarioError::project(
                    ErrorCode::UnknownProject,
                    "",
                    format!("unknown project \"{id}\""),
                )
                .with_expected(format!("one of {}", known.join(", ")), id.clone())
            })?;
            let spec = catalog
                .model(&seed.model)
                .expect("catalog validation checks seed models");
            (spec, Some(seed), None)
        }
        ProjectRef::Inline(p) => {
            let spec = catalog.model(&p.model).ok_or_else(|| {
                let known: Vec<&str> = catalog.models.iter().map(|m| m.id.as_str()).collect();
                ScenarioError::project(
                    ErrorCode::UnknownModel,
                    "model",
                    format!("unknown model \"{}\"", p.model),
                )
                .with_expected(format!("one of {}", known.join(", ")), p.model.clone())
            })?;
            (spec, None, Some((**p).clone()))
        }
    };
    let model = registry::model(&spec.id).ok_or_else(|| {
        ScenarioError::project(
            ErrorCode::UnknownModel,
            "",
            format!("model \"{}\" is not implemented", spec.id),
        )
        .with_expected(
            format!("a model of {}", registry::ids().join(", ")),
            spec.id.clone(),
        )
    })?;

    let mut errors = Vec::new();
    for key in req.parameters.keys() {
        if spec.parameter(key).is_none() {
            let known: Vec<&str> = spec.parameters.iter().map(|p| p.key.as_str()).collect();
            errors.push(FieldError {
                field: Field::parameter(key),
                message: format!("\"{key}\" is not a parameter of model \"{}\"", spec.id),
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
    for p in &spec.parameters {
        let seeded = seed.and_then(|s| s.parameter(&p.key));
        let input = if let Some(raw) = req.parameters.get(&p.key) {
            match read_override(p, raw) {
                // A value the request fixes is not sampled by the Monte Carlo, unless the
                // request also gives it a distribution (options.uncertainty.parameters).
                Ok(value) => Input {
                    key: p.key.clone(),
                    name: p.name.clone(),
                    value: Some(value),
                    origin: Origin::Override,
                    sources: Vec::new(),
                    assumption: None,
                    derivation: None,
                    uncertainty: None,
                },
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            }
        } else if let Some(sp) = seeded.filter(|s| s.value.is_some()) {
            Input {
                key: p.key.clone(),
                name: p.name.clone(),
                value: sp.value.clone(),
                origin: Origin::Project,
                sources: sp.provenance.sources.clone(),
                assumption: sp.provenance.assumption.clone(),
                derivation: None,
                uncertainty: sp.uncertainty.clone().or_else(|| {
                    p.uncertainty
                        .clone()
                        .filter(|u| sp.value.as_ref().is_some_and(|v| fits(u, v)))
                }),
            }
        } else {
            let derived = p.default.is_none() && p.derived.is_some();
            Input {
                key: p.key.clone(),
                name: p.name.clone(),
                value: p.default.clone(),
                origin: if derived {
                    Origin::Derived
                } else {
                    Origin::ModelDefault
                },
                sources: p.provenance.sources.clone(),
                assumption: p.provenance.assumption.clone(),
                derivation: p.derived.clone().filter(|_| derived),
                // A value-less project entry gives a derived parameter its spread.
                uncertainty: seeded
                    .and_then(|s| s.uncertainty.clone())
                    .or_else(|| p.uncertainty.clone()),
            }
        };
        inputs.push(input);
    }
    if !errors.is_empty() {
        return Err(ScenarioError::many(ErrorCode::InvalidValue, errors));
    }
    if let Some(u) = &req.options.uncertainty {
        apply_uncertainty_overrides(spec, &mut inputs, u)?;
    }

    let decls = model.parameters();
    let input_of: Vec<usize> = decls
        .iter()
        .map(|d| {
            inputs
                .iter()
                .position(|i| i.key == d.key)
                .expect("the catalog was checked against the model")
        })
        .collect();
    let mut slots: Vec<Slot> = decls
        .iter()
        .zip(&input_of)
        .map(|(d, &i)| slot_of(d.kind, inputs[i].value.as_ref()))
        .collect();
    let derivable: Vec<bool> = input_of
        .iter()
        .map(|&i| inputs[i].origin == Origin::Derived)
        .collect();

    let options = resolve_options(
        catalog,
        seed,
        inline.as_ref(),
        req,
        weather,
        model,
        &mut warnings,
    )?;
    let mut resolved = Resolved {
        catalog,
        spec,
        model,
        seed,
        inline,
        inputs,
        slots: Vec::new(),
        input_of,
        derivable,
        options,
        warnings,
        memo_key: None,
        project_label: seed.map_or("the request's".to_string(), |s| s.id.clone()),
    };
    if let Some(s) = seed
        && resolved.options.weather.is_none()
    {
        resolved.memo_key = Some(format!("{}/{}", catalog.version, s.id));
    }

    // Derived values, recorded with how they were obtained.
    let mut records: Vec<Derivation> = Vec::new();
    {
        let ctx = resolved.context(
            Detail::Full { hourly: false },
            Ratio::new::<uom::si::ratio::ratio>(1.0),
        );
        let mut d = Derive::new(&mut slots, &resolved.derivable, Some(&mut records));
        model.derive(&mut d, &ctx)?;
    }
    for rec in records {
        let i = resolved.input_of[rec.index];
        let p = &spec.parameters[spec
            .parameters
            .iter()
            .position(|p| p.key == resolved.inputs[i].key)
            .expect("exists")];
        let value = value_of(&slots[rec.index], decls[rec.index].kind, p);
        let input = &mut resolved.inputs[i];
        // A project-specific spread for a derived value applies only if it fits the value.
        let project_spread = input
            .uncertainty
            .take()
            .filter(|u| value.as_ref().is_some_and(|v| fits(u, v)));
        input.uncertainty = project_spread.or(rec.uncertainty);
        input.value = value;
        input.derivation = Some(rec.how);
    }
    // `null` in options.uncertainty.parameters holds a parameter, derived ones included.
    if let Some(u) = &req.options.uncertainty {
        for (key, given) in &u.parameters {
            if given.is_none()
                && let Some(input) = resolved.inputs.iter_mut().find(|i| &i.key == key)
            {
                input.uncertainty = None;
            }
        }
    }
    resolved.slots = slots;
    Ok(resolved)
}

/// A slot as a catalog value, shown in the unit the parameter's default or range is written
/// in (or its dimension's display unit).
fn value_of(slot: &Slot, kind: Kind, p: &ParameterSpec) -> Option<Value> {
    match (slot, kind) {
        (Slot::Quantity(si), Kind::Quantity(d)) => {
            let unit = [&p.default, &p.min, &p.max]
                .into_iter()
                .flatten()
                .find_map(|v| match v {
                    Value::Quantity(a) => Some(a.shown.unit.clone()),
                    _ => None,
                })
                .unwrap_or_else(|| d.display_unit().symbol.to_string());
            let shown = crate::units::find_unit(d, &unit).unwrap_or(d.display_unit());
            Some(Value::Quantity(Amount {
                si: *si,
                dimension: d,
                shown: crate::units::QuantityValue {
                    value: shown.from_si(*si),
                    unit: shown.symbol.to_string(),
                },
            }))
        }
        (Slot::Choice(i), Kind::Choice(c)) => c.get(*i).map(|s| Value::Choice(s.to_string())),
        (Slot::Date(d), _) => Some(Value::Date(*d)),
        (Slot::Year(y), _) => Some(Value::Year(*y)),
        _ => None,
    }
}

/// Replaces documented distributions by the request's (`null` holds a parameter fixed).
fn apply_uncertainty_overrides(
    model: &ModelSpec,
    inputs: &mut [Input],
    options: &UncertaintyOptions,
) -> Result<(), ScenarioError> {
    let mut errors = Vec::new();
    for (key, given) in &options.parameters {
        let field = Field::option(&format!("uncertainty.parameters.{key}"));
        let (Some(spec), Some(input)) = (
            model.parameter(key),
            inputs.iter_mut().find(|i| &i.key == key),
        ) else {
            errors.push(FieldError {
                field,
                message: format!("\"{key}\" is not a parameter of model \"{}\"", model.id),
                expected: Some("a parameter key of the model".into()),
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
                field,
                message: "cannot be read as a distribution".into(),
                expected: Some("a distribution in the form of models/*.toml".into()),
                received: Some("a value that is not one".into()),
            });
            continue;
        };
        match spec.read_uncertainty(input.value.as_ref(), form, "given in the request") {
            Ok(u) => input.uncertainty = Some(u),
            Err(problems) => errors.extend(problems.into_iter().map(|(sub, message)| {
                let path = if sub.is_empty() {
                    format!("uncertainty.parameters.{key}")
                } else {
                    format!("uncertainty.parameters.{key}.{sub}")
                };
                let received = serde_json::to_string(given)
                    .map(|t| crate::units::clip(&t, crate::units::MAX_ECHO_CHARS))
                    .unwrap_or_default();
                FieldError {
                    field: Field::option(&path),
                    message,
                    expected: Some(format!("a distribution of {}", spec.kind.describe())),
                    received: Some(received),
                }
            })),
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ScenarioError::many(ErrorCode::InvalidOption, errors))
    }
}

fn read_override(spec: &ParameterSpec, raw: &QuantityInput) -> Result<Value, FieldError> {
    let expected = match (&spec.kind, &spec.min, &spec.max) {
        (ParamKind::Quantity { .. }, Some(lo), Some(hi)) => {
            format!("{} between {lo} and {hi}", spec.kind.describe())
        }
        _ => spec.kind.describe(),
    };
    let fail = |message: String| FieldError {
        field: Field::parameter(&spec.key),
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

/// Reads a quantity from a request, typed, with an error naming the field.
fn read_typed<M: Measure>(
    input: &QuantityInput,
    field: Field,
    code: ErrorCode,
) -> Result<M, ScenarioError> {
    let d = M::DIMENSION;
    Amount::read(input, d)
        .map(|a| M::from_si(a.si))
        .map_err(|e| {
            ScenarioError::at(code, field, e).with_expected(
                format!("{} such as {}", d.phrase(), d.examples()),
                input.as_written(),
            )
        })
}

fn resolve_options<'r>(
    catalog: &Catalog,
    seed: Option<&Seed>,
    inline: Option<&InlineProject>,
    req: &'r ScenarioRequest,
    weather: Option<WeatherText<'r>>,
    model: &dyn DynModel,
    warnings: &mut Vec<String>,
) -> Result<ResolvedOptions<'r>, ScenarioError> {
    let o = &req.options;
    let mut provenance = Provenance::default();
    let mut date_option = |key: &str, given: &Option<String>| -> Result<Date, ScenarioError> {
        let (text, from_seed) = match (given, seed_default(seed, key)) {
            (Some(t), _) => (t.clone(), None),
            (None, Some(d)) => (d.value.clone(), Some(d)),
            (None, None) => {
                return Err(ScenarioError::option(
                    ErrorCode::MissingValue,
                    key,
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
            ScenarioError::option(ErrorCode::InvalidOption, key, e.clone())
                .with_expected("a date such as \"2025-01-01\"", text.clone())
        })
    };
    let start = date_option("crediting_start", &o.crediting_start)?;
    let end = date_option("crediting_end", &o.crediting_end)?;
    if end < start {
        return Err(ScenarioError::option(
            ErrorCode::InvalidOption,
            "crediting_end",
            format!("the crediting period ends ({end}) before it starts ({start})"),
        )
        .with_expected(format!("a date on or after {start}"), end.to_string()));
    }
    if end.year - start.year >= MAX_YEARS {
        return Err(ScenarioError::option(
            ErrorCode::LimitExceeded,
            "crediting_end",
            format!("the crediting period is limited to {MAX_YEARS} years"),
        )
        .with_expected(
            format!("a date before {}", start.add_years(MAX_YEARS)),
            end.to_string(),
        ));
    }
    let crediting = CreditingPeriod { start, end };

    let lifetime = match (&o.lifetime, seed_default(seed, "lifetime")) {
        (Some(input), _) => Some(read_lifetime(input)?),
        (None, Some(d)) => Some(read_lifetime(&QuantityInput::Text(d.value.clone()))?),
        (None, None) => None,
    }
    .map(|t| {
        let years = t.get::<uom::si::time::year>().round().max(1.0) as i32;
        CreditingPeriod::whole_years(start, years)
    });

    let gwp_id = match (o.gwp, seed_default(seed, "gwp")) {
        (Some(id), _) => id,
        (None, Some(d)) => crate::units::ghg::GwpSetId::parse(&d.value).ok_or_else(|| {
            ScenarioError::option(
                ErrorCode::InvalidOption,
                "gwp",
                format!("the project's default GWP set \"{}\" is unknown", d.value),
            )
            .with_expected(
                "one of ar2, ar4, ar5, ar6, cdm_lowest",
                crate::units::clip(&d.value, crate::units::MAX_ECHO_CHARS),
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
            let mut g = grid_from_series(catalog, &d.value, "grid_factor")?;
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
    if let Some(g) = grid.as_ref().filter(|_| model.needs().grid_factor) {
        for (what, period) in [
            ("crediting period", Some(&crediting)),
            ("plant life", lifetime.as_ref()),
        ] {
            let Some(period) = period else { continue };
            let held = g.held_years(&period.years());
            if let (Some(first), Some(last)) = (held.first(), held.last()) {
                warnings.push(format!(
                    "grid factor \"{}\" over the {what}: no value for {first}–{last}; the nearest year's value is held constant, which likely overstates avoided emissions on a decarbonising grid",
                    g.label
                ));
            }
        }
    }

    let weather = weather.or_else(|| {
        o.weather.as_ref().map(|w| WeatherText {
            format: w.format.into(),
            data: &w.data,
            parsed: None,
        })
    });
    let location = match (seed, inline) {
        (Some(s), _) => Some(seed_location(s)),
        (None, Some(p)) => p.location.as_ref().map(inline_location).transpose()?,
        (None, None) => None,
    };
    let climate = match (
        seed.and_then(|s| s.climate.as_ref()),
        inline.and_then(|p| p.climate.as_ref()),
    ) {
        (Some(c), _) => Some(months_from_catalog(c)),
        (None, Some(c)) => Some(months_from_request(c)?),
        (None, None) => None,
    };
    Ok(ResolvedOptions {
        crediting,
        crediting_provenance: provenance,
        lifetime,
        gwp_set: gwp.set(),
        gwp,
        grid,
        weather,
        location,
        climate,
        uncertainty: o.uncertainty.clone(),
        hourly: o.hourly,
    })
}

fn read_lifetime(input: &QuantityInput) -> Result<Time, ScenarioError> {
    let t: Time = read_typed(input, Field::option("lifetime"), ErrorCode::InvalidOption)?;
    let years = t.get::<uom::si::time::year>();
    if !(1.0..=MAX_YEARS as f64).contains(&years) {
        return Err(ScenarioError::option(
            ErrorCode::InvalidOption,
            "lifetime",
            format!("the plant life must be between 1 and {MAX_YEARS} years"),
        )
        .with_expected("between \"1 yr\" and \"100 yr\"", input.as_written()));
    }
    Ok(t)
}

/// Offset of local standard time from UTC in whole minutes.
fn offset_minutes(t: Option<Time>) -> i16 {
    t.map_or(0.0, |t| t.get::<uom::si::time::minute>()).round() as i16
}

fn seed_location(s: &Seed) -> WeatherLocation {
    let l = &s.location;
    WeatherLocation {
        latitude: Angle::from_si(l.latitude.si),
        longitude: Angle::from_si(l.longitude.si),
        elevation: l
            .elevation
            .as_ref()
            .map_or(Length::default(), |e| Length::from_si(e.si)),
        utc_offset_minutes: offset_minutes(l.utc_offset.as_ref().map(|t| Time::from_si(t.si))),
    }
}

fn inline_location(l: &super::request::InlineLocation) -> Result<WeatherLocation, ScenarioError> {
    let at = |p: &str| Field::project(&format!("location.{p}"));
    // Ranges on Earth, checked here so that a bad location is named as the location and not
    // found later by whatever uses it first (the climate, the sun).
    let within = |key: &str, input: &QuantityInput, si: f64, (lo, hi): (f64, f64), range: &str| {
        if (lo..=hi).contains(&si) {
            Ok(())
        } else {
            Err(ScenarioError::at(
                ErrorCode::InvalidValue,
                at(key),
                format!("the {} must be {range}", key.replace('_', " ")),
            )
            .with_expected(range.to_string(), input.as_written()))
        }
    };
    let lat: Angle = read_typed(&l.latitude, at("latitude"), ErrorCode::InvalidValue)?;
    within(
        "latitude",
        &l.latitude,
        lat.get::<uom::si::angle::degree>(),
        (-90.0, 90.0),
        "between -90 deg and 90 deg (north positive)",
    )?;
    let lon: Angle = read_typed(&l.longitude, at("longitude"), ErrorCode::InvalidValue)?;
    within(
        "longitude",
        &l.longitude,
        lon.get::<uom::si::angle::degree>(),
        (-180.0, 180.0),
        "between -180 deg and 180 deg (east positive)",
    )?;
    let elevation = match &l.elevation {
        Some(e) => {
            let v: Length = read_typed(e, at("elevation"), ErrorCode::InvalidValue)?;
            within(
                "elevation",
                e,
                v.get::<uom::si::length::meter>(),
                (-500.0, 9000.0),
                "between -500 m and 9000 m",
            )?;
            v
        }
        None => Length::default(),
    };
    let offset: Time = match &l.utc_offset {
        Some(t) => {
            let v: Time = read_typed(t, at("utc_offset"), ErrorCode::InvalidValue)?;
            within(
                "utc_offset",
                t,
                v.get::<uom::si::time::hour>(),
                (-18.0, 18.0),
                "between -18 h and 18 h",
            )?;
            v
        }
        // Without a time zone, local solar time is near UTC + longitude / 15° per hour.
        None => {
            Time::new::<uom::si::time::hour>((lon.get::<uom::si::angle::degree>() / 15.0).round())
        }
    };
    Ok(WeatherLocation {
        latitude: lat,
        longitude: lon,
        elevation,
        utc_offset_minutes: offset_minutes(Some(offset)),
    })
}

fn months_from_catalog(c: &crate::catalog::MonthlyClimate) -> [MonthlyClimate; 12] {
    std::array::from_fn(|m| MonthlyClimate {
        daily_ghi: Insolation::from_si(c.ghi_daily[m].si),
        mean_temperature: Temperature::from_si(c.temp_mean[m].si),
        min_temperature: Temperature::from_si(c.temp_min[m].si),
        max_temperature: Temperature::from_si(c.temp_max[m].si),
        wind_speed: Speed::from_si(c.wind[m].si),
    })
}

fn months_from_request(
    c: &super::request::InlineClimate,
) -> Result<[MonthlyClimate; 12], ScenarioError> {
    fn series<M: Measure>(name: &str, values: &[QuantityInput]) -> Result<Vec<M>, ScenarioError> {
        let path = format!("climate.{name}");
        if values.len() != 12 && !(name == "wind" && values.len() == 1) {
            return Err(ScenarioError::project(
                ErrorCode::InvalidValue,
                &path,
                format!("needs 12 monthly values, got {}", values.len()),
            )
            .with_expected(
                "12 monthly values, January first",
                format!("{} values", values.len()),
            ));
        }
        let mut out = Vec::new();
        for (i, v) in values.iter().enumerate() {
            out.push(read_typed(
                v,
                Field::project(&format!("{path}.{i}")),
                ErrorCode::InvalidValue,
            )?);
        }
        if out.len() == 1 {
            out = vec![out[0]; 12];
        }
        Ok(out)
    }
    let ghi: Vec<Insolation> = series("ghi_daily", &c.ghi_daily)?;
    let tm: Vec<Temperature> = series("temp_mean", &c.temp_mean)?;
    let tn: Vec<Temperature> = series("temp_min", &c.temp_min)?;
    let tx: Vec<Temperature> = series("temp_max", &c.temp_max)?;
    let wind: Vec<Speed> = series("wind", &c.wind)?;
    Ok(std::array::from_fn(|m| MonthlyClimate {
        daily_ghi: ghi[m],
        mean_temperature: tm[m],
        min_temperature: tn[m],
        max_temperature: tx[m],
        wind_speed: wind[m],
    }))
}

/// A dataset series as used; `path` names the option for errors.
pub fn grid_from_series(
    catalog: &Catalog,
    series: &str,
    path: &str,
) -> Result<GridFactor, ScenarioError> {
    let rows = catalog.grid_series(series);
    let Some(first) = rows.first() else {
        let mut known: Vec<&str> = catalog
            .grid_factors
            .iter()
            .map(|f| f.series.as_str())
            .collect();
        known.dedup();
        return Err(ScenarioError::option(
            ErrorCode::InvalidOption,
            path,
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
    Ok(GridFactor {
        label: series.to_string(),
        kind: Some(first.kind),
        basis: Some(first.basis.clone()),
        points: rows
            .iter()
            .map(|r| GridPoint {
                year: r.year,
                value: EmissionIntensity::<Co2e>::from_si(r.value.si),
            })
            .collect(),
        relative_sd: first.relative_sd.as_ref().map(|a| Ratio::from_si(a.si)),
        provenance,
        note: first.note.clone(),
        constant: false,
    })
}

/// The most carbon-intensive grid plausible: above this a factor is refused.
fn max_grid_factor() -> EmissionIntensity<Co2e> {
    EmissionIntensity::new(crate::units::MassPerEnergy::new::<
        crate::units::custom::mass_per_energy::tonne_per_megawatt_hour,
    >(5.0))
}

fn grid_from_request(catalog: &Catalog, g: &GridFactorInput) -> Result<GridFactor, ScenarioError> {
    let intensity =
        |input: &QuantityInput, path: &str| -> Result<EmissionIntensity<Co2e>, ScenarioError> {
            let v: EmissionIntensity<Co2e> =
                read_typed(input, Field::option(path), ErrorCode::InvalidOption)?;
            let problem = if v.per_energy().value < 0.0 {
                Some("an emission factor cannot be negative")
            } else if v > max_grid_factor() {
                Some("above 5 tCO2e/MWh: no grid is that carbon-intensive")
            } else {
                None
            };
            match problem {
                Some(p) => Err(ScenarioError::option(ErrorCode::InvalidOption, path, p)
                    .with_expected(
                        format!(
                            "{} such as {}, between 0 and 5 tCO2e/MWh",
                            Dimension::EmissionIntensity.phrase(),
                            Dimension::EmissionIntensity.examples()
                        ),
                        input.as_written(),
                    )),
                None => Ok(v),
            }
        };
    let user = |label: &str, kind: Option<FactorKind>, points: Vec<GridPoint>| GridFactor {
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
        GridFactorInput::Series(s) => grid_from_series(catalog, s, "grid_factor.series"),
        GridFactorInput::Constant(v) => {
            let value = intensity(v, "grid_factor.constant")?;
            Ok(user(
                "constant",
                None,
                vec![GridPoint { year: 2000, value }],
            ))
        }
        GridFactorInput::Trajectory(points) => {
            if points.is_empty() || points.len() > 200 {
                return Err(ScenarioError::option(
                    ErrorCode::InvalidOption,
                    "grid_factor.trajectory",
                    "a trajectory needs 1 to 200 points",
                )
                .with_expected("1 to 200 points", format!("{} points", points.len())));
            }
            let mut out: Vec<GridPoint> = Vec::new();
            for (i, p) in points.iter().enumerate() {
                let value = intensity(&p.value, &format!("grid_factor.trajectory.{i}.value"))?;
                if !(1900..=2200).contains(&p.year) || out.iter().any(|q| q.year == p.year) {
                    return Err(ScenarioError::option(
                        ErrorCode::InvalidOption,
                        &format!("grid_factor.trajectory.{i}.year"),
                        "years must be distinct and between 1900 and 2200",
                    )
                    .with_expected(
                        "a year between 1900 and 2200 not given before",
                        p.year.to_string(),
                    ));
                }
                out.push(GridPoint {
                    year: p.year,
                    value,
                });
            }
            out.sort_by_key(|p| p.year);
            let mut used = user("trajectory", None, out);
            used.constant = false;
            Ok(used)
        }
        GridFactorInput::CombinedMargin(cm) => {
            let om = intensity(
                &cm.operating_margin,
                "grid_factor.combined_margin.operating_margin",
            )?;
            let bm = intensity(&cm.build_margin, "grid_factor.combined_margin.build_margin")?;
            let w: Ratio = match &cm.om_weight {
                Some(w) => read_typed::<Ratio>(
                    w,
                    Field::option("grid_factor.combined_margin.om_weight"),
                    ErrorCode::InvalidOption,
                )
                .ok()
                .filter(|r| (0.0..=1.0).contains(&r.value))
                .ok_or_else(|| {
                    ScenarioError::option(
                        ErrorCode::InvalidOption,
                        "grid_factor.combined_margin.om_weight",
                        "the operating-margin weight must be between 0 % and 100 %",
                    )
                    .with_expected("a ratio such as \"75 %\"", w.as_written())
                })?,
                None => Ratio::new::<uom::si::ratio::ratio>(0.75),
            };
            let mut used = user(
                "combined_margin",
                Some(FactorKind::CombinedMargin),
                vec![GridPoint {
                    year: 2000,
                    value: combined_margin(om, bm, w),
                }],
            );
            let show = |v: EmissionIntensity<Co2e>| crate::units::QuantityValue::of(v);
            used.note = Some(format!(
                "TOOL07 combined margin: {:.0} % x OM {} + {:.0} % x BM {}",
                w.get::<uom::si::ratio::percent>(),
                show(om),
                100.0 - w.get::<uom::si::ratio::percent>(),
                show(bm)
            ));
            used.provenance.sources.push("susana-cdm".into());
            Ok(used)
        }
    }
}
