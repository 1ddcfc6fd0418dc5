//! `/v2/faas/kv/…`: a keyset's data (`api.md` §5). The KV store's strings, JSON documents and
//! counters (lists paged by token, reads, writes, deletes; counters stepped up and down) and
//! the keyset's secrets (names listed, values set and deleted, never read).
//!
//! Every call names its keyset with `?subkey=` (none → 400 `FAAS-1020`; not the account's →
//! 404 `FAAS-1022`), then needs `functions.kv:read` or `:write` on the account or that keyset;
//! secrets need `write` even to list. A key comes URL-encoded in the path, one segment, so
//! that it may hold `/` (as `%2F`) and any other character but control characters.
//! Expiry follows the server's clock ([`crate::AppState::clock`]).

use axum::extract::rejection::PathRejection;
use axum::extract::{FromRequestParts, MatchedPath, Path, State};
use axum::http::request::Parts;
use axum::response::Response;
use faas_api::kv::{
    counter_step, key_problem, validate_put, validate_secret, CounterStep, KvKind, PutKvEntry,
    PutSecret,
};
use faas_api::paging::parse_page_query;
use faas_api::ErrorCode;

use crate::error::AppError;
use crate::http::auth::{Access, Principal, Resource};
use crate::http::json::{ApiJson, OptionalJson};
use crate::http::{reply, QueryParams};
use crate::store::kv::{self as store, ListQuery, PutEntry};
use crate::AppState;

/// The kind of entries a route is about, from its path (`/v2/faas/kv/strings/{key}`).
pub struct Kind(pub KvKind);

impl<S: Send + Sync> FromRequestParts<S> for Kind {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let matched = MatchedPath::from_request_parts(parts, state)
            .await
            .map_err(|e| AppError::internal(format!("no matched path: {e}")))?;
        let segment = matched
            .as_str()
            .split("/kv/")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_default();
        KvKind::ALL
            .into_iter()
            .find(|k| k.segment() == segment)
            .map(Kind)
            .ok_or_else(|| AppError::internal(format!("no KV kind in {}", matched.as_str())))
    }
}

/// The keyset of `?subkey=`, once `principal` may `access` its data.
async fn keyset(
    state: &AppState,
    principal: &Principal,
    params: &QueryParams,
    access: Access,
) -> Result<i64, AppError> {
    let subkey = params.get("subkey").unwrap_or_default().to_owned();
    if subkey.is_empty() {
        return Err(AppError::field(
            ErrorCode::SubkeyRequired,
            "subkey",
            "subkey is required: the subscribe key of the keyset whose data this is",
        ));
    }
    let account = principal.account_id.clone();
    let keyset_id = state
        .db
        .read(move |conn| store::keyset_of_subkey(conn, &account, &subkey))
        .await?;
    principal.require_on_keyset(Resource::Kv, access, keyset_id)?;
    Ok(keyset_id)
}

/// The key of the path, decoded and checked (`faas_api::kv::key_problem`).
fn key_of(path: Result<Path<String>, PathRejection>) -> Result<String, AppError> {
    let Path(key) = path.map_err(|e| {
        AppError::field(
            ErrorCode::Validation,
            "key",
            format!(
                "the key is not a URL-encoded UTF-8 path segment: {}",
                e.body_text()
            ),
        )
    })?;
    match key_problem(&key) {
        Some(problem) => Err(AppError::problems(vec![problem])),
        None => Ok(key),
    }
}

/// `size`, `page_token` and `prefix` of a list.
fn list_query(params: &QueryParams) -> Result<ListQuery, AppError> {
    let size = parse_page_query(None, params.get("size"), None, None, &[])
        .map_err(AppError::paging)?
        .size;
    let after = store::decode_page_token(params.get("page_token").unwrap_or_default())?;
    Ok(ListQuery {
        size,
        after,
        prefix: params.get("prefix").unwrap_or_default().to_owned(),
    })
}

/// `GET /v2/faas/kv/{strings,jsons,counters}`.
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    Kind(kind): Kind,
    params: QueryParams,
) -> Result<Response, AppError> {
    let keyset_id = keyset(&state, &principal, &params, Access::Read).await?;
    let query = list_query(&params)?;
    let now = state.clock().now_ms();
    let (items, paging) = state
        .db
        .read(move |conn| store::list(conn, keyset_id, kind, &query, now))
        .await?;
    Ok(reply::cursor_page(&items, paging))
}

/// `GET /v2/faas/kv/{strings,jsons,counters}/{key}`.
pub async fn get(
    State(state): State<AppState>,
    principal: Principal,
    Kind(kind): Kind,
    path: Result<Path<String>, PathRejection>,
    params: QueryParams,
) -> Result<Response, AppError> {
    let keyset_id = keyset(&state, &principal, &params, Access::Read).await?;
    let key = key_of(path)?;
    let now = state.clock().now_ms();
    let item = state
        .db
        .read(move |conn| store::get(conn, keyset_id, kind, &key, now))
        .await?;
    Ok(reply::ok(&item))
}

/// `PUT /v2/faas/kv/{strings,jsons}/{key}` with `{value, ttlSeconds?}`.
pub async fn put(
    State(state): State<AppState>,
    principal: Principal,
    Kind(kind): Kind,
    path: Result<Path<String>, PathRejection>,
    params: QueryParams,
    ApiJson(body): ApiJson<PutKvEntry>,
) -> Result<Response, AppError> {
    let keyset_id = keyset(&state, &principal, &params, Access::Write).await?;
    let key = key_of(path)?;
    let valid = validate_put(kind, &body).map_err(AppError::problems)?;
    let (max, now) = (state.config.kv_entries_max, state.clock().now_ms());
    let by = principal.author();
    let entry = state
        .db
        .write(move |tx| {
            let put = PutEntry {
                kind,
                key: &key,
                value: &valid.value,
                ttl_seconds: valid.ttl_seconds,
            };
            store::put_entry(tx, &by, keyset_id, &put, max, now)
        })
        .await?;
    Ok(reply::ok(&entry))
}

/// `DELETE /v2/faas/kv/{strings,jsons,counters}/{key}`: answers what was deleted.
pub async fn delete(
    State(state): State<AppState>,
    principal: Principal,
    Kind(kind): Kind,
    path: Result<Path<String>, PathRejection>,
    params: QueryParams,
) -> Result<Response, AppError> {
    let keyset_id = keyset(&state, &principal, &params, Access::Write).await?;
    let key = key_of(path)?;
    let now = state.clock().now_ms();
    let by = principal.author();
    let item = state
        .db
        .write(move |tx| store::delete(tx, &by, keyset_id, kind, &key, now))
        .await?;
    Ok(reply::ok(&item))
}

async fn step(
    state: AppState,
    principal: Principal,
    path: Result<Path<String>, PathRejection>,
    params: QueryParams,
    body: CounterStep,
    decrement: bool,
) -> Result<Response, AppError> {
    let keyset_id = keyset(&state, &principal, &params, Access::Write).await?;
    let key = key_of(path)?;
    let step = counter_step(&body, decrement).map_err(|p| AppError::problems(vec![p]))?;
    let (max, now) = (state.config.kv_entries_max, state.clock().now_ms());
    let by = principal.author();
    let counter = state
        .db
        .write(move |tx| {
            store::step_counter(tx, &by, keyset_id, &store::Step::new(&key, step), max, now)
        })
        .await?;
    Ok(reply::ok(&counter))
}

/// `POST /v2/faas/kv/counters/{key}/increment` with `{value?}` (1 when absent; no body is
/// `{}`).
pub async fn increment(
    State(state): State<AppState>,
    principal: Principal,
    path: Result<Path<String>, PathRejection>,
    params: QueryParams,
    OptionalJson(body): OptionalJson<CounterStep>,
) -> Result<Response, AppError> {
    step(state, principal, path, params, body, false).await
}

/// `POST /v2/faas/kv/counters/{key}/decrement`, as [`increment`] the other way.
pub async fn decrement(
    State(state): State<AppState>,
    principal: Principal,
    path: Result<Path<String>, PathRejection>,
    params: QueryParams,
    OptionalJson(body): OptionalJson<CounterStep>,
) -> Result<Response, AppError> {
    step(state, principal, path, params, body, true).await
}

/// `GET /v2/faas/kv/secrets`: the names, never a value.
pub async fn list_secrets(
    State(state): State<AppState>,
    principal: Principal,
    params: QueryParams,
) -> Result<Response, AppError> {
    let keyset_id = keyset(&state, &principal, &params, Access::Write).await?;
    let names = state
        .db
        .read(move |conn| store::list_secrets(conn, keyset_id))
        .await?;
    Ok(reply::ok(&names))
}

/// `PUT /v2/faas/kv/secrets/{key}` with `{value}`: the value is sealed before it is stored,
/// and neither it nor the body is ever logged or answered (the answer is `{key}`).
pub async fn put_secret(
    State(state): State<AppState>,
    principal: Principal,
    path: Result<Path<String>, PathRejection>,
    params: QueryParams,
    ApiJson(body): ApiJson<PutSecret>,
) -> Result<Response, AppError> {
    let keyset_id = keyset(&state, &principal, &params, Access::Write).await?;
    let name = key_of(path)?;
    let value = validate_secret(&body).map_err(AppError::problems)?;
    let sealed = state
        .secrets
        .seal(keyset_id, &name, &value)
        .map_err(AppError::internal)?;
    let (max, now) = (state.config.kv_entries_max, state.clock().now_ms());
    let by = principal.author();
    let secret = state
        .db
        .write(move |tx| store::put_secret(tx, &by, keyset_id, &name, &sealed, max, now))
        .await?;
    tracing::info!(keyset_id, secret = %secret.key, "secret set");
    Ok(reply::ok(&secret))
}

/// `DELETE /v2/faas/kv/secrets/{key}`.
pub async fn delete_secret(
    State(state): State<AppState>,
    principal: Principal,
    path: Result<Path<String>, PathRejection>,
    params: QueryParams,
) -> Result<Response, AppError> {
    let keyset_id = keyset(&state, &principal, &params, Access::Write).await?;
    let name = key_of(path)?;
    let by = principal.author();
    let secret = state
        .db
        .write(move |tx| store::delete_secret(tx, &by, keyset_id, &name))
        .await?;
    tracing::info!(keyset_id, secret = %secret.key, "secret deleted");
    Ok(reply::ok(&secret))
}
