//! `GET /v2/faas/openapi.json`: the OpenAPI 3.0 document of every operation this server
//! implements, put together from its parts: the Functions v2 core ([`super::openapi`], whose
//! pieces the other parts build with), the rollout operations ([`super::openapi_rollout`]), a
//! keyset's data ([`super::openapi_kv`]), the activity log ([`super::openapi_activity`]), the
//! Overview ([`super::openapi_overview`]), the catalog and test inputs
//! ([`super::openapi_catalog`]) and the Vercel-style deployments ([`super::openapi_vercel`]).
//! Kept apart from the parts so that they import in one direction only; a new part adds its
//! `merge` to [`spec`].

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::{
    openapi, openapi_activity, openapi_catalog, openapi_kv, openapi_overview, openapi_rollout,
    openapi_vercel,
};
use crate::{AppState, Config};

/// The whole document, for a server started with `config` (its limits are the document's).
pub fn spec(config: &Config) -> Value {
    let doc = openapi::spec(config);
    let doc = openapi_rollout::merge(doc, &config.limits);
    let doc = openapi_kv::merge(doc, config);
    let doc = openapi_activity::merge(doc);
    let doc = openapi_overview::merge(doc);
    let doc = openapi_catalog::merge(doc, &config.limits);
    openapi_vercel::merge(doc)
}

/// Serves the document of the limits the server runs with; no key needed.
pub async fn document(State(state): State<AppState>) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        serde_json::to_string(&spec(&state.config)).unwrap_or_default(),
    )
        .into_response()
}
