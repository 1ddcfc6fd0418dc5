//! Scheduled events (`api.md` §5), over HTTP: CRUD with its rules and grants, a schedule that
//! starts and stops a deployment on a moved clock, the reasons of failed actions, a missed
//! action run once after a restart, and two servers on one database file running each
//! action once.

use crate::common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::process::temp_database;
use common::{
    deploy, deployment, function_body, function_with_code, package_with_revisions,
    start_deployment, wait_for_state, TestApp, BROKEN_CODE,
};
use faas_server::clock::{self, Clock};
use faas_server::{worker, Config};
use serde_json::{json, Value};

const KEYSET: i64 = 31003;
const HOUR_MS: i64 = 3_600_000;
const EVENTS: &str = "/v2/faas/scheduled/events";

fn at(ms: i64) -> String {
    clock::format_ms(ms)
}

/// A deployment (STOPPED) of a new package with `code`, on `keyset`.
async fn deployment_with(app: &TestApp, name: &str, code: &str, keyset: i64) -> String {
    let (_, revisions) = package_with_revisions(
        app,
        name,
        &[json!([function_with_code("Filter", "chat.*", code)])],
    )
    .await;
    deploy(app, &revisions[0], keyset).await
}

async fn simple_deployment(app: &TestApp, name: &str, keyset: i64) -> String {
    deployment_with(
        app,
        name,
        "export default (request) => request.ok();",
        keyset,
    )
    .await
}

async fn schedule(app: &TestApp, body: Value) -> common::TestResponse {
    app.post(EVENTS, body).send().await
}

async fn event(app: &TestApp, id: &str) -> Value {
    app.get(&format!("{EVENTS}/{id}")).send().await.ok()
}

fn action<'a>(event: &'a Value, kind: &str) -> &'a Value {
    event["scheduledActions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["type"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in {event}"))
}

/// Polls the event until its `kind` action is no longer PENDING; returns the event.
async fn wait_for_action(app: &TestApp, id: &str, kind: &str, within: Duration) -> Value {
    let until = Instant::now() + within;
    loop {
        let e = event(app, id).await;
        if action(&e, kind)["state"] != "PENDING" {
            return e;
        }
        assert!(Instant::now() < until, "{kind} never ran: {e}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn id_of(v: &Value) -> String {
    v["id"].as_str().unwrap().to_owned()
}

/// Settles every pending transition as if its time had come.
async fn fast_forward(app: &TestApp) {
    let db = app.state.db.clone();
    let now = clock::now_ms() + HOUR_MS;
    tokio::task::spawn_blocking(move || worker::settle_due(&db, now, 0))
        .await
        .unwrap()
        .unwrap();
}

#[tokio::test]
async fn a_schedule_starts_and_stops_a_deployment_on_the_moved_clock() {
    let clock = Clock::system();
    let app = TestApp::with(Config {
        demo: true,
        transition_ms: 50,
        clock: clock.clone(),
        ..Config::default()
    });
    let d = simple_deployment(&app, "Nightly", KEYSET).await;
    let t0 = clock.now_ms();
    let (begin, end) = (t0 + HOUR_MS, t0 + 2 * HOUR_MS);
    let created = schedule(
        &app,
        json!({"packageDeploymentId": d, "dttmBegin": at(begin), "dttmEnd": at(end), "description": "nightly"}),
    )
    .await
    .ok();
    assert_eq!(created["state"], "RUNNING");
    assert_eq!(created["dttmBegin"], at(begin));
    assert_eq!(action(&created, "START")["dttm"], at(begin));
    assert_eq!(action(&created, "STOP")["dttm"], at(end));
    let e = id_of(&created);

    // Nothing runs before its time.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    assert_eq!(action(&event(&app, &e).await, "START")["state"], "PENDING");
    assert_eq!(deployment(&app, &d).await["state"], "STOPPED");

    // The clock comes to the begin: the START runs within a second of it.
    clock.advance(Duration::from_millis((begin - clock.now_ms()) as u64));
    let ran = wait_for_action(&app, &e, "START", Duration::from_secs(5)).await;
    let start = action(&ran, "START");
    assert_eq!(start["state"], "DONE", "{ran}");
    let executed = faas_api::schedule::parse_dttm(start["executedDttm"].as_str().unwrap()).unwrap();
    assert!(
        (begin..begin + 1000).contains(&executed),
        "run within a second of its time: {} for {}",
        at(executed),
        at(begin)
    );
    assert_eq!(deployment(&app, &d).await["state"], "RUNNING");
    assert_eq!(action(&ran, "STOP")["state"], "PENDING");
    assert_eq!(ran["state"], "RUNNING");

    clock.advance(Duration::from_millis(HOUR_MS as u64));
    let ran = wait_for_action(&app, &e, "STOP", Duration::from_secs(5)).await;
    assert_eq!(action(&ran, "STOP")["state"], "DONE", "{ran}");
    assert_eq!(ran["state"], "DONE");
    wait_for_state(&app, &d, "STOPPED", Duration::from_secs(5)).await;

    // What has run is kept as it is.
    app.put(
        &format!("{EVENTS}/{e}"),
        json!({"dttmBegin": at(clock.now_ms() + HOUR_MS)}),
    )
    .send()
    .await
    .assert_error(409, "FAAS-1010");
    app.delete(&format!("{EVENTS}/{e}"))
        .send()
        .await
        .assert_error(409, "FAAS-1010");
}

#[tokio::test]
async fn failed_actions_say_why() {
    let clock = Clock::system();
    // Transitions last a minute; the test settles them with `fast_forward`.
    let app = TestApp::with(Config {
        demo: true,
        transition_ms: 60_000,
        clock: clock.clone(),
        ..Config::default()
    });
    let begin = clock.now_ms() + HOUR_MS;
    let breaks = deployment_with(&app, "Breaks", BROKEN_CODE, KEYSET).await;
    let gone = simple_deployment(&app, "Gone", KEYSET).await;
    let stopping = simple_deployment(&app, "Stopping", KEYSET).await;
    let late = simple_deployment(&app, "Late", KEYSET).await;
    let mut events = Vec::new();
    for (d, end) in [
        (&breaks, None),
        (&gone, None),
        (&stopping, None),
        (&late, Some(begin + 60_000)),
    ] {
        let body =
            json!({"packageDeploymentId": d, "dttmBegin": at(begin), "dttmEnd": end.map(at)});
        events.push(id_of(&schedule(&app, body).await.ok()));
    }
    app.delete(&format!("/v2/faas/package-deployments/{gone}"))
        .send()
        .await
        .ok();
    start_deployment(&app, &stopping).await.ok();
    fast_forward(&app).await;
    app.delete(&format!(
        "/v2/faas/package-deployments/{stopping}/function-deployments"
    ))
    .send()
    .await
    .ok();

    // The server was "down" through the whole of the last event.
    clock.advance(Duration::from_millis(HOUR_MS as u64 + 120_000));
    for e in &events[1..] {
        wait_for_action(&app, e, "START", Duration::from_secs(5)).await;
    }
    let reason = |e: &Value, kind: &str| action(e, kind)["error"].as_str().unwrap_or("").to_owned();
    let gone_event = event(&app, &events[1]).await;
    assert_eq!(reason(&gone_event, "START"), "the deployment was deleted");
    let stopping_event = event(&app, &events[2]).await;
    assert!(
        reason(&stopping_event, "START")
            .starts_with("FAAS-1008: cannot start a deployment that is STOPPING"),
        "{stopping_event}"
    );
    let late_event = wait_for_action(&app, &events[3], "STOP", Duration::from_secs(5)).await;
    assert!(
        reason(&late_event, "START").starts_with("not started"),
        "{late_event}"
    );
    assert_eq!(action(&late_event, "STOP")["state"], "DONE");
    assert_eq!(late_event["state"], "FAILED");
    assert_eq!(deployment(&app, &late).await["state"], "STOPPED");

    // A START waits for the build, and fails with the build's error.
    let building = event(&app, &events[0]).await;
    assert_eq!(action(&building, "START")["state"], "PENDING", "{building}");
    assert!(action(&building, "START")["executedDttm"].is_string());
    assert_eq!(deployment(&app, &breaks).await["state"], "STARTING");
    fast_forward(&app).await;
    let failed = event(&app, &events[0]).await;
    assert_eq!(action(&failed, "START")["state"], "FAILED");
    assert!(
        reason(&failed, "START").starts_with("the build failed: line 1:"),
        "{failed}"
    );
    assert_eq!(failed["state"], "FAILED");
}

#[tokio::test]
async fn events_are_checked_listed_changed_and_deleted() {
    let app = TestApp::demo();
    let d = simple_deployment(&app, "Events", KEYSET).await;
    let now = clock::now_ms();
    let body = |begin: Value, end: Value| json!({"packageDeploymentId": d, "dttmBegin": begin, "dttmEnd": end});

    // The rules of times, each naming its field.
    for (b, field, code) in [
        (
            body(json!(at(now - 60_000)), Value::Null),
            "dttmBegin",
            "FAAS-1007",
        ),
        (
            body(json!(at(now + HOUR_MS)), json!(at(now + HOUR_MS))),
            "dttmEnd",
            "FAAS-1007",
        ),
        (
            body(json!(at(now + HOUR_MS)), json!(at(now + 60_000))),
            "dttmEnd",
            "FAAS-1007",
        ),
        (
            body(json!("tomorrow"), Value::Null),
            "dttmBegin",
            "FAAS-400",
        ),
        (
            body(json!("2030-02-30T10:00:00Z"), Value::Null),
            "dttmBegin",
            "FAAS-400",
        ),
        (
            body(json!(at(now + HOUR_MS)), json!("2030-01-01T10:00:00")),
            "dttmEnd",
            "FAAS-400",
        ),
        (json!({"packageDeploymentId": d}), "dttmBegin", "FAAS-400"),
        (
            json!({"packageDeploymentId": d, "dttmBegin": at(now + HOUR_MS), "description": "x".repeat(1001)}),
            "description",
            "FAAS-400",
        ),
    ] {
        let errors = schedule(&app, b.clone()).await.assert_error(400, code);
        assert_eq!(errors[0]["field"], field, "{b}");
    }
    for nobody in ["00000000-0000-4000-8000-000000000000", "nope"] {
        let errors = schedule(
            &app,
            json!({"packageDeploymentId": nobody, "dttmBegin": at(now + HOUR_MS)}),
        )
        .await
        .assert_error(404, "FAAS-404");
        assert_eq!(errors[0]["field"], "packageDeploymentId");
    }

    // Any offset is read, UTC is answered.
    let begin = (now / 1000 + 7200) * 1000;
    let local = clock::format_ms(begin + 2 * HOUR_MS).replace('Z', "+02:00");
    let late = schedule(&app, body(json!(local), Value::Null)).await.ok();
    assert_eq!(late["dttmBegin"], at(begin));
    assert_eq!(late["dttmEnd"], Value::Null);
    assert_eq!(late["scheduledActions"].as_array().unwrap().len(), 1);
    let soon = schedule(
        &app,
        body(json!(at(now + HOUR_MS)), json!(at(now + 3 * HOUR_MS))),
    )
    .await
    .ok();
    let other = simple_deployment(&app, "Elsewhere", KEYSET).await;
    schedule(
        &app,
        json!({"packageDeploymentId": other, "dttmBegin": at(now + HOUR_MS)}),
    )
    .await
    .ok();

    // Soonest first, of one deployment when asked.
    let list = app
        .get(&format!("{EVENTS}?package_deployment_id={d}"))
        .send()
        .await;
    assert_eq!(list.paging()["totalElements"], 2);
    let ids: Vec<String> = list.ok().as_array().unwrap().iter().map(id_of).collect();
    assert_eq!(ids, [id_of(&soon), id_of(&late)]);
    let newest = app
        .get(&format!(
            "{EVENTS}?package_deployment_id={d}&sort=dttmBegin,DESC"
        ))
        .send()
        .await
        .ok();
    assert_eq!(id_of(&newest[0]), id_of(&late));
    app.get(&format!("{EVENTS}?package_deployment_id=nope"))
        .send()
        .await
        .assert_error(400, "FAAS-400");
    app.get(&format!("{EVENTS}?sort=state,ASC"))
        .send()
        .await
        .assert_error(400, "FAAS-1023");

    // A change moves the pending actions; no end removes the stop, an end adds it again.
    let e = id_of(&soon);
    let path = format!("{EVENTS}/{e}");
    let changed = app
        .put(&path, json!({"dttmBegin": at(now + 2 * HOUR_MS), "dttmEnd": at(now + 4 * HOUR_MS), "description": "moved"}))
        .send()
        .await
        .ok();
    assert_eq!(action(&changed, "START")["dttm"], at(now + 2 * HOUR_MS));
    assert_eq!(action(&changed, "STOP")["dttm"], at(now + 4 * HOUR_MS));
    let no_end = app
        .put(&path, json!({"dttmBegin": at(now + 2 * HOUR_MS)}))
        .send()
        .await
        .ok();
    assert_eq!(no_end["scheduledActions"].as_array().unwrap().len(), 1);
    assert_eq!(no_end["description"], "moved", "absent keeps it");
    let again = app
        .put(
            &path,
            json!({"dttmBegin": at(now + 2 * HOUR_MS), "dttmEnd": at(now + 5 * HOUR_MS)}),
        )
        .send()
        .await
        .ok();
    assert_eq!(action(&again, "STOP")["dttm"], at(now + 5 * HOUR_MS));
    app.put(&path, json!({"dttmBegin": at(now - HOUR_MS)}))
        .send()
        .await
        .assert_error(400, "FAAS-1007");
    app.put(&path, json!({"dttmEnd": at(now + HOUR_MS)}))
        .send()
        .await
        .assert_error(400, "FAAS-400");

    // Grants: read-only reads, and a key limited to another keyset sees nothing of these.
    app.get(&path).key("demo-read-only").send().await.ok();
    schedule_as(&app, "demo-read-only", &d, now)
        .await
        .assert_error(403, "FAAS-403");
    app.get(&path)
        .key("demo-keyset-31002")
        .send()
        .await
        .assert_error(403, "FAAS-403");
    app.delete(&path)
        .key("demo-keyset-31002")
        .send()
        .await
        .assert_error(403, "FAAS-403");
    let seen = app.get(EVENTS).key("demo-keyset-31002").send().await.ok();
    assert_eq!(seen, json!([]));
    schedule_as(&app, "demo-keyset-31002", &d, now)
        .await
        .assert_error(403, "FAAS-403");

    // Deleted with its actions.
    app.delete(&path).send().await.ok();
    app.get(&path).send().await.assert_error(404, "FAAS-404");
    app.get(&format!("{EVENTS}/not-a-uuid"))
        .send()
        .await
        .assert_error(404, "FAAS-404");
}

async fn schedule_as(app: &TestApp, key: &str, d: &str, now: i64) -> common::TestResponse {
    app.post(
        EVENTS,
        json!({"packageDeploymentId": d, "dttmBegin": at(now + HOUR_MS)}),
    )
    .key(key)
    .send()
    .await
}

// --- Restarts and two servers on one file -------------------------------------------------

fn on_file(database: &Path, demo: bool) -> Config {
    Config {
        database: format!("sqlite:{}", database.display()),
        demo,
        transition_ms: 50,
        ..Config::default()
    }
}

/// How many times each action has been claimed, by id.
async fn claims(app: &TestApp) -> Vec<(String, String, i64)> {
    app.state
        .db
        .read(|conn| {
            let mut stmt =
                conn.prepare("SELECT id, state, claims FROM scheduled_actions ORDER BY id")?;
            let rows = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
        .await
        .unwrap()
}

#[tokio::test]
async fn a_missed_action_runs_once_after_a_restart() {
    let database = temp_database("missed-action");
    let app = TestApp::with(on_file(&database, false));
    let keyset = app.get("/v2/keysets").send().await.ok()[0]["id"]
        .as_i64()
        .unwrap();
    let d = simple_deployment(&app, "Missed", keyset).await;
    let begin = clock::now_ms() + HOUR_MS;
    let e = id_of(
        &schedule(
            &app,
            json!({"packageDeploymentId": d, "dttmBegin": at(begin)}),
        )
        .await
        .ok(),
    );
    drop(app);

    // Started again an hour and more later: the START that came due meanwhile runs once.
    let later = Clock::system();
    later.advance(Duration::from_millis(HOUR_MS as u64 + 1000));
    let app = TestApp::with(Config {
        clock: later.clone(),
        ..on_file(&database, false)
    });
    let ran = wait_for_action(&app, &e, "START", Duration::from_secs(5)).await;
    assert_eq!(action(&ran, "START")["state"], "DONE", "{ran}");
    wait_for_state(&app, &d, "RUNNING", Duration::from_secs(5)).await;
    let first = claims(&app).await;
    assert_eq!(first.len(), 1);
    assert_eq!(first[0].2, 1, "claimed once");
    drop(app);

    // And once only: another start later finds nothing to run.
    let app = TestApp::with(Config {
        clock: later,
        ..on_file(&database, false)
    });
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(claims(&app).await, first);
    assert_eq!(event(&app, &e).await, ran);
    drop(app);
    let _ = std::fs::remove_dir_all(database.parent().unwrap());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_servers_on_one_file_run_each_action_once() {
    let database = temp_database("two-schedulers");
    let a = TestApp::with(on_file(&database, true));
    let b = TestApp::with(on_file(&database, true));
    assert_eq!(a.admin_key, b.admin_key, "one database, one admin");
    let functions = json!([function_body("Filter", "chat.*")]);
    let (_, revisions) =
        package_with_revisions(&a, "Twice scheduled", &[functions.clone(), functions]).await;
    let keysets = [31001, 31002, 31003, 31004, 32001];
    let mut deployments = Vec::new();
    for revision in &revisions {
        for keyset in keysets {
            deployments.push(deploy(&a, revision, keyset).await);
        }
    }
    // Twenty events (forty actions) due within about two seconds, half made through each
    // server; several per deployment, so that some find it RUNNING or in transition.
    let first = clock::now_ms() + 1500;
    for i in 0..20i64 {
        let server = if i % 2 == 0 { &a } else { &b };
        let begin = first + i * 40;
        let body = json!({"packageDeploymentId": deployments[i as usize % deployments.len()],
            "dttmBegin": at(begin), "dttmEnd": at(begin + 500)});
        schedule(server, body).await.ok();
    }
    let until = Instant::now() + Duration::from_secs(15);
    loop {
        let all = claims(&a).await;
        assert_eq!(all.len(), 40);
        if all.iter().all(|(_, state, _)| state != "PENDING") {
            break;
        }
        assert!(Instant::now() < until, "actions left to run: {all:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Both schedulers kept looking meanwhile; give them more rounds still.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let twice: Vec<_> = claims(&a)
        .await
        .into_iter()
        .filter(|(_, _, claims)| *claims != 1)
        .collect();
    assert!(twice.is_empty(), "claimed other than once: {twice:?}");
    drop((a, b));
    let _ = std::fs::remove_dir_all(database.parent().unwrap());
}
