//! The comparison sheet (two to four scenarios side by side, with differences against the
//! first and their intervals drawn together) and the portfolio sheet (all projects of a
//! city-to-city programme, totals by project and by calendar year, each with its own
//! uncertainty).

use std::collections::BTreeMap;

use super::charts::{Chart, escape};
use super::document::{Block, Citations, Doc, Inline, Table, t};
use super::i18n::{Arg, Locale};
use super::project::{Spread, period_years, spread_of, spread_text};
use super::{SheetOptions, confidence_text};
use crate::calendar::Date;
use crate::catalog::{Catalog, Programme};
use crate::models::outcome::{Role, keys};
use crate::scenario::Estimate;

/// Cites every source of an estimate (the reference list of a multi-estimate sheet).
fn cite_all(cites: &mut Citations, e: &Estimate) -> Inline {
    let ids: Vec<String> = e.sources.iter().map(|s| s.id.clone()).collect();
    cites.cite(&ids)
}

/// P5–P95 bars with the median marked, one row per item, on one axis.
pub fn intervals(
    id: &str,
    title: &str,
    items: &[(String, Spread)],
    unit: &str,
    l: &Locale,
) -> Chart {
    let row = 30.0;
    let (w, left, right, top) = (640.0, 230.0, 30.0, 44.0);
    let h = top + row * items.len() as f64 + 50.0;
    let lo = items
        .iter()
        .map(|(_, s)| s.p5.unwrap_or(s.central))
        .fold(f64::INFINITY, f64::min)
        .min(0.0);
    let hi = items
        .iter()
        .map(|(_, s)| s.p95.unwrap_or(s.central))
        .fold(f64::NEG_INFINITY, f64::max)
        .max(lo + 1.0);
    let x = |v: f64| left + (v - lo) / (hi * 1.05 - lo) * (w - left - right);
    let desc: Vec<String> = items
        .iter()
        .map(|(n, s)| format!("{n}: {}", spread_text(*s, unit, l)))
        .collect();
    let desc = desc.join("; ");
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{id}\" class=\"chart\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" font-family=\"DejaVu Sans, Arial, Helvetica, sans-serif\" font-size=\"12\">\n<title id=\"{id}-title\">{t}</title>\n<desc id=\"{id}-desc\">{d}</desc>\n<rect width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>\n<text x=\"12\" y=\"22\" font-size=\"14\" font-weight=\"bold\" fill=\"#1b2a3a\">{t}</text>\n",
        id = escape(id),
        t = escape(title),
        d = escape(&desc),
        h = h.round(),
    );
    for (i, (name, sp)) in items.iter().enumerate() {
        let y = top + row * i as f64 + row / 2.0;
        let label: String = name.chars().take(34).collect();
        s.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#1b2a3a\">{}</text>\n",
            left - 8.0,
            (y + 4.0).round(),
            escape(&label)
        ));
        if let (Some(a), Some(b)) = (sp.p5, sp.p95) {
            s.push_str(&format!(
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"10\" fill=\"#c3cad3\" stroke=\"#1b2a3a\" stroke-width=\"0.5\"/>\n",
                x(a),
                y - 5.0,
                (x(b) - x(a)).max(1.0)
            ));
        }
        s.push_str(&format!(
            "<line x1=\"{0:.1}\" y1=\"{1:.1}\" x2=\"{0:.1}\" y2=\"{2:.1}\" stroke=\"#1b2a3a\" stroke-width=\"3\"/>\n<text x=\"{0:.1}\" y=\"{3:.1}\" text-anchor=\"middle\" font-size=\"10\" fill=\"#1b2a3a\">{4}</text>\n",
            x(sp.central),
            y - 9.0,
            y + 9.0,
            y - 11.0,
            escape(&l.number(sp.central, 3))
        ));
    }
    let base = top + row * items.len() as f64 + 6.0;
    s.push_str(&format!(
        "<line x1=\"{left}\" y1=\"{base:.1}\" x2=\"{:.1}\" y2=\"{base:.1}\" stroke=\"#1b2a3a\"/>\n",
        w - right
    ));
    for k in 0..=4 {
        let v = lo + (hi * 1.05 - lo) * k as f64 / 4.0;
        s.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#1b2a3a\">{}</text>\n",
            x(v),
            base + 16.0,
            escape(&l.number(v, 2))
        ));
    }
    s.push_str(&format!(
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#1b2a3a\">{}</text>\n</svg>\n",
        (left + w - right) / 2.0,
        base + 36.0,
        escape(&l.format("chart-intervals-axis", &[("unit", unit.into())]))
    ));
    Chart {
        id: id.into(),
        title: title.into(),
        description: desc,
        svg: s,
    }
}

/// True when two 90 % intervals overlap (or either is a single value inside the other).
fn overlap(a: Spread, b: Spread) -> bool {
    let (a0, a1) = (a.p5.unwrap_or(a.central), a.p95.unwrap_or(a.central));
    let (b0, b1) = (b.p5.unwrap_or(b.central), b.p95.unwrap_or(b.central));
    a0 <= b1 && b0 <= a1
}

/// Two to four scenarios side by side; `labels` name them (e.g. "capacity = 3 MW").
pub fn comparison_doc(
    catalog: &Catalog,
    scenarios: &[(String, Estimate)],
    l: &Locale,
    o: &SheetOptions,
) -> Doc {
    let mut cites = Citations::new(&catalog.sources);
    let mut blocks = vec![Block::Notice(l.text("label-estimate-not-certified"))];
    let mut facts = vec![
        (l.text("header-generated"), vec![t(l.date(&o.generated))]),
        (
            l.text("header-dataset"),
            vec![t(scenarios
                .first()
                .map(|s| s.1.dataset_version.clone())
                .unwrap_or_default())],
        ),
    ];
    for (i, (label, e)) in scenarios.iter().enumerate() {
        let mc = match &e.uncertainty {
            Some(u) => l.format(
                "monte-carlo-settings",
                &[
                    ("draws", Arg::Number(u.draws as f64)),
                    ("seed", u.seed.to_string().into()),
                ],
            ),
            None => l.text("monte-carlo-none"),
        };
        facts.push((
            l.format("compare-scenario", &[("n", Arg::Number((i + 1) as f64))]),
            vec![
                t(format!(
                    "{label} — {} ({} {}); {mc}",
                    e.project.name, e.model.id, e.model.version
                )),
                cite_all(&mut cites, e),
            ],
        ));
    }
    blocks.push(Block::Facts(facts));
    blocks.push(Block::Heading(2, l.text("section-comparison")));
    // Figures: ER over the period and per year, then every headline figure the first has.
    let first = &scenarios[0].1;
    let mut keys_shown: Vec<(String, String)> = vec![(
        keys::EMISSION_REDUCTIONS.to_string(),
        l.text("headline-er-period"),
    )];
    keys_shown.push((
        keys::FIRST_YEAR_EMISSION_REDUCTIONS.into(),
        l.text("headline-er-first-year"),
    ));
    for f in &first.outcome.headline {
        if matches!(
            f.role,
            Role::PhysicalOutput | Role::Baseline | Role::Project | Role::Leakage
        ) {
            keys_shown.push((
                f.key.clone(),
                l.label(&format!("figure-{}", f.key), &f.label),
            ));
        }
    }
    let mut head = vec![l.text("col-figure")];
    let mut numeric = vec![false];
    for (i, (label, _)) in scenarios.iter().enumerate() {
        head.push(format!(
            "{} {}: {label}",
            l.text("compare-scenario-short"),
            i + 1
        ));
        numeric.push(true);
        if i > 0 {
            head.push(l.format("compare-difference", &[("n", Arg::Number((i + 1) as f64))]));
            numeric.push(true);
        }
    }
    let mut rows = Vec::new();
    for (key, name) in &keys_shown {
        let base = spread_of(first, key);
        let mut row = vec![vec![t(name.clone())]];
        for (i, (_, e)) in scenarios.iter().enumerate() {
            let s = spread_of(e, key);
            row.push(vec![t(s
                .as_ref()
                .map(|(s, u)| spread_text(*s, u, l))
                .unwrap_or_default())]);
            if i > 0 {
                let diff = match (&base, &s) {
                    (Some((b, ub)), Some((x, ux))) if ub == ux => {
                        let d = x.central - b.central;
                        let rel = if b.central != 0.0 {
                            format!(
                                " ({}{} %)",
                                if d >= 0.0 { "+" } else { "" },
                                l.number(d / b.central * 100.0, 2)
                            )
                        } else {
                            String::new()
                        };
                        format!(
                            "{}{}{rel}",
                            if d >= 0.0 { "+" } else { "" },
                            l.number_unit(d, ux)
                        )
                    }
                    _ => String::new(),
                };
                row.push(vec![t(diff)]);
            }
        }
        rows.push(row);
    }
    blocks.push(Block::Table(Table {
        caption: l.text("compare-caption"),
        head,
        rows,
        numeric,
        total: None,
    }));
    let er: Vec<(String, Spread)> = scenarios
        .iter()
        .enumerate()
        .filter_map(|(i, (label, e))| {
            spread_of(e, keys::EMISSION_REDUCTIONS).map(|(s, _)| (format!("{}. {label}", i + 1), s))
        })
        .collect();
    let unit = spread_of(first, keys::EMISSION_REDUCTIONS)
        .map(|x| x.1)
        .unwrap_or_default();
    blocks.push(Block::Chart(intervals(
        &format!("{}intervals", o.id_prefix),
        &l.text("chart-compare-title"),
        &er,
        &unit,
        l,
    )));
    let mut notes = Vec::new();
    for (i, (label, s)) in er.iter().enumerate().skip(1) {
        let id = if overlap(er[0].1, *s) {
            "compare-overlap"
        } else {
            "compare-no-overlap"
        };
        notes.push(vec![t(l.format(
            id,
            &[
                ("a", er[0].0.clone().into()),
                ("b", label.clone().into()),
                ("n", Arg::Number((i + 1) as f64)),
            ],
        ))]);
    }
    if scenarios.iter().any(|s| s.1.uncertainty.is_none()) {
        notes.push(vec![t(l.text("compare-deterministic"))]);
    }
    blocks.push(Block::List(notes));
    blocks.push(Block::Heading(2, l.text("section-caveats")));
    let mut warnings: Vec<Vec<Inline>> = Vec::new();
    for (i, (_, e)) in scenarios.iter().enumerate() {
        for w in &e.warnings {
            warnings.push(vec![
                Inline::Strong(format!("{}:", i + 1)),
                t(format!(" {w}")),
            ]);
        }
    }
    warnings.push(vec![t(l.text("caveat-estimate"))]);
    blocks.push(Block::List(warnings));
    Doc {
        lang: l.lang().into(),
        title: l.format(
            "compare-title",
            &[("project", first.project.name.clone().into())],
        ),
        blocks,
        references: cites.references(|s| confidence_text(s, l)),
        references_title: l.text("section-references"),
    }
}

/// The distribution of a sum of independent outputs, from their histograms (each bin's mass
/// at its centre; the convolution is re-binned to 400 bins): the 5th, 50th and 95th percentiles.
pub fn sum_percentiles(hists: &[(&[f64], &[usize])]) -> Option<(f64, f64, f64)> {
    let mut dist: Vec<(f64, f64)> = vec![(0.0, 1.0)];
    for (edges, counts) in hists {
        let total: usize = counts.iter().sum();
        if total == 0 || edges.len() != counts.len() + 1 {
            return None;
        }
        let points: Vec<(f64, f64)> = counts
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(i, n)| ((edges[i] + edges[i + 1]) / 2.0, *n as f64 / total as f64))
            .collect();
        let mut next: Vec<(f64, f64)> = Vec::with_capacity(dist.len() * points.len());
        for (a, pa) in &dist {
            for (b, pb) in &points {
                next.push((a + b, pa * pb));
            }
        }
        // Re-bin to keep the work bounded.
        let lo = next.iter().map(|p| p.0).fold(f64::INFINITY, f64::min);
        let hi = next.iter().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max);
        let bins = 400usize;
        let width = ((hi - lo) / bins as f64).max(f64::MIN_POSITIVE);
        let mut acc: BTreeMap<usize, (f64, f64)> = BTreeMap::new();
        for (v, p) in next {
            let k = (((v - lo) / width) as usize).min(bins - 1);
            let e = acc.entry(k).or_insert((0.0, 0.0));
            e.0 += v * p;
            e.1 += p;
        }
        dist = acc.into_values().map(|(vp, p)| (vp / p, p)).collect();
    }
    dist.sort_by(|a, b| a.0.total_cmp(&b.0));
    let q = |f: f64| {
        let mut c = 0.0;
        for (v, p) in &dist {
            c += p;
            if c >= f - 1e-12 {
                return *v;
            }
        }
        dist.last().map(|x| x.0).unwrap_or(0.0)
    };
    Some((q(0.05), q(0.5), q(0.95)))
}

/// Emission reductions by calendar year: each crediting year's ER split over the calendar
/// years it spans, in proportion to its days.
pub fn er_by_calendar_year(e: &Estimate) -> BTreeMap<i32, f64> {
    let mut out = BTreeMap::new();
    for r in &e.outcome.crediting.rows {
        let (Ok(start), Ok(end), Some(er)) = (
            Date::parse(&r.start),
            Date::parse(&r.end),
            r.values.get("emission_reductions"),
        ) else {
            continue;
        };
        let days = (end.days() - start.days() + 1) as f64;
        let mut d = start;
        while d <= end {
            let year_end = Date {
                year: d.year,
                month: 12,
                day: 31,
            }
            .min(end);
            let share = (year_end.days() - d.days() + 1) as f64 / days;
            *out.entry(d.year).or_insert(0.0) += er.value * share;
            d = Date::from_days(year_end.days() + 1);
        }
    }
    out
}

/// All projects of a programme: per project with its own interval, the total, and by year.
pub fn portfolio_doc(
    catalog: &Catalog,
    programme: &Programme,
    projects: &[Estimate],
    l: &Locale,
    o: &SheetOptions,
) -> Doc {
    let mut cites = Citations::new(&catalog.sources);
    let mut blocks = vec![Block::Notice(l.text("label-estimate-not-certified"))];
    blocks.push(Block::Facts(vec![
        (l.text("header-generated"), vec![t(l.date(&o.generated))]),
        (
            l.text("header-dataset"),
            vec![t(projects
                .first()
                .map(|e| e.dataset_version.clone())
                .unwrap_or_default())],
        ),
        (
            l.text("portfolio-projects"),
            vec![t(l.number(projects.len() as f64, 3))],
        ),
    ]));
    blocks.push(Block::Para(vec![
        t(programme.summary.clone()),
        cites.cite(&programme.provenance.sources),
    ]));
    blocks.push(Block::Heading(2, l.text("section-portfolio-projects")));
    let mut rows = Vec::new();
    let mut items = Vec::new();
    let mut total_central = 0.0;
    let mut unit = String::new();
    for e in projects {
        let Some((s, u)) = spread_of(e, keys::EMISSION_REDUCTIONS) else {
            continue;
        };
        unit = u.clone();
        total_central += e
            .outcome
            .figure(keys::EMISSION_REDUCTIONS)
            .map(|v| v.value)
            .unwrap_or(0.0);
        let c = &e.options.crediting_period;
        let years = period_years(e);
        rows.push(vec![
            vec![t(e.project.name.clone()), cite_all(&mut cites, e)],
            vec![t(l.country(
                e.project
                    .location
                    .as_ref()
                    .and_then(|x| x.country.as_deref())
                    .unwrap_or(""),
            ))],
            vec![t(format!(
                "{} – {}",
                l.date(&c.start.to_string()),
                l.date(&c.end.to_string())
            ))],
            vec![t(spread_text(s, &u, l))],
            vec![t(l.number_unit(s.central / years.max(1e-9), &u))],
        ]);
        items.push((e.project.name.clone(), s));
    }
    // The total's interval, assuming the projects' uncertainties are independent.
    let hists: Option<Vec<(&[f64], &[usize])>> = projects
        .iter()
        .map(|e| {
            let o = e
                .uncertainty
                .as_ref()?
                .outputs
                .iter()
                .find(|o| o.key == keys::EMISSION_REDUCTIONS)?;
            Some((o.histogram.edges.as_slice(), o.histogram.counts.as_slice()))
        })
        .collect();
    let total = match hists.and_then(|h| sum_percentiles(&h)) {
        Some((p5, p50, p95)) => Spread {
            central: p50,
            p5: Some(p5),
            p95: Some(p95),
        },
        None => Spread {
            central: total_central,
            p5: None,
            p95: None,
        },
    };
    blocks.push(Block::Table(Table {
        caption: l.text("portfolio-caption"),
        head: vec![
            l.text("col-project"),
            l.text("col-country"),
            l.text("col-period"),
            l.text("headline-er-period"),
            l.text("headline-er-year"),
        ],
        rows,
        numeric: vec![false, false, false, true, true],
        total: Some(vec![
            l.text("row-total"),
            String::new(),
            String::new(),
            spread_text(total, &unit, l),
            String::new(),
        ]),
    }));
    if total.p5.is_some() {
        blocks.push(Block::Para(vec![t(l.text("portfolio-total-note"))]));
    }
    items.push((l.text("row-total"), total));
    blocks.push(Block::Chart(intervals(
        &format!("{}portfolio", o.id_prefix),
        &l.text("chart-portfolio-title"),
        &items,
        &unit,
        l,
    )));
    // By calendar year.
    blocks.push(Block::Heading(2, l.text("section-portfolio-years")));
    let by_project: Vec<BTreeMap<i32, f64>> = projects.iter().map(er_by_calendar_year).collect();
    let years: Vec<i32> = {
        let mut y: Vec<i32> = by_project.iter().flat_map(|m| m.keys().copied()).collect();
        y.sort_unstable();
        y.dedup();
        y
    };
    let mut head = vec![l.text("col-calendar-year")];
    head.extend(projects.iter().map(|e| {
        e.project
            .id
            .clone()
            .unwrap_or_else(|| e.project.name.clone())
    }));
    head.push(l.text("row-total"));
    let mut rows = Vec::new();
    let mut col_totals = vec![0.0; projects.len() + 1];
    for y in &years {
        let mut row = vec![vec![t(y.to_string())]];
        let mut sum = 0.0;
        for (j, m) in by_project.iter().enumerate() {
            let v = m.get(y).copied();
            if let Some(v) = v {
                sum += v;
                col_totals[j] += v;
            }
            row.push(vec![t(v.map(|v| l.number(v, 3)).unwrap_or_default())]);
        }
        col_totals[projects.len()] += sum;
        row.push(vec![Inline::Strong(l.number(sum, 3))]);
        rows.push(row);
    }
    let mut total_row = vec![l.text("row-total")];
    total_row.extend(col_totals.iter().map(|v| l.number(*v, 3)));
    let mut numeric = vec![false];
    numeric.extend(std::iter::repeat_n(true, projects.len() + 1));
    blocks.push(Block::Table(Table {
        caption: l.format("portfolio-years-caption", &[("unit", unit.clone().into())]),
        head,
        rows,
        numeric,
        total: Some(total_row),
    }));
    blocks.push(Block::Para(vec![t(l.text("portfolio-years-note"))]));
    blocks.push(Block::Heading(2, l.text("section-caveats")));
    let mut warnings: Vec<Vec<Inline>> = Vec::new();
    for e in projects {
        for w in &e.warnings {
            warnings.push(vec![
                Inline::Strong(format!("{}:", e.project.name)),
                t(format!(" {w}")),
            ]);
        }
    }
    warnings.push(vec![t(l.text("caveat-estimate"))]);
    blocks.push(Block::List(warnings));
    Doc {
        lang: l.lang().into(),
        title: programme.name.clone(),
        blocks,
        references: cites.references(|s| confidence_text(s, l)),
        references_title: l.text("section-references"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sum_of_two_independent_uniforms_is_triangular() {
        // Two uniform(0, 10) as 10 equal bins each: the sum is triangular on 0..20 with median
        // 10 and P5 = sqrt(0.05 · 200) = 3.16 (the triangular CDF x²/200 below the mode).
        let edges: Vec<f64> = (0..=10).map(f64::from).collect();
        let counts = vec![100usize; 10];
        let (p5, p50, p95) = sum_percentiles(&[(&edges, &counts), (&edges, &counts)]).unwrap();
        assert!((p50 - 10.0).abs() < 0.3, "{p50}");
        assert!((p5 - 3.16).abs() < 0.6, "{p5}");
        assert!((p95 - 16.84).abs() < 0.6, "{p95}");
    }
}
