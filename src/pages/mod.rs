//! The console's pages, one module (or folder) per section of the navigation.
//!
//! The packages list is in the main wasm module: it loads with no module fetched after it, so
//! its rows appear as soon as the API answers. Every other page, the Overview and Settings
//! included, is compiled into a module of its own, fetched the first time it is shown, so no
//! page pays for the others. A cold link starts its page's module and first reads side by side
//! (`start_reads`): `/` loads the main module, the Overview's module and its one read at once.
//! `#[wasm_split]` marks the split points; scripts/build-wasm.sh cuts the modules apart (with
//! the `split-wasm` feature; without it, as in `cargo test`, the pages are ordinary functions
//! in one module). Each split function takes plain owned values and returns the page's view,
//! and a module that fails to load (the network, or a console updated since the tab opened)
//! becomes an error on the page instead of a crash.

// Before the modules, so that theirs can use it too.
/// Calls a split function (`#[wasm_split]`): with the `split-wasm` feature it is async (it
/// loads its module first).
#[cfg(feature = "split-wasm")]
macro_rules! load {
    ($call:expr) => {
        $call.await
    };
}
#[cfg(not(feature = "split-wasm"))]
macro_rules! load {
    ($call:expr) => {
        $call
    };
}

/// Code that only an action needs (a dialog, a form, a history), in a wasm module of its own
/// that [`crate::components::mount_on_first_use`] fetches the first time it is wanted. Writes
/// the split function, named after its module, and the async function that loads the module
/// and gives the view; if the module does not arrive, a sentence says that `what` could not
/// be loaded.
///
/// ```ignore
/// on_demand! {
///     async fn stop_all_dialog(target: StopAllTarget, open: RwSignal<bool>) in stop_all {
///         view! { <StopAllDialog target open /> }
///     } else "The stop dialog"
/// }
/// ```
macro_rules! on_demand {
    (
        $(#[$attr:meta])*
        $vis:vis async fn $loader:ident($($arg:ident: $ty:ty),* $(,)?) in $module:ident $body:block
        else $what:literal
    ) => {
        $(#[$attr])*
        $vis async fn $loader($($arg: $ty),*) -> ::leptos::prelude::AnyView {
            load!($module($($arg),*)).unwrap_or_else(|_| $crate::pages::not_loaded($what))
        }

        #[cfg_attr(
            feature = "split-wasm",
            ::leptos::wasm_split::wasm_split(
                $module,
                wasm_split_path = ::leptos::wasm_split,
                fallible
            )
        )]
        fn $module(
            $($arg: $ty),*
        ) -> Result<::leptos::prelude::AnyView, ::leptos::wasm_split::SplitLoaderError> {
            Ok(::leptos::prelude::IntoAny::into_any($body))
        }
    };
}

pub mod activity;
mod builds;
mod catalog;
mod demo_reset;
mod deployments;
mod function_test;
mod keyset_data;
mod not_found;
mod overview;
mod packages;
mod schedules;
mod settings;

use leptos::prelude::*;
#[cfg(feature = "split-wasm")]
use leptos::wasm_split::wasm_split;
use leptos::wasm_split::SplitLoaderError;

use crate::{
    api::{self, Client, Read},
    connection::store::use_connection,
    routes::{DeploymentsQuery, Route},
};

/// Starts the first reads of the page at `route` (from the URL's path and query) and the
/// download of its code together, so that they travel side by side: the page's own identical
/// reads take the answers ([`api::Client::prefetch`]). Only what the URL alone determines is
/// read ahead, and what those answers name ([`chained_read`]). The shell calls it for the
/// address the tab opens on before it builds itself, and again for every page it shows: a
/// read already on its way is not asked again.
pub fn start_reads(route: &Route) {
    let client = Client::new(use_connection().get_untracked());
    for read in first_reads(route) {
        client.prefetch(read);
    }
    if let Some((read, follow)) = chained_read(route) {
        client.prefetch_then(read, follow);
    }
    // After the reads (tasks run in order): the small answers are asked for first, and the
    // code, the larger download, beside them.
    if let Some(split) = split_point(route) {
        leptos::task::spawn_local(async move { preload_modules(split) });
    }
}

/// What the page at `route` reads first, as its components ask for it.
fn first_reads(route: &Route) -> Vec<Read> {
    use api::{activity, builds, deployments, kv, packages, revisions, schedules};
    match route {
        Route::Package(id) => vec![
            packages::get_read(id),
            revisions::list_read(id, 0),
            deployments::list_read(&DeploymentsQuery {
                package: Some(id.clone()),
                ..Default::default()
            }),
        ],
        // The revision itself: see `chained_read`.
        Route::Revision { id, compare, .. } => {
            let mut reads = vec![
                deployments::list_read(&DeploymentsQuery {
                    revision: Some(id.clone()),
                    ..Default::default()
                }),
                deployments::running_limit_read(),
            ];
            reads.extend(compare.as_deref().map(revisions::get_read));
            reads
        }
        Route::NewRevision { package_id, from } => {
            let mut reads = vec![
                packages::get_read(package_id),
                revisions::list_read(package_id, 0),
            ];
            reads.extend(from.as_deref().map(revisions::get_read));
            reads
        }
        Route::Deployment(_) => Vec::new(),
        // The shown blueprints, and every one for the tag filter: the same read unfiltered.
        Route::Catalog(query) => {
            let mut reads = vec![api::catalog::list_read(query)];
            if *query != Default::default() {
                reads.push(api::catalog::list_read(&Default::default()));
            }
            reads
        }
        Route::Blueprint(id) => vec![api::catalog::get_read(id), api::catalog::functions_read(id)],
        Route::Deployments(_) => vec![packages::all_read()],
        Route::Builds(query) => vec![builds::teams_read(), builds::list_read(query)],
        Route::Build { id, team } => {
            vec![builds::teams_read(), builds::get_read(id, team.as_deref())]
        }
        Route::Schedules(query) => vec![schedules::list_read(query.deployment.as_deref())],
        Route::Activity(query) => vec![activity::list_read(query, activity::PAGE_SIZE)],
        // The keyset's subscribe key names its data: known at once when the shell's keysets
        // are in (a link from Overview); on a first visit the shell's own keysets read is the
        // first read, already under way.
        Route::KeysetData(query) => crate::account::subscribe_key(query.keyset)
            .map(|subkey| match query.tab.kind() {
                Some(kind) => {
                    kv::list_read(&subkey, kind, &query.prefix, query.page_token.as_deref())
                }
                None => kv::secrets_read(&subkey),
            })
            .into_iter()
            .collect(),
        Route::Overview => vec![api::overview::read(overview::tz_offset())],
        Route::Packages(query) => vec![packages::list_read(query)],
        Route::NewPackage | Route::Settings => Vec::new(),
    }
}

/// A first read whose answer names what the page reads next, with the function that finds
/// those reads in it ([`Client::prefetch_then`]): a revision's package (the page shows
/// nothing without it), a deployment's revision (its functions' names).
fn chained_read(route: &Route) -> Option<(Read, api::FollowUps)> {
    use api::{deployments, revisions};
    match route {
        Route::Revision { id, .. } => Some((revisions::get_read(id), revisions::package_reads)),
        Route::Deployment(id) => Some((deployments::get_read(id), deployments::revision_reads)),
        Route::Deployments(query) => {
            Some((deployments::list_read(query), deployments::revision_reads))
        }
        _ => None,
    }
}

/// The view of `route`, once the module that holds it is loaded.
pub async fn page(route: Option<Route>) -> AnyView {
    let loaded = match route {
        None => return view! { <not_found::NotFoundPage /> }.into_any(),
        Some(Route::Overview) => load!(overview_page()),
        Some(Route::Packages(_)) => packages_page(),
        Some(Route::NewPackage) => load!(new_package_page()),
        Some(Route::Package(id)) => load!(package_page(id)),
        Some(Route::Catalog(_)) => load!(catalog_page()),
        Some(Route::Blueprint(id)) => load!(blueprint_page(id)),
        Some(Route::NewRevision { package_id, .. }) => load!(new_revision_page(package_id)),
        Some(Route::Revision { id, .. }) => load!(revision_page(id)),
        Some(Route::Deployments(_)) => load!(deployments_page()),
        Some(Route::Deployment(id)) => load!(deployment_page(id)),
        Some(Route::Schedules(_)) => load!(schedules_page()),
        Some(Route::Builds(_)) => load!(builds_page()),
        Some(Route::Build { id, .. }) => load!(build_page(id)),
        Some(Route::Activity(_)) => load!(activity_page()),
        Some(Route::Settings) => load!(settings_page()),
        // One module per group of tabs, with the page: see `keyset_data`.
        Some(Route::KeysetData(query)) => {
            let group = keyset_data::TabGroup::of(query.tab);
            keyset_data::load(group, keyset_data::Part::Page(query.keyset)).await
        }
    };
    loaded.unwrap_or_else(|_| {
        view! {
            <section class="page">
                <h1>"This page could not be loaded"</h1>
                <div class="error-view" role="alert">
                    <p>
                        "The console's code for this page did not arrive: the network failed, "
                        "or the console was updated since this tab opened."
                    </p>
                    <button type="button" on:click=|_| reload()>
                        "Reload the page"
                    </button>
                </div>
            </section>
        }
        .into_any()
    })
}

/// The name of the split point (`#[wasm_split(name)]` below) that holds the page at `route`;
/// `None` for the pages of the main module.
///
/// The start script knows it too, from `first_packs.json` beside this file (path patterns,
/// `*` for one segment, an optional `?name=value`; the first that matches wins): it fetches
/// the page's pack while the main module is still on its way, and `faasPreloadPack` takes
/// that response (scripts/build-wasm.sh, scripts/pack-wasm.mjs). The test below holds the
/// two to the same answers.
fn split_point(route: &Route) -> Option<&'static str> {
    Some(match route {
        Route::NewPackage => "new_package",
        Route::Package(_) => "package",
        Route::Catalog(_) => "catalog",
        Route::Blueprint(_) => "blueprint",
        Route::NewRevision { .. } => "new_revision",
        Route::Revision { .. } => "revision",
        Route::Deployments(_) => "deployments",
        Route::Deployment(_) => "deployment",
        Route::Schedules(_) => "schedules",
        Route::Builds(_) => "builds",
        Route::Build { .. } => "build",
        Route::Activity(_) => "activity",
        Route::KeysetData(query) => match keyset_data::TabGroup::of(query.tab) {
            keyset_data::TabGroup::Entries => "keyset_entries",
            keyset_data::TabGroup::Counters => "keyset_counters",
            keyset_data::TabGroup::Secrets => "keyset_secrets",
        },
        Route::Settings => "settings",
        Route::Overview => "overview",
        Route::Packages(_) => return None,
    })
}

/// Asks for all of `split`'s modules in one response, unless the console runs most of them
/// already (scripts/pack-wasm.mjs adds `faasPreloadPack` to the split loader). Without it (a
/// build without packs, the tests) the modules come one by one.
#[cfg(feature = "split-wasm")]
fn preload_modules(split: &str) {
    #[wasm_bindgen::prelude::wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_name = faasPreloadPack, catch)]
        fn preload_pack(split: &str) -> Result<(), wasm_bindgen::JsValue>;
    }
    let _ = preload_pack(split);
}

#[cfg(not(feature = "split-wasm"))]
fn preload_modules(_split: &str) {}

fn reload() {
    let _ = window().location().reload();
}

#[cfg_attr(feature = "split-wasm", wasm_split(overview, wasm_split_path = ::leptos::wasm_split, fallible))]
fn overview_page() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <overview::OverviewPage /> }.into_any())
}

fn packages_page() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <packages::PackagesPage /> }.into_any())
}

#[cfg_attr(feature = "split-wasm", wasm_split(new_package, wasm_split_path = ::leptos::wasm_split, fallible))]
fn new_package_page() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <packages::NewPackagePage /> }.into_any())
}

#[cfg_attr(feature = "split-wasm", wasm_split(package, wasm_split_path = ::leptos::wasm_split, fallible))]
fn package_page(id: String) -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <packages::PackagePage id /> }.into_any())
}

#[cfg_attr(feature = "split-wasm", wasm_split(catalog, wasm_split_path = ::leptos::wasm_split, fallible))]
fn catalog_page() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <catalog::CatalogPage /> }.into_any())
}

#[cfg_attr(feature = "split-wasm", wasm_split(blueprint, wasm_split_path = ::leptos::wasm_split, fallible))]
fn blueprint_page(id: String) -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <catalog::BlueprintPage id /> }.into_any())
}

#[cfg_attr(feature = "split-wasm", wasm_split(new_revision, wasm_split_path = ::leptos::wasm_split, fallible))]
fn new_revision_page(package_id: String) -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <packages::NewRevisionPage package_id /> }.into_any())
}

#[cfg_attr(feature = "split-wasm", wasm_split(revision, wasm_split_path = ::leptos::wasm_split, fallible))]
fn revision_page(id: String) -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <packages::RevisionPage id /> }.into_any())
}

#[cfg_attr(feature = "split-wasm", wasm_split(deployments, wasm_split_path = ::leptos::wasm_split, fallible))]
fn deployments_page() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <deployments::DeploymentsPage /> }.into_any())
}

#[cfg_attr(feature = "split-wasm", wasm_split(deployment, wasm_split_path = ::leptos::wasm_split, fallible))]
fn deployment_page(id: String) -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <deployments::DeploymentPage id /> }.into_any())
}

#[cfg_attr(feature = "split-wasm", wasm_split(schedules, wasm_split_path = ::leptos::wasm_split, fallible))]
fn schedules_page() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <schedules::SchedulesPage /> }.into_any())
}

#[cfg_attr(feature = "split-wasm", wasm_split(builds, wasm_split_path = ::leptos::wasm_split, fallible))]
fn builds_page() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <builds::BuildsPage /> }.into_any())
}

#[cfg_attr(feature = "split-wasm", wasm_split(build, wasm_split_path = ::leptos::wasm_split, fallible))]
fn build_page(id: String) -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <builds::BuildPage id /> }.into_any())
}

#[cfg_attr(feature = "split-wasm", wasm_split(activity, wasm_split_path = ::leptos::wasm_split, fallible))]
fn activity_page() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <activity::ActivityPage /> }.into_any())
}

#[cfg_attr(feature = "split-wasm", wasm_split(settings, wasm_split_path = ::leptos::wasm_split, fallible))]
fn settings_page() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <settings::SettingsPage /> }.into_any())
}

/// The request log's drawer, in a module of its own: only those who open it pay for it.
pub async fn request_log_drawer() -> AnyView {
    load!(request_log_module()).unwrap_or_else(|_| {
        view! {
            <aside id="request-log" class="drawer" aria-label="Request log">
                <p role="alert">
                    "The request log could not be loaded. Reload the page to try again."
                </p>
            </aside>
        }
        .into_any()
    })
}

#[cfg_attr(feature = "split-wasm", wasm_split(request_log, wasm_split_path = ::leptos::wasm_split, fallible))]
fn request_log_module() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <crate::components::RequestLogDrawer /> }.into_any())
}

on_demand! {
    /// An object's history ([`activity::ObjectHistory`]), in a module of its own fetched when a
    /// history is first opened: with the Activity page's table, not in the object's page.
    async fn object_history(target: String, what: &'static str, open: Signal<bool>) in activity_history {
        view! { <activity::History target what open /> }
    } else "The history"
}

on_demand! {
    /// "Leave this page?" ([`crate::unsaved::LeaveDialog`]), fetched the first time a link is
    /// held back for unsaved changes.
    pub async fn leave_dialog() in leave_question {
        view! { <crate::unsaved::LeaveDialog /> }
    } else "The question whether to leave this page"
}

/// What a function's Test tab is given: see [`function_test::FunctionTestPanel`].
pub struct TestTab {
    pub id_prefix: String,
    pub function_type: Signal<faas_api::FunctionType>,
    /// What triggers the function: its event's template starts from it.
    pub trigger: Signal<crate::function_test::Trigger>,
    pub code: Signal<String>,
    pub package: Signal<String>,
    pub function: Signal<String>,
    /// The function revision whose inputs the server keeps; `None` for a function not saved
    /// yet (its inputs stay in the browser).
    pub function_revision_id: Option<String>,
    pub on_jump: Callback<(u32, u32)>,
}

on_demand! {
    /// A function's Test tab, in a module of its own fetched when a Test tab first opens.
    pub async fn function_test_tab(tab: TestTab) in function_test {
        let TestTab {
            id_prefix,
            function_type,
            trigger,
            code,
            package,
            function,
            function_revision_id,
            on_jump,
        } = tab;
        view! {
            <function_test::FunctionTestPanel
                id_prefix
                function_type
                trigger
                code
                package
                function
                function_revision_id
                on_jump
            />
        }
    } else "The test console"
}

/// In place of code that did not arrive ([`on_demand!`]): `what` could not be loaded.
fn not_loaded(what: &'static str) -> AnyView {
    view! { <p role="alert">{what} " could not be loaded. Reload the page to try again."</p> }
        .into_any()
}

/// Names the browser tab after the page, so history and tabs are told apart.
fn set_title(page: &str) {
    leptos::prelude::document().set_title(&format!("{page} · faas-console"));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The start script's matching of `url` against `first_packs.json`, in Rust.
    fn first_pack<'t>(table: &'t [(String, String)], url: &str) -> Option<&'t str> {
        let (path, query) = url.split_once('?').unwrap_or((url, ""));
        let path = path
            .strip_suffix('/')
            .filter(|p| !p.is_empty())
            .unwrap_or(path);
        let segments: Vec<&str> = path.split('/').collect();
        let params: Vec<&str> = query.split('&').collect();
        table.iter().find_map(|(pattern, pack)| {
            let (pattern_path, pattern_query) = pattern.split_once('?').unwrap_or((pattern, ""));
            let wanted: Vec<&str> = pattern_path.split('/').collect();
            let path_matches = wanted.len() == segments.len()
                && wanted
                    .iter()
                    .zip(&segments)
                    .all(|(w, s)| w == s || (*w == "*" && !s.is_empty()));
            let query_matches = pattern_query.is_empty() || params.contains(&pattern_query);
            (path_matches && query_matches).then_some(pack.as_str())
        })
    }

    #[test]
    fn the_start_script_fetches_the_pack_each_deep_link_asks_for() {
        let table: Vec<(String, String)> =
            serde_json::from_str(include_str!("first_packs.json")).expect("a list of pairs");
        for url in [
            "/",
            "/packages",
            "/packages/?page=2&sort=name",
            "/packages/new",
            "/packages/p-1",
            "/packages/p-1/",
            "/packages/p-1/revisions/new",
            "/packages/p-1/revisions/new?from=r-1",
            "/catalog",
            "/catalog?tag=kv-store",
            "/catalog/b-1",
            "/revisions/r-1",
            "/revisions/r-1?compare=r-2&function=f&line=3",
            "/deployments",
            "/deployments?state=RUNNING&page=2",
            "/deployments/d-1",
            "/schedules",
            "/builds?team=acme",
            "/builds/b-1?team=acme",
            "/activity?kind=deployment.start",
            "/settings",
            "/keysets/31001/data",
            "/keysets/31001/data?tab=json",
            "/keysets/31001/data?tab=strings&prefix=a",
            "/keysets/31001/data?tab=counters",
            "/keysets/31001/data?prefix=a&tab=secrets",
            "/nope",
            "/packages/p-1/revisions",
        ] {
            let asked = Route::parse(url).and_then(|route| split_point(&route));
            assert_eq!(first_pack(&table, url), asked, "{url}");
        }
    }
}
