use leptos::prelude::*;

use crate::account::{use_account_keysets, Health};

/// The header's answer to "does the saved connection work?".
#[component]
pub fn ConnectionIndicator() -> impl IntoView {
    let keysets = use_account_keysets();
    let health = Memo::new(move |_| keysets.0.with(|result| Health::of(result.as_ref())));
    view! {
        <p class=move || format!("indicator indicator--{}", health.get().tone()) role="status">
            <span class="indicator__dot" aria-hidden="true"></span>
            <span class="visually-hidden">"API connection: "</span>
            {move || health.get().label()}
        </p>
    }
}
