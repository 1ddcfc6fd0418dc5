use std::future::Future;

use leptos::prelude::*;

/// Shows the view `load` gives once `wanted` has first been true, and keeps it shown after.
///
/// For a dialog or a form whose code is a wasm module of its own (a `#[wasm_split]` function,
/// see `src/pages/mod.rs`): the module is fetched on first use, not with every page that
/// offers the action, and only once: closing the dialog must not drop it (nor a live follow
/// running in it). Until then nothing is rendered; a closed dialog shows nothing anyway.
pub fn mount_on_first_use<Fut>(
    wanted: impl Fn() -> bool + Send + Sync + 'static,
    load: impl Fn() -> Fut + Send + Sync + 'static,
) -> impl IntoView
where
    Fut: Future<Output = AnyView> + Send + 'static,
{
    let asked = Memo::new(move |before: Option<&bool>| {
        // Once true, `wanted` is no longer read: nothing here changes again.
        before.copied().unwrap_or(false) || wanted()
    });
    move || asked.get().then(|| Suspend::new(load()))
}
