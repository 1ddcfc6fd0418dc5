//! Every API call the console makes, for manual QA: what was sent and what came back, newest
//! first, searchable, each reproducible as a curl command.
//!
//! The API key is never stored here: an entry only says how the key was sent ([`Auth`]), and
//! [`curl`] writes it as `"${PUBNUB_API_KEY}"` unless the caller passes the key on purpose.
//! Nor are secrets in request bodies: [`redact`] hides them as an entry is made.
//! This module is plain Rust with native tests; `store` holds the entries for the views.

mod curl;
pub mod redact;
pub mod store;

pub use curl::{curl, shell_quote};

/// How the key went with the request (its value is never kept).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    None,
    /// `Authorization: <key>` (Functions v2).
    Key,
    /// `Authorization: Bearer <key>` (the deployments that build).
    Bearer,
}

/// What came back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Answered {
        status: u16,
        headers: Vec<(String, String)>,
        /// At most [`BODY_CAP`] characters.
        body: String,
    },
    /// No answer: the network, CORS, or the request was aborted.
    Failed { detail: String },
}

/// One call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Increasing with each call of this tab.
    pub id: u64,
    pub method: String,
    /// The whole URL, query included.
    pub url: String,
    pub auth: Auth,
    /// The headers sent, but for `Authorization`.
    pub request_headers: Vec<(String, String)>,
    pub request_body: Option<String>,
    pub outcome: Outcome,
    pub duration_ms: u32,
    /// The answer's `X-Correlation-Id`, else the one sent.
    pub correlation_id: String,
    /// The first error code of the answer (`FAAS-404`, `bad_request`), if any.
    pub error_code: Option<String>,
}

/// The most characters of a body kept, so the log stays small whatever the API returns.
pub const BODY_CAP: usize = 32 * 1024;

/// The most entries kept; older ones are dropped.
pub const ENTRIES_CAP: usize = 200;

/// What the console sent, as the log keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    pub method: String,
    pub url: String,
    pub auth: Auth,
    /// Every header but `Authorization`.
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
    pub correlation_id: String,
}

/// What came back from the browser's fetch: status, headers and body, or why none came.
pub type Answer = Result<(u16, Vec<(String, String)>, String), String>;

impl Entry {
    /// The log's entry for one call: bodies capped, the error code and the answer's
    /// correlation id read out.
    pub fn new(id: u64, sent: Sent, answer: &Answer, duration_ms: u32) -> Entry {
        let (outcome, correlation_id, error_code) = match answer {
            Ok((status, headers, body)) => {
                let echoed = headers
                    .iter()
                    .find(|(name, _)| name.eq_ignore_ascii_case("x-correlation-id"))
                    .map(|(_, value)| value.clone());
                let outcome = Outcome::Answered {
                    status: *status,
                    headers: headers.clone(),
                    body: capped(body, BODY_CAP),
                };
                (outcome, echoed, error_code(body))
            }
            Err(detail) => (
                Outcome::Failed {
                    detail: detail.clone(),
                },
                None,
                None,
            ),
        };
        let request_body = sent.body.map(|b| {
            let path = path_of(&sent.url);
            capped(&redact::redact_body(&sent.method, path, &b), BODY_CAP)
        });
        Entry {
            id,
            method: sent.method,
            url: sent.url,
            auth: sent.auth,
            request_headers: sent.headers,
            request_body,
            outcome,
            duration_ms,
            correlation_id: correlation_id.unwrap_or(sent.correlation_id),
            error_code,
        }
    }

    /// The path and query, as the log lists it.
    pub fn path(&self) -> &str {
        path_of(&self.url)
    }

    pub fn status(&self) -> Option<u16> {
        match self.outcome {
            Outcome::Answered { status, .. } => Some(status),
            Outcome::Failed { .. } => None,
        }
    }
}

/// The log's status filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Filter {
    #[default]
    All,
    Success,
    ClientError,
    ServerError,
    /// No answer at all.
    Failed,
}

impl Filter {
    pub const ALL: [Filter; 5] = [
        Filter::All,
        Filter::Success,
        Filter::ClientError,
        Filter::ServerError,
        Filter::Failed,
    ];

    pub const fn label(self) -> &'static str {
        match self {
            Filter::All => "All",
            Filter::Success => "2xx",
            Filter::ClientError => "4xx",
            Filter::ServerError => "5xx",
            Filter::Failed => "Failed",
        }
    }

    pub fn admits(self, entry: &Entry) -> bool {
        match (self, entry.status()) {
            (Filter::All, _) => true,
            (Filter::Success, Some(s)) => (200..300).contains(&s),
            (Filter::ClientError, Some(s)) => (400..500).contains(&s),
            (Filter::ServerError, Some(s)) => s >= 500,
            (Filter::Failed, None) => true,
            _ => false,
        }
    }
}

/// Whether `entry` passes the filter and holds `search` (case-insensitive) in its method,
/// path, status, correlation id or error code. Those are ASCII (a path as sent is
/// percent-encoded), so ASCII case is all there is to ignore, without the Unicode tables.
pub fn shows(entry: &Entry, filter: Filter, search: &str) -> bool {
    if !filter.admits(entry) {
        return false;
    }
    let search = search.trim().to_ascii_lowercase();
    if search.is_empty() {
        return true;
    }
    let status = entry.status().map(|s| s.to_string()).unwrap_or_default();
    [
        entry.method.as_str(),
        entry.path(),
        status.as_str(),
        entry.correlation_id.as_str(),
        entry.error_code.as_deref().unwrap_or_default(),
    ]
    .iter()
    .any(|field| field.to_ascii_lowercase().contains(&search))
}

/// The path and query of a URL: what follows its origin.
fn path_of(url: &str) -> &str {
    let after_scheme = url.split_once("://").map_or(url, |(_, r)| r);
    after_scheme
        .find('/')
        .map_or("/", |slash| &after_scheme[slash..])
}

/// The first error code in an answer of either contract: the Functions envelope's
/// `errors[0].code`, or Vercel's `error.code`. Read by a typed struct rather than a JSON
/// value: the main module then needs no generic JSON tree.
pub fn error_code(body: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Code {
        code: String,
    }
    #[derive(serde::Deserialize)]
    struct Codes {
        #[serde(default)]
        errors: Vec<Code>,
        error: Option<Code>,
    }
    let codes: Codes = serde_json::from_str(body).ok()?;
    codes
        .errors
        .into_iter()
        .next()
        .or(codes.error)
        .map(|c| c.code)
}

/// `body` cut to `cap` characters, saying how much was left out.
pub fn capped(body: &str, cap: usize) -> String {
    match body.char_indices().nth(cap) {
        None => body.to_owned(),
        Some((cut, _)) => {
            let left = body[cut..].chars().count();
            format!("{}\n… {left} more characters not kept", &body[..cut])
        }
    }
}

/// JSON indented for reading; anything else as it is.
pub fn pretty(body: &str) -> String {
    serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| body.to_owned())
}

#[cfg(test)]
pub(crate) fn sample(status: Option<u16>) -> Entry {
    Entry {
        id: 1,
        method: "POST".into(),
        url: "http://127.0.0.1:8080/v2/faas/packages?size=20".into(),
        auth: Auth::Key,
        request_headers: vec![
            ("Content-Type".into(), "application/json".into()),
            (
                "X-Correlation-Id".into(),
                "11111111-1111-4111-8111-111111111111".into(),
            ),
        ],
        request_body: Some(r#"{"name":"it's"}"#.into()),
        outcome: match status {
            Some(status) => Outcome::Answered {
                status,
                headers: vec![],
                body: "{}".into(),
            },
            None => Outcome::Failed {
                detail: "TypeError: Failed to fetch".into(),
            },
        },
        duration_ms: 12,
        correlation_id: "11111111-1111-4111-8111-111111111111".into(),
        error_code: status.filter(|s| *s >= 400).map(|_| "FAAS-400".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_is_what_follows_the_origin() {
        assert_eq!(sample(Some(200)).path(), "/v2/faas/packages?size=20");
        let mut e = sample(Some(200));
        e.url = "https://api.example.com".into();
        assert_eq!(e.path(), "/");
    }

    #[test]
    fn an_entry_keeps_the_answers_correlation_id_and_error_code() {
        let sent = Sent {
            method: "GET".into(),
            url: "http://h/v2/keysets".into(),
            auth: Auth::Key,
            headers: vec![("X-Correlation-Id".into(), "sent".into())],
            body: None,
            correlation_id: "sent".into(),
        };
        let answer: Answer = Ok((
            404,
            vec![("x-correlation-id".into(), "echoed".into())],
            r#"{"errors":[{"code":"FAAS-404","message":"Entity not found"}]}"#.into(),
        ));
        let entry = Entry::new(7, sent.clone(), &answer, 5);
        assert_eq!(entry.correlation_id, "echoed");
        assert_eq!(entry.error_code.as_deref(), Some("FAAS-404"));
        assert_eq!(entry.status(), Some(404));

        let failed = Entry::new(8, sent, &Err("TypeError: Failed to fetch".into()), 3);
        assert_eq!(failed.correlation_id, "sent");
        assert_eq!(failed.status(), None);
    }

    #[test]
    fn filters_sort_by_status_class() {
        let ok = sample(Some(201));
        let bad = sample(Some(404));
        let broken = sample(Some(503));
        let failed = sample(None);
        let admitted = |f: Filter| {
            [&ok, &bad, &broken, &failed]
                .iter()
                .filter(|e| f.admits(e))
                .count()
        };
        assert_eq!(admitted(Filter::All), 4);
        assert!(Filter::Success.admits(&ok) && !Filter::Success.admits(&bad));
        assert!(Filter::ClientError.admits(&bad) && !Filter::ClientError.admits(&broken));
        assert!(Filter::ServerError.admits(&broken));
        assert!(Filter::Failed.admits(&failed) && !Filter::Failed.admits(&ok));
    }

    #[test]
    fn search_looks_at_path_status_code_and_correlation_id() {
        let e = sample(Some(400));
        assert!(shows(&e, Filter::All, ""));
        assert!(shows(&e, Filter::All, "PACKAGES"));
        assert!(shows(&e, Filter::All, "400"));
        assert!(shows(&e, Filter::All, "faas-400"));
        assert!(shows(&e, Filter::All, "11111111-1111"));
        assert!(!shows(&e, Filter::All, "keysets"));
        assert!(!shows(&e, Filter::Success, "packages"));
    }

    #[test]
    fn error_codes_of_both_contracts() {
        assert_eq!(
            error_code(r#"{"meta":{},"errors":[{"code":"FAAS-404","message":"x"}]}"#).as_deref(),
            Some("FAAS-404")
        );
        assert_eq!(
            error_code(r#"{"error":{"code":"bad_request","message":"x"}}"#).as_deref(),
            Some("bad_request")
        );
        assert_eq!(error_code(r#"{"data":[],"errors":[]}"#), None);
        assert_eq!(error_code("<html>"), None);
    }

    #[test]
    fn bodies_are_capped_and_pretty() {
        assert_eq!(capped("abc", 5), "abc");
        assert_eq!(capped("abcdef", 3), "abc\n… 3 more characters not kept");
        assert_eq!(capped("ééé", 1), "é\n… 2 more characters not kept");
        assert_eq!(pretty(r#"{"a":1}"#), "{\n  \"a\": 1\n}");
        assert_eq!(pretty("not json"), "not json");
    }

    #[test]
    fn a_secrets_value_is_never_kept() {
        let sent = |url: &str, body: &str| Sent {
            method: "PUT".into(),
            url: url.into(),
            auth: Auth::Key,
            headers: vec![],
            body: Some(body.into()),
            correlation_id: "c".into(),
        };
        let answer: Answer = Ok((200, vec![], r#"{"data":{"key":"API_KEY"}}"#.into()));
        for url in [
            "http://h/v2/faas/kv/secrets/API_KEY?subkey=sub-c-1",
            "https://h/admin/v2/faas/kv/secrets/a%2Fb",
        ] {
            let entry = Entry::new(1, sent(url, r#"{"value":"hunter2"}"#), &answer, 1);
            assert_eq!(
                entry.request_body.as_deref(),
                Some(r#"{"value":"[redacted]"}"#)
            );
            for command in [curl(&entry, None), curl(&entry, Some("fk_key"))] {
                assert!(!command.contains("hunter2"), "{command}");
                assert!(command.contains(r#"--data-raw '{"value":"[redacted]"}'"#));
            }
        }
        // Whatever the body's shape, nothing of it is kept.
        let odd = Entry::new(
            2,
            sent("http://h/v2/faas/kv/secrets/X", "hunter2"),
            &answer,
            1,
        );
        assert!(!odd.request_body.unwrap().contains("hunter2"));
        // The list of names and every other write keep their bodies.
        for url in [
            "http://h/v2/faas/kv/secrets?subkey=s",
            "http://h/v2/faas/kv/strings/secrets?subkey=s",
            "http://h/v2/faas/test-runs",
        ] {
            let entry = Entry::new(3, sent(url, r#"{"value":"v"}"#), &answer, 1);
            assert_eq!(
                entry.request_body.as_deref(),
                Some(r#"{"value":"v"}"#),
                "{url}"
            );
        }
    }
}
