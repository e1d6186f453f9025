//! What the page offers to download: the estimate's JSON (the API's own document), a CSV of
//! the crediting years, and the impact sheets ([`sheet_links`]).

use std::fmt::Write;

use crate::scenario::result::LedgerView;

/// A download: its label, its address and a media-type hint for the reader.
pub struct Link {
    pub label: String,
    pub href: String,
    pub kind: &'static str,
}

/// The estimate's downloads for a scenario given by its query text.
pub fn data_links(query: &str) -> Vec<Link> {
    vec![
        Link {
            label: "Estimate (JSON)".into(),
            href: format!("/scenario.json?{query}"),
            kind: "application/json",
        },
        Link {
            label: "Crediting years (CSV)".into(),
            href: format!("/scenario.csv?{query}"),
            kind: "text/csv",
        },
    ]
}

/// The impact sheets (`crate::sheets`) as HTML, Markdown and PDF (PDF only where Chromium
/// can print it): the sheet of the scenario being edited, and, when scenarios are compared,
/// the comparison sheet of all of them (`compared` is the page's whole query).
pub fn sheet_links(current: &str, compared: Option<&str>) -> Vec<Link> {
    let formats: &[(&str, &'static str, &'static str)] = &[
        ("html", "HTML", "text/html"),
        ("md", "Markdown", "text/markdown"),
        ("pdf", "PDF", "application/pdf"),
    ];
    let pdf = crate::sheets::pdf::available();
    let mut out = Vec::new();
    for (what, query) in [
        ("Impact sheet", Some(current)),
        ("Comparison sheet", compared),
    ] {
        let Some(query) = query else { continue };
        for (ext, name, kind) in formats {
            if *ext == "pdf" && !pdf {
                continue;
            }
            out.push(Link {
                label: format!("{what} ({name})"),
                href: format!("/sheet/{ext}?{query}"),
                kind,
            });
        }
    }
    out
}

/// The crediting years as CSV (RFC 4180): one row per year, one column per ledger column
/// with its unit in the header, numbers unrounded in that unit.
pub fn ledger_csv(l: &LedgerView) -> String {
    let mut out = String::new();
    let mut header = vec![
        "year".to_string(),
        "start".into(),
        "end".into(),
        "calendar_year".into(),
        "fraction_of_year".into(),
    ];
    header.extend(l.columns.iter().map(|c| {
        if c.unit.is_empty() {
            c.label.clone()
        } else {
            format!("{} ({})", c.label, c.unit)
        }
    }));
    line(&mut out, &header);
    for r in &l.rows {
        let mut cells = vec![
            r.year.to_string(),
            r.start.clone(),
            r.end.clone(),
            r.calendar_year.to_string(),
            r.fraction.to_string(),
        ];
        cells.extend(l.columns.iter().map(|c| {
            r.values
                .get(&c.key)
                .map(|v| v.value.to_string())
                .unwrap_or_default()
        }));
        line(&mut out, &cells);
    }
    out
}

fn line(out: &mut String, cells: &[String]) {
    let quoted: Vec<String> = cells.iter().map(|c| field(c)).collect();
    let _ = write!(out, "{}\r\n", quoted.join(","));
}

/// A CSV field, quoted when it holds a comma, a quote or a line break.
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_has_a_row_per_crediting_year_and_sums_to_the_total() {
        let c = crate::catalog::Catalog::embedded().unwrap();
        let req = crate::scenario::ScenarioRequest {
            project: crate::scenario::request::ProjectRef::Id("renca-solar".into()),
            parameters: Default::default(),
            options: Default::default(),
        };
        let e = crate::scenario::estimate(&c, &req).unwrap();
        let l = &e.outcome.crediting;
        let csv = ledger_csv(l);
        let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
        assert_eq!(lines.len(), l.rows.len() + 1);
        let header: Vec<&str> = lines[0].split(',').collect();
        let er = header
            .iter()
            .position(|h| h.starts_with("Emission reductions"))
            .expect("an emission reductions column");
        let sum: f64 = lines[1..]
            .iter()
            .map(|r| r.split(',').nth(er).unwrap().parse::<f64>().unwrap())
            .sum();
        let total = l.totals["emission_reductions"].value;
        assert!(
            (sum - total).abs() <= 1e-9 * total.abs(),
            "{sum} vs {total}"
        );
    }

    #[test]
    fn fields_with_commas_are_quoted() {
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"x\""), "\"say \"\"x\"\"\"");
        assert_eq!(field("plain"), "plain");
    }
}
