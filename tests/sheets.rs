//! Impact sheets of the documented projects: Markdown and chart snapshots, the numbers against
//! the estimate, citations, the HTML parsed by an HTML5 parser, and the Spanish sheet.
//!
//! Snapshots live in `tests/snapshots/`; they do not depend on the dataset hash or the date
//! (both are fixed before rendering) and the Monte Carlo is seeded and thread-independent.
//! After an intended change, regenerate them with `TANSO_UPDATE_SNAPSHOTS=1 cargo test
//! --test sheets` and review the diff.

use std::collections::BTreeSet;
use std::path::PathBuf;

use tanso::catalog::Catalog;
use tanso::scenario::request::{ProjectRef, ScenarioOptions, UncertaintyOptions};
use tanso::scenario::{Estimate, ScenarioRequest};
use tanso::sheets::{self, ChartLinks, Locale, SavedRef, SheetOptions, Subject};

const SEEDS: [&str; 2] = ["renca-solar", "badung-compost"];

fn catalog() -> Catalog {
    Catalog::embedded().expect("catalog loads")
}

/// The estimate a sheet is made from: 400 draws, seed 7, stable dataset label.
fn estimate(c: &Catalog, project: &str) -> Estimate {
    let req = ScenarioRequest {
        project: ProjectRef::Id(project.into()),
        parameters: Default::default(),
        options: ScenarioOptions {
            uncertainty: Some(UncertaintyOptions {
                draws: 400,
                seed: 7,
                ..Default::default()
            }),
            ..Default::default()
        },
    };
    let mut e = tanso::scenario::estimate(c, &req).expect("estimates");
    e.dataset_version = "data-snapshot".into();
    e
}

fn options(project: &str) -> SheetOptions {
    SheetOptions {
        generated: "2025-01-01".into(),
        id_prefix: String::new(),
        chart_links: ChartLinks::Files(format!("{project}-charts")),
        saved: None,
    }
}

fn snapshot_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots")
}

/// Compares `actual` with the snapshot file, or writes it when asked to.
fn check_snapshot(name: &str, actual: &str) {
    let path = snapshot_dir().join(name);
    if std::env::var_os("TANSO_UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run with TANSO_UPDATE_SNAPSHOTS=1 to create it",
            path.display()
        )
    });
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "{name} differs from its snapshot at line {}:\n  snapshot: {:?}\n  now:      {:?}\n(TANSO_UPDATE_SNAPSHOTS=1 regenerates it)",
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line)
        );
    }
}

#[test]
fn markdown_and_charts_match_their_snapshots() {
    let c = catalog();
    for id in SEEDS {
        let e = estimate(&c, id);
        let o = options(id);
        let doc = sheets::document(&c, Subject::Project(&e), &Locale::english(), &o);
        let md = String::from_utf8(sheets::render(&doc, sheets::Format::Md, &o).unwrap()).unwrap();
        check_snapshot(&format!("{id}.md"), &md);
        let files = sheets::chart_files(&doc);
        assert!(files.contains_key("histogram.svg") && files.contains_key("waterfall.svg"));
        for (name, svg) in files {
            // Every chart has an accessible name and description.
            assert!(
                svg.contains("<title id=") && svg.contains("<desc id="),
                "{name}"
            );
            check_snapshot(&format!("{id}-charts/{name}"), &svg);
        }
        // Same input, same bytes.
        let again = sheets::document(&c, Subject::Project(&e), &Locale::english(), &o);
        assert_eq!(doc, again);
    }
}

#[test]
fn the_sheet_shows_the_estimates_numbers() {
    let c = catalog();
    let l = Locale::english();
    for id in SEEDS {
        let e = estimate(&c, id);
        let o = options(id);
        let doc = sheets::document(&c, Subject::Project(&e), &l, &o);
        let md = String::from_utf8(sheets::render(&doc, sheets::Format::Md, &o).unwrap()).unwrap();
        let u = e.uncertainty.as_ref().unwrap();
        let er = u
            .outputs
            .iter()
            .find(|o| o.key == "emission_reductions")
            .unwrap();
        // The headline: median and 90 % interval of the emission reductions, as computed.
        let headline = format!(
            "{} tCO2e (90 % interval {})",
            l.number(er.p50, 3),
            l.interval(er.p5, er.p95, "tCO2e")
        );
        assert!(md.contains(&headline), "{id}: {headline} not in the sheet");
        // Per year: the same divided by the period's length.
        let years = e.outcome.crediting.years.value;
        assert!(
            md.contains(&l.number(er.p50 / years, 3)),
            "{id}: per-year median"
        );
        // The yearly table's totals are the ledger's.
        for key in ["baseline", "project", "leakage", "emission_reductions"] {
            let total = e.outcome.crediting.totals[key].value;
            assert!(
                md.contains(&format!("**{}**", l.number(total, 4))),
                "{id}: total {key}"
            );
        }
        // Every crediting year's ER appears in its row.
        for r in &e.outcome.crediting.rows {
            let v = l.number(r.values["emission_reductions"].value, 4);
            let row = md
                .lines()
                .find(|line| line.starts_with(&format!("| {} | ", r.year)))
                .unwrap_or_else(|| panic!("{id}: no row for year {}", r.year));
            assert!(row.ends_with(&format!("| {v} |")), "{id}: {row} vs {v}");
        }
        // The P5 and P95 on the histogram are the estimate's.
        let hist = sheets::chart_files(&doc)["histogram.svg"].clone();
        assert!(hist.contains(&format!("P5 {}", l.number(er.p5, 3))), "{id}");
        assert!(
            hist.contains(&format!("P95 {}", l.number(er.p95, 3))),
            "{id}"
        );
    }
}

/// The citation numbers `[1]`, `[2, 5]` written in a Markdown sheet.
fn cited_numbers(md: &str) -> BTreeSet<usize> {
    let mut out = BTreeSet::new();
    let mut rest = md;
    while let Some(i) = rest.find("\\[") {
        rest = &rest[i + 2..];
        let Some(j) = rest.find("\\]") else { break };
        let inside = &rest[..j];
        if inside.split(", ").all(|n| n.parse::<usize>().is_ok()) {
            out.extend(inside.split(", ").map(|n| n.parse::<usize>().unwrap()));
        }
        rest = &rest[j..];
    }
    out
}

#[test]
fn every_citation_number_resolves_to_a_reference() {
    let c = catalog();
    for id in SEEDS {
        let e = estimate(&c, id);
        let o = options(id);
        let doc = sheets::document(&c, Subject::Project(&e), &Locale::english(), &o);
        let md = String::from_utf8(sheets::render(&doc, sheets::Format::Md, &o).unwrap()).unwrap();
        let cited = cited_numbers(&md);
        let listed: BTreeSet<usize> = doc.references.iter().map(|r| r.n).collect();
        assert!(!cited.is_empty(), "{id}: no citations");
        // Cited numbers are exactly the numbered references, 1..=n without gaps.
        assert_eq!(cited, listed, "{id}");
        assert_eq!(listed, (1..=doc.references.len()).collect(), "{id}");
        for r in &doc.references {
            assert!(
                md.contains(&format!("\n{}. ", r.n)),
                "{id}: reference {} is not listed",
                r.n
            );
            assert!(
                c.sources.contains_key(&r.source.id),
                "{id}: {}",
                r.source.id
            );
        }
    }
}

#[test]
fn the_html_parses_and_references_nothing_external() {
    use scraper::{Html, Selector};
    let c = catalog();
    for (id, lang) in [("renca-solar", "en"), ("badung-compost", "es")] {
        let e = estimate(&c, id);
        let o = SheetOptions::today();
        let doc = sheets::document(&c, Subject::Project(&e), &Locale::new(lang), &o);
        let html =
            String::from_utf8(sheets::render(&doc, sheets::Format::Html, &o).unwrap()).unwrap();
        let page = Html::parse_document(&html);
        assert!(
            page.errors.is_empty(),
            "{id}: HTML parse errors {:?}",
            page.errors
        );
        let sel = |s: &str| Selector::parse(s).unwrap();
        assert_eq!(
            page.select(&sel("html"))
                .next()
                .unwrap()
                .value()
                .attr("lang"),
            Some(lang)
        );
        // Nothing is loaded from anywhere: no scripts, stylesheets, images, frames or fonts.
        for s in [
            "script", "link", "img", "iframe", "object", "embed", "image", "use",
        ] {
            assert_eq!(page.select(&sel(s)).count(), 0, "{id}: <{s}> found");
        }
        let loading: Vec<_> = page
            .select(&sel("[src], [srcset], [xlink\\:href]"))
            .map(|el| format!("{:?}", el.value()))
            .collect();
        assert!(loading.is_empty(), "{id}: {loading:?} load resources");
        assert!(
            !html.contains("url(http") && !html.contains("@import"),
            "{id}"
        );
        // Links are only to the references' own addresses or to anchors in the page.
        for a in page.select(&sel("a[href]")) {
            let href = a.value().attr("href").unwrap();
            assert!(
                href.starts_with('#') || href.starts_with("http"),
                "{id}: {href}"
            );
        }
        // Charts are inline SVG with an accessible name.
        let svgs: Vec<_> = page.select(&sel("svg[role=img]")).collect();
        assert!(svgs.len() >= 4, "{id}: {} charts", svgs.len());
        for s in svgs {
            assert!(s.value().attr("aria-labelledby").is_some());
        }
        // The print stylesheet is there.
        assert!(html.contains("@media print") && html.contains("size: A4"));
    }
}

/// A sheet of a saved scenario names it in the header, in Markdown and in (parsed) HTML, in
/// each language, with its link and the dataset version it was saved under; a sheet that is
/// not of a saved scenario does not.
#[test]
fn a_saved_scenarios_sheet_names_it_with_its_link() {
    use scraper::{Html, Selector};
    let c = catalog();
    let e = estimate(&c, "renca-solar");
    let link = "https://tanso.example/v1/scenarios/sc-0123456789abcdef0123456789abcdef";
    let o = SheetOptions {
        saved: Some(SavedRef {
            id: "sc-0123456789abcdef0123456789abcdef".into(),
            link: link.into(),
            dataset_version: "data-saved-under".into(),
        }),
        ..options("renca-solar")
    };
    for (lang, label, under) in [
        (
            "en",
            "Saved scenario",
            "saved under dataset version data-saved-under",
        ),
        (
            "es",
            "Escenario guardado",
            "guardado con la versión de los datos data-saved-under",
        ),
    ] {
        let doc = sheets::document(&c, Subject::Project(&e), &Locale::new(lang), &o);
        let md = String::from_utf8(sheets::render(&doc, sheets::Format::Md, &o).unwrap()).unwrap();
        let line = md
            .lines()
            .find(|l| l.starts_with(&format!("- **{label}:**")))
            .unwrap_or_else(|| panic!("{lang}: no saved-scenario line in\n{md}"));
        assert!(
            line.contains("**sc-0123456789abcdef0123456789abcdef**")
                && line.contains(&format!("[{link}](<{link}>)"))
                && line.contains(under),
            "{lang}: {line}"
        );
        let html =
            String::from_utf8(sheets::render(&doc, sheets::Format::Html, &o).unwrap()).unwrap();
        let page = Html::parse_document(&html);
        assert!(page.errors.is_empty(), "{lang}: {:?}", page.errors);
        // The header is a <dl>: the <dd> right after the <dt> of the label.
        let cells: Vec<_> = page
            .select(&Selector::parse(".header dl > *").unwrap())
            .collect();
        let at = cells
            .iter()
            .position(|el| el.value().name() == "dt" && el.text().collect::<String>() == label)
            .unwrap_or_else(|| panic!("{lang}: no <dt>{label}</dt>"));
        let dd = cells[at + 1];
        let text: String = dd.text().collect();
        assert!(
            text.contains("sc-0123456789abcdef0123456789abcdef") && text.contains(under),
            "{lang}: {text}"
        );
        let a = dd
            .select(&Selector::parse("a").unwrap())
            .next()
            .expect("a link");
        assert_eq!(a.value().attr("href"), Some(link));
    }
    let plain = sheets::document(
        &c,
        Subject::Project(&e),
        &Locale::new("en"),
        &options("renca-solar"),
    );
    let md = String::from_utf8(
        sheets::render(&plain, sheets::Format::Md, &options("renca-solar")).unwrap(),
    )
    .unwrap();
    assert!(!md.contains("Saved scenario"));
}

#[test]
fn the_spanish_sheet_is_spanish() {
    let c = catalog();
    let e = estimate(&c, "renca-solar");
    let o = options("renca-solar");
    let l = Locale::new("es");
    let doc = sheets::document(&c, Subject::Project(&e), &l, &o);
    let md = String::from_utf8(sheets::render(&doc, sheets::Format::Md, &o).unwrap()).unwrap();
    for phrase in [
        "Estimación; no es una reducción de emisiones certificada",
        "## En resumen",
        "Reducciones de emisiones en el período de acreditación",
        "1 de marzo de 2024",
        "## Referencias",
        "emisiones anuales de gases de efecto invernadero",
    ] {
        assert!(md.contains(phrase), "missing: {phrase}");
    }
    // Numbers in Spanish conventions: the median with a '.' group separator.
    let er = e.uncertainty.as_ref().unwrap().outputs[0].p50;
    assert!(md.contains(&l.number(er, 3)));
    assert!(!md.contains("Emission reductions over the crediting period"));
}

#[test]
fn comparison_and_portfolio_sheets() {
    let c = catalog();
    let base = estimate(&c, "renca-solar");
    let req = ScenarioRequest {
        project: ProjectRef::Id("renca-solar".into()),
        parameters: [(
            "capacity".to_string(),
            tanso::units::QuantityInput::Text("3 MW".into()),
        )]
        .into(),
        options: ScenarioOptions {
            uncertainty: Some(UncertaintyOptions {
                draws: 400,
                seed: 7,
                ..Default::default()
            }),
            ..Default::default()
        },
    };
    let bigger = tanso::scenario::estimate(&c, &req).unwrap();
    let l = Locale::english();
    let scenarios = vec![
        ("as documented".to_string(), base.clone()),
        (sheets::scenario_label(&req, &l), bigger.clone()),
    ];
    let o = options("compare");
    let doc = sheets::document(&c, Subject::Comparison(&scenarios), &l, &o);
    let md = String::from_utf8(sheets::render(&doc, sheets::Format::Md, &o).unwrap()).unwrap();
    assert!(md.contains("capacity = 3 MW"), "{md}");
    // The difference column: 3 MW against 2 MW, deterministic medians of the draws.
    let p50 = |e: &Estimate| e.uncertainty.as_ref().unwrap().outputs[0].p50;
    let diff = p50(&bigger) - p50(&base);
    assert!(
        md.contains(&format!("+{}", l.number_unit(diff, "tCO2e"))),
        "{md}"
    );
    assert!(md.contains("intervals of"), "overlap statement");

    let programme = c.programme("toyama-city-to-city").unwrap();
    let projects: Vec<Estimate> = c
        .programme_seeds("toyama-city-to-city")
        .iter()
        .map(|s| estimate(&c, &s.id))
        .collect();
    assert_eq!(projects.len(), 2);
    let doc = sheets::document(&c, Subject::Portfolio(programme, &projects), &l, &o);
    let md = String::from_utf8(sheets::render(&doc, sheets::Format::Md, &o).unwrap()).unwrap();
    // The by-year table adds up to the sum of the projects' crediting-period totals.
    let total: f64 = projects
        .iter()
        .map(|e| e.outcome.crediting.totals["emission_reductions"].value)
        .sum();
    let by_year: f64 = projects
        .iter()
        .flat_map(|e| sheets::compare::er_by_calendar_year(e).into_values())
        .sum();
    assert!(
        (by_year - total).abs() < 1e-6 * total,
        "{by_year} vs {total}"
    );
    assert!(md.contains(&format!("**{}**", l.number(total, 3))), "{md}");
}
