//! The result document of a run, as both engines return it, and what the console derives
//! from it (the KV diff, the errors to point at in the code).

use serde::Deserialize;
use serde_json::{Map, Value};

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RunResult {
    /// `browser` or `quickjs`.
    pub engine: String,
    pub outcome: Outcome,
    pub message_before: Option<Value>,
    pub message_after: Option<Value>,
    pub published: Vec<Published>,
    pub console: Vec<ConsoleLine>,
    /// Module → calls made and the per-run limit.
    pub calls: Map<String, Value>,
    pub kv_before: Map<String, Value>,
    pub kv_after: Map<String, Value>,
    pub errors: Vec<RunError>,
    pub duration_ms: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Outcome {
    /// `ok`, `abort`, `response`, `error` or `none`.
    pub kind: String,
    pub message: Option<Value>,
    pub reason: Option<Value>,
    pub status: Option<u16>,
    pub headers: Option<Value>,
    pub body: Option<Value>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Published {
    pub kind: String,
    pub channel: String,
    pub message: Value,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ConsoleLine {
    pub level: String,
    pub text: String,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct RunError {
    pub name: String,
    pub message: String,
    /// In the user's code, 1-based.
    pub line: Option<u32>,
    pub column: Option<u32>,
}

impl RunError {
    /// `TypeError: x is null at 3:8`.
    pub fn describe(&self) -> String {
        let name = if self.name.is_empty() {
            String::new()
        } else {
            format!("{}: ", self.name)
        };
        match (self.line, self.column) {
            (Some(line), Some(column)) => format!("{name}{} at {line}:{column}", self.message),
            (Some(line), None) => format!("{name}{} at line {line}", self.message),
            _ => format!("{name}{}", self.message),
        }
    }
}

/// One call counter: `(module, count, limit)`, in a stable order.
pub fn call_counts(result: &RunResult) -> Vec<(String, u64, Option<u64>)> {
    let mut counts: Vec<(String, u64, Option<u64>)> = result
        .calls
        .iter()
        .map(|(module, value)| {
            let count = value.get("count").and_then(Value::as_u64).unwrap_or(0);
            let limit = value.get("limit").and_then(Value::as_u64);
            (module.clone(), count, limit)
        })
        .collect();
    crate::sort::sort_by(&mut counts, |a, b| a.0.cmp(&b.0));
    counts
}

/// How one KV key changed in a run.
#[derive(Debug, Clone, PartialEq)]
pub enum KvChange {
    Added(Value),
    Removed(Value),
    Changed { before: Value, after: Value },
}

/// The keys a run added, removed or changed, by key.
pub fn kv_changes(result: &RunResult) -> Vec<(String, KvChange)> {
    let mut keys: Vec<&String> = result
        .kv_before
        .keys()
        .chain(result.kv_after.keys())
        .collect();
    crate::sort::sort_by(&mut keys, |a, b| a.cmp(b));
    keys.dedup();
    keys.into_iter()
        .filter_map(|key| {
            let change = match (result.kv_before.get(key), result.kv_after.get(key)) {
                (None, Some(after)) => KvChange::Added(after.clone()),
                (Some(before), None) => KvChange::Removed(before.clone()),
                (Some(before), Some(after)) if before != after => KvChange::Changed {
                    before: before.clone(),
                    after: after.clone(),
                },
                _ => return None,
            };
            Some((key.clone(), change))
        })
        .collect()
}

impl KvChange {
    /// The "before" and "after" cells of its row: compact JSON, `—` for none.
    pub fn cells(&self) -> (String, String) {
        let text = |v: &Value| serde_json::to_string(v).unwrap_or_default();
        match self {
            KvChange::Added(v) => ("—".to_owned(), text(v)),
            KvChange::Removed(v) => (text(v), "—".to_owned()),
            KvChange::Changed { before, after } => (text(before), text(after)),
        }
    }
}

/// A call counter's cells: the count (`"12 (over)"` past its limit) and the limit (`—` for
/// none), and whether it went over.
pub fn call_cells(count: u64, limit: Option<u64>) -> (String, String, bool) {
    let over = limit.is_some_and(|l| count > l);
    let count = format!("{count}{}", if over { " (over)" } else { "" });
    let limit = limit.map_or_else(|| "—".to_owned(), |l| l.to_string());
    (count, limit, over)
}

/// Which engine runs (or ran) a test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// The browser's Worker.
    Browser,
    /// The reference server's QuickJS.
    Server,
}

impl Engine {
    /// Where it runs, for sentences: "in the browser".
    pub const fn place(self) -> &'static str {
        match self {
            Engine::Browser => "in the browser",
            Engine::Server => "on the server",
        }
    }
}

/// "Running in the browser… 0.4 s": what the status line says while a run is under way.
pub fn running_status(engine: Engine, elapsed_ms: u32) -> String {
    format!(
        "Running {}… {:.1} s",
        engine.place(),
        f64::from(elapsed_ms) / 1000.0
    )
}

/// "Finished in the browser, 12 ms: ok.": what the status line says when a run ends.
pub fn summary(r: &RunResult) -> String {
    let engine = match r.engine.as_str() {
        "browser" => Engine::Browser.place().to_owned(),
        "" => String::new(),
        other => format!("{} ({other})", Engine::Server.place()),
    };
    let duration = r
        .duration_ms
        .map(|ms| format!(", {ms:.0} ms"))
        .unwrap_or_default();
    format!("Finished {engine}{duration}: {}.", outcome_words(r))
}

/// The outcome in words: "ok", "response 201", "no ok(), abort() or send() was returned".
pub fn outcome_words(r: &RunResult) -> String {
    match r.outcome.kind.as_str() {
        "ok" => "ok".into(),
        "abort" => "abort".into(),
        "response" => format!("response {}", r.outcome.status.unwrap_or(200)),
        "error" => "error".into(),
        "none" => "no ok(), abort() or send() was returned".into(),
        other => other.to_owned(),
    }
}

/// The outcome's badge tone: `ok` (passed on or answered), `warn` (aborted, or nothing
/// returned) or `error`.
pub fn outcome_tone(r: &RunResult) -> &'static str {
    match r.outcome.kind.as_str() {
        "ok" | "response" => "ok",
        "abort" | "none" => "warn",
        _ => "error",
    }
}

/// What the outcome carries, to show under it: an abort's reason, or a response's status,
/// headers and body.
pub fn outcome_detail(r: &RunResult) -> Option<String> {
    match r.outcome.kind.as_str() {
        "abort" => r.outcome.reason.as_ref().map(show),
        "response" => Some(format!(
            "status {}\nheaders {}\nbody {}",
            r.outcome.status.unwrap_or(200),
            r.outcome
                .headers
                .as_ref()
                .map(show)
                .unwrap_or_else(|| "{}".into()),
            r.outcome.body.as_ref().map(show).unwrap_or_default()
        )),
        _ => None,
    }
}

/// A value as people read it: JSON, indented.
pub fn show(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn result(doc: Value) -> RunResult {
        serde_json::from_value(doc).unwrap()
    }

    #[test]
    fn a_result_document_reads_with_missing_parts() {
        let r = result(json!({
            "engine": "browser",
            "outcome": {"kind": "ok", "message": {"text": "HI"}},
            "console": [{"level": "log", "text": "hello"}],
            "published": [{"kind": "publish", "channel": "audit", "message": {"n": 1}}],
            "calls": {"xhr": {"count": 6, "limit": 5}, "kvstore": {"count": 0, "limit": 10}},
            "unknownField": true
        }));
        assert_eq!(r.outcome.kind, "ok");
        assert_eq!(r.console[0].text, "hello");
        assert_eq!(
            call_counts(&r),
            vec![("kvstore".into(), 0, Some(10)), ("xhr".into(), 6, Some(5))]
        );
        assert!(r.errors.is_empty());
    }

    #[test]
    fn errors_say_where_they_are() {
        let e = RunError {
            name: "TypeError".into(),
            message: "Cannot read properties of null".into(),
            line: Some(3),
            column: Some(8),
        };
        assert_eq!(
            e.describe(),
            "TypeError: Cannot read properties of null at 3:8"
        );
        let e = RunError {
            message: "Timed out after 300 ms".into(),
            ..RunError::default()
        };
        assert_eq!(e.describe(), "Timed out after 300 ms");
    }

    #[test]
    fn the_kv_diff_lists_changes_only() {
        let r = result(json!({
            "kvBefore": {"a": 1, "b": 2, "c": 3},
            "kvAfter": {"a": 1, "b": 5, "d": 4}
        }));
        assert_eq!(
            kv_changes(&r),
            vec![
                (
                    "b".into(),
                    KvChange::Changed {
                        before: json!(2),
                        after: json!(5)
                    }
                ),
                ("c".into(), KvChange::Removed(json!(3))),
                ("d".into(), KvChange::Added(json!(4))),
            ]
        );
    }

    #[test]
    fn the_status_line_says_where_and_how_it_ended() {
        assert_eq!(
            running_status(Engine::Browser, 420),
            "Running in the browser… 0.4 s"
        );
        let ok =
            result(json!({"engine": "browser", "outcome": {"kind": "ok"}, "durationMs": 12.4}));
        assert_eq!(summary(&ok), "Finished in the browser, 12 ms: ok.");
        let answered =
            result(json!({"engine": "quickjs", "outcome": {"kind": "response", "status": 201}}));
        assert_eq!(
            summary(&answered),
            "Finished on the server (quickjs): response 201."
        );
        let none = result(json!({"outcome": {"kind": "none"}}));
        assert_eq!(
            summary(&none),
            "Finished : no ok(), abort() or send() was returned."
        );
        assert_eq!(
            (
                outcome_tone(&ok),
                outcome_tone(&answered),
                outcome_tone(&none)
            ),
            ("ok", "ok", "warn")
        );
        assert_eq!(
            outcome_tone(&result(json!({"outcome": {"kind": "error"}}))),
            "error"
        );
    }

    #[test]
    fn an_outcome_shows_what_it_carries() {
        let answered = result(json!({"outcome": {"kind": "response", "body": {"a": 1}}}));
        assert_eq!(
            outcome_detail(&answered).unwrap(),
            "status 200\nheaders {}\nbody {\n  \"a\": 1\n}"
        );
        let aborted = result(json!({"outcome": {"kind": "abort", "reason": "spam"}}));
        assert_eq!(outcome_detail(&aborted).as_deref(), Some("\"spam\""));
        assert_eq!(
            outcome_detail(&result(json!({"outcome": {"kind": "ok"}}))),
            None
        );
    }

    #[test]
    fn rows_read_as_cells() {
        assert_eq!(
            KvChange::Changed {
                before: json!(1),
                after: json!({"b": 2})
            }
            .cells(),
            ("1".to_owned(), "{\"b\":2}".to_owned())
        );
        assert_eq!(KvChange::Added(json!("x")).cells().0, "—");
        assert_eq!(
            call_cells(4, Some(3)),
            ("4 (over)".into(), "3".into(), true)
        );
        assert_eq!(call_cells(1, None), ("1".into(), "—".into(), false));
    }
}
