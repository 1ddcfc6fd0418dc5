//! What a run did: the status line while it runs and when it ends, then its outcome,
//! errors (each a link to its place in the code), the message after the function, what it
//! would publish, its console, its calls against the limits and its KV changes.

use leptos::prelude::*;

use super::runner::TestRunner;
use crate::{
    components::{Busy, ErrorView},
    editor::{line_diff, DiffLines},
    function_test::{
        call_cells, call_counts, kv_changes, outcome_detail, outcome_tone, outcome_words,
        running_status, show, summary, RunResult,
    },
};

/// The right side of the Test tab: where the run under way stands, or what the last one did.
#[component]
pub fn ResultPanel(runner: TestRunner, on_jump: Callback<(u32, u32)>) -> impl IntoView {
    view! {
        <div class="function-test__result" role="region" aria-label="Test result">
            <p role="status" class="function-test__status">
                {move || match runner.running.get() {
                    Some(engine) => running_status(engine, runner.elapsed.get()),
                    None => runner.result.with(|r| r.as_ref().map(summary).unwrap_or_default()),
                }}
            </p>
            {move || runner.busy().then(|| view! { <Busy>"Running the test…"</Busy> })}
            {move || runner.server_error.get().map(|error| view! { <ErrorView error /> })}
            {move || runner.result.get().map(|r| view! { <ResultView result=r on_jump /> })}
        </div>
    }
}

/// What the run did, part by part.
#[component]
fn ResultView(result: RunResult, on_jump: Callback<(u32, u32)>) -> impl IntoView {
    let (outcome, tone, detail) = (
        outcome_words(&result),
        outcome_tone(&result),
        outcome_detail(&result),
    );
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
                    let (count, limit, over) = call_cells(count, limit);
                    view! {
                        <tr class:function-test__over=over>
                            <th scope="row">{module}</th>
                            <td class="numeric">{count}</td>
                            <td class="numeric">{limit}</td>
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
                    let (before, after) = change.cells();
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
