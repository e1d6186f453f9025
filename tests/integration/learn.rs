//! The units playground over HTTP (`POST /v1/units/eval`) and the teaching pages at `/learn`,
//! on the real server.

use serde_json::json;

use crate::helpers::{assert_problem, spawn_app};

#[test]
fn eval_answers_with_value_dimension_and_readable_units() {
    let app = spawn_app();
    // 2 MW × 8,760 h × 16.5 % = 2,890.8 MWh (hand computation).
    let r = app.post_json(
        "/v1/units/eval",
        &json!({"expression": "2 MW * 8760 h * 16.5 %", "to": "MWh"}),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    assert!((r.body["value"].as_f64().unwrap() - 2890.8).abs() < 1e-9);
    assert_eq!(r.body["unit"], "MWh");
    assert_eq!(r.body["readable"], "2,890.8 MWh");
    assert_eq!(r.body["dimension"], "energy");
    assert_eq!(r.body["si"]["unit"], "kg·m²·s⁻²");
    // Methane to CO2e through the catalog's AR5 set: 49.92 t × 28 = 1,397.76 t.
    let r = app.post_json(
        "/v1/units/eval",
        &json!({"expression": "12480 t * 4 gCH4/kg * gwp(ar5)"}),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["readable"], "1,397.76 tCO2e");
}

#[test]
fn eval_refuses_nonsense_with_a_problem_that_teaches() {
    let app = spawn_app();
    let r = app.post_json("/v1/units/eval", &json!({"expression": "2 MW + 1 MWh"}));
    let p = assert_problem(&r, 422, "invalid_value");
    assert_eq!(p["errors"][0]["pointer"], "/expression");
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("cannot add an energy (1 MWh) to a power (2 MW)"),
        "{p}"
    );
    let r = app.post_json(
        "/v1/units/eval",
        &json!({"expression": "2 MW", "to": "kWh"}),
    );
    let p = assert_problem(&r, 422, "invalid_value");
    assert_eq!(p["errors"][0]["pointer"], "/to");
    for bad in [
        json!({"expression": "("}),
        json!({"expression": "x".repeat(5000)}),
        json!({"expression": format!("{}1{}", "(".repeat(500), ")".repeat(500))}),
        json!({"expression": "1e308 * 1e308"}),
    ] {
        let r = app.post_json("/v1/units/eval", &bad);
        assert_eq!(r.status, 422, "{bad}: {}", r.text);
    }
    let r = app.post_json("/v1/units/eval", &json!({"expression": 2}));
    assert_problem(&r, 422, "invalid_body");
}

#[test]
fn the_guide_and_the_playground_are_pages() {
    let app = spawn_app();
    let r = app.call("GET", "/learn", None, None);
    assert_eq!(r.status, 200);
    assert!(
        r.content_type.starts_with("text/html"),
        "{}",
        r.content_type
    );
    assert!(
        r.text.contains("<h1>Unit-safe modelling with tanso</h1>"),
        "{}",
        r.text
    );
    assert!(r.text.contains("href=\"/learn/08-renca-by-hand\""));
    let r = app.call("GET", "/learn/08-renca-by-hand", None, None);
    assert_eq!(r.status, 200);
    assert!(r.text.contains("2,889.13 MWh"));
    assert_eq!(
        app.call("GET", "/learn/no-such-chapter", None, None).status,
        404
    );
    // The playground works with a plain GET form: no JavaScript anywhere.
    let r = app.call(
        "GET",
        "/learn/units?expression=2%20MW%20*%208760%20h%20*%2016.5%20%25&to=MWh",
        None,
        None,
    );
    assert_eq!(r.status, 200);
    assert!(
        r.text.contains("<output>2,890.8 MWh</output>"),
        "{}",
        r.text
    );
    assert!(!r.text.contains("<script"));
    let r = app.call(
        "GET",
        "/learn/units?expression=%3Cscript%3E2%20MW%20%2B%201%20MWh",
        None,
        None,
    );
    assert_eq!(r.status, 200);
    assert!(r.text.contains("Cannot evaluate"), "{}", r.text);
    assert!(!r.text.contains("<script>"), "user input is escaped");
    assert_eq!(app.call("POST", "/learn/units", None, None).status, 405);
}
