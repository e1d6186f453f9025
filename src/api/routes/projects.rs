//! `GET /v1/projects`, `GET /v1/projects/{id}`: the documented projects with their facts,
//! parameter values, caveats, scenario defaults and cited sources.

use actix_web::http::StatusCode;
use actix_web::{get, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::api::AppState;
use crate::api::problem::{ApiError, ErrorCode, Problem};
use crate::api::views::{Citations, ParamValue, UncertaintyView};
use crate::catalog::Source;
use crate::catalog::{Catalog, Seed};
use crate::units::QuantityValue;

/// The documented projects.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProjectList {
    pub projects: Vec<ProjectListItem>,
    /// Version (content hash) of the data catalog.
    pub dataset_version: String,
}

/// A project in the list.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProjectListItem {
    /// The id to use in scenarios (`"project": "renca-solar"`).
    #[schema(example = "renca-solar")]
    pub id: String,
    pub name: String,
    /// The model that evaluates it (`GET /v1/models/{id}`).
    pub model: String,
    pub summary: String,
    pub place: String,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
    /// The detail resource.
    #[schema(example = "/v1/projects/renca-solar")]
    pub href: String,
}

/// A documented project: what its source documents state, the values tanso uses for it and
/// every assumption added, with the sources resolved.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProjectDetail {
    pub id: String,
    pub name: String,
    /// The model that evaluates it (`GET /v1/models/{id}`).
    pub model: String,
    pub summary: String,
    pub location: LocationView,
    /// What the source documents state.
    pub facts: Vec<FactView>,
    /// The parameter values set for this project; every other parameter takes the model's
    /// default.
    pub parameters: Vec<ProjectParameter>,
    /// Monthly climate normals, for models that need weather.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub climate: Option<ClimateView>,
    /// Defaults of the scenario options (crediting period, grid factor series, GWP set).
    pub scenario_defaults: Vec<ScenarioDefaultView>,
    /// What a reader of any estimate for this project must know (repeated as warnings).
    pub caveats: Vec<String>,
    /// Every source cited above.
    pub sources: Vec<Source>,
    /// Version (content hash) of the data catalog.
    pub dataset_version: String,
}

/// Where a project is. Published as `ProjectLocation`: the estimate's `LocationView` has the
/// same Rust name, and one schema name for both hid these fields from the document.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ProjectLocation)]
pub struct LocationView {
    pub place: String,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
    /// The electricity grid (as used in the grid-factor dataset).
    pub grid: String,
    /// Positive north.
    pub latitude: QuantityValue,
    /// Positive east.
    pub longitude: QuantityValue,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub elevation: Option<QuantityValue>,
    /// Offset of local standard time from UTC.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utc_offset: Option<QuantityValue>,
    pub sources: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assumption: Option<String>,
}

/// A fact stated by a source document.
#[derive(Debug, Serialize, ToSchema)]
pub struct FactView {
    pub id: String,
    /// The fact in tanso's own words.
    pub statement: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<QuantityValue>,
    /// The date stated, `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    pub sources: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assumption: Option<String>,
}

/// A parameter value set for the project.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProjectParameter {
    /// The model parameter's key.
    pub key: String,
    /// The value; absent when the model derives it and the project only gives its spread.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<ParamValue>,
    pub sources: Vec<String>,
    /// Why the value was chosen, if it is an assumption.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assumption: Option<String>,
    /// The spread around this value, replacing the model's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uncertainty: Option<UncertaintyView>,
}

/// Twelve monthly climate normals, January first.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClimateView {
    /// Mean daily global horizontal irradiation.
    pub ghi_daily: Vec<QuantityValue>,
    pub temp_mean: Vec<QuantityValue>,
    pub temp_min: Vec<QuantityValue>,
    pub temp_max: Vec<QuantityValue>,
    /// Mean wind speed.
    pub wind: Vec<QuantityValue>,
    pub sources: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assumption: Option<String>,
}

/// A default of a scenario option.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScenarioDefaultView {
    /// The option, e.g. `crediting_start`, `grid_factor`.
    pub key: String,
    /// The value as written.
    pub value: String,
    pub sources: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assumption: Option<String>,
}

/// The documented projects.
#[utoipa::path(
    operation_id = "list_projects",
    tag = "projects",
    responses((status = 200, description = "The documented projects", body = ProjectList))
)]
#[get("/v1/projects")]
pub async fn list(state: web::Data<AppState>) -> web::Json<ProjectList> {
    let c = &state.catalog;
    web::Json(ProjectList {
        projects: c
            .seeds
            .iter()
            .map(|s| ProjectListItem {
                id: s.id.clone(),
                name: s.name.clone(),
                model: s.model.clone(),
                summary: s.summary.clone(),
                place: s.location.place.clone(),
                country: s.location.country.clone(),
                href: format!("/v1/projects/{}", s.id),
            })
            .collect(),
        dataset_version: c.version.clone(),
    })
}

/// One documented project with its facts, parameter values, caveats, scenario defaults and
/// the sources it cites.
#[utoipa::path(
    operation_id = "get_project",
    tag = "projects",
    params(("id" = String, Path, description = "Project id, e.g. `renca-solar`", example = "renca-solar")),
    responses(
        (status = 200, description = "The project", body = ProjectDetail),
        (status = 404, description = "No project with this id (`unknown_project`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/projects/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<web::Json<ProjectDetail>, ApiError> {
    let c = &state.catalog;
    let seed = c.seed(&id).ok_or_else(|| unknown(c, &id))?;
    Ok(web::Json(detail(c, seed)))
}

fn unknown(c: &Catalog, id: &str) -> ApiError {
    let known: Vec<&str> = c.seeds.iter().map(|s| s.id.as_str()).collect();
    ApiError::new(
        StatusCode::NOT_FOUND,
        ErrorCode::UnknownProject,
        format!(
            "no project \"{id}\"; documented projects: {}",
            known.join(", ")
        ),
    )
    .field(
        "",
        format!("no project with the id in the path, \"{id}\""),
        Some(format!("one of {}", known.join(", "))),
        Some(id.to_string()),
    )
    .at(&format!("/v1/projects/{id}"))
}

fn detail(c: &Catalog, s: &Seed) -> ProjectDetail {
    let mut cited = Citations::default();
    let l = &s.location;
    cited.provenance(&l.provenance);
    let location = LocationView {
        place: l.place.clone(),
        country: l.country.clone(),
        grid: l.grid.clone(),
        latitude: l.latitude.shown.clone(),
        longitude: l.longitude.shown.clone(),
        elevation: l.elevation.as_ref().map(|a| a.shown.clone()),
        utc_offset: l.utc_offset.as_ref().map(|a| a.shown.clone()),
        sources: l.provenance.sources.clone(),
        assumption: l.provenance.assumption.clone(),
    };
    let facts = s
        .facts
        .iter()
        .map(|f| {
            cited.provenance(&f.provenance);
            FactView {
                id: f.id.clone(),
                statement: f.statement.clone(),
                value: f.value.as_ref().map(|a| a.shown.clone()),
                date: f.date.map(|d| d.to_string()),
                sources: f.provenance.sources.clone(),
                assumption: f.provenance.assumption.clone(),
            }
        })
        .collect();
    let parameters = s
        .parameters
        .iter()
        .map(|p| {
            cited.provenance(&p.provenance);
            if let Some(u) = &p.uncertainty {
                cited.provenance(&u.provenance);
            }
            ProjectParameter {
                key: p.key.clone(),
                value: p.value.as_ref().map(ParamValue::from),
                sources: p.provenance.sources.clone(),
                assumption: p.provenance.assumption.clone(),
                uncertainty: p.uncertainty.as_ref().map(UncertaintyView::from),
            }
        })
        .collect();
    let climate = s.climate.as_ref().map(|m| {
        cited.provenance(&m.provenance);
        let shown = |v: &[crate::catalog::Amount]| v.iter().map(|a| a.shown.clone()).collect();
        ClimateView {
            ghi_daily: shown(&m.ghi_daily),
            temp_mean: shown(&m.temp_mean),
            temp_min: shown(&m.temp_min),
            temp_max: shown(&m.temp_max),
            wind: shown(&m.wind),
            sources: m.provenance.sources.clone(),
            assumption: m.provenance.assumption.clone(),
        }
    });
    let scenario_defaults = s
        .scenario
        .iter()
        .map(|d| {
            cited.provenance(&d.provenance);
            ScenarioDefaultView {
                key: d.key.clone(),
                value: d.value.clone(),
                sources: d.provenance.sources.clone(),
                assumption: d.provenance.assumption.clone(),
            }
        })
        .collect();
    ProjectDetail {
        id: s.id.clone(),
        name: s.name.clone(),
        model: s.model.clone(),
        summary: s.summary.clone(),
        location,
        facts,
        parameters,
        climate,
        scenario_defaults,
        caveats: s.caveats.clone(),
        sources: cited.resolve(c),
        dataset_version: c.version.clone(),
    }
}
