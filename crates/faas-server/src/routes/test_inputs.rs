//! Saved test inputs (`api.md` §5 "Test inputs"): a function revision's list (with its
//! function's earlier revisions' inputs) and create, and read, replace and delete by id.
//! Grants: `functions.package:read` to read, `functions.package:write` to change.

use axum::extract::{Path, State};
use axum::response::Response;
use faas_api::catalog::{validate_test_input, SaveTestInput};

use crate::error::AppError;
use crate::http::auth::{Access, Principal, Resource};
use crate::http::json::ApiJson;
use crate::http::{entity_id, reply, QueryParams};
use crate::store::test_inputs;
use crate::AppState;

/// `GET /v2/faas/function-revisions/{id}/test-inputs`, newest first.
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
    params: QueryParams,
) -> Result<Response, AppError> {
    principal.require(Resource::Package, Access::Read)?;
    let id = entity_id(&id)?;
    let query = params.page(&[])?;
    let (data, paging) = state
        .db
        .read(move |conn| test_inputs::list(conn, &principal.account_id, &id, &query))
        .await?;
    Ok(reply::page(&data, paging))
}

/// `POST /v2/faas/function-revisions/{id}/test-inputs`.
pub async fn create(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<SaveTestInput>,
) -> Result<Response, AppError> {
    principal.require(Resource::Package, Access::Write)?;
    let id = entity_id(&id)?;
    let valid = validate_test_input(&body, &state.config.limits).map_err(AppError::problems)?;
    let input = state
        .db
        .write(move |tx| test_inputs::create(tx, &principal.author(), &id, &valid))
        .await?;
    Ok(reply::ok(&input))
}

/// `GET /v2/faas/test-inputs/{id}`.
pub async fn get(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    principal.require(Resource::Package, Access::Read)?;
    let id = entity_id(&id)?;
    let input = state
        .db
        .read(move |conn| test_inputs::get(conn, &principal.account_id, &id))
        .await?;
    Ok(reply::ok(&input))
}

/// `PUT /v2/faas/test-inputs/{id}`: the whole input is replaced.
pub async fn update(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<SaveTestInput>,
) -> Result<Response, AppError> {
    principal.require(Resource::Package, Access::Write)?;
    let id = entity_id(&id)?;
    let valid = validate_test_input(&body, &state.config.limits).map_err(AppError::problems)?;
    let input = state
        .db
        .write(move |tx| test_inputs::update(tx, &principal.author(), &id, &valid))
        .await?;
    Ok(reply::ok(&input))
}

/// `DELETE /v2/faas/test-inputs/{id}`.
pub async fn delete(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    principal.require(Resource::Package, Access::Write)?;
    let id = entity_id(&id)?;
    state
        .db
        .write(move |tx| test_inputs::delete(tx, &principal.author(), &id))
        .await?;
    Ok(reply::empty())
}
