//! What a test runs on, as typed: the event and the world around it (KV values, secrets, XHR
//! answers, a timeout), each field with its problem.

use faas_api::FunctionType;
use leptos::prelude::*;

use crate::{
    components::focus_element,
    function_test::{template, Input, Setup, Trigger},
};

/// The setup's fields, a signal each, and the problems of the last try to run.
#[derive(Clone, Copy)]
pub struct SetupFields {
    /// Unique on the page: element ids are `{prefix}-{field}`.
    prefix: StoredValue<String>,
    pub event: RwSignal<String>,
    pub kv: RwSignal<String>,
    pub secrets: RwSignal<String>,
    pub xhr: RwSignal<String>,
    pub timeout: RwSignal<String>,
    /// (field id, message).
    problems: RwSignal<Vec<(&'static str, String)>>,
}

impl SetupFields {
    /// A fresh test of a function of `function_type` triggered by `trigger`, whose event
    /// follows its template when either changes (unless the event was edited).
    pub fn new(
        prefix: String,
        function_type: Signal<FunctionType>,
        trigger: Signal<Trigger>,
    ) -> Self {
        let initial = Setup::new(function_type.get_untracked(), &trigger.get_untracked());
        let fields = SetupFields {
            prefix: StoredValue::new(prefix),
            event: RwSignal::new(initial.event),
            kv: RwSignal::new(initial.kv),
            secrets: RwSignal::new(initial.secrets),
            xhr: RwSignal::new(initial.xhr_mocks),
            timeout: RwSignal::new(initial.timeout_ms),
            problems: RwSignal::new(Vec::new()),
        };
        let event = fields.event;
        Effect::new(move |previous: Option<(FunctionType, Trigger)>| {
            let now = (function_type.get(), trigger.get());
            if let Some(before) = previous.filter(|b| *b != now) {
                if event.with_untracked(|e| *e == template(before.0, &before.1)) {
                    event.set(template(now.0, &now.1));
                }
            }
            now
        });
        fields
    }

    /// The element id of a part: `{prefix}-{part}`.
    pub fn id(&self, part: &str) -> String {
        self.prefix.with_value(|p| format!("{p}-{part}"))
    }

    /// The setup as typed now.
    pub fn setup(&self) -> Setup {
        Setup {
            event: self.event.get_untracked(),
            kv: self.kv.get_untracked(),
            secrets: self.secrets.get_untracked(),
            xhr_mocks: self.xhr.get_untracked(),
            timeout_ms: self.timeout.get_untracked(),
        }
    }

    /// Puts `setup` in the fields (a saved input, or a template), without problems.
    pub fn load(&self, setup: Setup) {
        self.event.set(setup.event);
        self.kv.set(setup.kv);
        self.secrets.set(setup.secrets);
        self.xhr.set(setup.xhr_mocks);
        self.timeout.set(setup.timeout_ms);
        self.problems.set(Vec::new());
    }

    /// The input of a run of `code`, or `None` with each field's problem shown and the
    /// keyboard taken to the first.
    pub fn input(&self, function_type: FunctionType, code: &str) -> Option<Input> {
        match self.setup().input(function_type, code) {
            Ok(input) => {
                self.problems.set(Vec::new());
                Some(input)
            }
            Err(found) => {
                if let Some((field, _)) = found.first() {
                    focus_element(&self.id(field));
                }
                self.problems.set(found);
                None
            }
        }
    }

    /// The problem of the field with id `field`, tracked.
    pub fn problem(&self, field: &'static str) -> Signal<Option<String>> {
        let problems = self.problems;
        Signal::derive(move || {
            problems.with(|p| p.iter().find(|(f, _)| *f == field).map(|(_, m)| m.clone()))
        })
    }
}

/// The event, and behind a disclosure the KV store, secrets, XHR answers and timeout, after
/// `children`: what fills them (a keyset's data).
#[component]
pub fn SetupForm(fields: SetupFields, children: Children) -> impl IntoView {
    let timeout_id = fields.id("test-timeout");
    let timeout_problem = fields.problem("test-timeout");
    view! {
        <JsonField
            id=fields.id("test-event")
            label="Event (JSON)"
            value=fields.event
            error=fields.problem("test-event")
            rows=8
        />
        <details class="function-test__world">
            <summary>"KV store, secrets, XHR answers and timeout"</summary>
            {children()}
            <JsonField
                id=fields.id("test-kv")
                label="KV store values (JSON object)"
                value=fields.kv
                error=fields.problem("test-kv")
                rows=3
            />
            <JsonField
                id=fields.id("test-secrets")
                label="Secrets for vault (JSON object)"
                value=fields.secrets
                error=fields.problem("test-secrets")
                rows=3
            />
            <JsonField
                id=fields.id("test-xhr")
                label="XHR answers (JSON array of {method, url, status, headers, body}; * in a URL matches anything)"
                value=fields.xhr
                error=fields.problem("test-xhr")
                rows=4
            />
            <div class="field">
                <label class="field__label" for=timeout_id.clone()>
                    "Timeout (ms)"
                </label>
                <input
                    id=timeout_id
                    class="input input--narrow"
                    inputmode="numeric"
                    aria-invalid=move || timeout_problem.with(Option::is_some).then_some("true")
                    prop:value=move || fields.timeout.get()
                    on:input=move |ev| fields.timeout.set(event_target_value(&ev))
                />
                {move || {
                    timeout_problem.get().map(|m| view! { <p class="field__error">{m}</p> })
                }}
            </div>
        </details>
    }
}

/// A labelled JSON text area, with its problem under it.
#[component]
fn JsonField(
    id: String,
    label: &'static str,
    value: RwSignal<String>,
    error: Signal<Option<String>>,
    rows: u32,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    view! {
        <div class="field" class:field--invalid=move || error.with(Option::is_some)>
            <label class="field__label" for=id.clone()>
                {label}
            </label>
            <textarea
                id=id
                class="input input--code"
                rows=rows
                spellcheck="false"
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=error_id.clone()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            ></textarea>
            <p class="field__error" id=error_id hidden=move || error.with(Option::is_none)>
                {move || error.get().unwrap_or_default()}
            </p>
        </div>
    }
}
