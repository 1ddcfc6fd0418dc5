//! `/deployments`: every deployment the key can see, filtered and paged from the URL.

use faas_api::{DeploymentState, Package, PackageRevision};
use leptos::prelude::*;

use super::{names::Names, panel::DeploymentsPanel, watch::LiveStatus};
use crate::{
    account::use_account_keysets,
    api::{self, Client},
    components::{use_url_query, FilterSelect, Latest},
    connection::store::use_connection,
    routes::{DeploymentsQuery, Section},
};

#[component]
pub fn DeploymentsPage() -> impl IntoView {
    super::super::set_title(Section::Deployments.title());
    Names::provide();
    let store = use_connection();
    let (query, set_query) = use_url_query::<DeploymentsQuery>();
    // A filter change starts again from the first page.
    let set = move |change: fn(&mut DeploymentsQuery, String), value: String| {
        set_query.update(|next| {
            change(next, value);
            next.page = 0;
        });
    };

    // The pickers' choices: the account's packages (at most 100, one request), and the
    // revisions of the package picked.
    let packages = RwSignal::new(Vec::<Package>::new());
    let package = Memo::new(move |_| query.with(|q| q.package.clone()));
    let revisions = RwSignal::new(Vec::<PackageRevision>::new());
    let package_reads = Latest::new();
    let names = Names::use_names();
    // The rows' package names come from this list, not from a lookup per package.
    names.expect_package_list();
    Effect::new(move |_| {
        let client = Client::new(store.get());
        let read = client.clone();
        package_reads.run(
            async move { api::packages::all(&read).await },
            move |answer| {
                let all = answer.unwrap_or_default();
                names.package_list(&client, &all);
                packages.set(all);
            },
        );
    });
    let revision_reads = Latest::new();
    Effect::new(move |_| {
        let (client, package) = (Client::new(store.get()), package.get());
        revisions.set(Vec::new());
        if let Some(id) = package {
            revision_reads.run(
                async move { api::revisions::list(&client, &id, 0).await },
                move |answer| revisions.set(answer.map(|p| p.items).unwrap_or_default()),
            );
        }
    });
    let keysets = use_account_keysets();

    let state_options = Signal::derive(|| {
        DeploymentState::ALL
            .iter()
            .map(|s| (s.as_str().to_owned(), s.as_str().to_owned()))
            .collect::<Vec<_>>()
    });
    let keyset_options = Signal::derive(move || {
        keysets
            .0
            .get()
            .and_then(|r| r.ok())
            .map(|(keysets, _)| {
                keysets
                    .into_iter()
                    .map(|k| (k.id.to_string(), k.name))
                    .collect()
            })
            .unwrap_or_default()
    });
    let package_options = Signal::derive(move || {
        packages.with(|list| {
            list.iter()
                .map(|p| (p.id.clone(), p.name.clone()))
                .collect()
        })
    });
    let revision_options = Signal::derive(move || {
        revisions.with(|list| {
            list.iter()
                .map(|r| (r.id.clone(), r.name.clone()))
                .collect()
        })
    });

    view! {
        <div class="page-header">
            <h1>"Deployments"</h1>
        </div>
        <form class="filters" aria-label="Filter deployments" on:submit=|ev| ev.prevent_default()>
            <FilterSelect
                id="filter-state"
                label="State"
                any="Any state"
                options=state_options
                value=Signal::derive(move || {
                    query.with(|q| q.state.map(|s| s.as_str().to_owned()).unwrap_or_default())
                })
                on_change=Callback::new(move |v: String| {
                    set(|q, v| q.state = DeploymentState::parse(&v), v)
                })
            />
            <FilterSelect
                id="filter-keyset"
                label="Keyset"
                any="Any keyset"
                options=keyset_options
                value=Signal::derive(move || {
                    query.with(|q| q.keyset.map(|k| k.to_string()).unwrap_or_default())
                })
                on_change=Callback::new(move |v: String| set(|q, v| q.keyset = v.parse().ok(), v))
            />
            <FilterSelect
                id="filter-package"
                label="Package"
                any="Any package"
                options=package_options
                value=Signal::derive(move || query.with(|q| q.package.clone().unwrap_or_default()))
                on_change=Callback::new(move |v: String| {
                    set(
                        |q, v| {
                            q.package = (!v.is_empty()).then_some(v);
                            q.revision = None;
                        },
                        v,
                    )
                })
            />
            <FilterSelect
                id="filter-revision"
                label="Revision"
                any="Any revision"
                options=revision_options
                value=Signal::derive(move || query.with(|q| q.revision.clone().unwrap_or_default()))
                on_change=Callback::new(move |v: String| {
                    set(|q, v| q.revision = (!v.is_empty()).then_some(v), v)
                })
                disabled=Signal::derive(move || package.with(Option::is_none))
            />
            {move || {
                query
                    .with(DeploymentsQuery::is_filtered)
                    .then(|| {
                        view! {
                            <a
                                class="btn btn--ghost btn--small"
                                href=Section::Deployments.route().href()
                            >
                                "Clear filters"
                            </a>
                        }
                    })
            }}
        </form>
        <LiveStatus />
        <DeploymentsPanel
            query
            caption="Deployments"
            empty="No deployment matches these filters."
            paged=true
        />
    }
}
