//! Why something could not be computed: one error-code list for the whole crate, and the
//! engine's error, which names the offending input by its place in the scenario (a parameter
//! key, an option, a part of the project), never by a transport detail. The HTTP layer turns
//! a [`Field`] into a JSON pointer and the code into a status; the CLI prints both as text.

use serde::Serialize;
use utoipa::ToSchema;

/// A stable, machine-readable error class. Clients branch on this, not on messages. The
/// engine uses the scenario codes; the service adds the request-shape codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ToSchema, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The body is not valid JSON.
    MalformedJson,
    /// A query parameter could not be read.
    InvalidQuery,
    /// The request could not be read (another malformed part of the request).
    BadRequest,
    /// The JSON does not have the documented shape (wrong type, unknown or missing field).
    InvalidBody,
    /// The body is not `application/json`.
    UnsupportedMediaType,
    /// The body is larger than the service accepts.
    PayloadTooLarge,
    /// No such resource.
    NotFound,
    /// The resource exists but not with this method.
    MethodNotAllowed,
    /// None of the media types the request accepts can be produced (here).
    NotAcceptable,
    /// The project id is not in the catalog.
    UnknownProject,
    /// The model id is not in the catalog.
    UnknownModel,
    /// A parameter key is not a parameter of the model.
    UnknownParameter,
    /// A value has the wrong dimension, an unknown unit, is out of range or not finite.
    InvalidValue,
    /// An option (crediting period, grid factor, GWP set ...) is invalid.
    InvalidOption,
    /// The weather data could not be read.
    InvalidWeather,
    /// A value needed by the model is missing.
    MissingValue,
    /// The model rejected the combination of inputs.
    ModelError,
    /// A request limit was exceeded (batch size, weather size, Monte Carlo draws ...).
    LimitExceeded,
    /// The computation did not finish within its time budget.
    Timeout,
    /// No saved scenario has this id (never saved, or deleted).
    UnknownScenario,
    /// The delete token is missing or is not the one given when the scenario was saved.
    Forbidden,
    /// The scenario store cannot be reached or refused the operation; retry later.
    StorageUnavailable,
    /// The service is not ready: it is stopping, or its scenario store cannot be reached.
    NotReady,
    /// A bug; the detail says nothing about internals.
    InternalError,
    /// The request's body did not arrive in time (408).
    RequestTimeout,
}

impl ErrorCode {
    /// The snake_case identifier, as serialized.
    pub fn as_str(self) -> &'static str {
        use ErrorCode::*;
        match self {
            MalformedJson => "malformed_json",
            InvalidQuery => "invalid_query",
            BadRequest => "bad_request",
            InvalidBody => "invalid_body",
            UnsupportedMediaType => "unsupported_media_type",
            PayloadTooLarge => "payload_too_large",
            NotFound => "not_found",
            MethodNotAllowed => "method_not_allowed",
            NotAcceptable => "not_acceptable",
            UnknownProject => "unknown_project",
            UnknownModel => "unknown_model",
            UnknownParameter => "unknown_parameter",
            InvalidValue => "invalid_value",
            InvalidOption => "invalid_option",
            InvalidWeather => "invalid_weather",
            MissingValue => "missing_value",
            ModelError => "model_error",
            LimitExceeded => "limit_exceeded",
            Timeout => "timeout",
            UnknownScenario => "unknown_scenario",
            Forbidden => "forbidden",
            StorageUnavailable => "storage_unavailable",
            NotReady => "not_ready",
            InternalError => "internal_error",
            RequestTimeout => "request_timeout",
        }
    }

    /// A short, fixed summary of the class.
    pub fn title(self) -> &'static str {
        use ErrorCode::*;
        match self {
            MalformedJson => "The body is not valid JSON",
            InvalidQuery => "A query parameter is invalid",
            BadRequest => "Bad request",
            InvalidBody => "The body does not match the schema",
            UnsupportedMediaType => "Unsupported media type",
            PayloadTooLarge => "The body is too large",
            NotFound => "Not found",
            MethodNotAllowed => "Method not allowed",
            NotAcceptable => "Not acceptable",
            UnknownProject => "Unknown project",
            UnknownModel => "Unknown model",
            UnknownParameter => "Unknown parameter",
            InvalidValue => "Invalid value",
            InvalidOption => "Invalid option",
            InvalidWeather => "Invalid weather data",
            MissingValue => "Missing value",
            ModelError => "The model could not evaluate the scenario",
            LimitExceeded => "A limit was exceeded",
            Timeout => "The computation took too long",
            UnknownScenario => "Unknown saved scenario",
            Forbidden => "Forbidden",
            StorageUnavailable => "The scenario store is unavailable",
            NotReady => "Not ready",
            InternalError => "Internal error",
            RequestTimeout => "The request did not arrive in time",
        }
    }
}

/// Where in a scenario a problem is: a path of names from the top of the scenario, e.g.
/// `["parameters", "capacity"]` or `["options", "grid_factor", "trajectory", "2", "value"]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field(Vec<String>);

impl Field {
    /// A model parameter, by key.
    pub fn parameter(key: &str) -> Self {
        Field(vec!["parameters".into(), key.into()])
    }

    /// All parameters at once (a problem with their combination).
    pub fn parameters() -> Self {
        Field(vec!["parameters".into()])
    }

    /// An option; `path` is dot-separated below `options`, e.g. `"grid_factor.constant"`.
    pub fn option(path: &str) -> Self {
        Self::under("options", path)
    }

    /// A part of the project; `path` is dot-separated below `project` (empty for the project
    /// itself), e.g. `"location.latitude"`.
    pub fn project(path: &str) -> Self {
        Self::under("project", path)
    }

    fn under(top: &str, path: &str) -> Self {
        let mut v = vec![top.to_string()];
        v.extend(
            path.split('.')
                .filter(|s| !s.is_empty())
                .map(str::to_string),
        );
        Field(v)
    }

    /// The names from the top of the scenario.
    pub fn segments(&self) -> &[String] {
        &self.0
    }

    /// The parameter key, if the field is a model parameter.
    pub fn parameter_key(&self) -> Option<&str> {
        match self.0.as_slice() {
            [top, key, ..] if top == "parameters" => Some(key),
            _ => None,
        }
    }

    /// `parameters.capacity`, for messages.
    pub fn dotted(&self) -> String {
        self.0.join(".")
    }
}

/// One offending field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldError {
    pub field: Field,
    /// What is wrong.
    pub message: String,
    /// What was expected (dimension with example units, valid values, range).
    pub expected: Option<String>,
    /// What was received.
    pub received: Option<String>,
}

/// A scenario that could not be evaluated, or a catalog value a model could not use.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{detail}")]
pub struct ScenarioError {
    pub code: ErrorCode,
    /// One sentence for humans.
    pub detail: String,
    /// The offending fields.
    pub errors: Vec<FieldError>,
}

impl ScenarioError {
    /// An error about one field.
    pub fn at(code: ErrorCode, field: Field, message: impl Into<String>) -> Self {
        let message = message.into();
        ScenarioError {
            code,
            detail: format!("{}: {message}", field.dotted()),
            errors: vec![FieldError {
                field,
                message,
                expected: None,
                received: None,
            }],
        }
    }

    /// An error about a model parameter.
    pub fn parameter(code: ErrorCode, key: &str, message: impl Into<String>) -> Self {
        Self::at(code, Field::parameter(key), message)
    }

    /// An error about an option (`path` dot-separated below `options`).
    pub fn option(code: ErrorCode, path: &str, message: impl Into<String>) -> Self {
        Self::at(code, Field::option(path), message)
    }

    /// An error about the project (`path` dot-separated below `project`).
    pub fn project(code: ErrorCode, path: &str, message: impl Into<String>) -> Self {
        Self::at(code, Field::project(path), message)
    }

    /// Adds what was expected and what was received to the last field error.
    pub fn with_expected(
        mut self,
        expected: impl Into<String>,
        received: impl Into<String>,
    ) -> Self {
        if let Some(e) = self.errors.last_mut() {
            e.expected = Some(expected.into());
            e.received = Some(received.into());
        }
        self
    }

    /// Several field errors of one class.
    pub fn many(code: ErrorCode, errors: Vec<FieldError>) -> Self {
        let detail = match errors.as_slice() {
            [] => "the scenario is invalid".to_string(),
            [one] => format!("{}: {}", one.field.dotted(), one.message),
            [first, ..] => format!(
                "{} fields are invalid; the first, {}: {}",
                errors.len(),
                first.field.dotted(),
                first.message
            ),
        };
        ScenarioError {
            code,
            detail,
            errors,
        }
    }

    /// The same error with its detail prefixed (e.g. "draw 17 of the Monte Carlo failed").
    pub fn context(mut self, prefix: &str) -> Self {
        self.detail = format!("{prefix}: {}", self.detail);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_paths_not_pointers() {
        let f = Field::option("grid_factor.trajectory.2.value");
        assert_eq!(
            f.segments(),
            ["options", "grid_factor", "trajectory", "2", "value"]
        );
        assert_eq!(
            Field::parameter("capacity").parameter_key(),
            Some("capacity")
        );
        assert_eq!(Field::project("").segments(), ["project"]);
        let e = ScenarioError::parameter(ErrorCode::InvalidValue, "tilt", "too steep")
            .with_expected("0 to 90 deg", "120 deg");
        assert_eq!(e.detail, "parameters.tilt: too steep");
        assert_eq!(e.errors[0].received.as_deref(), Some("120 deg"));
    }
}
