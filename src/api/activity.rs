//! The activity log (api.md §5 "Activity", ours): every accepted write, newest first.

use faas_api::activity::{ActivityEntry, KindFilter, FILTER_MAX_LEN};

use super::{ApiError, Client, Page, Read};
use crate::format::timestamp_from_ms;

/// Which entries to list: the filters the API takes and a page, all optional. The Activity
/// page keeps it in its URL (`routes`); an object's history is the same list of one target.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActivityQuery {
    /// A whole kind (`deployment.start`) or a target type (`deployment`), one the log
    /// records ([`KindFilter::parse`]).
    pub kind: Option<String>,
    /// A key's name, `scheduler` or `build-queue`.
    pub actor: Option<String>,
    /// The target's id (a keyset's for KV data and secrets).
    pub target: Option<String>,
    /// Entries at or after this time (ms since the epoch).
    pub since: Option<i64>,
    /// Entries before this time (ms since the epoch).
    pub until: Option<i64>,
    /// Part of the target's name, any case; empty for any.
    pub search: String,
    /// 0-based; the URL counts from 1.
    pub page: u32,
}

impl ActivityQuery {
    /// The history of one object: every entry about `target`.
    pub fn of_target(target: &str) -> ActivityQuery {
        ActivityQuery {
            target: Some(target.to_owned()),
            ..ActivityQuery::default()
        }
    }

    /// Whether a filter is set (the page number aside).
    pub fn is_filtered(&self) -> bool {
        self.kind.is_some()
            || self.actor.is_some()
            || self.target.is_some()
            || self.since.is_some()
            || self.until.is_some()
            || !self.search.is_empty()
    }

    /// The API's query for one page of `size` entries: only what is set.
    fn api_params(&self, size: u32) -> Vec<(&'static str, String)> {
        let mut params = Vec::new();
        if self.page > 0 {
            params.push(("page", self.page.to_string()));
        }
        params.push(("size", size.to_string()));
        let texts = [
            ("kind", &self.kind),
            ("actor", &self.actor),
            ("target_id", &self.target),
        ];
        for (name, value) in texts {
            if let Some(value) = value {
                params.push((name, value.clone()));
            }
        }
        for (name, ms) in [("since", self.since), ("until", self.until)] {
            if let Some(ms) = ms {
                params.push((name, timestamp_from_ms(ms)));
            }
        }
        if !self.search.is_empty() {
            params.push(("search", self.search.clone()));
        }
        params
    }
}

/// Whether `kind` is a filter the log takes: a kind it records or a target type.
pub fn is_kind_filter(kind: &str) -> bool {
    KindFilter::parse(kind).is_some()
}

/// Whether `text` is an `actor` or `target_id` filter the API takes: not too long, no
/// control character. What it would refuse is dropped from a URL instead of failing the page.
pub fn is_filter_text(text: &str) -> bool {
    !text.is_empty()
        && text.chars().count() <= FILTER_MAX_LEN
        && !text.chars().any(char::is_control)
}

/// Entries per page of the Activity page.
pub const PAGE_SIZE: u32 = 20;

/// Entries an object's history shows: the latest few, with a link to the rest.
pub const HISTORY_SIZE: u32 = 10;

/// One page of `size` entries that `query` names, newest first.
pub async fn list(
    client: &Client,
    query: &ActivityQuery,
    size: u32,
) -> Result<Page<ActivityEntry>, ApiError> {
    let read = list_read(query, size);
    client.fetch_page(&read.path, &read.query).await
}

pub fn list_read(query: &ActivityQuery, size: u32) -> Read {
    Read::functions("/v2/faas/activity", query.api_params(size))
}

/// The newest `size` entries.
pub async fn latest(client: &Client, size: u32) -> Result<Vec<ActivityEntry>, ApiError> {
    Ok(list(client, &ActivityQuery::default(), size).await?.items)
}

pub fn latest_read(size: u32) -> Read {
    list_read(&ActivityQuery::default(), size)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_api_is_asked_only_for_what_is_set() {
        assert_eq!(
            ActivityQuery::default().api_params(10),
            vec![("size", "10".to_owned())]
        );
        let query = ActivityQuery {
            kind: Some("deployment".into()),
            actor: Some("admin".into()),
            target: Some("d1".into()),
            since: Some(0),
            until: Some(86_400_000),
            search: "chat".into(),
            page: 2,
        };
        assert!(query.is_filtered());
        assert_eq!(
            query.api_params(20),
            vec![
                ("page", "2".to_owned()),
                ("size", "20".to_owned()),
                ("kind", "deployment".to_owned()),
                ("actor", "admin".to_owned()),
                ("target_id", "d1".to_owned()),
                ("since", "1970-01-01T00:00:00.000Z".to_owned()),
                ("until", "1970-01-02T00:00:00.000Z".to_owned()),
                ("search", "chat".to_owned()),
            ]
        );
        assert_eq!(ActivityQuery::of_target("p1").target.as_deref(), Some("p1"));
    }

    #[test]
    fn filters_the_api_would_refuse_are_told_apart() {
        assert!(is_kind_filter("deployment") && is_kind_filter("kv.put"));
        assert!(!is_kind_filter("deployment.explode") && !is_kind_filter(""));
        assert!(is_filter_text("demo-read-only"));
        assert!(!is_filter_text(""));
        assert!(!is_filter_text("a\u{7}b"));
        assert!(!is_filter_text(&"x".repeat(FILTER_MAX_LEN + 1)));
        assert!(is_filter_text(&"é".repeat(FILTER_MAX_LEN)));
    }
}
