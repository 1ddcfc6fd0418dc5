//! The request log's drawer: every API call of this tab, newest first, filtered and searched,
//! each expandable to its headers and bodies and copyable as a curl command.

use std::sync::Arc;

use leptos::{ev, prelude::*};

use super::{copy_to_clipboard, open_while_some, ConfirmDialog, CopyButton};
use crate::{
    connection::store::use_connection,
    request_log::{curl, pretty, shows, store::RequestLog, Auth, Entry, Filter, Outcome},
};

#[component]
pub fn RequestLogDrawer() -> impl IntoView {
    let log = expect_context::<RequestLog>();
    let filter = RwSignal::new(Filter::All);
    let shown = Memo::new(move |_| {
        let (filter, search) = (filter.get(), log.search.get());
        log.entries()
            .into_iter()
            .filter(|e| shows(e, filter, &search))
            .collect::<Vec<_>>()
    });
    let close = move || log.open.set(false);
    let escape = window_event_listener(ev::keydown, move |ev| {
        if ev.key() == "Escape" && log.open.get_untracked() {
            close();
        }
    });
    on_cleanup(move || escape.remove());
    // The person who opened it reads it next: focus moves into it.
    Effect::new(move |_| super::focus_element("request-log-search"));
    let copying_with_key = RwSignal::new(None::<Arc<Entry>>);

    view! {
        <aside id="request-log" class="drawer" aria-labelledby="request-log-title">
            <div class="drawer__header">
                <h2 id="request-log-title">"Request log"</h2>
                <button type="button" class="btn btn--ghost btn--small" on:click=move |_| close()>
                    "Close"
                    <span class="visually-hidden">" the request log"</span>
                </button>
            </div>
            <p class="muted drawer__note">
                "Every API call of this tab, newest first. The API key is never kept here: a copied command reads it from "
                <code>"$PUBNUB_API_KEY"</code> "."
            </p>
            <div class="drawer__controls">
                <fieldset class="segmented">
                    <legend class="visually-hidden">"Show"</legend>
                    {Filter::ALL
                        .into_iter()
                        .map(|f| {
                            view! {
                                <label class="segmented__option">
                                    <input
                                        type="radio"
                                        name="request-log-filter"
                                        prop:checked=move || filter.get() == f
                                        on:change=move |_| filter.set(f)
                                    />
                                    {f.label()}
                                </label>
                            }
                        })
                        .collect_view()}
                </fieldset>
                <div class="field drawer__search">
                    <label class="field__label" for="request-log-search">
                        "Search requests"
                    </label>
                    <input
                        id="request-log-search"
                        class="input"
                        type="search"
                        prop:value=move || log.search.get()
                        on:input=move |ev| log.search.set(event_target_value(&ev))
                    />
                </div>
            </div>
            <p class="muted" role="status">
                {move || {
                    let (n, total) = (shown.with(Vec::len), log.entries().len());
                    format!("{n} of {total} requests")
                }}
            </p>
            <ol class="request-list">
                <For each=move || shown.get() key=|e| e.id let:entry>
                    <RequestRow entry copying_with_key />
                </For>
            </ol>
        </aside>
        <CopyWithKey entry=copying_with_key />
    }
}

/// One call: its summary line, and in full once expanded.
#[component]
fn RequestRow(entry: Arc<Entry>, copying_with_key: RwSignal<Option<Arc<Entry>>>) -> impl IntoView {
    let log = expect_context::<RequestLog>();
    let id = entry.id;
    let expanded = Memo::new(move |_| log.expanded.get() == Some(id));
    let status = entry
        .status()
        .map_or_else(|| "failed".to_owned(), |s| s.to_string());
    let tone = match entry.status() {
        Some(200..=299) => "ok",
        Some(400..=499) => "warn",
        _ => "error",
    };
    let details_id = format!("request-{id}");
    let summary = format!("{} {}", entry.method, entry.path());
    let full = entry.clone();
    view! {
        <li class="request-list__item" data-correlation-id=entry.correlation_id.clone()>
            <button
                type="button"
                class="request-list__summary"
                aria-expanded=move || expanded.get().to_string()
                aria-controls=details_id.clone()
                on:click=move |_| {
                    log.expanded.set(if expanded.get_untracked() { None } else { Some(id) })
                }
            >
                <span class=format!("badge badge--{tone}")>{status}</span>
                <span class="request-list__what">{summary}</span>
                <span class="request-list__duration">{format!("{} ms", entry.duration_ms)}</span>
                <span class="request-list__id">
                    <span class="visually-hidden">"correlation ID "</span>
                    <code>{entry.correlation_id.clone()}</code>
                </span>
                {entry
                    .error_code
                    .clone()
                    .map(|code| view! { <code class="request-list__code">{code}</code> })}
            </button>
            <div id=details_id class="request-list__details" hidden=move || !expanded.get()>
                {move || {
                    expanded
                        .get()
                        .then(|| view! { <RequestDetails entry=full.clone() copying_with_key /> })
                }}
            </div>
        </li>
    }
}

/// Headers and bodies both ways, and the copy buttons.
#[component]
fn RequestDetails(
    entry: Arc<Entry>,
    copying_with_key: RwSignal<Option<Arc<Entry>>>,
) -> impl IntoView {
    let auth = match entry.auth {
        Auth::None => None,
        Auth::Key => Some("Authorization: (the API key, not kept)"),
        Auth::Bearer => Some("Authorization: Bearer (the API key, not kept)"),
    };
    let sent_headers = entry
        .request_headers
        .iter()
        .map(|(k, v)| format!("{k}: {v}"))
        .chain(auth.map(str::to_owned))
        .collect::<Vec<_>>()
        .join("\n");
    let (received_headers, received) = match &entry.outcome {
        Outcome::Answered { headers, body, .. } => (
            headers
                .iter()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect::<Vec<_>>()
                .join("\n"),
            pretty(body),
        ),
        Outcome::Failed { detail } => (String::new(), format!("No answer: {detail}")),
    };
    let command = curl(&entry, None);
    let with_key = entry.clone();
    view! {
        <div class="request-list__copy">
            <CopyButton text=command what="as curl" />
            <button
                type="button"
                class="btn btn--ghost btn--small"
                on:click=move |_| copying_with_key.set(Some(with_key.clone()))
            >
                "Copy as curl with key…"
            </button>
        </div>
        <h3>"Request"</h3>
        <p>
            <code class="request-list__url">{format!("{} {}", entry.method, entry.url)}</code>
        </p>
        <h4 class="request-list__label">"Request headers"</h4>
        <pre class="request-list__pre" tabindex="0">
            {sent_headers}
        </pre>
        {entry
            .request_body
            .clone()
            .map(|body| {
                view! {
                    <h4 class="request-list__label">"Request body"</h4>
                    <pre class="request-list__pre" tabindex="0">
                        {pretty(&body)}
                    </pre>
                }
            })}
        <h3>"Response"</h3>
        <h4 class="request-list__label">"Response headers"</h4>
        <pre class="request-list__pre" tabindex="0">
            {received_headers}
        </pre>
        <h4 class="request-list__label">"Response body"</h4>
        <pre class="request-list__pre" tabindex="0">
            {received}
        </pre>
    }
}

/// Asks before copying a command that holds the key itself.
#[component]
fn CopyWithKey(entry: RwSignal<Option<Arc<Entry>>>) -> impl IntoView {
    let store = use_connection();
    let said = RwSignal::new(None::<&'static str>);
    let open = open_while_some(entry, move || said.set(None));
    let confirm = move |()| {
        let Some(e) = entry.get_untracked() else {
            return;
        };
        let key = store.get_untracked().api_key;
        leptos::task::spawn_local(async move {
            if copy_to_clipboard(&curl(&e, Some(&key))).await {
                entry.set(None);
            } else {
                said.set(Some("The browser did not allow copying."));
            }
        });
    };
    view! {
        <ConfirmDialog
            id="copy-with-key"
            open
            title="Copy the command with your API key?"
            confirm_label="Copy with key"
            on_confirm=Callback::new(confirm)
        >
            <p>
                "The command will hold the key itself: anyone who sees it (a chat, a ticket, a shell history) can use the key."
            </p>
            {move || said.get().map(|text| view! { <p role="alert">{text}</p> })}
        </ConfirmDialog>
    }
}
