//! The demo's controls: `GET /v2/faas/demo` and `POST /v2/faas/demo/reset`.

use crate::common;

use common::TestApp;
use faas_server::demo;
use serde_json::{json, Value};

async fn counts(app: &TestApp) -> (Value, Value, Value) {
    let packages =
        app.get("/v2/faas/packages?size=1").send().await.paging()["totalElements"].clone();
    let deployments = app
        .get("/v2/faas/package-deployments?size=1")
        .send()
        .await
        .paging()["totalElements"]
        .clone();
    let keysets = app.get("/v2/keysets?size=1").send().await.paging()["totalElements"].clone();
    (packages, deployments, keysets)
}

#[tokio::test]
async fn reset_brings_the_demo_data_back() {
    let app = TestApp::demo();
    let status = app.get("/v2/faas/demo").send().await.ok();
    assert_eq!(status, json!({"resettable": true, "canReset": true}));
    let before = counts(&app).await;

    app.create_package("Made during the demo").await;
    let packages = app.get("/v2/faas/packages?size=100").send().await.ok();
    let webhook = packages
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Fails on Start")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.delete(&format!("/v2/faas/packages/{webhook}"))
        .send()
        .await
        .ok();
    assert_ne!(counts(&app).await, before);

    let done = app.post("/v2/faas/demo/reset", json!({})).send().await.ok();
    assert_eq!(done["reset"], true);
    assert_eq!(counts(&app).await, before);
    let names: Vec<String> = app
        .get("/v2/faas/packages?size=100")
        .send()
        .await
        .ok()
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .collect();
    assert!(names.contains(&"Fails on Start".to_owned()));
    assert!(!names.contains(&"Made during the demo".to_owned()));

    // The console's key and the demo keys work after the reset.
    app.get("/v2/faas/packages").send().await.ok();
    app.get("/v2/faas/packages")
        .key(demo::KEY_READ_ONLY)
        .send()
        .await
        .ok();
    app.get("/v2/faas/packages")
        .key(demo::KEY_REVOKED)
        .send()
        .await
        .assert_error(401, "FAAS-1002");
    // The admin key is still the builds' token, with its teams and their demo builds.
    let teams = app.get("/v2/teams").bearer(&app.admin_key).send().await;
    assert_eq!(teams.status, 200, "{}", teams.text());
    assert_eq!(teams.json["teams"].as_array().map(Vec::len), Some(2));
    let builds = app
        .get("/v6/deployments?slug=acme")
        .bearer(&app.admin_key)
        .send()
        .await;
    assert_eq!(builds.status, 200, "{}", builds.text());
    assert!(!builds.json["deployments"].as_array().unwrap().is_empty());
    // A second reset is as good as the first.
    app.post("/v2/faas/demo/reset", json!({})).send().await.ok();
    assert_eq!(counts(&app).await, before);
}

#[tokio::test]
async fn only_the_admin_key_may_reset() {
    let app = TestApp::demo();
    let status = app
        .get("/v2/faas/demo")
        .key(demo::KEY_READ_ONLY)
        .send()
        .await
        .ok();
    assert_eq!(status, json!({"resettable": true, "canReset": false}));
    let errors = app
        .post("/v2/faas/demo/reset", json!({}))
        .key(demo::KEY_OTHER_ACCOUNT)
        .send()
        .await
        .assert_error(403, "FAAS-403");
    assert!(errors[0]["message"]
        .as_str()
        .unwrap()
        .contains("only the server's admin key"));
    app.post("/v2/faas/demo/reset", json!({}))
        .no_key()
        .send()
        .await
        .assert_error(401, "FAAS-1001");
}

#[tokio::test]
async fn without_demo_there_is_nothing_to_reset() {
    let app = TestApp::new();
    app.get("/v2/faas/demo")
        .send()
        .await
        .assert_error(404, "FAAS-404");
    app.post("/v2/faas/demo/reset", json!({}))
        .send()
        .await
        .assert_error(404, "FAAS-404");
    app.create_package("Kept").await;
    assert_eq!(
        app.get("/v2/faas/packages").send().await.paging()["totalElements"],
        1
    );
}

#[tokio::test]
async fn the_failure_on_cue_fails_when_started() {
    let app = TestApp::demo();
    let packages = app
        .get("/v2/faas/packages?search=Fails%20on%20Start")
        .send()
        .await
        .ok();
    let package = packages[0]["id"].as_str().unwrap().to_owned();
    let deployments = app
        .get(&format!(
            "/v2/faas/package-deployments?package_id={package}"
        ))
        .send()
        .await
        .ok();
    assert_eq!(deployments.as_array().unwrap().len(), 1);
    assert_eq!(deployments[0]["state"], "STOPPED");
    let id = deployments[0]["id"].as_str().unwrap().to_owned();
    let started = app
        .post(
            &format!("/v2/faas/package-deployments/{id}/function-deployments"),
            json!({}),
        )
        .send()
        .await
        .ok();
    assert_eq!(started["state"], "STARTING");
    let db = app.state.db.clone();
    tokio::task::spawn_blocking(move || {
        faas_server::worker::settle_due(&db, faas_server::clock::now_ms() + 3_600_000, 0)
    })
    .await
    .unwrap()
    .unwrap();
    let after = app
        .get(&format!("/v2/faas/package-deployments/{id}"))
        .send()
        .await
        .ok();
    assert_eq!(after["state"], "FAILED");
    assert_eq!(
        after["functionDeployments"][0]["error"],
        "line 2:17: Unexpected token"
    );
}

#[tokio::test]
async fn reset_brings_each_keysets_data_back() {
    let app = TestApp::demo();
    let sk = app.subkey(31002).await;
    let kinds = ["strings", "jsons", "counters", "secrets"];
    let list = |what: &str| format!("/v2/faas/kv/{what}?subkey={sk}&size=100");
    let mut lists = Vec::new();
    for what in kinds {
        lists.push(app.get(&list(what)).send().await.ok());
    }
    app.delete(&format!("/v2/faas/kv/strings/motd?subkey={sk}"))
        .send()
        .await
        .ok();
    app.delete(&format!(
        "/v2/faas/kv/secrets/STRIPE_WEBHOOK_SECRET?subkey={sk}"
    ))
    .send()
    .await
    .ok();
    app.put(
        &format!("/v2/faas/kv/jsons/made-in-the-demo?subkey={sk}"),
        json!({"value": {"x": 1}}),
    )
    .send()
    .await
    .ok();

    app.post("/v2/faas/demo/reset", json!({})).send().await.ok();
    // The keysets are made again, with the same subscribe keys and the same data.
    assert_eq!(app.subkey(31002).await, sk);
    for (what, before) in kinds.iter().zip(&lists) {
        let after = app.get(&list(what)).send().await.ok();
        let keys = |v: &Value| -> Vec<Value> {
            v.as_array()
                .unwrap()
                .iter()
                .map(|e| json!([e["key"], e["value"]]))
                .collect()
        };
        assert_eq!(keys(&after), keys(before), "{what}");
    }
}
