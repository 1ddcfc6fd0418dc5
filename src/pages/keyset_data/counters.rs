//! The Counters tab: the table of one page of counters, and the panel that steps one up or
//! down by any integer, sets it to a value or resets it to 0 (a counter only moves by steps:
//! a set is the step from its value now to the target).

use faas_api::kv::{Counter, KvKind};
use leptos::prelude::*;

use super::{
    delete::{Deletable, DeleteDialog},
    empty_text, DataPage, Expiry, KvList, ListStatus, RowActions, TokenPager,
};
use crate::{
    api::{self, ApiError},
    components::{ErrorView, Request, TextField},
    keyset_data::{key_problem_text, parse_integer, step_to},
};

#[component]
pub fn CountersTab(page: DataPage) -> impl IntoView {
    let list = KvList::<Counter>::new(page, KvKind::Counters);
    // The counter the panel changes: `Some(None)` for a new one.
    let changing = RwSignal::new(None::<Option<String>>);
    let deleting = RwSignal::new(None::<String>);
    let on_changed = Callback::new(move |counter: Counter| {
        page.notice.set(None);
        page.said
            .set(format!("“{}” is now {}.", counter.key, counter.value));
        if changing.with_untracked(|c| matches!(c, Some(None))) {
            changing.set(Some(Some(counter.key.clone())));
        }
        list.changed(counter);
    });
    let rows = move || {
        list.rows
            .get()
            .into_iter()
            .map(|counter| {
                let key = counter.key.clone();
                let change = {
                    let key = key.clone();
                    Callback::new(move |()| changing.set(Some(Some(key.clone()))))
                };
                let delete = {
                    let key = key.clone();
                    Callback::new(move |()| deleting.set(Some(key.clone())))
                };
                view! {
                    <tr>
                        <th scope="row">
                            <code class="mono">{key.clone()}</code>
                        </th>
                        <td class="num">{counter.value}</td>
                        <td>
                            <Expiry at=counter.expires_dttm.clone() />
                        </td>
                        <RowActions
                            change="Change"
                            change_label=format!("Change {key}")
                            on_change=change
                            delete_label=format!("Delete {key}")
                            on_delete=delete
                        />
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <section class="section" aria-labelledby="counters-heading">
            <div class="card__header">
                <h2 id="counters-heading">"Counters"</h2>
                <button
                    type="button"
                    class="btn btn--primary"
                    on:click=move |_| changing.set(Some(None))
                >
                    "Add a counter"
                </button>
            </div>
            {move || {
                changing
                    .get()
                    .map(|key| {
                        let current = Signal::derive({
                            let key = key.clone();
                            move || {
                                key.as_ref()
                                    .and_then(|k| {
                                        list.rows
                                            .with(|rows| {
                                                rows.iter().find(|c| &c.key == k).map(|c| c.value)
                                            })
                                    })
                            }
                        });
                        view! {
                            <CounterPanel
                                page
                                key
                                current
                                on_changed
                                on_close=Callback::new(move |()| changing.set(None))
                            />
                        }
                    })
            }}
            <ListStatus live=list.live loading="Loading the counters…" />
            {move || {
                if list.live.answered() && list.rows.with(Vec::is_empty) {
                    view! { <p class="muted">{empty_text(page, "counters")}</p> }.into_any()
                } else {
                    view! {
                        <div class="table-wrap" role="region" aria-label="Counters" tabindex="0">
                            <table class="table">
                                <caption>"Counters"</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">"Key"</th>
                                        <th scope="col">"Value"</th>
                                        <th scope="col">"Expires"</th>
                                        <th scope="col">
                                            <span class="visually-hidden">"Actions"</span>
                                        </th>
                                    </tr>
                                </thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    }
                        .into_any()
                }
            }}
            <TokenPager page next=list.next />
            <DeleteDialog
                page
                what=Deletable::Entry(KvKind::Counters)
                target=deleting
                on_gone=Callback::new(move |key: String| {
                    if changing
                        .with_untracked(|c| c.as_ref().and_then(Option::as_ref) == Some(&key))
                    {
                        changing.set(None);
                    }
                    list.removed(&key);
                })
            />
        </section>
    }
}

/// What a button of the panel does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    Increment,
    Decrement,
    Set,
    Reset,
}

/// Steps a counter (a new one: its key first) by any integer either way, sets it to a value
/// or resets it to 0.
#[component]
fn CounterPanel(
    page: DataPage,
    /// `None` for a new counter, whose key is typed here.
    key: Option<String>,
    /// Its value as the table shows it.
    current: Signal<Option<i64>>,
    on_changed: Callback<Counter>,
    on_close: Callback<()>,
) -> impl IntoView {
    let is_new = key.is_none();
    let key_text = RwSignal::new(key.clone().unwrap_or_default());
    let by = RwSignal::new("1".to_owned());
    let target = RwSignal::new("0".to_owned());
    let problem = RwSignal::new(None::<(&'static str, String)>);
    let error = RwSignal::new(None::<ApiError>);
    let request = Request::new();
    let problem_of = move |field: &'static str| {
        Signal::derive(move || {
            problem.with(|p| {
                p.as_ref()
                    .filter(|(f, _)| *f == field)
                    .map(|(_, m)| m.clone())
            })
        })
    };
    let run = move |change: Change| {
        problem.set(None);
        error.set(None);
        let key = key_text.get_untracked();
        if let Some(message) = key_problem_text(&key) {
            problem.set(Some(("counter-key", message)));
            return;
        }
        let amount = match change {
            Change::Increment | Change::Decrement => by.with_untracked(|t| parse_integer(t)),
            Change::Set => target.with_untracked(|t| parse_integer(t)),
            Change::Reset => Ok(0),
        };
        let amount = match amount {
            Ok(amount) => amount,
            Err(message) => {
                let field = if change == Change::Set {
                    "counter-target"
                } else {
                    "counter-by"
                };
                problem.set(Some((field, message)));
                return;
            }
        };
        let (client, subkey) = (page.client(), page.subkey());
        // Fails with `Ok(problem)` when no step can do it (past the 64-bit integers), shown
        // under the field, or with `Err(error)` when the API refused.
        request.start(
            async move {
                let step = match change {
                    Change::Increment => Ok(amount),
                    Change::Decrement => amount
                        .checked_neg()
                        .ok_or_else(|| format!("{amount} cannot be subtracted.")),
                    Change::Set | Change::Reset => {
                        // The value now, not the table's: a set lands on the target even if a
                        // function moved the counter meanwhile. A counter gone is at 0.
                        let now = match api::kv::get_counter(&client, &subkey, &key).await {
                            Ok(counter) => counter.value,
                            Err(e) if e.status() == Some(404) => 0,
                            Err(e) => return Err(Err(e)),
                        };
                        step_to(now, amount)
                    }
                };
                let step = step.map_err(Ok)?;
                api::kv::step_counter(&client, &subkey, &key, step)
                    .await
                    .map_err(Err)
            },
            move |result: Result<Counter, Result<String, ApiError>>| match result {
                Ok(counter) => on_changed.run(counter),
                Err(Ok(message)) => problem.set(Some(("counter-by", message))),
                Err(Err(failure)) => error.set(Some(failure)),
            },
        );
    };
    let heading = match &key {
        Some(k) => format!("Change the counter “{k}”"),
        None => "Add a counter".to_owned(),
    };
    let button = move |change: Change, label: &'static str, class: &'static str| {
        view! {
            <button
                type="button"
                class=class
                disabled=move || request.pending()
                on:click=move |_| run(change)
            >
                {label}
            </button>
        }
    };
    view! {
        <section class="form card" aria-label=heading.clone()>
            <h3>{heading.clone()}</h3>
            {is_new
                .then(|| {
                    view! {
                        <TextField
                            id="counter-key"
                            label="Key"
                            hint="A new counter starts at 0 and takes the first step."
                            value=key_text
                            error=problem_of("counter-key")
                            required=true
                        />
                    }
                })}
            {move || {
                current
                    .get()
                    .map(|value| {
                        view! { <p>"Now " <strong>{value}</strong></p> }
                    })
            }}
            <TextField
                id="counter-by"
                label="Step"
                hint="Any whole number; increment adds it, decrement subtracts it."
                value=by
                error=problem_of("counter-by")
            />
            <div class="form__actions">
                {button(Change::Increment, "Increment", "btn btn--primary")}
                {button(Change::Decrement, "Decrement", "btn btn--secondary")}
            </div>
            <TextField
                id="counter-target"
                label="Set to"
                value=target
                error=problem_of("counter-target")
            />
            <div class="form__actions">
                {button(Change::Set, "Set", "btn btn--secondary")}
                {button(Change::Reset, "Reset to 0", "btn btn--secondary")}
                <button type="button" class="btn btn--ghost" on:click=move |_| on_close.run(())>
                    "Close"
                </button>
            </div>
            {move || error.get().map(|error| view! { <ErrorView error /> })}
        </section>
    }
}
