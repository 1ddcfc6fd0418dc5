//! Cancel: one build, or every selected build, each asked before it is done.

use faas_api::vercel::Deployment;
use leptos::prelude::*;

use super::{what, BuildsWatch};
use crate::{
    api::{self, ApiError, Client},
    builds::BulkCancel,
    components::{mount_on_first_use, open_while_some, ConfirmDialog, ErrorView, Request},
    connection::store::use_connection,
};

/// Asks before canceling one build, and shows the server's refusal in the dialog (a build
/// that finished meanwhile can no longer be canceled). Both dialogs of this file are modules
/// of their own, fetched when first asked for: most visits cancel nothing.
#[component]
pub fn CancelBuild(
    /// The build to cancel; the dialog is open while it is `Some`.
    target: RwSignal<Option<Deployment>>,
    /// Whose build it is, for the request and for the sentence ("in team Acme Corp").
    #[prop(into)]
    team: Signal<Option<String>>,
    #[prop(into)] scope: Signal<String>,
    on_canceled: Callback<Deployment>,
) -> impl IntoView {
    mount_on_first_use(
        move || target.with(Option::is_some),
        move || cancel_build_dialog(target, team, scope, on_canceled),
    )
}

on_demand! {
    async fn cancel_build_dialog(
        target: RwSignal<Option<Deployment>>,
        team: Signal<Option<String>>,
        scope: Signal<String>,
        on_canceled: Callback<Deployment>,
    ) in cancel_build {
        view! { <CancelBuildDialog target team scope on_canceled /> }
    } else "The cancel dialog"
}

/// The dialog of [`CancelBuild`].
#[component]
fn CancelBuildDialog(
    target: RwSignal<Option<Deployment>>,
    team: Signal<Option<String>>,
    scope: Signal<String>,
    on_canceled: Callback<Deployment>,
) -> impl IntoView {
    let store = use_connection();
    let watch = BuildsWatch::use_watch();
    let request = Request::new();
    let failure = RwSignal::new(None::<ApiError>);
    let open = open_while_some(target, move || failure.set(None));
    let title = Signal::derive(move || {
        target.with(|t| {
            t.as_ref()
                .map(|d| format!("Cancel deployment “{}”?", what(d)))
                .unwrap_or_default()
        })
    });
    let confirm = move |()| {
        let Some(build) = target.get_untracked() else {
            return;
        };
        let client = Client::new(store.get_untracked());
        let team = team.get_untracked();
        request.start(
            async move { api::builds::cancel(&client, &build.id, team.as_deref()).await },
            move |result| match result {
                Ok(canceled) => {
                    watch.acted(what(&canceled), &canceled);
                    target.set(None);
                    on_canceled.run(canceled);
                }
                Err(error) => failure.set(Some(error)),
            },
        );
    };
    view! {
        <ConfirmDialog
            id="cancel-build"
            open
            title
            confirm_label="Cancel deployment"
            dismiss_label="Keep it"
            danger=true
            pending=Signal::derive(move || request.pending())
            on_confirm=Callback::new(confirm)
        >
            {move || {
                target
                    .get()
                    .map(|d| {
                        view! {
                            <p>
                                {format!(
                                    "{} ({}) is {} in {}. Its build stops where it is and it never becomes ready. This cannot be undone.",
                                    what(&d),
                                    d.name,
                                    d.ready_state.as_str(),
                                    scope.get(),
                                )}
                            </p>
                        }
                    })
            }}
            {move || failure.get().map(|error| view! { <ErrorView error /> })}
        </ConfirmDialog>
    }
}

/// Asks before canceling every selected build, cancels them one by one, and reports what was
/// canceled and what could not be.
#[component]
pub fn BulkCancel(
    /// The builds to cancel; the dialog is open while it is not empty.
    targets: RwSignal<Vec<Deployment>>,
    #[prop(into)] team: Signal<Option<String>>,
    /// Each build as it is canceled.
    on_canceled: Callback<Deployment>,
    /// What the whole run did, when it is over.
    on_done: Callback<BulkOutcome>,
) -> impl IntoView {
    mount_on_first_use(
        move || targets.with(|t| !t.is_empty()),
        move || bulk_cancel_dialog(targets, team, on_canceled, on_done),
    )
}

on_demand! {
    async fn bulk_cancel_dialog(
        targets: RwSignal<Vec<Deployment>>,
        team: Signal<Option<String>>,
        on_canceled: Callback<Deployment>,
        on_done: Callback<BulkOutcome>,
    ) in bulk_cancel {
        view! { <BulkCancelDialog targets team on_canceled on_done /> }
    } else "The cancel dialog"
}

/// The dialog of [`BulkCancel`].
#[component]
fn BulkCancelDialog(
    targets: RwSignal<Vec<Deployment>>,
    team: Signal<Option<String>>,
    on_canceled: Callback<Deployment>,
    on_done: Callback<BulkOutcome>,
) -> impl IntoView {
    let store = use_connection();
    let open = RwSignal::new(false);
    let pending = RwSignal::new(false);
    Effect::new(move |_| {
        let wanted = targets.with(|t| !t.is_empty());
        if open.get_untracked() != wanted {
            open.set(wanted);
        }
    });
    Effect::new(move |_| {
        if !open.get() && !pending.get_untracked() && targets.with_untracked(|t| !t.is_empty()) {
            targets.set(Vec::new());
        }
    });
    let title = Signal::derive(move || {
        let n = targets.with(Vec::len);
        format!("Cancel {n} deployment{}?", if n == 1 { "" } else { "s" })
    });
    let confirm = move |()| {
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        let builds = targets.get_untracked();
        let client = Client::new(store.get_untracked());
        let team = team.get_untracked();
        leptos::task::spawn_local(async move {
            let mut outcome = BulkOutcome::default();
            // One after another: the queue moves as each is canceled, and the report keeps
            // the order the person saw. The page may be left meanwhile: the cancels still
            // go out, and what would show them is not called (`try_run`).
            for build in builds {
                match api::builds::cancel(&client, &build.id, team.as_deref()).await {
                    Ok(canceled) => {
                        outcome.summary.canceled.push(what(&canceled));
                        on_canceled.try_run(canceled);
                    }
                    Err(error) => {
                        outcome
                            .summary
                            .refused
                            .push((what(&build), error.message()));
                        outcome.errors.push((what(&build), error));
                    }
                }
            }
            pending.set(false);
            targets.set(Vec::new());
            on_done.try_run(outcome);
        });
    };
    view! {
        <ConfirmDialog
            id="bulk-cancel"
            open
            title
            confirm_label=Signal::derive(move || title.get().trim_end_matches('?').to_owned())
            dismiss_label="Keep them"
            danger=true
            pending
            on_confirm=Callback::new(confirm)
        >
            <p>"Each build stops where it is and never becomes ready. This cannot be undone."</p>
            <ul class="bulk-cancel__list">
                {move || {
                    targets
                        .get()
                        .iter()
                        .map(|d| {
                            view! {
                                <li>
                                    <code>{what(d)}</code>
                                    {format!(" · {}", d.ready_state.as_str())}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </ConfirmDialog>
    }
}

/// What a bulk cancel did, with each refusal's error for the error view.
#[derive(Clone, Default)]
pub struct BulkOutcome {
    pub summary: BulkCancel,
    pub errors: Vec<(String, ApiError)>,
}

/// The report of the last bulk cancel, until dismissed.
#[component]
pub fn BulkReport(outcome: RwSignal<Option<BulkOutcome>>) -> impl IntoView {
    move || {
        outcome.get().map(|o| {
            let canceled = o.summary.canceled.clone();
            view! {
                <section class="bulk-report card" aria-labelledby="bulk-report-title">
                    <h2 id="bulk-report-title" class="bulk-report__title">
                        {o.summary.summary()}
                    </h2>
                    {(!canceled.is_empty())
                        .then(|| {
                            view! {
                                <p>
                                    "Canceled: "
                                    {canceled
                                        .iter()
                                        .map(|name| {
                                            view! {
                                                <code class="bulk-report__name">{name.clone()}</code>
                                            }
                                        })
                                        .collect_view()}
                                </p>
                            }
                        })}
                    {o
                        .errors
                        .into_iter()
                        .map(|(name, error)| {
                            view! {
                                <div class="bulk-report__refused">
                                    <p>"Could not cancel " <code>{name}</code> ":"</p>
                                    <ErrorView error />
                                </div>
                            }
                        })
                        .collect_view()}
                    <button
                        type="button"
                        class="btn btn--ghost btn--small"
                        on:click=move |_| outcome.set(None)
                    >
                        "Dismiss"
                    </button>
                </section>
            }
        })
    }
}
