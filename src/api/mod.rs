//! The HTTP service: routing and I/O only. Estimates are computed by the scenario layer and
//! the data comes from the catalog; this module maps HTTP to those calls and back.
//!
//! - [`routes`]: one module per resource (`/v1/projects`, `/v1/models`, `/v1/estimates`,
//!   `/v1/scenarios`, `/v1/units`, `/v1/datasets`, health and metrics).
//! - [`problem`]: RFC 9457 problem documents, the only error format.
//! - [`body`], [`shape`]: JSON bodies (content type, size, JSON types checked against the
//!   published schema, pointer to the offending field).
//! - [`views`]: JSON representations of catalog data (parameters, uncertainty, citations).
//! - [`limits`], [`compute`]: request limits and the time budget of computations, which
//!   run off the async workers.
//! - [`observe`], [`metrics`]: one log line per request, Prometheus metrics.
//! - [`fallback`]: 404 and 405 for requests no route takes.
//! - [`edges`]: `HEAD` wherever `GET`; request-target and header limits as problems.
//! - [`openapi`]: the OpenAPI 3.1 document (`/openapi.json`, `/docs`, `tanso openapi`).

pub mod body;
pub mod compute;
pub mod edges;
pub mod fallback;
pub mod limits;
pub mod metrics;
pub mod observe;
pub mod openapi;
pub mod problem;
pub mod routes;
pub mod shape;
pub mod views;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use actix_web::http::StatusCode;
use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer, web};
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

use crate::catalog::Catalog;
use crate::store::Store;
pub use limits::Limits;
use problem::{ApiError, ErrorCode};

pub use openapi::{spec, spec_json};

/// Environment variable: seconds between a stop signal and closing the listener, during
/// which `/readyz` answers 503 so that load balancers stop sending requests.
pub const DRAIN_ENV: &str = "TANSO_DRAIN_SECONDS";
/// Default of [`DRAIN_ENV`].
pub const DEFAULT_DRAIN: Duration = Duration::from_secs(5);

/// What a server is made of.
pub struct Service {
    /// The catalog estimates use (the current dataset version).
    pub catalog: Catalog,
    /// Other catalogs this process holds, so that saved scenarios can still be evaluated
    /// under the version they were saved under: the embedded one when `catalog` came from
    /// `--data`.
    pub archive: Vec<Catalog>,
    /// Where saved scenarios live.
    pub store: Arc<dyn Store>,
    pub limits: Limits,
    /// After a stop signal: how long `/readyz` answers 503 before the listener closes.
    pub drain: Duration,
}

impl Service {
    /// A service on `catalog` with default limits and an empty in-memory scenario store.
    pub fn in_memory(catalog: Catalog) -> Service {
        let store = crate::store::sqlite::SqliteStore::in_memory()
            .expect("an in-memory SQLite database opens");
        Service {
            catalog,
            archive: Vec::new(),
            store: Arc::new(store),
            limits: Limits::default(),
            drain: Duration::ZERO,
        }
    }
}

/// Shared state: the read-only catalogs and limits, the scenario store, the metrics.
pub struct AppState {
    pub catalog: Catalog,
    /// See [`Service::archive`].
    pub archive: Vec<Catalog>,
    pub store: Arc<dyn Store>,
    pub limits: Limits,
    pub metrics: metrics::Metrics,
    /// Paths and methods, for 405 responses.
    pub routes: fallback::RouteTable,
    /// The component schemas, to check the JSON types of request bodies.
    pub schemas: shape::Schemas,
    /// Set by a stop signal: `/readyz` answers 503 and responses close their connections.
    pub draining: AtomicBool,
}

impl AppState {
    fn new(service: Service, spec: &utoipa::openapi::OpenApi) -> AppState {
        let archive = service
            .archive
            .into_iter()
            .filter(|c| c.version != service.catalog.version)
            .collect();
        AppState {
            catalog: service.catalog,
            archive,
            store: service.store,
            limits: service.limits,
            metrics: metrics::Metrics::default(),
            routes: fallback::RouteTable::from_openapi(spec),
            schemas: shape::Schemas::of(spec),
            draining: AtomicBool::new(false),
        }
    }

    /// Every catalog held, the current one first.
    pub fn datasets(&self) -> impl Iterator<Item = &Catalog> {
        std::iter::once(&self.catalog).chain(&self.archive)
    }

    /// The catalog of a dataset version, if this process holds it.
    pub fn catalog_for(&self, version: &str) -> Option<&Catalog> {
        self.datasets().find(|c| c.version == version)
    }

    /// Whether a stop signal has arrived.
    pub fn is_draining(&self) -> bool {
        self.draining.load(Ordering::SeqCst)
    }
}

/// Installs the log subscriber (RUST_LOG sets the level; info by default).
pub fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout()))
        .try_init();
}

/// Builds the server on an already bound listener (port 0 in tests), with the default limits
/// and an in-memory scenario store.
pub fn server(
    listener: std::net::TcpListener,
    catalog: Catalog,
) -> std::io::Result<actix_web::dev::Server> {
    server_with(listener, catalog, Limits::default())
}

/// Builds the server with the given limits and an in-memory scenario store.
pub fn server_with(
    listener: std::net::TcpListener,
    catalog: Catalog,
    limits: Limits,
) -> std::io::Result<actix_web::dev::Server> {
    let mut service = Service::in_memory(catalog);
    service.limits = limits;
    serve(listener, service)
}

/// Builds the server of a [`Service`] (actix handles the stop signals itself; no drain).
pub fn serve(
    listener: std::net::TcpListener,
    service: Service,
) -> std::io::Result<actix_web::dev::Server> {
    let spec = openapi::spec();
    let state = web::Data::new(AppState::new(service, &spec));
    build(listener, state, spec, true)
}

fn build(
    listener: std::net::TcpListener,
    state: web::Data<AppState>,
    spec: utoipa::openapi::OpenApi,
    signals: bool,
) -> std::io::Result<actix_web::dev::Server> {
    // Workers get this long to finish in-flight requests after a stop signal.
    let shutdown = state.limits.timeout.as_secs().saturating_add(5);
    let server = HttpServer::new(move || {
        App::new()
            .into_utoipa_app()
            .app_data(state.clone())
            .app_data(web::QueryConfig::default().error_handler(|e, req| {
                ApiError::new(
                    StatusCode::BAD_REQUEST,
                    ErrorCode::InvalidQuery,
                    e.to_string(),
                )
                .field(
                    "",
                    format!("the query cannot be read: {e}"),
                    Some("the query parameters documented in /openapi.json".into()),
                    Some(req.query_string().to_string()),
                )
                .at(req.path())
                .into()
            }))
            .app_data(
                web::PathConfig::default()
                    .error_handler(|_, req| ApiError::not_found(req.path()).at(req.path()).into()),
            )
            .configure(routes::configure)
            .map(|app| {
                app.service(SwaggerUi::new("/docs/{_:.*}").url("/openapi.json", spec.clone()))
                    .route("/docs", web::get().to(docs_redirect))
                    .configure(crate::web::configure)
                    .default_service(web::to(fallback::fallback))
                    .wrap(from_fn(edges::edges))
                    .wrap(from_fn(observe::observe))
            })
            .into_app()
    })
    .shutdown_timeout(shutdown)
    .listen(listener)?;
    let server = if signals {
        server
    } else {
        server.disable_signals()
    };
    Ok(server.run())
}

/// `/docs` → `/docs/`, where the Swagger UI's relative asset paths resolve.
async fn docs_redirect() -> actix_web::HttpResponse {
    actix_web::HttpResponse::PermanentRedirect()
        .insert_header((actix_web::http::header::LOCATION, "/docs/"))
        .finish()
}

/// Binds `addr` and serves until SIGTERM or ctrl-c, then stops gracefully: `/readyz` turns
/// unready at once and responses ask to close their connections; after the drain time (or a
/// second signal) the listener closes and in-flight requests get up to the time budget plus
/// 5 s to finish. The time budget is read from `TANSO_REQUEST_TIMEOUT` (seconds; 30 by
/// default).
pub fn run_blocking(addr: SocketAddr, service: Service) -> std::io::Result<()> {
    let listener = std::net::TcpListener::bind(addr)?;
    let drain = service.drain;
    tracing::info!(
        address = %listener.local_addr()?,
        dataset = %service.catalog.version,
        store = service.store.backend().as_str(),
        store_location = %service.store.location(),
        timeout_s = service.limits.timeout.as_secs_f64(),
        drain_s = drain.as_secs_f64(),
        "tanso listening"
    );
    let spec = openapi::spec();
    let state = web::Data::new(AppState::new(service, &spec));
    actix_web::rt::System::new().block_on(async move {
        let server = build(listener, state.clone(), spec, false)?;
        let handle = server.handle();
        actix_web::rt::spawn(async move {
            stop_signal().await;
            state.draining.store(true, Ordering::SeqCst);
            tracing::info!(
                drain_s = drain.as_secs_f64(),
                "stop signal received; /readyz answers 503 while draining (a second signal stops at once)"
            );
            tokio_select(actix_web::rt::time::sleep(drain), stop_signal()).await;
            tracing::info!("closing the listener; finishing in-flight requests");
            handle.stop(true).await;
        });
        server.await?;
        tracing::info!("tanso stopped");
        Ok(())
    })
}

/// Resolves on ctrl-c (SIGINT) or, on Unix, SIGTERM.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use actix_web::rt::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio_select(actix_web::rt::signal::ctrl_c(), term.recv()).await;
            }
            Err(_) => {
                let _ = actix_web::rt::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = actix_web::rt::signal::ctrl_c().await;
    }
}

/// Waits for whichever of two futures finishes first.
async fn tokio_select<A: std::future::Future, B: std::future::Future>(a: A, b: B) {
    use std::pin::pin;
    use std::task::Poll;
    let mut a = pin!(a);
    let mut b = pin!(b);
    std::future::poll_fn(|cx| {
        if a.as_mut().poll(cx).is_ready() || b.as_mut().poll(cx).is_ready() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    })
    .await
}
