//! The Strings and JSON tabs: the table of one page of entries, and the form that adds one or
//! edits one (a JSON document in the code editor's JSON mode), with its time to live.

use faas_api::kv::{KvEntry, KvKind};
use leptos::prelude::*;

use super::{
    delete::{Deletable, DeleteDialog},
    empty_text, DataPage, Expiry, KvList, ListStatus, RowActions, TokenPager,
};
use crate::{
    api::{self, ApiError},
    components::{ErrorView, Request},
    editor::CodeEditor,
    keyset_data::{entry_body, expiry_of_ttl, format_duration, value_preview, EntryField},
};

/// What the form opens with: a new entry, or an entry's key, value and time left.
#[derive(Debug, Clone, PartialEq)]
struct Draft {
    /// `None` for a new entry.
    key: Option<String>,
    /// The string itself, or the JSON document pretty-printed.
    value: String,
    ttl: String,
}

impl Draft {
    fn new(kind: KvKind) -> Self {
        Draft {
            key: None,
            value: match kind {
                KvKind::Jsons => "{}".into(),
                _ => String::new(),
            },
            ttl: String::new(),
        }
    }

    fn of(kind: KvKind, entry: &KvEntry) -> Self {
        let value = match (kind, &entry.value) {
            (KvKind::Strings, serde_json::Value::String(s)) => s.clone(),
            (_, value) => serde_json::to_string_pretty(value).unwrap_or_default(),
        };
        Draft {
            key: Some(entry.key.clone()),
            value,
            ttl: format_duration(entry.ttl_seconds),
        }
    }
}

fn noun(kind: KvKind) -> &'static str {
    match kind {
        KvKind::Jsons => "JSON document",
        _ => "string",
    }
}

#[component]
pub fn EntriesTab(page: DataPage, kind: KvKind) -> impl IntoView {
    let list = KvList::<KvEntry>::new(page, kind);
    let editing = RwSignal::new(None::<Draft>);
    let deleting = RwSignal::new(None::<String>);
    let (heading, plural) = match kind {
        KvKind::Jsons => ("JSON documents", "JSON documents"),
        _ => ("Strings", "strings"),
    };
    let on_saved = Callback::new(move |entry: KvEntry| {
        editing.set(None);
        page.notice.set(None);
        page.said
            .set(format!("Saved the {} “{}”.", noun(kind), entry.key));
        list.changed(entry);
    });
    let rows = move || {
        list.rows
            .get()
            .into_iter()
            .map(|entry| {
                let key = entry.key.clone();
                let preview = value_preview(kind, &entry.value);
                let edit = {
                    let entry = entry.clone();
                    Callback::new(move |()| editing.set(Some(Draft::of(kind, &entry))))
                };
                let delete = {
                    let key = key.clone();
                    Callback::new(move |()| deleting.set(Some(key.clone())))
                };
                view! {
                    <tr>
                        <th scope="row">
                            <code class="mono">{key.clone()}</code>
                        </th>
                        <td>
                            <code class="mono kv-value">{preview}</code>
                        </td>
                        <td>
                            <Expiry at=entry.expires_dttm.clone() />
                        </td>
                        <RowActions
                            change="Edit"
                            change_label=format!("Edit {key}")
                            on_change=edit
                            delete_label=format!("Delete {key}")
                            on_delete=delete
                        />
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <section class="section" aria-labelledby="entries-heading">
            <div class="card__header">
                <h2 id="entries-heading">{heading}</h2>
                <button
                    type="button"
                    class="btn btn--primary"
                    on:click=move |_| editing.set(Some(Draft::new(kind)))
                >
                    {format!("Add a {}", noun(kind))}
                </button>
            </div>
            {move || {
                editing
                    .get()
                    .map(|draft| {
                        view! {
                            <EntryForm
                                page
                                kind
                                draft
                                on_saved
                                on_cancel=Callback::new(move |()| editing.set(None))
                            />
                        }
                    })
            }}
            <ListStatus live=list.live loading=format!("Loading the {plural}…") />
            {move || {
                if list.live.answered() && list.rows.with(Vec::is_empty) {
                    view! { <p class="muted">{empty_text(page, plural)}</p> }.into_any()
                } else {
                    view! {
                        <div class="table-wrap" role="region" aria-label=heading tabindex="0">
                            <table class="table">
                                <caption>{heading}</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">"Key"</th>
                                        <th scope="col">"Value"</th>
                                        <th scope="col">"Expires"</th>
                                        <th scope="col">
                                            <span class="visually-hidden">"Actions"</span>
                                        </th>
                                    </tr>
                                </thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    }
                        .into_any()
                }
            }}
            <TokenPager page next=list.next />
            <DeleteDialog
                page
                what=Deletable::Entry(kind)
                target=deleting
                on_gone=Callback::new(move |key: String| list.removed(&key))
            />
        </section>
    }
}

/// Adds an entry or edits one: the key (for a new one), the value (a text area, or the code
/// editor in JSON mode whose parse errors show as they are typed), the time to live with the
/// expiry it leaves. Nothing is sent while a field has a problem.
#[component]
fn EntryForm(
    page: DataPage,
    kind: KvKind,
    draft: Draft,
    on_saved: Callback<KvEntry>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let existing = draft.key.clone();
    let key = RwSignal::new(draft.key.unwrap_or_default());
    let value = RwSignal::new(draft.value);
    let ttl = RwSignal::new(draft.ttl);
    // The key's problem shows once a save was tried; the value's and the TTL's as typed.
    let tried = RwSignal::new(false);
    let request = Request::new();
    let error = RwSignal::new(None::<ApiError>);
    let problems = Memo::new(move |_| {
        key.with(|k| value.with(|v| ttl.with(|t| entry_body(kind, k, v, t).err())))
            .unwrap_or_default()
    });
    let problem = move |field: EntryField| {
        Signal::derive(move || {
            let shown = field != EntryField::Key || tried.get();
            problems.with(|found| {
                found
                    .iter()
                    .find(|(f, _)| *f == field && shown)
                    .map(|(_, message)| message.clone())
            })
        })
    };
    let (key_problem, value_problem, ttl_problem) = (
        problem(EntryField::Key),
        problem(EntryField::Value),
        problem(EntryField::Ttl),
    );
    let expires = move || {
        ttl.with(|t| expiry_of_ttl(t, js_sys::Date::now() as i64))
            .ok()
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        let body = key.with_untracked(|k| {
            value.with_untracked(|v| ttl.with_untracked(|t| entry_body(kind, k, v, t)))
        });
        let Ok(body) = body else {
            return;
        };
        let (client, subkey, sent_key) = (page.client(), page.subkey(), key.get_untracked());
        error.set(None);
        request.start(
            async move { api::kv::put_entry(&client, &subkey, kind, &sent_key, &body).await },
            move |result| match result {
                Ok(entry) => on_saved.run(entry),
                Err(failure) => error.set(Some(failure)),
            },
        );
    };
    let heading = match &existing {
        Some(k) => format!("Edit the {} “{k}”", noun(kind)),
        None => format!("Add a {}", noun(kind)),
    };
    let key_field = existing.is_none().then(|| {
        view! {
            <crate::components::TextField
                id="entry-key"
                label="Key"
                hint="Up to 1,000 characters; / and spaces are fine."
                value=key
                error=key_problem
                required=true
            />
        }
    });
    let value_field = match kind {
        KvKind::Jsons => view! {
            <div class="field" class:field--invalid=move || value_problem.with(Option::is_some)>
                <span class="field__label" id="entry-value-label">
                    "Value (JSON)"
                </span>
                <CodeEditor
                    value=value
                    labelled_by="entry-value-label".to_owned()
                    described_by="entry-value-error"
                    json=true
                    on_change=Callback::new(move |text: String| value.set(text))
                />
                <p
                    class="field__error"
                    id="entry-value-error"
                    role="status"
                    hidden=move || value_problem.with(Option::is_none)
                >
                    {move || value_problem.get().unwrap_or_default()}
                </p>
            </div>
        }
        .into_any(),
        _ => view! {
            <crate::components::TextField
                id="entry-value"
                label="Value"
                value
                error=value_problem
                multiline=true
            />
        }
        .into_any(),
    };
    view! {
        <form class="form card" aria-label=heading.clone() on:submit=save novalidate>
            <h3>{heading.clone()}</h3>
            {key_field}
            {value_field}
            <crate::components::TextField
                id="entry-ttl"
                label="Time to live"
                hint="90m, 12h, 7d or 1d 12h, a minute to a year; empty: a day."
                value=ttl
                error=ttl_problem
            />
            <p class="muted" role="status">
                {expires}
            </p>
            {move || error.get().map(|error| view! { <ErrorView error /> })}
            <div class="form__actions">
                <button
                    type="submit"
                    class="btn btn--primary"
                    disabled=move || {
                        request.pending() || value_problem.with(Option::is_some)
                            || ttl_problem.with(Option::is_some)
                    }
                >
                    "Save"
                </button>
                // Not while saving: the answer belongs to this form, which Cancel takes away.
                <button
                    type="button"
                    class="btn btn--secondary"
                    disabled=move || request.pending()
                    on:click=move |_| on_cancel.run(())
                >
                    "Cancel"
                </button>
            </div>
        </form>
    }
}
