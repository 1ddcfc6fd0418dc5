//! faas-console: a browser console for the Functions v2 Admin API.
//!
//! This file holds the shell (header, navigation, main landmark) and the route table; each
//! section lives in [`pages`], every request goes through [`api`].

pub mod account;
pub mod activity;
pub mod api;
pub mod authoring;
pub mod builds;
pub mod catalog;
pub mod code_view;
pub mod components;
pub mod connection;
pub mod deployments;
pub mod editor;
pub mod format;
pub mod function_test;
pub mod keyset_data;
pub mod overview;
pub mod pages;
pub mod request_log;
pub mod rollout;
pub mod routes;
pub mod schedules;
pub mod sort;
pub mod unsaved;
pub mod url;

// The console's module-graph test reads this crate's source. It runs with the unit tests, so
// that the native tests compile the console once (`cargo test --lib`): as an integration test
// it would need the library built a second time, without `cfg(test)`.
#[cfg(test)]
#[path = "../tests/module_graph.rs"]
mod module_graph_test;

use leptos::{ev::MouseEvent, prelude::*};
use leptos_router::{
    components::{Router, A},
    hooks::use_location,
    location::{BrowserUrl, LocationProvider},
};
use wasm_bindgen::JsCast;

use account::AccountKeysets;
use components::{mount_on_first_use, ConnectionIndicator};
use connection::store::ConnectionStore;
use request_log::store::RequestLog;
use routes::{Route, Section};
use unsaved::{LeaveGuard, UnsavedChanges};

#[component]
pub fn App() -> impl IntoView {
    // Before the router exists, so that it never sees a `#key=` in the URL.
    let store = ConnectionStore::start();
    provide_context(store);
    AccountKeysets::provide(store);
    let unsaved = UnsavedChanges::provide();
    let log = RequestLog::install();
    // The first page's reads set off now, not once the shell below is built (CurrentPage
    // asks again, and finds them on their way).
    let location = window().location();
    let opened_on = url::path_and_query(
        &location.pathname().unwrap_or_default(),
        &location.search().unwrap_or_default(),
    );
    if let Some(route) = Route::parse(&opened_on) {
        pages::start_reads(&route);
    }

    view! {
        <Router>
            <a class="skip-link" href="#main" on:click=skip_to_main>
                "Skip to content"
            </a>
            <header class="app-header">
                <div class="app-header__inner">
                    <span class="brand">"faas-console"</span>
                    <nav class="app-nav" aria-label="Sections">
                        <ul>
                            {Section::ALL
                                .into_iter()
                                .map(|section| {
                                    view! {
                                        <li>
                                            <A href=section.route().href() exact=section.exact()>
                                                {section.title()}
                                            </A>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </nav>
                    <ConnectionIndicator />
                </div>
            </header>
            <main id="main" class="app-main" tabindex="-1">
                <CurrentPage />
            </main>
            <footer class="app-footer">
                <button
                    type="button"
                    class="btn btn--ghost btn--small"
                    aria-expanded=move || log.open.get().to_string()
                    aria-controls="request-log"
                    on:click=move |_| log.open.update(|open| *open = !*open)
                >
                    {move || format!("Request log ({})", log.entries().len())}
                </button>
            </footer>
            {move || log.open.get().then(|| Suspend::new(pages::request_log_drawer()))}
            <LeaveGuard />
            {mount_on_first_use(move || unsaved.asking(), pages::leave_dialog)}
        </Router>
    }
}

/// The page the address bar names. Matching goes through [`Route::parse`], the same typed
/// routes every link is printed from, instead of a second route table. Only a new path
/// remounts the page: a page reads its own query, so a new search or page number does not.
/// The query the page opens with still chooses its module (a keyset's data tab).
#[component]
fn CurrentPage() -> impl IntoView {
    let location = use_location();
    let path = Memo::new(move |_| location.pathname.get());
    // The router writes a followed link into the address bar only once the new page is
    // rendered (it waits for its route table to say so): say so here, after each render.
    let browser_url = use_context::<BrowserUrl>();
    Effect::new(move |_| {
        location.pathname.track();
        if let Some(url) = &browser_url {
            url.ready_to_complete();
        }
    });
    move || {
        let url = url::path_and_query(&path.get(), &location.search.get_untracked());
        let route = Route::parse(&url);
        // The page's data sets off beside its code, not after it.
        if let Some(route) = &route {
            pages::start_reads(route);
        }
        Suspend::new(pages::page(route))
    }
}

/// Moves focus to the main landmark: following `#main` through the router would scroll there
/// but leave keyboard focus on the skip link.
fn skip_to_main(ev: MouseEvent) {
    ev.prevent_default();
    if let Some(main) = document()
        .get_element_by_id("main")
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = main.focus();
    }
}
