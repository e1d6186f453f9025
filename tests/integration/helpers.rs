//! Starts the real server on a random port and gives tests an HTTP client for it.

use std::net::TcpListener;
use std::sync::OnceLock;
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
        let mut req = ureq::http::Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base));
        if let Some(ct) = content_type {
            req = req.header("content-type", ct);
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
