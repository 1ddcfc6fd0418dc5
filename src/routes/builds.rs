//! The Builds section's URL state: the team, the filters and the page, read from and printed
//! to the address bar by one pair of functions.

use faas_api::vercel::ReadyState;

use super::query_param;
use crate::api::url::encode_component;

/// Where a deployment goes: `production`, or a preview (the API's `target: null`). The
/// contract's own type, which the server's list filter uses too.
pub use faas_api::vercel::TargetFilter as Target;

/// A target as the console names it.
pub const fn target_label(target: Target) -> &'static str {
    match target {
        Target::Production => "Production",
        Target::Staging => "Staging",
        Target::Preview => "Preview",
    }
}

/// What the builds list shows: whose builds (a team by its slug, or the token's own), which
/// (states, target, project), and from when (`until`, the API's cursor: older than this).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildsQuery {
    pub team: Option<String>,
    /// Any of these states; empty for all.
    pub states: Vec<ReadyState>,
    pub target: Option<Target>,
    /// A project's id.
    pub project: Option<String>,
    /// Only builds created before this time (ms); `None` for the newest.
    pub until: Option<i64>,
}

impl BuildsQuery {
    /// Reads `team`, `state` (a comma list), `target`, `project` and `until`; a malformed
    /// value is dropped rather than failing the page.
    pub fn from_query_string(query: &str) -> Self {
        let text = |name| query_param(query, name).filter(|v: &String| !v.is_empty());
        let mut states: Vec<ReadyState> = text("state")
            .map(|list| {
                list.split(',')
                    .filter_map(|s| ReadyState::parse(&s.trim().to_ascii_uppercase()))
                    .collect()
            })
            .unwrap_or_default();
        // In the order of a build's life, once each, so equal filters print equal URLs.
        states.sort_by_key(|s| ReadyState::ALL.iter().position(|a| a == s));
        states.dedup();
        BuildsQuery {
            team: text("team"),
            states,
            target: text("target").and_then(|t| Target::parse(&t)),
            project: text("project"),
            until: text("until")
                .and_then(|u| u.parse::<i64>().ok())
                .filter(|u| *u > 0),
        }
    }

    /// `?team=…&state=…&target=…&project=…&until=…` with what is unset left out.
    pub fn to_query_string(&self) -> String {
        let enc = encode_component;
        let mut parts = Vec::new();
        if let Some(team) = &self.team {
            parts.push(format!("team={}", enc(team)));
        }
        if !self.states.is_empty() {
            let list: Vec<&str> = self.states.iter().map(|s| s.as_str()).collect();
            parts.push(format!("state={}", list.join(",")));
        }
        if let Some(target) = self.target {
            parts.push(format!("target={}", target.as_str()));
        }
        if let Some(project) = &self.project {
            parts.push(format!("project={}", enc(project)));
        }
        if let Some(until) = self.until {
            parts.push(format!("until={until}"));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }

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

#[cfg(test)]
mod tests {
    use super::*;
    use ReadyState::*;

    #[test]
    fn a_builds_query_round_trips_in_a_canonical_order() {
        let query = BuildsQuery::from_query_string(
            "team=acme&state=building,QUEUED,nope,QUEUED&target=preview&project=prj_1&until=1700",
        );
        assert_eq!(
            query,
            BuildsQuery {
                team: Some("acme".into()),
                states: vec![Queued, Building],
                target: Some(Target::Preview),
                project: Some("prj_1".into()),
                until: Some(1700),
            }
        );
        assert_eq!(
            query.to_query_string(),
            "?team=acme&state=QUEUED,BUILDING&target=preview&project=prj_1&until=1700"
        );
        assert!(query.is_filtered());
        assert_eq!(query.cleared().to_query_string(), "?team=acme");
        assert_eq!(BuildsQuery::default().to_query_string(), "");
    }

    #[test]
    fn what_cannot_be_read_is_dropped() {
        let query = BuildsQuery::from_query_string("target=qa&until=soon&team=");
        assert_eq!(query, BuildsQuery::default());
        assert!(!query.is_filtered());
        let staging = BuildsQuery::from_query_string("target=staging");
        assert_eq!(staging.target, Some(Target::Staging));
    }

    #[test]
    fn the_api_query_names_the_team_by_slug() {
        let query = BuildsQuery::from_query_string("team=acme&state=ERROR&project=prj_1&until=5");
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
    fn targets_read_null_as_preview() {
        assert_eq!(Target::of(Some("production")), Target::Production);
        assert_eq!(Target::of(None), Target::Preview);
        assert_eq!(Target::of(Some("staging")), Target::Staging);
        assert_eq!(Target::parse("preview"), Some(Target::Preview));
    }
}
