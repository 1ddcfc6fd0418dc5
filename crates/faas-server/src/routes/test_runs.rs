//! `POST /v2/faas/test-runs` (ours, outside the PubNub contract): runs a function's code on
//! a test event in QuickJS, behind the same mock prelude as the console's browser runner,
//! and answers the same result document (see [`crate::function_test`]).

use std::time::{Duration, Instant};

use axum::extract::State;
use axum::response::Response;
use faas_api::{kv, ErrorCode, FunctionType, Problem};
use serde_json::{json, Map, Value};
use tokio::sync::Semaphore;

use crate::error::AppError;
use crate::function_test::engine;
use crate::http::auth::{Access, Principal, Resource};
use crate::http::json::ApiJson;
use crate::http::reply;
use crate::AppState;

/// Runs at once in the whole server; the others wait their turn, so that test runs cannot
/// take every blocking thread or core from the API.
pub const CONCURRENT_RUNS: usize = 2;
static RUNS: Semaphore = Semaphore::const_new(CONCURRENT_RUNS);

/// `timeoutMs` when the body has none, and its largest value.
pub const DEFAULT_TIMEOUT_MS: u64 = 10_000;
pub const MAX_TIMEOUT_MS: u64 = 30_000;
/// The kvstore module's limits, applied to the seed as well: a keyset's (`faas_api::kv`),
/// every value counted as a JSON document.
const KV_KEY_MAX: usize = kv::KEY_MAX_CHARS;
const KV_VALUE_MAX: usize = kv::VALUE_MAX_CHARS;

/// A checked body: the code, the input document for the prelude, the deadline.
#[derive(Debug)]
pub struct TestRun {
    pub code: String,
    pub input: Value,
    pub timeout: Duration,
}

fn object_or_empty(
    body: &Map<String, Value>,
    field: &str,
    problems: &mut Vec<Problem>,
) -> Map<String, Value> {
    match body.get(field) {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(map)) => map.clone(),
        Some(_) => {
            problems.push(Problem::new(field, "must be a JSON object"));
            Map::new()
        }
    }
}

/// Checks a body, one problem per offending field (`FAAS-400`).
pub fn validate(body: &Value, code_max_bytes: usize) -> Result<TestRun, AppError> {
    let Some(body) = body.as_object() else {
        return Err(AppError::new(
            ErrorCode::Validation,
            "the body must be a JSON object with at least `code`",
        ));
    };
    let mut problems = Vec::new();
    let code = match body.get("code") {
        None | Some(Value::Null) => {
            problems.push(Problem::new("code", "is required"));
            String::new()
        }
        // Only the empty string: code of spaces runs, and says it has no default export.
        Some(Value::String(code)) if code.is_empty() => {
            problems.push(Problem::new("code", "must not be empty"));
            String::new()
        }
        Some(Value::String(code)) if code.len() > code_max_bytes => {
            problems.push(Problem::new(
                "code",
                format!("must be at most {code_max_bytes} bytes"),
            ));
            String::new()
        }
        Some(Value::String(code)) => code.clone(),
        Some(_) => {
            problems.push(Problem::new("code", "must be a string"));
            String::new()
        }
    };
    let function_type = match body.get("type") {
        None | Some(Value::Null) => FunctionType::BeforePublish.as_str().to_owned(),
        Some(Value::String(t)) if FunctionType::ALL.iter().any(|f| f.as_str() == t) => t.clone(),
        Some(_) => {
            let names: Vec<&str> = FunctionType::ALL.iter().map(|t| t.as_str()).collect();
            problems.push(Problem::new(
                "type",
                format!("must be one of {}", names.join(", ")),
            ));
            String::new()
        }
    };
    let request = object_or_empty(body, "request", &mut problems);
    let kv = object_or_empty(body, "kv", &mut problems);
    for (key, value) in &kv {
        if key.is_empty() || key.chars().count() > KV_KEY_MAX {
            problems.push(Problem::new(
                "kv",
                format!("keys must be 1..={KV_KEY_MAX} characters"),
            ));
        } else if kv::value_chars(kv::KvKind::Jsons, value) > KV_VALUE_MAX {
            problems.push(Problem::new(
                format!("kv.{key}"),
                format!("must be at most {KV_VALUE_MAX} characters of JSON"),
            ));
        }
    }
    let secrets = object_or_empty(body, "secrets", &mut problems);
    for (key, value) in &secrets {
        if !value.is_string() {
            problems.push(Problem::new(format!("secrets.{key}"), "must be a string"));
        }
    }
    let mocks = match body.get("xhrMocks") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(mocks)) => mocks.clone(),
        Some(_) => {
            problems.push(Problem::new("xhrMocks", "must be an array"));
            Vec::new()
        }
    };
    for (i, mock) in mocks.iter().enumerate() {
        let at = format!("xhrMocks[{i}]");
        let Some(mock) = mock.as_object() else {
            problems.push(Problem::new(at, "must be a JSON object"));
            continue;
        };
        let url = mock.get("url").and_then(Value::as_str).unwrap_or_default();
        if url.is_empty() {
            problems.push(Problem::new(
                format!("{at}.url"),
                "is required: a URL, `*` matches any characters",
            ));
        }
        if mock
            .get("method")
            .is_some_and(|m| !m.is_string() && !m.is_null())
        {
            problems.push(Problem::new(format!("{at}.method"), "must be a string"));
        }
        if let Some(status) = mock.get("status").filter(|s| !s.is_null()) {
            if !status.as_u64().is_some_and(|s| (100..=599).contains(&s)) {
                problems.push(Problem::new(
                    format!("{at}.status"),
                    "must be an integer 100..=599",
                ));
            }
        }
        if let Some(headers) = mock.get("headers").filter(|h| !h.is_null()) {
            let strings = headers
                .as_object()
                .is_some_and(|h| h.values().all(Value::is_string));
            if !strings {
                problems.push(Problem::new(
                    format!("{at}.headers"),
                    "must be an object of strings",
                ));
            }
        }
    }
    let timeout_ms = match body.get("timeoutMs") {
        None | Some(Value::Null) => DEFAULT_TIMEOUT_MS,
        Some(value) => match value.as_u64().filter(|t| (1..=MAX_TIMEOUT_MS).contains(t)) {
            Some(t) => t,
            None => {
                problems.push(Problem::new(
                    "timeoutMs",
                    format!("must be an integer 1..={MAX_TIMEOUT_MS}"),
                ));
                DEFAULT_TIMEOUT_MS
            }
        },
    };
    if !problems.is_empty() {
        return Err(AppError::problems(problems));
    }
    Ok(TestRun {
        code,
        input: json!({
            "type": function_type,
            "request": request,
            "kv": kv,
            "secrets": secrets,
            "xhrMocks": mocks,
        }),
        timeout: Duration::from_millis(timeout_ms),
    })
}

/// `POST /v2/faas/test-runs`.
pub async fn create(
    State(state): State<AppState>,
    principal: Principal,
    ApiJson(body): ApiJson<Value>,
) -> Result<Response, AppError> {
    principal.require(Resource::Package, Access::Read)?;
    let run = validate(&body, state.config.limits.code_max_bytes)?;
    let _permit = RUNS
        .acquire()
        .await
        .map_err(|e| AppError::internal(format!("test runs: {e}")))?;
    let started = Instant::now();
    let mut doc =
        tokio::task::spawn_blocking(move || engine::run(&run.code, &run.input, run.timeout))
            .await
            .map_err(AppError::from_join)?;
    if let Some(doc) = doc.as_object_mut() {
        doc.insert("engine".into(), json!("quickjs"));
        doc.insert(
            "durationMs".into(),
            json!(started.elapsed().as_millis() as u64),
        );
    }
    Ok(reply::ok(&doc))
}
