//! Deleting an entry, a counter or a secret: a dialog that names it and asks for its key to
//! be typed; a key already gone is explained, not shown as a failure.

use faas_api::kv::KvKind;
use leptos::prelude::*;

use super::DataPage;
use crate::{
    api::{self, ApiError},
    components::{open_while_some, ConfirmDialog, ErrorView, Request},
    keyset_data::explain_missing,
};

/// What a delete removes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deletable {
    Entry(KvKind),
    Secret,
}

impl Deletable {
    fn noun(self) -> &'static str {
        match self {
            Deletable::Entry(KvKind::Strings) => "string",
            Deletable::Entry(KvKind::Jsons) => "JSON document",
            Deletable::Entry(KvKind::Counters) => "counter",
            Deletable::Secret => "secret",
        }
    }
}

/// The dialog that deletes `target` (a key) once its key is typed. `on_gone` runs with the key
/// once it is gone, deleted now or found gone already.
#[component]
pub fn DeleteDialog(
    page: DataPage,
    what: Deletable,
    target: RwSignal<Option<String>>,
    on_gone: Callback<String>,
) -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let open = open_while_some(target, move || {
        typed.set(String::new());
        error.set(None);
    });
    let request = Request::new();
    let confirm_disabled = Signal::derive(move || {
        target.with(|key| typed.with(|typed| key.as_deref() != Some(typed.as_str())))
    });
    let delete = move |()| {
        let Some(key) = target.get_untracked() else {
            return;
        };
        let (client, subkey) = (page.client(), page.subkey());
        let sent = key.clone();
        request.start(
            async move {
                match what {
                    Deletable::Entry(kind) => {
                        api::kv::delete_entry(&client, &subkey, kind, &sent).await
                    }
                    Deletable::Secret => api::kv::delete_secret(&client, &subkey, &sent).await,
                }
            },
            move |result| match result {
                Ok(()) => {
                    target.set(None);
                    page.notice.set(None);
                    page.said
                        .set(format!("Deleted the {} “{key}”.", what.noun()));
                    on_gone.run(key);
                }
                Err(failure) => match explain_missing(&key, &failure) {
                    Some(explained) => {
                        target.set(None);
                        page.notice.set(Some(explained));
                        on_gone.run(key);
                    }
                    None => error.set(Some(failure)),
                },
            },
        );
    };
    let title = Signal::derive(move || {
        target.with(|key| {
            format!(
                "Delete the {} “{}”?",
                what.noun(),
                key.as_deref().unwrap_or("")
            )
        })
    });
    view! {
        <ConfirmDialog
            id="delete-key"
            open
            title
            confirm_label=format!("Delete {}", what.noun())
            danger=true
            confirm_disabled
            pending=Signal::derive(move || request.pending())
            on_confirm=Callback::new(delete)
        >
            <p>"It is gone at once for every function of the keyset; this cannot be undone."</p>
            <div class="field">
                <label class="field__label" for="delete-key-typed">
                    {move || {
                        format!("Type the key, {}, to confirm", target.get().unwrap_or_default())
                    }}
                </label>
                <input
                    id="delete-key-typed"
                    class="input"
                    autocomplete="off"
                    spellcheck="false"
                    bind:value=typed
                />
            </div>
            {move || error.get().map(|error| view! { <ErrorView error /> })}
        </ConfirmDialog>
    }
}
