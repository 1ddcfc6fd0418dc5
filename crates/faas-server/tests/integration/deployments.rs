//! Package deployments (`api.md` §2–§3): lifecycle with time, builds, stop-all, limits,
//! races, grants, lists and survival across a restart.

use crate::common;

use std::time::{Duration, Instant};

use common::{add_key, add_keysets, function_body, TestApp};
use faas_server::http::auth::{Access, Grant, Resource};
use faas_server::{clock, worker, Config};
use serde_json::{json, Value};

const WRITE_GRANT: &str = "functions.package-deployment:write";

/// An in-memory app whose transitions take `transition_ms`.
fn app_with(transition_ms: u64) -> TestApp {
    TestApp::with(Config {
        transition_ms,
        ..Config::default()
    })
}

fn grant(access: Access, keyset_id: Option<i64>) -> Grant {
    Grant {
        resource: Resource::PackageDeployment,
        access,
        keyset_id,
    }
}

/// A package whose first revision has `functions`; returns (package id, revision id).
async fn package_with(app: &TestApp, name: &str, functions: Value) -> (String, String) {
    let package = app
        .post(
            "/v2/faas/packages",
            json!({"name": name, "functions": functions}),
        )
        .send()
        .await
        .ok();
    let id = package["id"].as_str().unwrap().to_owned();
    let revisions = app
        .get(&format!("/v2/faas/packages/{id}/package-revisions"))
        .send()
        .await
        .ok();
    (id, revisions[0]["id"].as_str().unwrap().to_owned())
}

async fn simple_package(app: &TestApp, name: &str) -> (String, String) {
    package_with(app, name, json!([function_body("Filter", "chat.*")])).await
}

async fn deploy(app: &TestApp, revision: &str, keyset: i64) -> Value {
    app.post(
        "/v2/faas/package-deployments",
        json!({"packageRevisionId": revision, "keysetId": keyset}),
    )
    .send()
    .await
    .ok()
}

fn id_of(v: &Value) -> String {
    v["id"].as_str().unwrap().to_owned()
}

async fn get_deployment(app: &TestApp, id: &str) -> Value {
    app.get(&format!("/v2/faas/package-deployments/{id}"))
        .send()
        .await
        .ok()
}

async fn start(app: &TestApp, id: &str) -> common::TestResponse {
    app.post(
        &format!("/v2/faas/package-deployments/{id}/function-deployments"),
        json!({}),
    )
    .send()
    .await
}

async fn stop(app: &TestApp, id: &str, query: &str) -> common::TestResponse {
    app.delete(&format!(
        "/v2/faas/package-deployments/{id}/function-deployments{query}"
    ))
    .send()
    .await
}

/// Polls the deployment until it is in `state` (the worker settles it), or panics.
async fn wait_for(app: &TestApp, id: &str, state: &str, within: Duration) -> Value {
    let until = Instant::now() + within;
    loop {
        let d = get_deployment(app, id).await;
        if d["state"] == state {
            return d;
        }
        assert!(Instant::now() < until, "never {state}: {d}");
        tokio::time::sleep(Duration::from_millis(15)).await;
    }
}

/// Settles every pending transition as if its time had come.
async fn fast_forward(app: &TestApp) {
    let db = app.state.db.clone();
    tokio::task::spawn_blocking(move || worker::settle_due(&db, clock::now_ms() + 3_600_000, 0))
        .await
        .unwrap()
        .unwrap();
}

fn function_states(d: &Value) -> Vec<String> {
    d["functionDeployments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["state"].as_str().unwrap().to_owned())
        .collect()
}

async fn counters(app: &TestApp, package: &str, revision: &str) -> (Value, Value, Value, Value) {
    let p = app
        .get(&format!("/v2/faas/packages/{package}"))
        .send()
        .await
        .ok();
    let r = app
        .get(&format!("/v2/faas/package-revisions/{revision}"))
        .send()
        .await
        .ok();
    assert_eq!(
        r["packageDeploymentsTotal"], p["packageDeploymentsTotal"],
        "one revision"
    );
    (
        p["packageDeploymentsTotal"].clone(),
        p["packageDeploymentsRunning"].clone(),
        p["revisionsRunning"].clone(),
        r["packageDeploymentsRunning"].clone(),
    )
}

async fn running_limit(app: &TestApp) -> Value {
    app.get("/v2/faas/limits/package-deployments-running")
        .send()
        .await
        .ok()["currentValue"]
        .clone()
}

#[tokio::test]
async fn lifecycle_with_time_start_restart_stop_delete() {
    let app = app_with(120);
    let keyset = add_keysets(&app, 1).await[0];
    let (package, revision) = package_with(
        &app,
        "Lifecycle",
        json!([function_body("A", "a.*"), function_body("B", "b.*")]),
    )
    .await;

    let created = deploy(&app, &revision, keyset).await;
    assert_eq!(created["state"], "STOPPED");
    assert_eq!(created["keysetId"], keyset);
    assert_eq!(created["packageRevisionId"], revision.as_str());
    assert_eq!(function_states(&created), ["STOPPED", "STOPPED"]);
    let revision_json = app
        .get(&format!("/v2/faas/package-revisions/{revision}"))
        .send()
        .await
        .ok();
    assert_eq!(
        created["functionDeployments"][0]["functionRevisionId"],
        revision_json["functions"][0]["functionRevisionId"]
    );
    let id = id_of(&created);
    assert_eq!(get_deployment(&app, &id).await, created);
    assert_eq!(
        counters(&app, &package, &revision).await,
        (json!(1), json!(0), json!(0), json!(0))
    );

    // Start: STARTING in the answer, locked until it settles.
    let starting = start(&app, &id).await.ok();
    assert_eq!(starting["state"], "STARTING");
    assert_eq!(function_states(&starting), ["STARTING", "STARTING"]);
    assert_ne!(starting["updatedDttm"], created["updatedDttm"]);
    start(&app, &id).await.assert_error(423, "FAAS-1008");
    stop(&app, &id, "").await.assert_error(423, "FAAS-1009");
    stop(&app, &id, "?force=false")
        .await
        .assert_error(423, "FAAS-1009");
    app.delete(&format!("/v2/faas/package-deployments/{id}"))
        .send()
        .await
        .assert_error(409, "FAAS-1014");
    assert_eq!(
        counters(&app, &package, &revision).await,
        (json!(1), json!(0), json!(0), json!(0))
    );

    let running = wait_for(&app, &id, "RUNNING", Duration::from_secs(3)).await;
    assert_eq!(function_states(&running), ["RUNNING", "RUNNING"]);
    assert_ne!(running["updatedDttm"], starting["updatedDttm"]);
    assert!(running["functionDeployments"][0].get("error").is_none());
    assert_eq!(
        counters(&app, &package, &revision).await,
        (json!(1), json!(1), json!(1), json!(1))
    );
    assert_eq!(running_limit(&app).await, "1");
    app.delete(&format!("/v2/faas/package-deployments/{id}"))
        .send()
        .await
        .assert_error(409, "FAAS-1014");

    // Restart: RUNNING → STARTING → RUNNING; not running meanwhile.
    let restarting = start(&app, &id).await.ok();
    assert_eq!(restarting["state"], "STARTING");
    assert_eq!(running_limit(&app).await, "0");
    wait_for(&app, &id, "RUNNING", Duration::from_secs(3)).await;

    // Stop: STOPPING → STOPPED, locked meanwhile.
    let stopping = stop(&app, &id, "").await.ok();
    assert_eq!(stopping["state"], "STOPPING");
    assert_eq!(function_states(&stopping), ["STOPPING", "STOPPING"]);
    stop(&app, &id, "?force=true")
        .await
        .assert_error(423, "FAAS-1009");
    start(&app, &id).await.assert_error(423, "FAAS-1008");
    app.delete(&format!("/v2/faas/package-deployments/{id}"))
        .send()
        .await
        .assert_error(409, "FAAS-1014");
    let stopped = wait_for(&app, &id, "STOPPED", Duration::from_secs(3)).await;
    assert_eq!(function_states(&stopped), ["STOPPED", "STOPPED"]);
    assert_eq!(
        counters(&app, &package, &revision).await,
        (json!(1), json!(0), json!(0), json!(0))
    );

    // Stopping a STOPPED deployment changes nothing.
    let again = stop(&app, &id, "").await.ok();
    assert_eq!(again, stopped);

    let res = app
        .delete(&format!("/v2/faas/package-deployments/{id}"))
        .send()
        .await;
    assert!(res.json.get("data").is_none());
    res.ok();
    get_deployment_missing(&app, &id).await;
    assert_eq!(
        counters(&app, &package, &revision).await,
        (json!(0), json!(0), json!(0), json!(0))
    );
}

async fn get_deployment_missing(app: &TestApp, id: &str) {
    app.get(&format!("/v2/faas/package-deployments/{id}"))
        .send()
        .await
        .assert_error(404, "FAAS-404");
}

#[tokio::test]
async fn zero_transition_still_answers_starting_then_settles() {
    let app = app_with(0);
    let keyset = add_keysets(&app, 1).await[0];
    let (_, revision) = simple_package(&app, "Zero").await;
    let id = id_of(&deploy(&app, &revision, keyset).await);
    assert_eq!(start(&app, &id).await.ok()["state"], "STARTING");
    wait_for(&app, &id, "RUNNING", Duration::from_secs(2)).await;
    assert_eq!(stop(&app, &id, "").await.ok()["state"], "STOPPING");
    wait_for(&app, &id, "STOPPED", Duration::from_secs(2)).await;
}

#[tokio::test]
async fn force_stop_aborts_a_start_for_good() {
    let app = app_with(150);
    let keyset = add_keysets(&app, 1).await[0];
    let (_, revision) = simple_package(&app, "Abort").await;
    let id = id_of(&deploy(&app, &revision, keyset).await);
    start(&app, &id).await.ok();
    stop(&app, &id, "?force=yes")
        .await
        .assert_error(400, "FAAS-400");
    let aborted = stop(&app, &id, "?force=true").await.ok();
    assert_eq!(aborted["state"], "STOPPED");
    assert_eq!(function_states(&aborted), ["STOPPED"]);
    // The aborted start's due time passes: the worker leaves it alone.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(get_deployment(&app, &id).await, aborted);
    // Deletable once aborted.
    app.delete(&format!("/v2/faas/package-deployments/{id}"))
        .send()
        .await
        .ok();
}

#[tokio::test]
async fn a_failed_build_names_the_function_line_and_column() {
    let app = app_with(60);
    let keyset = add_keysets(&app, 1).await[0];
    let mut broken = function_body("Broken", "b.*");
    broken["code"] = json!("export default (request) => {\n  return request.ok(;\n};");
    let mut commonjs = function_body("CommonJs", "c.*");
    commonjs["code"] = json!("module.exports = (request) => request.ok();");
    let (package, revision) = package_with(
        &app,
        "Broken",
        json!([function_body("Fine", "a.*"), broken, commonjs]),
    )
    .await;
    let id = id_of(&deploy(&app, &revision, keyset).await);

    for _ in 0..2 {
        // A revision is immutable: starting a FAILED deployment again fails again.
        let starting = start(&app, &id).await.ok();
        assert_eq!(starting["state"], "STARTING");
        assert!(starting["functionDeployments"][1].get("error").is_none());
        let failed = wait_for(&app, &id, "FAILED", Duration::from_secs(3)).await;
        assert_eq!(function_states(&failed), ["STOPPED", "FAILED", "FAILED"]);
        let fds = &failed["functionDeployments"];
        assert!(fds[0].get("error").is_none());
        assert_eq!(fds[1]["error"], "line 2:21: Unexpected token");
        assert_eq!(
            fds[2]["error"],
            "line 1:1: the module has no default export"
        );
        assert_eq!(
            counters(&app, &package, &revision).await,
            (json!(1), json!(0), json!(0), json!(0))
        );
    }

    // FAILED stops at once, and can be deleted.
    let stopped = stop(&app, &id, "").await.ok();
    assert_eq!(stopped["state"], "STOPPED");
    assert_eq!(function_states(&stopped), ["STOPPED", "STOPPED", "STOPPED"]);
    assert!(stopped["functionDeployments"][1].get("error").is_none());
    start(&app, &id).await.ok();
    wait_for(&app, &id, "FAILED", Duration::from_secs(3)).await;
    app.delete(&format!("/v2/faas/package-deployments/{id}"))
        .send()
        .await
        .ok();
}

#[tokio::test]
async fn stop_all_by_package_and_by_revision() {
    // Long transitions: the test moves time on itself with `fast_forward`.
    let app = TestApp::with(Config {
        demo: true,
        transition_ms: 60_000,
        ..Config::default()
    });
    let keysets = add_keysets(&app, 4).await;
    let (package, r1) = simple_package(&app, "Stop All").await;
    let r2 = app
        .post(
            "/v2/faas/package-revisions",
            json!({"packageId": package, "functions": [function_body("Filter", "chat.*")]}),
        )
        .send()
        .await
        .ok()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // r1: RUNNING, STOPPING; r2: STARTING, FAILED-free STOPPED.
    let running = id_of(&deploy(&app, &r1, keysets[0]).await);
    let stopping = id_of(&deploy(&app, &r1, keysets[1]).await);
    let starting = id_of(&deploy(&app, &r2, keysets[2]).await);
    let idle = id_of(&deploy(&app, &r2, keysets[3]).await);
    start(&app, &running).await.ok();
    start(&app, &stopping).await.ok();
    fast_forward(&app).await;
    stop(&app, &stopping, "").await.ok();
    start(&app, &starting).await.ok();
    let idle_before = get_deployment(&app, &idle).await;

    for query in ["", "?package_id=&package_revision_id="] {
        app.delete(&format!("/v2/faas/function-deployments{query}"))
            .send()
            .await
            .assert_error(400, "FAAS-400");
    }
    app.delete(&format!(
        "/v2/faas/function-deployments?package_id={package}&package_revision_id={r1}"
    ))
    .send()
    .await
    .assert_error(400, "FAAS-400");
    app.delete("/v2/faas/function-deployments?package_id=nope")
        .send()
        .await
        .assert_error(400, "FAAS-400");
    // Another account: not found, whatever its grants.
    for query in [
        format!("package_id={package}"),
        format!("package_revision_id={r1}"),
    ] {
        app.delete(&format!("/v2/faas/function-deployments?{query}"))
            .key("demo-other-account")
            .send()
            .await
            .assert_error(404, "FAAS-404");
    }
    app.delete("/v2/faas/function-deployments?package_id=00000000-0000-4000-8000-000000000000")
        .send()
        .await
        .assert_error(404, "FAAS-404");

    // By revision: only r1's deployments.
    let stopped = app
        .delete(&format!(
            "/v2/faas/function-deployments?package_revision_id={r1}"
        ))
        .send()
        .await
        .ok();
    let stopped = stopped.as_array().unwrap();
    assert_eq!(stopped.len(), 2);
    assert!(stopped.iter().all(|d| d["state"] == "STOPPED"));
    assert!(stopped
        .iter()
        .all(|d| function_states(d).iter().all(|s| s == "STOPPED")));
    assert_eq!(get_deployment(&app, &starting).await["state"], "STARTING");

    // By package: the rest; the STOPPED one is returned unchanged.
    let all = app
        .delete(&format!(
            "/v2/faas/function-deployments?package_id={package}"
        ))
        .send()
        .await
        .ok();
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 4);
    assert!(all.iter().all(|d| d["state"] == "STOPPED"));
    let idle_after = all.iter().find(|d| d["id"] == idle.as_str()).unwrap();
    assert_eq!(*idle_after, idle_before);
    // Nothing settles later: the aborted and finished transitions are gone.
    fast_forward(&app).await;
    for id in [&running, &stopping, &starting, &idle] {
        assert_eq!(get_deployment(&app, id).await["state"], "STOPPED");
    }
    // A read-only key may not stop them.
    app.delete(&format!(
        "/v2/faas/function-deployments?package_id={package}"
    ))
    .key("demo-read-only")
    .send()
    .await
    .assert_error(403, "FAAS-403");
}

#[tokio::test]
async fn create_refuses_duplicates_strangers_and_too_many() {
    let app = TestApp::with(Config {
        demo: true,
        transition_ms: 0,
        ..Config::default()
    });
    let keysets = add_keysets(&app, 6).await;
    let (_, revision) = simple_package(&app, "Limits").await;
    deploy(&app, &revision, keysets[0]).await;
    let body = json!({"packageRevisionId": revision, "keysetId": keysets[0]});
    app.post("/v2/faas/package-deployments", body)
        .send()
        .await
        .assert_error(409, "FAAS-1015");
    for keyset in &keysets[1..5] {
        deploy(&app, &revision, *keyset).await;
    }
    let res = app
        .post(
            "/v2/faas/package-deployments",
            json!({"packageRevisionId": revision, "keysetId": keysets[5]}),
        )
        .send()
        .await;
    res.assert_error(422, "FAAS-2001");

    // Unknown or foreign revisions and keysets are not found; bodies are validated.
    let (_, other) = simple_package(&app, "Other").await;
    for body in [
        json!({"packageRevisionId": "00000000-0000-4000-8000-000000000000", "keysetId": keysets[0]}),
        json!({"packageRevisionId": "not-a-uuid", "keysetId": keysets[0]}),
        json!({"packageRevisionId": other, "keysetId": 999_999}),
        json!({"packageRevisionId": other, "keysetId": faas_server::demo::OTHER_ACCOUNT_KEYSET}),
    ] {
        app.post("/v2/faas/package-deployments", body)
            .send()
            .await
            .assert_error(404, "FAAS-404");
    }
    let errors = app
        .post(
            "/v2/faas/package-deployments",
            json!({"packageRevisionId": other}),
        )
        .send()
        .await
        .assert_error(400, "FAAS-400");
    assert_eq!(errors[0]["field"], "keysetId");
    app.post(
        "/v2/faas/package-deployments",
        json!({"packageRevisionId": revision, "keysetId": keysets[0]}),
    )
    .key("demo-other-account")
    .send()
    .await
    .assert_error(404, "FAAS-404");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parallel_creates_are_race_free() {
    let app = std::sync::Arc::new(app_with(0));
    let keysets = add_keysets(&app, 8).await;
    let (_, revision) = simple_package(&app, "Race").await;

    let same = (0..10).map(|_| {
        let app = app.clone();
        let body = json!({"packageRevisionId": revision, "keysetId": keysets[0]});
        tokio::spawn(async move {
            app.post("/v2/faas/package-deployments", body)
                .send()
                .await
                .status
                .as_u16()
        })
    });
    let mut statuses: Vec<u16> = Vec::new();
    for handle in same.collect::<Vec<_>>() {
        statuses.push(handle.await.unwrap());
    }
    statuses.sort();
    assert_eq!(statuses, [200, 409, 409, 409, 409, 409, 409, 409, 409, 409]);

    let (_, revision) = simple_package(&app, "Race Limit").await;
    let handles: Vec<_> = keysets
        .iter()
        .map(|keyset| {
            let app = app.clone();
            let body = json!({"packageRevisionId": revision, "keysetId": keyset});
            tokio::spawn(async move {
                app.post("/v2/faas/package-deployments", body)
                    .send()
                    .await
                    .status
                    .as_u16()
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for handle in handles {
        statuses.push(handle.await.unwrap());
    }
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 5);
    assert_eq!(statuses.iter().filter(|s| **s == 422).count(), 3);
}

#[tokio::test]
async fn grants_on_account_and_keyset() {
    let app = TestApp::with(Config {
        transition_ms: 60_000,
        ..Config::default()
    });
    let keysets = add_keysets(&app, 2).await;
    let (mine, theirs) = (keysets[0], keysets[1]);
    let (_, revision) = simple_package(&app, "Grants").await;
    let on_mine = id_of(&deploy(&app, &revision, mine).await);
    let on_theirs = id_of(&deploy(&app, &revision, theirs).await);
    add_key(&app, "reader", vec![grant(Access::Read, None)]).await;
    add_key(&app, "one-keyset", vec![grant(Access::Write, Some(mine))]).await;
    add_key(&app, "nothing", vec![]).await;

    // Read-only: reads, but every write is 403 naming the grant.
    app.get(&format!("/v2/faas/package-deployments/{on_mine}"))
        .key("reader")
        .send()
        .await
        .ok();
    let writes = [
        app.post(
            "/v2/faas/package-deployments",
            json!({"packageRevisionId": revision, "keysetId": mine}),
        ),
        app.post(
            &format!("/v2/faas/package-deployments/{on_mine}/function-deployments"),
            json!({}),
        ),
        app.delete(&format!(
            "/v2/faas/package-deployments/{on_mine}/function-deployments"
        )),
        app.delete(&format!("/v2/faas/package-deployments/{on_mine}")),
        app.delete(&format!(
            "/v2/faas/function-deployments?package_revision_id={revision}"
        )),
    ];
    for call in writes {
        let errors = call
            .key("reader")
            .send()
            .await
            .assert_error(403, "FAAS-403");
        let message = errors[0]["message"].as_str().unwrap();
        assert!(message.contains(WRITE_GRANT), "{message}");
    }

    // Limited to one keyset: works there (write implies read), 403 on the other.
    let started = app
        .post(
            &format!("/v2/faas/package-deployments/{on_mine}/function-deployments"),
            json!({}),
        )
        .key("one-keyset")
        .send()
        .await
        .ok();
    assert_eq!(started["state"], "STARTING");
    for call in [
        app.get(&format!("/v2/faas/package-deployments/{on_theirs}")),
        app.post(
            &format!("/v2/faas/package-deployments/{on_theirs}/function-deployments"),
            json!({}),
        ),
        app.delete(&format!("/v2/faas/package-deployments/{on_theirs}")),
    ] {
        let errors = call
            .key("one-keyset")
            .send()
            .await
            .assert_error(403, "FAAS-403");
        assert!(errors[0]["message"]
            .as_str()
            .unwrap()
            .contains(&format!("keyset {theirs}")));
    }
    let errors = app
        .post(
            "/v2/faas/package-deployments",
            json!({"packageRevisionId": revision, "keysetId": theirs}),
        )
        .key("one-keyset")
        .send()
        .await
        .assert_error(403, "FAAS-403");
    assert!(errors[0]["message"].as_str().unwrap().contains(WRITE_GRANT));
    // Stop-all needs the grant on the account.
    app.delete(&format!(
        "/v2/faas/function-deployments?package_revision_id={revision}"
    ))
    .key("one-keyset")
    .send()
    .await
    .assert_error(403, "FAAS-403");
    // Lists show only its keyset.
    for path in [
        "/v2/faas/package-deployments".to_owned(),
        format!("/v2/faas/package-revisions/{revision}/package-deployments"),
    ] {
        let res = app.get(&path).key("one-keyset").send().await;
        assert_eq!(res.paging()["totalElements"], 1);
        let list = res.ok();
        assert_eq!(list[0]["id"], on_mine.as_str());
        let all = app.get(&path).key("reader").send().await.ok();
        assert_eq!(all.as_array().unwrap().len(), 2);
    }
    // No grant at all: 403 naming the read grant.
    let errors = app
        .get("/v2/faas/package-deployments")
        .key("nothing")
        .send()
        .await
        .assert_error(403, "FAAS-403");
    assert!(errors[0]["message"]
        .as_str()
        .unwrap()
        .contains("functions.package-deployment:read"));
    app.get(&format!("/v2/faas/package-deployments/{on_mine}"))
        .key("nothing")
        .send()
        .await
        .assert_error(403, "FAAS-403");
}

#[tokio::test]
async fn lists_filter_sort_and_page() {
    let app = TestApp::with(Config {
        transition_ms: 60_000,
        ..Config::default()
    });
    let keysets = add_keysets(&app, 3).await;
    let (p1, r1) = simple_package(&app, "List One").await;
    let (_, r2) = simple_package(&app, "List Two").await;
    let mut ids = Vec::new();
    for (revision, keyset) in [(&r1, keysets[0]), (&r1, keysets[1]), (&r2, keysets[0])] {
        ids.push(id_of(&deploy(&app, revision, keyset).await));
        tokio::time::sleep(Duration::from_millis(3)).await;
    }
    start(&app, &ids[1]).await.ok();

    let list = |query: &str| app.get(&format!("/v2/faas/package-deployments{query}"));
    let all = list("").send().await.ok();
    let got: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(got, [&ids[2], &ids[1], &ids[0]], "newest first");
    let ids_of = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|d| d["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let by_package = list(&format!("?package_id={p1}")).send().await.ok();
    assert_eq!(ids_of(&by_package), [ids[1].clone(), ids[0].clone()]);
    let by_revision = list(&format!("?package_revision_id={r2}"))
        .send()
        .await
        .ok();
    assert_eq!(ids_of(&by_revision), [ids[2].clone()]);
    let by_keyset = list(&format!("?keyset_id={}&sort=createdDttm,ASC", keysets[0]))
        .send()
        .await
        .ok();
    assert_eq!(ids_of(&by_keyset), [ids[0].clone(), ids[2].clone()]);
    let by_state = list("?state=STARTING").send().await.ok();
    assert_eq!(ids_of(&by_state), [ids[1].clone()]);
    let page = list("?size=2&page=1").send().await;
    assert_eq!(page.paging()["totalElements"], 3);
    assert_eq!(page.paging()["totalPages"], 2);
    assert_eq!(ids_of(&page.ok()), [ids[0].clone()]);
    let of_revision = app
        .get(&format!(
            "/v2/faas/package-revisions/{r1}/package-deployments?sort=updatedDttm,DESC"
        ))
        .send()
        .await
        .ok();
    assert_eq!(of_revision[0]["id"], ids[1].as_str());
    assert_eq!(of_revision.as_array().unwrap().len(), 2);

    for (query, field) in [
        ("?package_id=x", "package_id"),
        ("?package_revision_id=1234", "package_revision_id"),
        ("?keyset_id=abc", "keyset_id"),
        ("?state=running", "state"),
    ] {
        let errors = list(query).send().await.assert_error(400, "FAAS-400");
        assert_eq!(errors[0]["field"], field);
        assert!(errors[0]["message"].as_str().unwrap().contains(field));
    }
    list("?sort=name,ASC")
        .send()
        .await
        .assert_error(400, "FAAS-1023");
    list("?size=0").send().await.assert_error(400, "FAAS-1019");
    app.get("/v2/faas/package-revisions/00000000-0000-4000-8000-000000000000/package-deployments")
        .send()
        .await
        .assert_error(404, "FAAS-404");
}

#[tokio::test]
async fn transitions_survive_a_restart() {
    let dir = std::env::temp_dir().join(format!("faas-deploy-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let database = format!("sqlite:{}", dir.join("faas.db").display());
    let config = |transition_ms| Config {
        database: database.clone(),
        transition_ms,
        ..Config::default()
    };

    // A start due in the future when the server goes away settles when due after the restart.
    let first = TestApp::with(config(700));
    let keysets = add_keysets(&first, 2).await;
    let (_, revision) = simple_package(&first, "Restart").await;
    let a = id_of(&deploy(&first, &revision, keysets[0]).await);
    let b = id_of(&deploy(&first, &revision, keysets[1]).await);
    start(&first, &a).await.ok();
    drop(first);
    let second = TestApp::with(config(700));
    assert_eq!(get_deployment(&second, &a).await["state"], "STARTING");
    wait_for(&second, &a, "RUNNING", Duration::from_secs(3)).await;

    // A start already overdue when the server comes back settles at once.
    start(&second, &b).await.ok();
    drop(second);
    tokio::time::sleep(Duration::from_millis(800)).await;
    let third = TestApp::with(config(700));
    wait_for(&third, &b, "RUNNING", Duration::from_millis(500)).await;
    drop(third);
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn demo_transitions_settle_and_demo_code_builds() {
    let app = TestApp::demo();
    let all = app
        .get("/v2/faas/package-deployments?size=100")
        .send()
        .await
        .ok();
    let all = all.as_array().unwrap().clone();
    let count = |list: &[Value], state: &str| list.iter().filter(|d| d["state"] == state).count();
    // Held for a while even with --transition-ms 0, so that the console shows them.
    assert_eq!(count(&all, "STARTING"), 1);
    assert_eq!(count(&all, "STOPPING"), 1);
    let failed = all.iter().find(|d| d["state"] == "FAILED").unwrap();
    let errors: Vec<&Value> = failed["functionDeployments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["state"] == "FAILED")
        .collect();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0]["error"], "line 3:14: Unexpected token");

    // When their time comes, the worker settles them: the start builds.
    fast_forward(&app).await;
    let settled = app
        .get("/v2/faas/package-deployments?size=100")
        .send()
        .await
        .ok();
    let settled = settled.as_array().unwrap().clone();
    assert_eq!(count(&settled, "STARTING") + count(&settled, "STOPPING"), 0);
    assert_eq!(count(&settled, "RUNNING"), count(&all, "RUNNING") + 1);

    // Every other demo revision builds.
    for d in settled.iter().filter(|d| d["state"] == "STOPPED") {
        start(&app, d["id"].as_str().unwrap()).await.ok();
    }
    fast_forward(&app).await;
    let after = app
        .get("/v2/faas/package-deployments?size=100")
        .send()
        .await
        .ok();
    let after = after.as_array().unwrap().clone();
    // Besides the demo's FAILED one, only "Fails on Start" (the failure on cue) fails.
    assert_eq!(count(&after, "FAILED"), 2, "{after:?}");
    assert_eq!(count(&after, "RUNNING"), after.len() - 2);
}

#[tokio::test]
async fn starts_past_the_running_limit_are_refused_restarts_are_not() {
    let app = TestApp::with(Config {
        transition_ms: 3_600_000,
        running_deployments_max: 2,
        ..Config::default()
    });
    let keysets = add_keysets(&app, 3).await;
    let (_, revision) = simple_package(&app, "Busy").await;
    let mut ids = Vec::new();
    for keyset in &keysets {
        ids.push(id_of(&deploy(&app, &revision, *keyset).await));
    }

    // STARTING counts: it is about to run.
    start(&app, &ids[0]).await.ok();
    start(&app, &ids[1]).await.ok();
    let errors = start(&app, &ids[2]).await.assert_error(422, "FAAS-2002");
    assert!(errors[0]["message"]
        .as_str()
        .unwrap()
        .contains("at once is 2"));

    fast_forward(&app).await;
    assert_eq!(running_limit(&app).await, "2");
    // A restart of a RUNNING one adds nothing.
    start(&app, &ids[0]).await.ok();
    fast_forward(&app).await;
    // Stopping one makes room.
    stop(&app, &ids[1], "").await.ok();
    fast_forward(&app).await;
    start(&app, &ids[2]).await.ok();
    assert_eq!(get_deployment(&app, &ids[2]).await["state"], "STARTING");
}
