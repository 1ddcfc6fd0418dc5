//! Deploying a revision to a keyset, optionally starting it at once.

use faas_api::{CreateDeployment, Limit};
use leptos::prelude::*;

use super::{actions::Failure, actions::FailureView, rollout::conflict_check, watch::Watch};
use crate::{
    account::use_account_keysets,
    api::{self, Client},
    components::{mount_on_first_use, Busy, KeysetSelect, Latest, Request},
    connection::store::use_connection,
    deployments::explain::Attempt,
};

/// The deploy form of a revision: a keyset by name, "start it now", and how many deployments
/// run against the account's limit.
#[component]
pub fn DeployForm(
    revision_id: String,
    /// What to call the revision in messages: "v2 of Chat Moderation".
    what: String,
    /// The input channels of the revision's functions, and its package: checked for conflicts
    /// on the chosen keyset before Deploy.
    channels: Vec<String>,
    package_id: String,
    /// Called with the new deployment (started, if asked).
    on_deployed: Callback<()>,
) -> impl IntoView {
    let store = use_connection();
    let keysets = use_account_keysets();
    let watch = Watch::use_watch();
    let keyset = RwSignal::new(String::new());
    let start_now = RwSignal::new(true);
    let request = Request::new();
    let failure = RwSignal::new(None::<Failure>);
    let problem = RwSignal::new(None::<&'static str>);
    // Read again after each deploy: a start changes the count.
    let deployed = RwSignal::new(0u32);
    let limit = RwSignal::new(None::<Limit>);
    let reads = Latest::new();
    Effect::new(move |_| {
        let client = Client::new(store.get());
        deployed.track();
        reads.run(
            async move { api::deployments::running_limit(&client).await },
            move |answer| limit.set(answer.ok()),
        );
    });
    let keyset_names = move || {
        keysets
            .0
            .get()
            .and_then(|r| r.ok())
            .map(|(list, _)| list)
            .unwrap_or_default()
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(keyset_id) = keyset.get_untracked().parse::<i64>() else {
            problem.set(Some("Choose the keyset to deploy to."));
            crate::components::focus_element("deploy-keyset");
            return;
        };
        problem.set(None);
        let keyset_name = keyset_names()
            .into_iter()
            .find(|k| k.id == keyset_id)
            .map_or_else(|| format!("keyset {keyset_id}"), |k| k.name);
        let what = format!("{what} on {keyset_name}");
        let client = Client::new(store.get_untracked());
        let body = CreateDeployment {
            package_revision_id: revision_id.clone(),
            keyset_id,
        };
        let start = start_now.get_untracked();
        request.start(
            async move {
                let created = api::deployments::create(&client, &body).await;
                match created {
                    Ok(d) if start => match api::deployments::start(&client, &d.id).await {
                        Ok(started) => (Ok(started), None),
                        // Created but not started: say both.
                        Err(e) => (Ok(d), Some(e)),
                    },
                    other => (other, None),
                }
            },
            move |(created, start_error)| match created {
                Ok(deployment) => {
                    failure.set(start_error.map(|error| Failure {
                        what: what.clone(),
                        attempt: Attempt::Act(faas_api::lifecycle::Action::Start),
                        deployment: Some(deployment.clone()),
                        error,
                    }));
                    watch.acted(what, &deployment);
                    deployed.update(|d| *d += 1);
                    on_deployed.run(());
                }
                Err(error) => failure.set(Some(Failure {
                    what,
                    attempt: Attempt::Deploy,
                    deployment: None,
                    error,
                })),
            },
        );
    };
    view! {
        <form
            class="card form deploy-form"
            aria-label="Deploy this revision"
            novalidate
            on:submit=submit
        >
            <div class="deploy-form__row">
                <KeysetSelect
                    id="deploy-keyset"
                    value=keyset
                    error=Signal::derive(move || problem.get().map(str::to_owned))
                />
                <label class="checkbox">
                    <input type="checkbox" bind:checked=start_now />
                    "Start it now"
                </label>
                <button type="submit" class="btn btn--primary" disabled=move || request.pending()>
                    "Deploy"
                </button>
                {move || request.pending().then(|| view! { <Busy>"Deploying…"</Busy> })}
            </div>
            // The check's code comes with the first keyset chosen, not with the page.
            {mount_on_first_use(
                move || !keyset.get().is_empty(),
                move || conflict_check(
                    Signal::derive(move || keyset.get().parse::<i64>().ok()),
                    channels.clone(),
                    package_id.clone(),
                    "Deploying",
                ),
            )}
            <p class="muted" id="deploy-limit">
                {move || limit.get().map(|l| limit_text(&l))}
            </p>
            <FailureView failure />
        </form>
    }
}

/// "3 of 10 deployments running (the account's limit)".
fn limit_text(limit: &Limit) -> String {
    format!(
        "{} of {} deployments running (the account's limit).",
        limit.current_value, limit.max_value
    )
}
