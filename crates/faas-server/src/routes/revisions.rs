//! `/v2/faas/package-revisions`: create, read (with functions), rename, delete, and a
//! revision's functions.

use axum::extract::{Path, State};
use axum::response::Response;
use faas_api::validation::{parse_id_list, validate_create_revision, validate_update_revision};
use faas_api::{CreateRevision, ErrorCode, UpdateRevision, FUNCTION_SORT_FIELDS};

use crate::error::AppError;
use crate::http::auth::{Access, Principal, Resource};
use crate::http::json::ApiJson;
use crate::http::{entity_id, reply, QueryParams};
use crate::store::revisions;
use crate::AppState;

pub async fn create(
    State(state): State<AppState>,
    principal: Principal,
    ApiJson(body): ApiJson<CreateRevision>,
) -> Result<Response, AppError> {
    principal.require(Resource::Package, Access::Write)?;
    let valid =
        validate_create_revision(&body, &state.config.limits).map_err(AppError::problems)?;
    // A package id that is no UUID names no package: not found, as in a path.
    let package_id = entity_id(&body.package_id)?;
    let by = principal.author();
    let revision = state
        .db
        .write(move |tx| revisions::create(tx, &by, &package_id, valid))
        .await?;
    Ok(reply::ok(&revision))
}

/// `GET /v2/faas/package-revisions?ids=…` (ours, not the public API's): the revisions named,
/// with their functions, in one read. A page that shows many deployments names each one's
/// revision and functions; the public API reads them one request each, which the console
/// still does where this read is missing (404 or 405).
pub async fn many(
    State(state): State<AppState>,
    principal: Principal,
    params: QueryParams,
) -> Result<Response, AppError> {
    principal.require(Resource::Package, Access::Read)?;
    let ids = parse_id_list(params.get("ids").unwrap_or_default())
        .map_err(|message| AppError::field(ErrorCode::Validation, "ids", message))?;
    let revisions = state
        .db
        .read(move |conn| revisions::get_many(conn, &principal.account_id, &ids))
        .await?;
    Ok(reply::ok(&revisions))
}

pub async fn get(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    principal.require(Resource::Package, Access::Read)?;
    let id = entity_id(&id)?;
    let revision = state
        .db
        .read(move |conn| revisions::get(conn, &principal.account_id, &id, true))
        .await?;
    Ok(reply::ok(&revision))
}

pub async fn update(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<UpdateRevision>,
) -> Result<Response, AppError> {
    principal.require(Resource::Package, Access::Write)?;
    let id = entity_id(&id)?;
    let valid =
        validate_update_revision(&body, &state.config.limits).map_err(AppError::problems)?;
    let by = principal.author();
    let revision = state
        .db
        .write(move |tx| revisions::update(tx, &by, &id, valid))
        .await?;
    Ok(reply::ok(&revision))
}

pub async fn delete(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    principal.require(Resource::Package, Access::Write)?;
    let id = entity_id(&id)?;
    let by = principal.author();
    state
        .db
        .write(move |tx| revisions::delete(tx, &by, &id))
        .await?;
    Ok(reply::empty())
}

pub async fn functions(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
    params: QueryParams,
) -> Result<Response, AppError> {
    principal.require(Resource::Package, Access::Read)?;
    let id = entity_id(&id)?;
    let query = params.page(FUNCTION_SORT_FIELDS)?;
    let (data, paging) = state
        .db
        .read(move |conn| revisions::list_functions(conn, &principal.account_id, &id, &query))
        .await?;
    Ok(reply::page(&data, paging))
}
