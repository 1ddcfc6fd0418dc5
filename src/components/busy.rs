use leptos::prelude::*;

/// A busy indicator that only becomes visible after about 500 ms (a CSS animation delay), so
/// fast answers never flash a spinner. Hidden content is also hidden from screen readers.
#[component]
pub fn Busy(children: Children) -> impl IntoView {
    view! {
        <span class="busy" role="status">
            <span class="busy__spinner" aria-hidden="true"></span>
            {children()}
        </span>
    }
}
