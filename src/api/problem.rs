//! RFC 9457 problem documents: every 4xx and 5xx the service sends.
//!
//! A problem has the standard members (`type`, `title`, `status`, `detail`, `instance`) and two
//! extensions: a stable machine-readable `code` and, per offending field, `errors[]` with a JSON
//! `pointer` into the request, what was `expected` and what was `received`.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

pub use crate::error::ErrorCode;
use crate::error::{Field, ScenarioError};

/// The media type of problem documents.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// The `type` of a problem: a URN that never changes for a code.
pub fn type_uri(code: ErrorCode) -> String {
    format!("urn:tanso:problem:{}", code.as_str())
}

/// One offending field of a problem.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct FieldError {
    /// JSON pointer (RFC 6901) to the field in the request body, e.g. `/parameters/capacity`;
    /// empty when the problem is the request as a whole or a part outside the body (the path,
    /// the query, the headers), which `message` then names.
    pub pointer: String,
    /// What is wrong.
    pub message: String,
    /// What was expected (dimension with example units, valid values, range).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// What was received.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub received: Option<String>,
}

/// The JSON pointer of an engine field, below `prefix` (e.g. `/scenarios/3`).
pub fn pointer(prefix: &str, field: &Field) -> String {
    let mut out = prefix.to_string();
    for s in field.segments() {
        out.push('/');
        out.push_str(&s.replace('~', "~0").replace('/', "~1"));
    }
    out
}

/// An RFC 9457 problem document.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[schema(example = json!({
    "type": "urn:tanso:problem:invalid_value",
    "title": "Invalid value",
    "status": 422,
    "detail": "parameters.capacity: expected a power such as \"kW\" or \"MW\", got \"3 MWh\" (an energy)",
    "instance": "/v1/estimates",
    "code": "invalid_value",
    "errors": [{
        "pointer": "/parameters/capacity",
        "message": "expected a power such as \"kW\" or \"MW\", got \"3 MWh\" (an energy)",
        "expected": "a power such as \"kW\" or \"MW\" between 0.05 kW and 500 MW",
        "received": "3 MWh"
    }]
}))]
pub struct Problem {
    /// A URN naming the problem class (`urn:tanso:problem:<code>`).
    #[serde(rename = "type")]
    pub type_uri: String,
    /// A short summary of the class; the same for every problem with this `code`.
    pub title: String,
    /// The HTTP status code.
    #[schema(minimum = 400, maximum = 599)]
    pub status: u16,
    /// What went wrong in this request, for humans.
    pub detail: String,
    /// The request path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// The stable, machine-readable error class.
    pub code: ErrorCode,
    /// The offending fields, each with a JSON pointer into the request.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

/// The longest `detail`, `message` or `expected` a problem carries, in characters; `received`
/// echoes at most [`crate::units::MAX_ECHO_CHARS`]. A problem about a 7 MB value stays small.
pub const MAX_TEXT_CHARS: usize = 1000;

/// The most field errors one problem lists (a body with ten thousand unknown keys gets the
/// first hundred, and the detail says how many there were).
pub const MAX_FIELD_ERRORS: usize = 100;

fn clip(text: String, max: usize) -> String {
    if text.len() <= max {
        text
    } else {
        crate::units::clip(&text, max)
    }
}

impl FieldError {
    /// The same field error with its texts cut to their limits.
    fn bounded(self) -> Self {
        FieldError {
            pointer: clip(self.pointer, MAX_TEXT_CHARS),
            message: clip(self.message, MAX_TEXT_CHARS),
            expected: self.expected.map(|t| clip(t, MAX_TEXT_CHARS)),
            received: self.received.map(|t| clip(t, crate::units::MAX_ECHO_CHARS)),
        }
    }
}

/// An error a handler or extractor returns; rendered as a [`Problem`].
#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub problem: Box<Problem>,
    /// Extra headers (e.g. `Allow` on a 405, `Retry-After` on a 503).
    pub headers: Vec<(header::HeaderName, HeaderValue)>,
}

impl ApiError {
    /// A problem of `code` with `status` and a human `detail`.
    pub fn new(status: StatusCode, code: ErrorCode, detail: impl Into<String>) -> Self {
        ApiError {
            status,
            problem: Box::new(Problem {
                type_uri: type_uri(code),
                title: code.title().to_string(),
                status: status.as_u16(),
                detail: clip(detail.into(), MAX_TEXT_CHARS),
                instance: None,
                code,
                errors: Vec::new(),
            }),
            headers: Vec::new(),
        }
    }

    /// Adds one offending field.
    pub fn field(
        mut self,
        pointer: impl Into<String>,
        message: impl Into<String>,
        expected: Option<String>,
        received: Option<String>,
    ) -> Self {
        self.problem.errors.push(
            FieldError {
                pointer: pointer.into(),
                message: message.into(),
                expected,
                received,
            }
            .bounded(),
        );
        self
    }

    /// Sets the request path the problem occurred on.
    pub fn at(mut self, path: &str) -> Self {
        self.problem.instance = Some(path.to_string());
        self
    }

    /// Adds a response header.
    pub fn header(mut self, name: header::HeaderName, value: &str) -> Self {
        if let Ok(v) = HeaderValue::from_str(value) {
            self.headers.push((name, v));
        }
        self
    }

    /// 404 for a path that matches no route.
    pub fn not_found(path: &str) -> Self {
        ApiError::new(
            StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
            format!("no resource at {path}; see /openapi.json or /docs for the routes"),
        )
        .field(
            "",
            "no resource at this path",
            Some("a path listed in /openapi.json (or /docs)".into()),
            Some(path.to_string()),
        )
    }

    /// 500 without internals.
    pub fn internal() -> Self {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::InternalError,
            "the service failed to process the request; this is a bug, please report it",
        )
    }

    /// A limit was exceeded at `pointer` (422).
    pub fn limit(pointer: &str, detail: impl Into<String>, limit: String, got: String) -> Self {
        let detail = detail.into();
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::LimitExceeded,
            detail.clone(),
        )
        .field(pointer, detail, Some(limit), Some(got))
    }

    /// A scenario error as a problem, with its pointers under `prefix` (e.g. `/scenarios/3`).
    pub fn from_scenario(e: ScenarioError, prefix: &str) -> Self {
        let code = e.code;
        let detail = match prefix.rsplit_once('/') {
            Some((_, index)) if !index.is_empty() => format!("scenario {index}: {}", e.detail),
            _ => e.detail,
        };
        let total = e.errors.len();
        let detail = if total > MAX_FIELD_ERRORS {
            format!("{detail} (the first {MAX_FIELD_ERRORS} of {total} are listed)")
        } else {
            detail
        };
        let mut err = ApiError::new(status_of(e.code), code, detail);
        err.problem.errors = e
            .errors
            .into_iter()
            .take(MAX_FIELD_ERRORS)
            .map(|f| {
                FieldError {
                    pointer: pointer(prefix, &f.field),
                    message: f.message,
                    expected: f.expected,
                    received: f.received,
                }
                .bounded()
            })
            .collect();
        err
    }
}

/// The HTTP status of a scenario error. Everything the scenario layer rejects is input the
/// request could carry, so it is 422; 404 is kept for ids in the URL path.
pub fn status_of(code: ErrorCode) -> StatusCode {
    use ErrorCode::*;
    match code {
        MalformedJson | InvalidQuery | BadRequest => StatusCode::BAD_REQUEST,
        UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        NotFound | UnknownScenario => StatusCode::NOT_FOUND,
        Forbidden => StatusCode::FORBIDDEN,
        MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        NotAcceptable => StatusCode::NOT_ACCEPTABLE,
        InvalidBody | UnknownProject | UnknownModel | UnknownParameter | InvalidValue
        | InvalidOption | InvalidWeather | MissingValue | ModelError | LimitExceeded => {
            StatusCode::UNPROCESSABLE_ENTITY
        }
        // The same 503 as the service's own time budget.
        Timeout | StorageUnavailable | NotReady => StatusCode::SERVICE_UNAVAILABLE,
        RequestTimeout => StatusCode::REQUEST_TIMEOUT,
        InternalError => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl From<ScenarioError> for ApiError {
    fn from(e: ScenarioError) -> Self {
        ApiError::from_scenario(e, "")
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} ({}): {}",
            self.status,
            self.problem.code.as_str(),
            self.problem.detail
        )
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        problem_response(self.status, &self.problem, &self.headers)
    }
}

/// The HTTP response for a problem. The code is also put in the response extensions so that
/// the metrics and the request log can count errors by class.
pub fn problem_response(
    status: StatusCode,
    problem: &Problem,
    headers: &[(header::HeaderName, HeaderValue)],
) -> HttpResponse {
    let body = serde_json::to_string(problem).unwrap_or_else(|_| {
        // Serializing a struct of strings cannot fail; keep a valid document regardless.
        format!(
            "{{\"type\":\"urn:tanso:problem:internal_error\",\"title\":\"Internal error\",\"status\":{},\"detail\":\"\",\"code\":\"internal_error\"}}",
            status.as_u16()
        )
    });
    let mut res = HttpResponse::build(status);
    res.insert_header((header::CONTENT_TYPE, PROBLEM_JSON));
    for (name, value) in headers {
        res.insert_header((name.clone(), value.clone()));
    }
    let mut res = res.body(body);
    res.extensions_mut().insert(problem.code);
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialize_as_their_identifiers() {
        for code in [
            ErrorCode::MalformedJson,
            ErrorCode::UnknownProject,
            ErrorCode::LimitExceeded,
            ErrorCode::InternalError,
        ] {
            assert_eq!(
                serde_json::to_value(code).unwrap(),
                serde_json::json!(code.as_str())
            );
        }
    }

    #[test]
    fn scenario_errors_keep_their_fields_under_a_prefix() {
        let e = ScenarioError::project(ErrorCode::UnknownProject, "", "unknown project \"x\"")
            .with_expected("one of renca-solar", "x");
        let api = ApiError::from_scenario(e, "/scenarios/2");
        assert_eq!(api.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(api.problem.code, ErrorCode::UnknownProject);
        assert_eq!(api.problem.errors[0].pointer, "/scenarios/2/project");
        assert_eq!(api.problem.errors[0].received.as_deref(), Some("x"));
    }
}
