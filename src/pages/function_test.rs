//! The Test tab of a function: an event (a template of its type, or a saved test input), the
//! world around it (KV values, secrets, XHR answers, a timeout), a run in this browser's
//! Worker or on the reference server, and what the run did. Compiled into a wasm module of its
//! own, fetched the first time a Test tab opens.

use std::time::Duration;

use faas_api::FunctionType;
use leptos::{ev, prelude::*};

use crate::{
    api::{self, ApiError, Client},
    authoring::store,
    components::{Busy, ErrorView},
    connection::store::use_connection,
    editor::{line_diff, run_test, DiffLines, TestRun},
    function_test::{
        call_counts, kv_changes,
        result::show,
        saved::{storage_key, with_saved, SavedInput},
        template, KvChange, RunResult, Setup,
    },
};

/// Which engine ran (or runs) the test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Engine {
    Browser,
    Server,
}

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
    /// Moves the code editor's cursor to an error's line and column.
    on_jump: Callback<(u32, u32)>,
) -> impl IntoView {
    let store_conn = use_connection();
    let prefix = StoredValue::new(id_prefix);
    let id = move |part: &str| prefix.with_value(|p| format!("{p}-{part}"));
    let initial = Setup::new(function_type.get_untracked());
    let event = RwSignal::new(initial.event.clone());
    let kv = RwSignal::new(initial.kv);
    let secrets = RwSignal::new(initial.secrets);
    let xhr = RwSignal::new(initial.xhr_mocks);
    let timeout = RwSignal::new(initial.timeout_ms);
    let setup = move || Setup {
        event: event.get_untracked(),
        kv: kv.get_untracked(),
        secrets: secrets.get_untracked(),
        xhr_mocks: xhr.get_untracked(),
        timeout_ms: timeout.get_untracked(),
    };
    // A type change brings its template, unless the event was edited.
    Effect::new(move |previous: Option<FunctionType>| {
        let now = function_type.get();
        if let Some(before) = previous.filter(|b| *b != now) {
            if event.with_untracked(|e| *e == template(before)) {
                event.set(template(now));
            }
        }
        now
    });

    let problems = RwSignal::new(Vec::<(&'static str, String)>::new());
    let problem = move |field: &'static str| {
        Signal::derive(move || {
            problems.with(|p| p.iter().find(|(f, _)| *f == field).map(|(_, m)| m.clone()))
        })
    };
    let running = RwSignal::new(None::<Engine>);
    let started = StoredValue::new(0.0f64);
    let elapsed = RwSignal::new(0u32);
    let handle = StoredValue::new_local(None::<TestRun>);
    let result = RwSignal::new(None::<RunResult>);
    let server_error = RwSignal::new(None::<ApiError>);

    // "Running… 0.4 s", ticking while a run is under way.
    let ticker = StoredValue::new_local(None::<IntervalHandle>);
    Effect::new(move |_| {
        if let Some(handle) = ticker.try_update_value(Option::take).flatten() {
            handle.clear();
        }
        if running.get().is_some() {
            let tick = move || elapsed.set((js_sys::Date::now() - started.get_value()) as u32);
            ticker.set_value(set_interval_with_handle(tick, Duration::from_millis(100)).ok());
        }
    });
    on_cleanup(move || {
        if let Some(run) = handle.try_update_value(Option::take).flatten() {
            run.stop();
        }
        if let Some(t) = ticker.try_update_value(Option::take).flatten() {
            t.clear();
        }
    });

    let prepare = move || {
        let input = setup().input(function_type.get_untracked(), &code.get_untracked());
        match input {
            Ok(input) => {
                problems.set(Vec::new());
                Some(input)
            }
            Err(found) => {
                if let Some((field, _)) = found.first() {
                    crate::components::focus_element(&id(field));
                }
                problems.set(found);
                None
            }
        }
    };
    let begin = move |engine: Engine| {
        started.set_value(js_sys::Date::now());
        elapsed.set(0);
        server_error.set(None);
        running.set(Some(engine));
    };
    let run_in_browser = move || {
        if running.get_untracked().is_some() {
            return;
        }
        let Some(input) = prepare() else { return };
        let json = serde_json::to_string(&input).unwrap_or_default();
        begin(Engine::Browser);
        let run = run_test(&json, move |answer| {
            let parsed = serde_json::from_str::<RunResult>(&answer).unwrap_or_else(|e| RunResult {
                errors: vec![crate::function_test::RunError {
                    message: format!("The runner's answer could not be read: {e}"),
                    ..Default::default()
                }],
                ..Default::default()
            });
            handle.set_value(None);
            running.set(None);
            result.set(Some(parsed));
        });
        handle.set_value(Some(run));
    };
    let run_on_server = move || {
        if running.get_untracked().is_some() {
            return;
        }
        let Some(input) = prepare() else { return };
        let client = Client::new(store_conn.get_untracked());
        begin(Engine::Server);
        leptos::task::spawn_local(async move {
            let answer = api::function_tests::run_on_server(&client, &input).await;
            running.set(None);
            match answer {
                Ok(answer) => result.set(Some(answer)),
                Err(error) => server_error.set(Some(error)),
            }
        });
    };
    let stop = move || {
        if let Some(run) = handle.try_update_value(Option::take).flatten() {
            run.stop();
        }
    };

    // Saved test inputs, per package and function name.
    let saved_key = Signal::derive(move || storage_key(&package.get(), &function.get()));
    let saved = RwSignal::new(Vec::<SavedInput>::new());
    Effect::new(move |_| {
        let key = saved_key.get();
        saved.set(
            store::load::<Vec<SavedInput>>(&key)
                .map(|(l, _)| l)
                .unwrap_or_default(),
        );
    });
    let save_name = RwSignal::new(String::new());
    let save_note = RwSignal::new(None::<String>);
    let save = move || {
        let name = save_name.get_untracked().trim().to_owned();
        if name.is_empty() {
            save_note.set(Some("Name the test input to save it.".into()));
            crate::components::focus_element(&id("save-name"));
            return;
        }
        let list = with_saved(
            saved.get_untracked(),
            SavedInput {
                name: name.clone(),
                setup: setup(),
            },
        );
        store::save(&saved_key.get_untracked(), &list);
        saved.set(list);
        save_note.set(Some(format!("Saved “{name}”.")));
    };
    let pick = move |choice: String| {
        let chosen = if choice.is_empty() {
            Setup::new(function_type.get_untracked())
        } else {
            match saved.with_untracked(|l| l.iter().find(|s| s.name == choice).cloned()) {
                Some(s) => {
                    save_name.set(s.name);
                    s.setup
                }
                None => return,
            }
        };
        event.set(chosen.event);
        kv.set(chosen.kv);
        secrets.set(chosen.secrets);
        xhr.set(chosen.xhr_mocks);
        timeout.set(chosen.timeout_ms);
        problems.set(Vec::new());
    };

    let on_keydown = move |ev: ev::KeyboardEvent| {
        if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
            ev.prevent_default();
            run_in_browser();
        }
    };
    let (start_id, event_id, kv_id, secrets_id, xhr_id, timeout_id, save_id) = (
        id("start"),
        id("test-event"),
        id("test-kv"),
        id("test-secrets"),
        id("test-xhr"),
        id("test-timeout"),
        id("save-name"),
    );

    view! {
        <div class="function-test" on:keydown=on_keydown>
            <div class="function-test__setup">
                <div class="field">
                    <label class="field__label" for=start_id.clone()>
                        "Start from"
                    </label>
                    <select
                        id=start_id
                        class="input"
                        on:change=move |ev| pick(event_target_value(&ev))
                    >
                        <option value="">
                            {move || format!("Template: {}", function_type.get().label())}
                        </option>
                        {move || {
                            saved
                                .get()
                                .into_iter()
                                .map(|s| {
                                    view! {
                                        <option value=s
                                            .name
                                            .clone()>{format!("Saved: {}", s.name)}</option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </div>
                <JsonField
                    id=event_id
                    label="Event (JSON)"
                    value=event
                    error=problem("test-event")
                    rows=8
                />
                <details class="function-test__world">
                    <summary>"KV store, secrets, XHR answers and timeout"</summary>
                    <JsonField
                        id=kv_id
                        label="KV store values (JSON object)"
                        value=kv
                        error=problem("test-kv")
                        rows=3
                    />
                    <JsonField
                        id=secrets_id
                        label="Secrets for vault (JSON object)"
                        value=secrets
                        error=problem("test-secrets")
                        rows=3
                    />
                    <JsonField
                        id=xhr_id
                        label="XHR answers (JSON array of {method, url, status, headers, body}; * in a URL matches anything)"
                        value=xhr
                        error=problem("test-xhr")
                        rows=4
                    />
                    <div class="field">
                        <label class="field__label" for=timeout_id.clone()>
                            "Timeout (ms)"
                        </label>
                        <input
                            id=timeout_id.clone()
                            class="input input--narrow"
                            inputmode="numeric"
                            aria-invalid=move || {
                                problem("test-timeout").with(Option::is_some).then_some("true")
                            }
                            prop:value=move || timeout.get()
                            on:input=move |ev| timeout.set(event_target_value(&ev))
                        />
                        {move || {
                            problem("test-timeout")
                                .get()
                                .map(|m| view! { <p class="field__error">{m}</p> })
                        }}
                    </div>
                </details>
                <div class="function-test__actions">
                    <button
                        type="button"
                        class="btn btn--primary"
                        disabled=move || running.get().is_some()
                        aria-keyshortcuts="Control+Enter"
                        on:click=move |_| run_in_browser()
                    >
                        "Run in browser"
                    </button>
                    <button
                        type="button"
                        class="btn btn--secondary"
                        disabled=move || running.get().is_some()
                        on:click=move |_| run_on_server()
                    >
                        "Run on server"
                    </button>
                    <button
                        type="button"
                        class="btn btn--danger"
                        disabled=move || running.get() != Some(Engine::Browser)
                        on:click=move |_| stop()
                    >
                        "Stop"
                    </button>
                    <span class="muted">"Ctrl+Enter runs in the browser."</span>
                </div>
                <div class="function-test__save">
                    <div class="field">
                        <label class="field__label" for=save_id.clone()>
                            "Test input name"
                        </label>
                        <input
                            id=save_id
                            class="input"
                            prop:value=move || save_name.get()
                            on:input=move |ev| save_name.set(event_target_value(&ev))
                        />
                    </div>
                    <button type="button" class="btn btn--secondary" on:click=move |_| save()>
                        "Save test input"
                    </button>
                    <span class="muted" role="status">
                        {move || save_note.get()}
                    </span>
                </div>
            </div>
            <div class="function-test__result" role="region" aria-label="Test result">
                <p role="status" class="function-test__status">
                    {move || match running.get() {
                        Some(engine) => {
                            let where_ = if engine == Engine::Browser {
                                "in the browser"
                            } else {
                                "on the server"
                            };
                            format!(
                                "Running {where_}… {:.1} s",
                                f64::from(elapsed.get()) / 1000.0,
                            )
                        }
                        None => result.with(|r| r.as_ref().map(summary).unwrap_or_default()),
                    }}
                </p>
                {move || running.get().map(|_| view! { <Busy>"Running the test…"</Busy> })}
                {move || server_error.get().map(|error| view! { <ErrorView error /> })}
                {move || result.get().map(|r| view! { <ResultView result=r on_jump /> })}
            </div>
        </div>
    }
}

/// A labelled JSON text area, with its problem under it.
#[component]
fn JsonField(
    id: String,
    label: &'static str,
    value: RwSignal<String>,
    error: Signal<Option<String>>,
    rows: u32,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    view! {
        <div class="field" class:field--invalid=move || error.with(Option::is_some)>
            <label class="field__label" for=id.clone()>
                {label}
            </label>
            <textarea
                id=id
                class="input input--code"
                rows=rows
                spellcheck="false"
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=error_id.clone()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            ></textarea>
            <p class="field__error" id=error_id hidden=move || error.with(Option::is_none)>
                {move || error.get().unwrap_or_default()}
            </p>
        </div>
    }
}

/// "ok, in the browser, 12 ms": the line the status region says when a run ends.
fn summary(r: &RunResult) -> String {
    let engine = match r.engine.as_str() {
        "browser" => "in the browser".to_owned(),
        "" => "".to_owned(),
        other => format!("on the server ({other})"),
    };
    let duration = r
        .duration_ms
        .map(|ms| format!(", {ms:.0} ms"))
        .unwrap_or_default();
    format!("Finished {engine}{duration}: {}.", outcome_words(r))
}

fn outcome_words(r: &RunResult) -> String {
    match r.outcome.kind.as_str() {
        "ok" => "ok".into(),
        "abort" => "abort".into(),
        "response" => format!("response {}", r.outcome.status.unwrap_or(200)),
        "error" => "error".into(),
        "none" => "no ok(), abort() or send() was returned".into(),
        other => other.to_owned(),
    }
}

/// What the run did, part by part.
#[component]
fn ResultView(result: RunResult, on_jump: Callback<(u32, u32)>) -> impl IntoView {
    let outcome = outcome_words(&result);
    let tone = match result.outcome.kind.as_str() {
        "ok" | "response" => "ok",
        "abort" | "none" => "warn",
        _ => "error",
    };
    let detail = match result.outcome.kind.as_str() {
        "abort" => result.outcome.reason.as_ref().map(show),
        "response" => Some(format!(
            "status {}\nheaders {}\nbody {}",
            result.outcome.status.unwrap_or(200),
            result
                .outcome
                .headers
                .as_ref()
                .map(show)
                .unwrap_or_else(|| "{}".into()),
            result.outcome.body.as_ref().map(show).unwrap_or_default()
        )),
        _ => None,
    };
    let errors = result.errors.clone();
    let message_diff = match (&result.message_before, &result.message_after) {
        (Some(before), Some(after)) => Some((show(before), show(after))),
        _ => None,
    };
    let published = result.published.clone();
    let console_lines = result.console.clone();
    let calls = call_counts(&result);
    let kv = kv_changes(&result);
    view! {
        <h3 class="function-test__outcome">
            "Outcome: " <span class=format!("badge badge--{tone}")>{outcome}</span>
        </h3>
        {detail
            .map(|d| {
                view! {
                    <pre class="function-test__pre" tabindex="0">
                        {d}
                    </pre>
                }
            })}
        {(!errors.is_empty())
            .then(|| {
                view! {
                    <h4>"Errors"</h4>
                    <ul class="function-test__errors">
                        {errors
                            .into_iter()
                            .map(|e| {
                                let text = e.describe();
                                match (e.line, e.column) {
                                    (Some(line), column) => {
                                        let column = column.unwrap_or(1);
                                        view! {
                                            <li>
                                                <button
                                                    type="button"
                                                    class="link-button"
                                                    title="Move the cursor there"
                                                    on:click=move |_| on_jump.run((line, column))
                                                >
                                                    {text}
                                                </button>
                                            </li>
                                        }
                                            .into_any()
                                    }
                                    _ => view! { <li>{text}</li> }.into_any(),
                                }
                            })
                            .collect_view()}
                    </ul>
                }
            })}
        {message_diff.map(|(before, after)| view! { <MessageDiff before after /> })}
        <ResultTable
            title="Would publish"
            columns=["Call", "Channel", "Message"]
            empty="Nothing."
            rows=published
                .into_iter()
                .map(|p| {
                    view! {
                        <tr>
                            <td>{p.kind}</td>
                            <td>{p.channel}</td>
                            <td>
                                <code>{serde_json::to_string(&p.message).unwrap_or_default()}</code>
                            </td>
                        </tr>
                    }
                        .into_any()
                })
                .collect()
        />
        <h4>"Console"</h4>
        {if console_lines.is_empty() {
            view! { <p class="muted">"No output."</p> }.into_any()
        } else {
            view! {
                <ol class="function-test__console" aria-label="Console output">
                    {console_lines
                        .into_iter()
                        .map(|l| {
                            view! {
                                <li class=format!("console--{}", l.level)>
                                    <code>{l.text}</code>
                                </li>
                            }
                        })
                        .collect_view()}
                </ol>
            }
                .into_any()
        }}
        <ResultTable
            title="Calls against the limits of one run"
            columns=["Module", "Calls", "Limit"]
            class="function-test__calls"
            rows=calls
                .into_iter()
                .map(|(module, count, limit)| {
                    let over = limit.is_some_and(|l| count > l);
                    view! {
                        <tr class:function-test__over=over>
                            <th scope="row">{module}</th>
                            <td class="numeric">
                                {format!("{count}{}", if over { " (over)" } else { "" })}
                            </td>
                            <td class="numeric">
                                {limit.map(|l| l.to_string()).unwrap_or_else(|| "—".into())}
                            </td>
                        </tr>
                    }
                        .into_any()
                })
                .collect()
        />
        <ResultTable
            title="KV store changes"
            columns=["Key", "Before", "After"]
            empty="No change."
            rows=kv
                .into_iter()
                .map(|(key, change)| {
                    let text = |v: &serde_json::Value| serde_json::to_string(v).unwrap_or_default();
                    let (before, after) = match &change {
                        KvChange::Added(v) => ("—".to_owned(), text(v)),
                        KvChange::Removed(v) => (text(v), "—".to_owned()),
                        KvChange::Changed { before, after } => (text(before), text(after)),
                    };
                    view! {
                        <tr>
                            <th scope="row">
                                <code>{key}</code>
                            </th>
                            <td>
                                <code>{before}</code>
                            </td>
                            <td>
                                <code>{after}</code>
                            </td>
                        </tr>
                    }
                        .into_any()
                })
                .collect()
        />
    }
}

/// One table of a run's result under its heading, which is also its caption; `empty` in its
/// place when it has no rows (a table without `empty` is shown even then).
#[component]
fn ResultTable(
    title: &'static str,
    columns: [&'static str; 3],
    rows: Vec<AnyView>,
    #[prop(optional)] empty: Option<&'static str>,
    #[prop(optional)] class: &'static str,
) -> impl IntoView {
    let class = if class.is_empty() {
        "table".to_owned()
    } else {
        format!("table {class}")
    };
    let table = match empty {
        Some(text) if rows.is_empty() => view! { <p class="muted">{text}</p> }.into_any(),
        _ => view! {
            <table class=class>
                <caption class="visually-hidden">{title}</caption>
                <thead>
                    <tr>
                        {columns
                            .into_iter()
                            .map(|c| view! { <th scope="col">{c}</th> })
                            .collect_view()}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any(),
    };
    view! {
        <h4>{title}</h4>
        {table}
    }
}

/// The message before and after the function, line by line.
#[component]
fn MessageDiff(before: String, after: String) -> impl IntoView {
    let lines = RwSignal::new(None);
    leptos::task::spawn_local(async move { lines.set(Some(line_diff(&before, &after).await)) });
    view! {
        <h4>"Message after the function"</h4>
        {move || match lines.get() {
            None => view! { <Busy>"Comparing…"</Busy> }.into_any(),
            Some(Ok(lines)) => {
                view! { <DiffLines lines name="the message".to_owned() /> }.into_any()
            }
            Some(Err(why)) => {
                view! { <p role="alert">{format!("The diff could not be shown: {why}")}</p> }
                    .into_any()
            }
        }}
    }
}
