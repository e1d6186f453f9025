//! A scenario: a project plus overrides, evaluated.
//!
//! [`estimate`] resolves the request against the catalog ([`resolve`]), hands typed values to
//! the model, and assembles an [`Estimate`] whose every input says where it came from.

pub mod compost;
pub mod error;
pub mod request;
pub mod resolve;
pub mod result;

pub use error::{ErrorCode, FieldError, ScenarioError};
pub use request::ScenarioRequest;
pub use result::Estimate;

use crate::catalog::Catalog;
use resolve::Resolved;
use result::{GwpUsed, ModelResults, ModelVersion, OptionsUsed, ProjectSummary};

/// Evaluates a scenario.
pub fn estimate(catalog: &Catalog, req: &ScenarioRequest) -> Result<Estimate, ScenarioError> {
    let mut resolved = resolve::resolve(catalog, req)?;
    let (results, weather) = evaluate_model(&mut resolved)?;
    Ok(assemble(resolved, results, weather))
}

/// Runs the model of a resolved scenario; returns its results and a note on the weather used.
fn evaluate_model(
    resolved: &mut Resolved<'_>,
) -> Result<(ModelResults, Option<String>), ScenarioError> {
    match resolved.model.id.as_str() {
        "composting" => Ok((ModelResults::Composting(compost::evaluate(resolved)?), None)),
        other => Err(ScenarioError::field(
            ErrorCode::ModelError,
            "/project",
            format!("model \"{other}\" is not wired in yet"),
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
