//! The Overview, what `/` opens on: what exists and what runs (counts that link to their
//! lists), what needs attention, the last 14 days of activity as a chart, the latest changes,
//! and where the console is connected with the account's keysets.
//!
//! All of it but the connection comes from one read, `GET /v2/faas/overview`, started beside
//! this page's module (`pages::first_reads`) and read again about every 3 s while the tab is
//! visible: anyone's change shows here, so what is shown is always liable to change. An answer
//! equal to the one shown changes nothing on the page.

mod chart;
mod connection;
mod latest;
mod summary;

use std::sync::Arc;

use faas_api::overview::Overview;
use leptos::prelude::*;

use crate::{
    account::use_account_keysets,
    api,
    components::{use_live_query, ErrorView, Pace},
    overview::day_labels,
    routes::Section,
};

/// The browser's zone offset now, minutes east of UTC, in which the chart's days are counted.
pub fn tz_offset() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}

#[component]
pub fn OverviewPage() -> impl IntoView {
    super::set_title(Section::Overview.title());
    // While the connection fails (no key, a refused key, no server), the connection card says
    // so once; the sections that would each fail the same way wait for it to work.
    let keysets = use_account_keysets().0;
    let works = move || keysets.with(|result| !matches!(result, Some(Err(_))));
    view! {
        <h1>{Section::Overview.title()}</h1>
        <Show when=works>
            <Sections />
        </Show>
        <connection::ConnectionAndKeysets />
    }
}

/// Everything above the connection card, from the one read.
#[component]
fn Sections() -> impl IntoView {
    // Shared, not cloned, by the sections that show it.
    let overview = RwSignal::new(None::<Arc<Overview>>);
    let query = use_live_query(
        |client| async move { api::overview::get(&client, tz_offset()).await },
        move |fresh, _| {
            if overview.with_untracked(|shown| shown.as_deref() != Some(&fresh)) {
                overview.set(Some(Arc::new(fresh)));
            }
        },
        || Some(Pace::Watching.millis()),
    );
    // A server of the real API has no overview read: said in words, not as a failure.
    let error = move || {
        query.error().get().map(|error| {
            if error.status() == Some(404) {
                view! {
                    <p class="muted">
                        "This server has no overview: " <code>"GET /v2/faas/overview"</code>
                        " is the reference server's own read. The keysets are below."
                    </p>
                }
                .into_any()
            } else {
                view! { <ErrorView error /> }.into_any()
            }
        })
    };
    let loaded = move || overview.with(Option::is_some);
    let part = move |f: fn(Arc<Overview>) -> AnyView| move || overview.get().map(f);

    view! {
        {error}
        <Show
            when=loaded
            fallback=move || {
                (!query.answered())
                    .then(|| view! { <p class="muted">"Loading the overview…"</p> })
            }
        >
            <section class="card" aria-labelledby="counts-heading">
                <h2 id="counts-heading">"What exists and what runs"</h2>
                {part(|o| view! { <summary::Counts overview=o /> }.into_any())}
            </section>
            <section class="card" aria-labelledby="attention-heading">
                <h2 id="attention-heading">"Needs attention"</h2>
                {part(|o| { view! { <summary::NeedsAttention overview=o /> }.into_any() })}
            </section>
            <section class="card" aria-labelledby="activity-chart-heading">
                <h2 id="activity-chart-heading">"Activity, last 14 days"</h2>
                {part(|o| {
                    let labels = day_labels(&o.days);
                    view! { <chart::ActivityChart overview=o labels /> }.into_any()
                })}
            </section>
            <section class="card" aria-labelledby="latest-activity-heading">
                <div class="card__header">
                    <h2 id="latest-activity-heading">"Latest activity"</h2>
                    <a href=Section::Activity.route().href() class="btn btn--secondary btn--small">
                        "All activity"
                    </a>
                </div>
                {part(|o| view! { <latest::LatestActivity overview=o /> }.into_any())}
            </section>
        </Show>
    }
}
