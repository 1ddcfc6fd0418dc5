//! The console's pages as a closed type: every link is printed by [`Route::href`] and every
//! path the router matches is parsed by [`Route::parse`], so the two cannot drift apart.
//!
//! The query a list keeps in its URL (search, sort, filters, paging) is the API's own query
//! type ([`PackagesQuery`], [`DeploymentsQuery`], [`BuildsQuery`]), read from and printed to the
//! address bar by one [`UrlQuery`] pair of functions each; every query string is written by
//! the one [`QueryWriter`].

mod activity;
mod builds;
mod catalog;
mod keyset_data;
mod schedules;

use faas_api::DeploymentState;

pub use crate::api::{
    activity::ActivityQuery,
    builds::BuildsQuery,
    catalog::CatalogQuery,
    deployments::DeploymentsQuery,
    kv::{DataTab, KeysetDataQuery},
    packages::{PackageSort, PackagesQuery},
};
pub use crate::schedules::SchedulesQuery;
pub use builds::{target_label, Target};

use crate::url::{decode_component, encode_component, Params, QueryWriter};

/// The state of a list page that lives in its URL's query, so that a link, a reload or Back
/// shows the same rows. Read and printed by one pair of functions, round-trip tested;
/// `components::use_url_query` follows it in a page.
pub trait UrlQuery: Clone + Default + PartialEq + Send + Sync + 'static {
    /// Reads a query string (with or without its `?`); anything unknown or malformed falls
    /// back to its default rather than failing the page.
    fn from_params(params: Params<'_>) -> Self;

    /// Writes what differs from the default, in a fixed order, so that equal queries print
    /// equal URLs.
    fn write(&self, query: &mut QueryWriter);

    /// The page that shows the list with this query.
    fn route(self) -> Route;

    /// The query of the page at `path` with `query`: most lists are named by their query
    /// alone; a list of one thing (a keyset's data) also reads its id from the path.
    fn from_url(path: &str, query: &str) -> Self {
        let _ = path;
        Self::from_query_string(query)
    }

    /// [`UrlQuery::from_params`] of a query string.
    fn from_query_string(query: &str) -> Self {
        Self::from_params(Params::new(query))
    }

    /// `?a=1&b=2`; empty for the default.
    fn to_query_string(&self) -> String {
        let mut query = QueryWriter::new();
        self.write(&mut query);
        query.finish()
    }
}

/// A page of the console that has a URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Overview,
    /// `/packages`, optionally with a search, a sort and a page.
    Packages(PackagesQuery),
    /// `/packages/new`: create a package with its first revision.
    NewPackage,
    /// `/packages/{id}`.
    Package(String),
    /// `/catalog`: the blueprints a new package can start from, searched and filtered by tag.
    Catalog(CatalogQuery),
    /// `/catalog/{id}`: a blueprint's functions and params, and the form that imports it.
    Blueprint(String),
    /// `/packages/{id}/revisions/new`, optionally starting from a chosen revision.
    NewRevision {
        package_id: String,
        from: Option<String>,
    },
    /// `/revisions/{id}`, optionally compared with another revision of its package, or
    /// opened at a place in one function's code.
    Revision {
        id: String,
        compare: Option<String>,
        at: Option<CodeAt>,
    },
    /// `/deployments`, optionally filtered and paged.
    Deployments(DeploymentsQuery),
    /// `/deployments/{id}`.
    Deployment(String),
    /// `/schedules`: every scheduled event of the account on a 14-day timeline, filtered.
    Schedules(SchedulesQuery),
    /// `/builds`: the deployments that build, of a team, filtered and paged.
    Builds(BuildsQuery),
    /// `/builds/{id}`, of a team (`?team=slug`) or of the token's own scope.
    Build {
        id: String,
        team: Option<String>,
    },
    /// `/activity`: every entry of the activity log, filtered and paged.
    Activity(ActivityQuery),
    Settings,
    /// `/keysets/{id}/data`: a keyset's KV store and secrets, a tab, a prefix and a page.
    KeysetData(KeysetDataQuery),
}

/// A place in a function's code: `?function=<function id>&line=3&column=14` (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeAt {
    pub function_id: String,
    pub line: u32,
    pub column: u32,
}

/// The sections of the navigation, in order. A section stays highlighted on its sub-pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Overview,
    Packages,
    Deployments,
    Schedules,
    Builds,
    Activity,
    Settings,
}

impl Section {
    pub const ALL: [Section; 7] = [
        Section::Overview,
        Section::Packages,
        Section::Deployments,
        Section::Schedules,
        Section::Builds,
        Section::Activity,
        Section::Settings,
    ];

    pub const fn title(self) -> &'static str {
        match self {
            Section::Overview => "Overview",
            Section::Packages => "Packages",
            Section::Deployments => "Deployments",
            Section::Schedules => "Schedules",
            Section::Builds => "Builds",
            Section::Activity => "Activity",
            Section::Settings => "Settings",
        }
    }

    /// Where the navigation link goes.
    pub fn route(self) -> Route {
        match self {
            Section::Overview => Route::Overview,
            Section::Packages => Route::Packages(PackagesQuery::default()),
            Section::Deployments => Route::Deployments(DeploymentsQuery::default()),
            Section::Schedules => Route::Schedules(SchedulesQuery::default()),
            Section::Builds => Route::Builds(BuildsQuery::default()),
            Section::Activity => Route::Activity(ActivityQuery::default()),
            Section::Settings => Route::Settings,
        }
    }

    /// Whether the link is current only on its own path (the root would otherwise match
    /// every page).
    pub const fn exact(self) -> bool {
        matches!(self, Section::Overview)
    }
}

impl Route {
    /// The absolute path (and query) to link to. Ids are percent-encoded, so an id the API
    /// returned can never change the shape of the path.
    pub fn href(&self) -> String {
        let seg = encode_component;
        let mut query = QueryWriter::new();
        let path = match self {
            Route::Overview => "/".into(),
            Route::Packages(list) => {
                list.write(&mut query);
                "/packages".into()
            }
            Route::NewPackage => "/packages/new".into(),
            Route::Package(id) => format!("/packages/{}", seg(id)),
            Route::Catalog(list) => {
                list.write(&mut query);
                "/catalog".into()
            }
            Route::Blueprint(id) => format!("/catalog/{}", seg(id)),
            Route::NewRevision { package_id, from } => {
                query.add_some("from", from.as_ref());
                format!("/packages/{}/revisions/new", seg(package_id))
            }
            Route::Revision { id, compare, at } => {
                query.add_some("compare", compare.as_ref());
                if let Some(at) = at {
                    query
                        .add("function", &at.function_id)
                        .add("line", &at.line.to_string())
                        .add("column", &at.column.to_string());
                }
                format!("/revisions/{}", seg(id))
            }
            Route::Deployments(list) => {
                list.write(&mut query);
                "/deployments".into()
            }
            Route::Deployment(id) => format!("/deployments/{}", seg(id)),
            Route::Schedules(list) => {
                list.write(&mut query);
                "/schedules".into()
            }
            Route::Builds(list) => {
                list.write(&mut query);
                "/builds".into()
            }
            Route::Build { id, team } => {
                query.add_some("team", team.as_ref());
                format!("/builds/{}", seg(id))
            }
            Route::Activity(list) => {
                list.write(&mut query);
                "/activity".into()
            }
            Route::Settings => "/settings".into(),
            Route::KeysetData(data) => {
                data.write(&mut query);
                format!("/keysets/{}/data", data.keyset)
            }
        };
        path + &query.finish()
    }

    /// The section the page belongs to.
    pub fn section(&self) -> Section {
        match self {
            Route::Overview | Route::KeysetData(_) => Section::Overview,
            Route::Packages(_)
            | Route::NewPackage
            | Route::Package(_)
            | Route::Catalog(_)
            | Route::Blueprint(_)
            | Route::NewRevision { .. }
            | Route::Revision { .. } => Section::Packages,
            Route::Deployments(_) | Route::Deployment(_) => Section::Deployments,
            Route::Schedules(_) => Section::Schedules,
            Route::Builds(_) | Route::Build { .. } => Section::Builds,
            Route::Activity(_) => Section::Activity,
            Route::Settings => Section::Settings,
        }
    }

    /// The route a URL shows (path, then an optional query; a fragment and one trailing
    /// slash are ignored); `None` is the not-found page.
    pub fn parse(url: &str) -> Option<Route> {
        let url = url.split('#').next().unwrap_or_default();
        let (path, query) = url.split_once('?').unwrap_or((url, ""));
        let path = path.strip_prefix('/')?;
        let path = path.strip_suffix('/').unwrap_or(path);
        let segments: Vec<String> = if path.is_empty() {
            Vec::new()
        } else {
            path.split('/').map(decode_component).collect()
        };
        let params = Params::new(query);
        let param = |name: &str| params.text(name);
        let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
        Some(match segments.as_slice() {
            [] => Route::Overview,
            ["packages"] => Route::Packages(PackagesQuery::from_params(params)),
            ["packages", "new"] => Route::NewPackage,
            ["packages", id] if !id.is_empty() => Route::Package((*id).to_owned()),
            ["catalog"] => Route::Catalog(CatalogQuery::from_params(params)),
            ["catalog", id] if !id.is_empty() => Route::Blueprint((*id).to_owned()),
            ["packages", id, "revisions", "new"] if !id.is_empty() => Route::NewRevision {
                package_id: (*id).to_owned(),
                from: param("from"),
            },
            ["revisions", id] if !id.is_empty() => Route::Revision {
                id: (*id).to_owned(),
                compare: param("compare"),
                at: CodeAt::from_query_string(query),
            },
            ["deployments"] => Route::Deployments(DeploymentsQuery::from_params(params)),
            ["deployments", id] if !id.is_empty() => Route::Deployment((*id).to_owned()),
            ["schedules"] => Route::Schedules(SchedulesQuery::from_params(params)),
            ["builds"] => Route::Builds(BuildsQuery::from_params(params)),
            ["builds", id] if !id.is_empty() => Route::Build {
                id: (*id).to_owned(),
                team: param("team"),
            },
            ["activity"] => Route::Activity(ActivityQuery::from_params(params)),
            ["settings"] => Route::Settings,
            ["keysets", id, "data"] => Route::KeysetData(KeysetDataQuery {
                keyset: id.parse().ok()?,
                ..KeysetDataQuery::from_params(params)
            }),
            _ => return None,
        })
    }
}

impl CodeAt {
    /// Reads `function`, `line` and `column` (a missing column is the line's start); `None`
    /// without a function or a valid line.
    pub fn from_query_string(query: &str) -> Option<CodeAt> {
        let params = Params::new(query);
        Some(CodeAt {
            function_id: params.text("function")?,
            line: params.parse::<u32>("line").filter(|line| *line > 0)?,
            column: params.parse::<u32>("column").unwrap_or(1).max(1),
        })
    }
}

impl UrlQuery for PackagesQuery {
    /// `search`, `sort` and `page` (1-based in the URL, for people).
    fn from_params(params: Params<'_>) -> Self {
        PackagesQuery {
            search: params
                .text("search")
                .map(|s| s.trim().to_owned())
                .unwrap_or_default(),
            sort: params
                .text("sort")
                .and_then(|s| PackageSort::parse(&s))
                .unwrap_or_default(),
            page: params.page("page"),
        }
    }

    fn write(&self, query: &mut QueryWriter) {
        if !self.search.is_empty() {
            query.add("search", &self.search);
        }
        if self.sort != PackageSort::default() {
            query.add("sort", self.sort.as_param());
        }
        if self.page > 0 {
            query.add("page", &(self.page + 1).to_string());
        }
    }

    fn route(self) -> Route {
        Route::Packages(self)
    }
}

impl UrlQuery for DeploymentsQuery {
    /// `state`, `keyset`, `package`, `revision` and `page`.
    fn from_params(params: Params<'_>) -> Self {
        DeploymentsQuery {
            state: params
                .text("state")
                .and_then(|s| DeploymentState::parse(&s.to_ascii_uppercase())),
            keyset: params.parse("keyset"),
            package: params.text("package"),
            revision: params.text("revision"),
            page: params.page("page"),
        }
    }

    fn write(&self, query: &mut QueryWriter) {
        query
            .add_some("state", self.state.map(DeploymentState::as_str))
            .add_some("keyset", self.keyset.map(|k| k.to_string()))
            .add_some("package", self.package.as_ref())
            .add_some("revision", self.revision.as_ref());
        if self.page > 0 {
            query.add("page", &(self.page + 1).to_string());
        }
    }

    fn route(self) -> Route {
        Route::Deployments(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "0b9e8c5e-5a0c-4d6a-9d55-3c2f0e6b1a77";

    fn every_route() -> Vec<Route> {
        vec![
            Route::Overview,
            Route::Packages(PackagesQuery::default()),
            Route::Packages(PackagesQuery {
                search: "chat & co/é".into(),
                sort: PackageSort::NameDesc,
                page: 3,
            }),
            Route::NewPackage,
            Route::Package(ID.into()),
            Route::Catalog(CatalogQuery::default()),
            Route::Catalog(CatalogQuery {
                search: "web & hook".into(),
                tag: Some("kv-store".into()),
            }),
            Route::Blueprint(ID.into()),
            Route::NewRevision {
                package_id: ID.into(),
                from: None,
            },
            Route::NewRevision {
                package_id: ID.into(),
                from: Some("r-1".into()),
            },
            Route::Revision {
                id: ID.into(),
                compare: None,
                at: None,
            },
            Route::Revision {
                id: ID.into(),
                compare: Some("other id".into()),
                at: None,
            },
            Route::Revision {
                id: ID.into(),
                compare: None,
                at: Some(CodeAt {
                    function_id: "f 1".into(),
                    line: 3,
                    column: 14,
                }),
            },
            Route::Deployments(DeploymentsQuery::default()),
            Route::Deployments(DeploymentsQuery {
                state: Some(DeploymentState::Failed),
                keyset: Some(31002),
                package: Some(ID.into()),
                revision: Some("r/1".into()),
                page: 2,
            }),
            Route::Deployment(ID.into()),
            Route::Schedules(SchedulesQuery::default()),
            Route::Schedules(SchedulesQuery::from_query_string(
                "deployment=d%2F1&state=failed&action=STOP",
            )),
            Route::Builds(BuildsQuery::default()),
            Route::Builds(BuildsQuery::from_query_string(
                "team=a%20b&state=QUEUED,ERROR&target=production&project=prj_1&until=1700000000000",
            )),
            Route::Build {
                id: "dpl_1".into(),
                team: None,
            },
            Route::Build {
                id: "dpl_1".into(),
                team: Some("acme".into()),
            },
            Route::Activity(ActivityQuery::default()),
            Route::Activity(ActivityQuery::from_query_string(
                "kind=kv&actor=scheduler&target=31001&since=2026-01-01T00:00:00Z&search=a%20b&page=2",
            )),
            Route::Settings,
            Route::KeysetData(KeysetDataQuery::new(31001, DataTab::Strings)),
            Route::KeysetData(KeysetDataQuery {
                keyset: 31002,
                tab: DataTab::Counters,
                prefix: "a/b &c".into(),
                page_token: Some("t=1/2".into()),
            }),
        ]
    }

    /// `query` prints to a query string that reads back as itself, and to its list's URL.
    fn url_query_round_trips<Q: UrlQuery + std::fmt::Debug>(query: Q) {
        let text = query.to_query_string();
        assert_eq!(Q::from_query_string(&text), query, "{text}");
        let href = query.clone().route().href();
        assert!(href.ends_with(&text), "{href}");
        assert_eq!(Route::parse(&href), Some(query.clone().route()), "{href}");
    }

    #[test]
    fn every_list_query_round_trips_through_its_url() {
        url_query_round_trips(PackagesQuery::default());
        url_query_round_trips(CatalogQuery {
            search: "a&b".into(),
            tag: Some("x y".into()),
        });
        url_query_round_trips(PackagesQuery {
            search: "a&b=c d".into(),
            sort: PackageSort::CreatedAsc,
            page: 9,
        });
        url_query_round_trips(DeploymentsQuery::default());
        url_query_round_trips(DeploymentsQuery {
            state: Some(DeploymentState::Stopping),
            keyset: Some(-1),
            package: Some("p?1".into()),
            revision: Some("r#2".into()),
            page: 1,
        });
        url_query_round_trips(ActivityQuery::default());
        url_query_round_trips(ActivityQuery {
            kind: Some("build.cancel".into()),
            actor: Some("a&b".into()),
            target: Some("t?1".into()),
            since: Some(1_700_000_000_123),
            until: Some(1_800_000_000_000),
            search: "x y".into(),
            page: 4,
        });
        url_query_round_trips(BuildsQuery::default());
        url_query_round_trips(BuildsQuery {
            team: Some("a,b".into()),
            states: vec![
                faas_api::vercel::ReadyState::Queued,
                faas_api::vercel::ReadyState::Canceled,
            ],
            target: Some(Target::Production),
            project: Some("prj 1".into()),
            until: Some(1),
        });
    }

    #[test]
    fn every_route_round_trips() {
        for route in every_route() {
            assert_eq!(
                Route::parse(&route.href()),
                Some(route.clone()),
                "{route:?}"
            );
        }
    }

    #[test]
    fn hrefs_are_absolute() {
        assert_eq!(Route::Overview.href(), "/");
        assert_eq!(Route::Settings.href(), "/settings");
        assert_eq!(Route::Package(ID.into()).href(), format!("/packages/{ID}"));
        assert_eq!(Section::Packages.route().href(), "/packages");
    }

    #[test]
    fn ids_cannot_change_the_path() {
        let route = Route::Package("../settings?x=1".into());
        assert_eq!(route.href(), "/packages/..%2Fsettings%3Fx%3D1");
        assert_eq!(Route::parse(&route.href()), Some(route));
    }

    #[test]
    fn parse_tolerates_trailing_slash_query_and_fragment() {
        assert_eq!(Route::parse("/settings/"), Some(Route::Settings));
        assert_eq!(Route::parse("/settings?x=1#top"), Some(Route::Settings));
        assert_eq!(Route::parse("/?page=2"), Some(Route::Overview));
        assert_eq!(
            Route::parse("/packages/"),
            Some(Route::Packages(PackagesQuery::default()))
        );
    }

    #[test]
    fn unknown_paths_are_not_found() {
        assert_eq!(Route::parse("/nope"), None);
        assert_eq!(Route::parse("/settings/extra"), None);
        assert_eq!(Route::parse("settings"), None);
        assert_eq!(Route::parse("/revisions"), None);
        assert_eq!(Route::parse("/packages/x/revisions"), None);
    }

    #[test]
    fn sub_pages_belong_to_their_section() {
        for route in every_route() {
            let expected = match route {
                Route::Overview | Route::KeysetData(_) => Section::Overview,
                Route::Settings => Section::Settings,
                Route::Deployments(_) | Route::Deployment(_) => Section::Deployments,
                Route::Builds(_) | Route::Build { .. } => Section::Builds,
                Route::Schedules(_) => Section::Schedules,
                Route::Activity(_) => Section::Activity,
                _ => Section::Packages,
            };
            assert_eq!(route.section(), expected, "{route:?}");
        }
    }

    #[test]
    fn packages_query_leaves_defaults_out_and_counts_pages_from_one() {
        assert_eq!(PackagesQuery::default().to_query_string(), "");
        let query = PackagesQuery {
            search: "a b".into(),
            sort: PackageSort::NameAsc,
            page: 1,
        };
        assert_eq!(
            query.to_query_string(),
            "?search=a%20b&sort=name%2CASC&page=2"
        );
        assert_eq!(
            PackagesQuery::from_query_string("?search=a+b&sort=name,asc&page=2"),
            query
        );
    }

    #[test]
    fn a_malformed_packages_query_falls_back_to_defaults() {
        let query = PackagesQuery::from_query_string("sort=code,UP&page=-3&search=%ZZ");
        assert_eq!(query.sort, PackageSort::default());
        assert_eq!(query.page, 0);
        assert_eq!(query.search, "%ZZ");
        assert_eq!(PackagesQuery::from_query_string("page=0").page, 0);
    }

    #[test]
    fn deployments_query_drops_what_it_cannot_read() {
        let query = DeploymentsQuery::from_query_string(
            "state=running&keyset=x&package=&page=2&revision=r",
        );
        assert_eq!(
            query,
            DeploymentsQuery {
                state: Some(DeploymentState::Running),
                keyset: None,
                package: None,
                revision: Some("r".into()),
                page: 1,
            }
        );
        assert_eq!(query.to_query_string(), "?state=RUNNING&revision=r&page=2");
        assert!(query.is_filtered());
        assert!(!DeploymentsQuery::default().is_filtered());
        assert_eq!(
            DeploymentsQuery::from_query_string("state=SIDEWAYS").state,
            None
        );
    }

    #[test]
    fn a_code_place_needs_a_function_and_a_line() {
        assert_eq!(CodeAt::from_query_string("line=3"), None);
        assert_eq!(CodeAt::from_query_string("function=f&line=0"), None);
        assert_eq!(
            CodeAt::from_query_string("function=f&line=3"),
            Some(CodeAt {
                function_id: "f".into(),
                line: 3,
                column: 1
            })
        );
    }

    #[test]
    fn every_sort_parses_back() {
        for sort in PackageSort::ALL {
            assert_eq!(PackageSort::parse(sort.as_param()), Some(sort));
        }
        assert_eq!(PackageSort::parse("name"), Some(PackageSort::NameAsc));
        assert_eq!(PackageSort::parse("name,sideways"), None);
    }
}
