use std::future::Future;

use leptos::prelude::*;

use super::Busy;
use crate::format::count;

/// A write to the API that can be under way at most once: a double click on a submit button
/// sends one request.
///
/// Plainer than a Leptos `Action` on purpose: one copy of this code serves every form,
/// where each `Action<I, O>` costs its own copy of the action machinery in the wasm.
#[derive(Clone, Copy)]
pub struct Request {
    pending: RwSignal<bool>,
}

impl Default for Request {
    fn default() -> Self {
        Self::new()
    }
}

impl Request {
    pub fn new() -> Self {
        Request {
            pending: RwSignal::new(false),
        }
    }

    /// Whether a request is under way, tracked.
    pub fn pending(&self) -> bool {
        self.pending.get()
    }

    /// Runs `work` and hands its result to `done`, unless a request is already under way
    /// (then nothing happens).
    ///
    /// `done` runs only while the view that made the request is there: when it has gone
    /// meanwhile, the answer is dropped, as [`super::Latest`] drops a late read, since `done`
    /// would read or run what went with it. The view goes when its page is left (a link,
    /// Back), when a form that can be closed is closed while saving (an edit's Cancel), or
    /// when a table row is drawn again because the set of rows changed (its own row's poll
    /// still shows the new state). What must happen whatever the user did since (forgetting
    /// a saved draft, reading the keysets again) belongs in `work`.
    pub fn start<T: 'static>(
        &self,
        work: impl Future<Output = T> + 'static,
        done: impl FnOnce(T) + 'static,
    ) {
        if self.pending.get_untracked() {
            return;
        }
        self.pending.set(true);
        let pending = self.pending;
        leptos::task::spawn_local(async move {
            let result = work.await;
            // The signal goes with the view that owns this request (`try_set` gives the value
            // back when it is gone).
            if pending.try_set(false).is_none() {
                done(result);
            }
        });
    }
}

/// The end of a form: the submit button (disabled while the request is under way), what is
/// happening, and how many problems are left to fix.
#[component]
pub fn SubmitBar(
    /// The submit button's label: "Create package".
    label: &'static str,
    /// What the busy indicator says while saving.
    busy: &'static str,
    request: Request,
    /// How many problems the form shows.
    #[prop(into)]
    problems: Signal<usize>,
) -> impl IntoView {
    view! {
        <div class="form__actions form__actions--sticky">
            <button
                type="submit"
                class="btn btn--primary"
                disabled=move || request.pending()
                aria-keyshortcuts="Control+S Meta+S"
            >
                {label}
            </button>
            {move || request.pending().then(|| view! { <Busy>{busy}</Busy> })}
            <p class="form__status muted" role="status">
                {move || {
                    let n = problems.get() as u64;
                    (n > 0).then(|| count(n, "problem to fix", "problems to fix"))
                }}
            </p>
        </div>
    }
}
