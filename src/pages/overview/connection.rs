//! The Overview's connection card (where the console is connected, and whether that works)
//! and the account's keysets.

use leptos::prelude::*;

use crate::{
    account::use_account_keysets,
    components::{AsyncView, KeysetsTable},
    connection::{mask_key, store::use_connection},
    routes::Route,
};

/// Where the console is connected, and the account's keysets below.
#[component]
pub fn ConnectionAndKeysets() -> impl IntoView {
    let store = use_connection();
    let keysets = use_account_keysets().0;
    let base_url = move || store.get().base_url;

    let connected = move || {
        keysets.with(|result| {
            matches!(result, Some(Ok(_))).then(|| {
                view! {
                    <p class="status-line status-line--ok" role="status">
                        "Connected to "
                        <strong>{base_url}</strong>
                    </p>
                }
            })
        })
    };

    view! {
        <section class="card" aria-labelledby="connection-heading">
            <div class="card__header">
                <h2 id="connection-heading">"Connection"</h2>
                <a href=Route::Settings.href() class="btn btn--secondary btn--small">
                    "Edit settings"
                </a>
            </div>
            <dl class="facts">
                <div>
                    <dt>"API base URL"</dt>
                    <dd>
                        <code>{base_url}</code>
                    </dd>
                </div>
                <div>
                    <dt>"API key"</dt>
                    <dd>
                        {move || {
                            let key = store.get().api_key;
                            if key.is_empty() {
                                view! { <span class="muted">"Not set"</span> }.into_any()
                            } else {
                                view! { <code>{mask_key(&key)}</code> }.into_any()
                            }
                        }}
                    </dd>
                </div>
                <div>
                    <dt>"PubNub-Version"</dt>
                    <dd>
                        {move || match store.get().version {
                            Some(v) => view! { <code>{v}</code> }.into_any(),
                            None => {
                                view! { <span class="muted">"Not set (server default)"</span> }
                                    .into_any()
                            }
                        }}
                    </dd>
                </div>
            </dl>
            {connected}
        </section>

        <section class="section" aria-label="Keysets of the account">
            <AsyncView resource=keysets loading="Loading keysets…" let:keysets>
                <AccountKeysetsList keysets />
            </AsyncView>
        </section>
    }
}

/// The account's keysets, or what to do when it has none.
#[component]
fn AccountKeysetsList(keysets: (Vec<faas_api::Keyset>, Option<faas_api::Paging>)) -> impl IntoView {
    let (list, paging) = keysets;
    if list.is_empty() && paging.is_none_or(|p| p.total_elements == 0) {
        return view! {
            <div class="empty">
                <h2>"No keysets yet"</h2>
                <p>
                    "This account has no keysets. Functions are deployed to a keyset, so create one for this account first."
                </p>
            </div>
        }
        .into_any();
    }
    let shown = list.len() as u64;
    let more = paging.filter(|p| p.total_elements > shown).map(|p| {
        view! {
            <p class="muted">
                {format!("Showing the first {shown} of {} keysets.", p.total_elements)}
            </p>
        }
    });
    view! {
        <KeysetsTable keysets=list />
        {more}
    }
    .into_any()
}
