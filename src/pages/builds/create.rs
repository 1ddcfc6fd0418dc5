//! "New deployment": starts a build in the team shown, for demos and QA, with a way to make
//! it fail on cue.

use faas_api::vercel::Deployment;
use leptos::prelude::*;

use super::{what, BuildsWatch};
use crate::{
    api::{self, ApiError, Client},
    builds::NewBuild,
    components::{mount_on_first_use, ConfirmDialog, ErrorView, Request, TextField},
    connection::store::use_connection,
    routes::{target_label, Target},
};

/// The "New deployment" button and its dialog. The dialog's code (its form, its checks, the
/// create request) is a module of its own, fetched when the button is first pressed.
#[component]
pub fn NewBuildButton(
    #[prop(into)] team: Signal<Option<String>>,
    #[prop(into)] scope: Signal<String>,
    on_created: Callback<Deployment>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    view! {
        <button type="button" class="btn btn--primary" on:click=move |_| open.set(true)>
            "New deployment"
        </button>
        {mount_on_first_use(
            move || open.get(),
            move || new_build_dialog(team, scope, on_created, open),
        )}
    }
}

on_demand! {
    async fn new_build_dialog(
        team: Signal<Option<String>>,
        scope: Signal<String>,
        on_created: Callback<Deployment>,
        open: RwSignal<bool>,
    ) in new_build {
        view! { <NewBuildDialog team scope on_created open /> }
    } else "The new deployment form"
}

/// The dialog of [`NewBuildButton`], open while `open` is.
#[component]
fn NewBuildDialog(
    team: Signal<Option<String>>,
    scope: Signal<String>,
    on_created: Callback<Deployment>,
    open: RwSignal<bool>,
) -> impl IntoView {
    let store = use_connection();
    let watch = BuildsWatch::use_watch();
    let name = RwSignal::new(String::new());
    let project = RwSignal::new(String::new());
    let target = RwSignal::new(Target::Preview);
    let fail = RwSignal::new(false);
    let name_error = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<ApiError>);
    let request = Request::new();
    let create = move |()| {
        let form = NewBuild {
            name: name.get_untracked(),
            project: project.get_untracked(),
            target: target.get_untracked(),
            fail: fail.get_untracked(),
        };
        let body = match form.request() {
            Ok(body) => body,
            Err(why) => {
                name_error.set(Some(why.to_owned()));
                crate::components::focus_element("new-build-name");
                return;
            }
        };
        name_error.set(None);
        let client = Client::new(store.get_untracked());
        let team = team.get_untracked();
        request.start(
            async move { api::builds::create(&client, team.as_deref(), &body).await },
            move |result| match result {
                Ok(created) => {
                    watch.acted(what(&created), &created);
                    failure.set(None);
                    // The next one is most often another of the same project: keep it.
                    name.set(String::new());
                    fail.set(false);
                    open.set(false);
                    on_created.run(created);
                }
                // The values stay as typed, to be corrected and sent again.
                Err(error) => failure.set(Some(error)),
            },
        );
    };
    // Each opening starts without the last one's refusal.
    Effect::new(move |_| {
        if open.get() {
            failure.set(None);
        }
    });
    view! {
        <ConfirmDialog
            id="new-build"
            open
            title=Signal::derive(move || format!("New deployment in {}", scope.get()))
            confirm_label="Create deployment"
            pending=Signal::derive(move || request.pending())
            on_confirm=Callback::new(create)
        >
            <p class="muted">
                "It waits in the queue until the team has room, then builds. Its name is also its project's, unless a project is given."
            </p>
            <TextField id="new-build-name" label="Name" value=name error=name_error required=true />
            <TextField
                id="new-build-project"
                label="Project (optional)"
                hint="A project's name or id; a new name creates the project."
                value=project
                error=Signal::stored(None::<String>)
            />
            <div class="field">
                <label class="field__label" for="new-build-target">
                    "Target"
                </label>
                <select
                    id="new-build-target"
                    class="input"
                    on:change=move |ev| {
                        if let Some(t) = Target::parse(&event_target_value(&ev)) {
                            target.set(t);
                        }
                    }
                    prop:value=move || target.get().as_str()
                >
                    {Target::ALL
                        .into_iter()
                        .map(|t| view! { <option value=t.as_str()>{target_label(t)}</option> })
                        .collect_view()}
                </select>
            </div>
            <div class="field field--check">
                <input
                    id="new-build-fail"
                    type="checkbox"
                    prop:checked=move || fail.get()
                    on:change=move |ev| fail.set(event_target_checked(&ev))
                />
                <label for="new-build-fail">"Make the build fail (to show an ERROR)"</label>
            </div>
            {move || failure.get().map(|error| view! { <ErrorView error /> })}
        </ConfirmDialog>
    }
}
