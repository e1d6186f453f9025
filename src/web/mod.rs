//! The what-if page at `/`: pick a documented project (or a model for a new one), change any
//! number, see the result and its uncertainty move, keep up to four scenarios side by side,
//! share the view as a link, download the JSON and a CSV.
//!
//! Server-rendered HTML from the catalog and the one outcome schema, so it serves every
//! registered model and project without code of its own for any of them. It works without
//! JavaScript (GET forms and links); htmx, vendored and embedded like every asset, only
//! swaps the page in place. The scenario travels in the URL ([`query`]) and is evaluated
//! exactly as `POST /v1/estimates` would ([`request`]), with the same limits and time budget,
//! so the page shows the API's numbers and the API's messages next to the fields.
//!
//! - [`query`]: the URL as a scenario (canonical form, kept scenarios, dataset version).
//! - [`request`]: a page scenario as the API's request.
//! - [`form`]: the fields, from the catalog's declarations; engine errors to their fields.
//! - [`page`]: the HTML (maud templates); [`chart`]: inline SVG charts.
//! - [`projects`]: the picker's groups; [`download`]: JSON, CSV and the sheet links.
//! - [`assets`]: the stylesheet and htmx, embedded.
//!
//! Next to it, `/learn` ([`learn`]): the teaching guide (the Markdown of `docs/teaching/`,
//! rendered on the server) and the units playground at `/learn/units`.

pub mod assets;
pub mod chart;
pub mod download;
pub mod form;
mod learn;
pub mod page;
pub mod projects;
pub mod query;
pub mod request;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpRequest, HttpResponse, web};

use crate::api::AppState;
use crate::api::compute;
use crate::api::problem::{ApiError, status_of};
use crate::error::{ErrorCode, ScenarioError};
use crate::scenario::{self, Estimate};
use crate::sheets;
pub use learn::{CHAPTERS, Chapter, render_markdown};
use query::{PageQuery, Scenario, Subject};

/// The page's routes (outside the OpenAPI document, which covers the JSON API).
pub const ROUTES: &[&str] = &[
    "/",
    "/scenario.json",
    "/scenario.csv",
    "/sheet/{format}",
    "/assets/{name}",
];

/// Registers the page's routes, and the guide's (`/learn`).
pub fn configure(cfg: &mut web::ServiceConfig) {
    learn::configure(cfg);
    cfg.route("/", web::get().to(page))
        .route("/scenario.json", web::get().to(json))
        .route("/scenario.csv", web::get().to(csv))
        .route("/sheet/{format}", web::get().to(sheet))
        .route("/assets/{name}", web::get().to(asset));
}

/// Evaluates scenarios as the API does, off the async workers, within the time budget: each
/// an estimate or the engine's error.
async fn evaluate(
    state: &web::Data<AppState>,
    scenarios: Vec<Scenario>,
) -> Vec<Result<Estimate, ScenarioError>> {
    let n = scenarios.len();
    let st = state.clone();
    let run = compute::blocking(state.limits.timeout, move |deadline| {
        Ok(scenarios
            .iter()
            .map(|s| {
                let req = request::to_request(s)?;
                st.limits.check_scenario(&req)?;
                scenario::estimate_until(&st.catalog, &req, &|| deadline.check().is_err())
            })
            .collect())
    })
    .await;
    run.unwrap_or_else(|e| {
        let err = ScenarioError::at(
            e.problem.code,
            crate::error::Field::option("uncertainty.draws"),
            e.problem.detail.clone(),
        );
        vec![Err(err); n]
    })
}

/// The HTTP status of a page showing this outcome.
fn page_status(outcome: Option<&Result<Estimate, ScenarioError>>) -> StatusCode {
    match outcome {
        Some(Err(e)) if matches!(e.code, ErrorCode::UnknownProject | ErrorCode::UnknownModel) => {
            StatusCode::NOT_FOUND
        }
        Some(Err(e)) => status_of(e.code),
        _ => StatusCode::OK,
    }
}

/// `GET /`: the page. A query in another spelling than its canonical form (defaults given,
/// the keep action, no dataset version) is redirected to it, so the address bar always
/// holds the shareable URL.
async fn page(state: web::Data<AppState>, req: HttpRequest) -> HttpResponse {
    let catalog = &state.catalog;
    let given = PageQuery::parse(req.query_string());
    let canonical = given.canonical(catalog);
    let pairs: Vec<(String, String)> = form_urlencoded::parse(req.query_string().as_bytes())
        .into_owned()
        .collect();
    if pairs != canonical.pairs() {
        if !given.ignored.is_empty() {
            tracing::info!(ignored = ?given.ignored, "page query keys dropped");
        }
        return HttpResponse::SeeOther()
            .insert_header((header::LOCATION, canonical.url()))
            .finish();
    }
    let current = &canonical.current;
    let evaluable = current.is_evaluable();
    let mut jobs: Vec<Scenario> = canonical.kept.clone();
    if evaluable {
        jobs.insert(0, current.clone());
    }
    let mut outcomes = evaluate(&state, jobs).await;
    let current_outcome = evaluable.then(|| outcomes.remove(0));
    let status = page_status(current_outcome.as_ref());
    let code = current_outcome
        .as_ref()
        .and_then(|o| o.as_ref().err())
        .map(|e| e.code);
    let html = page::render(&page::PageData {
        catalog,
        query: &canonical,
        current: current_outcome,
        kept: outcomes,
    });
    let mut res = HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(html.into_string());
    if let Some(code) = code {
        // Counted by the metrics like the API's problems.
        res.extensions_mut().insert(code);
    }
    res
}

/// The scenario of a download's query, evaluated; a problem document if it cannot be.
async fn download_estimate(
    state: &web::Data<AppState>,
    req: &HttpRequest,
) -> Result<(Estimate, String), ApiError> {
    let q = PageQuery::parse(req.query_string()).canonical(&state.catalog);
    let name = match &q.current.subject {
        Some(Subject::Project(id)) | Some(Subject::Model(id)) => id.clone(),
        None => "scenario".into(),
    };
    let mut out = evaluate(state, vec![q.current]).await;
    out.remove(0)
        .map(|e| (e, name))
        .map_err(|e| ApiError::from(e).at(req.path()))
}

fn attachment(filename: String) -> ContentDisposition {
    ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![DispositionParam::Filename(filename)],
    }
}

/// `GET /scenario.json?…`: the estimate, exactly as `POST /v1/estimates` answers it.
async fn json(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let (e, name) = download_estimate(&state, &req).await?;
    let body = serde_json::to_string_pretty(&e).map_err(|_| ApiError::internal())?;
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .insert_header(attachment(format!("tanso-{name}.json")))
        .body(body))
}

/// `GET /scenario.csv?…`: the crediting years as CSV.
async fn csv(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let (e, name) = download_estimate(&state, &req).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(attachment(format!("tanso-{name}-crediting-years.csv")))
        .body(download::ledger_csv(&e.outcome.crediting)))
}

/// `GET /sheet/{html|md|pdf}?…`: the impact sheet of the page's scenario, or, when the query
/// keeps scenarios, the comparison sheet of the scenarios side by side (as on the page). The
/// language follows `Accept-Language`.
async fn sheet(
    state: web::Data<AppState>,
    req: HttpRequest,
    format: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let path = req.path().to_string();
    let Some(format) = sheets::Format::parse(&format) else {
        return Err(ApiError::not_found(&path).at(&path));
    };
    if format == sheets::Format::Pdf && !sheets::pdf::available() {
        return Err(ApiError::new(
            StatusCode::NOT_ACCEPTABLE,
            ErrorCode::NotAcceptable,
            "a PDF sheet needs Chromium on the server; the HTML and Markdown sheets are available",
        )
        .at(&path));
    }
    let q = PageQuery::parse(req.query_string()).canonical(&state.catalog);
    let mut scenarios: Vec<Scenario> = q.compared().into_iter().cloned().collect();
    if scenarios.is_empty() {
        scenarios.push(q.current.clone());
    }
    let labels: Vec<String> = scenarios
        .iter()
        .map(|s| page::scenario_label(&state.catalog, s))
        .collect();
    let name = match &scenarios[0].subject {
        Some(Subject::Project(id)) | Some(Subject::Model(id)) => id.clone(),
        None => "scenario".into(),
    };
    let mut estimates = Vec::new();
    for (i, o) in evaluate(&state, scenarios).await.into_iter().enumerate() {
        let prefix = if labels.len() > 1 {
            format!("/scenarios/{i}")
        } else {
            String::new()
        };
        estimates.push(o.map_err(|e| ApiError::from_scenario(e, &prefix).at(&path))?);
    }
    let lang = sheets::i18n::negotiate(
        req.headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or(""),
    );
    let st = state.clone();
    let rendered = compute::blocking(state.limits.timeout, move |_| {
        let locale = sheets::Locale::new(lang);
        let options = sheets::SheetOptions::today();
        let doc = if estimates.len() == 1 {
            sheets::document(
                &st.catalog,
                sheets::Subject::Project(&estimates[0]),
                &locale,
                &options,
            )
        } else {
            let pairs: Vec<(String, Estimate)> = labels.into_iter().zip(estimates).collect();
            sheets::document(
                &st.catalog,
                sheets::Subject::Comparison(&pairs),
                &locale,
                &options,
            )
        };
        Ok(sheets::render(&doc, format, &options))
    })
    .await
    .map_err(|e| e.at(&path))?;
    let bytes = rendered.map_err(|e| {
        tracing::error!(error = %e, "the sheet could not be rendered");
        ApiError::internal().at(&path)
    })?;
    Ok(HttpResponse::Ok()
        .content_type(format.media_type())
        .insert_header((header::CONTENT_LANGUAGE, lang))
        .insert_header(attachment(format!(
            "tanso-{name}-sheet.{}",
            format.extension()
        )))
        .body(bytes))
}

/// `GET /assets/{name}`: an embedded file.
async fn asset(req: HttpRequest, name: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let a = assets::asset(&name).ok_or_else(|| ApiError::not_found(req.path()).at(req.path()))?;
    Ok(HttpResponse::Ok()
        .content_type(a.media_type)
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .body(a.body))
}
