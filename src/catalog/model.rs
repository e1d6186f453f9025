//! Model parameter catalogs (`models/<model>.toml`): every parameter with its dimension,
//! default, allowed range, uncertainty and sources.

use serde::{Deserialize, Serialize};

use super::Problems;
use super::value::{ParamKind, Value};

/// Where a value comes from: cited sources, or tanso's own assumption with its reason.
#[derive(Debug, Clone, PartialEq, Default, Serialize, utoipa::ToSchema)]
pub struct Provenance {
    /// Ids of the sources that support the value.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// If the value is an assumption, why it was chosen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assumption: Option<String>,
}

impl Provenance {
    /// Checks that the value is cited or labelled an assumption.
    pub(crate) fn check(&self, problems: &mut Problems, key: &str) {
        if self.sources.is_empty() && self.assumption.is_none() {
            problems.push(
                key,
                "has no source: add `sources = [..]` or label it with `assumption = \"reason\"`",
            );
        }
    }
}

/// A probability distribution for a parameter, in SI units of the parameter's dimension.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "distribution", rename_all = "snake_case")]
pub enum UncertaintySpec {
    /// Normal with a mean (`None`: centred on the value in use) and a standard deviation,
    /// absolute or relative to the mean.
    Normal {
        #[serde(skip_serializing_if = "Option::is_none")]
        mean: Option<Value>,
        #[serde(skip_serializing_if = "Option::is_none")]
        sd: Option<Value>,
        #[serde(skip_serializing_if = "Option::is_none")]
        relative_sd: Option<f64>,
    },
    /// Lognormal given by its geometric mean (`None`: centred on the value in use) and its
    /// geometric standard deviation (≥ 1).
    Lognormal {
        #[serde(skip_serializing_if = "Option::is_none")]
        gm: Option<Value>,
        gsd: f64,
    },
    /// Triangular between min and max with its mode.
    Triangular { min: Value, mode: Value, max: Value },
    /// Uniform between min and max.
    Uniform { min: Value, max: Value },
    /// PERT (a scaled Beta) between min and max with its mode.
    Pert { min: Value, mode: Value, max: Value },
    /// Discrete choices with weights.
    Discrete {
        values: Vec<Value>,
        weights: Vec<f64>,
    },
}

/// A parameter's uncertainty: the distribution, optional bounds, and where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Uncertainty {
    #[serde(flatten)]
    pub spec: UncertaintySpec,
    /// Physical lower bound applied by truncation (e.g. no negative loss).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lower: Option<Value>,
    /// Physical upper bound applied by truncation (e.g. no fraction above 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upper: Option<Value>,
    #[serde(flatten)]
    pub provenance: Provenance,
    /// What the spread represents.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One parameter of a model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParameterSpec {
    /// The key used in seeds, `--set key=value` and API overrides.
    pub key: String,
    /// A short name.
    pub name: String,
    /// What it means and how it enters the model.
    pub description: String,
    /// Quantity dimension, choice, year or date.
    #[serde(flatten)]
    pub kind: ParamKind,
    /// The default value; `None` when the model derives it from other parameters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    /// How the model derives the value when it is not set (e.g. k from the climate zone).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub derived: Option<String>,
    /// Smallest accepted value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<Value>,
    /// Largest accepted value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<Value>,
    /// Where the default comes from.
    #[serde(flatten)]
    pub provenance: Provenance,
    /// The parameter's uncertainty, if it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uncertainty: Option<Uncertainty>,
}

impl UncertaintySpec {
    /// True when the spread is stated relative to the value in use, so it still applies
    /// after the value is overridden.
    pub fn is_relative(&self) -> bool {
        matches!(
            self,
            UncertaintySpec::Normal { mean: None, .. }
                | UncertaintySpec::Lognormal { gm: None, .. }
        )
    }
}

impl ParameterSpec {
    /// Reads an uncertainty given outside the catalog (e.g. in a request) in the catalog's
    /// own form, for this parameter with `value` in use; checked exactly like the catalog.
    /// Errors are (field, message) pairs.
    pub fn read_uncertainty(
        &self,
        value: Option<&Value>,
        form: toml::Value,
        provenance_note: &str,
    ) -> Result<Uncertainty, Vec<(String, String)>> {
        let mut raw: RawUncertainty = form
            .try_into()
            .map_err(|e: toml::de::Error| vec![(String::new(), e.message().to_string())])?;
        if raw.sources.is_empty() && raw.assumption.is_none() {
            raw.assumption = Some(provenance_note.to_string());
        }
        let mut local = self.clone();
        if value.is_some() {
            local.default = value.cloned();
        }
        let mut problems = Problems::default();
        let u = build_uncertainty(raw, &local, "", &mut problems);
        match (u, problems.list.is_empty()) {
            (Some(u), true) => Ok(u),
            _ => Err(problems
                .list
                .into_iter()
                .map(|p| (p.key.trim_start_matches('.').to_string(), p.message))
                .collect()),
        }
    }

    /// Reads a value for this parameter from text (a CLI `--set` or an API string), checking
    /// its dimension and range.
    pub fn read_text(&self, text: &str) -> Result<Value, String> {
        let v = self.kind.read_text(text)?;
        self.check_range(&v)?;
        Ok(v)
    }

    /// max − min of the range in SI, when both are finite quantities.
    pub fn range_width(&self) -> Option<f64> {
        let lo = self.min.as_ref().and_then(Value::si)?;
        let hi = self.max.as_ref().and_then(Value::si)?;
        Some(hi - lo).filter(|w| w.is_finite())
    }

    /// Checks a value against the parameter's range.
    pub fn check_range(&self, v: &Value) -> Result<(), String> {
        let (Some(x), lo, hi) = (v.si(), self.min.as_ref(), self.max.as_ref()) else {
            return Ok(());
        };
        let below = lo.and_then(Value::si).is_some_and(|m| x < m);
        let above = hi.and_then(Value::si).is_some_and(|m| x > m);
        if below || above {
            let range = match (lo, hi) {
                (Some(l), Some(h)) => format!("between {l} and {h}"),
                (Some(l), None) => format!("at least {l}"),
                (None, Some(h)) => format!("at most {h}"),
                (None, None) => unreachable!("a bound was crossed"),
            };
            return Err(format!("{v} is out of range: expected {range}"));
        }
        Ok(())
    }
}

/// A model's catalog entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelSpec {
    /// Model id, e.g. `solar-pv`.
    pub id: String,
    /// Human name.
    pub name: String,
    /// What the model computes and by which published method.
    pub description: String,
    /// Sources of the method itself.
    pub references: Vec<String>,
    /// The parameters, in the order they are shown.
    pub parameters: Vec<ParameterSpec>,
}

impl ModelSpec {
    /// Looks a parameter up by key.
    pub fn parameter(&self, key: &str) -> Option<&ParameterSpec> {
        self.parameters.iter().find(|p| p.key == key)
    }
}

// ---- The file format -------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawModel {
    pub id: String,
    pub name: String,
    pub description: String,
    #[serde(default)]
    pub references: Vec<String>,
    #[serde(default, rename = "parameters")]
    pub parameters: Vec<RawParameter>,
    /// Source definitions, read separately.
    #[serde(default, rename = "sources")]
    _sources: Option<toml::Table>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawParameter {
    pub key: String,
    pub name: String,
    pub description: String,
    pub dimension: String,
    #[serde(default)]
    pub choices: Vec<String>,
    pub default: Option<toml::Value>,
    pub derived: Option<String>,
    pub min: Option<toml::Value>,
    pub max: Option<toml::Value>,
    #[serde(default)]
    pub sources: Vec<String>,
    pub assumption: Option<String>,
    pub uncertainty: Option<RawUncertainty>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawUncertainty {
    pub distribution: String,
    pub mean: Option<toml::Value>,
    pub sd: Option<toml::Value>,
    /// Standard deviation as a fraction of the mean (e.g. "5 %").
    pub relative_sd: Option<toml::Value>,
    pub gm: Option<toml::Value>,
    pub gsd: Option<f64>,
    pub min: Option<toml::Value>,
    pub mode: Option<toml::Value>,
    pub max: Option<toml::Value>,
    pub lower: Option<toml::Value>,
    pub upper: Option<toml::Value>,
    #[serde(default)]
    pub values: Vec<toml::Value>,
    #[serde(default)]
    pub weights: Vec<f64>,
    #[serde(default)]
    pub sources: Vec<String>,
    pub assumption: Option<String>,
    pub note: Option<String>,
}

/// Reads and validates a model file, recording every problem under `problems`.
pub(crate) fn build_model(raw: RawModel, problems: &mut Problems) -> ModelSpec {
    let mut parameters = Vec::new();
    let max = super::MAX_PARAMETERS;
    if raw.parameters.len() > max {
        problems.push(
            "parameters",
            &format!(
                "has {} parameters; a model declares at most {max}",
                raw.parameters.len()
            ),
        );
    }
    for p in raw.parameters.into_iter().take(max) {
        let key = format!("parameters.{}", p.key);
        if parameters.iter().any(|q: &ParameterSpec| q.key == p.key) {
            problems.push(&key, "is defined twice");
            continue;
        }
        if let Some(spec) = build_parameter(p, &key, problems) {
            parameters.push(spec);
        }
    }
    ModelSpec {
        id: raw.id,
        name: raw.name,
        description: raw.description,
        references: raw.references,
        parameters,
    }
}

fn build_parameter(p: RawParameter, key: &str, problems: &mut Problems) -> Option<ParameterSpec> {
    let kind = match ParamKind::parse(&p.dimension, &p.choices) {
        Ok(k) => k,
        Err(e) => {
            problems.push(&format!("{key}.dimension"), &e);
            return None;
        }
    };
    let read = |field: &str, v: &toml::Value, problems: &mut Problems| match kind.read_toml(v) {
        Ok(v) => Some(v),
        Err(e) => {
            problems.push(&format!("{key}.{field}"), &e);
            None
        }
    };
    let default = match (&p.default, &p.derived) {
        (Some(v), None) => Some(read("default", v, problems)?),
        (None, Some(_)) => None,
        _ => {
            problems.push(
                key,
                "needs exactly one of `default` or `derived` (how the model derives it)",
            );
            return None;
        }
    };
    let min = p.min.as_ref().and_then(|v| read("min", v, problems));
    let max = p.max.as_ref().and_then(|v| read("max", v, problems));
    let provenance = Provenance {
        sources: p.sources,
        assumption: p.assumption,
    };
    provenance.check(problems, key);
    let mut spec = ParameterSpec {
        key: p.key,
        name: p.name,
        description: p.description,
        kind,
        default,
        derived: p.derived,
        min,
        max,
        provenance,
        uncertainty: None,
    };
    if let (Some(lo), Some(hi)) = (
        spec.min.as_ref().and_then(Value::si),
        spec.max.as_ref().and_then(Value::si),
    ) && lo > hi
    {
        problems.push(key, "has min above max");
    }
    if let Some(Err(e)) = spec.default.as_ref().map(|d| spec.check_range(d)) {
        problems.push(&format!("{key}.default"), &e);
    }
    if let Some(u) = p.uncertainty {
        spec.uncertainty = build_uncertainty(u, &spec, &format!("{key}.uncertainty"), problems);
    }
    Some(spec)
}

/// Largest geometric standard deviation of a lognormal: GSD 10 puts 95 % of draws within a
/// factor of 100 either side of the median. No spread tanso's sources give comes near it
/// (the widest, composting CH4, is GSD 2); larger values only make draws overflow.
pub const MAX_GSD: f64 = 10.0;

/// Largest relative standard deviation of a normal (100 %).
pub const MAX_RELATIVE_SD: f64 = 1.0;

/// Most values a discrete distribution may list.
pub const MAX_DISCRETE_VALUES: usize = 1000;

/// Reads an uncertainty table; values default to the parameter's default where that makes
/// sense (the mean of a normal, the mode of a triangle, the geometric mean of a lognormal).
pub(crate) fn build_uncertainty(
    u: RawUncertainty,
    param: &ParameterSpec,
    key: &str,
    problems: &mut Problems,
) -> Option<Uncertainty> {
    let kind = &param.kind;
    let mut ok = true;
    let mut get =
        |field: &str, v: &Option<toml::Value>, required: bool, problems: &mut Problems| match v {
            Some(v) => match kind.read_toml(v) {
                Ok(x) => {
                    if let Err(e) = param.check_range(&x) {
                        problems.push(&format!("{key}.{field}"), &e);
                        ok = false;
                    }
                    Some(x)
                }
                Err(e) => {
                    problems.push(&format!("{key}.{field}"), &e);
                    ok = false;
                    None
                }
            },
            None if required => {
                problems.push(
                    key,
                    &format!("needs `{field}` for a {} distribution", u.distribution),
                );
                ok = false;
                None
            }
            None => None,
        };
    let default = || param.default.clone();
    let need = |field: &str, v: Option<Value>, problems: &mut Problems| {
        if v.is_none() {
            problems.push(
                key,
                &format!("needs `{field}`: the parameter has no fixed default"),
            );
        }
        v
    };
    let spec = match u.distribution.as_str() {
        "normal" => {
            let mean = get("mean", &u.mean, false, problems);
            match (&u.sd, &u.relative_sd) {
                (Some(_), None) => {
                    let sd = get("sd", &u.sd, true, problems);
                    if sd.as_ref().and_then(Value::si).is_some_and(|x| x < 0.0) {
                        problems.push(&format!("{key}.sd"), "must not be negative");
                    }
                    if let (Some(width), Some(spread)) = (
                        param.range_width(),
                        sd.as_ref().and_then(Value::interval_si),
                    ) && spread > width
                    {
                        problems.push(
                            &format!("{key}.sd"),
                            "is wider than the parameter's whole range: the draws, truncated to the range, would not follow a normal",
                        );
                    }
                    Some(UncertaintySpec::Normal {
                        mean: mean.or_else(default),
                        sd,
                        relative_sd: None,
                    })
                }
                (None, Some(r)) if mean.is_none() => {
                    relative(r, key, problems).map(|r| UncertaintySpec::Normal {
                        mean: None,
                        sd: None,
                        relative_sd: Some(r),
                    })
                }
                (None, Some(_)) => {
                    problems.push(
                        key,
                        "`relative_sd` is relative to the value in use: give no `mean`",
                    );
                    None
                }
                _ => {
                    problems.push(key, "needs exactly one of `sd` or `relative_sd`");
                    None
                }
            }
        }
        "lognormal" => {
            let gm = get("gm", &u.gm, false, problems);
            match u.gsd {
                Some(g) if (1.0..=MAX_GSD).contains(&g) => {
                    Some(UncertaintySpec::Lognormal { gm, gsd: g })
                }
                _ => {
                    problems.push(
                        &format!("{key}.gsd"),
                        &format!(
                            "needs a geometric standard deviation between 1 and {MAX_GSD}, got {}: a GSD of {MAX_GSD} already spreads 95 % of draws over four orders of magnitude",
                            u.gsd.map_or("none".to_string(), |g| g.to_string())
                        ),
                    );
                    None
                }
            }
        }
        "triangular" | "pert" => {
            let min = get("min", &u.min, true, problems);
            let mode = need(
                "mode",
                get("mode", &u.mode, false, problems).or_else(default),
                problems,
            )?;
            let max = get("max", &u.max, true, problems);
            match (min, max) {
                (Some(min), Some(max)) => {
                    let ordered = min.si() <= mode.si() && mode.si() <= max.si();
                    if !ordered {
                        problems.push(key, "needs min ≤ mode ≤ max");
                    }
                    if u.distribution == "pert" {
                        Some(UncertaintySpec::Pert { min, mode, max })
                    } else {
                        Some(UncertaintySpec::Triangular { min, mode, max })
                    }
                }
                _ => None,
            }
        }
        "uniform" => {
            let min = get("min", &u.min, true, problems);
            let max = get("max", &u.max, true, problems);
            match (min, max) {
                (Some(min), Some(max)) => {
                    if min.si() > max.si() {
                        problems.push(key, "needs min ≤ max");
                    }
                    Some(UncertaintySpec::Uniform { min, max })
                }
                _ => None,
            }
        }
        "discrete" if u.values.len() > MAX_DISCRETE_VALUES => {
            problems.push(
                &format!("{key}.values"),
                &format!(
                    "has {} values; at most {MAX_DISCRETE_VALUES} are accepted",
                    u.values.len()
                ),
            );
            None
        }
        "discrete" => {
            let values: Vec<Value> = u
                .values
                .iter()
                .enumerate()
                .filter_map(|(i, v)| get(&format!("values[{i}]"), &Some(v.clone()), true, problems))
                .collect();
            if values.is_empty() || values.len() != u.weights.len() {
                problems.push(key, "needs `values` and as many `weights`");
                None
            } else if u.weights.iter().any(|w| !w.is_finite() || *w < 0.0)
                || u.weights.iter().sum::<f64>() <= 0.0
            {
                problems.push(
                    &format!("{key}.weights"),
                    "must be non-negative with a positive sum",
                );
                None
            } else {
                Some(UncertaintySpec::Discrete {
                    values,
                    weights: u.weights.clone(),
                })
            }
        }
        other => {
            problems.push(
                &format!("{key}.distribution"),
                &format!(
                    "unknown distribution \"{other}\"; expected normal, lognormal, triangular, uniform, pert or discrete"
                ),
            );
            None
        }
    }?;
    let lower = get("lower", &u.lower, false, problems);
    let upper = get("upper", &u.upper, false, problems);
    let provenance = Provenance {
        sources: u.sources,
        assumption: u.assumption,
    };
    provenance.check(problems, key);
    ok.then_some(Uncertainty {
        spec,
        lower,
        upper,
        provenance,
        note: u.note,
    })
}

fn relative(rel: &toml::Value, key: &str, problems: &mut Problems) -> Option<f64> {
    let ratio = ParamKind::Quantity {
        dimension: crate::units::Dimension::Ratio,
    }
    .read_toml(rel);
    match ratio {
        Ok(Value::Quantity(r)) if (0.0..=MAX_RELATIVE_SD).contains(&r.si) => Some(r.si),
        Ok(_) => {
            problems.push(
                &format!("{key}.relative_sd"),
                "must be between 0 % and 100 % (a normal whose spread exceeds its value is mostly cut off at the range)",
            );
            None
        }
        Err(e) => {
            problems.push(&format!("{key}.relative_sd"), &e);
            None
        }
    }
}
