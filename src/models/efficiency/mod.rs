//! Equipment replaced by more efficient equipment: the efficiency-ratio method of the JCM
//! energy-demand methodologies.
//!
//! For electric equipment (ID_AM004 inverter air conditioners, ID_AM002 centrifugal chillers,
//! VN_AM003 high-efficiency equipment in buildings) the reference equipment would have needed
//! `EC_PJ × COP_PJ / COP_RE` to deliver the same cooling, so
//! `RE = EC_PJ × (COP_PJ / COP_RE) × EF_elec`, `PE = EC_PJ × EF_elec` and
//! `ER = EC_PJ × EF_elec × (COP_PJ / COP_RE − 1)`. Boilers take the same form on fuel:
//! `ER = FC_PJ × NCV × EF_fuel × (η_PJ / η_RE − 1)`.
//!
//! A project that is worse than its reference (ratio below 1) gives a negative reduction:
//! the sign is kept and the model warns, it is never clamped to zero.

pub mod fuel;
pub mod plugin;

use uom::si::ratio::ratio;

use crate::units::ghg::{Co2e, EmissionIntensity, GasMass};
use crate::units::{Energy, EnergyPerMass, Mass, Power, Ratio, Time};

pub use plugin::EfficiencyRatio;

/// Performance ratio of project to reference equipment: COP_PJ / COP_RE (or η_PJ / η_RE).
/// Above 1 the project needs less energy for the same service.
pub fn performance_ratio(project: Ratio, reference: Ratio) -> Ratio {
    project / reference
}

/// Energy the reference equipment would have used for the project's service:
/// E_RE = E_PJ × COP_PJ / COP_RE (JCM ID_AM004 / ID_AM002 reference emissions, before the
/// emission factor).
pub fn reference_consumption(project: Energy, perf: Ratio) -> Energy {
    project * perf
}

/// Energy saved: E_RE − E_PJ = E_PJ × (COP_PJ / COP_RE − 1). Negative when the project is
/// the less efficient.
pub fn energy_saved(project: Energy, perf: Ratio) -> Energy {
    project * (perf - Ratio::new::<ratio>(1.0))
}

/// Emission reductions of the efficiency-ratio method:
/// ER = E_PJ × EF × (COP_PJ / COP_RE − 1) (JCM ID_AM004; the boiler form with E_PJ = FC × NCV
/// and EF the fuel's CO2 factor).
pub fn emission_reductions(
    project: Energy,
    perf: Ratio,
    factor: EmissionIntensity<Co2e>,
) -> GasMass<Co2e> {
    energy_saved(project, perf) * factor
}

/// Consumption estimated from the equipment: units × rated input × operating hours × load
/// factor (the ex-ante estimate of a JCM PDD when no monitoring exists yet).
pub fn estimated_consumption(units: Ratio, rated_input: Power, hours: Time, load: Ratio) -> Energy {
    rated_input * hours * units * load
}

/// Fuel energy from a fuel mass: FC × NCV (IPCC 2006 Vol. 2 Ch. 1 eq. 1.1 before the factor).
pub fn fuel_energy(mass: Mass, ncv: EnergyPerMass) -> Energy {
    mass * ncv
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::MassPerEnergy;
    use crate::units::custom::mass_per_energy::tonne_per_megawatt_hour;
    use uom::si::energy::{kilowatt_hour, megawatt_hour};
    use uom::si::mass::ton;
    use uom::si::power::kilowatt;
    use uom::si::time::hour;

    fn r(v: f64) -> Ratio {
        Ratio::new::<ratio>(v)
    }
    fn ef(v: f64) -> EmissionIntensity<Co2e> {
        EmissionIntensity::new(MassPerEnergy::new::<tonne_per_megawatt_hour>(v))
    }

    #[test]
    fn cop_ratio_by_hand() {
        // 1,000 MWh used by ACs of COP 4.0 replacing COP 3.2: the reference would have used
        // 1,000 × 4.0 / 3.2 = 1,250 MWh; 250 MWh saved; at 0.8 t/MWh, 200 t.
        let perf = performance_ratio(r(4.0), r(3.2));
        let e = Energy::new::<megawatt_hour>(1000.0);
        assert!((reference_consumption(e, perf).get::<megawatt_hour>() - 1250.0).abs() < 1e-9);
        assert!((energy_saved(e, perf).get::<megawatt_hour>() - 250.0).abs() < 1e-9);
        let er = emission_reductions(e, perf, ef(0.8));
        assert!((er.mass().get::<ton>() - 200.0).abs() < 1e-9);
        // RE − PE gives the same: 1,250 × 0.8 − 1,000 × 0.8 = 200 t.
        let re = reference_consumption(e, perf) * ef(0.8);
        let pe = e * ef(0.8);
        assert!(((re - pe).mass().get::<ton>() - 200.0).abs() < 1e-9);
    }

    #[test]
    fn equal_performance_saves_nothing_and_a_worse_project_is_negative() {
        let e = Energy::new::<megawatt_hour>(1000.0);
        let same = emission_reductions(e, performance_ratio(r(3.5), r(3.5)), ef(0.7));
        assert_eq!(same.mass().get::<ton>(), 0.0);
        // COP 3.0 replacing 3.5: ratio 0.857, ER = 1,000 × 0.7 × (3/3.5 − 1) = −100 t; kept
        // negative, never clamped.
        let worse = emission_reductions(e, performance_ratio(r(3.0), r(3.5)), ef(0.7));
        assert!((worse.mass().get::<ton>() + 100.0).abs() < 1e-9);
    }

    #[test]
    fn estimated_consumption_is_units_power_hours_load() {
        // 500 units × 1.5 kW × 4,380 h × 60 % = 1,971,000 kWh.
        let e = estimated_consumption(
            r(500.0),
            Power::new::<kilowatt>(1.5),
            Time::new::<hour>(4380.0),
            r(0.6),
        );
        assert!((e.get::<kilowatt_hour>() - 1_971_000.0).abs() < 1e-6);
    }

    #[test]
    fn boiler_form_on_fuel() {
        // 1,000 t of diesel × 43.0 TJ/Gg = 43 TJ; η 0.92 replacing 0.80: ratio 1.15,
        // saved 6.45 TJ × 74,100 kg/TJ = 477.9 t CO2 (IPCC 2006 Vol. 2 Tables 1.2 and 1.4).
        use uom::si::available_energy::megajoule_per_kilogram;
        let fuel = fuel_energy(
            Mass::new::<ton>(1000.0),
            EnergyPerMass::new::<megajoule_per_kilogram>(43.0),
        );
        assert!((fuel.get::<uom::si::energy::terajoule>() - 43.0).abs() < 1e-9);
        let f = EmissionIntensity::<Co2e>::new(MassPerEnergy::new::<
            crate::units::custom::mass_per_energy::kilogram_per_terajoule,
        >(74_100.0));
        let er = emission_reductions(fuel, performance_ratio(r(0.92), r(0.80)), f);
        assert!(
            (er.mass().get::<ton>() - 43.0 * 0.15 * 74.1).abs() < 1e-6,
            "{er:?}"
        );
    }
}
