//! Each documented project's HTML sheet in a real browser: Debian's `chromium` driven by
//! `chromedriver` over the W3C WebDriver protocol (plain JSON over HTTP, spoken with ureq).
//! Checks that every chart is laid out with a non-zero size and saves a full-page
//! screenshot per sheet under `target/tmp/sheet-screenshots/` for review.
//!
//! Without chromedriver the test says so and passes, except in CI (`CI` set), where
//! `.ci/run` installs `chromium` and `chromium-driver` and a missing driver is a failure.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{Value, json};
use tanso::catalog::Catalog;
use tanso::scenario::ScenarioRequest;
use tanso::scenario::request::{ProjectRef, ScenarioOptions, UncertaintyOptions};
use tanso::sheets::{self, Locale, SheetOptions, Subject};

fn find(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|d| names.iter().map(move |n| d.join(n)))
        .chain(names.iter().map(|n| Path::new("/usr/lib/chromium").join(n)))
        .find(|p| p.is_file())
}

/// The driver process, stopped on drop.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn post(url: &str, body: Value) -> Value {
    ureq::post(url)
        .send_json(&body)
        .unwrap_or_else(|e| panic!("POST {url}: {e}"))
        .body_mut()
        .read_json()
        .expect("WebDriver answers JSON")
}

#[test]
fn sheets_render_in_chromium_with_visible_charts() {
    let (Some(driver), Some(browser)) = (
        find(&["chromedriver", "chromium-driver"]),
        find(&["chromium", "chromium-browser"]),
    ) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have chromium and chromium-driver (installed by .ci/run)"
        );
        eprintln!(
            "skipped: chromium or chromedriver not installed (apt-get install chromium chromium-driver)"
        );
        return;
    };
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("sheet-screenshots");
    std::fs::create_dir_all(&out).unwrap();
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let _driver = Driver(
        Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts"),
    );
    let base = format!("http://127.0.0.1:{port}");
    let start = Instant::now();
    while ureq::get(&format!("{base}/status")).call().is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "chromedriver did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let profile = tempfile::tempdir().unwrap();
    let session = post(
        &format!("{base}/session"),
        json!({"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": browser.to_string_lossy(),
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--no-first-run", "--window-size=1000,1400",
                     format!("--user-data-dir={}", profile.path().display())]
        }}}}),
    );
    let sid = session["value"]["sessionId"]
        .as_str()
        .unwrap_or_else(|| panic!("no session: {session}"))
        .to_string();
    let s = format!("{base}/session/{sid}");
    let catalog = Catalog::embedded().unwrap();
    // Every documented project, so a model whose charts break in a browser is caught.
    let ids: Vec<String> = catalog.seeds.iter().map(|s| s.id.clone()).collect();
    assert!(ids.len() >= 2);
    for id in &ids {
        let id = id.as_str();
        let req = ScenarioRequest {
            project: ProjectRef::Id(id.into()),
            parameters: Default::default(),
            options: ScenarioOptions {
                uncertainty: Some(UncertaintyOptions {
                    draws: 300,
                    ..Default::default()
                }),
                ..Default::default()
            },
        };
        let e = tanso::scenario::estimate(&catalog, &req).unwrap();
        let o = SheetOptions::today();
        let doc = sheets::document(&catalog, Subject::Project(&e), &Locale::english(), &o);
        let html = out.join(format!("{id}.html"));
        std::fs::write(
            &html,
            sheets::render(&doc, sheets::Format::Html, &o).unwrap(),
        )
        .unwrap();
        post(
            &format!("{s}/url"),
            json!({"url": format!("file://{}", html.display())}),
        );
        let sizes = post(
            &format!("{s}/execute/sync"),
            json!({"script": "return Array.from(document.querySelectorAll('svg.chart')).map(function (e) { var r = e.getBoundingClientRect(); return [e.id, r.width, r.height]; });", "args": []}),
        );
        let charts = sizes["value"].as_array().expect("a list of charts");
        // Every sheet with draws has these three; the yearly and monthly charts come only
        // with more than one crediting year or a monthly series.
        for needed in ["histogram", "tornado", "waterfall"] {
            assert!(
                charts.iter().any(|c| c[0] == needed),
                "{id}: no {needed} chart in {charts:?}"
            );
        }
        for c in charts {
            let (w, h) = (c[1].as_f64().unwrap(), c[2].as_f64().unwrap());
            assert!(w > 100.0 && h > 50.0, "{id}: chart {} is {w}×{h}", c[0]);
        }
        let title = post(
            &format!("{s}/execute/sync"),
            json!({"script": "return document.title + '|' + document.body.scrollHeight;", "args": []}),
        );
        let height: f64 = title["value"]
            .as_str()
            .and_then(|t| t.rsplit('|').next())
            .and_then(|h| h.parse().ok())
            .unwrap_or(1400.0);
        // Full page: the window as tall as the document.
        post(
            &format!("{s}/window/rect"),
            json!({"width": 1000, "height": height.min(16000.0) as i64 + 120}),
        );
        let shot: Value = ureq::get(&format!("{s}/screenshot"))
            .call()
            .unwrap()
            .body_mut()
            .read_json()
            .unwrap();
        let png = base64::engine::general_purpose::STANDARD
            .decode(shot["value"].as_str().unwrap())
            .unwrap();
        assert!(png.starts_with(b"\x89PNG"), "{id}: not a PNG");
        std::fs::write(out.join(format!("{id}.png")), png).unwrap();
        eprintln!("screenshot: {}", out.join(format!("{id}.png")).display());
    }
    let _ = ureq::delete(&s).call();
}
