//! The live table of deployments, shared by the Deployments page, a package and a revision.

use faas_api::{DeploymentState, FunctionDeployment, PackageDeployment};
use leptos::prelude::*;

use super::{
    actions::{ActionButtons, DeleteDeployment, Failure, FailureView, ReadFailure},
    names::{Names, RevisionInfo},
    watch::Watch,
};
use crate::{
    account::{use_account_keysets, AccountKeysets},
    api::{self, Page},
    components::{use_live_query, Busy, LiveRows, Pager, Time},
    deployments::short_id,
    routes::{DeploymentsQuery, Route},
};

/// Where a page of rows stands in the whole list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Position {
    number: u32,
    count: u64,
    total: u64,
}

/// Deployments matching `query`, kept live: read again about every second while this tab
/// waits on its own action, about every 3 s while a row is STARTING or STOPPING, and not at
/// all otherwise or while the tab is hidden.
#[component]
pub fn DeploymentsPanel(
    #[prop(into)] query: Signal<DeploymentsQuery>,
    /// Bumped by the page after a change of its own (a deploy, a stop-all).
    #[prop(optional)]
    refresh: Option<RwSignal<u32>>,
    /// The table's name: "Deployments of this revision".
    caption: &'static str,
    /// Said when nothing matches.
    empty: &'static str,
    /// Paging links in the URL (the Deployments page); elsewhere a link to the rest.
    #[prop(optional)]
    paged: bool,
) -> impl IntoView {
    let names = Names::use_names();
    let watch = Watch::use_watch();
    let rows = LiveRows::<PackageDeployment>::new();
    let position = RwSignal::new(None::<Position>);
    let live = use_live_query(
        move |client| {
            let query = query.get();
            // Read again after the page's own changes too.
            if let Some(refresh) = refresh {
                refresh.track();
            }
            async move { api::deployments::list(&client, &query).await }
        },
        move |page, client| {
            names.want(
                client,
                page.items.iter().map(|d| d.package_revision_id.clone()),
            );
            set_position(position, &page);
            rows.merge(page.items, watch);
        },
        move || rows.pace(watch),
    );
    let load_error = live.error();

    let failure = RwSignal::new(None::<Failure>);
    let deleting = RwSignal::new(None::<(PackageDeployment, String)>);
    let on_deleted = Callback::new(move |id: String| {
        rows.remove(&id);
        live.refresh();
    });

    view! {
        <FailureView failure />
        <ReadFailure error=load_error />
        {move || {
            if !live.answered() {
                view! { <Busy>"Loading deployments…"</Busy> }.into_any()
            } else if rows.is_empty() && load_error.with(Option::is_none) {
                view! { <p class="muted empty">{empty}</p> }.into_any()
            } else {
                ().into_any()
            }
        }}
        <div
            class="table-wrap"
            role="region"
            aria-label=caption
            tabindex="0"
            hidden=move || rows.is_empty()
        >
            <table class="table deployments-table">
                <caption class="visually-hidden">{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Deployment"</th>
                        <th scope="col">"Package"</th>
                        <th scope="col">"Revision"</th>
                        <th scope="col">"Keyset"</th>
                        <th scope="col">"State"</th>
                        <th scope="col">"Functions"</th>
                        <th scope="col">"Created"</th>
                        <th scope="col">"Updated"</th>
                        <th scope="col">"Actions"</th>
                    </tr>
                </thead>
                <tbody>
                    // Rendered again only when the set of rows changes (merge keeps the list
                    // as it is otherwise): a poll updates each row's own signal in place.
                    {move || {
                        rows.get()
                            .into_iter()
                            .map(|row| {
                                view! { <DeploymentRow deployment=row.item failure deleting /> }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
        </div>
        {move || {
            position
                .get()
                .map(|p| {
                    if paged {
                        let q = query.get();
                        let link = |page: u32| {
                            Route::Deployments(DeploymentsQuery {
                                    page,
                                    ..q.clone()
                                })
                                .href()
                        };
                        view! {
                            <Pager
                                page_number=p.number
                                page_count=p.count
                                previous=(p.number > 0).then(|| link(p.number - 1))
                                next=(u64::from(p.number) + 1 < p.count).then(|| link(p.number + 1))
                                label="Pages of deployments"
                            />
                        }
                            .into_any()
                    } else if p.count > 1 {
                        let all = Route::Deployments(DeploymentsQuery {
                            page: 0,
                            ..query.get()
                        });
                        view! {
                            <p class="muted">
                                {format!(
                                    "Showing the newest {} of {}. ",
                                    api::deployments::PAGE_SIZE,
                                    p.total,
                                )} <a href=all.href()>"See them all in Deployments"</a>
                            </p>
                        }
                            .into_any()
                    } else {
                        ().into_any()
                    }
                })
        }}
        <DeleteDeployment target=deleting on_deleted />
    }
}

/// Where `page` stands in the whole list, set only when that moved.
fn set_position(position: RwSignal<Option<Position>>, page: &Page<PackageDeployment>) {
    let next = Some(Position {
        number: page.number(),
        count: page.page_count(),
        total: page.total(),
    });
    if position.get_untracked() != next {
        position.set(next);
    }
}

/// "v2 of Chat Moderation on Production", from what has arrived so far.
pub fn describe(names: Names, keyset_name: Option<String>, d: &PackageDeployment) -> String {
    let revision = names.revision(&d.package_revision_id);
    let package = revision.as_ref().and_then(|r| names.package(&r.package_id));
    let keyset = keyset_name.unwrap_or_else(|| format!("keyset {}", d.keyset_id));
    match (revision, package) {
        (Some(r), Some(p)) => format!("{} of {p} on {keyset}", r.name),
        (Some(r), None) => format!("{} on {keyset}", r.name),
        _ => format!("deployment {} on {keyset}", short_id(&d.id)),
    }
}

/// What a view calls `deployment`: its revision, once looked up, and "v2 of Chat Moderation
/// on Production" for messages and titles.
pub fn naming(
    deployment: RwSignal<PackageDeployment>,
) -> (Memo<Option<RevisionInfo>>, Signal<String>) {
    let names = Names::use_names();
    let keysets = use_account_keysets();
    let (keyset_id, revision_id) =
        deployment.with_untracked(|d| (d.keyset_id, d.package_revision_id.clone()));
    let what = Signal::derive(move || {
        deployment.with(|d| describe(names, keyset_name(keysets, keyset_id), d))
    });
    let revision = Memo::new(move |_| names.revision(&revision_id));
    (revision, what)
}

/// The keyset's name, from the account's keysets the shell loaded; tracked.
pub fn keyset_name(keysets: AccountKeysets, id: i64) -> Option<String> {
    keysets
        .0
        .get()
        .and_then(|r| r.ok())
        .and_then(|(keysets, _)| keysets.into_iter().find(|k| k.id == id))
        .map(|k| k.name)
}

#[component]
fn DeploymentRow(
    deployment: RwSignal<PackageDeployment>,
    failure: RwSignal<Option<Failure>>,
    deleting: RwSignal<Option<(PackageDeployment, String)>>,
) -> impl IntoView {
    let names = Names::use_names();
    let keysets = use_account_keysets();
    let d = deployment.get_untracked();
    let keyset_id = d.keyset_id;
    let revision_id = d.package_revision_id.clone();
    let (revision, what) = naming(deployment);
    let on_delete = Callback::new(move |()| {
        deleting.set(Some((deployment.get_untracked(), what.get_untracked())));
    });
    let revision_href = Route::Revision {
        id: revision_id.clone(),
        compare: None,
        at: None,
    }
    .href();
    view! {
        <tr>
            <td>
                <a
                    href=Route::Deployment(d.id.clone()).href()
                    class="mono"
                    aria-label=format!("Deployment {}", d.id)
                >
                    {short_id(&d.id).to_owned()}
                </a>
            </td>
            <td>
                {move || {
                    revision
                        .get()
                        .map(|r| {
                            let name = names
                                .package(&r.package_id)
                                .unwrap_or_else(|| short_id(&r.package_id).to_owned());
                            view! { <a href=Route::Package(r.package_id.clone()).href()>{name}</a> }
                        })
                }}
            </td>
            <td>
                <a href=revision_href>
                    {move || {
                        revision.get().map_or_else(|| short_id(&revision_id).to_owned(), |r| r.name)
                    }}
                </a>
            </td>
            <td>
                {move || keyset_name(keysets, keyset_id).unwrap_or_else(|| keyset_id.to_string())}
            </td>
            <td>
                <StateBadge state=Signal::derive(move || deployment.with(|d| d.state)) />
            </td>
            <td>
                {move || {
                    let functions = deployment.with(|d| d.function_deployments.clone());
                    view! { <FunctionStates functions revision=revision.get() /> }
                }}
            </td>
            <td>
                <Time at=d.created_dttm.clone() />
            </td>
            <td>{move || view! { <Time at=deployment.with(|d| d.updated_dttm.clone()) /> }}</td>
            <td>
                <ActionButtons deployment what failure on_delete />
            </td>
        </tr>
    }
}

/// A deployment's state in words, with a colour that is never the only cue.
#[component]
pub fn StateBadge(#[prop(into)] state: Signal<DeploymentState>) -> impl IntoView {
    view! {
        <span class=move || {
            format!("badge badge--{}", state.get().as_str().to_ascii_lowercase())
        }>{move || state.get().as_str()}</span>
    }
}

/// Each function of a deployment with its state, by name once the revision has arrived.
#[component]
fn FunctionStates(
    functions: Vec<FunctionDeployment>,
    revision: Option<RevisionInfo>,
) -> impl IntoView {
    if functions.is_empty() {
        return view! { <span class="muted">"—"</span> }.into_any();
    }
    view! {
        <ul class="function-states">
            {functions
                .into_iter()
                .map(|f| {
                    let id = f.function_revision_id.clone().unwrap_or_default();
                    let name = revision
                        .as_ref()
                        .and_then(|r| r.function(&id))
                        .map_or_else(|| short_id(&id).to_owned(), |f| f.name.clone());
                    let state = f.state.map_or("—", DeploymentState::as_str);
                    view! {
                        <li>{name} ": " <span class="function-states__state">{state}</span></li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}
