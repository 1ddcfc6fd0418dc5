//! What can be done to one deployment: the buttons its state allows, the delete dialog, and
//! the explanation of a refusal.

use faas_api::{
    lifecycle::{allowed_actions, Action},
    DeploymentState, PackageDeployment,
};
use leptos::prelude::*;

use super::watch::Watch;
use crate::{
    api::{self, ApiError, Client},
    components::{mount_on_first_use, open_while_some, Busy, ConfirmDialog, ErrorView, Request},
    connection::store::use_connection,
    deployments::explain::{explain, Attempt},
};

/// An attempt the server refused, with what the console knows about it.
#[derive(Debug, Clone)]
pub struct Failure {
    /// What was acted on: "v2 of Chat Moderation on Production".
    pub what: String,
    pub attempt: Attempt,
    /// The deployment and its state when the attempt was made, if one was involved.
    pub deployment: Option<PackageDeployment>,
    pub error: ApiError,
}

/// The buttons of the actions `deployment`'s state allows (one pure rule for console and
/// server, [`allowed_actions`]). Start, restart, stop and cancel act at once and wait for the
/// deployment to settle; delete asks first, through `on_delete`.
#[component]
pub fn ActionButtons(
    deployment: RwSignal<PackageDeployment>,
    /// What to call the deployment in messages.
    #[prop(into)]
    what: Signal<String>,
    failure: RwSignal<Option<Failure>>,
    on_delete: Callback<()>,
) -> impl IntoView {
    let store = use_connection();
    let watch = Watch::use_watch();
    let request = Request::new();
    let run = move |action: Action| {
        if action == Action::Delete {
            return on_delete.run(());
        }
        let before = deployment.get_untracked();
        let client = Client::new(store.get_untracked());
        let id = before.id.clone();
        request.start(
            async move {
                match action {
                    Action::Stop => api::deployments::stop(&client, &id, false).await,
                    Action::CancelStart => api::deployments::stop(&client, &id, true).await,
                    _ => api::deployments::start(&client, &id).await,
                }
            },
            move |result| match result {
                Ok(after) => {
                    failure.set(None);
                    watch.acted(what.get_untracked(), &after);
                    deployment.set(after);
                }
                Err(error) => failure.set(Some(Failure {
                    what: what.get_untracked(),
                    attempt: Attempt::Act(action),
                    deployment: Some(before),
                    error,
                })),
            },
        );
    };
    view! {
        <div class="actions" role="group" aria-label=move || format!("Actions on {}", what.get())>
            {move || {
                allowed_actions(deployment.with(|d| d.state))
                    .iter()
                    .map(|&action| {
                        let class = if action == Action::Delete {
                            "btn btn--secondary btn--small btn--danger-text"
                        } else {
                            "btn btn--secondary btn--small"
                        };
                        // A quiet delete in each row; its dialog is where danger is spelled out.
                        view! {
                            <button
                                type="button"
                                class=class
                                disabled=move || request.pending()
                                on:click=move |_| run(action)
                            >
                                {action.label()}
                            </button>
                        }
                    })
                    .collect_view()
            }}
            {move || request.pending().then(|| view! { <Busy>"Sending…"</Busy> })}
        </div>
    }
}

/// The explanation of a refused attempt ([`FailureExplained`]), while there is one. Its code is
/// a module of its own, fetched the first time an attempt is refused: most visits see none.
#[component]
pub fn FailureView(failure: RwSignal<Option<Failure>>) -> impl IntoView {
    mount_on_first_use(
        move || failure.with(Option::is_some),
        move || failure_explained(failure),
    )
}

on_demand! {
    async fn failure_explained(failure: RwSignal<Option<Failure>>) in refusal {
        view! { <FailureExplained failure /> }
    } else "The explanation of the refusal"
}

/// The explanation of a refused attempt: what it means and what to do, the shared error view
/// (code, message, correlation id), and, while the deployment is in transition, an offer to
/// wait until it settles. Dialogs loaded on first use show it directly.
#[component]
pub fn FailureExplained(failure: RwSignal<Option<Failure>>) -> impl IntoView {
    let watch = Watch::use_watch();
    move || {
        failure.get().map(|f| {
            let state = f.deployment.as_ref().map(|d| d.state.as_str());
            let explained = explain(&f.error, f.attempt, state);
            let can_wait = explained.as_ref().is_some_and(|e| e.can_wait);
            let guess = transitional_guess(f.error.code());
            let wait = f.deployment.clone().filter(|_| can_wait).map(|d| {
                let what = f.what.clone();
                view! {
                    <button
                        type="button"
                        class="btn btn--secondary btn--small"
                        on:click=move |_| {
                            let mut waiting = d.clone();
                            waiting.state = guess;
                            watch.acted(what.clone(), &waiting);
                            failure.set(None);
                        }
                    >
                        "Wait until it settles"
                    </button>
                }
            });
            view! {
                <div class="failure" role="alert">
                    {explained.map(|e| view! { <p class="notice notice--warn">{e.text}</p> })}
                    <ErrorView error=f.error.clone() />
                    <div class="failure__actions">
                        {wait}
                        <button
                            type="button"
                            class="btn btn--ghost btn--small"
                            on:click=move |_| failure.set(None)
                        >
                            "Dismiss"
                        </button>
                    </div>
                </div>
            }
        })
    }
}

/// The transition a 423 says the deployment is in: a refused stop means it was starting or
/// stopping; either way it is not settled, so the page polls until it is.
fn transitional_guess(code: Option<&str>) -> DeploymentState {
    match code {
        Some("FAAS-1009") => DeploymentState::Stopping,
        _ => DeploymentState::Starting,
    }
}

/// Why deployments could not be read, explained (the grant a 403 lacks) above the shared
/// error view; nothing while they could.
#[component]
pub fn ReadFailure(error: RwSignal<Option<ApiError>>) -> impl IntoView {
    move || {
        error.get().map(|error| {
            let explained = explain(&error, Attempt::Read, None)
                .map(|e| view! { <p class="notice notice--warn">{e.text}</p> });
            view! {
                {explained}
                <ErrorView error />
            }
        })
    }
}

/// Asks before deleting a deployment, and explains a refusal in the dialog. The dialog's
/// code is a module of its own, fetched the first time a delete is asked for.
#[component]
pub fn DeleteDeployment(
    /// The deployment to delete and what to call it; the dialog is open while it is `Some`.
    target: RwSignal<Option<(PackageDeployment, String)>>,
    on_deleted: Callback<String>,
) -> impl IntoView {
    mount_on_first_use(
        move || target.with(Option::is_some),
        move || delete_dialog(target, on_deleted),
    )
}

on_demand! {
    async fn delete_dialog(
        target: RwSignal<Option<(PackageDeployment, String)>>,
        on_deleted: Callback<String>,
    ) in delete_deployment {
        view! { <DeleteDeploymentDialog target on_deleted /> }
    } else "The delete dialog"
}

#[component]
fn DeleteDeploymentDialog(
    target: RwSignal<Option<(PackageDeployment, String)>>,
    on_deleted: Callback<String>,
) -> impl IntoView {
    let store = use_connection();
    let watch = Watch::use_watch();
    let request = Request::new();
    let failure = RwSignal::new(None::<Failure>);
    let open = open_while_some(target, move || failure.set(None));
    let title = Signal::derive(move || {
        target.with(|t| {
            t.as_ref()
                .map(|(_, what)| format!("Delete the deployment of {what}?"))
                .unwrap_or_default()
        })
    });
    let delete = move |()| {
        let Some((deployment, what)) = target.get_untracked() else {
            return;
        };
        let client = Client::new(store.get_untracked());
        let id = deployment.id.clone();
        request.start(
            async move { api::deployments::delete(&client, &id).await },
            move |result| match result {
                Ok(()) => {
                    watch.say(format!("Deleted the deployment of {what}."));
                    target.set(None);
                    on_deleted.run(deployment.id);
                }
                Err(error) => failure.set(Some(Failure {
                    what,
                    attempt: Attempt::Act(Action::Delete),
                    deployment: Some(deployment),
                    error,
                })),
            },
        );
    };
    view! {
        <ConfirmDialog
            id="delete-deployment"
            open
            title
            confirm_label="Delete deployment"
            danger=true
            pending=Signal::derive(move || request.pending())
            on_confirm=Callback::new(delete)
        >
            <p>"The deployment and its history are removed. The revision stays."</p>
            <FailureExplained failure />
        </ConfirmDialog>
    }
}
