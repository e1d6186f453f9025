//! A scenario: a project plus overrides, evaluated.
//!
//! [`estimate`] resolves the request against the catalog and the model registry
//! ([`resolve()`]), prepares the model once, runs it for the estimate and, when asked, for
//! every Monte Carlo draw ([`monte_carlo`]), and assembles an [`Estimate`] whose every input
//! says where it came from. Nothing here names a model: everything goes through the
//! registry and the one outcome schema.

pub mod checks;
pub mod monte_carlo;
pub mod request;
pub mod resolve;
pub mod result;

pub use crate::error::{ErrorCode, Field, FieldError, ScenarioError};
pub use request::ScenarioRequest;
pub use resolve::{check_catalog, resolve};
pub use result::Estimate;

use crate::catalog::Catalog;
use crate::models::outcome::Outcome;
use crate::models::plugin::{Detail, WeatherText};
use crate::units::Ratio;
use resolve::Resolved;
use result::{GwpUsed, LocationView, ModelVersion, OptionsUsed, ProjectSummary};

/// Evaluates a scenario.
pub fn estimate(catalog: &Catalog, req: &ScenarioRequest) -> Result<Estimate, ScenarioError> {
    estimate_until(catalog, req, &|| false)
}

/// Evaluates a scenario; `cancelled` is asked between Monte Carlo draws, and once it says
/// yes the estimate stops with a [`ErrorCode::Timeout`] error (the service's time budget).
pub fn estimate_until(
    catalog: &Catalog,
    req: &ScenarioRequest,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Result<Estimate, ScenarioError> {
    estimate_with(catalog, req, None, cancelled)
}

/// Evaluates a scenario whose hourly weather is given beside the request, in place of its
/// `options.weather` (the CLI reads a weather file while the catalog loads, and need not copy
/// it into a request).
pub fn estimate_with_weather(
    catalog: &Catalog,
    req: &ScenarioRequest,
    weather: WeatherText<'_>,
) -> Result<Estimate, ScenarioError> {
    estimate_with(catalog, req, Some(weather), &|| false)
}

fn estimate_with<'c>(
    catalog: &'c Catalog,
    req: &'c ScenarioRequest,
    weather: Option<WeatherText<'c>>,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Result<Estimate, ScenarioError> {
    if let Some(o) = &req.options.uncertainty {
        monte_carlo::check_options(o)?;
    }
    let r = resolve::resolve_with_weather(catalog, req, weather)?;
    let (outcome, uncertainty) = evaluate(&r, cancelled)?;
    Ok(assemble(r, &outcome, uncertainty))
}

/// Checks a scenario against the catalog without running its model: what [`estimate`]
/// refuses before computing anything (Monte Carlo options, project, parameters, options,
/// weather).
pub fn check(catalog: &Catalog, req: &ScenarioRequest) -> Result<(), ScenarioError> {
    if let Some(o) = &req.options.uncertainty {
        monte_carlo::check_options(o)?;
    }
    resolve::resolve(catalog, req).map(|_| ())
}

/// Runs the model of a resolved scenario, and its Monte Carlo when the options ask for one.
pub fn evaluate(
    r: &Resolved<'_>,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Result<(Outcome, Option<monte_carlo::UncertaintyResult>), ScenarioError> {
    let one = Ratio::new::<uom::si::ratio::ratio>(1.0);
    let ctx = r.context(
        Detail::Full {
            hourly: r.options.hourly,
        },
        one,
    );
    let mut evaluator = r.model.evaluator(&r.slots, &ctx)?;
    let outcome = evaluator.run(&r.slots, &ctx)?;
    checks::check_outcome(&outcome)?;
    let uncertainty = match &r.options.uncertainty {
        Some(o) => Some(monte_carlo::run(
            r,
            evaluator.as_mut(),
            &outcome,
            o,
            cancelled,
        )?),
        None => None,
    };
    Ok((outcome, uncertainty))
}

fn assemble(
    r: Resolved<'_>,
    outcome: &Outcome,
    uncertainty: Option<monte_carlo::UncertaintyResult>,
) -> Estimate {
    let sources = r
        .cited_sources()
        .iter()
        .filter_map(|id| r.catalog.sources.get(id).cloned())
        .collect();
    let o = &r.options;
    let location = match (r.seed, &o.location) {
        (Some(s), _) => Some(LocationView {
            place: Some(s.location.place.clone()),
            country: Some(s.location.country.clone()),
            latitude: s.location.latitude.shown.clone(),
            longitude: s.location.longitude.shown.clone(),
        }),
        (None, Some(l)) => Some(LocationView {
            place: None,
            country: None,
            latitude: crate::units::QuantityValue::of(l.latitude),
            longitude: crate::units::QuantityValue::of(l.longitude),
        }),
        (None, None) => None,
    };
    let mut warnings = r.warnings.clone();
    warnings.extend(outcome.warnings.iter().cloned());
    Estimate {
        project: ProjectSummary {
            id: r.seed.map(|s| s.id.clone()),
            name: r
                .seed
                .map(|s| s.name.clone())
                .or_else(|| r.inline.as_ref().and_then(|p| p.name.clone()))
                .unwrap_or_else(|| format!("inline {} project", r.spec.id)),
            location,
        },
        model: ModelVersion {
            id: r.spec.id.clone(),
            name: r.spec.name.clone(),
            version: r.model.version().to_string(),
        },
        dataset_version: r.catalog.version.clone(),
        options: OptionsUsed {
            crediting_period: o.crediting,
            lifetime: o.lifetime,
            gwp: GwpUsed {
                id: o.gwp.id,
                name: o.gwp.name.clone(),
                ch4: o.gwp.ch4,
                n2o: o.gwp.n2o,
            },
            grid_factor: o
                .grid
                .as_ref()
                .filter(|_| r.model.needs().grid_factor)
                .map(Into::into),
        },
        outcome: outcome.into(),
        uncertainty,
        warnings,
        sources,
        inputs: r.inputs,
    }
}
