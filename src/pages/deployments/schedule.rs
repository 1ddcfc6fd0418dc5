//! A deployment's schedule: its events with each action's state, countdown and failure
//! reason; "Schedule" to add one (start and optional stop, in the browser's local time with
//! the UTC shown); edit and delete, each confirmed. While an action is pending the section
//! reads again, faster as it comes due, and has the page read the deployment again, so a
//! scheduled start shows without a reload.

use faas_api::{
    schedule::{ActionState, CreateScheduledEvent, ScheduledEvent, UpdateScheduledEvent},
    PackageDeployment,
};
use leptos::prelude::*;

use super::watch::Watch;
use crate::{
    api::{self, ApiError, Client},
    components::{
        focus_element, mount_on_first_use, open_while_some, use_live_query, Busy, ConfirmDialog,
        ErrorView, Request,
    },
    connection::store::use_connection,
    format::parse_timestamp,
    pages::schedules::{
        browser_offset, browser_zone, event_name, use_clock, EventsTable, RowActions,
    },
    schedules::{local_to_utc, pace, pending_due, utc_text, utc_to_local},
};

#[component]
pub fn DeploymentSchedules(
    deployment: RwSignal<PackageDeployment>,
    /// What to call the deployment in messages.
    #[prop(into)]
    what: Signal<String>,
    /// Has the page read the deployment again.
    on_changed: Callback<()>,
) -> impl IntoView {
    let id = deployment.with_untracked(|d| d.id.clone());
    let watch = Watch::use_watch();
    let events = RwSignal::new(Vec::<ScheduledEvent>::new());
    let any_pending = Memo::new(move |_| {
        events.with(|list| list.iter().any(|e| pending_due(e).next().is_some()))
    });
    let now = use_clock(any_pending.into());
    // A memo, so that the clock's ticks change the pace only when it changes.
    let pace_ms = Memo::new(move |_| {
        let now_ms = now.get();
        events.with(|list| pace(list.iter().flat_map(pending_due), now_ms))
    });
    let read_id = id.clone();
    let live = use_live_query(
        move |client| {
            let id = read_id.clone();
            async move { api::schedules::list(&client, Some(&id)).await }
        },
        move |fresh: Vec<ScheduledEvent>, _| {
            let now_ms = js_sys::Date::now() as i64;
            // An action that ran, or one due whose deployment is starting: the page reads
            // the deployment again to show what it did.
            let moved = events.with_untracked(|old| action_states(old) != action_states(&fresh));
            let due = fresh.iter().flat_map(pending_due).any(|t| t <= now_ms);
            if moved || due {
                on_changed.run(());
            }
            if moved {
                if let Some(text) = ran_text(&events.get_untracked(), &fresh) {
                    watch.say(text);
                }
            }
            events.set(fresh);
        },
        move || pace_ms.get(),
    );
    let load_error = live.error();
    let editing = RwSignal::new(None::<Editing>);
    let deleting = RwSignal::new(None::<ScheduledEvent>);
    let actions = RowActions {
        edit: Callback::new(move |event: ScheduledEvent| editing.set(Some(Editing::Event(event)))),
        delete: Callback::new(move |event| deleting.set(Some(event))),
    };
    let on_saved = Callback::new(move |text: String| {
        watch.say(text);
        editing.set(None);
        live.refresh();
    });
    view! {
        <section class="section" aria-labelledby="schedule-heading">
            <div class="page-header">
                <h2 id="schedule-heading">"Schedule"</h2>
                <button
                    type="button"
                    class="btn btn--secondary"
                    aria-expanded=move || {
                        editing.with(|e| matches!(e, Some(Editing::New))).to_string()
                    }
                    on:click=move |_| editing.set(Some(Editing::New))
                >
                    "Schedule"
                </button>
            </div>
            {mount_on_first_use(
                move || editing.with(Option::is_some) || deleting.with(Option::is_some),
                move || {
                    let edits = ScheduleEdits {
                        deployment_id: id.clone(),
                        what,
                        editing,
                        deleting,
                        on_saved,
                    };
                    schedule_edits_view(edits)
                },
            )}
            {move || load_error.get().map(|error| view! { <ErrorView error /> })}
            {move || {
                if !live.answered() {
                    view! { <Busy>"Loading the schedule…"</Busy> }.into_any()
                } else if events.with(Vec::is_empty) {
                    view! { <p class="muted">"Nothing is scheduled for this deployment."</p> }
                        .into_any()
                } else {
                    view! {
                        <EventsTable
                            events
                            now
                            caption="Scheduled events of this deployment"
                            actions
                        />
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

/// What the form and the delete dialog of a deployment's schedule share with the section.
struct ScheduleEdits {
    deployment_id: String,
    what: Signal<String>,
    /// The form is shown while it is `Some`.
    editing: RwSignal<Option<Editing>>,
    /// The delete dialog is open while it is `Some`.
    deleting: RwSignal<Option<ScheduledEvent>>,
    on_saved: Callback<String>,
}

on_demand! {
    /// The schedule's form and delete dialog, in a module of their own fetched when one is
    /// first wanted: most visits to a deployment change nothing in its schedule.
    async fn schedule_edits_view(edits: ScheduleEdits) in schedule_edits {
        let ScheduleEdits {
            deployment_id,
            what,
            editing,
            deleting,
            on_saved,
        } = edits;
        view! {
            {move || {
                editing
                    .get()
                    .map(|editing_now| {
                        view! {
                            <ScheduleForm
                                deployment_id=deployment_id.clone()
                                what
                                editing=editing_now
                                on_saved
                                on_cancel=Callback::new(move |()| editing.set(None))
                            />
                        }
                    })
            }}
            <DeleteEvent target=deleting on_deleted=on_saved />
        }
    } else "The schedule's form"
}

/// Every action's (id, state), to tell when one has run.
fn action_states(events: &[ScheduledEvent]) -> Vec<(String, ActionState)> {
    events
        .iter()
        .flat_map(|e| e.scheduled_actions.iter().map(|a| (a.id.clone(), a.state)))
        .collect()
}

/// "The scheduled Start is DONE." for the first action whose state moved.
fn ran_text(before: &[ScheduledEvent], after: &[ScheduledEvent]) -> Option<String> {
    let old = action_states(before);
    after
        .iter()
        .flat_map(|e| &e.scheduled_actions)
        .find_map(|a| {
            let was = old.iter().find(|(id, _)| *id == a.id).map(|(_, s)| *s);
            (was.is_some() && was != Some(a.state)).then(|| {
                let kind = crate::pages::schedules::action_label(a.action_type);
                match &a.error {
                    Some(why) => format!("The scheduled {kind} FAILED: {why}"),
                    None => format!("The scheduled {kind} is {}.", a.state.as_str()),
                }
            })
        })
}

/// What the form is for.
#[derive(Debug, Clone)]
enum Editing {
    New,
    Event(ScheduledEvent),
}

/// A time field's UTC, as the API will have it: "UTC: 2026-01-15T09:30:00.000Z".
fn utc_of(value: &str) -> Option<i64> {
    local_to_utc(value, browser_offset)
}

#[component]
fn ScheduleForm(
    deployment_id: String,
    what: Signal<String>,
    editing: Editing,
    on_saved: Callback<String>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let store = use_connection();
    let request = Request::new();
    let local = |dttm: &str| {
        parse_timestamp(dttm)
            .map(|ms| utc_to_local(ms, browser_offset))
            .unwrap_or_default()
    };
    let (start0, stop0, description0, event_id, start_ran) = match &editing {
        Editing::New => (String::new(), String::new(), String::new(), None, false),
        Editing::Event(e) => (
            local(&e.dttm_begin),
            e.dttm_end.as_deref().map(local).unwrap_or_default(),
            e.description.clone(),
            Some(e.id.clone()),
            e.scheduled_actions.iter().any(|a| {
                a.action_type == faas_api::schedule::ActionType::Start
                    && a.state != ActionState::Pending
            }),
        ),
    };
    let start = RwSignal::new(start0);
    let stop = RwSignal::new(stop0);
    let description = RwSignal::new(description0);
    let start_problem = RwSignal::new(None::<&'static str>);
    let error = RwSignal::new(None::<ApiError>);
    let zone = browser_zone();
    let heading = if event_id.is_some() {
        "Edit the event"
    } else {
        "Schedule a start"
    };
    let submit_label = if event_id.is_some() {
        "Save the event"
    } else {
        "Schedule it"
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(begin) = utc_of(&start.get_untracked()) else {
            start_problem.set(Some("Choose when the deployment starts."));
            focus_element("schedule-start");
            return;
        };
        start_problem.set(None);
        let end = utc_of(&stop.get_untracked()).map(utc_text);
        let text = description.get_untracked();
        let description = (!text.trim().is_empty()).then_some(text);
        let client = Client::new(store.get_untracked());
        let (deployment_id, event_id) = (deployment_id.clone(), event_id.clone());
        let what = what.get_untracked();
        request.start(
            async move {
                match event_id {
                    None => {
                        let body = CreateScheduledEvent {
                            package_deployment_id: deployment_id,
                            dttm_begin: utc_text(begin),
                            dttm_end: end,
                            description,
                        };
                        api::schedules::create(&client, &body).await
                    }
                    Some(id) => {
                        let body = UpdateScheduledEvent {
                            dttm_begin: utc_text(begin),
                            dttm_end: end,
                            description,
                        };
                        api::schedules::update(&client, &id, &body).await
                    }
                }
            },
            move |result| match result {
                Ok(event) => on_saved.run(format!(
                    "Scheduled: {what} starts at {}.",
                    crate::pages::schedules::local_text(&event.dttm_begin)
                )),
                Err(e) => error.set(Some(e)),
            },
        );
    };
    let utc_hint = move |value: RwSignal<String>| {
        move || {
            value.with(|v| utc_of(v)).map_or_else(
                || "UTC: not set".to_owned(),
                |ms| format!("UTC: {}", utc_text(ms)),
            )
        }
    };
    view! {
        <form class="card form schedule-form" aria-label=heading novalidate on:submit=submit>
            <h3>{heading}</h3>
            <p class="muted" id="schedule-zone">
                {format!("Times are in your time zone, {zone}.")}
            </p>
            <div class="schedule-form__row">
                <div class="field" class:field--invalid=move || start_problem.get().is_some()>
                    <label class="field__label" for="schedule-start">
                        "Start at"
                    </label>
                    <input
                        id="schedule-start"
                        class="input"
                        type="datetime-local"
                        step="1"
                        disabled=start_ran
                        aria-describedby=move || {
                            if start_problem.get().is_some() {
                                "schedule-zone schedule-start-utc schedule-start-error"
                            } else {
                                "schedule-zone schedule-start-utc"
                            }
                        }
                        prop:value=move || start.get()
                        on:input=move |ev| start.set(event_target_value(&ev))
                    />
                    <p class="field__hint" id="schedule-start-utc">
                        {utc_hint(start)}
                    </p>
                    {move || {
                        start_problem
                            .get()
                            .map(|text| {
                                view! {
                                    <p class="field__error" id="schedule-start-error">
                                        {text}
                                    </p>
                                }
                            })
                    }}
                </div>
                <div class="field">
                    <label class="field__label" for="schedule-stop">
                        "Stop at (optional)"
                    </label>
                    <input
                        id="schedule-stop"
                        class="input"
                        type="datetime-local"
                        step="1"
                        aria-describedby="schedule-zone schedule-stop-utc"
                        prop:value=move || stop.get()
                        on:input=move |ev| stop.set(event_target_value(&ev))
                    />
                    <p class="field__hint" id="schedule-stop-utc">
                        {utc_hint(stop)}
                    </p>
                </div>
                <div class="field">
                    <label class="field__label" for="schedule-description">
                        "Description (optional)"
                    </label>
                    <input
                        id="schedule-description"
                        class="input"
                        type="text"
                        prop:value=move || description.get()
                        on:input=move |ev| description.set(event_target_value(&ev))
                    />
                </div>
            </div>
            <div class="form__actions">
                <button type="submit" class="btn btn--primary" disabled=move || request.pending()>
                    {submit_label}
                </button>
                // Not while saving: the answer belongs to this form, which Cancel takes away.
                <button
                    type="button"
                    class="btn btn--secondary"
                    disabled=move || request.pending()
                    on:click=move |_| on_cancel.run(())
                >
                    "Cancel"
                </button>
                {move || request.pending().then(|| view! { <Busy>"Saving…"</Busy> })}
            </div>
            {move || error.get().map(|error| view! { <ErrorView error /> })}
        </form>
    }
}

/// Asks before deleting an event, and shows a refusal in the dialog.
#[component]
fn DeleteEvent(
    target: RwSignal<Option<ScheduledEvent>>,
    on_deleted: Callback<String>,
) -> impl IntoView {
    let store = use_connection();
    let request = Request::new();
    let error = RwSignal::new(None::<ApiError>);
    let open = open_while_some(target, move || error.set(None));
    let title = Signal::derive(move || {
        target.with(|t| {
            t.as_ref()
                .map(|e| format!("Delete the event “{}”?", event_name(e)))
                .unwrap_or_default()
        })
    });
    let delete = move |()| {
        let Some(event) = target.get_untracked() else {
            return;
        };
        let client = Client::new(store.get_untracked());
        request.start(
            async move {
                api::schedules::delete(&client, &event.id)
                    .await
                    .map(|()| event_name(&event))
            },
            move |result| match result {
                Ok(name) => {
                    target.set(None);
                    on_deleted.run(format!("Deleted the event “{name}”."));
                }
                Err(e) => error.set(Some(e)),
            },
        );
    };
    view! {
        <ConfirmDialog
            id="delete-event"
            open
            title
            confirm_label="Delete event"
            danger=true
            pending=Signal::derive(move || request.pending())
            on_confirm=Callback::new(delete)
        >
            <p>"Its actions that have not run yet will not run. The deployment stays as it is."</p>
            {move || error.get().map(|error| view! { <ErrorView error /> })}
        </ConfirmDialog>
    }
}
