use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// Copies `text` to the clipboard and says so; `what` completes the accessible name
/// ("Copy correlation ID") while the visible label stays short.
#[component]
pub fn CopyButton(
    /// The text to copy.
    #[prop(into)]
    text: String,
    /// What is copied, for the accessible name.
    what: &'static str,
) -> impl IntoView {
    let copied = RwSignal::new(None::<bool>);
    let copy = move |_| {
        let text = text.clone();
        leptos::task::spawn_local(async move {
            copied.set(Some(copy_to_clipboard(&text).await));
        });
    };
    view! {
        <button type="button" class="btn btn--ghost btn--small" on:click=copy>
            {move || match copied.get() {
                None => "Copy",
                Some(true) => "Copied",
                Some(false) => "Copy failed",
            }}
            <span class="visually-hidden">" " {what}</span>
        </button>
    }
}

/// Writes `text` to the clipboard; whether the browser allowed it.
pub async fn copy_to_clipboard(text: &str) -> bool {
    let promise = window().navigator().clipboard().write_text(text);
    JsFuture::from(promise).await.is_ok()
}
