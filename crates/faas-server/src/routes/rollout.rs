//! Replacing what runs on a keyset (`api.md` §5): the rolling update of a deployment to
//! another revision of its package, and the channel conflicts to look at before.
//!
//! Grants: a rolling update needs `functions.package-deployment:write` on the keyset (of
//! both deployments, which must share it); the conflicts of a keyset need `:read` on it.

use axum::extract::{Path, State};
use axum::response::Response;
use faas_api::validation::channel_problem;
use faas_api::{ErrorCode, FunctionType, RollingUpdate};

use super::deployments::{authorize, named_in_body, scope_of, DEPLOYMENT};
use crate::clock;
use crate::error::AppError;
use crate::http::auth::{Access, Principal};
use crate::http::json::ApiJson;
use crate::http::{entity_id, reply, QueryPairs};
use crate::store::{channel_conflicts, rollouts};
use crate::AppState;

pub use faas_api::channels::CHANNELS_MAX;

/// `PUT …/package-deployments/{id}/function-deployments {newPackageDeploymentId}`: the new
/// deployment starts, and the old one `{id}` stops once it runs (the worker sees to it).
pub async fn rolling_update(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<RollingUpdate>,
) -> Result<Response, AppError> {
    let old_id = entity_id(&id)?;
    authorize(&state, &principal, &old_id, Access::Write).await?;
    let (new_id, _) = named_in_body(
        &state,
        &principal,
        "newPackageDeploymentId",
        &body.new_package_deployment_id,
        Access::Write,
    )
    .await?;
    let transition_ms = state.config.transition_ms;
    let by = principal.author();
    let deployment = state
        .db
        .write(move |tx| rollouts::begin(tx, &by, &old_id, &new_id, transition_ms, clock::now_ms()))
        .await?;
    state.transitions.scheduled();
    Ok(reply::ok(&deployment))
}

fn invalid(field: &str, message: String) -> AppError {
    AppError::field(ErrorCode::Validation, field, message)
}

/// `GET /v2/faas/package-deployments/intersected?keyset_id=&channel=…&function_type=`.
pub async fn intersected(
    State(state): State<AppState>,
    principal: Principal,
    query: QueryPairs,
) -> Result<Response, AppError> {
    scope_of(&principal, Access::Read)?;
    let keyset_id = match query.get("keyset_id") {
        None | Some("") => {
            return Err(invalid("keyset_id", "keyset_id is required".into()));
        }
        Some(raw) => raw.parse::<i64>().map_err(|_| {
            invalid(
                "keyset_id",
                format!("keyset_id must be an integer (got '{raw}')"),
            )
        })?,
    };
    let channels = query.all("channel");
    if channels.is_empty() {
        return Err(invalid(
            "channel",
            "at least one channel is required".into(),
        ));
    }
    if channels.len() > CHANNELS_MAX {
        return Err(invalid(
            "channel",
            format!(
                "at most {CHANNELS_MAX} channels at once (got {})",
                channels.len()
            ),
        ));
    }
    let problems: Vec<faas_api::Problem> = channels
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            channel_problem(c).map(|why| faas_api::Problem::new(format!("channel[{i}]"), why))
        })
        .collect();
    if !problems.is_empty() {
        return Err(AppError::problems(problems));
    }
    let function_type = match query.get("function_type") {
        None | Some("") => None,
        Some(raw) => Some(FunctionType::parse(raw).ok_or_else(|| {
            let names: Vec<&str> = FunctionType::ALL.iter().map(|t| t.as_str()).collect();
            invalid(
                "function_type",
                format!(
                    "function_type must be one of {} (got '{raw}')",
                    names.join(", ")
                ),
            )
        })?),
    };
    principal.require_on_keyset(DEPLOYMENT, Access::Read, keyset_id)?;
    let channels: Vec<String> = channels.into_iter().map(str::to_owned).collect();
    let answer = state
        .db
        .read(move |conn| {
            channel_conflicts::intersected(
                conn,
                &principal.account_id,
                keyset_id,
                &channels,
                function_type,
            )
        })
        .await?;
    Ok(reply::ok(&answer))
}
