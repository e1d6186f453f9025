//! Plain text about the catalog, for a person: `tanso models [ID]` and `tanso projects [ID]`.
//!
//! Every number is shown in the unit its author wrote, rounded for reading
//! ([`format_readable`]); nothing here prints SI base values or JSON.

use std::fmt::Write as _;

use crate::catalog::{
    Amount, Catalog, Confidence, ModelSpec, ParamKind, ParameterSpec, Provenance, SCENARIO_OPTIONS,
    ScenarioDefault, Seed, SeedParameter, Source, Uncertainty, UncertaintySpec, Value,
};
use crate::units::ghg::GwpSetId;
use crate::units::{Dimension, format_readable};

/// Line width the text is wrapped to.
const WIDTH: usize = 90;
/// Significant figures for catalog values: enough never to round what an author wrote.
const SIG: usize = 6;
/// Indent of a labelled field's text (two spaces, a 12-column label, a space).
const FIELD: usize = 15;

/// `tanso models` (every model, one line each) or `tanso models ID` (one model in full).
pub fn models_text(catalog: &Catalog, id: Option<&str>) -> Result<String, String> {
    match id {
        None => Ok(model_list(catalog)),
        Some(id) => match catalog.model(id) {
            Some(m) => Ok(model_detail(catalog, m)),
            None => Err(unknown("model", id, catalog)),
        },
    }
}

/// `tanso projects` (every documented project, by model) or `tanso projects ID` (one in full).
pub fn projects_text(catalog: &Catalog, id: Option<&str>) -> Result<String, String> {
    match id {
        None => Ok(project_list(catalog)),
        Some(id) => match catalog.seed(id) {
            Some(s) => Ok(project_detail(catalog, s)),
            None => Err(unknown("project", id, catalog)),
        },
    }
}

/// The error for an id that is not in the catalog, listing the known ones.
fn unknown(what: &str, id: &str, catalog: &Catalog) -> String {
    let models: Vec<&str> = catalog.models.iter().map(|m| m.id.as_str()).collect();
    let projects: Vec<&str> = catalog.seeds.iter().map(|s| s.id.as_str()).collect();
    let (known, other, other_what) = if what == "model" {
        (&models, &projects, "project")
    } else {
        (&projects, &models, "model")
    };
    let mut msg = format!(
        "unknown {what} \"{id}\"; known {what}s: {}",
        if known.is_empty() {
            "(none)".to_string()
        } else {
            known.join(", ")
        }
    );
    if other.contains(&id) {
        let _ = write!(
            msg,
            " (\"{id}\" is a {other_what}: try `tanso {other_what}s {id}`)"
        );
    }
    msg
}

// ---- Models ------------------------------------------------------------------------------

fn model_list(catalog: &Catalog) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}:", count(catalog.models.len(), "model"));
    let w = catalog
        .models
        .iter()
        .map(|m| m.id.chars().count())
        .max()
        .unwrap_or(0);
    for m in &catalog.models {
        let _ = writeln!(
            out,
            "  {:<w$}  {:>14}  {}",
            m.id,
            count(m.parameters.len(), "parameter"),
            m.name
        );
    }
    let example = catalog.models.first().map_or("ID", |m| m.id.as_str());
    out.push('\n');
    out.push_str(&wrap(
        &format!(
            "Run `tanso models ID` for a model's description, parameters and sources, e.g. \
             `tanso models {example}`."
        ),
        "",
        "",
    ));
    out
}

fn model_detail(catalog: &Catalog, m: &ModelSpec) -> String {
    let mut out = String::new();
    let mut cited = Cited::default();
    out.push_str(&wrap(&format!("{}: {}", m.id, m.name), "", "  "));
    let projects: Vec<&str> = catalog
        .seeds
        .iter()
        .filter(|s| s.model == m.id)
        .map(|s| s.id.as_str())
        .collect();
    let mut facts = vec![
        format!(
            "version {}",
            crate::models::registry::model(&m.id).map_or("?", |x| x.version())
        ),
        count(m.parameters.len(), "parameter"),
    ];
    if !projects.is_empty() {
        facts.push(format!("documented projects: {}", projects.join(", ")));
    }
    out.push_str(&wrap(&facts.join(" · "), "", "  "));
    if let Some(model) = crate::models::registry::model(&m.id) {
        let n = model.needs();
        let needs: Vec<&str> = [
            (n.grid_factor, "a grid emission factor (--grid-factor)"),
            (n.location, "the project's location"),
            (
                n.weather,
                "hourly weather (--weather) or the project's monthly climate",
            ),
        ]
        .into_iter()
        .filter_map(|(yes, what)| yes.then_some(what))
        .collect();
        if !needs.is_empty() {
            out.push_str(&wrap(&format!("needs {}", needs.join(", ")), "", "  "));
        }
    }
    out.push('\n');
    out.push_str(&wrap(&m.description, "", ""));

    if !m.references.is_empty() {
        out.push_str("\nReferences\n");
        for id in &m.references {
            cited.add(id);
            let title = catalog.sources.get(id).map_or("", |s| s.title.as_str());
            out.push_str(&wrap(&format!("{id}: {title}"), "  ", "      "));
        }
    }

    out.push_str("\nParameters\n");
    out.push_str("  Override one with `tanso estimate PROJECT --set KEY=VALUE`.\n");
    for p in &m.parameters {
        out.push('\n');
        parameter_block(&mut out, p, &mut cited);
    }
    sources_section(&mut out, catalog, &cited);
    out
}

fn parameter_block(out: &mut String, p: &ParameterSpec, cited: &mut Cited) {
    out.push_str(&wrap(&format!("{} — {}", p.key, p.name), "", "  "));
    out.push_str(&wrap(&p.description, "  ", "  "));
    field(out, "kind", &kind_text(&p.kind));
    match (&p.default, &p.derived) {
        (Some(v), _) => field(out, "default", &value_text(v)),
        (None, Some(how)) => field(out, "default", &format!("derived: {how}")),
        (None, None) => {}
    }
    if let Some(r) = range_text(p.min.as_ref(), p.max.as_ref()) {
        field(out, "range", &r);
    }
    if let Some(u) = &p.uncertainty {
        uncertainty_field(out, u, p.default.as_ref(), cited);
    }
    provenance_fields(out, &p.provenance, cited);
}

/// What kind of value a parameter takes: "a power, in kW", "one of: perez, isotropic".
fn kind_text(kind: &ParamKind) -> String {
    match kind {
        ParamKind::Quantity {
            dimension: Dimension::Ratio,
        } => "a ratio, in % or as a fraction".into(),
        ParamKind::Quantity { dimension } => {
            let unit = dimension.display_unit().symbol;
            if unit.is_empty() {
                dimension.phrase().to_string()
            } else {
                format!("{}, in {unit}", dimension.phrase())
            }
        }
        ParamKind::Choice { choices } => format!("one of: {}", choices.join(", ")),
        ParamKind::Year => "a year".into(),
        ParamKind::Date => "a date (YYYY-MM-DD)".into(),
    }
}

/// A value as a person reads it: `2,889 MWh`, `perez`, `2030`, `2025-08-01`.
fn value_text(v: &Value) -> String {
    match v {
        Value::Quantity(a) => amount_text(a),
        Value::Choice(c) => c.clone(),
        Value::Year(y) => y.to_string(),
        Value::Date(d) => d.to_string(),
    }
}

fn amount_text(a: &Amount) -> String {
    a.shown.readable(SIG)
}

/// `0–100 %` for two values in one unit, `0.05 kW – 500 MW` otherwise; " to " when a negative
/// sign would make a dash ambiguous.
fn span(lo: &Value, hi: &Value) -> String {
    if let (Value::Quantity(a), Value::Quantity(b)) = (lo, hi)
        && a.shown.unit == b.shown.unit
    {
        let (x, y) = (
            format_readable(a.shown.value, SIG),
            format_readable(b.shown.value, SIG),
        );
        let sep = if x.starts_with('-') || y.starts_with('-') {
            " to "
        } else {
            "–"
        };
        return if a.shown.unit.is_empty() {
            format!("{x}{sep}{y}")
        } else {
            format!("{x}{sep}{y} {}", a.shown.unit)
        };
    }
    format!("{} to {}", value_text(lo), value_text(hi))
}

fn range_text(min: Option<&Value>, max: Option<&Value>) -> Option<String> {
    match (min, max) {
        (Some(lo), Some(hi)) => Some(span(lo, hi)),
        (Some(lo), None) => Some(format!("at least {}", value_text(lo))),
        (None, Some(hi)) => Some(format!("at most {}", value_text(hi))),
        (None, None) => None,
    }
}

/// A percentage of a fraction: 0.05 -> "5 %".
fn percent(fraction: f64) -> String {
    format!("{} %", format_readable(fraction * 100.0, 3))
}

/// The distribution in words: "normal, sd 5 % of the value", "triangular 0.17–0.7 1/yr,
/// mode 0.4 1/yr". `center` is the value in use (the default a spread is centred on).
fn distribution_text(u: &Uncertainty, center: Option<&Value>) -> String {
    fn differs<'a>(v: &'a Option<Value>, center: Option<&Value>) -> Option<&'a Value> {
        v.as_ref().filter(|v| Some(*v) != center)
    }
    let mut text = match &u.spec {
        UncertaintySpec::Normal {
            mean,
            sd,
            relative_sd,
        } => {
            let around = differs(mean, center)
                .map(|m| format!(" around {}", value_text(m)))
                .unwrap_or_default();
            match (sd, relative_sd) {
                (Some(sd), _) => format!("normal{around}, sd {}", value_text(sd)),
                (None, Some(r)) => format!("normal{around}, sd {} of the value", percent(*r)),
                (None, None) => format!("normal{around}"),
            }
        }
        UncertaintySpec::Lognormal { gm, gsd } => {
            let around = differs(gm, center).map_or("the value".to_string(), value_text);
            format!(
                "lognormal around {around}, geometric sd {} (95 % between ÷{f} and ×{f})",
                format_readable(*gsd, 3),
                f = format_readable(gsd.powf(1.96), 2)
            )
        }
        UncertaintySpec::Triangular { min, mode, max } => {
            format!("triangular {}, mode {}", span(min, max), value_text(mode))
        }
        UncertaintySpec::Pert { min, mode, max } => {
            format!("PERT {}, mode {}", span(min, max), value_text(mode))
        }
        UncertaintySpec::Uniform { min, max } => format!("uniform {}", span(min, max)),
        UncertaintySpec::Discrete { values, weights } => {
            let total: f64 = weights.iter().sum();
            let items: Vec<String> = values
                .iter()
                .zip(weights)
                .map(|(v, w)| format!("{} ({})", value_text(v), percent(w / total)))
                .collect();
            format!("discrete: {}", items.join(", "))
        }
    };
    match (&u.lower, &u.upper) {
        (Some(lo), Some(hi)) => {
            let _ = write!(text, ", kept within {}", span(lo, hi));
        }
        (Some(lo), None) => {
            let _ = write!(text, ", not below {}", value_text(lo));
        }
        (None, Some(hi)) => {
            let _ = write!(text, ", not above {}", value_text(hi));
        }
        (None, None) => {}
    }
    text
}

fn uncertainty_field(out: &mut String, u: &Uncertainty, center: Option<&Value>, cited: &mut Cited) {
    field(out, "uncertainty", &distribution_text(u, center));
    let pad = " ".repeat(FIELD);
    if !u.provenance.sources.is_empty() {
        cited.add_all(&u.provenance.sources);
        out.push_str(&wrap(
            &format!("from {}", u.provenance.sources.join(", ")),
            &pad,
            &pad,
        ));
    }
    if let Some(a) = &u.provenance.assumption {
        out.push_str(&wrap(&format!("assumption: {a}"), &pad, &pad));
    }
    if let Some(n) = &u.note {
        out.push_str(&wrap(n, &pad, &pad));
    }
}

fn provenance_fields(out: &mut String, p: &Provenance, cited: &mut Cited) {
    if !p.sources.is_empty() {
        cited.add_all(&p.sources);
        field(
            out,
            if p.sources.len() == 1 {
                "source"
            } else {
                "sources"
            },
            &p.sources.join(", "),
        );
    }
    if let Some(a) = &p.assumption {
        field(out, "assumption", a);
    }
}

// ---- Projects ----------------------------------------------------------------------------

fn project_list(catalog: &Catalog) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}:", count(catalog.seeds.len(), "documented project"));
    let w = catalog
        .seeds
        .iter()
        .map(|s| s.id.chars().count())
        .max()
        .unwrap_or(0);
    let pad = " ".repeat(w + 4);
    // Models in catalog order, then any seed whose model is not in the catalog (none once the
    // catalog has loaded, but the text should not hide a project).
    let mut models: Vec<&str> = catalog.models.iter().map(|m| m.id.as_str()).collect();
    for s in &catalog.seeds {
        if !models.contains(&s.model.as_str()) {
            models.push(&s.model);
        }
    }
    for model in models {
        let seeds: Vec<&Seed> = catalog.seeds.iter().filter(|s| s.model == model).collect();
        if seeds.is_empty() {
            continue;
        }
        let name = catalog.model(model).map_or("", |m| m.name.as_str());
        out.push('\n');
        out.push_str(&wrap(&format!("Model {model}: {name}"), "", "  "));
        for s in seeds {
            out.push_str(&wrap(&s.name, &format!("  {:<w$}  ", s.id), &pad));
            // The coordinates stay together, on the place's line when they fit.
            let place = format!("{} ({})", s.location.place, s.location.country);
            let both = format!("{place}, {}", coordinates(s));
            if pad.len() + both.chars().count() <= WIDTH {
                out.push_str(&format!("{pad}{both}\n"));
            } else {
                out.push_str(&wrap(&format!("{place},"), &pad, &pad));
                out.push_str(&format!("{pad}{}\n", coordinates(s)));
            }
            if let Some(line) = first_sentence(&s.summary, WIDTH - pad.len()) {
                out.push_str(&pad);
                out.push_str(&line);
                out.push('\n');
            }
        }
    }
    let example = catalog.seeds.first().map_or("ID", |s| s.id.as_str());
    out.push('\n');
    out.push_str(&wrap(
        &format!(
            "Run `tanso projects ID` for a project's facts, values and sources, e.g. \
             `tanso projects {example}`; `tanso estimate ID` estimates it."
        ),
        "",
        "",
    ));
    out
}

fn coordinates(s: &Seed) -> String {
    let lat = s.location.latitude.si.to_degrees();
    let lon = s.location.longitude.si.to_degrees();
    format!(
        "{}° {}, {}° {}",
        format_readable(lat.abs(), SIG),
        if lat < 0.0 { 'S' } else { 'N' },
        format_readable(lon.abs(), SIG),
        if lon < 0.0 { 'W' } else { 'E' }
    )
}

/// The first sentence of `text`, cut at a word boundary (with "…") to fit `width` columns.
fn first_sentence(text: &str, width: usize) -> Option<String> {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return None;
    }
    let sentence = match text.find(". ") {
        Some(i) => &text[..=i],
        None => text.as_str(),
    };
    if sentence.chars().count() <= width {
        return Some(sentence.to_string());
    }
    let mut line = String::new();
    for word in sentence.split(' ') {
        // The word, a space before it, and " …" after the line must fit.
        if line.chars().count() + 1 + word.chars().count() + 2 > width {
            break;
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    let line = line.trim_end_matches([',', ';', ':']);
    Some(format!("{line} …"))
}

fn project_detail(catalog: &Catalog, s: &Seed) -> String {
    let mut out = String::new();
    let mut cited = Cited::default();
    let model = catalog.model(&s.model);
    out.push_str(&wrap(&format!("{}: {}", s.id, s.name), "", "  "));
    let _ = writeln!(out, "model {m} (`tanso models {m}`)", m = s.model);
    let _ = writeln!(out, "estimate it with `tanso estimate {}`", s.id);
    out.push('\n');
    out.push_str(&wrap(&s.summary, "", ""));

    // Location.
    let l = &s.location;
    out.push_str("\nLocation\n");
    field(&mut out, "place", &format!("{} ({})", l.place, l.country));
    field(&mut out, "coordinates", &coordinates(s));
    if let Some(e) = &l.elevation {
        field(&mut out, "elevation", &amount_text(e));
    }
    if let Some(u) = &l.utc_offset {
        let text = amount_text(u);
        let sign = if text.starts_with('-') { "" } else { "+" };
        field(&mut out, "time zone", &format!("UTC{sign}{text}"));
    }
    field(&mut out, "grid", &l.grid);
    provenance_fields(&mut out, &l.provenance, &mut cited);

    // Climate.
    if let Some(c) = &s.climate {
        out.push_str("\nClimate (monthly normals)\n");
        if let Some(r) = amount_range(&c.ghi_daily) {
            field(
                &mut out,
                "irradiation",
                &format!("{r} a day (global horizontal)"),
            );
        }
        if let Some(r) = amount_range(&c.temp_mean) {
            field(&mut out, "temperature", &format!("{r} (monthly means)"));
        }
        if let (Some(lo), Some(hi)) = (amount_range(&c.temp_min), amount_range(&c.temp_max)) {
            field(
                &mut out,
                "daily range",
                &format!("minimum {lo}, maximum {hi}"),
            );
        }
        if let Some(r) = amount_range(&c.wind) {
            field(&mut out, "wind", &r);
        }
        provenance_fields(&mut out, &c.provenance, &mut cited);
    }

    // Facts.
    if !s.facts.is_empty() {
        out.push_str("\nFacts stated by the sources\n");
        for f in &s.facts {
            out.push_str(&wrap(&f.statement, "  - ", "    "));
            let mut detail = Vec::new();
            if let Some(v) = &f.value {
                detail.push(format!("value {}", amount_text(v)));
            }
            if let Some(d) = &f.date {
                detail.push(format!("date {d}"));
            }
            if !f.provenance.sources.is_empty() {
                cited.add_all(&f.provenance.sources);
                detail.push(format!("cited: {}", f.provenance.sources.join(", ")));
            }
            if !detail.is_empty() {
                out.push_str(&wrap(&detail.join(" · "), "    ", "    "));
            }
            if let Some(a) = &f.provenance.assumption {
                out.push_str(&wrap(&format!("assumption: {a}"), "    ", "    "));
            }
        }
    }

    // Parameter values.
    if !s.parameters.is_empty() {
        out.push_str("\nParameter values set by this project\n");
        out.push_str(&wrap(
            &format!(
                "The others keep the model's defaults (`tanso models {}`).",
                s.model
            ),
            "  ",
            "  ",
        ));
        // In the model's order, which groups related parameters.
        let mut params: Vec<&SeedParameter> = s.parameters.iter().collect();
        params
            .sort_by_key(|p| model.and_then(|m| m.parameters.iter().position(|q| q.key == p.key)));
        for p in params {
            let spec = model.and_then(|m| m.parameter(&p.key));
            out.push('\n');
            match spec {
                Some(spec) => out.push_str(&wrap(&format!("{} — {}", p.key, spec.name), "", "  ")),
                None => out.push_str(&wrap(&p.key, "", "  ")),
            }
            match (&p.value, spec.and_then(|s| s.derived.as_ref())) {
                (Some(v), _) => field(&mut out, "value", &value_text(v)),
                (None, Some(how)) => field(&mut out, "value", &format!("derived: {how}")),
                (None, None) => field(&mut out, "value", "the model's"),
            }
            provenance_fields(&mut out, &p.provenance, &mut cited);
            if let Some(u) = &p.uncertainty {
                let center = p.value.as_ref().or(spec.and_then(|s| s.default.as_ref()));
                uncertainty_field(&mut out, u, center, &mut cited);
            }
        }
    }

    // Scenario defaults.
    if !s.scenario.is_empty() {
        out.push_str("\nScenario defaults\n");
        out.push_str(&wrap(
            "Change them with --crediting-start, --crediting-end, --lifetime, --grid-factor \
             and --gwp.",
            "  ",
            "  ",
        ));
        let mut defaults: Vec<&ScenarioDefault> = s.scenario.iter().collect();
        defaults.sort_by_key(|d| SCENARIO_OPTIONS.iter().position(|o| *o == d.key));
        for d in defaults {
            let label = match d.key.as_str() {
                "crediting_start" => "credits from",
                "crediting_end" => "credits to",
                "grid_factor" => "grid factor",
                "gwp" => "GWP set",
                other => other,
            };
            let value = match d.key.as_str() {
                "grid_factor" => grid_series_text(catalog, &d.value, &mut cited),
                "gwp" => gwp_text(catalog, &d.value, &mut cited),
                "lifetime" => crate::units::read_any(&d.value)
                    .map(|r| {
                        crate::units::QuantityValue {
                            value: r.value,
                            unit: r.unit.symbol.to_string(),
                        }
                        .readable(SIG)
                    })
                    .unwrap_or_else(|_| d.value.clone()),
                _ => d.value.clone(),
            };
            field(&mut out, label, &value);
            let pad = " ".repeat(FIELD);
            if !d.provenance.sources.is_empty() {
                cited.add_all(&d.provenance.sources);
                out.push_str(&wrap(
                    &format!("cited: {}", d.provenance.sources.join(", ")),
                    &pad,
                    &pad,
                ));
            }
            if let Some(a) = &d.provenance.assumption {
                out.push_str(&wrap(&format!("assumption: {a}"), &pad, &pad));
            }
        }
    }

    if !s.caveats.is_empty() {
        out.push_str("\nCaveats\n");
        for c in &s.caveats {
            out.push_str(&wrap(c, "  - ", "    "));
        }
    }

    sources_section(&mut out, catalog, &cited);
    out
}

/// "low–high unit" over a list of amounts in one unit (the smallest and largest as written).
fn amount_range(values: &[Amount]) -> Option<String> {
    let lo = values.iter().min_by(|a, b| a.si.total_cmp(&b.si))?;
    let hi = values.iter().max_by(|a, b| a.si.total_cmp(&b.si))?;
    if lo.si == hi.si {
        Some(amount_text(lo))
    } else {
        Some(span(
            &Value::Quantity(lo.clone()),
            &Value::Quantity(hi.clone()),
        ))
    }
}

/// A grid-factor series id with what it is: kind, grid, years and values.
fn grid_series_text(catalog: &Catalog, id: &str, cited: &mut Cited) -> String {
    let series = catalog.grid_series(id);
    let (Some(first), Some(last)) = (series.first(), series.last()) else {
        return id.to_string();
    };
    for f in &series {
        cited.add_all(&f.provenance.sources);
    }
    let kind = serde_json::to_value(first.kind)
        .ok()
        .and_then(|v| v.as_str().map(|s| s.replace('_', " ")))
        .unwrap_or_default();
    let years = if first.year == last.year {
        format!("{} {}", first.year, amount_text(&first.value))
    } else {
        format!(
            "{} {} to {} {}",
            first.year,
            amount_text(&first.value),
            last.year,
            amount_text(&last.value)
        )
    };
    let mut sources: Vec<&str> = Vec::new();
    for f in &series {
        for s in &f.provenance.sources {
            if !sources.contains(&s.as_str()) {
                sources.push(s);
            }
        }
    }
    let from = if sources.is_empty() {
        String::new()
    } else {
        format!("; from {}", sources.join(", "))
    };
    format!(
        "{id}: {kind} factor of the {} {} grid ({}), {years}{from}",
        first.country, first.grid, first.basis
    )
}

/// A GWP set id with its name and values.
fn gwp_text(catalog: &Catalog, id: &str, cited: &mut Cited) -> String {
    let Some(entry) = GwpSetId::parse(id).and_then(|g| catalog.gwp_sets.iter().find(|e| e.id == g))
    else {
        return id.to_string();
    };
    cited.add_all(&entry.provenance.sources);
    format!(
        "{id}: {} (CH4 {}, N2O {})",
        entry.name,
        format_readable(entry.ch4, SIG),
        format_readable(entry.n2o, SIG)
    )
}

// ---- Shared pieces -----------------------------------------------------------------------

/// Source ids in the order they are first cited.
#[derive(Default)]
struct Cited(Vec<String>);

impl Cited {
    fn add(&mut self, id: &str) {
        if !self.0.iter().any(|s| s == id) {
            self.0.push(id.to_string());
        }
    }

    fn add_all(&mut self, ids: &[String]) {
        for id in ids {
            self.add(id);
        }
    }
}

fn sources_section(out: &mut String, catalog: &Catalog, cited: &Cited) {
    if cited.0.is_empty() {
        return;
    }
    out.push_str("\nSources\n");
    for id in &cited.0 {
        match catalog.sources.get(id) {
            Some(s) => source_entry(out, s),
            None => {
                let _ = writeln!(out, "  {id}: (not in the catalog)");
            }
        }
    }
}

fn source_entry(out: &mut String, s: &Source) {
    out.push_str(&wrap(&format!("{}: {}", s.id, s.title), "  ", "      "));
    let mut line = s.publisher.clone();
    if let Some(y) = s.year {
        let _ = write!(line, ", {y}");
    }
    let _ = write!(line, " · {}", confidence_text(s.confidence));
    if let Some(l) = &s.licence {
        let _ = write!(line, " · licence {l}");
    }
    out.push_str(&wrap(&line, "      ", "      "));
    if let Some(u) = &s.url {
        out.push_str(&wrap(u, "      ", "      "));
    }
    if let Some(d) = &s.document {
        out.push_str(&wrap(d, "      ", "      "));
    }
}

fn confidence_text(c: Confidence) -> &'static str {
    match c {
        Confidence::Verified => "confidence: verified",
        Confidence::Secondary => "confidence: secondary source",
        Confidence::Unconfirmed => "confidence: unconfirmed",
        Confidence::Derived => "confidence: derived",
        Confidence::Assumption => "confidence: assumption",
    }
}

/// "1 model", "34 parameters".
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// A labelled line: two spaces, the label padded to 12 columns, the text wrapped under itself.
fn field(out: &mut String, label: &str, text: &str) {
    let first = format!("  {label:<12} ");
    let rest = " ".repeat(FIELD.max(first.chars().count()));
    out.push_str(&wrap(text, &first, &rest));
}

/// Wraps `text` (whitespace normalised) to [`WIDTH`] columns; the first line starts with
/// `first`, the others with `rest`. A word longer than a line (a URL) gets a line of its own.
fn wrap(text: &str, first: &str, rest: &str) -> String {
    let mut out = String::new();
    let mut line = first.to_string();
    let mut empty = true;
    for word in text.split_whitespace() {
        let len = line.chars().count();
        if !empty && len + 1 + word.chars().count() > WIDTH {
            out.push_str(&line);
            out.push('\n');
            line = rest.to_string();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(line.trim_end());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        Catalog::embedded().expect("the embedded catalog loads")
    }

    /// No SI base values or JSON leak into the text.
    fn assert_readable(text: &str) {
        assert!(!text.contains('{'), "JSON-like text:\n{text}");
        let scientific = text.split_whitespace().any(|t| {
            let t = t.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '.');
            t.contains('e') && t.parse::<f64>().is_ok()
        });
        assert!(!scientific, "scientific notation:\n{text}");
        for line in text.lines() {
            assert!(
                line.chars().count() <= WIDTH || !line.contains(' ') || line.contains("http"),
                "line longer than {WIDTH} columns: {line}"
            );
        }
    }

    #[test]
    fn model_list_has_one_line_per_model_and_a_hint() {
        let c = catalog();
        let text = models_text(&c, None).unwrap();
        for m in &c.models {
            let line = text
                .lines()
                .find(|l| l.trim_start().starts_with(&format!("{} ", m.id)))
                .unwrap_or_else(|| panic!("{} missing:\n{text}", m.id));
            assert!(
                line.contains(&format!("{} parameters", m.parameters.len())),
                "{line}"
            );
            assert!(line.contains(&m.name), "{line}");
        }
        assert!(text.contains("tanso models ID"));
    }

    #[test]
    fn model_detail_shows_parameters_in_words() {
        let c = catalog();
        let text = models_text(&c, Some("solar-pv")).unwrap();
        assert_readable(&text);
        assert!(
            text.starts_with("solar-pv: Grid-connected solar PV"),
            "{text}"
        );
        assert!(text.contains("References\n  dobos-2014: "), "{text}");
        assert!(text.contains("capacity — DC nameplate capacity"), "{text}");
        assert!(text.contains("  kind         a power, in kW\n"), "{text}");
        assert!(
            text.contains("  kind         a ratio, in % or as a fraction\n"),
            "{text}"
        );
        assert!(text.contains("  default      1 MW\n"), "{text}");
        assert!(
            text.contains("  range        0.05 kW to 500 MW\n"),
            "{text}"
        );
        assert!(text.contains("  range        0–100 %\n"), "{text}");
        assert!(text.contains("  range        -180 to 360 deg\n"), "{text}");
        assert!(
            text.contains("one of: standard, premium, thin_film"),
            "{text}"
        );
        assert!(text.contains("normal, sd 5 % of the value"), "{text}");
        assert!(text.contains("normal, sd 2 %, not below 0 %"), "{text}");
        assert!(text.contains("  source       pvwatts-v8-api\n"), "{text}");
        // Every cited source is listed with its publisher and confidence.
        assert!(text.contains("\nSources\n"), "{text}");
        assert!(
            text.contains("  thevenard-pelland-2013: Estimating the uncertainty"),
            "{text}"
        );
        assert!(text.contains("confidence: verified"), "{text}");
        assert!(text.contains("confidence: secondary source"), "{text}");
    }

    #[test]
    fn derived_parameters_say_how() {
        let text = models_text(&catalog(), Some("composting")).unwrap();
        assert_readable(&text);
        assert!(
            text.contains(
                "  default      derived: From disposal_site (IPCC 2006 Table 3.1 / TOOL04)."
            ),
            "{text}"
        );
        assert!(text.contains("uniform 0.5–0.7"), "{text}");
        assert!(
            text.contains("lognormal around the value, geometric sd 2"),
            "{text}"
        );
        assert!(text.contains("  assumption   A placeholder"), "{text}");
    }

    #[test]
    fn project_list_groups_by_model() {
        let c = catalog();
        let text = projects_text(&c, None).unwrap();
        assert_readable(&text);
        let composting = text.find("Model composting:").expect("composting heading");
        let solar = text.find("Model solar-pv:").expect("solar heading");
        let badung = text.find("  badung-compost  ").expect("badung");
        let renca = text.find("  renca-solar  ").expect("renca");
        assert!(
            composting < badung && badung < solar && solar < renca,
            "{text}"
        );
        // Line wrapping depends on the longest project id; compare the words.
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains("(CL), 33.4° S, 70.73° W"), "{text}");
        assert!(
            flat.contains("Indonesia (ID), 8.57° S, 115.18° E "),
            "{text}"
        );
        assert!(
            flat.contains("Renca, a commune in the north-west of Santiago de Chile"),
            "{text}"
        );
        assert!(text.contains("tanso projects ID"));
    }

    #[test]
    fn project_detail_cites_everything() {
        let c = catalog();
        let text = projects_text(&c, Some("renca-solar")).unwrap();
        assert_readable(&text);
        assert!(
            text.starts_with("renca-solar: Renca factory-rooftop solar PV"),
            "{text}"
        );
        assert!(
            text.contains("  coordinates  33.4° S, 70.73° W\n"),
            "{text}"
        );
        assert!(text.contains("  elevation    476 m\n"), "{text}");
        assert!(text.contains("  time zone    UTC-4 h\n"), "{text}");
        assert!(
            text.contains("  - 2 MW of solar panels were installed on factory rooftops in Renca.\n    value 2 MW · cited: toyama-intl-brochure\n"),
            "{text}"
        );
        assert!(
            text.contains("tilt — Tilt\n  value        10 deg\n"),
            "{text}"
        );
        assert!(text.contains("triangular 3–20 deg, mode 10 deg"), "{text}");
        assert!(
            text.contains("discrete: 2 MW (70 %), 2.4 MW (30 %)"),
            "{text}"
        );
        assert!(text.contains("  credits from 2024-03-01\n"), "{text}");
        let start = text.find("credits from").unwrap();
        let end = text.find("credits to").unwrap();
        let lifetime = text.find("  lifetime ").unwrap();
        assert!(start < end && end < lifetime, "{text}");
        // Parameters in the model's order: capacity before tilt before albedo.
        let capacity = text.find("\ncapacity — ").unwrap();
        let tilt = text.find("\ntilt — ").unwrap();
        let albedo = text.find("\nalbedo — ").unwrap();
        assert!(capacity < tilt && tilt < albedo, "{text}");
        assert!(
            text.contains("  grid factor  cl-sen-ember-average: average factor of the CL SEN grid"),
            "{text}"
        );
        assert!(text.contains("2018 470.28 gCO2e/kWh to "), "{text}");
        assert!(text.contains("  GWP set      ar5: IPCC Fifth"), "{text}");
        assert!(text.contains("  lifetime     25 yr\n"), "{text}");
        assert!(
            text.contains("irradiation  1.93–8.23 kWh/m² a day"),
            "{text}"
        );
        // The grid series' own source is listed too.
        assert!(text.contains("  owid-energy: "), "{text}");
        assert!(text.contains("  iwec-santiago-monthly: "), "{text}");
    }

    #[test]
    fn project_detail_shows_derived_values_caveats_and_dates() {
        let text = projects_text(&catalog(), Some("badung-compost")).unwrap();
        assert_readable(&text);
        assert!(
            text.contains(
                "mcf — Methane correction factor (MCF)\n  value        derived: From disposal_site"
            ),
            "{text}"
        );
        assert!(text.contains("triangular 0.6–1, mode 0.8"), "{text}");
        assert!(
            text.contains("discrete: 2025-08-01 (60 %), 2025-12-23 (20 %), 2026-03-01 (20 %)"),
            "{text}"
        );
        assert!(
            text.contains("\nCaveats\n  - Suwung, the baseline site"),
            "{text}"
        );
        assert!(text.contains("  time zone    UTC+8 h\n"), "{text}");
        assert!(text.contains("value 50 t/d"), "{text}");
        assert!(text.contains("annual_precipitation — "), "{text}");
        assert!(text.contains("  value        1,732 mm/yr\n"), "{text}");
    }

    #[test]
    fn unknown_ids_list_the_known_ones() {
        let c = catalog();
        let e = models_text(&c, Some("wind")).unwrap_err();
        assert!(
            e.starts_with("unknown model \"wind\"; known models: "),
            "{e}"
        );
        assert!(e.contains("composting, ") && e.contains("solar-pv"), "{e}");
        let e = projects_text(&c, Some("nowhere")).unwrap_err();
        let mut projects: Vec<&str> = c.seeds.iter().map(|s| s.id.as_str()).collect();
        projects.sort_unstable();
        assert!(
            e.contains("known projects: ")
                && e.contains("badung-compost, ")
                && e.contains("renca-solar"),
            "{e}"
        );
        let e = models_text(&c, Some("renca-solar")).unwrap_err();
        assert!(e.contains("try `tanso projects renca-solar`"), "{e}");
    }

    #[test]
    fn wrapping_keeps_lines_short() {
        let text = "word ".repeat(60);
        let w = wrap(&text, "  ", "    ");
        assert!(w.lines().all(|l| l.chars().count() <= WIDTH));
        assert!(w.lines().skip(1).all(|l| l.starts_with("    word")));
        assert_eq!(first_sentence("One. Two.", 80).unwrap(), "One.");
        let cut = first_sentence(&"long words here ".repeat(10), 30).unwrap();
        assert!(cut.ends_with(" …") && cut.chars().count() <= 30, "{cut}");
    }
}
