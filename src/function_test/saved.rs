//! Saved test inputs: on the server, shared by everyone on the account, for a function's
//! revision (with its earlier revisions' inputs); and in this browser's `localStorage`, per
//! package and function name, for a function that has no revision yet, or when the server
//! refuses or cannot be reached. A browser's inputs can be moved to the server.
//!
//! On the server an input's `payload` is the test's setup as JSON, `{request, kv, secrets,
//! xhrMocks, timeoutMs}` (what `POST /v2/faas/test-runs` takes without the code), and its
//! `description` is its name.

use faas_api::catalog::{SaveTestInput, TestInput};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::{Input, Setup, DEFAULT_TIMEOUT_MS};

/// The most inputs kept per function in the browser.
pub const MAX_SAVED: usize = 20;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedInput {
    pub name: String,
    pub setup: Setup,
}

/// Where the inputs of a function are kept in the browser: by package and function name, so
/// that they follow the function from revision to revision.
pub fn storage_key(package: &str, function: &str) -> String {
    format!("faas-console.test-inputs.{package}.{function}.v1")
}

/// `list` with `input` first; one of the same name is replaced, the oldest dropped past
/// [`MAX_SAVED`].
pub fn with_saved(mut list: Vec<SavedInput>, input: SavedInput) -> Vec<SavedInput> {
    list.retain(|s| s.name != input.name);
    list.insert(0, input);
    list.truncate(MAX_SAVED);
    list
}

/// The server's payload of a run's input.
pub fn payload_of(input: &Input) -> Value {
    json!({
        "request": input.request,
        "kv": input.kv,
        "secrets": input.secrets,
        "xhrMocks": input.xhr_mocks,
        "timeoutMs": input.timeout_ms,
    })
}

/// The body that saves `input` on the server under `name`.
pub fn save_body(name: &str, input: &Input) -> SaveTestInput {
    SaveTestInput {
        payload: Some(payload_of(input)),
        mime_type: Some(faas_api::catalog::DEFAULT_MIME_TYPE.to_owned()),
        description: Some(name.to_owned()),
    }
}

fn pretty_or_empty(value: Option<&Value>, empty: fn(&Value) -> bool) -> String {
    match value {
        Some(v) if !v.is_null() && !empty(v) => serde_json::to_string_pretty(v).unwrap_or_default(),
        _ => String::new(),
    }
}

/// A server input as the setup's fields show it. A payload that is not a setup (another
/// client's, a bare message) is taken as the event itself.
pub fn setup_of(input: &TestInput) -> Setup {
    let payload = &input.payload;
    let Some(parts) = payload.as_object().filter(|p| p.contains_key("request")) else {
        return Setup {
            event: serde_json::to_string_pretty(payload).unwrap_or_default(),
            kv: String::new(),
            secrets: String::new(),
            xhr_mocks: String::new(),
            timeout_ms: DEFAULT_TIMEOUT_MS.to_string(),
        };
    };
    let empty_object = |v: &Value| v.as_object().is_some_and(Map::is_empty);
    let empty_array = |v: &Value| v.as_array().is_some_and(Vec::is_empty);
    Setup {
        event: serde_json::to_string_pretty(&parts["request"]).unwrap_or_default(),
        kv: pretty_or_empty(parts.get("kv"), empty_object),
        secrets: pretty_or_empty(parts.get("secrets"), empty_object),
        xhr_mocks: pretty_or_empty(parts.get("xhrMocks"), empty_array),
        timeout_ms: parts
            .get("timeoutMs")
            .and_then(Value::as_u64)
            .unwrap_or(u64::from(DEFAULT_TIMEOUT_MS))
            .to_string(),
    }
}

/// An input's name in the picker: its description, or when it has none its time.
pub fn name_of(input: &TestInput) -> String {
    if input.description.trim().is_empty() {
        format!("Saved {}", input.created_dttm)
    } else {
        input.description.clone()
    }
}

/// The server input of this function revision named `name`, if any: saving under its name
/// replaces it, as in the browser's list. One of an earlier revision is kept, and a new one
/// made for this revision.
pub fn same_name<'a>(
    inputs: &'a [TestInput],
    function_revision_id: &str,
    name: &str,
) -> Option<&'a TestInput> {
    inputs
        .iter()
        .find(|i| i.function_revision_id == function_revision_id && name_of(i) == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::function_test::Trigger;
    use faas_api::FunctionType;

    fn saved(name: &str) -> SavedInput {
        SavedInput {
            name: name.into(),
            setup: Setup::new(FunctionType::BeforePublish, &Trigger::default()),
        }
    }

    fn server(payload: Value, description: &str, revision: &str) -> TestInput {
        TestInput {
            id: "i".into(),
            function_revision_id: revision.into(),
            package_revision_id: "r".into(),
            payload,
            mime_type: "application/json".into(),
            description: description.into(),
            created_dttm: "2026-12-06T10:00:00.000Z".into(),
            updated_dttm: "2026-12-06T10:00:00.000Z".into(),
        }
    }

    #[test]
    fn saving_puts_it_first_and_replaces_its_namesake() {
        let list = with_saved(vec![saved("a"), saved("b")], saved("b"));
        let names: Vec<&str> = list.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["b", "a"]);
        let many = (0..30).fold(Vec::new(), |l, i| with_saved(l, saved(&i.to_string())));
        assert_eq!(many.len(), MAX_SAVED);
        assert_eq!(many[0].name, "29");
    }

    #[test]
    fn keys_follow_the_function_by_name() {
        assert_eq!(
            storage_key("Chat", "relay"),
            "faas-console.test-inputs.Chat.relay.v1"
        );
    }

    #[test]
    fn a_setup_goes_to_the_server_and_comes_back_as_it_was() {
        let setup = Setup {
            event: r#"{"message": {"n": 1}}"#.into(),
            kv: r#"{"visits": 2}"#.into(),
            secrets: String::new(),
            xhr_mocks: r#"[{"url": "https://x/*", "status": 200}]"#.into(),
            timeout_ms: "300".into(),
        };
        let input = setup.input(FunctionType::BeforePublish, "code").unwrap();
        let body = save_body("visits", &input);
        assert_eq!(body.description.as_deref(), Some("visits"));
        let payload = body.payload.unwrap();
        assert_eq!(payload["kv"], json!({"visits": 2}));
        let back = setup_of(&server(payload, "visits", "f"));
        assert_eq!(back.timeout_ms, "300");
        assert_eq!(back.secrets, "");
        let again = back.input(FunctionType::BeforePublish, "code").unwrap();
        assert_eq!(again, input, "nothing lost on the way");
    }

    #[test]
    fn a_bare_payload_is_the_event_and_a_nameless_input_is_named_by_its_time() {
        let bare = server(json!({"text": "hi"}), " ", "f");
        let setup = setup_of(&bare);
        assert!(setup.event.contains("\"text\": \"hi\""));
        assert_eq!(setup.timeout_ms, DEFAULT_TIMEOUT_MS.to_string());
        assert_eq!(name_of(&bare), "Saved 2026-12-06T10:00:00.000Z");
    }

    #[test]
    fn a_name_is_replaced_only_in_its_own_revision() {
        let inputs = [
            server(json!({}), "visits", "old"),
            server(json!({}), "visits", "new"),
        ];
        assert_eq!(
            same_name(&inputs, "new", "visits").map(|i| i.function_revision_id.as_str()),
            Some("new")
        );
        assert!(same_name(&inputs, "other", "visits").is_none());
    }
}
