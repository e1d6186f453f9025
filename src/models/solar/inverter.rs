//! AC power: the PVWatts inverter model with clipping.

use uom::si::power::watt;
use uom::si::ratio::ratio;

use crate::units::{Power, Ratio};

/// Reference inverter efficiency of the PVWatts part-load curve (Dobos 2014): 0.9637.
pub const PVWATTS_REFERENCE_EFFICIENCY: f64 = 0.9637;
/// PVWatts default nominal inverter efficiency: 0.96.
pub const PVWATTS_NOMINAL_EFFICIENCY: f64 = 0.96;

/// PVWatts inverter: with ζ = P_dc/P_dc0,inv and P_dc0,inv = P_ac0/η_nom,
/// η = (η_nom/η_ref)·(−0.0162·ζ − 0.0059/ζ + 0.9858), P_ac = min(η·P_dc, P_ac0), ≥ 0;
/// P_ac = 0 when P_dc ≤ 0.
///
/// Dobos, A. P. (2014), "PVWatts Version 5 Manual", NREL/TP-6A20-62641, eqs. 8–9
/// (η_ref = 0.9637). Inputs: DC input power P_dc, AC rating P_ac0, nominal efficiency η_nom.
/// Output: AC power, clipped at the AC rating.
pub fn pvwatts_ac(dc: Power, ac_rating: Power, nominal_efficiency: Ratio) -> Power {
    let pdc = dc.get::<watt>();
    let pac0 = ac_rating.get::<watt>();
    let eta_nom = nominal_efficiency.get::<ratio>();
    if pdc <= 0.0 || pac0 <= 0.0 || eta_nom <= 0.0 {
        return Power::new::<watt>(0.0);
    }
    let pdc0 = pac0 / eta_nom;
    let zeta = pdc / pdc0;
    let eta = eta_nom / PVWATTS_REFERENCE_EFFICIENCY * (-0.0162 * zeta - 0.0059 / zeta + 0.9858);
    Power::new::<watt>((eta * pdc).min(pac0).max(0.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ac(pdc: f64, pdc0: f64, eta: f64) -> f64 {
        // pvlib's `inverter.pvwatts(pdc, pdc0, eta)` takes the DC input limit pdc0; the AC
        // rating is eta·pdc0.
        pvwatts_ac(
            Power::new::<watt>(pdc),
            Power::new::<watt>(pdc0 * eta),
            Ratio::new::<ratio>(eta),
        )
        .get::<watt>()
    }

    #[test]
    fn matches_pvlib_inverter_tests() {
        // pvlib tests/test_inverter.py: pvwatts(90, 100, 0.95) = 85.58556604752516;
        // pvwatts(50, 100, 0.95) = 47.60843624; pvwatts(100, 100, 0.95) = 95.0;
        // pvwatts(0, 100) = 0; pvwatts(0.001, 1) = 0 (negative efficiency clipped, GH 541).
        assert!((ac(90.0, 100.0, 0.95) - 85.585_566_047_525_16).abs() < 1e-9);
        assert!((ac(50.0, 100.0, 0.95) - 47.608_436_24).abs() < 1e-7);
        assert!((ac(100.0, 100.0, 0.95) - 95.0).abs() < 1e-9);
        assert_eq!(ac(0.0, 100.0, 0.96), 0.0);
        assert_eq!(ac(0.001, 1.0, 0.96), 0.0);
    }

    #[test]
    fn clips_at_ac_rating() {
        // Twice the DC input limit: output is the AC rating 0.96·100 = 96 W.
        assert!((ac(200.0, 100.0, 0.96) - 96.0).abs() < 1e-12);
    }
}
