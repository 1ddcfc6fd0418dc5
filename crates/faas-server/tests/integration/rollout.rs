//! Rolling updates and channel conflicts (`api.md` §5), over HTTP: the new deployment runs
//! before the old one stops, a failed build keeps the old one running, every refusal has its
//! code, and the conflicts follow `faas_api::channels::intersects` with the type filter.
//! (What a kill -9 in the middle leaves is `rollout_restart.rs`.)

use crate::common;

use std::time::{Duration, Instant};

use common::{
    deploy, deployment, function_body, function_with_code, package_with_revisions,
    start_deployment, wait_for_state, TestApp, BROKEN_CODE,
};
use faas_server::{worker, Config};
use serde_json::{json, Value};

/// Demo keysets: 31003 has no running demo deployment, 31004 is another of the Chat App.
const KEYSET: i64 = 31003;
const OTHER_KEYSET: i64 = 31004;

fn demo_with(transition_ms: u64) -> TestApp {
    TestApp::with(Config {
        demo: true,
        transition_ms,
        ..Config::default()
    })
}

async fn rolling_update(app: &TestApp, old: &str, new: &str) -> common::TestResponse {
    app.put(
        &format!("/v2/faas/package-deployments/{old}/function-deployments"),
        json!({"newPackageDeploymentId": new}),
    )
    .send()
    .await
}

/// A package with two revisions of working code; returns its revision ids.
async fn two_revisions(app: &TestApp, name: &str) -> Vec<String> {
    let functions = json!([function_body("Filter", "chat.*")]);
    package_with_revisions(app, name, &[functions.clone(), functions])
        .await
        .1
}

/// Settles every pending transition as if its time had come (the old deployment of an
/// update stops at once).
async fn fast_forward(app: &TestApp) {
    let db = app.state.db.clone();
    let now = faas_server::clock::now_ms() + 3_600_000;
    tokio::task::spawn_blocking(move || worker::settle_due(&db, now, 0))
        .await
        .unwrap()
        .unwrap();
}

fn state(d: &Value) -> &str {
    d["state"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn the_new_deployment_runs_before_the_old_one_stops() {
    let app = demo_with(300);
    let revisions = two_revisions(&app, "Rolling").await;
    let old = deploy(&app, &revisions[0], KEYSET).await;
    let new = deploy(&app, &revisions[1], KEYSET).await;
    start_deployment(&app, &old).await.ok();
    wait_for_state(&app, &old, "RUNNING", Duration::from_secs(5)).await;

    let answer = rolling_update(&app, &old, &new).await.ok();
    assert_eq!(answer["id"], json!(new));
    assert_eq!(answer["state"], "STARTING");

    // While the new one builds, the old one runs; it stops only once the new one runs.
    let until = Instant::now() + Duration::from_secs(5);
    loop {
        // The new one read on both sides of the old one: the build queue makes the new one
        // RUNNING and the old one STOPPING in one transaction, which may fall between reads.
        let n = deployment(&app, &new).await;
        let o = deployment(&app, &old).await;
        let n_after = deployment(&app, &new).await;
        match (state(&n), state(&n_after)) {
            ("STARTING", "STARTING") => {
                assert_eq!(state(&o), "RUNNING", "old while the new one builds")
            }
            ("RUNNING", _) => {
                assert!(matches!(state(&o), "STOPPING" | "STOPPED"), "{o}");
                break;
            }
            // Settled between the reads: the next round sees it.
            ("STARTING", "RUNNING") => {}
            (other, _) => panic!("the new deployment is {other}: {n}"),
        }
        assert!(Instant::now() < until, "the new one never ran");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    wait_for_state(&app, &old, "STOPPED", Duration::from_secs(5)).await;
    assert_eq!(state(&deployment(&app, &new).await), "RUNNING");

    // And back: the update is the rollback too.
    rolling_update(&app, &new, &old).await.ok();
    wait_for_state(&app, &new, "STOPPED", Duration::from_secs(5)).await;
    assert_eq!(state(&deployment(&app, &old).await), "RUNNING");
}

#[tokio::test]
async fn a_failed_build_leaves_the_old_deployment_running() {
    let app = demo_with(100);
    let (_, revisions) = package_with_revisions(
        &app,
        "Breaks",
        &[
            json!([function_body("Filter", "chat.*")]),
            json!([function_with_code("Filter", "chat.*", BROKEN_CODE)]),
        ],
    )
    .await;
    let old = deploy(&app, &revisions[0], KEYSET).await;
    let new = deploy(&app, &revisions[1], KEYSET).await;
    start_deployment(&app, &old).await.ok();
    wait_for_state(&app, &old, "RUNNING", Duration::from_secs(5)).await;

    rolling_update(&app, &old, &new).await.ok();
    let failed = wait_for_state(&app, &new, "FAILED", Duration::from_secs(5)).await;
    let error = failed["functionDeployments"][0]["error"]
        .as_str()
        .unwrap_or_default();
    assert!(error.starts_with("line 1:"), "{failed}");
    // Past another transition time, the old one still runs, and can be updated again.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(state(&deployment(&app, &old).await), "RUNNING");
    let answer = rolling_update(&app, &old, &new).await.ok();
    assert_eq!(
        answer["state"], "STARTING",
        "a FAILED one may be the new one"
    );
}

#[tokio::test]
async fn stopping_the_new_deployment_ends_the_update() {
    let app = demo_with(60_000);
    let revisions = two_revisions(&app, "Aborted").await;
    let old = deploy(&app, &revisions[0], KEYSET).await;
    let new = deploy(&app, &revisions[1], KEYSET).await;
    start_deployment(&app, &old).await.ok();
    fast_forward(&app).await;
    rolling_update(&app, &old, &new).await.ok();
    rolling_update(&app, &old, &new)
        .await
        .assert_error(423, "FAAS-1008");
    // The new one's start is canceled: the old one runs on, and a new update may begin.
    app.delete(&format!(
        "/v2/faas/package-deployments/{new}/function-deployments?force=true"
    ))
    .send()
    .await
    .ok();
    start_deployment(&app, &new).await.ok();
    fast_forward(&app).await;
    assert_eq!(state(&deployment(&app, &old).await), "RUNNING");
    assert_eq!(state(&deployment(&app, &new).await), "RUNNING");
}

#[tokio::test]
async fn every_refusal_has_its_code() {
    // Transitions last a minute: the test moves them on with `fast_forward`.
    let app = demo_with(60_000);
    let functions = json!([function_body("Filter", "chat.*")]);
    let (_, revisions) = package_with_revisions(
        &app,
        "Refusals",
        &[functions.clone(), functions.clone(), functions.clone()],
    )
    .await;
    let (_, third) = package_with_revisions(&app, "Another package", &[functions]).await;
    let a = deploy(&app, &revisions[0], KEYSET).await;
    let b = deploy(&app, &revisions[1], KEYSET).await;
    let d = deploy(&app, &revisions[2], KEYSET).await;
    let on_other_keyset = deploy(&app, &revisions[1], OTHER_KEYSET).await;
    let other_package = deploy(&app, &third[0], KEYSET).await;

    // The deployment to update must run.
    let refused = rolling_update(&app, &a, &b).await;
    refused.assert_error(409, "FAAS-2101");
    start_deployment(&app, &a).await.ok();
    rolling_update(&app, &a, &b)
        .await
        .assert_error(423, "FAAS-1009");
    fast_forward(&app).await;

    // The new one: of the package, on the keyset, idle, another one.
    rolling_update(&app, &a, &other_package)
        .await
        .assert_error(409, "FAAS-2102");
    rolling_update(&app, &a, &on_other_keyset)
        .await
        .assert_error(409, "FAAS-2103");
    rolling_update(&app, &a, &a)
        .await
        .assert_error(409, "FAAS-2104");
    start_deployment(&app, &b).await.ok();
    rolling_update(&app, &a, &b)
        .await
        .assert_error(423, "FAAS-1008");
    fast_forward(&app).await;
    rolling_update(&app, &a, &b)
        .await
        .assert_error(409, "FAAS-2104");
    app.delete(&format!(
        "/v2/faas/package-deployments/{b}/function-deployments"
    ))
    .send()
    .await
    .ok();
    fast_forward(&app).await;

    // One update of a deployment at a time.
    rolling_update(&app, &a, &b).await.ok();
    rolling_update(&app, &a, &d)
        .await
        .assert_error(409, "FAAS-2105");

    // Not found: the path's id, and the body's (named as the field to blame).
    let nobody = "00000000-0000-4000-8000-000000000000";
    rolling_update(&app, nobody, &b)
        .await
        .assert_error(404, "FAAS-404");
    for new in [nobody, "not-a-uuid"] {
        let errors = rolling_update(&app, &a, new)
            .await
            .assert_error(404, "FAAS-404");
        assert_eq!(errors[0]["field"], "newPackageDeploymentId");
    }
    // Malformed bodies.
    let path = format!("/v2/faas/package-deployments/{a}/function-deployments");
    let errors = app
        .put(&path, json!({}))
        .send()
        .await
        .assert_error(400, "FAAS-400");
    assert_eq!(errors[0]["field"], "newPackageDeploymentId");
    app.put(&path, json!({"newPackageDeploymentId": 7}))
        .send()
        .await
        .assert_error(400, "FAAS-400");

    // Grants: read only, and write on another keyset only.
    rolling_update_as(&app, "demo-read-only", &a, &d)
        .await
        .assert_error(403, "FAAS-403");
    rolling_update_as(&app, "demo-keyset-31002", &a, &d)
        .await
        .assert_error(403, "FAAS-403");
}

async fn rolling_update_as(app: &TestApp, key: &str, old: &str, new: &str) -> common::TestResponse {
    app.put(
        &format!("/v2/faas/package-deployments/{old}/function-deployments"),
        json!({"newPackageDeploymentId": new}),
    )
    .key(key)
    .send()
    .await
}

// --- Channel conflicts ------------------------------------------------------------------

async fn conflicts(app: &TestApp, query: &str) -> common::TestResponse {
    app.get(&format!("/v2/faas/package-deployments/intersected?{query}"))
        .send()
        .await
}

/// The ids of the deployments of each entry of a conflicts answer, by channel.
fn ids_by_channel(answer: &Value) -> Vec<(String, Vec<String>)> {
    answer
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| {
            let ids = entry["packageDeployments"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["id"].as_str().unwrap().to_owned())
                .collect();
            (entry["channel"].as_str().unwrap().to_owned(), ids)
        })
        .collect()
}

/// The rule's cases over HTTP: a running deployment per input channel, each queried with
/// the channels it must and must not meet.
#[tokio::test]
async fn conflicts_follow_the_rule_on_both_sides() {
    let app = demo_with(0);
    // (the function's input channel, a channel that meets it, one that does not)
    let table: &[(&str, &str, &str)] = &[
        ("chat.room1", "chat.room1", "chat.room2"),
        ("chat.room1", "chat.*", "chatter.*"),
        ("sport.*", "sport.football", "sport"),
        ("sport.*", "sport.football.*", "sports.*"),
        ("a.b.*", "a.*", "a.c.*"),
        ("a.b.*", "a.b.c.d", "a.b"),
    ];
    for (i, (input, meets, misses)) in table.iter().enumerate() {
        let (_, revisions) = package_with_revisions(
            &app,
            &format!("Listens {i}"),
            &[json!([function_body("Listener", input)])],
        )
        .await;
        let id = deploy(&app, &revisions[0], KEYSET).await;
        start_deployment(&app, &id).await.ok();
        wait_for_state(&app, &id, "RUNNING", Duration::from_secs(5)).await;
        let answer = conflicts(
            &app,
            &format!("keyset_id={KEYSET}&channel={meets}&channel={misses}"),
        )
        .await
        .ok();
        let found = ids_by_channel(&answer);
        assert_eq!(found[0].0, *meets);
        assert!(found[0].1.contains(&id), "{input} ∩ {meets}: {answer}");
        assert_eq!(found[1].0, *misses);
        assert!(!found[1].1.contains(&id), "{input} ∩ {misses}: {answer}");
        // Only RUNNING deployments count: stopped, it meets nothing.
        app.delete(&format!(
            "/v2/faas/package-deployments/{id}/function-deployments"
        ))
        .send()
        .await
        .ok();
        wait_for_state(&app, &id, "STOPPED", Duration::from_secs(5)).await;
        let answer = conflicts(&app, &format!("keyset_id={KEYSET}&channel={meets}"))
            .await
            .ok();
        assert!(!ids_by_channel(&answer)[0].1.contains(&id), "{answer}");
    }
}

#[tokio::test]
async fn conflicts_filter_by_type_and_refuse_what_is_malformed() {
    let app = demo_with(0);
    let (_, revisions) = package_with_revisions(
        &app,
        "Two triggers",
        &[json!([
            function_body("Before", "chat.*"),
            {"name": "Presence", "type": "AFTER_PRESENCE", "code": "export default () => 1;",
             "config": {"inputChannel": "lobby"}},
            {"name": "Hook", "type": "ON_REQUEST", "code": "export default () => 1;",
             "config": {"path": "hook"}}
        ])],
    )
    .await;
    let id = deploy(&app, &revisions[0], KEYSET).await;
    start_deployment(&app, &id).await.ok();
    wait_for_state(&app, &id, "RUNNING", Duration::from_secs(5)).await;
    let other = deploy(&app, &revisions[0], OTHER_KEYSET).await;
    start_deployment(&app, &other).await.ok();
    wait_for_state(&app, &other, "RUNNING", Duration::from_secs(5)).await;

    // Every channel once, in the order asked; the other keyset's deployment never.
    let everything =
        format!("keyset_id={KEYSET}&channel=chat.1&channel=lobby&channel=chat.1&channel=none");
    let found = ids_by_channel(&conflicts(&app, &everything).await.ok());
    let only = vec![id.clone()];
    assert_eq!(
        found,
        [
            ("chat.1".to_owned(), only.clone()),
            ("lobby".to_owned(), only.clone()),
            ("none".to_owned(), vec![]),
        ]
    );
    let typed = format!("{everything}&function_type=AFTER_PRESENCE");
    let found = ids_by_channel(&conflicts(&app, &typed).await.ok());
    assert_eq!(found[0].1, Vec::<String>::new(), "chat.* is BEFORE_PUBLISH");
    assert_eq!(found[1].1, only);
    let answer = conflicts(
        &app,
        &format!("keyset_id={KEYSET}&channel=lobby&function_type="),
    )
    .await
    .ok();
    assert_eq!(ids_by_channel(&answer)[0].1, only, "empty is any type");

    for (query, field) in [
        ("channel=lobby".to_owned(), "keyset_id"),
        ("keyset_id=x&channel=lobby".to_owned(), "keyset_id"),
        (format!("keyset_id={KEYSET}"), "channel"),
        (
            format!("keyset_id={KEYSET}&channel=lobby&channel=a.*.b"),
            "channel[1]",
        ),
        (format!("keyset_id={KEYSET}&channel="), "channel[0]"),
        (
            format!("keyset_id={KEYSET}&channel=lobby&function_type=NOPE"),
            "function_type",
        ),
    ] {
        let errors = conflicts(&app, &query).await.assert_error(400, "FAAS-400");
        assert_eq!(errors[0]["field"], field, "{query}");
    }
    let many: String = (0..101).map(|i| format!("&channel=c{i}")).collect();
    conflicts(&app, &format!("keyset_id={KEYSET}{many}"))
        .await
        .assert_error(400, "FAAS-400");
    // Another account's keyset is not found; a keyset the key may not read is forbidden.
    let errors = conflicts(
        &app,
        &format!(
            "keyset_id={}&channel=lobby",
            faas_server::demo::OTHER_ACCOUNT_KEYSET
        ),
    )
    .await
    .assert_error(404, "FAAS-404");
    assert_eq!(errors[0]["field"], "keyset_id");
    app.get(&format!(
        "/v2/faas/package-deployments/intersected?keyset_id={KEYSET}&channel=lobby"
    ))
    .key("demo-keyset-31002")
    .send()
    .await
    .assert_error(403, "FAAS-403");
    let allowed = app
        .get("/v2/faas/package-deployments/intersected?keyset_id=31002&channel=lobby")
        .key("demo-keyset-31002")
        .send()
        .await
        .ok();
    assert_eq!(allowed[0]["channel"], "lobby");
}
