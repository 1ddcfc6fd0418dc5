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

/// What the deploy form needs of its revision.
#[derive(Debug, Clone)]
pub struct DeployTarget {
    pub revision_id: String,
    /// What to call the revision in messages: "v2 of Chat Moderation".
    pub what: String,
    /// The input channels of the revision's functions, and its package: checked for
    /// conflicts on the chosen keyset before Deploy.
    pub channels: Vec<String>,
    pub package_id: String,
}

/// The id of what holds the deploy form, which [`DeployButton`] shows and hides.
const FORM_ID: &str = "deploy-form";

/// "Deploy this revision…": shows the deploy form ([`DeployForm`]) while `open`, and hides
/// it again.
#[component]
pub fn DeployButton(open: RwSignal<bool>) -> impl IntoView {
    view! {
        <button
            type="button"
            class="btn btn--primary"
            aria-controls=FORM_ID
            aria-expanded=move || open.get().to_string()
            on:click=move |_| open.update(|open| *open = !*open)
        >
            "Deploy this revision…"
        </button>
    }
}

/// The deploy form of a revision, shown while `open` ([`DeployButton`]). Its code (the
/// keyset choice, the account's limit, the deploy and its failures) is a module of its own,
/// fetched the first time it opens: a revision's page is read more often than it is
/// deployed. It stays mounted once opened, so a keyset chosen is still there when it opens
/// again.
#[component]
pub fn DeployForm(
    target: DeployTarget,
    open: RwSignal<bool>,
    /// Called with the new deployment (started, if asked).
    on_deployed: Callback<()>,
) -> impl IntoView {
    let target = StoredValue::new(target);
    // The id that the button controls is there from the start, and hides whatever its
    // module gives (the form, or the sentence that it could not be loaded).
    view! {
        <div id=FORM_ID hidden=move || !open.get()>
            {mount_on_first_use(
                move || open.get(),
                move || deploy_form(target.get_value(), open, on_deployed),
            )}
        </div>
    }
}

on_demand! {
    async fn deploy_form(
        target: DeployTarget,
        open: RwSignal<bool>,
        on_deployed: Callback<()>,
    ) in deploy {
        view! { <OpenDeployForm target open on_deployed /> }
    } else "The deploy form"
}

/// A keyset by name, "start it now", and how many deployments run against the account's
/// limit.
#[component]
fn OpenDeployForm(
    target: DeployTarget,
    open: RwSignal<bool>,
    on_deployed: Callback<()>,
) -> impl IntoView {
    let DeployTarget {
        revision_id,
        what,
        channels,
        package_id,
    } = target;
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
    // Opening the form takes the focus to its first field.
    Effect::new(move |_| {
        if open.get() {
            crate::components::focus_element("deploy-keyset");
        }
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
