//! Project impact sheets: one readable, cited page about a project or a scenario, in HTML,
//! Markdown or PDF, in the reader's language.
//!
//! Everything is built from the one outcome schema ([`crate::scenario::Estimate`] with its
//! `OutcomeView` and Monte Carlo summary) and the catalog, never from a model's own types: a
//! model that lands later gets a sheet, its charts and its citations without a line here.
//!
//! - [`project`]: the sheet of one estimate; [`compare`]: two to four scenarios side by side,
//!   and the portfolio of a city-to-city programme.
//! - [`charts`]: deterministic, accessible SVG charts, public for other pages to reuse.
//! - [`i18n`]: Fluent message catalogues (`locales/*.ftl`) with number and date formats.
//! - [`markdown`], [`html`]: the renderers; [`pdf`]: the HTML printed by headless Chromium.

pub mod charts;
pub mod compare;
pub mod document;
pub mod html;
pub mod i18n;
pub mod markdown;
pub mod pdf;
pub mod project;

use std::collections::BTreeMap;
use std::time::Duration;

use crate::catalog::{Catalog, Confidence, Source};
use crate::scenario::request::{GridFactorInput, ProjectRef};
use crate::scenario::{Estimate, ScenarioRequest};
use crate::units::QuantityInput;
pub use document::Doc;
pub use i18n::Locale;
pub use markdown::ChartLinks;

/// Most scenarios on one comparison sheet.
pub const MAX_COMPARED: usize = 4;

/// The output formats.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize, utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// One self-contained HTML file that prints on A4.
    Html,
    /// GitHub-flavoured Markdown with chart images.
    Md,
    /// PDF printed from the HTML by headless Chromium.
    Pdf,
}

impl Format {
    /// The media type.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Html => "text/html; charset=utf-8",
            Format::Md => "text/markdown; charset=utf-8",
            Format::Pdf => "application/pdf",
        }
    }

    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Md => "md",
            Format::Pdf => "pdf",
        }
    }

    /// Parses `html`, `md` (or `markdown`), `pdf`.
    pub fn parse(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "html" | "htm" => Some(Format::Html),
            "md" | "markdown" => Some(Format::Md),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }
}

/// How a sheet is made.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetOptions {
    /// The date printed as "generated" (`YYYY-MM-DD`); tests fix it, callers pass today.
    pub generated: String,
    /// Prefix of element ids (several sheets in one page stay unique).
    pub id_prefix: String,
    /// Where Markdown finds the charts.
    pub chart_links: ChartLinks,
    /// The saved scenario a project sheet is of, when it is one: named in the header with its
    /// link (a saved scenario is one scenario, so comparison and portfolio sheets ignore it).
    pub saved: Option<SavedRef>,
}

/// A saved scenario as a sheet names it. The caller (the web page, the API) makes the link;
/// the sheet only prints it, so it knows nothing of HTTP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedRef {
    /// The scenario's id (`sc-…`).
    pub id: String,
    /// Its permanent link, best absolute (a sheet is often read away from the service).
    pub link: String,
    /// The dataset version it was saved under.
    pub dataset_version: String,
}

impl SheetOptions {
    /// Today's date (UTC), inline charts.
    pub fn today() -> SheetOptions {
        SheetOptions {
            generated: today(),
            id_prefix: String::new(),
            chart_links: ChartLinks::DataUri,
            saved: None,
        }
    }
}

/// Today's date in UTC, `YYYY-MM-DD`.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    crate::calendar::Date::from_days((secs / 86_400) as i64).to_string()
}

/// How far a source can be trusted, in words of the locale.
pub fn confidence_text(s: &Source, l: &Locale) -> String {
    l.text(match s.confidence {
        Confidence::Verified => "confidence-verified",
        Confidence::Secondary => "confidence-secondary",
        Confidence::Unconfirmed => "confidence-unconfirmed",
        Confidence::Derived => "confidence-derived",
        Confidence::Assumption => "confidence-assumption",
    })
}

/// A short name of a scenario for a comparison column: its overrides and options, or
/// "as documented".
pub fn scenario_label(req: &ScenarioRequest, l: &Locale) -> String {
    let text = |q: &QuantityInput| match q {
        QuantityInput::Text(t) => t.clone(),
        other => serde_json::to_value(other)
            .ok()
            .and_then(|v| {
                let value = v.get("value")?.as_f64()?;
                let unit = v.get("unit").and_then(|u| u.as_str()).unwrap_or("");
                Some(format!("{value} {unit}").trim().to_string())
            })
            .unwrap_or_default(),
    };
    let mut parts: Vec<String> = req
        .parameters
        .iter()
        .map(|(k, v)| format!("{k} = {}", text(v)))
        .collect();
    let o = &req.options;
    if let Some(g) = &o.grid_factor {
        let shown = match g {
            GridFactorInput::Series(s) => s.clone(),
            GridFactorInput::Constant(q) => text(q),
            GridFactorInput::Trajectory(_) => l.text("label-trajectory"),
            GridFactorInput::CombinedMargin(_) => l.text("label-combined-margin"),
        };
        parts.push(format!("{} = {shown}", l.text("label-grid-factor")));
    }
    if let Some(s) = &o.crediting_start {
        parts.push(format!("{} {s}", l.text("label-from")));
    }
    if let Some(s) = &o.crediting_end {
        parts.push(format!("{} {s}", l.text("label-to")));
    }
    if let Some(g) = &o.gwp {
        parts.push(format!("GWP {g}"));
    }
    if o.weather.is_some() {
        parts.push(l.text("label-own-weather"));
    }
    if let ProjectRef::Inline(p) = &req.project
        && parts.is_empty()
    {
        parts.push(p.name.clone().unwrap_or_else(|| p.model.clone()));
    }
    if parts.is_empty() {
        l.text("label-as-documented")
    } else {
        parts.join(", ")
    }
}

/// What a sheet is about.
pub enum Subject<'a> {
    /// One estimate.
    Project(&'a Estimate),
    /// Two to four labelled scenarios.
    Comparison(&'a [(String, Estimate)]),
    /// The projects of a programme.
    Portfolio(&'a crate::catalog::Programme, &'a [Estimate]),
}

/// The content of a sheet.
pub fn document(catalog: &Catalog, subject: Subject<'_>, l: &Locale, o: &SheetOptions) -> Doc {
    match subject {
        Subject::Project(e) => project::project_doc(catalog, e, l, o),
        Subject::Comparison(s) => compare::comparison_doc(catalog, s, l, o),
        Subject::Portfolio(p, e) => compare::portfolio_doc(catalog, p, e, l, o),
    }
}

/// Time Chromium gets to print a sheet when the caller has no deadline of its own (the CLI).
pub const PDF_TIMEOUT: Duration = Duration::from_secs(60);

/// A sheet in a format, as bytes; Markdown keeps charts as `o.chart_links` says.
pub fn render(doc: &Doc, format: Format, o: &SheetOptions) -> Result<Vec<u8>, pdf::PdfError> {
    render_within(doc, format, o, PDF_TIMEOUT)
}

/// [`render`], with Chromium stopped once `pdf_time` has passed: a server passes what is left
/// of the request's budget, so a print nobody will read does not hold a core past it.
pub fn render_within(
    doc: &Doc,
    format: Format,
    o: &SheetOptions,
    pdf_time: Duration,
) -> Result<Vec<u8>, pdf::PdfError> {
    Ok(match format {
        Format::Html => html::render(doc).into_bytes(),
        Format::Md => markdown::render(doc, &o.chart_links).into_bytes(),
        Format::Pdf => pdf::print(&html::render(doc), pdf_time)?,
    })
}

/// The charts of a document as SVG files by name (`{id}.svg`), for Markdown written with
/// [`ChartLinks::Files`].
pub fn chart_files(doc: &Doc) -> BTreeMap<String, String> {
    project::charts_of(doc)
        .into_iter()
        .map(|c| (format!("{}.svg", c.id), c.svg.clone()))
        .collect()
}
