//! The Builds section's URL state: the team, the filters and the page, read from and printed
//! to the address bar by one pair of functions.

use faas_api::vercel::ReadyState;

use super::{BuildsQuery, Route, UrlQuery};
use crate::url::{Params, QueryWriter};

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

impl UrlQuery for BuildsQuery {
    /// `team`, `state` (a comma list), `target`, `project` and `until`.
    fn from_params(params: Params<'_>) -> Self {
        let mut states: Vec<ReadyState> = params
            .text("state")
            .map(|list| {
                list.split(',')
                    .filter_map(|s| ReadyState::parse(&s.trim().to_ascii_uppercase()))
                    .collect()
            })
            .unwrap_or_default();
        // In the order of a build's life, once each, so equal filters print equal URLs.
        crate::sort::sort_by_key(&mut states, |s| ReadyState::ALL.iter().position(|a| a == s));
        states.dedup();
        BuildsQuery {
            team: params.text("team"),
            states,
            target: params.text("target").and_then(|t| Target::parse(&t)),
            project: params.text("project"),
            until: params.parse::<i64>("until").filter(|u| *u > 0),
        }
    }

    fn write(&self, query: &mut QueryWriter) {
        query
            .add_some("team", self.team.as_ref())
            .add_list("state", self.states.iter().map(|s| s.as_str()))
            .add_some("target", self.target.map(Target::as_str))
            .add_some("project", self.project.as_ref())
            .add_some("until", self.until.map(|u| u.to_string()));
    }

    fn route(self) -> Route {
        Route::Builds(self)
    }
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
    fn targets_read_null_as_preview() {
        assert_eq!(Target::of(Some("production")), Target::Production);
        assert_eq!(Target::of(None), Target::Preview);
        assert_eq!(Target::of(Some("staging")), Target::Staging);
        assert_eq!(Target::parse("preview"), Some(Target::Preview));
    }
}
