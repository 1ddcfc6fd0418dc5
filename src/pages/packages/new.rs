use faas_api::validation::Limits;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::functions_form::{FormStatus, FunctionList, FunctionsForm};
use crate::{
    api::{self, Client},
    authoring::{draft::PackageDraft, store::NEW_PACKAGE_KEY},
    components::{ErrorView, SubmitBar, TextField},
    connection::store::use_connection,
    routes::Route,
    unsaved::{FormDraft, RestoredNotice},
};

/// `/packages/new`: a package with its first revision of functions.
#[component]
pub fn NewPackagePage() -> impl IntoView {
    super::super::set_title("New package");
    let store = use_connection();
    let navigate = use_navigate();
    let (restoring, start) =
        FormDraft::restore(NEW_PACKAGE_KEY.to_owned(), PackageDraft::new(), |_| true);

    let name = RwSignal::new(start.name);
    let description = RwSignal::new(start.description);
    let tags = RwSignal::new(start.tags);
    let revision_name = RwSignal::new(start.revision_name);
    let functions = FunctionList::new(start.functions);
    let current = Memo::new(move |_| PackageDraft {
        name: name.get(),
        description: description.get(),
        tags: tags.get(),
        revision_name: revision_name.get(),
        functions: functions.drafts(),
    });

    let status = FormStatus::new(functions, |path| match path {
        "revisionName" => "revision-name",
        "description" => "package-description",
        p if p.starts_with("tags") => "package-tags",
        _ => "package-name",
    });

    let draft = restoring.follow(current, move |blank: PackageDraft| {
        name.set(blank.name);
        description.set(blank.description);
        tags.set(blank.tags);
        revision_name.set(blank.revision_name);
        functions.replace(blank.functions);
        status.clear();
    });

    let submit = move || {
        let body = match current.get_untracked().validate(&Limits::default()) {
            Ok(body) => body,
            Err(found) => return status.show(found),
        };
        status.clear();
        let client = Client::new(store.get_untracked());
        let navigate = navigate.clone();
        status.request.start(
            draft.forget_when_saved(async move { api::packages::create(&client, &body).await }),
            move |result| match result {
                Ok(package) => {
                    draft.forget();
                    navigate(&Route::Package(package.id).href(), Default::default());
                }
                Err(error) => status.refused(error),
            },
        );
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
        <div class="page-header">
            <h1>"New package"</h1>
            <a href=Route::Catalog(Default::default()).href() class="btn">
                "Start from a blueprint"
            </a>
        </div>
        <RestoredNotice draft />
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
