use faas_api::{validation::Limits, Package, PackageRevision};
use leptos::prelude::*;
use leptos_router::{
    hooks::{use_navigate, use_query_map},
    NavigateOptions,
};

use super::functions_form::{FormStatus, FunctionList, FunctionsForm};
use crate::{
    api::{self, ApiError, Client},
    authoring::{
        draft::{FunctionDraft, RevisionDraft},
        store::new_revision_key,
    },
    components::{mount_on_first_use, AsyncView, ConfirmDialog, ErrorView, SubmitBar, TextField},
    connection::store::use_connection,
    routes::{Route, Section},
    unsaved::{FormDraft, RestoredNotice},
};

/// What the form starts from: the package, its revisions, and the revision whose functions
/// are copied (the one asked for, else the newest).
#[derive(Debug, Clone)]
struct Start {
    package: Package,
    revisions: Vec<PackageRevision>,
    base: Option<PackageRevision>,
}

async fn load_start(
    client: Client,
    package_id: String,
    from: Option<String>,
) -> Result<Start, ApiError> {
    let package = api::packages::get(&client, &package_id).await?;
    let revisions = api::revisions::list(&client, &package_id, 0).await?.items;
    let base_id = from.or_else(|| revisions.first().map(|r| r.id.clone()));
    let base = match base_id {
        Some(id) => Some(api::revisions::get(&client, &id).await?),
        None => None,
    };
    Ok(Start {
        package,
        revisions,
        base,
    })
}

/// `/packages/{id}/revisions/new`: edit the functions of an existing revision and save them
/// as a new one.
#[component]
pub fn NewRevisionPage(
    /// The package's id, from the path.
    package_id: String,
) -> impl IntoView {
    super::super::set_title("New revision");
    let store = use_connection();
    let query = use_query_map();
    let start = LocalResource::new(move || {
        let client = Client::new(store.get());
        let package_id = package_id.clone();
        let from = query.read().get("from").filter(|f| !f.is_empty());
        load_start(client, package_id, from)
    });
    view! {
        <AsyncView resource=start loading="Loading the package…" let:start>
            <RevisionForm start />
        </AsyncView>
    }
}

#[component]
fn RevisionForm(start: Start) -> impl IntoView {
    let store = use_connection();
    let navigate = use_navigate();
    let package_id = start.package.id.clone();

    let names: Vec<&str> = start.revisions.iter().map(|r| r.name.as_str()).collect();
    let next_name = faas_api::validation::next_revision_name(&names);
    let baseline = match &start.base {
        Some(base) => RevisionDraft::from_revision(base, next_name),
        None => RevisionDraft {
            name: next_name,
            functions: vec![FunctionDraft::new(1)],
            ..RevisionDraft::default()
        },
    };
    let base_id = baseline.base_revision_id.clone();
    // A draft kept for this package is restored when it started from the same revision.
    let (restoring, first) = FormDraft::restore(new_revision_key(&package_id), baseline, {
        let base_id = base_id.clone();
        move |kept: &RevisionDraft| kept.base_revision_id == base_id
    });

    let name = RwSignal::new(first.name);
    let description = RwSignal::new(first.description);
    let functions = FunctionList::new(first.functions);
    let current = {
        let base_id = base_id.clone();
        Memo::new(move |_| RevisionDraft {
            base_revision_id: base_id.clone(),
            name: name.get(),
            description: description.get(),
            functions: functions.drafts(),
        })
    };

    let status = FormStatus::new(functions, |path| match path {
        "description" => "revision-description",
        _ => "revision-name",
    });
    let draft = restoring.follow(current, move |baseline: RevisionDraft| {
        name.set(baseline.name);
        description.set(baseline.description);
        functions.replace(baseline.functions);
        status.clear();
    });
    let submit = {
        let (package_id, navigate, base) = (package_id.clone(), navigate.clone(), base_id.clone());
        move || {
            let body = match current
                .get_untracked()
                .validate(&package_id, &Limits::default())
            {
                Ok(body) => body,
                Err(found) => return status.show(found),
            };
            status.clear();
            let client = Client::new(store.get_untracked());
            let (navigate, base) = (navigate.clone(), base.clone());
            status.request.start(
                draft
                    .forget_when_saved(async move { api::revisions::create(&client, &body).await }),
                move |result| match result {
                    Ok(revision) => {
                        draft.forget();
                        let saved = Route::Revision {
                            id: revision.id,
                            compare: base,
                            at: None,
                        };
                        navigate(&saved.href(), Default::default());
                    }
                    Err(error) => status.refused(error),
                },
            );
        }
    };
    // Another starting revision replaces the functions: asked first when edits would be lost.
    let switching_to = RwSignal::new(None::<String>);
    let confirm_switch = RwSignal::new(false);
    let switch = {
        let (package_id, navigate) = (package_id.clone(), navigate.clone());
        move |to: String| {
            draft.forget();
            navigate(
                &Route::NewRevision {
                    package_id: package_id.clone(),
                    from: Some(to),
                }
                .href(),
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    };
    let on_base_change = {
        let switch = switch.clone();
        move |to: String| {
            if untrack(|| draft.is_dirty()) {
                switching_to.set(Some(to));
                confirm_switch.set(true);
            } else {
                switch(to);
            }
        }
    };
    let current_base = start
        .base
        .as_ref()
        .map(|b| b.id.clone())
        .unwrap_or_default();
    // The select shows the revision in use again when the switch is canceled.
    let selected_base = RwSignal::new(current_base.clone());
    {
        let current_base = current_base.clone();
        Effect::new(move |_| {
            if !confirm_switch.get() {
                selected_base.set(current_base.clone());
            }
        });
    }
    let package_name = start.package.name.clone();
    let package_signal = Signal::stored(package_name.clone());
    let package_link = Route::Package(package_id.clone()).href();
    let heading = format!("New revision of {package_name}");
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
        <p class="breadcrumb">
            <a href=Section::Packages.route().href()>"Packages"</a>
            " / "
            <a href=package_link>{package_name}</a>
        </p>
        <h1>{heading}</h1>
        <RestoredNotice draft />
        <form class="form form--wide" novalidate aria-label="New revision" on:submit=on_submit>
            <section class="card" aria-labelledby="revision-heading">
                <h2 class="card__title" id="revision-heading">
                    "Revision"
                </h2>
                {(!start.revisions.is_empty())
                    .then(|| {
                        view! {
                            <div class="field">
                                <label class="field__label" for="base-revision">
                                    "Start from revision"
                                </label>
                                <select
                                    id="base-revision"
                                    class="input input--select"
                                    prop:value=move || selected_base.get()
                                    on:change=move |ev| on_base_change(event_target_value(&ev))
                                >
                                    {start
                                        .revisions
                                        .iter()
                                        .map(|r| {
                                            view! {
                                                <option value=r.id.clone() selected=r.id == current_base>
                                                    {r.name.clone()}
                                                </option>
                                            }
                                        })
                                        .collect_view()}
                                </select>
                            </div>
                        }
                    })}
                <TextField
                    id="revision-name"
                    label="Name"
                    hint="Unique in the package; the next version number by default."
                    value=name
                    error=problem("name")
                />
                <TextField
                    id="revision-description"
                    label="Description (optional)"
                    value=description
                    error=problem("description")
                    multiline=true
                />
            </section>
            <FunctionsForm list=functions package=package_signal problems=status.problems on_save />
            {move || status.failure.get().map(|error| view! { <ErrorView error /> })}
            <SubmitBar
                label="Save revision"
                busy="Saving the revision…"
                request=status.request
                problems=status.count()
            />
        </form>
        <SwitchBaseQuestion
            open=confirm_switch
            on_confirm=Callback::new(move |()| {
                if let Some(to) = switching_to.get_untracked() {
                    confirm_switch.set(false);
                    switch(to);
                }
            })
        />
    }
}

/// "Start from another revision?", asked when the base changes under edits: its dialog's code
/// is fetched the first time it is asked, not with the form.
#[component]
fn SwitchBaseQuestion(open: RwSignal<bool>, on_confirm: Callback<()>) -> impl IntoView {
    mount_on_first_use(
        move || open.get(),
        move || switch_base_question(open, on_confirm),
    )
}

on_demand! {
    async fn switch_base_question(open: RwSignal<bool>, on_confirm: Callback<()>) in switch_base {
        view! {
            <ConfirmDialog
                id="switch-base"
                open
                title="Start from another revision?"
                confirm_label="Replace my changes"
                danger=true
                on_confirm
            >
                <p>"The functions you edited are replaced by those of the revision you picked."</p>
            </ConfirmDialog>
        }
    } else "The question whether to start from another revision"
}
