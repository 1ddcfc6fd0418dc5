//! faas-console: a browser console for the Functions v2 Admin API.
//!
//! This file holds the shell (header, navigation, main landmark) and the route table; each
//! section lives in [`pages`], every request goes through [`api`].

pub mod account;
pub mod api;
pub mod authoring;
pub mod components;
pub mod connection;
pub mod editor;
pub mod format;
pub mod pages;
pub mod routes;
pub mod unsaved;

use leptos::{ev::MouseEvent, prelude::*};
use leptos_router::{
    components::{Route as RouteView, Router, Routes, A},
    path,
};
use wasm_bindgen::JsCast;

use account::AccountKeysets;
use components::ConnectionIndicator;
use connection::store::ConnectionStore;
use pages::{
    NewPackagePage, NewRevisionPage, NotFoundPage, OverviewPage, PackagePage, PackagesPage,
    RevisionPage, SettingsPage,
};
use routes::Section;
use unsaved::{LeaveGuard, UnsavedChanges};

#[component]
pub fn App() -> impl IntoView {
    // Before the router exists, so that it never sees a `#key=` in the URL.
    let store = ConnectionStore::start();
    provide_context(store);
    AccountKeysets::provide(store);
    UnsavedChanges::provide();

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
                <Routes fallback=NotFoundPage>
                    <RouteView path=path!("/") view=OverviewPage />
                    <RouteView path=path!("/packages") view=PackagesPage />
                    <RouteView path=path!("/packages/new") view=NewPackagePage />
                    <RouteView path=path!("/packages/:id") view=PackagePage />
                    <RouteView path=path!("/packages/:id/revisions/new") view=NewRevisionPage />
                    <RouteView path=path!("/revisions/:id") view=RevisionPage />
                    <RouteView path=path!("/settings") view=SettingsPage />
                </Routes>
            </main>
            <LeaveGuard />
        </Router>
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
