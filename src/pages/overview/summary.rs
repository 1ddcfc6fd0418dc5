//! What exists and what runs, as counts that link to their filtered lists, and what needs
//! attention, each item linking to where it can be acted on.

use std::sync::Arc;

use faas_api::overview::Overview;
use faas_api::vercel::ReadyState;
use faas_api::DeploymentState;
use leptos::prelude::*;

use crate::{
    components::Time,
    format::count,
    overview::{attention_lines, deployments_in},
    routes::{BuildsQuery, PackagesQuery, Route},
};

/// A build's states while it is under way.
const UNDER_WAY: [ReadyState; 3] = [
    ReadyState::Queued,
    ReadyState::Initializing,
    ReadyState::Building,
];

/// A count that links to its list.
#[component]
fn Stat(href: String, value: String, label: String) -> impl IntoView {
    view! {
        <li>
            <a class="stat" href=href>
                <span class="stat__value">{value}</span>
                <span class="stat__label">{label}</span>
            </a>
        </li>
    }
}

#[component]
pub fn Counts(overview: Arc<Overview>) -> impl IntoView {
    let in_state = |state| overview.deployments.of(state);
    let packages = Route::Packages(PackagesQuery::default()).href();
    let running = format!(
        "{} of {}",
        in_state(DeploymentState::Running),
        overview.running_max
    );
    let others = [
        (DeploymentState::Starting, "Starting deployments"),
        (DeploymentState::Stopping, "Stopping deployments"),
        (DeploymentState::Stopped, "Stopped deployments"),
        (DeploymentState::Failed, "Failed deployments"),
    ]
    .map(|(state, label)| {
        view! {
            <Stat
                href=deployments_in(state).href()
                value=in_state(state).to_string()
                label=label.to_owned()
            />
        }
    });
    let builds = overview
        .builds
        .iter()
        .map(|team| {
            let href = Route::Builds(BuildsQuery {
                team: Some(team.slug.clone()),
                states: UNDER_WAY.to_vec(),
                ..Default::default()
            })
            .href();
            view! {
                <Stat
                    href
                    value=team.in_progress.to_string()
                    label=format!("Builds in progress, {}", team.name)
                />
            }
        })
        .collect_view();
    view! {
        <ul class="stats">
            <Stat
                href=packages.clone()
                value=overview.packages.to_string()
                label="Packages".into()
            />
            <Stat href=packages value=overview.revisions.to_string() label="Revisions".into() />
            <Stat
                href=deployments_in(DeploymentState::Running).href()
                value=running
                label="Running (of the account's limit)".into()
            />
            {others}
            {builds}
        </ul>
    }
}

#[component]
pub fn NeedsAttention(overview: Arc<Overview>) -> impl IntoView {
    let attention = &overview.needs_attention;
    let total = attention.totals.all();
    if total == 0 {
        return view! { <p class="muted">"Nothing needs attention."</p> }.into_any();
    }
    let lines = attention_lines(attention)
        .into_iter()
        .map(|line| {
            let badge = line.badge.map(|(words, tone)| {
                view! { <span class=format!("badge badge--{tone}")>{words}</span> }
            });
            view! {
                <li class="attention__item">
                    {badge} <a href=line.href>{line.title}</a> {line.context}
                    {line.error.map(|e| view! { <code class="build-error">{e}</code> })}
                    {line.open.map(|(href, label)| view! { <a href=href>{label}</a> })}
                    {line
                        .at
                        .map(|at| {
                            view! {
                                <span class="muted">
                                    <Time at />
                                </span>
                            }
                        })}
                </li>
            }
        })
        .collect_view();
    view! {
        <p class="muted">{count(total, "thing needs", "things need")} " attention."</p>
        <ul class="attention">{lines}</ul>
    }
    .into_any()
}
