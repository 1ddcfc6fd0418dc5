//! `/builds/{id}`: one build, its timeline step by step, its facts, and cancel while it can
//! be canceled; live while it is under way.

use faas_api::vercel::Deployment;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use super::{cancel::CancelBuild, load_teams, scope_name, what, BuildsWatch, ReadyBadge};
use crate::{
    api,
    builds::{display_name, format_duration, timeline},
    components::{use_live_query, Busy, CopyButton, ErrorView, LiveItem, LiveRegion, Time},
    format::timestamp_from_ms,
    pages::activity::ObjectHistory,
    routes::{target_label, BuildsQuery, Route, Section, Target},
    url::query_param,
};

#[component]
pub fn BuildPage(id: String) -> impl IntoView {
    super::super::set_title(Section::Builds.title());
    // Only the path picks the page (see `CurrentPage`): the team comes from the query.
    let team =
        query_param(&use_location().search.get_untracked(), "team").filter(|t| !t.is_empty());
    let watch = BuildsWatch::provide();
    let teams = load_teams();
    let scope = {
        let team = team.clone();
        Signal::derive(move || {
            teams.with(|t| {
                let list = t.as_ref().and_then(|r| r.as_ref().ok()).map(Vec::as_slice);
                scope_name(list, team.as_deref())
            })
        })
    };
    let team_signal = Signal::stored(team.clone());
    let back = Route::Builds(BuildsQuery {
        team: team.clone(),
        ..BuildsQuery::default()
    })
    .href();

    let build = LiveItem::<Deployment>::new();
    let history_target = id.clone();
    let known = Memo::new(move |_| build.get().is_some());
    let live = use_live_query(
        move |client| {
            let (id, team) = (id.clone(), team_signal.get());
            async move { api::builds::get(&client, &id, team.as_deref()).await }
        },
        move |fresh, _| {
            let title = format!("{} · Builds", display_name(&fresh));
            if build.merge(fresh, watch) {
                super::super::set_title(&title);
            }
        },
        move || build.pace(watch),
    );
    let load_error = live.error();
    let canceling = RwSignal::new(None::<Deployment>);
    let on_canceled = Callback::new(move |canceled: Deployment| {
        build.merge(canceled, watch);
        live.refresh();
    });

    view! {
        <p class="breadcrumb">
            <a href=back>"Builds"</a>
        </p>
        {move || load_error.get().map(|error| view! { <ErrorView error /> })}
        {move || match build.get() {
            None if load_error.with(Option::is_none) => {
                view! { <Busy>"Loading the build…"</Busy> }.into_any()
            }
            None => ().into_any(),
            Some(d) => view! { <BuildView d=d.get() canceling /> }.into_any(),
        }}
        // Once the build is known, and outside its view, which a poll renders again.
        {move || {
            known
                .get()
                .then(|| view! { <ObjectHistory target=history_target.clone() what="build" /> })
        }}
        <LiveRegion text=watch.said() />
        <CancelBuild target=canceling team=team_signal scope on_canceled />
    }
}

/// The build itself: heading, cancel, why it failed, timeline and facts.
#[component]
fn BuildView(d: Deployment, canceling: RwSignal<Option<Deployment>>) -> impl IntoView {
    let now = js_sys::Date::now() as i64;
    let name = what(&d);
    let state = d.ready_state;
    let cancel = state.is_cancelable().then(|| {
        let target = d.clone();
        view! {
            <button
                type="button"
                class="btn btn--danger"
                on:click=move |_| canceling.set(Some(target.clone()))
            >
                "Cancel deployment"
            </button>
        }
    });
    let error = d.error_message.clone().map(|why| {
        let code = d.error_code.clone();
        view! {
            <div class="notice notice--error">
                <p>
                    <strong>"The build failed: "</strong>
                    {why}
                </p>
                {code.map(|c| view! { <p class="muted">"Code: " <code>{c}</code></p> })}
            </div>
        }
    });
    let steps = timeline(&d, now)
        .into_iter()
        .map(|step| {
            let lasted = step.lasted.map(|ms| {
                if step.current {
                    format!("for {} so far", format_duration(ms))
                } else {
                    format!("took {}", format_duration(ms))
                }
            });
            view! {
                <li
                    class="timeline__step"
                    class:timeline__step--current=step.current
                    aria-current=step.current.then_some("step")
                >
                    <ReadyBadge state=step.state />
                    <Time at=timestamp_from_ms(step.at) />
                    {lasted.map(|text| view! { <span class="timeline__lasted">{text}</span> })}
                </li>
            }
        })
        .collect_view();
    let meta = (!d.meta.is_empty()).then(|| {
        d.meta
            .iter()
            .map(|(k, v)| {
                let v = v.as_str().map_or_else(|| v.to_string(), str::to_owned);
                view! {
                    <li>
                        <code>{format!("{k}={v}")}</code>
                    </li>
                }
            })
            .collect_view()
    });
    view! {
        <div class="page-header">
            <h1>{name} " " <ReadyBadge state /></h1>
            <div class="page-header__actions">{cancel}</div>
        </div>
        {error}
        <section class="card" aria-labelledby="timeline-title">
            <h2 id="timeline-title">"Timeline"</h2>
            <ol class="timeline">{steps}</ol>
        </section>
        <section class="card" aria-labelledby="facts-title">
            <h2 id="facts-title">"Details"</h2>
            <dl class="facts facts--grid">
                <div>
                    <dt>"URL"</dt>
                    <dd>
                        <code>{d.url.clone()}</code>
                        " "
                        <CopyButton text=d.url.clone() what="URL" />
                    </dd>
                </div>
                <div>
                    <dt>"ID"</dt>
                    <dd>
                        <code>{d.id.clone()}</code>
                    </dd>
                </div>
                <div>
                    <dt>"Name"</dt>
                    <dd>{d.name.clone()}</dd>
                </div>
                <div>
                    <dt>"Project"</dt>
                    <dd>
                        <code>{d.project_id.clone().unwrap_or_else(|| "—".into())}</code>
                    </dd>
                </div>
                <div>
                    <dt>"Target"</dt>
                    <dd>{target_label(Target::of(d.target.as_deref()))}</dd>
                </div>
                <div>
                    <dt>"Creator"</dt>
                    <dd>{d.creator.username.clone().unwrap_or_else(|| d.creator.uid.clone())}</dd>
                </div>
                <div>
                    <dt>"Source"</dt>
                    <dd>{d.source.clone().unwrap_or_else(|| "—".into())}</dd>
                </div>
                <div>
                    <dt>"Created"</dt>
                    <dd>
                        <Time at=timestamp_from_ms(d.created_at) />
                    </dd>
                </div>
                {meta
                    .map(|items| {
                        view! {
                            <div>
                                <dt>"Meta"</dt>
                                <dd>
                                    <ul class="meta-list">{items}</ul>
                                </dd>
                            </div>
                        }
                    })}
            </dl>
        </section>
    }
}
