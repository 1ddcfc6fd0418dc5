use faas_api::Keyset;
use leptos::prelude::*;

use crate::{
    api::kv::{DataTab, KeysetDataQuery},
    routes::Route,
};

/// The account's keysets as a table named "Keysets"; the App column says which app each
/// belongs to, and each name links to the keyset's data (its Data page). On narrow screens the table scrolls sideways inside a focusable region, so
/// keyboard users can scroll it too.
#[component]
pub fn KeysetsTable(
    /// The rows, in the server's order.
    keysets: Vec<Keyset>,
) -> impl IntoView {
    view! {
        <div class="table-wrap" role="region" aria-label="Keysets table" tabindex="0">
            <table class="table">
                <caption>"Keysets"</caption>
                <thead>
                    <tr>
                        <th scope="col">"ID"</th>
                        <th scope="col">"Name"</th>
                        <th scope="col">"App"</th>
                        <th scope="col">"Subscribe key"</th>
                    </tr>
                </thead>
                <tbody>
                    {keysets
                        .into_iter()
                        .map(|k| {
                            let data = Route::KeysetData(
                                    KeysetDataQuery::new(k.id, DataTab::default()),
                                )
                                .href();
                            view! {
                                <tr>
                                    <td class="num">{k.id}</td>
                                    <td>
                                        <a href=data>{k.name}</a>
                                    </td>
                                    <td>{k.app_name.unwrap_or_else(|| "—".into())}</td>
                                    <td>
                                        <code class="mono">{k.subscribe_key}</code>
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
