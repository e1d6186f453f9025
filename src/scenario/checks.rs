//! Post-conditions every outcome must meet before anyone reads it, whatever the model: no
//! NaN or infinity anywhere, nothing negative that physics keeps at or above zero (energy,
//! waste treated, baseline and project emissions, factors), and no share above 100 % (a
//! capacity factor, a performance ratio). What each value may be comes from the outcome
//! itself ([`Bound`], by default from the value's
//! [`Role`](crate::models::outcome::Role)), so a new model is checked
//! without registering anything here.
//!
//! A failure is a 422 `model_error` naming the figure, what it may be and what it would have
//! been: a calculator that refuses is better than one that returns a confident wrong number.

use crate::error::{ErrorCode, Field, FieldError, ScenarioError};
use crate::models::crediting::Ledger;
use crate::models::outcome::{Bound, Measured, Outcome};
use crate::units::{Ratio, format_readable};
use uom::si::ratio::ratio;

/// Why a value breaks its bound (what it must be), or `None` when it keeps it.
fn breaks(value: &Measured, bound: Bound) -> Option<&'static str> {
    if !value.is_finite() {
        return Some("a finite number");
    }
    match bound {
        Bound::Finite => None,
        Bound::NonNegative => value.is_negative().then_some("zero or more"),
        Bound::Share => {
            let share = value.get::<Ratio>().map(|r| r.get::<ratio>());
            (!share.is_some_and(|s| (0.0..=1.0 + 1e-12).contains(&s)))
                .then_some("between 0 % and 100 %")
        }
    }
}

fn shown(value: &Measured) -> String {
    let d = value.display();
    if d.value.is_finite() {
        d.readable(4)
    } else {
        format!("{} {}", d.value, d.unit).trim().to_string()
    }
}

fn refusal(what: &str, value: &Measured, must_be: &str) -> FieldError {
    FieldError {
        field: Field::parameters(),
        message: format!(
            "{what} would be {}, but it must be {must_be}: these inputs describe something that cannot exist",
            shown(value)
        ),
        expected: Some(format!("inputs for which {what} is {must_be}")),
        received: Some(shown(value)),
    }
}

fn check_ledger(ledger: &Ledger, period: &str, errors: &mut Vec<FieldError>) {
    for (i, year) in ledger.periods.iter().enumerate() {
        for (col, value) in ledger.columns.iter().zip(ledger.row(i)) {
            let bound = col.role.bound();
            if let Some(must_be) = breaks(value, bound) {
                errors.push(refusal(
                    &format!(
                        "{} of the {period} year starting {}",
                        col.label.to_lowercase(),
                        year.start
                    ),
                    value,
                    must_be,
                ));
                return;
            }
        }
    }
}

/// `Ok` when every value of `outcome` is what it can physically be; otherwise the first
/// failures (at most one per part of the outcome), as a 422 `model_error`.
pub fn check_outcome(outcome: &Outcome) -> Result<(), ScenarioError> {
    let mut errors = headline_errors(outcome);
    check_ledger(&outcome.crediting, "crediting", &mut errors);
    if let Some(l) = &outcome.lifetime {
        check_ledger(l, "plant-life", &mut errors);
    }
    for s in &outcome.series {
        if let Some(v) = s.values.iter().find(|v| !v.is_finite()) {
            errors.push(refusal(&s.label.to_lowercase(), v, "a finite number"));
        }
    }
    refuse(errors)
}

/// [`check_outcome`] on the headline figures only: what a Monte Carlo draw is summarised by
/// (the deterministic run of the same scenario has had the full check).
pub fn check_headline(outcome: &Outcome) -> Result<(), ScenarioError> {
    refuse(headline_errors(outcome))
}

fn headline_errors(outcome: &Outcome) -> Vec<FieldError> {
    outcome
        .headline
        .iter()
        .filter_map(|f| {
            breaks(&f.value, f.bound)
                .map(|must_be| refusal(&f.label.to_lowercase(), &f.value, must_be))
        })
        .collect()
}

fn refuse(errors: Vec<FieldError>) -> Result<(), ScenarioError> {
    if errors.is_empty() {
        return Ok(());
    }
    let count = errors.len();
    let first = errors[0].message.clone();
    let mut e = ScenarioError::many(ErrorCode::ModelError, errors);
    e.detail = if count == 1 {
        format!("the result fails a physical check: {first}")
    } else {
        format!(
            "the result fails {} physical checks, the first: {first}",
            format_readable(count as f64, 3)
        )
    };
    Err(e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Date;
    use crate::models::crediting::{Column, CreditingPeriod, Emissions};
    use crate::models::outcome::Role;
    use crate::units::ghg::{Co2e, GasMass};
    use crate::units::{Dimension, Energy, Mass};
    use uom::si::energy::megawatt_hour;
    use uom::si::mass::ton;
    use uom::si::ratio::percent;

    const ENERGY: [Column; 1] = [Column::sum(
        "energy",
        "Energy",
        Role::PhysicalOutput,
        Dimension::Energy,
    )];

    fn outcome(energy_mwh: f64, project_t: f64) -> Outcome {
        let p = CreditingPeriod {
            start: Date::parse("2025-01-01").unwrap(),
            end: Date::parse("2026-12-31").unwrap(),
        };
        let ledger = crate::models::crediting::Ledger::build(p.years(), &ENERGY, |_, cells| {
            cells.push(Energy::new::<megawatt_hour>(energy_mwh));
            Ok(Emissions {
                baseline: GasMass::<Co2e>::new(Mass::new::<ton>(10.0)),
                project: GasMass::new(Mass::new::<ton>(project_t)),
                leakage: GasMass::zero(),
            })
        })
        .unwrap();
        Outcome::from_ledgers(ledger, None)
    }

    #[test]
    fn a_plain_outcome_passes_even_with_negative_reductions() {
        // PE 30 t above BE 10 t: ER is −20 t a year, which is allowed.
        assert!(check_outcome(&outcome(100.0, 30.0)).is_ok());
    }

    #[test]
    fn negative_energy_nan_and_shares_above_one_are_refused() {
        let e = check_outcome(&outcome(-5.0, 1.0)).unwrap_err();
        assert_eq!(e.code, ErrorCode::ModelError);
        assert!(e.errors[0].message.contains("energy"), "{}", e.detail);
        assert_eq!(e.errors[0].received.as_deref(), Some("-5 MWh"));
        let e = check_outcome(&outcome(f64::NAN, 1.0)).unwrap_err();
        assert!(e.detail.contains("finite"), "{}", e.detail);
        let mut o = outcome(100.0, 1.0);
        o.share(
            "capacity_factor",
            "Capacity factor",
            Role::Indicator,
            Ratio::new::<percent>(191.0),
        );
        let e = check_outcome(&o).unwrap_err();
        assert!(
            e.detail.contains("capacity factor would be 191 %"),
            "{}",
            e.detail
        );
        assert!(e.errors[0].expected.as_deref().unwrap().contains("100 %"));
        let mut o = outcome(100.0, 1.0);
        o.share(
            "performance_ratio",
            "Performance ratio",
            Role::Indicator,
            Ratio::new::<percent>(80.0),
        );
        assert!(check_outcome(&o).is_ok());
    }

    #[test]
    fn negative_project_emissions_are_refused() {
        let e = check_outcome(&outcome(100.0, -3.0)).unwrap_err();
        assert!(e.detail.contains("project emissions"), "{}", e.detail);
    }
}
