//! The cross-cutting rules of `api.md` §1: envelope, auth, correlation, version, methods,
//! routes, CORS.

use crate::common;

use axum::http::Method;
use common::TestApp;

#[tokio::test]
async fn envelope_has_meta_with_millis_timestamp_and_correlation_id() {
    let app = TestApp::new();
    let res = app.get("/v2/keysets").send().await;
    let ts = res.json["meta"]["timestamp"].as_str().unwrap().to_owned();
    assert_eq!(ts.len(), 24, "{ts}");
    assert!(ts.ends_with('Z') && ts.as_bytes()[19] == b'.', "{ts}");
    let id = res.header("x-correlation-id").unwrap().to_owned();
    assert_eq!(res.json["meta"]["correlationId"], id.as_str());
    assert!(faas_api::validation::is_uuid(&id));
    let data = res.ok();
    assert_eq!(
        data.as_array().unwrap().len(),
        1,
        "a fresh account has one keyset"
    );
}

#[tokio::test]
async fn correlation_id_is_echoed_and_malformed_is_refused() {
    let app = TestApp::new();
    let id = "a1b2c3d4-e5f6-7890-abcd-ef1234567890";
    let res = app
        .get("/v2/keysets")
        .header("x-correlation-id", id)
        .send()
        .await;
    assert_eq!(res.header("x-correlation-id"), Some(id));
    assert_eq!(res.json["meta"]["correlationId"], id);
    let bad = app
        .get("/v2/keysets")
        .header("x-correlation-id", "not-a-uuid")
        .send()
        .await;
    bad.assert_error(400, "FAAS-1000");
}

#[tokio::test]
async fn missing_unknown_revoked_and_expired_keys_are_401() {
    let app = TestApp::demo();
    app.get("/v2/keysets")
        .no_key()
        .send()
        .await
        .assert_error(401, "FAAS-1001");
    app.get("/v2/keysets")
        .key("no-such-key")
        .send()
        .await
        .assert_error(401, "FAAS-1002");
    app.get("/v2/keysets")
        .key("demo-revoked")
        .send()
        .await
        .assert_error(401, "FAAS-1002");
    app.get("/v2/keysets")
        .key("demo-expired")
        .send()
        .await
        .assert_error(401, "FAAS-1002");
}

#[tokio::test]
async fn bearer_and_raw_keys_both_work() {
    let app = TestApp::new();
    let bearer = format!("Bearer {}", app.admin_key);
    app.get("/v2/keysets").key(&bearer).send().await.ok();
    app.get("/v2/keysets").send().await.ok();
}

#[tokio::test]
async fn version_header_is_optional_but_must_be_a_date() {
    let app = TestApp::new();
    app.get("/v2/keysets")
        .header("pubnub-version", "2026-03-10")
        .send()
        .await
        .ok();
    for bad in ["2026-3-10", "yesterday", "2026-02-30", ""] {
        let errors = app
            .get("/v2/keysets")
            .header("pubnub-version", bad)
            .send()
            .await
            .assert_error(400, "FAAS-400");
        assert_eq!(errors[0]["field"], "PubNub-Version");
    }
}

#[tokio::test]
async fn wrong_method_is_an_enveloped_405_with_allow() {
    let app = TestApp::new();
    let res = app.call(Method::POST, "/v2/keysets").send().await;
    res.assert_error(405, "FAAS-405");
    assert!(res.header("allow").unwrap().contains("GET"));
}

#[tokio::test]
async fn unknown_api_route_is_an_enveloped_404() {
    let app = TestApp::new();
    app.get("/v2/nothing/here")
        .send()
        .await
        .assert_error(404, "FAAS-404");
    app.get("/v2/faas/nothing")
        .send()
        .await
        .assert_error(404, "FAAS-404");
}

#[tokio::test]
async fn cors_preflight_allows_dev_origins_and_exposes_correlation_id() {
    let app = TestApp::new();
    let res = app
        .call(Method::OPTIONS, "/v2/keysets")
        .no_key()
        .header("origin", "http://127.0.0.1:8081")
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "authorization,content-type,pubnub-version,x-correlation-id",
        )
        .send()
        .await;
    assert!(res.status.is_success(), "{res:?}");
    assert_eq!(
        res.header("access-control-allow-origin"),
        Some("http://127.0.0.1:8081")
    );
    let allowed = res.header("access-control-allow-headers").unwrap();
    for h in [
        "authorization",
        "content-type",
        "pubnub-version",
        "x-correlation-id",
    ] {
        assert!(allowed.contains(h), "{allowed}");
    }
    let simple = app
        .get("/v2/keysets")
        .header("origin", "http://localhost:3000")
        .send()
        .await;
    assert_eq!(
        simple.header("access-control-allow-origin"),
        Some("http://localhost:3000")
    );
    assert!(simple
        .header("access-control-expose-headers")
        .unwrap()
        .contains("x-correlation-id"));
    let foreign = app
        .get("/v2/keysets")
        .header("origin", "https://evil.example")
        .send()
        .await;
    assert_eq!(foreign.header("access-control-allow-origin"), None);
}

#[tokio::test]
async fn keysets_page_sort_and_search() {
    let app = TestApp::demo();
    let res = app.get("/v2/keysets?size=3&page=1").send().await;
    let paging = res.paging();
    let data = res.ok();
    assert_eq!(data.as_array().unwrap().len(), 3);
    assert_eq!(data[0]["id"], 31004);
    assert_eq!(paging["totalElements"], 8);
    assert_eq!(paging["totalPages"], 3);
    assert_eq!(paging["pageOffset"], 3);
    let data = app
        .get("/v2/keysets?sort=name,DESC&search=FLEET")
        .send()
        .await
        .ok();
    let names: Vec<&str> = data
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Fleet Staging",
            "Fleet Production US",
            "Fleet Production EU"
        ]
    );
    assert_eq!(data[0]["appName"], "IoT Fleet");
    assert!(data[0]["subscribeKey"]
        .as_str()
        .unwrap()
        .starts_with("sub-c-"));
    app.get("/v2/keysets?size=0")
        .send()
        .await
        .assert_error(400, "FAAS-1019");
    app.get("/v2/keysets?size=101")
        .send()
        .await
        .assert_error(400, "FAAS-1023");
    app.get("/v2/keysets?sort=subscribeKey,ASC")
        .send()
        .await
        .assert_error(400, "FAAS-1023");
}

#[tokio::test]
async fn keysets_are_per_account() {
    let app = TestApp::demo();
    let data = app
        .get("/v2/keysets")
        .key("demo-other-account")
        .send()
        .await
        .ok();
    assert_eq!(data.as_array().unwrap().len(), 1);
    assert_eq!(data[0]["id"], 39001);
    // A key without grants still lists keysets.
    app.get("/v2/keysets")
        .key("demo-no-grants")
        .send()
        .await
        .ok();
}
