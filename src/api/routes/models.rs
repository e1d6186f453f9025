//! `GET /v1/models`, `GET /v1/models/{id}`: each model's parameters with kind, dimension,
//! default (or how it is derived), range, uncertainty and sources.

use actix_web::http::StatusCode;
use actix_web::{get, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::api::AppState;
use crate::api::problem::{ApiError, ErrorCode, Problem};
use crate::api::views::{Citations, ParameterView};
use crate::catalog::Source;
use crate::catalog::{Catalog, ModelSpec};

/// The models.
#[derive(Debug, Serialize, ToSchema)]
pub struct ModelList {
    pub models: Vec<ModelListItem>,
    /// Version (content hash) of the data catalog.
    pub dataset_version: String,
}

/// A model in the list.
#[derive(Debug, Serialize, ToSchema)]
pub struct ModelListItem {
    #[schema(example = "solar-pv")]
    pub id: String,
    pub name: String,
    pub description: String,
    /// Version of the model implementation.
    pub version: String,
    /// Number of parameters.
    pub parameters: usize,
    /// The detail resource.
    #[schema(example = "/v1/models/solar-pv")]
    pub href: String,
}

/// A model with every parameter.
#[derive(Debug, Serialize, ToSchema)]
pub struct ModelDetail {
    pub id: String,
    pub name: String,
    /// What the model computes and by which published method.
    pub description: String,
    /// Version of the model implementation.
    pub version: String,
    /// What the model needs from a scenario besides its parameters.
    pub needs: crate::models::plugin::Needs,
    /// Ids of the sources of the method.
    pub references: Vec<String>,
    /// The parameters, in display order.
    pub parameters: Vec<ParameterView>,
    /// Every source cited by the method and the parameters.
    pub sources: Vec<Source>,
    /// Version (content hash) of the data catalog.
    pub dataset_version: String,
}

/// The models.
#[utoipa::path(
    operation_id = "list_models",
    tag = "models",
    responses((status = 200, description = "The models", body = ModelList))
)]
#[get("/v1/models")]
pub async fn list(state: web::Data<AppState>) -> web::Json<ModelList> {
    let c = &state.catalog;
    web::Json(ModelList {
        models: c
            .models
            .iter()
            .map(|m| ModelListItem {
                id: m.id.clone(),
                name: m.name.clone(),
                description: m.description.clone(),
                version: code_version(&m.id),
                parameters: m.parameters.len(),
                href: format!("/v1/models/{}", m.id),
            })
            .collect(),
        dataset_version: c.version.clone(),
    })
}

/// One model: every parameter with its kind, dimension and accepted units, default (or how
/// the model derives it), range, uncertainty and sources.
#[utoipa::path(
    operation_id = "get_model",
    tag = "models",
    params(("id" = String, Path, description = "Model id, e.g. `solar-pv`", example = "solar-pv")),
    responses(
        (status = 200, description = "The model", body = ModelDetail),
        (status = 404, description = "No model with this id (`unknown_model`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/models/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<web::Json<ModelDetail>, ApiError> {
    let c = &state.catalog;
    let model = c.model(&id).ok_or_else(|| unknown(c, &id))?;
    Ok(web::Json(detail(c, model)))
}

fn unknown(c: &Catalog, id: &str) -> ApiError {
    let known: Vec<&str> = c.models.iter().map(|m| m.id.as_str()).collect();
    ApiError::new(
        StatusCode::NOT_FOUND,
        ErrorCode::UnknownModel,
        format!("no model \"{id}\"; models: {}", known.join(", ")),
    )
    .field(
        "",
        format!("no model with the id in the path, \"{id}\""),
        Some(format!("one of {}", known.join(", "))),
        Some(id.to_string()),
    )
    .at(&format!("/v1/models/{id}"))
}

fn detail(c: &Catalog, m: &ModelSpec) -> ModelDetail {
    let mut cited = Citations::default();
    cited.add(&m.references);
    for p in &m.parameters {
        cited.parameter(p);
    }
    ModelDetail {
        id: m.id.clone(),
        name: m.name.clone(),
        description: m.description.clone(),
        version: code_version(&m.id),
        needs: crate::models::registry::model(&m.id)
            .map(|x| x.needs())
            .unwrap_or_default(),
        references: m.references.clone(),
        parameters: m.parameters.iter().map(ParameterView::from).collect(),
        sources: cited.resolve(c),
        dataset_version: c.version.clone(),
    }
}

/// The implementation's version of a model (the catalog is checked against the registry at
/// load, so every catalog model has one).
fn code_version(id: &str) -> String {
    crate::models::registry::model(id).map_or_else(String::new, |m| m.version().to_string())
}
