//! Saved test inputs: the server's for a function revision (shared by the account, with the
//! function's earlier revisions' inputs), and this browser's, picked to start from and saved
//! by name. Without a revision, or when the server refuses or cannot be reached, inputs are
//! kept in the browser, and the tab says why; browser inputs move to the server in one action.

use faas_api::{catalog::TestInput, FunctionType};
use leptos::prelude::*;

use super::setup::SetupFields;
use crate::{
    api::{self, ApiError, Client},
    authoring::store,
    components::focus_element,
    connection::store::{use_connection, ConnectionStore},
    function_test::{
        saved::{name_of, same_name, save_body, setup_of, storage_key, with_saved, SavedInput},
        Setup, Trigger,
    },
};

/// What the server holds for the function revision.
#[derive(Debug, Clone)]
enum Shared {
    /// The function has no revision yet: nothing to share.
    NoRevision,
    Loading,
    Loaded(Vec<TestInput>),
    /// Refused or unreachable: the browser's list stands in.
    Unavailable(ApiError),
}

/// The saved inputs of one function: the server's and this browser's.
#[derive(Clone, Copy)]
pub struct SavedInputs {
    store: ConnectionStore,
    key: Signal<String>,
    local: RwSignal<Vec<SavedInput>>,
    shared: RwSignal<Shared>,
    function_revision_id: StoredValue<Option<String>>,
    /// The name to save under: the one last picked, or typed.
    name: RwSignal<String>,
    /// What the last save or move said.
    note: RwSignal<Option<String>>,
    busy: RwSignal<bool>,
}

/// A picker choice: `s:<id>` for a server input, `b:<name>` for a browser one.
const SERVER: &str = "s:";
const BROWSER: &str = "b:";

impl SavedInputs {
    /// The inputs of `function` of `package` (the browser's, read again when either is
    /// renamed) and, with a function revision, the server's.
    pub fn load(
        package: Signal<String>,
        function: Signal<String>,
        function_revision_id: Option<String>,
    ) -> Self {
        let key = Signal::derive(move || storage_key(&package.get(), &function.get()));
        let local = RwSignal::new(Vec::new());
        Effect::new(move |_| {
            let kept = store::load::<Vec<SavedInput>>(&key.get());
            local.set(kept.map(|(list, _)| list).unwrap_or_default());
        });
        let shared = RwSignal::new(if function_revision_id.is_some() {
            Shared::Loading
        } else {
            Shared::NoRevision
        });
        let saved = SavedInputs {
            store: use_connection(),
            key,
            local,
            shared,
            function_revision_id: StoredValue::new(function_revision_id),
            name: RwSignal::new(String::new()),
            note: RwSignal::new(None),
            busy: RwSignal::new(false),
        };
        saved.refresh();
        saved
    }

    /// Reads the server's list again.
    fn refresh(&self) {
        // Also called after a save's answer, when the tab may be gone.
        let Some(Some(id)) = self.function_revision_id.try_get_value() else {
            return;
        };
        let client = Client::new(self.store.get_untracked());
        let shared = self.shared;
        leptos::task::spawn_local(async move {
            shared.set(match api::test_inputs::list(&client, &id).await {
                Ok(list) => Shared::Loaded(list),
                Err(error) => Shared::Unavailable(error),
            });
        });
    }

    /// Saves what `fields` hold under the name typed: on the server when it has this
    /// function's inputs, else in this browser.
    fn save(&self, fields: SetupFields, function_type: FunctionType, code: String) {
        let name = self.name.get_untracked().trim().to_owned();
        if name.is_empty() {
            self.note
                .set(Some("Name the test input to save it.".into()));
            focus_element(&fields.id("save-name"));
            return;
        }
        let (Shared::Loaded(inputs), Some(id)) = (
            self.shared.get_untracked(),
            self.function_revision_id.get_value(),
        ) else {
            return self.save_in_browser(name, fields);
        };
        let Some(input) = fields.input(function_type, &code) else {
            self.note
                .set(Some("Fix the test's setup to save it.".into()));
            return;
        };
        let body = save_body(&name, &input);
        let existing = same_name(&inputs, &id, &name).map(|i| i.id.clone());
        let client = Client::new(self.store.get_untracked());
        let this = *self;
        // Where a refused save goes, taken now: the tab may be closed by the time it is.
        let fallback = (
            self.key.get_untracked(),
            self.local.get_untracked(),
            SavedInput {
                name: name.clone(),
                setup: fields.setup(),
            },
        );
        self.busy.set(true);
        leptos::task::spawn_local(async move {
            let result = match existing {
                Some(existing) => api::test_inputs::update(&client, &existing, &body).await,
                None => api::test_inputs::create(&client, &id, &body).await,
            };
            // The tab was closed or the page left meanwhile: nothing is left to tell, but a
            // refused input is still kept in this browser.
            if this.busy.try_set(false).is_some() {
                if result.is_err() {
                    let (key, local, input) = fallback;
                    store::save(&key, &with_saved(local, input));
                }
                return;
            }
            match result {
                Ok(_) => {
                    this.note.set(Some(format!(
                        "Saved “{name}” on the server, for everyone on the account."
                    )));
                    this.refresh();
                }
                Err(error) => {
                    this.shared.set(Shared::Unavailable(error));
                    this.save_in_browser(name, fields);
                }
            }
        });
    }

    fn save_in_browser(&self, name: String, fields: SetupFields) {
        let input = SavedInput {
            name: name.clone(),
            setup: fields.setup(),
        };
        let list = with_saved(self.local.get_untracked(), input);
        store::save(&self.key.get_untracked(), &list);
        self.local.set(list);
        self.note
            .set(Some(format!("Saved “{name}” in this browser.")));
    }

    /// Sends every input saved in this browser to the server, then forgets those that went.
    fn move_to_server(&self, function_type: FunctionType, code: String) {
        let Some(id) = self.function_revision_id.get_value() else {
            return;
        };
        let local = self.local.get_untracked();
        let key = self.key.get_untracked();
        let client = Client::new(self.store.get_untracked());
        let this = *self;
        self.busy.set(true);
        leptos::task::spawn_local(async move {
            let mut kept = Vec::new();
            let mut moved = 0;
            let mut failure = None;
            for saved in local {
                let sent = match saved.setup.input(function_type, &code) {
                    Ok(input) => {
                        api::test_inputs::create(&client, &id, &save_body(&saved.name, &input))
                            .await
                            .map_err(Some)
                    }
                    // A setup that does not read cannot be sent; it stays here.
                    Err(_) => Err(None),
                };
                match sent {
                    Ok(_) => moved += 1,
                    Err(error) => {
                        failure = failure.or(error);
                        kept.push(saved);
                    }
                }
            }
            // Whatever became of the tab: those that went are not sent again from here.
            store::save(&key, &kept);
            if this.busy.try_set(false).is_some() {
                return;
            }
            this.local.set(kept.clone());
            let mut note = format!(
                "Moved {} to the server.",
                crate::format::count(moved, "input", "inputs")
            );
            if !kept.is_empty() {
                note.push_str(&format!(
                    " {} stayed in this browser{}.",
                    crate::format::count(kept.len() as u64, "input", "inputs"),
                    failure.map_or_else(String::new, |e: ApiError| format!(": {}", e.message()))
                ));
            }
            this.note.set(Some(note));
            this.refresh();
        });
    }

    /// Puts the chosen input in `fields`; an empty choice is the function's template.
    fn pick(
        &self,
        choice: &str,
        fields: SetupFields,
        function_type: FunctionType,
        trigger: &Trigger,
    ) {
        if let Some(id) = choice.strip_prefix(SERVER) {
            if let Shared::Loaded(inputs) = self.shared.get_untracked() {
                if let Some(input) = inputs.iter().find(|i| i.id == id) {
                    self.name.set(name_of(input));
                    fields.load(setup_of(input));
                }
            }
        } else if let Some(name) = choice.strip_prefix(BROWSER) {
            let chosen = self
                .local
                .with_untracked(|l| l.iter().find(|s| s.name == name).cloned());
            if let Some(saved) = chosen {
                self.name.set(saved.name);
                fields.load(saved.setup);
            }
        } else {
            fields.load(Setup::new(function_type, trigger));
        }
    }

    /// Where inputs are kept now, in words, for the tab to say.
    fn status(&self) -> String {
        match self.shared.get() {
            Shared::NoRevision => {
                "Inputs are saved in this browser: the function has no revision on the server yet.".into()
            }
            Shared::Loading => "Reading the shared test inputs…".into(),
            Shared::Loaded(inputs) => format!(
                "{} on the server, shared with everyone on the account.",
                crate::format::count(inputs.len() as u64, "input is", "inputs are")
            ),
            Shared::Unavailable(error) => format!(
                "The server's test inputs are unavailable ({}): inputs are saved in this browser for now.",
                error.message()
            ),
        }
    }
}

/// "Start from": the function's template, a shared input, or one saved in this browser.
#[component]
pub fn StartFrom(
    saved: SavedInputs,
    fields: SetupFields,
    function_type: Signal<FunctionType>,
    trigger: Signal<Trigger>,
) -> impl IntoView {
    let id = fields.id("start");
    let current = saved.function_revision_id.get_value();
    view! {
        <div class="field">
            <label class="field__label" for=id.clone()>
                "Start from"
            </label>
            <select
                id=id
                class="input"
                on:change=move |ev| {
                    saved
                        .pick(
                            &event_target_value(&ev),
                            fields,
                            function_type.get_untracked(),
                            &trigger.get_untracked(),
                        )
                }
            >
                <option value="">
                    {move || format!("Template: {}", function_type.get().label())}
                </option>
                {move || {
                    let Shared::Loaded(inputs) = saved.shared.get() else {
                        return None;
                    };
                    let options = inputs
                        .into_iter()
                        .map(|i| {
                            let earlier = current.as_deref()
                                != Some(i.function_revision_id.as_str());
                            let label = if earlier {
                                format!("Shared: {} (an earlier revision)", name_of(&i))
                            } else {
                                format!("Shared: {}", name_of(&i))
                            };
                            view! { <option value=format!("{SERVER}{}", i.id)>{label}</option> }
                        })
                        .collect_view();
                    Some(options)
                }}
                {move || {
                    saved
                        .local
                        .get()
                        .into_iter()
                        .map(|s| {
                            view! {
                                <option value=format!(
                                    "{BROWSER}{}",
                                    s.name,
                                )>{format!("This browser: {}", s.name)}</option>
                            }
                        })
                        .collect_view()
                }}
            </select>
            <p class="field__hint" role="status">
                {move || saved.status()}
            </p>
        </div>
    }
}

/// The name to save the setup under, the button that saves it, and the move of this
/// browser's inputs to the server when both have some.
#[component]
pub fn SaveInput(
    saved: SavedInputs,
    fields: SetupFields,
    function_type: Signal<FunctionType>,
    code: Signal<String>,
) -> impl IntoView {
    let id = fields.id("save-name");
    let movable = move || {
        matches!(saved.shared.get(), Shared::Loaded(_)) && saved.local.with(|l| !l.is_empty())
    };
    view! {
        <div class="function-test__save">
            <div class="field">
                <label class="field__label" for=id.clone()>
                    "Test input name"
                </label>
                <input
                    id=id
                    class="input"
                    prop:value=move || saved.name.get()
                    on:input=move |ev| saved.name.set(event_target_value(&ev))
                />
            </div>
            <button
                type="button"
                class="btn btn--secondary"
                disabled=move || saved.busy.get()
                on:click=move |_| {
                    saved.save(fields, function_type.get_untracked(), code.get_untracked())
                }
            >
                "Save test input"
            </button>
            {move || {
                movable()
                    .then(|| {
                        let n = saved.local.with(Vec::len) as u64;
                        view! {
                            <button
                                type="button"
                                class="btn btn--secondary"
                                disabled=move || saved.busy.get()
                                on:click=move |_| {
                                    saved
                                        .move_to_server(
                                            function_type.get_untracked(),
                                            code.get_untracked(),
                                        )
                                }
                            >
                                {format!(
                                    "Move {} saved in this browser to the server",
                                    crate::format::count(n, "input", "inputs"),
                                )}
                            </button>
                        }
                    })
            }}
            <span class="muted" role="status">
                {move || saved.note.get()}
            </span>
        </div>
    }
}
