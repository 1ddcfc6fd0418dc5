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

use axum::body::Body;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, Request, StatusCode};
use axum::Router;
use faas_server::{build_app, AppState, Config};
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
    // Ours, for the QA toolkit.
    "/v2/faas/test-runs",
    "/v2/faas/demo",
    "/v2/faas/demo/reset",
];
