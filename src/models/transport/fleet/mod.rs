//! A fleet switching from diesel to natural gas (buses, trucks): dual-fuel conversion, where
//! gas replaces a share of the diesel energy, or a dedicated gas engine (a share of 100 %).
//!
//! Baseline: vehicles × km per year × fuel consumption × energy content = diesel energy,
//! burned with the IPCC 2006 Vol. 2 road-transport factors (CO2 Table 3.2.1, CH4 and N2O
//! Table 3.2.2). Project: the same kilometres need `(1 + Δ)` times the energy (Δ: the change
//! in energy use per km of the converted engine); a share `s` of it is gas, the rest diesel,
//! each with its own factors. Dual-fuel engines let part of the methane through unburnt
//! ("methane slip"): `CH4 = E_gas ÷ NCV_gas × CH4 mass fraction × slip`, a mass of CH4 that
//! becomes CO2e only through the GWP set.
//!
//! The relative reduction then depends on three numbers only:
//! `r = 1 − (1 + Δ)(1 − s·k)`, with `k = 1 − f_gas / f_diesel` the advantage of gas per unit
//! of energy (CO2e per energy including slip). Solving it for `s` or `Δ` shows what a claimed
//! reduction requires.

pub mod plugin;

use crate::units::ghg::{Ch4, Co2e, EmissionIntensity, GasMass};
use crate::units::{Energy, EnergyPerMass, Ratio};

/// Project fuel energy: baseline energy × (1 + change in energy use per km).
pub fn project_energy(baseline: Energy, change: Ratio) -> Energy {
    baseline * (Ratio::new::<uom::si::ratio::ratio>(1.0) + change)
}

/// The project energy split into (diesel, gas) by the gas share of the energy.
pub fn split_by_gas_share(energy: Energy, gas_share: Ratio) -> (Energy, Energy) {
    let gas = energy * gas_share;
    (energy - gas, gas)
}

/// Methane slip per energy of gas: CH4 mass fraction × slip ÷ net calorific value.
pub fn slip_intensity(
    ncv: EnergyPerMass,
    methane_content: Ratio,
    slip: Ratio,
) -> EmissionIntensity<Ch4> {
    EmissionIntensity::new(methane_content * slip / ncv)
}

/// Unburnt methane: gas energy × slip per energy.
pub fn methane_slip(gas: Energy, per_energy: EmissionIntensity<Ch4>) -> GasMass<Ch4> {
    gas * per_energy
}

/// Advantage of gas over diesel per unit of energy: `k = 1 − f_gas / f_diesel`.
pub fn gas_advantage(diesel: EmissionIntensity<Co2e>, gas: EmissionIntensity<Co2e>) -> Ratio {
    Ratio::new::<uom::si::ratio::ratio>(1.0) - gas.per_energy() / diesel.per_energy()
}

/// Relative reduction of a fleet: `r = 1 − (1 + Δ)(1 − s·k)`.
pub fn reduction_share(gas_share: Ratio, energy_change: Ratio, advantage: Ratio) -> Ratio {
    let one = Ratio::new::<uom::si::ratio::ratio>(1.0);
    one - (one + energy_change) * (one - gas_share * advantage)
}

/// The gas share a reduction `r` needs at a given change in energy use:
/// `s = (1 − (1 − r) / (1 + Δ)) / k`; `None` when gas has no advantage (`k ≤ 0`). A result
/// above 100 % means no gas share reaches `r`.
pub fn gas_share_for(reduction: Ratio, energy_change: Ratio, advantage: Ratio) -> Option<Ratio> {
    let one = Ratio::new::<uom::si::ratio::ratio>(1.0);
    (advantage.value > 0.0).then(|| (one - (one - reduction) / (one + energy_change)) / advantage)
}

/// The change in energy use per km a reduction `r` needs at a given gas share:
/// `Δ = (1 − r) / (1 − s·k) − 1` (negative: the converted buses must use less energy).
pub fn energy_change_for(reduction: Ratio, gas_share: Ratio, advantage: Ratio) -> Ratio {
    let one = Ratio::new::<uom::si::ratio::ratio>(1.0);
    (one - reduction) / (one - gas_share * advantage) - one
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::transport::fuel::tests::{ar5, kg_tj};
    use crate::models::transport::fuel::{CombustionFactors, combustion_emissions};
    use uom::si::energy::megajoule;
    use uom::si::mass::kilogram;
    use uom::si::ratio::ratio;

    fn r(v: f64) -> Ratio {
        Ratio::new::<ratio>(v)
    }

    fn diesel() -> CombustionFactors {
        CombustionFactors {
            co2: kg_tj(74_100.0),
            ch4: kg_tj(3.9),
            n2o: kg_tj(3.9),
        }
    }

    fn gas() -> CombustionFactors {
        CombustionFactors {
            co2: kg_tj(56_100.0),
            ch4: kg_tj(92.0),
            n2o: kg_tj(3.0),
        }
    }

    #[test]
    fn slip_by_hand() {
        // 1 TJ of gas at 48 MJ/kg is 20,833.3 kg of gas; 90 % methane, 2 % slips:
        // 375 kg CH4 (= 20,833.3 × 0.9 × 0.02), i.e. 375 kg CH4/TJ.
        let ncv = crate::units::parse_as("n", &"48 MJ/kg".into()).unwrap();
        let per = slip_intensity(ncv, r(0.9), r(0.02));
        let tj = Energy::new::<megajoule>(1e6);
        let ch4 = methane_slip(tj, per).mass().get::<kilogram>();
        assert!((ch4 - 375.0).abs() < 1e-9, "{ch4}");
    }

    #[test]
    fn without_slip_and_efficiency_loss_gas_saves_about_a_fifth() {
        // CO2e per TJ (AR5): diesel 74,100 + 3.9×28 + 3.9×265 = 75,242.7 kg; gas 56,100 +
        // 92×28 + 3×265 = 59,471 kg. k = 1 − 59,471/75,242.7 = 0.209612; a full switch at equal
        // energy use cuts 21.0 %, a 40 % gas share 8.4 %.
        let (d, g) = (diesel().co2e(&ar5()), gas().co2e(&ar5()));
        let k = gas_advantage(d, g);
        assert!((k.value - (1.0 - 59_471.0 / 75_242.7)).abs() < 1e-12);
        assert!((reduction_share(r(1.0), r(0.0), k).value - k.value).abs() < 1e-12);
        assert!((reduction_share(r(0.4), r(0.0), k).value - 0.4 * k.value).abs() < 1e-12);
        // The closed form agrees with the emissions themselves: 1 TJ baseline, Δ = +5 %,
        // s = 40 %: project = 1.05 × (0.6 × 75,242.7 + 0.4 × 59,471) kg.
        let tj = Energy::new::<megajoule>(1e6);
        let be = combustion_emissions(tj, &diesel(), &ar5());
        let (pd, pg) = split_by_gas_share(project_energy(tj, r(0.05)), r(0.4));
        let pe =
            combustion_emissions(pd, &diesel(), &ar5()) + combustion_emissions(pg, &gas(), &ar5());
        assert!(
            (pe.mass().get::<kilogram>() - 1.05 * (0.6 * 75_242.7 + 0.4 * 59_471.0)).abs() < 1e-6
        );
        let direct = Ratio::new::<ratio>(1.0) - pe / be;
        assert!((direct.value - reduction_share(r(0.4), r(0.05), k).value).abs() < 1e-12);
    }

    #[test]
    fn what_a_forty_percent_claim_requires() {
        // With k = 0.2096 no gas share reaches 40 %: s = (1 − 0.6/1.0)/k = 1.908 (191 %).
        // At s = 40 % the buses would need Δ = 0.6 / (1 − 0.4 k) − 1 = −34.5 % energy per km.
        let k = gas_advantage(diesel().co2e(&ar5()), gas().co2e(&ar5()));
        let s = gas_share_for(r(0.4), r(0.0), k).unwrap();
        assert!((s.value - 0.4 / k.value).abs() < 1e-12 && s.value > 1.0);
        let delta = energy_change_for(r(0.4), r(0.4), k);
        assert!((delta.value - (0.6 / (1.0 - 0.4 * k.value) - 1.0)).abs() < 1e-12);
        assert!((delta.value + 0.345).abs() < 1e-3, "{}", delta.value);
        // Round trip: the reduction at that Δ is 40 %.
        assert!((reduction_share(r(0.4), delta, k).value - 0.4).abs() < 1e-12);
        // Gas with no advantage cannot reach any reduction by substitution.
        assert!(gas_share_for(r(0.1), r(0.0), r(0.0)).is_none());
    }
}
