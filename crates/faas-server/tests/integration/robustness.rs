//! No input yields a 5xx (`api.md` §1, "5xx: never for client input").
//!
//! Property tests throw generated requests at every endpoint of `api.md` §3 with every
//! method (GET, POST, PUT, DELETE, PATCH), with the demo admin key, and check every answer:
//!
//! * the status is below 500;
//! * the body is the envelope: `meta.correlationId` is a string, `errors` an array, empty on
//!   success and non-empty on an error, with no `data` on an error;
//! * every error code is one of `faas_api::ErrorCode`, and the status is that of one of the
//!   codes (or 413 with `FAAS-400`, as §1 says for a body over 1 MiB).
//!
//! What is generated: path ids (real ids of the demo data, of the right and the wrong kind,
//! random UUIDs, malformed UUIDs, percent-encoding junk, unicode, very long ids), query strings
//! (`page`, `size`, `sort`, `search`, the deployment filters and `force`, with numbers that
//! overflow, negatives, unicode and broken percent-encoding), request bodies (arbitrary JSON,
//! bodies of the right shape whose values are replaced by wrong types, huge, negative, unicode
//! or empty values, bytes that are not JSON) and content types (JSON, JSON with parameters,
//! `+json`, text, none, junk), plus junk `PubNub-Version` and `X-Correlation-Id` headers.
//!
//! The app is shared by all cases of a test, so the demo data changes as cases run (packages
//! deleted, deployments started and stopped), which reaches more states than a fresh app per
//! case would.

use crate::common;

use std::sync::Arc;

use axum::http::Method;
use common::{TestApp, TestResponse};
use faas_api::ErrorCode;
use proptest::prelude::*;
use proptest::test_runner::{Config as ProptestConfig, TestCaseError, TestRunner};
use serde_json::{json, Map, Value};

/// Every route of `api.md` §3 with its methods; `{id}` is replaced by a generated id.
const ROUTES: &[(&str, &[&str])] = &[
    ("/v2/keysets", &["GET"]),
    ("/v2/faas/packages", &["GET", "POST"]),
    ("/v2/faas/packages/{id}", &["GET", "PUT", "DELETE"]),
    ("/v2/faas/packages/{id}/package-revisions", &["GET"]),
    ("/v2/faas/package-revisions", &["POST"]),
    ("/v2/faas/package-revisions/{id}", &["GET", "PUT", "DELETE"]),
    ("/v2/faas/package-revisions/{id}/functions", &["GET"]),
    (
        "/v2/faas/package-revisions/{id}/package-deployments",
        &["GET"],
    ),
    ("/v2/faas/package-deployments", &["GET", "POST"]),
    ("/v2/faas/package-deployments/{id}", &["GET", "DELETE"]),
    (
        "/v2/faas/package-deployments/{id}/function-deployments",
        &["POST", "DELETE"],
    ),
    ("/v2/faas/function-deployments", &["DELETE"]),
    ("/v2/faas/limits/package-deployments-running", &["GET"]),
    ("/v2/faas/openapi.json", &["GET"]),
];

const OPENAPI: &str = "/v2/faas/openapi.json";

const METHODS: [Method; 5] = [
    Method::GET,
    Method::POST,
    Method::PUT,
    Method::DELETE,
    Method::PATCH,
];

/// A route and a method: mostly one the route has, sometimes any (405, or the route that
/// another method of the same path has).
fn route_and_method() -> impl Strategy<Value = (&'static str, Method)> {
    prop::sample::select(ROUTES).prop_flat_map(|(route, methods)| {
        let own: Vec<Method> = methods.iter().map(|m| m.parse().unwrap()).collect();
        let method = prop_oneof![
            4 => prop::sample::select(own),
            1 => prop::sample::select(METHODS.to_vec()),
        ];
        (Just(route), method)
    })
}

/// Ids of the demo data, so that generated requests reach past "not found".
#[derive(Debug, Clone)]
struct Ids {
    packages: Vec<String>,
    revisions: Vec<String>,
    functions: Vec<String>,
    deployments: Vec<String>,
    keysets: Vec<i64>,
}

impl Ids {
    async fn of(app: &TestApp) -> Ids {
        let packages = app.get("/v2/faas/packages?size=100").send().await.ok();
        let packages: Vec<String> = strings(&packages, "id");
        let mut revisions = Vec::new();
        let mut functions = Vec::new();
        for id in packages.iter().take(3) {
            let list = app
                .get(&format!("/v2/faas/packages/{id}/package-revisions"))
                .send()
                .await
                .ok();
            for rev in strings(&list, "id").into_iter().take(2) {
                let got = app
                    .get(&format!("/v2/faas/package-revisions/{rev}"))
                    .send()
                    .await
                    .ok();
                functions.extend(strings(&got["functions"], "id"));
                functions.extend(strings(&got["functions"], "functionRevisionId"));
                revisions.push(rev);
            }
        }
        // The deployments list is the colleague's endpoint: while it does not exist, the ids
        // simply stay empty.
        let deployments = app
            .get("/v2/faas/package-deployments?size=100")
            .send()
            .await;
        let deployments = strings(&deployments.json["data"], "id");
        let keysets = app.get("/v2/keysets").send().await.ok();
        let keysets = keysets
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|k| k["id"].as_i64())
            .collect();
        Ids {
            packages,
            revisions,
            functions,
            deployments,
            keysets,
        }
    }

    fn all_uuids(&self) -> Vec<String> {
        let mut all = self.packages.clone();
        all.extend(self.revisions.iter().cloned());
        all.extend(self.functions.iter().cloned());
        all.extend(self.deployments.iter().cloned());
        if all.is_empty() {
            all.push(uuid::Uuid::nil().to_string());
        }
        all
    }
}

fn strings(list: &Value, field: &str) -> Vec<String> {
    list.as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v[field].as_str().map(str::to_owned))
        .collect()
}

/// Percent-encodes every byte that is not unreserved, so that any string, and any bytes
/// (invalid UTF-8 included), make a valid URI.
fn percent_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 3);
    for &b in bytes {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Strings that tend to break parsers: numbers that overflow, signs, separators, unicode,
/// broken percent-encoding (already in URI-safe form), SQL and path tricks.
fn junk_token() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("-1".to_owned()),
        Just("0".to_owned()),
        Just("1".to_owned()),
        Just("100".to_owned()),
        Just("101".to_owned()),
        Just("4294967295".to_owned()),
        Just("4294967296".to_owned()),
        Just("18446744073709551616".to_owned()),
        Just("-9223372036854775808".to_owned()),
        Just("9223372036854775807".to_owned()),
        Just("1e9".to_owned()),
        Just("NaN".to_owned()),
        Just("0x10".to_owned()),
        Just("%".to_owned()),
        Just("%zz".to_owned()),
        Just("%FF%FE".to_owned()),
        Just("%00".to_owned()),
        Just("%C3%28".to_owned()),
        Just("%E2%82".to_owned()),
        Just("%ED%A0%80".to_owned()),
        Just("%F0%9F%92%A9".to_owned()),
        Just("..".to_owned()),
        Just("%2e%2e%2f".to_owned()),
        Just("%27%20OR%201%3D1--".to_owned()),
        Just("name,DESC".to_owned()),
        Just("name,desc".to_owned()),
        Just("createdDttm,ASC".to_owned()),
        Just("state,DESC".to_owned()),
        Just("sortOrder,".to_owned()),
        Just(",".to_owned()),
        Just(",,,".to_owned()),
        Just("name,UP".to_owned()),
        Just("RUNNING".to_owned()),
        Just("STOPPED".to_owned()),
        Just("true".to_owned()),
        Just("false".to_owned()),
        Just("%25".to_owned()),
        Just("_".to_owned()),
        Just("%5C".to_owned()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<u64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|n| n.to_string()),
        any::<String>().prop_map(|s| percent_encode(s.as_bytes())),
        prop::collection::vec(any::<u8>(), 0..12).prop_map(|b| percent_encode(&b)),
        "[a-zA-Z0-9._~-]{0,12}",
        "[a-z]{1,8}".prop_map(|s| s.repeat(500)),
    ]
}

/// A path id: a real one (of any kind, so a revision id where a package id belongs too),
/// a random UUID in either case, or a malformed one.
fn path_id(ids: Arc<Ids>) -> impl Strategy<Value = String> {
    let real = ids.all_uuids();
    let keysets: Vec<String> = ids.keysets.iter().map(i64::to_string).collect();
    let keysets = if keysets.is_empty() {
        vec!["1".to_owned()]
    } else {
        keysets
    };
    prop_oneof![
        4 => prop::sample::select(real.clone()),
        1 => prop::sample::select(real).prop_map(|s| s.to_ascii_uppercase()),
        1 => prop::sample::select(keysets),
        2 => any::<u128>().prop_map(|n| uuid::Uuid::from_u128(n).to_string()),
        1 => Just(uuid::Uuid::nil().to_string()),
        1 => Just("00000000-0000-0000-0000-00000000000g".to_owned()),
        1 => Just("0000000000000000000000000000000".to_owned()),
        1 => Just("{00000000-0000-0000-0000-000000000000}".replace(['{', '}'], "%7B")),
        1 => Just("urn:uuid:00000000-0000-0000-0000-000000000000".to_owned()),
        4 => junk_token().prop_filter("a path segment", |s| !s.is_empty()),
    ]
}

/// `?k=v&…` from the query parameters of every list and of the deployment endpoints, and
/// some that no endpoint knows; sometimes a key twice, sometimes a key without `=`.
fn query() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        Just("page".to_owned()),
        Just("size".to_owned()),
        Just("sort".to_owned()),
        Just("search".to_owned()),
        Just("package_id".to_owned()),
        Just("package_revision_id".to_owned()),
        Just("keyset_id".to_owned()),
        Just("state".to_owned()),
        Just("force".to_owned()),
        Just("teamId".to_owned()),
        junk_token(),
    ];
    let pair = prop_oneof![
        8 => (key.clone(), junk_token()).prop_map(|(k, v)| format!("{k}={v}")),
        1 => key.clone(),
        1 => (key, junk_token()).prop_map(|(k, v)| format!("{k}={v}&{k}={v}x")),
    ];
    prop_oneof![
        1 => Just(String::new()),
        1 => Just("?".to_owned()),
        6 => prop::collection::vec(pair, 1..5).prop_map(|pairs| format!("?{}", pairs.join("&"))),
    ]
}

/// A JSON value that is wrong in some way where a string, number, boolean or list is expected.
fn wrong_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        Just(json!("")),
        Just(json!(" ")),
        Just(json!("\u{0}")),
        Just(json!("\u{202e}\u{1F4A9}é\u{FEFF}")),
        Just(json!("x".repeat(70_000))),
        Just(json!(-1)),
        Just(json!(0)),
        Just(json!(-0.5)),
        Just(json!(1e300)),
        Just(json!(-1e300)),
        Just(json!(u64::MAX)),
        Just(json!(i64::MIN)),
        Just(json!(true)),
        Just(json!([])),
        Just(json!({})),
        Just(json!([[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]])),
        Just(json!(["a", 1, null])),
        Just(json!("chat.*")),
        Just(json!("a.*.b")),
        Just(json!("ON_INTERVAL")),
        Just(json!("JAVASCRIPT")),
        Just(json!("export default () => {")),
        Just(json!(uuid::Uuid::nil().to_string())),
        any::<String>().prop_map(Value::String),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|n| json!(n)),
        any::<bool>().prop_map(Value::Bool),
        prop::collection::vec(any::<String>(), 0..25).prop_map(|v| json!(v)),
    ]
}

/// Arbitrary JSON, a few levels deep.
fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|n| json!(n)),
        any::<String>().prop_map(Value::String),
        "[a-zA-Z]{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop_oneof![
                        any::<String>(),
                        prop::sample::select(FIELDS).prop_map(str::to_owned),
                    ],
                    inner
                ),
                0..8
            )
            .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Every field name of every request body, so that arbitrary JSON hits them too.
const FIELDS: &[&str] = &[
    "name",
    "description",
    "tags",
    "apiManaged",
    "revisionName",
    "revisionDescription",
    "functions",
    "packageId",
    "packageRevisionId",
    "keysetId",
    "id",
    "type",
    "language",
    "sortOrder",
    "code",
    "config",
    "inputChannel",
    "outputChannel",
    "path",
    "intervalSeconds",
];

fn function(i: usize) -> Value {
    let kinds = [
        json!({"type": "BEFORE_PUBLISH", "config": {"inputChannel": "chat.*", "outputChannel": "out"}}),
        json!({"type": "AFTER_PRESENCE", "config": {"inputChannel": "room"}}),
        json!({"type": "ON_REQUEST", "config": {"path": "hook/a"}}),
        json!({"type": "ON_INTERVAL", "config": {"intervalSeconds": 60}}),
    ];
    let mut f = kinds[i % kinds.len()].clone();
    f["name"] = json!(format!("fn-{i}"));
    f["code"] = json!("export default (request) => request.ok();");
    f
}

/// Valid bodies of every endpoint that takes one (`METHOD route`), built on the demo's ids.
fn shaped_bodies(ids: &Ids) -> Vec<(&'static str, Value)> {
    let package = ids.packages.first().cloned().unwrap_or_default();
    let revision = ids.revisions.first().cloned().unwrap_or_default();
    let keyset = ids.keysets.first().copied().unwrap_or(1);
    vec![
        (
            "POST /v2/faas/packages",
            json!({"name": "Robust", "description": "d", "tags": ["a-b"], "apiManaged": false,
                "revisionName": "r", "revisionDescription": "rd",
                "functions": [function(0), function(1), function(2), function(3)]}),
        ),
        (
            "PUT /v2/faas/packages/{id}",
            json!({"name": "Renamed", "description": "d", "tags": []}),
        ),
        (
            "POST /v2/faas/package-revisions",
            json!({"packageId": package, "name": "next", "description": "d",
                "functions": [function(0), function(3)]}),
        ),
        (
            "PUT /v2/faas/package-revisions/{id}",
            json!({"name": "renamed revision", "description": "d"}),
        ),
        (
            "POST /v2/faas/package-deployments",
            json!({"packageRevisionId": revision, "keysetId": keyset}),
        ),
    ]
}

/// Every JSON pointer of `value`'s leaves and containers (not the root).
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let p = format!("{at}/{k}");
                out.push(p.clone());
                pointers(v, p, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let p = format!("{at}/{i}");
                out.push(p.clone());
                pointers(v, p, out);
            }
        }
        _ => {}
    }
}

/// A body of the right shape with one to three values replaced by wrong ones (or removed),
/// or a valid one, with the `METHOD route` it belongs to.
fn mutated_body(ids: Arc<Ids>) -> impl Strategy<Value = (&'static str, Value)> {
    let bodies = shaped_bodies(&ids);
    prop::sample::select(bodies).prop_flat_map(|(endpoint, body)| {
        let mut all = Vec::new();
        pointers(&body, String::new(), &mut all);
        let edit = (
            prop::sample::select(all),
            prop::option::weighted(0.85, wrong_value()),
        );
        let edits = prop_oneof![
            1 => Just(Vec::new()),
            3 => prop::collection::vec(edit, 1..4),
        ];
        (edits, any::<u32>()).prop_map(move |(edits, n)| {
            let mut body = body.clone();
            // A fresh name, so that valid bodies create rather than conflict.
            if let Some(Value::String(name)) = body.get_mut("name") {
                name.push_str(&format!(" {n}"));
            }
            for (pointer, value) in edits {
                match value {
                    Some(value) => {
                        if let Some(slot) = body.pointer_mut(&pointer) {
                            *slot = value;
                        }
                    }
                    None => {
                        let (parent, key) = pointer.rsplit_once('/').unwrap_or(("", &pointer));
                        match body.pointer_mut(parent) {
                            Some(Value::Object(map)) => {
                                map.remove(key);
                            }
                            Some(Value::Array(items)) => {
                                if let Ok(i) = key.parse::<usize>() {
                                    if i < items.len() {
                                        items.remove(i);
                                    }
                                }
                            }
                            _ => {}
                        }
                    }
                }
            }
            (endpoint, body)
        })
    })
}

/// Request body bytes.
fn body(ids: Arc<Ids>) -> impl Strategy<Value = Vec<u8>> {
    let json_bytes = |v: Value| serde_json::to_vec(&v).unwrap();
    prop_oneof![
        1 => Just(Vec::new()),
        4 => mutated_body(ids).prop_map(move |(_, body)| json_bytes(body)),
        3 => arbitrary_json().prop_map(json_bytes),
        1 => prop::collection::vec(any::<u8>(), 0..256),
        1 => Just(b"{\"name\": ".to_vec()),
        1 => Just(b"{\"name\": \"a\"} trailing".to_vec()),
        1 => Just(b"\xEF\xBB\xBF{}".to_vec()),
        1 => Just(b"{\"name\": \"\xFF\xFE\"}".to_vec()),
        1 => Just(b"{\"name\": \"\\uD800\"}".to_vec()),
        1 => Just(b"[1e999999]".to_vec()),
        1 => Just(format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000)).into_bytes()),
        1 => Just(format!("{{\"functions\": {}}}", "[".repeat(200)).into_bytes()),
        1 => Just(vec![b' '; 1024 * 1024 + 1]),
    ]
}

fn content_type() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        6 => Just(Some("application/json".to_owned())),
        1 => Just(Some("application/json; charset=utf-8".to_owned())),
        1 => Just(Some("APPLICATION/JSON;charset=latin1".to_owned())),
        1 => Just(Some("application/merge-patch+json".to_owned())),
        1 => Just(Some("text/plain".to_owned())),
        1 => Just(Some("multipart/form-data; boundary=x".to_owned())),
        1 => Just(Some("application/x-www-form-urlencoded".to_owned())),
        1 => Just(Some(";;;".to_owned())),
        1 => Just(Some(String::new())),
        2 => Just(None),
    ]
}

/// Sometimes junk in the headers every request may carry.
fn extra_headers() -> impl Strategy<Value = Vec<(&'static str, String)>> {
    let printable = "[ -~]{0,40}";
    let header = prop_oneof![
        Just(("pubnub-version", "2026-02-30".to_owned())),
        Just(("pubnub-version", "2026-01-15".to_owned())),
        Just(("pubnub-version", "9999-99-99".to_owned())),
        printable.prop_map(|v| ("pubnub-version", v)),
        Just(("x-correlation-id", uuid::Uuid::new_v4().to_string())),
        printable.prop_map(|v| ("x-correlation-id", v)),
        printable.prop_map(|v| ("authorization", v)),
        Just(("authorization", "Bearer ".to_owned())),
        printable.prop_map(|v| ("content-length-junk", v)),
    ];
    prop_oneof![
        4 => Just(Vec::new()),
        1 => prop::collection::vec(header, 1..3),
    ]
}

/// A generated request.
#[derive(Debug, Clone)]
struct Req {
    method: Method,
    path: String,
    content_type: Option<String>,
    body: Vec<u8>,
    headers: Vec<(&'static str, String)>,
}

impl std::fmt::Display for Req {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let body = String::from_utf8_lossy(&self.body);
        let body: String = body.chars().take(400).collect();
        write!(
            f,
            "{} {} content-type={:?} headers={:?} body={body:?}",
            self.method, self.path, self.content_type, self.headers
        )
    }
}

async fn send(app: &TestApp, req: &Req) -> TestResponse {
    let mut call = app
        .call(req.method.clone(), &req.path)
        .raw(req.body.clone());
    if let Some(ct) = &req.content_type {
        call = call.header("content-type", ct);
    }
    for (name, value) in &req.headers {
        call = call.header(name, value);
    }
    call.send().await
}

/// The checks of the module documentation.
fn check(req: &Req, res: &TestResponse) -> Result<(), TestCaseError> {
    let what = || format!("{req}\n→ {} {}", res.status, res.text());
    let status = res.status.as_u16();
    prop_assert!(status < 500, "5xx: {}", what());
    let path = req.path.split('?').next().unwrap_or_default();
    if path == OPENAPI && status == 200 {
        prop_assert!(
            res.json["openapi"].is_string(),
            "not the document: {}",
            what()
        );
        return Ok(());
    }
    prop_assert!(
        res.json["meta"]["correlationId"].is_string(),
        "no meta.correlationId: {}",
        what()
    );
    prop_assert!(
        res.json["meta"]["timestamp"].is_string(),
        "no meta.timestamp: {}",
        what()
    );
    let Some(errors) = res.json["errors"].as_array() else {
        return Err(TestCaseError::fail(format!("no errors array: {}", what())));
    };
    if status < 400 {
        prop_assert!(errors.is_empty(), "success with errors: {}", what());
        return Ok(());
    }
    prop_assert!(!errors.is_empty(), "error without errors: {}", what());
    prop_assert!(
        res.json.get("data").is_none(),
        "error with data: {}",
        what()
    );
    let mut statuses = Vec::new();
    for error in errors {
        let code = error["code"].as_str().unwrap_or_default();
        let Some(code) = ErrorCode::parse(code) else {
            return Err(TestCaseError::fail(format!(
                "unknown code {code:?}: {}",
                what()
            )));
        };
        prop_assert!(
            error["message"].as_str().is_some_and(|m| !m.is_empty()),
            "error without message: {}",
            what()
        );
        statuses.push(code.status());
    }
    // A body that is JSON is never "malformed JSON", whatever its shape (§1: wrong shape is
    // validation, FAAS-400 naming the field).
    if serde_json::from_slice::<Value>(&req.body).is_ok() {
        prop_assert!(
            errors[0]["code"] != ErrorCode::MalformedJson.as_str(),
            "JSON body answered as malformed: {}",
            what()
        );
    }
    let too_large = status == 413 && errors[0]["code"] == ErrorCode::Validation.as_str();
    prop_assert!(
        too_large || statuses.contains(&status),
        "status {status} is none of its codes' {statuses:?}: {}",
        what()
    );
    Ok(())
}

/// Runs `cases` generated requests against one demo app.
fn run<S, F>(cases: u32, strategy: F)
where
    S: Strategy<Value = Req>,
    F: FnOnce(Arc<Ids>) -> S,
{
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (app, ids) = rt.block_on(async {
        let app = TestApp::demo();
        let ids = Arc::new(Ids::of(&app).await);
        (app, ids)
    });
    assert!(!ids.packages.is_empty(), "the demo has packages");
    let mut runner = TestRunner::new(ProptestConfig {
        cases,
        // The app is shared and changes as cases run, so a failure may not shrink to the
        // same answer; keep shrinking short and rely on the printed request.
        max_shrink_iters: 64,
        failure_persistence: None,
        ..ProptestConfig::default()
    });
    // Which answers the cases got, printed with `--nocapture`, to see that they reach past
    // routing and auth into validation and the store.
    let seen = std::cell::RefCell::new(std::collections::BTreeMap::<String, u32>::new());
    let result = runner.run(&strategy(ids), |req| {
        let res = rt.block_on(send(&app, &req));
        let code = res.json["errors"][0]["code"].as_str().unwrap_or("ok");
        *seen
            .borrow_mut()
            .entry(format!("{} {code}", res.status.as_u16()))
            .or_default() += 1;
        check(&req, &res)
    });
    eprintln!("answers: {:?}", seen.borrow());
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn junk_paths_and_queries_never_fail_the_server() {
    run(1200, |ids| {
        (route_and_method(), path_id(ids), query(), extra_headers()).prop_map(
            |((route, method), id, query, headers)| Req {
                method,
                path: format!("{}{query}", route.replace("{id}", &id)),
                content_type: None,
                body: Vec::new(),
                headers,
            },
        )
    });
}

#[test]
fn junk_bodies_never_fail_the_server() {
    run(1200, |ids| {
        (
            route_and_method(),
            path_id(ids.clone()),
            content_type(),
            body(ids),
        )
            .prop_map(|((route, method), id, content_type, body)| Req {
                method,
                path: route.replace("{id}", &id),
                content_type,
                body,
                headers: Vec::new(),
            })
    });
}

/// Bodies of the right shape sent where they belong, so that they get past routing and
/// content type checks and reach validation and the store.
#[test]
fn shaped_bodies_with_wrong_values_never_fail_the_server() {
    run(1200, |ids| {
        (path_id(ids.clone()), mutated_body(ids)).prop_map(|(id, (endpoint, body))| {
            let (method, route) = endpoint.split_once(' ').unwrap();
            Req {
                method: method.parse().unwrap(),
                path: route.replace("{id}", &id),
                content_type: Some("application/json".to_owned()),
                body: serde_json::to_vec(&body).unwrap(),
                headers: Vec::new(),
            }
        })
    });
}

/// Every route and method once with no key and with a junk key: 401 everywhere but the
/// OpenAPI document, never a 5xx.
#[tokio::test]
async fn every_route_and_method_without_a_valid_key() {
    let app = TestApp::new();
    for (route, _) in ROUTES {
        let path = route.replace("{id}", &uuid::Uuid::new_v4().to_string());
        for method in METHODS {
            for key in [None, Some("not-a-key")] {
                let call = app.call(method.clone(), &path).json(json!({}));
                let call = match key {
                    None => call.no_key(),
                    Some(key) => call.key(key),
                };
                let res = call.send().await;
                let req = Req {
                    method: method.clone(),
                    path: path.clone(),
                    content_type: Some("application/json".into()),
                    body: b"{}".to_vec(),
                    headers: vec![("authorization", key.unwrap_or("<none>").into())],
                };
                check(&req, &res).unwrap_or_else(|e| panic!("{e}"));
            }
        }
    }
}
