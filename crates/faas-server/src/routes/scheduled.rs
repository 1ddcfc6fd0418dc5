//! Scheduled events (`api.md` §5): list, create, read, change and delete the events that
//! start (and stop) a deployment at a time; [`crate::scheduler`] runs them.
//!
//! Grants: `functions.package-deployment:read` to read, `:write` to change, on the account
//! or on the keyset of the event's deployment; a key limited to keysets lists only theirs.
//! Times are read by `faas_api::schedule` and compared with the server's clock.

use axum::extract::{Path, State};
use axum::response::Response;
use faas_api::schedule::{
    validate_event_times, CreateScheduledEvent, UpdateScheduledEvent, EVENT_SORT_FIELDS,
};

use super::deployments::{named_in_body, scope_of, uuid_param, DEPLOYMENT};
use crate::error::AppError;
use crate::http::auth::{Access, Principal};
use crate::http::json::ApiJson;
use crate::http::{entity_id, reply, QueryParams};
use crate::store::scheduled::{self as store, Filter};
use crate::AppState;

/// Checks `access` on the keyset of the account's event `id` (not found first).
async fn authorize(
    state: &AppState,
    principal: &Principal,
    id: &str,
    access: Access,
) -> Result<(), AppError> {
    scope_of(principal, access)?;
    let account = principal.account_id.clone();
    let lookup = id.to_owned();
    let keyset_id = state
        .db
        .read(move |conn| store::keyset_of(conn, &account, &lookup))
        .await?;
    principal.require_on_keyset(DEPLOYMENT, access, keyset_id)
}

/// `GET /v2/faas/scheduled/events[?package_deployment_id=]`, soonest first by default.
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    params: QueryParams,
) -> Result<Response, AppError> {
    let keysets = scope_of(&principal, Access::Read)?;
    let query = params.page(EVENT_SORT_FIELDS)?;
    let filter = Filter {
        package_deployment_id: uuid_param(&params, "package_deployment_id")?,
        keysets,
    };
    let (data, paging) = state
        .db
        .read(move |conn| store::list(conn, &principal.account_id, &filter, &query))
        .await?;
    Ok(reply::page(&data, paging))
}

pub async fn create(
    State(state): State<AppState>,
    principal: Principal,
    ApiJson(body): ApiJson<CreateScheduledEvent>,
) -> Result<Response, AppError> {
    scope_of(&principal, Access::Write)?;
    let times = validate_event_times(
        &body.dttm_begin,
        body.dttm_end.as_deref(),
        body.description.as_deref(),
        &state.config.limits,
    )
    .map_err(AppError::problems)?;
    let (deployment_id, _) = named_in_body(
        &state,
        &principal,
        "packageDeploymentId",
        &body.package_deployment_id,
        Access::Write,
    )
    .await?;
    let now = state.clock().now_ms();
    let by = principal.author();
    let event = state
        .db
        .write(move |tx| store::create(tx, &by, &deployment_id, &times, now))
        .await?;
    state.scheduler.changed();
    Ok(reply::ok(&event))
}

pub async fn get(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = entity_id(&id)?;
    authorize(&state, &principal, &id, Access::Read).await?;
    let event = state
        .db
        .read(move |conn| store::get(conn, &principal.account_id, &id))
        .await?;
    Ok(reply::ok(&event))
}

/// `PUT /v2/faas/scheduled/events/{id}`: the times and description as they are to be.
pub async fn update(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<UpdateScheduledEvent>,
) -> Result<Response, AppError> {
    let id = entity_id(&id)?;
    let times = validate_event_times(
        &body.dttm_begin,
        body.dttm_end.as_deref(),
        body.description.as_deref(),
        &state.config.limits,
    )
    .map_err(AppError::problems)?;
    authorize(&state, &principal, &id, Access::Write).await?;
    let now = state.clock().now_ms();
    let by = principal.author();
    let event = state
        .db
        .write(move |tx| store::update(tx, &by, &id, &times, now))
        .await?;
    state.scheduler.changed();
    Ok(reply::ok(&event))
}

pub async fn delete(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = entity_id(&id)?;
    authorize(&state, &principal, &id, Access::Write).await?;
    let by = principal.author();
    state
        .db
        .write(move |tx| store::delete(tx, &by, &id))
        .await?;
    Ok(reply::empty())
}
