//! Grid displacement: what electricity generated or consumed means for emissions.

use crate::units::Energy;
use crate::units::ghg::{Co2e, EmissionIntensity, GasMass};

/// Reference emissions of displaced grid electricity, JCM PV structure:
/// `RE_p = EG_p × EF_RE` (project emissions of PV are taken as zero, so `ER_p = RE_p`).
///
/// JCM "Installation of Solar PV System" methodologies (e.g. TH_AM001, CL_AM001); CDM
/// ACM0002/AMS-I.D use the same product with the combined margin.
pub fn displaced_emissions(generated: Energy, factor: EmissionIntensity<Co2e>) -> GasMass<Co2e> {
    generated * factor
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::MassPerEnergy;
    use crate::units::custom::mass_per_energy::tonne_per_megawatt_hour;
    use uom::si::energy::megawatt_hour;
    use uom::si::mass::ton;

    #[test]
    fn displaced_emissions_is_energy_times_factor() {
        // 3,000 MWh × 0.26 t/MWh = 780 t CO2e.
        let ef =
            EmissionIntensity::<Co2e>::new(MassPerEnergy::new::<tonne_per_megawatt_hour>(0.26));
        let e = displaced_emissions(Energy::new::<megawatt_hour>(3000.0), ef);
        assert!((e.mass().get::<ton>() - 780.0).abs() < 1e-9);
    }
}
