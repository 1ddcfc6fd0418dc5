use std::time::Duration;

use leptos::{ev, prelude::*};

/// Calls `tick` every `interval` milliseconds while `interval` is `Some`, and not at all
/// while the tab is hidden: the one polling piece every live view uses.
///
/// The timer starts, changes pace and stops as `interval` changes; a tab that comes back into
/// view ticks at once (what it shows may be stale) and then at its pace. Everything stops
/// when the calling view goes away.
pub fn use_polling(interval: Signal<Option<u32>>, tick: impl Fn() + Clone + 'static) {
    let visible = RwSignal::new(!document().hidden());
    let listener = window_event_listener(ev::visibilitychange, move |_| {
        visible.set(!document().hidden());
    });
    let timer = StoredValue::new_local(None::<IntervalHandle>);
    let stop = move || {
        if let Some(handle) = timer.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    };
    Effect::new(move |was_visible: Option<bool>| {
        let now_visible = visible.get();
        let pace = interval.get();
        stop();
        if let Some(ms) = pace.filter(|_| now_visible) {
            if was_visible == Some(false) {
                tick();
            }
            let handle =
                set_interval_with_handle(tick.clone(), Duration::from_millis(u64::from(ms)));
            timer.set_value(handle.ok());
        }
        now_visible
    });
    on_cleanup(move || {
        listener.remove();
        stop();
    });
}
