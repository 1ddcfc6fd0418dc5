//! The catalog's URL state: the search and the tag a gallery is filtered by.

use super::{CatalogQuery, Route, UrlQuery};
use crate::url::{Params, QueryWriter};

impl UrlQuery for CatalogQuery {
    /// `search` and `tag`, trimmed; an empty one is none.
    fn from_params(params: Params<'_>) -> Self {
        let text = |name: &str| {
            params
                .text(name)
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
        };
        CatalogQuery {
            search: text("search").unwrap_or_default(),
            tag: text("tag"),
        }
    }

    fn write(&self, query: &mut QueryWriter) {
        if !self.search.is_empty() {
            query.add("search", &self.search);
        }
        query.add_some("tag", self.tag.as_ref());
    }

    fn route(self) -> Route {
        Route::Catalog(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_catalog_query_reads_back_and_leaves_empty_parts_out() {
        let query = CatalogQuery::from_query_string("tag=%20xhr%20&search=Web%20hook&x=1");
        assert_eq!(
            query,
            CatalogQuery {
                search: "Web hook".into(),
                tag: Some("xhr".into()),
            }
        );
        assert_eq!(query.to_query_string(), "?search=Web%20hook&tag=xhr");
        assert_eq!(
            CatalogQuery::from_query_string("search=&tag="),
            CatalogQuery::default()
        );
        assert_eq!(CatalogQuery::default().to_query_string(), "");
    }
}
