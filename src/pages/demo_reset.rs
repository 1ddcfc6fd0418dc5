//! "Reset demo data" on the Settings page, for demos to stakeholders: shown only when the
//! server offers it (the reference server with `--demo`), confirmed first.

use leptos::prelude::*;

use crate::{
    account::use_account_keysets,
    api::{self, ApiError, Client},
    components::{ConfirmDialog, ErrorView, Latest, Request},
    connection::store::use_connection,
};

#[component]
pub fn DemoReset() -> impl IntoView {
    let store = use_connection();
    let keysets = use_account_keysets().0;
    let offered = RwSignal::new(false);
    let reads = Latest::new();
    Effect::new(move |_| {
        let client = Client::new(store.get());
        reads.run(
            async move { api::demo::offered(&client).await },
            move |answer| offered.set(answer.unwrap_or(false)),
        );
    });
    let open = RwSignal::new(false);
    let request = Request::new();
    let failure = RwSignal::new(None::<ApiError>);
    let done = RwSignal::new(String::new());
    let reset = move |()| {
        let client = Client::new(store.get_untracked());
        failure.set(None);
        request.start(
            async move {
                let reset = api::demo::reset(&client).await;
                // The whole console's keysets, read again even when Settings was left meanwhile.
                if reset.is_ok() {
                    keysets.refetch();
                }
                reset
            },
            move |result| match result {
                Ok(()) => {
                    open.set(false);
                    done.set("The demo data is back to its starting state.".into());
                }
                Err(error) => failure.set(Some(error)),
            },
        );
    };
    move || {
        offered.get().then(|| {
            view! {
                <section class="card" aria-labelledby="demo-title">
                    <h2 id="demo-title">"Demo data"</h2>
                    <p>
                        "This server runs with demo data. A reset puts every package, revision, deployment and build back as the demo started."
                    </p>
                    <button
                        type="button"
                        class="btn btn--danger"
                        on:click=move |_| {
                            done.set(String::new());
                            open.set(true);
                        }
                    >
                        "Reset demo data"
                    </button>
                    <p role="status">{move || done.get()}</p>
                    <ConfirmDialog
                        id="demo-reset"
                        open
                        title="Reset the demo data?"
                        confirm_label="Reset demo data"
                        danger=true
                        pending=Signal::derive(move || request.pending())
                        on_confirm=Callback::new(reset)
                    >
                        <p>
                            "What was created, changed or deleted since the demo started is lost, for everyone using this server. The admin key keeps working."
                        </p>
                        {move || failure.get().map(|error| view! { <ErrorView error /> })}
                    </ConfirmDialog>
                </section>
            }
        })
    }
}
