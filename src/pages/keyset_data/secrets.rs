//! The Secrets tab: the keyset's secrets by name (the API never sends a value back), a form
//! that sets a new one or replaces one's value in a password field, and delete.
//!
//! A value typed here lives in the field and in the request that sends it, nowhere else: the
//! field is emptied as the form is sent, whatever the answer; it is never put in a draft or
//! the URL; and the request log writes it as `[redacted]` (`request_log::redact`).

use faas_api::kv::{validate_secret, PutSecret, SecretName};
use leptos::prelude::*;

use super::{
    delete::{Deletable, DeleteDialog},
    empty_text, DataPage, ListStatus, RowActions,
};
use crate::{
    api::{self, ApiError},
    components::{use_live_query, ErrorView, Request, TextField},
    keyset_data::key_problem_text,
};

#[component]
pub fn SecretsTab(page: DataPage) -> impl IntoView {
    let names = RwSignal::new(Vec::<SecretName>::new());
    let live = use_live_query(
        move |client| {
            let subkey = page.subkey();
            async move { api::kv::list_secrets(&client, &subkey).await }
        },
        move |answer: Vec<SecretName>, _| names.set(answer),
        || None,
    );
    // The list has no paging and no prefix of its own: the prefix filters what came.
    let shown = Memo::new(move |_| {
        let prefix = page.query.with(|q| q.prefix.clone());
        names.with(|all| {
            all.iter()
                .filter(|s| s.key.starts_with(&prefix))
                .map(|s| s.key.clone())
                .collect::<Vec<_>>()
        })
    });
    // The secret the form sets: `Some(None)` for a new one.
    let setting = RwSignal::new(None::<Option<String>>);
    let deleting = RwSignal::new(None::<String>);
    let on_set = Callback::new(move |name: String| {
        setting.set(None);
        page.notice.set(None);
        page.said
            .set(format!("The value of the secret “{name}” is set."));
        live.refresh();
    });
    let rows = move || {
        shown
            .get()
            .into_iter()
            .map(|name| {
                let replace = {
                    let name = name.clone();
                    Callback::new(move |()| setting.set(Some(Some(name.clone()))))
                };
                let delete = {
                    let name = name.clone();
                    Callback::new(move |()| deleting.set(Some(name.clone())))
                };
                view! {
                    <tr>
                        <th scope="row">
                            <code class="mono">{name.clone()}</code>
                        </th>
                        <RowActions
                            change="Replace value"
                            change_label=format!("Replace value of {name}")
                            on_change=replace
                            delete_label=format!("Delete {name}")
                            on_delete=delete
                        />
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <section class="section" aria-labelledby="secrets-heading">
            <div class="card__header">
                <h2 id="secrets-heading">"Secrets"</h2>
                <button
                    type="button"
                    class="btn btn--primary"
                    on:click=move |_| setting.set(Some(None))
                >
                    "Set value"
                </button>
            </div>
            <p class="muted">
                "A function reads a secret with vault.get(name). Values are never shown: set or replace them here."
            </p>
            {move || {
                setting
                    .get()
                    .map(|name| {
                        view! {
                            <SecretForm
                                page
                                name
                                on_set
                                on_cancel=Callback::new(move |()| setting.set(None))
                            />
                        }
                    })
            }}
            <ListStatus live loading="Loading the secrets…" />
            {move || {
                if live.answered() && shown.with(Vec::is_empty) {
                    view! { <p class="muted">{empty_text(page, "secrets")}</p> }.into_any()
                } else {
                    view! {
                        <div class="table-wrap" role="region" aria-label="Secrets" tabindex="0">
                            <table class="table">
                                <caption>"Secrets"</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">"Name"</th>
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
            <DeleteDialog
                page
                what=Deletable::Secret
                target=deleting
                on_gone=Callback::new(move |_| live.refresh())
            />
        </section>
    }
}

/// Sets a new secret (its name typed here) or replaces the value of `name`. The value is typed
/// in a password field; Show reveals it in the field only, and the field is emptied as the
/// form is sent.
#[component]
fn SecretForm(
    page: DataPage,
    /// `None` for a new secret.
    name: Option<String>,
    on_set: Callback<String>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let is_new = name.is_none();
    let name_text = RwSignal::new(name.clone().unwrap_or_default());
    let value = RwSignal::new(String::new());
    let visible = RwSignal::new(false);
    let problem = RwSignal::new(None::<(&'static str, String)>);
    let error = RwSignal::new(None::<ApiError>);
    let request = Request::new();
    let problem_of = move |field: &'static str| {
        Signal::derive(move || {
            problem.with(|p| {
                p.as_ref()
                    .filter(|(f, _)| *f == field)
                    .map(|(_, m)| m.clone())
            })
        })
    };
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if request.pending() {
            return;
        }
        problem.set(None);
        error.set(None);
        let name = name_text.get_untracked();
        if let Some(message) = key_problem_text(&name) {
            problem.set(Some(("secret-name", message)));
            return;
        }
        // Out of the field and its signal before anything else happens.
        let typed = value.get_untracked();
        value.set(String::new());
        visible.set(false);
        let check = PutSecret {
            value: Some(serde_json::Value::String(typed)),
        };
        let typed = match validate_secret(&check) {
            Ok(typed) => typed,
            Err(problems) => {
                let message = problems
                    .first()
                    .map_or_else(String::new, |p| format!("The value {}.", p.message));
                problem.set(Some(("secret-value", message)));
                return;
            }
        };
        let (client, subkey) = (page.client(), page.subkey());
        request.start(
            async move { api::kv::put_secret(&client, &subkey, &name, typed).await },
            move |result| match result {
                Ok(set) => on_set.run(set.key),
                Err(failure) => error.set(Some(failure)),
            },
        );
    };
    let heading = match &name {
        Some(n) => format!("Replace the value of “{n}”"),
        None => "Set a secret's value".to_owned(),
    };
    let value_problem = problem_of("secret-value");
    view! {
        <form class="form card" aria-label=heading.clone() on:submit=send novalidate>
            <h3>{heading.clone()}</h3>
            {is_new
                .then(|| {
                    view! {
                        <TextField
                            id="secret-name"
                            label="Name"
                            value=name_text
                            error=problem_of("secret-name")
                            required=true
                        />
                    }
                })}
            <div class="field" class:field--invalid=move || value_problem.with(Option::is_some)>
                <label class="field__label" for="secret-value">
                    "Value"
                </label>
                <div class="field__control">
                    <input
                        id="secret-value"
                        class="input"
                        type=move || if visible.get() { "text" } else { "password" }
                        autocomplete="new-password"
                        spellcheck="false"
                        aria-describedby="secret-value-hint"
                        aria-invalid=move || value_problem.with(Option::is_some).then_some("true")
                        prop:value=move || value.get()
                        on:input=move |ev| value.set(event_target_value(&ev))
                    />
                    <button
                        type="button"
                        class="btn btn--secondary btn--small"
                        aria-pressed=move || visible.get().to_string()
                        aria-controls="secret-value"
                        on:click=move |_| visible.update(|v| *v = !*v)
                    >
                        "Show value"
                    </button>
                </div>
                <p class="field__hint" id="secret-value-hint">
                    "Never shown again once sent: the field empties as it is sent."
                </p>
                {move || {
                    value_problem.get().map(|message| view! { <p class="field__error">{message}</p> })
                }}
            </div>
            {move || error.get().map(|error| view! { <ErrorView error /> })}
            <div class="form__actions">
                <button type="submit" class="btn btn--primary" disabled=move || request.pending()>
                    {if is_new { "Set value" } else { "Replace value" }}
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
