//! A keyset's data (`api.md` §5 "KV store and secrets"): the KV store's strings, JSON
//! documents and counters, and the keyset's secrets, with the rules both sides check.
//!
//! Every call is scoped to one keyset by `?subkey=<subscribeKey>`. A key is 1 to
//! [`KEY_MAX_CHARS`] characters without control characters, sent URL-encoded in the path (a
//! `/` in a key is `%2F`). An entry lives `ttlSeconds` ([`TTL_SECONDS`], [`DEFAULT_TTL_SECONDS`]
//! when a write does not say) and is gone from every read once expired. A secret's value is
//! written, never read back: its answers carry the name only.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::validation::Problem;

/// The longest key, in characters.
pub const KEY_MAX_CHARS: usize = 1000;
/// The largest value, in characters of its serialized form: a string's own characters, a JSON
/// document's compact JSON text, a secret's characters.
pub const VALUE_MAX_CHARS: usize = 32_000;
/// The `ttlSeconds` a write may ask for: a minute to a year (365 days).
pub const TTL_SECONDS: std::ops::RangeInclusive<u32> = 60..=31_536_000;
/// The `ttlSeconds` of a write that names none, and of a counter's first increment: a day.
pub const DEFAULT_TTL_SECONDS: u32 = 86_400;

/// The three lists of the KV store, as their path segment says (`/v2/faas/kv/strings`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KvKind {
    Strings,
    Jsons,
    Counters,
}

impl KvKind {
    pub const ALL: [KvKind; 3] = [KvKind::Strings, KvKind::Jsons, KvKind::Counters];

    /// The path segment: `strings`, `jsons`, `counters`.
    pub fn segment(self) -> &'static str {
        match self {
            KvKind::Strings => "strings",
            KvKind::Jsons => "jsons",
            KvKind::Counters => "counters",
        }
    }

    /// The path of the list, `/v2/faas/kv/strings`.
    pub fn path(self) -> String {
        format!("/v2/faas/kv/{}", self.segment())
    }

    /// The path of one entry, its key as one URL-encoded segment: `/v2/faas/kv/strings/a%2Fb`.
    pub fn entry_path(self, key: &str) -> String {
        format!("/v2/faas/kv/{}/{}", self.segment(), encode_segment(key))
    }
}

/// The path of a counter's step: `/v2/faas/kv/counters/{key}/increment` or `/decrement`.
pub fn counter_step_path(key: &str, decrement: bool) -> String {
    let step = if decrement { "decrement" } else { "increment" };
    format!("{}/{step}", KvKind::Counters.entry_path(key))
}

/// The path of the secrets' names.
pub const SECRETS_PATH: &str = "/v2/faas/kv/secrets";

/// The path of one secret.
pub fn secret_path(name: &str) -> String {
    format!("{SECRETS_PATH}/{}", encode_segment(name))
}

/// `text` as one segment of a URL path or a query value: every byte of its UTF-8 but the
/// unreserved characters (`A-Z a-z 0-9 - _ ~`) percent-encoded, `.` too. A key may hold any
/// character but control characters, `/`, `?`, `#` and `%` included, and the server takes
/// it decoded from exactly one segment.
///
/// One limit no encoding lifts: URL parsers (a browser's `fetch` among them) resolve a
/// segment that is `.` or `..`, even as `%2E`, so that a key that is exactly one of these
/// lists, but cannot be named in a path by a browser.
pub fn encode_segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(b"0123456789ABCDEF"[usize::from(byte >> 4)]));
            out.push(char::from(b"0123456789ABCDEF"[usize::from(byte & 0xf)]));
        }
    }
    out
}

/// A string or JSON entry, as lists and reads answer it (`value` is a JSON string for
/// `strings`, any JSON for `jsons`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KvEntry {
    pub key: String,
    pub value: Value,
    /// Whole seconds until it expires, rounded up (at least 1 while it lives).
    pub ttl_seconds: u64,
    /// Ours: when it expires, RFC 3339 UTC with milliseconds.
    pub expires_dttm: String,
}

/// A counter. The public contract answers `{key, value}`; the expiry is ours, as for
/// [`KvEntry`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Counter {
    pub key: String,
    pub value: i64,
    pub ttl_seconds: u64,
    pub expires_dttm: String,
}

/// A secret, by name only: no answer ever carries a secret's value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecretName {
    pub key: String,
}

/// `meta.paging` of a KV list: the size asked for, and the token of the next page (absent on
/// the last page). Send it back as `page_token`; it means nothing else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CursorPaging {
    pub page_size: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_token: Option<String>,
}

/// `Some(null)` for a field sent as `null`, `None` for one not sent: for `value`, where `null`
/// is a JSON document like any other.
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

/// The body of `PUT /v2/faas/kv/{strings,jsons}/{key}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PutKvEntry {
    #[serde(default, deserialize_with = "present")]
    pub value: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttl_seconds: Option<i64>,
}

/// The body of `POST /v2/faas/kv/counters/{key}/increment` (and `decrement`); no body at all
/// is `{}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CounterStep {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<i64>,
}

/// The body of `PUT /v2/faas/kv/secrets/{key}`. `value` is read as any JSON so that a value
/// of the wrong type is refused by [`validate_secret`], whose messages never repeat it (a
/// deserializer's would).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct PutSecret {
    #[serde(default)]
    pub value: Option<Value>,
}

/// A checked string or JSON write: the value and its time to live.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidPut {
    pub value: Value,
    pub ttl_seconds: u32,
}

/// What is wrong with `key`, if anything (`key` is the field it is reported as).
pub fn key_problem(key: &str) -> Option<Problem> {
    let chars = key.chars().count();
    let message = if chars == 0 {
        "must not be empty".to_owned()
    } else if chars > KEY_MAX_CHARS {
        format!("must be at most {KEY_MAX_CHARS} characters (is {chars})")
    } else if key.chars().any(char::is_control) {
        "must not contain control characters".to_owned()
    } else {
        return None;
    };
    Some(Problem::new("key", message))
}

/// The characters of `value` as [`VALUE_MAX_CHARS`] counts them for `kind`.
pub fn value_chars(kind: KvKind, value: &Value) -> usize {
    match (kind, value) {
        (KvKind::Strings, Value::String(s)) => s.chars().count(),
        _ => value.to_string().chars().count(),
    }
}

/// A `ttlSeconds` as sent: absent is the default; otherwise within [`TTL_SECONDS`].
pub fn check_ttl(ttl_seconds: Option<i64>, problems: &mut Vec<Problem>) -> u32 {
    let Some(ttl) = ttl_seconds else {
        return DEFAULT_TTL_SECONDS;
    };
    match u32::try_from(ttl) {
        Ok(ttl) if TTL_SECONDS.contains(&ttl) => ttl,
        _ => {
            problems.push(Problem::new(
                "ttlSeconds",
                format!(
                    "must be from {} to {} seconds (is {ttl})",
                    TTL_SECONDS.start(),
                    TTL_SECONDS.end()
                ),
            ));
            DEFAULT_TTL_SECONDS
        }
    }
}

/// Checks a string or JSON write of `kind` (not [`KvKind::Counters`], which are only stepped),
/// one problem per field.
pub fn validate_put(kind: KvKind, body: &PutKvEntry) -> Result<ValidPut, Vec<Problem>> {
    let mut problems = Vec::new();
    let value = match (&body.value, kind) {
        (None, _) => {
            problems.push(Problem::new("value", "is required"));
            Value::Null
        }
        (Some(value), KvKind::Strings) if !value.is_string() => {
            problems.push(Problem::new("value", "must be a string"));
            Value::Null
        }
        (Some(_), KvKind::Counters) => {
            problems.push(Problem::new(
                "value",
                "counters are changed by increment and decrement",
            ));
            Value::Null
        }
        (Some(value), _) => {
            let chars = value_chars(kind, value);
            if chars > VALUE_MAX_CHARS {
                problems.push(Problem::new(
                    "value",
                    format!("must be at most {VALUE_MAX_CHARS} characters serialized (is {chars})"),
                ));
            }
            value.clone()
        }
    };
    let ttl_seconds = check_ttl(body.ttl_seconds, &mut problems);
    if problems.is_empty() {
        Ok(ValidPut { value, ttl_seconds })
    } else {
        Err(problems)
    }
}

/// The step of an increment (`+value`) or a decrement (`-value`): `value` is 1 when absent.
pub fn counter_step(body: &CounterStep, decrement: bool) -> Result<i64, Problem> {
    let value = body.value.unwrap_or(1);
    if !decrement {
        return Ok(value);
    }
    value.checked_neg().ok_or_else(|| {
        Problem::new(
            "value",
            format!(
                "cannot decrement by {value}; the smallest decrement is {}",
                -i64::MAX
            ),
        )
    })
}

/// Checks a secret's value: a string of 1 to [`VALUE_MAX_CHARS`] characters. The messages
/// never repeat the value.
pub fn validate_secret(body: &PutSecret) -> Result<String, Vec<Problem>> {
    let problem = match &body.value {
        None | Some(Value::Null) => "is required",
        Some(Value::String(s)) if s.is_empty() => "must not be empty",
        Some(Value::String(s)) if s.chars().count() > VALUE_MAX_CHARS => {
            return Err(vec![Problem::new(
                "value",
                format!("must be at most {VALUE_MAX_CHARS} characters"),
            )])
        }
        Some(Value::String(s)) => return Ok(s.clone()),
        Some(_) => "must be a string",
    };
    Err(vec![Problem::new("value", problem)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn put(body: Value) -> PutKvEntry {
        serde_json::from_value(body).unwrap()
    }

    #[test]
    fn keys_are_one_to_a_thousand_characters_without_control_characters() {
        assert_eq!(key_problem("a/b c:ü"), None);
        assert_eq!(key_problem(&"é".repeat(KEY_MAX_CHARS)), None);
        for bad in [
            String::new(),
            "x".repeat(KEY_MAX_CHARS + 1),
            "a\nb".into(),
            "\u{7f}".into(),
            "\u{85}".into(),
        ] {
            let problem = key_problem(&bad).expect("refused");
            assert_eq!(problem.field, "key");
        }
    }

    #[test]
    fn a_string_counts_its_characters_and_json_its_text() {
        let s = "\"".repeat(VALUE_MAX_CHARS);
        assert_eq!(value_chars(KvKind::Strings, &json!(s)), VALUE_MAX_CHARS);
        assert_eq!(
            value_chars(KvKind::Jsons, &json!(s)),
            2 * VALUE_MAX_CHARS + 2
        );
        assert_eq!(value_chars(KvKind::Jsons, &json!({"a": [1, 2]})), 11);
        assert!(validate_put(KvKind::Strings, &put(json!({"value": s}))).is_ok());
        assert!(validate_put(KvKind::Jsons, &put(json!({"value": s}))).is_err());
        let long = "x".repeat(VALUE_MAX_CHARS + 1);
        let problems = validate_put(KvKind::Strings, &put(json!({"value": long}))).unwrap_err();
        assert_eq!(problems[0].field, "value");
    }

    #[test]
    fn ttl_defaults_to_a_day_and_stays_within_a_minute_and_a_year() {
        let valid = validate_put(KvKind::Jsons, &put(json!({"value": {"a": 1}}))).unwrap();
        assert_eq!(valid.ttl_seconds, DEFAULT_TTL_SECONDS);
        for ok in [60, 31_536_000] {
            let body = put(json!({"value": "x", "ttlSeconds": ok}));
            assert_eq!(
                validate_put(KvKind::Strings, &body).unwrap().ttl_seconds,
                ok as u32
            );
        }
        for bad in [59, 31_536_001, -1, 0, i64::MAX] {
            let body = put(json!({"value": "x", "ttlSeconds": bad}));
            let problems = validate_put(KvKind::Strings, &body).unwrap_err();
            assert_eq!(problems[0].field, "ttlSeconds", "{bad}");
        }
    }

    #[test]
    fn a_value_is_required_and_null_is_a_json_document() {
        let problems = validate_put(KvKind::Jsons, &put(json!({}))).unwrap_err();
        assert_eq!(problems[0].describe(), "value: is required");
        let null = validate_put(KvKind::Jsons, &put(json!({"value": null}))).unwrap();
        assert_eq!(null.value, Value::Null);
        for not_a_string in [json!(null), json!(1), json!(["a"])] {
            let body = put(json!({"value": not_a_string, "ttlSeconds": 1}));
            let problems = validate_put(KvKind::Strings, &body).unwrap_err();
            assert_eq!(problems.len(), 2, "every problem at once");
        }
    }

    #[test]
    fn a_step_is_one_by_default_and_a_decrement_negates_it() {
        assert_eq!(counter_step(&CounterStep::default(), false), Ok(1));
        assert_eq!(counter_step(&CounterStep::default(), true), Ok(-1));
        let step = CounterStep { value: Some(-5) };
        assert_eq!(counter_step(&step, true), Ok(5));
        let min = CounterStep {
            value: Some(i64::MIN),
        };
        assert_eq!(counter_step(&min, false), Ok(i64::MIN));
        assert!(counter_step(&min, true).is_err());
    }

    #[test]
    fn a_secret_is_a_non_empty_string_and_its_problems_never_repeat_it() {
        let secret = |v: Value| PutSecret { value: Some(v) };
        assert_eq!(
            validate_secret(&secret(json!("s3cret"))),
            Ok("s3cret".into())
        );
        for (bad, shown) in [
            (json!(""), ""),
            (json!(123_456_789), "123456789"),
            (json!(["hunter2"]), "hunter2"),
            (json!("y".repeat(VALUE_MAX_CHARS + 1)), "yyyy"),
        ] {
            let problems = validate_secret(&secret(bad)).unwrap_err();
            assert_eq!(problems[0].field, "value");
            if !shown.is_empty() {
                assert!(!problems[0].message.contains(shown), "{:?}", problems[0]);
            }
        }
        assert!(validate_secret(&PutSecret::default()).is_err());
    }

    #[test]
    fn paths_carry_a_key_as_one_encoded_segment() {
        assert_eq!(encode_segment("a-Z_0~"), "a-Z_0~");
        assert_eq!(encode_segment("a/b c.d"), "a%2Fb%20c%2Ed");
        assert_eq!(encode_segment("?#%+&="), "%3F%23%25%2B%26%3D");
        assert_eq!(encode_segment("ü€"), "%C3%BC%E2%82%AC");
        assert_eq!(
            KvKind::Strings.entry_path("room/1"),
            "/v2/faas/kv/strings/room%2F1"
        );
        assert_eq!(
            counter_step_path("hits/day", true),
            "/v2/faas/kv/counters/hits%2Fday/decrement"
        );
        assert_eq!(secret_path("API KEY"), "/v2/faas/kv/secrets/API%20KEY");
    }

    #[test]
    fn answers_read_as_the_contract_writes_them() {
        let entry: KvEntry = serde_json::from_value(json!({"key": "a/b", "value": {"x": 1},
            "ttlSeconds": 60, "expiresDttm": "2026-01-15T10:30:00.000Z"}))
        .unwrap();
        assert_eq!(entry.value, json!({"x": 1}));
        let paging: CursorPaging = serde_json::from_value(json!({"pageSize": 20})).unwrap();
        assert_eq!(paging.page_token, None);
        assert_eq!(KvKind::Counters.path(), "/v2/faas/kv/counters");
    }
}
