//! The console's pages, one module (or folder) per section of the navigation.
//!
//! The pages a visit starts on (the Overview, which the printed URL opens, the packages list
//! and Settings) are in the main wasm module: they load with no module fetched after it, so
//! their rows appear as soon as the API answers. Every other page is compiled into a module
//! of its own, fetched the first time it is shown, so no page pays for the others.
//! `#[wasm_split]` marks the split points; scripts/build-wasm.sh cuts the modules apart (with
//! the `split-wasm` feature; without it, as in `cargo test`, the pages are ordinary functions
//! in one module). Each split function takes plain owned values and returns the page's view,
//! and a module that fails to load (the network, or a console updated since the tab opened)
//! becomes an error on the page instead of a crash.

mod builds;
mod demo_reset;
mod deployments;
mod function_test;
mod not_found;
mod overview;
mod packages;
mod schedules;
mod settings;

use leptos::prelude::*;
#[cfg(feature = "split-wasm")]
use leptos::wasm_split::wasm_split;
use leptos::wasm_split::SplitLoaderError;

use crate::routes::Route;

/// Calls a page function: a split one is async (it loads its module first).
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

/// The view of `route`, once the module that holds it is loaded.
pub async fn page(route: Option<Route>) -> AnyView {
    let loaded = match route {
        None => return view! { <not_found::NotFoundPage /> }.into_any(),
        Some(Route::Overview) => overview_page(),
        Some(Route::Packages(_)) => packages_page(),
        Some(Route::NewPackage) => load!(new_package_page()),
        Some(Route::Package(id)) => load!(package_page(id)),
        Some(Route::NewRevision { package_id, .. }) => load!(new_revision_page(package_id)),
        Some(Route::Revision { id, .. }) => load!(revision_page(id)),
        Some(Route::Deployments(_)) => load!(deployments_page()),
        Some(Route::Deployment(id)) => load!(deployment_page(id)),
        Some(Route::Schedules(_)) => load!(schedules_page()),
        Some(Route::Builds(_)) => load!(builds_page()),
        Some(Route::Build { id, .. }) => load!(build_page(id)),
        Some(Route::Settings) => settings_page(),
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

fn reload() {
    let _ = window().location().reload();
}

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

/// What a function's Test tab is given: see [`function_test::FunctionTestPanel`].
pub struct TestTab {
    pub id_prefix: String,
    pub function_type: Signal<faas_api::FunctionType>,
    pub code: Signal<String>,
    pub package: Signal<String>,
    pub function: Signal<String>,
    pub on_jump: Callback<(u32, u32)>,
}

/// A function's Test tab, in a module of its own fetched when a Test tab first opens.
pub async fn function_test_tab(tab: TestTab) -> AnyView {
    load!(function_test_module(tab)).unwrap_or_else(|_| {
        view! { <p role="alert">"The test console could not be loaded. Reload the page to try again."</p> }
        .into_any()
    })
}

#[cfg_attr(feature = "split-wasm", wasm_split(function_test, wasm_split_path = ::leptos::wasm_split, fallible))]
fn function_test_module(tab: TestTab) -> Result<AnyView, SplitLoaderError> {
    let TestTab {
        id_prefix,
        function_type,
        code,
        package,
        function,
        on_jump,
    } = tab;
    Ok(view! { <function_test::FunctionTestPanel id_prefix function_type code package function on_jump /> }
        .into_any())
}

/// Names the browser tab after the page, so history and tabs are told apart.
fn set_title(page: &str) {
    leptos::prelude::document().set_title(&format!("{page} · faas-console"));
}
