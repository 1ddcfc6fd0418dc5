//! The route table of `/v2`, one module of thin handlers per resource: each checks grants,
//! parses input with the shared extractors and `faas_api` rules, calls [`crate::store`] in
//! [`crate::db::Db::read`]/[`crate::db::Db::write`], and renders with [`crate::http::reply`].
//!
//! Extractor order matters: `Principal` comes before the body, so a request without a key
//! is 401 whatever its body.

pub mod activity;
pub mod catalog;
pub mod demo;
pub mod deployments;
pub mod keysets;
pub mod kv;
pub mod limits;
pub mod openapi;
pub mod openapi_activity;
pub mod openapi_catalog;
pub mod openapi_document;
pub mod openapi_kv;
pub mod openapi_overview;
pub mod openapi_rollout;
pub mod openapi_vercel;
pub mod overview;
pub mod packages;
pub mod qa_openapi;
pub mod revisions;
pub mod rollout;
pub mod scheduled;
pub mod test_inputs;
pub mod test_runs;
pub mod vercel;

use axum::routing::{delete, get, post, put};
use axum::Router;

use crate::error::AppError;
use crate::AppState;

/// Every `/v2` route. A new resource adds its module and its lines here (and its
/// operations to the OpenAPI document, [`openapi_document`]).
pub fn api() -> Router<AppState> {
    Router::new()
        .route("/keysets", get(keysets::list))
        .route("/faas/openapi.json", get(openapi_document::document))
        .route("/faas/packages", get(packages::list).post(packages::create))
        .route(
            "/faas/packages/{id}",
            get(packages::get)
                .put(packages::update)
                .delete(packages::delete),
        )
        .route(
            "/faas/packages/{id}/package-revisions",
            get(packages::revisions),
        )
        .route(
            "/faas/package-revisions",
            get(revisions::many).post(revisions::create),
        )
        .route(
            "/faas/package-revisions/{id}",
            get(revisions::get)
                .put(revisions::update)
                .delete(revisions::delete),
        )
        .route(
            "/faas/package-revisions/{id}/functions",
            get(revisions::functions),
        )
        .route(
            "/faas/package-revisions/{id}/package-deployments",
            get(deployments::of_revision),
        )
        .route(
            "/faas/package-deployments",
            get(deployments::list).post(deployments::create),
        )
        .route(
            "/faas/package-deployments/{id}",
            get(deployments::get).delete(deployments::delete),
        )
        .route(
            "/faas/package-deployments/{id}/function-deployments",
            post(deployments::start).delete(deployments::stop),
        )
        .route("/faas/function-deployments", delete(deployments::stop_all))
        .merge(rollout_routes())
        .route(
            "/faas/limits/package-deployments-running",
            get(limits::running_deployments),
        )
        .merge(kv_router())
        .merge(catalog_routes())
        .merge(vercel::teams_router())
        .route("/faas/activity", get(activity::list))
        .route("/faas/overview", get(overview::get))
        .route("/faas/test-runs", post(test_runs::create))
        .route("/faas/demo", get(demo::status))
        .route("/faas/demo/reset", post(demo::reset))
        .fallback(unknown_route)
}

/// Rolling updates, channel conflicts and scheduled events (`api.md` §5).
fn rollout_routes() -> Router<AppState> {
    Router::new()
        .route(
            "/faas/package-deployments/{id}/function-deployments",
            put(rollout::rolling_update),
        )
        .route(
            "/faas/package-deployments/intersected",
            get(rollout::intersected),
        )
        .route(
            "/faas/scheduled/events",
            get(scheduled::list).post(scheduled::create),
        )
        .route(
            "/faas/scheduled/events/{id}",
            get(scheduled::get)
                .put(scheduled::update)
                .delete(scheduled::delete),
        )
}

/// The catalog and saved test inputs (`api.md` §5).
fn catalog_routes() -> Router<AppState> {
    Router::new()
        .route("/faas/package-blueprints", get(catalog::list))
        .route("/faas/package-blueprints/{id}", get(catalog::get))
        .route(
            "/faas/package-blueprints/{id}/function-blueprints",
            get(catalog::functions),
        )
        .route(
            "/faas/package-blueprints/{id}/packages",
            post(catalog::import),
        )
        .route("/faas/function-blueprint-params", get(catalog::params))
        .route(
            "/faas/function-revisions/{id}/test-inputs",
            get(test_inputs::list).post(test_inputs::create),
        )
        .route(
            "/faas/test-inputs/{id}",
            get(test_inputs::get)
                .put(test_inputs::update)
                .delete(test_inputs::delete),
        )
}

/// The keyset data routes (`api.md` §5). A key is one path segment, URL-encoded.
fn kv_router() -> Router<AppState> {
    Router::new()
        .route("/faas/kv/strings", get(kv::list))
        .route("/faas/kv/jsons", get(kv::list))
        .route("/faas/kv/counters", get(kv::list))
        .route(
            "/faas/kv/strings/{key}",
            get(kv::get).put(kv::put).delete(kv::delete),
        )
        .route(
            "/faas/kv/jsons/{key}",
            get(kv::get).put(kv::put).delete(kv::delete),
        )
        .route("/faas/kv/counters/{key}", get(kv::get).delete(kv::delete))
        .route("/faas/kv/counters/{key}/increment", post(kv::increment))
        .route("/faas/kv/counters/{key}/decrement", post(kv::decrement))
        .route("/faas/kv/secrets", get(kv::list_secrets))
        .route(
            "/faas/kv/secrets/{key}",
            put(kv::put_secret).delete(kv::delete_secret),
        )
}

async fn unknown_route(axum::extract::OriginalUri(uri): axum::extract::OriginalUri) -> AppError {
    AppError::new(
        faas_api::ErrorCode::NotFound,
        format!("Entity not found: no route {}", uri.path()),
    )
}
