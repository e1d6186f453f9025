//! The read-only resources: projects, models, units, datasets.

use serde_json::{Value, json};

use crate::helpers::{assert_problem, spawn_app};

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect()
}

/// Every id a resource cites (in `sources` arrays anywhere inside it) is resolved in its
/// top-level `sources`.
fn assert_citations_resolved(resource: &Value) {
    fn collect(v: &Value, top: bool, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    if k == "sources" && !top {
                        for id in x.as_array().unwrap() {
                            out.push(id.as_str().unwrap().to_string());
                        }
                    } else if !(k == "sources" && top) {
                        collect(x, false, out);
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|x| collect(x, false, out)),
            _ => {}
        }
    }
    let mut cited = Vec::new();
    collect(resource, true, &mut cited);
    assert!(!cited.is_empty());
    let resolved = ids(&resource["sources"]);
    for id in cited {
        assert!(resolved.contains(&id), "{id} is cited but not resolved");
    }
    for s in resource["sources"].as_array().unwrap() {
        assert!(s["title"].is_string() && s["confidence"].is_string(), "{s}");
    }
}

#[test]
fn projects_list_the_documented_projects() {
    let (status, body) = spawn_app().get("/v1/projects");
    assert_eq!(status, 200);
    let ids = ids(&body["projects"]);
    assert!(ids.contains(&"renca-solar".to_string()));
    assert!(ids.contains(&"badung-compost".to_string()));
    assert_eq!(
        body["projects"][0]["href"],
        format!("/v1/projects/{}", ids[0])
    );
    assert!(
        body["dataset_version"]
            .as_str()
            .unwrap()
            .starts_with("data-")
    );
}

#[test]
fn a_project_has_facts_parameters_defaults_caveats_and_resolved_sources() {
    let (status, p) = spawn_app().get("/v1/projects/renca-solar");
    assert_eq!(status, 200);
    assert_eq!(p["model"], "solar-pv");
    assert_eq!(p["location"]["country"], "CL");
    assert_eq!(
        p["location"]["latitude"],
        json!({"value": -33.4, "unit": "deg"})
    );
    let capacity = p["facts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "capacity")
        .unwrap();
    assert_eq!(capacity["value"], json!({"value": 2.0, "unit": "MW"}));
    let cap = p["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["key"] == "capacity")
        .unwrap();
    assert_eq!(cap["value"], json!({"value": 2.0, "unit": "MW"}));
    assert!(cap["assumption"].as_str().unwrap().contains("DC"));
    assert_eq!(cap["uncertainty"]["distribution"], "discrete");
    let defaults: Vec<&str> = p["scenario_defaults"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["key"].as_str().unwrap())
        .collect();
    assert!(defaults.contains(&"crediting_start") && defaults.contains(&"grid_factor"));
    assert_eq!(p["climate"]["ghi_daily"].as_array().unwrap().len(), 12);
    assert!(p["caveats"].is_array());
    assert_citations_resolved(&p);
}

#[test]
fn an_unknown_project_is_a_404_problem() {
    let r = spawn_app().call("GET", "/v1/projects/nowhere-solar", None, None);
    let b = assert_problem(&r, 404, "unknown_project");
    assert!(b["detail"].as_str().unwrap().contains("renca-solar"));
    assert_eq!(b["instance"], "/v1/projects/nowhere-solar");
}

#[test]
fn models_list_and_describe_parameters() {
    let app = spawn_app();
    let (status, list) = app.get("/v1/models");
    assert_eq!(status, 200);
    assert!(ids(&list["models"]).contains(&"solar-pv".to_string()));

    let (status, m) = app.get("/v1/models/solar-pv");
    assert_eq!(status, 200);
    let params = m["parameters"].as_array().unwrap();
    let cap = params.iter().find(|p| p["key"] == "capacity").unwrap();
    assert_eq!(cap["kind"], "quantity");
    assert_eq!(cap["dimension"], "power");
    assert!(cap["units"].as_array().unwrap().contains(&json!("MW")));
    assert!(cap["accepts"].as_str().unwrap().contains("a power"));
    assert_eq!(cap["min"], json!({"value": 0.05, "unit": "kW"}));
    assert_eq!(cap["max"], json!({"value": 500.0, "unit": "MW"}));
    let choice = params.iter().find(|p| p["kind"] == "choice").unwrap();
    assert!(!choice["choices"].as_array().unwrap().is_empty());
    // Each parameter has a default or says how the model derives it.
    for p in params {
        assert!(
            p["default"].is_object() || p["default"].is_string() || p["derived"].is_string(),
            "{p}"
        );
    }
    assert_citations_resolved(&m);

    let (_, compost) = app.get("/v1/models/composting");
    let derived = compost["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["derived"].is_string());
    assert!(derived.is_some(), "composting has a derived parameter");
    assert!(
        compost["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["uncertainty"]["distribution"] == "triangular")
    );
}

#[test]
fn an_unknown_model_is_a_404_problem() {
    let r = spawn_app().call("GET", "/v1/models/wind", None, None);
    let b = assert_problem(&r, 404, "unknown_model");
    assert!(b["detail"].as_str().unwrap().contains("solar-pv"));
}

#[test]
fn units_are_listed_per_dimension() {
    let (status, body) = spawn_app().get("/v1/units");
    assert_eq!(status, 200);
    let dims = body["dimensions"].as_array().unwrap();
    assert_eq!(dims.len(), tanso::units::Dimension::ALL.len());
    let power = dims.iter().find(|d| d["id"] == "power").unwrap();
    assert_eq!(power["display_unit"], "kW");
    assert!(
        power["units"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["symbol"] == "MW")
    );
    let mass_rate = dims.iter().find(|d| d["id"] == "mass_rate").unwrap();
    assert!(
        mass_rate["units"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["symbol"] == "t/d")
    );
}

#[test]
fn units_convert() {
    let app = spawn_app();
    let r = app.post_json(
        "/v1/units/convert",
        &json!({"quantity": "2 MW", "to": "kW"}),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["value"], 2000.0);
    assert_eq!(r.body["unit"], "kW");
    assert_eq!(r.body["dimension"], "power");
    let r = app.post_json(
        "/v1/units/convert",
        &json!({"quantity": {"value": 0.4, "unit": "tCO2e/MWh"}, "to": "g/kWh"}),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    assert!((r.body["value"].as_f64().unwrap() - 400.0).abs() < 1e-9);

    let r = app.post_json(
        "/v1/units/convert",
        &json!({"quantity": "2 MW", "to": "kWh"}),
    );
    let b = assert_problem(&r, 422, "invalid_value");
    assert_eq!(b["errors"][0]["pointer"], "/to");
    assert!(
        b["errors"][0]["expected"].as_str().unwrap().contains("kW"),
        "{b}"
    );
    let r = app.post_json(
        "/v1/units/convert",
        &json!({"quantity": "2 MWW", "to": "kW"}),
    );
    let b = assert_problem(&r, 422, "invalid_value");
    assert_eq!(b["errors"][0]["pointer"], "/quantity");
    assert_eq!(b["errors"][0]["received"], "2 MWW");
    let r = app.post_json(
        "/v1/units/convert",
        &json!({"quantity": "1e308 GW", "to": "W"}),
    );
    assert_problem(&r, 422, "invalid_value");
}

#[test]
fn grid_factors_filter_by_country_and_series() {
    let app = spawn_app();
    let (status, all) = app.get("/v1/datasets/grid-factors");
    assert_eq!(status, 200);
    let all_n = all["grid_factors"].as_array().unwrap().len();
    assert!(all_n > 0);
    assert_citations_resolved(&all);

    let (_, cl) = app.get("/v1/datasets/grid-factors?country=cl");
    let cl = cl["grid_factors"].as_array().unwrap();
    assert!(!cl.is_empty());
    assert!(cl.iter().all(|f| f["country"] == "CL"));

    let series = cl[0]["series"].as_str().unwrap().to_string();
    let (_, one) = app.get(&format!("/v1/datasets/grid-factors?series={series}"));
    let one = one["grid_factors"].as_array().unwrap();
    assert!(one.iter().all(|f| f["series"] == series.as_str()));
    assert!(one[0]["value"]["unit"].is_string());
    assert!(one[0]["kind"].is_string());

    let (status, none) = app.get("/v1/datasets/grid-factors?country=ZZ");
    assert_eq!(status, 200);
    assert!(none["grid_factors"].as_array().unwrap().is_empty());
}

#[test]
fn gwp_sets_with_sources() {
    let (status, body) = spawn_app().get("/v1/datasets/gwp-sets");
    assert_eq!(status, 200);
    let sets = body["gwp_sets"].as_array().unwrap();
    let ar5 = sets.iter().find(|s| s["id"] == "ar5").unwrap();
    assert!(ar5["ch4"].as_f64().unwrap() > 20.0);
    let lowest = sets.iter().find(|s| s["id"] == "cdm_lowest").unwrap();
    assert!(!lowest["lowest_of"].as_array().unwrap().is_empty());
    assert_citations_resolved(&body);
}
