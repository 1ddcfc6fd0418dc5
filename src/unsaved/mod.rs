//! "Leave this page?" for forms with unsaved changes: an in-app dialog when a link inside the
//! console is followed, and the browser's own prompt (`beforeunload`) when the tab is closed or
//! reloaded.
//!
//! A form reports whether it is dirty with [`UnsavedChanges::track`]; the shell's
//! [`LeaveGuard`] does the rest, with [`LeaveDialog`] for the question (a module of its own,
//! fetched the first time a link is held back: most visits never ask). Forms that keep a
//! draft do both through [`FormDraft`].

mod draft;

pub use draft::{FormDraft, RestoredNotice, Restoring};

use leptos::{ev, prelude::*};
use leptos_router::hooks::use_navigate;
use wasm_bindgen::{closure::Closure, JsCast};

use crate::components::ConfirmDialog;

/// Whether the current page holds changes that are not saved, and a navigation waiting for
/// the user's answer.
#[derive(Clone, Copy)]
pub struct UnsavedChanges {
    dirty: RwSignal<bool>,
    /// Whether the "Leave this page?" dialog is open.
    asking: RwSignal<bool>,
    /// Where the held-back link goes.
    leaving_to: StoredValue<Option<String>>,
}

pub fn use_unsaved_changes() -> UnsavedChanges {
    expect_context::<UnsavedChanges>()
}

impl UnsavedChanges {
    pub fn provide() -> Self {
        let unsaved = UnsavedChanges {
            dirty: RwSignal::new(false),
            asking: RwSignal::new(false),
            leaving_to: StoredValue::new(None),
        };
        provide_context(unsaved);
        unsaved
    }

    /// Follows `dirty` for as long as the calling component lives.
    pub fn track(self, dirty: Signal<bool>) {
        Effect::new(move |_| self.dirty.set(dirty.get()));
        on_cleanup(move || self.dirty.set(false));
    }

    /// Forgets the changes, for a form that just saved them and is about to navigate away.
    pub fn clear(self) {
        self.dirty.set(false);
    }

    /// Whether a link is held back, waiting for the user's answer; tracked.
    pub fn asking(self) -> bool {
        self.asking.get()
    }
}

/// Internal links are followed by the router; with unsaved changes a click on one is held
/// back (in the capture phase, before the router sees it) and the user is asked first, by
/// [`LeaveDialog`]. Renders nothing itself.
#[component]
pub fn LeaveGuard() -> impl IntoView {
    let unsaved = use_unsaved_changes();

    let on_click =
        Closure::<dyn FnMut(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
            if !unsaved.dirty.get_untracked() || ev.default_prevented() {
                return;
            }
            if ev.button() != 0 || ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key()
            {
                return; // a new tab or window: this page stays
            }
            let Some(anchor) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest("a[href]").ok().flatten())
                .and_then(|el| el.dyn_into::<web_sys::HtmlAnchorElement>().ok())
            else {
                return;
            };
            let location = window().location();
            if anchor.origin() != location.origin().unwrap_or_default()
                || !anchor.target().is_empty()
                || anchor.has_attribute("download")
            {
                return;
            }
            let href = format!("{}{}", anchor.pathname(), anchor.search());
            let here = format!(
                "{}{}",
                location.pathname().unwrap_or_default(),
                location.search().unwrap_or_default()
            );
            if href == here {
                return;
            }
            ev.prevent_default();
            ev.stop_propagation();
            unsaved.leaving_to.set_value(Some(href));
            unsaved.asking.set(true);
        });
    let _ = document().add_event_listener_with_callback_and_bool(
        "click",
        on_click.as_ref().unchecked_ref(),
        true,
    );
    // The shell lives as long as the page: the listener is never removed.
    on_click.forget();

    let _ = window_event_listener(ev::beforeunload, move |ev| {
        if unsaved.dirty.get_untracked() {
            ev.prevent_default();
            // Older browsers show the prompt only when a return value is set.
            ev.set_return_value("unsaved changes");
        }
    });
}

/// "Leave this page?", open while [`LeaveGuard`] holds a link back; leaving follows it.
#[component]
pub fn LeaveDialog() -> impl IntoView {
    let unsaved = use_unsaved_changes();
    let navigate = use_navigate();
    let leave = move |()| {
        if let Some(href) = unsaved.leaving_to.get_value() {
            unsaved.dirty.set(false);
            unsaved.asking.set(false);
            navigate(&href, Default::default());
        }
    };

    view! {
        <ConfirmDialog
            id="leave-dialog"
            open=unsaved.asking
            title="Leave this page?"
            confirm_label="Leave page"
            danger=true
            on_confirm=Callback::new(leave)
        >
            <p>
                "You have changes that are not saved. They stay in this browser as a draft and come back when you open this form again."
            </p>
        </ConfirmDialog>
    }
}
