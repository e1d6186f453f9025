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
//! "Save this scenario" posts the page's query to `/save`, which saves it exactly as
//! `POST /v1/scenarios` does and redirects to `/?saved=ID`: the saved scenario reopened from
//! the store, with its permanent link, its estimate link and (once) its delete token. Its
//! sheets (`/sheet/{format}?saved=ID`) name it in their header.
//!
//! - [`query`]: the URL as a scenario (canonical form, kept scenarios, dataset version).
//! - [`request`]: a page scenario as the API's request.
//! - [`form`]: the fields, from the catalog's declarations; engine errors to their fields.
//! - [`page`]: the HTML (maud templates); [`chart`]: inline SVG charts.
//! - [`projects`]: the picker's groups; [`download`]: JSON, CSV and the sheet links.
//! - [`assets`]: the stylesheet and htmx, embedded.
//!
//! Next to it, `/learn` (`learn.rs`): the teaching guide (the Markdown of `docs/teaching/`,
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

use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieAge};

use crate::api::AppState;
use crate::api::compute;
use crate::api::problem::{ApiError, status_of};
use crate::api::routes::scenarios::{self as saved_routes, scenario_path};
use crate::error::{ErrorCode, ScenarioError};
use crate::scenario::{self, Estimate, ScenarioRequest};
use crate::sheets;
use crate::store::saved::DatasetChoice;
use crate::store::{Record, Saved};
pub use learn::{CHAPTERS, Chapter, render_markdown};
use page::{Alert, Receipt, SavedView};
use query::{PageQuery, Scenario, Subject};

/// The page's `POST` routes (outside the OpenAPI document): the save form.
pub const POST_ROUTES: &[&str] = &["/save"];

/// The cookie carrying the receipt of a save from its redirect to the page that shows it:
/// `ID:TOKEN`, or `ID:existing`. The delete token must be shown once and never sit in a URL
/// (address bars are copied and shared, URLs are logged), so it travels in a short-lived,
/// HttpOnly, same-site cookie that the page clears as it shows it. A cookie, not server
/// memory, so the redirect may land on any worker or replica.
pub const RECEIPT_COOKIE: &str = "tanso-saved";

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
        .route("/save", web::post().to(save))
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
/// holds the shareable URL. `/?saved=ID` opens a saved scenario from the store.
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
    match &canonical.saved {
        Some(id) => saved_page(&state, &req, id).await,
        None => show(&state, canonical, View::default()).await,
    }
}

/// What a page shows beyond its query.
#[derive(Default)]
struct View {
    /// The current scenario's outcome, when already evaluated (a saved scenario).
    current: Option<page::Outcome>,
    saved: Option<SavedView>,
    alert: Option<Alert>,
    /// The status when it is not the current outcome's.
    status: Option<StatusCode>,
}

/// Evaluates what is not yet and renders the page.
async fn show(state: &web::Data<AppState>, query: PageQuery, view: View) -> HttpResponse {
    let evaluable = query.current.is_evaluable();
    let mut jobs: Vec<Scenario> = query.kept.clone();
    let ready = view.current.is_some();
    if evaluable && !ready {
        jobs.insert(0, query.current.clone());
    }
    let mut outcomes = evaluate(state, jobs).await;
    let current_outcome = if ready {
        view.current
    } else {
        evaluable.then(|| outcomes.remove(0))
    };
    let status = view
        .status
        .unwrap_or_else(|| page_status(current_outcome.as_ref()));
    let code = current_outcome
        .as_ref()
        .and_then(|o| o.as_ref().err())
        .map(|e| e.code);
    let html = page::render(&page::PageData {
        catalog: &state.catalog,
        query: &query,
        current: current_outcome,
        kept: outcomes,
        saved: view.saved,
        alert: view.alert,
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

/// A problem of the API as a message on the page, with its status and headers
/// (`Retry-After` of an unreachable store).
async fn show_problem(
    state: &web::Data<AppState>,
    query: PageQuery,
    title: &str,
    e: ApiError,
) -> HttpResponse {
    let alert = Alert {
        title: title.to_string(),
        detail: e.problem.detail.clone(),
    };
    let mut res = show(
        state,
        query,
        View {
            alert: Some(alert),
            status: Some(e.status),
            ..View::default()
        },
    )
    .await;
    res.extensions_mut().insert(e.problem.code);
    for (name, value) in e.headers {
        res.headers_mut().insert(name, value);
    }
    res
}

/// `POST /save`: saves the page's scenario exactly as `POST /v1/scenarios` does, then
/// redirects (303) to `/?saved=ID`, which shows it with its links and, this once, its delete
/// token. A scenario that cannot be saved gets the page with the reason and its status.
async fn save(state: web::Data<AppState>, req: HttpRequest, body: web::Bytes) -> HttpResponse {
    let given = form_urlencoded::parse(&body)
        .find(|(k, _)| k == "scenario")
        .map(|(_, v)| v.into_owned());
    let Some(text) = given else {
        let e = ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::MissingValue,
            "the save form carried no scenario; open a scenario and use its \"Save this scenario\" button",
        );
        return show_problem(&state, PageQuery::default(), "Nothing was saved", e).await;
    };
    // The scenario being edited only: kept scenarios are there to compare with it.
    let query = PageQuery::parse(&text).canonical(&state.catalog);
    let query = PageQuery {
        kept: Vec::new(),
        ..query
    };
    let outcome = match request::to_request(&query.current) {
        Ok(r) => saved_routes::save_scenario(&state, r).await,
        Err(e) => Err(ApiError::from(e)),
    };
    match outcome {
        Ok((saved, token)) => {
            let id = saved.record().id.clone();
            let receipt = match (&saved, token) {
                (Saved::Created(_), Some(t)) => t.as_str().to_string(),
                _ => "existing".to_string(),
            };
            tracing::info!(scenario = %id, created = matches!(saved, Saved::Created(_)), "scenario saved from the page");
            let cookie = Cookie::build(RECEIPT_COOKIE, format!("{id}:{receipt}"))
                .path("/")
                .http_only(true)
                .same_site(SameSite::Strict)
                .secure(req.connection_info().scheme() == "https")
                .max_age(CookieAge::minutes(5))
                .finish();
            HttpResponse::SeeOther()
                .insert_header((header::LOCATION, format!("/?saved={id}")))
                .insert_header((header::CACHE_CONTROL, "no-store"))
                .cookie(cookie)
                .finish()
        }
        Err(e) => show_problem(&state, query, "This scenario was not saved", e).await,
    }
}

/// The receipt this browser holds for saved scenario `id`, if it just saved it.
fn receipt_of(req: &HttpRequest, id: &str) -> Option<Receipt> {
    let cookie = req.cookie(RECEIPT_COOKIE)?;
    let (for_id, what) = cookie.value().split_once(':')?;
    if for_id != id {
        return None;
    }
    match what {
        "existing" => Some(Receipt::Existing),
        t if t.starts_with("dt-") => Some(Receipt::Created(t.to_string())),
        _ => None,
    }
}

/// `GET /?saved=ID`: the saved scenario from the store, shown like any scenario and
/// evaluated as `GET /v1/scenarios/{id}/estimate` does; an unknown id is a 404 page that
/// says so.
async fn saved_page(state: &web::Data<AppState>, req: &HttpRequest, id: &str) -> HttpResponse {
    let receipt = receipt_of(req, id);
    let had_receipt = receipt.is_some();
    let mut res = match saved_routes::load(state, id).await {
        Ok(record) => show_saved(state, record, receipt).await,
        Err(e) => {
            show_problem(
                state,
                PageQuery::default(),
                "This saved scenario cannot be opened",
                e,
            )
            .await
        }
    };
    if had_receipt {
        // Shown once: the cookie goes, and no cache keeps the token.
        let mut gone = Cookie::new(RECEIPT_COOKIE, "");
        gone.set_path("/");
        let _ = res.add_removal_cookie(&gone);
        res.headers_mut().insert(
            header::CACHE_CONTROL,
            header::HeaderValue::from_static("no-store"),
        );
    }
    res
}

async fn show_saved(
    state: &web::Data<AppState>,
    record: Record,
    receipt: Option<Receipt>,
) -> HttpResponse {
    let request: ScenarioRequest = match record.scenario() {
        Ok(r) => r,
        Err(e) => {
            let e = saved_routes::store_error(e);
            let title = "This saved scenario cannot be read back";
            return show_problem(state, PageQuery::default(), title, e).await;
        }
    };
    let scenario = request::from_request(&request);
    let mut saved = SavedView {
        id: record.id.clone(),
        created_at: record.created_at(),
        dataset_version: record.dataset_version.clone(),
        receipt,
        notice: None,
        shown: scenario.is_some(),
    };
    let Some(scenario) = scenario else {
        return show(
            state,
            PageQuery::default(),
            View {
                saved: Some(saved),
                ..View::default()
            },
        )
        .await;
    };
    let query = PageQuery {
        current: scenario.canonical(&state.catalog),
        dataset: Some(record.dataset_version.clone()),
        ..PageQuery::default()
    };
    match saved_routes::evaluate_record(state, record, DatasetChoice::Saved).await {
        Ok(e) => {
            saved.notice = e.notice.clone();
            let view = View {
                current: Some(Ok(e.estimate)),
                saved: Some(saved),
                ..View::default()
            };
            show(state, query, view).await
        }
        // Possible only when the dataset changed since it was saved: the page evaluates the
        // fields itself and shows the engine's messages next to them.
        Err(e) => {
            let view = View {
                saved: Some(saved),
                alert: Some(Alert {
                    title: "This saved scenario cannot be evaluated now".into(),
                    detail: e.problem.detail.clone(),
                }),
                ..View::default()
            };
            show(state, query, view).await
        }
    }
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
    let (labels, estimates, name, saved) = match &q.saved {
        Some(id) => {
            let (estimate, saved) = saved_estimate(&state, &req, id)
                .await
                .map_err(|e| e.at(&path))?;
            let name = estimate.project.id.clone().unwrap_or_else(|| id.clone());
            (vec![id.clone()], vec![estimate], name, Some(saved))
        }
        None => {
            let (labels, estimates, name) =
                page_estimates(&state, &q).await.map_err(|e| e.at(&path))?;
            (labels, estimates, name, None)
        }
    };
    let lang = sheets::i18n::negotiate(
        req.headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or(""),
    );
    let st = state.clone();
    let rendered = compute::blocking(state.limits.timeout, move |deadline| {
        let locale = sheets::Locale::new(lang);
        let options = sheets::SheetOptions {
            saved,
            ..sheets::SheetOptions::today()
        };
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
        match sheets::render_within(&doc, format, &options, deadline.remaining()) {
            Err(sheets::pdf::PdfError::TimedOut(_)) => Err(compute::TimedOut),
            rendered => Ok(rendered),
        }
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

/// The estimates of a page query's sheet: the scenarios compared, or the current one; with
/// their labels and the file name.
async fn page_estimates(
    state: &web::Data<AppState>,
    q: &PageQuery,
) -> Result<(Vec<String>, Vec<Estimate>, String), ApiError> {
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
    for (i, o) in evaluate(state, scenarios).await.into_iter().enumerate() {
        let prefix = if labels.len() > 1 {
            format!("/scenarios/{i}")
        } else {
            String::new()
        };
        estimates.push(o.map_err(|e| ApiError::from_scenario(e, &prefix))?);
    }
    Ok((labels, estimates, name))
}

/// A saved scenario's estimate (as `GET /v1/scenarios/{id}/estimate` computes it) and how its
/// sheet names it: the permanent link made absolute from the request, since a sheet is read
/// away from the page that offered it.
async fn saved_estimate(
    state: &web::Data<AppState>,
    req: &HttpRequest,
    id: &str,
) -> Result<(Estimate, sheets::SavedRef), ApiError> {
    let record = saved_routes::load(state, id).await?;
    let saved = {
        let info = req.connection_info();
        sheets::SavedRef {
            id: record.id.to_string(),
            link: format!(
                "{}://{}{}",
                info.scheme(),
                info.host(),
                scenario_path(&record.id)
            ),
            dataset_version: record.dataset_version.clone(),
        }
    };
    let e = saved_routes::evaluate_record(state, record, DatasetChoice::Saved).await?;
    Ok((e.estimate, saved))
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
