//! Composting: landfill methane avoided by composting organic waste, minus the plant's own
//! emissions, following the structure of CDM small-scale methodology AMS-III.F
//! ("Avoidance of methane emissions through composting"):
//!
//! ```text
//! ER_y = BE_y − PE_y − LE_y
//! ```
//!
//! * `BE_y` baseline: methane the waste would have released in a solid waste disposal site,
//!   from the first-order-decay model of CDM TOOL04, Application B ([`fod`], [`baseline`]).
//! * `PE_y` project emissions: CH4 and N2O from composting (IPCC 2006 Table 4.1 or TOOL13),
//!   electricity (TOOL05), fuel (TOOL03), transport (TOOL12) ([`project`]).
//! * `LE_y` leakage: methane from compost that ends up in a disposal site ([`project`]).
//!
//! Methane is computed as [`GasMass<Ch4>`](crate::units::ghg::GasMass) and turned into CO2e
//! only through `to_co2e` with a [`GwpSet`](crate::units::ghg::GwpSet).
//!
//! # Modules
//! * [`landfill`](crate::models::landfill): the shared TOOL04 baseline (waste types, climate
//!   zones, disposal sites, the first-order-decay kernel); re-exported here under its old
//!   module names so the composting API is unchanged.
//! * [`project`]: project and leakage emission sources.
//! * [`plant`]: throughput, yield, crediting period.
//! * [`model`]: the entry point [`evaluate`] and its result types.
//!
//! # Example: Badung (Bali), 50 t/d of food waste that would have gone to TPA Suwung
//!
//! ```
//! use tanso::models::compost::*;
//! use tanso::units::ghg::{GwpSet, GwpSetId};
//! use tanso::units::{MassRate, Ratio, Time};
//! use uom::si::{mass::ton, mass_rate::ton_per_day, ratio::ratio, time::day};
//!
//! let plant = CompostPlant {
//!     capacity: MassRate::new::<ton_per_day>(50.0),
//!     utilisation: Ratio::new::<ratio>(1.0),
//!     operating_days: Time::new::<day>(365.0),
//!     compost_yield: Ratio::new::<ratio>(17.0 / 50.0),
//!     composition: WasteComposition::single(WasteType::Food),
//! };
//! let baseline = Baseline {
//!     fod: FodParameters::tool04_humid(),
//!     waste: WasteProperties::ipcc_2006(ClimateZone::TropicalMoistWet),
//!     schedule: BaselineSchedule::constant(Counterfactual::Disposal(
//!         DisposalSite::ipcc_default(SiteType::UnmanagedDeep, false),
//!     )),
//! };
//! let ar5 = GwpSet::new(GwpSetId::Ar5, Ratio::new::<ratio>(28.0), Ratio::new::<ratio>(265.0));
//! let result = evaluate(
//!     &plant,
//!     &baseline,
//!     &ProjectEmissions::default(),
//!     &ar5,
//!     &CreditingPeriod { years: 10 },
//! )
//! .unwrap();
//! // Year 1 baseline: 18,250 t × 0.034 t CH4/t × (1 − e^−0.4) = 204.57 t CH4.
//! let y1 = result.years[0].baseline_ch4.mass().get::<ton>();
//! assert!((y1 - 204.566).abs() < 1e-3);
//! ```

pub mod model;
pub mod plant;
pub mod plugin;
pub mod project;

pub use crate::models::landfill::{baseline, climate, date, fod, site, waste};

/// The waste models' errors under the names composting has always used.
mod error {
    pub use crate::models::landfill::{WasteError as CompostError, WasteResult as CompostResultOf};
    pub(crate) use crate::models::landfill::{
        check_fraction, check_non_negative, check_positive, check_positive_fraction,
    };
}

#[cfg(test)]
mod tests;

pub use baseline::{Baseline, FodYear};
pub use climate::{ClimateZone, ipcc_climate_zone};
pub use date::period_offset;
pub use error::{CompostError, CompostResultOf};
pub use fod::{FodParameters, FodTimeStep, lifetime_methane_per_tonne};
pub use model::{
    CommittedMethane, CompostResult, PerTonne, ProjectBreakdown, Totals, YearResult, evaluate,
    small_scale_annual_limit,
};
pub use plant::{CompostPlant, CreditingPeriod, waste_treated_per_year};
pub use plugin::{CompostInputs, Composting};
pub use project::{
    CompostLeakage, CompostingFactors, Electricity, FreightIntensity, FuelUse, Haul,
    ProjectEmissions, Tool13N2oDefault,
};
pub use site::{BaselineSchedule, Counterfactual, CounterfactualChange, DisposalSite, SiteType};
pub use waste::{DecayProperties, WasteComposition, WasteProperties, WasteType};
