//! The what-if page in a real browser: Debian's `chromium` driven through `chromedriver`
//! (WebDriver, the fantoccini client), headless, each session with a fresh profile. Nothing
//! downloads a browser.
//!
//! Without chromium and chromedriver the tests fail when the `CI` environment variable is
//! set (`.ci/run` installs both) and are skipped, loudly, elsewhere. `TANSO_CHROMIUM` and
//! `TANSO_CHROMEDRIVER` name other binaries. Screenshots go to `target/browser/`.

use std::future::Future;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use tanso::units::format_readable;

use crate::helpers::spawn_app;

/// One browser at a time: the machines have two cores.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// How long a page may take to show what a step waits for (debug builds, a loaded machine).
const PATIENCE: Duration = Duration::from_secs(90);

type Step<T = ()> = Result<T, String>;

/// Fails a step with a message (the session is closed before the test panics).
macro_rules! check {
    ($cond:expr, $($msg:tt)+) => {
        let ok: bool = $cond;
        if !ok {
            return Err(format!($($msg)+));
        }
    };
}

struct Tools {
    chromium: PathBuf,
    driver: PathBuf,
}

/// The first of `names` on the PATH, or the file `env` names.
fn find(env: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(env) {
        return Some(PathBuf::from(p)).filter(|p| p.is_file());
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    names.iter().find_map(|n| {
        std::env::split_paths(&path)
            .map(|d| d.join(n))
            .find(|p| p.is_file())
    })
}

/// The browser and its driver; `None` (skip) outside CI when they are missing.
fn tools(test: &str) -> Option<Tools> {
    let chromium = find("TANSO_CHROMIUM", &["chromium", "chromium-browser"]);
    let driver = find("TANSO_CHROMEDRIVER", &["chromedriver"]);
    match (chromium, driver) {
        (Some(chromium), Some(driver)) => Some(Tools { chromium, driver }),
        (c, d) => {
            let missing = [("chromium", c.is_none()), ("chromedriver", d.is_none())]
                .iter()
                .filter(|(_, m)| *m)
                .map(|(n, _)| *n)
                .collect::<Vec<_>>()
                .join(" and ");
            if std::env::var_os("CI").is_some() {
                panic!(
                    "{test}: {missing} not found; CI must install chromium and chromium-driver (.ci/run does)"
                );
            }
            eprintln!(
                "\n*** SKIPPED browser test {test}: {missing} not found (apt-get install chromium chromium-driver) ***\n"
            );
            None
        }
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// A chromedriver process and its browser session.
struct Browser {
    client: Option<Client>,
    driver: Child,
    _profile: tempfile::TempDir,
    base: String,
}

impl Drop for Browser {
    fn drop(&mut self) {
        // The driver runs in a process group of its own; ending the group also ends the
        // browser it started if the session could not be closed.
        let _ = Command::new("kill")
            .args(["-TERM", "--", &format!("-{}", self.driver.id())])
            .status();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Browser {
    async fn start(tools: &Tools, javascript: bool, size: (u32, u32)) -> Browser {
        use std::os::unix::process::CommandExt;
        let port = free_port();
        let driver = Command::new(&tools.driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .expect("chromedriver starts");
        let profile = tempfile::tempdir().expect("a temporary profile directory");
        let mut browser = Browser {
            client: None,
            driver,
            _profile: profile,
            base: spawn_app().base.clone(),
        };
        let mut args = vec![
            "--headless".to_string(),
            "--no-sandbox".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--no-first-run".into(),
            "--disable-gpu".into(),
            "--disable-dev-shm-usage".into(),
            format!("--user-data-dir={}", browser._profile.path().display()),
            format!("--window-size={},{}", size.0, size.1),
        ];
        if !javascript {
            args.push("--blink-settings=scriptEnabled=false".into());
        }
        let caps = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": tools.chromium,
                "args": args,
                "prefs": {"profile.managed_default_content_settings.javascript": if javascript { 1 } else { 2 }},
            }
        });
        let serde_json::Value::Object(caps) = caps else {
            unreachable!()
        };
        let url = format!("http://127.0.0.1:{port}");
        let start = Instant::now();
        let client = loop {
            match ClientBuilder::new(HttpConnector::new())
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(c) => break c,
                Err(e) if start.elapsed() > Duration::from_secs(30) => {
                    panic!("no WebDriver session from {}: {e}", tools.driver.display())
                }
                Err(_) => actix_web::rt::time::sleep(Duration::from_millis(200)).await,
            }
        };
        browser.client = Some(client);
        browser
    }

    fn c(&self) -> &Client {
        self.client.as_ref().expect("a session")
    }

    async fn close(mut self) {
        if let Some(c) = self.client.take() {
            let _ = c.close().await;
        }
    }

    async fn goto(&self, path: &str) -> Step {
        let url = if path.starts_with("http") {
            path.to_string()
        } else {
            format!("{}{path}", self.base)
        };
        self.c()
            .goto(&url)
            .await
            .map_err(|e| format!("goto {url}: {e}"))
    }

    async fn find(&self, css: &str) -> Step<Element> {
        self.c()
            .find(Locator::Css(css))
            .await
            .map_err(|e| format!("find {css}: {e}"))
    }

    async fn url(&self) -> Step<String> {
        self.c()
            .current_url()
            .await
            .map(|u| u.to_string())
            .map_err(|e| e.to_string())
    }

    async fn js(&self, script: &str) -> Step<serde_json::Value> {
        self.c()
            .execute(script, vec![])
            .await
            .map_err(|e| format!("script {script}: {e}"))
    }

    /// Replaces the text of the input `css`.
    async fn type_into(&self, css: &str, text: &str) -> Step {
        let e = self.find(css).await?;
        e.clear().await.map_err(|e| e.to_string())?;
        e.send_keys(text).await.map_err(|e| e.to_string())
    }

    async fn click(&self, css: &str) -> Step {
        self.find(css)
            .await?
            .click()
            .await
            .map_err(|e| format!("click {css}: {e}"))
    }

    /// The `<data>` element's value and text.
    async fn data(&self, css: &str) -> Step<(f64, String)> {
        let e = self.find(css).await?;
        let v = e
            .attr("value")
            .await
            .map_err(|e| e.to_string())?
            .ok_or(format!("{css} has no value"))?;
        let text = e.text().await.map_err(|e| e.to_string())?;
        Ok((v.parse().map_err(|_| format!("{css}: {v}"))?, text))
    }

    /// Waits until `ready` gives a value.
    async fn until<T, F, Fut>(&self, what: &str, mut ready: F) -> Step<T>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Option<T>>,
    {
        let start = Instant::now();
        loop {
            if let Some(v) = ready().await {
                return Ok(v);
            }
            if start.elapsed() > PATIENCE {
                let url = self.url().await.unwrap_or_default();
                return Err(format!("waited {PATIENCE:?} for {what} (at {url})"));
            }
            actix_web::rt::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the address bar holds `part` and the page shows the element `css`.
    async fn until_url_and(&self, part: &str, css: &str) -> Step {
        let c = self.c();
        self.until(&format!("a URL with {part} and {css}"), || async move {
            let url = c.current_url().await.ok()?.to_string();
            if !url.contains(part) {
                return None;
            }
            c.find(Locator::Css(css)).await.ok().map(|_| ())
        })
        .await
    }

    async fn screenshot(&self, name: &str) -> Step {
        let png = self.c().screenshot().await.map_err(|e| e.to_string())?;
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        std::fs::write(dir.join(format!("{name}.png")), png).map_err(|e| e.to_string())
    }
}

/// `target/browser/`: next to the build's temporary directory.
fn screenshot_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap_or(Path::new("target"))
        .join("browser")
}

/// Runs `body` with a browser; skips without one (outside CI). The session is closed and the
/// driver ended whether the body passes or not.
fn with_browser<F, Fut>(test: &str, javascript: bool, size: (u32, u32), body: F)
where
    F: FnOnce(Browser) -> Fut,
    Fut: Future<Output = (Browser, Step)>,
{
    let Some(tools) = tools(test) else { return };
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let outcome = actix_web::rt::System::new().block_on(async move {
        let browser = Browser::start(&tools, javascript, size).await;
        let (browser, outcome) = body(browser).await;
        if outcome.is_err() {
            let _ = browser.screenshot(&format!("{test}-failed")).await;
        }
        browser.close().await;
        outcome
    });
    if let Err(e) = outcome {
        panic!("{test}: {e}");
    }
}

/// The API's answer for Renca at `capacity` (1000 draws, seed 42: the page's defaults).
fn api_renca(capacity: &str) -> serde_json::Value {
    let r = spawn_app().post_json(
        "/v1/estimates",
        &json!({
            "project": "renca-solar",
            "parameters": {"capacity": capacity},
            "options": {"uncertainty": {"draws": 1000, "seed": 42}}
        }),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    r.body
}

/// The crediting-period reduction of an API estimate: value, readable text, P10, P90.
fn api_reduction(e: &serde_json::Value) -> (f64, String, f64, f64) {
    let f = e["outcome"]["headline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == "emission_reductions")
        .expect("emission reductions over the crediting period");
    let v = f["value"]["value"].as_f64().unwrap();
    let text = format!(
        "{} {}",
        format_readable(v, 4),
        f["value"]["unit"].as_str().unwrap()
    );
    let mc = e["uncertainty"]["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["key"] == "emission_reductions")
        .unwrap();
    (
        v,
        text,
        mc["p10"].as_f64().unwrap(),
        mc["p90"].as_f64().unwrap(),
    )
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

/// Open `/`, choose Renca, set 3 MW, submit: the page says what the API says.
async fn renca_at_3_mw(b: &Browser, shot: &str) -> Step {
    b.goto("/").await?;
    b.find("h2#projects").await?;
    b.c()
        .find(Locator::XPath(
            "//a[contains(normalize-space(.), 'Renca') and contains(@href, 'project=')]",
        ))
        .await
        .map_err(|e| format!("a link to Renca: {e}"))?
        .click()
        .await
        .map_err(|e| e.to_string())?;
    b.until_url_and("project=renca-solar", "#headline-value")
        .await?;
    let (before, _) = b.data("#headline-value").await?;
    b.type_into("#f-p-capacity", "3 MW").await?;
    b.click("#scenario button.primary").await?;
    b.until_url_and("p.capacity=3+MW", "#headline-value")
        .await?;
    let (value, text) = b.data("#headline-value").await?;
    let (p10, _) = b.data("#p10").await?;
    let (p90, _) = b.data("#p90").await?;
    let api = api_renca("3 MW");
    let (a_value, a_text, a_p10, a_p90) = api_reduction(&api);
    check!(close(value, a_value), "page {value}, API {a_value}");
    check!(
        text == a_text,
        "page shows {text:?}, the API's value reads {a_text:?}"
    );
    check!(
        close(p10, a_p10) && close(p90, a_p90),
        "P10–P90 {p10}–{p90}, API {a_p10}–{a_p90}"
    );
    check!(
        value > before * 1.4,
        "3 MW gives more than 2 MW: {value} vs {before}"
    );
    b.screenshot(shot).await
}

/// Clicks "Save this scenario": the saved scenario's page (`/?saved=ID`) shows its permanent
/// link and, this once, its delete token, with the scenario's value back in its field and the
/// same headline.
async fn save_this_scenario(b: &Browser, capacity: &str) -> Step {
    let (value, _) = b.data("#headline-value").await?;
    b.click("#save-scenario").await?;
    b.until_url_and("/?saved=sc-", "#delete-token").await?;
    let url = b.url().await?;
    let id = url.split("saved=").nth(1).unwrap_or_default().to_string();
    let attr = |css: &'static str, name: &'static str| async move {
        b.find(css)
            .await?
            .attr(name)
            .await
            .map_err(|e| e.to_string())?
            .ok_or(format!("{css} has no {name}"))
    };
    let token = attr("#delete-token", "value").await?;
    check!(token.starts_with("dt-"), "no delete token: {token:?}");
    let link = attr("#saved-link", "href").await?;
    check!(
        link == format!("/v1/scenarios/{id}"),
        "permanent link {link}"
    );
    let field = attr("#f-p-capacity", "value").await?;
    check!(field == capacity, "the capacity field holds {field:?}");
    let (again, _) = b.data("#headline-value").await?;
    check!(close(again, value), "saved page {again}, before {value}");
    b.screenshot("saved-scenario").await?;
    // Shown once: the same address again has the scenario and its links, not the token.
    b.goto(&url).await?;
    b.find("#saved-link").await?;
    let tokens = b
        .c()
        .find_all(Locator::Css("#delete-token"))
        .await
        .map_err(|e| e.to_string())?;
    check!(tokens.is_empty(), "the delete token was shown twice");
    Ok(())
}

#[test]
fn browser_renca_at_3_mw_matches_the_api() {
    with_browser("renca-3mw", true, (1280, 1600), |b| async move {
        let outcome = async {
            renca_at_3_mw(&b, "renca-3mw").await?;
            // htmx ran and swapped the page in place (the window's state survived).
            check!(
                !b.c()
                    .find_all(Locator::Css("head style"))
                    .await
                    .map_err(|e| e.to_string())?
                    .is_empty(),
                "htmx did not start"
            );
            b.js("window.tansoMarker = 'kept'").await?;
            b.type_into("#f-p-capacity", "2.5 MW").await?;
            b.click("#scenario button.primary").await?;
            b.until_url_and("p.capacity=2.5+MW", "#headline-value")
                .await?;
            let marker = b.js("return window.tansoMarker || null").await?;
            check!(
                marker == json!("kept"),
                "the page was reloaded instead of swapped: {marker}"
            );
            save_this_scenario(&b, "2.5 MW").await
        }
        .await;
        (b, outcome)
    });
}

#[test]
fn browser_without_javascript_gives_the_same_answer() {
    with_browser("no-javascript", false, (1280, 1600), |b| async move {
        let outcome = async {
            renca_at_3_mw(&b, "no-javascript").await?;
            // htmx inserts a style element when it runs; without JavaScript there is none.
            let styles = b
                .c()
                .find_all(Locator::Css("head style"))
                .await
                .map_err(|e| e.to_string())?;
            check!(
                styles.is_empty(),
                "JavaScript ran in the no-JavaScript session"
            );
            // The save form is a plain POST form: it works without JavaScript.
            save_this_scenario(&b, "3 MW").await
        }
        .await;
        (b, outcome)
    });
}

#[test]
fn browser_wrong_dimension_is_explained_by_the_field() {
    with_browser("wrong-dimension", true, (1280, 1600), |b| async move {
        let outcome = async {
            b.goto("/?project=renca-solar").await?;
            b.find("#headline-value").await?;
            b.type_into("#f-p-capacity", "3 MWh").await?;
            b.click("#scenario button.primary").await?;
            b.until_url_and("p.capacity=3+MWh", "#e-f-p-capacity")
                .await?;
            let shown = b
                .find("#e-f-p-capacity")
                .await?
                .text()
                .await
                .map_err(|e| e.to_string())?;
            let api = spawn_app().post_json(
                "/v1/estimates",
                &json!({"project": "renca-solar", "parameters": {"capacity": "3 MWh"}}),
            );
            let message = api.body["errors"][0]["message"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            check!(!message.is_empty(), "the API gave no message: {}", api.text);
            check!(
                shown.contains(&message),
                "{shown:?} lacks the API's message {message:?}"
            );
            check!(
                shown.contains("a power") && shown.contains("an energy"),
                "{shown:?}"
            );
            let invalid = b
                .find("#f-p-capacity")
                .await?
                .attr("aria-invalid")
                .await
                .map_err(|e| e.to_string())?;
            check!(
                invalid.as_deref() == Some("true"),
                "the field is not marked invalid"
            );
            // Keyboard: Tab from the field reaches its tooltip button, which shows the source
            // with a visible focus ring.
            b.find("#f-p-capacity")
                .await?
                .send_keys(&Key::Tab)
                .await
                .map_err(|e| e.to_string())?;
            let tip = b.find("#t-f-p-capacity").await?;
            check!(
                tip.is_displayed().await.map_err(|e| e.to_string())?,
                "the tooltip does not show on focus"
            );
            let tip_text = tip.text().await.map_err(|e| e.to_string())?;
            check!(
                tip_text.contains("Source"),
                "the tooltip names no source: {tip_text:?}"
            );
            let outline = b
                .c()
                .active_element()
                .await
                .map_err(|e| e.to_string())?
                .css_value("outline-style")
                .await
                .map_err(|e| e.to_string())?;
            check!(
                outline == "solid",
                "focus is not visible (outline-style {outline})"
            );
            b.screenshot("wrong-dimension").await
        }
        .await;
        (b, outcome)
    });
}

#[test]
fn browser_comparison_and_shared_link() {
    let shared = std::cell::RefCell::new((String::new(), String::new(), 0.0));
    let keep = &shared;
    with_browser("comparison", true, (1280, 2000), |b| async move {
        let outcome = async {
            b.goto("/?project=renca-solar").await?;
            b.find("#headline-value").await?;
            b.type_into("#f-p-capacity", "3 MW").await?;
            b.click("#scenario button.primary").await?;
            b.until_url_and("p.capacity=3+MW", "#headline-value")
                .await?;
            b.click("#scenario button.secondary").await?;
            b.until_url_and("keep=", "#comparison-table").await?;
            b.type_into("#f-p-capacity", "4 MW").await?;
            b.click("#scenario button.primary").await?;
            b.until_url_and("p.capacity=4+MW", "#comparison-table th.diff")
                .await?;
            let table = b
                .find("#comparison-table")
                .await?
                .text()
                .await
                .map_err(|e| e.to_string())?;
            check!(table.contains("B − A"), "no difference column: {table}");
            check!(
                table.contains("(+33.3 %)"),
                "4 MW is a third more than 3 MW: {table}"
            );
            let (value, _) = b.data("#headline-value").await?;
            *keep.borrow_mut() = (b.url().await?, table, value);
            b.screenshot("comparison").await
        }
        .await;
        (b, outcome)
    });
    let (url, table, value) = shared.into_inner();
    if url.is_empty() {
        return; // skipped
    }
    // The link in a fresh session (a new profile): the same view.
    with_browser("shared-link", true, (1280, 2000), |b| async move {
        let outcome = async {
            b.goto(&url).await?;
            b.find("#comparison-table").await?;
            let again = b
                .find("#comparison-table")
                .await?
                .text()
                .await
                .map_err(|e| e.to_string())?;
            check!(
                again == table,
                "the shared link shows another comparison:\n{again}\nvs\n{table}"
            );
            let (v, _) = b.data("#headline-value").await?;
            check!(v == value, "headline {v} vs {value}");
            let now = b.url().await?;
            check!(now == url, "the link was rewritten: {now} vs {url}");
            b.screenshot("shared-link").await
        }
        .await;
        (b, outcome)
    });
}

#[test]
fn browser_phone_width_and_labels() {
    with_browser("phone", true, (390, 844), |b| async move {
        let outcome = async {
            b.goto("/?project=badung-compost").await?;
            b.find("#headline-value").await?;
            let fits = b
                .js("return document.documentElement.scrollWidth <= window.innerWidth + 1")
                .await?;
            check!(fits == json!(true), "the page is wider than a phone");
            let unlabelled = b
                .js("return Array.from(document.querySelectorAll('input:not([type=hidden]), select, button'))\
                     .filter(e => (!e.labels || e.labels.length === 0) && !e.getAttribute('aria-label') && !e.textContent.trim())\
                     .map(e => e.name || e.id)")
                .await?;
            check!(unlabelled == json!([]), "fields without a label: {unlabelled}");
            b.screenshot("phone").await
        }
        .await;
        (b, outcome)
    });
}
