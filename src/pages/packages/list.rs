use faas_api::Package;
use leptos::prelude::*;

use crate::{
    api::{self, Client, Page},
    components::{use_url_query, when_typing_pauses, AsyncView, Pager, Time},
    connection::store::use_connection,
    routes::{PackageSort, PackagesQuery, Route, Section},
};

/// `/packages`: every package of the account, searched, sorted and paged from the URL.
#[component]
pub fn PackagesPage() -> impl IntoView {
    super::super::set_title(Section::Packages.title());
    let store = use_connection();
    let (query, set_query) = use_url_query::<PackagesQuery>();
    let packages = LocalResource::new(move || {
        let client = Client::new(store.get());
        let query = query.get();
        async move { api::packages::list(&client, &query).await }
    });

    // Search and sort change the URL's query (a search as it is typed, in place); the list
    // follows the URL.
    let on_search = when_typing_pauses(move |text: String| {
        let current = query.get_untracked();
        if current.search != text.trim() {
            set_query.replace(PackagesQuery {
                search: text.trim().to_owned(),
                page: 0,
                ..current
            });
        }
    });
    let on_sort = move |value: String| {
        set_query.update(|q| {
            q.sort = PackageSort::parse(&value).unwrap_or_default();
            q.page = 0;
        });
    };

    view! {
        <div class="page-header">
            <h1>{Section::Packages.title()}</h1>
            <a href=Route::NewPackage.href() class="btn btn--primary">
                "New package"
            </a>
        </div>
        <form class="toolbar" role="search" on:submit=|ev| ev.prevent_default()>
            <div class="toolbar__field">
                <label class="field__label" for="package-search">
                    "Search by name"
                </label>
                <input
                    id="package-search"
                    class="input"
                    type="search"
                    autocomplete="off"
                    prop:value=move || query.get().search
                    on:input=move |ev| on_search(event_target_value(&ev))
                />
            </div>
            <div class="toolbar__field">
                <label class="field__label" for="package-sort">
                    "Sort by"
                </label>
                <select
                    id="package-sort"
                    class="input input--select"
                    on:change=move |ev| on_sort(event_target_value(&ev))
                    prop:value=move || query.get().sort.as_param()
                >
                    {PackageSort::ALL
                        .into_iter()
                        .map(|sort| {
                            view! {
                                <option
                                    value=sort.as_param()
                                    selected=move || query.get().sort == sort
                                >
                                    {sort.label()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
        </form>
        <AsyncView resource=packages loading="Loading packages…" let:page>
            <PackagesTable page query=query.get_untracked() />
        </AsyncView>
    }
}

/// The rows of one page, or an empty state that says what to do next.
#[component]
fn PackagesTable(page: Page<Package>, query: PackagesQuery) -> impl IntoView {
    if page.is_empty() {
        return if query.search.is_empty() {
            view! {
                <div class="empty">
                    <h2>"No packages yet"</h2>
                    <p>
                        "A package holds revisions of JavaScript functions that you deploy to a keyset."
                    </p>
                    <a href=Route::NewPackage.href() class="btn btn--primary">
                        "Create your first package"
                    </a>
                </div>
            }
            .into_any()
        } else {
            let clear = Route::Packages(PackagesQuery {
                search: String::new(),
                page: 0,
                ..query.clone()
            });
            view! {
                <div class="empty">
                    <h2>"No packages match “" {query.search.clone()} "”"</h2>
                    <p>"Search looks for this text anywhere in the package names."</p>
                    <a href=clear.href()>"Clear the search"</a>
                </div>
            }
            .into_any()
        };
    }
    let summary = page.range().map(|(first, last)| {
        format!(
            "{first}–{last} of {}",
            crate::format::count(page.total(), "package", "packages")
        )
    });
    let (page_number, page_count) = (page.number(), page.page_count());
    let link = |page: u32| {
        Route::Packages(PackagesQuery {
            page,
            ..query.clone()
        })
        .href()
    };
    view! {
        <p class="muted list-summary" role="status">
            {summary}
        </p>
        <div class="table-wrap" role="region" aria-label="Packages table" tabindex="0">
            <table class="table">
                <caption class="visually-hidden">"Packages"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Tags"</th>
                        <th scope="col" class="num">
                            "Revisions"
                        </th>
                        <th scope="col" class="num">
                            "Deployments"
                        </th>
                        <th scope="col">"Kind"</th>
                        <th scope="col">"Updated"</th>
                    </tr>
                </thead>
                <tbody>
                    {page
                        .items
                        .into_iter()
                        .map(|p| {
                            view! {
                                <tr>
                                    <td>
                                        <a href=Route::Package(p.id.clone()).href()>
                                            <strong>{p.name}</strong>
                                        </a>
                                        <div class="muted cell-note">{p.description}</div>
                                    </td>
                                    <td>
                                        <Tags tags=p.tags />
                                    </td>
                                    <td class="num">{p.revisions_total}</td>
                                    <td class="num">
                                        {running_of(
                                            p.package_deployments_running,
                                            p.package_deployments_total,
                                        )}
                                    </td>
                                    <td>
                                        {if p.package_blueprint_id.is_some() {
                                            "Template"
                                        } else {
                                            "Custom"
                                        }}
                                    </td>
                                    <td>
                                        <Time at=p.updated_dttm />
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
        <Pager
            page_number
            page_count
            previous=(page_number > 0).then(|| link(page_number - 1))
            next=(u64::from(page_number) + 1 < page_count).then(|| link(page_number + 1))
            label="Pages of packages"
        />
    }
    .into_any()
}

/// "2 running of 5", or just "0" when there is nothing to run.
pub fn running_of(running: u32, total: u32) -> String {
    if total == 0 {
        "0".into()
    } else {
        format!("{running} running of {total}")
    }
}

/// A package's tags as a list of chips.
#[component]
pub fn Tags(tags: Vec<String>) -> impl IntoView {
    if tags.is_empty() {
        return view! { <span class="muted">"—"</span> }.into_any();
    }
    view! {
        <ul class="tags" aria-label="Tags">
            {tags.into_iter().map(|t| view! { <li class="tag">{t}</li> }).collect_view()}
        </ul>
    }
    .into_any()
}
