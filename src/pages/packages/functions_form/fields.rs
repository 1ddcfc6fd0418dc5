//! A form's functions as signals: one per field of each function, the list in order.

use faas_api::FunctionType;
use leptos::prelude::*;

use crate::authoring::{
    draft::FunctionDraft,
    form::{function_field, ConfigValue},
};

/// One function of the form, a signal per field so that inputs bind directly. `key` is
/// stable while the function moves, so its inputs keep focus and its editor its state.
#[derive(Clone, Copy)]
pub struct FunctionFields {
    pub key: u64,
    id: StoredValue<Option<String>>,
    pub name: RwSignal<String>,
    pub function_type: RwSignal<FunctionType>,
    pub input_channel: RwSignal<String>,
    pub output_channel: RwSignal<String>,
    pub path: RwSignal<String>,
    pub interval_seconds: RwSignal<String>,
    pub code: RwSignal<String>,
}

impl FunctionFields {
    pub fn new(key: u64, draft: FunctionDraft) -> Self {
        FunctionFields {
            key,
            id: StoredValue::new(draft.id),
            name: RwSignal::new(draft.name),
            function_type: RwSignal::new(draft.function_type),
            input_channel: RwSignal::new(draft.input_channel),
            output_channel: RwSignal::new(draft.output_channel),
            path: RwSignal::new(draft.path),
            interval_seconds: RwSignal::new(draft.interval_seconds),
            code: RwSignal::new(draft.code),
        }
    }

    /// The function as plain data, tracked: a memo over it reruns on every edit.
    pub fn draft(&self) -> FunctionDraft {
        FunctionDraft {
            id: self.id.get_value(),
            name: self.name.get(),
            function_type: self.function_type.get(),
            input_channel: self.input_channel.get(),
            output_channel: self.output_channel.get(),
            path: self.path.get(),
            interval_seconds: self.interval_seconds.get(),
            code: self.code.get(),
        }
    }

    /// Changes the type, with what follows from it ([`FunctionDraft::set_type`]).
    pub fn set_type(&self, function_type: FunctionType) {
        let mut draft = self.draft_untracked();
        draft.set_type(function_type);
        self.function_type.set(draft.function_type);
        self.code.set(draft.code);
        self.path.set(draft.path);
        self.interval_seconds.set(draft.interval_seconds);
    }

    fn draft_untracked(&self) -> FunctionDraft {
        untrack(|| self.draft())
    }

    /// The id of the element that edits `field` of this function: `fn-{key}-{field}`.
    pub fn element_id(&self, field: &str) -> String {
        format!("fn-{}-{field}", self.key)
    }
}

/// The rows of a form's functions, with the next key to hand out.
#[derive(Clone, Copy)]
pub struct FunctionList {
    pub rows: RwSignal<Vec<FunctionFields>>,
    next_key: StoredValue<u64>,
}

impl FunctionList {
    pub fn new(drafts: Vec<FunctionDraft>) -> Self {
        let list = FunctionList {
            rows: RwSignal::new(Vec::new()),
            next_key: StoredValue::new(0),
        };
        list.replace(drafts);
        list
    }

    /// Puts `drafts` in place of every row (a restored draft, another base revision).
    pub fn replace(&self, drafts: Vec<FunctionDraft>) {
        let rows = drafts.into_iter().map(|d| self.new_row(d)).collect();
        self.rows.set(rows);
    }

    fn new_row(&self, draft: FunctionDraft) -> FunctionFields {
        let key = self.next_key.get_value();
        self.next_key.set_value(key + 1);
        FunctionFields::new(key, draft)
    }

    pub fn drafts(&self) -> Vec<FunctionDraft> {
        self.rows
            .with(|rows| rows.iter().map(FunctionFields::draft).collect())
    }

    /// Adds a new function at the end; its key.
    pub fn add(&self) -> u64 {
        let position = self.rows.with_untracked(Vec::len) + 1;
        let row = self.new_row(FunctionDraft::new(position));
        self.rows.update(|rows| rows.push(row));
        row.key
    }

    pub fn remove(&self, key: u64) {
        self.rows.update(|rows| rows.retain(|r| r.key != key));
    }

    /// Moves a function one place up (`-1`) or down (`1`).
    pub fn shift(&self, key: u64, by: isize) {
        self.rows.update(|rows| {
            if let Some(i) = rows.iter().position(|r| r.key == key) {
                let j = i as isize + by;
                if j >= 0 && (j as usize) < rows.len() {
                    rows.swap(i, j as usize);
                }
            }
        });
    }

    /// Where the function with `key` is now, tracked.
    pub fn position(&self, key: u64) -> Option<usize> {
        self.rows
            .with(|rows| rows.iter().position(|r| r.key == key))
    }

    /// The id of the element that edits the field at a JSON path of the form
    /// (`functions[1].config.path`), to move focus to the first problem.
    pub fn element_for(&self, path: &str) -> Option<String> {
        let (index, suffix) = function_field(path)?;
        let row = self.rows.with_untracked(|rows| rows.get(index).copied())?;
        Some(row.element_id(suffix))
    }

    /// The row with `key`, if it is still in the list.
    pub fn row(&self, key: u64) -> Option<FunctionFields> {
        self.rows
            .with_untracked(|rows| rows.iter().find(|r| r.key == key).copied())
    }
}

impl FunctionFields {
    /// The signal of a trigger setting's value.
    pub fn config_value(&self, value: ConfigValue) -> RwSignal<String> {
        match value {
            ConfigValue::InputChannel => self.input_channel,
            ConfigValue::OutputChannel => self.output_channel,
            ConfigValue::Path => self.path,
            ConfigValue::IntervalSeconds => self.interval_seconds,
        }
    }
}
