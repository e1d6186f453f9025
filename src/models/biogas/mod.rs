//! Anaerobic digestion of organic waste with use of the biogas, after the structure of JCM
//! methodology VN_AM004 ("Anaerobic digestion of organic waste for biogas utilization within
//! wholesale markets", Viet Nam):
//!
//! ```text
//! ER_y = RE_y − PE_y − LE_y
//! RE_y = BE_CH4,SWDS,y                     methane the waste would have released (TOOL04)
//!      + BG_heat,y · NCV · EF_fuel          fossil fuel the biogas replaces in heat equipment
//!      + EG_y · EF_grid,y                   grid electricity a gas engine replaces
//! PE_y = EC_y · EF_grid,y · (1 + TDL)       electricity the plant uses
//!      + CH4 leaked by the digester, CH4 left unburnt by the flare, digestate composting
//! LE_y = methane of digestate sent to a disposal site (TOOL04)
//! ```
//!
//! VN_AM004 counts the landfill methane, the fuel the biogas displaces in heat equipment and
//! the plant's electricity; the gas engine, the flare, digester leakage and the digestate are
//! the terms a plant that does not send all its gas to heat equipment adds (the methodology
//! proposed in the FY2013 Binh Dien study planned cogeneration and composted digestate). The
//! landfill methane comes from the kernel every waste model shares,
//! [`accumulate_fod`](crate::models::landfill::accumulate_fod).
//!
//! # Carbon
//! The degradable organic carbon of the waste (Σ W · share · DOC) either leaves in the biogas
//! (one carbon atom per CH4 or CO2 molecule) or stays in the digestate:
//! `C_in = C_biogas + C_digestate`. A biogas yield that would carry more carbon than the
//! waste holds is refused ([`crate::models::balance`]).
//!
//! # References
//! * JCM VN_AM004, summary on jcm.go.jp (reference emissions: FOD on the waste prevented from
//!   disposal, plus biogas supplied × NCV × CO2 factor of the reference fuel; project
//!   emissions: electricity consumed).
//! * IPCC 2006 Vol. 5 Ch. 4 Table 4.1: CH4 from anaerobic digestion at biogas facilities,
//!   1 g/kg wet waste (0–8), N2O negligible.
//! * CODATA 2018: molar volume of an ideal gas at 273.15 K and 101.325 kPa,
//!   22.413 969 54 L/mol; IUPAC standard atomic weights: C 12.011, H 1.008.

pub mod plugin;

#[cfg(test)]
mod tests;

use uom::si::molar_mass::gram_per_mole;
use uom::si::molar_volume::cubic_decimeter_per_mole;
use uom::si::ratio::ratio;

use super::balance::CarbonBalance;
use crate::units::ghg::{Ch4, Co2e, EmissionIntensity, GasMass, GasPerMass};
use crate::units::{
    Energy, EnergyPerMass, Mass, MolarMass, MolarVolume, Ratio, Volume, VolumePerMass,
};

pub use plugin::{AnaerobicDigestion, DigestionInputs};

/// Molar volume of an ideal gas at normal conditions (0 °C, 101.325 kPa), the reference of
/// "normal" cubic metres: 22.413 969 54 L/mol (CODATA 2018).
pub fn normal_molar_volume() -> MolarVolume {
    MolarVolume::new::<cubic_decimeter_per_mole>(22.413_969_54)
}

/// Molar mass of carbon, 12.011 g/mol (IUPAC standard atomic weight).
pub fn carbon_molar_mass() -> MolarMass {
    MolarMass::new::<gram_per_mole>(12.011)
}

/// Molar mass of methane, CH4 = 12.011 + 4 × 1.008 = 16.043 g/mol (IUPAC atomic weights).
pub fn methane_molar_mass() -> MolarMass {
    MolarMass::new::<gram_per_mole>(16.043)
}

/// Biogas produced: `V = W · Y` (Y in normal cubic metres per tonne of wet waste).
///
/// 50 t/d × 365 d × 100 Nm³/t = 1.825 million Nm³ a year.
pub fn biogas_volume(waste: Mass, biogas_yield: VolumePerMass) -> Volume {
    waste * biogas_yield
}

/// Methane in the biogas: `m = V · x_CH4 / V_m · M_CH4`.
///
/// # Units
/// V in Nm³, x_CH4 the methane share by volume (mole fraction); returns t CH4. One Nm³ of
/// pure methane is 16.043 / 22.414 = 0.7158 kg.
pub fn methane_in_biogas(biogas: Volume, methane_content: Ratio) -> GasMass<Ch4> {
    GasMass::new(biogas * methane_content / normal_molar_volume() * methane_molar_mass())
}

/// Carbon in the biogas: `C = V / V_m · M_C`, with the dry biogas taken as CH4 and CO2 only
/// (one carbon atom per molecule whatever the split). Trace gases (N2, H2S, H2: a few %) are
/// counted as carbon, which overstates the carbon out slightly and so makes the balance check
/// stricter, never looser. One Nm³ carries 12.011 / 22.414 = 0.536 kg of carbon.
pub fn carbon_in_biogas(biogas: Volume) -> Mass {
    biogas / normal_molar_volume() * carbon_molar_mass()
}

/// Degradable organic carbon in the waste: `C = W · Σ_j share_j · DOC_j` (wet basis).
///
/// # Reference
/// IPCC 2006 Vol. 5 Ch. 2 Table 2.4 (DOC of wet waste), as in TOOL04.
pub fn degradable_carbon(waste: Mass, shares_and_doc: &[(Ratio, Ratio)]) -> Mass {
    shares_and_doc
        .iter()
        .map(|&(share, doc)| waste * share * doc)
        .fold(Mass::default(), |a, b| a + b)
}

/// Energy of methane: `E = m · NCV` (net calorific value per mass of CH4).
pub fn methane_energy(methane: GasMass<Ch4>, ncv: EnergyPerMass) -> Energy {
    methane.mass() * ncv
}

/// Fossil fuel emissions the biogas avoids in heat equipment, as VN_AM004 counts them:
/// biogas energy supplied × CO2 factor of the reference fuel (same efficiency assumed).
///
/// 1,000 MWh of biogas replacing LPG (63.1 t CO2/TJ = 0.2272 t/MWh): 227.2 t CO2.
pub fn displaced_fuel_emissions(
    supplied: Energy,
    fuel_factor: EmissionIntensity<Co2e>,
) -> GasMass<Co2e> {
    supplied * fuel_factor
}

/// Electricity from a gas engine: fuel energy × electrical efficiency.
pub fn engine_electricity(fuel: Energy, efficiency: Ratio) -> Energy {
    fuel * efficiency
}

/// Grid emissions of an amount of electricity generated (avoided) or consumed.
pub fn grid_emissions(electricity: Energy, factor: EmissionIntensity<Co2e>) -> GasMass<Co2e> {
    electricity * factor
}

/// Methane leaked by the digester and its gas system: `W · EF` with the IPCC Tier 1 factor
/// for anaerobic digestion at biogas facilities (unintended leaks, process upsets).
///
/// # Reference
/// IPCC 2006 Vol. 5 Ch. 4 Table 4.1: 1 g CH4/kg wet waste treated (range 0–8).
pub fn digester_leakage(waste: Mass, factor: GasPerMass<Ch4>) -> GasMass<Ch4> {
    waste * factor
}

/// Methane a flare leaves unburnt: `m · (1 − η)`.
///
/// # Reference
/// CDM TOOL06 (project emissions from flaring): default efficiency 90 % for an enclosed
/// flare, 50 % for an open flare \[unconfirmed\].
pub fn unburnt_methane(flared: GasMass<Ch4>, efficiency: Ratio) -> GasMass<Ch4> {
    GasMass::new(flared.mass() * (Ratio::new::<ratio>(1.0) - efficiency))
}

/// The digester: how much gas a tonne gives and what it leaks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Digester {
    /// Biogas per tonne of wet waste, at normal conditions.
    pub biogas_yield: VolumePerMass,
    /// CH4 share of the biogas, by volume.
    pub methane_content: Ratio,
    /// CH4 leaked per tonne of wet waste.
    pub leakage: GasPerMass<Ch4>,
    /// Net calorific value of methane.
    pub methane_ncv: EnergyPerMass,
}

/// Where the methane goes once produced (shares of what the digester does not leak).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BiogasUse {
    /// Share supplied to heat equipment (boilers, burners), replacing a fossil fuel.
    pub to_heat: Ratio,
    /// Share burnt in a gas engine for electricity.
    pub to_engine: Ratio,
    /// Electrical efficiency of the engine.
    pub engine_efficiency: Ratio,
    /// Share of the methane sent to the flare that it destroys.
    pub flare_efficiency: Ratio,
}

impl BiogasUse {
    /// The share flared: what neither heat equipment nor the engine takes.
    pub fn to_flare(&self) -> Ratio {
        Ratio::new::<ratio>(1.0) - self.to_heat - self.to_engine
    }
}

/// The gas flows of one year of digestion.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DigestionYear {
    /// Biogas produced.
    pub biogas: Volume,
    /// Methane produced.
    pub methane: GasMass<Ch4>,
    /// Methane leaked before use.
    pub leaked: GasMass<Ch4>,
    /// Biogas energy supplied to heat equipment.
    pub heat_supplied: Energy,
    /// Biogas energy burnt in the engine.
    pub engine_fuel: Energy,
    /// Electricity generated.
    pub electricity: Energy,
    /// Methane sent to the flare.
    pub flared: GasMass<Ch4>,
    /// Methane the flare leaves unburnt.
    pub unburnt: GasMass<Ch4>,
    /// Degradable carbon in, carbon out in the biogas, carbon left in the digestate.
    pub carbon: CarbonBalance,
}

/// One year of the digester: the waste's biogas and methane, what leaks, and the split of
/// the rest between heat equipment, the engine and the flare; with its carbon balance.
///
/// The balance is not checked here: the caller refuses it with the parameter names
/// ([`CarbonBalance::check`]).
pub fn digest(
    waste: Mass,
    degradable_carbon: Mass,
    digester: &Digester,
    using: &BiogasUse,
) -> DigestionYear {
    let biogas = biogas_volume(waste, digester.biogas_yield);
    let methane = methane_in_biogas(biogas, digester.methane_content);
    let leaked = digester_leakage(waste, digester.leakage);
    let usable = methane - leaked;
    let energy = methane_energy(usable, digester.methane_ncv);
    let engine_fuel = energy * using.to_engine;
    let flared = GasMass::new(usable.mass() * using.to_flare());
    DigestionYear {
        biogas,
        methane,
        leaked,
        heat_supplied: energy * using.to_heat,
        engine_fuel,
        electricity: engine_electricity(engine_fuel, using.engine_efficiency),
        flared,
        unburnt: unburnt_methane(flared, using.flare_efficiency),
        carbon: CarbonBalance::by_difference(degradable_carbon, carbon_in_biogas(biogas)),
    }
}
