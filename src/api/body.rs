//! Reading JSON request bodies: content type, size limit, then deserialization with a JSON
//! pointer to the first offending field. Every failure is a problem document:
//!
//! | failure | status | code |
//! |---|---|---|
//! | not `application/json` (or `+json`) | 415 | `unsupported_media_type` |
//! | larger than the body limit | 413 | `payload_too_large` |
//! | not JSON | 400 | `malformed_json` |
//! | JSON of the wrong shape (type, unknown or missing field) | 422 | `invalid_body` |

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{FromRequest, HttpMessage, HttpRequest, mime, web};
use serde::de::DeserializeOwned;

use super::AppState;
use super::problem::{ApiError, ErrorCode};
use super::shape::Schemas;

/// A JSON body of type `T`, read under the service's body limit.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned + utoipa::ToSchema + 'static> FromRequest for JsonBody<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let limit = state
            .as_ref()
            .map(|s| s.limits.max_body_bytes)
            .unwrap_or(super::limits::MAX_BODY_BYTES);
        let path = req.path().to_string();
        let checked = check_head(req, limit);
        let stream = actix_web::body::BodyStream::new(payload.take());
        let budget = state
            .as_ref()
            .map_or(super::limits::DEFAULT_BODY_TIMEOUT, |s| {
                s.limits.body_timeout
            });
        Box::pin(async move {
            checked.map_err(|e| e.at(&path))?;
            let read = actix_web::body::to_bytes_limited(stream, limit);
            let read = super::limits::within(budget, read)
                .await
                .map_err(|e| e.at(&path))?;
            let bytes = match read {
                Ok(Ok(bytes)) => bytes,
                Ok(Err(e)) => {
                    return Err(ApiError::new(
                        StatusCode::BAD_REQUEST,
                        ErrorCode::MalformedJson,
                        format!("the body could not be read: {e}"),
                    )
                    .at(&path));
                }
                Err(_) => return Err(too_large(limit).at(&path)),
            };
            let schemas = state.map(|s| s.schemas.clone()).unwrap_or_default();
            parse_json_as(&bytes, &schemas, &T::name())
                .map(JsonBody)
                .map_err(|e| e.at(&path))
        })
    }
}

/// Checks the content type and the announced length before reading the body.
fn check_head(req: &HttpRequest, limit: usize) -> Result<(), ApiError> {
    let is_json = match req.mime_type() {
        Ok(Some(m)) => {
            m.type_() == mime::APPLICATION
                && (m.subtype() == mime::JSON || m.suffix() == Some(mime::JSON))
        }
        _ => false,
    };
    if !is_json {
        let given = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("no Content-Type")
            .to_string();
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::UnsupportedMediaType,
            format!("the body must be JSON sent as Content-Type: application/json, got {given}"),
        )
        .field(
            "",
            "the Content-Type is not JSON",
            Some("Content-Type: application/json".into()),
            Some(given),
        ));
    }
    let announced = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if announced.is_some_and(|n| n > limit as u64) {
        return Err(too_large(limit));
    }
    Ok(())
}

fn too_large(limit: usize) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::PayloadTooLarge,
        format!(
            "the body exceeds the limit of {} bytes ({}); send less data, e.g. a shorter weather file",
            limit,
            human_bytes(limit)
        ),
    )
    .field(
        "",
        "the body is too large",
        Some(format!("at most {limit} bytes")),
        Some(format!("more than {limit} bytes")),
    )
}

/// `8388608` → `8 MiB`.
pub fn human_bytes(n: usize) -> String {
    if n >= 1 << 20 && n.is_multiple_of(1 << 20) {
        format!("{} MiB", n >> 20)
    } else if n >= 1 << 10 && n.is_multiple_of(1 << 10) {
        format!("{} KiB", n >> 10)
    } else {
        format!("{n} bytes")
    }
}

/// Parses a body: syntax errors are 400; values whose JSON type the component schema `name`
/// does not admit, and other shape errors, are 422 with a pointer to the field.
pub fn parse_json_as<T: DeserializeOwned>(
    bytes: &[u8],
    schemas: &Schemas,
    name: &str,
) -> Result<T, ApiError> {
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        let detail = format!("the body is not valid JSON: {}", strip_position(&e));
        ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::MalformedJson,
            detail.clone(),
        )
        .field(
            "",
            format!("{detail} (line {}, column {})", e.line(), e.column()),
            Some("a JSON document (RFC 8259)".into()),
            Some(near(bytes, e.line(), e.column())),
        )
    })?;
    schemas.check(name, &value, "").map_err(|m| {
        let at = if m.pointer.is_empty() {
            "the body".to_string()
        } else {
            m.pointer.trim_start_matches('/').replace('/', ".")
        };
        let expected = m
            .schema
            .as_deref()
            .and_then(friendly)
            .map(String::from)
            .unwrap_or(m.expected);
        let message = format!("expected {expected}, got {}", m.found);
        let received = value.pointer(&m.pointer).map(snippet);
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::InvalidBody,
            format!("{at}: {message}"),
        )
        .field(m.pointer, message, Some(expected), received)
    })?;
    from_value(&value, "")
}

/// Deserializes `value` into `T`; pointers in errors start with `prefix`.
pub fn from_value<T: DeserializeOwned>(
    value: &serde_json::Value,
    prefix: &str,
) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(value).map_err(|e| shape_error(&e, value, prefix))
}

/// Turns a deserialization error into a 422 naming the field, what was expected and what
/// was received.
fn shape_error(
    e: &serde_path_to_error::Error<serde_json::Error>,
    value: &serde_json::Value,
    prefix: &str,
) -> ApiError {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for seg in e.path().iter() {
        match seg {
            Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                pointer.push('/');
                pointer.push_str(&escape(key));
            }
            Segment::Unknown => {}
        }
    }
    let raw = strip_position(e.inner());
    let (message, expected, received) = describe(&raw, &mut pointer, value);
    let full = format!("{prefix}{pointer}");
    let at = if full.is_empty() {
        "the body".to_string()
    } else {
        full.trim_start_matches('/').replace('/', ".")
    };
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::InvalidBody,
        format!("{at}: {message}"),
    )
    .field(full, message, expected, received)
}

/// Reads serde's message into (message, expected, received); extends the pointer to the
/// unknown or missing field it names.
fn describe(
    raw: &str,
    pointer: &mut String,
    value: &serde_json::Value,
) -> (String, Option<String>, Option<String>) {
    let received_here = |p: &str| value.pointer(p).map(snippet);
    if let Some(rest) = raw.strip_prefix("unknown field `") {
        let (field, tail) = rest.split_once('`').unwrap_or((rest, ""));
        let expected = tail
            .trim_start_matches(", ")
            .strip_prefix("expected ")
            .map(|s| s.replace('`', "\""))
            .or_else(|| Some("no other fields".into()));
        if !pointer.ends_with(&format!("/{}", escape(field))) {
            pointer.push('/');
            pointer.push_str(&escape(field));
        }
        return (
            format!("unknown field \"{field}\""),
            expected.map(|e| format!("only known fields: {e}")),
            Some(field.to_string()),
        );
    }
    if let Some(rest) = raw.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        pointer.push('/');
        pointer.push_str(&escape(field));
        return (
            format!("the required field \"{field}\" is missing"),
            Some(format!("a value for \"{field}\"")),
            Some("nothing".into()),
        );
    }
    if let Some(rest) = raw.strip_prefix("data did not match any variant of untagged enum ") {
        let name = rest.trim();
        let expected = friendly(name)
            .map(String::from)
            .unwrap_or_else(|| format!("a value of type {name}"));
        return (
            format!("expected {expected}"),
            Some(expected),
            received_here(pointer),
        );
    }
    for prefix in ["invalid type: ", "invalid value: ", "invalid length "] {
        if let Some(rest) = raw.strip_prefix(prefix)
            && let Some((got, want)) = rest.split_once(", expected ")
        {
            let want = want.replace('`', "\"");
            return (
                format!("expected {want}, got {}", got.replace('`', "\"")),
                Some(want),
                received_here(pointer).or_else(|| Some(got.replace('`', ""))),
            );
        }
    }
    if let Some(rest) = raw.strip_prefix("unknown variant `") {
        let (variant, tail) = rest.split_once('`').unwrap_or((rest, ""));
        let expected = tail
            .trim_start_matches(", ")
            .strip_prefix("expected ")
            .unwrap_or("a known variant")
            .replace('`', "\"");
        return (
            format!("unknown value \"{variant}\""),
            Some(expected),
            Some(variant.to_string()),
        );
    }
    let received = received_here(pointer).or_else(|| Some(snippet(value)));
    (
        raw.to_string(),
        Some("the documented shape (see /openapi.json)".into()),
        received,
    )
}

/// What a value of a named schema looks like, for the schemas whose JSON type alone says
/// little.
fn friendly(schema: &str) -> Option<&'static str> {
    match schema {
        "ProjectRef" => {
            Some("a project id such as \"renca-solar\", or an inline project {\"model\": ...}")
        }
        "QuantityInput" => Some(
            "a quantity such as \"3 MW\", {\"value\": 3, \"unit\": \"MW\"}, a number (ratios), a choice, a year or a date",
        ),
        _ => None,
    }
}

/// A JSON value as compact text, cut to a readable length.
fn snippet(v: &serde_json::Value) -> String {
    let text = v.to_string();
    if text.chars().count() > 200 {
        let cut: String = text.chars().take(200).collect();
        format!("{cut}…")
    } else {
        text
    }
}

/// What the body has around a syntax error (line and column are 1-based), for `received`.
fn near(bytes: &[u8], line: usize, column: usize) -> String {
    if bytes.is_empty() {
        return "an empty body".into();
    }
    let text = String::from_utf8_lossy(bytes);
    let row = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
    let from = column.saturating_sub(30);
    let around: String = row.chars().skip(from).take(60).collect();
    format!("line {line}, column {column}: \"{around}\"")
}

/// Escapes a JSON pointer reference token (RFC 6901).
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// serde_json's message without its " at line L column C" suffix.
fn strip_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    text.strip_suffix(&suffix).unwrap_or(&text).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::ScenarioRequest;

    fn err(body: &str) -> ApiError {
        let schemas = Schemas::of(&crate::api::spec());
        match parse_json_as::<ScenarioRequest>(body.as_bytes(), &schemas, "ScenarioRequest") {
            Ok(_) => panic!("{body} parsed"),
            Err(e) => e,
        }
    }

    #[test]
    fn syntax_errors_are_400() {
        let e = err("{\"project\": ");
        assert_eq!(e.status, StatusCode::BAD_REQUEST);
        assert_eq!(e.problem.code, ErrorCode::MalformedJson);
    }

    #[test]
    fn unknown_fields_point_at_the_field() {
        let e = err(r#"{"project": "renca-solar", "optoins": {}}"#);
        assert_eq!(e.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(e.problem.code, ErrorCode::InvalidBody);
        assert_eq!(e.problem.errors[0].pointer, "/optoins");
        let e = err(r#"{"project": "renca-solar", "options": {"hourlyy": true}}"#);
        assert_eq!(e.problem.errors[0].pointer, "/options/hourlyy");
    }

    #[test]
    fn wrong_types_name_expected_and_received() {
        let e = err(r#"{"project": "renca-solar", "options": {"hourly": "yes"}}"#);
        let f = &e.problem.errors[0];
        assert_eq!(f.pointer, "/options/hourly");
        assert_eq!(f.expected.as_deref(), Some("a boolean"));
        assert_eq!(f.received.as_deref(), Some("\"yes\""));
        let e = err(r#"{"project": 3}"#);
        assert_eq!(e.problem.errors[0].pointer, "/project");
        assert_eq!(e.problem.errors[0].received.as_deref(), Some("3"));
    }

    #[test]
    fn missing_fields_point_at_the_field() {
        let e = err(r#"{"parameters": {}}"#);
        assert_eq!(e.problem.errors[0].pointer, "/project");
    }

    #[test]
    fn pointer_tokens_are_escaped() {
        assert_eq!(escape("a/b~c"), "a~1b~0c");
    }
}
