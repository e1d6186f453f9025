//! Why a scenario could not be evaluated, per field, in a form the API turns into an RFC 9457
//! problem document and the CLI prints as text.

use serde::Serialize;
use utoipa::ToSchema;

/// A stable, machine-readable error class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
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
    /// A request limit was exceeded.
    LimitExceeded,
    /// The per-request time budget ran out before the work finished.
    TimeBudgetExceeded,
}

/// One offending field.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct FieldError {
    /// JSON pointer to the field in the request, e.g. `/parameters/capacity`.
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

/// A scenario that could not be evaluated.
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
    pub fn field(code: ErrorCode, pointer: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        ScenarioError {
            code,
            detail: format!("{}: {message}", pointer_to_key(pointer)),
            errors: vec![FieldError {
                pointer: pointer.to_string(),
                message,
                expected: None,
                received: None,
            }],
        }
    }

    /// Adds what was expected and what was received to the (single) field error.
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
            [one] => format!("{}: {}", pointer_to_key(&one.pointer), one.message),
            many => format!("{} fields are invalid", many.len()),
        };
        ScenarioError {
            code,
            detail,
            errors,
        }
    }
}

/// `/parameters/capacity` → `parameters.capacity`, for messages.
fn pointer_to_key(pointer: &str) -> String {
    pointer.trim_start_matches('/').replace('/', ".")
}
