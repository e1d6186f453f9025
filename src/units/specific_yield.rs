//! Specific yield: energy delivered per unit of installed peak power (kWh/kWp).
//!
//! Dimensionally this is a time (kWh/kW = h), and `uom` would happily compare it with a
//! crediting period. A newtype keeps "1,500 kWh/kWp" from ever meeting "1,500 h".

use std::ops::Mul;

use super::{Energy, Power, Time};

/// Energy per unit of rated power, e.g. 1,650 kWh/kWp per year.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct SpecificYield(Time);

impl SpecificYield {
    /// Energy delivered divided by the rating that delivered it.
    pub fn from_energy_and_rating(energy: Energy, rating: Power) -> Self {
        SpecificYield(energy / rating)
    }

    /// Wraps the equivalent full-load time (1 kWh/kWp = 1 h).
    pub fn from_full_load_time(t: Time) -> Self {
        SpecificYield(t)
    }

    /// The equivalent full-load time.
    pub fn full_load_time(self) -> Time {
        self.0
    }
}

/// Specific yield × rating = energy.
impl Mul<Power> for SpecificYield {
    type Output = Energy;
    fn mul(self, rhs: Power) -> Energy {
        rhs * self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::custom::time::kilowatt_hour_per_kilowatt;
    use uom::si::energy::megawatt_hour;
    use uom::si::power::megawatt;

    #[test]
    fn yield_round_trips_through_energy() {
        // 3,300 MWh from 2 MW is 1,650 kWh/kWp.
        let y = SpecificYield::from_energy_and_rating(
            Energy::new::<megawatt_hour>(3300.0),
            Power::new::<megawatt>(2.0),
        );
        assert!((y.full_load_time().get::<kilowatt_hour_per_kilowatt>() - 1650.0).abs() < 1e-9);
        let e = y * Power::new::<megawatt>(1.0);
        assert!((e.get::<megawatt_hour>() - 1650.0).abs() < 1e-9);
    }
}
