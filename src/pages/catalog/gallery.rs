use faas_api::catalog::PackageBlueprint;
use leptos::prelude::*;

use super::super::packages::Tags;
use crate::{
    api::{self, Client},
    catalog::tags_of,
    components::{use_url_query, when_typing_pauses, AsyncView},
    connection::store::use_connection,
    routes::{CatalogQuery, Route},
};

/// `/catalog`: the blueprints, searched by name and filtered by tag from the URL.
#[component]
pub fn CatalogPage() -> impl IntoView {
    super::super::set_title("Start from a blueprint");
    let store = use_connection();
    let (query, set_query) = use_url_query::<CatalogQuery>();
    let shown = LocalResource::new(move || {
        let client = Client::new(store.get());
        let query = query.get();
        async move { api::catalog::list(&client, &query).await }
    });
    // The tag filter offers every tag of the catalog, whatever is shown.
    let all = LocalResource::new(move || {
        let client = Client::new(store.get());
        async move { api::catalog::list(&client, &CatalogQuery::default()).await }
    });
    // `try_get`: the answer may come as the page is left (see `AsyncView`).
    let tags = move || {
        all.try_get()
            .flatten()
            .and_then(Result::ok)
            .map(|blueprints| tags_of(&blueprints))
            .unwrap_or_default()
    };

    let on_search = when_typing_pauses(move |text: String| {
        let current = query.get_untracked();
        if current.search != text.trim() {
            set_query.replace(CatalogQuery {
                search: text.trim().to_owned(),
                ..current
            });
        }
    });
    let on_tag = move |value: String| {
        set_query.update(|q| q.tag = (!value.is_empty()).then_some(value));
    };

    view! {
        <div class="page-header">
            <h1>"Start from a blueprint"</h1>
            <a href=Route::NewPackage.href() class="btn">
                "Start from scratch"
            </a>
        </div>
        <p class="muted">
            "Each blueprint is a working package: pick one, fill in its params, and it is "
            "created with its first revision deployed (stopped) to a keyset."
        </p>
        <form class="toolbar" role="search" on:submit=|ev| ev.prevent_default()>
            <div class="toolbar__field">
                <label class="field__label" for="catalog-search">
                    "Search by name"
                </label>
                <input
                    id="catalog-search"
                    class="input"
                    type="search"
                    autocomplete="off"
                    prop:value=move || query.get().search
                    on:input=move |ev| on_search(event_target_value(&ev))
                />
            </div>
            <div class="toolbar__field">
                <label class="field__label" for="catalog-tag">
                    "Tag"
                </label>
                <select
                    id="catalog-tag"
                    class="input input--select"
                    on:change=move |ev| on_tag(event_target_value(&ev))
                    prop:value=move || query.get().tag.unwrap_or_default()
                >
                    <option value="">"Any tag"</option>
                    {move || {
                        tags()
                            .into_iter()
                            .map(|tag| {
                                let selected = {
                                    let tag = tag.clone();
                                    move || query.get().tag.as_deref() == Some(tag.as_str())
                                };
                                view! {
                                    <option value=tag.clone() selected=selected>
                                        {tag.clone()}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </div>
        </form>
        <AsyncView resource=shown loading="Loading the catalog…" let:blueprints>
            <Cards blueprints query=query.get_untracked() />
        </AsyncView>
    }
}

/// One card per blueprint, or what to do when none matches.
#[component]
fn Cards(blueprints: Vec<PackageBlueprint>, query: CatalogQuery) -> impl IntoView {
    if blueprints.is_empty() {
        return view! {
            <div class="empty">
                <h2>"No blueprint matches"</h2>
                <p>
                    "Search looks for the text in blueprint names; the tag must be one of theirs."
                </p>
                <a href=Route::Catalog(CatalogQuery::default()).href()>"Show every blueprint"</a>
            </div>
        }
        .into_any();
    }
    let summary = crate::format::count(blueprints.len() as u64, "blueprint", "blueprints");
    let filtered = query != CatalogQuery::default();
    view! {
        <p class="muted list-summary" role="status">
            {summary}
            {filtered.then_some(" match")}
        </p>
        <ul class="blueprint-cards">
            {blueprints
                .into_iter()
                .map(|b| {
                    let heading = format!("blueprint-{}", b.id);
                    let types = b
                        .function_types
                        .iter()
                        .map(|t| t.label())
                        .collect::<Vec<_>>()
                        .join(", ");
                    view! {
                        <li class="card blueprint-card" aria-labelledby=heading.clone()>
                            <h2 class="card__title" id=heading.clone()>
                                <a href=Route::Blueprint(b.id.clone()).href()>{b.name}</a>
                            </h2>
                            <p>{b.description}</p>
                            <p class="muted">
                                <span class="visually-hidden">"Function types: "</span>
                                {types}
                            </p>
                            <Tags tags=b.tags.into_iter().map(|t| t.name).collect() />
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}
