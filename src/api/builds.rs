//! The deployments that build (`api.md` §4): `/v6/deployments`, `/v13/deployments`, cancel
//! at `/v12/deployments/{id}/cancel`, and the token's teams at `/v2/teams`.

use faas_api::vercel::{
    CreateDeployment, Deployment, DeploymentList, ReadyState, TargetFilter, Team, TeamList,
};
use gloo_net::http::Method;

use super::{ApiError, Client, Read};
use crate::url::encode_component;

/// Which builds to list: whose (a team by its slug, or the token's own), which (states,
/// target, project), and from when (`until`, the API's cursor: older than this). The builds
/// list keeps it in its URL (`routes`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildsQuery {
    pub team: Option<String>,
    /// Any of these states; empty for all.
    pub states: Vec<ReadyState>,
    pub target: Option<TargetFilter>,
    /// A project's id.
    pub project: Option<String>,
    /// Only builds created before this time (ms); `None` for the newest.
    pub until: Option<i64>,
}

impl BuildsQuery {
    /// Whether a filter is set (the team and the page aside).
    pub fn is_filtered(&self) -> bool {
        !self.states.is_empty() || self.target.is_some() || self.project.is_some()
    }

    /// The same team with no filter and the newest page.
    pub fn cleared(&self) -> BuildsQuery {
        BuildsQuery {
            team: self.team.clone(),
            ..BuildsQuery::default()
        }
    }

    /// The API's query for this list: the team by its slug, the filters, the cursor.
    pub fn api_params(&self, limit: u32) -> Vec<(&'static str, String)> {
        let mut params = team_params(self.team.as_deref());
        params.push(("limit", limit.to_string()));
        if !self.states.is_empty() {
            let list: Vec<&str> = self.states.iter().map(|s| s.as_str()).collect();
            params.push(("state", list.join(",")));
        }
        if let Some(target) = self.target {
            params.push(("target", target.as_str().to_owned()));
        }
        if let Some(project) = &self.project {
            params.push(("projectId", project.clone()));
        }
        if let Some(until) = self.until {
            params.push(("until", until.to_string()));
        }
        params
    }
}

/// The API's team scope: `slug=` for a team, nothing for the token's own builds.
pub fn team_params(team: Option<&str>) -> Vec<(&'static str, String)> {
    team.map(|slug| vec![("slug", slug.to_owned())])
        .unwrap_or_default()
}

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

/// One read asks for the most teams a page holds, so that the picker lists all of a
/// member's teams (20 by default would hide the rest).
pub fn teams_read() -> Read {
    Read::vercel(
        "/v2/teams",
        vec![("limit", faas_api::vercel::MAX_LIMIT.to_string())],
    )
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_api_query_names_the_team_by_slug() {
        let query = BuildsQuery {
            team: Some("acme".into()),
            states: vec![ReadyState::Error],
            project: Some("prj_1".into()),
            until: Some(5),
            ..BuildsQuery::default()
        };
        assert_eq!(
            query.api_params(20),
            vec![
                ("slug", "acme".to_owned()),
                ("limit", "20".to_owned()),
                ("state", "ERROR".to_owned()),
                ("projectId", "prj_1".to_owned()),
                ("until", "5".to_owned()),
            ]
        );
        assert_eq!(
            BuildsQuery::default().api_params(20),
            vec![("limit", "20".to_owned())]
        );
    }

    #[test]
    fn the_team_picker_reads_a_full_page_of_teams() {
        assert_eq!(
            teams_read().query,
            vec![("limit", faas_api::vercel::MAX_LIMIT.to_string())]
        );
    }
}
