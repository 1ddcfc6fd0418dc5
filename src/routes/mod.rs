//! The console's pages as a closed type: every link is printed by [`Route::href`] and every
//! path the router matches is parsed by [`Route::parse`], so the two cannot drift apart.
//!
//! Query strings that a page keeps in the URL (search, sort, filters, paging) are typed here
//! too: [`PackagesQuery`] and [`DeploymentsQuery`] are read from and printed to the address bar
//! by the same pair of functions; the Builds section's [`BuildsQuery`] in [`builds`].

mod builds;

use faas_api::{paging::Direction, DeploymentState};

pub use builds::{target_label, team_params, BuildsQuery, Target};

use crate::api::url::{decode_component, encode_component};

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
    /// `/builds`: the deployments that build, of a team, filtered and paged.
    Builds(BuildsQuery),
    /// `/builds/{id}`, of a team (`?team=slug`) or of the token's own scope.
    Build {
        id: String,
        team: Option<String>,
    },
    Settings,
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
    Builds,
    Settings,
}

impl Section {
    pub const ALL: [Section; 5] = [
        Section::Overview,
        Section::Packages,
        Section::Deployments,
        Section::Builds,
        Section::Settings,
    ];

    pub const fn title(self) -> &'static str {
        match self {
            Section::Overview => "Overview",
            Section::Packages => "Packages",
            Section::Deployments => "Deployments",
            Section::Builds => "Builds",
            Section::Settings => "Settings",
        }
    }

    /// Where the navigation link goes.
    pub fn route(self) -> Route {
        match self {
            Section::Overview => Route::Overview,
            Section::Packages => Route::Packages(PackagesQuery::default()),
            Section::Deployments => Route::Deployments(DeploymentsQuery::default()),
            Section::Builds => Route::Builds(BuildsQuery::default()),
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
        match self {
            Route::Overview => "/".into(),
            Route::Packages(query) => format!("/packages{}", query.to_query_string()),
            Route::NewPackage => "/packages/new".into(),
            Route::Package(id) => format!("/packages/{}", seg(id)),
            Route::NewRevision { package_id, from } => {
                let from = from
                    .as_ref()
                    .map(|f| format!("?from={}", seg(f)))
                    .unwrap_or_default();
                format!("/packages/{}/revisions/new{from}", seg(package_id))
            }
            Route::Revision { id, compare, at } => {
                let mut query = Vec::new();
                if let Some(compare) = compare {
                    query.push(format!("compare={}", seg(compare)));
                }
                if let Some(at) = at {
                    query.push(format!(
                        "function={}&line={}&column={}",
                        seg(&at.function_id),
                        at.line,
                        at.column
                    ));
                }
                let query = if query.is_empty() {
                    String::new()
                } else {
                    format!("?{}", query.join("&"))
                };
                format!("/revisions/{}{query}", seg(id))
            }
            Route::Deployments(query) => format!("/deployments{}", query.to_query_string()),
            Route::Deployment(id) => format!("/deployments/{}", seg(id)),
            Route::Builds(query) => format!("/builds{}", query.to_query_string()),
            Route::Build { id, team } => {
                let team = team
                    .as_ref()
                    .map(|t| format!("?team={}", seg(t)))
                    .unwrap_or_default();
                format!("/builds/{}{team}", seg(id))
            }
            Route::Settings => "/settings".into(),
        }
    }

    /// The section the page belongs to.
    pub fn section(&self) -> Section {
        match self {
            Route::Overview => Section::Overview,
            Route::Packages(_)
            | Route::NewPackage
            | Route::Package(_)
            | Route::NewRevision { .. }
            | Route::Revision { .. } => Section::Packages,
            Route::Deployments(_) | Route::Deployment(_) => Section::Deployments,
            Route::Builds(_) | Route::Build { .. } => Section::Builds,
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
        let param = |name: &str| query_param(query, name).filter(|v| !v.is_empty());
        let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
        Some(match segments.as_slice() {
            [] => Route::Overview,
            ["packages"] => Route::Packages(PackagesQuery::from_query_string(query)),
            ["packages", "new"] => Route::NewPackage,
            ["packages", id] if !id.is_empty() => Route::Package((*id).to_owned()),
            ["packages", id, "revisions", "new"] if !id.is_empty() => Route::NewRevision {
                package_id: (*id).to_owned(),
                from: param("from"),
            },
            ["revisions", id] if !id.is_empty() => Route::Revision {
                id: (*id).to_owned(),
                compare: param("compare"),
                at: CodeAt::from_query_string(query),
            },
            ["deployments"] => Route::Deployments(DeploymentsQuery::from_query_string(query)),
            ["deployments", id] if !id.is_empty() => Route::Deployment((*id).to_owned()),
            ["builds"] => Route::Builds(BuildsQuery::from_query_string(query)),
            ["builds", id] if !id.is_empty() => Route::Build {
                id: (*id).to_owned(),
                team: param("team"),
            },
            ["settings"] => Route::Settings,
            _ => return None,
        })
    }
}

/// How the packages list is sorted: the API's sortable fields, each both ways.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PackageSort {
    NameAsc,
    NameDesc,
    /// The default: what changed last comes first.
    #[default]
    UpdatedDesc,
    UpdatedAsc,
    CreatedDesc,
    CreatedAsc,
}

impl PackageSort {
    pub const ALL: [PackageSort; 6] = [
        PackageSort::UpdatedDesc,
        PackageSort::UpdatedAsc,
        PackageSort::NameAsc,
        PackageSort::NameDesc,
        PackageSort::CreatedDesc,
        PackageSort::CreatedAsc,
    ];

    /// The API's `sort` value, `name,ASC`; also the URL's.
    pub fn as_param(self) -> &'static str {
        match self {
            PackageSort::NameAsc => "name,ASC",
            PackageSort::NameDesc => "name,DESC",
            PackageSort::UpdatedDesc => "updatedDttm,DESC",
            PackageSort::UpdatedAsc => "updatedDttm,ASC",
            PackageSort::CreatedDesc => "createdDttm,DESC",
            PackageSort::CreatedAsc => "createdDttm,ASC",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PackageSort::NameAsc => "Name, A to Z",
            PackageSort::NameDesc => "Name, Z to A",
            PackageSort::UpdatedDesc => "Recently updated",
            PackageSort::UpdatedAsc => "Least recently updated",
            PackageSort::CreatedDesc => "Newest",
            PackageSort::CreatedAsc => "Oldest",
        }
    }

    pub fn parse(s: &str) -> Option<PackageSort> {
        let (field, direction) = s.split_once(',').unwrap_or((s, "ASC"));
        let direction = match direction.to_ascii_uppercase().as_str() {
            "ASC" => Direction::Asc,
            "DESC" => Direction::Desc,
            _ => return None,
        };
        PackageSort::ALL.into_iter().find(|sort| {
            let (f, d) = sort.as_param().split_once(',').unwrap_or_default();
            f == field && (d == "ASC") == (direction == Direction::Asc)
        })
    }
}

/// The state of the packages list that lives in the URL, so that deep links, reload and Back
/// show the same rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PackagesQuery {
    /// Case-insensitive part of a package name; empty for all.
    pub search: String,
    pub sort: PackageSort,
    /// 0-based, as the API counts.
    pub page: u32,
}

impl PackagesQuery {
    /// Reads `search`, `sort` and `page` (1-based in the URL, for people); anything unknown
    /// or malformed falls back to its default rather than failing the page.
    pub fn from_query_string(query: &str) -> Self {
        let query = query.strip_prefix('?').unwrap_or(query);
        PackagesQuery {
            search: query_param(query, "search")
                .map(|s| s.trim().to_owned())
                .unwrap_or_default(),
            sort: query_param(query, "sort")
                .and_then(|s| PackageSort::parse(&s))
                .unwrap_or_default(),
            page: query_param(query, "page")
                .and_then(|p| p.parse::<u32>().ok())
                .map_or(0, |p| p.saturating_sub(1)),
        }
    }

    /// `?search=…&sort=…&page=…` with defaults left out; empty for the default list.
    pub fn to_query_string(&self) -> String {
        let mut parts = Vec::new();
        let enc = encode_component;
        if !self.search.is_empty() {
            parts.push(format!("search={}", enc(&self.search)));
        }
        if self.sort != PackageSort::default() {
            parts.push(format!("sort={}", enc(self.sort.as_param())));
        }
        if self.page > 0 {
            parts.push(format!("page={}", self.page + 1));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }
}

impl CodeAt {
    /// Reads `function`, `line` and `column` (a missing column is the line's start); `None`
    /// without a function or a valid line.
    pub fn from_query_string(query: &str) -> Option<CodeAt> {
        let number = |name| query_param(query, name).and_then(|v| v.parse::<u32>().ok());
        Some(CodeAt {
            function_id: query_param(query, "function").filter(|f| !f.is_empty())?,
            line: number("line").filter(|line| *line > 0)?,
            column: number("column").unwrap_or(1).max(1),
        })
    }
}

/// What the deployments list shows: filters and a page, all optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeploymentsQuery {
    pub state: Option<DeploymentState>,
    pub keyset: Option<i64>,
    pub package: Option<String>,
    pub revision: Option<String>,
    /// 0-based; the URL counts from 1.
    pub page: u32,
}

impl DeploymentsQuery {
    /// Reads `state`, `keyset`, `package`, `revision` and `page`; a malformed value is
    /// dropped rather than failing the page.
    pub fn from_query_string(query: &str) -> Self {
        let text = |name| query_param(query, name).filter(|v: &String| !v.is_empty());
        DeploymentsQuery {
            state: text("state").and_then(|s| DeploymentState::parse(&s.to_ascii_uppercase())),
            keyset: text("keyset").and_then(|k| k.parse().ok()),
            package: text("package"),
            revision: text("revision"),
            page: text("page")
                .and_then(|p| p.parse::<u32>().ok())
                .map_or(0, |p| p.saturating_sub(1)),
        }
    }

    /// `?state=…&keyset=…&package=…&revision=…&page=…` with what is unset left out.
    pub fn to_query_string(&self) -> String {
        let enc = encode_component;
        let mut parts = Vec::new();
        if let Some(state) = self.state {
            parts.push(format!("state={}", state.as_str()));
        }
        if let Some(keyset) = self.keyset {
            parts.push(format!("keyset={keyset}"));
        }
        if let Some(package) = &self.package {
            parts.push(format!("package={}", enc(package)));
        }
        if let Some(revision) = &self.revision {
            parts.push(format!("revision={}", enc(revision)));
        }
        if self.page > 0 {
            parts.push(format!("page={}", self.page + 1));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }

    /// Whether any filter is set (the page number aside).
    pub fn is_filtered(&self) -> bool {
        self.state.is_some()
            || self.keyset.is_some()
            || self.package.is_some()
            || self.revision.is_some()
    }
}

/// The decoded value of `name` in a query string (`a=1&b=x%20y`), `+` read as a space.
pub fn query_param(query: &str, name: &str) -> Option<String> {
    query
        .strip_prefix('?')
        .unwrap_or(query)
        .split('&')
        .filter_map(|pair| pair.split_once('=').or(Some((pair, ""))))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| decode_component(value))
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
            Route::Settings,
        ]
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
                Route::Overview => Section::Overview,
                Route::Settings => Section::Settings,
                Route::Deployments(_) | Route::Deployment(_) => Section::Deployments,
                Route::Builds(_) | Route::Build { .. } => Section::Builds,
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
