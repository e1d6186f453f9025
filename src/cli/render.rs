//! Plain-text rendering of an estimate for the terminal.

use std::fmt::Write;

use crate::scenario::Estimate;
use crate::scenario::resolve::Origin;
use crate::scenario::result::ModelResults;
use crate::units::QuantityValue;

fn q(v: &QuantityValue) -> String {
    v.to_string()
}

/// A readable summary: results, per-year table, inputs with their origin, warnings, sources.
pub fn estimate_text(e: &Estimate) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", e.project.name);
    let _ = writeln!(
        out,
        "model {} {} · dataset {} · crediting {} to {} · GWP {}",
        e.model.id,
        e.model.version,
        e.dataset_version,
        e.options.crediting_period.start,
        e.options.crediting_period.end,
        e.options.gwp.id
    );
    if let Some(g) = &e.options.grid_factor {
        let kind = g
            .kind
            .map(|k| format!("{k:?}").to_lowercase())
            .unwrap_or_else(|| "given".into());
        let _ = writeln!(out, "grid factor: {} ({kind})", g.label);
    }
    if let Some(w) = &e.options.weather {
        let _ = writeln!(out, "weather: {w}");
    }
    out.push('\n');
    match &e.results {
        ModelResults::SolarPv(r) => {
            let f = &r.first_year;
            let _ = writeln!(out, "First year (typical weather)");
            for (label, v) in [
                ("AC energy", &f.ac_energy),
                ("DC energy", &f.dc_energy),
                ("GHI insolation", &f.ghi_insolation),
                ("POA insolation", &f.poa_insolation),
                ("Specific yield", &f.specific_yield),
                ("Capacity factor", &f.capacity_factor),
                ("Performance ratio", &f.performance_ratio),
            ] {
                let _ = writeln!(out, "  {label:<20} {}", q(v));
            }
            let _ = writeln!(out, "\nMonth  AC energy        POA insolation");
            for m in &r.monthly {
                let _ = writeln!(
                    out,
                    "  {:>2}   {:<16} {}",
                    m.month,
                    q(&m.ac_energy),
                    q(&m.poa_insolation)
                );
            }
            let _ = writeln!(
                out,
                "\nCrediting year             AC energy        grid factor              avoided"
            );
            for y in &r.crediting_years {
                let _ = writeln!(
                    out,
                    "  {:>2} {} to {}  {:<16} {:<24} {}",
                    y.year,
                    y.start,
                    y.end,
                    q(&y.ac_energy),
                    q(&y.grid_factor),
                    q(&y.avoided)
                );
            }
            let t = &r.crediting_total;
            let _ = writeln!(
                out,
                "  total over {}: {}, avoided {}",
                q(&t.years),
                q(&t.ac_energy),
                q(&t.avoided)
            );
            if let Some(t) = &r.lifetime_total {
                let _ = writeln!(
                    out,
                    "  plant life {}: {}, avoided {}",
                    q(&t.years),
                    q(&t.ac_energy),
                    q(&t.avoided)
                );
            }
        }
        ModelResults::Composting(r) => {
            let _ = writeln!(
                out,
                "Crediting year  waste treated    baseline         project          leakage          net reduction"
            );
            for y in &r.crediting_years {
                let project = y.project_composting_ch4.value
                    + y.project_composting_n2o.value
                    + y.project_electricity.value
                    + y.project_fuel.value
                    + y.project_transport.value;
                let _ = writeln!(
                    out,
                    "  {:>2}            {:<16} {:<16} {:<16} {:<16} {}",
                    y.year,
                    q(&y.waste_treated),
                    q(&y.baseline),
                    crate::units::format_significant(project, 6) + " " + &y.baseline.unit,
                    q(&y.leakage),
                    q(&y.net_reduction)
                );
            }
            let t = &r.totals;
            let _ = writeln!(out, "\nTotals over the crediting period");
            for (label, v) in [
                ("Waste treated", &t.waste_treated),
                ("Compost produced", &t.compost_produced),
                ("Baseline CH4", &t.baseline_ch4),
                ("Baseline", &t.baseline),
                ("Project emissions", &t.project),
                ("Leakage", &t.leakage),
                ("Net reduction", &t.net_reduction),
                ("Per tonne of waste", &t.reduction_per_tonne),
                ("Committed CH4", &t.committed_ch4),
                ("  of which after", &t.committed_ch4_after_period),
            ] {
                let _ = writeln!(out, "  {label:<20} {}", q(v));
            }
        }
    }
    if let Some(u) = &e.uncertainty {
        let _ = writeln!(
            out,
            "\nUncertainty\n{}",
            serde_json::to_string_pretty(u).unwrap_or_default()
        );
    }
    let _ = writeln!(out, "\nInputs");
    for i in &e.inputs {
        let Some(v) = &i.value else { continue };
        let origin = match i.origin {
            Origin::ModelDefault => "model default",
            Origin::Project => "project",
            Origin::Override => "override",
            Origin::Derived => "derived",
        };
        let why = i
            .derivation
            .as_deref()
            .or(i.assumption.as_deref().map(|_| "assumption"))
            .unwrap_or("");
        let cites = if i.sources.is_empty() {
            String::new()
        } else {
            format!(" [{}]", i.sources.join(", "))
        };
        let _ = writeln!(
            out,
            "  {:<26} {:<18} {origin}{cites} {why}",
            i.key,
            v.to_string()
        );
    }
    if !e.warnings.is_empty() {
        let _ = writeln!(out, "\nWarnings");
        for w in &e.warnings {
            let _ = writeln!(out, "  - {w}");
        }
    }
    let _ = writeln!(out, "\nSources");
    for s in &e.sources {
        let place = s.url.as_deref().or(s.document.as_deref()).unwrap_or("");
        let year = s.year.map(|y| format!(" ({y})")).unwrap_or_default();
        let _ = writeln!(
            out,
            "  [{}] {}, {}{year}. {place} [{:?}]",
            s.id, s.title, s.publisher, s.confidence
        );
    }
    out
}
