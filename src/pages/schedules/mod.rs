//! Scheduled events: the Schedules page (every event of the account on a 14-day timeline) and
//! the pieces a deployment's page shares with it: the browser's clock and time zone, an
//! action's state and countdown, the table of events. The rules (local time ↔ UTC, the
//! countdown, the timeline's layout) are plain Rust in [`crate::schedules`].

mod list;

use faas_api::schedule::{ActionState, ActionType, ScheduledAction, ScheduledEvent};
use leptos::prelude::*;
use wasm_bindgen::JsValue;

pub use list::SchedulesPage;

use crate::{
    components::use_polling,
    format::parse_timestamp,
    routes::Route,
    schedules::{countdown, offset_text, utc_to_local},
};

/// The browser's offset from UTC at `ms`, in minutes east (JavaScript counts them west).
pub fn browser_offset(ms: i64) -> i32 {
    let date = js_sys::Date::new(&JsValue::from_f64(ms as f64));
    -(date.get_timezone_offset() as i32)
}

/// The browser's time zone as people read it: "Europe/Paris (UTC+01:00)".
pub fn browser_zone() -> String {
    let options = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new())
        .resolved_options();
    let name = js_sys::Reflect::get(&options, &JsValue::from_str("timeZone"))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| "your time zone".into());
    let offset = offset_text(browser_offset(js_sys::Date::now() as i64));
    if name == offset {
        name
    } else {
        format!("{name} ({offset})")
    }
}

/// The API's UTC time in the browser's local time: `2026-01-15 10:30:00`.
pub fn local_text(dttm: &str) -> String {
    parse_timestamp(dttm).map_or_else(
        || dttm.to_owned(),
        |ms| utc_to_local(ms, browser_offset).replacen('T', " ", 1),
    )
}

/// The clock the countdowns read: ticks every second while `ticking`, else stands still.
pub fn use_clock(ticking: Signal<bool>) -> RwSignal<i64> {
    let now = RwSignal::new(js_sys::Date::now() as i64);
    use_polling(
        Signal::derive(move || ticking.get().then_some(1_000)),
        move || now.set(js_sys::Date::now() as i64),
    );
    now
}

pub fn action_label(kind: ActionType) -> &'static str {
    match kind {
        ActionType::Start => "Start",
        ActionType::Stop => "Stop",
    }
}

/// An action's state in words, toned, with its countdown while pending and its reason once
/// failed.
#[component]
pub fn ActionStatus(
    state: ActionState,
    dttm: String,
    error: Option<String>,
    now: RwSignal<i64>,
) -> impl IntoView {
    let badge = match state {
        ActionState::Pending => "badge badge--starting",
        ActionState::Done => "badge badge--running",
        ActionState::Failed => "badge badge--failed",
    };
    let due = parse_timestamp(&dttm);
    view! {
        <span class=badge>{state.as_str()}</span>
        {(state == ActionState::Pending)
            .then(|| {
                due.map(|due| {
                    view! { <span class="countdown">" " {move || countdown(due, now.get())}</span> }
                })
            })}
        {error.map(|e| view! { <p class="action-error">{e}</p> })}
    }
}

/// One action in a table cell: its local time (UTC in the tooltip) and its state.
#[component]
fn ActionCell(action: Option<ScheduledAction>, now: RwSignal<i64>) -> impl IntoView {
    let Some(action) = action else {
        return view! { <span class="muted">"Never"</span> }.into_any();
    };
    view! {
        <time datetime=action.dttm.clone() title=format!("{} UTC", action.dttm)>
            {local_text(&action.dttm)}
        </time>
        " "
        <ActionStatus state=action.state dttm=action.dttm error=action.error now />
    }
    .into_any()
}

/// What a row of the table offers: edit and delete, on a deployment's page.
#[derive(Clone, Copy)]
pub struct RowActions {
    pub edit: Callback<ScheduledEvent>,
    pub delete: Callback<ScheduledEvent>,
}

/// Events with their start and stop, each action's state, countdown and failure reason.
#[component]
pub fn EventsTable(
    #[prop(into)] events: Signal<Vec<ScheduledEvent>>,
    now: RwSignal<i64>,
    /// The table's name.
    caption: &'static str,
    /// A column that links each event's deployment (the Schedules page), named by this.
    #[prop(optional)]
    deployment_name: Option<Callback<String, String>>,
    #[prop(optional)] actions: Option<RowActions>,
) -> impl IntoView {
    view! {
        <div class="table-wrap" role="region" aria-label=caption tabindex="0">
            <table class="table events-table">
                <caption class="visually-hidden">{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Event"</th>
                        {deployment_name
                            .is_some()
                            .then(|| view! { <th scope="col">"Deployment"</th> })}
                        <th scope="col">"Start"</th>
                        <th scope="col">"Stop"</th>
                        {actions.is_some().then(|| view! { <th scope="col">"Actions"</th> })}
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        events
                            .get()
                            .into_iter()
                            .map(|event| {
                                let name = event_name(&event);
                                let start = event
                                    .scheduled_actions
                                    .iter()
                                    .find(|a| a.action_type == ActionType::Start)
                                    .cloned();
                                let stop = event
                                    .scheduled_actions
                                    .iter()
                                    .find(|a| a.action_type == ActionType::Stop)
                                    .cloned();
                                let deployment = deployment_name
                                    .map(|name| {
                                        let id = event.package_deployment_id.clone();
                                        let href = Route::Deployment(id.clone()).href();
                                        view! {
                                            <td>
                                                <a href=href>{name.run(id)}</a>
                                            </td>
                                        }
                                    });
                                let buttons = actions
                                    .map(|a| {
                                        let editable = event
                                            .scheduled_actions
                                            .iter()
                                            .any(|x| x.state == ActionState::Pending);
                                        let (for_edit, for_delete) = (event.clone(), event.clone());
                                        view! {
                                            <td>
                                                <div
                                                    class="actions"
                                                    role="group"
                                                    aria-label=format!("Actions on {name}")
                                                >
                                                    {editable
                                                        .then(|| {
                                                            view! {
                                                                <button
                                                                    type="button"
                                                                    class="btn btn--secondary btn--small"
                                                                    on:click=move |_| a.edit.run(for_edit.clone())
                                                                >
                                                                    "Edit"
                                                                </button>
                                                                <button
                                                                    type="button"
                                                                    class="btn btn--secondary btn--small btn--danger-text"
                                                                    on:click=move |_| a.delete.run(for_delete.clone())
                                                                >
                                                                    "Delete"
                                                                </button>
                                                            }
                                                        })}
                                                </div>
                                            </td>
                                        }
                                    });
                                view! {
                                    <tr>
                                        <th scope="row">{name.clone()}</th>
                                        {deployment}
                                        <td>
                                            <ActionCell action=start now />
                                        </td>
                                        <td>
                                            <ActionCell action=stop now />
                                        </td>
                                        {buttons}
                                    </tr>
                                }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
        </div>
    }
}

/// What to call an event: its description, or "Event at <local start>".
pub fn event_name(event: &ScheduledEvent) -> String {
    if event.description.trim().is_empty() {
        format!("Event at {}", local_text(&event.dttm_begin))
    } else {
        event.description.clone()
    }
}
