//! The table of activity entries, the same on the Activity page and in an object's history:
//! when, who, what in words with its target linked, the outcome, and the request behind it.

use faas_api::activity::{ActivityEntry, Outcome};
use leptos::prelude::*;

use crate::{
    activity::{action_label, actor_label, target_route},
    components::{CopyButton, Time},
    request_log::store::RequestLog,
};

/// Entries in a table, newest first as given. Rows are keyed by the entry's id: a poll that
/// brings new entries adds their rows and leaves the others, and the focus in them, alone.
#[component]
pub fn ActivityTable(
    #[prop(into)] entries: Signal<Vec<ActivityEntry>>,
    /// The table's name.
    #[prop(into)]
    caption: String,
) -> impl IntoView {
    let label = caption.clone();
    view! {
        <div class="table-wrap" role="region" aria-label=label tabindex="0">
            <table class="table activity-table">
                <caption class="visually-hidden">{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">"When"</th>
                        <th scope="col">"Who"</th>
                        <th scope="col">"What"</th>
                        <th scope="col">"Outcome"</th>
                        <th scope="col">"Request"</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || entries.get() key=|entry| entry.id.clone() let:entry>
                        <ActivityRow entry />
                    </For>
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn ActivityRow(entry: ActivityEntry) -> impl IntoView {
    let target = match target_route(&entry) {
        Some(route) => view! { <a href=route.href()>{entry.target.name.clone()}</a> }.into_any(),
        None => view! { <span>{entry.target.name.clone()}</span> }.into_any(),
    };
    let outcome = match entry.outcome {
        Outcome::Succeeded => view! { <span class="badge badge--ok">"succeeded"</span> }.into_any(),
        Outcome::Failed => view! {
            <span class="badge badge--error">"failed"</span>
            {entry.detail.clone().map(|d| view! { <p class="activity-table__detail">{d}</p> })}
        }
        .into_any(),
    };
    view! {
        <tr>
            <td>
                <Time at=entry.at.clone() />
            </td>
            <td>{actor_label(&entry)}</td>
            <td>
                {action_label(&entry)} " " {target} " "
                <code class="activity-table__kind">{entry.kind.clone()}</code>
            </td>
            <td>{outcome}</td>
            <td>
                <RequestCell correlation_id=entry.correlation_id.clone() />
            </td>
        </tr>
    }
}

/// The request that made a change: a way to it in the request log when this tab made it,
/// else its correlation id to quote; nothing for the server's own actions.
#[component]
fn RequestCell(correlation_id: Option<String>) -> impl IntoView {
    let Some(id) = correlation_id else {
        return view! { <span class="muted">"The server's own"</span> }.into_any();
    };
    let log = use_context::<RequestLog>();
    let shown = id.clone();
    let in_log = move || log.is_some_and(|log| log.has(&shown));
    view! {
        <code class="activity-table__correlation">{id.clone()}</code>
        " "
        <Show
            when=in_log
            fallback={
                let id = id.clone();
                move || view! { <CopyButton text=id.clone() what="correlation ID" /> }
            }
        >
            {
                let id = id.clone();
                view! {
                    <button
                        type="button"
                        class="btn btn--ghost btn--small"
                        on:click=move |_| {
                            if let Some(log) = log {
                                log.show(&id);
                            }
                        }
                    >
                        "View request"
                    </button>
                }
            }
        </Show>
    }
    .into_any()
}
