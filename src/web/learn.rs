//! `/learn`: the guide, one page per chapter, and `/learn/units`, the units playground.
//!
//! The chapters are the Markdown files of `docs/teaching/`, embedded at build time and
//! rendered with pulldown-cmark; links between chapters (`02-quantities.md`) become links
//! between pages. Their Rust code blocks are compiled and run as doctests (see the end of
//! this file), so the guide cannot drift from the library.

use std::collections::HashMap;

use actix_web::{HttpResponse, web};
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag};

use crate::api::AppState;
use crate::units::eval::{EvalField, evaluate};

/// One page of the guide.
pub struct Chapter {
    /// The file name without `.md`, and the page's path under `/learn/`.
    pub slug: &'static str,
    /// The Markdown.
    pub markdown: &'static str,
}

macro_rules! chapters {
    ($($slug:literal),* $(,)?) => {
        &[$(Chapter {
            slug: $slug,
            markdown: include_str!(concat!("../../docs/teaching/", $slug, ".md")),
        }),*]
    };
}

/// The guide's index (`docs/teaching/README.md`) then its chapters, in reading order.
pub static CHAPTERS: &[Chapter] = chapters!(
    "README",
    "01-a-small-failure",
    "02-quantities-not-numbers",
    "03-derived-quantities",
    "04-gases-and-gwp-sets",
    "05-parsing-at-the-edge",
    "06-dimensionless-traps",
    "07-uncertainty",
    "08-renca-by-hand",
    "09-compile-fail-gallery",
    "10-exercises",
);

/// Registers `/learn`, `/learn/units` and `/learn/{chapter}`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/learn", web::get().to(index))
        .route("/learn/units", web::get().to(playground))
        .route("/learn/{chapter}", web::get().to(chapter));
}

async fn index() -> HttpResponse {
    page_response(&CHAPTERS[0])
}

async fn chapter(path: web::Path<String>) -> HttpResponse {
    let slug = path.into_inner();
    match CHAPTERS
        .iter()
        .find(|c| c.slug == slug && c.slug != "README")
    {
        Some(c) => page_response(c),
        None => html(
            actix_web::http::StatusCode::NOT_FOUND,
            "Not found",
            &format!(
                "<h1>Not found</h1><p>There is no chapter “{}”. See <a href=\"/learn\">the guide</a>.</p>",
                escape(&slug)
            ),
        ),
    }
}

fn page_response(c: &Chapter) -> HttpResponse {
    let title = c
        .markdown
        .lines()
        .find_map(|l| l.strip_prefix("# "))
        .unwrap_or("tanso");
    html(
        actix_web::http::StatusCode::OK,
        title,
        &render_markdown(c.markdown),
    )
}

/// The Markdown as HTML, with links to sibling chapters (`03-derived-quantities.md`,
/// `README.md`) pointing at their pages.
pub fn render_markdown(markdown: &str) -> String {
    let parser = Parser::new_ext(markdown, Options::ENABLE_TABLES).map(|event| match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: page_link(dest_url),
            title,
            id,
        }),
        other => other,
    });
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, parser);
    out
}

fn page_link(dest: CowStr<'_>) -> CowStr<'_> {
    let (file, anchor) = dest.split_once('#').unwrap_or((&dest, ""));
    let anchor = if anchor.is_empty() {
        String::new()
    } else {
        format!("#{anchor}")
    };
    match file.strip_suffix(".md") {
        Some("README") => CowStr::from(format!("/learn{anchor}")),
        Some(slug) if CHAPTERS.iter().any(|c| c.slug == slug) => {
            CowStr::from(format!("/learn/{slug}{anchor}"))
        }
        _ => dest,
    }
}

/// Expressions offered on the playground page.
const EXAMPLES: [(&str, &str); 7] = [
    ("2 MW * 8760 h * 16.5 %", "MWh"),
    ("2889.13 MWh / 2 MW", "kWh/kWp"),
    ("2889.13 MWh * 259.87 gCO2e/kWh", ""),
    ("12480 t * 4 gCH4/kg * gwp(ar5)", ""),
    ("2 MW + 2889 MWh", ""),
    ("2 tCH4 + 1 tCO2e", ""),
    ("2 MW * 8760 h * 16.5", ""),
];

/// `/learn/units?expression=...&to=...`: the form, and the result or the error.
async fn playground(
    state: web::Data<AppState>,
    query: web::Query<HashMap<String, String>>,
) -> HttpResponse {
    let expression = query.get("expression").map(String::as_str).unwrap_or("");
    let to = query.get("to").map(String::as_str).unwrap_or("");
    let mut body = String::from(
        "<h1>Units playground</h1>\n<p>Evaluate an expression over tanso’s own units: numbers with units from \
         <a href=\"/v1/units\">the unit table</a> (no spaces inside a unit), joined by <code>+ - * /</code> and \
         parentheses. <code>gwp(ar5)</code> turns CH4 or N2O into CO2e. The same evaluator answers \
         <code>tanso units eval</code> and <code>POST /v1/units/eval</code>; \
         <a href=\"/learn/06-dimensionless-traps\">chapter 6</a> explains what it refuses.</p>\n",
    );
    body.push_str(&format!(
        "<form method=\"get\" action=\"/learn/units\">\n<p><label>Expression <input name=\"expression\" size=\"48\" value=\"{}\"></label>\n\
         <label>in <input name=\"to\" size=\"10\" value=\"{}\" placeholder=\"MWh\"></label>\n<button type=\"submit\">Evaluate</button></p>\n</form>\n",
        escape(expression),
        escape(to)
    ));
    if !expression.trim().is_empty() {
        let sets: Vec<_> = state.catalog.gwp_sets.iter().map(|g| g.set()).collect();
        let target = Some(to).filter(|t| !t.trim().is_empty());
        match evaluate(expression, target, &sets) {
            Ok(r) => {
                body.push_str(&format!(
                    "<section class=\"result\"><p class=\"value\"><output>{}</output></p>\n<p>{} — in SI base units {} {}</p>\n",
                    escape(&r.readable()),
                    escape(&r.phrase),
                    escape(&crate::units::format_readable(r.si_value, 6)),
                    escape(&r.si_unit)
                ));
                for w in &r.warnings {
                    body.push_str(&format!("<p class=\"note\">Note: {}</p>\n", escape(w)));
                }
                body.push_str("</section>\n");
            }
            Err(e) => {
                let place = match (e.field, e.position) {
                    (EvalField::Expression, Some(at)) => {
                        format!("<pre>{}\n{}^</pre>\n", escape(expression), " ".repeat(at))
                    }
                    _ => String::new(),
                };
                body.push_str(&format!(
                    "<section class=\"error\" role=\"alert\"><p><strong>Cannot evaluate:</strong> {}</p>\n{place}<p>Expected: {}</p></section>\n",
                    escape(&e.message),
                    escape(&e.expected)
                ));
            }
        }
    }
    body.push_str("<h2>Try</h2>\n<ul>\n");
    for (e, t) in EXAMPLES {
        let mut href = format!("/learn/units?expression={}", url_encode(e));
        if !t.is_empty() {
            href.push_str(&format!("&amp;to={}", url_encode(t)));
        }
        let suffix = if t.is_empty() {
            String::new()
        } else {
            format!(" in {}", escape(t))
        };
        body.push_str(&format!(
            "<li><a href=\"{href}\"><code>{}</code>{suffix}</a></li>\n",
            escape(e)
        ));
    }
    body.push_str("</ul>\n");
    html(actix_web::http::StatusCode::OK, "Units playground", &body)
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#222}\
nav{font-size:.9rem;border-bottom:1px solid #ccc;padding-bottom:.5rem;margin-bottom:1rem}\
nav a{margin-right:.6rem}pre{background:#f5f5f5;padding:.6rem;overflow-x:auto}code{font-size:.95em}\
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem}\
.value{font-size:1.6rem;font-weight:600}.error{border-left:4px solid #b00;padding-left:.8rem}\
.note{color:#8a5a00}input{font-size:1rem}";

fn html(status: actix_web::http::StatusCode, title: &str, body: &str) -> HttpResponse {
    let mut nav = String::from("<nav><a href=\"/learn\">Guide</a>");
    for (i, c) in CHAPTERS.iter().enumerate().skip(1) {
        nav.push_str(&format!("<a href=\"/learn/{}\">{i}</a>", c.slug));
    }
    nav.push_str("<a href=\"/learn/units\">Playground</a></nav>");
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(format!(
            "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>{} · tanso</title><style>{STYLE}</style></head>\n<body>{nav}\n<main>\n{body}</main></body></html>\n",
            escape(title)
        ))
}

/// Escapes text for HTML content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes a query value (RFC 3986 unreserved characters stay).
fn url_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            b => format!("%{b:02X}"),
        })
        .collect()
}

// Every Rust code block of the guide is a doctest: `cargo test --doc` compiles and runs
// them, and checks that the `compile_fail` ones fail with the error code they name.
macro_rules! guide_doctests {
    ($($name:ident = $slug:literal;)*) => {$(
        #[cfg(doctest)]
        #[doc = include_str!(concat!("../../docs/teaching/", $slug, ".md"))]
        pub struct $name;
    )*};
}

guide_doctests! {
    GuideReadme = "README";
    Guide01 = "01-a-small-failure";
    Guide02 = "02-quantities-not-numbers";
    Guide03 = "03-derived-quantities";
    Guide04 = "04-gases-and-gwp-sets";
    Guide05 = "05-parsing-at-the-edge";
    Guide06 = "06-dimensionless-traps";
    Guide07 = "07-uncertainty";
    Guide08 = "08-renca-by-hand";
    Guide09 = "09-compile-fail-gallery";
    Guide10 = "10-exercises";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chapter_links_become_pages() {
        let html = render_markdown(
            "[next](03-derived-quantities.md#power) [home](README.md) [x](https://example.org/a.md)",
        );
        assert!(
            html.contains("href=\"/learn/03-derived-quantities#power\""),
            "{html}"
        );
        assert!(html.contains("href=\"/learn\""), "{html}");
        assert!(html.contains("href=\"https://example.org/a.md\""), "{html}");
    }

    #[test]
    fn escaping_and_encoding() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(url_encode("2 MW * 8760 h"), "2%20MW%20%2A%208760%20h");
        assert_eq!(url_encode("°C"), "%C2%B0C");
    }
}
