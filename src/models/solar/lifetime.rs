//! Energy over the life of a system with constant-rate degradation.

use uom::si::ratio::ratio;

use crate::units::custom::frequency::per_year;
use crate::units::{AnnualRate, Energy, Ratio};

/// Output factor in year index y (0 for the first year) under compound degradation:
/// f = (1 − d)^y.
///
/// As PVWatts v8 lifetime mode (`dc_degradation`, NREL SSC `cmod_pvwattsv8.cpp`); the rate
/// d = 0.5 %/yr default is the median of Jordan & Kurtz (2013), "Photovoltaic degradation
/// rates — an analytical review", Prog. Photovolt. 21, 12–29 (NREL/JA-5200-51664).
/// Inputs: degradation rate d (per year), year index. Output: factor (–).
pub fn degradation_factor(rate: AnnualRate, year_index: u32) -> Ratio {
    let d = rate.get::<per_year>();
    Ratio::new::<ratio>((1.0 - d).powi(year_index as i32))
}

/// Energy of each year of a period: E_y = E_1·(1 − d)^y, y = 0 … years − 1.
///
/// See [`degradation_factor`]. Inputs: first-year energy, rate, number of years. Output:
/// one energy per year.
pub fn degraded_energy(first_year: Energy, rate: AnnualRate, years: u32) -> Vec<Energy> {
    (0..years)
        .map(|y| first_year * degradation_factor(rate, y).get::<ratio>())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::custom::frequency::percent_per_year;
    use uom::si::energy::megawatt_hour;

    #[test]
    fn compound_degradation() {
        // 0.5 %/yr: year index 2 → 0.995² = 0.990025 (hand computation); index 24 →
        // 0.995^24 = 0.886654 (hand computation, 6 digits).
        let r = AnnualRate::new::<percent_per_year>(0.5);
        let e = degraded_energy(Energy::new::<megawatt_hour>(1000.0), r, 25);
        assert_eq!(e.len(), 25);
        assert!((e[0].get::<megawatt_hour>() - 1000.0).abs() < 1e-9);
        assert!((e[2].get::<megawatt_hour>() - 990.025).abs() < 1e-9);
        assert!((e[24].get::<megawatt_hour>() - 886.654).abs() < 1e-3);
    }
}
