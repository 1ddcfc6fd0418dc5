//! The catalog (`api.md` §5): the shipped blueprints ([`crate::catalog`]), their function
//! blueprints and params, and importing one as a package.
//!
//! Grants: reading the catalog takes `functions.package:read`; an import takes
//! `functions.package:write` on the account and `functions.package-deployment:write` on the
//! keyset, and, when it writes a SECRET param, `functions.kv:write` on the keyset too (the
//! grant writing a secret takes everywhere else).

use axum::extract::{Path, State};
use axum::response::Response;
use faas_api::catalog::{
    import_package, resolve_params, secret_name_problem, validate_test_input, ImportBlueprint,
    SaveTestInput, BLUEPRINT_SORT_FIELDS,
};
use faas_api::validation::validate_create_package;
use faas_api::{Problem, FUNCTION_SORT_FIELDS};

use crate::catalog::{self, Blueprint};
use crate::error::AppError;
use crate::http::auth::{Access, Principal, Resource};
use crate::http::json::ApiJson;
use crate::http::{entity_id, reply, QueryParams};
use crate::routes::deployments::uuid_param;
use crate::store::catalog::{self as store, Import};
use crate::AppState;

fn blueprint(id: &str) -> Result<&'static Blueprint, AppError> {
    catalog::find(&entity_id(id)?).ok_or_else(AppError::not_found)
}

/// `GET /v2/faas/package-blueprints`: `search` in the name, `tag` one of the tags.
pub async fn list(principal: Principal, params: QueryParams) -> Result<Response, AppError> {
    principal.require(Resource::Package, Access::Read)?;
    let query = params.page(BLUEPRINT_SORT_FIELDS)?;
    let tag = params.get("tag").map(str::trim).filter(|t| !t.is_empty());
    let (data, paging) = catalog::list(&query, tag);
    Ok(reply::page(&data, paging))
}

/// `GET /v2/faas/package-blueprints/{id}`.
pub async fn get(principal: Principal, Path(id): Path<String>) -> Result<Response, AppError> {
    principal.require(Resource::Package, Access::Read)?;
    Ok(reply::ok(&blueprint(&id)?.package))
}

/// `GET /v2/faas/package-blueprints/{id}/function-blueprints`, by sort order or name.
pub async fn functions(
    principal: Principal,
    Path(id): Path<String>,
    params: QueryParams,
) -> Result<Response, AppError> {
    principal.require(Resource::Package, Access::Read)?;
    let blueprint = blueprint(&id)?;
    let query = params.page(FUNCTION_SORT_FIELDS)?;
    let mut functions = blueprint.functions.clone();
    if let Some(sort) = &query.sort {
        functions.sort_by(|a, b| match sort.field {
            "name" => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
            _ => a.sort_order.cmp(&b.sort_order),
        });
        if sort.direction == faas_api::paging::Direction::Desc {
            functions.reverse();
        }
    }
    Ok(page_of(functions, &query))
}

/// `GET /v2/faas/function-blueprint-params`: every param, or a blueprint's.
pub async fn params(principal: Principal, params: QueryParams) -> Result<Response, AppError> {
    principal.require(Resource::Package, Access::Read)?;
    let query = params.page(&[])?;
    let of = uuid_param(&params, "package_blueprint_id")?;
    Ok(page_of(catalog::params(of.as_deref()), &query))
}

fn page_of<T: serde::Serialize>(all: Vec<T>, query: &faas_api::paging::PageQuery) -> Response {
    let total = all.len() as u64;
    let size = query.size as usize;
    let page: Vec<T> = all
        .into_iter()
        .skip((query.page as usize).saturating_mul(size))
        .take(size)
        .collect();
    reply::page(&page, faas_api::Paging::new(total, query.size, query.page))
}

/// `POST /v2/faas/package-blueprints/{id}/packages`: see [`store::import`].
pub async fn import(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ImportBlueprint>,
) -> Result<Response, AppError> {
    principal.require(Resource::Package, Access::Write)?;
    principal.require_on_keyset(Resource::PackageDeployment, Access::Write, body.keyset_id)?;
    let blueprint = blueprint(&id)?;
    let limits = state.config.limits;

    // The params first: a package cannot be made without them.
    let params =
        resolve_params(&blueprint.params(), body.params.as_ref()).map_err(AppError::problems)?;
    let names: Vec<Problem> = params
        .secrets
        .iter()
        .filter_map(|(name, _)| secret_name_problem(name))
        .collect();
    if !names.is_empty() {
        return Err(AppError::problems(names));
    }
    let (package, imported) =
        import_package(&blueprint.package, &blueprint.functions, &body, &params)
            .map_err(AppError::problems)?;
    let package = validate_create_package(&package, &limits).map_err(AppError::problems)?;
    if !params.secrets.is_empty() {
        principal.require_on_keyset(Resource::Kv, Access::Write, body.keyset_id)?;
    }

    // The blueprint's test inputs go with the functions they were written for, under the
    // names those functions have in the new package.
    let mut test_inputs = Vec::new();
    for (function, valid) in imported.iter().zip(&package.functions) {
        let Some(source) = blueprint
            .functions
            .iter()
            .find(|f| f.id == function.function_blueprint_id)
        else {
            continue;
        };
        for input in &source.test_inputs {
            let checked = validate_test_input(
                &SaveTestInput {
                    payload: Some(input.payload.clone()),
                    mime_type: Some(input.mime_type.clone()),
                    description: Some(input.description.clone()),
                },
                &limits,
            )
            .map_err(|_| {
                AppError::internal(format!(
                    "blueprint {}: a test input is invalid",
                    blueprint.package.id
                ))
            })?;
            test_inputs.push((valid.name.clone(), checked));
        }
    }
    let mut secrets = Vec::with_capacity(params.secrets.len());
    for (name, value) in &params.secrets {
        let sealed = state
            .secrets
            .seal(body.keyset_id, name, value)
            .map_err(AppError::internal)?;
        secrets.push((name.clone(), sealed));
    }
    let import = Import {
        blueprint_id: blueprint.package.id.clone(),
        package,
        keyset_id: body.keyset_id,
        test_inputs,
        secrets,
        kv_entries_max: state.config.kv_entries_max,
        now_ms: state.clock().now_ms(),
    };
    let by = principal.author();
    let created = state
        .db
        .write(move |tx| store::import(tx, &by, import, &limits))
        .await?;
    tracing::info!(package = %created.id, blueprint = %blueprint.package.id,
        keyset_id = body.keyset_id, "blueprint imported");
    Ok(reply::ok(&created))
}
