//! Liveness, readiness and metrics.

use std::time::Duration;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::api::AppState;
use crate::api::problem::{ApiError, ErrorCode};

/// How long readiness waits for the scenario store to answer.
const STORE_PING: Duration = Duration::from_secs(3);

/// Liveness and versions.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// Always `ok` when the process answers.
    #[schema(example = "ok")]
    pub status: String,
    /// Version of tanso.
    pub version: String,
    /// Version (content hash) of the data catalog.
    #[schema(example = "data-0123456789abcdef")]
    pub dataset: String,
}

/// Readiness: the catalog is loaded, the scenario store answers, and the service takes
/// requests.
#[derive(Debug, Serialize, ToSchema)]
pub struct Ready {
    /// `ready`.
    #[schema(example = "ready")]
    pub status: String,
    /// Version (content hash) of the data catalog.
    pub dataset: String,
    /// The scenario store: `sqlite` or `postgres`.
    #[schema(example = "sqlite")]
    pub store: String,
    /// Number of documented projects.
    pub projects: usize,
    /// Number of models.
    pub models: usize,
}

/// Liveness: answers as long as the process runs, also while estimates are being computed.
#[utoipa::path(
    operation_id = "healthz",
    tag = "service",
    responses((status = 200, description = "The service is alive", body = Health))
)]
#[get("/healthz")]
pub async fn healthz(state: web::Data<AppState>) -> web::Json<Health> {
    web::Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        dataset: state.catalog.version.clone(),
    })
}

/// Readiness: the data catalog is loaded and validated and the scenario store answers. 503
/// once a stop signal has arrived (the service drains, then stops), or while the store cannot
/// be reached: a load balancer sends requests elsewhere.
#[utoipa::path(
    operation_id = "readyz",
    tag = "service",
    responses(
        (status = 200, description = "Ready to take requests", body = Ready),
        (status = 503, description = "Not ready (`not_ready`): stopping, or the scenario store cannot be reached", body = crate::api::problem::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> Result<web::Json<Ready>, ApiError> {
    if state.is_draining() {
        return Err(not_ready("the service is stopping"));
    }
    let st = state.clone();
    // The ping is input and output, not computation: it runs on actix's blocking pool, not
    // behind the estimates in the compute queue, so a replica busy computing still says it is
    // ready instead of failing its probe while it works.
    let ping = web::block(move || st.store.ping());
    match actix_web::rt::time::timeout(STORE_PING, ping).await {
        Ok(Ok(Ok(()))) => {}
        Ok(Ok(Err(e))) => {
            tracing::warn!(error = %e, "readiness: the scenario store does not answer");
            return Err(not_ready("the scenario store cannot be reached"));
        }
        Ok(Err(_panicked)) => return Err(not_ready("the scenario store check failed")),
        Err(_elapsed) => return Err(not_ready("the scenario store did not answer in time")),
    }
    Ok(web::Json(Ready {
        status: "ready".into(),
        dataset: state.catalog.version.clone(),
        store: state.store.backend().as_str().into(),
        projects: state.catalog.seeds.len(),
        models: state.catalog.models.len(),
    }))
}

fn not_ready(why: &str) -> ApiError {
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        ErrorCode::NotReady,
        format!("not ready: {why}"),
    )
    .header(header::RETRY_AFTER, "1")
    .at("/readyz")
}

/// Prometheus metrics in the text exposition format: `tanso_http_requests_total`,
/// `tanso_http_request_duration_seconds` (histogram), `tanso_http_errors_total` (by status
/// and problem code), `tanso_http_requests_in_flight`, `tanso_build_info`.
#[utoipa::path(
    operation_id = "metrics",
    tag = "service",
    responses((status = 200, description = "Metrics", body = String, content_type = "text/plain"))
)]
#[get("/metrics")]
pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(
            state
                .metrics
                .render(env!("CARGO_PKG_VERSION"), &state.catalog.version),
        )
}
