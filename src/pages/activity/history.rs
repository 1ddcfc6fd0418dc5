//! An object's own history (a package's, a revision's, a deployment's, a build's): its
//! latest entries, live while shown, and the way to all of them on the Activity page.

use faas_api::activity::ActivityEntry;
use leptos::prelude::*;

use super::table::ActivityTable;
use crate::{
    api::{
        self,
        activity::{ActivityQuery, HISTORY_SIZE},
    },
    components::{use_live_query, Busy, ErrorView, Pace},
    format::count,
    routes::Route,
};

/// The latest entries about `target`, read when first shown and again while `open`.
#[component]
pub fn History(
    /// The object's id, as its entries name it.
    target: String,
    /// What the object is, in words: "package".
    what: &'static str,
    /// Whether the history is shown: it reads again only then.
    open: Signal<bool>,
) -> impl IntoView {
    let entries = RwSignal::new(Vec::<ActivityEntry>::new());
    let total = RwSignal::new(0_u64);
    let query = ActivityQuery::of_target(&target);
    let read_query = query.clone();
    let live = use_live_query(
        move |client| {
            let query = read_query.clone();
            async move { api::activity::list(&client, &query, HISTORY_SIZE).await }
        },
        move |page, _| {
            total.set(page.total());
            if entries.with_untracked(|known| *known != page.items) {
                entries.set(page.items);
            }
        },
        move || open.get().then_some(Pace::Watching.millis()),
    );
    // Opened again: what happened meanwhile, at once.
    Effect::new(move |was_open: Option<bool>| {
        let now_open = open.get();
        if now_open && was_open == Some(false) {
            live.refresh();
        }
        now_open
    });
    let load_error = live.error();
    let all_href = Route::Activity(query).href();
    view! {
        {move || load_error.get().map(|error| view! { <ErrorView error /> })}
        {move || {
            if !live.answered() {
                view! { <Busy>"Loading the history…"</Busy> }.into_any()
            } else if entries.with(Vec::is_empty) && load_error.with(Option::is_none) {
                view! { <p class="muted">{format!("No change of this {what} is on record.")}</p> }
                    .into_any()
            } else {
                ().into_any()
            }
        }}
        <div hidden=move || entries.with(Vec::is_empty)>
            <ActivityTable entries caption=format!("History of this {what}, newest first") />
        </div>
        <p>
            <a href=all_href>{format!("All activity of this {what}")}</a>
            {move || {
                let shown = entries.with(Vec::len) as u64;
                let total = total.get();
                (total > shown)
                    .then(|| {
                        format!(" ({}, the latest {shown} above)", count(total, "entry", "entries"))
                    })
            }}
        </p>
    }
}
