//! Carbon balances as checked post-conditions: a waste model adds up the carbon it takes in,
//! the carbon it sends to the air and the carbon it leaves in solids (digestate, ash,
//! unburnt residue), and refuses a result where more carbon leaves than came in or where
//! the three do not add up. The error names the parameters that set the flows, so a reader
//! knows which input to correct.

use uom::si::mass::ton;

use crate::error::{ErrorCode, Field, FieldError, ScenarioError};
use crate::units::{Mass, format_readable};

/// Relative tolerance of the closure `in = out + stored` (rounding only).
const TOLERANCE: f64 = 1e-9;

/// The carbon of one year (or one tonne) of a process.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CarbonBalance {
    /// Carbon taken in with the material.
    pub carbon_in: Mass,
    /// Carbon sent to the air in any form (CO2, CH4, CO).
    pub released: Mass,
    /// Carbon left in solids or products.
    pub stored: Mass,
}

impl CarbonBalance {
    /// A balance whose stored carbon is what the input leaves after the releases.
    pub fn by_difference(carbon_in: Mass, released: Mass) -> Self {
        CarbonBalance {
            carbon_in,
            released,
            stored: carbon_in - released,
        }
    }

    /// Checks that every flow is a finite non-negative mass and that `in = released + stored`;
    /// otherwise refuses with `what` (the process, e.g. "the digester") and an error on each
    /// of `keys`, the parameters that set the flows.
    pub fn check(&self, what: &str, keys: &[&str]) -> Result<(), ScenarioError> {
        let t = |m: Mass| m.get::<ton>();
        let (cin, out, kept) = (t(self.carbon_in), t(self.released), t(self.stored));
        let finite = [cin, out, kept].iter().all(|v| v.is_finite());
        let problem = if !finite {
            Some("is not a finite number".to_string())
        } else if out > cin * (1.0 + TOLERANCE) {
            Some(format!(
                "releases {} t of carbon but takes in only {} t: more carbon out than in",
                format_readable(out, 4),
                format_readable(cin, 4)
            ))
        } else if cin < 0.0 || out < 0.0 || kept < -TOLERANCE * cin.max(1.0) {
            Some("has a negative carbon flow".to_string())
        } else if (cin - out - kept).abs() > TOLERANCE * cin.abs().max(1.0) {
            Some(format!(
                "does not close: {} t in, {} t released and {} t stored",
                format_readable(cin, 4),
                format_readable(out, 4),
                format_readable(kept, 4)
            ))
        } else {
            None
        };
        match problem {
            None => Ok(()),
            Some(p) => Err(refuse(&format!("the carbon balance of {what} {p}"), keys)),
        }
    }
}

/// A model error about a combination of parameters: one field error per key, all with the
/// same message, so an API client sees each offending parameter.
pub fn refuse(message: &str, keys: &[&str]) -> ScenarioError {
    let names = keys.join(", ");
    let message = if keys.is_empty() {
        message.to_string()
    } else {
        format!("{message} (check {names})")
    };
    ScenarioError {
        code: ErrorCode::ModelError,
        detail: message.clone(),
        errors: keys
            .iter()
            .map(|k| FieldError {
                field: Field::parameter(k),
                message: message.clone(),
                expected: None,
                received: None,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(v: f64) -> Mass {
        Mass::new::<ton>(v)
    }

    #[test]
    fn a_closing_balance_passes_and_an_impossible_one_names_its_parameters() {
        CarbonBalance::by_difference(t(10.0), t(4.0))
            .check("the plant", &["a"])
            .unwrap();
        let e = CarbonBalance::by_difference(t(10.0), t(12.0))
            .check("the digester", &["biogas_yield", "doc_food"])
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::ModelError);
        assert_eq!(e.errors.len(), 2);
        assert_eq!(e.errors[0].field.parameter_key(), Some("biogas_yield"));
        assert!(e.detail.contains("more carbon out than in"), "{}", e.detail);
        // Flows computed independently that do not add up are refused too.
        let open = CarbonBalance {
            carbon_in: t(10.0),
            released: t(4.0),
            stored: t(5.0),
        };
        assert!(
            open.check("x", &["k"])
                .unwrap_err()
                .detail
                .contains("does not close")
        );
        let nan = CarbonBalance::by_difference(t(f64::NAN), t(1.0));
        assert!(nan.check("x", &["k"]).is_err());
    }
}
