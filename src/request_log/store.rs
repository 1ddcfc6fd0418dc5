//! The log of this tab, shared by the API client (which records) and the drawer (which shows).

use std::{cell::Cell, sync::Arc};

use leptos::prelude::*;

use super::{Entry, ENTRIES_CAP};

thread_local! {
    /// The API client has no reactive context when an answer arrives: it finds the log here.
    static CURRENT: Cell<Option<RequestLog>> = const { Cell::new(None) };
}

/// The entries, newest first, and what the drawer shows.
#[derive(Clone, Copy)]
pub struct RequestLog {
    entries: RwSignal<Vec<Arc<Entry>>>,
    next_id: StoredValue<u64>,
    /// Whether the drawer is open.
    pub open: RwSignal<bool>,
    /// The drawer's search.
    pub search: RwSignal<String>,
    /// The entry shown in full.
    pub expanded: RwSignal<Option<u64>>,
}

impl RequestLog {
    /// The tab's log, made once by the app and provided to its views.
    pub fn install() -> Self {
        let log = RequestLog {
            entries: RwSignal::new(Vec::new()),
            next_id: StoredValue::new(1),
            open: RwSignal::new(false),
            search: RwSignal::new(String::new()),
            expanded: RwSignal::new(None),
        };
        CURRENT.with(|current| current.set(Some(log)));
        provide_context(log);
        log
    }

    /// The tab's log, if the app made one (not in native tests).
    pub fn current() -> Option<Self> {
        CURRENT.with(Cell::get)
    }

    pub fn next_id(&self) -> u64 {
        self.next_id
            .try_update_value(|n| {
                *n += 1;
                *n - 1
            })
            .unwrap_or_default()
    }

    /// Adds a call at the top, dropping the oldest past [`ENTRIES_CAP`].
    pub fn record(&self, entry: Entry) {
        self.entries.update(|entries| {
            entries.insert(0, Arc::new(entry));
            entries.truncate(ENTRIES_CAP);
        });
    }

    /// Every entry, newest first, tracked.
    pub fn entries(&self) -> Vec<Arc<Entry>> {
        self.entries.get()
    }

    /// Whether a call with this correlation id is in the log, tracked.
    pub fn has(&self, correlation_id: &str) -> bool {
        self.entries
            .with(|entries| entries.iter().any(|e| e.correlation_id == correlation_id))
    }

    /// Opens the drawer on the call with this correlation id ("View request").
    pub fn show(&self, correlation_id: &str) {
        let id = self.entries.with_untracked(|entries| {
            entries
                .iter()
                .find(|e| e.correlation_id == correlation_id)
                .map(|e| e.id)
        });
        self.search.set(correlation_id.to_owned());
        self.expanded.set(id);
        self.open.set(true);
    }
}
