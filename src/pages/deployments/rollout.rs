//! Rolling out: the channel-conflict warning shown before Deploy and Start, "Update <keyset>
//! to this revision" on a revision's page, "Roll back" on a deployment's page, the dialog both
//! open, and the live follow of the two deployments until the update has ended. The rules are
//! plain Rust in [`crate::rollout`].

use faas_api::{DeploymentState, PackageDeployment, PackageRevision};
use leptos::prelude::*;

use super::{panel::keyset_name, watch::Watch};
use crate::{
    account::use_account_keysets,
    api::{self, ApiError, Client},
    authoring::diff::{diff_functions, summary, FunctionChange},
    components::{
        mount_on_first_use, open_while_some, use_live_query, Busy, ConfirmDialog, ErrorView,
        Request,
    },
    connection::store::use_connection,
    rollout::{
        added_conflicts, channels_of, conflicts, progress_text, reusable_deployment,
        rollback_revision, update_targets, Conflict, Progress, RevisionAge,
    },
    routes::{DeploymentsQuery, Route},
};

/// The functions of other packages that already listen, on `keyset`, where `channels` would:
/// a warning, never a block. Nothing while no keyset is chosen.
#[component]
pub fn ConflictCheck(
    #[prop(into)] keyset: Signal<Option<i64>>,
    /// The input channels of the revision about to run.
    channels: Vec<String>,
    /// Its package: its own deployments are not conflicts.
    package_id: String,
    /// What is about to happen, for the sentences: "Deploying", "Starting it".
    doing: &'static str,
) -> impl IntoView {
    let store = use_connection();
    let keysets = use_account_keysets();
    let channels = StoredValue::new(channels);
    let package_id = StoredValue::new(package_id);
    let found = LocalResource::new(move || {
        let client = Client::new(store.get());
        let keyset = keyset.get();
        async move {
            let Some(keyset) = keyset else {
                return Ok(None);
            };
            // Both read before the await: the check may be gone when the answer comes.
            let (channels, package_id) = (channels.get_value(), package_id.get_value());
            let listeners = api::rollout::listeners(&client, keyset, &channels).await?;
            Ok::<_, ApiError>(Some((
                keyset,
                conflicts(&channels, &package_id, &listeners),
            )))
        }
    });
    move || {
        // `try_get`, here and below: an answer may come as the dialog is closed or its page
        // left, after the resource is gone (see `AsyncView`).
        let (keyset, list) = match found.try_get().flatten() {
            None if keyset.get().is_some() => {
                return view! { <Busy>"Checking channel conflicts…"</Busy> }.into_any();
            }
            Some(Ok(Some(found))) => found,
            Some(Err(error)) => {
                return view! {
                    <div class="conflicts">
                        <p>"The channel conflicts could not be checked:"</p>
                        <ErrorView error />
                    </div>
                }
                .into_any();
            }
            _ => return ().into_any(),
        };
        let keyset = keyset_name(keysets, keyset).unwrap_or_else(|| format!("keyset {keyset}"));
        view! {
            <ConflictList
                conflicts=list
                intro=format!(
                    "{doing} on {keyset} shares channels with other packages that already run there:",
                )
                none=format!("No other package listens on these channels on {keyset}.")
            />
        }
        .into_any()
    }
}

on_demand! {
    /// [`ConflictCheck`] in a module of its own, for a form that checks only once a keyset is
    /// chosen.
    pub async fn conflict_check(
        keyset: Signal<Option<i64>>,
        channels: Vec<String>,
        package_id: String,
        doing: &'static str,
    ) in channel_conflicts {
        view! { <ConflictCheck keyset channels package_id doing /> }
    } else "The check for channel conflicts"
}

/// Conflicts named with links to each function's revision, package and deployment; or the
/// sentence `none`.
#[component]
fn ConflictList(conflicts: Vec<Conflict>, intro: String, none: String) -> impl IntoView {
    if conflicts.is_empty() {
        return view! { <p class="conflicts conflicts--none muted">{none}</p> }.into_any();
    }
    view! {
        <div class="conflicts notice notice--warn" role="group" aria-label="Channel conflicts">
            <p>
                <strong>"Channel conflicts. "</strong>
                {intro}
            </p>
            <ul class="conflicts__list">
                {conflicts
                    .into_iter()
                    .map(|c| {
                        let function_link = Route::Revision {
                            id: c.revision_id.clone(),
                            compare: None,
                            at: None,
                        }
                            .href();
                        view! {
                            <li>
                                <a href=function_link>{c.function.clone()}</a>
                                " of "
                                <a href=Route::Package(c.package_id.clone())
                                    .href()>{c.package_name.clone()}</a>
                                {format!(
                                    " ({}) listens on {}, which meets {}. ",
                                    c.revision_name,
                                    c.function_channel,
                                    c.channels.join(", "),
                                )}
                                <a href=Route::Deployment(c.deployment_id.clone())
                                    .href()>"Its deployment"</a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <p class="muted">"This is a warning: you can go ahead."</p>
        </div>
    }
    .into_any()
}

/// An update about to be confirmed: the RUNNING deployment to replace and the revision to
/// run instead, with the names the dialog uses.
#[derive(Debug, Clone)]
pub struct UpdatePlan {
    pub old: PackageDeployment,
    /// With its functions.
    pub to: PackageRevision,
    pub package_name: String,
    pub direction: Direction,
}

/// Whether the update goes to a revision chosen on its page, or back to the one that ran
/// before: the same action, told in its own words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Update,
    RollBack,
}

impl Direction {
    /// The confirming button's label.
    fn verb(self) -> &'static str {
        match self {
            Direction::Update => "Update",
            Direction::RollBack => "Roll back",
        }
    }
}

/// On a revision's page: for each keyset where another revision of the package runs,
/// "Update <keyset> to this revision". Its code (the read of the package's running
/// deployments, the offers and their dialog) is fetched only when the package runs more
/// deployments than this revision does (`running_in_package`, the package's count): with
/// none of another revision running there is nothing to offer, and nothing done on the page
/// starts one.
#[component]
pub fn UpdateOffers(
    revision: PackageRevision,
    package_name: String,
    /// The package's running deployments, all revisions together.
    running_in_package: u32,
    /// Bumped after an update, and read again then.
    refresh: RwSignal<u32>,
) -> impl IntoView {
    (running_in_package > revision.package_deployments_running)
        .then(|| Suspend::new(update_offers_view(revision, package_name, refresh)))
}

on_demand! {
    async fn update_offers_view(
        revision: PackageRevision,
        package_name: String,
        refresh: RwSignal<u32>,
    ) in update_offers {
        view! { <Offers revision package_name refresh /> }
    } else "The offers to update running deployments"
}

#[component]
fn Offers(
    revision: PackageRevision,
    package_name: String,
    refresh: RwSignal<u32>,
) -> impl IntoView {
    let store = use_connection();
    let keysets = use_account_keysets();
    let package_id = revision.package_id.clone();
    let running = LocalResource::new(move || {
        let client = Client::new(store.get());
        refresh.track();
        let query = DeploymentsQuery {
            package: Some(package_id.clone()),
            state: Some(DeploymentState::Running),
            ..Default::default()
        };
        async move { api::deployments::list(&client, &query).await }
    });
    let plan = RwSignal::new(None::<UpdatePlan>);
    let revision = StoredValue::new(revision);
    let package_name = StoredValue::new(package_name);
    view! {
        {move || {
            let Some(Ok(page)) = running.try_get().flatten() else {
                return ().into_any();
            };
            let targets = update_targets(&revision.read_value().id, &page.items);
            if targets.is_empty() {
                return ().into_any();
            }
            view! {
                <div class="update-offers" role="group" aria-label="Update running deployments">
                    {targets
                        .into_iter()
                        .map(|old| {
                            let keyset = keyset_name(keysets, old.keyset_id)
                                .unwrap_or_else(|| format!("keyset {}", old.keyset_id));
                            view! {
                                <button
                                    type="button"
                                    class="btn btn--secondary"
                                    on:click=move |_| {
                                        plan.set(
                                            Some(UpdatePlan {
                                                old: old.clone(),
                                                to: revision.get_value(),
                                                package_name: package_name.get_value(),
                                                direction: Direction::Update,
                                            }),
                                        )
                                    }
                                >
                                    {format!("Update {keyset} to this revision")}
                                </button>
                            }
                        })
                        .collect_view()}
                </div>
            }
                .into_any()
        }}
        <LazyUpdateDialog plan on_started=Callback::new(move |()| refresh.update(|r| *r += 1)) />
    }
}

/// [`RollBack`], whose code (its search for the previous revision, its dialog's opener) is
/// fetched the first time the deployment is seen RUNNING: a deployment that is stopped or
/// failed never offers it, and its page's first load does not carry it.
#[component]
pub fn RollBackOffer(
    deployment: RwSignal<PackageDeployment>,
    on_started: Callback<()>,
) -> impl IntoView {
    mount_on_first_use(
        move || deployment.with(|d| d.state == DeploymentState::Running),
        move || roll_back_offer(deployment, on_started),
    )
}

on_demand! {
    async fn roll_back_offer(
        deployment: RwSignal<PackageDeployment>,
        on_started: Callback<()>,
    ) in roll_back {
        view! { <RollBack deployment on_started /> }
    } else "The roll-back offer"
}

/// On a RUNNING deployment's page: "Roll back to <revision>", the update towards the
/// package's previous revision that has a deployment on the keyset. Nothing when there is
/// none.
#[component]
fn RollBack(deployment: RwSignal<PackageDeployment>, on_started: Callback<()>) -> impl IntoView {
    let store = use_connection();
    let running = Memo::new(move |_| deployment.with(|d| d.state == DeploymentState::Running));
    let current = Memo::new(move |_| deployment.get());
    let found = LocalResource::new(move || {
        let client = Client::new(store.get());
        let current = current.get();
        let running = running.get();
        async move {
            if !running {
                return Ok(None);
            }
            let revision = api::revisions::get(&client, &current.package_revision_id).await?;
            let revisions = api::revisions::list(&client, &revision.package_id, 0)
                .await?
                .items;
            let on_keyset = api::deployments::list(
                &client,
                &DeploymentsQuery {
                    package: Some(revision.package_id.clone()),
                    keyset: Some(current.keyset_id),
                    ..Default::default()
                },
            )
            .await?
            .items;
            let ages: Vec<RevisionAge> = revisions
                .iter()
                .map(|r| RevisionAge {
                    id: &r.id,
                    created: &r.created_dttm,
                })
                .collect();
            let Some(previous) = rollback_revision(&current, &ages, &on_keyset) else {
                return Ok(None);
            };
            let to = api::revisions::get(&client, previous).await?;
            let package = api::packages::get(&client, &revision.package_id).await?;
            Ok::<_, ApiError>(Some(UpdatePlan {
                old: current,
                to,
                package_name: package.name,
                direction: Direction::RollBack,
            }))
        }
    });
    let plan = RwSignal::new(None::<UpdatePlan>);
    view! {
        {move || {
            found
                .get()
                .and_then(Result::ok)
                .flatten()
                .filter(|_| running.get())
                .map(|ready| {
                    let label = format!("Roll back to {}", ready.to.name);
                    view! {
                        <button
                            type="button"
                            class="btn btn--secondary btn--small"
                            on:click=move |_| plan.set(Some(ready.clone()))
                        >
                            {label}
                        </button>
                    }
                })
        }}
        <LazyUpdateDialog plan on_started />
    }
}

/// What the dialog shows before confirming: the functions changed and the conflicts added.
#[derive(Debug, Clone)]
struct Preview {
    from_name: String,
    changes: Vec<FunctionChange>,
    added: Vec<Conflict>,
}

async fn preview(client: Client, plan: UpdatePlan) -> Result<Preview, ApiError> {
    let from = api::revisions::get(&client, &plan.old.package_revision_id).await?;
    let old_functions = from.functions.clone().unwrap_or_default();
    let new_functions = plan.to.functions.clone().unwrap_or_default();
    let (old_channels, new_channels) = (channels_of(&old_functions), channels_of(&new_functions));
    let mut all = new_channels.clone();
    all.extend(
        old_channels
            .iter()
            .filter(|c| !new_channels.contains(c))
            .cloned(),
    );
    let listeners = api::rollout::listeners(&client, plan.old.keyset_id, &all).await?;
    let package = &plan.to.package_id;
    let added = added_conflicts(
        conflicts(&new_channels, package, &listeners),
        &conflicts(&old_channels, package, &listeners),
    );
    Ok(Preview {
        from_name: from.name,
        changes: diff_functions(&old_functions, &new_functions),
        added,
    })
}

/// The update about to start, then the two deployments it involves.
#[derive(Debug, Clone)]
struct Following {
    old: PackageDeployment,
    new: PackageDeployment,
    from: String,
    to: String,
}

/// The update dialog, in a module of its own: its comparison, the update's start and its
/// live follow load the first time someone asks for an update (or a roll back), not with
/// every page that offers one.
#[component]
fn LazyUpdateDialog(plan: RwSignal<Option<UpdatePlan>>, on_started: Callback<()>) -> impl IntoView {
    mount_on_first_use(
        move || plan.with(Option::is_some),
        move || update_dialog_view(plan, on_started),
    )
}

on_demand! {
    async fn update_dialog_view(
        plan: RwSignal<Option<UpdatePlan>>,
        on_started: Callback<()>,
    ) in update_dialog {
        view! { <UpdateDialog plan on_started /> }
    } else "The update dialog"
}

/// Asks before an update (or a roll back): from → to, the functions added, removed and
/// changed, the channel conflicts it would add; on confirm, starts it and follows both
/// deployments live until it has ended, said in words in the page's live region.
#[component]
fn UpdateDialog(plan: RwSignal<Option<UpdatePlan>>, on_started: Callback<()>) -> impl IntoView {
    let store = use_connection();
    let keysets = use_account_keysets();
    let watch = Watch::use_watch();
    let request = Request::new();
    let error = RwSignal::new(None::<ApiError>);
    let open = open_while_some(plan, move || error.set(None));
    let following = RwSignal::new(None::<Following>);
    let keyset = move |p: &UpdatePlan| {
        keyset_name(keysets, p.old.keyset_id)
            .unwrap_or_else(|| format!("keyset {}", p.old.keyset_id))
    };
    let title = Signal::derive(move || {
        plan.with(|p| {
            p.as_ref()
                .map(|p| match p.direction {
                    Direction::RollBack => format!(
                        "Roll back {} on {} to {}?",
                        p.package_name,
                        keyset(p),
                        p.to.name
                    ),
                    Direction::Update => format!(
                        "Update {} to {} of {}?",
                        keyset(p),
                        p.to.name,
                        p.package_name
                    ),
                })
                .unwrap_or_default()
        })
    });
    let confirm_label = Signal::derive(move || {
        plan.with(|p| {
            p.as_ref()
                .map_or("Update", |p| p.direction.verb())
                .to_owned()
        })
    });
    let shown = LocalResource::new(move || {
        let client = Client::new(store.get());
        let plan = plan.get();
        async move {
            match plan {
                Some(plan) => preview(client, plan).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let confirm = move |()| {
        let Some(p) = plan.get_untracked() else {
            return;
        };
        let client = Client::new(store.get_untracked());
        let keyset_label = keyset(&p);
        // The running revision's name, from the preview; a confirm made before the preview
        // came reads it with the update (only a failed read leaves it unnamed).
        let previewed = shown
            .get_untracked()
            .and_then(|r| r.ok().flatten())
            .map(|preview| preview.from_name);
        request.start(
            async move {
                let from_name = match previewed {
                    Some(name) => name,
                    None => api::revisions::get(&client, &p.old.package_revision_id)
                        .await
                        .map_or_else(|_| "the running revision".to_owned(), |r| r.name),
                };
                let existing = api::deployments::of_revision(&client, &p.to.id).await?;
                let new = match reusable_deployment(&p.to.id, p.old.keyset_id, &existing) {
                    Some(idle) => idle,
                    None => {
                        let body = faas_api::CreateDeployment {
                            package_revision_id: p.to.id.clone(),
                            keyset_id: p.old.keyset_id,
                        };
                        api::deployments::create(&client, &body).await?
                    }
                };
                let started = api::rollout::rolling_update(&client, &p.old.id, &new.id).await?;
                Ok::<_, ApiError>((p, started, from_name))
            },
            move |result| match result {
                Ok((p, new, from_name)) => {
                    let follow = Following {
                        from: format!("{from_name} on {keyset_label}"),
                        to: format!("{} on {keyset_label}", p.to.name),
                        old: p.old,
                        new,
                    };
                    watch.say(progress_text(
                        &follow.from,
                        &follow.old,
                        &follow.to,
                        &follow.new,
                    ));
                    following.set(Some(follow));
                    plan.set(None);
                    on_started.run(());
                }
                Err(e) => error.set(Some(e)),
            },
        );
    };
    view! {
        <ConfirmDialog
            id="update-deployment"
            open
            title
            confirm_label
            pending=Signal::derive(move || request.pending())
            on_confirm=Callback::new(confirm)
        >
            {move || match shown.try_get().flatten() {
                None => view! { <Busy>"Comparing the revisions…"</Busy> }.into_any(),
                Some(Err(error)) => view! { <ErrorView error /> }.into_any(),
                Some(Ok(None)) => ().into_any(),
                Some(Ok(Some(preview))) => {
                    let p = plan.get_untracked();
                    let to = p.as_ref().map(|p| p.to.name.clone()).unwrap_or_default();
                    let keyset_label = p.as_ref().map(keyset).unwrap_or_default();
                    view! { <PreviewView preview to keyset=keyset_label /> }.into_any()
                }
            }}
            <p class="muted">
                "The new deployment starts first; the running one stops only once it runs. If its build fails, the running one keeps running."
            </p>
            {move || error.get().map(|error| view! { <ErrorView error /> })}
        </ConfirmDialog>
        {move || following.get().map(|follow| view! { <Follow follow on_changed=on_started /> })}
    }
}

#[component]
fn PreviewView(preview: Preview, to: String, keyset: String) -> impl IntoView {
    let Preview {
        from_name,
        changes,
        added,
    } = preview;
    let summary_text = summary(&changes);
    view! {
        <p class="update-from-to">
            <strong>{from_name.clone()}</strong>
            " → "
            <strong>{to.clone()}</strong>
            {format!(" on {keyset}: {summary_text}")}
        </p>
        <ul class="update-changes">
            {changes
                .into_iter()
                .filter(|c| !matches!(c, FunctionChange::Unchanged(_)))
                .map(|c| {
                    let badge = match c {
                        FunctionChange::Added(_) => "badge badge--ok",
                        FunctionChange::Removed(_) => "badge badge--error",
                        _ => "badge badge--warn",
                    };
                    view! {
                        <li>
                            <span class=badge>{c.label()}</span>
                            " "
                            {c.name().to_owned()}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
        <ConflictList
            conflicts=added
            intro=format!("Running {to} on {keyset} would add these:")
            none="It adds no channel conflict.".to_owned()
        />
    }
}

/// Reads both deployments about every second until the update has ended, and says each step
/// in the page's live region.
#[component]
fn Follow(follow: Following, on_changed: Callback<()>) -> impl IntoView {
    let watch = Watch::use_watch();
    let Following { old, new, from, to } = follow;
    let state = RwSignal::new((old.state, new.state));
    let (old_id, new_id) = (old.id.clone(), new.id.clone());
    let done = Memo::new(move |_| {
        let (old, new) = state.get();
        Progress::settled(old, new)
    });
    use_live_query(
        move |client| {
            let (old_id, new_id) = (old_id.clone(), new_id.clone());
            // The old one first: the server stops it only once the new one runs, so an old
            // one seen stopping comes with a new one that runs. Read the other way round, a
            // busy server could answer a new one still STARTING and then an old one already
            // STOPPING, a pair that never existed.
            async move {
                let old = api::deployments::get(&client, &old_id).await?;
                let new = api::deployments::get(&client, &new_id).await?;
                Ok((old, new))
            }
        },
        move |(old, new): (PackageDeployment, PackageDeployment), _| {
            if state.get_untracked() != (old.state, new.state) {
                state.set((old.state, new.state));
                watch.say(progress_text(&from, &old, &to, &new));
                on_changed.run(());
            }
        },
        move || (!done.get()).then_some(1_000),
    );
}
