//! Stopping every deployment of a package or of a revision (seed 000), confirmed first.

use faas_api::DeploymentState;
use leptos::prelude::*;

use super::{actions::Failure, actions::FailureExplained, watch::Watch};
use crate::{
    api::{self, deployments::StopAllTarget, Client},
    components::{mount_on_first_use, ConfirmDialog, Latest, Request},
    connection::store::use_connection,
    deployments::explain::Attempt,
    format::count,
    routes::DeploymentsQuery,
};

/// The "Stop all deployments" button and its dialog, which names the target and says how
/// many running deployments it stops. For a package, the user types its name first. The
/// dialog's code is a module of its own, fetched when the button is first pressed.
#[component]
pub fn StopAll(
    target: StopAllTarget,
    /// The package's or revision's name, as the dialog names it.
    name: String,
    /// Called after the stop, to read the deployments again.
    on_stopped: Callback<()>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let button = match target {
        StopAllTarget::Package(_) => "Stop all deployments of this package",
        StopAllTarget::Revision(_) => "Stop all deployments of this revision",
    };
    let dialog = StoredValue::new((target, name));
    view! {
        <button type="button" class="btn btn--danger" on:click=move |_| open.set(true)>
            {button}
        </button>
        {mount_on_first_use(
            move || open.get(),
            move || {
                let (target, name) = dialog.get_value();
                stop_all_dialog(target, name, on_stopped, open)
            },
        )}
    }
}

on_demand! {
    async fn stop_all_dialog(
        target: StopAllTarget,
        name: String,
        on_stopped: Callback<()>,
        open: RwSignal<bool>,
    ) in stop_all {
        view! { <StopAllDialog target name on_stopped open /> }
    } else "The stop dialog"
}

/// The dialog of [`StopAll`], open while `open` is.
#[component]
fn StopAllDialog(
    target: StopAllTarget,
    name: String,
    on_stopped: Callback<()>,
    open: RwSignal<bool>,
) -> impl IntoView {
    let store = use_connection();
    let watch = Watch::use_watch();
    let typed = RwSignal::new(String::new());
    let request = Request::new();
    let failure = RwSignal::new(None::<Failure>);
    let typed_name_needed = matches!(target, StopAllTarget::Package(_));
    let kind = match target {
        StopAllTarget::Package(_) => "package",
        StopAllTarget::Revision(_) => "revision",
    };
    // Counted when the dialog opens: how many run now, not when the page loaded.
    let running = RwSignal::new(None::<u64>);
    let counts = Latest::new();
    let count_running = {
        let target = target.clone();
        move || {
            running.set(None);
            let client = Client::new(store.get_untracked());
            let mut query = DeploymentsQuery {
                state: Some(DeploymentState::Running),
                ..Default::default()
            };
            match target.clone() {
                StopAllTarget::Package(id) => query.package = Some(id),
                StopAllTarget::Revision(id) => query.revision = Some(id),
            }
            counts.run(
                async move { api::deployments::list(&client, &query).await },
                move |answer| running.set(answer.ok().map(|page| page.total())),
            );
        }
    };
    Effect::new(move |_| {
        if open.get() {
            typed.set(String::new());
            failure.set(None);
            count_running();
        }
    });
    let name = StoredValue::new(name);
    let confirm_disabled = Signal::derive(move || {
        typed_name_needed && name.with_value(|n| typed.with(|t| t.trim() != n.as_str()))
    });
    let stop = move |()| {
        let client = Client::new(store.get_untracked());
        let target = target.clone();
        let what = name.with_value(|n| format!("{kind} {n}"));
        request.start(
            async move { api::deployments::stop_all(&client, &target).await },
            move |result| match result {
                Ok(stopped) => {
                    open.set(false);
                    watch.say(format!(
                        "Stopped {} of {what}.",
                        count(stopped.len() as u64, "deployment", "deployments")
                    ));
                    on_stopped.run(());
                }
                Err(error) => failure.set(Some(Failure {
                    what,
                    attempt: Attempt::StopAll,
                    deployment: None,
                    error,
                })),
            },
        );
    };
    let title = name.with_value(|n| format!("Stop every deployment of {kind} “{n}”?"));
    view! {
        <ConfirmDialog
            id="stop-all"
            open
            title
            confirm_label="Stop all deployments"
            danger=true
            confirm_disabled
            pending=Signal::derive(move || request.pending())
            on_confirm=Callback::new(stop)
        >
            <p>
                {move || match running.get() {
                    Some(0) => {
                        format!(
                            "No deployment of this {kind} is running now; any that is starting is stopped too.",
                        )
                    }
                    Some(n) => {
                        format!(
                            "This stops {} of this {kind} now, on every keyset.",
                            count(n, "running deployment", "running deployments"),
                        )
                    }
                    None => "Counting the running deployments…".to_owned(),
                }}
            </p>
            {typed_name_needed
                .then(|| {
                    let expected = name.get_value();
                    view! {
                        <div class="field">
                            <label class="field__label" for="stop-all-name">
                                {format!("Type the package name, {expected}, to confirm")}
                            </label>
                            <input
                                id="stop-all-name"
                                class="input"
                                autocomplete="off"
                                bind:value=typed
                            />
                        </div>
                    }
                })}
            <FailureExplained failure />
        </ConfirmDialog>
    }
}
