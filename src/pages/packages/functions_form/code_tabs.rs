//! A function's code and its test, as two tabs: the code in the editor, and the Test tab,
//! fetched and mounted the first time it opens, then kept, so a run and its inputs survive
//! a look at the code.

use leptos::prelude::*;

use super::FunctionFields;
use crate::{
    authoring::form::tab_for_key,
    components::{field::error_id, focus_element},
    editor::CodeEditor,
    function_test::Trigger,
    pages::{function_test_tab, TestTab},
};

#[component]
pub fn CodeAndTest(
    row: FunctionFields,
    /// What to call the function: its name, or its place.
    display_name: Signal<String>,
    package: Signal<String>,
    /// The problem of its code, from the rules or the server.
    error: Signal<Option<String>>,
    on_save: Callback<()>,
) -> impl IntoView {
    let testing = RwSignal::new(false);
    // Where an error of a run points: (line, column, a count that makes each jump new).
    let jump = RwSignal::new(None::<(u32, u32, u32)>);
    let on_jump = Callback::new(move |(line, column): (u32, u32)| {
        testing.set(false);
        jump.update(|j| {
            let seq = j.map_or(0, |(_, _, n)| n + 1);
            *j = Some((line, column, seq));
        });
    });
    let test = move || TestTab {
        id_prefix: row.element_id("test"),
        function_type: row.function_type.into(),
        trigger: Signal::derive(move || Trigger {
            input_channel: row.input_channel.get(),
            path: row.path.get(),
        }),
        code: row.code.into(),
        package,
        function: display_name,
        // Not saved yet: its inputs stay in this browser.
        function_revision_id: None,
        on_jump,
    };
    view! {
        <div class="field" class:field--invalid=move || error.with(Option::is_some)>
            <CodeTestTabs id_prefix=row.element_id("") name=display_name testing test>
                <CodePanel row display_name error on_save jump />
            </CodeTestTabs>
        </div>
    }
}

/// A function's two tabs, its code and its Test tab: the test's module is fetched and mounted
/// the first time the tab opens, then kept. Shared by the forms (code in the editor) and a
/// revision's page (code shown read-only).
#[component]
pub fn CodeTestTabs(
    /// Element ids are `{id_prefix}code-tab`, `{id_prefix}test-panel`…
    id_prefix: String,
    /// What to call the function.
    name: Signal<String>,
    /// Whether the Test tab is shown (a jump to an error sets it back).
    testing: RwSignal<bool>,
    /// What the Test tab is given, when it first opens.
    test: impl Fn() -> TestTab + Send + Sync + 'static,
    /// The Code tab's panel.
    children: Children,
) -> impl IntoView {
    let test_opened = RwSignal::new(false);
    let id = |part: &str| format!("{id_prefix}{part}");
    let (code_tab, test_tab) = (id("code-tab"), id("test-tab"));
    let (code_panel, test_panel) = (id("code-panel"), id("test-panel"));
    let show_tab = move |test: bool| {
        testing.set(test);
        if test {
            test_opened.set(true);
        }
    };
    let tab_keys = {
        let (code_tab, test_tab) = (code_tab.clone(), test_tab.clone());
        move |ev: leptos::ev::KeyboardEvent| {
            if let Some(test) = tab_for_key(&ev.key(), testing.get_untracked()) {
                ev.prevent_default();
                show_tab(test);
                focus_element(if test { &test_tab } else { &code_tab });
            }
        }
    };
    view! {
        <div
            class="code-tabs"
            role="tablist"
            aria-label=move || format!("Code and test of {}", name.get())
            on:keydown=tab_keys
        >
            <button
                type="button"
                role="tab"
                id=code_tab.clone()
                class="code-tabs__tab"
                aria-selected=move || (!testing.get()).to_string()
                aria-controls=code_panel.clone()
                tabindex=move || if testing.get() { "-1" } else { "0" }
                on:click=move |_| show_tab(false)
            >
                "Code"
            </button>
            <button
                type="button"
                role="tab"
                id=test_tab.clone()
                class="code-tabs__tab"
                aria-selected=move || testing.get().to_string()
                aria-controls=test_panel.clone()
                tabindex=move || if testing.get() { "0" } else { "-1" }
                on:click=move |_| show_tab(true)
            >
                "Test"
            </button>
        </div>
        <div role="tabpanel" id=code_panel aria-labelledby=code_tab hidden=move || testing.get()>
            {children()}
        </div>
        <div role="tabpanel" id=test_panel aria-labelledby=test_tab hidden=move || !testing.get()>
            {move || test_opened.get().then(|| Suspend::new(function_test_tab(test())))}
        </div>
    }
}

/// The code in the editor, how many syntax problems it marks, and the code's problem.
#[component]
fn CodePanel(
    row: FunctionFields,
    display_name: Signal<String>,
    error: Signal<Option<String>>,
    on_save: Callback<()>,
    jump: RwSignal<Option<(u32, u32, u32)>>,
) -> impl IntoView {
    let code_id = row.element_id("code");
    let label_id = row.element_id("code-label");
    let syntax_problems = RwSignal::new(0u32);
    view! {
        <span class="field__label" id=label_id.clone()>
            {move || format!("Code of {}", display_name.get())}
        </span>
        <div id=code_id.clone()>
            <CodeEditor
                value=row.code
                labelled_by=label_id
                described_by=error_id(&code_id)
                on_change=Callback::new(move |code: String| row.code.set(code))
                on_save=on_save
                on_diagnostics=Callback::new(move |n: u32| syntax_problems.set(n))
                jump
            />
        </div>
        {move || {
            let n = syntax_problems.get();
            (n > 0)
                .then(|| {
                    view! {
                        <p class="field__hint field__hint--warn">
                            {crate::format::count(
                                u64::from(n),
                                "problem is marked in the code",
                                "problems are marked in the code",
                            )}
                        </p>
                    }
                })
        }}
        // Always in the page: the editor's aria-describedby names it from the start.
        <p class="field__error" id=error_id(&code_id) hidden=move || error.with(Option::is_none)>
            {move || error.get().unwrap_or_default()}
        </p>
    }
}
