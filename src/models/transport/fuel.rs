//! Fuel burned by vehicles: volume, energy and combustion emissions.
//!
//! IPCC 2006 Guidelines Vol. 2 Ch. 3 (mobile combustion), Tier 1: emissions of each gas =
//! fuel energy (TJ) × default factor (kg/TJ) (Eq. 3.2.1 for CO2, Eq. 3.2.3 for CH4 and N2O).
//! The fuel's energy is its volume × energy content (net calorific value per volume).

use crate::units::ghg::{Ch4, Co2e, EmissionIntensity, GasMass, GwpSet, N2o};
use crate::units::transport::{EnergyPerVolume, FuelConsumption, VehicleDistance};
use crate::units::{Energy, Volume};

/// Default combustion factors of one fuel, per energy.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CombustionFactors {
    /// CO2 (counted as CO2e with a GWP of 1), e.g. 74,100 kg/TJ for diesel (IPCC Table 3.2.1).
    pub co2: EmissionIntensity<Co2e>,
    /// CH4, e.g. 3.9 kg/TJ for diesel road vehicles (IPCC Table 3.2.2).
    pub ch4: EmissionIntensity<Ch4>,
    /// N2O, e.g. 3.9 kg/TJ for diesel road vehicles (IPCC Table 3.2.2).
    pub n2o: EmissionIntensity<N2o>,
}

impl CombustionFactors {
    /// CO2e per energy: CO2 + CH4 × GWP_CH4 + N2O × GWP_N2O with the named set.
    pub fn co2e(&self, gwp: &GwpSet) -> EmissionIntensity<Co2e> {
        self.co2 + self.ch4.to_co2e(gwp) + self.n2o.to_co2e(gwp)
    }
}

/// Fuel burned over a distance: vehicle-km × volume per km.
pub fn fuel_burned(distance: VehicleDistance, consumption: FuelConsumption) -> Volume {
    distance * consumption
}

/// Energy released by burning a volume of fuel: volume × energy content (MJ/L).
pub fn fuel_energy(volume: Volume, content: EnergyPerVolume) -> Energy {
    volume * content
}

/// Combustion emissions of a fuel energy, CO2e through the GWP set (IPCC Eq. 3.2.1, 3.2.3).
pub fn combustion_emissions(
    energy: Energy,
    factors: &CombustionFactors,
    gwp: &GwpSet,
) -> GasMass<Co2e> {
    energy * factors.co2e(gwp)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::units::ghg::GwpSetId;
    use crate::units::{Length, MassPerEnergy, Ratio};
    use uom::si::length::kilometer;
    use uom::si::mass::kilogram;
    use uom::si::ratio::ratio;

    use crate::units::custom::mass_per_energy_fuel::kilogram_per_terajoule;

    pub(crate) fn kg_tj<G: crate::units::ghg::Gas>(v: f64) -> EmissionIntensity<G> {
        EmissionIntensity::new(MassPerEnergy::new::<kilogram_per_terajoule>(v))
    }

    pub(crate) fn ar5() -> GwpSet {
        GwpSet::new(
            GwpSetId::Ar5,
            Ratio::new::<ratio>(28.0),
            Ratio::new::<ratio>(265.0),
        )
    }

    #[test]
    fn diesel_bus_year_by_hand() {
        // 60,000 km at 40 L/100km = 24,000 L; × 36 MJ/L = 864,000 MJ = 0.864 TJ.
        // CO2 74,100 kg/TJ → 64,022.4 kg; CH4 3.9 × 28 = 109.2 and N2O 3.9 × 265 = 1,033.5
        // kg CO2e/TJ → 94.35 and 892.94 kg: 65,009.69 kg CO2e (IPCC Tables 3.2.1-3.2.2, AR5).
        let run = VehicleDistance::new(Length::new::<kilometer>(60_000.0));
        let litres = fuel_burned(
            run,
            crate::units::parse_as("c", &"40 L/100km".into()).unwrap(),
        );
        let energy = fuel_energy(
            litres,
            crate::units::parse_as("e", &"36 MJ/L".into()).unwrap(),
        );
        let diesel = CombustionFactors {
            co2: kg_tj(74_100.0),
            ch4: kg_tj(3.9),
            n2o: kg_tj(3.9),
        };
        let e = combustion_emissions(energy, &diesel, &ar5())
            .mass()
            .get::<kilogram>();
        let want = 0.864 * (74_100.0 + 3.9 * 28.0 + 3.9 * 265.0);
        assert!((e - want).abs() < 1e-6, "{e} {want}");
        assert!((want - 65_009.692_8).abs() < 1e-6);
    }
}
