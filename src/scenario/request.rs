//! What a user asks for: a project plus parameter overrides plus options. The same shape
//! serves `tanso estimate` and `POST /v1/estimates`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::units::QuantityInput;
use crate::units::ghg::GwpSetId;

/// A what-if scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScenarioRequest {
    /// A documented project by id (e.g. `"renca-solar"`), or a project defined inline.
    pub project: ProjectRef,
    /// Overrides of model parameters by key (see `GET /v1/models/{id}`): a quantity as text
    /// (`"3 MW"`) or as `{"value": 3, "unit": "MW"}`, a choice (`"perez"`), a year (`2030`) or a
    /// date (`"2025-08-01"`).
    #[serde(default)]
    #[schema(value_type = BTreeMap<String, QuantityInput>)]
    pub parameters: BTreeMap<String, QuantityInput>,
    /// Crediting period, GWP set, grid factor, weather, uncertainty.
    #[serde(default)]
    pub options: ScenarioOptions,
}

/// A project: by id, or inline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum ProjectRef {
    /// The id of a documented project (`GET /v1/projects`).
    Id(String),
    /// A project defined in the request.
    Inline(Box<InlineProject>),
}

/// A project defined in the request; its values are marked as user-supplied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InlineProject {
    /// The model that evaluates it (`GET /v1/models`).
    pub model: String,
    /// A name for the result.
    #[serde(default)]
    pub name: Option<String>,
    /// Where it is (needed by models that compute the sun's position).
    #[serde(default)]
    pub location: Option<InlineLocation>,
    /// Twelve monthly climate normals (for solar, when no weather file is given).
    #[serde(default)]
    pub climate: Option<InlineClimate>,
}

/// Location of an inline project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InlineLocation {
    /// Latitude, positive north, e.g. `"-33.4 deg"`.
    pub latitude: QuantityInput,
    /// Longitude, positive east, e.g. `"-70.7 deg"`.
    pub longitude: QuantityInput,
    /// Elevation above sea level, e.g. `"500 m"`.
    #[serde(default)]
    pub elevation: Option<QuantityInput>,
    /// Offset of local standard time from UTC, e.g. `"-4 h"`.
    #[serde(default)]
    pub utc_offset: Option<QuantityInput>,
}

/// Monthly climate normals, January first (12 values each; `wind` may be a single value).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InlineClimate {
    /// Mean daily global horizontal irradiation, e.g. `"5.6 kWh/m²"`.
    pub ghi_daily: Vec<QuantityInput>,
    /// Mean air temperature.
    pub temp_mean: Vec<QuantityInput>,
    /// Mean daily minimum air temperature.
    pub temp_min: Vec<QuantityInput>,
    /// Mean daily maximum air temperature.
    pub temp_max: Vec<QuantityInput>,
    /// Mean wind speed (one value for all months, or twelve).
    pub wind: Vec<QuantityInput>,
}

/// Options of a scenario; each falls back to the project's documented default.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScenarioOptions {
    /// First day of the crediting period, e.g. `"2024-03-01"`.
    #[serde(default)]
    pub crediting_start: Option<String>,
    /// Last day of the crediting period, e.g. `"2030-12-31"`.
    #[serde(default)]
    pub crediting_end: Option<String>,
    /// Plant life for the lifetime view, e.g. `"25 yr"`.
    #[serde(default)]
    pub lifetime: Option<QuantityInput>,
    /// GWP set for CH4 and N2O.
    #[serde(default)]
    pub gwp: Option<GwpSetId>,
    /// Grid emission factor: a dataset series, a constant, a trajectory by year, or a combined
    /// margin.
    #[serde(default)]
    pub grid_factor: Option<GridFactorInput>,
    /// Hourly weather to use instead of the project's monthly climate.
    #[serde(default)]
    pub weather: Option<WeatherInput>,
    /// Monte Carlo settings; omit for a deterministic estimate only.
    #[serde(default)]
    pub uncertainty: Option<UncertaintyOptions>,
    /// Include hourly AC power of the first year (solar).
    #[serde(default)]
    pub hourly: bool,
}

/// A grid emission factor as given in a request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum GridFactorInput {
    /// A series from `GET /v1/datasets/grid-factors`, e.g. `"cl-sen-ember-average"`.
    Series(String),
    /// One value for every year, e.g. `"0.3 tCO2e/MWh"`.
    Constant(QuantityInput),
    /// Values by year; linear between given years, held constant outside them.
    Trajectory(Vec<TrajectoryPoint>),
    /// CDM TOOL07 combined margin: w_OM·OM + (1 − w_OM)·BM.
    CombinedMargin(CombinedMarginInput),
}

/// One year of a grid-factor trajectory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TrajectoryPoint {
    /// Calendar year.
    pub year: i32,
    /// Emission intensity that year, e.g. `"0.25 tCO2e/MWh"`.
    pub value: QuantityInput,
}

/// Operating and build margins with the operating-margin weight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CombinedMarginInput {
    /// Operating margin, e.g. `"0.6 tCO2/MWh"`.
    pub operating_margin: QuantityInput,
    /// Build margin, e.g. `"0.3 tCO2/MWh"`.
    pub build_margin: QuantityInput,
    /// Weight of the operating margin; default 75 % (TOOL07's value for wind and solar).
    #[serde(default)]
    pub om_weight: Option<QuantityInput>,
}

/// Hourly weather as text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WeatherInput {
    /// The format of `data`.
    pub format: WeatherFormat,
    /// The file's content.
    #[schema(max_length = 6_291_456)]
    pub data: String,
}

/// Accepted weather formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum WeatherFormat {
    /// EnergyPlus weather file.
    Epw,
    /// tanso's documented CSV (see the docs of `tanso::weather`).
    Csv,
}

/// The request's format and the one the models read name the same two formats.
impl From<WeatherFormat> for crate::models::plugin::WeatherFormat {
    fn from(f: WeatherFormat) -> Self {
        match f {
            WeatherFormat::Epw => Self::Epw,
            WeatherFormat::Csv => Self::Csv,
        }
    }
}

impl From<crate::models::plugin::WeatherFormat> for WeatherFormat {
    fn from(f: crate::models::plugin::WeatherFormat) -> Self {
        match f {
            crate::models::plugin::WeatherFormat::Epw => Self::Epw,
            crate::models::plugin::WeatherFormat::Csv => Self::Csv,
        }
    }
}

/// Monte Carlo settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UncertaintyOptions {
    /// Number of draws.
    #[serde(default = "default_draws")]
    #[schema(minimum = 1, maximum = 100_000)]
    pub draws: u32,
    /// Seed of the random streams; the same seed gives the same numbers.
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// Per-parameter distributions replacing the documented ones (the same form as in
    /// `models/*.toml`), or `null` to hold a parameter at its value.
    #[serde(default)]
    #[schema(schema_with = uncertainty_parameters_schema)]
    pub parameters: BTreeMap<String, Option<UncertaintyInput>>,
    /// Threads evaluating the draws (0 = all cores); never changes the numbers. Not part of
    /// the request: set by benchmarks and tests.
    #[serde(skip)]
    pub threads: usize,
}

/// A distribution for one parameter, in its own units.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UncertaintyInput {
    /// normal, lognormal, triangular, uniform, pert or discrete.
    pub distribution: String,
    /// Normal: mean (default: the value in use).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mean: Option<QuantityInput>,
    /// Normal: standard deviation, in the parameter's units.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sd: Option<QuantityInput>,
    /// Normal: standard deviation relative to the value in use, e.g. `"5 %"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relative_sd: Option<QuantityInput>,
    /// Lognormal: geometric mean (default: the value in use).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gm: Option<QuantityInput>,
    /// Lognormal: geometric standard deviation (≥ 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gsd: Option<f64>,
    /// Triangular, PERT, uniform: smallest value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<QuantityInput>,
    /// Triangular, PERT: most likely value (default: the value in use).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<QuantityInput>,
    /// Triangular, PERT, uniform: largest value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<QuantityInput>,
    /// Truncation bound (normal, lognormal).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lower: Option<QuantityInput>,
    /// Truncation bound (normal, lognormal).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upper: Option<QuantityInput>,
    /// Discrete: the possible values (quantities, choices or dates).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<QuantityInput>,
    /// Discrete: their weights.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub weights: Vec<f64>,
    /// Where the spread comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// `{key: UncertaintyInput | null}`: utoipa does not derive a nullable map value, so the
/// schema is written out (the `UncertaintyInput` component is registered in the document).
fn uncertainty_parameters_schema() -> utoipa::openapi::schema::Object {
    use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Schema, Type};
    let value = OneOfBuilder::new()
        .item(utoipa::openapi::Ref::from_schema_name("UncertaintyInput"))
        .item(ObjectBuilder::new().schema_type(Type::Null))
        .build();
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .additional_properties(Some(Schema::OneOf(value)))
        .description(Some(
            "Per-parameter distributions replacing the documented ones (the same form as in `models/*.toml`), or `null` to hold a parameter at its value.",
        ))
        .build()
}

fn default_draws() -> u32 {
    2000
}

fn default_seed() -> u64 {
    42
}

impl Default for UncertaintyOptions {
    fn default() -> Self {
        UncertaintyOptions {
            draws: default_draws(),
            seed: default_seed(),
            parameters: BTreeMap::new(),
            threads: 0,
        }
    }
}
