use faas_api::{validation::Limits, ErrorCode, Package, PackageRevision, UpdatePackage};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::list::{running_of, Tags};
use crate::{
    api::deployments::StopAllTarget,
    api::{self, ApiError, Client, Page},
    authoring::{draft::parse_tags, problems::Problems},
    components::{
        mount_on_first_use, AsyncView, Busy, ConfirmDialog, CopyButton, ErrorView, Request,
        TextField, Time,
    },
    connection::store::use_connection,
    pages::activity::ObjectHistory,
    pages::deployments::{DeploymentsPanel, LiveStatus, Names, StopAll},
    routes::{DeploymentsQuery, Route, Section},
    unsaved::use_unsaved_changes,
};

/// `/packages/{id}`: a package's details, editable, its revisions, and delete.
#[component]
pub fn PackagePage(
    /// The package's id, from the path.
    id: String,
) -> impl IntoView {
    let store = use_connection();
    Names::provide();
    let id = Signal::stored(id);
    // Bumped after an edit, so the details and the revisions are read again.
    let version = RwSignal::new(0u32);
    // The package and its revisions in one resource: one request after the other, but one
    // loader (and one copy of the resource machinery in the wasm) for the page.
    let loaded = LocalResource::new(move || {
        let client = Client::new(store.get());
        let (id, _) = (id.get(), version.get());
        async move {
            let package = api::packages::get(&client, &id).await?;
            let revisions = api::revisions::list(&client, &id, 0).await?;
            Ok((package, revisions))
        }
    });

    view! {
        <p class="breadcrumb">
            <a href=Section::Packages.route().href()>"Packages"</a>
        </p>
        <AsyncView resource=loaded loading="Loading the package…" let:loaded>
            <PackageDetails
                package=loaded.0.clone()
                on_changed=Callback::new(move |()| version.update(|v| *v += 1))
            />
            <section class="section" aria-labelledby="revisions-heading">
                <div class="page-header">
                    <h2 id="revisions-heading">"Revisions"</h2>
                    <a
                        href=Route::NewRevision {
                            package_id: id.get_untracked(),
                            from: None,
                        }
                            .href()
                        class="btn btn--primary"
                    >
                        "New revision"
                    </a>
                </div>
                <RevisionsTable page=loaded.1 package_id=id.get_untracked() />
            </section>
            <PackageDeployments id=id.get_untracked() name=loaded.0.name.clone() />
            <ObjectHistory target=id.get_untracked() what="package" />
        </AsyncView>
    }
}

/// The package's deployments, live, and the stop of all of them.
#[component]
fn PackageDeployments(id: String, name: String) -> impl IntoView {
    let refresh = RwSignal::new(0u32);
    view! {
        <section class="section" aria-labelledby="deployments-heading">
            <div class="page-header">
                <h2 id="deployments-heading">"Deployments"</h2>
                <StopAll
                    target=StopAllTarget::Package(id.clone())
                    name
                    on_stopped=Callback::new(move |()| refresh.update(|r| *r += 1))
                />
            </div>
            <LiveStatus />
            <DeploymentsPanel
                query=DeploymentsQuery {
                    package: Some(id),
                    ..Default::default()
                }
                refresh
                caption="Deployments of this package"
                empty="No revision of this package is deployed."
            />
        </section>
    }
}

#[component]
fn PackageDetails(package: Package, on_changed: Callback<()>) -> impl IntoView {
    super::super::set_title(&package.name);
    let editing = RwSignal::new(false);
    let deleting = RwSignal::new(false);
    // The edit form's save, here so that its button can wait for it: closing the form under
    // its save would drop the answer (`Request::start`).
    let saving = Request::new();
    let package = StoredValue::new(package);
    let p = package.get_value();
    view! {
        <div class="page-header">
            <h1>{p.name.clone()}</h1>
            <div class="page-header__actions">
                <button
                    type="button"
                    class="btn btn--secondary"
                    aria-expanded=move || editing.get().to_string()
                    aria-controls="package-edit"
                    disabled=move || saving.pending()
                    on:click=move |_| editing.update(|e| *e = !*e)
                >
                    "Edit details"
                </button>
                <button type="button" class="btn btn--danger" on:click=move |_| deleting.set(true)>
                    "Delete package"
                </button>
            </div>
        </div>
        <Show
            when=move || editing.get()
            fallback=move || view! { <PackageFacts package=package.get_value() /> }
        >
            {move || Suspend::new(
                package_action(PackageAction::Edit {
                    package: package.get_value(),
                    saving,
                    on_done: Callback::new(move |saved: bool| {
                        editing.set(false);
                        if saved {
                            on_changed.run(());
                        }
                    }),
                }),
            )}
        </Show>
        {mount_on_first_use(
            move || deleting.get(),
            move || package_action(PackageAction::Delete {
                package: package.get_value(),
                open: deleting,
            }),
        )}
    }
}

/// The package page's two actions, whose code (the edit form with its checks, the delete
/// dialog) is a module of its own, fetched the first time one of them is asked for, not
/// with every view of a package.
enum PackageAction {
    Edit {
        package: Package,
        saving: Request,
        on_done: Callback<bool>,
    },
    Delete {
        package: Package,
        open: RwSignal<bool>,
    },
}

on_demand! {
    async fn package_action(action: PackageAction) in package_actions {
        match action {
            PackageAction::Edit {
                package,
                saving,
                on_done,
            } => view! { <EditPackage package request=saving on_done /> }.into_any(),
            PackageAction::Delete { package, open } => {
                view! { <DeletePackage package open /> }.into_any()
            }
        }
    } else "This action"
}

#[component]
fn PackageFacts(package: Package) -> impl IntoView {
    let p = package;
    view! {
        <section class="card" aria-label="Details">
            <p class="lead">
                {if p.description.is_empty() {
                    view! { <span class="muted">"No description"</span> }.into_any()
                } else {
                    view! { <span>{p.description.clone()}</span> }.into_any()
                }}
            </p>
            <dl class="facts facts--grid">
                <div>
                    <dt>"Tags"</dt>
                    <dd>
                        <Tags tags=p.tags.clone() />
                    </dd>
                </div>
                <div>
                    <dt>"Kind"</dt>
                    <dd>{if p.package_blueprint_id.is_some() { "Template" } else { "Custom" }}</dd>
                </div>
                <div>
                    <dt>"Revisions"</dt>
                    <dd>{p.revisions_total}</dd>
                </div>
                <div>
                    <dt>"Deployments"</dt>
                    <dd>
                        {running_of(p.package_deployments_running, p.package_deployments_total)}
                    </dd>
                </div>
                <div>
                    <dt>"Created"</dt>
                    <dd>
                        <Time at=p.created_dttm.clone() />
                    </dd>
                </div>
                <div>
                    <dt>"Updated"</dt>
                    <dd>
                        <Time at=p.updated_dttm.clone() />
                    </dd>
                </div>
                <div>
                    <dt>"ID"</dt>
                    <dd>
                        <code class="mono">{p.id.clone()}</code>
                        " "
                        <CopyButton text=p.id.clone() what="package ID" />
                    </dd>
                </div>
            </dl>
        </section>
    }
}

/// Name, description and tags of a package, checked with the shared rules before sending.
#[component]
fn EditPackage(
    package: Package,
    /// The save's request, the page's: the form cannot be closed while it is on its way.
    request: Request,
    on_done: Callback<bool>,
) -> impl IntoView {
    let store = use_connection();
    let unsaved = use_unsaved_changes();
    let original = (
        package.name.clone(),
        package.description.clone(),
        package.tags.join(", "),
    );
    let name = RwSignal::new(original.0.clone());
    let description = RwSignal::new(original.1.clone());
    let tags = RwSignal::new(original.2.clone());
    let dirty = Memo::new(move |_| (name.get(), description.get(), tags.get()) != original);
    unsaved.track(dirty.into());

    let problems = RwSignal::new(Problems::default());
    let failure = RwSignal::new(None::<ApiError>);
    let id = package.id.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        failure.set(None);
        let body = UpdatePackage {
            name: Some(name.get_untracked()),
            description: Some(description.get_untracked().trim().to_owned()),
            tags: Some(parse_tags(&tags.get_untracked())),
        };
        match faas_api::validation::validate_update_package(&body, &Limits::default()) {
            Ok(body) => {
                problems.set(Problems::default());
                let client = Client::new(store.get_untracked());
                let id = id.clone();
                request.start(
                    async move { api::packages::update(&client, &id, &body).await },
                    move |result| match result {
                        Ok(_) => {
                            unsaved.clear();
                            on_done.run(true);
                        }
                        Err(error) => {
                            if let Some(found) = Problems::from_server(&error) {
                                problems.set(found);
                            }
                            failure.set(Some(error));
                        }
                    },
                );
            }
            Err(found) => {
                problems.set(Problems::from_rules(&found));
                let first = found.first().map(|p| p.field.clone()).unwrap_or_default();
                let id = if first.starts_with("tags") {
                    "edit-tags"
                } else if first == "description" {
                    "edit-description"
                } else {
                    "edit-name"
                };
                crate::components::focus_element(id);
            }
        }
    };
    let problem = move |path: &'static str| Signal::derive(move || problems.with(|p| p.get(path)));
    view! {
        <form
            id="package-edit"
            class="card form"
            novalidate
            aria-label="Edit package"
            on:submit=submit
        >
            <TextField id="edit-name" label="Name" value=name error=problem("name") required=true />
            <TextField
                id="edit-description"
                label="Description"
                value=description
                error=problem("description")
                multiline=true
            />
            <TextField
                id="edit-tags"
                label="Tags"
                hint="Separated by commas or spaces: lowercase letters, digits, - and _."
                value=tags
                error=problem("tags")
            />
            {move || failure.get().map(|error| view! { <ErrorView error /> })}
            <div class="form__actions">
                <button type="submit" class="btn btn--primary" disabled=move || request.pending()>
                    "Save details"
                </button>
                // Not while saving: the answer belongs to this form, which Cancel takes away.
                <button
                    type="button"
                    class="btn btn--secondary"
                    disabled=move || request.pending()
                    on:click=move |_| {
                        unsaved.clear();
                        on_done.run(false);
                    }
                >
                    "Cancel"
                </button>
                {move || request.pending().then(|| view! { <Busy>"Saving…"</Busy> })}
            </div>
        </form>
    }
}

/// The delete dialog: names the package, warns before the attempt when deployments are
/// running, and explains the server's 409 after it.
#[component]
fn DeletePackage(package: Package, open: RwSignal<bool>) -> impl IntoView {
    let store = use_connection();
    let navigate = use_navigate();
    let id = package.id.clone();
    let request = Request::new();
    let failure = RwSignal::new(None::<ApiError>);
    // A new attempt starts without the last one's error.
    Effect::new(move |_| {
        if open.get() {
            failure.set(None);
        }
    });
    let delete = move |()| {
        let client = Client::new(store.get_untracked());
        let (id, navigate) = (id.clone(), navigate.clone());
        request.start(
            async move { api::packages::delete(&client, &id).await },
            move |result| match result {
                Ok(()) => {
                    open.set(false);
                    navigate(&Section::Packages.route().href(), Default::default());
                }
                Err(error) => failure.set(Some(error)),
            },
        );
    };
    let running = package.package_deployments_running;
    let revisions = package.revisions_total;
    let name = package.name.clone();
    view! {
        <ConfirmDialog
            id="delete-package"
            open
            title=format!("Delete package “{name}”?")
            confirm_label="Delete package"
            danger=true
            pending=Signal::derive(move || request.pending())
            on_confirm=Callback::new(delete)
        >
            <p>
                {format!(
                    "This deletes the package and its {}. It cannot be undone.",
                    crate::format::count(u64::from(revisions), "revision", "revisions"),
                )}
            </p>
            {(running > 0)
                .then(|| {
                    view! {
                        <p class="notice notice--warn">
                            {format!(
                                "{} of this package {} running. The server refuses to delete a package until every deployment is stopped or failed: stop them first.",
                                crate::format::count(
                                    u64::from(running),
                                    "deployment",
                                    "deployments",
                                ),
                                if running == 1 { "is" } else { "are" },
                            )}
                        </p>
                    }
                })}
            {move || {
                failure
                    .get()
                    .map(|error| {
                        let blocked = error.code().and_then(ErrorCode::parse)
                            == Some(ErrorCode::PackageHasActiveDeployments);
                        view! {
                            {blocked
                                .then(|| {
                                    view! {
                                        <p class="notice notice--warn">
                                            "Not deleted: a deployment of this package is still starting, running or stopping. Stop every deployment of the package, wait until they are stopped, then delete it."
                                        </p>
                                    }
                                })}
                            <ErrorView error />
                        }
                    })
            }}
        </ConfirmDialog>
    }
}

/// A package's revisions, newest first.
#[component]
fn RevisionsTable(page: Page<PackageRevision>, package_id: String) -> impl IntoView {
    if page.is_empty() {
        return view! { <p class="muted">"This package has no revisions."</p> }.into_any();
    }
    let more = page.has_next().then(|| {
        view! {
            <p class="muted">
                {format!("Showing the newest {} of {} revisions.", page.items.len(), page.total())}
            </p>
        }
    });
    view! {
        <div class="table-wrap" role="region" aria-label="Revisions table" tabindex="0">
            <table class="table">
                <caption class="visually-hidden">"Revisions"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Description"</th>
                        <th scope="col" class="num">
                            "Deployments"
                        </th>
                        <th scope="col">"Created"</th>
                        <th scope="col">
                            <span class="visually-hidden">"Actions"</span>
                        </th>
                    </tr>
                </thead>
                <tbody>
                    {page
                        .items
                        .into_iter()
                        .map(|r| {
                            let revision_link = Route::Revision {
                                id: r.id.clone(),
                                compare: None,
                                at: None,
                            }
                                .href();
                            let from_label = format!("New revision from {}", r.name);
                            let from = Route::NewRevision {
                                package_id: package_id.clone(),
                                from: Some(r.id.clone()),
                            };
                            view! {
                                <tr>
                                    <td>
                                        <a href=revision_link>{r.name}</a>
                                    </td>
                                    <td>{r.description}</td>
                                    <td class="num">
                                        {running_of(
                                            r.package_deployments_running,
                                            r.package_deployments_total,
                                        )}
                                    </td>
                                    <td>
                                        <Time at=r.created_dttm />
                                    </td>
                                    <td>
                                        <a href=from.href() class="btn btn--ghost btn--small">
                                            {from_label}
                                        </a>
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
        {more}
    }
    .into_any()
}
