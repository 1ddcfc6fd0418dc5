//! `/builds`: a team's deployments that build, filtered and paged from the URL, live while
//! any is under way, with cancel (one, or every selected) and "New deployment".

use std::collections::HashSet;

use faas_api::vercel::{Deployment, ReadyState};
use leptos::prelude::*;

use super::{
    cancel::{BulkCancel, BulkOutcome, BulkReport, CancelBuild},
    create::NewBuildButton,
    load_teams, scope_name, BuildsWatch, ReadyBadge,
};
use crate::{
    api,
    builds::{build_duration, display_name, format_duration},
    components::{
        use_live_query, use_url_query, Busy, ErrorView, FilterSelect, LiveRegion, LiveRow,
        LiveRows, Time,
    },
    format::timestamp_from_ms,
    routes::{target_label, BuildsQuery, Route, Section, Target},
};

/// The states a build is under way in, as one filter choice.
const IN_PROGRESS: [ReadyState; 3] = [
    ReadyState::Queued,
    ReadyState::Initializing,
    ReadyState::Building,
];

#[component]
pub fn BuildsPage() -> impl IntoView {
    super::super::set_title(Section::Builds.title());
    let watch = BuildsWatch::provide();
    let (query, set_query) = use_url_query::<BuildsQuery>();
    // A filter change starts again from the newest builds.
    let set = move |change: fn(&mut BuildsQuery, String), value: String| {
        set_query.update(|next| {
            change(next, value);
            next.until = None;
        });
    };
    let team = Signal::derive(move || query.with(|q| q.team.clone()));
    let teams = load_teams();
    let scope = Signal::derive(move || {
        teams.with(|t| {
            let list = t.as_ref().and_then(|r| r.as_ref().ok()).map(Vec::as_slice);
            query.with(|q| scope_name(list, q.team.as_deref()))
        })
    });

    let rows = LiveRows::<Deployment>::new();
    let older = RwSignal::new(None::<i64>);
    let selected = RwSignal::new(HashSet::<String>::new());
    // The projects seen in this team's builds, for the project filter (the contract has no
    // list of projects).
    let projects = RwSignal::new(Vec::<(String, String)>::new());
    Effect::new(move |_| {
        team.track();
        projects.set(Vec::new());
        selected.set(HashSet::new());
    });
    let live = use_live_query(
        move |client| {
            let query = query.get();
            async move { api::builds::list(&client, &query).await }
        },
        move |list, _| {
            older.set(list.pagination.next);
            remember_projects(projects, &list.deployments);
            rows.merge(list.deployments, watch);
            keep_cancelable_selection(rows, selected);
        },
        move || rows.pace(watch),
    );
    let load_error = live.error();
    let refresh = move || live.refresh();

    let canceling = RwSignal::new(None::<Deployment>);
    let bulk = RwSignal::new(Vec::<Deployment>::new());
    let bulk_outcome = RwSignal::new(None::<BulkOutcome>);
    let on_canceled = Callback::new(move |canceled: Deployment| {
        rows.update(&canceled);
        selected.update(|s| {
            s.remove(&canceled.id);
        });
        refresh();
    });
    let on_bulk_done = Callback::new(move |outcome: BulkOutcome| {
        watch.say(outcome.summary.summary());
        bulk_outcome.set(Some(outcome));
        refresh();
    });
    // A new build shows at the top of this team's newest, unfiltered builds.
    let on_created = Callback::new(move |_: Deployment| {
        let cleared = query.with_untracked(BuildsQuery::cleared);
        if cleared == query.get_untracked() {
            refresh();
        } else {
            set_query.set(cleared);
        }
    });

    let team_options = Signal::derive(move || {
        teams.with(|t| match t {
            Some(Ok(teams)) => teams
                .iter()
                .map(|t| (t.slug.clone(), t.name.clone()))
                .collect(),
            _ => query.with(|q| q.team.iter().map(|s| (s.clone(), s.clone())).collect()),
        })
    });
    let state_options = Signal::derive(|| {
        let in_progress = join_states(&IN_PROGRESS);
        std::iter::once((in_progress, "In progress".to_owned()))
            .chain(
                ReadyState::ALL
                    .iter()
                    .map(|s| (s.as_str().to_owned(), s.as_str().to_owned())),
            )
            .collect::<Vec<_>>()
    });
    let target_options = Signal::derive(|| {
        Target::ALL
            .iter()
            .map(|t| (t.as_str().to_owned(), target_label(*t).to_owned()))
            .collect::<Vec<_>>()
    });
    let project_options = Signal::derive(move || {
        let mut options = projects.get();
        if let Some(id) = query.with(|q| q.project.clone()) {
            if !options.iter().any(|(known, _)| *known == id) {
                options.push((id.clone(), id));
            }
        }
        options
    });
    let cancelable_selected = move || {
        rows.with(|rows| {
            selected.with(|s| {
                rows.iter()
                    .filter(|r| s.contains(&r.id))
                    .map(|r| r.item.get())
                    .filter(|b| b.ready_state.is_cancelable())
                    .collect::<Vec<_>>()
            })
        })
    };
    let selectable = move || rows.with(cancelable_ids);
    let all_selected = move || {
        let selectable = selectable();
        !selectable.is_empty() && selected.with(|s| selectable.is_subset(s))
    };

    view! {
        <div class="page-header">
            <h1>"Builds"</h1>
            <div class="page-header__actions">
                <NewBuildButton team scope on_created />
            </div>
        </div>
        <form class="filters" aria-label="Filter builds" on:submit=|ev| ev.prevent_default()>
            <FilterSelect
                id="builds-team"
                label="Team"
                any="Your own account"
                options=team_options
                value=Signal::derive(move || team.get().unwrap_or_default())
                on_change=Callback::new(move |v: String| {
                    let next = BuildsQuery {
                        team: (!v.is_empty()).then_some(v),
                        ..BuildsQuery::default()
                    };
                    set_query.set(next);
                })
            />
            <FilterSelect
                id="builds-state"
                label="State"
                any="Any state"
                options=state_options
                value=Signal::derive(move || query.with(|q| join_states(&q.states)))
                on_change=Callback::new(move |v: String| {
                    set(
                        |q, v| {
                            q.states = v.split(',').filter_map(ReadyState::parse).collect();
                        },
                        v,
                    )
                })
            />
            <FilterSelect
                id="builds-target"
                label="Target"
                any="Any target"
                options=target_options
                value=Signal::derive(move || {
                    query.with(|q| q.target.map(|t| t.as_str().to_owned()).unwrap_or_default())
                })
                on_change=Callback::new(move |v: String| set(
                    |q, v| q.target = Target::parse(&v),
                    v,
                ))
            />
            <FilterSelect
                id="builds-project"
                label="Project"
                any="Any project"
                options=project_options
                value=Signal::derive(move || query.with(|q| q.project.clone().unwrap_or_default()))
                on_change=Callback::new(move |v: String| {
                    set(|q, v| q.project = (!v.is_empty()).then_some(v), v)
                })
            />
            {move || {
                query
                    .with(BuildsQuery::is_filtered)
                    .then(|| {
                        let href = Route::Builds(query.with(BuildsQuery::cleared)).href();
                        view! {
                            <a class="btn btn--ghost btn--small" href=href>
                                "Clear filters"
                            </a>
                        }
                    })
            }}
        </form>
        <LiveRegion text=watch.said() />
        <BulkReport outcome=bulk_outcome />
        {move || load_error.get().map(|error| view! { <ErrorView error /> })}
        {move || {
            if !live.answered() {
                view! { <Busy>"Loading builds…"</Busy> }.into_any()
            } else if rows.is_empty() && load_error.with(Option::is_none) {
                let text = if query.with(BuildsQuery::is_filtered) {
                    "No build matches these filters."
                } else {
                    "No builds yet. “New deployment” starts one."
                };
                view! { <p class="muted empty">{text}</p> }.into_any()
            } else {
                ().into_any()
            }
        }}
        <div class="bulk-bar" hidden=move || rows.is_empty()>
            <button
                type="button"
                class="btn btn--danger btn--small"
                disabled=move || cancelable_selected().is_empty()
                on:click=move |_| {
                    bulk_outcome.set(None);
                    bulk.set(cancelable_selected());
                }
            >
                {move || format!("Cancel selected ({})", cancelable_selected().len())}
            </button>
        </div>
        <div
            class="table-wrap"
            role="region"
            aria-label="Builds"
            tabindex="0"
            hidden=move || rows.is_empty()
        >
            <table class="table builds-table">
                <caption class="visually-hidden">"Builds"</caption>
                <thead>
                    <tr>
                        <th scope="col" class="builds-table__select">
                            <input
                                type="checkbox"
                                aria-label="Select every build under way"
                                disabled=move || selectable().is_empty()
                                prop:checked=all_selected
                                on:change=move |ev| {
                                    if event_target_checked(&ev) {
                                        selected.set(selectable());
                                    } else {
                                        selected.set(HashSet::new());
                                    }
                                }
                            />
                        </th>
                        <th scope="col">"Deployment"</th>
                        <th scope="col">"State"</th>
                        <th scope="col">"Target"</th>
                        <th scope="col">"Creator"</th>
                        <th scope="col">"Created"</th>
                        <th scope="col">"Build time"</th>
                        <th scope="col">"Actions"</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || rows.get() key=|row| row.id.clone() let:row>
                        <BuildRow row team selected canceling />
                    </For>
                </tbody>
            </table>
        </div>
        <nav class="pager" aria-label="Pages of builds" hidden=move || !paged(query, older)>
            {move || {
                query
                    .with(|q| q.until.is_some())
                    .then(|| {
                        let mut newest = query.get();
                        newest.until = None;
                        view! {
                            <a href=Route::Builds(newest).href() rel="first">
                                "Newest builds"
                            </a>
                        }
                    })
            }}
            {move || {
                older
                    .get()
                    .map(|until| {
                        let mut next = query.get();
                        next.until = Some(until);
                        view! {
                            <a href=Route::Builds(next).href() rel="next">
                                "Older builds"
                            </a>
                        }
                    })
            }}
        </nav>
        <CancelBuild target=canceling team scope on_canceled />
        <BulkCancel targets=bulk team on_canceled on_done=on_bulk_done />
    }
}

/// One build in the table.
#[component]
fn BuildRow(
    row: LiveRow<Deployment>,
    team: Signal<Option<String>>,
    selected: RwSignal<HashSet<String>>,
    canceling: RwSignal<Option<Deployment>>,
) -> impl IntoView {
    let build = row.item;
    let id = row.id.clone();
    let name = build.with_untracked(|b| display_name(b).to_owned());
    let href = Route::Build {
        id: id.clone(),
        team: team.get_untracked(),
    }
    .href();
    let state = Signal::derive(move || build.with(|b| b.ready_state));
    let cancelable = move || state.get().is_cancelable();
    let now = || js_sys::Date::now() as i64;
    let select_label = format!("Select {name}");
    let cancel_label = format!("Cancel {name}");
    let checked_id = id.clone();
    view! {
        <tr>
            <td class="builds-table__select">
                <input
                    type="checkbox"
                    aria-label=select_label
                    disabled=move || !cancelable()
                    prop:checked=move || selected.with(|s| s.contains(&checked_id))
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        selected
                            .update(|s| {
                                if on {
                                    s.insert(id.clone());
                                } else {
                                    s.remove(&id);
                                }
                            });
                    }
                />
            </td>
            <th scope="row">
                <a href=href>{name.clone()}</a>
                <span class="builds-table__url muted">
                    {move || build.with(|b| format!("{} · {}", b.name, b.url))}
                </span>
            </th>
            <td>
                <ReadyBadge state />
                {move || {
                    build
                        .with(|b| b.error_message.clone())
                        .map(|why| view! { <span class="builds-table__error">{why}</span> })
                }}
            </td>
            <td>{move || build.with(|b| target_label(Target::of(b.target.as_deref())))}</td>
            <td>
                {move || {
                    build
                        .with(|b| {
                            b.creator.username.clone().unwrap_or_else(|| b.creator.uid.clone())
                        })
                }}
            </td>
            <td>
                {move || {
                    let at = build.with(|b| b.created_at);
                    view! { <Time at=timestamp_from_ms(at) /> }
                }}
            </td>
            <td class="numeric">
                {move || {
                    build
                        .with(|b| build_duration(b, now()))
                        .map_or_else(|| "—".to_owned(), format_duration)
                }}
            </td>
            <td>
                {move || {
                    cancelable()
                        .then(|| {
                            let label = cancel_label.clone();
                            view! {
                                <button
                                    type="button"
                                    class="btn btn--secondary btn--small"
                                    aria-label=label
                                    on:click=move |_| canceling.set(Some(build.get_untracked()))
                                >
                                    "Cancel"
                                </button>
                            }
                        })
                }}
            </td>
        </tr>
    }
}

/// Whether the list has another page either way.
fn paged(query: Memo<BuildsQuery>, older: RwSignal<Option<i64>>) -> bool {
    query.with(|q| q.until.is_some()) || older.with(Option::is_some)
}

/// `QUEUED,BUILDING`: the filter's value for `states`.
fn join_states(states: &[ReadyState]) -> String {
    states
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// The ids of the rows that can still be canceled: what may be selected.
fn cancelable_ids(rows: &[LiveRow<Deployment>]) -> HashSet<String> {
    rows.iter()
        .filter(|r| r.item.with(|b| b.ready_state.is_cancelable()))
        .map(|r| r.id.clone())
        .collect()
}

/// Drops the selections that can no longer be canceled (finished, or gone from the page).
fn keep_cancelable_selection(rows: LiveRows<Deployment>, selected: RwSignal<HashSet<String>>) {
    let keep = untrack(|| rows.with(cancelable_ids));
    if selected.with_untracked(|s| !s.is_subset(&keep)) {
        selected.update(|s| s.retain(|id| keep.contains(id)));
    }
}

/// Adds the projects of `builds` to those the filter offers, by the name of their builds.
fn remember_projects(projects: RwSignal<Vec<(String, String)>>, builds: &[Deployment]) {
    let fresh: Vec<(String, String)> = builds
        .iter()
        .filter_map(|b| b.project_id.clone().map(|id| (id, b.name.clone())))
        .filter(|(id, _)| projects.with_untracked(|p| !p.iter().any(|(known, _)| known == id)))
        .collect();
    if !fresh.is_empty() {
        projects.update(|p| {
            for entry in fresh {
                if !p.iter().any(|(id, _)| *id == entry.0) {
                    p.push(entry);
                }
            }
            crate::sort::sort_by(p, |a, b| a.1.cmp(&b.1));
        });
    }
}
