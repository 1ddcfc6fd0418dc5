//! A form's draft, from restore to save: the one lifecycle of every form that keeps what is
//! typed in the browser (a new package, a new revision).
//!
//! 1. [`FormDraft::restore`]: what the form starts from, a kept draft or its baseline;
//! 2. [`Restoring::follow`]: every change is kept, and leaving asks first while the form
//!    differs from its baseline;
//! 3. [`FormDraft::forget`] once it is saved (or abandoned on purpose); [`RestoredNotice`]
//!    says a draft came back and offers to discard it.

use std::future::Future;

use leptos::prelude::*;
use serde::{de::DeserializeOwned, Serialize};

use super::{use_unsaved_changes, UnsavedChanges};
use crate::{authoring::store, format::relative_time};

/// A form's draft on its way to [`Restoring::follow`]: what the form started from.
pub struct Restoring<D> {
    key: String,
    baseline: D,
    saved_at: Option<i64>,
}

/// A form's draft, followed ([`Restoring::follow`]). Copy, for the form's handlers.
#[derive(Clone, Copy)]
pub struct FormDraft {
    key: StoredValue<String>,
    /// When the draft the form came back from was kept; `None` once discarded or for a
    /// fresh form.
    restored_at: RwSignal<Option<i64>>,
    dirty: Memo<bool>,
    discard: Callback<()>,
    unsaved: UnsavedChanges,
}

impl FormDraft {
    /// What the form kept under `key` (local storage), if `keep` accepts it, else
    /// `baseline`: the value to build the form's fields from, and the draft to follow.
    pub fn restore<D: DeserializeOwned + Clone>(
        key: String,
        baseline: D,
        keep: impl FnOnce(&D) -> bool,
    ) -> (Restoring<D>, D) {
        let kept = store::load::<D>(&key).filter(|(draft, _)| keep(draft));
        let saved_at = kept.as_ref().map(|(_, at)| *at);
        let start = kept.map_or_else(|| baseline.clone(), |(draft, _)| draft);
        (
            Restoring {
                key,
                baseline,
                saved_at,
            },
            start,
        )
    }

    /// Whether the form differs from its baseline, tracked.
    pub fn is_dirty(&self) -> bool {
        self.dirty.get()
    }

    /// Forgets the draft and the unsaved changes: the form was saved, or is left on purpose.
    pub fn forget(&self) {
        self.key.with_value(|key| store::discard(key));
        self.unsaved.clear();
    }

    /// `save`, after which the kept draft is forgotten if it succeeded: in the save's own
    /// work, since its answer can come after the page was left
    /// ([`crate::components::Request::start`] then drops it), and a draft of what was saved
    /// must not come back next time.
    pub fn forget_when_saved<T, E>(
        &self,
        save: impl Future<Output = Result<T, E>> + 'static,
    ) -> impl Future<Output = Result<T, E>> + 'static {
        let key = self.key.get_value();
        async move {
            let saved = save.await;
            if saved.is_ok() {
                store::discard(&key);
            }
            saved
        }
    }

    /// Puts the form back to its baseline and forgets the draft ("Discard draft").
    pub fn discard(&self) {
        self.discard.run(());
    }
}

impl<D> Restoring<D>
where
    D: Serialize + Clone + PartialEq + Send + Sync + 'static,
{
    /// Follows the form's content, `current`: kept under the draft's key on every change
    /// while it differs from the baseline (dropped when it no longer does), and guarded by
    /// the "Leave this page?" dialog meanwhile. `reset` puts a draft into the form's fields
    /// (and clears what the form shows about the last save), for [`FormDraft::discard`].
    pub fn follow(self, current: Memo<D>, reset: impl Fn(D) + Send + Sync + 'static) -> FormDraft {
        let Restoring {
            key,
            baseline,
            saved_at,
        } = self;
        let unsaved = use_unsaved_changes();
        let dirty = {
            let baseline = baseline.clone();
            Memo::new(move |_| current.with(|draft| *draft != baseline))
        };
        unsaved.track(dirty.into());
        let key = StoredValue::new(key);
        // Every change is kept, so a reload, a crash or a failed save loses nothing.
        Effect::new(move |_| {
            key.with_value(|key| {
                if dirty.get() {
                    current.with(|draft| store::save(key, draft));
                } else {
                    store::discard(key);
                }
            })
        });
        let restored_at = RwSignal::new(saved_at);
        let discard = Callback::new(move |()| {
            reset(baseline.clone());
            restored_at.set(None);
            key.with_value(|key| store::discard(key));
        });
        FormDraft {
            key,
            restored_at,
            dirty,
            discard,
            unsaved,
        }
    }
}

/// Says that a form came back from a draft kept in the browser, and offers to start over.
#[component]
pub fn RestoredNotice(draft: FormDraft) -> impl IntoView {
    move || {
        draft.restored_at.get().map(|at| {
            view! {
                <div class="notice" role="status">
                    <p>
                        "Restored your unsaved draft from "
                        {relative_time(at, js_sys::Date::now() as i64)} "."
                    </p>
                    <button
                        type="button"
                        class="btn btn--secondary btn--small"
                        on:click=move |_| draft.discard()
                    >
                        "Discard draft"
                    </button>
                </div>
            }
        })
    }
}
