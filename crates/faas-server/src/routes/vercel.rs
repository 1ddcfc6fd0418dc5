//! The Vercel-style deployments routes (`api.md` §4): thin handlers over
//! [`crate::store::builds`], with [`crate::http::vercel`]'s token, scope and error shape.
//!
//! `GET /v6/deployments`, `GET /v13/deployments/{idOrUrl}`, `POST /v13/deployments`,
//! `PATCH /v12/deployments/{id}/cancel` and `PATCH /v13/deployments/{id}/cancel`, and
//! `GET /v2/teams` (routed in [`super::api`], since it lives under `/v2`).

use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{any, get, patch};
use axum::Router;
use faas_api::vercel::{parse_list_query, validate_create, CreateDeployment, Pagination, TeamList};
use tower_http::compression::CompressionLayer;

use crate::clock;
use crate::http::vercel::{self as reply, Caller, VercelError, VercelJson, VercelQuery};
use crate::store::builds::{self, CancelRefused, NewDeployment, Refused};
use crate::store::vercel as accounts;
use crate::AppState;

/// The routes under `/v6`, `/v12` and `/v13`; any other path there is `not_found`.
pub fn router() -> Router<AppState> {
    let cancel_route = || patch(cancel);
    let v6 = Router::new()
        .route("/deployments", get(list))
        .fallback(reply::unknown_route);
    let v12 = Router::new()
        .route("/deployments/{id}/cancel", cancel_route())
        .fallback(reply::unknown_route);
    let v13 = Router::new()
        .route("/deployments", axum::routing::post(create))
        // One name for the segment: the router allows only one per position. It is an id or
        // a URL for the get, an id for the cancel.
        .route("/deployments/{id}", get(get_one))
        .route("/deployments/{id}/cancel", cancel_route())
        .fallback(reply::unknown_route);
    Router::new()
        .nest("/v6", v6)
        .nest("/v12", v12)
        .nest("/v13", v13)
        // A nest does not take its own prefix with a trailing slash; these would otherwise
        // reach the console's files.
        .route("/v6/", any(reply::unknown_route))
        .route("/v12/", any(reply::unknown_route))
        .route("/v13/", any(reply::unknown_route))
        .layer(CompressionLayer::new())
}

/// `/teams` and anything under it, for the `/v2` router.
pub fn teams_router() -> Router<AppState> {
    Router::new()
        .route("/teams", get(teams))
        .route("/teams/{*rest}", any(reply::unknown_route))
}

/// `GET /v2/teams`: the token's teams (the scope parameters are checked like everywhere).
pub async fn teams(State(state): State<AppState>, caller: Caller) -> Result<Response, VercelError> {
    let user = caller.user.id.clone();
    let teams = state
        .db
        .read(move |conn| accounts::teams_of(conn, &user))
        .await?;
    let count = teams.len() as u32;
    Ok(reply::ok(&TeamList {
        teams,
        pagination: Pagination {
            count,
            next: None,
            prev: None,
        },
    }))
}

/// `GET /v6/deployments`.
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    query: VercelQuery,
) -> Result<Response, VercelError> {
    let query = parse_list_query(|name| query.get(name)).map_err(VercelError::bad_request)?;
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
    let created = state
        .db
        .write(move |tx| {
            let new = NewDeployment {
                scope: &scope,
                creator: &user,
                source: "api",
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
    let canceled = state
        .db
        .write(move |tx| builds::cancel(tx, &scope, &key, &times, clock::now_ms()))
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
