//! Plain-text rendering of an estimate for a person at a terminal: rounded numbers with
//! thousands separators and units, dates and months by name, the grid factor and every
//! assumption in words, the uncertainty as a table. Rendered once from the one outcome
//! schema, so it is the same for every model.

use std::fmt::Write;

use crate::models::outcome::{Axis, Role};
use crate::scenario::Estimate;
use crate::scenario::resolve::Origin;
use crate::scenario::result::LedgerView;
use crate::units::{QuantityValue, format_readable};

/// Significant figures of numbers a person reads.
const SIG: usize = 4;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn q(v: &QuantityValue) -> String {
    v.readable(SIG)
}

/// `2024-03-01` → `1 Mar 2024`.
fn date(text: &str) -> String {
    match crate::calendar::Date::parse(text) {
        Ok(d) => format!("{} {} {}", d.day, MONTHS[d.month as usize - 1], d.year),
        Err(_) => text.to_string(),
    }
}

/// `text` cut to `width` characters, with an ellipsis when cut.
fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let cut: String = text.chars().take(width - 1).collect();
    format!("{}…", cut.trim_end())
}

/// Wraps `text` at `width` columns, indenting continuation lines by `indent`.
fn wrap(text: &str, width: usize, indent: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in text.split_whitespace() {
        if line > 0 && line + 1 + word.chars().count() > width {
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            line = indent;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += word.chars().count();
    }
    out
}

/// A readable summary of an estimate.
pub fn estimate_text(e: &Estimate) -> String {
    let mut out = String::new();
    header(&mut out, e);
    headline(&mut out, e);
    ledger(&mut out, "Crediting years", &e.outcome.crediting);
    if let Some(l) = &e.outcome.lifetime {
        let er = l
            .totals
            .get("emission_reductions")
            .map(q)
            .unwrap_or_default();
        let physical: Vec<String> = l
            .columns
            .iter()
            .filter(|c| c.role == Role::PhysicalOutput && c.additive)
            .filter_map(|c| {
                l.totals
                    .get(&c.key)
                    .map(|v| format!("{} {}", c.label.to_lowercase(), q(v)))
            })
            .collect();
        let _ = writeln!(
            out,
            "\nOver the plant life ({}): {}, emission reductions {er}",
            q(&l.years),
            physical.join(", ")
        );
    }
    series(&mut out, e);
    if let Some(u) = &e.uncertainty {
        uncertainty(&mut out, u);
    }
    inputs(&mut out, e);
    if !e.outcome.notes.is_empty() || !e.warnings.is_empty() {
        let _ = writeln!(out, "\nNotes and warnings");
        for n in &e.outcome.notes {
            let _ = writeln!(out, "  - {}", wrap(n, 100, 4));
        }
        for w in &e.warnings {
            let _ = writeln!(out, "  ! {}", wrap(w, 100, 4));
        }
    }
    let _ = writeln!(
        out,
        "\nSources (addresses with --format json, or `tanso models {}` / `tanso projects`)",
        e.model.id
    );
    for s in &e.sources {
        let year = s.year.map(|y| format!(", {y}")).unwrap_or_default();
        let confidence = format!("{:?}", s.confidence).to_lowercase();
        let line = format!(
            "[{}] {} ({}{year}; {confidence})",
            s.id, s.title, s.publisher
        );
        let _ = writeln!(out, "  {}", truncate(&line, 96));
    }
    out
}

fn header(out: &mut String, e: &Estimate) {
    let _ = writeln!(out, "{}", e.project.name);
    if let Some(l) = &e.project.location {
        let place = [l.place.as_deref(), l.country.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
        let _ = writeln!(
            out,
            "{}{} {}",
            place,
            if place.is_empty() { "" } else { " ·" },
            coordinates(&l.latitude, &l.longitude)
        );
    }
    let _ = writeln!(
        out,
        "{} ({} {}) · dataset {}",
        e.model.name, e.model.id, e.model.version, e.dataset_version
    );
    let c = &e.options.crediting_period;
    let length = &e.outcome.crediting.years;
    let _ = writeln!(
        out,
        "Crediting period {} to {} ({}) · GWP {} (CH4 {}, N2O {})",
        date(&c.start.to_string()),
        date(&c.end.to_string()),
        q(length),
        e.options.gwp.name,
        e.options.gwp.ch4,
        e.options.gwp.n2o
    );
    if let Some(g) = &e.options.grid_factor {
        let kind = g.kind.map_or("given in the request", |k| k.describe());
        let values: Vec<String> = match g.points.as_slice() {
            [one] if g.label != "trajectory" && g.points.len() == 1 => vec![q(&one.value)],
            points => points
                .iter()
                .map(|p| format!("{} {}", p.year, q(&p.value)))
                .collect(),
        };
        let shown = if values.len() > 4 {
            format!("{} … {}", values[..2].join(", "), values[values.len() - 1])
        } else {
            values.join(", ")
        };
        let basis = g
            .basis
            .as_deref()
            .map(|b| format!(", {b}"))
            .unwrap_or_default();
        let line = format!("Grid factor: {} ({kind}{basis}): {shown}", g.label);
        let _ = writeln!(out, "{}", wrap(&line, 100, 2));
        if let Some(n) = &g.note {
            let _ = writeln!(out, "  {}", wrap(n, 98, 2));
        }
    }
}

fn coordinates(lat: &QuantityValue, lon: &QuantityValue) -> String {
    let hemi = |v: f64, pos: &str, neg: &str| {
        format!("{:.2}° {}", v.abs(), if v >= 0.0 { pos } else { neg })
    };
    format!(
        "{}, {}",
        hemi(lat.value, "N", "S"),
        hemi(lon.value, "E", "W")
    )
}

fn headline(out: &mut String, e: &Estimate) {
    let _ = writeln!(out, "\nResults");
    let width = e
        .outcome
        .headline
        .iter()
        .map(|f| f.label.chars().count())
        .max()
        .unwrap_or(0);
    for f in &e.outcome.headline {
        let _ = writeln!(out, "  {:<width$}  {:>14}", f.label, q(&f.value));
    }
}

fn ledger(out: &mut String, title: &str, l: &LedgerView) {
    // Physical outputs and factors, then BE, PE, LE, ER; breakdown columns go to a line.
    let shown: Vec<usize> = l
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| match c.role {
            Role::PhysicalOutput | Role::Factor => true,
            Role::Baseline | Role::Project | Role::Leakage | Role::EmissionReduction => {
                c.unit == "tCO2e"
                    && matches!(
                        c.key.as_str(),
                        "baseline" | "project" | "leakage" | "emission_reductions"
                    )
            }
            Role::Indicator => false,
        })
        .map(|(i, _)| i)
        .collect();
    let short = |key: &str, label: &str| match key {
        "baseline" => "BE".to_string(),
        "project" => "PE".to_string(),
        "leakage" => "LE".to_string(),
        "emission_reductions" => "ER".to_string(),
        _ => label.to_string(),
    };
    let _ = writeln!(
        out,
        "\n{title} (BE baseline, PE project, LE leakage, ER = BE − PE − LE)"
    );
    // Each column as wide as its widest cell.
    let cell = |r: &crate::scenario::result::RowView, i: usize| {
        r.values.get(&l.columns[i].key).map(q).unwrap_or_default()
    };
    let total = |i: usize| l.totals.get(&l.columns[i].key).map(q).unwrap_or_default();
    let widths: Vec<usize> = shown
        .iter()
        .map(|&i| {
            let c = &l.columns[i];
            l.rows
                .iter()
                .map(|r| cell(r, i).chars().count())
                .chain([
                    short(&c.key, &c.label).chars().count(),
                    total(i).chars().count(),
                ])
                .max()
                .unwrap_or(0)
                + 2
        })
        .collect();
    let mut head = format!("  {:<4}{:<27}", "", "");
    for (&i, w) in shown.iter().zip(&widths) {
        let c = &l.columns[i];
        let _ = write!(head, "{:>w$}", short(&c.key, &c.label));
    }
    let _ = writeln!(out, "{}", head.trim_end());
    for r in &l.rows {
        let period = format!("{} – {}", date(&r.start), date(&r.end));
        let mut line = format!("  {:<4}{:<27}", r.year, period);
        for (&i, w) in shown.iter().zip(&widths) {
            let _ = write!(line, "{:>w$}", cell(r, i));
        }
        let _ = writeln!(out, "{line}");
    }
    let mut line = format!("  {:<4}{:<27}", "", format!("total ({})", q(&l.years)));
    for (&i, w) in shown.iter().zip(&widths) {
        let _ = write!(line, "{:>w$}", total(i));
    }
    let _ = writeln!(out, "{}", line.trim_end());
    let breakdown: Vec<String> = l
        .columns
        .iter()
        .enumerate()
        .filter(|(i, c)| !shown.contains(i) && c.additive && c.role == Role::Project)
        .filter_map(|(_, c)| {
            l.totals
                .get(&c.key)
                .map(|v| format!("{} {}", c.label, q(v)))
        })
        .collect();
    if !breakdown.is_empty() {
        let _ = writeln!(
            out,
            "  {}",
            wrap(
                &format!(
                    "Project emissions by source, period totals: {}",
                    breakdown.join("; ")
                ),
                90,
                2
            )
        );
    }
}

fn series(out: &mut String, e: &Estimate) {
    for s in e.outcome.series.iter().filter(|s| s.axis == Axis::Month) {
        let _ = writeln!(out, "\n{} ({})", s.label, s.unit);
        for half in s.values.chunks(6).enumerate() {
            let mut line = String::from(" ");
            for (m, v) in half.1.iter().enumerate() {
                let _ = write!(
                    line,
                    " {} {:>8}",
                    MONTHS[half.0 * 6 + m],
                    format_readable(*v, 3)
                );
            }
            let _ = writeln!(out, "{line}");
        }
    }
}

fn uncertainty(out: &mut String, u: &crate::scenario::monte_carlo::UncertaintyResult) {
    let _ = writeln!(
        out,
        "\nUncertainty ({} draws, seed {})",
        format_readable(u.draws as f64, 6),
        u.seed
    );
    let name_w = u
        .outputs
        .iter()
        .map(|o| o.name.chars().count())
        .max()
        .unwrap_or(0)
        .min(48);
    let _ = writeln!(
        out,
        "  {:<name_w$} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10}  unit",
        "", "estimate", "mean", "P5", "P10", "P50", "P90", "P95"
    );
    // Outputs that are zero in every draw (a model without leakage) say nothing.
    for o in u.outputs.iter().filter(|o| o.min != 0.0 || o.max != 0.0) {
        let n = |v: f64| format_readable(v, SIG);
        let name: String = o.name.chars().take(name_w).collect();
        let _ = writeln!(
            out,
            "  {:<name_w$} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10}  {}",
            name,
            n(o.deterministic),
            n(o.mean),
            n(o.p5),
            n(o.p10),
            n(o.p50),
            n(o.p90),
            n(o.p95),
            o.unit
        );
    }
    if let Some(main) = u.outputs.first() {
        let drivers: Vec<String> = main
            .sensitivity
            .iter()
            .take(5)
            .map(|s| format!("{} (ρ {:+.2})", s.name, s.rho))
            .collect();
        let _ = writeln!(
            out,
            "  {}",
            wrap(
                &format!(
                    "What drives the spread of {}: {}",
                    main.name.to_lowercase(),
                    drivers.join(", ")
                ),
                90,
                2
            )
        );
    }
    for n in &u.notes {
        let _ = writeln!(out, "  - {}", wrap(n, 98, 4));
    }
}

fn inputs(out: &mut String, e: &Estimate) {
    let _ = writeln!(
        out,
        "\nInputs (project, request and derived values; the rest are model defaults)"
    );
    let mut defaults = 0;
    for i in &e.inputs {
        let Some(v) = &i.value else { continue };
        let origin = match i.origin {
            Origin::ModelDefault => {
                defaults += 1;
                continue;
            }
            Origin::Project => "project",
            Origin::Override => "your value",
            Origin::Derived => "derived",
        };
        let value = match v {
            crate::catalog::Value::Quantity(a) => a.shown.readable(SIG),
            crate::catalog::Value::Date(d) => date(&d.to_string()),
            // Choices are identifiers; a reader sees words.
            other => other.to_string().replace('_', " "),
        };
        let cites = if i.sources.is_empty() {
            String::new()
        } else {
            format!(" [{}]", i.sources.join(", "))
        };
        let why = i
            .derivation
            .as_deref()
            .or(i.assumption.as_deref())
            .map(|w| format!(": {w}"))
            .unwrap_or_default();
        let line = format!("{} = {value} ({origin}{cites}){why}", i.name);
        let _ = writeln!(out, "  {}", wrap(&line, 100, 4));
    }
    if defaults > 0 {
        let _ = writeln!(
            out,
            "  … and {defaults} parameters at the model's defaults (`tanso models {}` lists them with sources)",
            e.model.id
        );
    }
}
