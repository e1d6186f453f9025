//! IPCC 2006 default net calorific values and CO2 emission factors of boiler fuels.
//!
//! 2006 IPCC Guidelines for National Greenhouse Gas Inventories, Vol. 2 (Energy), Ch. 1,
//! Table 1.2 (NCV, TJ/Gg, with the lower and upper limits of the 95 % interval) and
//! Table 1.4 (CO2, kg/TJ, with the 95 % interval). The values are carried with the
//! confidence of the `ipcc-2006-v2-ch1` source: the CO2 values of diesel, LPG and natural gas
//! agree with a transcription (confidence `secondary`); the rest are recalled and not yet
//! re-read in the primary tables (`unconfirmed`).

use uom::si::available_energy::megajoule_per_kilogram;

use crate::units::custom::mass_per_energy::kilogram_per_terajoule;
use crate::units::ghg::{Co2e, EmissionIntensity};
use crate::units::{EnergyPerMass, MassPerEnergy};

/// A boiler fuel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fuel {
    Diesel,
    Lpg,
    NaturalGas,
    ResidualFuelOil,
    BituminousCoal,
}

/// A default with its 95 % interval, as the IPCC tables give them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval<T> {
    pub low: T,
    pub default: T,
    pub high: T,
}

/// (NCV TJ/Gg low, default, high; CO2 kg/TJ low, default, high) of each fuel.
const TABLE: [(Fuel, [f64; 3], [f64; 3]); 5] = [
    (
        Fuel::Diesel,
        [41.4, 43.0, 43.3],
        [72_600.0, 74_100.0, 74_800.0],
    ),
    (
        Fuel::Lpg,
        [44.8, 47.3, 52.2],
        [61_600.0, 63_100.0, 65_600.0],
    ),
    (
        Fuel::NaturalGas,
        [46.5, 48.0, 50.4],
        [54_300.0, 56_100.0, 58_300.0],
    ),
    (
        Fuel::ResidualFuelOil,
        [39.8, 40.4, 41.7],
        [75_500.0, 77_400.0, 78_800.0],
    ),
    (
        Fuel::BituminousCoal,
        [19.9, 25.8, 30.5],
        [89_500.0, 94_600.0, 99_700.0],
    ),
];

fn row(fuel: Fuel) -> &'static (Fuel, [f64; 3], [f64; 3]) {
    TABLE
        .iter()
        .find(|(f, ..)| *f == fuel)
        .expect("every fuel is in the table")
}

/// Net calorific value (IPCC 2006 Vol. 2 Table 1.2; TJ/Gg equals MJ/kg).
pub fn net_calorific_value(fuel: Fuel) -> Interval<EnergyPerMass> {
    let [low, default, high] = row(fuel)
        .1
        .map(EnergyPerMass::new::<megajoule_per_kilogram>);
    Interval { low, default, high }
}

/// CO2 emission factor per unit of fuel energy (IPCC 2006 Vol. 2 Table 1.4, kg CO2/TJ on a
/// net calorific basis, oxidation factor 1).
pub fn co2_factor(fuel: Fuel) -> Interval<EmissionIntensity<Co2e>> {
    let [low, default, high] = row(fuel)
        .2
        .map(|v| EmissionIntensity::new(MassPerEnergy::new::<kilogram_per_terajoule>(v)));
    Interval { low, default, high }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::custom::mass_per_energy::tonne_per_megawatt_hour;

    #[test]
    fn diesel_factor_in_t_per_mwh() {
        // 74,100 kg/TJ × 3.6 GJ/MWh = 0.26676 t/MWh (1 TJ = 277.78 MWh).
        let f = co2_factor(Fuel::Diesel).default.per_energy();
        assert!((f.get::<tonne_per_megawatt_hour>() - 0.074_1 * 3.6).abs() < 1e-12);
        let ncv = net_calorific_value(Fuel::NaturalGas).default;
        assert!((ncv.get::<megajoule_per_kilogram>() - 48.0).abs() < 1e-12);
    }

    #[test]
    fn every_interval_brackets_its_default() {
        for (fuel, ..) in TABLE {
            let n = net_calorific_value(fuel);
            assert!(n.low <= n.default && n.default <= n.high, "{fuel:?}");
            let c = co2_factor(fuel);
            assert!(c.low.per_energy() <= c.default.per_energy(), "{fuel:?}");
            assert!(c.default.per_energy() <= c.high.per_energy(), "{fuel:?}");
        }
    }
}
