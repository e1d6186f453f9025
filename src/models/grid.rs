//! Grid displacement: what electricity generated or consumed means for emissions.

use crate::units::Energy;
use crate::units::ghg::{Co2e, EmissionIntensity, GasMass};

/// CDM TOOL07 step 6, combined margin: `EF_CM = w_OM·EF_OM + (1 − w_OM)·EF_BM`.
///
/// Works on SI magnitudes of one emission intensity (kg/J) because it only mixes two values
/// of the same quantity. TOOL07's default weights are 50/50; wind and solar use
/// w_OM = 0.75 (SuSanA, *Understanding CDM Methodologies*, p. 51).
pub fn combined_margin(operating_margin: f64, build_margin: f64, om_weight: f64) -> f64 {
    om_weight * operating_margin + (1.0 - om_weight) * build_margin
}

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
    fn combined_margin_weights() {
        // 0.75 × 0.6 + 0.25 × 0.3 = 0.525 (TOOL07 solar weights).
        assert!((combined_margin(0.6, 0.3, 0.75) - 0.525).abs() < 1e-15);
        // Default 50/50: 0.45.
        assert!((combined_margin(0.6, 0.3, 0.5) - 0.45).abs() < 1e-15);
    }

    #[test]
    fn displaced_emissions_is_energy_times_factor() {
        // 3,000 MWh × 0.26 t/MWh = 780 t CO2e.
        let ef =
            EmissionIntensity::<Co2e>::new(MassPerEnergy::new::<tonne_per_megawatt_hour>(0.26));
        let e = displaced_emissions(Energy::new::<megawatt_hour>(3000.0), ef);
        assert!((e.mass().get::<ton>() - 780.0).abs() < 1e-9);
    }
}
