//! The latest changes of the account: who did what to what, and when.

use std::sync::Arc;

use faas_api::activity::{ActivityEntry, Outcome};
use faas_api::overview::Overview;
use leptos::prelude::*;

use crate::{
    activity::{action_label, actor_label, target_route},
    components::Time,
};

#[component]
pub fn LatestActivity(overview: Arc<Overview>) -> impl IntoView {
    if overview.latest.is_empty() {
        return view! { <p class="muted">"Nothing has changed yet."</p> }.into_any();
    }
    view! { <ol class="activity-list">{overview.latest.iter().map(entry_line).collect_view()}</ol> }
        .into_any()
}

/// One entry as a line: when, who, what, on what (a link to it where the console has a page),
/// and why it failed.
fn entry_line(entry: &ActivityEntry) -> impl IntoView {
    let target = match target_route(entry) {
        Some(route) => view! { <a href=route.href()>{entry.target.name.clone()}</a> }.into_any(),
        None => view! { <strong>{entry.target.name.clone()}</strong> }.into_any(),
    };
    let failed = (entry.outcome == Outcome::Failed).then(|| {
        view! {
            <span class="badge badge--failed">"Failed"</span>
            {entry
                .detail
                .clone()
                .map(|detail| view! { <code class="activity-list__detail">{detail}</code> })}
        }
    });
    view! {
        <li class="activity-list__item">
            <Time at=entry.at.clone() />
            <span>{actor_label(entry)} " " {action_label(entry)} " " {target}</span>
            {failed}
        </li>
    }
}
