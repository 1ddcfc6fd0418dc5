//! The activity log (`api.md` §5 "Activity"): every accepted write is recorded in its own
//! transaction, by the key's name and the request's correlation id, and nothing else is
//! (refusals, rolled-back writes); the scheduler and the build queue record their own
//! actions; no code or secret value is ever in it; the list pages and filters; each
//! account sees its own; retention drops old entries; and a server killed with `kill -9`
//! in the middle of writes never leaves a change without its entry or an entry without
//! its change.

use crate::common;

use std::time::Duration;

use common::process::{temp_database, Server};
use common::*;
use faas_server::clock::{self, Clock};
use faas_server::store::activity::{Actor, Author};
use faas_server::store::packages;
use faas_server::{demo, Config};
use serde_json::{json, Value};

const LOG: &str = "/v2/faas/activity";

async fn log(app: &TestApp, query: &str) -> Vec<Value> {
    app.get(&format!("{LOG}?size=100&{query}"))
        .send()
        .await
        .ok()
        .as_array()
        .unwrap()
        .clone()
}

fn kinds(entries: &[Value]) -> Vec<&str> {
    entries
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect()
}

async fn keyset_id(app: &TestApp) -> i64 {
    app.get("/v2/keysets").send().await.ok()[0]["id"]
        .as_i64()
        .unwrap()
}

#[tokio::test]
async fn every_accepted_write_is_recorded_by_the_key_name_and_the_request() {
    let app = TestApp::new();
    let keyset = keyset_id(&app).await;
    let correlation = "6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab";
    let package = app
        .post("/v2/faas/packages", package_body("Logged"))
        .header("x-correlation-id", correlation)
        .send()
        .await
        .ok();
    let package_id = package["id"].as_str().unwrap();
    app.put(
        &format!("/v2/faas/packages/{package_id}"),
        json!({"description": "changed"}),
    )
    .send()
    .await
    .ok();
    let revision = app
        .post(
            "/v2/faas/package-revisions",
            json!({"packageId": package_id, "functions": [function_body("F", "chat.*")]}),
        )
        .send()
        .await
        .ok();
    let revision_id = revision["id"].as_str().unwrap();
    let deployment = deploy(&app, revision_id, keyset).await;
    start_deployment(&app, &deployment).await.ok();
    wait_for_state(&app, &deployment, "RUNNING", Duration::from_secs(5)).await;
    app.delete(&format!(
        "/v2/faas/package-deployments/{deployment}/function-deployments"
    ))
    .send()
    .await
    .ok();
    wait_for_state(&app, &deployment, "STOPPED", Duration::from_secs(5)).await;

    let entries = log(&app, "").await;
    assert_eq!(
        kinds(&entries),
        [
            "deployment.stop",
            "deployment.build",
            "deployment.start",
            "deployment.create",
            "revision.create",
            "package.update",
            "package.create"
        ],
        "newest first"
    );
    let created = entries.last().unwrap();
    assert_eq!(created["actor"], json!({"type": "key", "keyName": "admin"}));
    assert_eq!(created["correlationId"], correlation);
    assert_eq!(created["outcome"], "succeeded");
    assert_eq!(
        created["target"],
        json!({"type": "package", "id": package_id, "name": "Logged"})
    );
    let built = &entries[1];
    assert_eq!(
        built["actor"],
        json!({"type": "build-queue", "keyName": null})
    );
    assert_eq!(built["correlationId"], Value::Null);
    assert_eq!(built["target"]["id"], deployment.as_str());
    assert!(
        built["target"]["name"]
            .as_str()
            .unwrap()
            .starts_with("Logged v2 on "),
        "a deployment is named by package, revision and keyset: {built}"
    );
    assert_eq!(entries[4]["target"]["name"], "Logged v2");
    // The answer's own correlation id is the entry's, so a console can find its request.
    let res = app
        .delete(&format!("/v2/faas/packages/{package_id}"))
        .send()
        .await;
    let id = res.header("x-correlation-id").unwrap().to_owned();
    let deleted = &log(&app, "kind=package.delete").await[0];
    assert_eq!(deleted["correlationId"], id.as_str());
    assert_eq!(deleted["target"]["name"], "Logged", "named as it was");
}

#[tokio::test]
async fn a_refused_or_rolled_back_write_leaves_no_entry() {
    let app = TestApp::new();
    app.create_package("Taken").await;
    let before = log(&app, "").await.len();
    app.post("/v2/faas/packages", package_body("Taken"))
        .send()
        .await
        .assert_error(409, "FAAS-409");
    app.post(
        "/v2/faas/package-deployments/00000000-0000-4000-8000-000000000000/function-deployments",
        json!({}),
    )
    .send()
    .await
    .assert_error(404, "FAAS-404");
    assert_eq!(log(&app, "").await.len(), before, "refusals are no changes");

    // A write that recorded its entry and then failed: the transaction takes both back.
    let account = app.state.admin.account_id.clone();
    let limits = app.state.config.limits;
    let failed = app
        .state
        .db
        .write(move |tx| {
            let by = Author {
                account_id: account,
                actor: Actor::key("admin", "6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab"),
            };
            let body: faas_api::CreatePackage =
                serde_json::from_value(package_body("Rolled back")).unwrap();
            let valid = faas_api::validation::validate_create_package(&body, &limits).unwrap();
            packages::create(tx, &by, valid, &limits)?;
            Err::<(), _>(faas_server::db::StoreError::internal("a later step failed"))
        })
        .await;
    assert!(failed.is_err());
    let entries = log(&app, "").await;
    assert_eq!(entries.len(), before, "no entry of the rolled-back write");
    let names: Vec<Value> = app
        .get("/v2/faas/packages")
        .send()
        .await
        .ok()
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].clone())
        .collect();
    assert_eq!(names, [json!("Taken")], "nor its change");
}

#[tokio::test]
async fn stop_all_records_each_deployment_it_stopped() {
    let app = TestApp::new();
    let keyset = keyset_id(&app).await;
    let functions = json!([function_body("F", "chat.*")]);
    let (package_id, revisions) =
        package_with_revisions(&app, "Many", &[functions.clone(), functions]).await;
    let mut ids = Vec::new();
    for revision in &revisions {
        let id = deploy(&app, revision, keyset).await;
        start_deployment(&app, &id).await.ok();
        wait_for_state(&app, &id, "RUNNING", Duration::from_secs(5)).await;
        ids.push(id);
    }
    let res = app
        .delete(&format!(
            "/v2/faas/function-deployments?package_id={package_id}"
        ))
        .send()
        .await;
    let correlation = res.header("x-correlation-id").unwrap().to_owned();
    res.ok();
    let stops = log(&app, "kind=deployment.stop").await;
    assert_eq!(stops.len(), 2);
    for stop in &stops {
        assert_eq!(stop["correlationId"], correlation.as_str());
        assert!(ids.contains(&stop["target"]["id"].as_str().unwrap().to_owned()));
    }
    // A stop that changes nothing is not recorded.
    app.delete(&format!(
        "/v2/faas/package-deployments/{}/function-deployments",
        ids[0]
    ))
    .send()
    .await
    .ok();
    assert_eq!(log(&app, "kind=deployment.stop").await.len(), 2);
}

#[tokio::test]
async fn keyset_data_is_recorded_without_its_values() {
    let app = TestApp::new();
    let keyset = keyset_id(&app).await;
    let subkey = app.subkey(keyset).await;
    let q = format!("subkey={subkey}");
    app.put(
        &format!("/v2/faas/kv/strings/greeting?{q}"),
        json!({"value": "kv-value-never-logged"}),
    )
    .send()
    .await
    .ok();
    app.post(
        &format!("/v2/faas/kv/counters/hits/increment?{q}"),
        json!({}),
    )
    .send()
    .await
    .ok();
    app.post(
        &format!("/v2/faas/kv/counters/hits/decrement?{q}"),
        json!({"value": 1}),
    )
    .send()
    .await
    .ok();
    app.put(
        &format!("/v2/faas/kv/secrets/API_TOKEN?{q}"),
        json!({"value": "secret-value-never-logged"}),
    )
    .send()
    .await
    .ok();
    app.delete(&format!("/v2/faas/kv/secrets/API_TOKEN?{q}"))
        .send()
        .await
        .ok();
    app.delete(&format!("/v2/faas/kv/strings/greeting?{q}"))
        .send()
        .await
        .ok();
    let res = app.get(&format!("{LOG}?size=100")).send().await;
    let text = res.text();
    assert!(!text.contains("never-logged"), "a value in the log: {text}");
    let entries = res.ok();
    let entries = entries.as_array().unwrap();
    assert_eq!(
        kinds(entries),
        [
            "kv.delete",
            "secret.delete",
            "secret.put",
            "kv.decrement",
            "kv.increment",
            "kv.put"
        ]
    );
    let put = entries.last().unwrap();
    assert_eq!(put["target"]["id"], keyset.to_string());
    assert!(put["target"]["name"]
        .as_str()
        .unwrap()
        .starts_with("string greeting on "));
    assert_eq!(log(&app, &format!("target_id={keyset}")).await.len(), 6);
    // Code never goes into the log either: only names.
    let code = "export default (r) => { const marker = 'code-never-logged'; return r.ok(); };";
    app.post(
        "/v2/faas/packages",
        json!({"name": "Coded", "functions": [function_with_code("F", "c", code)]}),
    )
    .send()
    .await
    .ok();
    let text = app.get(LOG).send().await.text();
    assert!(
        !text.contains("code-never-logged"),
        "code in the log: {text}"
    );
}

#[tokio::test]
async fn the_list_filters_by_kind_actor_target_and_time_and_pages() {
    let app = TestApp::new();
    let mut ids = Vec::new();
    for n in 0..5 {
        ids.push(
            app.create_package(&format!("P{n}")).await["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    app.put(
        &format!("/v2/faas/packages/{}", ids[0]),
        json!({"description": "x"}),
    )
    .send()
    .await
    .ok();

    assert_eq!(log(&app, "kind=package").await.len(), 6, "a whole type");
    assert_eq!(log(&app, "kind=package.update").await.len(), 1);
    assert_eq!(log(&app, "kind=deployment").await.len(), 0);
    assert_eq!(log(&app, "actor=admin").await.len(), 6);
    assert_eq!(log(&app, "actor=scheduler").await.len(), 0);
    let own = log(&app, &format!("target_id={}", ids[0])).await;
    assert_eq!(kinds(&own), ["package.update", "package.create"]);
    assert_eq!(
        log(&app, "search=p3").await.len(),
        1,
        "by the target's name"
    );

    let now = clock::now_ms();
    let at = |ms: i64| clock::format_ms(ms);
    assert_eq!(
        log(&app, &format!("since={}", at(now - 60_000)))
            .await
            .len(),
        6
    );
    assert_eq!(
        log(&app, &format!("since={}", at(now + 60_000)))
            .await
            .len(),
        0
    );
    assert_eq!(
        log(&app, &format!("until={}", at(now - 60_000)))
            .await
            .len(),
        0
    );
    let offset = clock::format_ms(now + 60_000).replace('Z', "+00:00");
    let window = format!(
        "since={}&until={}",
        at(now - 60_000),
        offset.replace('+', "%2B")
    );
    assert_eq!(log(&app, &window).await.len(), 6, "any offset");
    let empty = format!("since={}&until={}", at(now + 60_000), at(now - 60_000));
    assert_eq!(log(&app, &empty).await.len(), 0, "an empty range");

    // Pages of 4: newest first, no entry twice.
    let first = app.get(&format!("{LOG}?size=4")).send().await;
    assert_eq!(
        first.paging(),
        json!({"totalElements": 6, "totalPages": 2, "pageSize": 4, "pageNumber": 0, "pageOffset": 0})
    );
    let second = app.get(&format!("{LOG}?size=4&page=1")).send().await.ok();
    let mut all: Vec<Value> = first.ok().as_array().unwrap().clone();
    all.extend(second.as_array().unwrap().iter().cloned());
    let mut seen: Vec<&str> = all.iter().map(|e| e["id"].as_str().unwrap()).collect();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 6);
    let times: Vec<&str> = all.iter().map(|e| e["at"].as_str().unwrap()).collect();
    let mut sorted = times.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(times, sorted, "newest first");

    for (query, field) in [
        ("kind=thing", "kind"),
        ("kind=package.explode", "kind"),
        ("since=yesterday", "since"),
        ("until=2026-13-01T00:00:00Z", "until"),
        ("actor=%07bell", "actor"),
    ] {
        let errors = app
            .get(&format!("{LOG}?{query}"))
            .send()
            .await
            .assert_error(400, "FAAS-400");
        assert_eq!(errors[0]["field"], field, "{query}");
    }
    let long = "x".repeat(201);
    app.get(&format!("{LOG}?target_id={long}"))
        .send()
        .await
        .assert_error(400, "FAAS-400");
    app.get(&format!("{LOG}?size=0"))
        .send()
        .await
        .assert_error(400, "FAAS-1019");
    app.get(&format!("{LOG}?sort=at,DESC"))
        .send()
        .await
        .assert_error(400, "FAAS-1023");
}

#[tokio::test]
async fn each_account_sees_its_own_log_and_reading_it_takes_package_read() {
    let app = TestApp::demo();
    app.create_package("Mine").await;
    let other = app
        .get(&format!("{LOG}?size=100"))
        .key(demo::KEY_OTHER_ACCOUNT)
        .send()
        .await
        .ok();
    assert!(
        other
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["target"]["name"] != "Mine"),
        "another account's entry leaked: {other}"
    );
    let read_only = app
        .get(&format!("{LOG}?kind=package.create"))
        .key(demo::KEY_READ_ONLY)
        .send()
        .await
        .ok();
    assert_eq!(read_only[0]["target"]["name"], "Mine", "the same account's");
    assert_read_needs_a_grant_and_a_key(&app, LOG).await;
}

#[tokio::test]
async fn builds_are_recorded_in_their_team_with_the_build_queue_ending_them() {
    let app = TestApp::with(Config {
        transition_ms: 0,
        build_initializing_ms: 1,
        build_building_ms: 1,
        ..Config::default()
    });
    let token = app.admin_key.clone();
    let created = app
        .post(
            "/v13/deployments?slug=my-team",
            json!({"name": "web", "meta": {"fail": "true"}}),
        )
        .bearer(&token)
        .send()
        .await;
    assert_eq!(created.status, 200, "{}", created.text());
    let id = created.json["id"].as_str().unwrap().to_owned();
    let until = std::time::Instant::now() + Duration::from_secs(5);
    let ended = loop {
        let entries = log(&app, "kind=build").await;
        if entries.len() == 2 {
            break entries;
        }
        assert!(
            std::time::Instant::now() < until,
            "never built: {entries:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert_eq!(kinds(&ended), ["build.build", "build.create"]);
    assert_eq!(
        ended[1]["actor"],
        json!({"type": "key", "keyName": "admin"})
    );
    assert_eq!(
        ended[1]["target"],
        json!({"type": "build", "id": id, "name": "web", "team": "my-team"})
    );
    assert_eq!(ended[0]["actor"]["type"], "build-queue");
    assert_eq!(ended[0]["outcome"], "failed");
    assert!(ended[0]["detail"]
        .as_str()
        .unwrap()
        .contains("Build failed"));

    // A cancel, with a build held BUILDING on demand.
    let held = app
        .post(
            "/v13/deployments?slug=my-team",
            json!({"name": "held", "meta": {"buildMs": "60000"}}),
        )
        .bearer(&token)
        .send()
        .await;
    let held_id = held.json["id"].as_str().unwrap().to_owned();
    let canceled = app
        .call(
            axum::http::Method::PATCH,
            &format!("/v12/deployments/{held_id}/cancel?slug=my-team"),
        )
        .bearer(&token)
        .send()
        .await;
    assert_eq!(canceled.status, 200, "{}", canceled.text());
    let cancels = log(&app, "kind=build.cancel").await;
    assert_eq!(cancels.len(), 1);
    assert_eq!(cancels[0]["target"]["id"], held_id.as_str());
    // A key that is no token of the team sees none of it.
    let foreign = app
        .get(&format!("{LOG}?kind=build"))
        .key(demo::KEY_OTHER_ACCOUNT)
        .send()
        .await;
    assert_eq!(foreign.status, 401, "no such key without --demo");
}

#[tokio::test]
async fn the_scheduler_records_what_it_ran_and_why_it_failed() {
    let clock = Clock::system();
    let app = TestApp::with(Config {
        transition_ms: 600_000,
        clock: clock.clone(),
        ..Config::default()
    });
    let keyset = keyset_id(&app).await;
    // STARTING for ten minutes: the scheduler's start of `busy` is refused.
    let ScheduledStarts { idle, busy, .. } =
        schedule_a_start_that_runs_and_one_that_fails(&app, &clock, keyset).await;
    let until = std::time::Instant::now() + Duration::from_secs(5);
    let runs = loop {
        let runs = log(&app, "actor=scheduler").await;
        if runs.len() == 2 {
            break runs;
        }
        assert!(std::time::Instant::now() < until, "not run: {runs:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let of = |id: &str| {
        runs.iter()
            .find(|e| e["target"]["id"] == id)
            .unwrap()
            .clone()
    };
    let started = of(&idle);
    assert_eq!(started["kind"], "deployment.start");
    assert_eq!(started["outcome"], "succeeded");
    assert_eq!(
        started["actor"],
        json!({"type": "scheduler", "keyName": null})
    );
    let refused = of(&busy);
    assert_eq!(refused["kind"], "deployment.start");
    assert_eq!(refused["outcome"], "failed");
    assert!(
        refused["detail"].as_str().unwrap().contains("STARTING"),
        "{refused}"
    );
    assert_eq!(log(&app, "kind=schedule.create").await.len(), 2);
}

#[tokio::test]
async fn the_demo_has_a_week_of_history_and_retention_drops_older_entries() {
    let app = TestApp::demo();
    let entries = log(&app, "").await;
    assert!(entries.len() >= 20, "a week of history: {}", entries.len());
    let now = clock::now_ms();
    let oldest = entries.last().unwrap()["at"].as_str().unwrap().to_owned();
    assert!(
        oldest >= clock::format_ms(now - 8 * 24 * 3_600_000),
        "{oldest}"
    );
    assert!(
        entries
            .iter()
            .any(|e| e["kind"] == "deployment.build" && e["outcome"] == "failed"),
        "the demo's failed builds"
    );
    for actor in ["admin", "scheduler", "build-queue", "demo-keyset-31002"] {
        assert!(
            entries
                .iter()
                .any(|e| { e["actor"]["keyName"] == actor || e["actor"]["type"] == actor }),
            "{actor}"
        );
    }
    // A reset empties the log but for itself, and seeds the week again.
    app.post("/v2/faas/demo/reset", json!({})).send().await.ok();
    let after = log(&app, "").await;
    assert_eq!(after[0]["kind"], "demo.reset");
    assert_eq!(after.len(), entries.len() + 1);

    let short = TestApp::with(Config {
        demo: true,
        transition_ms: 0,
        activity_retention_days: 1,
        ..Config::default()
    });
    let kept = log(&short, "").await;
    let day_ago = clock::format_ms(clock::now_ms() - 24 * 3_600_000);
    assert!(kept.len() < entries.len());
    assert!(kept
        .iter()
        .all(|e| e["at"].as_str().unwrap() >= day_ago.as_str()));
}

/// `kill -9` while writes are under way, then a start on the same file: every package that
/// exists has its `package.create` entry and every such entry its package.
#[test]
fn a_crash_never_leaves_a_change_without_its_entry_or_an_entry_without_its_change() {
    let database = temp_database("activity-kill");
    for round in 0..3 {
        let server = Server::start(&database, &["--max-packages", "100000"]);
        let addr = server.addr.clone();
        let writer = std::thread::spawn(move || {
            for n in 0.. {
                let body = json!({"name": format!("Crash {round}-{n}"),
                    "functions": [{"name": "F", "type": "BEFORE_PUBLISH",
                        "code": "export default (r) => r.ok();", "config": {"inputChannel": "c"}}]});
                let sent = std::panic::catch_unwind(|| {
                    common::process::call(&addr, "POST", "/v2/faas/packages", Some(body))
                });
                if sent.is_err() {
                    break;
                }
            }
        });
        std::thread::sleep(Duration::from_millis(150 + 70 * round));
        server.kill();
        let _ = writer.join();
    }
    let server = Server::start(&database, &["--max-packages", "100000"]);
    let mut packages: Vec<String> = Vec::new();
    for page in 0.. {
        let page = server.ok(
            "GET",
            &format!("/v2/faas/packages?size=100&page={page}"),
            None,
        );
        let page = page.as_array().unwrap().clone();
        if page.is_empty() {
            break;
        }
        packages.extend(page.iter().map(|p| p["id"].as_str().unwrap().to_owned()));
    }
    let mut logged: Vec<String> = Vec::new();
    for page in 0.. {
        let page = server.ok(
            "GET",
            &format!("{LOG}?kind=package.create&size=100&page={page}"),
            None,
        );
        let page = page.as_array().unwrap().clone();
        if page.is_empty() {
            break;
        }
        logged.extend(
            page.iter()
                .map(|e| e["target"]["id"].as_str().unwrap().to_owned()),
        );
    }
    packages.sort();
    logged.sort();
    assert!(packages.len() > 3, "the writes ran: {}", packages.len());
    assert_eq!(packages, logged);
    server.kill();
    let _ = std::fs::remove_dir_all(database.parent().unwrap());
}
