//! `GET /v1/datasets/grid-factors` and `GET /v1/datasets/gwp-sets`: the reference datasets,
//! each value with its sources.

use actix_web::{get, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::AppState;
use crate::api::problem::Problem;
use crate::api::views::Citations;
use crate::catalog::FactorKind;
use crate::catalog::Source;
use crate::units::QuantityValue;
use crate::units::ghg::GwpSetId;

/// Filters of the grid-factor list; each is optional and they combine.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GridFactorFilter {
    /// ISO 3166-1 alpha-2 country code, any case, e.g. `CL`.
    pub country: Option<String>,
    /// A series id, e.g. `cl-sen-ember-average`.
    pub series: Option<String>,
}

/// Grid emission factors.
#[derive(Debug, Serialize, ToSchema)]
pub struct GridFactorList {
    pub grid_factors: Vec<GridFactorView>,
    /// Every source cited by the listed factors.
    pub sources: Vec<Source>,
    /// Version (content hash) of the data catalog.
    pub dataset_version: String,
}

/// One grid emission factor for a grid and year.
#[derive(Debug, Serialize, ToSchema)]
pub struct GridFactorView {
    pub id: String,
    /// The series it belongs to (use it as `options.grid_factor.series`).
    pub series: String,
    pub country: String,
    pub grid: String,
    /// The year it applies to.
    pub year: i32,
    /// What the factor measures.
    pub kind: FactorKind,
    /// What is counted, e.g. `combustion CO2` or `life-cycle CO2e`.
    pub basis: String,
    pub value: QuantityValue,
    /// Licence of the data.
    pub licence: String,
    /// One-sigma relative uncertainty, where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relative_sd: Option<QuantityValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub sources: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assumption: Option<String>,
}

/// GWP sets.
#[derive(Debug, Serialize, ToSchema)]
pub struct GwpSetList {
    pub gwp_sets: Vec<GwpSetView>,
    /// Every source cited by the sets.
    pub sources: Vec<Source>,
    /// Version (content hash) of the data catalog.
    pub dataset_version: String,
}

/// A named set of 100-year global warming potentials.
#[derive(Debug, Serialize, ToSchema)]
pub struct GwpSetView {
    /// The id to use as `options.gwp`.
    pub id: GwpSetId,
    pub name: String,
    /// GWP-100 of (non-fossil) methane.
    pub ch4: f64,
    /// GWP-100 of nitrous oxide.
    pub n2o: f64,
    /// For rule-based sets: the sets whose per-gas minimum is taken.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lowest_of: Vec<GwpSetId>,
    /// Where the set is required or used.
    pub usage: String,
    pub sources: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assumption: Option<String>,
}

/// Grid emission factors, optionally filtered by country and series.
#[utoipa::path(
    operation_id = "list_grid_factors",
    tag = "datasets",
    params(GridFactorFilter),
    responses(
        (status = 200, description = "The matching factors (possibly none)", body = GridFactorList),
        (status = 400, description = "A query parameter cannot be read (`invalid_query`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/datasets/grid-factors")]
pub async fn grid_factors(
    state: web::Data<AppState>,
    filter: web::Query<GridFactorFilter>,
) -> web::Json<GridFactorList> {
    let c = &state.catalog;
    let mut cited = Citations::default();
    let grid_factors = c
        .grid_factors
        .iter()
        .filter(|f| {
            filter
                .country
                .as_ref()
                .is_none_or(|x| f.country.eq_ignore_ascii_case(x.trim()))
                && filter.series.as_ref().is_none_or(|s| f.series == s.trim())
        })
        .map(|f| {
            cited.provenance(&f.provenance);
            GridFactorView {
                id: f.id.clone(),
                series: f.series.clone(),
                country: f.country.clone(),
                grid: f.grid.clone(),
                year: f.year,
                kind: f.kind,
                basis: f.basis.clone(),
                value: f.value.shown.clone(),
                licence: f.licence.clone(),
                relative_sd: f.relative_sd.as_ref().map(|a| a.shown.clone()),
                note: f.note.clone(),
                sources: f.provenance.sources.clone(),
                assumption: f.provenance.assumption.clone(),
            }
        })
        .collect();
    web::Json(GridFactorList {
        grid_factors,
        sources: cited.resolve(c),
        dataset_version: c.version.clone(),
    })
}

/// The GWP sets an estimate can use, with their values and sources.
#[utoipa::path(
    operation_id = "list_gwp_sets",
    tag = "datasets",
    responses((status = 200, description = "The GWP sets", body = GwpSetList))
)]
#[get("/v1/datasets/gwp-sets")]
pub async fn gwp_sets(state: web::Data<AppState>) -> web::Json<GwpSetList> {
    let c = &state.catalog;
    let mut cited = Citations::default();
    let gwp_sets = c
        .gwp_sets
        .iter()
        .map(|g| {
            cited.provenance(&g.provenance);
            GwpSetView {
                id: g.id,
                name: g.name.clone(),
                ch4: g.ch4,
                n2o: g.n2o,
                lowest_of: g.lowest_of.clone(),
                usage: g.usage.clone(),
                sources: g.provenance.sources.clone(),
                assumption: g.provenance.assumption.clone(),
            }
        })
        .collect();
    web::Json(GwpSetList {
        gwp_sets,
        sources: cited.resolve(c),
        dataset_version: c.version.clone(),
    })
}
