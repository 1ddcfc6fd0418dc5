use faas_api::Keyset;
use leptos::prelude::*;

/// The account's keysets as a table named "Keysets"; the App column says which app each
/// belongs to. On narrow screens the table scrolls sideways inside a focusable region, so
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
                            view! {
                                <tr>
                                    <td class="num">{k.id}</td>
                                    <td>{k.name}</td>
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
