//! The one middleware: for every request it writes one log line (method, path, status,
//! latency), records the metrics, and makes sure every error response is a problem document,
//! including those produced outside our handlers (e.g. by the Swagger UI service). While the
//! service drains before stopping, it also closes each connection after its response.

use std::time::Instant;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::http::{ConnectionType, StatusCode};
use actix_web::middleware::Next;
use actix_web::web;

use super::AppState;
use super::problem::{ApiError, ErrorCode, PROBLEM_JSON};

/// Logs, measures and normalises one request.
pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody + 'static>>, actix_web::Error> {
    let start = Instant::now();
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let _in_flight = state.as_ref().map(|s| s.metrics.start());
    let method = req.method().to_string();
    let path = req.path().to_string();

    let res = match next.call(req).await {
        Ok(res) => res,
        Err(e) => {
            // Only middleware can fail here (handlers' errors are already responses); log
            // and let actix render it, which the safety net below cannot reach.
            tracing::error!(method = %method, path = %path, error = %e, "request failed");
            return Err(e);
        }
    };
    let status = res.status();
    let is_problem = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with(PROBLEM_JSON));
    // The what-if page answers an invalid scenario with its own HTML, messages next to the
    // fields; it is not replaced by a problem document.
    let is_page = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("text/html"));
    let mut res = if status.as_u16() >= 400 && !is_problem && !is_page {
        let (req, _) = res.into_parts();
        let err = generic(status)
            .field(
                "",
                format!("the request could not be served: {method} {path}"),
                Some("a request to a path listed in /openapi.json".into()),
                Some(format!("{method} {path}")),
            )
            .at(&path);
        let response = actix_web::ResponseError::error_response(&err);
        ServiceResponse::new(req, response).map_into_right_body()
    } else {
        res.map_into_left_body()
    };
    if state.as_ref().is_some_and(|s| s.is_draining()) {
        // Stopping: a client (or load balancer) on a kept-alive connection reconnects for its
        // next request, and so reaches a replica that is still ready.
        res.response_mut()
            .head_mut()
            .set_connection_type(ConnectionType::Close);
    }

    let route = res
        .request()
        .match_pattern()
        .unwrap_or_else(|| "unmatched".to_string());
    let code = res
        .response()
        .extensions()
        .get::<ErrorCode>()
        .map(|c| c.as_str());
    let seconds = start.elapsed().as_secs_f64();
    if let Some(state) = &state {
        state
            .metrics
            .record(&method, &route, status.as_u16(), seconds, code);
    }
    let latency_ms = (seconds * 1e6).round() / 1e3;
    let status = status.as_u16();
    match code {
        Some(code) if status >= 500 => {
            tracing::error!(target: "tanso::http", %method, %path, status, latency_ms, code, "request")
        }
        Some(code) => {
            tracing::info!(target: "tanso::http", %method, %path, status, latency_ms, code, "request")
        }
        None => {
            tracing::info!(target: "tanso::http", %method, %path, status, latency_ms, "request")
        }
    }
    Ok(res)
}

/// A problem for an error response that did not come with one.
fn generic(status: StatusCode) -> ApiError {
    let (code, detail) = match status {
        StatusCode::NOT_FOUND => (ErrorCode::NotFound, "no such resource"),
        StatusCode::METHOD_NOT_ALLOWED => (
            ErrorCode::MethodNotAllowed,
            "the method is not allowed here",
        ),
        StatusCode::PAYLOAD_TOO_LARGE => (ErrorCode::PayloadTooLarge, "the body is too large"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            (ErrorCode::UnsupportedMediaType, "unsupported media type")
        }
        StatusCode::SERVICE_UNAVAILABLE => (ErrorCode::Timeout, "the service is unavailable"),
        s if s.is_server_error() => (
            ErrorCode::InternalError,
            "the service failed to process the request",
        ),
        _ => (ErrorCode::BadRequest, "the request could not be read"),
    };
    ApiError::new(status, code, detail)
}
