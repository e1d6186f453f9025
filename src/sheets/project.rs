//! The sheet of one estimate: header, headline, facts, method, yearly table, parameters,
//! uncertainty, charts, local equivalencies, caveats and references, in that order. Built
//! from the estimate's one outcome schema only, so every model gets the same sheet.

use super::charts::{self, Chart};
use super::document::{Block, Citations, Doc, Inline, Table, t};
use super::i18n::{Arg, Locale};
use super::{SavedRef, SheetOptions, confidence_text};
use crate::catalog::{Catalog, EquivalencyKind, Uncertainty, UncertaintySpec, Value};
use crate::models::outcome::{Axis, Role, keys};
use crate::scenario::Estimate;
use crate::scenario::monte_carlo::McOutputOut;
use crate::scenario::resolve::Origin;
use crate::scenario::result::LedgerView;

/// A central value and, when the estimate is uncertain, its 90 % interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    /// The median with draws, else the deterministic value.
    pub central: f64,
    pub p5: Option<f64>,
    pub p95: Option<f64>,
}

/// A headline figure of an estimate with its spread, in the figure's unit.
pub fn spread_of(e: &Estimate, key: &str) -> Option<(Spread, String)> {
    let f = e.outcome.headline.iter().find(|f| f.key == key)?;
    let mc = mc_output(e, key);
    Some(match mc {
        Some(o) if o.unit == f.value.unit => (
            Spread {
                central: o.p50,
                p5: Some(o.p5),
                p95: Some(o.p95),
            },
            o.unit.clone(),
        ),
        _ => (
            Spread {
                central: f.value.value,
                p5: None,
                p95: None,
            },
            f.value.unit.clone(),
        ),
    })
}

fn mc_output<'a>(e: &'a Estimate, key: &str) -> Option<&'a McOutputOut> {
    e.uncertainty
        .as_ref()?
        .outputs
        .iter()
        .find(|o| o.key == key)
}

/// `5,060 tCO2e (90 % interval 4,100–6,200)`.
pub fn spread_text(s: Spread, unit: &str, l: &Locale) -> String {
    let v = l.number_unit(s.central, unit);
    match (s.p5, s.p95) {
        (Some(a), Some(b)) => l.format(
            "value-with-interval",
            &[
                ("value", v.into()),
                ("interval", l.interval(a, b, unit).into()),
            ],
        ),
        _ => v,
    }
}

/// Length of the crediting period in years.
pub fn period_years(e: &Estimate) -> f64 {
    e.outcome.crediting.years.value
}

/// The header row naming a saved scenario: its id, its permanent link written out (so a
/// printed sheet still carries it) and the dataset version it was saved under, which may
/// differ from the one the figures below were computed under (`header-dataset`).
pub fn saved_fact(saved: &SavedRef, l: &Locale) -> (String, Vec<Inline>) {
    (
        l.text("header-saved"),
        vec![
            Inline::Strong(saved.id.clone()),
            t(" — "),
            Inline::Link(saved.link.clone(), saved.link.clone()),
            t(format!(
                " ({})",
                l.format(
                    "saved-under",
                    &[("version", saved.dataset_version.clone().into())]
                )
            )),
        ],
    )
}

/// The sheet of one estimate.
pub fn project_doc(catalog: &Catalog, e: &Estimate, l: &Locale, o: &SheetOptions) -> Doc {
    let mut cites = Citations::new(&catalog.sources);
    let mut blocks = Vec::new();
    let seed = e.project.id.as_deref().and_then(|id| catalog.seed(id));
    let prefix = o.id_prefix.as_str();

    // 1. Header.
    blocks.push(Block::Notice(l.text("label-estimate-not-certified")));
    let mut facts: Vec<(String, Vec<Inline>)> = Vec::new();
    if let Some(saved) = &o.saved {
        facts.push(saved_fact(saved, l));
    }
    if let Some(loc) = &e.project.location {
        let mut place = Vec::new();
        if let Some(p) = &loc.place {
            place.push(p.clone());
        }
        if let Some(cn) = &loc.country {
            let name = l.country(cn);
            if !place.iter().any(|p| p.contains(&name)) {
                place.push(name);
            }
        }
        let coords = charts::coordinates(loc.latitude.value, loc.longitude.value, l);
        let mut value = vec![t(format!("{} ({coords})", place.join(", ")))];
        if let Some(s) = seed {
            value.push(cites.cite(&s.location.provenance.sources));
        }
        facts.push((l.text("header-location"), value));
        blocks.push(Block::Aside(charts::locator(
            &format!("{prefix}locator"),
            loc.latitude.value,
            loc.longitude.value,
            l,
            loc.place.as_deref().unwrap_or(&e.project.name),
        )));
    }
    facts.push((
        l.text("header-model"),
        vec![t(format!(
            "{} ({} {})",
            l.label(&format!("model-{}", e.model.id), &e.model.name),
            e.model.id,
            e.model.version
        ))],
    ));
    facts.push((l.text("header-dataset"), vec![t(e.dataset_version.clone())]));
    facts.push((l.text("header-generated"), vec![t(l.date(&o.generated))]));
    let c = &e.options.crediting_period;
    facts.push((
        l.text("header-crediting"),
        vec![t(l.format(
            "period",
            &[
                ("start", l.date(&c.start.to_string()).into()),
                ("end", l.date(&c.end.to_string()).into()),
                ("years", l.number(period_years(e), 3).into()),
            ],
        ))],
    ));
    match &e.uncertainty {
        Some(u) => facts.push((
            l.text("header-monte-carlo"),
            vec![t(l.format(
                "monte-carlo-settings",
                &[
                    ("draws", Arg::Number(u.draws as f64)),
                    ("seed", u.seed.to_string().into()),
                ],
            ))],
        )),
        None => facts.push((
            l.text("header-monte-carlo"),
            vec![t(l.text("monte-carlo-none"))],
        )),
    }
    blocks.push(Block::Facts(facts));
    if let Some(s) = seed {
        blocks.push(Block::Para(vec![t(s.summary.clone())]));
    }

    // 2. Headline.
    blocks.push(Block::Heading(2, l.text("section-headline")));
    headline(&mut blocks, e, l);

    // 3. Project facts.
    if let Some(s) = seed
        && !s.facts.is_empty()
    {
        blocks.push(Block::Heading(2, l.text("section-facts")));
        let rows = s
            .facts
            .iter()
            .map(|f| {
                let value = match (&f.value, &f.date) {
                    (Some(a), _) => l.quantity(&a.shown),
                    (None, Some(d)) => l.date(&d.to_string()),
                    _ => String::new(),
                };
                vec![
                    vec![t(f.statement.clone())],
                    vec![t(value)],
                    vec![cites.cite(&f.provenance.sources)],
                ]
            })
            .collect();
        blocks.push(Block::Table(Table {
            caption: l.text("facts-caption"),
            head: vec![
                l.text("col-fact"),
                l.text("col-value"),
                l.text("col-sources"),
            ],
            rows,
            numeric: vec![false, true, false],
            total: None,
        }));
    }

    // 4. Method.
    blocks.push(Block::Heading(2, l.text("section-method")));
    method(&mut blocks, catalog, e, l, &mut cites);

    // 5. Yearly table.
    blocks.push(Block::Heading(2, l.text("section-yearly")));
    blocks.push(Block::Table(ledger_table(&e.outcome.crediting, l)));

    // 6. Parameters.
    blocks.push(Block::Heading(2, l.text("section-parameters")));
    parameters(&mut blocks, catalog, e, l, &mut cites);

    // 7. Uncertainty.
    blocks.push(Block::Heading(2, l.text("section-uncertainty")));
    uncertainty(&mut blocks, e, l, prefix);

    // 8. Model-specific charts.
    blocks.push(Block::Heading(2, l.text("section-charts")));
    for s in e.outcome.series.iter().filter(|s| s.axis == Axis::Month) {
        let label = l.label(&format!("series-{}", s.key), &s.label);
        blocks.push(Block::Chart(charts::monthly_bars(
            &format!("{prefix}series-{}", s.key),
            s,
            l,
            &label,
        )));
    }
    if let Some(ch) = charts::stacked_sources(&format!("{prefix}stacked"), &e.outcome.crediting, l)
    {
        blocks.push(Block::Chart(ch));
    }
    if let Some(ch) = charts::waterfall(&format!("{prefix}waterfall"), &e.outcome.crediting, l) {
        blocks.push(Block::Chart(ch));
    }

    // 9. Equivalencies.
    blocks.push(Block::Heading(2, l.text("section-equivalencies")));
    equivalencies(&mut blocks, catalog, e, l, &mut cites);

    // 10. Caveats and warnings.
    blocks.push(Block::Heading(2, l.text("section-caveats")));
    let mut items: Vec<Vec<Inline>> = e.warnings.iter().map(|w| vec![t(w.clone())]).collect();
    items.extend(e.outcome.notes.iter().map(|n| vec![t(n.clone())]));
    if let Some(u) = &e.uncertainty {
        items.extend(u.notes.iter().map(|n| vec![t(n.clone())]));
    }
    items.push(vec![t(l.text("caveat-estimate"))]);
    blocks.push(Block::List(items));

    Doc {
        lang: l.lang().to_string(),
        title: e.project.name.clone(),
        blocks,
        references: cites.references(|s| confidence_text(s, l)),
        references_title: l.text("section-references"),
    }
}

fn headline(blocks: &mut Vec<Block>, e: &Estimate, l: &Locale) {
    let years = period_years(e);
    let Some((total, unit)) = spread_of(e, keys::EMISSION_REDUCTIONS) else {
        return;
    };
    let per_year = Spread {
        central: total.central / years.max(1e-9),
        p5: total.p5.map(|v| v / years.max(1e-9)),
        p95: total.p95.map(|v| v / years.max(1e-9)),
    };
    let c = &e.options.crediting_period;
    let mut rows = vec![
        vec![
            vec![t(l.text("headline-er-period"))],
            vec![Inline::Strong(spread_text(total, &unit, l))],
        ],
        vec![
            vec![t(l.text("headline-er-year"))],
            vec![Inline::Strong(spread_text(per_year, &unit, l))],
        ],
    ];
    if let Some((first, u)) = spread_of(e, keys::FIRST_YEAR_EMISSION_REDUCTIONS) {
        rows.push(vec![
            vec![t(l.text("headline-er-first-year"))],
            vec![t(spread_text(first, &u, l))],
        ]);
    }
    for f in e
        .outcome
        .headline
        .iter()
        .filter(|f| f.role == Role::PhysicalOutput)
    {
        let (s, u) = spread_of(e, &f.key).expect("the figure exists");
        rows.push(vec![
            vec![t(l.label(&format!("figure-{}", f.key), &f.label))],
            vec![t(spread_text(s, &u, l))],
        ]);
    }
    let sentence_id = if total.p5.is_some() {
        "headline-sentence-uncertain"
    } else {
        "headline-sentence"
    };
    blocks.push(Block::Para(vec![t(l.format(
        sentence_id,
        &[
            ("start", l.date(&c.start.to_string()).into()),
            ("end", l.date(&c.end.to_string()).into()),
            ("total", l.number_unit(total.central, &unit).into()),
            ("per_year", l.number_unit(per_year.central, &unit).into()),
            (
                "low",
                l.number_unit(total.p5.unwrap_or(total.central), &unit)
                    .into(),
            ),
            (
                "high",
                l.number_unit(total.p95.unwrap_or(total.central), &unit)
                    .into(),
            ),
        ],
    ))]));
    blocks.push(Block::Table(Table {
        caption: l.text("headline-caption"),
        head: vec![l.text("col-figure"), l.text("col-value")],
        rows,
        numeric: vec![false, true],
        total: None,
    }));
}

fn method(
    blocks: &mut Vec<Block>,
    catalog: &Catalog,
    e: &Estimate,
    l: &Locale,
    cites: &mut Citations,
) {
    let mut items = Vec::new();
    let spec = catalog.model(&e.model.id);
    let mut formula = vec![t(l.text("method-formula"))];
    if let Some(spec) = spec {
        let first = spec
            .description
            .split_inclusive(". ")
            .next()
            .unwrap_or(&spec.description)
            .trim();
        formula.push(t(format!(" {first}")));
    }
    items.push(formula);
    if let Some(spec) = spec
        && !spec.references.is_empty()
    {
        let titles: Vec<String> = spec
            .references
            .iter()
            .filter_map(|id| catalog.sources.get(id))
            .map(|s| s.title.clone())
            .collect();
        items.push(vec![
            t(l.format(
                "method-methodologies",
                &[("list", titles.join("; ").into())],
            )),
            cites.cite(&spec.references),
        ]);
    }
    let g = &e.options.gwp;
    let gwp_sources = catalog
        .gwp_sets
        .iter()
        .find(|x| x.id == g.id)
        .map(|x| x.provenance.sources.clone())
        .unwrap_or_default();
    items.push(vec![
        t(l.format(
            "method-gwp",
            &[
                ("name", g.name.clone().into()),
                ("ch4", l.number(g.ch4, 3).into()),
                ("n2o", l.number(g.n2o, 3).into()),
            ],
        )),
        cites.cite(&gwp_sources),
    ]);
    if let Some(gf) = &e.options.grid_factor {
        let kind = gf
            .kind
            .map(|k| l.text(&format!("factor-kind-{}", serde_plain(&k))))
            .unwrap_or_else(|| l.text("factor-kind-request"));
        let values: Vec<String> = gf
            .points
            .iter()
            .map(|p| format!("{}: {}", p.year, l.quantity(&p.value)))
            .collect();
        let vintage = match (gf.points.first(), gf.points.last()) {
            (Some(a), Some(b)) if a.year != b.year => format!("{}–{}", a.year, b.year),
            (Some(a), _) => a.year.to_string(),
            _ => String::new(),
        };
        let mut item = vec![
            t(l.format(
                "method-grid",
                &[
                    ("label", gf.label.clone().into()),
                    ("kind", kind.into()),
                    ("vintage", vintage.into()),
                    ("values", values.join(", ").into()),
                ],
            )),
            cites.cite(&gf.provenance.sources),
        ];
        if let Some(b) = &gf.basis {
            item.push(t(format!(
                " {}",
                l.format("method-basis", &[("basis", b.clone().into())])
            )));
        }
        if let Some(n) = &gf.note {
            item.push(t(format!(" {n}")));
        }
        items.push(item);
    }
    blocks.push(Block::List(items));
}

/// `average` for `FactorKind::Average` (the serde name).
fn serde_plain<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
        .replace('_', "-")
}

/// The per-year table: period, physical outputs, BE, PE, LE, ER, and totals.
pub fn ledger_table(ledger: &LedgerView, l: &Locale) -> Table {
    let shown: Vec<usize> = ledger
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            (c.role == Role::PhysicalOutput && c.additive)
                || matches!(
                    c.key.as_str(),
                    "baseline" | "project" | "leakage" | "emission_reductions"
                )
        })
        .map(|(i, _)| i)
        .collect();
    let mut head = vec![l.text("col-year"), l.text("col-period")];
    head.extend(shown.iter().map(|&i| {
        let c = &ledger.columns[i];
        let name = l.label(&format!("column-{}", c.key), &c.label);
        format!("{name} ({})", c.unit)
    }));
    let rows = ledger
        .rows
        .iter()
        .map(|r| {
            let mut row = vec![
                vec![t(r.year.to_string())],
                vec![t(format!("{} – {}", l.date(&r.start), l.date(&r.end)))],
            ];
            row.extend(shown.iter().map(|&i| {
                let v = r.values.get(&ledger.columns[i].key).map(|q| q.value);
                vec![t(v.map(|v| l.number(v, 4)).unwrap_or_default())]
            }));
            row
        })
        .collect();
    let mut total = vec![
        l.text("row-total"),
        l.number(ledger.years.value, 3) + " " + &l.text("unit-years"),
    ];
    total.extend(shown.iter().map(|&i| {
        ledger
            .totals
            .get(&ledger.columns[i].key)
            .map(|q| l.number(q.value, 4))
            .unwrap_or_default()
    }));
    let mut numeric = vec![true, false];
    numeric.extend(shown.iter().map(|_| true));
    Table {
        caption: l.text("yearly-caption"),
        head,
        rows,
        numeric,
        total: Some(total),
    }
}

fn origin_text(o: Origin, l: &Locale) -> String {
    l.text(match o {
        Origin::ModelDefault => "origin-default",
        Origin::Project => "origin-project",
        Origin::Override => "origin-override",
        Origin::Derived => "origin-derived",
    })
}

/// A value as a person reads it, in the locale.
fn value_text(v: &Value, l: &Locale) -> String {
    match v {
        Value::Quantity(a) => l.quantity(&a.shown),
        Value::Choice(c) => c.replace('_', " "),
        Value::Year(y) => y.to_string(),
        Value::Date(d) => l.date(&d.to_string()),
    }
}

/// A distribution in words, in the locale.
fn distribution_text(u: &Uncertainty, l: &Locale) -> String {
    let v = |x: &Value| value_text(x, l);
    let pct = |f: f64| format!("{} %", l.number(f * 100.0, 3));
    match &u.spec {
        UncertaintySpec::Normal {
            sd, relative_sd, ..
        } => match (sd, relative_sd) {
            (Some(sd), _) => l.format("dist-normal", &[("sd", v(sd).into())]),
            (None, Some(r)) => l.format("dist-normal", &[("sd", pct(*r).into())]),
            _ => l.text("dist-normal-plain"),
        },
        UncertaintySpec::Lognormal { gsd, .. } => {
            l.format("dist-lognormal", &[("gsd", l.number(*gsd, 3).into())])
        }
        UncertaintySpec::Triangular { min, mode, max } => l.format(
            "dist-triangular",
            &[
                ("min", v(min).into()),
                ("mode", v(mode).into()),
                ("max", v(max).into()),
            ],
        ),
        UncertaintySpec::Pert { min, mode, max } => l.format(
            "dist-pert",
            &[
                ("min", v(min).into()),
                ("mode", v(mode).into()),
                ("max", v(max).into()),
            ],
        ),
        UncertaintySpec::Uniform { min, max } => l.format(
            "dist-uniform",
            &[("min", v(min).into()), ("max", v(max).into())],
        ),
        UncertaintySpec::Discrete { values, weights } => {
            let total: f64 = weights.iter().sum();
            let items: Vec<String> = values
                .iter()
                .zip(weights)
                .map(|(x, w)| format!("{} ({})", v(x), pct(w / total)))
                .collect();
            l.format("dist-discrete", &[("items", items.join(", ").into())])
        }
    }
}

fn parameters(
    blocks: &mut Vec<Block>,
    catalog: &Catalog,
    e: &Estimate,
    l: &Locale,
    cites: &mut Citations,
) {
    let spec = catalog.model(&e.model.id);
    let mut rows = Vec::new();
    let mut assumptions = Vec::new();
    for i in e.inputs.iter().filter(|i| i.value.is_some()) {
        let name = spec
            .and_then(|s| s.parameter(&i.key))
            .map(|p| p.name.clone())
            .unwrap_or_else(|| i.name.clone());
        let name = l.label(&format!("param-{}-{}", e.model.id, i.key), &name);
        let mut sources = i.sources.clone();
        if let Some(u) = &i.uncertainty {
            sources.extend(u.provenance.sources.iter().cloned());
        }
        let dist = i
            .uncertainty
            .as_ref()
            .map(|u| distribution_text(u, l))
            .unwrap_or_else(|| l.text("dist-none"));
        rows.push(vec![
            vec![t(name.clone())],
            vec![t(i
                .value
                .as_ref()
                .map(|v| value_text(v, l))
                .unwrap_or_default())],
            vec![t(origin_text(i.origin, l))],
            vec![t(dist)],
            vec![cites.cite(&sources)],
        ]);
        if let Some(a) = &i.assumption {
            assumptions.push(vec![Inline::Strong(name.clone()), t(format!(": {a}"))]);
        } else if let Some(d) = &i.derivation {
            assumptions.push(vec![Inline::Strong(name.clone()), t(format!(": {d}"))]);
        }
    }
    blocks.push(Block::Table(Table {
        caption: l.text("parameters-caption"),
        head: vec![
            l.text("col-parameter"),
            l.text("col-value"),
            l.text("col-origin"),
            l.text("col-distribution"),
            l.text("col-sources"),
        ],
        rows,
        numeric: vec![false, true, false, false, false],
        total: None,
    }));
    if !assumptions.is_empty() {
        blocks.push(Block::Heading(3, l.text("section-assumptions")));
        blocks.push(Block::List(assumptions));
    }
}

fn uncertainty(blocks: &mut Vec<Block>, e: &Estimate, l: &Locale, prefix: &str) {
    let Some(u) = &e.uncertainty else {
        blocks.push(Block::Para(vec![t(l.text("uncertainty-none"))]));
        return;
    };
    blocks.push(Block::Para(vec![t(l.format(
        "uncertainty-intro",
        &[
            ("draws", Arg::Number(u.draws as f64)),
            ("seed", u.seed.to_string().into()),
        ],
    ))]));
    let rows = u
        .outputs
        .iter()
        .filter(|o| o.sd > 0.0 || o.deterministic != 0.0)
        .map(|o| {
            let name = l.label(&format!("figure-{}", o.key), &o.name);
            vec![
                vec![t(name)],
                vec![t(l.number(o.deterministic, 3))],
                vec![t(l.number(o.p5, 3))],
                vec![t(l.number(o.p50, 3))],
                vec![t(l.number(o.p95, 3))],
                vec![t(o.unit.clone())],
            ]
        })
        .collect();
    blocks.push(Block::Table(Table {
        caption: l.text("uncertainty-caption"),
        head: vec![
            l.text("col-figure"),
            l.text("col-deterministic"),
            "P5".into(),
            "P50".into(),
            "P95".into(),
            l.text("col-unit"),
        ],
        rows,
        numeric: vec![false, true, true, true, true, false],
        total: None,
    }));
    if let Some(o) = u
        .outputs
        .iter()
        .find(|o| o.key == keys::EMISSION_REDUCTIONS)
    {
        let name = l.label("figure-emission_reductions", &o.name);
        blocks.push(Block::Chart(charts::histogram(
            &format!("{prefix}histogram"),
            o,
            l,
            &name,
        )));
        if !o.sensitivity.is_empty() {
            blocks.push(Block::Chart(charts::tornado(
                &format!("{prefix}tornado"),
                o,
                l,
                &name,
            )));
            blocks.push(Block::Para(vec![t(l.text("tornado-note"))]));
        }
    }
}

fn equivalencies(
    blocks: &mut Vec<Block>,
    catalog: &Catalog,
    e: &Estimate,
    l: &Locale,
    cites: &mut Citations,
) {
    let country = e
        .project
        .location
        .as_ref()
        .and_then(|x| x.country.clone())
        .unwrap_or_default();
    let list = catalog.equivalencies_for(&country);
    let years = period_years(e).max(1e-9);
    let mut items = Vec::new();
    for q in list {
        let per_unit = &q.value;
        let compared = match q.kind {
            EquivalencyKind::PerCapitaEmissions => {
                spread_of(e, keys::EMISSION_REDUCTIONS).map(|(s, unit)| (s.central / years, unit))
            }
            EquivalencyKind::HouseholdElectricity => e
                .outcome
                .crediting
                .columns
                .iter()
                .find(|c| c.role == Role::PhysicalOutput && c.additive && c.unit == "MWh")
                .and_then(|c| e.outcome.crediting.totals.get(&c.key))
                .map(|v| (v.value / years, v.unit.clone())),
        };
        let Some((annual, unit)) = compared else {
            continue;
        };
        // Both in the display unit of their dimension (tCO2e, MWh).
        if unit != per_unit.shown.unit && per_unit.dimension.display_unit().symbol != unit {
            continue;
        }
        let per = per_unit.dimension.display_unit().from_si(per_unit.si);
        let n = annual / per;
        let id = match q.kind {
            EquivalencyKind::PerCapitaEmissions => "equivalency-per-capita",
            EquivalencyKind::HouseholdElectricity => "equivalency-households",
        };
        items.push(vec![
            t(l.format(
                id,
                &[
                    ("count", l.number(n, 2).into()),
                    ("country", l.country(&q.country).into()),
                    ("year", q.year.to_string().into()),
                    ("per", l.number_unit(per, &unit).into()),
                    ("annual", l.number_unit(annual, &unit).into()),
                ],
            )),
            cites.cite(&q.provenance.sources),
        ]);
    }
    if items.is_empty() {
        blocks.push(Block::Para(vec![t(l.format(
            "equivalency-none",
            &[("country", l.country(&country).into())],
        ))]));
    } else {
        blocks.push(Block::List(items));
    }
}

/// Charts of a document, for callers that want the SVGs alone.
pub fn charts_of(doc: &super::document::Doc) -> Vec<&Chart> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Chart(c) | Block::Aside(c) => Some(c),
            _ => None,
        })
        .collect()
}
