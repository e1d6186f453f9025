//! What the service accepts per request, and the checks made before a scenario is handed to
//! the scenario layer. Every limit is refused with a problem naming it: 413 for the body
//! size, 422 (`limit_exceeded`) for the others, 503 (`timeout`) for the time budget.

use std::time::Duration;

use crate::scenario::request::ProjectRef;
use crate::scenario::{ErrorCode, Field, FieldError, ScenarioError, ScenarioRequest};

/// Largest request body: room for an hourly weather file inline (an EPW is about 1.6 MB).
pub const MAX_BODY_BYTES: usize = 8 << 20;
/// Most scenarios in one batch.
pub const MAX_BATCH: usize = 100;
/// Longest inline weather text, in characters (the `maxLength` of `options.weather.data`).
pub const MAX_WEATHER_CHARS: usize = 6 << 20;
/// Most Monte Carlo draws per scenario (the uncertainty engine's limit).
pub const MAX_DRAWS: u32 = crate::uncertainty::MAX_DRAWS as u32;
/// Default time budget of one request's computation.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default time a client has to send a request's body once its headers are in (a client
/// that announces more bytes than it sends is answered 408 then, not held forever).
pub const DEFAULT_BODY_TIMEOUT: Duration = Duration::from_secs(30);
/// Environment variable that overrides the time budget, in seconds (e.g. `TANSO_REQUEST_TIMEOUT=60`).
pub const TIMEOUT_ENV: &str = "TANSO_REQUEST_TIMEOUT";

/// The limits in force.
#[derive(Debug, Clone)]
pub struct Limits {
    pub max_body_bytes: usize,
    pub max_batch: usize,
    pub max_weather_chars: usize,
    pub max_draws: u32,
    /// Time budget of one request's computation; a request over it gets a 503.
    pub timeout: Duration,
    /// Time to receive a request's body; a request over it gets a 408.
    pub body_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body_bytes: MAX_BODY_BYTES,
            max_batch: MAX_BATCH,
            max_weather_chars: MAX_WEATHER_CHARS,
            max_draws: MAX_DRAWS,
            timeout: DEFAULT_TIMEOUT,
            body_timeout: DEFAULT_BODY_TIMEOUT,
        }
    }
}

/// Awaits `read` (a request body being received) for at most `budget`; a client still
/// sending after that gets a 408 problem.
pub async fn within<T>(
    budget: Duration,
    read: impl std::future::Future<Output = T>,
) -> Result<T, super::problem::ApiError> {
    actix_web::rt::time::timeout(budget, read).await.map_err(|_| {
        let secs = budget.as_secs_f64();
        super::problem::ApiError::new(
            actix_web::http::StatusCode::REQUEST_TIMEOUT,
            ErrorCode::RequestTimeout,
            format!(
                "the request body did not arrive within {secs} s: send the whole body the Content-Length announces"
            ),
        )
        .field(
            "",
            "the body is incomplete",
            Some(format!("the whole body within {secs} s")),
            Some("fewer bytes than announced".into()),
        )
    })
}

impl Limits {
    /// The defaults, with the time budget from [`TIMEOUT_ENV`] if it is set to a number of
    /// seconds (fractions allowed).
    pub fn from_env() -> Result<Limits, String> {
        let mut limits = Limits::default();
        if let Ok(text) = std::env::var(TIMEOUT_ENV) {
            let secs: f64 = text
                .trim()
                .parse()
                .ok()
                .filter(|s: &f64| s.is_finite() && *s > 0.0 && *s <= 86_400.0)
                .ok_or_else(|| {
                    format!(
                        "{TIMEOUT_ENV}={text}: expected a number of seconds between 0 and 86400"
                    )
                })?;
            limits.timeout = Duration::from_secs_f64(secs);
        }
        Ok(limits)
    }

    /// Checks what the scenario layer does not: request sizes, the documented range of the
    /// seed, and shapes the models index into. Returns the first class of problems found,
    /// each field with its pointer.
    pub fn check_scenario(&self, req: &ScenarioRequest) -> Result<(), ScenarioError> {
        let o = &req.options;
        let mut limit_errors = Vec::new();
        if let Some(u) = &o.uncertainty
            && !(1..=self.max_draws).contains(&u.draws)
        {
            limit_errors.push(FieldError {
                field: Field::option("uncertainty.draws"),
                message: format!(
                    "the number of Monte Carlo draws must be between 1 and {} (the draws limit)",
                    self.max_draws
                ),
                expected: Some(format!("an integer from 1 to {}", self.max_draws)),
                received: Some(u.draws.to_string()),
            });
        }
        if let Some(w) = &o.weather {
            let chars = w.data.chars().count();
            if chars > self.max_weather_chars {
                limit_errors.push(FieldError {
                    field: Field::option("weather.data"),
                    message: format!(
                        "the weather text has {chars} characters, over the weather size limit of {}",
                        self.max_weather_chars
                    ),
                    expected: Some(format!("at most {} characters", self.max_weather_chars)),
                    received: Some(format!("{chars} characters")),
                });
            }
        }
        if !limit_errors.is_empty() {
            return Err(ScenarioError::many(ErrorCode::LimitExceeded, limit_errors));
        }
        // The seed's range is the scenario layer's, shared with the command line.
        if let Some(u) = &o.uncertainty {
            crate::scenario::monte_carlo::check_options(u)?;
        }
        if let ProjectRef::Inline(p) = &req.project
            && let Some(c) = &p.climate
        {
            let mut errors = Vec::new();
            let series = [
                ("ghi_daily", c.ghi_daily.len(), false),
                ("temp_mean", c.temp_mean.len(), false),
                ("temp_min", c.temp_min.len(), false),
                ("temp_max", c.temp_max.len(), false),
                ("wind", c.wind.len(), true),
            ];
            for (name, len, one_allowed) in series {
                if len != 12 && !(one_allowed && len == 1) {
                    errors.push(FieldError {
                        field: Field::project(&format!("climate.{name}")),
                        message: format!("needs 12 monthly values, got {len}"),
                        expected: Some(if one_allowed {
                            "12 monthly values, January first, or 1 for every month".into()
                        } else {
                            "12 monthly values, January first".into()
                        }),
                        received: Some(format!("{len} values")),
                    });
                }
            }
            if !errors.is_empty() {
                return Err(ScenarioError::many(ErrorCode::InvalidValue, errors));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::request::{UncertaintyOptions, WeatherFormat, WeatherInput};

    fn request() -> ScenarioRequest {
        serde_json::from_str(r#"{"project": "renca-solar"}"#).unwrap()
    }

    #[test]
    fn draws_outside_the_limit_are_refused() {
        let limits = Limits::default();
        let mut req = request();
        req.options.uncertainty = Some(UncertaintyOptions {
            draws: MAX_DRAWS + 1,
            seed: 1,
            ..Default::default()
        });
        let e = limits.check_scenario(&req).unwrap_err();
        assert_eq!(e.code, ErrorCode::LimitExceeded);
        assert_eq!(e.errors[0].field.dotted(), "options.uncertainty.draws");
        req.options.uncertainty.as_mut().unwrap().draws = MAX_DRAWS;
        assert!(limits.check_scenario(&req).is_ok());
    }

    #[test]
    fn long_weather_text_is_refused() {
        let limits = Limits {
            max_weather_chars: 10,
            ..Limits::default()
        };
        let mut req = request();
        req.options.weather = Some(WeatherInput {
            format: WeatherFormat::Csv,
            data: "x".repeat(11),
        });
        let e = limits.check_scenario(&req).unwrap_err();
        assert!(e.detail.contains("weather size limit"), "{}", e.detail);
    }
}
