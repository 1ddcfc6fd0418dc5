//! What this tab acted on and waits for (a deployment it started, a build it created), and
//! the live region that says what became of it. Deployments and builds both wait here.

use std::{collections::HashMap, marker::PhantomData};

use leptos::prelude::*;

/// Something a page can wait on until it settles.
pub trait Watched: 'static {
    type State: Copy + PartialEq + Send + Sync + 'static;
    fn id(&self) -> &str;
    fn state(&self) -> Self::State;
    fn state_name(&self) -> &'static str;
    /// No longer changing on its own.
    fn settled(&self) -> bool;
    /// What a screen reader hears when it moved from `before`; `None` when it did not.
    fn announcement(&self, what: &str, before: Self::State) -> Option<String>;
}

/// Shared by a page's views: a row's action and the page's forms all wait here, and the page
/// polls fast while anything does.
pub struct Watch<T: Watched> {
    /// Id → (what to call it, the state last seen).
    waiting: RwSignal<HashMap<String, (String, T::State)>>,
    said: RwSignal<String>,
    _watched: PhantomData<fn() -> T>,
}

impl<T: Watched> Clone for Watch<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Watched> Copy for Watch<T> {}

impl<T: Watched> Watch<T> {
    /// A fresh watch for the page, provided to its views. Every page that shows such things
    /// calls it first thing: a page must never find the watch of the page before it.
    pub fn provide() -> Self {
        let watch = Watch::<T> {
            waiting: RwSignal::new(HashMap::new()),
            said: RwSignal::new(String::new()),
            _watched: PhantomData,
        };
        provide_context(watch);
        watch
    }

    /// The page's watch ([`Watch::provide`]).
    pub fn use_watch() -> Self {
        expect_context::<Self>()
    }

    /// Waits for `item` (just changed by this tab) until it settles, and says where it
    /// stands now.
    pub fn acted(&self, what: String, item: &T) {
        self.say(format!("{what} is {}.", item.state_name()));
        if !item.settled() {
            self.waiting.update(|w| {
                w.insert(item.id().to_owned(), (what, item.state()));
            });
        }
    }

    /// Whether this tab waits on anything, tracked.
    pub fn is_waiting(&self) -> bool {
        self.waiting.with(|w| !w.is_empty())
    }

    /// A fresh answer about `item`: announced if this tab waits on it and its state moved,
    /// forgotten once it settles.
    pub fn observe(&self, item: &T) {
        let Some((what, before)) = self.waiting.with_untracked(|w| w.get(item.id()).cloned())
        else {
            return;
        };
        if let Some(text) = item.announcement(&what, before) {
            self.say(text);
        }
        self.waiting.update(|w| {
            if item.settled() {
                w.remove(item.id());
            } else if let Some(entry) = w.get_mut(item.id()) {
                entry.1 = item.state();
            }
        });
    }

    /// Stops waiting on what is not in `shown`: deleted, or out of the view's page, so no
    /// answer will ever settle it.
    pub fn forget_missing<'a>(&self, shown: impl IntoIterator<Item = &'a str>) {
        let shown: Vec<&str> = shown.into_iter().collect();
        let missing = self
            .waiting
            .with_untracked(|w| w.keys().any(|id| !shown.contains(&id.as_str())));
        if missing {
            self.waiting
                .update(|w| w.retain(|id, _| shown.contains(&id.as_str())));
        }
    }

    /// Puts `text` in the live region.
    pub fn say(&self, text: String) {
        self.said.set(text);
    }

    pub fn said(&self) -> Signal<String> {
        self.said.into()
    }
}

/// The polite live region of a page that waits on things: what became of this tab's actions,
/// visible to everyone and read out by screen readers.
#[component]
pub fn LiveRegion(text: Signal<String>) -> impl IntoView {
    view! {
        <p class="live-status" role="status" aria-live="polite">
            {move || text.get()}
        </p>
    }
}
