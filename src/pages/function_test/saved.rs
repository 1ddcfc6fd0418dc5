//! Saved test inputs, per package and function name: picked to start from, saved by name.

use faas_api::FunctionType;
use leptos::prelude::*;

use super::setup::SetupFields;
use crate::{
    authoring::store,
    components::focus_element,
    function_test::{
        saved::{storage_key, with_saved, SavedInput},
        Setup,
    },
};

/// The saved inputs of one function, kept in the browser under its package's and its name.
#[derive(Clone, Copy)]
pub struct SavedInputs {
    key: Signal<String>,
    list: RwSignal<Vec<SavedInput>>,
    /// The name to save under: the one last picked, or typed.
    name: RwSignal<String>,
    /// What the last save said.
    note: RwSignal<Option<String>>,
}

impl SavedInputs {
    /// The inputs saved for `function` of `package`, read again when either is renamed.
    pub fn load(package: Signal<String>, function: Signal<String>) -> Self {
        let key = Signal::derive(move || storage_key(&package.get(), &function.get()));
        let list = RwSignal::new(Vec::new());
        Effect::new(move |_| {
            let kept = store::load::<Vec<SavedInput>>(&key.get());
            list.set(kept.map(|(list, _)| list).unwrap_or_default());
        });
        SavedInputs {
            key,
            list,
            name: RwSignal::new(String::new()),
            note: RwSignal::new(None),
        }
    }

    /// Saves what `fields` hold under the name typed, first in the list.
    fn save(&self, fields: SetupFields) {
        let name = self.name.get_untracked().trim().to_owned();
        if name.is_empty() {
            self.note
                .set(Some("Name the test input to save it.".into()));
            focus_element(&fields.id("save-name"));
            return;
        }
        let input = SavedInput {
            name: name.clone(),
            setup: fields.setup(),
        };
        let list = with_saved(self.list.get_untracked(), input);
        store::save(&self.key.get_untracked(), &list);
        self.list.set(list);
        self.note.set(Some(format!("Saved “{name}”.")));
    }

    /// Puts the input named `choice` in `fields`; an empty choice is the type's template.
    fn pick(&self, choice: &str, fields: SetupFields, function_type: FunctionType) {
        if choice.is_empty() {
            return fields.load(Setup::new(function_type));
        }
        let chosen = self
            .list
            .with_untracked(|l| l.iter().find(|s| s.name == choice).cloned());
        if let Some(saved) = chosen {
            self.name.set(saved.name);
            fields.load(saved.setup);
        }
    }
}

/// "Start from": the type's template, or a saved input.
#[component]
pub fn StartFrom(
    saved: SavedInputs,
    fields: SetupFields,
    function_type: Signal<FunctionType>,
) -> impl IntoView {
    let id = fields.id("start");
    view! {
        <div class="field">
            <label class="field__label" for=id.clone()>
                "Start from"
            </label>
            <select
                id=id
                class="input"
                on:change=move |ev| {
                    saved.pick(&event_target_value(&ev), fields, function_type.get_untracked())
                }
            >
                <option value="">
                    {move || format!("Template: {}", function_type.get().label())}
                </option>
                {move || {
                    saved
                        .list
                        .get()
                        .into_iter()
                        .map(|s| {
                            view! {
                                <option value=s.name.clone()>{format!("Saved: {}", s.name)}</option>
                            }
                        })
                        .collect_view()
                }}
            </select>
        </div>
    }
}

/// The name to save the setup under, and the button that saves it.
#[component]
pub fn SaveInput(saved: SavedInputs, fields: SetupFields) -> impl IntoView {
    let id = fields.id("save-name");
    view! {
        <div class="function-test__save">
            <div class="field">
                <label class="field__label" for=id.clone()>
                    "Test input name"
                </label>
                <input
                    id=id
                    class="input"
                    prop:value=move || saved.name.get()
                    on:input=move |ev| saved.name.set(event_target_value(&ev))
                />
            </div>
            <button type="button" class="btn btn--secondary" on:click=move |_| saved.save(fields)>
                "Save test input"
            </button>
            <span class="muted" role="status">
                {move || saved.note.get()}
            </span>
        </div>
    }
}
