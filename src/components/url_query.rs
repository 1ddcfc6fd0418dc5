use std::marker::PhantomData;

use leptos::prelude::*;
use leptos_router::{
    hooks::{use_location, use_navigate},
    NavigateOptions,
};

use crate::routes::UrlQuery;

/// A list page's query as its URL says it, and the setter that changes it: the one way a
/// list keeps its search, sort, filters and page in the address bar.
///
/// The memo changes only when the parsed query does, so a page reads again only when what
/// it shows changes. A change navigates (a history entry of its own, or in place of the
/// current one while typing) and keeps the scroll where it is.
pub fn use_url_query<Q: UrlQuery>() -> (Memo<Q>, SetUrlQuery<Q>) {
    let location = use_location();
    let query = Memo::new(move |_| {
        location
            .pathname
            .with(|path| location.search.with(|search| Q::from_url(path, search)))
    });
    let setter = SetUrlQuery {
        query,
        go: navigate_keeping_scroll(),
        _query: PhantomData,
    };
    (query, setter)
}

/// Sets a list's query by navigating to its page ([`use_url_query`]).
pub struct SetUrlQuery<Q: UrlQuery> {
    query: Memo<Q>,
    go: Callback<(String, bool)>,
    _query: PhantomData<fn(Q)>,
}

impl<Q: UrlQuery> Clone for SetUrlQuery<Q> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<Q: UrlQuery> Copy for SetUrlQuery<Q> {}

impl<Q: UrlQuery> SetUrlQuery<Q> {
    /// Shows `next`, as a new history entry: Back returns to the rows before.
    pub fn set(&self, next: Q) {
        self.go.run((next.route().href(), false));
    }

    /// Shows `next` in place of the current history entry (a search as it is typed).
    pub fn replace(&self, next: Q) {
        self.go.run((next.route().href(), true));
    }

    /// Changes the current query with `change` and shows the result ([`SetUrlQuery::set`]).
    pub fn update(&self, change: impl FnOnce(&mut Q)) {
        let mut next = self.query.get_untracked();
        change(&mut next);
        self.set(next);
    }
}

/// The router's navigation with the scroll kept: one copy for every type of query.
fn navigate_keeping_scroll() -> Callback<(String, bool)> {
    let navigate = use_navigate();
    Callback::new(move |(href, replace): (String, bool)| {
        navigate(
            &href,
            NavigateOptions {
                replace,
                scroll: false,
                ..Default::default()
            },
        );
    })
}
