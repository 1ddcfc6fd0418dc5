//! `GET /v2/faas/overview` (ours): the console's first page in one read — counts, what needs
//! attention, the activity of the last days in the client's zone and the latest entries
//! (`faas_api::overview` has the answer's shape; [`crate::store::overview`] reads it).

use axum::extract::State;
use axum::response::Response;
use faas_api::overview::TZ_OFFSET_RANGE;
use faas_api::ErrorCode;

use crate::clock;
use crate::error::AppError;
use crate::http::auth::{Access, Principal, Resource};
use crate::http::{reply, QueryParams};
use crate::store::overview::{self, OverviewQuery};
use crate::AppState;

/// `tz_offset`: minutes east of UTC within [`TZ_OFFSET_RANGE`]; absent or empty is UTC.
fn tz_offset(params: &QueryParams) -> Result<i32, AppError> {
    let raw = match params.get("tz_offset") {
        None | Some("") => return Ok(0),
        Some(raw) => raw,
    };
    raw.parse::<i32>()
        .ok()
        .filter(|minutes| TZ_OFFSET_RANGE.contains(minutes))
        .ok_or_else(|| {
            AppError::field(
                ErrorCode::Validation,
                "tz_offset",
                format!(
                    "tz_offset must be a whole number of minutes east of UTC from {} to {} (got '{raw}')",
                    TZ_OFFSET_RANGE.start(),
                    TZ_OFFSET_RANGE.end()
                ),
            )
        })
}

pub async fn get(
    State(state): State<AppState>,
    principal: Principal,
    params: QueryParams,
) -> Result<Response, AppError> {
    principal.require(Resource::Package, Access::Read)?;
    let query = OverviewQuery {
        tz_offset_minutes: tz_offset(&params)?,
        deployment_keysets: principal.keysets_with(Resource::PackageDeployment, Access::Read),
        account_id: principal.account_id,
        key_id: principal.key_id,
        // Days and transitions go by the server's clock (which a test moves); entries age
        // by the wall clock, as in the activity log.
        now_ms: state.clock().now_ms(),
        activity_oldest_ms: state.config.activity_oldest_ms(clock::now_ms()),
        running_max: u64::from(state.config.running_deployments_max),
    };
    let answer = state
        .db
        .read(move |conn| overview::read(conn, &query))
        .await?;
    Ok(reply::ok(&answer))
}
