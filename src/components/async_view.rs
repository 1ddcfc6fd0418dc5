use leptos::prelude::*;

use super::{Busy, ErrorView};
use crate::api::ApiError;

/// What every page shows for data it loads: a busy indicator the first time (visible only
/// after ~500 ms, so fast answers never flash one), the shared error view on failure, and the
/// data otherwise. When the resource reloads (a new page, a search), the old content stays on
/// screen until the new one arrives: the resource keeps its last value meanwhile.
///
/// A plain reactive closure rather than `<Transition>`: the same behaviour without a suspense
/// boundary per use, which is a good part of the wasm each page costs.
#[component]
pub fn AsyncView<T, V, F>(
    /// The request; read again whenever its inputs change.
    resource: LocalResource<Result<T, ApiError>>,
    /// What the busy indicator says: "Loading packages…".
    #[prop(into)]
    loading: String,
    /// Renders the data.
    children: F,
) -> impl IntoView
where
    T: Clone + 'static,
    V: IntoView + 'static,
    F: Fn(T) -> V + Send + Sync + 'static,
{
    // `try_get`: an answer can wake this view in the moment its page is being left, after
    // the page's resource was disposed (a search applied as a link is followed); the view goes
    // with its page then, and shows nothing rather than stopping the console.
    move || match resource.try_get() {
        None => ().into_any(),
        Some(None) => {
            let loading = loading.clone();
            view! { <Busy>{loading}</Busy> }.into_any()
        }
        Some(Some(Ok(data))) => children(data).into_any(),
        Some(Some(Err(error))) => view! { <ErrorView error /> }.into_any(),
    }
}
