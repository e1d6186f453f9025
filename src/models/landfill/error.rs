//! Errors of the waste models (landfill baseline, composting) and the checks that produce them.
//!
//! Every input is checked before any arithmetic, so that a NaN, an infinity or an
//! out-of-range fraction is reported with the name of the field instead of leaking into
//! the results. Field names are the parameter keys of the catalog (e.g. `baseline.phi`).

use thiserror::Error;

use crate::units::Ratio;
use uom::si::ratio::ratio;

/// Why a waste model refused its inputs.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum WasteError {
    /// A number is NaN or infinite.
    #[error("{field}: must be a finite number, got {value}")]
    NotFinite {
        /// The parameter key.
        field: String,
        /// The offending value (in SI base units or as a plain fraction).
        value: f64,
    },
    /// A number lies outside the range the model accepts.
    #[error("{field}: {value} is out of range, expected {expected}")]
    OutOfRange {
        /// The parameter key.
        field: String,
        /// The offending value, in the unit named in `expected`.
        value: f64,
        /// The accepted range, with its unit.
        expected: &'static str,
    },
    /// The waste-composition fractions do not add up to one.
    #[error(
        "waste.composition: fractions sum to {sum}, expected 1 within ±{tolerance} \
         (list every component, including inert material)"
    )]
    CompositionSum {
        /// The sum of the fractions given.
        sum: f64,
        /// The accepted deviation from 1.
        tolerance: f64,
    },
    /// The climate zone cannot be decided without the potential evapotranspiration.
    #[error(
        "climate: mean annual temperature {temperature_c} °C is 20 °C or below, where IPCC 2006 \
         splits boreal/temperate sites into dry and wet by MAP/PET; give the potential \
         evapotranspiration (climate.pet) or set the climate zone (climate.zone) directly"
    )]
    PetRequired {
        /// The mean annual temperature given, °C.
        temperature_c: f64,
    },
    /// A default was asked for that the reference tables do not provide.
    #[error("{field}: no default value in the reference tables ({reason}); supply it")]
    NoDefault {
        /// The parameter key.
        field: String,
        /// Why there is no default.
        reason: &'static str,
    },
    /// Any other inconsistency, described in words.
    #[error("{field}: {problem}")]
    Invalid {
        /// The parameter key.
        field: String,
        /// What is wrong.
        problem: String,
    },
}

/// Shorthand for results of this model.
pub type WasteResult<T> = Result<T, WasteError>;

/// Rejects NaN and infinities.
pub(crate) fn check_finite(field: &str, value: f64) -> WasteResult<f64> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(WasteError::NotFinite {
            field: field.to_string(),
            value,
        })
    }
}

/// Accepts a finite number that is zero or more.
pub(crate) fn check_non_negative(field: &str, value: f64) -> WasteResult<f64> {
    check_finite(field, value)?;
    if value >= 0.0 {
        Ok(value)
    } else {
        Err(WasteError::OutOfRange {
            field: field.to_string(),
            value,
            expected: ">= 0",
        })
    }
}

/// Accepts a finite number strictly above zero.
pub(crate) fn check_positive(field: &str, value: f64, expected: &'static str) -> WasteResult<f64> {
    check_finite(field, value)?;
    if value > 0.0 {
        Ok(value)
    } else {
        Err(WasteError::OutOfRange {
            field: field.to_string(),
            value,
            expected,
        })
    }
}

/// Accepts a fraction in [0, 1].
pub(crate) fn check_fraction(field: &str, value: Ratio) -> WasteResult<Ratio> {
    let v = check_finite(field, value.get::<ratio>())?;
    if (0.0..=1.0).contains(&v) {
        Ok(value)
    } else {
        Err(WasteError::OutOfRange {
            field: field.to_string(),
            value: v,
            expected: "a fraction in [0, 1]",
        })
    }
}

/// Accepts a fraction in (0, 1].
pub(crate) fn check_positive_fraction(field: &str, value: Ratio) -> WasteResult<Ratio> {
    let v = check_finite(field, value.get::<ratio>())?;
    if v > 0.0 && v <= 1.0 {
        Ok(value)
    } else {
        Err(WasteError::OutOfRange {
            field: field.to_string(),
            value: v,
            expected: "a fraction in (0, 1]",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_field_and_the_problem() {
        let e = check_fraction("baseline.phi", Ratio::new::<ratio>(1.5)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "baseline.phi: 1.5 is out of range, expected a fraction in [0, 1]"
        );
        let e = check_non_negative("plant.capacity", f64::NAN).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("plant.capacity: must be a finite number")
        );
        let e = check_positive("waste.food.k", 0.0, "> 0 per year").unwrap_err();
        assert!(e.to_string().contains("waste.food.k"));
        assert!(check_positive_fraction("plant.compost_yield", Ratio::new::<ratio>(0.0)).is_err());
        assert!(check_positive_fraction("plant.compost_yield", Ratio::new::<ratio>(1.0)).is_ok());
    }
}
