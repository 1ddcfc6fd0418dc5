//! The reference server of the faas-console contracts: the Functions v2 Admin API and the
//! Vercel-style deployments API on embedded SQLite, plus the built console as static files.
//!
//! * [`cli`]: the command line, turned into a [`Config`];
//! * [`build_app`]: opens the database, makes sure the admin key (and with `--demo`, the demo
//!   data) exist, and returns the router and its state, so that tests can run the whole app
//!   in-process on `sqlite::memory:`, and starts the [`worker`] that settles deployment
//!   transitions and moves the build queue on, and the [`scheduler`] that runs scheduled
//!   events by [`Config::clock`] (which a test moves), on the current tokio runtime;
//! * [`run`]: binds, prints the console URL, serves.
//!
//! Inside, in layers that only import downwards: [`routes`] the thin handlers per resource;
//! [`http`] what every endpoint shares (envelope, middleware, auth, JSON bodies, CORS) and
//! the error shapes of the answers ([`error::AppError`], [`http::vercel::VercelError`]),
//! each made from a [`db::StoreError`] in one `From`; [`store`] all SQL, returning
//! [`db::StoreError`]; [`db`] the connections, migrations, caches and the schema's unique
//! constraints ([`db::constraints`]). [`access`] holds grants and principals as pure rules,
//! [`state`] and [`config`] what the handlers reach, and this file only assembles.
//! `tests/integration/module_graph.rs` keeps the module graph free of circles.

pub mod access;
pub mod bootstrap;
pub mod catalog;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod demo;
pub mod demo_activity;
pub mod demo_kv;
pub mod demo_vercel;
pub mod error;
pub mod function_test;
pub mod http;
pub mod js_check;
pub mod routes;
pub mod scheduler;
pub mod secret_box;
pub mod state;
pub mod static_files;
pub mod store;
pub mod worker;

pub use config::{
    Config, DEFAULT_BUILD_BUILDING_MS, DEFAULT_BUILD_CONCURRENCY, DEFAULT_BUILD_INITIALIZING_MS,
    DEFAULT_KV_ENTRIES_MAX, DEFAULT_RUNNING_DEPLOYMENTS_MAX,
};
pub use state::AppState;

use std::io::Write;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::serve::ListenerExt;
use axum::Router;
use tower_http::compression::CompressionLayer;

use crate::access::AuthCache;
use crate::db::{Db, DbLocation};
use crate::error::AppError;

/// Opens the database, bootstraps the admin key (and the demo data with `--demo`) and builds
/// the router. Blocking work: call it before serving or from a test.
pub fn build_app(config: Config) -> Result<(Router, AppState), AppError> {
    let location = DbLocation::parse(&config.database)
        .map_err(|e| AppError::internal(format!("--database: {e}")))?;
    let db = Db::open(&location, config.read_connections)?;
    let admin = bootstrap::ensure_admin(&db, config.admin_key.as_deref(), config.demo)?;
    let secrets = Arc::new(bootstrap::ensure_secrets_key(&db)?);
    if config.demo && admin.fresh {
        demo::seed(&db, &admin, config.transition_ms, &secrets, &config.clock)?;
    }
    let times = config.build_times();
    let vercel_fresh = bootstrap::ensure_vercel_admin(&db, &admin.key, config.demo)?;
    if config.demo && vercel_fresh {
        demo_vercel::seed(&db, &times)?;
    }
    // The activity log keeps what the retention flag says; what is older goes now.
    let oldest = config.activity_oldest_ms(clock::now_ms());
    let pruned = db.write_blocking(|tx| store::activity::prune(tx, oldest))?;
    if pruned > 0 {
        tracing::info!(pruned, "activity entries past retention deleted");
    }
    // Builds interrupted by the last stop start their step again; then the worker runs on.
    db.write_blocking(|tx| store::builds::resume_interrupted(tx, &times, clock::now_ms()))?;
    let transitions = Arc::new(worker::Transitions::start(
        db.clone(),
        worker::Settings {
            transition_ms: config.transition_ms,
            builds: times,
        },
    ));
    let scheduler = Arc::new(scheduler::Scheduler::start(
        db.clone(),
        config.clock.clone(),
        config.run_settings(),
        transitions.waker(),
    ));
    let state = AppState {
        db,
        config: Arc::new(config),
        auth_cache: Arc::new(AuthCache::default()),
        admin: Arc::new(admin),
        transitions,
        scheduler,
        secrets,
    };
    Ok((router(state.clone()), state))
}

/// The whole app: `/v2` API, the console's static files, and the shared layers.
pub fn router(state: AppState) -> Router {
    Router::new()
        // The console's files are precompressed on disk; API answers are compressed as they
        // go, for clients that accept it (a page of packages is about 4x smaller in brotli).
        .nest("/v2", routes::api().layer(CompressionLayer::new()))
        .merge(routes::vercel::router())
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
    // Without TCP_NODELAY, a response written in two parts (headers, then a small body) can
    // wait for the browser's delayed acknowledgement of the first, up to 40 ms: measured, the
    // console's 8 KB script reached the browser 40 to 60 ms after its headers in most cold
    // loads, after the 143 KB main module that was asked for with it.
    let listener = listener.tap_io(|stream| {
        if let Err(error) = stream.set_nodelay(true) {
            tracing::debug!(%error, "TCP_NODELAY not set on a connection");
        }
    });
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| AppError::internal(format!("server: {e}")))
}
