//! Avoided open burning of crop residues: residue collected for a product (here carbon and
//! silicon materials) is no longer burnt in the field, after IPCC 2006 Vol. 4 Ch. 2
//! (Eq. 2.27, Tier 1):
//!
//! ```text
//! L_fire = M_B · C_f · G_ef
//! BE_y   = DM_y · share_burnt · C_f · (EF_CH4 · GWP_CH4 + EF_N2O · GWP_N2O)  (+ product credit)
//! PE_y   = collection and haulage fuel + processing electricity
//! ```
//!
//! * `DM_y`: dry matter of the residue collected; `share_burnt`: the part that would have been
//!   burnt in the field; `C_f`: combustion factor (share of the fuel actually burnt).
//! * The CO2 of the burning is biogenic (the next crop takes it up again) and is not counted;
//!   it is reported.
//! * Two published CH4 factors disagree by a factor two; both are kept, named by their
//!   publication, and the choice is an explicit input ([`BurningFactors`]).
//! * Products made from the residue earn no credit unless a cited life-cycle assessment
//!   gives one (`product_credit`); the output says so.
//!
//! # Carbon
//! The residue's carbon (`DM · carbon fraction`) is either released by the burning (as CO2,
//! CO and CH4, all carbon of the fuel burnt) or stays (unburnt residue, the part not burnt,
//! ash); the CH4 carbon cannot exceed the carbon burnt ([`crate::models::balance`]).

pub mod plugin;

#[cfg(test)]
mod tests;

use uom::si::ratio::{per_mille, ratio};

use super::balance::CarbonBalance;
use crate::units::ghg::{Ch4, Co2, Gas, GasMass, GasPerMass, N2o};
use crate::units::{Mass, Ratio};

pub use plugin::{CropResidueBurning, ResidueInputs};

/// A set of emission factors for burning agricultural residues, per dry matter burnt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BurningFactors {
    /// IPCC 2006 Vol. 4 Ch. 2 Table 2.5, agricultural residues: CH4 2.7 g/kg, N2O 0.07 g/kg
    /// dry matter (from Andreae and Merlet 2001) \[unconfirmed\]. The default: IPCC Tier 1,
    /// and the lower CH4 factor, so it does not overstate what is avoided.
    Ipcc2006,
    /// GFED4 emission factors for agricultural waste burning (van der Werf et al. 2017,
    /// mostly from Akagi et al. 2011): CH4 5.82 g/kg, N2O 0.1 g/kg dry matter \[verified\].
    Gfed4,
    /// Field measurements of rice straw burning (Romasanta et al. 2017, as tabulated in
    /// Sci. Rep. 2019): CH4 4.51 g/kg, N2O 0.069 g/kg dry matter \[verified\].
    RiceStrawField,
}

impl BurningFactors {
    /// CH4 and N2O per mass of dry matter burnt.
    pub fn factors(self) -> (GasPerMass<Ch4>, GasPerMass<N2o>) {
        let (ch4, n2o) = match self {
            BurningFactors::Ipcc2006 => (2.7, 0.07),
            BurningFactors::Gfed4 => (5.82, 0.1),
            BurningFactors::RiceStrawField => (4.51, 0.069),
        };
        (
            GasPerMass::new(Ratio::new::<per_mille>(ch4)),
            GasPerMass::new(Ratio::new::<per_mille>(n2o)),
        )
    }
}

/// Mass of carbon per mass of CH4, 12/16 (the inverse of TOOL04's 16/12).
pub fn carbon_per_methane() -> Ratio {
    Ratio::new::<ratio>(12.0 / 16.0)
}

/// Mass of CO2 per mass of carbon, 44/12.
pub fn co2_per_carbon() -> Ratio {
    Ratio::new::<ratio>(44.0 / 12.0)
}

/// Dry matter of residue collected: `DM = m · dm`.
pub fn dry_matter(residue: Mass, dry_matter_content: Ratio) -> Mass {
    residue * dry_matter_content
}

/// Dry matter that would have burnt: `M_B · C_f`, with `M_B = DM · share_burnt` the fuel
/// that would have been set on fire and `C_f` the share of it the fire consumes.
///
/// # Reference
/// IPCC 2006 Vol. 4 Ch. 2 Eq. 2.27; Table 2.6 combustion factor for rice residues 0.80
/// \[unconfirmed\]. 10,000 t dry matter, 65 % burnt, C_f 0.8: 5,200 t.
pub fn dry_matter_burnt(dry: Mass, share_burnt: Ratio, combustion_factor: Ratio) -> Mass {
    dry * share_burnt * combustion_factor
}

/// A gas released by burning: `L = M_B · C_f · G_ef` (IPCC 2006 Vol. 4 Eq. 2.27).
///
/// 5,200 t burnt × 2.7 g CH4/kg = 14.04 t CH4.
pub fn burning_emission<G: Gas>(burnt: Mass, factor: GasPerMass<G>) -> GasMass<G> {
    burnt * factor
}

/// The carbon of one year's residue in the baseline, and the biogenic CO2 the burning
/// would have released.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BurningCarbon {
    /// Carbon of the residue; carbon the burning releases; carbon left.
    pub balance: CarbonBalance,
    /// Carbon released as CH4.
    pub methane_carbon: Mass,
    /// Carbon released in other forms (CO2, CO), counted as biogenic CO2: not counted.
    pub biogenic_co2: GasMass<Co2>,
}

/// The carbon balance of the avoided burning: the residue's carbon, the carbon the fire
/// would release (all the carbon of the dry matter burnt, `M_B · C_f · carbon fraction`),
/// of which the CH4's, and what stays.
pub fn burning_carbon(
    dry: Mass,
    burnt: Mass,
    carbon_fraction: Ratio,
    methane: GasMass<Ch4>,
) -> BurningCarbon {
    let released = burnt * carbon_fraction;
    let methane_carbon = methane.mass() * carbon_per_methane();
    BurningCarbon {
        balance: CarbonBalance::by_difference(dry * carbon_fraction, released),
        methane_carbon,
        biogenic_co2: GasMass::new((released - methane_carbon) * co2_per_carbon()),
    }
}
