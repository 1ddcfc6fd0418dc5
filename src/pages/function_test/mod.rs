//! The Test tab of a function: an event (a template of its type, or a saved test input), the
//! world around it (KV values, secrets, XHR answers, a timeout), a run in this browser's
//! Worker or on the reference server, and what the run did. Compiled into a wasm module of its
//! own, fetched the first time a Test tab opens.
//!
//! [`setup`] holds what is typed ([`keyset_data`] fills the KV store and secrets from a
//! keyset's data), [`saved`] the saved inputs, [`runner`] the run, [`result`]
//! what it did; the rules (the input document, the summary lines) are plain Rust in
//! [`crate::function_test`].

mod keyset_data;
mod result;
mod runner;
mod saved;
mod setup;

use faas_api::FunctionType;
use leptos::{ev, prelude::*};

use keyset_data::KeysetDataLoader;
use result::ResultPanel;
use runner::TestRunner;
use saved::{SaveInput, SavedInputs, StartFrom};
use setup::{SetupFields, SetupForm};

use crate::{
    api::Client,
    connection::store::use_connection,
    function_test::{Engine, Trigger},
};

#[component]
pub fn FunctionTestPanel(
    /// Unique on the page, for element ids: the function's form key.
    id_prefix: String,
    #[prop(into)] function_type: Signal<FunctionType>,
    /// The code as it is in the editor now (tested as it is, saved or not).
    #[prop(into)]
    code: Signal<String>,
    /// Whose inputs these are: the package's and the function's names.
    #[prop(into)]
    package: Signal<String>,
    #[prop(into)] function: Signal<String>,
    /// What triggers the function: the event's template starts from it.
    #[prop(into)]
    trigger: Signal<Trigger>,
    /// The function revision whose inputs the server keeps, if the function has one.
    function_revision_id: Option<String>,
    /// Moves the code editor's cursor to an error's line and column.
    on_jump: Callback<(u32, u32)>,
) -> impl IntoView {
    let store = use_connection();
    let fields = SetupFields::new(id_prefix, function_type, trigger);
    let saved = SavedInputs::load(package, function, function_revision_id);
    let runner = TestRunner::new();
    // The run's input, or `None` with the setup's problems shown; nothing while a run is
    // under way.
    let input = move || {
        if runner.running.get_untracked().is_some() {
            return None;
        }
        fields.input(function_type.get_untracked(), &code.get_untracked())
    };
    let run_in_browser = move || {
        if let Some(input) = input() {
            runner.run_in_browser(&input);
        }
    };
    let run_on_server = move || {
        if let Some(input) = input() {
            runner.run_on_server(Client::new(store.get_untracked()), input);
        }
    };
    let on_keydown = move |ev: ev::KeyboardEvent| {
        if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
            ev.prevent_default();
            run_in_browser();
        }
    };

    view! {
        <div class="function-test" on:keydown=on_keydown>
            <div class="function-test__setup">
                <StartFrom saved fields function_type trigger />
                <SetupForm fields>
                    <KeysetDataLoader fields code />
                </SetupForm>
                <div class="function-test__actions">
                    <button
                        type="button"
                        class="btn btn--primary"
                        disabled=move || runner.busy()
                        aria-keyshortcuts="Control+Enter"
                        on:click=move |_| run_in_browser()
                    >
                        "Run in browser"
                    </button>
                    <button
                        type="button"
                        class="btn btn--secondary"
                        disabled=move || runner.busy()
                        on:click=move |_| run_on_server()
                    >
                        "Run on server"
                    </button>
                    <button
                        type="button"
                        class="btn btn--danger"
                        disabled=move || runner.running.get() != Some(Engine::Browser)
                        on:click=move |_| runner.stop()
                    >
                        "Stop"
                    </button>
                    <span class="muted">"Ctrl+Enter runs in the browser."</span>
                </div>
                <SaveInput saved fields function_type code />
            </div>
            <ResultPanel runner on_jump />
        </div>
    }
}
