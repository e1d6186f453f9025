//! Starts the real server on a random port and gives tests an HTTP client for it.

use std::net::TcpListener;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tanso::api::Limits;
use tanso::catalog::Catalog;

/// A running server: its base URL.
pub struct TestApp {
    pub base: String,
}

/// A response: status, the headers tests look at, and the body.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub allow: Option<String>,
    pub location: Option<String>,
    /// Every `Set-Cookie` header, as sent.
    pub set_cookie: Vec<String>,
    /// The body as JSON (Null if it is not JSON).
    pub body: serde_json::Value,
    /// The body as text.
    pub text: String,
}

impl TestApp {
    /// GET a path; returns the status and the body as JSON (or Null).
    pub fn get(&self, path: &str) -> (u16, serde_json::Value) {
        let r = self.call("GET", path, None, None);
        (r.status, r.body)
    }

    /// POST a JSON value.
    pub fn post_json(&self, path: &str, body: &serde_json::Value) -> Reply {
        self.call(
            "POST",
            path,
            Some("application/json"),
            Some(body.to_string().into_bytes()),
        )
    }

    /// Any method, with an optional content type and body.
    pub fn call(
        &self,
        method: &str,
        path: &str,
        content_type: Option<&str>,
        body: Option<Vec<u8>>,
    ) -> Reply {
        self.call_with(method, path, &[], content_type, body)
    }

    /// Any method with extra request headers (a `Cookie`, say).
    pub fn call_with(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        content_type: Option<&str>,
        body: Option<Vec<u8>>,
    ) -> Reply {
        let mut req = ureq::http::Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base));
        if let Some(ct) = content_type {
            req = req.header("content-type", ct);
        }
        for (name, value) in headers {
            req = req.header(*name, *value);
        }
        let mut resp = match body {
            Some(bytes) => agent().run(req.body(bytes).expect("valid request")),
            None => agent().run(req.body(()).expect("valid request")),
        }
        .expect("request failed");
        let header = |name: &str| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let content_type = header("content-type").unwrap_or_default();
        let allow = header("allow");
        let location = header("location");
        let set_cookie = resp
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok().map(str::to_string))
            .collect();
        let status = resp.status().as_u16();
        let text = resp
            .body_mut()
            .with_config()
            .limit(64 << 20)
            .read_to_string()
            .unwrap_or_default();
        let body = serde_json::from_str(&text).unwrap_or(serde_json::Value::Null);
        Reply {
            status,
            content_type,
            allow,
            location,
            set_cookie,
            body,
            text,
        }
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .allow_non_standard_methods(true)
        .build()
        .into()
}

fn start(limits: Limits) -> TestApp {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind port 0");
    let port = listener.local_addr().unwrap().port();
    let catalog = Catalog::embedded().expect("embedded catalog loads");
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            tanso::api::server_with(listener, catalog, limits)
                .expect("server builds")
                .await
        })
    });
    TestApp {
        base: format!("http://127.0.0.1:{port}"),
    }
}

/// A `/v1/estimates/batch` body that keeps a server busy for at least `at_least`: copies of a
/// 20,000-draw Renca Monte Carlo, as many as one of them (timed here on `app`) says are
/// needed. One takes about ten times longer in a debug build than in a release build, so
/// tests that need a request in flight size it instead of assuming its length. The copies,
/// and the one timed, differ by their seed, also from those of every other call (tests share
/// a server), so no memo can answer them.
pub fn busy_batch(app: &TestApp, at_least: Duration) -> serde_json::Value {
    static NEXT_SEED: AtomicUsize = AtomicUsize::new(0);
    let first = NEXT_SEED.fetch_add(tanso::api::limits::MAX_BATCH + 1, Ordering::Relaxed);
    let scenario = |seed: usize| {
        serde_json::json!({"project": "renca-solar",
            "options": {"uncertainty": {"draws": 20000, "seed": first + seed}}})
    };
    let start = std::time::Instant::now();
    let r = app.post_json("/v1/estimates", &scenario(0));
    assert_eq!(r.status, 200, "{}", r.text);
    let one = start.elapsed();
    let copies = (at_least.as_secs_f64() / one.as_secs_f64()).ceil() as usize + 1;
    assert!(
        copies <= tanso::api::limits::MAX_BATCH,
        "one estimate took {one:?}: {copies} copies would not fit in a batch"
    );
    serde_json::json!({"scenarios": (1..=copies).map(scenario).collect::<Vec<_>>()})
}

/// Starts one server per test binary on port 0 (shared: the service is stateless).
pub fn spawn_app() -> &'static TestApp {
    static APP: OnceLock<TestApp> = OnceLock::new();
    APP.get_or_init(|| start(Limits::default()))
}

/// A second server with tight limits: 4 KiB bodies, batches of 3, 100 characters of weather,
/// 1 s to send a body,
/// and no time at all for computations (every estimate times out).
pub fn spawn_tight_app() -> &'static TestApp {
    static APP: OnceLock<TestApp> = OnceLock::new();
    APP.get_or_init(|| {
        start(Limits {
            max_body_bytes: 4096,
            max_batch: 3,
            max_weather_chars: 100,
            timeout: Duration::ZERO,
            body_timeout: Duration::from_secs(1),
            ..Limits::default()
        })
    })
}

/// Asserts that a reply is an RFC 9457 problem with this status and code; returns its body.
pub fn assert_problem(r: &Reply, status: u16, code: &str) -> serde_json::Value {
    assert_eq!(r.status, status, "{}", r.text);
    assert!(
        r.content_type.starts_with("application/problem+json"),
        "content type {:?}: {}",
        r.content_type,
        r.text
    );
    let b = &r.body;
    assert_eq!(b["status"], status, "{}", r.text);
    assert_eq!(b["code"], code, "{}", r.text);
    assert_eq!(b["type"], format!("urn:tanso:problem:{code}"), "{}", r.text);
    assert!(
        b["title"].as_str().is_some_and(|t| !t.is_empty()),
        "{}",
        r.text
    );
    assert!(
        b["detail"].as_str().is_some_and(|t| !t.is_empty()),
        "{}",
        r.text
    );
    b.clone()
}

/// Environment variable naming a PostgreSQL server for the tests, e.g.
/// `postgres://postgres@127.0.0.1:54329/postgres` (`.ci/run` starts one with
/// `tools/pg/throwaway.sh`).
pub const POSTGRES_ENV: &str = "TANSO_TEST_POSTGRES_URL";

/// A URL to a fresh, empty schema on the test PostgreSQL server (its connections use that
/// schema), or `None` when no server is configured or reachable outside CI: then the test
/// runs on SQLite only, and says so on the terminal (once per run, past cargo's capture). In
/// CI (`CI=true`) a missing server fails the test instead.
pub fn postgres_schema(test: &str) -> Option<String> {
    use std::io::Write;
    use std::sync::atomic::{AtomicUsize, Ordering};
    static SKIP_SHOWN: OnceLock<()> = OnceLock::new();
    static N: AtomicUsize = AtomicUsize::new(0);
    let in_ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let skip = |why: String| {
        assert!(!in_ci, "CI must test PostgreSQL, but {why}");
        SKIP_SHOWN.get_or_init(|| {
            // Straight to the terminal: cargo test captures print! and eprint!, not this.
            let _ = writeln!(
                std::io::stderr(),
                "\n*** PostgreSQL tests SKIPPED ({test} and the others): {why}. They ran on \
                 SQLite only. To run them: eval \"$(tools/pg/throwaway.sh start)\" ***\n"
            );
        });
        None
    };
    let Some(base) = std::env::var(POSTGRES_ENV).ok().filter(|u| !u.is_empty()) else {
        return skip(format!("{POSTGRES_ENV} is not set"));
    };
    let mut client = match postgres::Client::connect(&base, postgres::NoTls) {
        Ok(c) => c,
        Err(e) => {
            return skip(format!(
                "no PostgreSQL server answers at {POSTGRES_ENV}: {e}"
            ));
        }
    };
    let tag: String = test
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .take(30)
        .collect();
    let schema = format!(
        "t_{tag}_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    );
    client
        .batch_execute(&format!(
            "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
        ))
        .expect("create a test schema");
    let sep = if base.contains('?') { '&' } else { '?' };
    Some(format!("{base}{sep}options=-c%20search_path%3D{schema}"))
}

/// A server on port 0 with the given scenario store (and optionally other catalogs held),
/// in this process.
pub fn start_with_store(
    store: std::sync::Arc<dyn tanso::store::Store>,
    catalog: Catalog,
    archive: Vec<Catalog>,
) -> TestApp {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind port 0");
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let service = tanso::api::Service {
                catalog,
                archive,
                store,
                limits: Limits::default(),
                drain: Duration::ZERO,
            };
            tanso::api::serve(listener, service)
                .expect("server builds")
                .await
        })
    });
    TestApp {
        base: format!("http://127.0.0.1:{port}"),
    }
}

/// A temporary directory holding a copy of the repository's models/ and seeds/.
pub fn copy_of_the_catalog() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for sub in ["models", "seeds"] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
        for entry in std::fs::read_dir(root.join(sub)).unwrap() {
            let p = entry.unwrap().path();
            std::fs::copy(&p, dir.path().join(sub).join(p.file_name().unwrap())).unwrap();
        }
    }
    dir
}

/// `tanso serve` as a child process on a free port: waits for its "listening" log line.
pub struct ServeProcess {
    pub child: std::process::Child,
    pub base: String,
    pub log: std::sync::mpsc::Receiver<String>,
}

impl ServeProcess {
    /// Starts `tanso serve --bind 127.0.0.1:0 ARGS` with `env` set.
    pub fn start(args: &[&str], env: &[(&str, &str)]) -> ServeProcess {
        use std::io::{BufRead, BufReader};
        use std::process::{Command, Stdio};
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_tanso"));
        cmd.args(["serve", "--bind", "127.0.0.1:0"])
            .args(args)
            .env("RUST_LOG", "info")
            .env("NO_COLOR", "1")
            .env_remove("TANSO_DATABASE_URL")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("start tanso serve");
        let (tx, rx) = std::sync::mpsc::channel::<String>();
        for out in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(out).lines().map_while(Result::ok) {
                    let _ = tx.send(line);
                }
            });
        }
        let mut seen = Vec::new();
        let port = loop {
            let line = rx
                .recv_timeout(Duration::from_secs(60))
                .unwrap_or_else(|_| panic!("tanso serve did not start; log: {seen:#?}"));
            seen.push(line.clone());
            if line.contains("tanso listening")
                && let Some(rest) = line.split("127.0.0.1:").nth(1)
            {
                let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
                break digits.parse::<u16>().unwrap();
            }
        };
        ServeProcess {
            child,
            base: format!("http://127.0.0.1:{port}"),
            log: rx,
        }
    }

    pub fn app(&self) -> TestApp {
        TestApp {
            base: self.base.clone(),
        }
    }

    /// Sends a signal (`KILL`, `TERM`) to the process.
    pub fn signal(&self, name: &str) {
        let status = std::process::Command::new("kill")
            .args([&format!("-{name}"), &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
