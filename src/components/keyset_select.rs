use leptos::prelude::*;

use super::field::{described_by, Field};
use crate::account::use_account_keysets;

/// A labelled choice of one of the account's keysets (by name, with its app), the value being
/// the keyset's id as text, empty until one is chosen.
#[component]
pub fn KeysetSelect(
    /// The select's id; the error's id derives from it.
    #[prop(into)]
    id: String,
    /// The chosen keyset's id, empty for none.
    value: RwSignal<String>,
    /// Why the choice cannot be used, if it cannot.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let keysets = use_account_keysets();
    let options = move || {
        keysets
            .0
            .get()
            .and_then(|r| r.ok())
            .map(|(list, _)| list)
            .unwrap_or_default()
            .into_iter()
            .map(|k| {
                let label = match &k.app_name {
                    Some(app) => format!("{} ({app})", k.name),
                    None => k.name.clone(),
                };
                view! { <option value=k.id.to_string()>{label}</option> }
            })
            .collect_view()
    };
    let invalid = move || error.with(Option::is_some);
    let describe = {
        let id = id.clone();
        move || described_by(&id, false, invalid())
    };
    view! {
        <Field id=id.clone() label="Keyset" error>
            <select
                id=id.clone()
                class="input"
                aria-invalid=move || invalid().then_some("true")
                aria-describedby=describe
                on:change=move |ev| value.set(event_target_value(&ev))
                prop:value=move || value.get()
            >
                <option value="">"Choose a keyset"</option>
                {options}
            </select>
        </Field>
    }
}
