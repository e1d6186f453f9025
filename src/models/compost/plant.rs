//! The compost plant and the crediting period.

use uom::si::mass_rate::ton_per_day;
use uom::si::time::day;

use super::error::{CompostError, CompostResultOf, check_fraction, check_non_negative};
use super::project::validate_yield;
use super::waste::WasteComposition;
use crate::units::{Mass, MassRate, Ratio, Time};

/// What the plant takes in and gives out.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CompostPlant {
    /// Design capacity (t of wet waste per operating day).
    pub capacity: MassRate,
    /// Share of the design capacity actually used on operating days.
    pub utilisation: Ratio,
    /// Operating days per year (a time, e.g. 365 d).
    pub operating_days: Time,
    /// Compost out per waste in, wet/wet (Badung: 17/50 = 0.34).
    pub compost_yield: Ratio,
    /// Composition of the waste treated.
    pub composition: WasteComposition,
}

impl CompostPlant {
    /// Checks capacity ≥ 0, utilisation ∈ [0, 1], 0 ≤ operating days ≤ 366, yield ∈ (0, 1].
    /// A plant that does not operate (0 days, like 0 % utilisation) treats no waste.
    pub(crate) fn validate(&self) -> CompostResultOf<()> {
        check_non_negative("plant.capacity", self.capacity.get::<ton_per_day>())?;
        check_fraction("plant.utilisation", self.utilisation)?;
        let days = check_non_negative("plant.operating_days", self.operating_days.get::<day>())?;
        if days > 366.0 {
            return Err(CompostError::OutOfRange {
                field: "plant.operating_days".into(),
                value: days,
                expected: "0 to 366 days per year",
            });
        }
        validate_yield(self.compost_yield)
    }
}

/// Waste treated in a year: `W = capacity · utilisation · operating days`.
///
/// # Units
/// Capacity in t/d, utilisation a fraction, operating days a time; returns t per year.
/// Badung at design: 50 t/d × 1 × 365 d = 18,250 t.
pub fn waste_treated_per_year(
    capacity: MassRate,
    utilisation: Ratio,
    operating_days: Time,
) -> Mass {
    capacity * utilisation * operating_days
}

/// Longest crediting period accepted, in years (CDM periods are 7 × 3 = 21 or 10 years;
/// longer horizons are for studying the decay tail).
pub const MAX_PERIOD_YEARS: u32 = 100;

/// The crediting period: whole years counted from its start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CreditingPeriod {
    /// Number of crediting years.
    pub years: u32,
}

impl CreditingPeriod {
    /// Checks 1 ≤ years ≤ [`MAX_PERIOD_YEARS`].
    pub(crate) fn validate(&self) -> CompostResultOf<usize> {
        if (1..=MAX_PERIOD_YEARS).contains(&self.years) {
            Ok(self.years as usize)
        } else {
            Err(CompostError::OutOfRange {
                field: "period.years".into(),
                value: f64::from(self.years),
                expected: "1 to 100 years",
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::compost::waste::WasteType;
    use uom::si::mass::ton;
    use uom::si::ratio::ratio;

    #[test]
    fn badung_throughput() {
        // 50 t/d × 0.8 × 300 d = 12,000 t/yr.
        let w = waste_treated_per_year(
            MassRate::new::<ton_per_day>(50.0),
            Ratio::new::<ratio>(0.8),
            Time::new::<day>(300.0),
        );
        assert!((w.get::<ton>() - 12_000.0).abs() < 1e-9);
    }

    #[test]
    fn plant_validation() {
        let plant = CompostPlant {
            capacity: MassRate::new::<ton_per_day>(50.0),
            utilisation: Ratio::new::<ratio>(1.0),
            operating_days: Time::new::<day>(365.0),
            compost_yield: Ratio::new::<ratio>(0.34),
            composition: WasteComposition::single(WasteType::Food),
        };
        assert!(plant.validate().is_ok());
        let idle = CompostPlant {
            operating_days: Time::new::<day>(0.0),
            ..plant
        };
        assert!(idle.validate().is_ok());
        let bad = CompostPlant {
            operating_days: Time::new::<day>(400.0),
            ..plant
        };
        assert!(
            bad.validate()
                .unwrap_err()
                .to_string()
                .starts_with("plant.operating_days")
        );
        let bad = CompostPlant {
            utilisation: Ratio::new::<ratio>(-0.1),
            ..plant
        };
        assert!(
            bad.validate()
                .unwrap_err()
                .to_string()
                .starts_with("plant.utilisation")
        );
        let bad = CompostPlant {
            capacity: MassRate::new::<ton_per_day>(f64::INFINITY),
            ..plant
        };
        assert!(
            bad.validate()
                .unwrap_err()
                .to_string()
                .starts_with("plant.capacity")
        );
        assert!(CreditingPeriod { years: 0 }.validate().is_err());
        assert!(CreditingPeriod { years: 101 }.validate().is_err());
        assert_eq!(CreditingPeriod { years: 10 }.validate().unwrap(), 10);
    }
}
