//! What an estimate returns: every input as used with its source, the results as
//! `{value, unit}`, the per-year table, warnings, and the dataset and model versions.

use serde::Serialize;
use utoipa::ToSchema;

use super::resolve::{CreditingPeriod, GridFactorUsed, Input};
use crate::catalog::Source;
use crate::units::QuantityValue;
use crate::units::ghg::GwpSetId;

/// An evaluated scenario.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Estimate {
    /// The project evaluated.
    pub project: ProjectSummary,
    /// The model and its version.
    pub model: ModelVersion,
    /// Version (content hash) of the data catalog used.
    pub dataset_version: String,
    /// Options as used.
    pub options: OptionsUsed,
    /// Every model parameter as used, with where its value comes from.
    pub inputs: Vec<Input>,
    /// The results.
    pub results: ModelResults,
    /// The Monte Carlo summary, when requested.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uncertainty: Option<super::monte_carlo::UncertaintyResult>,
    /// What the reader should know: assumptions that matter, values held beyond data.
    pub warnings: Vec<String>,
    /// Every source cited by the inputs, options and method.
    pub sources: Vec<Source>,
}

/// Which project an estimate is for.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProjectSummary {
    /// The documented project's id; absent for inline projects.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub name: String,
}

/// Model id and version.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ModelVersion {
    pub id: String,
    pub version: String,
}

/// Options as used.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OptionsUsed {
    pub crediting_period: CreditingPeriod,
    /// Plant life for the lifetime view.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lifetime: Option<QuantityValue>,
    pub gwp: GwpUsed,
    /// The grid emission factor, when the model uses one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grid_factor: Option<GridFactorUsed>,
    /// Where the weather came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weather: Option<String>,
}

/// The GWP set used.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GwpUsed {
    pub id: GwpSetId,
    pub name: String,
    /// GWP-100 of CH4.
    pub ch4: f64,
    /// GWP-100 of N2O.
    pub n2o: f64,
}

/// Model-specific results.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(tag = "model", rename_all = "kebab-case")]
pub enum ModelResults {
    /// Solar PV.
    SolarPv(SolarResults),
    /// Composting.
    Composting(CompostResults),
}

/// Results of the solar PV model.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SolarResults {
    /// First full year of operation (typical weather, before degradation).
    pub first_year: SolarYearSummary,
    /// Twelve months of the first year.
    pub monthly: Vec<SolarMonth>,
    /// Each crediting year: energy after degradation, grid factor, avoided emissions.
    pub crediting_years: Vec<SolarCreditingYear>,
    /// Totals over the crediting period.
    pub crediting_total: SolarTotal,
    /// Totals over the plant life, when a lifetime is set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lifetime_total: Option<SolarTotal>,
    /// AC power of each hour of the first year, in kW (on request).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hourly_ac_kw: Option<Vec<f64>>,
}

/// First-year figures.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SolarYearSummary {
    pub ac_energy: QuantityValue,
    pub dc_energy: QuantityValue,
    pub ghi_insolation: QuantityValue,
    pub poa_insolation: QuantityValue,
    pub specific_yield: QuantityValue,
    pub capacity_factor: QuantityValue,
    pub performance_ratio: QuantityValue,
}

/// One month of the first year.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SolarMonth {
    /// 1 = January.
    pub month: u8,
    pub ac_energy: QuantityValue,
    pub dc_energy: QuantityValue,
    pub ghi_insolation: QuantityValue,
    pub poa_insolation: QuantityValue,
}

/// One crediting year.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SolarCreditingYear {
    /// 1 for the first crediting year.
    pub year: u32,
    /// First day.
    pub start: String,
    /// Last day (inclusive).
    pub end: String,
    /// Calendar year used for the grid factor.
    pub calendar_year: i32,
    /// Share of a full year (the last may be shorter).
    pub fraction: QuantityValue,
    pub ac_energy: QuantityValue,
    pub grid_factor: QuantityValue,
    pub avoided: QuantityValue,
}

/// Totals over a period.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SolarTotal {
    pub years: QuantityValue,
    pub ac_energy: QuantityValue,
    pub avoided: QuantityValue,
}

/// Results of the composting model.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CompostResults {
    /// Each crediting year.
    pub crediting_years: Vec<CompostCreditingYear>,
    /// Totals over the crediting period.
    pub totals: CompostTotals,
}

/// One crediting year of the composting model.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CompostCreditingYear {
    pub year: u32,
    pub start: String,
    pub end: String,
    pub waste_treated: QuantityValue,
    pub compost_produced: QuantityValue,
    /// Methane the diverted waste would have released this year at the disposal site.
    pub baseline_ch4: QuantityValue,
    pub baseline: QuantityValue,
    pub project_composting_ch4: QuantityValue,
    pub project_composting_n2o: QuantityValue,
    pub project_electricity: QuantityValue,
    pub project_fuel: QuantityValue,
    pub project_transport: QuantityValue,
    pub leakage: QuantityValue,
    pub net_reduction: QuantityValue,
    /// Methane this year's waste would eventually have released at the site (its whole decay).
    pub committed_ch4: QuantityValue,
    /// The part of it released after the crediting period, never credited: why late years'
    /// waste adds less within the period, and why year 1 is small.
    pub committed_ch4_after_period: QuantityValue,
}

/// Totals of the composting model.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CompostTotals {
    pub waste_treated: QuantityValue,
    pub compost_produced: QuantityValue,
    pub baseline_ch4: QuantityValue,
    pub baseline: QuantityValue,
    pub project: QuantityValue,
    pub leakage: QuantityValue,
    pub net_reduction: QuantityValue,
    /// Net reductions per tonne of waste treated.
    pub reduction_per_tonne: QuantityValue,
    /// Methane the period's waste would eventually release at the site, counting the decay
    /// after the period.
    pub committed_ch4: QuantityValue,
    /// The part of it released after the crediting period (not credited).
    pub committed_ch4_after_period: QuantityValue,
}
