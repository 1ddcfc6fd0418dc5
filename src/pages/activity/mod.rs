//! The activity log's views: the Activity page (`/activity`, a module of its own) and an
//! object's history, a disclosure on the package, revision, deployment and build pages
//! whose content loads on first opening, with the Activity page's table. The entry in words
//! is plain Rust in [`crate::activity`].

mod history;
mod list;
mod table;

use leptos::prelude::*;
use wasm_bindgen::JsValue;

pub use history::History;
pub use list::ActivityPage;

use crate::components::mount_on_first_use;

/// "History", closed: an object's own entries, whose code and read come only when it is
/// first opened, so the object's page pays (almost) nothing for it at first load.
#[component]
pub fn ObjectHistory(
    /// The object's id, as its entries name it.
    #[prop(into)]
    target: String,
    /// What the object is, in words: "package".
    what: &'static str,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let on_toggle = move |ev: leptos::ev::Event| {
        let shown = ev
            .target()
            .and_then(|details| js_sys::Reflect::get(&details, &JsValue::from_str("open")).ok())
            .and_then(|open| open.as_bool())
            .unwrap_or(false);
        open.set(shown);
    };
    let target = StoredValue::new(target);
    view! {
        <section class="section history" aria-label=format!("History of this {what}")>
            <details class="history__details" on:toggle=on_toggle>
                <summary class="history__summary">"History"</summary>
                {mount_on_first_use(
                    move || open.get(),
                    move || super::object_history(target.get_value(), what, open.into()),
                )}
            </details>
        </section>
    }
}
