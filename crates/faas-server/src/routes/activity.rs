//! `GET /v2/faas/activity` (ours, `api.md` §5 "Activity"): the log of every accepted write of
//! the account (and of the builds of every scope the same key reaches as a token), newest
//! first, paged, filtered by kind, actor, target and time range.

use axum::extract::State;
use axum::response::Response;
use faas_api::activity::{KindFilter, FILTER_MAX_LEN};
use faas_api::schedule::parse_dttm;
use faas_api::ErrorCode;

use crate::clock;
use crate::error::AppError;
use crate::http::auth::{Access, Principal, Resource};
use crate::http::{reply, QueryParams};
use crate::store::activity::{self, ListFilter};
use crate::AppState;

fn invalid(field: &str, message: String) -> AppError {
    AppError::field(ErrorCode::Validation, field, message)
}

/// A filter's text: absent or empty is no filter; too long or with control characters is
/// refused, naming the field.
fn text(params: &QueryParams, name: &str) -> Result<Option<String>, AppError> {
    match params.get(name) {
        None | Some("") => Ok(None),
        Some(value) if value.chars().count() > FILTER_MAX_LEN => Err(invalid(
            name,
            format!("{name} must be at most {FILTER_MAX_LEN} characters"),
        )),
        Some(value) if value.chars().any(char::is_control) => Err(invalid(
            name,
            format!("{name} must not contain control characters"),
        )),
        Some(value) => Ok(Some(value.to_owned())),
    }
}

fn time(params: &QueryParams, name: &str) -> Result<Option<i64>, AppError> {
    match params.get(name) {
        None | Some("") => Ok(None),
        Some(raw) => parse_dttm(raw)
            .map(Some)
            .map_err(|e| invalid(name, format!("{name} {e}"))),
    }
}

/// The filters of the query string, each checked.
fn filter(params: &QueryParams) -> Result<ListFilter, AppError> {
    let kind = match params.get("kind") {
        None | Some("") => None,
        Some(raw) => Some(KindFilter::parse(raw).ok_or_else(|| {
            invalid(
                "kind",
                format!(
                    "kind must be a target type or a kind of the log, such as deployment or \
                     deployment.start (got '{raw}')"
                ),
            )
        })?),
    };
    // A range that ends before it begins is no error: it holds no entry.
    let since_ms = time(params, "since")?;
    let until_ms = time(params, "until")?;
    Ok(ListFilter {
        kind,
        actor: text(params, "actor")?,
        target_id: text(params, "target_id")?,
        since_ms,
        until_ms,
    })
}

pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    params: QueryParams,
) -> Result<Response, AppError> {
    principal.require(Resource::Package, Access::Read)?;
    // Always newest first: no sort field is offered.
    let query = params.page(&[])?;
    let filter = filter(&params)?;
    // Entries are stamped by the wall clock, and age by it.
    let oldest = state.config.activity_oldest_ms(clock::now_ms());
    let (entries, paging) = state
        .db
        .read(move |conn| {
            activity::list(
                conn,
                &principal.account_id,
                principal.key_id,
                &filter,
                &query,
                oldest,
            )
        })
        .await?;
    Ok(reply::page(&entries, paging))
}
