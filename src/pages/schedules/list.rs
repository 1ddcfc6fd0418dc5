//! `/schedules`: every scheduled event of the account, its actions of the next 14 days on a
//! timeline (one row per local day, each action placed at its time of day), the events in a
//! table, filters in the URL, pending actions counting down and read again as they come due.

use std::collections::HashMap;

use faas_api::{
    schedule::{ActionType, EventState, ScheduledEvent},
    PackageDeployment,
};
use leptos::prelude::*;

use super::{action_label, browser_offset, browser_zone, use_clock, ActionStatus, EventsTable};
use crate::{
    account::use_account_keysets,
    api,
    components::{use_live_query, use_url_query, Busy, ErrorView, FilterSelect},
    pages::deployments::{describe, keyset_name, Names},
    routes::{Route, SchedulesQuery, Section},
    schedules::{pace, pending_due, timeline, TimelineDay, TIMELINE_DAYS},
};

#[component]
pub fn SchedulesPage() -> impl IntoView {
    super::super::set_title(Section::Schedules.title());
    Names::provide();
    let names = Names::use_names();
    let keysets = use_account_keysets();
    // The events' deployments, read once each, to name them "v2 of Chat Moderation on
    // Production"; `None` while on the way (or gone: the id is shown).
    let deployments = RwSignal::new(HashMap::<String, Option<PackageDeployment>>::new());
    let deployment_name = Callback::new(move |id: String| {
        deployments
            .with(|known| known.get(&id).cloned().flatten())
            .map_or_else(
                || format!("deployment {}", crate::deployments::short_id(&id)),
                |d| describe(names, keyset_name(keysets, d.keyset_id), &d),
            )
    });
    let (query, set_query) = use_url_query::<SchedulesQuery>();
    let all = RwSignal::new(Vec::<ScheduledEvent>::new());
    let any_pending =
        Memo::new(move |_| all.with(|l| l.iter().any(|e| pending_due(e).next().is_some())));
    let now = use_clock(any_pending.into());
    let pace_ms = Memo::new(move |_| {
        let now_ms = now.get();
        all.with(|list| pace(list.iter().flat_map(pending_due), now_ms))
    });
    let live = use_live_query(
        move |client| {
            let deployment = query.with(|q| q.deployment.clone());
            async move { api::schedules::list(&client, deployment.as_deref()).await }
        },
        move |events: Vec<ScheduledEvent>, client| {
            for event in &events {
                let id = event.package_deployment_id.clone();
                if deployments.with_untracked(|known| known.contains_key(&id)) {
                    continue;
                }
                deployments.update(|known| {
                    known.insert(id.clone(), None);
                });
                let client = client.clone();
                leptos::task::spawn_local(async move {
                    if let Ok(d) = api::deployments::get(&client, &id).await {
                        names.want_one(&client, d.package_revision_id.clone());
                        deployments.update(|known| {
                            known.insert(id, Some(d));
                        });
                    }
                });
            }
            all.set(events);
        },
        move || pace_ms.get(),
    );
    let load_error = live.error();
    let shown = Signal::derive(move || query.with(|q| q.filter(all.get())));
    // The timeline moves on with the clock only when the day changes or an action comes due:
    // the minute is enough.
    let minute = Memo::new(move |_| now.get() / 60_000);
    let days = Memo::new(move |_| {
        minute.track();
        shown.with(|events| timeline(events, js_sys::Date::now() as i64, browser_offset))
    });
    let state_options = Signal::derive(|| {
        EventState::ALL
            .iter()
            .map(|s| (s.as_str().to_owned(), s.as_str().to_owned()))
            .collect::<Vec<_>>()
    });
    let action_options = Signal::derive(|| {
        [ActionType::Start, ActionType::Stop]
            .iter()
            .map(|a| (a.as_str().to_owned(), action_label(*a).to_owned()))
            .collect::<Vec<_>>()
    });
    let deployment = move || query.with(|q| q.deployment.clone());
    view! {
        <div class="page-header">
            <h1>"Schedules"</h1>
        </div>
        <p class="muted">
            {format!(
                "Every scheduled start and stop of the account. Times are in your time zone, {}.",
                browser_zone(),
            )}
        </p>
        <div class="filters" role="search" aria-label="Filter the events">
            <FilterSelect
                id="schedules-state"
                label="Event state"
                any="Any state"
                options=state_options
                value=Signal::derive(move || {
                    query.with(|q| q.state.map(|s| s.as_str().to_owned()).unwrap_or_default())
                })
                on_change=Callback::new(move |value: String| {
                    set_query
                        .update(|q| {
                            q.state = EventState::ALL.into_iter().find(|s| s.as_str() == value);
                        })
                })
            />
            <FilterSelect
                id="schedules-action"
                label="Action"
                any="Starts and stops"
                options=action_options
                value=Signal::derive(move || {
                    query.with(|q| q.action.map(|a| a.as_str().to_owned()).unwrap_or_default())
                })
                on_change=Callback::new(move |value: String| {
                    set_query.update(|q| q.action = ActionType::parse(&value))
                })
            />
            {move || {
                deployment()
                    .map(|id| {
                        view! {
                            <p class="filters__field">
                                {format!("Deployment {} only. ", crate::deployments::short_id(&id))}
                                <a href=Route::Schedules(SchedulesQuery {
                                        deployment: None,
                                        ..query.get()
                                    })
                                    .href()>"Show every deployment"</a>
                            </p>
                        }
                    })
            }}
        </div>
        {move || load_error.get().map(|error| view! { <ErrorView error /> })}
        <section class="section" aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">{format!("The next {TIMELINE_DAYS} days")}</h2>
            {move || {
                if !live.answered() {
                    view! { <Busy>"Loading the schedule…"</Busy> }.into_any()
                } else {
                    view! { <Timeline days=days.get() now deployment_name /> }.into_any()
                }
            }}
        </section>
        <section class="section" aria-labelledby="events-heading">
            <h2 id="events-heading">"Events"</h2>
            {move || {
                if live.answered() && shown.with(Vec::is_empty) {
                    let text = if query.with(SchedulesQuery::is_filtered) {
                        "No event matches these filters."
                    } else {
                        "Nothing is scheduled. Schedule a start from a deployment's page."
                    };
                    view! { <p class="muted">{text}</p> }.into_any()
                } else {
                    view! {
                        <EventsTable events=shown now caption="Scheduled events" deployment_name />
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

/// One row per local day; each action in words (time, type, deployment, state) and as a mark
/// on the day's 24-hour track.
#[component]
fn Timeline(
    days: Vec<TimelineDay>,
    now: RwSignal<i64>,
    deployment_name: Callback<String, String>,
) -> impl IntoView {
    view! {
        <ol class="timeline" aria-label="Actions of the next 14 days by day">
            {days
                .into_iter()
                .map(|day| {
                    let empty = day.entries.is_empty();
                    let marks = day
                        .entries
                        .iter()
                        .map(|e| {
                            let class = format!(
                                "timeline__mark timeline__mark--{}",
                                e.action.as_str().to_ascii_lowercase(),
                            );
                            view! {
                                <span class=class style=format!("left: {}%", e.day_percent)></span>
                            }
                        })
                        .collect_view();
                    view! {
                        <li class="timeline__day">
                            <div class="timeline__label">
                                <strong>{day.label.clone()}</strong>
                                <span class="muted">{day.date.clone()}</span>
                            </div>
                            <div class="timeline__track" aria-hidden="true">
                                {marks}
                            </div>
                            {if empty {
                                view! { <p class="timeline__none muted">"Nothing scheduled"</p> }
                                    .into_any()
                            } else {
                                view! {
                                    <ul class="timeline__entries">
                                        {day
                                            .entries
                                            .into_iter()
                                            .map(|e| {
                                                let href = Route::Deployment(e.deployment_id.clone())
                                                    .href();
                                                let id = e.deployment_id.clone();
                                                view! {
                                                    <li>
                                                        <time
                                                            datetime=e.dttm.clone()
                                                            title=format!("{} UTC", e.dttm)
                                                        >
                                                            {e.local_time.clone()}
                                                        </time>
                                                        {format!(" {} of ", action_label(e.action))}
                                                        <a href=href>{move || deployment_name.run(id.clone())}</a>
                                                        " "
                                                        <ActionStatus state=e.state dttm=e.dttm error=e.error now />
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                }
                                    .into_any()
                            }}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}
