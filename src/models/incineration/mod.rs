//! Waste-to-energy incineration, after the structure of CDM ACM0022 ("Alternative waste
//! treatment processes") and AM0025, with IPCC 2006 Vol. 5 Ch. 5 for the combustion:
//!
//! ```text
//! ER_y = BE_y − PE_y
//! BE_y = BE_CH4,SWDS,y                 methane the waste would have released (TOOL04)
//!      + EG_y · EF_grid,y              grid electricity the exported power replaces
//!      + HG_y · EF_heat                fuel the exported heat replaces
//! PE_y = PE_COM,CO2,y                  CO2 from the fossil carbon of the waste
//!      + PE_COM,N2O,y + PE_COM,CH4,y   N2O and CH4 of combustion
//!      + PE_FC,y                       auxiliary fossil fuel (start-up, support burners)
//!      + PE_EC,y                       electricity imported from the grid
//! ```
//!
//! The fossil CO2 is IPCC 2006 Vol. 5 Eq. 5.1, component by component:
//! `CO2 = Σ_j W_j · dm_j · CF_j · FCF_j · OF · 44/12`, with the dry-matter content dm, the
//! total carbon content CF (of dry matter) and the fossil carbon fraction FCF of each waste
//! component (IPCC 2006 Vol. 5 Ch. 2 Table 2.4 defaults, [`default_properties`]) and the
//! oxidation factor OF (100 % for municipal waste incinerators, Table 5.2). Biogenic CO2 is
//! reported but not counted.
//!
//! # Carbon
//! `C_in = Σ_j W_j · dm_j · CF_j` leaves as CO2 (`C_in · OF`) or stays in the bottom ash
//! (`C_in · (1 − OF)`); the model computes the two apart and refuses a result that does not
//! close ([`crate::models::balance`]).

pub mod plugin;

#[cfg(test)]
mod tests;

use uom::si::ratio::{percent, ratio};

use super::balance::CarbonBalance;
use crate::units::ghg::{Ch4, Co2, GasMass, GasPerMass, N2o};
use crate::units::{EnergyPerMass, Mass, Ratio};

pub use plugin::{WasteToEnergy, WteInputs};

/// A component of municipal solid waste as IPCC 2006 Vol. 5 Table 2.4 lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Component {
    Food,
    Garden,
    Paper,
    Wood,
    Textiles,
    RubberLeather,
    Plastics,
    GlassMetal,
    OtherInert,
}

impl Component {
    /// Every component, in the order of the model's parameters.
    pub const ALL: [Component; 9] = [
        Component::Food,
        Component::Garden,
        Component::Paper,
        Component::Wood,
        Component::Textiles,
        Component::RubberLeather,
        Component::Plastics,
        Component::GlassMetal,
        Component::OtherInert,
    ];
}

/// How a component burns: dry matter, carbon and fossil share of that carbon.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CombustionProperties {
    /// dm: dry-matter content, share of wet mass.
    pub dry_matter: Ratio,
    /// CF: total carbon content, share of dry matter.
    pub carbon: Ratio,
    /// FCF: fossil carbon, share of total carbon.
    pub fossil: Ratio,
}

/// IPCC 2006 default dry matter, total carbon and fossil carbon of each component.
///
/// | Component | dm (% wet) | CF (% dry) | FCF (% of C) |
/// |---|---|---|---|
/// | food | 40 | 38 | 0 |
/// | garden and park | 40 | 49 | 0 |
/// | paper and cardboard | 90 | 46 | 1 |
/// | wood | 85 | 50 | 0 |
/// | textiles | 80 | 50 | 20 |
/// | rubber and leather | 84 | 67 | 20 |
/// | plastics | 100 | 75 | 100 |
/// | glass and metal | 100 | 0 | 0 |
/// | other inert | 90 | 3 | 100 |
///
/// # Reference
/// IPCC 2006 Guidelines Vol. 5 Ch. 2 Table 2.4, used by Ch. 5 Eq. 5.1 \[unconfirmed\]
/// against the PDF; the paper FCF of 1 % is confirmed as "the current default" by Oyama et
/// al. (2019), who measured 5.9–9.4 % in Kyoto household paper waste.
pub fn default_properties(c: Component) -> CombustionProperties {
    let (dm, cf, fcf) = match c {
        Component::Food => (40.0, 38.0, 0.0),
        Component::Garden => (40.0, 49.0, 0.0),
        Component::Paper => (90.0, 46.0, 1.0),
        Component::Wood => (85.0, 50.0, 0.0),
        Component::Textiles => (80.0, 50.0, 20.0),
        Component::RubberLeather => (84.0, 67.0, 20.0),
        Component::Plastics => (100.0, 75.0, 100.0),
        Component::GlassMetal => (100.0, 0.0, 0.0),
        Component::OtherInert => (90.0, 3.0, 100.0),
    };
    CombustionProperties {
        dry_matter: Ratio::new::<percent>(dm),
        carbon: Ratio::new::<percent>(cf),
        fossil: Ratio::new::<percent>(fcf),
    }
}

/// Mass of CO2 per mass of carbon burnt, 44/12 (IPCC 2006 Vol. 5 Eq. 5.1).
pub fn co2_per_carbon() -> Ratio {
    Ratio::new::<ratio>(44.0 / 12.0)
}

/// Total carbon of a component: `C = W · dm · CF` (wet mass in, carbon out).
///
/// 1,000 t of plastics: 1,000 × 1.00 × 0.75 = 750 t C.
pub fn component_carbon(waste: Mass, p: &CombustionProperties) -> Mass {
    waste * p.dry_matter * p.carbon
}

/// Fossil CO2 of a component burnt: `CO2 = W · dm · CF · FCF · OF · 44/12`.
///
/// # Reference
/// IPCC 2006 Vol. 5 Ch. 5 Eq. 5.1; CDM ACM0022 / AM0025 (fossil CO2 of combustion).
/// 1,000 t of plastics at OF 100 %: 750 × 44/12 = 2,750 t CO2.
pub fn fossil_co2(waste: Mass, p: &CombustionProperties, oxidation: Ratio) -> GasMass<Co2> {
    GasMass::new(component_carbon(waste, p) * p.fossil * oxidation * co2_per_carbon())
}

/// Biogenic CO2 of a component burnt (reported, not counted): as [`fossil_co2`] with
/// `1 − FCF`.
pub fn biogenic_co2(waste: Mass, p: &CombustionProperties, oxidation: Ratio) -> GasMass<Co2> {
    let biogenic = Ratio::new::<ratio>(1.0) - p.fossil;
    GasMass::new(component_carbon(waste, p) * biogenic * oxidation * co2_per_carbon())
}

/// N2O of combustion: `W · EF` (IPCC 2006 Vol. 5 Eq. 5.5; Table 5.6: continuous and
/// semi-continuous MSW incinerators 50 g N2O/t wet waste \[unconfirmed\]).
pub fn combustion_n2o(waste: Mass, factor: GasPerMass<N2o>) -> GasMass<N2o> {
    waste * factor
}

/// CH4 of combustion: `W · EF` (IPCC 2006 Vol. 5 Eq. 5.4; Table 5.3: continuous stoker
/// 0.2 kg/Gg wet waste \[unconfirmed\]).
pub fn combustion_ch4(waste: Mass, factor: GasPerMass<Ch4>) -> GasMass<Ch4> {
    waste * factor
}

/// Net electrical efficiency of the plant: electricity exported per tonne over the waste's
/// net calorific value per tonne.
///
/// 557 kWh/t from waste of 9 MJ/kg (2,500 kWh/t): 22.3 %.
pub fn net_electric_efficiency(exported: EnergyPerMass, ncv: EnergyPerMass) -> Ratio {
    exported / ncv
}

/// The combustion of one year's waste: fossil and biogenic CO2 and the carbon balance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Combustion {
    /// Fossil CO2 (counted).
    pub fossil_co2: GasMass<Co2>,
    /// Biogenic CO2 (reported only).
    pub biogenic_co2: GasMass<Co2>,
    /// Fossil carbon in the waste.
    pub fossil_carbon: Mass,
    /// Carbon in, to the air, left in the ash.
    pub carbon: CarbonBalance,
}

/// Burns `waste` of the given composition (`(share, properties)` per component) with
/// oxidation factor `oxidation`. The ash carbon is computed on its own, so the balance
/// [`CarbonBalance::check`] closes only if the flows are consistent.
pub fn burn(
    waste: Mass,
    components: &[(Ratio, CombustionProperties)],
    oxidation: Ratio,
) -> Combustion {
    let zero = Mass::default();
    let mut out = Combustion {
        fossil_co2: GasMass::zero(),
        biogenic_co2: GasMass::zero(),
        fossil_carbon: zero,
        carbon: CarbonBalance {
            carbon_in: zero,
            released: zero,
            stored: zero,
        },
    };
    let unburnt = Ratio::new::<ratio>(1.0) - oxidation;
    for (share, p) in components {
        let w = waste * *share;
        let c = component_carbon(w, p);
        out.fossil_co2 += fossil_co2(w, p, oxidation);
        out.biogenic_co2 += biogenic_co2(w, p, oxidation);
        out.fossil_carbon += c * p.fossil;
        out.carbon.carbon_in += c;
        out.carbon.stored += c * unburnt;
    }
    out.carbon.released = (out.fossil_co2.mass() + out.biogenic_co2.mass()) / co2_per_carbon();
    out
}
