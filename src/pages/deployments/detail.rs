//! `/deployments/{id}`: one deployment, its functions and their build errors, kept live.

use faas_api::{DeploymentState, PackageDeployment};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::{
    actions::{ActionButtons, DeleteDeployment, Failure, FailureView, ReadFailure},
    names::{Names, RevisionInfo},
    panel::{keyset_name, naming, StateBadge},
    rollout::{ConflictCheck, RollBackOffer},
    schedule::DeploymentSchedules,
    watch::{LiveStatus, Watch},
};
use crate::{
    account::use_account_keysets,
    api,
    components::{use_live_query, Busy, CopyButton, LiveItem, Time},
    deployments::parse_build_error,
    pages::activity::ObjectHistory,
    rollout::channels_of,
    routes::{CodeAt, DataTab, KeysetDataQuery, Route, Section},
};

#[component]
pub fn DeploymentPage(id: String) -> impl IntoView {
    super::super::set_title("Deployment");
    Names::provide();
    let names = Names::use_names();
    let watch = Watch::use_watch();
    // The deployment as a signal of its own: a poll updates what changed in place.
    let deployment = LiveItem::<PackageDeployment>::new();
    let live = use_live_query(
        move |client| {
            let id = id.clone();
            async move { api::deployments::get(&client, &id).await }
        },
        move |fresh, client| {
            names.want_one(client, fresh.package_revision_id.clone());
            deployment.merge(fresh, watch);
        },
        move || deployment.pace(watch),
    );
    let load_error = live.error();

    view! {
        <p class="breadcrumb">
            <a href=Section::Deployments.route().href()>"Deployments"</a>
        </p>
        <ReadFailure error=load_error />
        {move || match deployment.get() {
            Some(deployment) => {
                view! {
                    <DeploymentView deployment on_changed=Callback::new(move |()| live.refresh()) />
                }
                    .into_any()
            }
            None if load_error.with(Option::is_none) => {
                view! { <Busy>"Loading the deployment…"</Busy> }.into_any()
            }
            None => ().into_any(),
        }}
    }
}

#[component]
fn DeploymentView(
    deployment: RwSignal<PackageDeployment>,
    /// Reads the deployment again: after a change made elsewhere on the page (a roll back, a
    /// scheduled start), whose effect it shows at once.
    on_changed: Callback<()>,
) -> impl IntoView {
    let names = Names::use_names();
    let keysets = use_account_keysets();
    let navigate = use_navigate();
    let d = deployment.get_untracked();
    let keyset_id = d.keyset_id;
    let revision_id = d.package_revision_id.clone();
    let (revision, what) = naming(deployment);
    Effect::new(move |_| super::super::set_title(&format!("Deployment of {}", what.get())));
    let failure = RwSignal::new(None::<Failure>);
    // Before Start, the channel-conflict check; a memo, so that a poll that changes nothing
    // else does not check again.
    let idle = Memo::new(move |_| {
        deployment.with(|d| matches!(d.state, DeploymentState::Stopped | DeploymentState::Failed))
    });
    let deleting = RwSignal::new(None::<(PackageDeployment, String)>);
    let on_delete = Callback::new(move |()| {
        deleting.set(Some((deployment.get_untracked(), what.get_untracked())));
    });
    let on_deleted = Callback::new(move |_id: String| {
        navigate(&Section::Deployments.route().href(), Default::default());
    });
    let revision_link = Route::Revision {
        id: revision_id.clone(),
        compare: None,
        at: None,
    }
    .href();
    view! {
        <div class="page-header">
            <h1>{move || format!("Deployment of {}", what.get())}</h1>
            <StateBadge state=Signal::derive(move || deployment.with(|d| d.state)) />
        </div>
        <LiveStatus />
        <FailureView failure />
        <section class="card" aria-label="Details">
            <dl class="facts facts--grid">
                <div>
                    <dt>"Package"</dt>
                    <dd>
                        {move || {
                            revision
                                .get()
                                .map(|r| {
                                    let name = names
                                        .package(&r.package_id)
                                        .unwrap_or_else(|| r.package_id.clone());
                                    view! {
                                        <a href=Route::Package(r.package_id.clone())
                                            .href()>{name}</a>
                                    }
                                })
                        }}
                    </dd>
                </div>
                <div>
                    <dt>"Revision"</dt>
                    <dd>
                        <a href=revision_link>
                            {move || revision.get().map_or_else(|| revision_id.clone(), |r| r.name)}
                        </a>
                    </dd>
                </div>
                <div>
                    <dt>"Keyset"</dt>
                    <dd>
                        {move || {
                            keyset_name(keysets, keyset_id).unwrap_or_else(|| keyset_id.to_string())
                        }} " · "
                        <a href=Route::KeysetData(
                                KeysetDataQuery::new(keyset_id, DataTab::default()),
                            )
                            .href()>"Keyset data"</a>
                    </dd>
                </div>
                <div>
                    <dt>"Created"</dt>
                    <dd>
                        <Time at=d.created_dttm.clone() />
                    </dd>
                </div>
                <div>
                    <dt>"Updated"</dt>
                    <dd>
                        {move || view! { <Time at=deployment.with(|d| d.updated_dttm.clone()) /> }}
                    </dd>
                </div>
                <div>
                    <dt>"ID"</dt>
                    <dd>
                        <code class="mono">{d.id.clone()}</code>
                        " "
                        <CopyButton text=d.id.clone() what="deployment ID" />
                    </dd>
                </div>
            </dl>
            <div class="actions-row">
                <ActionButtons deployment what failure on_delete />
                <RollBackOffer deployment on_started=on_changed />
            </div>
            {move || {
                idle.get()
                    .then(|| revision.get())
                    .flatten()
                    .map(|r| {
                        view! {
                            <ConflictCheck
                                keyset=Signal::stored(Some(keyset_id))
                                channels=channels_of(&r.functions)
                                package_id=r.package_id
                                doing="Starting it"
                            />
                        }
                    })
            }}
        </section>
        <DeploymentSchedules deployment what on_changed />
        <section class="section" aria-labelledby="functions-heading">
            <h2 id="functions-heading">"Functions"</h2>
            {move || {
                let functions = deployment.with(|d| d.function_deployments.clone());
                let revision_id = deployment.with(|d| d.package_revision_id.clone());
                view! { <FunctionsTable functions revision=revision.get() revision_id /> }
            }}
        </section>
        <ObjectHistory target=d.id.clone() what="deployment" />
        <DeleteDeployment target=deleting on_deleted />
    }
}

/// Each function's state, and for one that did not build, its error with a link to the line.
#[component]
fn FunctionsTable(
    functions: Vec<faas_api::FunctionDeployment>,
    revision: Option<RevisionInfo>,
    revision_id: String,
) -> impl IntoView {
    if functions.is_empty() {
        return view! { <p class="muted">"This deployment has no functions."</p> }.into_any();
    }
    view! {
        <div class="table-wrap" role="region" aria-label="Functions table" tabindex="0">
            <table class="table">
                <caption class="visually-hidden">"Functions of this deployment"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Function"</th>
                        <th scope="col">"Type"</th>
                        <th scope="col">"State"</th>
                        <th scope="col">"Build"</th>
                    </tr>
                </thead>
                <tbody>
                    {functions
                        .into_iter()
                        .map(|f| {
                            let frid = f.function_revision_id.clone().unwrap_or_default();
                            let function = revision
                                .as_ref()
                                .and_then(|r| r.function(&frid))
                                .cloned();
                            let name = function
                                .as_ref()
                                .map_or_else(|| frid.clone(), |f| f.name.clone());
                            let kind = function.as_ref().map_or("", |f| f.function_type.label());
                            let state = f.state.unwrap_or(DeploymentState::Stopped);
                            let build = build_cell(
                                f.error.clone(),
                                function.map(|f| f.id),
                                &name,
                                &revision_id,
                            );
                            view! {
                                <tr>
                                    <th scope="row">{name}</th>
                                    <td>{kind}</td>
                                    <td>
                                        <StateBadge state />
                                    </td>
                                    <td>{build}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// "Built", or the error with a link that opens the function's code at its line.
fn build_cell(
    error: Option<String>,
    function_id: Option<String>,
    name: &str,
    revision_id: &str,
) -> AnyView {
    let Some(error) = error else {
        return view! { <span class="muted">"No error"</span> }.into_any();
    };
    let link =
        parse_build_error(&error)
            .zip(function_id)
            .map(|((line, column, _), function_id)| {
                let href = Route::Revision {
                    id: revision_id.to_owned(),
                    compare: None,
                    at: Some(CodeAt {
                        function_id,
                        line,
                        column,
                    }),
                }
                .href();
                view! { <a href=href>{format!("Open {name} at line {line}")}</a> }
            });
    view! {
        <p class="build-error">
            <code>{error}</code>
        </p>
        {link}
    }
    .into_any()
}
