//! The Activity page's URL state: the kind, the actor, the target, the time range, the
//! search and the page.

use super::{ActivityQuery, Route, UrlQuery};
use crate::{
    api::activity::{is_filter_text, is_kind_filter},
    format::{parse_timestamp, timestamp_from_ms},
    url::{Params, QueryWriter},
};

impl UrlQuery for ActivityQuery {
    /// `kind`, `actor`, `target`, `since` and `until` (RFC 3339 UTC, as the API writes
    /// times), `search` and `page`. What the API would refuse is dropped.
    fn from_params(params: Params<'_>) -> Self {
        let text = |name: &str| params.text(name).filter(|t| is_filter_text(t));
        let time = |name: &str| params.text(name).and_then(|t| parse_timestamp(&t));
        ActivityQuery {
            kind: params
                .text("kind")
                .map(|k| k.to_ascii_lowercase())
                .filter(|k| is_kind_filter(k)),
            actor: text("actor"),
            target: text("target"),
            since: time("since"),
            until: time("until"),
            search: params
                .text("search")
                .map(|s| s.trim().to_owned())
                .unwrap_or_default(),
            page: params.page("page"),
        }
    }

    fn write(&self, query: &mut QueryWriter) {
        query
            .add_some("kind", self.kind.as_ref())
            .add_some("actor", self.actor.as_ref())
            .add_some("target", self.target.as_ref())
            .add_some("since", self.since.map(timestamp_from_ms))
            .add_some("until", self.until.map(timestamp_from_ms));
        if !self.search.is_empty() {
            query.add("search", &self.search);
        }
        if self.page > 0 {
            query.add("page", &(self.page + 1).to_string());
        }
    }

    fn route(self) -> Route {
        Route::Activity(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_activity_query_round_trips_and_drops_what_the_api_would_refuse() {
        let query = ActivityQuery::from_query_string(
            "kind=Deployment.START&actor=demo%20key&target=d%2F1\
             &since=2026-12-06T07:00:00Z&until=2026-12-07T07:00:00.000Z&search=%20chat%20&page=3",
        );
        assert_eq!(
            query,
            ActivityQuery {
                kind: Some("deployment.start".into()),
                actor: Some("demo key".into()),
                target: Some("d/1".into()),
                since: parse_timestamp("2026-12-06T07:00:00.000Z"),
                until: parse_timestamp("2026-12-07T07:00:00.000Z"),
                search: "chat".into(),
                page: 2,
            }
        );
        assert_eq!(
            query.to_query_string(),
            "?kind=deployment.start&actor=demo%20key&target=d%2F1\
             &since=2026-12-06T07%3A00%3A00.000Z&until=2026-12-07T07%3A00%3A00.000Z&search=chat&page=3"
        );
        let route = Route::Activity(query.clone());
        assert_eq!(Route::parse(&route.href()), Some(route));
        assert_eq!(
            ActivityQuery::from_query_string(
                "kind=deployment.explode&actor=a%07b&since=yesterday&until=&page=0"
            ),
            ActivityQuery::default()
        );
        assert_eq!(ActivityQuery::default().to_query_string(), "");
        assert!(!ActivityQuery::default().is_filtered());
    }
}
