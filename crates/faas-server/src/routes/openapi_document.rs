//! `GET /v2/faas/openapi.json`: the OpenAPI 3.0 document of every operation this server
//! implements, put together from its parts: the Functions v2 core ([`super::openapi`]), the
//! rollout operations ([`super::openapi_rollout`], built with the core's pieces) and the
//! Vercel-style deployments ([`super::openapi_vercel`]). Kept apart from the parts so that
//! they import in one direction only.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::{openapi, openapi_rollout, openapi_vercel};
use crate::{AppState, Config};

/// The whole document, for a server started with `config`.
pub fn document_of(config: &Config) -> Value {
    openapi_vercel::merge(openapi_rollout::merge(
        openapi::spec(config),
        &config.limits,
    ))
}

/// Serves the document of the limits the server runs with; no key needed.
pub async fn document(State(state): State<AppState>) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        serde_json::to_string(&document_of(&state.config)).unwrap_or_default(),
    )
        .into_response()
}
