//! The teaching guide (`docs/teaching/`) against the code: its gallery chapter against the
//! gallery, its exercises' answers against the engine, its chapters against the pages served
//! at `/learn`, and the README's link to it. (Its Rust code blocks are doctests: see
//! `src/web/learn.rs`.)

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;
use tanso::catalog::Catalog;
use tanso::scenario::request::{GridFactorInput, ProjectRef, ScenarioOptions};
use tanso::scenario::{ScenarioRequest, estimate};
use tanso::units::QuantityInput;
use tanso::units::ghg::GwpSetId;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &str) -> String {
    fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The fenced code blocks of a Markdown text: (info string, body).
fn code_blocks(markdown: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut lines = markdown.lines();
    while let Some(line) = lines.next() {
        if let Some(info) = line.strip_prefix("```") {
            let mut body = String::new();
            for l in lines.by_ref() {
                if l.starts_with("```") {
                    break;
                }
                body.push_str(l);
                body.push('\n');
            }
            out.push((info.trim().to_string(), body));
        }
    }
    out
}

#[test]
fn the_gallery_chapter_shows_every_case_as_it_is() {
    let chapter = read("docs/teaching/09-compile-fail-gallery.md");
    let blocks = code_blocks(&chapter);
    let mut cases: Vec<PathBuf> = fs::read_dir(root().join("tests/gallery"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 10, "the gallery has {} cases", cases.len());
    for case in &cases {
        let code = fs::read_to_string(case).unwrap();
        let stderr = fs::read_to_string(case.with_extension("stderr"))
            .unwrap_or_else(|_| panic!("{} has no .stderr", case.display()));
        let first = stderr.lines().next().unwrap();
        let name = case.file_name().unwrap().to_string_lossy();
        // The case, verbatim, as a compile_fail block with its error code...
        let code_at = blocks
            .iter()
            .position(|(info, body)| info.starts_with("rust,compile_fail,E") && *body == code)
            .unwrap_or_else(|| panic!("09-compile-fail-gallery.md does not show {name} as it is"));
        let error_code = &first[first.find('[').unwrap() + 1..first.find(']').unwrap()];
        assert!(
            blocks[code_at].0.ends_with(error_code),
            "{name}: {}",
            blocks[code_at].0
        );
        // ...followed by the first line of its message.
        assert_eq!(
            blocks[code_at + 1],
            ("text".to_string(), format!("{first}\n")),
            "{name}: the chapter's message is not the .stderr's first line"
        );
        assert!(
            chapter.contains(&format!("`tests/gallery/{name}`")),
            "{name}"
        );
    }
}

#[test]
fn every_gallery_message_names_both_quantities_on_its_first_line() {
    for entry in fs::read_dir(root().join("tests/gallery")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|x| x != "stderr") {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        let first = text.lines().next().unwrap();
        // Two quantities, each named in backticks, and not "mismatched types".
        let named = first.matches('`').count() / 2;
        assert!(named >= 2, "{}: {first}", path.display());
        assert!(!first.contains("mismatched types"), "{}", path.display());
    }
}

/// The answer key: exercise number → (value, unit).
fn answers() -> Vec<(u32, f64, String)> {
    let chapter = read("docs/teaching/10-exercises.md");
    let key = chapter
        .split("## Answers")
        .nth(1)
        .expect("an Answers section");
    key.lines()
        .filter_map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            let n: u32 = cells.get(1)?.parse().ok()?;
            let (value, unit) = cells.get(2)?.split_once(' ')?;
            let value: f64 = value.replace(',', "").parse().ok()?;
            Some((n, value, unit.to_string()))
        })
        .collect()
}

fn run(project: &str, parameters: &[(&str, &str)], options: ScenarioOptions) -> Value {
    let catalog = Catalog::embedded().unwrap();
    let request = ScenarioRequest {
        project: ProjectRef::Id(project.into()),
        parameters: parameters
            .iter()
            .map(|(k, v)| (k.to_string(), QuantityInput::from(*v)))
            .collect(),
        options,
    };
    serde_json::to_value(estimate(&catalog, &request).unwrap()).unwrap()
}

fn headline(est: &Value, key: &str) -> (f64, String) {
    let f = est["outcome"]["headline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == key)
        .unwrap();
    (
        f["value"]["value"].as_f64().unwrap(),
        f["value"]["unit"].as_str().unwrap().to_string(),
    )
}

fn playground(expression: &str, to: Option<&str>) -> (f64, String) {
    let catalog = Catalog::embedded().unwrap();
    let sets: Vec<_> = catalog.gwp_sets.iter().map(|g| g.set()).collect();
    let r = tanso::units::eval::evaluate(expression, to, &sets).unwrap();
    (r.value, r.unit)
}

#[test]
fn the_exercises_answers_are_the_engines() {
    let key = answers();
    assert_eq!(
        key.iter().map(|a| a.0).collect::<Vec<_>>(),
        (1..=7).collect::<Vec<_>>()
    );
    let default = ScenarioOptions::default;
    let engine: Vec<(f64, String)> = vec![
        headline(
            &run("renca-solar", &[("capacity", "3 MW")], default()),
            "first_year_ac_energy",
        ),
        headline(
            &run(
                "renca-solar",
                &[],
                ScenarioOptions {
                    grid_factor: Some(GridFactorInput::Constant(QuantityInput::from(
                        "0.15 tCO2e/MWh",
                    ))),
                    ..default()
                },
            ),
            "emission_reductions",
        ),
        headline(&run("renca-solar", &[], default()), "capacity_factor"),
        {
            let est = run(
                "badung-compost",
                &[],
                ScenarioOptions {
                    gwp: Some(GwpSetId::CdmLowest),
                    ..default()
                },
            );
            let cell = &est["outcome"]["crediting"]["rows"][0]["values"]["project_composting_ch4"];
            (
                cell["value"].as_f64().unwrap(),
                cell["unit"].as_str().unwrap().to_string(),
            )
        },
        headline(
            &run(
                "badung-compost",
                &[],
                ScenarioOptions {
                    gwp: Some(GwpSetId::Ar6),
                    ..default()
                },
            ),
            "baseline_emissions",
        ),
        playground("259.87 gCO2e/kWh", Some("tCO2e/MWh")),
        playground("2 MW * 8760 h * 16.49", Some("MWh")),
    ];
    for ((n, answer, unit), (value, engine_unit)) in key.iter().zip(&engine) {
        assert_eq!(unit, engine_unit, "exercise {n}");
        // The answer is the engine's value rounded to 6 significant figures (or fewer, when
        // the text shows fewer): within half a unit of its last digit.
        let shown = format!("{answer}");
        let decimals = shown.split_once('.').map_or(0, |(_, d)| d.len()) as i32;
        let half = 0.5 * 10f64.powi(-decimals);
        assert!(
            (answer - value).abs() <= half + 1e-9,
            "exercise {n}: the guide says {answer} {unit}, the engine {value} {engine_unit}"
        );
    }
}

#[test]
fn every_chapter_is_served_and_linked() {
    let mut files: Vec<String> = fs::read_dir(root().join("docs/teaching"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|f| f.ends_with(".md"))
        .map(|f| f.trim_end_matches(".md").to_string())
        .collect();
    files.sort();
    let mut served: Vec<String> = tanso::web::CHAPTERS
        .iter()
        .map(|c| c.slug.to_string())
        .collect();
    served.sort();
    assert_eq!(files, served, "docs/teaching/ and web::CHAPTERS differ");
    let index = read("docs/teaching/README.md");
    for c in tanso::web::CHAPTERS.iter().skip(1) {
        assert!(
            index.contains(&format!("({}.md)", c.slug)),
            "README.md does not link {}",
            c.slug
        );
    }
    assert!(
        read("README.md").contains("docs/teaching/README.md"),
        "the README links the guide"
    );
    assert!(Path::new(&root().join("examples/renca_by_hand.rs")).exists());
}
