//! `POST /v1/estimates` and `POST /v1/estimates/batch`: what-if scenarios evaluated by the
//! scenario layer, off the async workers and within the request's time budget.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::AppState;
use crate::api::body::JsonBody;
use crate::api::compute;
use crate::api::memo;
use crate::api::problem::{ApiError, Problem};
use crate::scenario::{self, Estimate, ScenarioRequest};

/// Several scenarios evaluated in one request.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchRequest {
    /// The scenarios, at most 100. A batch that does not match the schema anywhere (a wrong
    /// type, an unknown field, draws or weather over their limits) is refused as a whole; a
    /// well-formed scenario that cannot be evaluated (an unknown project or parameter, a value
    /// of the wrong dimension or out of range ...) gets its own problem in `results`.
    #[schema(min_items = 1, max_items = 100)]
    pub scenarios: Vec<ScenarioRequest>,
}

/// The results of a batch, in request order.
#[derive(Debug, Serialize, ToSchema)]
pub struct BatchResponse {
    /// One entry per scenario, in the order given.
    pub results: Vec<BatchItem>,
    /// Scenarios evaluated.
    pub succeeded: usize,
    /// Scenarios refused, each with its problem.
    pub failed: usize,
}

/// The outcome of one scenario of a batch: an estimate, or a problem document.
#[derive(Debug, Serialize, ToSchema)]
pub struct BatchItem {
    /// Position of the scenario in `scenarios`, from 0.
    pub index: usize,
    /// The status this scenario would have had alone: 200, or the problem's status.
    pub status: u16,
    /// The estimate, when `status` is 200.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub estimate: Option<Box<Estimate>>,
    /// Why the scenario could not be evaluated; its pointers start with `/scenarios/{index}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<Problem>,
}

/// Evaluates one what-if scenario: a documented project (or an inline one) with parameter
/// overrides and options. The result lists every input as used with its origin and sources,
/// the results as `{value, unit}`, warnings, and the dataset and model versions.
///
/// Every value in the request is checked before anything is computed: a scenario that names
/// an unknown project or parameter, gives a value of the wrong dimension or out of range, or
/// an invalid option gets a 422 problem whose `errors[]` point at each offending field.
#[utoipa::path(
    operation_id = "create_estimate",
    tag = "estimates",
    request_body(content = ScenarioRequest, description = "The scenario", content_type = "application/json",
        example = json!({"project": "renca-solar", "parameters": {"capacity": "3 MW"}, "options": {"grid_factor": {"constant": "0.3 tCO2e/MWh"}}})),
    responses(
        (status = 200, description = "The estimate. An estimate of a documented project with none of its parameters changed and no weather given is a pure function of the dataset and the request: it carries a strong `ETag` and `Cache-Control`, and is answered from memory when asked again.", body = Estimate,
            headers(
                ("ETag" = String, description = "Hash of the body; set on estimates of documented projects as documented"),
                ("Cache-Control" = String, description = "`public, max-age=3600` on estimates of documented projects as documented")
            )),
        (status = 422, description = "The scenario cannot be evaluated: `invalid_body`, `unknown_project`, `unknown_model`, `unknown_parameter`, `invalid_value`, `invalid_option`, `invalid_weather`, `missing_value`, `model_error` or `limit_exceeded` (draws, weather size)", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The computation exceeded the request time limit (`timeout`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/estimates")]
pub async fn estimate(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: JsonBody<ScenarioRequest>,
) -> Result<HttpResponse, ApiError> {
    let scenario = body.0;
    state
        .limits
        .check_scenario(&scenario)
        .map_err(|e| ApiError::from(e).at(req.path()))?;
    // A documented project as documented: answered from the memo when it is there.
    let key = memo::key(&state.catalog, &scenario);
    if let Some(hit) = key.as_deref().and_then(memo::get) {
        return Ok(memo::respond(&hit));
    }
    let st = state.clone();
    let result = compute::blocking(state.limits.timeout, move |deadline| {
        deadline.check()?;
        // The Monte Carlo stops drawing when the budget is spent.
        Ok(scenario::estimate_until(&st.catalog, &scenario, &|| {
            deadline.check().is_err()
        }))
    })
    .await
    .map_err(|e| e.at(req.path()))?;
    let estimate = result.map_err(|e| ApiError::from(e).at(req.path()))?;
    Ok(match key {
        Some(key) => match memo::put(key, &estimate) {
            Ok(m) => memo::respond(&m),
            Err(_) => HttpResponse::Ok().json(&estimate),
        },
        None => HttpResponse::Ok().json(&estimate),
    })
}

/// Evaluates up to 100 scenarios; results come back in request order, each an estimate or a
/// problem document, so one scenario that cannot be evaluated does not fail the others. A
/// body that is not a well-formed batch (bad JSON, a field of the wrong type anywhere, more
/// than 100 scenarios, a scenario over the draws or weather limits) is refused as a whole.
#[utoipa::path(
    operation_id = "create_estimate_batch",
    tag = "estimates",
    request_body(content = BatchRequest, description = "The scenarios", content_type = "application/json",
        example = json!({"scenarios": [{"project": "renca-solar"}, {"project": "badung-compost", "parameters": {"utilisation": "60 %"}}]})),
    responses(
        (status = 200, description = "One result per scenario, in order", body = BatchResponse),
        (status = 422, description = "The batch is malformed (`invalid_body`), has more than 100 scenarios or a scenario over a limit (`limit_exceeded`)", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The batch exceeded the request time limit (`timeout`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/estimates/batch")]
pub async fn batch(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: JsonBody<BatchRequest>,
) -> Result<web::Json<BatchResponse>, ApiError> {
    let path = req.path().to_string();
    let scenarios = body.0.scenarios;
    let max = state.limits.max_batch;
    if scenarios.is_empty() || scenarios.len() > max {
        return Err(ApiError::limit(
            "/scenarios",
            format!(
                "a batch holds 1 to {max} scenarios (the batch size limit), got {}",
                scenarios.len()
            ),
            format!("1 to {max} scenarios"),
            format!("{} scenarios", scenarios.len()),
        )
        .at(&path));
    }
    // What the schema and the limits say about each scenario holds for the batch as a whole.
    for (index, scenario) in scenarios.iter().enumerate() {
        state
            .limits
            .check_scenario(scenario)
            .map_err(|e| ApiError::from_scenario(e, &format!("/scenarios/{index}")).at(&path))?;
    }
    let st = state.clone();
    let item_path = path.clone();
    let results = compute::blocking(state.limits.timeout, move |deadline| {
        let mut results = Vec::with_capacity(scenarios.len());
        for (index, scenario) in scenarios.iter().enumerate() {
            deadline.check()?;
            let prefix = format!("/scenarios/{index}");
            let outcome =
                scenario::estimate_until(&st.catalog, scenario, &|| deadline.check().is_err());
            results.push(match outcome {
                Ok(e) => BatchItem {
                    index,
                    status: StatusCode::OK.as_u16(),
                    estimate: Some(Box::new(e)),
                    problem: None,
                },
                Err(e) => {
                    let err = ApiError::from_scenario(e, &prefix).at(&item_path);
                    BatchItem {
                        index,
                        status: err.status.as_u16(),
                        estimate: None,
                        problem: Some(*err.problem),
                    }
                }
            });
        }
        Ok(results)
    })
    .await
    .map_err(|e| e.at(&path))?;
    let succeeded = results.iter().filter(|r| r.estimate.is_some()).count();
    Ok(web::Json(BatchResponse {
        failed: results.len() - succeeded,
        succeeded,
        results,
    }))
}

#[cfg(test)]
mod tests {
    #[test]
    fn documented_batch_limit_matches_the_constant() {
        // The schema's maxItems is a literal in the derive attribute.
        assert_eq!(crate::api::limits::MAX_BATCH, 100);
    }
}
