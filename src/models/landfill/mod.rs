//! Solid waste disposal sites: the methane that diverted waste would have released, by the
//! first-order-decay (FOD) model of CDM TOOL04 ("Emissions from solid waste disposal
//! sites", Application B) and IPCC 2006 Vol. 5 Ch. 3.
//!
//! This is the baseline every waste model shares: composting, anaerobic digestion and
//! waste-to-energy all avoid the methane of the waste they take. They call one kernel,
//! [`accumulate_fod`], with the yearly inflow they divert, its composition and the
//! counterfactual site; the kernel returns each crediting year's methane and what each
//! year's waste commits in all.
//!
//! # Modules
//! * [`waste`]: waste types, composition, IPCC default DOC and k.
//! * [`climate`]: IPCC climate zone from temperature, precipitation and PET.
//! * [`site`]: disposal-site classes (MCF, OX), the counterfactual and its changes.
//! * [`date`]: calendar dates mapped to offsets in the crediting period.
//! * [`fod`]: the TOOL04 equations (yearly and monthly forms, closed forms).
//! * [`baseline`]: the kernel, TOOL04 over the period for a changing counterfactual.
//! * [`inputs`]: the site and climate parameters every waste plug-in declares, and how
//!   they are derived (k from the climate zone, MCF and OX from the site type).

pub mod baseline;
pub mod climate;
pub mod date;
mod error;
pub mod fod;
pub mod inputs;
pub mod site;
pub mod waste;

pub use baseline::{Baseline, FodYear, accumulate_fod};
pub use climate::{ClimateZone, ipcc_climate_zone};
pub use date::period_offset;
pub use error::{WasteError, WasteResult};
pub(crate) use error::{
    check_fraction, check_non_negative, check_positive, check_positive_fraction,
};
pub use fod::{FodParameters, FodTimeStep, lifetime_methane_per_tonne, methane_per_carbon};
pub use site::{BaselineSchedule, Counterfactual, CounterfactualChange, DisposalSite, SiteType};
pub use waste::{DecayProperties, WasteComposition, WasteProperties, WasteType};
