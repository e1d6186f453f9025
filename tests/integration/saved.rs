//! Saved scenarios through the HTTP API and the command line, on SQLite and PostgreSQL; a
//! crash during a write burst; dataset versions.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tanso::catalog::Catalog;
use tanso::store::{self, Location};

use crate::helpers::{
    ServeProcess, TestApp, assert_problem, copy_of_the_catalog, postgres_schema, start_with_store,
};

/// A server per store kind, each on an empty store.
fn apps(test: &str) -> Vec<(&'static str, TestApp, Option<tempfile::TempDir>)> {
    let dir = tempfile::tempdir().unwrap();
    let file = Location::Sqlite(dir.path().join("scenarios.sqlite3"));
    let catalog = || Catalog::embedded().unwrap();
    let mut out = vec![(
        "sqlite",
        start_with_store(store::open(&file, 4).unwrap(), catalog(), vec![]),
        Some(dir),
    )];
    if let Some(url) = postgres_schema(test) {
        let pg = store::open(&Location::Postgres(url), 4).unwrap();
        out.push(("postgres", start_with_store(pg, catalog(), vec![]), None));
    }
    out
}

fn delete(app: &TestApp, path: &str, token: Option<&str>) -> crate::helpers::Reply {
    // The helper's `call` sends no custom headers; build the request here.
    let mut req = ureq::http::Request::builder()
        .method("DELETE")
        .uri(format!("{}{path}", app.base));
    if let Some(t) = token {
        req = req.header("Tanso-Delete-Token", t);
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut resp = agent.run(req.body(()).unwrap()).unwrap();
    let status = resp.status().as_u16();
    let content_type = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let text = resp.body_mut().read_to_string().unwrap_or_default();
    crate::helpers::Reply {
        status,
        content_type,
        allow: None,
        location: None,
        set_cookie: Vec::new(),
        body: serde_json::from_str(&text).unwrap_or(Value::Null),
        text,
    }
}

#[test]
fn save_read_estimate_and_delete_on_both_stores() {
    for (kind, app, _dir) in apps("http_lifecycle") {
        let scenario =
            json!({"project": "renca-solar", "parameters": {"capacity": "3 MW", "tilt": "20 deg"}});
        let r = app.post_json("/v1/scenarios", &scenario);
        assert_eq!(r.status, 201, "{kind}: {}", r.text);
        let id = r.body["id"].as_str().unwrap().to_string();
        let token = r.body["token"].as_str().unwrap().to_string();
        assert!(id.starts_with("sc-") && id.len() == 35, "{id}");
        assert_eq!(
            r.location.as_deref(),
            Some(format!("/v1/scenarios/{id}").as_str())
        );
        assert_eq!(r.body["created"], true);
        assert_eq!(
            r.body["links"]["estimate"],
            format!("/v1/scenarios/{id}/estimate")
        );
        let created_at = r.body["created_at"].as_str().unwrap().to_string();
        assert!(
            created_at.ends_with('Z') && created_at.len() == 24,
            "{created_at}"
        );

        // The same scenario, written differently: same id, 200, no token, first time kept.
        let same = json!({"parameters": {"tilt": "20 deg", "capacity": "3 MW"}, "options": {}, "project": "renca-solar"});
        let r = app.post_json("/v1/scenarios", &same);
        assert_eq!(r.status, 200, "{kind}: {}", r.text);
        assert_eq!(r.body["id"], id.as_str());
        assert_eq!(r.body["created"], false);
        assert!(r.body.get("token").is_none(), "{}", r.text);
        assert_eq!(r.body["created_at"], created_at.as_str());

        let (status, saved) = app.get(&format!("/v1/scenarios/{id}"));
        assert_eq!(status, 200, "{kind}: {saved}");
        assert_eq!(saved["created_at"], created_at.as_str());
        assert_eq!(saved["dataset_version"], saved["current_dataset_version"]);
        assert_eq!(saved["scenario"]["parameters"]["capacity"], "3 MW");
        assert_eq!(saved["scenario"]["project"], "renca-solar");

        // Its estimate is the estimate of the same request, and says nothing about datasets.
        let direct = app.post_json("/v1/estimates", &scenario);
        assert_eq!(direct.status, 200);
        for method in ["GET", "POST"] {
            let r = app.call(method, &format!("/v1/scenarios/{id}/estimate"), None, None);
            assert_eq!(r.status, 200, "{kind} {method}: {}", r.text);
            assert_eq!(r.body["id"], id.as_str());
            assert!(r.body.get("notice").is_none(), "{}", r.text);
            assert_eq!(r.body["dataset"]["used"], r.body["dataset"]["saved"]);
            assert_eq!(
                r.body["estimate"]["outcome"], direct.body["outcome"],
                "{kind}"
            );
            assert_eq!(r.body["estimate"]["warnings"], direct.body["warnings"]);
        }

        // Delete: only with its token.
        let path = format!("/v1/scenarios/{id}");
        let b = assert_problem(&delete(&app, &path, None), 403, "forbidden");
        assert!(
            b["detail"].as_str().unwrap().contains("Tanso-Delete-Token"),
            "{b}"
        );
        assert_problem(
            &delete(&app, &path, Some("dt-not-the-token")),
            403,
            "forbidden",
        );
        assert_eq!(app.get(&path).0, 200, "{kind}: a refused delete deleted");
        let r = delete(&app, &path, Some(&token));
        assert_eq!(r.status, 204, "{kind}: {}", r.text);
        let r = app.call("GET", &path, None, None);
        assert_problem(&r, 404, "unknown_scenario");
        assert_problem(&delete(&app, &path, Some(&token)), 404, "unknown_scenario");
        let r = app.call("GET", &format!("{path}/estimate"), None, None);
        assert_problem(&r, 404, "unknown_scenario");
    }
}

#[test]
fn bad_input_gets_problem_documents_and_saves_nothing() {
    for (kind, app, _dir) in apps("http_bad_input") {
        // A scenario that cannot be evaluated is refused like POST /v1/estimates refuses it.
        let r = app.post_json(
            "/v1/scenarios",
            &json!({"project": "renca-solar", "parameters": {"capacity": "3 MWh"}}),
        );
        let b = assert_problem(&r, 422, "invalid_value");
        assert_eq!(b["errors"][0]["pointer"], "/parameters/capacity", "{kind}");
        let r = app.post_json("/v1/scenarios", &json!({"project": "nowhere"}));
        assert_problem(&r, 422, "unknown_project");
        let r = app.post_json(
            "/v1/scenarios",
            &json!({"project": "renca-solar", "optoins": {}}),
        );
        assert_problem(&r, 422, "invalid_body");
        let r = app.call(
            "POST",
            "/v1/scenarios",
            Some("application/json"),
            Some(b"{\"project\": ".to_vec()),
        );
        assert_problem(&r, 400, "malformed_json");
        let r = app.call(
            "POST",
            "/v1/scenarios",
            Some("text/plain"),
            Some(b"{}".to_vec()),
        );
        assert_problem(&r, 415, "unsupported_media_type");
        let r = app.post_json(
            "/v1/scenarios",
            &json!({"project": "renca-solar", "options": {"uncertainty": {"draws": 100001}}}),
        );
        assert_problem(&r, 422, "limit_exceeded");
        // Ids that are not ids, and unknown ones.
        for path in [
            "/v1/scenarios/nope",
            "/v1/scenarios/sc-00000000000000000000000000000000",
            "/v1/scenarios/SC-00000000000000000000000000000000/estimate",
        ] {
            let r = app.call("GET", path, None, None);
            assert_problem(&r, 404, "unknown_scenario");
        }
        let r = app.post_json("/v1/scenarios", &json!({"project": "badung-compost"}));
        assert_eq!(r.status, 201, "{kind}: {}", r.text);
        let id = r.body["id"].as_str().unwrap();
        let r = app.call(
            "GET",
            &format!("/v1/scenarios/{id}/estimate?dataset=yesterday"),
            None,
            None,
        );
        assert_problem(&r, 400, "invalid_query");
        let r = app.call("PUT", &format!("/v1/scenarios/{id}"), None, None);
        assert_problem(&r, 405, "method_not_allowed");
        assert_eq!(r.allow.as_deref(), Some("GET, DELETE, HEAD"));
    }
}

#[test]
fn a_scenario_is_evaluated_under_the_dataset_version_it_was_saved_under() {
    // Saved while serving the embedded catalog; later the service runs an edited catalog
    // (Renca at 2.2 MW instead of 2 MW), first still holding the embedded one, then not.
    let dir = tempfile::tempdir().unwrap();
    let file = Location::Sqlite(dir.path().join("s.sqlite3"));
    let embedded = || Catalog::embedded().unwrap();
    let before = start_with_store(store::open(&file, 1).unwrap(), embedded(), vec![]);
    let scenario = json!({"project": "renca-solar"});
    let r = before.post_json("/v1/scenarios", &scenario);
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.body["id"].as_str().unwrap().to_string();
    let saved_version = r.body["dataset_version"].as_str().unwrap().to_string();
    let original = before.post_json("/v1/estimates", &scenario).body;

    let data = copy_of_the_catalog();
    let seed = data.path().join("seeds/renca-solar.toml");
    let text = std::fs::read_to_string(&seed).unwrap();
    let edited = text.replacen(
        "capacity = { value = \"2 MW\"",
        "capacity = { value = \"2.2 MW\"",
        1,
    );
    assert_ne!(
        text, edited,
        "the seed's capacity line moved; update this test"
    );
    std::fs::write(&seed, edited).unwrap();
    let newer = Catalog::from_dir(data.path()).unwrap();
    let new_version = newer.version.clone();
    assert_ne!(new_version, saved_version);

    let after = start_with_store(store::open(&file, 1).unwrap(), newer, vec![embedded()]);
    let path = format!("/v1/scenarios/{id}/estimate");
    let r = after.call("GET", &path, None, None);
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["dataset"]["saved"], saved_version.as_str());
    assert_eq!(r.body["dataset"]["used"], saved_version.as_str());
    assert_eq!(r.body["dataset"]["current"], new_version.as_str());
    assert_eq!(r.body["estimate"]["outcome"], original["outcome"]);
    let notice = r.body["notice"].as_str().unwrap();
    assert!(notice.starts_with("DATASET VERSION DIFFERS"), "{notice}");
    assert_eq!(r.body["estimate"]["warnings"][0], notice);

    let r = after.call("POST", &format!("{path}?dataset=current"), None, None);
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["dataset"]["used"], new_version.as_str());
    assert_eq!(r.body["estimate"]["dataset_version"], new_version.as_str());
    assert_ne!(
        r.body["estimate"]["outcome"], original["outcome"],
        "2.2 MW must differ"
    );
    assert!(
        r.body["notice"]
            .as_str()
            .unwrap()
            .contains("still available")
    );

    // A release that no longer embeds the saved version: evaluated under the current one,
    // loudly.
    let later = start_with_store(
        store::open(&file, 1).unwrap(),
        Catalog::from_dir(data.path()).unwrap(),
        vec![],
    );
    let r = later.call("GET", &path, None, None);
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["dataset"]["used"], new_version.as_str());
    assert_eq!(r.body["dataset"]["available"], json!([new_version]));
    assert!(
        r.body["notice"]
            .as_str()
            .unwrap()
            .contains("no longer available")
    );
    let (_, saved) = later.get(&format!("/v1/scenarios/{id}"));
    assert_eq!(saved["dataset_version"], saved_version.as_str());
    assert_eq!(saved["current_dataset_version"], new_version.as_str());
}

/// `tanso scenarios …` with a store.
fn tanso(args: &[&str], database: &str) -> (bool, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tanso"))
        .args(args)
        .args(["--database", database])
        .env_remove("TANSO_DATABASE_URL")
        .output()
        .expect("run tanso");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_cli_saves_shows_estimates_and_deletes_in_the_store_the_service_uses() {
    let dir = tempfile::tempdir().unwrap();
    let mut databases = vec![dir.path().join("s.sqlite3").display().to_string()];
    databases.extend(postgres_schema("cli_scenarios"));
    for db in &databases {
        let (ok, out, err) = tanso(
            &[
                "scenarios",
                "save",
                "renca-solar",
                "--set",
                "capacity=3 MW",
                "--gwp",
                "ar6",
                "--format",
                "json",
            ],
            db,
        );
        assert!(ok, "{err}");
        let receipt: Value = serde_json::from_str(&out).unwrap();
        let id = receipt["id"].as_str().unwrap().to_string();
        let token = receipt["token"].as_str().unwrap().to_string();

        // The same scenario through the service on the same store: the same record.
        let service = start_with_store(
            store::open(&Location::parse(db).unwrap(), 2).unwrap(),
            Catalog::embedded().unwrap(),
            vec![],
        );
        let r = service.post_json(
            "/v1/scenarios",
            &json!({"project": "renca-solar", "parameters": {"capacity": "3 MW"}, "options": {"gwp": "ar6"}}),
        );
        assert_eq!(r.status, 200, "{}", r.text);
        assert_eq!(r.body["id"], id.as_str());

        let (ok, out, err) = tanso(&["scenarios", "show", &id], db);
        assert!(ok, "{err}");
        for part in [
            id.as_str(),
            "renca-solar",
            "capacity",
            "3 MW",
            "GWP set",
            "ar6",
            "(the current one)",
            "GET /v1/scenarios/",
        ] {
            assert!(out.contains(part), "{part} missing in:\n{out}");
        }
        assert!(!out.contains('{'), "no JSON in the text view:\n{out}");

        let (ok, out, err) = tanso(&["scenarios", "estimate", &id], db);
        assert!(ok, "{err}");
        assert!(out.contains("saved under it, and current"), "{out}");
        assert!(out.contains("tCO2e"), "{out}");
        let (ok, out, _) = tanso(&["scenarios", "estimate", &id, "--format", "json"], db);
        assert!(ok);
        let est: Value = serde_json::from_str(&out).unwrap();
        let direct = service.post_json(
            "/v1/estimates",
            &json!({"project": "renca-solar", "parameters": {"capacity": "3 MW"}, "options": {"gwp": "ar6"}}),
        );
        assert_eq!(est["estimate"]["outcome"], direct.body["outcome"]);

        let (ok, _, err) = tanso(&["scenarios", "delete", &id, "--token", "dt-wrong"], db);
        assert!(!ok);
        assert!(err.contains("nothing deleted"), "{err}");
        let (ok, out, err) = tanso(&["scenarios", "delete", &id, "--token", &token], db);
        assert!(ok, "{err}");
        assert!(out.contains("deleted"), "{out}");
        assert_eq!(service.get(&format!("/v1/scenarios/{id}")).0, 404);
        let (ok, _, err) = tanso(&["scenarios", "show", &id], db);
        assert!(!ok);
        assert!(err.contains("no saved scenario"), "{err}");
    }
    // Bad input is an error naming the problem, not a panic.
    let db = &databases[0];
    let (ok, _, err) = tanso(
        &[
            "scenarios",
            "save",
            "renca-solar",
            "--set",
            "capacity=3 MWh",
        ],
        db,
    );
    assert!(!ok);
    assert!(err.contains("capacity"), "{err}");
    let (ok, _, err) = tanso(&["scenarios", "show", "sc-nope"], db);
    assert!(!ok);
    assert!(err.contains("not a saved scenario id"), "{err}");
    let (ok, _, err) = tanso(&["scenarios", "show", "sc-0"], "mysql://x");
    assert!(!ok);
    assert!(err.contains("unsupported database URL"), "{err}");
}

#[test]
fn the_cli_saves_a_scenario_given_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.sqlite3").display().to_string();
    let file = dir.path().join("scenario.json");
    std::fs::write(
        &file,
        r#"{"project": "badung-compost", "parameters": {"utilisation": "60 %"}}"#,
    )
    .unwrap();
    let (ok, out, err) = tanso(
        &["scenarios", "save", "--json", file.to_str().unwrap()],
        &db,
    );
    assert!(ok, "{err}");
    assert!(out.starts_with("Saved scenario sc-"), "{out}");
    assert!(out.contains("delete token dt-"), "{out}");
    let (ok, out, _) = tanso(
        &["scenarios", "save", "--json", file.to_str().unwrap()],
        &db,
    );
    assert!(ok);
    assert!(out.contains("Already saved"), "{out}");
    assert!(!out.contains("dt-"), "{out}");
    let (ok, _, err) = tanso(
        &[
            "scenarios",
            "save",
            "--json",
            file.to_str().unwrap(),
            "--set",
            "x=1",
        ],
        &db,
    );
    assert!(!ok);
    assert!(err.contains("--json takes the whole scenario"), "{err}");
}

/// Saves distinct scenarios from several threads as fast as the service answers, records
/// every acknowledged one, and kills the process (SIGKILL) in the middle of the burst.
/// Returns the acknowledged ids with their bodies as saved, and how many requests were cut.
fn burst_then_kill(server: &ServeProcess, weather: &str) -> (BTreeMap<String, Value>, usize) {
    let acked = Arc::new(Mutex::new(BTreeMap::new()));
    let cut = Arc::new(Mutex::new(0usize));
    let start = Instant::now();
    std::thread::scope(|scope| {
        for t in 0..6u32 {
            let app = server.app();
            let acked = acked.clone();
            let cut = cut.clone();
            scope.spawn(move || {
                for i in 0..10_000u32 {
                    // Every fourth carries a typical year of hourly weather (≈ 0.4 MB), so
                    // the kill can land in the middle of a large write.
                    let mut body = json!({
                        "project": "renca-solar",
                        "parameters": {"capacity": format!("{} kW", 500 + t * 10_000 + i)}
                    });
                    if i % 4 == 0 {
                        body["options"] = json!({"weather": {"format": "csv", "data": weather}});
                    }
                    let r = match ureq_post(&app, &body) {
                        Some(r) => r,
                        None => {
                            *cut.lock().unwrap() += 1;
                            return;
                        }
                    };
                    assert!(r.0 == 201, "{}: {}", r.0, r.1);
                    let v: Value = serde_json::from_str(&r.1).unwrap();
                    acked
                        .lock()
                        .unwrap()
                        .insert(v["id"].as_str().unwrap().to_string(), body);
                    if start.elapsed() > Duration::from_secs(60) {
                        return;
                    }
                }
            });
        }
        // Kill once a good number of writes have been acknowledged.
        while acked.lock().unwrap().len() < 60 && start.elapsed() < Duration::from_secs(60) {
            std::thread::sleep(Duration::from_millis(20));
        }
        server.signal("KILL");
    });
    let acked = Arc::try_unwrap(acked).unwrap().into_inner().unwrap();
    let cut = *cut.lock().unwrap();
    (acked, cut)
}

/// A POST that returns None when the connection fails (the server died).
fn ureq_post(app: &TestApp, body: &Value) -> Option<(u16, String)> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into();
    let mut resp = agent
        .post(format!("{}/v1/scenarios", app.base))
        .send_json(body)
        .ok()?;
    let status = resp.status().as_u16();
    let text = resp.body_mut().read_to_string().ok()?;
    Some((status, text))
}

#[test]
fn every_acknowledged_save_survives_a_kill_during_a_write_burst() {
    let weather = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/santiago_climatology.csv"),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut databases = vec![dir.path().join("s.sqlite3").display().to_string()];
    databases.extend(postgres_schema("crash_burst"));
    for db in &databases {
        let server = ServeProcess::start(&["--database", db], &[]);
        let (acked, cut) = burst_then_kill(&server, &weather);
        drop(server);
        assert!(
            acked.len() >= 60,
            "only {} writes acknowledged",
            acked.len()
        );
        assert!(
            cut > 0,
            "the kill cut no request: it did not land during the burst"
        );
        let restarted = ServeProcess::start(&["--database", db], &[]);
        let app = restarted.app();
        for (id, body) in &acked {
            let (status, saved) = app.get(&format!("/v1/scenarios/{id}"));
            assert_eq!(status, 200, "{db}: acknowledged {id} lost after the kill");
            assert_eq!(
                saved["scenario"]["parameters"], body["parameters"],
                "{db}: {id} changed"
            );
            if body.get("options").is_some() {
                assert_eq!(
                    saved["scenario"]["options"]["weather"]["data"],
                    body["options"]["weather"]["data"],
                    "{db}: {id}'s weather changed"
                );
            }
        }
        if !db.starts_with("postgres") {
            let conn = rusqlite::Connection::open(db).unwrap();
            let check: String = conn
                .query_row("PRAGMA integrity_check", [], |r| r.get(0))
                .unwrap();
            assert_eq!(check, "ok");
        }
        eprintln!(
            "{}: {} acknowledged saves, {} requests cut by the kill; all read back",
            if db.starts_with("postgres") {
                "postgres"
            } else {
                "sqlite"
            },
            acked.len(),
            cut
        );
    }
}

#[cfg(unix)]
#[test]
fn on_sigterm_readyz_turns_unready_first_and_in_flight_requests_finish() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.sqlite3").display().to_string();
    let server = ServeProcess::start(&["--database", &db], &[("TANSO_DRAIN_SECONDS", "3")]);
    let app = server.app();
    assert_eq!(app.get("/readyz").0, 200);
    let base = server.base.clone();
    // A slow batch of estimates, in flight when the signal arrives and done within the
    // drain time.
    let busy = crate::helpers::busy_batch(&app, Duration::from_secs(1));
    let slow = std::thread::spawn(move || {
        let app = TestApp { base };
        let start = Instant::now();
        let r = app.post_json("/v1/estimates/batch", &busy);
        (r.status, start.elapsed())
    });
    std::thread::sleep(Duration::from_millis(300));
    let signalled = Instant::now();
    server.signal("TERM");
    std::thread::sleep(Duration::from_millis(300));
    let r = app.call("GET", "/readyz", None, None);
    assert_problem(&r, 503, "not_ready");
    // Still alive and serving while it drains.
    assert_eq!(app.get("/healthz").0, 200);
    let (status, took) = slow.join().unwrap();
    assert_eq!(status, 200, "the in-flight estimate was cut");
    assert!(
        took > Duration::from_millis(300),
        "{took:?}: too quick to have been in flight"
    );
    let mut server = server;
    let exit = loop {
        if let Some(s) = server.child.try_wait().unwrap() {
            break s;
        }
        assert!(
            signalled.elapsed() < Duration::from_secs(60),
            "did not stop"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(exit.success(), "{exit:?}");
    assert!(
        signalled.elapsed() >= Duration::from_secs(3),
        "stopped before the drain time"
    );
    let log: Vec<String> = server.log.try_iter().collect();
    assert!(
        log.iter().any(|l| l.contains("answers 503 while draining")),
        "{log:#?}"
    );
}
