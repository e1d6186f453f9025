//! Electric cars replacing combustion cars: per vehicle and year,
//! `ER = km × (ICE consumption × energy content × fuel factor − EV kWh/km ÷ (1 − charging
//! losses) × grid factor of the year)`.
//!
//! The combustion side uses IPCC 2006 Vol. 2 road-transport factors (CO2, CH4, N2O through the
//! GWP set); the electric side the electricity drawn from the grid, which is the energy the
//! battery receives plus what the charger and battery lose (losses given as a share of the
//! energy drawn). The structure is that of the JCM feasibility studies of EV fleets: reference
//! emissions of the fuel the cars would have burned minus project emissions of the electricity
//! they use.

pub mod plugin;

use crate::units::transport::{EnergyPerDistance, VehicleDistance};
use crate::units::{Energy, Ratio};

/// Electricity drawn from the grid: distance × energy per km at the battery ÷ (1 − losses).
pub fn grid_electricity(
    distance: VehicleDistance,
    per_km: EnergyPerDistance,
    charging_losses: Ratio,
) -> Energy {
    distance * per_km / (Ratio::new::<uom::si::ratio::ratio>(1.0) - charging_losses)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::transport::fuel::tests::{ar5, kg_tj};
    use crate::models::transport::fuel::{
        CombustionFactors, combustion_emissions, fuel_burned, fuel_energy,
    };
    use crate::units::ghg::{Co2e, EmissionIntensity};
    use crate::units::parse_as;
    use uom::si::energy::kilowatt_hour;
    use uom::si::mass::kilogram;
    use uom::si::ratio::ratio;

    fn q<M: crate::units::Measure>(s: &str) -> M {
        parse_as("x", &s.into()).unwrap()
    }

    #[test]
    fn one_car_year_by_hand() {
        // 8,000 km. Petrol car at 15 km/L: 533.33 L × 32 MJ/L = 17,066.7 MJ; CO2 69,300 kg/TJ,
        // CH4 3.8 and N2O 5.7 kg/TJ (AR5: 106.4 + 1,510.5) → 70,916.9 kg CO2e/TJ × 0.0170667
        // TJ = 1,210.315 kg. EV at 0.15 kWh/km with 10 % of the drawn energy lost: 1,200 / 0.9 =
        // 1,333.33 kWh × 0.48 kg/kWh = 640 kg. ER = 570.31 kg.
        let km: VehicleDistance = q("8000 vkm");
        let petrol = CombustionFactors {
            co2: kg_tj(69_300.0),
            ch4: kg_tj(3.8),
            n2o: kg_tj(5.7),
        };
        let ice = combustion_emissions(
            fuel_energy(fuel_burned(km, q("15 km/L")), q("32 MJ/L")),
            &petrol,
            &ar5(),
        );
        let want_ice = 8000.0 / 15.0 * 32.0 / 1e6 * (69_300.0 + 3.8 * 28.0 + 5.7 * 265.0);
        assert!((ice.mass().get::<kilogram>() - want_ice).abs() < 1e-9);
        assert!((want_ice - 1210.315).abs() < 1e-3, "{want_ice}");
        let e = grid_electricity(km, q("0.15 kWh/km"), Ratio::new::<ratio>(0.10));
        assert!((e.get::<kilowatt_hour>() - 1200.0 / 0.9).abs() < 1e-9);
        let grid: EmissionIntensity<Co2e> = q("0.48 kgCO2e/kWh");
        let er = (ice - e * grid).mass().get::<kilogram>();
        assert!((er - (want_ice - 640.0)).abs() < 1e-9, "{er}");
    }
}
