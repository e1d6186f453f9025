//! The edges of HTTP itself, before any route: `HEAD` is answered wherever `GET` is (RFC 9110
//! §9.3.2: the same status and headers, no body), and a request target or a header section
//! over the service's limits gets a problem document (414, 431) instead of a bare status.
//!
//! The limits sit well below actix-http's own (a 128 KiB request head, 96 header fields),
//! where the connection is answered with an empty 431 before any service runs; requests
//! between the two get the problem document.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;

use super::body::human_bytes;
use super::problem::{ApiError, ErrorCode};

/// Longest request target (path and query), in bytes. RFC 9110 §4.1 recommends accepting
/// at least 8,000 octets.
pub const MAX_URI_BYTES: usize = 8 << 10;
/// Largest header section (names and values), in bytes.
pub const MAX_HEADER_BYTES: usize = 64 << 10;
/// Most header fields.
pub const MAX_HEADER_FIELDS: usize = 64;

/// Refuses oversized request targets and header sections; routes `HEAD` as `GET` (the
/// connection still knows the request was `HEAD`, and sends no body).
pub async fn edges(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody + 'static>>, actix_web::Error> {
    if let Some(err) = oversized(&req) {
        let path: String = req.path().chars().take(200).collect();
        let (http, _) = req.into_parts();
        let response = actix_web::ResponseError::error_response(&err.at(&path));
        return Ok(ServiceResponse::new(http, response).map_into_right_body());
    }
    if req.method() == Method::HEAD {
        req.head_mut().method = Method::GET;
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_left_body)
}

/// The problem for a request over a limit, if it is.
fn oversized(req: &ServiceRequest) -> Option<ApiError> {
    let target = req.uri().path_and_query().map_or(0, |p| p.as_str().len());
    if target > MAX_URI_BYTES {
        return Some(
            ApiError::new(
                StatusCode::URI_TOO_LONG,
                ErrorCode::LimitExceeded,
                format!(
                    "the request target has {target} bytes, over the limit of {}",
                    human_bytes(MAX_URI_BYTES)
                ),
            )
            .field(
                "",
                "the request target (path and query) is too long",
                Some(format!("at most {MAX_URI_BYTES} bytes")),
                Some(format!("{target} bytes")),
            ),
        );
    }
    let headers = req.headers();
    let fields = headers.len();
    let bytes: usize = headers
        .iter()
        .map(|(n, v)| n.as_str().len() + v.as_bytes().len())
        .sum();
    if fields > MAX_HEADER_FIELDS || bytes > MAX_HEADER_BYTES {
        return Some(
            ApiError::new(
                StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
                ErrorCode::LimitExceeded,
                format!(
                    "the request has {fields} header fields of {bytes} bytes in all, over the limit of {MAX_HEADER_FIELDS} fields and {}",
                    human_bytes(MAX_HEADER_BYTES)
                ),
            )
            .field(
                "",
                "the header section is too large",
                Some(format!(
                    "at most {MAX_HEADER_FIELDS} header fields and {MAX_HEADER_BYTES} bytes"
                )),
                Some(format!("{fields} fields, {bytes} bytes")),
            ),
        );
    }
    None
}
