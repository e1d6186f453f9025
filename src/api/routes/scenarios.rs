//! Saved scenarios: `POST /v1/scenarios` saves one, `GET /v1/scenarios/{id}` reads it back,
//! `POST` or `GET /v1/scenarios/{id}/estimate` evaluates it, `DELETE /v1/scenarios/{id}` with
//! the token given at creation removes it.
//!
//! Pages and sheets that link to a saved scenario use [`scenario_path`] and
//! [`estimate_path`] (the same paths the API answers, and the `links` of every response).
//!
//! Saving and evaluating are shared with the command line in [`crate::store::saved`], which
//! also says which dataset versions a saved scenario can be evaluated under.

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::AppState;
use crate::api::body::JsonBody;
use crate::api::compute;
use crate::api::problem::{ApiError, ErrorCode};
use crate::catalog::Catalog;
use crate::scenario::ScenarioRequest;
use crate::store::saved::{self, DatasetChoice, Failure, ScenarioEstimate};
use crate::store::{Deleted, Record, Saved, ScenarioId, StoreError, StoreErrorKind, Token};

/// Where scenarios are saved (`POST`).
pub const SCENARIOS_PATH: &str = "/v1/scenarios";
/// The header that carries the delete token.
pub const TOKEN_HEADER: &str = "Tanso-Delete-Token";

/// The path of a saved scenario: `/v1/scenarios/{id}`.
pub fn scenario_path(id: &ScenarioId) -> String {
    format!("{SCENARIOS_PATH}/{id}")
}

/// The path that evaluates a saved scenario: `/v1/scenarios/{id}/estimate`.
pub fn estimate_path(id: &ScenarioId) -> String {
    format!("{SCENARIOS_PATH}/{id}/estimate")
}

/// Paths to a saved scenario.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScenarioLinks {
    /// `GET` it here.
    #[schema(example = "/v1/scenarios/sc-44136fa355b3678a1146ad16f7e8649e")]
    pub scenario: String,
    /// `GET` or `POST` here to evaluate it.
    #[schema(example = "/v1/scenarios/sc-44136fa355b3678a1146ad16f7e8649e/estimate")]
    pub estimate: String,
}

impl ScenarioLinks {
    pub fn of(id: &ScenarioId) -> Self {
        ScenarioLinks {
            scenario: scenario_path(id),
            estimate: estimate_path(id),
        }
    }
}

/// What a save answers.
#[derive(Debug, Serialize, ToSchema)]
pub struct SaveReceipt {
    /// `sc-` and 32 hex digits of the SHA-256 of the canonical scenario: the same scenario
    /// always gets the same id.
    #[schema(
        example = "sc-44136fa355b3678a1146ad16f7e8649e",
        pattern = "^sc-[0-9a-f]{32}$"
    )]
    pub id: String,
    /// `true` when this request stored it (201); `false` when it was already saved (200): then
    /// its first creation time and dataset version stay, and no token is given.
    pub created: bool,
    /// The secret that deletes it (header `Tanso-Delete-Token` of `DELETE
    /// /v1/scenarios/{id}`). Given once, to whoever saved it first; the service keeps only
    /// its hash.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// When it was first saved (RFC 3339, UTC).
    #[schema(format = DateTime, example = "2026-03-01T09:30:00.000Z")]
    pub created_at: String,
    /// The dataset version it was saved under.
    #[schema(example = "data-0123456789abcdef")]
    pub dataset_version: String,
    pub links: ScenarioLinks,
}

impl SaveReceipt {
    /// The receipt of a save; `token` only when it created the record.
    pub fn of(saved: &Saved, token: Option<&Token>) -> Self {
        let record = saved.record();
        SaveReceipt {
            id: record.id.to_string(),
            created: matches!(saved, Saved::Created(_)),
            token: token.map(|t| t.as_str().to_string()),
            created_at: record.created_at(),
            dataset_version: record.dataset_version.clone(),
            links: ScenarioLinks::of(&record.id),
        }
    }
}

/// A saved scenario.
#[derive(Debug, Serialize, ToSchema)]
pub struct SavedScenario {
    #[schema(
        example = "sc-44136fa355b3678a1146ad16f7e8649e",
        pattern = "^sc-[0-9a-f]{32}$"
    )]
    pub id: String,
    /// When it was first saved (RFC 3339, UTC).
    #[schema(format = DateTime, example = "2026-03-01T09:30:00.000Z")]
    pub created_at: String,
    /// The dataset version it was saved under.
    pub dataset_version: String,
    /// The dataset version the service uses now for new estimates.
    pub current_dataset_version: String,
    /// The scenario in canonical form (defaults written out), ready for `POST /v1/estimates`.
    pub scenario: ScenarioRequest,
    pub links: ScenarioLinks,
}

impl SavedScenario {
    /// The view of a record; `current` is the dataset version in use now.
    pub fn of(record: &Record, current: &str) -> Result<Self, StoreError> {
        Ok(SavedScenario {
            id: record.id.to_string(),
            created_at: record.created_at(),
            dataset_version: record.dataset_version.clone(),
            current_dataset_version: current.to_string(),
            scenario: record.scenario()?,
            links: ScenarioLinks::of(&record.id),
        })
    }
}

/// Query of the estimate of a saved scenario.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EstimateQuery {
    /// `saved` (default): the dataset version the scenario was saved under, while this
    /// service still has it; `current`: the version it uses now.
    #[serde(default)]
    #[param(inline)]
    pub dataset: DatasetChoice,
}

/// Saves a scenario (the same shape as `POST /v1/estimates`) so that it can be linked to,
/// read back and evaluated later. The scenario is checked first: one that cannot be
/// evaluated now gets the same 422 problem as `POST /v1/estimates`, and is not saved.
///
/// The id is a content hash of the canonical scenario (keys sorted, defaults written out),
/// so saving the same scenario again answers 200 with the same id, the first creation time
/// and dataset version, and no token.
#[utoipa::path(
    operation_id = "save_scenario",
    tag = "scenarios",
    request_body(content = ScenarioRequest, description = "The scenario", content_type = "application/json",
        example = json!({"project": "renca-solar", "parameters": {"capacity": "3 MW"}})),
    responses(
        (status = 201, description = "Saved; the body holds the id and the delete token", body = SaveReceipt,
            headers(("Location" = String, description = "The saved scenario's path, `/v1/scenarios/{id}`"))),
        (status = 200, description = "Already saved (same id); no token", body = SaveReceipt,
            headers(("Location" = String, description = "The saved scenario's path, `/v1/scenarios/{id}`"))),
        (status = 422, description = "The scenario cannot be evaluated, or is over a limit: the codes of `POST /v1/estimates`", body = crate::api::problem::Problem, content_type = "application/problem+json"),
        (status = 503, description = "The scenario store is unreachable (`storage_unavailable`), or the check exceeded the time limit (`timeout`)", body = crate::api::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/scenarios")]
pub async fn save(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: JsonBody<ScenarioRequest>,
) -> Result<HttpResponse, ApiError> {
    let path = req.path().to_string();
    let (saved, token) = save_scenario(&state, body.0)
        .await
        .map_err(|e| e.at(&path))?;
    let receipt = SaveReceipt::of(&saved, token.as_ref());
    let status = if receipt.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok(HttpResponse::build(status)
        .insert_header((header::LOCATION, receipt.links.scenario.clone()))
        .json(receipt))
}

/// Checks and saves a scenario as `POST /v1/scenarios` does (the request limits, the same
/// check as an estimate, the time budget, the store on the compute threads). Shared with the
/// what-if page's "Save this scenario" so both save exactly the same way. The token is given
/// only when this call created the record.
pub async fn save_scenario(
    state: &web::Data<AppState>,
    scenario: ScenarioRequest,
) -> Result<(Saved, Option<Token>), ApiError> {
    state
        .limits
        .check_scenario(&scenario)
        .map_err(ApiError::from)?;
    let st = state.clone();
    compute::blocking(state.limits.timeout, move |deadline| {
        deadline.check()?;
        Ok(saved::save_checked(
            st.store.as_ref(),
            &st.catalog,
            &scenario,
        ))
    })
    .await?
    .map_err(|e| failure(e, ""))
}

/// A saved scenario with its creation time and the dataset version it was saved under.
#[utoipa::path(
    operation_id = "get_scenario",
    tag = "scenarios",
    params(("id" = String, Path, description = "The saved scenario's id", pattern = "^sc-[0-9a-f]{32}$",
        example = "sc-44136fa355b3678a1146ad16f7e8649e")),
    responses(
        (status = 200, description = "The saved scenario", body = SavedScenario),
        (status = 404, description = "No saved scenario has this id (`unknown_scenario`)", body = crate::api::problem::Problem, content_type = "application/problem+json"),
        (status = 503, description = "The scenario store is unreachable (`storage_unavailable`)", body = crate::api::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/scenarios/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<web::Json<SavedScenario>, ApiError> {
    let path = req.path().to_string();
    let record = load(&state, &id).await.map_err(|e| e.at(&path))?;
    SavedScenario::of(&record, &state.catalog.version)
        .map(web::Json)
        .map_err(|e| store_error(e).at(&path))
}

/// Evaluates a saved scenario. By default under the dataset version it was saved under, while
/// this service still has that version (see `dataset.available`); otherwise, or with
/// `?dataset=current`, under the current one. Whenever the version used is not both the saved
/// and the current one, `notice` says so, and it is also the first warning of the estimate.
///
/// Problems in the saved scenario (possible when it is evaluated under another dataset
/// version than it was checked against) point into `scenario` of `GET /v1/scenarios/{id}`.
#[utoipa::path(
    operation_id = "estimate_scenario",
    tag = "scenarios",
    params(("id" = String, Path, description = "The saved scenario's id", pattern = "^sc-[0-9a-f]{32}$",
        example = "sc-44136fa355b3678a1146ad16f7e8649e"), EstimateQuery),
    responses(
        (status = 200, description = "The estimate, with the dataset versions involved", body = ScenarioEstimate),
        (status = 400, description = "The query cannot be read (`invalid_query`)", body = crate::api::problem::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No saved scenario has this id (`unknown_scenario`)", body = crate::api::problem::Problem, content_type = "application/problem+json"),
        (status = 422, description = "The saved scenario cannot be evaluated under the dataset version used: the codes of `POST /v1/estimates`", body = crate::api::problem::Problem, content_type = "application/problem+json"),
        (status = 503, description = "The store is unreachable (`storage_unavailable`) or the computation exceeded the time limit (`timeout`)", body = crate::api::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/scenarios/{id}/estimate")]
pub async fn estimate(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    query: web::Query<EstimateQuery>,
) -> Result<web::Json<ScenarioEstimate>, ApiError> {
    estimate_saved(state, req, id.into_inner(), query.dataset).await
}

/// The same as `POST /v1/scenarios/{id}/estimate`, for links: evaluates a saved scenario.
#[utoipa::path(
    operation_id = "get_scenario_estimate",
    tag = "scenarios",
    params(("id" = String, Path, description = "The saved scenario's id", pattern = "^sc-[0-9a-f]{32}$",
        example = "sc-44136fa355b3678a1146ad16f7e8649e"), EstimateQuery),
    responses(
        (status = 200, description = "The estimate, with the dataset versions involved", body = ScenarioEstimate),
        (status = 400, description = "The query cannot be read (`invalid_query`)", body = crate::api::problem::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No saved scenario has this id (`unknown_scenario`)", body = crate::api::problem::Problem, content_type = "application/problem+json"),
        (status = 422, description = "The saved scenario cannot be evaluated under the dataset version used: the codes of `POST /v1/estimates`", body = crate::api::problem::Problem, content_type = "application/problem+json"),
        (status = 503, description = "The store is unreachable (`storage_unavailable`) or the computation exceeded the time limit (`timeout`)", body = crate::api::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/scenarios/{id}/estimate")]
pub async fn get_estimate(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    query: web::Query<EstimateQuery>,
) -> Result<web::Json<ScenarioEstimate>, ApiError> {
    estimate_saved(state, req, id.into_inner(), query.dataset).await
}

async fn estimate_saved(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: String,
    choice: DatasetChoice,
) -> Result<web::Json<ScenarioEstimate>, ApiError> {
    let path = req.path().to_string();
    let record = load(&state, &id).await.map_err(|e| e.at(&path))?;
    evaluate_record(&state, record, choice)
        .await
        .map(web::Json)
        .map_err(|e| e.at(&path))
}

/// Evaluates a saved record as `GET /v1/scenarios/{id}/estimate` does (limits, time budget,
/// the dataset version chosen, the notice logged); shared with the page and its sheets.
pub async fn evaluate_record(
    state: &web::Data<AppState>,
    record: Record,
    choice: DatasetChoice,
) -> Result<ScenarioEstimate, ApiError> {
    let scenario = record.scenario().map_err(store_error)?;
    state
        .limits
        .check_scenario(&scenario)
        .map_err(|e| ApiError::from_scenario(e, "/scenario"))?;
    let st = state.clone();
    let result = compute::blocking(state.limits.timeout, move |deadline| {
        deadline.check()?;
        let catalogs: Vec<&Catalog> = st.datasets().collect();
        Ok(saved::evaluate(&record, &catalogs, choice, &|| {
            deadline.check().is_err()
        }))
    })
    .await?;
    let result = result.map_err(|e| failure(e, "/scenario"))?;
    if let Some(n) = &result.notice {
        tracing::warn!(scenario = %result.id, saved = %result.dataset.saved, used = %result.dataset.used, "{n}");
    }
    Ok(result)
}

/// Deletes a saved scenario. Only with the token given when it was saved, in the
/// `Tanso-Delete-Token` header.
#[utoipa::path(
    operation_id = "delete_scenario",
    tag = "scenarios",
    params(
        ("id" = String, Path, description = "The saved scenario's id", pattern = "^sc-[0-9a-f]{32}$",
            example = "sc-44136fa355b3678a1146ad16f7e8649e"),
        ("Tanso-Delete-Token" = String, Header, description = "The `token` of the 201 answer that saved it"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "The token is missing or is not this scenario's (`forbidden`)", body = crate::api::problem::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No saved scenario has this id (`unknown_scenario`)", body = crate::api::problem::Problem, content_type = "application/problem+json"),
        (status = 503, description = "The scenario store is unreachable (`storage_unavailable`)", body = crate::api::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/v1/scenarios/{id}")]
pub async fn delete(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let path = req.path().to_string();
    let id = parse_id(&id).map_err(|e| e.at(&path))?;
    let given = req
        .headers()
        .get(TOKEN_HEADER)
        .map(|v| v.to_str().map(Token::given).ok());
    // A missing or unreadable header is checked like a wrong token, so an unknown id is a
    // 404 whatever the header says.
    let token = given.clone().flatten().unwrap_or_else(|| Token::given(""));
    let st = state.clone();
    let key = id.clone();
    let outcome = compute::blocking(state.limits.timeout, move |_| {
        Ok(st.store.delete(&key, &token.hash()))
    })
    .await
    .map_err(|e| e.at(&path))?
    .map_err(|e| store_error(e).at(&path))?;
    match outcome {
        Deleted::Deleted => {
            tracing::info!(scenario = %id, "saved scenario deleted");
            Ok(HttpResponse::NoContent().finish())
        }
        Deleted::NotFound => Err(unknown(&id.to_string()).at(&path)),
        Deleted::WrongToken => {
            let detail = match given {
                None => format!(
                    "deleting a saved scenario needs the token given when it was saved, in the {TOKEN_HEADER} header"
                ),
                Some(_) => format!(
                    "the {TOKEN_HEADER} header does not hold the token given when this scenario was saved"
                ),
            };
            Err(ApiError::new(StatusCode::FORBIDDEN, ErrorCode::Forbidden, detail).at(&path))
        }
    }
}

/// Reads a record off the async workers, or answers 404 (`unknown_scenario`) for an id that
/// is not saved or not even an id.
pub async fn load(state: &web::Data<AppState>, id: &str) -> Result<Record, ApiError> {
    let id = parse_id(id)?;
    let st = state.clone();
    let key = id.clone();
    let found = compute::blocking(state.limits.timeout, move |_| Ok(st.store.get(&key)))
        .await?
        .map_err(store_error)?;
    found.ok_or_else(|| unknown(id.as_str()))
}

fn parse_id(text: &str) -> Result<ScenarioId, ApiError> {
    ScenarioId::parse(text).ok_or_else(|| unknown(text))
}

fn unknown(id: &str) -> ApiError {
    let shown: String = id.chars().take(80).collect();
    ApiError::new(
        StatusCode::NOT_FOUND,
        ErrorCode::UnknownScenario,
        format!(
            "no saved scenario has the id \"{shown}\" (ids are \"sc-\" and 32 hex digits, as given by POST /v1/scenarios); it may have been deleted"
        ),
    )
}

/// A failed save or evaluation as a problem; scenario pointers start with `prefix`.
fn failure(e: Failure, prefix: &str) -> ApiError {
    match e {
        Failure::Scenario(e) => ApiError::from_scenario(e, prefix),
        Failure::Store(e) => store_error(e),
    }
}

/// A store failure as a problem: unreachable is a 503 the client may retry; the rest are
/// bugs or limits.
pub fn store_error(e: StoreError) -> ApiError {
    match e.kind {
        StoreErrorKind::Unavailable => {
            tracing::error!(error = %e.message, "scenario store unavailable");
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::StorageUnavailable,
                "the scenario store cannot be reached; retry in a moment",
            )
            .header(header::RETRY_AFTER, "1")
        }
        StoreErrorKind::TooLarge => {
            ApiError::limit("", e.message.clone(), "at most 8 MiB".into(), e.message)
        }
        StoreErrorKind::Corrupt | StoreErrorKind::Schema | StoreErrorKind::Config => {
            tracing::error!(error = %e.message, "scenario store failed");
            ApiError::internal()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_for_pages_and_sheets() {
        let id = ScenarioId::of("{}");
        assert_eq!(
            scenario_path(&id),
            "/v1/scenarios/sc-44136fa355b3678a1146ad16f7e8649e"
        );
        assert_eq!(
            estimate_path(&id),
            "/v1/scenarios/sc-44136fa355b3678a1146ad16f7e8649e/estimate"
        );
    }
}
