//! One function of the form: its place (move up, down, remove), name, type, the settings of
//! its trigger, and its code and test.

use faas_api::FunctionType;
use leptos::prelude::*;

use super::{code_tabs::CodeAndTest, FunctionFields, FunctionList};
use crate::{
    authoring::{
        form::{config_fields, function_name},
        problems::Problems,
    },
    components::{field::described_by, Field, TextField},
};

#[component]
pub fn FunctionFieldset(
    list: FunctionList,
    key: u64,
    package: Signal<String>,
    problems: Signal<Problems>,
    on_save: Callback<()>,
) -> impl IntoView {
    let Some(row) = list.row(key) else {
        return ().into_any();
    };
    let position = move || list.position(key).unwrap_or(0);
    let problem = move |field: &'static str| {
        Signal::derive(move || {
            problems.with(|p| p.get(&format!("functions[{}].{field}", position())))
        })
    };
    let display_name = Signal::derive(move || function_name(&row.name.get(), position()));
    // Only a change of the kind of trigger redraws the settings, not every change of type.
    let trigger = Memo::new(move |_| row.function_type.get().trigger());
    let is_first = move || position() == 0;
    let is_last = move || position() + 1 == list.rows.with(Vec::len);
    let only_one = move || list.rows.with(Vec::len) == 1;

    view! {
        <fieldset class="function card">
            <legend class="function__legend">
                {move || format!("Function {}: {}", position() + 1, display_name.get())}
            </legend>
            <div class="function__tools">
                <button
                    type="button"
                    class="btn btn--ghost btn--small"
                    disabled=is_first
                    on:click=move |_| list.shift(key, -1)
                >
                    "Move up"
                    <span class="visually-hidden">" " {display_name}</span>
                </button>
                <button
                    type="button"
                    class="btn btn--ghost btn--small"
                    disabled=is_last
                    on:click=move |_| list.shift(key, 1)
                >
                    "Move down"
                    <span class="visually-hidden">" " {display_name}</span>
                </button>
                <button
                    type="button"
                    class="btn btn--ghost btn--small btn--danger-text"
                    disabled=only_one
                    on:click=move |_| list.remove(key)
                >
                    "Remove"
                    <span class="visually-hidden">" " {display_name}</span>
                </button>
            </div>
            <div class="function__grid">
                <TextField
                    id=row.element_id("name")
                    label="Name"
                    value=row.name
                    error=problem("name")
                    required=true
                />
                <TypeSelect row error=problem("type") />
                {move || {
                    config_fields(trigger.get())
                        .iter()
                        .map(|field| {
                            view! {
                                <TextField
                                    id=row.element_id(field.suffix)
                                    label=field.label
                                    hint=field.hint
                                    value=row.config_value(field.value)
                                    error=problem(field.path)
                                    required=field.required()
                                />
                            }
                        })
                        .collect_view()
                }}
            </div>
            <CodeAndTest row display_name package error=problem("code") on_save />
        </fieldset>
    }
    .into_any()
}

/// The function's type: every trigger of the Functions API.
#[component]
fn TypeSelect(row: FunctionFields, error: Signal<Option<String>>) -> impl IntoView {
    let id = row.element_id("type");
    let invalid = move || error.with(Option::is_some);
    let describing = id.clone();
    view! {
        <Field id=id.clone() label="Type" error>
            <select
                id=id.clone()
                class="input input--select"
                aria-invalid=move || invalid().then_some("true")
                aria-describedby=move || described_by(&describing, false, invalid())
                on:change=move |ev| {
                    if let Some(t) = FunctionType::parse(&event_target_value(&ev)) {
                        row.set_type(t);
                    }
                }
                prop:value=move || row.function_type.get().as_str()
            >
                {FunctionType::ALL
                    .into_iter()
                    .map(|t| {
                        view! {
                            <option value=t.as_str() selected=move || row.function_type.get() == t>
                                {t.label()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </Field>
    }
}
