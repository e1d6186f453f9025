//! Mass balances as checked post-conditions: what leaves a process cannot hold more of an
//! element than what entered it. Ranges checked one parameter at a time cannot see this (a
//! compost yield, a compost carbon content and a landfilled share can each be plausible and
//! together put more carbon into the landfill than the waste ever had), so a model that moves
//! carbon through a process states its flows here and gets a 422 naming the parameters that
//! set them when they do not balance.
//!
//! Two forms: [`Balance`] lists named flows in and out (`Σ out ≤ Σ in`, for the inputs of
//! composting); [`CarbonBalance`] closes `in = released + stored` for a year or a tonne of a
//! process (digesters, incinerators, burnt residue).

use uom::si::mass::ton;

use crate::error::{ErrorCode, Field, FieldError, ScenarioError};
use crate::units::{Mass, QuantityValue, format_readable};

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
                expected: Some("inputs whose carbon balance closes (no more out than in)".into()),
                received: Some(message.clone()),
            })
            .collect(),
    }
}

/// A flow of the element into or out of the process.
#[derive(Debug, Clone, PartialEq)]
pub struct Flow {
    /// What carries it, for a person (e.g. "compost (yield × DOC of compost)").
    pub what: String,
    /// Mass of the element.
    pub mass: Mass,
}

impl Flow {
    pub fn new(what: impl Into<String>, mass: Mass) -> Self {
        Flow {
            what: what.into(),
            mass,
        }
    }
}

/// The flows of one element through a process.
#[derive(Debug, Clone, PartialEq)]
pub struct Balance {
    /// The element, e.g. "carbon".
    pub element: &'static str,
    /// What the flows are counted for, e.g. "per tonne of waste".
    pub basis: &'static str,
    pub inputs: Vec<Flow>,
    pub outputs: Vec<Flow>,
}

fn total(flows: &[Flow]) -> Mass {
    flows
        .iter()
        .map(|f| f.mass)
        .fold(Mass::default(), |a, b| a + b)
}

fn shown(m: Mass) -> String {
    QuantityValue::of(m).readable(3)
}

fn listed(flows: &[Flow]) -> String {
    flows
        .iter()
        .map(|f| format!("{} {}", f.what, shown(f.mass)))
        .collect::<Vec<_>>()
        .join(" + ")
}

impl Balance {
    /// `Ok` when no more of the element leaves than entered (to 1 part in 10⁹); otherwise a
    /// 422 `model_error` with one entry per parameter in `parameters` (the ones that set the
    /// flows), each with what was expected and what was received.
    pub fn check(&self, parameters: &[&str]) -> Result<(), ScenarioError> {
        let (inp, out) = (total(&self.inputs), total(&self.outputs));
        if out.value <= inp.value * (1.0 + 1e-9) {
            return Ok(());
        }
        let times = format_readable(out.value / inp.value.max(f64::MIN_POSITIVE), 3);
        let message = format!(
            "more {e} leaves than enters, {basis}: {out_list} = {o} out, against {in_list} = {i} in ({times} times as much)",
            e = self.element,
            basis = self.basis,
            out_list = listed(&self.outputs),
            o = shown(out),
            in_list = listed(&self.inputs),
            i = shown(inp),
        );
        let errors = parameters
            .iter()
            .map(|key| FieldError {
                field: Field::parameter(key),
                message: message.clone(),
                expected: Some(format!(
                    "values whose {} out ({}) is at most the {} in: {}",
                    self.element,
                    self.basis,
                    self.element,
                    shown(inp)
                )),
                received: Some(format!("{} out", shown(out))),
            })
            .collect();
        let mut e = ScenarioError::many(ErrorCode::ModelError, errors);
        e.detail = format!("{} balance: {message}", self.element);
        Err(e)
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

    fn kg(v: f64) -> Mass {
        Mass::new::<uom::si::mass::kilogram>(v)
    }

    #[test]
    fn out_above_in_is_refused_naming_every_parameter() {
        // The case per tonne of food waste: 150 kg C in (DOC 15 %); compost yield
        // 100 % at 60 % DOC carries 600 kg C out.
        let b = Balance {
            element: "carbon",
            basis: "per tonne of waste",
            inputs: vec![Flow::new("waste DOC", kg(150.0))],
            outputs: vec![Flow::new("compost", kg(600.0))],
        };
        let e = b.check(&["compost_yield", "doc_compost"]).unwrap_err();
        assert_eq!(e.code, ErrorCode::ModelError);
        assert_eq!(e.errors.len(), 2);
        assert_eq!(e.errors[1].field.dotted(), "parameters.doc_compost");
        assert!(e.detail.contains("4 times"), "{}", e.detail);
        assert!(e.errors[0].received.is_some() && e.errors[0].expected.is_some());
    }

    #[test]
    fn balanced_and_losing_processes_pass() {
        let b = Balance {
            element: "carbon",
            basis: "per tonne of waste",
            inputs: vec![Flow::new("waste DOC", kg(150.0))],
            outputs: vec![Flow::new("compost", kg(34.0)), Flow::new("CH4", kg(3.0))],
        };
        assert!(b.check(&["doc_compost"]).is_ok());
        let exact = Balance {
            outputs: vec![Flow::new("all", kg(150.0))],
            ..b
        };
        assert!(exact.check(&["doc_compost"]).is_ok());
    }
}
