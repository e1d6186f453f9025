//! Each runnable example's printed result, checked against the engine's own output.
//!
//! The examples are compiled into this test as modules (their `main` is one `print!` of
//! `report()`), so what is checked is exactly what `cargo run --example ...` prints.

#[allow(dead_code)]
#[path = "../examples/renca_by_hand.rs"]
mod renca_by_hand;

#[allow(dead_code)]
#[path = "../examples/badung_methane.rs"]
mod badung_methane;

#[allow(dead_code)]
#[path = "../examples/scenario_api.rs"]
mod scenario_api;

use std::process::Command;

use serde_json::Value;
use tanso::catalog::Catalog;
use tanso::scenario::request::{ProjectRef, ScenarioOptions};
use tanso::scenario::{ScenarioRequest, estimate};
use tanso::units::ghg::GwpSetId;

/// The number printed after `label: ` (thousands separators removed).
fn printed(report: &str, label: &str) -> f64 {
    let line = report
        .lines()
        .find(|l| l.trim_start().starts_with(label))
        .unwrap_or_else(|| panic!("no line {label:?} in:\n{report}"));
    let after = line.split_once(": ").unwrap().1;
    let number: String = after
        .split_whitespace()
        .next()
        .unwrap()
        .chars()
        .filter(|c| *c != ',')
        .collect();
    number.parse().unwrap()
}

fn engine(project: &str, gwp: Option<GwpSetId>) -> Value {
    let catalog = Catalog::embedded().unwrap();
    let request = ScenarioRequest {
        project: ProjectRef::Id(project.into()),
        parameters: Default::default(),
        options: ScenarioOptions {
            gwp,
            ..Default::default()
        },
    };
    serde_json::to_value(estimate(&catalog, &request).unwrap()).unwrap()
}

fn headline(est: &Value, key: &str) -> f64 {
    est["outcome"]["headline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == key)
        .unwrap_or_else(|| panic!("no headline {key}"))["value"]["value"]
        .as_f64()
        .unwrap()
}

fn first_row(est: &Value, column: &str) -> f64 {
    est["outcome"]["crediting"]["rows"][0]["values"][column]["value"]
        .as_f64()
        .unwrap()
}

/// |a − b| ≤ `rel` × |b|.
fn assert_close(what: &str, a: f64, b: f64, rel: f64) {
    assert!(
        (a - b).abs() <= rel * b.abs(),
        "{what}: example {a}, engine {b}"
    );
}

#[test]
fn renca_by_hand_reproduces_the_engine() {
    let report = renca_by_hand::report();
    let est = engine("renca-solar", None);
    // The example prints 6 significant figures; the engine's inputs it starts from (POA,
    // PR) are given to 7, so agreement to 1e-5 is what it can show.
    assert_close(
        "first-year AC energy (MWh)",
        printed(&report, "first-year AC energy"),
        headline(&est, "first_year_ac_energy"),
        1e-5,
    );
    assert_close(
        "capacity factor (%)",
        printed(&report, "capacity factor"),
        headline(&est, "capacity_factor"),
        1e-3,
    );
    let totals = &est["outcome"]["crediting"]["totals"];
    assert_close(
        "crediting-period AC energy (MWh)",
        printed(&report, "crediting-period AC energy"),
        totals["ac_energy"]["value"].as_f64().unwrap(),
        1e-5,
    );
    assert_close(
        "crediting-period emission reductions (tCO2e)",
        printed(&report, "crediting-period emission reductions"),
        headline(&est, "emission_reductions"),
        1e-5,
    );
    assert!(
        report.contains("first-year AC energy: 2,889.13 MWh"),
        "{report}"
    );
    assert!(
        report.contains("crediting-period emission reductions: 5,059.64 tCO2e"),
        "{report}"
    );
}

#[test]
fn badung_methane_matches_the_engine_under_each_gwp_set() {
    let report = badung_methane::report();
    let ar5 = engine("badung-compost", Some(GwpSetId::Ar5));
    let lowest = engine("badung-compost", Some(GwpSetId::CdmLowest));
    assert_close(
        "waste treated (t)",
        printed(&report, "waste treated a year"),
        first_row(&ar5, "waste_treated"),
        1e-9,
    );
    assert_close(
        "composting CH4 in CO2e, AR5",
        printed(&report, "in CO2e with ar5 (CH4 28)"),
        first_row(&ar5, "project_composting_ch4"),
        1e-6,
    );
    assert_close(
        "composting CH4 in CO2e, CDM lowest",
        printed(&report, "in CO2e with cdm_lowest (CH4 21)"),
        first_row(&lowest, "project_composting_ch4"),
        1e-6,
    );
    assert_close(
        "committed methane (tCH4)",
        printed(&report, "methane the year's waste would release"),
        first_row(&ar5, "committed_ch4"),
        1e-6,
    );
    assert_close(
        "first-year baseline methane (tCH4)",
        printed(&report, "released in the first year"),
        first_row(&ar5, "baseline_ch4"),
        1e-5,
    );
    assert_close(
        "first-year baseline, AR5 (tCO2e)",
        printed(&report, "in CO2e with ar5:"),
        first_row(&ar5, "baseline"),
        1e-5,
    );
    assert_close(
        "first-year baseline, CDM lowest (tCO2e)",
        printed(&report, "in CO2e with cdm_lowest:"),
        first_row(&lowest, "baseline"),
        1e-5,
    );
}

#[test]
fn scenario_api_matches_the_cli() {
    let report = scenario_api::report();
    let out = Command::new(env!("CARGO_BIN_EXE_tanso"))
        .args([
            "estimate",
            "renca-solar",
            "--set",
            "capacity=3 MW",
            "--grid-factor",
            "2024=0.26 tCO2e/MWh,2030=0.15 tCO2e/MWh",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cli: Value = serde_json::from_slice(&out.stdout).unwrap();
    let figures = cli["outcome"]["headline"].as_array().unwrap();
    assert!(figures.len() >= 5);
    for f in figures {
        let label = f["label"].as_str().unwrap();
        let value = f["value"]["value"].as_f64().unwrap();
        // Six significant figures printed.
        assert_close(label, printed(&report, label), value, 1e-5);
    }
}
