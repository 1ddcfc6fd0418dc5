//! Testing a function on an event, in plain Rust: the event templates of each function type,
//! the test's setup as the person types it, the input document both engines take (the
//! browser's Worker and the reference server's QuickJS, one prelude: `runtime/prelude.js`),
//! the result document they return, and saved test inputs.

pub mod keyset_data;
pub mod result;
pub mod saved;

use faas_api::FunctionType;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

pub use result::{
    call_cells, call_counts, kv_changes, outcome_detail, outcome_tone, outcome_words,
    running_status, show, summary, Engine, KvChange, RunError, RunResult,
};

/// The default and the largest time a run may take, in milliseconds.
pub const DEFAULT_TIMEOUT_MS: u32 = 10_000;
pub const MAX_TIMEOUT_MS: u32 = 30_000;

/// The test as typed: every part is text, checked when the test runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Setup {
    /// The event, as JSON.
    pub event: String,
    /// KV store values before the run, a JSON object.
    #[serde(default)]
    pub kv: String,
    /// Secrets for `vault`, a JSON object.
    #[serde(default)]
    pub secrets: String,
    /// `xhr` answers, a JSON array of `{method?, url, status, headers?, body?}`.
    #[serde(default)]
    pub xhr_mocks: String,
    #[serde(default)]
    pub timeout_ms: String,
}

/// What a function is triggered by, for its test's event: its input channel (a name or a
/// wildcard) and its request path, as typed (either may be empty).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Trigger {
    pub input_channel: String,
    pub path: String,
}

impl Trigger {
    /// A saved function's trigger.
    pub fn of(config: &faas_api::FunctionConfig) -> Trigger {
        Trigger {
            input_channel: config.input_channel.clone().unwrap_or_default(),
            path: config.path.clone().unwrap_or_default(),
        }
    }

    /// A channel a message to this function is published on: the input channel, or for a
    /// wildcard `a.*` the channel `a.test` it reaches; `test` without one.
    pub fn channel(&self) -> String {
        let channel = self.input_channel.trim();
        match channel.strip_suffix('*') {
            Some(prefix) => format!("{prefix}test"),
            None if channel.is_empty() => "test".to_owned(),
            None => channel.to_owned(),
        }
    }

    /// The path of a request to this function: `/` and its path.
    pub fn request_path(&self) -> String {
        format!("/{}", self.path.trim().trim_start_matches('/'))
    }
}

impl Setup {
    /// A fresh test of a function of `function_type` triggered by `trigger`: its template and
    /// nothing else.
    pub fn new(function_type: FunctionType, trigger: &Trigger) -> Setup {
        Setup {
            event: template(function_type, trigger),
            kv: String::new(),
            secrets: String::new(),
            xhr_mocks: String::new(),
            timeout_ms: DEFAULT_TIMEOUT_MS.to_string(),
        }
    }

    /// The input document for a run of `code`, or each field's problem (field id, message).
    pub fn input(
        &self,
        function_type: FunctionType,
        code: &str,
    ) -> Result<Input, Vec<(&'static str, String)>> {
        let mut problems = Vec::new();
        let mut object = |field: &'static str, text: &str, what: &str| -> Map<String, Value> {
            match parse_optional(text) {
                Ok(None) => Map::new(),
                Ok(Some(Value::Object(map))) => map,
                Ok(Some(_)) => {
                    problems.push((field, format!("{what} must be a JSON object {{…}}.")));
                    Map::new()
                }
                Err(e) => {
                    problems.push((field, format!("{what} is not valid JSON: {e}")));
                    Map::new()
                }
            }
        };
        let request = object("test-event", &self.event, "The event");
        let kv = object("test-kv", &self.kv, "The KV store values");
        let secrets = object("test-secrets", &self.secrets, "The secrets");
        let xhr_mocks = match parse_optional(&self.xhr_mocks) {
            Ok(None) => Vec::new(),
            Ok(Some(Value::Array(mocks))) => {
                for (i, mock) in mocks.iter().enumerate() {
                    if mock.get("url").and_then(Value::as_str).is_none() {
                        problems.push((
                            "test-xhr",
                            format!(
                                "XHR mock {}: a \"url\" (a pattern, * for any part) is needed.",
                                i + 1
                            ),
                        ));
                    }
                }
                mocks
            }
            Ok(Some(_)) => {
                problems.push(("test-xhr", "The XHR mocks must be a JSON array […].".into()));
                Vec::new()
            }
            Err(e) => {
                problems.push(("test-xhr", format!("The XHR mocks are not valid JSON: {e}")));
                Vec::new()
            }
        };
        let timeout_ms = match self.timeout_ms.trim() {
            "" => DEFAULT_TIMEOUT_MS,
            text => {
                match text.parse::<u32>() {
                    Ok(ms) if (1..=MAX_TIMEOUT_MS).contains(&ms) => ms,
                    _ => {
                        problems.push((
                        "test-timeout",
                        format!("The timeout is a number of milliseconds from 1 to {MAX_TIMEOUT_MS}."),
                    ));
                        DEFAULT_TIMEOUT_MS
                    }
                }
            }
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Input {
            code: code.to_owned(),
            function_type: function_type.as_str().to_owned(),
            request: Value::Object(request),
            kv: Value::Object(kv),
            secrets: Value::Object(secrets),
            xhr_mocks,
            timeout_ms,
        })
    }
}

/// What both engines run: the code and the event, with its world (KV, secrets, XHR).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Input {
    pub code: String,
    #[serde(rename = "type")]
    pub function_type: String,
    pub request: Value,
    pub kv: Value,
    pub secrets: Value,
    pub xhr_mocks: Vec<Value>,
    pub timeout_ms: u32,
}

fn parse_optional(text: &str) -> Result<Option<Value>, serde_json::Error> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        serde_json::from_str(text).map(Some)
    }
}

/// The event a function of `function_type` receives from `trigger`, as editable JSON: a
/// message published on its channel, a presence join there, an HTTP request to its path, or
/// an interval tick.
pub fn template(function_type: FunctionType, trigger: &Trigger) -> String {
    use FunctionType::*;
    let channel = trigger.channel();
    let event = match function_type {
        BeforePublish | AfterPublish | BeforeSignal | AfterSignal | BeforePublishFile
        | AfterPublishFile => json!({
            "message": {"text": "Hello from the test console"},
            "channels": [channel],
            "meta": {"clientip": "203.0.113.7", "origin": "ps.pndsn.com", "useragent": "faas-console"},
            "params": {"uuid": "test-user"},
        }),
        AfterPresence => json!({
            "message": {"action": "join", "uuid": "test-user", "occupancy": 3, "timestamp": 1_700_000_000, "state": {}},
            "channels": [channel],
        }),
        OnRequest => json!({
            "method": "POST",
            "path": trigger.request_path(),
            "query": {"lang": "en"},
            "headers": {"content-type": "application/json"},
            "body": "{\"text\":\"hi\"}",
        }),
        OnInterval => json!({"timestamp": 1_700_000_000}),
    };
    serde_json::to_string_pretty(&event).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_start_from_the_functions_own_trigger() {
        let on = |channel: &str, path: &str| Trigger {
            input_channel: channel.into(),
            path: path.into(),
        };
        let event = |t, trigger: &Trigger| -> serde_json::Value {
            serde_json::from_str(&template(t, trigger)).unwrap()
        };
        let message = event(FunctionType::BeforePublish, &on("orders.eu", ""));
        assert_eq!(message["channels"], json!(["orders.eu"]));
        let wildcard = event(FunctionType::AfterPresence, &on("chat.*", ""));
        assert_eq!(wildcard["channels"], json!(["chat.test"]));
        let none = event(FunctionType::AfterPublish, &on(" ", ""));
        assert_eq!(none["channels"], json!(["test"]));
        let request = event(FunctionType::OnRequest, &on("", "api/items"));
        assert_eq!(request["path"], "/api/items");
        assert_eq!(on("", "/x").request_path(), "/x");
        let config = faas_api::FunctionConfig {
            input_channel: Some("a.b".into()),
            ..Default::default()
        };
        assert_eq!(Trigger::of(&config).channel(), "a.b");
    }

    #[test]
    fn every_type_has_a_template_that_parses() {
        for t in FunctionType::ALL {
            let setup = Setup::new(t, &Trigger::default());
            let input = setup.input(t, "export default (r) => r.ok();").unwrap();
            assert!(input.request.is_object(), "{t:?}");
            assert_eq!(input.timeout_ms, DEFAULT_TIMEOUT_MS);
            assert_eq!(input.function_type, t.as_str());
        }
        assert!(
            template(FunctionType::OnRequest, &Trigger::default()).contains("\"method\": \"POST\"")
        );
    }

    #[test]
    fn each_part_says_what_is_wrong_with_it() {
        let setup = Setup {
            event: "{".into(),
            kv: "[1]".into(),
            secrets: "".into(),
            xhr_mocks: r#"[{"status": 200}]"#.into(),
            timeout_ms: "0".into(),
        };
        let problems = setup.input(FunctionType::BeforePublish, "").unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            ["test-event", "test-kv", "test-xhr", "test-timeout"]
        );
        assert!(problems[0].1.starts_with("The event is not valid JSON"));
        assert!(problems[2].1.contains("\"url\""));
    }

    #[test]
    fn the_input_document_is_what_the_engines_read() {
        let setup = Setup {
            event: r#"{"message": {"n": 1}}"#.into(),
            kv: r#"{"visits": 2}"#.into(),
            secrets: r#"{"token": "s3"}"#.into(),
            xhr_mocks: r#"[{"method": "GET", "url": "https://api.example.com/*", "status": 200, "body": "ok"}]"#.into(),
            timeout_ms: "300".into(),
        };
        let input = setup.input(FunctionType::BeforePublish, "code").unwrap();
        assert_eq!(
            serde_json::to_value(&input).unwrap(),
            json!({
                "code": "code", "type": "BEFORE_PUBLISH", "request": {"message": {"n": 1}},
                "kv": {"visits": 2}, "secrets": {"token": "s3"},
                "xhrMocks": [{"method": "GET", "url": "https://api.example.com/*", "status": 200, "body": "ok"}],
                "timeoutMs": 300
            })
        );
    }
}
