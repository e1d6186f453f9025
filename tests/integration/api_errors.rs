//! Every error class the HTTP layer produces is an RFC 9457 problem document: malformed
//! JSON, wrong types, unknown and missing fields, wrong content type, oversized bodies and
//! batches, the other limits, unknown routes and wrong methods.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use serde_json::json;

use crate::helpers::{TestApp, assert_problem, spawn_app, spawn_tight_app};

#[test]
fn malformed_json_is_400() {
    let r = spawn_app().call(
        "POST",
        "/v1/estimates",
        Some("application/json"),
        Some(b"{\"project\": \"renca-solar\",".to_vec()),
    );
    let b = assert_problem(&r, 400, "malformed_json");
    assert!(
        b["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("line 1"),
        "{b}"
    );
    let r = spawn_app().call(
        "POST",
        "/v1/estimates",
        Some("application/json"),
        Some(Vec::new()),
    );
    assert_problem(&r, 400, "malformed_json");
}

#[test]
fn a_wrong_json_type_is_422_with_pointer_expected_and_received() {
    let r = spawn_app().post_json(
        "/v1/estimates",
        &json!({"project": "renca-solar", "options": {"hourly": "yes"}}),
    );
    let b = assert_problem(&r, 422, "invalid_body");
    let e = &b["errors"][0];
    assert_eq!(e["pointer"], "/options/hourly");
    assert_eq!(e["expected"], "a boolean");
    assert_eq!(e["received"], "\"yes\"");
    let r = spawn_app().post_json("/v1/estimates", &json!({"project": 42}));
    let b = assert_problem(&r, 422, "invalid_body");
    assert_eq!(b["errors"][0]["pointer"], "/project");
    assert!(
        b["errors"][0]["expected"]
            .as_str()
            .unwrap()
            .contains("renca-solar")
    );
    let r = spawn_app().post_json("/v1/estimates", &json!(["renca-solar"]));
    assert_problem(&r, 422, "invalid_body");
}

#[test]
fn an_unknown_field_is_422_pointing_at_it() {
    let r = spawn_app().post_json(
        "/v1/estimates",
        &json!({"project": "renca-solar", "paramaters": {}}),
    );
    let b = assert_problem(&r, 422, "invalid_body");
    assert_eq!(b["errors"][0]["pointer"], "/paramaters");
    assert!(
        b["errors"][0]["expected"]
            .as_str()
            .unwrap()
            .contains("parameters"),
        "{b}"
    );
    let r = spawn_app().post_json(
        "/v1/units/convert",
        &json!({"quantity": "2 MW", "to": "kW", "precision": 3}),
    );
    let b = assert_problem(&r, 422, "invalid_body");
    assert_eq!(b["errors"][0]["pointer"], "/precision");
}

#[test]
fn a_missing_field_is_422_pointing_at_it() {
    let r = spawn_app().post_json("/v1/units/convert", &json!({"quantity": "2 MW"}));
    let b = assert_problem(&r, 422, "invalid_body");
    assert_eq!(b["errors"][0]["pointer"], "/to");
}

#[test]
fn a_body_that_is_not_json_is_415() {
    let app = spawn_app();
    let r = app.call(
        "POST",
        "/v1/estimates",
        Some("text/plain"),
        Some(b"{}".to_vec()),
    );
    let b = assert_problem(&r, 415, "unsupported_media_type");
    assert!(b["detail"].as_str().unwrap().contains("text/plain"));
    let r = app.call("POST", "/v1/estimates", None, Some(b"{}".to_vec()));
    assert_problem(&r, 415, "unsupported_media_type");
    // A structured +json type is JSON.
    let r = app.call(
        "POST",
        "/v1/units/convert",
        Some("application/vnd.tanso+json; charset=utf-8"),
        Some(br#"{"quantity": "1 kWh", "to": "MJ"}"#.to_vec()),
    );
    assert_eq!(r.status, 200, "{}", r.text);
}

/// Sends raw bytes and returns the response head and body as text.
fn raw(app: &TestApp, request: &[u8]) -> String {
    let addr = app.base.trim_start_matches("http://");
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(request).unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn a_body_over_8_mib_is_413_naming_the_limit() {
    // The announced length is checked before the body is read.
    let head = format!(
        "POST /v1/estimates HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{{",
        9 << 20
    );
    let text = raw(spawn_app(), head.as_bytes());
    assert!(text.starts_with("HTTP/1.1 413"), "{text}");
    assert!(text.contains("application/problem+json"), "{text}");
    assert!(text.contains("\"code\":\"payload_too_large\""), "{text}");
    assert!(text.contains("8388608 bytes (8 MiB)"), "{text}");
}

#[test]
fn a_streamed_body_over_the_limit_is_413() {
    // No length announced: the limit applies while reading (tight server: 4 KiB).
    let chunk = "x".repeat(3000);
    let body = format!(
        "POST /v1/estimates HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n{:x}\r\n{chunk}\r\n{:x}\r\n{chunk}\r\n0\r\n\r\n",
        chunk.len(),
        chunk.len()
    );
    let text = raw(spawn_tight_app(), body.as_bytes());
    assert!(text.starts_with("HTTP/1.1 413"), "{text}");
    assert!(text.contains("4096 bytes (4 KiB)"), "{text}");
    // Under the limit, the same server reads the body.
    let r = spawn_tight_app().post_json(
        "/v1/units/convert",
        &json!({"quantity": "2 MW", "to": "kW"}),
    );
    assert_eq!(r.status, 200, "{}", r.text);
}

#[test]
fn a_batch_over_100_scenarios_is_422_naming_the_limit() {
    let scenarios: Vec<_> = (0..101)
        .map(|_| json!({"project": "renca-solar"}))
        .collect();
    let r = spawn_app().post_json("/v1/estimates/batch", &json!({"scenarios": scenarios}));
    let b = assert_problem(&r, 422, "limit_exceeded");
    assert_eq!(b["errors"][0]["pointer"], "/scenarios");
    assert!(
        b["detail"].as_str().unwrap().contains("batch size limit"),
        "{b}"
    );
    assert_eq!(b["errors"][0]["received"], "101 scenarios");
    let r = spawn_app().post_json("/v1/estimates/batch", &json!({"scenarios": []}));
    assert_problem(&r, 422, "limit_exceeded");
}

#[test]
fn too_many_draws_is_422_naming_the_limit() {
    for draws in [0, 100_001] {
        let r = spawn_app().post_json(
            "/v1/estimates",
            &json!({"project": "renca-solar", "options": {"uncertainty": {"draws": draws}}}),
        );
        let b = assert_problem(&r, 422, "limit_exceeded");
        assert_eq!(b["errors"][0]["pointer"], "/options/uncertainty/draws");
        assert!(b["detail"].as_str().unwrap().contains("draws limit"), "{b}");
    }
}

#[test]
fn weather_text_over_the_limit_is_422_before_it_is_parsed() {
    // 6 MiB + 1 characters, inside the 8 MiB body limit.
    let data = "9".repeat((6 << 20) + 1);
    let r = spawn_app().post_json(
        "/v1/estimates",
        &json!({"project": "renca-solar", "options": {"weather": {"format": "csv", "data": data}}}),
    );
    let b = assert_problem(&r, 422, "limit_exceeded");
    assert_eq!(b["errors"][0]["pointer"], "/options/weather/data");
    assert!(
        b["detail"].as_str().unwrap().contains("weather size limit"),
        "{b}"
    );
    // A scenario over a limit fails its batch as a whole, pointing at it.
    let r = spawn_app().post_json(
        "/v1/estimates/batch",
        &json!({"scenarios": [
            {"project": "nowhere"},
            {"project": "renca-solar", "options": {"weather": {"format": "epw", "data": data}}},
        ]}),
    );
    let b = assert_problem(&r, 422, "limit_exceeded");
    assert_eq!(
        b["errors"][0]["pointer"],
        "/scenarios/1/options/weather/data"
    );
    assert!(
        b["detail"].as_str().unwrap().starts_with("scenario 1:"),
        "{b}"
    );
}

#[test]
fn a_seed_beyond_int64_is_422() {
    let r = spawn_app().post_json(
        "/v1/estimates",
        &json!({"project": "renca-solar", "options": {"uncertainty": {"seed": 9_223_372_036_854_775_808u64}}}),
    );
    let b = assert_problem(&r, 422, "invalid_option");
    assert_eq!(b["errors"][0]["pointer"], "/options/uncertainty/seed");
}

#[test]
fn inline_climate_with_the_wrong_number_of_months_is_422() {
    let month = |v: &'static str| vec![v; 11];
    let r = spawn_app().post_json(
        "/v1/estimates",
        &json!({"project": {"model": "solar-pv", "climate": {
            "ghi_daily": month("5 kWh/m2"), "temp_mean": month("15 °C"),
            "temp_min": month("10 °C"), "temp_max": month("20 °C"), "wind": ["2 m/s"]
        }}}),
    );
    let b = assert_problem(&r, 422, "invalid_value");
    assert_eq!(b["errors"].as_array().unwrap().len(), 4, "{b}");
    assert_eq!(b["errors"][0]["pointer"], "/project/climate/ghi_daily");
}

#[test]
fn a_pdf_sheet_over_the_time_budget_says_printing_takes_time_too() {
    let app = spawn_tight_app();
    let html = app.call(
        "GET",
        "/v1/projects/renca-solar/sheet?format=html",
        None,
        None,
    );
    let b = assert_problem(&html, 503, "timeout");
    assert!(!b["detail"].as_str().unwrap().contains("Chromium"), "{b}");
    let pdf = app.call(
        "GET",
        "/v1/projects/renca-solar/sheet?format=pdf",
        None,
        None,
    );
    if !tanso::sheets::pdf::available() {
        assert_problem(&pdf, 406, "not_acceptable");
        return;
    }
    let b = assert_problem(&pdf, 503, "timeout");
    let detail = b["detail"].as_str().unwrap();
    assert!(
        detail.contains("time limit") && detail.contains("Chromium"),
        "{b}"
    );
}

#[test]
fn a_computation_over_the_time_budget_is_503() {
    let r = spawn_tight_app().post_json("/v1/estimates", &json!({"project": "renca-solar"}));
    let b = assert_problem(&r, 503, "timeout");
    assert!(b["detail"].as_str().unwrap().contains("time limit"), "{b}");
    // Resolving the scenario against the catalog is part of the computation, so it is
    // under the budget too; malformed bodies and limits are refused before it.
    let r = spawn_tight_app().post_json("/v1/estimates", &json!({"project": "nowhere"}));
    assert_problem(&r, 503, "timeout");
    let r = spawn_tight_app().post_json(
        "/v1/estimates/batch",
        &json!({"scenarios": [{"project": "renca-solar"}, {"project": "renca-solar"}, {"project": "renca-solar"}, {"project": "renca-solar"}]}),
    );
    let b = assert_problem(&r, 422, "limit_exceeded");
    assert!(
        b["errors"][0]["expected"]
            .as_str()
            .unwrap()
            .contains("1 to 3"),
        "{b}"
    );
}

#[test]
fn an_unknown_route_is_404() {
    let r = spawn_app().call("GET", "/v2/projects", None, None);
    let b = assert_problem(&r, 404, "not_found");
    assert_eq!(b["instance"], "/v2/projects");
    let r = spawn_app().call(
        "POST",
        "/nowhere",
        Some("application/json"),
        Some(b"{}".to_vec()),
    );
    assert_problem(&r, 404, "not_found");
    let r = spawn_app().call("GET", "/docs/no-such-file.js", None, None);
    assert_problem(&r, 404, "not_found");
}

#[test]
fn a_wrong_method_is_405_with_allow() {
    let app = spawn_app();
    let cases = [
        ("GET", "/v1/estimates", "POST"),
        ("DELETE", "/v1/projects/renca-solar", "GET, HEAD"),
        ("PUT", "/v1/projects", "GET, HEAD"),
        ("PATCH", "/v1/units/convert", "POST"),
        ("POST", "/healthz", "GET, HEAD"),
        ("POST", "/openapi.json", "GET, HEAD"),
    ];
    for (method, path, allow) in cases {
        let body = matches!(method, "PUT" | "PATCH" | "POST").then(|| b"{}".to_vec());
        let r = app.call(method, path, Some("application/json"), body);
        let b = assert_problem(&r, 405, "method_not_allowed");
        assert_eq!(r.allow.as_deref(), Some(allow), "{method} {path}");
        assert!(b["detail"].as_str().unwrap().contains(method), "{b}");
    }
}
