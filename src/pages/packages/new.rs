use faas_api::validation::Limits;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::functions_form::{FormStatus, FunctionList, FunctionsForm};
use crate::{
    api::{self, Client},
    authoring::{draft::PackageDraft, store},
    components::{ErrorView, RestoredNotice, SubmitBar, TextField},
    connection::store::use_connection,
    routes::Route,
    unsaved::use_unsaved_changes,
};

/// `/packages/new`: a package with its first revision of functions.
#[component]
pub fn NewPackagePage() -> impl IntoView {
    super::super::set_title("New package");
    let store = use_connection();
    let navigate = use_navigate();
    let unsaved = use_unsaved_changes();

    let blank = PackageDraft::new();
    let restored = store::load::<PackageDraft>(store::NEW_PACKAGE_KEY);
    let start = restored
        .as_ref()
        .map_or_else(|| blank.clone(), |(d, _)| d.clone());
    let restored_at = RwSignal::new(restored.map(|(_, at)| at));

    let name = RwSignal::new(start.name);
    let description = RwSignal::new(start.description);
    let tags = RwSignal::new(start.tags);
    let revision_name = RwSignal::new(start.revision_name);
    let functions = FunctionList::new(start.functions);

    let draft = Memo::new(move |_| PackageDraft {
        name: name.get(),
        description: description.get(),
        tags: tags.get(),
        revision_name: revision_name.get(),
        functions: functions.drafts(),
    });
    let dirty = {
        let blank = blank.clone();
        Memo::new(move |_| draft.with(|d| *d != blank))
    };
    unsaved.track(dirty.into());
    // Every change is kept, so a reload, a crash or a failed save loses nothing.
    Effect::new(move |_| {
        if dirty.get() {
            draft.with(|d| store::save(store::NEW_PACKAGE_KEY, d));
        } else {
            store::discard(store::NEW_PACKAGE_KEY);
        }
    });

    let status = FormStatus::new(functions, |path| match path {
        "revisionName" => "revision-name",
        "description" => "package-description",
        p if p.starts_with("tags") => "package-tags",
        _ => "package-name",
    });

    let submit = move || {
        let body = match draft.get_untracked().validate(&Limits::default()) {
            Ok(body) => body,
            Err(found) => return status.show(found),
        };
        status.clear();
        let client = Client::new(store.get_untracked());
        let navigate = navigate.clone();
        status.request.start(
            async move { api::packages::create(&client, &body).await },
            move |result| match result {
                Ok(package) => {
                    store::discard(store::NEW_PACKAGE_KEY);
                    unsaved.clear();
                    navigate(&Route::Package(package.id).href(), Default::default());
                }
                Err(error) => status.refused(error),
            },
        );
    };

    let discard = move |()| {
        let blank = PackageDraft::new();
        name.set(blank.name);
        description.set(blank.description);
        tags.set(blank.tags);
        revision_name.set(blank.revision_name);
        functions.replace(blank.functions);
        status.clear();
        restored_at.set(None);
        store::discard(store::NEW_PACKAGE_KEY);
    };
    let on_save = Callback::new({
        let submit = submit.clone();
        move |()| submit()
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submit();
    };
    let problem = move |path: &'static str| status.problem(path);

    view! {
        <h1>"New package"</h1>
        <RestoredNotice restored_at on_discard=Callback::new(discard) />
        <form class="form form--wide" novalidate aria-label="New package" on:submit=on_submit>
            <section class="card" aria-labelledby="package-heading">
                <h2 class="card__title" id="package-heading">
                    "Package"
                </h2>
                <TextField
                    id="package-name"
                    label="Name"
                    hint="Unique in the account, up to 100 characters."
                    value=name
                    error=problem("name")
                    required=true
                />
                <TextField
                    id="package-description"
                    label="Description (optional)"
                    value=description
                    error=problem("description")
                    multiline=true
                />
                <TextField
                    id="package-tags"
                    label="Tags (optional)"
                    hint="Separated by commas or spaces: lowercase letters, digits, - and _."
                    value=tags
                    error=problem("tags")
                />
                <TextField
                    id="revision-name"
                    label="First revision name"
                    value=revision_name
                    error=problem("revisionName")
                />
            </section>
            <FunctionsForm list=functions package=name problems=status.problems on_save />
            {move || status.failure.get().map(|error| view! { <ErrorView error /> })}
            <SubmitBar
                label="Create package"
                busy="Creating the package…"
                request=status.request
                problems=status.count()
            />
        </form>
    }
}
