//! What a package or revision form shows about its last try to save.

use leptos::prelude::*;

use super::FunctionList;
use crate::{
    api::ApiError,
    authoring::problems::Problems,
    components::{focus_element, Request},
};

/// What a package or revision form shows besides its fields: the problems under them, the
/// server's refusal, and the save under way.
#[derive(Clone, Copy)]
pub struct FormStatus {
    pub problems: RwSignal<Problems>,
    pub failure: RwSignal<Option<ApiError>>,
    pub request: Request,
    functions: FunctionList,
    /// The element of a field outside the functions, by JSON path.
    field_element: fn(&str) -> &'static str,
}

impl FormStatus {
    pub fn new(functions: FunctionList, field_element: fn(&str) -> &'static str) -> Self {
        FormStatus {
            problems: RwSignal::new(Problems::default()),
            failure: RwSignal::new(None),
            request: Request::new(),
            functions,
            field_element,
        }
    }

    /// Shows `found` under the fields and takes the keyboard to the first one.
    pub fn show(&self, found: Problems) {
        let first = found.fields().next().map(str::to_owned);
        self.problems.set(found);
        if let Some(path) = first {
            let id = self
                .functions
                .element_for(&path)
                .unwrap_or_else(|| (self.field_element)(&path).to_owned());
            request_animation_frame(move || focus_element(&id));
        }
    }

    /// A save the server refused: the errors that name a field go under it, and the whole
    /// answer (code, message, correlation id) above the submit button.
    pub fn refused(&self, error: ApiError) {
        if let Some(found) = Problems::from_server(&error) {
            self.show(found);
        }
        self.failure.set(Some(error));
    }

    /// Nothing to show: a fresh start, or a save on its way.
    pub fn clear(&self) {
        self.problems.set(Problems::default());
        self.failure.set(None);
    }

    /// The problem of the field at `path`, for its `error` prop.
    pub fn problem(&self, path: &'static str) -> Signal<Option<String>> {
        let problems = self.problems;
        Signal::derive(move || problems.with(|p| p.get(path)))
    }

    pub fn count(&self) -> Signal<usize> {
        let problems = self.problems;
        Signal::derive(move || problems.with(Problems::len))
    }
}
