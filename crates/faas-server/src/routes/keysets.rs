//! `GET /v2/keysets`: the keysets of the caller's account, for picking a deployment target.
//! Any valid key may list them.

use axum::extract::State;
use axum::response::Response;
use faas_api::KEYSET_SORT_FIELDS;

use crate::error::AppError;
use crate::http::auth::Principal;
use crate::http::{reply, QueryParams};
use crate::store::accounts;
use crate::AppState;

pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    params: QueryParams,
) -> Result<Response, AppError> {
    let query = params.page(KEYSET_SORT_FIELDS)?;
    let (keysets, paging) = state
        .db
        .read(move |conn| accounts::list_keysets(conn, &principal.account_id, &query))
        .await?;
    Ok(reply::page(&keysets, paging))
}
