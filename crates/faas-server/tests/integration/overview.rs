//! The Overview (`GET /v2/faas/overview`, ours): counts by state as writes make them, the
//! grants that scope deployments to keysets, each "needs attention" list (a FAILED
//! deployment with its function and error, a stuck transition, a failed schedule, a failed
//! build), the chart's local days at a zone offset, the latest entries as the activity log's
//! first page, and the refusals.

use crate::common;

use std::time::{Duration, Instant};

use common::*;
use faas_api::activity::{ActorType, Outcome, TargetType};
use faas_api::overview::{CHART_DAYS, STUCK_AFTER_MS};
use faas_api::DeploymentState;
use faas_server::clock::{self, Clock};
use faas_server::http::auth::{Access, Grant, Resource};
use faas_server::store::activity::{self, Actor, Change, Owner};
use faas_server::store::package_deployments::{self, NewDeployment};
use faas_server::{demo, Config};
use serde_json::{json, Value};

const OVERVIEW: &str = "/v2/faas/overview";
const DAY_MS: i64 = 24 * 3_600_000;

async fn overview(app: &TestApp, query: &str) -> Value {
    app.get(&format!("{OVERVIEW}?{query}")).send().await.ok()
}

async fn overview_as(app: &TestApp, key: &str) -> Value {
    app.get(OVERVIEW).key(key).send().await.ok()
}

/// An Overview's deployments per state, in the order of `DeploymentState::ALL`; every state
/// is there.
fn by_state(overview: &Value) -> Vec<(String, u64)> {
    let counts = overview["deployments"].as_object().unwrap();
    assert_eq!(counts.len(), DeploymentState::ALL.len(), "{counts:?}");
    DeploymentState::ALL
        .iter()
        .map(|s| (s.as_str().to_owned(), counts[s.as_str()].as_u64().unwrap()))
        .collect()
}

/// The things of `kind` that need attention: `{"total": n, "items": [...]}` from the answer's
/// totals and its items of that kind.
fn attention(overview: &Value, kind: &str) -> Value {
    let total = match kind {
        "failed-deployment" => "failedDeployments",
        "stuck-deployment" => "stuckDeployments",
        "failed-schedule" => "failedSchedules",
        _ => "failedBuilds",
    };
    let items: Vec<Value> = overview["needsAttention"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|item| item["kind"] == kind)
        .cloned()
        .collect();
    json!({"total": overview["needsAttention"]["totals"][total], "items": items})
}

fn counts(
    stopped: u64,
    starting: u64,
    running: u64,
    stopping: u64,
    failed: u64,
) -> Vec<(String, u64)> {
    DeploymentState::ALL
        .iter()
        .map(|s| s.as_str().to_owned())
        .zip([stopped, starting, running, stopping, failed])
        .collect()
}

async fn first_keyset(app: &TestApp) -> i64 {
    app.get("/v2/keysets").send().await.ok()[0]["id"]
        .as_i64()
        .unwrap()
}

/// A key of the admin account with package:read, and deployment:read on `keyset` only.
async fn key_on_keyset(app: &TestApp, key: &'static str, keyset: i64) {
    let grants = vec![
        Grant {
            resource: Resource::Package,
            access: Access::Read,
            keyset_id: None,
        },
        Grant {
            resource: Resource::PackageDeployment,
            access: Access::Read,
            keyset_id: Some(keyset),
        },
    ];
    add_key(app, key, grants).await;
}

/// Polls the Overview until `done` holds of it, or panics after five seconds.
async fn overview_until(app: &TestApp, done: impl Fn(&Value) -> bool) -> Value {
    let until = Instant::now() + Duration::from_secs(5);
    loop {
        let answer = overview(app, "").await;
        if done(&answer) {
            return answer;
        }
        assert!(Instant::now() < until, "never: {answer}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn counts_follow_what_is_created_deployed_and_started() {
    let app = TestApp::new();
    let empty = overview(&app, "").await;
    assert_eq!(empty["packages"], 0);
    assert_eq!(empty["revisions"], 0);
    assert_eq!(
        by_state(&empty),
        counts(0, 0, 0, 0, 0),
        "every state, zeros too"
    );
    let limit = app
        .get("/v2/faas/limits/package-deployments-running")
        .send()
        .await
        .ok();
    assert_eq!(
        empty["runningMax"].to_string(),
        limit["maxValue"].as_str().unwrap(),
        "the limit GET /v2/faas/limits reports"
    );
    assert_eq!(
        empty["builds"],
        json!([{"slug": "my-team", "name": "My Team", "inProgress": 0}]),
        "the admin's team, without builds"
    );
    assert_eq!(
        attention(&empty, "failed-deployment"),
        json!({"total": 0, "items": []})
    );

    let keysets = add_keysets(&app, 1).await;
    let keyset = first_keyset(&app).await;
    let functions = json!([function_body("F", "chat.*")]);
    let (_, revisions) =
        package_with_revisions(&app, "Counted", &[functions.clone(), functions]).await;
    app.create_package("Another").await;
    deploy(&app, &revisions[0], keyset).await;
    let running = deploy(&app, &revisions[1], keysets[0]).await;
    start_deployment(&app, &running).await.ok();
    wait_for_state(&app, &running, "RUNNING", Duration::from_secs(5)).await;

    let answer = overview(&app, "").await;
    assert_eq!(answer["packages"], 2);
    assert_eq!(answer["revisions"], 3);
    assert_eq!(by_state(&answer), counts(1, 0, 1, 0, 0));
    let today = answer["days"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        today["date"],
        &clock::format_ms(app.state.clock().now_ms())[..10],
        "today, by the server's clock, at UTC"
    );
    assert_eq!(
        (
            &today["deploys"],
            &today["starts"],
            &today["stops"],
            &today["failures"]
        ),
        (&json!(2), &json!(1), &json!(0), &json!(0)),
        "the build that ran is no series of its own: {today}"
    );
    app.delete(&format!(
        "/v2/faas/package-deployments/{running}/function-deployments"
    ))
    .send()
    .await
    .ok();
    wait_for_state(&app, &running, "STOPPED", Duration::from_secs(5)).await;
    let answer = overview(&app, "").await;
    assert_eq!(by_state(&answer), counts(2, 0, 0, 0, 0));
    assert_eq!(answer["days"][CHART_DAYS - 1]["stops"], 1);
}

#[tokio::test]
async fn deployments_count_only_on_the_keysets_the_key_reads_deployments_of() {
    let app = TestApp::new();
    let keysets = add_keysets(&app, 2).await;
    let (mine, theirs) = (keysets[0], keysets[1]);
    let (_, good) =
        package_with_revisions(&app, "Good", &[json!([function_body("F", "chat.*")])]).await;
    let (_, broken) = package_with_revisions(
        &app,
        "Broken",
        &[json!([function_with_code("F", "chat.*", BROKEN_CODE)])],
    )
    .await;
    let running = deploy(&app, &good[0], mine).await;
    start_deployment(&app, &running).await.ok();
    wait_for_state(&app, &running, "RUNNING", Duration::from_secs(5)).await;
    deploy(&app, &good[0], theirs).await;
    let failed = deploy(&app, &broken[0], theirs).await;
    start_deployment(&app, &failed).await.ok();
    wait_for_state(&app, &failed, "FAILED", Duration::from_secs(5)).await;

    let package_read = Grant {
        resource: Resource::Package,
        access: Access::Read,
        keyset_id: None,
    };
    let all_deployments = Grant {
        resource: Resource::PackageDeployment,
        access: Access::Read,
        keyset_id: None,
    };
    key_on_keyset(&app, "mine-only", mine).await;
    add_key(&app, "all-keysets", vec![package_read, all_deployments]).await;
    add_key(&app, "packages-only", vec![package_read]).await;

    let admin = overview(&app, "").await;
    assert_eq!(by_state(&admin), counts(1, 0, 1, 0, 1));
    assert_eq!(attention(&admin, "failed-deployment")["total"], 1);
    let all = overview_as(&app, "all-keysets").await;
    assert_eq!(
        by_state(&all),
        by_state(&admin),
        "an account grant covers every keyset"
    );

    let one = overview_as(&app, "mine-only").await;
    assert_eq!(
        by_state(&one),
        counts(0, 0, 1, 0, 0),
        "only keyset {mine}'s"
    );
    assert_eq!(
        attention(&one, "failed-deployment"),
        json!({"total": 0, "items": []}),
        "the failure is on another keyset"
    );
    assert_eq!(one["packages"], 2, "packages are the account's");
    assert_eq!(one["latest"], admin["latest"], "so is the activity log");
    assert_eq!(
        one["builds"],
        json!([]),
        "a key that is no token of the Vercel-style routes reaches no team"
    );

    let none = overview_as(&app, "packages-only").await;
    assert_eq!(
        by_state(&none),
        counts(0, 0, 0, 0, 0),
        "no deployment grant: none"
    );
    assert_eq!(none["revisions"], 2);
}

#[tokio::test]
async fn a_failed_deployment_shows_the_first_function_that_failed_and_its_error() {
    let app = TestApp::new();
    let keyset = first_keyset(&app).await;
    let (_, revisions) = package_with_revisions(
        &app,
        "Fails",
        &[json!([
            function_body("Builds", "a.*"),
            function_with_code("Broken", "b.*", BROKEN_CODE),
            function_with_code("Also broken", "c.*", BROKEN_CODE)
        ])],
    )
    .await;
    let id = deploy(&app, &revisions[0], keyset).await;
    start_deployment(&app, &id).await.ok();
    let failed = wait_for_state(&app, &id, "FAILED", Duration::from_secs(5)).await;
    let functions = app
        .get(&format!(
            "/v2/faas/package-revisions/{}/functions",
            revisions[0]
        ))
        .send()
        .await
        .ok();
    let broken = functions
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "Broken")
        .unwrap()
        .clone();
    let error = failed["functionDeployments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|fd| fd["functionRevisionId"] == broken["functionRevisionId"])
        .unwrap()["error"]
        .clone();
    assert!(error.as_str().unwrap().starts_with("line 1:"), "{error}");

    let answer = overview(&app, "").await;
    let list = &attention(&answer, "failed-deployment");
    assert_eq!(list["total"], 1);
    assert_eq!(
        list["items"][0],
        json!({
            "kind": "failed-deployment",
            "id": id,
            "name": "Fails v1",
            "at": failed["updatedDttm"],
            "packageRevisionId": revisions[0],
            "keysetId": keyset,
            "functionId": broken["id"],
            "functionName": "Broken",
            "error": error,
        }),
        "the first in the revision's order, with the error GET …/package-deployments/{{id}} shows"
    );
    assert_eq!(by_state(&answer), counts(0, 0, 0, 0, 1));
    assert_eq!(
        answer["days"][CHART_DAYS - 1]["failures"],
        1,
        "the failed build"
    );
}

#[tokio::test]
async fn a_transition_that_lasts_past_the_threshold_is_stuck() {
    let clock = Clock::system();
    let app = TestApp::with(Config {
        transition_ms: 600_000,
        clock: clock.clone(),
        ..Config::default()
    });
    let keyset = first_keyset(&app).await;
    let (package_id, revisions) = package_with_revisions(
        &app,
        "Slow",
        &[
            json!([function_body("F", "chat.*")]),
            json!([function_body("F", "chat.*")]),
        ],
    )
    .await;
    // A stop under way, held by its due time, that began a second before the start below.
    let account = app.state.admin.account_id.clone();
    let revision = revisions[0].clone();
    let began = clock::now_ms() - 1_000;
    let stopping = app
        .state
        .db
        .write(move |tx| {
            package_deployments::insert(
                tx,
                &NewDeployment {
                    account_id: &account,
                    package_id: &package_id,
                    package_revision_id: &revision,
                    keyset_id: keyset,
                    state: DeploymentState::Stopping,
                    transition_due_at: Some(began + 600_000),
                    created_ms: began,
                    updated_ms: began,
                    function_errors: &[],
                },
            )
        })
        .await
        .unwrap();
    let starting = deploy(&app, &revisions[1], keyset).await;
    start_deployment(&app, &starting).await.ok();

    let fresh = overview(&app, "").await;
    assert_eq!(by_state(&fresh), counts(0, 1, 0, 1, 0));
    assert_eq!(
        attention(&fresh, "stuck-deployment"),
        json!({"total": 0, "items": []}),
        "a transition takes its time"
    );
    clock.advance(Duration::from_millis(STUCK_AFTER_MS as u64 + 1_000));
    let later = overview(&app, "").await;
    let stuck = &attention(&later, "stuck-deployment");
    assert_eq!(stuck["total"], 2);
    let items = stuck["items"].as_array().unwrap();
    let elsewhere = add_keysets(&app, 1).await[0];
    key_on_keyset(&app, "elsewhere", elsewhere).await;
    assert_eq!(
        attention(&overview_as(&app, "elsewhere").await, "stuck-deployment")["total"],
        0,
        "stuck on a keyset the key does not read deployments of"
    );
    assert_eq!(items[0]["id"], stopping.as_str(), "longest first");
    assert_eq!(items[0]["state"], "STOPPING");
    assert_eq!(items[0]["at"], clock::format_ms(began));
    assert_eq!(
        items[1],
        json!({
            "kind": "stuck-deployment",
            "id": starting,
            "name": "Slow v2",
            "keysetId": keyset,
            "state": "STARTING",
            "at": deployment(&app, &starting).await["updatedDttm"],
        })
    );
}

#[tokio::test]
async fn a_schedule_whose_last_action_failed_needs_attention() {
    let clock = Clock::system();
    let app = TestApp::with(Config {
        transition_ms: 600_000,
        clock: clock.clone(),
        ..Config::default()
    });
    let keyset = first_keyset(&app).await;
    // STARTING for ten minutes: the scheduler's start of `busy` is refused.
    let ScheduledStarts {
        busy,
        events,
        begin_ms: begin,
        ..
    } = schedule_a_start_that_runs_and_one_that_fails(&app, &clock, keyset).await;
    let answer = overview_until(&app, |o| attention(o, "failed-schedule")["total"] == 1).await;
    let item = &attention(&answer, "failed-schedule")["items"][0];
    let refused = app
        .get(&format!("/v2/faas/scheduled/events/{}", events[1]))
        .send()
        .await
        .ok();
    let action = &refused["scheduledActions"][0];
    assert_eq!(action["state"], "FAILED");
    assert_eq!(
        *item,
        json!({
            "kind": "failed-schedule",
            "id": events[1],
            "name": "Scheduled v2",
            "description": "refused",
            "packageDeploymentId": busy,
            "error": action["error"],
            "at": clock::format_ms(begin),
        })
    );
    assert!(
        item["error"].as_str().unwrap().contains("STARTING"),
        "{item}"
    );
    let elsewhere = add_keysets(&app, 1).await[0];
    key_on_keyset(&app, "elsewhere", elsewhere).await;
    assert_eq!(
        attention(&overview_as(&app, "elsewhere").await, "failed-schedule")["total"],
        0,
        "the event's keyset is not the key's"
    );
    // The other one's start ran and waits for its build: nothing failed.
    let ran = app
        .get(&format!("/v2/faas/scheduled/events/{}", events[0]))
        .send()
        .await
        .ok();
    assert_eq!(ran["scheduledActions"][0]["state"], "PENDING");
}

#[tokio::test]
async fn builds_per_team_and_failed_builds() {
    let app = TestApp::with(Config {
        transition_ms: 0,
        build_initializing_ms: 1,
        build_building_ms: 1,
        ..Config::default()
    });
    let token = app.admin_key.clone();
    let create = |body: Value| {
        app.post("/v13/deployments?slug=my-team", body)
            .bearer(&token)
            .send()
    };
    let failed = create(json!({"name": "web", "meta": {"fail": "true"}})).await;
    assert_eq!(failed.status, 200, "{}", failed.text());
    let held = create(json!({"name": "held", "meta": {"buildMs": "600000"}})).await;
    let canceled = create(json!({"name": "dropped", "meta": {"buildMs": "600000"}})).await;
    let canceled_id = canceled.json["id"].as_str().unwrap().to_owned();
    let res = app
        .call(
            axum::http::Method::PATCH,
            &format!("/v12/deployments/{canceled_id}/cancel?slug=my-team"),
        )
        .bearer(&token)
        .send()
        .await;
    assert_eq!(res.status, 200, "{}", res.text());

    let answer = overview_until(&app, |o| attention(o, "failed-build")["total"] == 1).await;
    assert_eq!(
        answer["builds"],
        json!([{"slug": "my-team", "name": "My Team", "inProgress": 1}]),
        "the held build; the failed and the canceled one are over"
    );
    let item = &attention(&answer, "failed-build")["items"][0];
    assert_eq!(item["id"], failed.json["id"]);
    assert_eq!(item["name"], "web");
    assert_eq!(item["team"], "my-team");
    assert_eq!(
        item["at"],
        clock::format_ms(failed.json["createdAt"].as_i64().unwrap())
    );
    assert!(
        item["error"].as_str().unwrap().starts_with("Build failed"),
        "{item}"
    );
    assert_eq!(
        answer["days"][CHART_DAYS - 1]["failures"],
        1,
        "the failed build is on the chart"
    );
    assert!(held.json["id"].is_string());
}

/// Records an entry of `kind` in the admin account at `at_ms`, as a server action would.
async fn record_at(
    app: &TestApp,
    target_type: TargetType,
    action: &'static str,
    failed: bool,
    at_ms: i64,
) {
    let account = app.state.admin.account_id.clone();
    app.state
        .db
        .write(move |tx| {
            let change = Change {
                target_type,
                action,
                target_id: "00000000-0000-4000-8000-000000000001",
                target_name: "Clocked v1 on Development",
                outcome: if failed {
                    Outcome::Failed
                } else {
                    Outcome::Succeeded
                },
                detail: failed.then_some("line 1:1: Unexpected token"),
            };
            let actor = Actor {
                actor_type: ActorType::Key,
                name: "admin".into(),
                correlation_id: None,
            };
            activity::record(tx, &actor, Owner::Account(&account), &change, at_ms)
        })
        .await
        .unwrap();
}

/// `(date, deploys, starts, stops, failures)` of each day that has any.
fn busy_days(overview: &Value) -> Vec<(String, u64, u64, u64, u64)> {
    let days = overview["days"].as_array().unwrap();
    assert_eq!(days.len(), CHART_DAYS);
    days.iter()
        .map(|d| {
            (
                d["date"].as_str().unwrap().to_owned(),
                d["deploys"].as_u64().unwrap(),
                d["starts"].as_u64().unwrap(),
                d["stops"].as_u64().unwrap(),
                d["failures"].as_u64().unwrap(),
            )
        })
        .filter(|(_, a, b, c, d)| a + b + c + d > 0)
        .collect()
}

#[tokio::test]
async fn days_are_local_to_the_offset_and_end_today_by_the_servers_clock() {
    // The server's clock stands at 06:00 UTC of the wall clock's day (so that the entries
    // are within retention), the entries around the midnight before it.
    let midnight = clock::now_ms().div_euclid(DAY_MS) * DAY_MS;
    let app = TestApp::with(Config {
        transition_ms: 0,
        clock: Clock::manual(midnight + 6 * 3_600_000),
        ..Config::default()
    });
    let date = |ms: i64| clock::format_ms(ms)[..10].to_owned();
    let (today, yesterday) = (date(midnight), date(midnight - DAY_MS));
    let minutes = 60_000;
    record_at(
        &app,
        TargetType::Deployment,
        "build",
        true,
        midnight - 120 * minutes,
    )
    .await;
    record_at(
        &app,
        TargetType::Deployment,
        "start",
        false,
        midnight - 30 * minutes,
    )
    .await;
    record_at(
        &app,
        TargetType::Deployment,
        "create",
        false,
        midnight + 30 * minutes,
    )
    .await;
    record_at(
        &app,
        TargetType::Package,
        "create",
        false,
        midnight + 40 * minutes,
    )
    .await;
    // Before the first day at UTC, within it three hours east.
    let early = midnight - 13 * DAY_MS - 120 * minutes;
    record_at(&app, TargetType::Deployment, "stop", false, early).await;

    let utc = overview(&app, "").await;
    assert_eq!(utc["days"][CHART_DAYS - 1]["date"], today.as_str());
    assert_eq!(
        utc["days"][0]["date"],
        date(midnight - 13 * DAY_MS).as_str()
    );
    assert_eq!(
        busy_days(&utc),
        [(yesterday.clone(), 0, 1, 0, 1), (today.clone(), 1, 0, 0, 0)],
        "a package.create is in no series"
    );
    assert_eq!(
        busy_days(&overview(&app, "tz_offset=0").await),
        busy_days(&utc)
    );
    assert_eq!(
        busy_days(&overview(&app, "tz_offset=60").await),
        [(yesterday.clone(), 0, 0, 0, 1), (today.clone(), 1, 1, 0, 0)],
        "23:30 UTC is 00:30 an hour east"
    );
    let west = overview(&app, "tz_offset=-60").await;
    assert_eq!(
        west["days"][CHART_DAYS - 1]["date"],
        today.as_str(),
        "05:00 there"
    );
    assert_eq!(
        busy_days(&west),
        [(yesterday.clone(), 1, 1, 0, 1)],
        "00:30 UTC is 23:30 the day before an hour west"
    );
    let east = overview(&app, "tz_offset=180").await;
    assert_eq!(
        busy_days(&east)[0],
        (date(midnight - 13 * DAY_MS), 0, 0, 1, 0),
        "the first day begins three hours earlier there"
    );
    // Seven hours west it is still yesterday: the window ends there.
    let far = overview(&app, "tz_offset=-420").await;
    assert_eq!(far["days"][CHART_DAYS - 1]["date"], yesterday.as_str());
}

/// The Overview's latest entries and the log's first page of `key`, read while no entry came
/// in between (the demo's builds end on their own).
async fn latest_and_log(app: &TestApp, key: &str) -> (Value, Value) {
    let log = || async {
        app.get("/v2/faas/activity?size=10")
            .key(key)
            .send()
            .await
            .ok()
    };
    for _ in 0..20 {
        let before = log().await;
        let latest = overview_as(app, key).await["latest"].clone();
        if log().await == before {
            return (latest, before);
        }
    }
    panic!("the log never stood still");
}

#[tokio::test]
async fn latest_is_the_first_page_of_the_activity_log() {
    let app = TestApp::demo();
    for n in 0..3 {
        app.create_package(&format!("Latest {n}")).await;
    }
    let admin_key = app.admin_key.clone();
    let (latest, log) = latest_and_log(&app, &admin_key).await;
    assert_eq!(latest, log);
    assert_eq!(latest.as_array().unwrap().len(), 10);
    assert_eq!(latest[0]["target"]["name"], "Latest 2");
    // Another key of the account sees the same log.
    let (latest, log) = latest_and_log(&app, demo::KEY_READ_ONLY).await;
    assert_eq!(latest, log);
    assert!(latest
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["target"]["name"] == "Latest 2"));
}

#[tokio::test]
async fn a_bad_zone_offset_is_refused_naming_it_and_reading_takes_package_read() {
    let app = TestApp::demo();
    for bad in ["abc", "841", "-841", "1.5", "60m", "99999999999"] {
        let errors = app
            .get(&format!("{OVERVIEW}?tz_offset={bad}"))
            .send()
            .await
            .assert_error(400, "FAAS-400");
        assert_eq!(errors[0]["field"], "tz_offset", "{bad}");
    }
    for good in ["", "840", "-840", "330"] {
        overview(&app, &format!("tz_offset={good}")).await;
    }
    assert_read_needs_a_grant_and_a_key(&app, OVERVIEW).await;
    // The other account sees none of the demo account's packages.
    let other = overview_as(&app, demo::KEY_OTHER_ACCOUNT).await;
    let own = overview(&app, "").await;
    assert_ne!(other["packages"], own["packages"]);
}
