//! The Vercel-style deployments routes (`api.md` §4): thin handlers over
//! [`crate::store::builds`], with [`crate::http::vercel`]'s token, scope and error shape.
//!
//! `GET /v6/deployments` and `GET /v7/deployments` (the list Vercel's own SDK calls),
//! `GET /v13/deployments/{idOrUrl}`, `POST /v13/deployments`, `PATCH /v12/deployments/{id}/cancel`
//! and `PATCH /v13/deployments/{id}/cancel`, and `GET /v2/teams` and `GET /v2/teams/{teamId}`
//! (routed in [`super::api`], since they live under `/v2`). Every other path under one of
//! Vercel's API versions ([`VERCEL_VERSIONS`]) is `not_found` in Vercel's shape.

use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{any, get, patch, post};
use axum::Router;
use faas_api::vercel::{
    parse_list_query, parse_time_page, validate_create, CreateDeployment, TeamList, SOURCE_CLI,
};
use tower_http::compression::CompressionLayer;

use crate::clock;
use crate::http::context::VERCEL_VERSIONS;
use crate::http::vercel::{self as reply, Caller, VercelError, VercelJson, VercelQuery};
use crate::store::builds::{self, CancelRefused, NewDeployment, Refused};
use crate::store::vercel as accounts;
use crate::AppState;

/// The routes of one API version; any other path under it is `not_found`.
fn version_routes(version: u32) -> Router<AppState> {
    let routes = Router::new();
    let routes = match version {
        6 | 7 => routes.route("/deployments", get(list)),
        12 => routes.route("/deployments/{id}/cancel", patch(cancel)),
        13 => routes
            .route("/deployments", post(create))
            // One name for the segment: the router allows only one per position. It is an
            // id or a URL for the get, an id for the cancel.
            .route("/deployments/{id}", get(get_one))
            .route("/deployments/{id}/cancel", patch(cancel)),
        _ => routes,
    };
    routes.fallback(reply::unknown_route)
}

/// `/v1`–`/v13` but `/v2` (see [`VERCEL_VERSIONS`]).
pub fn router() -> Router<AppState> {
    let mut router = Router::new();
    for version in VERCEL_VERSIONS {
        let prefix = format!("/v{version}");
        router = router
            .nest(&prefix, version_routes(version))
            // A nest does not take its own prefix with a trailing slash; it would otherwise
            // reach the console's files.
            .route(&format!("{prefix}/"), any(reply::unknown_route));
    }
    router.layer(CompressionLayer::new())
}

/// `/teams` and anything under it, for the `/v2` router.
pub fn teams_router() -> Router<AppState> {
    Router::new()
        .route("/teams", get(teams))
        .route("/teams/", any(reply::unknown_route))
        .route("/teams/{team}", get(team))
        .route("/teams/{team}/{*rest}", any(reply::unknown_route))
}

/// `GET /v2/teams`: a page of the token's teams (the scope parameters are checked like
/// everywhere).
pub async fn teams(
    State(state): State<AppState>,
    caller: Caller,
    query: VercelQuery,
) -> Result<Response, VercelError> {
    let page = parse_time_page(&query.0).map_err(VercelError::bad_request)?;
    let user = caller.user.id.clone();
    let (teams, pagination) = state
        .db
        .read(move |conn| accounts::teams_of(conn, &user, &page))
        .await?;
    Ok(reply::ok(&TeamList { teams, pagination }))
}

/// `GET /v2/teams/{teamId}`: one team of the token's user, by id (or slug). Any other team,
/// existing or not, is 403, as `teamId` is everywhere.
pub async fn team(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, VercelError> {
    let user = caller.user.id.clone();
    let found = state
        .db
        .read(
            move |conn| match accounts::member_team(conn, &user, &id, false)? {
                Some(team) => Ok(Some(team)),
                None => accounts::member_team(conn, &user, &id, true),
            },
        )
        .await?;
    match found {
        Some(team) => Ok(reply::ok(&team)),
        None => Err(VercelError::forbidden(
            "Not authorized: you are not a member of this team",
        )),
    }
}

/// `GET /v6/deployments` and `GET /v7/deployments`.
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    query: VercelQuery,
) -> Result<Response, VercelError> {
    let query = parse_list_query(&query.0).map_err(VercelError::bad_request)?;
    let scope = caller.scope().to_owned();
    let page = state
        .db
        .read(move |conn| builds::list(conn, &scope, &query))
        .await?;
    Ok(reply::ok(&page))
}

/// `GET /v13/deployments/{idOrUrl}`: by id, or by its `url` host.
pub async fn get_one(
    State(state): State<AppState>,
    caller: Caller,
    Path(id_or_url): Path<String>,
) -> Result<Response, VercelError> {
    let scope = caller.scope().to_owned();
    let key = id_or_url.clone();
    let found = state
        .db
        .read(move |conn| builds::get(conn, &scope, &key))
        .await?;
    match found {
        Some(deployment) => Ok(reply::ok(&deployment)),
        None => Err(not_found(&id_or_url)),
    }
}

fn not_found(id: &str) -> VercelError {
    VercelError::not_found(format!("Deployment {id} was not found"))
}

/// `POST /v13/deployments`: a deployment QUEUED; the worker builds it.
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    VercelJson(body): VercelJson<CreateDeployment>,
) -> Result<Response, VercelError> {
    let body = validate_create(&body).map_err(VercelError::bad_request)?;
    let scope = caller.scope().to_owned();
    let user = caller.user.clone();
    let by = caller.actor();
    let created = state
        .db
        .write(move |tx| {
            let new = NewDeployment {
                scope: &scope,
                creator: &user,
                by: &by,
                source: SOURCE_CLI,
                body: &body,
            };
            builds::create(tx, &new, clock::now_ms())
        })
        .await?;
    match created {
        Ok(deployment) => {
            state.transitions.scheduled();
            Ok(reply::ok(&deployment))
        }
        Err(Refused(message)) => Err(VercelError::bad_request(message)),
    }
}

/// `PATCH /v12/deployments/{id}/cancel` (and `/v13/…`): no body needed.
pub async fn cancel(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, VercelError> {
    let scope = caller.scope().to_owned();
    let times = state.build_times();
    let key = id.clone();
    let by = caller.actor();
    let canceled = state
        .db
        .write(move |tx| builds::cancel(tx, &by, &scope, &key, &times, clock::now_ms()))
        .await?;
    match canceled {
        Ok(deployment) => {
            // A slot may have freed: the next queued one started and has a step to time.
            state.transitions.scheduled();
            Ok(reply::ok(&deployment))
        }
        Err(CancelRefused::NotFound) => Err(not_found(&id)),
        Err(CancelRefused::Final(ready_state)) => Err(VercelError::bad_request(format!(
            "Deployment {id} is {} and can no longer be canceled",
            ready_state.as_str()
        ))),
    }
}
