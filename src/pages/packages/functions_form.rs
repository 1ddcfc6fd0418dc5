//! The functions of a package or revision form: each with its name, type, trigger settings
//! and code in the editor; added, removed and reordered in place.

use faas_api::{FunctionType, TriggerKind};
use leptos::prelude::*;

use crate::{
    api::ApiError,
    authoring::{draft::FunctionDraft, problems::Problems},
    components::{
        field::{described_by, error_id},
        focus_element, Field, Request, TextField,
    },
    editor::CodeEditor,
};

/// One function of the form, a signal per field so that inputs bind directly. `key` is
/// stable while the function moves, so its inputs keep focus and its editor its state.
#[derive(Clone, Copy)]
pub struct FunctionFields {
    pub key: u64,
    id: StoredValue<Option<String>>,
    name: RwSignal<String>,
    function_type: RwSignal<FunctionType>,
    input_channel: RwSignal<String>,
    output_channel: RwSignal<String>,
    path: RwSignal<String>,
    interval_seconds: RwSignal<String>,
    code: RwSignal<String>,
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

    fn set_type(&self, function_type: FunctionType) {
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

    fn element_id(&self, field: &str) -> String {
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
        let rows = drafts.into_iter().map(|d| self.row(d)).collect();
        self.rows.set(rows);
    }

    fn row(&self, draft: FunctionDraft) -> FunctionFields {
        let key = self.next_key.get_value();
        self.next_key.set_value(key + 1);
        FunctionFields::new(key, draft)
    }

    pub fn drafts(&self) -> Vec<FunctionDraft> {
        self.rows
            .with(|rows| rows.iter().map(FunctionFields::draft).collect())
    }

    fn add(&self) -> u64 {
        let position = self.rows.with_untracked(Vec::len) + 1;
        let row = self.row(FunctionDraft::new(position));
        self.rows.update(|rows| rows.push(row));
        row.key
    }

    fn remove(&self, key: u64) {
        self.rows.update(|rows| rows.retain(|r| r.key != key));
    }

    /// Moves a function one place up (`-1`) or down (`1`).
    fn shift(&self, key: u64, by: isize) {
        self.rows.update(|rows| {
            if let Some(i) = rows.iter().position(|r| r.key == key) {
                let j = i as isize + by;
                if j >= 0 && (j as usize) < rows.len() {
                    rows.swap(i, j as usize);
                }
            }
        });
    }

    fn position(&self, key: u64) -> Option<usize> {
        self.rows
            .with(|rows| rows.iter().position(|r| r.key == key))
    }

    /// The id of the element that edits the field at a JSON path of the form
    /// (`functions[1].config.path`), to move focus to the first problem.
    pub fn element_for(&self, path: &str) -> Option<String> {
        let rest = path.strip_prefix("functions[")?;
        let (index, field) = rest.split_once(']')?;
        let row = self
            .rows
            .with_untracked(|rows| rows.get(index.parse::<usize>().ok()?).copied())?;
        let field = match field.trim_start_matches('.') {
            "name" => "name",
            "config.inputChannel" => "input-channel",
            "config.outputChannel" => "output-channel",
            "config.path" => "path",
            "config.intervalSeconds" => "interval",
            "type" | "config.type" | "config" => "type",
            _ => "code",
        };
        Some(row.element_id(field))
    }
}

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

#[component]
fn FunctionFieldset(
    list: FunctionList,
    key: u64,
    package: Signal<String>,
    problems: Signal<Problems>,
    on_save: Callback<()>,
) -> impl IntoView {
    let Some(row) = list
        .rows
        .with_untracked(|rows| rows.iter().find(|r| r.key == key).copied())
    else {
        return ().into_any();
    };
    let position = move || list.position(key).unwrap_or(0);
    let problem = move |field: &'static str| {
        Signal::derive(move || {
            problems.with(|p| p.get(&format!("functions[{}].{field}", position())))
        })
    };
    let display_name = move || {
        let name = row.name.get();
        if name.trim().is_empty() {
            format!("function {}", position() + 1)
        } else {
            name
        }
    };
    // Only a change of the kind of trigger redraws the settings, not every change of type.
    let trigger = Memo::new(move |_| row.function_type.get().trigger());
    let is_first = move || position() == 0;
    let is_last = move || position() + 1 == list.rows.with(Vec::len);
    let only_one = move || list.rows.with(Vec::len) == 1;

    let type_id = row.element_id("type");
    let type_error = problem("type");
    let type_invalid = move || type_error.with(Option::is_some);
    let code_id = row.element_id("code");
    let code_label_id = row.element_id("code-label");
    let code_error = problem("code");
    let syntax_problems = RwSignal::new(0u32);
    // The Test tab: mounted the first time it opens, then kept, so a run and its inputs
    // survive a look at the code.
    let testing = RwSignal::new(false);
    let test_opened = RwSignal::new(false);
    let jump = RwSignal::new(None::<(u32, u32, u32)>);
    let (code_tab, test_tab) = (row.element_id("code-tab"), row.element_id("test-tab"));
    let (code_panel, test_panel) = (row.element_id("code-panel"), row.element_id("test-panel"));
    let show_tab = move |test: bool| {
        testing.set(test);
        if test {
            test_opened.set(true);
        }
    };
    // Arrow keys move between the two tabs, as in every tab list.
    let tab_keys = {
        let (code_tab, test_tab) = (code_tab.clone(), test_tab.clone());
        move |ev: leptos::ev::KeyboardEvent| {
            if matches!(
                ev.key().as_str(),
                "ArrowLeft" | "ArrowRight" | "Home" | "End"
            ) {
                ev.prevent_default();
                let test = match ev.key().as_str() {
                    "Home" => false,
                    "End" => true,
                    _ => !testing.get_untracked(),
                };
                show_tab(test);
                focus_element(if test { &test_tab } else { &code_tab });
            }
        }
    };
    let on_jump = Callback::new(move |(line, column): (u32, u32)| {
        testing.set(false);
        jump.update(|j| {
            let seq = j.map_or(0, |(_, _, n)| n + 1);
            *j = Some((line, column, seq));
        });
    });

    view! {
        <fieldset class="function card">
            <legend class="function__legend">
                {move || format!("Function {}: {}", position() + 1, display_name())}
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
                <Field id=type_id.clone() label="Type" error=type_error>
                    <select
                        id=type_id.clone()
                        class="input input--select"
                        aria-invalid=move || type_invalid().then_some("true")
                        aria-describedby={
                            let id = type_id.clone();
                            move || described_by(&id, false, type_invalid())
                        }
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
                                    <option
                                        value=t.as_str()
                                        selected=move || row.function_type.get() == t
                                    >
                                        {t.label()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </Field>
                {move || {
                    config_fields(row, trigger.get())
                        .into_iter()
                        .map(|(field, label, hint, value, path)| {
                            view! {
                                <TextField
                                    id=row.element_id(field)
                                    label=label
                                    hint=hint
                                    value
                                    error=problem(path)
                                    required=!label.ends_with("(optional)")
                                />
                            }
                        })
                        .collect_view()
                }}
            </div>
            <div class="field" class:field--invalid=move || code_error.with(Option::is_some)>
                <div
                    class="code-tabs"
                    role="tablist"
                    aria-label=move || format!("Code and test of {}", display_name())
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
                <div
                    role="tabpanel"
                    id=code_panel.clone()
                    aria-labelledby=code_tab.clone()
                    hidden=move || testing.get()
                >
                <span class="field__label" id=code_label_id.clone()>
                    {move || format!("Code of {}", display_name())}
                </span>
                <div id=code_id.clone()>
                    <CodeEditor
                        value=row.code
                        labelled_by=code_label_id
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
                <p
                    class="field__error"
                    id=error_id(&code_id)
                    hidden=move || code_error.with(Option::is_none)
                >
                    {move || code_error.get().unwrap_or_default()}
                </p>
                            </div>
                <div
                    role="tabpanel"
                    id=test_panel.clone()
                    aria-labelledby=test_tab.clone()
                    hidden=move || !testing.get()
                >
                    {move || {
                        test_opened
                            .get()
                            .then(|| {
                                Suspend::new(
                                    crate::pages::function_test_tab(crate::pages::TestTab {
                                        id_prefix: row.element_id("test"),
                                        function_type: row.function_type.into(),
                                        code: row.code.into(),
                                        package,
                                        function: Signal::derive(display_name),
                                        on_jump,
                                    }),
                                )
                            })
                    }}
                </div>
            </div>
        </fieldset>
    }
    .into_any()
}

/// The settings a kind of trigger takes: element suffix, label, hint, value and JSON path
/// under the function's `config`.
type ConfigField = (
    &'static str,
    &'static str,
    &'static str,
    RwSignal<String>,
    &'static str,
);

fn config_fields(row: FunctionFields, trigger: TriggerKind) -> Vec<ConfigField> {
    let input = (
        "input-channel",
        "Input channel",
        "The channel whose messages trigger it, such as chat or chat.*",
        row.input_channel,
        "config.inputChannel",
    );
    match trigger {
        TriggerKind::Channel => vec![input],
        TriggerKind::ChannelWithOutput => vec![
            input,
            (
                "output-channel",
                "Output channel (optional)",
                "Where the function's result is published instead, if anywhere.",
                row.output_channel,
                "config.outputChannel",
            ),
        ],
        TriggerKind::Request => vec![(
            "path",
            "Path",
            "The URL path it answers: letters, digits, -, _ and /.",
            row.path,
            "config.path",
        )],
        TriggerKind::Interval => vec![(
            "interval",
            "Interval in seconds",
            "From 1 to 3600.",
            row.interval_seconds,
            "config.intervalSeconds",
        )],
    }
}
