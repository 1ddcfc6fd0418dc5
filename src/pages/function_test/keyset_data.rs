//! "Use this keyset's data": a keyset's KV entries (the keys the code names, or those under a
//! typed prefix) into the test's KV store, and its secrets' names into the test's secrets with
//! empty values to fill in. The scan and the join are plain Rust in
//! [`crate::function_test::keyset_data`].

use faas_api::kv::{Counter, KvEntry, KvKind};
use leptos::prelude::*;
use serde_json::Value;

use super::setup::SetupFields;
use crate::{
    account::use_account_keysets,
    api::{self, ApiError, Client},
    components::{ErrorView, Request},
    connection::store::use_connection,
    format::count,
    function_test::keyset_data::{join_object, keys_named_in_code, Join},
};

/// The most entries of each kind a prefix loads.
const MOST_BY_PREFIX: usize = 100;

/// What a load found: the KV values by key, the secrets' names, and what was refused (a key
/// without `functions.kv:write` cannot list secrets, for one).
struct Loaded {
    kv: Vec<(String, Value)>,
    secrets: Vec<String>,
    refused: Vec<ApiError>,
}

async fn load(client: Client, subkey: String, keys: Vec<String>, prefix: String) -> Loaded {
    let mut loaded = Loaded {
        kv: Vec::new(),
        secrets: Vec::new(),
        refused: Vec::new(),
    };
    if prefix.is_empty() {
        for key in keys {
            // A key is in at most one of the lists; each read says 404 where it is not.
            for kind in [KvKind::Strings, KvKind::Jsons] {
                match api::kv::get_entry(&client, &subkey, kind, &key).await {
                    Ok(entry) => loaded.kv.push((entry.key, entry.value)),
                    Err(e) if e.status() == Some(404) => {}
                    Err(e) => loaded.refused.push(e),
                }
            }
            match api::kv::get_counter(&client, &subkey, &key).await {
                Ok(counter) => loaded.kv.push((counter.key, counter.value.into())),
                Err(e) if e.status() == Some(404) => {}
                Err(e) => loaded.refused.push(e),
            }
        }
    } else {
        for kind in [KvKind::Strings, KvKind::Jsons] {
            match api::kv::list_all::<KvEntry>(&client, &subkey, kind, &prefix, MOST_BY_PREFIX)
                .await
            {
                Ok(entries) => loaded
                    .kv
                    .extend(entries.into_iter().map(|e| (e.key, e.value))),
                Err(e) => loaded.refused.push(e),
            }
        }
        let counters = KvKind::Counters;
        match api::kv::list_all::<Counter>(&client, &subkey, counters, &prefix, MOST_BY_PREFIX)
            .await
        {
            Ok(found) => loaded
                .kv
                .extend(found.into_iter().map(|c| (c.key, c.value.into()))),
            Err(e) => loaded.refused.push(e),
        }
    }
    match api::kv::list_secrets(&client, &subkey).await {
        Ok(names) => loaded.secrets = names.into_iter().map(|s| s.key).collect(),
        Err(e) => loaded.refused.push(e),
    }
    loaded
}

/// Picks a keyset and loads its data into the test's KV store and secrets fields.
#[component]
pub fn KeysetDataLoader(fields: SetupFields, code: Signal<String>) -> impl IntoView {
    let store = use_connection();
    let keysets = use_account_keysets().0;
    let chosen = RwSignal::new(String::new());
    let prefix = RwSignal::new(String::new());
    let said = RwSignal::new(String::new());
    let refused = RwSignal::new(Vec::<ApiError>::new());
    let request = Request::new();
    let options = move || {
        keysets
            .get()
            .and_then(Result::ok)
            .map(|(list, _)| list)
            .unwrap_or_default()
    };
    // The first keyset until one is picked.
    Effect::new(move |_| {
        if chosen.with_untracked(String::is_empty) {
            if let Some(first) = options().first() {
                chosen.set(first.subscribe_key.clone());
            }
        }
    });
    let keys = Memo::new(move |_| code.with(|c| keys_named_in_code(c)));
    let use_data = move |_| {
        let subkey = chosen.get_untracked();
        if subkey.is_empty() {
            said.set("Pick a keyset first.".into());
            return;
        }
        let name = options()
            .into_iter()
            .find(|k| k.subscribe_key == subkey)
            .map_or_else(|| subkey.clone(), |k| k.name);
        let typed_prefix = prefix.get_untracked().trim().to_owned();
        let by_prefix = !typed_prefix.is_empty();
        said.set(String::new());
        refused.set(Vec::new());
        let client = Client::new(store.get_untracked());
        request.start(
            load(client, subkey, keys.get_untracked(), typed_prefix),
            move |loaded| {
                let (entries, names) = (loaded.kv.len() as u64, loaded.secrets.len() as u64);
                let kv = fields
                    .kv
                    .with_untracked(|field| join_object(field, loaded.kv, Join::Replace));
                let secrets = fields.secrets.with_untracked(|field| {
                    let empty = loaded.secrets.into_iter().map(|n| (n, Value::from("")));
                    join_object(field, empty, Join::Keep)
                });
                let mut parts = Vec::new();
                match kv {
                    Ok(text) => {
                        fields.kv.set(text);
                        let whose = if by_prefix {
                            "under the prefix"
                        } else {
                            "the code names"
                        };
                        parts.push(format!(
                            "{} {whose} into the KV store values",
                            count(entries, "entry", "entries")
                        ));
                    }
                    Err(why) => parts.push(format!("nothing into the KV store values: {why}")),
                }
                match secrets {
                    Ok(text) => {
                        fields.secrets.set(text);
                        parts.push(format!(
                            "{} into the secrets, to fill in",
                            count(names, "secret name", "secret names")
                        ));
                    }
                    Err(why) => parts.push(format!("no secret names: the secrets field {why}")),
                }
                said.set(format!("Loaded from {name}: {}.", parts.join("; ")));
                refused.set(loaded.refused);
            },
        );
    };
    view! {
        <fieldset class="function-test__keyset">
            <legend>"Use this keyset's data"</legend>
            <div class="field">
                <label class="field__label" for=fields.id("test-keyset")>
                    "Keyset"
                </label>
                <select
                    id=fields.id("test-keyset")
                    class="input"
                    prop:value=move || chosen.get()
                    on:change=move |ev| chosen.set(event_target_value(&ev))
                >
                    {move || {
                        options()
                            .into_iter()
                            .map(|k| {
                                let label = format!("{} ({})", k.name, k.id);
                                view! { <option value=k.subscribe_key>{label}</option> }
                            })
                            .collect_view()
                    }}
                </select>
            </div>
            <div class="field">
                <label class="field__label" for=fields.id("test-kv-prefix")>
                    "Keys starting with (optional)"
                </label>
                <input
                    id=fields.id("test-kv-prefix")
                    class="input"
                    autocomplete="off"
                    spellcheck="false"
                    aria-describedby=fields.id("test-kv-prefix-hint")
                    bind:value=prefix
                />
                <p class="field__hint" id=fields.id("test-kv-prefix-hint")>
                    {move || {
                        keys.with(|keys| {
                            if keys.is_empty() {
                                "Empty: the keys the code names (it names none with a literal key)."
                                    .to_owned()
                            } else {
                                format!("Empty: the keys the code names, {}.", keys.join(", "))
                            }
                        })
                    }}
                </p>
            </div>
            <button
                type="button"
                class="btn btn--secondary"
                disabled=move || request.pending()
                on:click=use_data
            >
                "Use this keyset's data"
            </button>
            <p class="muted" role="status">
                {move || said.get()}
            </p>
            {move || {
                refused.get().into_iter().map(|error| view! { <ErrorView error /> }).collect_view()
            }}
        </fieldset>
    }
}
