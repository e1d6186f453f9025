//! Impact sheets over HTTP: `GET /v1/projects/{id}/sheet`, `POST /v1/sheets` (one scenario,
//! or two to four compared) and `GET /v1/programmes/{id}/sheet` (a portfolio). The format is
//! the `format` query parameter, else content negotiation on `Accept` (`text/html`,
//! `text/markdown`, `application/pdf`); the language is `lang`, else `Accept-Language`.
//! PDF needs headless Chromium on the machine: without it the answer is 406 with a problem
//! document naming the formats that are available.

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::api::AppState;
use crate::api::body::JsonBody;
use crate::api::compute;
use crate::api::problem::{ApiError, ErrorCode, Problem};
use crate::scenario::request::{ProjectRef, ScenarioOptions, UncertaintyOptions};
use crate::scenario::{self, Estimate, ScenarioRequest};
use crate::sheets::{self, Format, Locale, SheetOptions, Subject};

/// Most Monte Carlo draws a sheet asks for by query.
pub const MAX_SHEET_DRAWS: u32 = 5_000;

/// How a sheet is asked for.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SheetQuery {
    /// `html`, `md` or `pdf`; overrides the `Accept` header.
    pub format: Option<Format>,
    /// Language of the sheet (`en`, `es`); overrides `Accept-Language`. Unknown languages
    /// fall back to English.
    pub lang: Option<String>,
}

/// A documented project's sheet: format, language and uncertainty.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProjectSheetQuery {
    /// `html`, `md` or `pdf`; overrides the `Accept` header.
    pub format: Option<Format>,
    /// Language of the sheet (`en`, `es`); overrides `Accept-Language`.
    pub lang: Option<String>,
    /// Monte Carlo draws, 1 to 5000; omit for a deterministic sheet.
    #[param(minimum = 1, maximum = 5000)]
    pub draws: Option<u32>,
    /// Seed of the Monte Carlo random streams (default 42).
    pub seed: Option<u64>,
}

/// One scenario (a project sheet) or two to four (a comparison sheet).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SheetRequest {
    /// The scenarios, as for `POST /v1/estimates`; the first is the reference of a comparison.
    #[schema(min_items = 1, max_items = 4)]
    pub scenarios: Vec<ScenarioRequest>,
}

/// A PDF document.
#[derive(ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct PdfDocument(#[allow(dead_code)] Vec<u8>);

/// The format asked for: `format` first, else the best match of `Accept`.
fn negotiate(req: &HttpRequest, format: Option<Format>) -> Result<Format, ApiError> {
    if let Some(f) = format {
        return Ok(f);
    }
    let Some(accept) = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
    else {
        return Ok(Format::Html);
    };
    let mut ranked: Vec<(f32, usize, Format)> = Vec::new();
    for (i, part) in accept.split(',').enumerate() {
        let mut it = part.split(';');
        let media = it.next().unwrap_or_default().trim().to_ascii_lowercase();
        let q = it
            .find_map(|p| p.trim().strip_prefix("q=").map(str::to_string))
            .and_then(|q| q.parse::<f32>().ok())
            .unwrap_or(1.0);
        if q <= 0.0 {
            continue;
        }
        let f = match media.as_str() {
            "text/html" | "text/*" | "*/*" | "application/xhtml+xml" => Some(Format::Html),
            "text/markdown" | "text/x-markdown" => Some(Format::Md),
            "application/pdf" => Some(Format::Pdf),
            _ => None,
        };
        if let Some(f) = f {
            ranked.push((q, i, f));
        }
    }
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    ranked.first().map(|r| r.2).ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_ACCEPTABLE,
            ErrorCode::NotAcceptable,
            format!(
                "a sheet is text/html, text/markdown or application/pdf; the request accepts only \"{accept}\" (or use ?format=html|md|pdf)"
            ),
        )
    })
}

fn language(req: &HttpRequest, lang: Option<&str>) -> Locale {
    match lang {
        Some(l) => Locale::new(sheets::i18n::negotiate(l)),
        None => Locale::new(sheets::i18n::negotiate(
            req.headers()
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or(""),
        )),
    }
}

fn unavailable_pdf() -> ApiError {
    ApiError::new(
        StatusCode::NOT_ACCEPTABLE,
        ErrorCode::NotAcceptable,
        format!(
            "{}; ask for format=html or format=md",
            sheets::pdf::PdfError::Unavailable
        ),
    )
}

/// A PDF's time also covers Chromium printing it, and a first start of Chromium on a machine
/// (the browser read from disk) took 21 s here: a timeout on a PDF says so, not only that
/// the computation was too large.
fn pdf_timeout_hint(mut e: ApiError, format: Format) -> ApiError {
    if format == Format::Pdf && e.problem.code == ErrorCode::Timeout {
        e.problem.detail.push_str(
            "; a PDF also waits for Chromium to print it, whose first start on a machine can take tens of seconds: retry, or ask for format=html",
        );
    }
    e
}

/// What to build, computed off the async workers.
enum Job {
    Project(Box<ScenarioRequest>),
    Compare(Vec<ScenarioRequest>),
    Portfolio(String, Vec<ScenarioRequest>),
}

async fn respond(
    state: web::Data<AppState>,
    req: HttpRequest,
    format: Format,
    locale_tag: &'static str,
    job: Job,
) -> Result<HttpResponse, ApiError> {
    let path = req.path().to_string();
    if format == Format::Pdf && !sheets::pdf::available() {
        return Err(unavailable_pdf().at(&path));
    }
    let st = state.clone();
    let prefix = path.clone();
    let result = compute::blocking(state.limits.timeout, move |deadline| {
        let cancelled = || deadline.check().is_err();
        let run = |r: &ScenarioRequest| scenario::estimate_until(&st.catalog, r, &cancelled);
        let locale = Locale::new(locale_tag);
        let options = SheetOptions::today();
        let doc = match &job {
            Job::Project(r) => match run(r.as_ref()) {
                Ok(e) => sheets::document(&st.catalog, Subject::Project(&e), &locale, &options),
                Err(e) => return Ok(Err(ApiError::from(e))),
            },
            Job::Compare(list) => {
                let mut scenarios: Vec<(String, Estimate)> = Vec::new();
                for (i, r) in list.iter().enumerate() {
                    deadline.check()?;
                    match run(r) {
                        Ok(e) => scenarios.push((sheets::scenario_label(r, &locale), e)),
                        Err(e) => {
                            return Ok(Err(ApiError::from_scenario(e, &format!("/scenarios/{i}"))));
                        }
                    }
                }
                sheets::document(
                    &st.catalog,
                    Subject::Comparison(&scenarios),
                    &locale,
                    &options,
                )
            }
            Job::Portfolio(id, list) => {
                let mut estimates = Vec::new();
                for r in list {
                    deadline.check()?;
                    match run(r) {
                        Ok(e) => estimates.push(e),
                        Err(e) => return Ok(Err(ApiError::from(e))),
                    }
                }
                let programme = st.catalog.programme(id).expect("checked by the handler");
                sheets::document(
                    &st.catalog,
                    Subject::Portfolio(programme, &estimates),
                    &locale,
                    &options,
                )
            }
        };
        deadline.check()?;
        Ok(
            match sheets::render_within(&doc, format, &options, deadline.remaining()) {
                Ok(bytes) => Ok(bytes),
                Err(sheets::pdf::PdfError::Unavailable) => Err(unavailable_pdf()),
                Err(sheets::pdf::PdfError::TimedOut(_)) => return Err(compute::TimedOut),
                Err(e) => {
                    tracing::error!(error = %e, "PDF printing failed");
                    Err(ApiError::internal())
                }
            },
        )
    })
    .await
    .map_err(|e| pdf_timeout_hint(e, format).at(&prefix))?;
    let bytes = result.map_err(|e| e.at(&prefix))?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, format.media_type()))
        .insert_header((header::CONTENT_LANGUAGE, locale_tag))
        .insert_header((header::VARY, "Accept, Accept-Language"))
        .body(bytes))
}

fn uncertainty(
    draws: Option<u32>,
    seed: Option<u64>,
) -> Result<Option<UncertaintyOptions>, ApiError> {
    // The engine checks the seed only when draws are asked for; a seed alone in the query is
    // still refused outside the documented range rather than silently ignored.
    use crate::scenario::monte_carlo::MAX_SEED;
    if let Some(s) = seed.filter(|&s| s > MAX_SEED) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidQuery,
            format!("seed must be between 0 and {MAX_SEED}, got {s}"),
        ));
    }
    match draws {
        None => Ok(None),
        Some(d) if (1..=MAX_SHEET_DRAWS).contains(&d) => Ok(Some(UncertaintyOptions {
            draws: d,
            seed: seed.unwrap_or(42),
            ..Default::default()
        })),
        Some(d) => Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidQuery,
            format!("draws must be between 1 and {MAX_SHEET_DRAWS} for a sheet, got {d}"),
        )),
    }
}

/// The impact sheet of a documented project: header, headline with its interval, facts,
/// method, yearly table, parameters, uncertainty charts, model charts, local equivalencies,
/// caveats and numbered references. HTML (self-contained, prints on A4), Markdown (charts as
/// data-URI images) or PDF.
#[utoipa::path(
    operation_id = "get_project_sheet",
    tag = "sheets",
    params(
        ("id" = String, Path, description = "Project id, e.g. `renca-solar`", example = "renca-solar"),
        ProjectSheetQuery
    ),
    responses(
        (status = 200, description = "The sheet in the format asked for", content(
            (String = "text/html"), (String = "text/markdown"), (PdfDocument = "application/pdf"))),
        (status = 400, description = "A query parameter is invalid (`invalid_query`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No project with this id (`unknown_project`)", body = Problem, content_type = "application/problem+json"),
        (status = 406, description = "None of the accepted media types can be produced, or PDF was asked for on a machine without Chromium (`not_acceptable`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The project cannot be evaluated (`model_error` ...)", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The computation exceeded the request time limit (`timeout`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/projects/{id}/sheet")]
pub async fn project_sheet(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    query: web::Query<ProjectSheetQuery>,
) -> Result<HttpResponse, ApiError> {
    let path = req.path().to_string();
    let c = &state.catalog;
    if c.seed(&id).is_none() {
        let known: Vec<&str> = c.seeds.iter().map(|s| s.id.as_str()).collect();
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            ErrorCode::UnknownProject,
            format!(
                "no project \"{id}\"; documented projects: {}",
                known.join(", ")
            ),
        )
        .at(&path));
    }
    let format = negotiate(&req, query.format).map_err(|e| e.at(&path))?;
    let locale = language(&req, query.lang.as_deref()).lang();
    let request = ScenarioRequest {
        project: ProjectRef::Id(id.into_inner()),
        parameters: Default::default(),
        options: ScenarioOptions {
            uncertainty: uncertainty(query.draws, query.seed).map_err(|e| e.at(&path))?,
            ..Default::default()
        },
    };
    respond(state, req, format, locale, Job::Project(Box::new(request))).await
}

/// A sheet for scenarios: one scenario gives its project sheet; two to four give a comparison
/// sheet (side by side, the difference of each from the first, their 90 % intervals drawn on
/// one axis). Scenarios take the same form as `POST /v1/estimates`, Monte Carlo included.
#[utoipa::path(
    operation_id = "create_sheet",
    tag = "sheets",
    params(SheetQuery),
    request_body(content = SheetRequest, description = "One to four scenarios", content_type = "application/json",
        example = json!({"scenarios": [{"project": "renca-solar"}, {"project": "renca-solar", "parameters": {"capacity": "3 MW"}, "options": {"grid_factor": {"constant": "0.2 tCO2e/MWh"}}}]})),
    responses(
        (status = 200, description = "The sheet in the format asked for", content(
            (String = "text/html"), (String = "text/markdown"), (PdfDocument = "application/pdf"))),
        (status = 406, description = "None of the accepted media types can be produced, or PDF was asked for on a machine without Chromium (`not_acceptable`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A scenario cannot be evaluated (as for `POST /v1/estimates`; pointers start with `/scenarios/{index}`), or there are not 1 to 4 scenarios (`limit_exceeded`)", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The computation exceeded the request time limit (`timeout`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/v1/sheets")]
pub async fn create_sheet(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<SheetQuery>,
    body: JsonBody<SheetRequest>,
) -> Result<HttpResponse, ApiError> {
    let path = req.path().to_string();
    let scenarios = body.0.scenarios;
    if scenarios.is_empty() || scenarios.len() > sheets::MAX_COMPARED {
        return Err(ApiError::limit(
            "/scenarios",
            format!(
                "a sheet holds 1 to {} scenarios, got {}",
                sheets::MAX_COMPARED,
                scenarios.len()
            ),
            format!("1 to {} scenarios", sheets::MAX_COMPARED),
            format!("{} scenarios", scenarios.len()),
        )
        .at(&path));
    }
    for (i, s) in scenarios.iter().enumerate() {
        state
            .limits
            .check_scenario(s)
            .map_err(|e| ApiError::from_scenario(e, &format!("/scenarios/{i}")).at(&path))?;
    }
    let format = negotiate(&req, query.format).map_err(|e| e.at(&path))?;
    let locale = language(&req, query.lang.as_deref()).lang();
    let job = if scenarios.len() == 1 {
        Job::Project(Box::new(scenarios.into_iter().next().expect("one")))
    } else {
        Job::Compare(scenarios)
    };
    respond(state, req, format, locale, job).await
}

/// The portfolio sheet of a city-to-city programme: every documented project of it with its
/// own uncertainty, the programme's total (its interval combining the projects'
/// distributions), and emission reductions by calendar year.
#[utoipa::path(
    operation_id = "get_programme_sheet",
    tag = "sheets",
    params(
        ("id" = String, Path, description = "Programme id, e.g. `toyama-city-to-city`", example = "toyama-city-to-city"),
        ProjectSheetQuery
    ),
    responses(
        (status = 200, description = "The sheet in the format asked for", content(
            (String = "text/html"), (String = "text/markdown"), (PdfDocument = "application/pdf"))),
        (status = 400, description = "A query parameter is invalid (`invalid_query`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No programme with this id (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 406, description = "None of the accepted media types can be produced, or PDF was asked for on a machine without Chromium (`not_acceptable`)", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The computation exceeded the request time limit (`timeout`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/v1/programmes/{id}/sheet")]
pub async fn programme_sheet(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    query: web::Query<ProjectSheetQuery>,
) -> Result<HttpResponse, ApiError> {
    let path = req.path().to_string();
    let c = &state.catalog;
    if c.programme(&id).is_none() {
        let known: Vec<&str> = c.programmes.iter().map(|p| p.id.as_str()).collect();
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
            format!("no programme \"{id}\"; programmes: {}", known.join(", ")),
        )
        .at(&path));
    }
    let format = negotiate(&req, query.format).map_err(|e| e.at(&path))?;
    let locale = language(&req, query.lang.as_deref()).lang();
    let u = uncertainty(query.draws, query.seed).map_err(|e| e.at(&path))?;
    let requests = c
        .programme_seeds(&id)
        .into_iter()
        .map(|s| ScenarioRequest {
            project: ProjectRef::Id(s.id.clone()),
            parameters: Default::default(),
            options: ScenarioOptions {
                uncertainty: u.clone(),
                ..Default::default()
            },
        })
        .collect();
    respond(
        state,
        req,
        format,
        locale,
        Job::Portfolio(id.into_inner(), requests),
    )
    .await
}
