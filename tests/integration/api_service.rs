//! Health, readiness, metrics, the OpenAPI document and the Swagger UI.

use crate::helpers::{assert_problem, spawn_app};

#[test]
fn readyz_reports_the_catalog() {
    let (status, body) = spawn_app().get("/readyz");
    assert_eq!(status, 200);
    assert_eq!(body["status"], "ready");
    let seeds = tanso::catalog::Catalog::embedded().unwrap().seeds.len();
    assert!(seeds >= 2);
    assert_eq!(body["projects"], seeds);
    assert!(body["dataset"].as_str().unwrap().starts_with("data-"));
}

#[test]
fn metrics_count_requests_latency_and_errors_by_status() {
    let app = spawn_app();
    app.get("/healthz");
    let r = app.call("GET", "/v1/projects/nowhere", None, None);
    assert_problem(&r, 404, "unknown_project");
    app.get("/no/such/route");
    let r = app.call("GET", "/metrics", None, None);
    assert_eq!(r.status, 200);
    assert!(
        r.content_type.starts_with("text/plain"),
        "{}",
        r.content_type
    );
    let t = &r.text;
    assert!(
        t.contains("# TYPE tanso_http_requests_total counter"),
        "{t}"
    );
    assert!(
        t.contains("tanso_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"}"),
        "{t}"
    );
    assert!(
        t.contains("# TYPE tanso_http_request_duration_seconds histogram"),
        "{t}"
    );
    assert!(
        t.contains("tanso_http_request_duration_seconds_bucket{method=\"GET\",route=\"/healthz\",le=\"+Inf\"}"),
        "{t}"
    );
    // Errors by route pattern (not by id), status and problem code.
    assert!(
        t.contains("tanso_http_errors_total{route=\"/v1/projects/{id}\",status=\"404\",code=\"unknown_project\"}"),
        "{t}"
    );
    assert!(
        t.contains(
            "tanso_http_errors_total{route=\"unmatched\",status=\"404\",code=\"not_found\"}"
        ),
        "{t}"
    );
    assert!(t.contains("tanso_build_info{version="), "{t}");
}

#[test]
fn the_served_openapi_document_is_the_committed_one() {
    let r = spawn_app().call("GET", "/openapi.json", None, None);
    assert_eq!(r.status, 200);
    assert!(r.content_type.starts_with("application/json"));
    let committed: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(committed_path()).unwrap()).unwrap();
    assert_eq!(
        r.body, committed,
        "the served document differs from openapi/openapi.json"
    );
    assert_eq!(r.body["openapi"], "3.1.0");
}

fn committed_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("openapi/openapi.json")
}

#[test]
fn the_committed_openapi_document_is_up_to_date() {
    let committed = std::fs::read_to_string(committed_path()).unwrap_or_default();
    let current = tanso::api::spec_json();
    assert!(
        committed == current,
        "openapi/openapi.json is out of date with the code; regenerate it with\n\n    cargo run -- openapi > openapi/openapi.json\n\nand commit the result"
    );
}

#[test]
fn every_reference_in_the_openapi_document_resolves() {
    // A `$ref` to a component that is not registered passes serde but fails every client
    // generator and the spec validator (as the sheets' `Format` once did).
    fn refs<'a>(v: &'a serde_json::Value, out: &mut Vec<&'a str>) {
        match v {
            serde_json::Value::Object(m) => {
                if let Some(serde_json::Value::String(r)) = m.get("$ref") {
                    out.push(r);
                }
                m.values().for_each(|x| refs(x, out));
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
            _ => {}
        }
    }
    let doc: serde_json::Value = serde_json::from_str(&tanso::api::spec_json()).unwrap();
    let mut all = Vec::new();
    refs(&doc, &mut all);
    assert!(all.len() > 50);
    let missing: Vec<_> = all
        .iter()
        .filter(|r| doc.pointer(r.trim_start_matches('#')).is_none())
        .collect();
    assert!(missing.is_empty(), "unresolved: {missing:?}");
}

#[test]
fn swagger_ui_is_served_without_network() {
    let app = spawn_app();
    let r = app.call("GET", "/docs", None, None);
    assert_eq!(r.status, 308);
    assert_eq!(r.location.as_deref(), Some("/docs/"));
    let r = app.call("GET", "/docs/", None, None);
    assert_eq!(r.status, 200);
    assert!(r.text.contains("swagger-ui"), "{}", r.text);
    let r = app.call("GET", "/docs/swagger-ui-bundle.js", None, None);
    assert_eq!(r.status, 200);
    assert!(r.text.len() > 100_000);
    let r = app.call("GET", "/docs/swagger-initializer.js", None, None);
    assert!(r.text.contains("/openapi.json"), "{}", r.text);
}

#[test]
fn readyz_answers_while_every_compute_thread_is_busy() {
    use std::time::{Duration, Instant};
    // One batch per compute thread, each longer than readiness waits for the store (3 s):
    // a store ping queued behind them would time out and report the replica not ready.
    let app = spawn_app();
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let busy = crate::helpers::busy_batch(app, Duration::from_secs(4));
    let heavy: Vec<_> = (0..threads)
        .map(|_| {
            let busy = busy.clone();
            std::thread::spawn(move || {
                let start = Instant::now();
                let r = app.post_json("/v1/estimates/batch", &busy);
                (r.status, start.elapsed())
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let start = Instant::now();
    let (status, body) = app.get("/readyz");
    let ready_took = start.elapsed();
    let ran: Vec<_> = heavy.into_iter().map(|h| h.join().unwrap()).collect();
    assert_eq!(status, 200, "{body}");
    for (heavy_status, heavy_took) in ran {
        assert_eq!(heavy_status, 200);
        assert!(
            ready_took < heavy_took / 4,
            "/readyz took {ready_took:?} while a batch took {heavy_took:?}"
        );
    }
}

#[test]
fn healthz_answers_while_a_heavy_estimate_runs() {
    use std::time::{Duration, Instant};
    let app = spawn_app();
    let busy = crate::helpers::busy_batch(app, Duration::from_secs(1));
    let heavy = std::thread::spawn(move || {
        let start = Instant::now();
        let r = app.post_json("/v1/estimates/batch", &busy);
        (r.status, start.elapsed())
    });
    std::thread::sleep(Duration::from_millis(100));
    let start = Instant::now();
    let (status, _) = app.get("/healthz");
    let health_took = start.elapsed();
    let (heavy_status, heavy_took) = heavy.join().unwrap();
    assert_eq!(status, 200);
    assert_eq!(heavy_status, 200);
    assert!(
        heavy_took > Duration::from_millis(500),
        "the estimate took {heavy_took:?}: too light to show anything"
    );
    assert!(
        health_took < heavy_took / 4,
        "/healthz took {health_took:?} while the estimate took {heavy_took:?}"
    );
}
