use leptos::{leptos_dom::helpers::TimeoutHandle, prelude::*};

/// How long after the last key a text typed into a filter is applied.
const TYPING_DELAY_MS: u64 = 300;

/// `apply`, called with the last text given once typing has paused ([`TYPING_DELAY_MS`]): a
/// search as it is typed goes to the URL once per word, one read and one history entry, not
/// once per key.
///
/// The pending call goes with the view that made it: a link followed before the pause ends
/// must neither run it on a page that is gone (it reads that page's query) nor let it
/// navigate away from the page that came.
pub fn when_typing_pauses(apply: impl Fn(String) + Clone + 'static) -> impl Fn(String) + Clone {
    let timer = StoredValue::new(None::<TimeoutHandle>);
    on_cleanup(move || {
        if let Some(Some(pending)) = timer.try_get_value() {
            pending.clear();
        }
    });
    move |text: String| {
        if let Some(pending) = timer.get_value() {
            pending.clear();
        }
        let apply = apply.clone();
        let handle = set_timeout_with_handle(
            move || apply(text),
            std::time::Duration::from_millis(TYPING_DELAY_MS),
        )
        .ok();
        timer.set_value(handle);
    }
}
