//! DC power of the array: the PVWatts linear temperature model and the PVWatts system-loss
//! breakdown.

use uom::si::heat_flux_density::watt_per_square_meter;
use uom::si::ratio::{percent, ratio};
use uom::si::temperature_coefficient::per_kelvin;
use uom::si::thermodynamic_temperature::degree_celsius;

use crate::units::custom::temperature_coefficient::percent_per_kelvin;
use crate::units::{Irradiance, Power, Ratio, Temperature, TemperatureCoefficient};

/// Reference irradiance of the DC model (STC), W/m².
pub const REFERENCE_IRRADIANCE_W_M2: f64 = 1000.0;
/// Reference cell temperature of the DC model (STC), °C.
pub const REFERENCE_TEMPERATURE_C: f64 = 25.0;

/// PVWatts module type, which fixes the power temperature coefficient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ModuleType {
    /// Crystalline silicon, AR glass: γ = −0.37 %/°C (PVWatts v8).
    #[default]
    Standard,
    /// High-efficiency crystalline silicon: γ = −0.35 %/°C (PVWatts v8).
    Premium,
    /// Thin film: γ = −0.32 %/°C (PVWatts v8).
    ThinFilm,
}

impl ModuleType {
    /// Power temperature coefficient γ of this module type, PVWatts v8 (NREL SSC
    /// `cmod_pvwattsv8.cpp`; PVWatts v8 API documentation, developer.nrel.gov).
    pub fn temperature_coefficient(self) -> TemperatureCoefficient {
        let pct = match self {
            ModuleType::Standard => -0.37,
            ModuleType::Premium => -0.35,
            ModuleType::ThinFilm => -0.32,
        };
        TemperatureCoefficient::new::<percent_per_kelvin>(pct)
    }
}

/// PVWatts DC power: P_dc = (E_eff/1000 W/m²)·P_dc0·[1 + γ·(T_cell − 25 °C)], ≥ 0.
///
/// Dobos, A. P. (2014), "PVWatts Version 5 Manual", NREL/TP-6A20-62641, eq. 4 (without the
/// optional low-light correction). Inputs: effective POA irradiance E_eff (after the IAM
/// loss, W/m²), cell temperature, DC rating P_dc0 at STC, temperature coefficient γ (1/K).
/// Output: DC power before system losses.
pub fn pvwatts_dc(
    effective_irradiance: Irradiance,
    cell_temperature: Temperature,
    dc_rating: Power,
    gamma: TemperatureCoefficient,
) -> Power {
    let e = effective_irradiance.get::<watt_per_square_meter>();
    let dt = cell_temperature.get::<degree_celsius>() - REFERENCE_TEMPERATURE_C;
    let factor = e / REFERENCE_IRRADIANCE_W_M2 * (1.0 + gamma.get::<per_kelvin>() * dt);
    dc_rating * factor.max(0.0)
}

/// PVWatts system-loss categories, each a fraction of energy lost.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LossBreakdown {
    /// Dirt, dust, snow-free soiling. Default 2 %.
    pub soiling: Ratio,
    /// Shading by nearby objects and other rows. Default 3 %.
    pub shading: Ratio,
    /// Snow cover. Default 0 %.
    pub snow: Ratio,
    /// Module mismatch. Default 2 %.
    pub mismatch: Ratio,
    /// DC and AC wiring. Default 2 %.
    pub wiring: Ratio,
    /// Connectors. Default 0.5 %.
    pub connections: Ratio,
    /// Light-induced degradation. Default 1.5 %.
    pub light_induced_degradation: Ratio,
    /// Nameplate rating tolerance. Default 1 %.
    pub nameplate_rating: Ratio,
    /// Age (use [`crate::models::solar::lifetime_ac_energy`] for degradation over years).
    /// Default 0 %.
    pub age: Ratio,
    /// Downtime. Default 3 %.
    pub availability: Ratio,
}

impl Default for LossBreakdown {
    /// PVWatts defaults (Dobos 2014, NREL/TP-6A20-62641, Table 3; pvlib
    /// `pvsystem.pvwatts_losses`): soiling 2, shading 3, snow 0, mismatch 2, wiring 2,
    /// connections 0.5, LID 1.5, nameplate 1, age 0, availability 3 (%) — 14.08 % in total.
    fn default() -> Self {
        let p = Ratio::new::<percent>;
        LossBreakdown {
            soiling: p(2.0),
            shading: p(3.0),
            snow: p(0.0),
            mismatch: p(2.0),
            wiring: p(2.0),
            connections: p(0.5),
            light_induced_degradation: p(1.5),
            nameplate_rating: p(1.0),
            age: p(0.0),
            availability: p(3.0),
        }
    }
}

impl LossBreakdown {
    /// Each category with its name, for validation and reports.
    pub fn named(&self) -> [(&'static str, Ratio); 10] {
        [
            ("soiling", self.soiling),
            ("shading", self.shading),
            ("snow", self.snow),
            ("mismatch", self.mismatch),
            ("wiring", self.wiring),
            ("connections", self.connections),
            ("light_induced_degradation", self.light_induced_degradation),
            ("nameplate_rating", self.nameplate_rating),
            ("age", self.age),
            ("availability", self.availability),
        ]
    }

    /// Total loss, see [`combined_loss`].
    pub fn total(&self) -> Ratio {
        combined_loss(&self.named().map(|(_, r)| r))
    }
}

/// Combined system loss of independent categories: L = 1 − Π(1 − L_i).
///
/// Dobos (2014), NREL/TP-6A20-62641, eq. 6. Input: loss fractions L_i (–). Output: total
/// loss fraction (–).
pub fn combined_loss(losses: &[Ratio]) -> Ratio {
    let kept: f64 = losses.iter().map(|l| 1.0 - l.get::<ratio>()).product();
    Ratio::new::<ratio>(1.0 - kept)
}

#[cfg(test)]
mod tests {
    use super::*;
    use uom::si::power::watt;

    #[test]
    fn pvwatts_dc_matches_pvlib() {
        // pvlib tests/test_pvsystem.py: pvwatts_dc(900, 30, 100, -0.003) = 88.65.
        let p = pvwatts_dc(
            Irradiance::new::<watt_per_square_meter>(900.0),
            Temperature::new::<degree_celsius>(30.0),
            Power::new::<watt>(100.0),
            TemperatureCoefficient::new::<per_kelvin>(-0.003),
        );
        assert!((p.get::<watt>() - 88.65).abs() < 1e-9);
        // No light, no power.
        let p0 = pvwatts_dc(
            Irradiance::new::<watt_per_square_meter>(0.0),
            Temperature::new::<degree_celsius>(30.0),
            Power::new::<watt>(100.0),
            TemperatureCoefficient::new::<per_kelvin>(-0.003),
        );
        assert_eq!(p0.get::<watt>(), 0.0);
    }

    #[test]
    fn default_losses_match_pvlib() {
        // pvlib tests/test_pvsystem.py: pvwatts_losses() = 14.075660688264469 %;
        // pvwatts_losses(age=1) = 14.934904 %.
        let l = LossBreakdown::default();
        assert!((l.total().get::<percent>() - 14.075_660_688_264_469).abs() < 1e-9);
        let aged = LossBreakdown {
            age: Ratio::new::<percent>(1.0),
            ..l
        };
        assert!((aged.total().get::<percent>() - 14.934_904).abs() < 1e-6);
    }

    #[test]
    fn module_type_coefficients_are_pvwatts_v8() {
        // PVWatts v8: −0.37, −0.35, −0.32 %/°C.
        let g = |m: ModuleType| m.temperature_coefficient().get::<percent_per_kelvin>();
        assert!((g(ModuleType::Standard) + 0.37).abs() < 1e-12);
        assert!((g(ModuleType::Premium) + 0.35).abs() < 1e-12);
        assert!((g(ModuleType::ThinFilm) + 0.32).abs() < 1e-12);
    }
}
