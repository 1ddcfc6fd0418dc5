use leptos::{ev::SubmitEvent, prelude::*};
use wasm_bindgen::JsCast;

use crate::{
    account::{use_account_keysets, KeysetsResult},
    api::{list_keysets, Client},
    components::{Busy, ErrorView, KeysetsTable, Request, TextField},
    connection::{problem_for, store::use_connection, Connection, ConnectionForm, Field, Problem},
    routes::Section,
};

/// Where the console connects, and a way to try it before saving.
#[component]
pub fn SettingsPage() -> impl IntoView {
    super::set_title(Section::Settings.title());
    let store = use_connection();
    let account_keysets = use_account_keysets().0;
    let saved = ConnectionForm::from(&store.get_untracked());

    let base_url = RwSignal::new(saved.base_url);
    let api_key = RwSignal::new(saved.api_key);
    let version = RwSignal::new(saved.version);
    let show_key = RwSignal::new(false);
    let problems = RwSignal::new(Vec::<Problem>::new());
    let save_status = RwSignal::new(String::new());

    let validated = move || {
        let form = ConnectionForm {
            base_url: base_url.get_untracked(),
            api_key: api_key.get_untracked(),
            version: version.get_untracked(),
        };
        let result = form.validate();
        if let Err(found) = &result {
            // Take keyboard and screen-reader users to the first thing to fix.
            if let Some(first) = found.first() {
                focus(input_id(first.field));
            }
        }
        problems.set(result.as_ref().err().cloned().unwrap_or_default());
        result.ok()
    };
    let problem = move |field| {
        Signal::derive(move || problems.with(|p| problem_for(p, field).map(str::to_owned)))
    };

    let test = Request::new();
    let tested = RwSignal::new(None::<KeysetsResult>);
    let run_test = move |connection: Connection| {
        let client = Client::new(connection.clone());
        let is_saved = connection == store.get_untracked();
        test.start(
            async move { list_keysets(&client, 0).await },
            move |result| {
                if is_saved {
                    // The header indicator shows the saved connection: let it see this too.
                    account_keysets.refetch();
                }
                tested.set(Some(result));
            },
        );
    };

    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(connection) = validated() else {
            save_status.set(String::new());
            return;
        };
        save_status.set(match store.save(connection) {
            Ok(()) => "Settings saved".into(),
            Err(why) => format!("{why}: the settings apply until this page is closed."),
        });
    };
    let test_connection = move |_| {
        if let Some(connection) = validated() {
            run_test(connection);
        }
    };

    view! {
        <h1>{Section::Settings.title()}</h1>
        <form
            class="card form"
            novalidate
            on:submit=save
            on:input=move |_| save_status.set(String::new())
        >
            <h2 class="card__title">"Connection"</h2>
            <TextField
                id=input_id(Field::BaseUrl)
                label="API base URL"
                hint="The server that answers /v2/… requests, for example http://127.0.0.1:8080."
                value=base_url
                error=problem(Field::BaseUrl)
                input_type="url"
            />
            <TextField
                id=input_id(Field::ApiKey)
                label="API key"
                hint="Sent as the Authorization header. Stored in this browser only."
                value=api_key
                error=problem(Field::ApiKey)
                input_type=Signal::derive(move || if show_key.get() { "text" } else { "password" })
            >
                <button
                    type="button"
                    class="btn btn--secondary"
                    aria-pressed=move || show_key.get().to_string()
                    on:click=move |_| show_key.update(|shown| *shown = !*shown)
                >
                    "Show"
                    <span class="visually-hidden">" API key"</span>
                </button>
            </TextField>
            <TextField
                id=input_id(Field::Version)
                label="PubNub-Version"
                hint="Optional. A date in the form YYYY-MM-DD, sent as the PubNub-Version header."
                value=version
                error=problem(Field::Version)
            />
            <div class="form__actions">
                <button type="submit" class="btn btn--primary">
                    "Save"
                </button>
                <button
                    type="button"
                    class="btn btn--secondary"
                    disabled=move || test.pending()
                    on:click=test_connection
                >
                    "Test connection"
                </button>
                {move || test.pending().then(|| view! { <Busy>"Testing the connection…"</Busy> })}
                <p class="form__status" role="status">
                    {move || save_status.get()}
                </p>
            </div>
        </form>

        <div class="section">
            {move || {
                tested
                    .get()
                    .map(|result| match result {
                        Ok((keysets, paging)) => {
                            let total = paging.map_or(keysets.len() as u64, |p| p.total_elements);
                            view! {
                                <section class="result" aria-labelledby="test-result-heading">
                                    <h2 id="test-result-heading" class="result__title">
                                        <span class="badge badge--ok">"OK"</span>
                                        " Connection works"
                                    </h2>
                                    <p role="status">
                                        {match total {
                                            1 => "The key can see 1 keyset.".to_owned(),
                                            n => format!("The key can see {n} keysets."),
                                        }}
                                    </p>
                                    <KeysetsTable keysets />
                                </section>
                            }
                                .into_any()
                        }
                        Err(error) => view! { <ErrorView error /> }.into_any(),
                    })
            }}
        </div>
        <super::demo_reset::DemoReset />
    }
}

/// The id of the input that edits `field`.
fn input_id(field: Field) -> &'static str {
    match field {
        Field::BaseUrl => "base-url",
        Field::ApiKey => "api-key",
        Field::Version => "pubnub-version",
    }
}

fn focus(id: &str) {
    if let Some(input) = document()
        .get_element_by_id(id)
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = input.focus();
    }
}
