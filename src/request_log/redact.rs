//! What the request log never keeps of a request body: values that are secrets. One table of
//! rules, each naming the requests it applies to by method and path, and the field of their
//! JSON body whose values it hides. A rule's path pattern has `*` for one path segment; its
//! field is a dotted path whose `*` stands for every key of an object.
//!
//! The rules run when an entry is made ([`super::Entry::new`]), so nothing the log shows or
//! copies (the drawer, "Copy as curl", an export) ever has the value.

use std::collections::BTreeMap;

use serde_json::value::RawValue;

/// One rule: on `method` requests to a path that matches `path`, the values at `field` are
/// replaced by [`REDACTED`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub method: &'static str,
    pub path: &'static str,
    pub field: &'static str,
    /// Why: what the field holds.
    pub why: &'static str,
}

/// What a hidden value becomes.
pub const REDACTED: &str = "[redacted]";

/// Every rule.
pub const RULES: &[Rule] = &[
    Rule {
        method: "POST",
        path: "/v2/faas/package-blueprints/*/packages",
        field: "params.*",
        why: "an import's params: SECRET ones are written to the keyset's secrets, and the log cannot tell them from the others",
    },
    Rule {
        method: "PUT",
        path: "/v2/faas/kv/secrets/*",
        field: "value",
        why: "a keyset's secret: its value (a body that is not JSON is hidden whole)",
    },
];

/// Whether `path` (without query) ends with a part that matches `pattern` segment by segment:
/// the API may be served under a base path (`https://host/admin/v2/faas/…`).
fn path_matches(pattern: &str, path: &str) -> bool {
    path.match_indices('/')
        .any(|(at, _)| path_matches_exactly(pattern, &path[at..]))
}

fn path_matches_exactly(pattern: &str, path: &str) -> bool {
    let mut want = pattern.split('/');
    let mut have = path.split('/');
    loop {
        match (want.next(), have.next()) {
            (None, None) => return true,
            (Some("*"), Some(segment)) if !segment.is_empty() => {}
            (Some(w), Some(h)) if w == h => {}
            _ => return false,
        }
    }
}

/// `json` with the values at `field` hidden, or `None` if an object on the way cannot be read
/// (the caller then hides the whole body, as it does a body that is not JSON). It is read one
/// object at a time, each member kept as its raw text, and not into a `serde_json::Value`:
/// this runs for every request the console makes, so it is in the main module, which has no
/// other use for the code that reads any JSON into values. What is not an object where
/// `field` goes on is kept as it is.
fn hide(json: &RawValue, field: &[&str]) -> Option<Box<RawValue>> {
    let Some((first, rest)) = field.split_first() else {
        return serde_json::value::to_raw_value(REDACTED).ok();
    };
    let text = json.get();
    let Ok(mut object) = serde_json::from_str::<BTreeMap<String, Box<RawValue>>>(text) else {
        // A raw value is checked less than a map's names are (a lone surrogate in `\uD800`
        // passes): an object that cannot be read is not let through as it is.
        return (!text.trim_start().starts_with('{')).then(|| json.to_owned());
    };
    for (key, child) in object.iter_mut() {
        if *first == "*" || key == first {
            *child = hide(child, rest)?;
        }
    }
    serde_json::value::to_raw_value(&object).ok()
}

/// `body` as the log keeps it: for a request that a rule applies to, its JSON with the rule's
/// values hidden; a body that cannot be read is hidden whole (it cannot be looked into).
pub fn redact_body(method: &str, path: &str, body: &str) -> String {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let rules: Vec<&Rule> = RULES
        .iter()
        .filter(|r| r.method.eq_ignore_ascii_case(method) && path_matches(r.path, path))
        .collect();
    if rules.is_empty() {
        return body.to_owned();
    }
    let Ok(mut json) = serde_json::from_str::<Box<RawValue>>(body) else {
        return REDACTED.to_owned();
    };
    for rule in rules {
        let field: Vec<&str> = rule.field.split('.').collect();
        match hide(&json, &field) {
            Some(hidden) => json = hidden,
            None => return REDACTED.to_owned(),
        }
    }
    json.get().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    const IMPORT: &str =
        "/v2/faas/package-blueprints/6c0a7a10-9000-4000-8000-000000000500/packages";

    #[test]
    fn an_imports_params_are_hidden_and_the_rest_kept() {
        let body = r#"{"keysetId":31002,"name":"Payments","params":{"channel":"payments.*","webhookSigningKey":"s3cret"}}"#;
        let kept = redact_body("POST", IMPORT, body);
        assert!(!kept.contains("s3cret"));
        let json: Value = serde_json::from_str(&kept).unwrap();
        assert_eq!(json["keysetId"], 31002);
        assert_eq!(json["name"], "Payments");
        assert_eq!(json["params"]["webhookSigningKey"], REDACTED);
        assert_eq!(json["params"]["channel"], REDACTED);
    }

    #[test]
    fn other_requests_keep_their_bodies() {
        let body = r#"{"params":{"a":"b"}}"#;
        assert_eq!(redact_body("POST", "/v2/faas/packages", body), body);
        assert_eq!(redact_body("PUT", IMPORT, body), body);
        assert_eq!(
            redact_body("POST", "/v2/faas/package-blueprints//packages", body),
            body
        );
        assert_eq!(
            redact_body("POST", "/v2/faas/package-blueprints/x/packages/more", body),
            body
        );
    }

    #[test]
    fn a_body_a_rule_cannot_read_is_hidden_whole() {
        assert_eq!(redact_body("POST", IMPORT, "not json s3cret"), REDACTED);
        // The path's query does not keep a rule from applying.
        let kept = redact_body("post", &format!("{IMPORT}?x=1"), r#"{"params":{"k":"v"}}"#);
        assert_eq!(kept, r#"{"params":{"k":"[redacted]"}}"#);
        // A body without the field is kept as it is.
        assert_eq!(
            redact_body("POST", IMPORT, r#"{"keysetId":1}"#),
            r#"{"keysetId":1}"#
        );
        // Nor does a body whose field is not an object, nor one that is not an object at all.
        assert_eq!(
            redact_body("POST", IMPORT, r#"{"params":[1,"s"]}"#),
            r#"{"params":[1,"s"]}"#
        );
        assert_eq!(redact_body("POST", IMPORT, "[1]"), "[1]");
        // A secret's value is hidden whatever its type.
        let secret = redact_body(
            "PUT",
            "/v2/faas/kv/secrets/31001",
            r#"{"key":"k","value":{"a":1}}"#,
        );
        assert_eq!(secret, r#"{"key":"k","value":"[redacted]"}"#);
        // Nor can a name written with escapes, or given twice, carry a secret past a rule.
        let secret = redact_body(
            "PUT",
            "/v2/faas/kv/secrets/31001",
            r#"{"val\u0075e":"s3cret","value":"other","value":"last"}"#,
        );
        assert_eq!(secret, r#"{"value":"[redacted]"}"#);
        // An object whose names cannot be read is hidden whole, at any depth.
        let unreadable = r#"{"\ud800":0,"value":"s3cret"}"#;
        assert_eq!(
            redact_body("PUT", "/v2/faas/kv/secrets/1", unreadable),
            REDACTED
        );
        let nested = r#"{"params":{"\ud800":0,"key":"s3cret"}}"#;
        assert_eq!(redact_body("POST", IMPORT, nested), REDACTED);
    }
}
