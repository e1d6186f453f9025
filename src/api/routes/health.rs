//! Liveness, readiness and metrics.

use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::api::AppState;

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

/// Readiness: the catalog is loaded and the service takes requests.
#[derive(Debug, Serialize, ToSchema)]
pub struct Ready {
    /// `ready`.
    #[schema(example = "ready")]
    pub status: String,
    /// Version (content hash) of the data catalog.
    pub dataset: String,
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

/// Readiness: the data catalog is loaded and validated.
#[utoipa::path(
    operation_id = "readyz",
    tag = "service",
    responses((status = 200, description = "Ready to take requests", body = Ready))
)]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> web::Json<Ready> {
    web::Json(Ready {
        status: "ready".into(),
        dataset: state.catalog.version.clone(),
        projects: state.catalog.seeds.len(),
        models: state.catalog.models.len(),
    })
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
