//! A biofuel blended into diesel, counted by life cycle (EU RED II, Directive (EU) 2018/2001,
//! Annex V): the fleet's fuel energy × the biofuel's share of that energy × (fossil
//! comparator − the biofuel's life-cycle intensity). The blend is never zero-emission: its
//! fossil part keeps the comparator's intensity and its bio part its own.
//!
//! Blends are sold by volume (B20, "51 % HVO"); RED II counts by energy, so the volume share
//! is turned into an energy share with each component's energy per litre. The fleet is taken
//! to need the same energy per km whatever the blend (biodiesel and HVO engines run at about
//! the efficiency of diesel), so more litres of blend are burned when it holds less energy.
//!
//! A RED II default saving `S` gives the biofuel's intensity as `E_B = E_F × (1 − S)` with the
//! fossil fuel comparator `E_F` (Annex V Part C point 19).

pub mod plugin;

use crate::units::ghg::{Co2e, EmissionIntensity, GasMass};
use crate::units::transport::EnergyPerVolume;
use crate::units::{Energy, Ratio, Volume};

fn one() -> Ratio {
    Ratio::new::<uom::si::ratio::ratio>(1.0)
}

/// The biofuel's share of the blend's energy: `v·ρ_b / (v·ρ_b + (1 − v)·ρ_f)` for a volume
/// share `v` and energy contents `ρ` per litre.
pub fn energy_share(volume_share: Ratio, bio: EnergyPerVolume, fossil: EnergyPerVolume) -> Ratio {
    let litre = Volume::new::<uom::si::volume::liter>(1.0);
    let b = litre * volume_share * bio;
    let f = litre * (one() - volume_share) * fossil;
    b / (b + f)
}

/// Litres of blend that carry an energy: `E / (v·ρ_b + (1 − v)·ρ_f)`.
pub fn blend_volume(
    energy: Energy,
    volume_share: Ratio,
    bio: EnergyPerVolume,
    fossil: EnergyPerVolume,
) -> Volume {
    let litre = Volume::new::<uom::si::volume::liter>(1.0);
    let per_litre = litre * volume_share * bio + litre * (one() - volume_share) * fossil;
    litre * (energy / per_litre)
}

/// Life-cycle emissions of a fuel energy at an intensity.
pub fn life_cycle_emissions(energy: Energy, intensity: EmissionIntensity<Co2e>) -> GasMass<Co2e> {
    energy * intensity
}

/// Emissions avoided by the bio part of a blend (the rule, RED II Annex V):
/// fuel energy × energy share × (fossil comparator − biofuel intensity).
pub fn avoided_emissions(
    fuel_energy: Energy,
    bio_energy_share: Ratio,
    fossil: EmissionIntensity<Co2e>,
    bio: EmissionIntensity<Co2e>,
) -> GasMass<Co2e> {
    life_cycle_emissions(fuel_energy * bio_energy_share, fossil - bio)
}

/// A biofuel's life-cycle intensity from its RED II saving: `E_F × (1 − S)`.
pub fn intensity_from_saving(
    comparator: EmissionIntensity<Co2e>,
    saving: Ratio,
) -> EmissionIntensity<Co2e> {
    comparator * (one() - saving)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::parse_as;
    use uom::si::energy::megajoule;
    use uom::si::mass::kilogram;
    use uom::si::ratio::ratio;
    use uom::si::volume::liter;

    fn q<M: crate::units::Measure>(s: &str) -> M {
        parse_as("x", &s.into()).unwrap()
    }

    fn r(v: f64) -> Ratio {
        Ratio::new::<ratio>(v)
    }

    #[test]
    fn energy_share_of_volume_blends_by_hand() {
        // HVO 34 MJ/L, diesel 36 MJ/L (RED II Annex III). 20 % by volume: 6.8 / (6.8 + 28.8)
        // = 19.101 %; 51 %: 17.34 / (17.34 + 17.64) = 49.571 %.
        let (hvo, diesel): (EnergyPerVolume, EnergyPerVolume) = (q("34 MJ/L"), q("36 MJ/L"));
        assert!((energy_share(r(0.2), hvo, diesel).value - 6.8 / 35.6).abs() < 1e-12);
        assert!((energy_share(r(0.51), hvo, diesel).value - 17.34 / 34.98).abs() < 1e-12);
        assert_eq!(energy_share(r(0.0), hvo, diesel).value, 0.0);
        assert!((energy_share(r(1.0), hvo, diesel).value - 1.0).abs() < 1e-15);
        // 35.6 MJ per litre of B20-HVO: 3,560 MJ is 100 L of blend.
        let v = blend_volume(Energy::new::<megajoule>(3560.0), r(0.2), hvo, diesel);
        assert!((v.get::<liter>() - 100.0).abs() < 1e-9);
    }

    #[test]
    fn a_blend_at_zero_avoids_nothing_and_at_full_the_whole_difference() {
        // 1,000,000 MJ; comparator 94 g/MJ; HVO from used cooking oil at the RED II default
        // saving of 83 %: 94 × 0.17 = 15.98 g/MJ. At 0 % nothing is avoided; at 100 % the
        // whole difference: 1e6 × (94 − 15.98) g = 78,020 kg.
        let e = Energy::new::<megajoule>(1e6);
        let fossil: EmissionIntensity<Co2e> = q("94 gCO2e/MJ");
        let hvo = intensity_from_saving(fossil, r(0.83));
        assert!((hvo.per_energy().value * 1e9 - 15.98).abs() < 1e-9);
        let (bio, dsl): (EnergyPerVolume, EnergyPerVolume) = (q("34 MJ/L"), q("36 MJ/L"));
        let at = |v: f64| {
            avoided_emissions(e, energy_share(r(v), bio, dsl), fossil, hvo)
                .mass()
                .get::<kilogram>()
        };
        assert_eq!(at(0.0), 0.0);
        assert!((at(1.0) - 78_020.0).abs() < 1e-6, "{}", at(1.0));
        // A 20 % blend avoids 19.101 % of that.
        assert!((at(0.2) - 78_020.0 * 6.8 / 35.6).abs() < 1e-6);
        // And the blend itself still emits: its life cycle at 20 % is 94 − 19.1 % × 78.02 g/MJ.
        let blend = life_cycle_emissions(e, fossil).mass().get::<kilogram>() - at(0.2);
        assert!(blend > 0.8 * 94_000.0);
    }
}
