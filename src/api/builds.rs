//! The deployments that build (`api.md` §4): `/v6/deployments`, `/v13/deployments`, cancel
//! at `/v12/deployments/{id}/cancel`, and the token's teams at `/v2/teams`.

use faas_api::vercel::{CreateDeployment, Deployment, DeploymentList, Team, TeamList};
use gloo_net::http::Method;

use super::{url::encode_component, ApiError, Client, Read};
use crate::routes::{team_params, BuildsQuery};

/// Builds per page of the list.
pub const PAGE_SIZE: u32 = 20;

/// The teams the key's user belongs to.
pub async fn teams(client: &Client) -> Result<Vec<Team>, ApiError> {
    let read = teams_read();
    let list: TeamList = client
        .send_vercel(Method::GET, &read.path, &read.query, None)
        .await?;
    Ok(list.teams)
}

pub fn teams_read() -> Read {
    Read::vercel("/v2/teams", Vec::new())
}

/// One page of the builds `query` names, newest first.
pub async fn list(client: &Client, query: &BuildsQuery) -> Result<DeploymentList, ApiError> {
    let read = list_read(query);
    client
        .send_vercel(Method::GET, &read.path, &read.query, None)
        .await
}

pub fn list_read(query: &BuildsQuery) -> Read {
    Read::vercel("/v6/deployments", query.api_params(PAGE_SIZE))
}

pub async fn get(client: &Client, id: &str, team: Option<&str>) -> Result<Deployment, ApiError> {
    let read = get_read(id, team);
    client
        .send_vercel(Method::GET, &read.path, &read.query, None)
        .await
}

pub fn get_read(id: &str, team: Option<&str>) -> Read {
    Read::vercel(
        format!("/v13/deployments/{}", encode_component(id)),
        team_params(team),
    )
}

/// Starts a build; it waits in the queue (`QUEUED`) until the team has room for it.
pub async fn create(
    client: &Client,
    team: Option<&str>,
    body: &CreateDeployment,
) -> Result<Deployment, ApiError> {
    let json = serde_json::to_string(body).expect("request bodies always serialize");
    client
        .send_vercel(
            Method::POST,
            "/v13/deployments",
            &team_params(team),
            Some(json),
        )
        .await
}

/// Cancels a build that is queued, initializing or building.
pub async fn cancel(client: &Client, id: &str, team: Option<&str>) -> Result<Deployment, ApiError> {
    let path = format!("/v12/deployments/{}/cancel", encode_component(id));
    client
        .send_vercel(Method::PATCH, &path, &team_params(team), None)
        .await
}
