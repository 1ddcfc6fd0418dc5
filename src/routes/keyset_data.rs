//! A keyset's Data page's URL: the keyset's id in the path (`/keysets/31001/data`), the tab,
//! the key prefix and the page's token in the query.

use super::{DataTab, KeysetDataQuery, Route, UrlQuery};
use crate::url::{Params, QueryWriter};

impl UrlQuery for KeysetDataQuery {
    /// `tab`, `prefix` and `page` (the API's opaque page token); the keyset is the path's, so
    /// it is left at 0 here (see [`UrlQuery::from_url`]).
    fn from_params(params: Params<'_>) -> Self {
        KeysetDataQuery {
            keyset: 0,
            tab: params
                .text("tab")
                .and_then(|t| DataTab::parse(&t.to_ascii_lowercase()))
                .unwrap_or_default(),
            prefix: params.text("prefix").unwrap_or_default(),
            page_token: params.text("page"),
        }
    }

    fn from_url(path: &str, query: &str) -> Self {
        match Route::parse(&format!(
            "{path}?{query}",
            query = query.trim_start_matches('?')
        )) {
            Some(Route::KeysetData(data)) => data,
            _ => KeysetDataQuery::from_query_string(query),
        }
    }

    fn write(&self, query: &mut QueryWriter) {
        if self.tab != DataTab::default() {
            query.add("tab", self.tab.as_param());
        }
        if !self.prefix.is_empty() {
            query.add("prefix", &self.prefix);
        }
        query.add_some("page", self.page_token.as_ref());
    }

    fn route(self) -> Route {
        Route::KeysetData(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_page_keeps_keyset_tab_prefix_and_page_in_its_url() {
        let query = KeysetDataQuery {
            keyset: 31001,
            tab: DataTab::Json,
            prefix: "room/ä b".into(),
            page_token: Some("eyJrIjoiYSJ9".into()),
        };
        let href = Route::KeysetData(query.clone()).href();
        assert_eq!(
            href,
            "/keysets/31001/data?tab=json&prefix=room%2F%C3%A4%20b&page=eyJrIjoiYSJ9"
        );
        let (path, search) = href.split_once('?').unwrap();
        assert_eq!(
            KeysetDataQuery::from_url(path, &format!("?{search}")),
            query
        );
        assert_eq!(
            Route::KeysetData(KeysetDataQuery::new(7, DataTab::Strings)).href(),
            "/keysets/7/data"
        );
    }

    #[test]
    fn a_malformed_data_url_falls_back_or_is_not_found() {
        assert_eq!(Route::parse("/keysets/x/data"), None);
        assert_eq!(Route::parse("/keysets/1"), None);
        let query = KeysetDataQuery::from_url("/keysets/5/data", "tab=SECRETS&prefix=&page=");
        assert_eq!(query, KeysetDataQuery::new(5, DataTab::Secrets));
        assert_eq!(
            KeysetDataQuery::from_url("/keysets/5/data", "tab=nope").tab,
            DataTab::Strings
        );
    }
}
