//! `POST /v1/estimates` and `/v1/estimates/batch` against the real scenario layer: every
//! class of invalid scenario, and (once the models are wired into `scenario::estimate`) the
//! results moving the right way when inputs change.

use serde_json::{Value, json};

use crate::helpers::{Reply, assert_problem, spawn_app};

fn estimate(body: Value) -> Reply {
    spawn_app().post_json("/v1/estimates", &body)
}

fn first_error(b: &Value) -> &Value {
    &b["errors"][0]
}

#[test]
fn an_unknown_project_is_422_with_the_known_ids() {
    let r = estimate(json!({"project": "renca-wind"}));
    let b = assert_problem(&r, 422, "unknown_project");
    let e = first_error(&b);
    assert_eq!(e["pointer"], "/project");
    assert_eq!(e["received"], "renca-wind");
    assert!(
        e["expected"].as_str().unwrap().contains("renca-solar"),
        "{e}"
    );
    assert_eq!(b["instance"], "/v1/estimates");
}

#[test]
fn an_inline_project_with_an_unknown_model_is_422() {
    let r = estimate(json!({"project": {"model": "wind"}}));
    let b = assert_problem(&r, 422, "unknown_model");
    assert_eq!(first_error(&b)["pointer"], "/project/model");
    assert!(
        first_error(&b)["expected"]
            .as_str()
            .unwrap()
            .contains("solar-pv")
    );
}

#[test]
fn an_unknown_parameter_is_422_with_the_model_parameters() {
    let r = estimate(json!({"project": "renca-solar", "parameters": {"capacity_ac": "3 MW"}}));
    let b = assert_problem(&r, 422, "unknown_parameter");
    let e = first_error(&b);
    assert_eq!(e["pointer"], "/parameters/capacity_ac");
    assert!(e["expected"].as_str().unwrap().contains("capacity"), "{e}");
}

#[test]
fn a_value_of_the_wrong_dimension_names_the_dimension_and_example_units() {
    let r = estimate(json!({"project": "renca-solar", "parameters": {"capacity": "3 MWh"}}));
    let b = assert_problem(&r, 422, "invalid_value");
    let e = first_error(&b);
    assert_eq!(e["pointer"], "/parameters/capacity");
    assert_eq!(e["received"], "3 MWh");
    let expected = e["expected"].as_str().unwrap();
    assert!(
        expected.contains("a power") && expected.contains("\"MW\""),
        "{expected}"
    );
    assert!(e["message"].as_str().unwrap().contains("an energy"), "{e}");
}

#[test]
fn a_value_out_of_range_names_the_range() {
    let r = estimate(json!({"project": "renca-solar", "parameters": {"tilt": "100 deg"}}));
    let b = assert_problem(&r, 422, "invalid_value");
    let e = first_error(&b);
    assert_eq!(e["pointer"], "/parameters/tilt");
    assert!(
        e["message"].as_str().unwrap().contains("out of range"),
        "{e}"
    );
    assert!(
        e["expected"]
            .as_str()
            .unwrap()
            .contains("between 0 deg and 90 deg"),
        "{e}"
    );
    // Huge numbers are out of range too, never a server error.
    let r = estimate(json!({"project": "renca-solar", "parameters": {"capacity": "1e300 GW"}}));
    assert_problem(&r, 422, "invalid_value");
    let r = estimate(
        json!({"project": "renca-solar", "parameters": {"capacity": {"value": 1e308, "unit": "GW"}}}),
    );
    assert_problem(&r, 422, "invalid_value");
}

#[test]
fn every_invalid_value_is_reported_at_once() {
    let r = estimate(json!({
        "project": "badung-compost",
        "parameters": {"utilisation": "150 %", "capacity": "50 kW", "operating_days": "400 d"}
    }));
    let b = assert_problem(&r, 422, "invalid_value");
    let pointers: Vec<&str> = b["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["pointer"].as_str().unwrap())
        .collect();
    assert_eq!(pointers.len(), 3, "{b}");
    for p in [
        "/parameters/utilisation",
        "/parameters/capacity",
        "/parameters/operating_days",
    ] {
        assert!(pointers.contains(&p), "{p} missing: {b}");
    }
}

#[test]
fn an_unknown_unit_suggests_the_closest() {
    let r = estimate(json!({"project": "renca-solar", "parameters": {"capacity": "3 MWW"}}));
    let b = assert_problem(&r, 422, "invalid_value");
    assert!(
        first_error(&b)["message"]
            .as_str()
            .unwrap()
            .contains("\"MW\""),
        "{b}"
    );
}

#[test]
fn invalid_options_are_422_invalid_option() {
    let cases = [
        (
            json!({"grid_factor": {"series": "cl-nowhere"}}),
            "/options/grid_factor/series",
        ),
        (
            json!({"grid_factor": {"constant": "0.3 MW"}}),
            "/options/grid_factor/constant",
        ),
        (
            json!({"grid_factor": {"combined_margin": {"operating_margin": "0.6 tCO2/MWh", "build_margin": "0.3 tCO2/MWh", "om_weight": "150 %"}}}),
            "/options/grid_factor/combined_margin/om_weight",
        ),
        (
            json!({"crediting_start": "2030-01-01", "crediting_end": "2025-01-01"}),
            "/options/crediting_end",
        ),
        (
            json!({"crediting_start": "2024-13-01"}),
            "/options/crediting_start",
        ),
        (json!({"lifetime": "500 yr"}), "/options/lifetime"),
    ];
    for (options, pointer) in cases {
        let r = estimate(json!({"project": "renca-solar", "options": options}));
        let b = assert_problem(&r, 422, "invalid_option");
        assert_eq!(first_error(&b)["pointer"], pointer, "{b}");
    }
    let r =
        estimate(json!({"project": "renca-solar", "options": {"grid_factor": {"series": "x"}}}));
    let b = assert_problem(&r, 422, "invalid_option");
    assert!(
        first_error(&b)["expected"]
            .as_str()
            .unwrap()
            .contains("cl-sen-ember-average")
    );
}

#[test]
fn an_option_outside_its_enumeration_is_an_invalid_body() {
    let r = estimate(json!({"project": "renca-solar", "options": {"gwp": "ar9"}}));
    let b = assert_problem(&r, 422, "invalid_body");
    assert_eq!(first_error(&b)["pointer"], "/options/gwp");
    assert!(
        first_error(&b)["expected"]
            .as_str()
            .unwrap()
            .contains("ar5")
    );
}

#[test]
fn a_batch_answers_each_scenario_in_order() {
    let app = spawn_app();
    let r = app.post_json(
        "/v1/estimates/batch",
        &json!({"scenarios": [
            {"project": "renca-solar"},
            {"project": "nowhere"},
            {"project": "renca-solar", "parameters": {"capacity": "3 MWh"}},
            {"project": "badung-compost", "parameters": {"colour": "green"}},
        ]}),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    let results = r.body["results"].as_array().unwrap();
    assert_eq!(results.len(), 4);
    for (i, item) in results.iter().enumerate() {
        assert_eq!(item["index"], i);
    }
    // The valid scenario: an estimate, or (until the models are wired in) a model_error.
    let first = &results[0];
    assert!(
        first["status"] == 200 && first["estimate"].is_object()
            || first["status"] == 422 && first["problem"]["code"] == "model_error",
        "{first}"
    );
    let expect = [
        (1, "unknown_project", "/scenarios/1/project"),
        (2, "invalid_value", "/scenarios/2/parameters/capacity"),
        (3, "unknown_parameter", "/scenarios/3/parameters/colour"),
    ];
    for (i, code, pointer) in expect {
        let item = &results[i];
        assert_eq!(item["status"], 422, "{item}");
        assert!(item["estimate"].is_null(), "{item}");
        let p = &item["problem"];
        assert_eq!(p["code"], code, "{item}");
        assert_eq!(p["status"], 422);
        assert_eq!(p["type"], format!("urn:tanso:problem:{code}"));
        assert_eq!(p["errors"][0]["pointer"], pointer, "{item}");
        assert!(
            p["detail"]
                .as_str()
                .unwrap()
                .starts_with(&format!("scenario {i}:")),
            "{item}"
        );
    }
    let failed = r.body["failed"].as_u64().unwrap();
    let succeeded = r.body["succeeded"].as_u64().unwrap();
    assert_eq!(failed + succeeded, 4);
    assert!(failed >= 3);
}

#[test]
fn a_malformed_scenario_fails_the_whole_batch_with_its_pointer() {
    let r = spawn_app().post_json(
        "/v1/estimates/batch",
        &json!({"scenarios": [{"project": "renca-solar"}, {"project": "renca-solar", "optoins": {}}]}),
    );
    let b = assert_problem(&r, 422, "invalid_body");
    assert_eq!(first_error(&b)["pointer"], "/scenarios/1/optoins");
}

// ---- Success paths: they need the models wired into `scenario::estimate`. -------------

fn ok(body: Value) -> Value {
    let r = estimate(body);
    assert_eq!(r.status, 200, "{}", r.text);
    assert!(r.content_type.starts_with("application/json"));
    r.body
}

/// A headline figure of the outcome, as (value, unit).
fn figure(v: &Value, key: &str) -> (f64, String) {
    let f = v["outcome"]["headline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == key)
        .unwrap_or_else(|| panic!("figure {key} missing in {v}"));
    (
        f["value"]["value"].as_f64().unwrap(),
        f["value"]["unit"].as_str().unwrap().to_string(),
    )
}

/// A quantity `{value, unit}` at a JSON pointer, as (value, unit).
fn quantity(v: &Value, pointer: &str) -> (f64, String) {
    let q = v
        .pointer(pointer)
        .unwrap_or_else(|| panic!("{pointer} missing in {v}"));
    (
        q["value"].as_f64().unwrap(),
        q["unit"].as_str().unwrap().to_string(),
    )
}

fn input<'a>(e: &'a Value, key: &str) -> &'a Value {
    e["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == key)
        .unwrap_or_else(|| panic!("input {key} missing"))
}

#[test]
fn renca_solar_estimates_with_inputs_sources_and_versions() {
    let e = ok(json!({"project": "renca-solar"}));
    assert_eq!(e["project"]["id"], "renca-solar");
    assert_eq!(e["model"]["id"], "solar-pv");
    assert!(e["dataset_version"].as_str().unwrap().starts_with("data-"));
    let cap = input(&e, "capacity");
    assert_eq!(cap["origin"], "project");
    assert_eq!(cap["value"], json!({"value": 2.0, "unit": "MW"}));
    let (energy, unit) = figure(&e, "first_year_ac_energy");
    assert!(energy > 0.0 && unit == "MWh");
    let (avoided, unit) = quantity(&e, "/outcome/crediting/totals/emission_reductions");
    assert!(avoided > 0.0 && unit == "tCO2e");
    // Grid factor points are objects a client generator can type.
    let point = &e["options"]["grid_factor"]["points"][0];
    assert!(
        point["year"].is_i64() && point["value"]["unit"] == "tCO2e/MWh",
        "{point}"
    );
    assert!(!e["sources"].as_array().unwrap().is_empty());
    assert!(!e["warnings"].as_array().unwrap().is_empty());
}

#[test]
fn more_capacity_gives_more_energy() {
    let base = ok(json!({"project": "renca-solar"}));
    let more = ok(json!({"project": "renca-solar", "parameters": {"capacity": "3 MW"}}));
    assert_eq!(input(&more, "capacity")["origin"], "override");
    let (a, ua) = figure(&base, "first_year_ac_energy");
    let (b, ub) = figure(&more, "first_year_ac_energy");
    assert_eq!(ua, ub);
    assert!(b > a * 1.3, "3 MW gives {b} {ub}, 2 MW gives {a} {ua}");
}

#[test]
fn a_lower_grid_factor_gives_less_avoided_co2() {
    let high = ok(
        json!({"project": "renca-solar", "options": {"grid_factor": {"constant": "0.4 tCO2e/MWh"}}}),
    );
    let low = ok(
        json!({"project": "renca-solar", "options": {"grid_factor": {"constant": "0.1 tCO2e/MWh"}}}),
    );
    let (a, ua) = figure(&high, "emission_reductions");
    let (b, ub) = figure(&low, "emission_reductions");
    assert_eq!(ua, ub);
    assert!(b < a, "0.1 t/MWh avoids {b} {ub}, 0.4 t/MWh {a} {ua}");
    // The same energy either way: only the factor changed.
    assert_eq!(
        quantity(&high, "/outcome/crediting/totals/ac_energy"),
        quantity(&low, "/outcome/crediting/totals/ac_energy")
    );
}

#[test]
fn lower_utilisation_treats_less_waste() {
    let base = ok(json!({"project": "badung-compost"}));
    let low = ok(json!({"project": "badung-compost", "parameters": {"utilisation": "30 %"}}));
    assert_eq!(base["model"]["id"], "composting");
    let (a, ua) = figure(&base, "waste_treated");
    let (b, ub) = figure(&low, "waste_treated");
    assert_eq!(ua, ub);
    assert!(b < a, "30 % treats {b} {ub}, the default {a} {ua}");
}

#[test]
fn a_batch_mixes_estimates_and_problems() {
    let r = spawn_app().post_json(
        "/v1/estimates/batch",
        &json!({"scenarios": [
            {"project": "renca-solar"},
            {"project": "nowhere"},
            {"project": "badung-compost", "parameters": {"utilisation": "30 %"}},
        ]}),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    let results = r.body["results"].as_array().unwrap();
    assert_eq!(results[0]["status"], 200);
    assert_eq!(results[0]["estimate"]["project"]["id"], "renca-solar");
    assert_eq!(results[1]["status"], 422);
    assert_eq!(results[1]["problem"]["code"], "unknown_project");
    assert_eq!(results[2]["status"], 200);
    assert_eq!(results[2]["estimate"]["model"]["id"], "composting");
    assert_eq!(r.body["succeeded"], 2);
    assert_eq!(r.body["failed"], 1);
}

#[test]
fn null_holds_a_parameter_at_its_value_in_the_monte_carlo() {
    // The documented form: `null` instead of a distribution, for a parameter with its own
    // spread (utilisation, from the project) and a derived one (k_food, from the climate).
    let v = ok(
        json!({"project": "badung-compost", "options": {"uncertainty": {
        "draws": 50, "seed": 3, "parameters": {"utilisation": null, "k_food": null}}}}),
    );
    let drawn: Vec<&str> = v["uncertainty"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["key"].as_str())
        .collect();
    assert!(!drawn.contains(&"utilisation"), "{drawn:?}");
    assert!(!drawn.contains(&"k_food"), "{drawn:?}");
    assert!(drawn.contains(&"doc_food"), "{drawn:?}");
    let notes = v["uncertainty"]["notes"].to_string();
    assert!(
        notes.contains("utilisation") && notes.contains("null"),
        "{notes}"
    );
}

#[test]
fn weather_warnings_reach_the_estimate_and_an_impossible_file_is_refused() {
    // The committed typical year with its GHI one hour late: possible, but light after dark
    // in hundreds of hours; twelve hours late: impossible (the sun is down at noon).
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/santiago_climatology.csv"),
    )
    .unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let (head, rows): (Vec<&str>, Vec<&str>) = lines
        .iter()
        .partition(|l| l.starts_with('#') || l.starts_with("period_end"));
    let shifted = |hours: usize| {
        let n = rows.len();
        let ghi: Vec<&str> = rows.iter().map(|r| r.split(',').nth(1).unwrap()).collect();
        let body: Vec<String> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let mut cells: Vec<&str> = r.split(',').collect();
                cells[1] = ghi[(i + n - hours) % n];
                cells.join(",")
            })
            .collect();
        format!("{}\n{}\n", head.join("\n"), body.join("\n"))
    };
    let v = ok(
        json!({"project": "renca-solar", "options": {"weather": {"format": "csv", "data": shifted(1)}}}),
    );
    let warnings = v["warnings"].to_string();
    assert!(warnings.contains("below the horizon"), "{warnings}");
    assert!(warnings.contains("1 h behind the sun"), "{warnings}");
    let r = estimate(
        json!({"project": "renca-solar", "options": {"weather": {"format": "csv", "data": shifted(12)}}}),
    );
    let b = assert_problem(&r, 422, "invalid_weather");
    assert_eq!(first_error(&b)["pointer"], "/options/weather/data");
    assert!(b["detail"].as_str().unwrap().contains("12 h"), "{b}");
}
