//! Splitting global horizontal irradiance into beam and diffuse parts.

use uom::si::angle::degree;
use uom::si::heat_flux_density::watt_per_square_meter;
use uom::si::ratio::ratio;

use crate::units::{Angle, Irradiance, Ratio};

/// Smallest cos(zenith) used in the clearness index, as pvlib `erbs` (`min_cos_zenith`).
pub const ERBS_MIN_COS_ZENITH: f64 = 0.065;
/// Above this zenith the beam is set to zero and all of GHI is diffuse (pvlib `max_zenith`).
pub const ERBS_MAX_ZENITH_DEG: f64 = 87.0;

/// Beam and diffuse components estimated from GHI.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decomposition {
    /// Direct normal irradiance.
    pub dni: Irradiance,
    /// Diffuse horizontal irradiance.
    pub dhi: Irradiance,
    /// Clearness index kt = GHI / (I0·cos Z).
    pub clearness_index: Ratio,
}

/// Erbs diffuse-fraction correlation.
///
/// kt = GHI / (I0 · max(cos Z, 0.065)), clipped to [0, 1]. Diffuse fraction
/// DF = 1 − 0.09·kt (kt ≤ 0.22); 0.9511 − 0.1604·kt + 4.388·kt² − 16.638·kt³ + 12.336·kt⁴
/// (0.22 < kt ≤ 0.80); 0.165 (kt > 0.80). DHI = DF·GHI; DNI = (GHI − DHI)/cos Z. Where
/// Z > 87° or DNI would be negative, DNI = 0 and DHI = GHI (pvlib conventions).
///
/// Erbs, D. G., Klein, S. A. and Duffie, J. A. (1982), "Estimation of the diffuse radiation
/// fraction for hourly, daily and monthly-average global radiation", Solar Energy 28(4),
/// 293–302. Inputs: `ghi` (W/m²), true (unrefracted) solar `zenith`, `extraterrestrial`
/// normal irradiance I0 (W/m²). Outputs DNI, DHI (W/m²) and kt (–).
pub fn erbs(ghi: Irradiance, zenith: Angle, extraterrestrial: Irradiance) -> Decomposition {
    let g = ghi.get::<watt_per_square_meter>();
    let i0 = extraterrestrial.get::<watt_per_square_meter>();
    let z = zenith.get::<degree>();
    let cos_z = z.to_radians().cos();
    let kt = if g > 0.0 && i0 > 0.0 {
        (g / (i0 * cos_z.max(ERBS_MIN_COS_ZENITH))).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let df = if kt <= 0.22 {
        1.0 - 0.09 * kt
    } else if kt <= 0.80 {
        0.9511 - 0.1604 * kt + 4.388 * kt.powi(2) - 16.638 * kt.powi(3) + 12.336 * kt.powi(4)
    } else {
        0.165
    };
    let dhi = df * g;
    let dni = if z > ERBS_MAX_ZENITH_DEG || cos_z <= 0.0 {
        -1.0
    } else {
        (g - dhi) / cos_z
    };
    let (dni, dhi) = if dni < 0.0 || g <= 0.0 {
        (0.0, g.max(0.0))
    } else {
        (dni, dhi)
    };
    Decomposition {
        dni: Irradiance::new::<watt_per_square_meter>(dni),
        dhi: Irradiance::new::<watt_per_square_meter>(dhi),
        clearness_index: Ratio::new::<ratio>(kt),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sun::extraterrestrial_irradiance;

    #[test]
    fn erbs_matches_pvlib_test_values() {
        // pvlib tests/test_irradiance.py test_erbs: ghi [0, 50, 1000, 1000], zenith
        // [120, 85, 10, 10], dates 2019-01-01 (doy 1) ×3 and 2019-06-20 (doy 171);
        // dni [0, 96.7192672, 794.205651, 842.001578], dhi [0, 41.5703604, 217.860117,
        // 170.790318], kt [0, 0.405723511, 0.718132729, 0.768214312].
        let cases = [
            (0.0, 120.0, 1, 0.0, 0.0, 0.0),
            (50.0, 85.0, 1, 96.719_267_2, 41.570_360_4, 0.405_723_511),
            (1000.0, 10.0, 1, 794.205_651, 217.860_117, 0.718_132_729),
            (1000.0, 10.0, 171, 842.001_578, 170.790_318, 0.768_214_312),
        ];
        for (ghi, z, doy, dni, dhi, kt) in cases {
            let d = erbs(
                Irradiance::new::<watt_per_square_meter>(ghi),
                Angle::new::<degree>(z),
                extraterrestrial_irradiance(doy),
            );
            assert!(
                (d.dni.get::<watt_per_square_meter>() - dni).abs() < 1e-5,
                "dni {z}"
            );
            assert!(
                (d.dhi.get::<watt_per_square_meter>() - dhi).abs() < 1e-5,
                "dhi {z}"
            );
            assert!(
                (d.clearness_index.get::<ratio>() - kt).abs() < 1e-8,
                "kt {z}"
            );
        }
    }

    #[test]
    fn erbs_puts_everything_in_diffuse_near_the_horizon() {
        // Z = 88° > 87°: DNI is set to 0 and DHI = GHI (pvlib max_zenith convention).
        let d = erbs(
            Irradiance::new::<watt_per_square_meter>(30.0),
            Angle::new::<degree>(88.0),
            extraterrestrial_irradiance(100),
        );
        assert_eq!(d.dni.get::<watt_per_square_meter>(), 0.0);
        assert!((d.dhi.get::<watt_per_square_meter>() - 30.0).abs() < 1e-12);
    }
}
