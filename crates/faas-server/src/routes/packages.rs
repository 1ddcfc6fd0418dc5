//! `/v2/faas/packages`: list, create (with the first revision), read, update, delete, and a
//! package's revisions.

use axum::extract::{Path, State};
use axum::response::Response;
use faas_api::validation::{validate_create_package, validate_update_package};
use faas_api::{CreatePackage, UpdatePackage, PACKAGE_SORT_FIELDS, REVISION_SORT_FIELDS};

use crate::db::cache::{AnswerKey, Rendered};
use crate::error::AppError;
use crate::http::auth::{Access, Principal, Resource};
use crate::http::json::ApiJson;
use crate::http::{entity_id, reply, QueryParams};
use crate::store::{packages, revisions};
use crate::AppState;

pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    params: QueryParams,
) -> Result<Response, AppError> {
    principal.require(Resource::Package, Access::Read)?;
    let query = params.page(PACKAGE_SORT_FIELDS)?;
    // A page is answered from the cache while no write has committed since it was read;
    // the envelope's meta is always new.
    let key = AnswerKey::package_page(&principal.account_id, &query);
    let db = state.db.clone();
    let answer = state
        .db
        .read_answer(key, move |conn, generation| {
            let cache = db.package_order();
            let (data, paging) =
                packages::list_cached(conn, cache, generation, &principal.account_id, &query)?;
            Ok(Rendered {
                data: reply::render_data(&data)?,
                paging: Some(paging),
                keyset_id: None,
            })
        })
        .await?;
    Ok(reply::rendered(&answer.data, answer.paging))
}

pub async fn create(
    State(state): State<AppState>,
    principal: Principal,
    ApiJson(body): ApiJson<CreatePackage>,
) -> Result<Response, AppError> {
    principal.require(Resource::Package, Access::Write)?;
    let limits = state.config.limits;
    let valid = validate_create_package(&body, &limits).map_err(AppError::problems)?;
    let by = principal.author();
    let package = state
        .db
        .write(move |tx| packages::create(tx, &by, valid, &limits))
        .await?;
    Ok(reply::ok(&package))
}

pub async fn get(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    principal.require(Resource::Package, Access::Read)?;
    let id = entity_id(&id)?;
    let package = state
        .db
        .read(move |conn| packages::get(conn, &principal.account_id, &id))
        .await?;
    Ok(reply::ok(&package))
}

pub async fn update(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<UpdatePackage>,
) -> Result<Response, AppError> {
    principal.require(Resource::Package, Access::Write)?;
    let id = entity_id(&id)?;
    let valid = validate_update_package(&body, &state.config.limits).map_err(AppError::problems)?;
    let by = principal.author();
    let package = state
        .db
        .write(move |tx| packages::update(tx, &by, &id, valid))
        .await?;
    Ok(reply::ok(&package))
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
        .write(move |tx| packages::delete(tx, &by, &id))
        .await?;
    Ok(reply::empty())
}

pub async fn revisions(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
    params: QueryParams,
) -> Result<Response, AppError> {
    principal.require(Resource::Package, Access::Read)?;
    let id = entity_id(&id)?;
    let query = params.page(REVISION_SORT_FIELDS)?;
    let (data, paging) = state
        .db
        .read(move |conn| revisions::list_for_package(conn, &principal.account_id, &id, &query))
        .await?;
    Ok(reply::page(&data, paging))
}
