//! The reference server of the faas-console contracts: the Functions v2 Admin API on
//! embedded SQLite, plus the built console as static files.
//!
//! * [`cli`]: the command line, turned into a [`Config`];
//! * [`build_app`]: opens the database, makes sure the admin key (and with `--demo`, the demo
//!   data) exist, and returns the router and its state, so that tests can run the whole app
//!   in-process on `sqlite::memory:`, and starts the [`worker`] that settles deployment
//!   transitions on the current tokio runtime;
//! * [`run`]: binds, prints the console URL, serves.
//!
//! Inside: [`http`] holds what every endpoint shares (envelope, middleware, auth, JSON
//! bodies, CORS), [`routes`] the thin handlers per resource, [`store`] all SQL, [`db`] the
//! connections and migrations.

pub mod bootstrap;
pub mod cli;
pub mod clock;
pub mod db;
pub mod demo;
pub mod error;
pub mod function_test;
pub mod http;
pub mod js_check;
pub mod routes;
pub mod static_files;
pub mod store;
pub mod worker;

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::Router;
use faas_api::validation::Limits;
use tower_http::compression::CompressionLayer;

use crate::db::{Db, DbLocation};
use crate::error::AppError;
use crate::http::auth::AuthCache;

/// The default of `--max-running-deployments`.
pub const DEFAULT_RUNNING_DEPLOYMENTS_MAX: u32 = 50;

/// Everything the server is started with.
#[derive(Debug, Clone)]
pub struct Config {
    pub listen: SocketAddr,
    /// `sqlite:PATH` or `sqlite::memory:`.
    pub database: String,
    pub static_dir: PathBuf,
    pub admin_key: Option<String>,
    pub demo: bool,
    /// How long STARTING and STOPPING last before the worker settles them.
    pub transition_ms: u64,
    pub cors_origins: Vec<String>,
    pub read_connections: usize,
    pub limits: Limits,
    pub running_deployments_max: u32,
}

impl Default for Config {
    /// An in-memory server on a free port, as tests want it.
    fn default() -> Config {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            database: "sqlite::memory:".into(),
            static_dir: PathBuf::from("dist"),
            admin_key: None,
            demo: false,
            transition_ms: 2000,
            cors_origins: Vec::new(),
            read_connections: 4,
            limits: Limits::default(),
            running_deployments_max: DEFAULT_RUNNING_DEPLOYMENTS_MAX,
        }
    }
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub auth_cache: Arc<AuthCache>,
    /// The admin key and its account.
    pub admin: Arc<bootstrap::Admin>,
    /// The worker that settles deployment transitions; stops with the last copy of the state.
    pub transitions: Arc<worker::Transitions>,
}

impl AppState {
    /// Forgets cached principals; call after changing keys or grants.
    pub fn keys_changed(&self) {
        self.auth_cache.clear();
    }

    /// `--transition-ms` as a duration.
    pub fn transition(&self) -> std::time::Duration {
        std::time::Duration::from_millis(self.config.transition_ms)
    }
}

/// Opens the database, bootstraps the admin key (and the demo data with `--demo`) and builds
/// the router. Blocking work: call it before serving or from a test.
pub fn build_app(config: Config) -> Result<(Router, AppState), AppError> {
    let location = DbLocation::parse(&config.database)
        .map_err(|e| AppError::internal(format!("--database: {e}")))?;
    let db = Db::open(&location, config.read_connections)?;
    let admin = bootstrap::ensure_admin(&db, config.admin_key.as_deref(), config.demo)?;
    if config.demo && admin.fresh {
        demo::seed(&db, &admin, config.transition_ms)?;
    }
    let transitions = Arc::new(worker::Transitions::start(db.clone()));
    let state = AppState {
        db,
        config: Arc::new(config),
        auth_cache: Arc::new(AuthCache::default()),
        admin: Arc::new(admin),
        transitions,
    };
    Ok((router(state.clone()), state))
}

/// The whole app: `/v2` API, the console's static files, and the shared layers.
pub fn router(state: AppState) -> Router {
    Router::new()
        // The console's files are precompressed on disk; API answers are compressed as they
        // go, for clients that accept it (a page of packages is about 4x smaller in brotli).
        .nest("/v2", routes::api().layer(CompressionLayer::new()))
        .fallback(static_files::serve)
        .layer(DefaultBodyLimit::max(http::json::BODY_LIMIT))
        .layer(axum::middleware::from_fn(http::context::request_context))
        .layer(http::cors::layer(state.config.cors_origins.clone()))
        .layer(axum::middleware::from_fn(static_files::lean_headers))
        .with_state(state)
}

/// The line printed on start: the console URL with the admin key in the fragment (never
/// sent to the server, so it stays out of access logs).
pub fn console_url_line(addr: SocketAddr, key: &str) -> String {
    format!("faas-console: http://{addr}/#key={key}")
}

/// Builds the app, binds, prints the console URL to stdout and serves until Ctrl-C.
pub async fn run(config: Config) -> Result<(), AppError> {
    let listen = config.listen;
    let demo = config.demo;
    let (app, state) = tokio::task::spawn_blocking(move || build_app(config))
        .await
        .map_err(AppError::from_join)??;
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|e| AppError::internal(format!("cannot listen on {listen}: {e}")))?;
    let addr = listener
        .local_addr()
        .map_err(|e| AppError::internal(format!("no local address: {e}")))?;
    {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{}", console_url_line(addr, &state.admin.key));
        let _ = out.flush();
    }
    if demo {
        demo::log_keys(&state);
    }
    tracing::info!(%addr, database = %state.config.database, "faas-server listening");
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| AppError::internal(format!("server: {e}")))
}
