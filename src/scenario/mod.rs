//! A scenario: a project plus overrides, evaluated.
//!
//! [`estimate`] resolves the request against the catalog ([`resolve`]), hands typed values to
//! the model, and assembles an [`Estimate`] whose every input says where it came from.

pub mod compost;
pub mod error;
pub mod monte_carlo;
pub mod request;
pub mod resolve;
pub mod result;
pub mod solar;

pub use error::{ErrorCode, FieldError, ScenarioError};
pub use request::ScenarioRequest;
pub use result::Estimate;

use crate::catalog::Catalog;
use resolve::Resolved;
use result::{GwpUsed, ModelResults, ModelVersion, OptionsUsed, ProjectSummary};

/// Every model with an evaluator, and the parameters the evaluator reads.
pub const EVALUATORS: &[(&str, &[(&str, &str)])] = &[
    ("solar-pv", solar::PARAMETERS),
    ("composting", compost::PARAMETERS),
];

/// Checks a loaded catalog against the evaluators: every model has one, and defines every
/// parameter it reads with the right kind and only choices it understands. An edited data
/// directory that fails this is refused at load time instead of failing on an estimate.
pub fn check_catalog(catalog: &Catalog) -> Vec<crate::catalog::Problem> {
    use crate::catalog::{ParamKind, Problem};
    let mut out = Vec::new();
    // Seeds' scenario defaults are options: read them as a request would.
    for seed in &catalog.seeds {
        let file = format!("seeds/{}.toml", seed.id);
        let req = ScenarioRequest {
            project: request::ProjectRef::Id(seed.id.clone()),
            parameters: Default::default(),
            options: Default::default(),
        };
        if let Err(e) = resolve::resolve(catalog, &req) {
            for f in &e.errors {
                out.push(Problem {
                    file: file.clone(),
                    key: format!("scenario.{}", f.pointer.trim_start_matches("/options/")),
                    message: f.message.clone(),
                });
            }
        }
    }
    for m in &catalog.models {
        let file = format!("models/{}.toml", m.id);
        let problem = |key: String, message: String| Problem {
            file: file.clone(),
            key,
            message,
        };
        let Some((_, needs)) = EVALUATORS.iter().find(|(id, _)| *id == m.id) else {
            let known: Vec<&str> = EVALUATORS.iter().map(|(id, _)| *id).collect();
            out.push(problem(
                "id".into(),
                format!(
                    "no evaluator for model \"{}\"; tanso evaluates {}",
                    m.id,
                    known.join(", ")
                ),
            ));
            continue;
        };
        for (key, kind) in needs.iter() {
            let pkey = format!("parameters.{key}");
            let Some(p) = m.parameter(key) else {
                out.push(problem(
                    pkey,
                    format!("is missing: the {} evaluator reads it ({kind})", m.id),
                ));
                continue;
            };
            let ok = match (&p.kind, kind.strip_prefix("choice:")) {
                (ParamKind::Choice { choices }, Some(known)) => {
                    let known: Vec<&str> = known.split('|').collect();
                    match choices.iter().find(|c| !known.contains(&c.as_str())) {
                        Some(c) => {
                            out.push(problem(pkey.clone(), format!("choice \"{c}\" is not understood by the evaluator; it knows {}", known.join(", "))));
                            true
                        }
                        None => true,
                    }
                }
                (ParamKind::Quantity { dimension }, None) => dimension.id() == *kind,
                (ParamKind::Date, None) => *kind == "date",
                (ParamKind::Year, None) => *kind == "year",
                _ => false,
            };
            if !ok {
                out.push(problem(
                    pkey.clone(),
                    format!("must be {kind} for the {} evaluator", m.id),
                ));
            }
            if matches!(p.kind, ParamKind::Choice { .. }) && p.default.is_none() {
                out.push(problem(pkey, "a choice needs a default".into()));
            }
        }
    }
    out
}

/// Evaluates a scenario.
pub fn estimate(catalog: &Catalog, req: &ScenarioRequest) -> Result<Estimate, ScenarioError> {
    if let Some(o) = &req.options.uncertainty {
        monte_carlo::check_options(o)?;
    }
    let mut resolved = resolve::resolve(catalog, req)?;
    let (results, weather, uncertainty) = evaluate_model(&mut resolved)?;
    let mut estimate = assemble(resolved, results, weather);
    estimate.uncertainty = uncertainty;
    Ok(estimate)
}

/// Runs the model of a resolved scenario: its results, a note on the weather used, and the
/// Monte Carlo summary when requested.
fn evaluate_model(
    resolved: &mut Resolved<'_>,
) -> Result<
    (
        ModelResults,
        Option<String>,
        Option<monte_carlo::UncertaintyResult>,
    ),
    ScenarioError,
> {
    match resolved.model.id.as_str() {
        "composting" => {
            let results = compost::evaluate(resolved)?;
            let uncertainty = match resolved.options.uncertainty.clone() {
                Some(o) => Some(compost::monte_carlo(resolved, &o, &results)?),
                None => None,
            };
            Ok((ModelResults::Composting(results), None, uncertainty))
        }
        "solar-pv" => {
            let (results, weather, uncertainty) = solar::evaluate(resolved)?;
            Ok((ModelResults::SolarPv(results), Some(weather), uncertainty))
        }
        other => Err(ScenarioError::field(
            ErrorCode::ModelError,
            "/project",
            format!("model \"{other}\" has no evaluator"),
        )),
    }
}

fn assemble(resolved: Resolved<'_>, results: ModelResults, weather: Option<String>) -> Estimate {
    let sources = resolved
        .cited_sources()
        .iter()
        .filter_map(|id| resolved.catalog.sources.get(id).cloned())
        .collect();
    let o = &resolved.options;
    Estimate {
        project: ProjectSummary {
            id: resolved.seed.map(|s| s.id.clone()),
            name: resolved
                .seed
                .map(|s| s.name.clone())
                .or_else(|| resolved.inline.as_ref().and_then(|p| p.name.clone()))
                .unwrap_or_else(|| format!("inline {} project", resolved.model.id)),
        },
        model: ModelVersion {
            id: resolved.model.id.clone(),
            version: resolved.model.version.clone(),
        },
        dataset_version: resolved.catalog.version.clone(),
        options: OptionsUsed {
            crediting_period: o.crediting,
            lifetime: o.lifetime.map(crate::units::QuantityValue::of),
            gwp: GwpUsed {
                id: o.gwp.id,
                name: o.gwp.name.clone(),
                ch4: o.gwp.ch4,
                n2o: o.gwp.n2o,
            },
            grid_factor: o.grid.clone(),
            weather,
        },
        inputs: resolved.inputs,
        results,
        uncertainty: None,
        warnings: resolved.warnings,
        sources,
    }
}
