//! `/v2/faas/limits/...`: account limits, values as strings like the public API.

use axum::extract::State;
use axum::response::Response;
use faas_api::Limit;

use crate::error::AppError;
use crate::http::auth::{Access, Principal, Resource};
use crate::http::reply;
use crate::store::packages;
use crate::AppState;

/// The limit's name, as in its path.
pub const RUNNING_DEPLOYMENTS: &str = "package-deployments-running";

pub async fn running_deployments(
    State(state): State<AppState>,
    principal: Principal,
) -> Result<Response, AppError> {
    principal.require(Resource::Package, Access::Read)?;
    let current = state
        .db
        .read(move |conn| packages::running_deployments(conn, &principal.account_id))
        .await?;
    Ok(reply::ok(&Limit {
        name: RUNNING_DEPLOYMENTS.into(),
        description: "Package deployments RUNNING at the same time in the account".into(),
        max_value: state.config.running_deployments_max.to_string(),
        current_value: current.to_string(),
    }))
}
