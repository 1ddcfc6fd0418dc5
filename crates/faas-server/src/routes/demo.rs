//! The demo's controls (ours, outside the PubNub contract), offered only with `--demo`:
//!
//! * `GET /v2/faas/demo`: whether this server offers them (`resettable`), and whether the
//!   calling key may use them (`canReset`); 404 `FAAS-404` without `--demo`, so that the
//!   console can hide the action;
//! * `POST /v2/faas/demo/reset`: back to the demo data of a fresh start. Only the admin key
//!   (`--admin-key`, or the generated one) may call it; the admin account and key survive,
//!   so the console's key keeps working.

use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::Response;
use faas_api::activity::TargetType;
use faas_api::ErrorCode;
use serde_json::json;

use crate::error::AppError;
use crate::http::auth::{key_from_header, Principal};
use crate::http::reply;
use crate::store::activity::Change;
use crate::store::reset;
use crate::{bootstrap, demo, demo_vercel, AppState};

fn not_offered() -> AppError {
    AppError::new(
        ErrorCode::NotFound,
        "Entity not found: the demo controls are offered only when the server runs with --demo",
    )
}

/// Whether the request's key is the admin key.
fn is_admin(state: &AppState, headers: &HeaderMap) -> bool {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(key_from_header)
        .is_some_and(|key| key == state.admin.key)
}

/// `GET /v2/faas/demo`: any valid key.
pub async fn status(
    State(state): State<AppState>,
    _principal: Principal,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    if !state.config.demo {
        return Err(not_offered());
    }
    Ok(reply::ok(&json!({
        "resettable": true,
        "canReset": is_admin(&state, &headers),
    })))
}

/// `POST /v2/faas/demo/reset`: the admin key only.
pub async fn reset(
    State(state): State<AppState>,
    principal: Principal,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    if !state.config.demo {
        return Err(not_offered());
    }
    if !is_admin(&state, &headers) {
        return Err(AppError::new(
            ErrorCode::Forbidden,
            "only the server's admin key may reset the demo data",
        ));
    }
    let db = state.db.clone();
    let admin = state.admin.clone();
    let transition_ms = state.config.transition_ms;
    let times = state.build_times();
    let secrets = state.secrets.clone();
    let clock = state.clock().clone();
    let by = principal.author();
    let deleted = tokio::task::spawn_blocking(move || -> Result<usize, AppError> {
        let deleted = db.write_blocking(|tx| {
            let deleted = reset::empty_all_but_admin(tx, &admin.account_id, &admin.key)?;
            // The one entry the reset leaves of the log it emptied: the reset itself.
            by.record(
                tx,
                &Change::done(TargetType::Demo, "reset", "demo", "Demo data"),
            )?;
            Ok(deleted)
        })?;
        demo::seed(&db, &admin, transition_ms, &secrets, &clock)?;
        // The admin key is also the builds' token: its user and teams come back first.
        bootstrap::ensure_vercel_admin(&db, &admin.key, true)?;
        demo_vercel::seed(&db, &times)?;
        Ok(deleted)
    })
    .await
    .map_err(AppError::from_join)??;
    // Keys were deleted and made again; cached answers go with the write generation.
    state.keys_changed();
    state.transitions.scheduled();
    tracing::info!(deleted, "demo data reset");
    Ok(reply::ok(&json!({"reset": true, "rowsDeleted": deleted})))
}
