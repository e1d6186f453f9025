//! The HTTP service: routing and I/O only; estimates are computed by the scenario layer.

use std::net::SocketAddr;
use std::sync::Arc;

use actix_web::{App, HttpResponse, HttpServer, get, web};
use serde::Serialize;

use crate::catalog::Catalog;

/// Shared, read-only state: the service is stateless between requests.
pub struct AppState {
    pub catalog: Catalog,
}

/// Liveness and the dataset version.
#[derive(Serialize)]
struct Health {
    status: &'static str,
    version: &'static str,
    dataset: String,
}

#[get("/healthz")]
async fn healthz(state: web::Data<Arc<AppState>>) -> HttpResponse {
    HttpResponse::Ok().json(Health {
        status: "ok",
        version: env!("CARGO_PKG_VERSION"),
        dataset: state.catalog.version.clone(),
    })
}

/// Installs the log subscriber (RUST_LOG sets the level; info by default).
pub fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).try_init();
}

/// Builds the server on an already bound listener (port 0 in tests).
pub fn server(
    listener: std::net::TcpListener,
    catalog: Catalog,
) -> std::io::Result<actix_web::dev::Server> {
    let state = web::Data::new(Arc::new(AppState { catalog }));
    let server = HttpServer::new(move || App::new().app_data(state.clone()).service(healthz))
        .listen(listener)?
        .run();
    Ok(server)
}

/// Binds `addr` and serves until a stop signal (SIGTERM/ctrl-c: graceful).
pub fn run_blocking(addr: SocketAddr, catalog: Catalog) -> std::io::Result<()> {
    let listener = std::net::TcpListener::bind(addr)?;
    tracing::info!(address = %listener.local_addr()?, dataset = %catalog.version, "tanso listening");
    actix_web::rt::System::new().block_on(server(listener, catalog)?)
}
