//! The route table of `/v2`, one module of thin handlers per resource: each checks grants,
//! parses input with the shared extractors and `faas_api` rules, calls [`crate::store`] in
//! [`crate::db::Db::read`]/[`crate::db::Db::write`], and renders with [`crate::http::reply`].

pub mod keysets;

use axum::routing::get;
use axum::Router;

use crate::error::AppError;
use crate::AppState;

/// Every `/v2` route. A new resource adds its module and its lines here.
pub fn api() -> Router<AppState> {
    Router::new()
        .route("/keysets", get(keysets::list))
        .fallback(unknown_route)
}

async fn unknown_route(uri: axum::http::Uri) -> AppError {
    AppError::new(
        faas_api::ErrorCode::NotFound,
        format!("Entity not found: no route {}", uri.path()),
    )
}
