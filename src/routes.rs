//! The console's sections as a closed type: every link is printed by [`Route::href`] and every
//! path the router matches is parsed by [`Route::parse`], so the two cannot drift apart.

/// A section of the console that has a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    Overview,
    Settings,
}

impl Route {
    /// Every route, in navigation order.
    pub const ALL: [Route; 2] = [Route::Overview, Route::Settings];

    /// The path segment the router matches; empty for the root.
    pub const fn segment(self) -> &'static str {
        match self {
            Route::Overview => "",
            Route::Settings => "settings",
        }
    }

    /// The absolute path to link to.
    pub fn href(self) -> String {
        format!("/{}", self.segment())
    }

    /// The label in the navigation and the start of the document title.
    pub const fn title(self) -> &'static str {
        match self {
            Route::Overview => "Overview",
            Route::Settings => "Settings",
        }
    }

    /// The route a pathname shows, ignoring a query, a fragment and one trailing slash;
    /// `None` is the not-found page.
    pub fn parse(path: &str) -> Option<Route> {
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let path = path.strip_prefix('/')?;
        let path = path.strip_suffix('/').unwrap_or(path);
        Route::ALL.into_iter().find(|route| route.segment() == path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_round_trips() {
        for route in Route::ALL {
            assert_eq!(Route::parse(&route.href()), Some(route), "{route:?}");
        }
    }

    #[test]
    fn hrefs_are_absolute_and_distinct() {
        assert_eq!(Route::Overview.href(), "/");
        assert_eq!(Route::Settings.href(), "/settings");
    }

    #[test]
    fn parse_tolerates_trailing_slash_query_and_fragment() {
        assert_eq!(Route::parse("/settings/"), Some(Route::Settings));
        assert_eq!(Route::parse("/settings?x=1#top"), Some(Route::Settings));
        assert_eq!(Route::parse("/?page=2"), Some(Route::Overview));
    }

    #[test]
    fn unknown_paths_are_not_found() {
        assert_eq!(Route::parse("/nope"), None);
        assert_eq!(Route::parse("/settings/extra"), None);
        assert_eq!(Route::parse("settings"), None);
    }
}
