//! Mass balances a model checks on its own inputs: what leaves a process cannot hold more of
//! an element than what entered it. Ranges checked one parameter at a time cannot see this
//! (a compost yield, a compost carbon content and a landfilled share can each be plausible
//! and together put more carbon into the landfill than the waste ever had), so a model that
//! moves an element through a process states its flows here and gets a 422 naming the
//! parameters when they do not balance.
//!
//! Flows are masses of the element for the same amount of feed (per tonne of waste, per
//! year ...); the check is `Σ out ≤ Σ in`.

use crate::error::{ErrorCode, Field, FieldError, ScenarioError};
use crate::units::{Mass, QuantityValue, format_readable};

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
    use uom::si::mass::kilogram;

    fn kg(v: f64) -> Mass {
        Mass::new::<kilogram>(v)
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
