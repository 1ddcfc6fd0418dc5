//! Package deployments (`api.md` §2–§3): create, read, list, start/restart, stop (with
//! `force` to abort a start), delete, and stop-all by package or revision.
//!
//! Grants: `functions.package-deployment:read|write` on the account or on the deployment's
//! keyset (write implies read); a key whose read grant covers some keysets only sees those
//! keysets' deployments in lists. Another account's entities are not found.

use axum::extract::{Path, State};
use axum::response::Response;
use faas_api::validation::is_uuid;
use faas_api::{CreateDeployment, DeploymentState, ErrorCode, DEPLOYMENT_SORT_FIELDS};

use crate::db::cache::{AnswerKey, Rendered};
use crate::db::StoreError;
use crate::error::AppError;
use crate::http::auth::{Access, Principal, Resource};
use crate::http::json::ApiJson;
use crate::http::{entity_id, reply, QueryParams};
use crate::store::package_deployments::{self as store, Filter, Scope};
use crate::AppState;

pub(super) const DEPLOYMENT: Resource = Resource::PackageDeployment;

/// 403 unless the key holds `access` on the account or on at least one keyset; the keysets
/// it is limited to (`None`: the whole account).
pub(super) fn scope_of(
    principal: &Principal,
    access: Access,
) -> Result<Option<Vec<i64>>, AppError> {
    match principal.keysets_with(DEPLOYMENT, access) {
        Some(keysets) if keysets.is_empty() => principal.require(DEPLOYMENT, access).map(|_| None),
        scope => Ok(scope),
    }
}

/// Loads the keyset of deployment `id` and checks `access` on it.
pub(super) async fn authorize(
    state: &AppState,
    principal: &Principal,
    id: &str,
    access: Access,
) -> Result<(), AppError> {
    scope_of(principal, access)?;
    let account = principal.account_id.clone();
    let lookup = id.to_owned();
    let (keyset_id, _) = state
        .db
        .read(move |conn| store::keyset_and_state(conn, &account, &lookup))
        .await?;
    principal.require_on_keyset(DEPLOYMENT, access, keyset_id)
}

/// The account's deployment that a request body names in `field`, with `access` checked on
/// its keyset: its lowercased id and what a rule about it needs. A malformed id and an
/// unknown one are both the documented 404 naming the field.
pub(super) async fn named_in_body(
    state: &AppState,
    principal: &Principal,
    field: &'static str,
    raw: &str,
    access: Access,
) -> Result<(String, store::Summary), AppError> {
    let no_such = || {
        AppError::field(
            ErrorCode::NotFound,
            field,
            format!("Entity not found: no deployment {field}"),
        )
    };
    if !is_uuid(raw) {
        return Err(no_such());
    }
    let id = raw.to_ascii_lowercase();
    let account = principal.account_id.clone();
    let lookup = id.clone();
    let summary = state
        .db
        .read(move |conn| store::summary(conn, &account, &lookup))
        .await
        .map_err(|e| match e {
            StoreError::NotFound => no_such(),
            e => AppError::from(e),
        })?;
    principal.require_on_keyset(DEPLOYMENT, access, summary.keyset_id)?;
    Ok((id, summary))
}

/// An optional UUID query parameter; anything else is 400 naming it.
pub(super) fn uuid_param(params: &QueryParams, name: &str) -> Result<Option<String>, AppError> {
    match params.get(name) {
        None | Some("") => Ok(None),
        Some(raw) if is_uuid(raw) => Ok(Some(raw.to_ascii_lowercase())),
        Some(raw) => Err(AppError::field(
            ErrorCode::Validation,
            name,
            format!("{name} must be a UUID (got '{raw}')"),
        )),
    }
}

pub async fn create(
    State(state): State<AppState>,
    principal: Principal,
    ApiJson(body): ApiJson<CreateDeployment>,
) -> Result<Response, AppError> {
    principal.require_on_keyset(DEPLOYMENT, Access::Write, body.keyset_id)?;
    // A revision id that is no UUID names no revision: not found, as in a path.
    let revision_id = entity_id(&body.package_revision_id)?;
    let limits = state.config.limits;
    let by = principal.author();
    let deployment = state
        .db
        .write(move |tx| store::create(tx, &by, &revision_id, body.keyset_id, &limits))
        .await?;
    Ok(reply::ok(&deployment))
}

pub async fn get(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = entity_id(&id)?;
    scope_of(&principal, Access::Read)?;
    let key = AnswerKey::Deployment {
        account_id: principal.account_id.clone(),
        id: id.clone(),
    };
    let account = principal.account_id.clone();
    let answer = state
        .db
        .read_answer(key, move |conn, _| {
            let deployment = store::get(conn, &account, &id)?;
            Ok(Rendered {
                data: reply::render_data(&deployment)?,
                paging: None,
                keyset_id: Some(deployment.keyset_id),
            })
        })
        .await?;
    let keyset_id = answer.keyset_id.unwrap_or_default();
    principal.require_on_keyset(DEPLOYMENT, Access::Read, keyset_id)?;
    Ok(reply::rendered(&answer.data, None))
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

/// `POST …/{id}/function-deployments`: start, or restart while RUNNING.
pub async fn start(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = entity_id(&id)?;
    authorize(&state, &principal, &id, Access::Write).await?;
    let transition_ms = state.config.transition_ms;
    let running_max = state.config.running_deployments_max;
    let by = principal.author();
    let deployment = state
        .db
        .write(move |tx| store::start(tx, &by, &id, transition_ms, running_max))
        .await?;
    state.transitions.scheduled();
    Ok(reply::ok(&deployment))
}

/// `DELETE …/{id}/function-deployments[?force=true]`: stop; `force` aborts a start.
pub async fn stop(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
    params: QueryParams,
) -> Result<Response, AppError> {
    let id = entity_id(&id)?;
    let force = match params.get("force") {
        None | Some("") | Some("false") => false,
        Some("true") => true,
        Some(raw) => {
            return Err(AppError::field(
                ErrorCode::Validation,
                "force",
                format!("force must be true or false (got '{raw}')"),
            ))
        }
    };
    authorize(&state, &principal, &id, Access::Write).await?;
    let transition_ms = state.config.transition_ms;
    let by = principal.author();
    let deployment = state
        .db
        .write(move |tx| store::stop(tx, &by, &id, force, transition_ms))
        .await?;
    state.transitions.scheduled();
    Ok(reply::ok(&deployment))
}

/// `DELETE /v2/faas/function-deployments?package_id=…|package_revision_id=…` (seed 000).
pub async fn stop_all(
    State(state): State<AppState>,
    principal: Principal,
    params: QueryParams,
) -> Result<Response, AppError> {
    principal.require(DEPLOYMENT, Access::Write)?;
    let package_id = uuid_param(&params, "package_id")?;
    let revision_id = uuid_param(&params, "package_revision_id")?;
    // Checked before the write: the store's transaction speaks the store's errors.
    let (id, by_revision) =
        match (package_id, revision_id) {
            (Some(id), None) => (id, false),
            (None, Some(id)) => (id, true),
            (None, None) => return Err(AppError::new(
                ErrorCode::Validation,
                "exactly one of package_id and package_revision_id is required (none was given)",
            )),
            (Some(_), Some(_)) => return Err(AppError::new(
                ErrorCode::Validation,
                "exactly one of package_id and package_revision_id is allowed (both were given)",
            )),
        };
    let by = principal.author();
    let deployments = state
        .db
        .write(move |tx| {
            let scope = if by_revision {
                Scope::Revision(&id)
            } else {
                Scope::Package(&id)
            };
            store::stop_all(tx, &by, scope)
        })
        .await?;
    Ok(reply::ok(&deployments))
}

/// `GET /v2/faas/package-deployments` (ours): the account's deployments, filtered.
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    params: QueryParams,
) -> Result<Response, AppError> {
    let keysets = scope_of(&principal, Access::Read)?;
    let query = params.page(DEPLOYMENT_SORT_FIELDS)?;
    let keyset_id = match params.get("keyset_id") {
        None | Some("") => None,
        Some(raw) => Some(raw.parse::<i64>().map_err(|_| {
            AppError::field(
                ErrorCode::Validation,
                "keyset_id",
                format!("keyset_id must be an integer (got '{raw}')"),
            )
        })?),
    };
    let deployment_state = match params.get("state") {
        None | Some("") => None,
        Some(raw) => Some(DeploymentState::parse(raw).ok_or_else(|| {
            AppError::field(
                ErrorCode::Validation,
                "state",
                format!(
                    "state must be one of STOPPED, STARTING, RUNNING, STOPPING, FAILED (got '{raw}')"
                ),
            )
        })?),
    };
    let filter = Filter {
        package_id: uuid_param(&params, "package_id")?,
        package_revision_id: uuid_param(&params, "package_revision_id")?,
        keyset_id,
        state: deployment_state,
        keysets,
    };
    let (data, paging) = state
        .db
        .read(move |conn| store::list(conn, &principal.account_id, &filter, &query))
        .await?;
    Ok(reply::page(&data, paging))
}

/// `GET /v2/faas/package-revisions/{id}/package-deployments`.
pub async fn of_revision(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
    params: QueryParams,
) -> Result<Response, AppError> {
    let id = entity_id(&id)?;
    let keysets = scope_of(&principal, Access::Read)?;
    let query = params.page(DEPLOYMENT_SORT_FIELDS)?;
    let (data, paging) = state
        .db
        .read(move |conn| {
            store::package_of_revision(conn, &principal.account_id, &id)?;
            let filter = Filter {
                package_revision_id: Some(id),
                keysets,
                ..Filter::default()
            };
            store::list(conn, &principal.account_id, &filter, &query)
        })
        .await?;
    Ok(reply::page(&data, paging))
}
