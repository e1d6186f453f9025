//! The what-if page as HTML, rendered on the server from the catalog and the one outcome
//! schema ([`OutcomeView`](crate::scenario::result::OutcomeView)): the same code for every
//! model and project. Forms are plain GET forms; htmx (when JavaScript runs) only swaps the
//! page in place.

use maud::{DOCTYPE, Markup, html};

use super::chart;
use super::download;
use super::form::{self, Control, FormField, GridFields};
use super::projects;
use super::query::{MAX_KEPT, PageQuery, Scenario, Subject, spec_and_seed};
use crate::api::routes::scenarios::{TOKEN_HEADER, estimate_path, scenario_path};
use crate::catalog::{Catalog, Confidence, Seed};
use crate::error::{ErrorCode, FieldError, ScenarioError};
use crate::models::outcome::Role;
use crate::scenario::Estimate;
use crate::scenario::monte_carlo::McOutputOut;
use crate::scenario::resolve::Origin;
use crate::scenario::result::{FigureView, LedgerView};
use crate::store::ScenarioId;
use crate::units::{QuantityValue, format_readable};

/// Significant figures of numbers a person reads.
const SIG: usize = 4;

/// An evaluated scenario: the estimate, or why there is none.
pub type Outcome = Result<Estimate, ScenarioError>;

/// What the page shows.
pub struct PageData<'a> {
    pub catalog: &'a Catalog,
    /// The canonical query.
    pub query: &'a PageQuery,
    /// The scenario being edited, once evaluated (`None`: nothing to evaluate yet).
    pub current: Option<Outcome>,
    /// The kept scenarios, in the order of `query.kept`.
    pub kept: Vec<Outcome>,
    /// The saved scenario the page shows (`/?saved=ID`).
    pub saved: Option<SavedView>,
    /// What the page could not do (a save that failed, a saved scenario not found).
    pub alert: Option<Alert>,
}

/// A message about a request the page could not fulfil, in words.
pub struct Alert {
    pub title: String,
    pub detail: String,
}

/// A saved scenario opened on the page, and what this browser just did with it.
pub struct SavedView {
    pub id: ScenarioId,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub dataset_version: String,
    pub receipt: Option<Receipt>,
    /// The dataset notice of its estimate, when the versions differ.
    pub notice: Option<String>,
    /// False when the page's fields cannot hold it (it is then only linked to).
    pub shown: bool,
}

/// The outcome of the save that led here.
pub enum Receipt {
    /// Stored now; the delete token, shown this once.
    Created(String),
    /// The same scenario was saved before; no token.
    Existing,
}

fn readable(v: &QuantityValue) -> String {
    v.readable(SIG)
}

/// `2024-03-01` → `1 Mar 2024`.
fn date(text: &str) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    match crate::calendar::Date::parse(text) {
        Ok(d) => format!("{} {} {}", d.day, MONTHS[d.month as usize - 1], d.year),
        Err(_) => text.to_string(),
    }
}

/// The whole page.
pub fn render(d: &PageData<'_>) -> Markup {
    let subject = d.query.current.subject.as_ref();
    let title = match subject.map(|s| spec_and_seed(d.catalog, s)) {
        Some((_, Some(seed))) => format!("{} · tanso what-if", projects::short_name(&seed.name)),
        Some((Some(spec), None)) => format!(
            "New {} project · tanso what-if",
            projects::short_name(&spec.name)
        ),
        _ => "tanso what-if: decarbonisation projects, their impact and its uncertainty".into(),
    };
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                // htmx swaps any full page the server sends, including a 422 with the
                // messages next to the fields; it does not scroll to the top after a swap.
                meta name="htmx-config" content=r#"{"scrollIntoViewOnBoost":false,"responseHandling":[{"code":"204","swap":false},{"code":"[2345]..","swap":true}]}"#;
                title { (title) }
                link rel="stylesheet" href="/assets/style.css";
                script src="/assets/htmx.min.js" defer {}
            }
            body hx-boost="true" hx-indicator="body" {
                a.skip href="#main" { "Skip to the content" }
                header.site {
                    p { strong { a href="/" { "tanso" } } " — what if? Change a number, see the result and its uncertainty move." }
                    p {
                        a href="/learn" hx-boost="false" { "Learn unit-safe modelling" }
                        " · "
                        a href="/docs/" hx-boost="false" { "API documentation" }
                    }
                }
                main #main {
                    (notices(d))
                    @if let Some(s) = subject {
                        (picker(d, false))
                        (scenario(d, s))
                    } @else {
                        h1 { "What if?" }
                        p { "Choose a documented project to change its numbers, or start a new project from a model. Every value has a unit, a range and a source; every result comes with its uncertainty." }
                        (comparison(d))
                        (picker(d, true))
                    }
                }
                footer {
                    p.muted {
                        "Dataset " code { (d.catalog.version) } ". "
                        a href="/assets/licences" hx-boost="false" { "Page assets and licences" } ". "
                        a href="/openapi.json" hx-boost="false" { "OpenAPI document" } "."
                    }
                }
            }
        }
    }
}

fn notices(d: &PageData<'_>) -> Markup {
    html! {
        @if let Some(a) = &d.alert {
            div.error-summary #alert role="alert" {
                h2 { (a.title) }
                p { (a.detail) }
            }
        }
        @if let Some(s) = &d.saved {
            (saved_notice(s))
        } @else if let Some(v) = d.query.dataset.as_ref().filter(|v| **v != d.catalog.version) {
            p.notice role="note" {
                "This link was made with dataset " code { (v) } "; this service runs dataset "
                code { (d.catalog.version) } ". The numbers below are today's and may differ from those the link was shared with."
            }
        }
    }
}

/// The saved scenario: its links, and right after saving, the delete token (once).
fn saved_notice(s: &SavedView) -> Markup {
    let permanent = scenario_path(&s.id);
    let reopen = format!("/?saved={}", s.id);
    let created = date(s.created_at.get(..10).unwrap_or(&s.created_at));
    html! {
        section.notice.saved #saved aria-labelledby="saved-title" {
            h2 #saved-title {
                @match &s.receipt {
                    Some(Receipt::Created(_)) => { "Scenario saved" }
                    Some(Receipt::Existing) => { "Already saved" }
                    None => { "Saved scenario " code { (s.id) } }
                }
            }
            @if matches!(s.receipt, Some(Receipt::Existing)) {
                p { "This exact scenario was saved before, on " (created) " (the same content always gets the same id), so nothing new was stored. Its delete token was given to whoever saved it first and is not shown again." }
            }
            @if !s.shown {
                p { "This saved scenario uses inputs the page's fields cannot hold (for example its own weather file, a combined-margin grid factor or values written as {value, unit}), so it is not shown in the form. Its permanent link and its estimate are below." }
            }
            dl {
                dt { "Permanent link" }
                dd { a #saved-link href=(permanent) hx-boost="false" { (permanent) } }
                dt { "Reopen on this page" }
                dd { a #saved-page href=(reopen) { (reopen) } }
                dt { "Estimate (JSON)" }
                dd { a #saved-estimate href=(estimate_path(&s.id)) hx-boost="false" { (estimate_path(&s.id)) } }
                dt { "Saved" }
                dd { (created) " under dataset " code { (s.dataset_version) } }
            }
            @if let Some(Receipt::Created(token)) = &s.receipt {
                p.token {
                    label for="delete-token" { "Delete token" }
                    " "
                    input #delete-token type="text" readonly value=(token) autocomplete="off" spellcheck="false";
                }
                p {
                    strong { "Keep this token if you may want to delete the saved scenario: " }
                    "deleting needs it (" code { "DELETE " (permanent) } " with the header " code { (TOKEN_HEADER) } "). "
                    "It is shown only this once: tanso keeps only a hash of it, not the token in readable form, so it cannot be shown or recovered later."
                }
            }
            @if let Some(n) = &s.notice {
                p { strong { "Warning: " } (n) }
            }
        }
    }
}

/// The documented projects by city and type, and the models for a new project.
fn picker(d: &PageData<'_>, open: bool) -> Markup {
    let keep: Vec<(String, String)> = d
        .query
        .kept
        .iter()
        .map(|s| ("keep".to_string(), s.to_query()))
        .collect();
    let link = |pairs: Vec<(String, String)>| {
        let mut all = pairs;
        all.extend(keep.iter().cloned());
        format!("/?{}", super::query::encode(&all))
    };
    let body = html! {
        div.picker {
            h2 #projects { "Documented projects" }
            @for g in projects::groups(d.catalog) {
                h3 { (g.city) @if !g.country.is_empty() { ", " (g.country) } }
                ul {
                    @for p in &g.projects {
                        li {
                            a href=(link(vec![("project".into(), p.seed.id.clone())])) { (projects::short_name(&p.seed.name)) }
                            " " span.kind { "(" (p.kind) ")" }
                            span.line { (p.line) }
                        }
                    }
                }
            }
            h2 #new-project { "A new project, from a model" }
            ul {
                @for m in projects::models(d.catalog) {
                    li {
                        a href=(link(vec![("model".into(), m.id.clone())])) { (projects::short_name(&m.name)) }
                        span.line { (projects::cut(&m.description, 160)) }
                    }
                }
            }
        }
    };
    if open {
        body
    } else {
        html! { details { summary { "Choose another project or model" } (body) } }
    }
}

/// The scenario being edited: its form and its result.
fn scenario(d: &PageData<'_>, subject: &Subject) -> Markup {
    let c = d.catalog;
    let (spec, seed) = spec_and_seed(c, subject);
    let Some(spec) = spec else {
        let (what, id) = match subject {
            Subject::Project(id) => ("project", id),
            Subject::Model(id) => ("model", id),
        };
        return html! {
            h1 { "Unknown " (what) }
            div.error role="alert" {
                p { "There is no " (what) " \"" (id) "\" in this dataset. Choose one above." }
            }
        };
    };
    let needs = crate::models::registry::model(&spec.id)
        .map(|m| m.needs())
        .unwrap_or_default();
    let current = &d.query.current;
    let estimate = d.current.as_ref().and_then(|r| r.as_ref().ok());
    let failure = d.current.as_ref().and_then(|r| r.as_ref().err());
    let mut errors = form::errors_by_field(failure.map_or(&[][..], |e| &e.errors[..]));
    let site = match subject {
        Subject::Model(_) => form::site_fields(needs, current, &mut errors),
        Subject::Project(_) => Vec::new(),
    };
    let params = form::parameter_fields(
        c,
        &spec.parameters,
        seed,
        current,
        estimate.map(|e| &e.inputs[..]),
        &mut errors,
    );
    let grid = form::grid_fields(c, needs, seed, current, &mut errors);
    let options = form::option_fields(c, seed, current, &mut errors);
    // Errors no field shows (e.g. about the whole project) go to the summary only.
    let general: Vec<FieldError> = errors.into_values().flatten().collect();
    let (main_params, other_params): (Vec<&FormField>, Vec<&FormField>) = params
        .iter()
        .partition(|f| f.from_project || f.changed || !f.errors.is_empty());
    let others_open = other_params
        .iter()
        .any(|f| f.changed || !f.errors.is_empty());
    let name = match seed {
        Some(s) => s.name.clone(),
        None => format!("A new project: {}", projects::short_name(&spec.name)),
    };
    let reset = d.query.with_current(Scenario {
        subject: Some(subject.clone()),
        ..Scenario::default()
    });
    let kept_here = d.query.kept.contains(current);
    let can_keep = !kept_here && d.query.kept.len() < MAX_KEPT;
    html! {
        h1 #scenario-title { (name) }
        @if let Some(s) = seed { (project_facts(c, s)) }
        p.muted { "Model: " (spec.name) " (" code { (spec.id) } ")" }
        (comparison(d))
        div.layout {
            form #scenario method="get" action="/" aria-labelledby="scenario-title" {
                @match subject {
                    Subject::Project(id) => input type="hidden" name="project" value=(id);,
                    Subject::Model(id) => input type="hidden" name="model" value=(id);,
                }
                @if let Some(v) = &d.query.dataset { input type="hidden" name="v" value=(v); }
                @for k in &d.query.kept { input type="hidden" name="keep" value=(k.to_query()); }
                @if let Some(e) = failure { (error_summary(e, &general, &params, &site, &options, grid.as_ref())) }
                @if !site.is_empty() {
                    fieldset {
                        legend { "The site" }
                        @for f in &site { (field(f)) }
                    }
                }
                fieldset {
                    legend { @if seed.is_some() { "The project's values" } @else { "Parameters" } }
                    @if main_params.is_empty() { p.hint { "The project sets no parameter; the model's defaults are below." } }
                    @for f in &main_params { (field(f)) }
                    details open[others_open || seed.is_none()] {
                        summary { "The model's other parameters (" (other_params.len()) ")" }
                        @for f in &other_params { (field(f)) }
                    }
                }
                fieldset {
                    legend { "Crediting period, GWP set and plant life" }
                    @for f in options.iter().filter(|f| !matches!(f.name.as_str(), "draws" | "seed")) { (field(f)) }
                }
                @if let Some(g) = &grid { (grid_group(g)) }
                fieldset {
                    legend { "Uncertainty" }
                    @for f in options.iter().filter(|f| matches!(f.name.as_str(), "draws" | "seed")) { (field(f)) }
                }
                div.actions {
                    button.primary type="submit" { "Estimate" }
                    button.secondary type="submit" name="do" value="keep" disabled[!can_keep]
                        aria-describedby="keep-hint" { "Keep for comparison" }
                    a.to-results href="#results" { "See the result" }
                }
                p.hint #keep-hint {
                    @if kept_here { "This scenario is kept for comparison." }
                    @else if can_keep { "Keeps this scenario for comparison; up to " (MAX_KEPT + 1) " side by side, with their differences from the first." }
                    @else { (MAX_KEPT) " scenarios are kept: remove one in the comparison to keep another." }
                }
                p { a href=(reset.url()) { "Back to the documented values" } }
            }
            section #results aria-labelledby="results-title" {
                h2 #results-title { "Result" }
                @match &d.current {
                    Some(Ok(e)) => (result(d, e)),
                    Some(Err(e)) => div.error {
                        p {
                            strong { "This scenario cannot be evaluated. " }
                            @if general.is_empty() { "The messages next to the fields say what to change." }
                            @else { (e.detail) }
                        }
                    },
                    None => p { "Fill in the site and the crediting period (the fields marked as required), then choose " strong { "Estimate" } "." },
                }
            }
        }
    }
}

fn project_facts(c: &Catalog, s: &Seed) -> Markup {
    html! {
        p { (s.location.place) }
        details {
            summary { "About this project" }
            p { (s.summary) }
            @if !s.facts.is_empty() {
                ul {
                    @for f in &s.facts {
                        li {
                            (f.statement)
                            @if !f.provenance.sources.is_empty() {
                                " "
                                span.muted { "(" (f.provenance.sources.iter().map(|id| c.sources.get(id).map_or(id.clone(), |s| s.title.clone())).collect::<Vec<_>>().join("; ")) ")" }
                            }
                        }
                    }
                }
            }
            @if !s.caveats.is_empty() {
                p { strong { "Caveats: " } (s.caveats.join(" ")) }
            }
        }
    }
}

/// "There is a problem": every message with a link to its field.
fn error_summary(
    e: &ScenarioError,
    general: &[FieldError],
    params: &[FormField],
    site: &[FormField],
    options: &[FormField],
    grid: Option<&GridFields>,
) -> Markup {
    let mut linked: Vec<(&str, &str, &FieldError)> = Vec::new();
    let grid_fields: Vec<&FormField> = grid
        .map(|g| vec![&g.series, &g.constant, &g.trajectory])
        .unwrap_or_default();
    for f in site
        .iter()
        .chain(params)
        .chain(options)
        .chain(grid_fields.iter().copied())
    {
        for err in &f.errors {
            linked.push((&f.id, &f.label, err));
        }
    }
    if let Some(g) = grid {
        for err in &g.errors {
            linked.push(("f-grid", "Grid emission factor", err));
        }
    }
    html! {
        div.error-summary role="alert" aria-labelledby="error-summary-title" tabindex="-1" {
            h3 #error-summary-title { "There is a problem" }
            ul {
                @for (id, label, err) in &linked {
                    li { a href={"#" (id)} { (label) ": " (err.message) } }
                }
                @for err in general {
                    li { (err.message) }
                }
                @if linked.is_empty() && general.is_empty() {
                    li { (e.detail) }
                }
            }
        }
    }
}

/// A field's message: the engine's, with what it expected and what it received.
fn field_errors(f: &FormField) -> Markup {
    html! {
        @if !f.errors.is_empty() {
            div.error id={"e-" (f.id)} {
                @for e in &f.errors {
                    p {
                        strong { (e.message) }
                        @if let Some(x) = &e.expected { " Expected: " (x) "." }
                        @if let Some(r) = &e.received { " Received: " (r) "." }
                    }
                }
            }
        }
    }
}

/// One labelled field with its hint, its tooltip and its messages.
fn field(f: &FormField) -> Markup {
    let invalid = !f.errors.is_empty();
    let described = format!(
        "h-{id} t-{id}{}",
        if invalid {
            format!(" e-{}", f.id)
        } else {
            String::new()
        },
        id = f.id
    );
    html! {
        div.field.changed[f.changed] {
            label for=(f.id) { (f.label) }
            div.with-tip {
                @match &f.control {
                    Control::Text { value, placeholder } => {
                        input type="text" id=(f.id) name=(f.name) value=(value)
                            placeholder=[(!placeholder.is_empty()).then_some(placeholder)]
                            aria-describedby=(described) aria-invalid=[invalid.then_some("true")]
                            autocomplete="off" spellcheck="false";
                    }
                    Control::Select { options, selected } => {
                        select id=(f.id) name=(f.name) aria-describedby=(described)
                            aria-invalid=[invalid.then_some("true")] {
                            @for (value, label) in options {
                                option value=(value) selected[value == selected] { (label) }
                            }
                        }
                    }
                }
                button.tip type="button" aria-label={"About " (f.label)} aria-describedby={"t-" (f.id)} { "?" }
                div.tip-text id={"t-" (f.id)} role="tooltip" {
                    @for line in &f.tip { p { (line) } }
                }
            }
            p.hint id={"h-" (f.id)} { (f.hint) }
            (field_errors(f))
        }
    }
}

fn grid_group(g: &GridFields) -> Markup {
    let radio = |value: &str, label: &str, f: &FormField| {
        html! {
            label.radio {
                input type="radio" name="grid" value=(value) checked[g.form == value]
                    aria-controls=(f.id);
                (label)
            }
            (field(f))
        }
    };
    html! {
        fieldset #f-grid aria-describedby=[(!g.errors.is_empty()).then_some("e-f-grid")] {
            legend { "Grid emission factor" }
            p.hint { "Choose one form; the project's own series is used unless another is chosen." }
            @if !g.errors.is_empty() {
                div.error #e-f-grid {
                    @for e in &g.errors { p { strong { (e.message) } } }
                }
            }
            (radio("series", "Use a dataset series", &g.series))
            (radio("constant", "Use one value for every year", &g.constant))
            (radio("trajectory", "Use values by year", &g.trajectory))
        }
    }
}

/// The uncertainty summary of a headline figure, when a Monte Carlo ran.
fn summary_of<'e>(e: &'e Estimate, key: &str) -> Option<&'e McOutputOut> {
    e.uncertainty
        .as_ref()
        .and_then(|u| u.outputs.iter().find(|o| o.key == key))
}

/// The figure a reader looks for first: the first emission reduction, else the first.
fn main_figure(e: &Estimate) -> Option<&FigureView> {
    e.outcome
        .headline
        .iter()
        .find(|f| f.role == Role::EmissionReduction)
        .or_else(|| e.outcome.headline.first())
}

fn number(v: f64, unit: &str) -> String {
    if unit.is_empty() {
        format_readable(v, SIG)
    } else {
        format!("{} {unit}", format_readable(v, SIG))
    }
}

fn result(d: &PageData<'_>, e: &Estimate) -> Markup {
    let main = main_figure(e);
    let mc = main.and_then(|f| summary_of(e, &f.key));
    let query = d.query.current.to_query();
    let dataset_query = match &d.query.dataset {
        Some(v) => format!(
            "{query}&{}",
            super::query::encode(&[("v".into(), v.clone())])
        ),
        None => query.clone(),
    };
    let compared_query = (d.query.compared().len() > 1).then(|| d.query.url()[2..].to_string());
    // A saved scenario's sheet is asked for by its id, so the sheet names it and links to it.
    let sheet_query = match d.saved.as_ref().filter(|s| s.shown) {
        Some(s) => super::query::encode(&[("saved".into(), s.id.to_string())]),
        None => dataset_query.clone(),
    };
    html! {
        @if let Some(f) = main {
            p.headline {
                span #headline-label { (f.label) }
                data #headline-value value=(f.value.value) { (readable(&f.value)) }
            }
            @if let Some(m) = mc {
                p.range {
                    "P10–P90: "
                    data #p10 value=(m.p10) { (number(m.p10, &m.unit)) }
                    " to "
                    data #p90 value=(m.p90) { (number(m.p90, &m.unit)) }
                    span.muted { " (median " (number(m.p50, &m.unit)) "; " (draws_text(e)) ")" }
                }
                (chart::distribution(m, "chart-distribution"))
            } @else {
                p.muted { "No Monte Carlo (draws 0): no range." }
            }
        }
        p.muted {
            "Crediting period " (date(&e.options.crediting_period.start.to_string())) " to "
            (date(&e.options.crediting_period.end.to_string())) " (" (readable(&e.outcome.crediting.years)) ") · "
            (e.options.gwp.name) " · model " (e.model.id) " " (e.model.version)
        }
        @if let Some(g) = &e.options.grid_factor {
            p.muted {
                "Grid factor: " (g.label)
                @if let Some(k) = g.kind { " (" (k.describe()) ")" }
                ": " (grid_points(g))
            }
        }
        h3 { "Figures" }
        div.scroll role="region" aria-label="Figures" tabindex="0" {
            table #figures {
                thead { tr { th scope="col" { "Figure" } th.num scope="col" { "Estimate" } @if e.uncertainty.is_some() { th.num scope="col" { "P10" } th.num scope="col" { "P90" } } } }
                tbody {
                    @for f in &e.outcome.headline {
                        tr {
                            th scope="row" { (f.label) }
                            td.num { (readable(&f.value)) }
                            @if e.uncertainty.is_some() {
                                @match summary_of(e, &f.key) {
                                    Some(m) => { td.num { (number(m.p10, &m.unit)) } td.num { (number(m.p90, &m.unit)) } }
                                    None => { td.num { "—" } td.num { "—" } }
                                }
                            }
                        }
                    }
                }
            }
        }
        h3 #yearly-title { "By crediting year" }
        @if let Some(svg) = chart::yearly(&e.outcome.crediting, "chart-yearly") { (svg) }
        (ledger_table(&e.outcome.crediting))
        @if let Some(m) = mc {
            @if !m.sensitivity.is_empty() {
                h3 { "What drives the spread" }
                p.muted { "Inputs ranked by their rank correlation with " (m.name.to_lowercase()) " (Spearman ρ; the share is ρ²/Σρ², a ranking aid, not a variance decomposition)." }
                @if let Some(svg) = chart::drivers(m, "chart-drivers") { (svg) }
                table #drivers {
                    thead { tr { th scope="col" { "Input" } th.num scope="col" { "ρ" } th.num scope="col" { "Share" } } }
                    tbody {
                        @for s in m.sensitivity.iter().take(6) {
                            tr { th scope="row" { (s.name) } td.num { (format!("{:+.2}", s.rho)) } td.num { (format!("{:.0} %", s.share * 100.0)) } }
                        }
                    }
                }
            }
        }
        h3 { "Share and download" }
        div.share {
            label for="share-url" { "Link to this view (the scenario, the kept ones and the dataset version)" }
            input #share-url type="text" readonly value=(d.query.url());
            p { a #share-link href=(d.query.url()) { "Open this view" } }
        }
        ul.downloads {
            @for l in download::data_links(&dataset_query) {
                li { a href=(l.href) type=(l.kind) hx-boost="false" download { (l.label) } }
            }
            @for l in download::sheet_links(&sheet_query, compared_query.as_deref()) {
                li { a href=(l.href) type=(l.kind) hx-boost="false" { (l.label) } }
            }
        }
        // A plain POST form, not boosted: the answer is a redirect that sets the one-time
        // receipt cookie, and a full navigation puts the saved page's URL in the address
        // bar. The scenario travels as the page's own query text in one hidden field: the
        // same text the URL carries, read back by the same parser, so whatever the page
        // shows is what is saved, with no second encoding of a scenario to keep in step.
        form.save method="post" action="/save" hx-boost="false" {
            input type="hidden" name="scenario" value=(dataset_query);
            button.secondary #save-scenario type="submit" { "Save this scenario" }
            " "
            span.hint { "Stores it under a permanent link (the scenario being edited, not the kept ones)." }
        }
        @if !e.warnings.is_empty() || !e.outcome.notes.is_empty() {
            h3 { "Notes and warnings" }
            ul.warnings {
                @for w in &e.warnings { li { strong { "Warning: " } (w) } }
                @for n in &e.outcome.notes { li { (n) } }
            }
        }
        details {
            summary { "Inputs as used (" (e.inputs.len()) ")" }
            div.scroll role="region" aria-label="Inputs as used" tabindex="0" {
                table {
                    thead { tr { th scope="col" { "Input" } th scope="col" { "Value" } th scope="col" { "From" } } }
                    tbody {
                        @for i in &e.inputs {
                            tr {
                                th scope="row" { (i.name) }
                                td { (i.value.as_ref().map(input_text).unwrap_or_else(|| "—".into())) }
                                td { (origin(i.origin)) @if !i.sources.is_empty() { " [" (i.sources.join(", ")) "]" } }
                            }
                        }
                    }
                }
            }
        }
        details {
            summary { "Sources (" (e.sources.len()) ")" }
            ul {
                @for s in &e.sources {
                    li id={"source-" (s.id)} {
                        "[" (s.id) "] "
                        @if let Some(u) = &s.url { a href=(u) hx-boost="false" { (s.title) } } @else { (s.title) }
                        " (" (s.publisher) @if let Some(y) = s.year { ", " (y) } "; " (confidence(s.confidence)) ")"
                    }
                }
            }
        }
    }
}

fn grid_points(g: &crate::scenario::result::GridFactorView) -> String {
    let values: Vec<String> = if g.points.len() == 1 && g.label != "trajectory" {
        vec![readable(&g.points[0].value)]
    } else {
        g.points
            .iter()
            .map(|p| format!("{} {}", p.year, readable(&p.value)))
            .collect()
    };
    if values.len() > 4 {
        format!("{} … {}", values[..2].join(", "), values[values.len() - 1])
    } else {
        values.join(", ")
    }
}

fn input_text(v: &crate::catalog::Value) -> String {
    match v {
        crate::catalog::Value::Quantity(a) => readable(&a.shown),
        crate::catalog::Value::Date(d) => date(&d.to_string()),
        other => form::choice_label(&other.to_string()),
    }
}

fn origin(o: Origin) -> &'static str {
    match o {
        Origin::ModelDefault => "model default",
        Origin::Project => "project",
        Origin::Override => "your value",
        Origin::Derived => "derived",
    }
}

fn confidence(c: Confidence) -> &'static str {
    match c {
        Confidence::Verified => "verified",
        Confidence::Secondary => "secondary",
        Confidence::Unconfirmed => "unconfirmed",
        Confidence::Derived => "derived",
        Confidence::Assumption => "assumption",
    }
}

/// The crediting years: physical outputs and factors, then BE, PE, LE and ER (the CSV has
/// every column).
fn ledger_table(l: &LedgerView) -> Markup {
    let shown: Vec<usize> = l
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| match c.role {
            Role::PhysicalOutput | Role::Factor => true,
            Role::Baseline | Role::Project | Role::Leakage | Role::EmissionReduction => matches!(
                c.key.as_str(),
                "baseline" | "project" | "leakage" | "emission_reductions"
            ),
            Role::Indicator => false,
        })
        .map(|(i, _)| i)
        .collect();
    html! {
        div.scroll role="region" aria-labelledby="yearly-title" tabindex="0" {
            table #yearly {
                caption { "Crediting years (BE baseline, PE project, LE leakage emissions; ER = BE − PE − LE)" }
                thead {
                    tr {
                        th scope="col" { "Year" }
                        th scope="col" { "Period" }
                        @for &i in &shown {
                            th.num scope="col" { (l.columns[i].label) @if !l.columns[i].unit.is_empty() { " (" (l.columns[i].unit) ")" } }
                        }
                    }
                }
                tbody {
                    @for r in &l.rows {
                        tr {
                            th scope="row" { (r.year) }
                            td.period { (date(&r.start)) " – " (date(&r.end)) }
                            @for &i in &shown {
                                td.num { (r.values.get(&l.columns[i].key).map(|v| format_readable(v.value, SIG)).unwrap_or_default()) }
                            }
                        }
                    }
                }
                tfoot {
                    tr {
                        th scope="row" colspan="2" { "Total (" (readable(&l.years)) ")" }
                        @for &i in &shown {
                            td.num { (l.totals.get(&l.columns[i].key).map(|v| format_readable(v.value, SIG)).unwrap_or_default()) }
                        }
                    }
                }
            }
        }
    }
}

/// A scenario's name for a comparison: "Renca factory-rooftop solar PV: DC nameplate
/// capacity 3 MW".
pub fn scenario_label(c: &Catalog, s: &Scenario) -> String {
    format!("{}: {}", subject_name(c, s), changes(c, s))
}

/// A short description of what a scenario changes: "DC nameplate capacity 3 MW; GWP ar6".
fn changes(c: &Catalog, s: &Scenario) -> String {
    let Some(subject) = &s.subject else {
        return String::new();
    };
    let (spec, _) = spec_and_seed(c, subject);
    let mut out: Vec<String> = Vec::new();
    for (k, v) in &s.site {
        out.push(format!("{} {v}", k.replace('_', " ")));
    }
    for (k, v) in &s.parameters {
        let name = spec
            .and_then(|m| m.parameter(k))
            .map_or(k.clone(), |p| p.name.clone());
        out.push(format!("{name} {v}"));
    }
    for (k, v) in &s.options {
        let label = match k.as_str() {
            "start" => "crediting from",
            "end" => "crediting to",
            "grid" => continue,
            "grid_series" | "grid_constant" | "grid_trajectory" => "grid factor",
            other => other,
        };
        out.push(format!("{label} {v}"));
    }
    if out.is_empty() {
        "as documented".into()
    } else {
        out.join("; ")
    }
}

fn subject_name(c: &Catalog, s: &Scenario) -> String {
    match &s.subject {
        Some(subject) => match spec_and_seed(c, subject) {
            (_, Some(seed)) => projects::short_name(&seed.name),
            (Some(spec), None) => s
                .site
                .get("name")
                .cloned()
                .unwrap_or_else(|| format!("new {}", projects::short_name(&spec.name))),
            (None, None) => "unknown".into(),
        },
        None => String::new(),
    }
}

/// One column of the comparison.
struct Column<'a> {
    letter: char,
    scenario: &'a Scenario,
    outcome: &'a Outcome,
    kept: Option<usize>,
    current: bool,
}

/// The kept scenarios and the one being edited, side by side with their differences from
/// the first.
fn comparison(d: &PageData<'_>) -> Markup {
    let mut columns: Vec<Column<'_>> = Vec::new();
    for (i, (s, o)) in d.query.kept.iter().zip(&d.kept).enumerate() {
        columns.push(Column {
            letter: (b'A' + i as u8) as char,
            scenario: s,
            outcome: o,
            kept: Some(i),
            current: *s == d.query.current,
        });
    }
    if let Some(o) = &d.current
        && d.query.compared().contains(&&d.query.current)
        && !d.query.kept.contains(&d.query.current)
    {
        columns.push(Column {
            letter: (b'A' + columns.len() as u8) as char,
            scenario: &d.query.current,
            outcome: o,
            kept: None,
            current: true,
        });
    }
    if columns.is_empty() {
        return html! {};
    }
    // Rows: every headline figure, by key, in the order first seen.
    let mut rows: Vec<(&str, &str)> = Vec::new();
    for col in &columns {
        if let Ok(e) = col.outcome {
            for f in &e.outcome.headline {
                if !rows.iter().any(|(k, _)| *k == f.key) {
                    rows.push((&f.key, &f.label));
                }
            }
        }
    }
    let first = &columns[0];
    let value = |col: &Column<'_>, key: &str| -> Option<QuantityValue> {
        col.outcome
            .as_ref()
            .ok()
            .and_then(|e| e.outcome.figure(key).cloned())
    };
    html! {
        section #comparison aria-labelledby="comparison-title" {
            h2 #comparison-title { "Comparison" }
            p.muted { "Scenarios side by side; each difference is from scenario A. Up to " (MAX_KEPT + 1) " scenarios: the kept ones and the one being edited." }
            div.scroll role="region" aria-labelledby="comparison-title" tabindex="0" {
                table.comparison #comparison-table {
                    thead {
                        tr {
                            th scope="col" { "Figure" }
                            @for (i, col) in columns.iter().enumerate() {
                                th.num scope="col" {
                                    "Scenario " (col.letter) @if col.current { " (being edited)" }
                                    span.changes { (scenario_label(d.catalog, col.scenario)) }
                                    span.changes {
                                        @if !col.current {
                                            a href=(d.query.with_current(col.scenario.clone()).url()) { "edit" }
                                            " · "
                                        }
                                        @if let Some(k) = col.kept {
                                            a href=(d.query.without_kept(k).url()) aria-label={"Remove scenario " (col.letter) " from the comparison"} { "remove" }
                                        } @else {
                                            "not kept"
                                        }
                                    }
                                }
                                @if i > 0 { th.num.diff scope="col" { (col.letter) " − A" } }
                            }
                        }
                    }
                    tbody {
                        @for (key, label) in &rows {
                            tr data-key=(key) {
                                th scope="row" { (label) }
                                @for (i, col) in columns.iter().enumerate() {
                                    @let v = value(col, key);
                                    td.num { (v.as_ref().map(readable).unwrap_or_else(|| "—".into())) }
                                    @if i > 0 { td.num.diff { (difference(value(first, key).as_ref(), v.as_ref())) } }
                                }
                            }
                        }
                        @if let Some(key) = rows.first().map(|r| r.0) {
                            tr {
                                th scope="row" { "P10–P90 of the first figure" }
                                @for (i, col) in columns.iter().enumerate() {
                                    td.num {
                                        @match col.outcome.as_ref().ok().and_then(|e| summary_of(e, key)) {
                                            Some(m) => { (format_readable(m.p10, SIG)) " – " (number(m.p90, &m.unit)) }
                                            None => { "—" }
                                        }
                                    }
                                    @if i > 0 { td.diff {} }
                                }
                            }
                        }
                        @if columns.iter().any(|c| c.outcome.is_err()) {
                            tr {
                                th scope="row" { "Problems" }
                                @for (i, col) in columns.iter().enumerate() {
                                    td { @if let Err(e) = col.outcome { span.error { (problem_text(e)) } } }
                                    @if i > 0 { td.diff {} }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn problem_text(e: &ScenarioError) -> String {
    match e.code {
        ErrorCode::Timeout => "took too long; ask for fewer draws".into(),
        _ => e.detail.clone(),
    }
}

/// `+2,530 tCO2e (+50 %)`, or "—" when either value is missing or the units differ.
fn difference(a: Option<&QuantityValue>, b: Option<&QuantityValue>) -> String {
    let (Some(a), Some(b)) = (a, b) else {
        return "—".into();
    };
    if a.unit != b.unit {
        return "—".into();
    }
    let delta = b.value - a.value;
    if delta == 0.0 {
        return "no change".into();
    }
    let sign = if delta > 0.0 { "+" } else { "" };
    let abs = if a.unit.is_empty() {
        format!("{sign}{}", format_readable(delta, SIG))
    } else {
        format!("{sign}{} {}", format_readable(delta, SIG), a.unit)
    };
    if a.value != 0.0 {
        let pct = delta / a.value.abs() * 100.0;
        let psign = if pct > 0.0 { "+" } else { "" };
        format!("{abs} ({psign}{} %)", format_readable(pct, 3))
    } else {
        abs
    }
}

/// "1,000 Monte Carlo draws, seed 42".
fn draws_text(e: &Estimate) -> String {
    match &e.uncertainty {
        Some(u) => format!(
            "{} Monte Carlo draws, seed {}",
            format_readable(u.draws as f64, 6),
            u.seed
        ),
        None => "no Monte Carlo".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_read_as_signed_values_and_percentages() {
        let q = |v: f64, u: &str| QuantityValue {
            value: v,
            unit: u.into(),
        };
        assert_eq!(
            difference(Some(&q(5060.0, "tCO2e")), Some(&q(7590.0, "tCO2e"))),
            "+2,530 tCO2e (+50 %)"
        );
        assert_eq!(
            difference(Some(&q(100.0, "t")), Some(&q(90.0, "t"))),
            "-10 t (-10 %)"
        );
        assert_eq!(difference(Some(&q(1.0, "t")), Some(&q(1.0, "MWh"))), "—");
        assert_eq!(difference(None, Some(&q(1.0, "t"))), "—");
        assert_eq!(
            difference(Some(&q(1.0, "t")), Some(&q(1.0, "t"))),
            "no change"
        );
    }
}
