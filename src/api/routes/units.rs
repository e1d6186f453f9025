//! `GET /v1/units` (accepted unit symbols per dimension, from the unit table),
//! `POST /v1/units/convert` and `POST /v1/units/eval` (the units playground).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::AppState;
use crate::api::body::JsonBody;
use crate::api::problem::{ApiError, ErrorCode, Problem};
use crate::units::eval::{EvalError, EvalField, Evaluation};
use crate::units::{Dimension, QuantityInput, QuantityValue, UnitErrorKind};

/// Every dimension with its accepted units.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnitsCatalog {
    pub dimensions: Vec<DimensionUnits>,
}

/// A dimension and the unit symbols accepted for it.
#[derive(Debug, Serialize, ToSchema)]
pub struct DimensionUnits {
    pub id: Dimension,
    /// How messages name it, e.g. `a power`.
    pub phrase: String,
    /// The unit results of this dimension are reported in.
    pub display_unit: String,
    pub units: Vec<UnitView>,
}

/// An accepted unit.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnitView {
    /// The canonical symbol (empty for a bare number).
    pub symbol: String,
    pub name: String,
    /// Other accepted spellings.
    pub aliases: Vec<String>,
}

/// A quantity to convert.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"quantity": "2 MW", "to": "kW"}))]
pub struct ConvertRequest {
    /// The quantity, e.g. `"2 MW"` or `{"value": 2, "unit": "MW"}`.
    pub quantity: QuantityInput,
    /// The target unit, of the same dimension, e.g. `kW`.
    pub to: String,
}

/// A converted quantity.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"value": 2000.0, "unit": "kW", "dimension": "power", "from": {"value": 2.0, "unit": "MW"}}))]
pub struct ConvertResult {
    /// The number in `unit`.
    pub value: f64,
    /// The canonical symbol of the target unit.
    pub unit: String,
    pub dimension: Dimension,
    /// The quantity as read.
    pub from: QuantityValue,
}

/// The accepted unit symbols of every dimension.
#[utoipa::path(
    operation_id = "list_units",
    tag = "units",
    responses((status = 200, description = "Units by dimension", body = UnitsCatalog))
)]
#[get("/v1/units")]
pub async fn list() -> web::Json<UnitsCatalog> {
    web::Json(UnitsCatalog {
        dimensions: Dimension::ALL
            .into_iter()
            .map(|d| DimensionUnits {
                id: d,
                phrase: d.phrase().to_string(),
                display_unit: d.display_unit().symbol.to_string(),
                units: d
                    .units()
                    .map(|u| UnitView {
                        symbol: u.symbol.to_string(),
                        name: u.name.to_string(),
                        aliases: u.aliases.iter().map(|a| a.to_string()).collect(),
                    })
                    .collect(),
            })
            .collect(),
    })
}

/// Converts a quantity to another unit of the same dimension: `{"quantity": "2 MW", "to":
/// "kW"}` gives `{"value": 2000, "unit": "kW"}`.
#[utoipa::path(
    operation_id = "convert_units",
    tag = "units",
    request_body(content = ConvertRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "The converted quantity", body = ConvertResult),
        (status = 422, description = "The quantity cannot be read, the unit is unknown, the dimensions differ or the result is not finite (`invalid_value`), or the body is malformed (`invalid_body`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/units/convert")]
pub async fn convert(
    req: HttpRequest,
    body: JsonBody<ConvertRequest>,
) -> Result<web::Json<ConvertResult>, ApiError> {
    convert_quantity(&body.0)
        .map(web::Json)
        .map_err(|e| e.at(req.path()))
}

/// An expression to evaluate over tanso's unit table.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"expression": "2 MW * 8760 h * 16.5 %", "to": "MWh"}))]
pub struct EvalRequest {
    /// Quantities (a number and a unit from `GET /v1/units`, written without spaces inside the
    /// unit) joined by `+ - * /` and parentheses; `gwp(ar5)` converts CH4 or N2O to CO2e.
    /// At most 1,000 characters.
    pub expression: String,
    /// A unit to express the result in, e.g. `MWh`; the dimension's display unit if omitted.
    #[serde(default)]
    pub to: Option<String>,
}

/// An evaluated expression.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"value": 2890.8, "unit": "MWh", "readable": "2,890.8 MWh", "dimension": "energy", "phrase": "an energy", "si": {"value": 10406880000000.0, "unit": "kg·m²·s⁻²"}, "warnings": []}))]
pub struct EvalResult {
    /// The number in `unit`.
    pub value: f64,
    /// The unit symbol (empty for a bare number).
    pub unit: String,
    /// The result for a person: rounded, with thousands separators and the unit.
    pub readable: String,
    /// tanso's dimension of the result, when it has one.
    pub dimension: Option<Dimension>,
    /// The dimension in words, e.g. `an energy`.
    pub phrase: String,
    /// The value in SI base units, and that unit (e.g. `kg·m²·s⁻²`).
    pub si: QuantityValue,
    /// Notes about the expression, e.g. a bare number used as a factor.
    pub warnings: Vec<String>,
}

impl From<Evaluation> for EvalResult {
    fn from(e: Evaluation) -> Self {
        EvalResult {
            readable: e.readable(),
            value: e.value,
            unit: e.unit,
            dimension: e.dimension,
            phrase: e.phrase,
            si: QuantityValue {
                value: e.si_value,
                unit: e.si_unit,
            },
            warnings: e.warnings,
        }
    }
}

/// Evaluates an expression such as `2 MW * 8760 h * 16.5 %` over tanso's unit table: the
/// value, its dimension and readable units. An expression without meaning (a power added to
/// an energy, methane added to CO2e) is refused with a 422 that says which operand has which
/// dimension and what would make sense.
#[utoipa::path(
    operation_id = "evaluate_units",
    tag = "units",
    request_body(content = EvalRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "The value of the expression", body = EvalResult),
        (status = 422, description = "The expression has no meaning, cannot be read or is too long, or the target unit does not fit (`invalid_value`), or the body is malformed (`invalid_body`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/units/eval")]
pub async fn eval(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: JsonBody<EvalRequest>,
) -> Result<web::Json<EvalResult>, ApiError> {
    let sets: Vec<_> = state.catalog.gwp_sets.iter().map(|g| g.set()).collect();
    evaluate_expression(&body.0, &sets)
        .map(web::Json)
        .map_err(|e| e.at(req.path()))
}

/// The evaluation ([`crate::units::eval::evaluate`]), with its errors as problem fields.
pub fn evaluate_expression(
    r: &EvalRequest,
    gwp_sets: &[crate::units::ghg::GwpSet],
) -> Result<EvalResult, ApiError> {
    crate::units::eval::evaluate(&r.expression, r.to.as_deref(), gwp_sets)
        .map(EvalResult::from)
        .map_err(|e: EvalError| {
            let (pointer, received) = match e.field {
                EvalField::Expression => ("/expression", r.expression.clone()),
                EvalField::To => ("/to", r.to.clone().unwrap_or_default()),
            };
            invalid(pointer, e.message, e.expected, received)
        })
}

fn invalid(pointer: &str, message: String, expected: String, received: String) -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::InvalidValue,
        format!("{}: {message}", pointer.trim_start_matches('/')),
    )
    .field(pointer, message, Some(expected), Some(received))
}

/// The conversion itself ([`crate::units::convert`]), with its errors as problem fields.
pub fn convert_quantity(r: &ConvertRequest) -> Result<ConvertResult, ApiError> {
    use crate::units::ConvertError;
    let written = crate::units::clip(&r.quantity.as_written(), crate::units::MAX_ECHO_CHARS);
    let to = crate::units::clip(&r.to, crate::units::MAX_ECHO_CHARS);
    let c = crate::units::convert(&r.quantity, &r.to).map_err(|e| match e {
        ConvertError::Read(kind) => {
            let message = match &kind {
                UnitErrorKind::UnknownUnit {
                    unit, suggestions, ..
                } => {
                    let hint = if suggestions.is_empty() {
                        String::new()
                    } else {
                        format!("; closest accepted units: {}", suggestions.join(", "))
                    };
                    format!("unknown unit \"{unit}\"{hint}")
                }
                UnitErrorKind::NotANumber { .. } => {
                    format!("\"{written}\" does not start with a number")
                }
                other => other.to_string(),
            };
            let expected = match &kind {
                UnitErrorKind::BelowAbsoluteZero { .. } => {
                    "a temperature at or above absolute zero (0 K, −273.15 °C, −459.67 °F)".into()
                }
                UnitErrorKind::UnknownUnit { expected, .. } => format!(
                    "a number and a unit of {} such as {} (see GET /v1/units)",
                    expected.phrase(),
                    expected.examples()
                ),
                _ => "a number and a unit such as \"2 MW\" (see GET /v1/units)".into(),
            };
            invalid("/quantity", message, expected, written.clone())
        }
        ConvertError::Dimensions { from, to: to_dim } => {
            let accepted: Vec<&str> = from.units().map(|u| u.symbol).collect();
            invalid(
                "/to",
                format!(
                    "cannot convert {} (\"{written}\") to {} (\"{}\")",
                    from.phrase(),
                    to_dim.phrase(),
                    to
                ),
                format!("a unit of {}: {}", from.phrase(), accepted.join(", ")),
                to.clone(),
            )
        }
        ConvertError::UnknownTarget(u) => invalid(
            "/to",
            format!(
                "unknown unit \"{}\"",
                crate::units::clip(&u, crate::units::MAX_ECHO_CHARS)
            ),
            "a unit of the quantity's dimension (see GET /v1/units)".into(),
            to.clone(),
        ),
        ConvertError::NotFinite => invalid(
            "/quantity",
            format!("\"{written}\" in {to} is not a finite number"),
            "a quantity whose conversion is finite".into(),
            written.clone(),
        ),
    })?;
    Ok(ConvertResult {
        value: c.value,
        unit: c.unit.symbol.to_string(),
        dimension: c.unit.dimension,
        from: QuantityValue {
            value: c.from.value,
            unit: c.from.unit.symbol.to_string(),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conv(q: &str, to: &str) -> Result<ConvertResult, ApiError> {
        convert_quantity(&ConvertRequest {
            quantity: q.into(),
            to: to.into(),
        })
    }

    #[test]
    fn converts_within_a_dimension() {
        let r = conv("2 MW", "kW").unwrap();
        assert_eq!((r.value, r.unit.as_str()), (2000.0, "kW"));
        assert_eq!(r.dimension, Dimension::Power);
        let r = conv("25 °C", "K").unwrap();
        assert!((r.value - 298.15).abs() < 1e-9);
    }

    #[test]
    fn evaluates_and_refuses_with_a_pointer() {
        let ev = |e: &str, to: Option<&str>| {
            evaluate_expression(
                &EvalRequest {
                    expression: e.into(),
                    to: to.map(String::from),
                },
                &[],
            )
        };
        // 2 MW × 8,760 h × 16.5 % = 2,890.8 MWh.
        let r = ev("2 MW * 8760 h * 16.5 %", Some("MWh")).unwrap();
        assert_eq!(r.readable, "2,890.8 MWh");
        assert_eq!(r.dimension, Some(Dimension::Energy));
        let e = ev("2 MW + 1 MWh", None).unwrap_err();
        assert_eq!(e.problem.errors[0].pointer, "/expression");
        assert!(
            e.problem.detail.contains("cannot add an energy"),
            "{}",
            e.problem.detail
        );
        let e = ev("2 MW", Some("kWh")).unwrap_err();
        assert_eq!(e.problem.errors[0].pointer, "/to");
    }

    #[test]
    fn refuses_other_dimensions_and_unknown_units() {
        let e = conv("2 MW", "kWh").unwrap_err();
        assert_eq!(e.problem.errors[0].pointer, "/to");
        assert!(
            e.problem.detail.contains("cannot convert a power"),
            "{}",
            e.problem.detail
        );
        let e = conv("2 MWW", "kW").unwrap_err();
        assert_eq!(e.problem.errors[0].pointer, "/quantity");
        assert!(e.problem.detail.contains("MW"), "{}", e.problem.detail);
    }
}
