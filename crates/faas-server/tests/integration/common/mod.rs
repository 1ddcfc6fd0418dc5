//! The in-process test client shared by the server's HTTP tests.
//!
//! `TestApp::new()` builds the whole app on `sqlite::memory:` (no socket); requests go
//! through `tower::ServiceExt::oneshot`, so every layer (CORS, correlation, envelope) runs.
//!
//! ```ignore
//! let app = TestApp::new();
//! let res = app.get("/v2/keysets").send().await;   // with the admin key
//! res.assert_error(401, "FAAS-1001");               // …or .ok() for the data
//! ```

#![allow(dead_code)]

pub mod process;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, Request, StatusCode};
use axum::Router;
use faas_server::http::auth::Grant;
use faas_server::store::accounts::{self, NewKeyset};
use faas_server::store::keys::{self, KeySpec};
use faas_server::{build_app, clock, demo, AppState, Config};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

/// The app under test and its admin key.
pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    pub admin_key: String,
}

impl TestApp {
    /// An empty in-memory server (transitions of 0 ms).
    pub fn new() -> TestApp {
        TestApp::with(Config {
            transition_ms: 0,
            ..Config::default()
        })
    }

    /// An in-memory server with the demo data.
    pub fn demo() -> TestApp {
        TestApp::with(Config {
            demo: true,
            transition_ms: 0,
            ..Config::default()
        })
    }

    pub fn with(config: Config) -> TestApp {
        let (router, state) = build_app(config).expect("app builds");
        let admin_key = state.admin.key.clone();
        TestApp {
            router,
            state,
            admin_key,
        }
    }

    /// A request with the admin key; change it with [`Call::key`] or [`Call::no_key`].
    pub fn call(&self, method: Method, path: &str) -> Call<'_> {
        let mut headers = HeaderMap::new();
        headers.insert(
            "authorization",
            HeaderValue::from_str(&self.admin_key).unwrap(),
        );
        Call {
            app: self,
            method,
            path: path.to_owned(),
            headers,
            body: Body::empty(),
        }
    }

    pub fn get(&self, path: &str) -> Call<'_> {
        self.call(Method::GET, path)
    }

    pub fn post(&self, path: &str, body: Value) -> Call<'_> {
        self.call(Method::POST, path).json(body)
    }

    pub fn put(&self, path: &str, body: Value) -> Call<'_> {
        self.call(Method::PUT, path).json(body)
    }

    pub fn delete(&self, path: &str) -> Call<'_> {
        self.call(Method::DELETE, path)
    }

    /// The subscribe key of keyset `keyset_id`, as the keysets list gives it to the key in use
    /// (the admin's).
    pub async fn subkey(&self, keyset_id: i64) -> String {
        let keysets = self.get("/v2/keysets?size=100").send().await.ok();
        keysets
            .as_array()
            .into_iter()
            .flatten()
            .find(|k| k["id"] == keyset_id)
            .and_then(|k| k["subscribeKey"].as_str())
            .unwrap_or_else(|| panic!("no keyset {keyset_id}"))
            .to_owned()
    }

    /// Creates a package with one BEFORE_PUBLISH function; returns its JSON.
    pub async fn create_package(&self, name: &str) -> Value {
        self.post("/v2/faas/packages", package_body(name))
            .send()
            .await
            .ok()
    }
}

/// A valid `POST /v2/faas/packages` body with one function.
pub fn package_body(name: &str) -> Value {
    json!({
        "name": name,
        "description": "test package",
        "tags": ["test"],
        "functions": [function_body("Filter", "chat.*")]
    })
}

/// A valid BEFORE_PUBLISH function input.
pub fn function_body(name: &str, channel: &str) -> Value {
    json!({
        "name": name,
        "type": "BEFORE_PUBLISH",
        "code": "export default (request) => request.ok();",
        "config": {"inputChannel": channel}
    })
}

/// A request being built.
pub struct Call<'a> {
    app: &'a TestApp,
    method: Method,
    path: String,
    headers: HeaderMap,
    body: Body,
}

impl Call<'_> {
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.insert(
            HeaderName::from_bytes(name.as_bytes()).unwrap(),
            HeaderValue::from_str(value).unwrap(),
        );
        self
    }

    pub fn key(self, key: &str) -> Self {
        self.header("authorization", key)
    }

    /// `Authorization: Bearer <token>`, as the Vercel-style routes want it.
    pub fn bearer(self, token: &str) -> Self {
        self.header("authorization", &format!("Bearer {token}"))
    }

    pub fn no_key(mut self) -> Self {
        self.headers.remove("authorization");
        self
    }

    pub fn json(mut self, body: Value) -> Self {
        self.body = Body::from(serde_json::to_vec(&body).unwrap());
        self.header("content-type", "application/json")
    }

    /// A raw body without touching Content-Type.
    pub fn raw(mut self, body: impl Into<Body>) -> Self {
        self.body = body.into();
        self
    }

    pub async fn send(self) -> TestResponse {
        let mut req = Request::builder()
            .method(self.method)
            .uri(&self.path)
            .body(self.body)
            .unwrap();
        *req.headers_mut() = self.headers;
        let res = self.app.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.unwrap().to_bytes().to_vec();
        let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        TestResponse {
            status,
            headers,
            bytes,
            json,
        }
    }
}

/// An answer, with its body parsed as JSON when it is JSON.
#[derive(Debug)]
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub bytes: Vec<u8>,
    pub json: Value,
}

impl TestResponse {
    /// The `data` of a 200 envelope (panics with the body otherwise).
    pub fn ok(self) -> Value {
        assert_eq!(self.status, StatusCode::OK, "body: {}", self.text());
        assert_eq!(self.json["errors"], json!([]), "body: {}", self.text());
        self.json["data"].clone()
    }

    /// Asserts an error envelope with `status` whose first error has `code`; returns the
    /// errors.
    pub fn assert_error(&self, status: u16, code: &str) -> Vec<Value> {
        assert_eq!(self.status.as_u16(), status, "body: {}", self.text());
        assert!(
            self.json.get("data").is_none(),
            "error with data: {}",
            self.text()
        );
        assert!(
            self.json["meta"]["correlationId"].is_string(),
            "no meta: {}",
            self.text()
        );
        let errors = self.json["errors"].as_array().cloned().unwrap_or_default();
        assert!(!errors.is_empty(), "no errors: {}", self.text());
        assert_eq!(errors[0]["code"], code, "body: {}", self.text());
        errors
    }

    /// Asserts a Vercel-style error `{"error": {"code", "message"}}` (nothing else) with
    /// `status` and `code`, and the correlation header; returns the message.
    pub fn assert_vercel_error(&self, status: u16, code: &str) -> String {
        assert_eq!(self.status.as_u16(), status, "body: {}", self.text());
        let keys: Vec<&String> = self
            .json
            .as_object()
            .map(|o| o.keys().collect())
            .unwrap_or_default();
        assert_eq!(keys, ["error"], "body: {}", self.text());
        assert_eq!(self.json["error"]["code"], code, "body: {}", self.text());
        let message = self.json["error"]["message"].as_str().unwrap_or_default();
        assert!(!message.is_empty(), "no message: {}", self.text());
        assert!(
            self.header("x-correlation-id")
                .is_some_and(|id| uuid::Uuid::parse_str(id).is_ok()),
            "no correlation id: {:?}",
            self.headers
        );
        message.to_owned()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }

    pub fn paging(&self) -> Value {
        self.json["meta"]["paging"].clone()
    }
}

/// A page of the admin account's packages straight from the store's plain query (no HTTP, no
/// answer cache), as `{"data", "paging"}`: what every cached answer must equal.
pub async fn packages_page_uncached(
    app: &TestApp,
    page: &str,
    size: &str,
    sort: Option<&str>,
    search: &str,
) -> Value {
    let query = faas_api::paging::parse_page_query(
        Some(page),
        Some(size),
        sort,
        Some(search),
        faas_api::PACKAGE_SORT_FIELDS,
    )
    .unwrap();
    let account = app.state.admin.account_id.clone();
    let (data, paging) = app
        .state
        .db
        .read(move |conn| faas_server::store::packages::list(conn, &account, &query))
        .await
        .unwrap();
    json!({"data": data, "paging": paging})
}

/// Every route of `api.md` §3 and §4 (the template as documented).
pub const API_ROUTES: &[&str] = &[
    "/v2/keysets",
    "/v2/faas/packages",
    "/v2/faas/packages/{id}",
    "/v2/faas/packages/{id}/package-revisions",
    "/v2/faas/package-revisions",
    "/v2/faas/package-revisions/{id}",
    "/v2/faas/package-revisions/{id}/functions",
    "/v2/faas/package-revisions/{id}/package-deployments",
    "/v2/faas/package-deployments",
    "/v2/faas/package-deployments/{id}",
    "/v2/faas/package-deployments/{id}/function-deployments",
    "/v2/faas/function-deployments",
    "/v2/faas/package-deployments/intersected",
    "/v2/faas/scheduled/events",
    "/v2/faas/scheduled/events/{id}",
    "/v2/faas/limits/package-deployments-running",
    "/v2/faas/openapi.json",
    "/v6/deployments",
    "/v7/deployments",
    "/v13/deployments",
    "/v13/deployments/{idOrUrl}",
    "/v12/deployments/{id}/cancel",
    "/v13/deployments/{id}/cancel",
    "/v2/teams",
    "/v2/teams/{teamId}",
    // A keyset's data (api.md §5).
    "/v2/faas/kv/strings",
    "/v2/faas/kv/strings/{key}",
    "/v2/faas/kv/jsons",
    "/v2/faas/kv/jsons/{key}",
    "/v2/faas/kv/counters",
    "/v2/faas/kv/counters/{key}",
    "/v2/faas/kv/counters/{key}/increment",
    "/v2/faas/kv/counters/{key}/decrement",
    "/v2/faas/kv/secrets",
    "/v2/faas/kv/secrets/{key}",
    // The catalog and test inputs (api.md §5).
    "/v2/faas/package-blueprints",
    "/v2/faas/package-blueprints/{id}",
    "/v2/faas/package-blueprints/{id}/function-blueprints",
    "/v2/faas/package-blueprints/{id}/packages",
    "/v2/faas/function-blueprint-params",
    "/v2/faas/function-revisions/{id}/test-inputs",
    "/v2/faas/test-inputs/{id}",
    // Ours: the activity log, and the QA toolkit.
    "/v2/faas/activity",
    "/v2/faas/overview",
    "/v2/faas/test-runs",
    "/v2/faas/demo",
    "/v2/faas/demo/reset",
];

// --- Keysets and keys of the admin account ------------------------------------------------

/// Adds `n` keysets to the admin account; returns their ids.
pub async fn add_keysets(app: &TestApp, n: usize) -> Vec<i64> {
    let account = app.state.admin.account_id.clone();
    app.state
        .db
        .write(move |tx| {
            let now = clock::now_ms();
            let app_id = accounts::create_app(tx, &account, "Test App", now)?;
            (0..n)
                .map(|i| {
                    let (subscribe_key, publish_key) = accounts::random_pubsub_keys();
                    accounts::create_keyset(
                        tx,
                        &NewKeyset {
                            id: None,
                            app_id,
                            account_id: &account,
                            name: &format!("Keyset {i}"),
                            subscribe_key,
                            publish_key,
                            created_ms: now,
                        },
                    )
                })
                .collect()
        })
        .await
        .unwrap()
}

/// Adds a key of the admin account with `grants`.
pub async fn add_key(app: &TestApp, key: &'static str, grants: Vec<Grant>) {
    let account = app.state.admin.account_id.clone();
    app.state
        .db
        .write(move |tx| {
            keys::upsert_key(
                tx,
                &KeySpec {
                    key,
                    account_id: &account,
                    label: key,
                    revoked: false,
                    expires_at_ms: None,
                    grants: &grants,
                },
            )
        })
        .await
        .unwrap();
    app.state.keys_changed();
}

// --- Deployments through their lifecycle (rollout and schedule tests) ----------------------

/// A BEFORE_PUBLISH function on `channel` with `code`.
pub fn function_with_code(name: &str, channel: &str, code: &str) -> Value {
    let mut function = function_body(name, channel);
    function["code"] = json!(code);
    function
}

/// Code that does not build (`line 1:…` in the deployment's error).
pub const BROKEN_CODE: &str = "export default (request => {";

/// A package whose revisions have the functions of `revisions`, in order; returns the
/// package id and the revision ids.
pub async fn package_with_revisions(
    app: &TestApp,
    name: &str,
    revisions: &[Value],
) -> (String, Vec<String>) {
    let package = app
        .post(
            "/v2/faas/packages",
            json!({"name": name, "functions": revisions[0]}),
        )
        .send()
        .await
        .ok();
    let package_id = package["id"].as_str().unwrap().to_owned();
    let first = app
        .get(&format!("/v2/faas/packages/{package_id}/package-revisions"))
        .send()
        .await
        .ok();
    let mut ids = vec![first[0]["id"].as_str().unwrap().to_owned()];
    for functions in &revisions[1..] {
        let revision = app
            .post(
                "/v2/faas/package-revisions",
                json!({"packageId": package_id, "functions": functions}),
            )
            .send()
            .await
            .ok();
        ids.push(revision["id"].as_str().unwrap().to_owned());
    }
    (package_id, ids)
}

/// Deploys `revision` to `keyset` (STOPPED); returns the deployment's id.
pub async fn deploy(app: &TestApp, revision: &str, keyset: i64) -> String {
    let deployment = app
        .post(
            "/v2/faas/package-deployments",
            json!({"packageRevisionId": revision, "keysetId": keyset}),
        )
        .send()
        .await
        .ok();
    deployment["id"].as_str().unwrap().to_owned()
}

/// `POST …/{id}/function-deployments`: starts the deployment.
pub async fn start_deployment(app: &TestApp, id: &str) -> TestResponse {
    app.post(
        &format!("/v2/faas/package-deployments/{id}/function-deployments"),
        json!({}),
    )
    .send()
    .await
}

/// The deployment `id` as the server answers it.
pub async fn deployment(app: &TestApp, id: &str) -> Value {
    app.get(&format!("/v2/faas/package-deployments/{id}"))
        .send()
        .await
        .ok()
}

/// Polls the deployment until it is in `state` (the worker settles it), or panics after
/// `within`.
pub async fn wait_for_state(
    app: &TestApp,
    id: &str,
    state: &str,
    within: std::time::Duration,
) -> Value {
    let until = std::time::Instant::now() + within;
    loop {
        let d = deployment(app, id).await;
        if d["state"] == state {
            return d;
        }
        assert!(
            std::time::Instant::now() < until,
            "deployment never {state}: {d}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
}

/// `GET path` of a demo app is refused to the demo's key without grants (403 FAAS-403) and
/// to a call without a key (401 FAAS-1001).
pub async fn assert_read_needs_a_grant_and_a_key(app: &TestApp, path: &str) {
    app.get(path)
        .key(demo::KEY_NO_GRANTS)
        .send()
        .await
        .assert_error(403, "FAAS-403");
    app.get(path)
        .no_key()
        .send()
        .await
        .assert_error(401, "FAAS-1001");
}

/// Two scheduled starts, one that runs and one the scheduler must refuse, both past due.
pub struct ScheduledStarts {
    /// The deployment whose start runs.
    pub idle: String,
    /// The deployment already STARTING when its event comes due: its start fails.
    pub busy: String,
    /// The events of `idle` (description "runs") and `busy` ("refused"), in that order.
    pub events: [String; 2],
    /// When both were due.
    pub begin_ms: i64,
}

/// Deploys two revisions of a "Scheduled" package to `keyset`, schedules a start of each an
/// hour ahead, starts the second at once (so it is STARTING for the app's `transition_ms`,
/// which must outlast the test), then moves `clock` past the hour and wakes the scheduler.
/// The scheduler's work is then under way: callers wait for what they check.
pub async fn schedule_a_start_that_runs_and_one_that_fails(
    app: &TestApp,
    clock: &clock::Clock,
    keyset: i64,
) -> ScheduledStarts {
    let functions = json!([function_body("F", "chat.*")]);
    let (_, revisions) =
        package_with_revisions(app, "Scheduled", &[functions.clone(), functions]).await;
    let idle = deploy(app, &revisions[0], keyset).await;
    let busy = deploy(app, &revisions[1], keyset).await;
    let begin_ms = clock.now_ms() + 3_600_000;
    let mut events = Vec::new();
    for (deployment, description) in [(&idle, "runs"), (&busy, "refused")] {
        let event = app
            .post(
                "/v2/faas/scheduled/events",
                json!({"packageDeploymentId": deployment,
                    "dttmBegin": clock::format_ms(begin_ms), "description": description}),
            )
            .send()
            .await
            .ok();
        events.push(event["id"].as_str().unwrap().to_owned());
    }
    start_deployment(app, &busy).await.ok();
    clock.advance(std::time::Duration::from_millis(3_600_000 + 1_000));
    app.state.scheduler.changed();
    let events = [events[0].clone(), events[1].clone()];
    ScheduledStarts {
        idle,
        busy,
        events,
        begin_ms,
    }
}
