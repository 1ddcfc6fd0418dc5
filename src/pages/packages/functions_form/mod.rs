//! The functions of a package or revision form: each with its name, type, trigger settings
//! and code in the editor, and its Test tab; added, removed and reordered in place.
//!
//! [`fields`] holds the form's functions as signals, [`status`] what the form shows about a
//! save, [`fieldset`] one function, [`code_tabs`] its code and its test; the layout rules are
//! plain Rust in [`crate::authoring::form`].

mod code_tabs;
mod fields;
mod fieldset;
mod status;

use leptos::prelude::*;

pub use code_tabs::CodeTestTabs;
pub use fields::{FunctionFields, FunctionList};
pub use status::FormStatus;

use fieldset::FunctionFieldset;

use crate::{authoring::problems::Problems, components::focus_element};

/// Every function of a form, with the buttons that add, remove and reorder them.
#[component]
pub fn FunctionsForm(
    list: FunctionList,
    /// The package's name: test inputs are saved by package and function name.
    #[prop(into)]
    package: Signal<String>,
    /// Problems found by the rules or the server, by JSON path.
    #[prop(into)]
    problems: Signal<Problems>,
    /// Ctrl/Cmd+S in an editor saves the whole form.
    on_save: Callback<()>,
) -> impl IntoView {
    let keys = move || {
        list.rows
            .with(|rows| rows.iter().map(|r| r.key).collect::<Vec<_>>())
    };
    let count = move || list.rows.with(Vec::len);
    let list_problem = move || problems.with(|p| p.get("functions"));
    let add = move |_| {
        let key = list.add();
        request_animation_frame(move || focus_element(&format!("fn-{key}-name")));
    };
    view! {
        <section class="functions" aria-labelledby="functions-heading">
            <div class="functions__header">
                <h2 id="functions-heading">"Functions"</h2>
                <span class="muted">
                    {move || crate::format::count(count() as u64, "function", "functions")}
                </span>
            </div>
            {move || {
                list_problem()
                    .map(|message| {
                        view! {
                            <p class="field__error" id="functions-error">
                                {message}
                            </p>
                        }
                    })
            }}
            <For each=keys key=|key| *key let:key>
                <FunctionFieldset list key package problems on_save />
            </For>
            <button type="button" class="btn btn--secondary" on:click=add>
                "Add function"
            </button>
        </section>
    }
}
