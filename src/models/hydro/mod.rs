//! Small and run-of-canal hydropower: the hydraulic power equation month by month, or a
//! capacity factor, or monitored generation; then net generation displacing grid
//! electricity (JCM PH_AM001 structure: RE = (gross generation − auxiliary use) × EF,
//! PE = 0).
//!
//! The hydraulic route follows the standard small-hydro energy calculation (ESHA, *Guide on
//! How to Develop a Small Hydropower Plant*, 2004, ch. 3–6): the flow the turbine can use in
//! each month (the available flow, capped at the design flow, zero below the turbine's
//! minimum), the net head (gross head less penstock losses), P = ρ·g·Q·H·η with the
//! turbine, generator and transformer efficiencies, capped at the rated capacity, times the
//! hours of the month and the availability.

pub mod plugin;

use uom::si::acceleration::standard_gravity;
use uom::si::f64::{Acceleration, MassDensity};
use uom::si::mass_density::kilogram_per_cubic_meter;
use uom::si::ratio::ratio;
use uom::si::time::{day, hour};

use crate::units::{Energy, Length, Power, Ratio, Time, VolumeRate};

pub use plugin::SmallHydro;

/// Days of each month of a 365-day year, January first.
pub const MONTH_DAYS: [u32; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/// Density of fresh water used in hydropower design, 1000 kg/m³ (999.7 kg/m³ at 10 °C; the
/// 0.03 % difference is far below the other uncertainties). ESHA (2004) §3.
pub fn water_density() -> MassDensity {
    MassDensity::new::<kilogram_per_cubic_meter>(1000.0)
}

/// Standard acceleration of gravity g_n = 9.80665 m/s² (3rd CGPM, 1901), from `uom`.
pub fn gravity() -> Acceleration {
    Acceleration::new::<standard_gravity>(1.0)
}

/// Hydraulic power converted to electricity: P = ρ·g·Q·H·η.
///
/// ESHA (2004) §6.1 eq. 6.1 (and any hydraulics text). Inputs: turbine flow Q (m³/s), net
/// head H (m), overall water-to-wire efficiency η (–). Output: electrical power (W).
pub fn hydraulic_power(flow: VolumeRate, net_head: Length, efficiency: Ratio) -> Power {
    water_density() * gravity() * flow * net_head * efficiency
}

/// Net head: the gross head less the hydraulic losses of intake and penstock, given as a
/// share of the gross head. ESHA (2004) §5 (losses typically held to 3–10 % by design).
pub fn net_head(gross: Length, loss_share: Ratio) -> Length {
    gross * (Ratio::new::<ratio>(1.0) - loss_share)
}

/// Water-to-wire efficiency: turbine × generator × transformer.
pub fn overall_efficiency(turbine: Ratio, generator: Ratio, transformer: Ratio) -> Ratio {
    turbine * generator * transformer
}

/// Flow the turbine uses: the available flow capped at the design flow, and zero when it
/// falls below the turbine's minimum operable flow (a share of the design flow). ESHA
/// (2004) §6.1.3: below roughly 10–40 % of design flow, depending on the turbine type, a
/// turbine cannot run.
pub fn turbine_flow(available: VolumeRate, design: VolumeRate, minimum_share: Ratio) -> VolumeRate {
    if available < design * minimum_share || available.value <= 0.0 {
        return VolumeRate::default();
    }
    if available > design {
        design
    } else {
        available
    }
}

/// Net electricity delivered: gross generation less the plant's own (auxiliary) use, given
/// as a share of gross generation. JCM PH_AM001: EG_net = EG_gross − EC_aux.
pub fn net_generation(gross: Energy, auxiliary_share: Ratio) -> Energy {
    gross * (Ratio::new::<ratio>(1.0) - auxiliary_share)
}

/// Capacity factor: energy over the rated capacity running for the whole period.
pub fn capacity_factor(energy: Energy, rated: Power, period: Time) -> Ratio {
    energy / (rated * period)
}

/// Hours in a month of [`MONTH_DAYS`] (index 0 = January).
pub fn month_length(month: usize) -> Time {
    Time::new::<day>(MONTH_DAYS[month] as f64)
}

/// One year of the 365-day calendar.
pub fn year_length() -> Time {
    Time::new::<hour>(8760.0)
}

/// A plant described by its hydraulics.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HydroPlant {
    pub rated_capacity: Power,
    pub gross_head: Length,
    /// Hydraulic losses as a share of the gross head.
    pub head_loss: Ratio,
    pub design_flow: VolumeRate,
    /// Minimum operable flow as a share of the design flow.
    pub minimum_flow: Ratio,
    pub turbine_efficiency: Ratio,
    pub generator_efficiency: Ratio,
    pub transformer_efficiency: Ratio,
    /// Share of the time the plant can run (planned and forced outages excluded).
    pub availability: Ratio,
}

/// One month of a plant's operation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HydroMonth {
    /// Flow through the turbine.
    pub turbine_flow: VolumeRate,
    /// Electrical output while running (capped at the rated capacity).
    pub power: Power,
    /// Gross generation of the month.
    pub gross: Energy,
}

impl HydroPlant {
    /// Electrical power at a turbine flow: ρ·g·Q·H_net·η, capped at the rated capacity.
    pub fn power_at(&self, flow: VolumeRate) -> Power {
        let eta = overall_efficiency(
            self.turbine_efficiency,
            self.generator_efficiency,
            self.transformer_efficiency,
        );
        let p = hydraulic_power(flow, net_head(self.gross_head, self.head_loss), eta);
        if p > self.rated_capacity {
            self.rated_capacity
        } else {
            p
        }
    }

    /// Power the hydraulics give at the design flow, before the rated-capacity cap (a
    /// consistency check of the inputs).
    pub fn uncapped_design_power(&self) -> Power {
        let eta = overall_efficiency(
            self.turbine_efficiency,
            self.generator_efficiency,
            self.transformer_efficiency,
        );
        hydraulic_power(
            self.design_flow,
            net_head(self.gross_head, self.head_loss),
            eta,
        )
    }

    /// Gross generation of each month from the mean available flow of each month:
    /// E_m = min(ρ·g·Q_m·H_net·η, P_rated) × hours_m × availability, with Q_m the turbine flow.
    pub fn months(&self, available: &[VolumeRate; 12]) -> [HydroMonth; 12] {
        std::array::from_fn(|m| {
            let q = turbine_flow(available[m], self.design_flow, self.minimum_flow);
            let power = self.power_at(q);
            HydroMonth {
                turbine_flow: q,
                power,
                gross: power * month_length(m) * self.availability,
            }
        })
    }
}

/// Spreads an annual energy over the months in proportion to their days (the capacity
/// factor and monitored routes, which carry no monthly information).
pub fn by_days(annual: Energy) -> [Energy; 12] {
    std::array::from_fn(|m| annual * (month_length(m) / year_length()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use uom::si::energy::{kilowatt_hour, megawatt_hour};
    use uom::si::length::meter;
    use uom::si::power::kilowatt;
    use uom::si::volume_rate::cubic_meter_per_second;

    fn pct(v: f64) -> Ratio {
        Ratio::new::<uom::si::ratio::percent>(v)
    }
    fn cms(v: f64) -> VolumeRate {
        VolumeRate::new::<cubic_meter_per_second>(v)
    }

    #[test]
    fn hydraulic_power_is_rho_g_q_h_eta_by_hand() {
        // Niemon's published design: 2.4 m³/s through 24.46 m. By hand:
        // 1000 kg/m³ × 9.80665 m/s² × 2.4 m³/s × 24.46 m = 575,689.6 W of water power;
        // at η = 0.8 that is 460.55 kW, the plant's published 460 kW.
        let p = hydraulic_power(cms(2.4), Length::new::<meter>(24.46), pct(80.0));
        let by_hand = 1000.0 * 9.80665 * 2.4 * 24.46 * 0.8 / 1000.0;
        assert!((p.get::<kilowatt>() - by_hand).abs() < 1e-9, "{p:?}");
        assert!((by_hand - 460.551_7).abs() < 1e-3);
        // Zero flow, zero head or zero efficiency give no power.
        let z = hydraulic_power(cms(0.0), Length::new::<meter>(24.46), pct(80.0));
        assert_eq!(z.get::<kilowatt>(), 0.0);
    }

    #[test]
    fn turbine_flow_caps_at_design_and_cuts_off_below_minimum() {
        let design = cms(2.0);
        let min = pct(30.0);
        assert_eq!(turbine_flow(cms(3.0), design, min), design);
        assert_eq!(turbine_flow(cms(1.0), design, min), cms(1.0));
        // 0.5 m³/s is 25 % of design, below the 30 % minimum: the turbine stops.
        assert_eq!(turbine_flow(cms(0.5), design, min), cms(0.0));
        assert_eq!(turbine_flow(cms(0.6), design, min), cms(0.6));
    }

    fn niemon() -> HydroPlant {
        HydroPlant {
            rated_capacity: Power::new::<kilowatt>(460.0),
            gross_head: Length::new::<meter>(24.46),
            head_loss: pct(5.0),
            design_flow: cms(2.4),
            minimum_flow: pct(30.0),
            turbine_efficiency: pct(88.0),
            generator_efficiency: pct(95.0),
            transformer_efficiency: pct(98.5),
            availability: pct(95.0),
        }
    }

    #[test]
    fn monthly_generation_sums_to_the_annual_and_respects_the_cap() {
        let plant = niemon();
        let flows = [cms(2.4); 12];
        let months = plant.months(&flows);
        let annual: Energy = months.iter().map(|m| m.gross).sum();
        // Constant design flow: P = 575.690 kW × 0.95 × 0.88 × 0.95 × 0.985 = 450.35 kW
        // (below 460 kW, so uncapped), × 8760 h × 0.95 = 3,747.8 MWh.
        let p = 575.689_58 * 0.95 * 0.88 * 0.95 * 0.985;
        let by_hand = p * 8760.0 * 0.95 / 1000.0;
        assert!(
            (annual.get::<megawatt_hour>() - by_hand).abs() < 1e-3,
            "{annual:?}"
        );
        let sum_of_days: f64 = months
            .iter()
            .enumerate()
            .map(|(m, x)| x.power.get::<kilowatt>() * MONTH_DAYS[m] as f64 * 24.0 * 0.95)
            .sum();
        assert!((annual.get::<kilowatt_hour>() - sum_of_days).abs() < 1e-6);
        // Twice the head would exceed the rating: the output is capped at 460 kW.
        let mut high = plant;
        high.gross_head = Length::new::<meter>(48.92);
        assert_eq!(high.power_at(cms(2.4)), Power::new::<kilowatt>(460.0));
        assert!(high.uncapped_design_power() > Power::new::<kilowatt>(899.0));
    }

    #[test]
    fn energy_spread_by_days_sums_to_the_annual() {
        let annual = Energy::new::<megawatt_hour>(2570.0);
        let months = by_days(annual);
        let sum: Energy = months.iter().copied().sum();
        assert!((sum.get::<megawatt_hour>() - 2570.0).abs() < 1e-9);
        // February has 28 of 365 days.
        assert!((months[1].get::<megawatt_hour>() - 2570.0 * 28.0 / 365.0).abs() < 1e-9);
    }

    #[test]
    fn net_generation_and_capacity_factor() {
        // 3,500 MWh from 460 kW over 8,760 h: CF = 3.5e6 / (460 × 8760) = 86.86 %.
        let e = Energy::new::<megawatt_hour>(3500.0);
        let cf = capacity_factor(e, Power::new::<kilowatt>(460.0), year_length());
        assert!((cf.get::<ratio>() - 3.5e6 / (460.0 * 8760.0)).abs() < 1e-12);
        let net = net_generation(e, pct(1.0));
        assert!((net.get::<megawatt_hour>() - 3465.0).abs() < 1e-9);
    }
}
