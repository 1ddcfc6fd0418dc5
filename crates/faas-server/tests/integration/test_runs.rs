//! `POST /v2/faas/test-runs`: a function's code run on a test event in QuickJS, answered as
//! the test console's result document.

use crate::common;

use std::time::{Duration, Instant};

use common::TestApp;
use faas_server::demo;
use serde_json::{json, Value};

const PATH: &str = "/v2/faas/test-runs";

async fn run(app: &TestApp, body: Value) -> Value {
    app.post(PATH, body).send().await.ok()
}

const TEMPLATE: &str = r#"const pubnub = require('pubnub');

export default async (request) => {
  console.log('message on', request.channels[0]);
  await pubnub.publish({ channel: 'audit', message: { seen: request.message.text } });
  return request.ok();
};
"#;

#[tokio::test]
async fn a_before_publish_handler_returns_ok_with_its_console_and_publishes() {
    let app = TestApp::new();
    let doc = run(
        &app,
        json!({"code": TEMPLATE, "type": "BEFORE_PUBLISH",
               "request": {"message": {"text": "hello"}, "channels": ["chat.1"]}}),
    )
    .await;
    assert_eq!(
        doc["outcome"],
        json!({"kind": "ok", "message": {"text": "hello"}})
    );
    assert_eq!(
        doc["console"],
        json!([{"level": "log", "text": "message on chat.1"}])
    );
    assert_eq!(
        doc["published"],
        json!([{"kind": "publish", "channel": "audit", "message": {"seen": "hello"}}])
    );
    assert_eq!(doc["calls"]["pubnub"], json!({"count": 1, "limit": 10}));
    assert_eq!(doc["engine"], "quickjs");
    assert!(doc["durationMs"].is_u64());
    assert_eq!(doc["errors"], json!([]));
}

#[tokio::test]
async fn message_mutation_abort_and_on_request() {
    let app = TestApp::new();
    let doc = run(&app, json!({"code": "export default (request) => {\n  request.message.text = request.message.text.toUpperCase();\n  return request.ok();\n};", "request": {"message": {"text": "hi"}}})).await;
    assert_eq!(doc["messageBefore"], json!({"text": "hi"}));
    assert_eq!(doc["messageAfter"], json!({"text": "HI"}));

    let doc = run(&app, json!({"code": "export default (request) => request.abort('spam');", "type": "AFTER_SIGNAL"})).await;
    assert_eq!(doc["outcome"], json!({"kind": "abort", "reason": "spam"}));

    let doc = run(
        &app,
        json!({"code": "export default (request, response) => response.send('hi', 201);",
               "type": "ON_REQUEST", "request": {"method": "GET", "path": "/hello"}}),
    )
    .await;
    assert_eq!(
        doc["outcome"],
        json!({"kind": "response", "status": 201, "headers": {}, "body": "hi"})
    );
}

/// An On Request gateway as PubNub's own examples write one: `request.params` from the path's
/// query, a JWT verified with a secret from vault, an HMAC of the body. The whole runtime of
/// `runtime/prelude.js` answers through the endpoint (its module-by-module tests are
/// tests/integration/runtime_modules.rs).
#[tokio::test]
async fn an_on_request_gateway_with_jwt_params_and_hmac() {
    let app = TestApp::new();
    let code = r#"const { verify, sign } = require('jwt');
const crypto = require('crypto');
const vault = require('vault');
const base64 = require('codec/base64');

export default async (request, response) => {
  const secret = await vault.get('jwt_secret');
  const token = request.headers.authorization.replace('Bearer ', '');
  try {
    const claims = verify(token, secret);
    const sig = await crypto.hmac(base64.btoa(secret), request.body, crypto.ALGORITHM.HMAC_SHA256);
    return response.send({ user: claims.sub, action: request.params.action, sig }, 200);
  } catch (e) {
    return response.send({ error: e.name, message: e.message }, 401);
  }
};"#;
    // {"alg":"HS256","typ":"JWT"}.{"sub":"u1","iat":1700000000} signed with "s3cret" (values of
    // Node's crypto, as the HMAC below).
    let token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1MSIsImlhdCI6MTcwMDAwMDAwMH0.LtzeFaEqdpOYJYlGwjIe5fczOd8KVvEVQXr_b4mW8bo";
    let body = |authorization: String| {
        json!({"code": code, "type": "ON_REQUEST", "secrets": {"jwt_secret": "s3cret"},
               "request": {"method": "POST", "path": "/orders?action=refund", "body": "{\"n\":1}",
                           "headers": {"authorization": authorization}}})
    };
    let doc = run(&app, body(format!("Bearer {token}"))).await;
    assert_eq!(
        doc["outcome"],
        json!({"kind": "response", "status": 200, "headers": {}, "body":
               {"user": "u1", "action": "refund", "sig": "jwEZF59yoe4d3W6hk9csVDAif07LklXqpUSZuWVZxK0="}}),
        "{doc}"
    );
    let doc = run(&app, body(format!("Bearer {token}x"))).await;
    assert_eq!(
        doc["outcome"]["body"],
        json!({"error": "JsonWebTokenError", "message": "invalid signature"}),
        "{doc}"
    );
}

#[tokio::test]
async fn errors_point_at_the_users_line_and_column() {
    let app = TestApp::new();
    let doc = run(
        &app,
        json!({"code": "export default (request) => {\n  return request.ok(;\n};"}),
    )
    .await;
    assert_eq!(doc["outcome"]["kind"], "error");
    assert_eq!(doc["errors"][0]["name"], "SyntaxError");
    assert_eq!(
        (&doc["errors"][0]["line"], &doc["errors"][0]["column"]),
        (&json!(2), &json!(21)),
        "{doc}"
    );

    let doc = run(&app, json!({"code": "export default (request) => {\n  const user = null;\n  return user.foo;\n};"})).await;
    assert_eq!(doc["errors"][0]["name"], "TypeError");
    assert_eq!(
        (&doc["errors"][0]["line"], &doc["errors"][0]["column"]),
        (&json!(3), &json!(10)),
        "{doc}"
    );
}

#[tokio::test]
async fn an_endless_loop_stops_at_the_timeout() {
    let app = TestApp::new();
    let started = Instant::now();
    let doc = run(
        &app,
        json!({"code": "export default () => { while (true) {} };", "timeoutMs": 300}),
    )
    .await;
    assert!(
        started.elapsed() < Duration::from_millis(1000),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(doc["outcome"]["kind"], "error");
    assert_eq!(doc["errors"][0]["message"], "Timed out after 300 ms");
}

#[tokio::test]
async fn the_sixth_xhr_call_is_refused() {
    let app = TestApp::new();
    let code = r#"const xhr = require('xhr');
export default async (request) => {
  for (let i = 1; i <= 6; i += 1) {
    try {
      const res = await xhr.fetch('https://api.example.com/items/' + i);
      console.log(i, res.status);
    } catch (e) {
      console.error(i, e.message);
    }
  }
  return request.ok();
};"#;
    let doc = run(
        &app,
        json!({"code": code, "xhrMocks": [{"method": "GET", "url": "https://api.example.com/items/*", "status": 200, "body": "[]"}]}),
    )
    .await;
    assert_eq!(doc["calls"]["xhr"], json!({"count": 6, "limit": 5}));
    assert_eq!(
        doc["console"][5],
        json!({"level": "error", "text": "6 Limit reached: at most 5 xhr calls per run"})
    );
    assert_eq!(doc["outcome"]["kind"], "ok");
}

#[tokio::test]
async fn kv_seed_counters_and_vault_secrets() {
    let app = TestApp::new();
    let code = r#"const kvstore = require('kvstore');
const vault = require('vault');
export default async (request) => {
  await kvstore.incrCounter('visits', 1);
  const key = await vault.get('apiKey');
  return request.ok({ key });
};"#;
    let doc = run(
        &app,
        json!({"code": code, "kv": {"visits": 41, "other": {"a": 1}}, "secrets": {"apiKey": "k-123"}}),
    )
    .await;
    assert_eq!(doc["kvBefore"], json!({"visits": 41, "other": {"a": 1}}));
    assert_eq!(doc["kvAfter"], json!({"visits": 42, "other": {"a": 1}}));
    assert_eq!(doc["outcome"]["message"], json!({"key": "k-123"}));
    assert_eq!(doc["calls"]["vault"], json!({"count": 1, "limit": 10}));
    assert_eq!(doc["calls"]["kvstore"], json!({"count": 1, "limit": 10}));
}

#[tokio::test]
async fn invalid_bodies_are_refused_field_by_field() {
    let app = TestApp::new();
    let field_errors = |res: &common::TestResponse| -> Vec<String> {
        res.assert_error(400, "FAAS-400")
            .iter()
            .map(|e| e["field"].as_str().unwrap_or("").to_owned())
            .collect()
    };
    let res = app.post(PATH, json!({})).send().await;
    assert_eq!(field_errors(&res), ["code"]);
    let res = app.post(PATH, json!({"code": 1, "type": "ON_PUBLISH", "request": [], "kv": 3,
        "secrets": {"a": 1}, "xhrMocks": [{"status": 99, "headers": {"a": 1}}, 5], "timeoutMs": 30001})).send().await;
    assert_eq!(
        field_errors(&res),
        [
            "code",
            "type",
            "request",
            "kv",
            "secrets.a",
            "xhrMocks[0].url",
            "xhrMocks[0].status",
            "xhrMocks[0].headers",
            "xhrMocks[1]",
            "timeoutMs"
        ]
    );
    let errors = res.assert_error(400, "FAAS-400");
    assert!(
        errors[1]["message"]
            .as_str()
            .unwrap()
            .contains("BEFORE_PUBLISH"),
        "{errors:?}"
    );
    let res = app
        .post(PATH, json!({"code": "x".repeat(256 * 1024 + 1)}))
        .send()
        .await;
    assert_eq!(field_errors(&res), ["code"]);
    for timeout in [json!(0), json!(1.5), json!("10")] {
        let res = app
            .post(PATH, json!({"code": "x", "timeoutMs": timeout}))
            .send()
            .await;
        assert_eq!(field_errors(&res), ["timeoutMs"]);
    }
    app.post(PATH, json!([1]))
        .send()
        .await
        .assert_error(400, "FAAS-400");
    app.call(axum::http::Method::POST, PATH)
        .header("content-type", "application/json")
        .raw("{")
        .send()
        .await
        .assert_error(400, "FAAS-1003");
}

#[tokio::test]
async fn it_needs_a_key_with_package_read() {
    let app = TestApp::demo();
    let body = json!({"code": "export default (r) => r.ok();"});
    app.post(PATH, body.clone())
        .no_key()
        .send()
        .await
        .assert_error(401, "FAAS-1001");
    app.post(PATH, body.clone())
        .key("nope")
        .send()
        .await
        .assert_error(401, "FAAS-1002");
    let errors = app
        .post(PATH, body.clone())
        .key(demo::KEY_NO_GRANTS)
        .send()
        .await
        .assert_error(403, "FAAS-403");
    assert!(errors[0]["message"]
        .as_str()
        .unwrap()
        .contains("functions.package:read"));
    let doc = app
        .post(PATH, body)
        .key(demo::KEY_READ_ONLY)
        .send()
        .await
        .ok();
    assert_eq!(doc["outcome"]["kind"], "ok");
}
