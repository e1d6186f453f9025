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

use crate::scenario::{ErrorCode, FieldError, ScenarioError};

/// The media type of problem documents.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// A stable, machine-readable error class. Clients branch on this, not on `title` or `detail`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ToSchema, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum ProblemCode {
    /// 400: the body is not valid JSON.
    MalformedJson,
    /// 400: a query parameter could not be read.
    InvalidQuery,
    /// 400: the request could not be read (another malformed part of the request).
    BadRequest,
    /// 422: the JSON does not have the documented shape (wrong type, unknown or missing field).
    InvalidBody,
    /// 415: the body is not `application/json`.
    UnsupportedMediaType,
    /// 413: the body is larger than the service accepts.
    PayloadTooLarge,
    /// 404: no such route.
    NotFound,
    /// 405: the route exists but not with this method (see the `Allow` header).
    MethodNotAllowed,
    /// 404 for a project id in the path; 422 for a project named in a request body.
    UnknownProject,
    /// 404 for a model id in the path; 422 for a model named in a request body.
    UnknownModel,
    /// 422: a parameter key is not a parameter of the model.
    UnknownParameter,
    /// 422: a value has the wrong dimension, an unknown unit, is out of range or not finite.
    InvalidValue,
    /// 422: an option (crediting period, grid factor, GWP set ...) is invalid.
    InvalidOption,
    /// 422: the weather data could not be read.
    InvalidWeather,
    /// 422: a value needed by the model is missing.
    MissingValue,
    /// 422: the model rejected the combination of inputs.
    ModelError,
    /// 422: a request limit was exceeded (batch size, weather size, Monte Carlo draws ...).
    LimitExceeded,
    /// 503: the computation did not finish within the request time budget.
    Timeout,
    /// 500: a bug; the detail says nothing about internals.
    InternalError,
}

impl ProblemCode {
    /// The snake_case identifier, as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            ProblemCode::MalformedJson => "malformed_json",
            ProblemCode::InvalidQuery => "invalid_query",
            ProblemCode::BadRequest => "bad_request",
            ProblemCode::InvalidBody => "invalid_body",
            ProblemCode::UnsupportedMediaType => "unsupported_media_type",
            ProblemCode::PayloadTooLarge => "payload_too_large",
            ProblemCode::NotFound => "not_found",
            ProblemCode::MethodNotAllowed => "method_not_allowed",
            ProblemCode::UnknownProject => "unknown_project",
            ProblemCode::UnknownModel => "unknown_model",
            ProblemCode::UnknownParameter => "unknown_parameter",
            ProblemCode::InvalidValue => "invalid_value",
            ProblemCode::InvalidOption => "invalid_option",
            ProblemCode::InvalidWeather => "invalid_weather",
            ProblemCode::MissingValue => "missing_value",
            ProblemCode::ModelError => "model_error",
            ProblemCode::LimitExceeded => "limit_exceeded",
            ProblemCode::Timeout => "timeout",
            ProblemCode::InternalError => "internal_error",
        }
    }

    /// A short, fixed summary of the class (the problem's `title`).
    pub fn title(self) -> &'static str {
        match self {
            ProblemCode::MalformedJson => "The body is not valid JSON",
            ProblemCode::InvalidQuery => "A query parameter is invalid",
            ProblemCode::BadRequest => "Bad request",
            ProblemCode::InvalidBody => "The body does not match the schema",
            ProblemCode::UnsupportedMediaType => "Unsupported media type",
            ProblemCode::PayloadTooLarge => "The body is too large",
            ProblemCode::NotFound => "Not found",
            ProblemCode::MethodNotAllowed => "Method not allowed",
            ProblemCode::UnknownProject => "Unknown project",
            ProblemCode::UnknownModel => "Unknown model",
            ProblemCode::UnknownParameter => "Unknown parameter",
            ProblemCode::InvalidValue => "Invalid value",
            ProblemCode::InvalidOption => "Invalid option",
            ProblemCode::InvalidWeather => "Invalid weather data",
            ProblemCode::MissingValue => "Missing value",
            ProblemCode::ModelError => "The model could not evaluate the scenario",
            ProblemCode::LimitExceeded => "A request limit was exceeded",
            ProblemCode::Timeout => "The computation took too long",
            ProblemCode::InternalError => "Internal error",
        }
    }

    /// The problem's `type`: a URN that never changes for a code.
    pub fn type_uri(self) -> String {
        format!("urn:tanso:problem:{}", self.as_str())
    }
}

impl From<ErrorCode> for ProblemCode {
    fn from(c: ErrorCode) -> Self {
        match c {
            ErrorCode::UnknownProject => ProblemCode::UnknownProject,
            ErrorCode::UnknownModel => ProblemCode::UnknownModel,
            ErrorCode::UnknownParameter => ProblemCode::UnknownParameter,
            ErrorCode::InvalidValue => ProblemCode::InvalidValue,
            ErrorCode::InvalidOption => ProblemCode::InvalidOption,
            ErrorCode::InvalidWeather => ProblemCode::InvalidWeather,
            ErrorCode::MissingValue => ProblemCode::MissingValue,
            ErrorCode::ModelError => ProblemCode::ModelError,
            ErrorCode::LimitExceeded => ProblemCode::LimitExceeded,
            ErrorCode::TimeBudgetExceeded => ProblemCode::Timeout,
        }
    }
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
    pub code: ProblemCode,
    /// The offending fields, each with a JSON pointer into the request.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
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
    pub fn new(status: StatusCode, code: ProblemCode, detail: impl Into<String>) -> Self {
        ApiError {
            status,
            problem: Box::new(Problem {
                type_uri: code.type_uri(),
                title: code.title().to_string(),
                status: status.as_u16(),
                detail: detail.into(),
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
        self.problem.errors.push(FieldError {
            pointer: pointer.into(),
            message: message.into(),
            expected,
            received,
        });
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
            ProblemCode::NotFound,
            format!("no resource at {path}; see /openapi.json or /docs for the routes"),
        )
    }

    /// 500 without internals.
    pub fn internal() -> Self {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ProblemCode::InternalError,
            "the service failed to process the request; this is a bug, please report it",
        )
    }

    /// A limit was exceeded at `pointer` (422).
    pub fn limit(pointer: &str, detail: impl Into<String>, limit: String, got: String) -> Self {
        let detail = detail.into();
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ProblemCode::LimitExceeded,
            detail.clone(),
        )
        .field(pointer, detail, Some(limit), Some(got))
    }

    /// A scenario error as a problem, with its pointers under `prefix` (e.g. `/scenarios/3`).
    pub fn from_scenario(e: ScenarioError, prefix: &str) -> Self {
        let code = ProblemCode::from(e.code);
        let detail = match prefix.rsplit_once('/') {
            Some((_, index)) if !index.is_empty() => format!("scenario {index}: {}", e.detail),
            _ => e.detail,
        };
        let mut err = ApiError::new(status_of(e.code), code, detail);
        err.problem.errors = e
            .errors
            .into_iter()
            .map(|f| FieldError {
                pointer: format!("{prefix}{}", f.pointer),
                ..f
            })
            .collect();
        err
    }
}

/// The HTTP status of a scenario error. Everything the scenario layer rejects is input the
/// request could carry, so it is 422; 404 is kept for ids in the URL path.
pub fn status_of(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::UnknownProject
        | ErrorCode::UnknownModel
        | ErrorCode::UnknownParameter
        | ErrorCode::InvalidValue
        | ErrorCode::InvalidOption
        | ErrorCode::InvalidWeather
        | ErrorCode::MissingValue
        | ErrorCode::ModelError
        | ErrorCode::LimitExceeded => StatusCode::UNPROCESSABLE_ENTITY,
        // The same 503 as the service's own time budget.
        ErrorCode::TimeBudgetExceeded => StatusCode::SERVICE_UNAVAILABLE,
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
            ProblemCode::MalformedJson,
            ProblemCode::UnknownProject,
            ProblemCode::LimitExceeded,
            ProblemCode::InternalError,
        ] {
            assert_eq!(
                serde_json::to_value(code).unwrap(),
                serde_json::json!(code.as_str())
            );
        }
    }

    #[test]
    fn scenario_errors_keep_their_fields_under_a_prefix() {
        let e = ScenarioError::field(
            ErrorCode::UnknownProject,
            "/project",
            "unknown project \"x\"",
        )
        .with_expected("one of renca-solar", "x");
        let api = ApiError::from_scenario(e, "/scenarios/2");
        assert_eq!(api.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(api.problem.code, ProblemCode::UnknownProject);
        assert_eq!(api.problem.errors[0].pointer, "/scenarios/2/project");
        assert_eq!(api.problem.errors[0].received.as_deref(), Some("x"));
    }
}
