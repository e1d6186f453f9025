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
