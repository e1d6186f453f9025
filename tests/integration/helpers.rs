//! Starts the real server on a random port and gives tests an HTTP client for it.

use std::net::TcpListener;
use std::sync::OnceLock;

use tanso::catalog::Catalog;

/// A running server: its base URL.
pub struct TestApp {
    pub base: String,
}

impl TestApp {
    /// GET a path; returns the status and the body as JSON (or Null).
    pub fn get(&self, path: &str) -> (u16, serde_json::Value) {
        let agent = agent();
        let mut resp = agent
            .get(format!("{}{path}", self.base))
            .call()
            .expect("request failed");
        let status = resp.status().as_u16();
        let body = resp
            .body_mut()
            .read_json()
            .unwrap_or(serde_json::Value::Null);
        (status, body)
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

/// Starts one server per test binary on port 0 (shared: the service is stateless).
pub fn spawn_app() -> &'static TestApp {
    static APP: OnceLock<TestApp> = OnceLock::new();
    APP.get_or_init(|| {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind port 0");
        let port = listener.local_addr().unwrap().port();
        let catalog = Catalog::embedded().expect("embedded catalog loads");
        std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                tanso::api::server(listener, catalog)
                    .expect("server builds")
                    .await
            })
        });
        TestApp {
            base: format!("http://127.0.0.1:{port}"),
        }
    })
}
