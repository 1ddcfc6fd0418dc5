//! The console's pages, one module (or folder) per section of the navigation.

mod not_found;
mod overview;
mod packages;
mod settings;

pub use not_found::NotFoundPage;
pub use overview::OverviewPage;
pub use packages::{NewPackagePage, NewRevisionPage, PackagePage, PackagesPage, RevisionPage};
pub use settings::SettingsPage;

/// Names the browser tab after the page, so history and tabs are told apart.
fn set_title(page: &str) {
    leptos::prelude::document().set_title(&format!("{page} · faas-console"));
}
