//! The Vercel-style deployments contract (`api.md` §4) over HTTP: tokens and team scope, the
//! error shape on every route, teams, create and its validation, the build queue with its
//! concurrency limit, fail on demand, cancel in every readyState and racing, list filters and
//! paging, restarts, the demo data, correlation ids and CORS.
//!
//! Time: the apps here build with steps of an hour, so the background worker never moves a
//! build by itself while a test runs; tests move time with [`advance`] (to an instant of
//! their choosing) and [`step`] (to the next step end), which run the worker's own round.

use crate::common;

use common::{TestApp, TestResponse};
use faas_server::demo_vercel::{self, ADMIN_USER, TEAM_ACME, TEAM_GLOBEX, TOKEN_GLOBEX_ONLY};
use faas_server::store::builds;
use faas_server::{clock, worker, Config};
use serde_json::{json, Value};

const HOUR: u64 = 3_600_000;

fn config(concurrency: u32) -> Config {
    Config {
        transition_ms: 0,
        build_concurrency: concurrency,
        build_initializing_ms: HOUR,
        build_building_ms: 2 * HOUR,
        ..Config::default()
    }
}

fn app() -> TestApp {
    TestApp::with(config(1))
}

fn demo() -> TestApp {
    TestApp::with(Config {
        demo: true,
        ..config(1)
    })
}

/// Moves the build queue on to `now`.
async fn advance(app: &TestApp, now: i64) {
    let db = app.state.db.clone();
    let times = app.state.build_times();
    tokio::task::spawn_blocking(move || worker::advance_builds(&db, &times, now))
        .await
        .unwrap()
        .unwrap();
}

/// Moves the build queue on to the next step end; returns that time.
async fn step(app: &TestApp) -> i64 {
    let db = app.state.db.clone();
    let due = tokio::task::spawn_blocking(move || db.read_blocking(builds::next_due))
        .await
        .unwrap()
        .unwrap()
        .expect("a step to end");
    advance(app, due).await;
    due
}

/// Starts what can start now.
async fn settle(app: &TestApp) {
    advance(app, clock::now_ms()).await;
}

async fn send(app: &TestApp, method: &str, path: &str, body: Option<Value>) -> TestResponse {
    let mut call = app
        .call(method.parse().unwrap(), path)
        .bearer(&app.admin_key);
    if let Some(body) = body {
        call = call.json(body);
    }
    call.send().await
}

fn ok(res: TestResponse) -> Value {
    assert_eq!(res.status, 200, "body: {}", res.text());
    assert!(res.json.get("error").is_none(), "{}", res.text());
    res.json
}

async fn create(app: &TestApp, query: &str, body: Value) -> Value {
    ok(send(app, "POST", &format!("/v13/deployments{query}"), Some(body)).await)
}

async fn get(app: &TestApp, id: &str) -> Value {
    ok(send(app, "GET", &format!("/v13/deployments/{id}"), None).await)
}

async fn state_of(app: &TestApp, id: &str) -> String {
    state_in(app, id, "").await
}

/// The readyState of a deployment of the scope `query` selects.
async fn state_in(app: &TestApp, id: &str, query: &str) -> String {
    let d = ok(send(app, "GET", &format!("/v13/deployments/{id}{query}"), None).await);
    d["readyState"].as_str().unwrap().to_owned()
}

async fn cancel(app: &TestApp, version: &str, id: &str) -> TestResponse {
    send(
        app,
        "PATCH",
        &format!("/{version}/deployments/{id}/cancel"),
        None,
    )
    .await
}

fn id(d: &Value) -> String {
    d["id"].as_str().unwrap().to_owned()
}

fn ms(v: &Value) -> i64 {
    v.as_i64().unwrap_or_else(|| panic!("not ms: {v}"))
}

#[tokio::test]
async fn the_admin_key_is_a_token_of_a_user_with_a_team() {
    let app = app();
    let res = ok(send(&app, "GET", "/v2/teams", None).await);
    let teams = res["teams"].as_array().unwrap();
    assert_eq!(teams.len(), 1, "{res}");
    assert_eq!(teams[0]["slug"], "my-team");
    assert_eq!(teams[0]["name"], "My Team");
    assert!(teams[0]["id"].as_str().unwrap().starts_with("team_"));
    assert!(teams[0]["createdAt"].is_i64());
    assert_eq!(
        res["pagination"],
        json!({"count": 1, "next": null, "prev": teams[0]["createdAt"]})
    );
    // The admin created it (and so is the creator of what it deploys).
    let mine = create(&app, "", json!({"name": "who"})).await;
    assert_eq!(teams[0]["creatorId"], mine["creator"]["uid"]);
    let team = teams[0]["id"].as_str().unwrap();
    ok(send(&app, "GET", &format!("/v6/deployments?teamId={team}"), None).await);
    ok(send(&app, "GET", "/v6/deployments?slug=my-team", None).await);
}

#[tokio::test]
async fn tokens_and_team_scope() {
    let app = demo();
    let teams = ok(send(&app, "GET", "/v2/teams", None).await);
    let slugs: Vec<&str> = teams["teams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["slug"].as_str().unwrap())
        .collect();
    // Newest first.
    assert_eq!(slugs, ["globex", "acme"]);
    assert_eq!(teams["teams"][1]["id"], TEAM_ACME);
    assert_eq!(teams["teams"][1]["name"], "Acme Corp");
    assert_eq!(teams["teams"][0]["id"], TEAM_GLOBEX);

    // Every route refuses a request without a valid bearer token the same way.
    let routes = [
        ("GET", "/v6/deployments"),
        ("GET", "/v13/deployments/dpl_x"),
        ("POST", "/v13/deployments"),
        ("PATCH", "/v12/deployments/dpl_x/cancel"),
        ("PATCH", "/v13/deployments/dpl_x/cancel"),
        ("GET", "/v2/teams"),
        ("GET", "/v7/deployments"),
        ("GET", &format!("/v2/teams/{TEAM_GLOBEX}")),
    ];
    for (method, path) in routes {
        let call = || app.call(method.parse().unwrap(), path);
        call()
            .no_key()
            .send()
            .await
            .assert_vercel_error(403, "forbidden");
        // The Functions API takes a raw key; these routes only a bearer token.
        call().send().await.assert_vercel_error(403, "forbidden");
        call()
            .bearer("no-such-token")
            .send()
            .await
            .assert_vercel_error(403, "forbidden");
        call()
            .bearer(demo_vercel::TOKEN_REVOKED)
            .send()
            .await
            .assert_vercel_error(403, "forbidden");
        // A team the user is not in, by id or slug, is forbidden; so is one that does not exist.
        for query in ["?slug=acme", &format!("?teamId={TEAM_ACME}")] {
            app.call(method.parse().unwrap(), &format!("{path}{query}"))
                .bearer(TOKEN_GLOBEX_ONLY)
                .send()
                .await
                .assert_vercel_error(403, "forbidden");
        }
        for query in ["?slug=initech", "?teamId=team_nope"] {
            send(&app, method, &format!("{path}{query}"), None)
                .await
                .assert_vercel_error(403, "forbidden");
        }
    }

    // The one-team user sees its team and its own (empty) personal scope.
    let mine = app
        .get("/v2/teams")
        .bearer(TOKEN_GLOBEX_ONLY)
        .send()
        .await
        .json;
    assert_eq!(mine["teams"].as_array().unwrap().len(), 1);
    assert_eq!(mine["teams"][0]["slug"], "globex");
    let globex = app
        .get("/v6/deployments?slug=globex&limit=100")
        .bearer(TOKEN_GLOBEX_ONLY)
        .send()
        .await
        .json;
    assert!(globex["pagination"]["count"].as_u64().unwrap() > 0);
    let personal = app
        .get("/v6/deployments")
        .bearer(TOKEN_GLOBEX_ONLY)
        .send()
        .await
        .json;
    assert_eq!(personal["deployments"], json!([]));

    // Scopes are separate: teamId and slug name the same team; teamId wins over slug.
    let by_id = ok(send(
        &app,
        "GET",
        &format!("/v6/deployments?teamId={TEAM_GLOBEX}&limit=100"),
        None,
    )
    .await);
    let by_slug = ok(send(&app, "GET", "/v6/deployments?slug=globex&limit=100", None).await);
    assert_eq!(by_id, by_slug);
    let both = ok(send(
        &app,
        "GET",
        &format!("/v6/deployments?teamId={TEAM_GLOBEX}&slug=acme&limit=100"),
        None,
    )
    .await);
    assert_eq!(both, by_id);
    let acme = ok(send(&app, "GET", "/v6/deployments?slug=acme&limit=100", None).await);
    let an_acme_one = id(&acme["deployments"][0]);
    send(
        &app,
        "GET",
        &format!("/v13/deployments/{an_acme_one}?slug=globex"),
        None,
    )
    .await
    .assert_vercel_error(404, "not_found");
    send(
        &app,
        "GET",
        &format!("/v13/deployments/{an_acme_one}"),
        None,
    )
    .await
    .assert_vercel_error(404, "not_found");
    ok(send(
        &app,
        "GET",
        &format!("/v13/deployments/{an_acme_one}?slug=acme"),
        None,
    )
    .await);
}

#[tokio::test]
async fn every_error_has_the_vercel_shape_and_a_correlation_id() {
    let app = app();
    for path in [
        "/v6",
        "/v6/",
        "/v12/",
        "/v13/",
        "/v13/deployments/",
        "/v2/teams/",
        "/v6/nope",
        "/v6/deployments/dpl_x",
        "/v12",
        "/v12/deployments",
        "/v12/deployments/dpl_x",
        "/v13/deployments/dpl_x/cancel/more",
        "/v13/projects",
        "/v2/teams/team_x/members",
        "/v7",
        "/v7/",
        "/v7/deployments/dpl_x",
        "/v1/projects",
        "/v3/x",
        "/v9/projects/web",
        "/v10/projects/web/promote/dpl_x",
        "/v11",
    ] {
        let message = send(&app, "GET", path, None)
            .await
            .assert_vercel_error(404, "not_found");
        assert!(message.contains(path), "{message}");
    }
    for (method, path) in [
        ("DELETE", "/v6/deployments"),
        ("POST", "/v6/deployments"),
        ("GET", "/v12/deployments/dpl_x/cancel"),
        ("POST", "/v13/deployments/dpl_x/cancel"),
        ("DELETE", "/v13/deployments/dpl_x"),
        ("PUT", "/v13/deployments"),
        ("POST", "/v2/teams"),
    ] {
        let res = send(&app, method, path, None).await;
        res.assert_vercel_error(405, "method_unknown");
        assert!(res.header("allow").is_some(), "{method} {path}");
    }
    // Bodies: not JSON, the wrong Content-Type, the wrong shape.
    let post = |ct: &'static str, body: &'static str| {
        app.post("/v13/deployments", json!(null))
            .bearer(&app.admin_key)
            .header("content-type", ct)
            .raw(body)
    };
    post("application/json", "{")
        .send()
        .await
        .assert_vercel_error(400, "bad_request");
    post("text/plain", "{\"name\": \"a\"}")
        .send()
        .await
        .assert_vercel_error(400, "bad_request");
    let message = post("application/json", "{\"name\": 1}")
        .send()
        .await
        .assert_vercel_error(400, "bad_request");
    assert!(message.contains("name"), "{message}");
    let message = post("application/json", "{}")
        .send()
        .await
        .assert_vercel_error(400, "bad_request");
    assert!(message.contains("name"), "{message}");
    let big = format!("{{\"name\": \"{}\"}}", "a".repeat(2 * 1024 * 1024));
    app.post("/v13/deployments", json!(null))
        .bearer(&app.admin_key)
        .header("content-type", "application/json")
        .raw(big)
        .send()
        .await
        .assert_vercel_error(413, "bad_request");
    // A malformed query string.
    send(&app, "GET", "/v6/deployments?limit=%ZZ", None)
        .await
        .assert_vercel_error(400, "bad_request");
    // The Functions API's PubNub-Version header means nothing here.
    let res = app
        .get("/v6/deployments")
        .bearer(&app.admin_key)
        .header("pubnub-version", "not-a-date")
        .send()
        .await;
    assert_eq!(res.status, 200, "{}", res.text());
}

#[tokio::test]
async fn correlation_ids_and_cors_work_as_on_the_functions_api() {
    let app = app();
    let sent = "0b7c5c5e-1f0a-4b8e-9c3e-2f1d7e6a5b4c";
    for path in ["/v6/deployments", "/v2/teams", "/v13/deployments/dpl_nope"] {
        let res = app
            .get(path)
            .bearer(&app.admin_key)
            .header("x-correlation-id", sent)
            .send()
            .await;
        assert_eq!(res.header("x-correlation-id"), Some(sent), "{path}");
        // A malformed one is replaced, not refused.
        let res = app
            .get(path)
            .bearer(&app.admin_key)
            .header("x-correlation-id", "nope")
            .send()
            .await;
        assert_ne!(res.status, 400, "{path}: {}", res.text());
        let id = res.header("x-correlation-id").unwrap();
        assert!(uuid::Uuid::parse_str(id).is_ok(), "{id}");
    }
    let origin = "http://localhost:3000";
    for (method, path) in [
        ("PATCH", "/v12/deployments/dpl_x/cancel"),
        ("PATCH", "/v13/deployments/dpl_x/cancel"),
        ("POST", "/v13/deployments"),
        ("GET", "/v6/deployments"),
        ("GET", "/v2/teams"),
    ] {
        let res = app
            .call("OPTIONS".parse().unwrap(), path)
            .no_key()
            .header("origin", origin)
            .header("access-control-request-method", method)
            .header(
                "access-control-request-headers",
                "authorization,content-type",
            )
            .send()
            .await;
        assert!(res.status.is_success(), "{path}: {}", res.status);
        assert_eq!(res.header("access-control-allow-origin"), Some(origin));
        let methods = res
            .header("access-control-allow-methods")
            .unwrap()
            .to_owned();
        assert!(methods.contains(method), "{methods}");
        let headers = res
            .header("access-control-allow-headers")
            .unwrap()
            .to_ascii_lowercase();
        assert!(
            headers.contains("authorization") && headers.contains("content-type"),
            "{headers}"
        );
    }
    let res = app
        .get("/v6/deployments")
        .bearer(&app.admin_key)
        .header("origin", origin)
        .send()
        .await;
    assert_eq!(res.header("access-control-allow-origin"), Some(origin));
    assert!(res
        .header("access-control-expose-headers")
        .unwrap()
        .to_ascii_lowercase()
        .contains("x-correlation-id"));
    let res = app
        .get("/v6/nope")
        .no_key()
        .header("origin", origin)
        .send()
        .await;
    assert_eq!(res.header("access-control-allow-origin"), Some(origin));
}

#[tokio::test]
async fn a_created_deployment_is_queued_with_the_contract_fields() {
    let app = app();
    let before = clock::now_ms();
    let d = create(
        &app,
        "",
        json!({"name": "chat-web", "target": "production", "meta": {"githubCommitRef": "main"}}),
    )
    .await;
    assert_eq!(d["readyState"], "QUEUED");
    assert_eq!(d["state"], "QUEUED");
    let dpl = id(&d);
    assert!(dpl.starts_with("dpl_") && dpl.len() > 10, "{dpl}");
    assert!(dpl[4..].bytes().all(|b| b.is_ascii_alphanumeric()), "{dpl}");
    assert_eq!(d["uid"], d["id"]);
    assert_eq!(d["name"], "chat-web");
    let url = d["url"].as_str().unwrap();
    let (host, domain) = url.split_once('.').unwrap();
    let suffix = host.strip_prefix("chat-web-").unwrap();
    assert_eq!(suffix.len(), 8, "{url}");
    assert!(suffix
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
    assert!(!domain.contains("vercel") && !url.contains("://"), "{url}");
    assert!(d["projectId"].as_str().unwrap().starts_with("prj_"));
    assert!(ms(&d["created"]) >= before);
    assert_eq!(d["created"], d["createdAt"]);
    assert_eq!(d["type"], "LAMBDAS");
    assert_eq!(d["creator"]["username"], "admin");
    assert!(d["creator"]["uid"].as_str().unwrap().starts_with("usr_"));
    // Vercel has no `api` source: its CLI creates deployments through this endpoint too.
    assert_eq!(d["source"], "cli");
    assert_eq!(d["target"], "production");
    assert_eq!(d["meta"], json!({"githubCommitRef": "main"}));
    assert!(d["inspectorUrl"].as_str().unwrap().starts_with("https://"));
    // Vercel's full view requires buildingAt: the creation time until it builds.
    assert_eq!(d["buildingAt"], d["createdAt"]);
    for absent in [
        "initializingAt",
        "ready",
        "canceledAt",
        "readySubstate",
        "errorCode",
        "errorMessage",
    ] {
        assert!(d.get(absent).is_none(), "{absent}: {d}");
    }
    // The same by id and by URL. The worker may start it between two reads, so only the
    // fields a build's progress leaves alone are compared.
    let by_id = get(&app, &dpl).await;
    let by_url = get(&app, url).await;
    for same in [
        "id",
        "url",
        "name",
        "projectId",
        "created",
        "creator",
        "meta",
        "target",
    ] {
        assert_eq!(by_id[same], d[same], "{same}");
        assert_eq!(by_url[same], d[same], "{same}");
    }

    // A preview has target null (sent); the project is found by name or id, else created.
    let preview = create(&app, "", json!({"name": "chat-web", "target": "preview"})).await;
    assert_eq!(preview["target"], Value::Null);
    assert!(preview.as_object().unwrap().contains_key("target"));
    assert_eq!(preview["projectId"], d["projectId"]);
    let by_id = create(
        &app,
        "",
        json!({"name": "other", "project": d["projectId"]}),
    )
    .await;
    assert_eq!(by_id["projectId"], d["projectId"]);
    assert_eq!(by_id["target"], Value::Null);
    let new_project = create(&app, "", json!({"name": "chat-web", "project": "chat-api"})).await;
    assert_ne!(new_project["projectId"], d["projectId"]);
    let again = create(&app, "", json!({"name": "x", "project": "chat-api"})).await;
    assert_eq!(again["projectId"], new_project["projectId"]);
    // The same project name in another team is another project.
    let team = ok(send(
        &app,
        "POST",
        "/v13/deployments?slug=my-team",
        Some(json!({"name": "chat-web"})),
    )
    .await);
    assert_ne!(team["projectId"], d["projectId"]);
    // Unique `created` within a scope, increasing.
    assert!(ms(&preview["created"]) > ms(&d["created"]));
}

#[tokio::test]
async fn create_bodies_are_validated_naming_the_field() {
    let app = app();
    for (body, field) in [
        (json!({}), "name"),
        (json!({"name": ""}), "name"),
        (json!({"name": "Chat"}), "name"),
        (json!({"name": "a b"}), "name"),
        (json!({"name": "a".repeat(101)}), "name"),
        (json!({"name": 7}), "name"),
        (json!({"name": "a", "project": "Not Valid"}), "project"),
        (
            json!({"name": "a", "project": "prj_doesNotExist"}),
            "project",
        ),
        (json!({"name": "a", "target": "qa"}), "target"),
        (json!({"name": "a", "target": 1}), "target"),
        (json!({"name": "a", "meta": {"fail": true}}), "meta.fail"),
        (json!({"name": "a", "meta": {"n": 1}}), "meta.n"),
        (json!({"name": "a", "meta": ["x"]}), "meta"),
        (json!([]), ""),
    ] {
        let res = send(&app, "POST", "/v13/deployments", Some(body.clone())).await;
        let message = res.assert_vercel_error(400, "bad_request");
        assert!(message.contains(field), "{body}: {message}");
    }
    let longest = "a".repeat(100);
    create(
        &app,
        "",
        json!({"name": longest, "target": null, "meta": {}}),
    )
    .await;
    // Nothing was created by the refused ones.
    let all = ok(send(&app, "GET", "/v6/deployments", None).await);
    assert_eq!(all["pagination"]["count"], 1);
}

#[tokio::test]
async fn builds_wait_their_turn_and_step_through_the_lifecycle() {
    let app = app();
    let a = id(&create(&app, "", json!({"name": "web", "target": "production"})).await);
    let b = id(&create(&app, "", json!({"name": "web"})).await);
    let other_team = id(&create(&app, "?slug=my-team", json!({"name": "web"})).await);
    settle(&app).await;
    let da = get(&app, &a).await;
    assert_eq!(da["readyState"], "INITIALIZING");
    let initializing_at = ms(&da["initializingAt"]);
    assert!(initializing_at >= ms(&da["created"]));
    // One build at a time per scope: B waits, however much time passes before A ends.
    assert_eq!(state_of(&app, &b).await, "QUEUED");
    // Another scope has its own slot.
    assert_eq!(
        state_in(&app, &other_team, "?slug=my-team").await,
        "INITIALIZING"
    );

    // Every step that started by now has ended an hour later; no build has.
    advance(&app, clock::now_ms() + HOUR as i64).await;
    let da = get(&app, &a).await;
    assert_eq!(da["readyState"], "BUILDING");
    assert_eq!(ms(&da["buildingAt"]), initializing_at + HOUR as i64);
    assert_eq!(state_of(&app, &b).await, "QUEUED");
    assert_eq!(
        state_in(&app, &other_team, "?slug=my-team").await,
        "BUILDING"
    );

    // A ends READY and PROMOTED (production); B starts the moment A ended.
    advance(&app, ms(&da["buildingAt"]) + 2 * HOUR as i64).await;
    let da = get(&app, &a).await;
    assert_eq!(da["readyState"], "READY");
    assert_eq!(da["readySubstate"], "PROMOTED");
    assert_eq!(ms(&da["ready"]), ms(&da["buildingAt"]) + 2 * HOUR as i64);
    assert!(da.get("errorMessage").is_none());
    let db = get(&app, &b).await;
    assert_eq!(db["readyState"], "INITIALIZING");
    assert_eq!(db["initializingAt"], da["ready"]);

    // Far in the future, everything has ended, each step at its own time; a preview is STAGED.
    advance(&app, ms(&da["ready"]) + 10 * HOUR as i64).await;
    let db = get(&app, &b).await;
    assert_eq!(db["readyState"], "READY");
    assert_eq!(db["readySubstate"], "STAGED");
    assert_eq!(
        ms(&db["buildingAt"]),
        ms(&db["initializingAt"]) + HOUR as i64
    );
    assert_eq!(ms(&db["ready"]), ms(&db["buildingAt"]) + 2 * HOUR as i64);
}

#[tokio::test]
async fn the_concurrency_limit_is_a_flag() {
    let app = TestApp::with(config(2));
    let ids = [
        id(&create(&app, "", json!({"name": "a"})).await),
        id(&create(&app, "", json!({"name": "b"})).await),
        id(&create(&app, "", json!({"name": "c"})).await),
    ];
    settle(&app).await;
    let mut states = Vec::new();
    for id in &ids {
        states.push(state_of(&app, id).await);
    }
    assert_eq!(states, ["INITIALIZING", "INITIALIZING", "QUEUED"]);
}

#[tokio::test]
async fn builds_fail_on_demand_by_meta_and_by_project() {
    let app = app();
    let by_meta = id(&create(&app, "", json!({"name": "web", "meta": {"fail": "true"}})).await);
    let not_failing = id(&create(&app, "", json!({"name": "web", "meta": {"fail": "no"}})).await);
    let by_project = id(&create(&app, "", json!({"name": "web", "project": "always-fails"})).await);
    advance(&app, clock::now_ms() + 100 * HOUR as i64).await;
    let d = get(&app, &by_meta).await;
    assert_eq!(d["readyState"], "ERROR");
    assert_eq!(d["errorCode"], "BUILD_FAILED");
    assert_eq!(
        d["errorMessage"],
        "Build failed: simulated failure (meta.fail)"
    );
    assert!(d["ready"].is_i64() && d.get("readySubstate").is_none());
    assert_eq!(state_of(&app, &not_failing).await, "READY");
    let d = get(&app, &by_project).await;
    assert_eq!(d["readyState"], "ERROR");
    assert!(d["errorMessage"].as_str().unwrap().contains("always-fails"));
}

/// A deployment of its own scope in `state` (each scope builds one at a time, so a fresh
/// team-less app is used per state).
async fn deployment_in(state: &str) -> (TestApp, String) {
    let app = app();
    let meta = if state == "ERROR" {
        json!({"fail": "true"})
    } else {
        json!({})
    };
    let first = id(&create(&app, "", json!({"name": "web", "meta": meta})).await);
    match state {
        "QUEUED" => {
            let second = id(&create(&app, "", json!({"name": "web"})).await);
            settle(&app).await;
            assert_eq!(state_of(&app, &first).await, "INITIALIZING");
            return (app, second);
        }
        "INITIALIZING" => settle(&app).await,
        "BUILDING" => {
            settle(&app).await;
            step(&app).await;
        }
        "READY" | "ERROR" => advance(&app, clock::now_ms() + 100 * HOUR as i64).await,
        "CANCELED" => assert_eq!(cancel(&app, "v12", &first).await.status, 200),
        _ => unreachable!(),
    }
    assert_eq!(state_of(&app, &first).await, state);
    (app, first)
}

#[tokio::test]
async fn cancel_in_each_ready_state() {
    for version in ["v12", "v13"] {
        for state in ["QUEUED", "INITIALIZING", "BUILDING"] {
            let (app, dpl) = deployment_in(state).await;
            let before = clock::now_ms();
            let res = cancel(&app, version, &dpl).await;
            let d = ok(res);
            assert_eq!(d["readyState"], "CANCELED", "{state}");
            assert_eq!(d["state"], "CANCELED");
            assert!(ms(&d["canceledAt"]) >= before);
            assert!(d.get("ready").is_none() && d.get("readySubstate").is_none());
            assert_eq!(get(&app, &dpl).await, d);
            // It stays canceled whatever time does.
            advance(&app, clock::now_ms() + 100 * HOUR as i64).await;
            assert_eq!(state_of(&app, &dpl).await, "CANCELED");
        }
        for state in ["READY", "ERROR", "CANCELED"] {
            let (app, dpl) = deployment_in(state).await;
            let before = get(&app, &dpl).await;
            let message = cancel(&app, version, &dpl)
                .await
                .assert_vercel_error(400, "bad_request");
            assert_eq!(
                message,
                format!("Deployment {dpl} is {state} and can no longer be canceled")
            );
            assert_eq!(get(&app, &dpl).await, before);
        }
        let app = app();
        let message = cancel(&app, version, "dpl_nope")
            .await
            .assert_vercel_error(404, "not_found");
        assert!(message.contains("dpl_nope"), "{message}");
        // Another scope's deployment is not found in this one.
        let theirs = id(&create(&app, "?slug=my-team", json!({"name": "web"})).await);
        cancel(&app, version, &theirs)
            .await
            .assert_vercel_error(404, "not_found");
        let by_url = create(&app, "", json!({"name": "web"})).await;
        cancel(&app, version, by_url["url"].as_str().unwrap())
            .await
            .assert_vercel_error(404, "not_found");
    }
}

#[tokio::test]
async fn canceling_a_build_frees_its_slot_for_the_next_queued_one() {
    let app = app();
    let a = id(&create(&app, "", json!({"name": "web"})).await);
    let b = id(&create(&app, "", json!({"name": "web"})).await);
    let c = id(&create(&app, "", json!({"name": "web"})).await);
    settle(&app).await;
    step(&app).await;
    assert_eq!(state_of(&app, &a).await, "BUILDING");

    // Canceling a queued one frees nothing: C still waits, and comes next.
    ok(cancel(&app, "v12", &b).await);
    assert_eq!(state_of(&app, &a).await, "BUILDING");
    assert_eq!(state_of(&app, &c).await, "QUEUED");

    // Canceling the building one starts C at once, at the time of the cancel.
    let canceled = ok(cancel(&app, "v13", &a).await);
    let dc = get(&app, &c).await;
    assert_eq!(dc["readyState"], "INITIALIZING");
    assert_eq!(dc["initializingAt"], canceled["canceledAt"]);
    ok(cancel(&app, "v12", &c).await);
}

#[tokio::test]
async fn of_two_racing_cancels_exactly_one_wins() {
    let app = app();
    for round in 0..10 {
        let dpl = id(&create(&app, "", json!({"name": "web"})).await);
        if round % 2 == 0 {
            settle(&app).await;
        }
        let (one, two) = tokio::join!(cancel(&app, "v12", &dpl), cancel(&app, "v13", &dpl));
        let mut statuses = [one.status.as_u16(), two.status.as_u16()];
        statuses.sort();
        assert_eq!(statuses, [200, 400], "{} / {}", one.text(), two.text());
        let loser = if one.status == 400 { one } else { two };
        let message = loser.assert_vercel_error(400, "bad_request");
        assert!(message.contains("is CANCELED"), "{message}");
    }
}

#[tokio::test]
async fn lists_filter_and_page_newest_first() {
    let app = app();
    let mut made = Vec::new();
    for i in 0..7 {
        let body = match i % 3 {
            0 => json!({"name": "web", "target": "production"}),
            1 => json!({"name": "web", "project": "api"}),
            _ => json!({"name": "web", "meta": {"fail": "true"}}),
        };
        made.push(create(&app, "", body).await);
    }
    // Ends the first, starts the second; cancels the third.
    settle(&app).await;
    step(&app).await;
    step(&app).await;
    ok(cancel(&app, "v12", &id(&made[2])).await);

    let list = |query: String| {
        let app = &app;
        async move { ok(send(app, "GET", &format!("/v6/deployments{query}"), None).await) }
    };
    let all = list(String::new()).await;
    let ids: Vec<String> = all["deployments"]
        .as_array()
        .unwrap()
        .iter()
        .map(id)
        .collect();
    let mut newest_first: Vec<String> = made.iter().map(id).collect();
    newest_first.reverse();
    assert_eq!(ids, newest_first);
    assert_eq!(
        all["pagination"],
        json!({"count": 7, "next": null, "prev": made[6]["created"]})
    );

    // Pages of 3 with until=next.
    let mut seen = Vec::new();
    let mut query = "?limit=3".to_owned();
    loop {
        let page = list(query.clone()).await;
        let items = page["deployments"].as_array().unwrap();
        assert_eq!(page["pagination"]["count"], items.len());
        assert_eq!(page["pagination"]["prev"], items[0]["created"]);
        seen.extend(items.iter().map(id));
        match page["pagination"]["next"].as_i64() {
            Some(next) => {
                assert_eq!(next, ms(&items.last().unwrap()["created"]));
                query = format!("?limit=3&until={next}");
            }
            None => break,
        }
    }
    assert_eq!(seen, newest_first);
    // since: the newer ones; an empty page has no prev.
    let newer = list(format!("?since={}", made[4]["created"])).await;
    let newer_ids: Vec<String> = newer["deployments"]
        .as_array()
        .unwrap()
        .iter()
        .map(id)
        .collect();
    assert_eq!(newer_ids, [id(&made[6]), id(&made[5])]);
    let none = list(format!("?since={}", made[6]["created"])).await;
    assert_eq!(
        none,
        json!({"deployments": [], "pagination": {"count": 0, "next": null, "prev": null}})
    );

    // Filters.
    let states = |v: &Value| -> Vec<String> {
        v["deployments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["readyState"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(states(&list("?state=READY".into()).await), ["READY"]);
    assert_eq!(
        states(&list("?state=CANCELED,INITIALIZING".into()).await),
        ["CANCELED", "INITIALIZING"]
    );
    assert_eq!(states(&list("?state=QUEUED".into()).await).len(), 4);
    let production = list("?target=production".into()).await;
    assert_eq!(production["pagination"]["count"], 3);
    assert!(production["deployments"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["target"] == "production"));
    let preview = list("?target=preview".into()).await;
    assert_eq!(preview["pagination"]["count"], 4);
    let api_project = made[1]["projectId"].as_str().unwrap();
    let of_api = list(format!("?projectId={api_project}")).await;
    assert_eq!(of_api["pagination"]["count"], 2);
    let combined = list(format!(
        "?projectId={api_project}&state=QUEUED&target=preview&limit=1"
    ))
    .await;
    assert_eq!(combined["pagination"]["count"], 1);
    assert_eq!(combined["deployments"][0]["id"], made[4]["id"]);
    assert_eq!(combined["pagination"]["next"], Value::Null);
    assert_eq!(
        list("?projectId=prj_nope".into()).await["pagination"]["count"],
        0
    );

    for bad in [
        "limit=0",
        "limit=101",
        "limit=x",
        "limit=-1",
        "until=yesterday",
        "until=1.5",
        "since=-5",
        "state=DONE",
        "state=READY,",
        "state=ready",
        "target=qa",
        "rollbackCandidate=yes",
        "from=x",
        "to=-1",
        "limit=5&limit=6",
    ] {
        let res = send(&app, "GET", &format!("/v6/deployments?{bad}"), None).await;
        let message = res.assert_vercel_error(400, "bad_request");
        let name = bad.split('=').next().unwrap();
        assert!(
            message.starts_with(&format!("{name}: ")),
            "{bad}: {message}"
        );
    }
    assert_eq!(list("?limit=100".into()).await["pagination"]["count"], 7);
    assert_eq!(
        list("?limit=1".into()).await["pagination"]["next"],
        made[6]["created"]
    );
}

#[tokio::test]
async fn builds_survive_a_restart() {
    let dir = std::env::temp_dir().join(format!("faas-vercel-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let database = format!("sqlite:{}", dir.join("faas.db").display());
    let with = |concurrency| Config {
        database: database.clone(),
        ..config(concurrency)
    };

    let first = TestApp::with(with(1));
    let a = id(&create(&first, "", json!({"name": "web"})).await);
    let b = id(&create(&first, "", json!({"name": "web"})).await);
    let c = id(&create(&first, "?slug=my-team", json!({"name": "web"})).await);
    settle(&first).await;
    advance(&first, clock::now_ms() + HOUR as i64).await;
    assert_eq!(state_of(&first, &a).await, "BUILDING");
    assert_eq!(state_in(&first, &c, "?slug=my-team").await, "BUILDING");
    let admin_key = first.admin_key.clone();
    drop(first);

    // Whatever time passed, the interrupted builds start their step again; queued ones wait.
    let restarted_at = clock::now_ms();
    let second = TestApp::with(with(1));
    assert_eq!(second.admin_key, admin_key);
    let da = get(&second, &a).await;
    assert_eq!(da["readyState"], "BUILDING");
    assert!(ms(&da["buildingAt"]) >= restarted_at);
    assert_eq!(state_of(&second, &b).await, "QUEUED");
    assert_eq!(state_in(&second, &c, "?slug=my-team").await, "BUILDING");
    // …and end on time, the next one following.
    advance(&second, ms(&da["buildingAt"]) + 2 * HOUR as i64).await;
    assert_eq!(state_of(&second, &a).await, "READY");
    assert_eq!(state_of(&second, &b).await, "INITIALIZING");
    drop(second);

    // The user, its team and token are kept: no second team appears.
    let third = TestApp::with(with(1));
    let teams = ok(send(&third, "GET", "/v2/teams", None).await);
    assert_eq!(teams["pagination"]["count"], 1);
    assert_eq!(state_of(&third, &b).await, "INITIALIZING");
    drop(third);
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn the_demo_has_every_ready_state_in_every_scope() {
    let app = demo();
    for (query, in_progress) in [
        ("?slug=acme", "BUILDING"),
        ("?teamId=team_globex000000000000000000", "BUILDING"),
        ("", "INITIALIZING"),
    ] {
        let list = ok(send(
            &app,
            "GET",
            &format!("/v6/deployments{query}&limit=100").replacen(
                '&',
                "?",
                usize::from(query.is_empty()),
            ),
            None,
        )
        .await);
        let ds = list["deployments"].as_array().unwrap().clone();
        let with = |state: &str| -> Vec<&Value> {
            ds.iter().filter(|d| d["readyState"] == state).collect()
        };
        let ready = with("READY");
        assert!(
            ready.iter().any(|d| d["readySubstate"] == "PROMOTED"),
            "{query}"
        );
        assert!(
            ready.iter().any(|d| d["readySubstate"] == "STAGED"),
            "{query}"
        );
        assert!(!with("ERROR").is_empty(), "{query}");
        assert!(with("ERROR").iter().all(|d| d["errorMessage"]
            .as_str()
            .is_some_and(|m| m.starts_with("Build failed"))));
        assert_eq!(with("CANCELED").len(), 1, "{query}");
        assert_eq!(with(in_progress).len(), 1, "{query}");
        assert_eq!(with("QUEUED").len(), 1, "{query}");
        // Newest first, varied creators, sources and ages.
        let created: Vec<i64> = ds.iter().map(|d| ms(&d["created"])).collect();
        assert!(created.windows(2).all(|w| w[0] > w[1]));
        assert!(created.last().unwrap() < &(clock::now_ms() - 24 * HOUR as i64));
        let projects: std::collections::BTreeSet<&str> = ds
            .iter()
            .map(|d| d["projectId"].as_str().unwrap())
            .collect();
        assert!((2..=3).contains(&projects.len()), "{query}: {projects:?}");
        if !query.is_empty() {
            let creators: std::collections::BTreeSet<&str> = ds
                .iter()
                .map(|d| d["creator"]["username"].as_str().unwrap())
                .collect();
            assert!(creators.len() >= 3, "{creators:?}");
            let sources: std::collections::BTreeSet<&str> =
                ds.iter().map(|d| d["source"].as_str().unwrap()).collect();
            assert!(sources.len() >= 3, "{sources:?}");
        } else {
            assert!(ds.iter().all(|d| d["creator"]["uid"] == ADMIN_USER));
        }
    }
    // The in-progress ones move on: all of them end, in order.
    advance(&app, clock::now_ms() + 100 * HOUR as i64).await;
    for query in ["?slug=acme", "?slug=globex", ""] {
        let list = ok(send(&app, "GET", &format!("/v6/deployments{query}"), None).await);
        assert!(list["deployments"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| ["READY", "ERROR", "CANCELED"].contains(&d["readyState"].as_str().unwrap())));
    }
    // A project of the demo that fails every build.
    let failing = create(
        &app,
        "?slug=acme",
        json!({"name": "x", "project": "always-fails"}),
    )
    .await;
    advance(&app, clock::now_ms() + 1000 * HOUR as i64).await;
    assert_eq!(
        ok(send(
            &app,
            "GET",
            &format!("/v13/deployments/{}?slug=acme", id(&failing)),
            None
        )
        .await)["readyState"],
        "ERROR"
    );
}

#[tokio::test]
async fn the_worker_builds_in_real_time() {
    let app = TestApp::with(Config {
        build_initializing_ms: 20,
        build_building_ms: 40,
        ..config(1)
    });
    let a = id(&create(&app, "", json!({"name": "web"})).await);
    let b = id(&create(&app, "", json!({"name": "web", "meta": {"fail": "true"}})).await);
    let until = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let (sa, sb) = (state_of(&app, &a).await, state_of(&app, &b).await);
        if sa == "READY" && sb == "ERROR" {
            break;
        }
        assert!(std::time::Instant::now() < until, "still {sa} and {sb}");
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let (da, db) = (get(&app, &a).await, get(&app, &b).await);
    assert!(ms(&db["initializingAt"]) >= ms(&da["ready"]));
    assert_eq!(ms(&db["ready"]) - ms(&db["initializingAt"]), 60);
}

// --- The OpenAPI document against real answers ------------------------------------------

/// The problems of `value` against `schema` (the subset the document uses; patterns are
/// checked by the tests above, not here).
fn conform(doc: &Value, schema: &Value, value: &Value, at: &str, out: &mut Vec<String>) {
    if let Some(r) = schema["$ref"].as_str() {
        let name = r.trim_start_matches("#/components/schemas/");
        return conform(doc, &doc["components"]["schemas"][name], value, at, out);
    }
    for s in schema["allOf"].as_array().into_iter().flatten() {
        conform(doc, s, value, at, out);
    }
    if value.is_null() {
        if schema["nullable"] != true && schema.get("type").is_some() {
            out.push(format!("{at}: null"));
        }
        return;
    }
    if let Some(choices) = schema["enum"].as_array() {
        if !choices.contains(value) {
            out.push(format!("{at}: {value} not in {choices:?}"));
        }
    }
    let ok = match schema["type"].as_str() {
        Some("object") => value.is_object(),
        Some("array") => value.is_array(),
        Some("string") => value.is_string(),
        Some("integer") => value.is_i64() || value.is_u64(),
        Some(_) => true,
        None => true,
    };
    if !ok {
        return out.push(format!("{at}: {value} is not {}", schema["type"]));
    }
    if let Some(n) = value.as_f64() {
        if schema["minimum"].as_f64().is_some_and(|m| n < m)
            || schema["maximum"].as_f64().is_some_and(|m| n > m)
        {
            out.push(format!("{at}: {n} out of range"));
        }
    }
    if let Some(s) = value.as_str() {
        let n = s.chars().count() as u64;
        if schema["minLength"].as_u64().is_some_and(|m| n < m)
            || schema["maxLength"].as_u64().is_some_and(|m| n > m)
        {
            out.push(format!("{at}: length {n}"));
        }
    }
    if let Some(items) = value.as_array() {
        for (i, item) in items.iter().enumerate() {
            conform(doc, &schema["items"], item, &format!("{at}[{i}]"), out);
        }
    }
    if let Some(map) = value.as_object() {
        for name in schema["required"].as_array().into_iter().flatten() {
            if !map.contains_key(name.as_str().unwrap()) {
                out.push(format!("{at}: {name} missing"));
            }
        }
        for (k, v) in map {
            match schema["properties"].get(k) {
                Some(s) => conform(doc, s, v, &format!("{at}.{k}"), out),
                None => match schema.get("additionalProperties") {
                    Some(Value::Object(_)) => conform(
                        doc,
                        &schema["additionalProperties"],
                        v,
                        &format!("{at}.{k}"),
                        out,
                    ),
                    Some(Value::Bool(false)) => out.push(format!("{at}.{k} is not documented")),
                    _ => {}
                },
            }
        }
    }
}

#[tokio::test]
async fn real_answers_match_the_openapi_document() {
    let app = demo();
    let doc = app.get("/v2/faas/openapi.json").no_key().send().await.json;
    let mut problems = Vec::new();
    let mut check = |method: &str, template: &str, res: &TestResponse| {
        let op = &doc["paths"][template][method];
        let status = res.status.as_str();
        let Some(response) = op["responses"].get(status) else {
            return problems.push(format!(
                "{method} {template}: {status} not documented: {}",
                res.text()
            ));
        };
        if res.header("x-correlation-id").is_none() {
            problems.push(format!("{method} {template} {status}: no X-Correlation-Id"));
        }
        let schema = &response["content"]["application/json"]["schema"];
        conform(
            &doc,
            schema,
            &res.json,
            &format!("{method} {template} {status}"),
            &mut problems,
        );
    };
    let list = send(&app, "GET", "/v6/deployments?slug=acme&limit=100", None).await;
    check("get", "/v6/deployments", &list);
    let personal = send(
        &app,
        "GET",
        "/v6/deployments?limit=2&state=READY,ERROR",
        None,
    )
    .await;
    check("get", "/v6/deployments", &personal);
    for d in list.json["deployments"].as_array().unwrap() {
        let res = send(
            &app,
            "GET",
            &format!("/v13/deployments/{}?slug=acme", id(d)),
            None,
        )
        .await;
        check("get", "/v13/deployments/{idOrUrl}", &res);
    }
    check(
        "get",
        "/v2/teams",
        &send(&app, "GET", "/v2/teams", None).await,
    );
    check(
        "get",
        "/v2/teams",
        &send(&app, "GET", "/v2/teams?limit=1", None).await,
    );
    check(
        "get",
        "/v7/deployments",
        &send(
            &app,
            "GET",
            "/v7/deployments?slug=globex&target=staging",
            None,
        )
        .await,
    );
    for team in [TEAM_ACME, "globex", "team_nope"] {
        check(
            "get",
            "/v2/teams/{teamId}",
            &send(&app, "GET", &format!("/v2/teams/{team}"), None).await,
        );
    }
    let created = send(
        &app,
        "POST",
        "/v13/deployments",
        Some(json!({"name": "web", "meta": {"a": "b"}})),
    )
    .await;
    check("post", "/v13/deployments", &created);
    // The create's links lead to the get and cancel operations with the created id.
    let links = &doc["paths"]["/v13/deployments"]["post"]["responses"]["200"]["links"];
    for (link, path, version) in [
        ("GetDeployment", "/v13/deployments/{idOrUrl}", ""),
        ("CancelDeployment", "/v13/deployments/{id}/cancel", "v13"),
        ("CancelDeploymentV12", "/v12/deployments/{id}/cancel", "v12"),
    ] {
        let op_id = links[link]["operationId"].as_str().unwrap();
        let method = if version.is_empty() { "get" } else { "patch" };
        assert_eq!(doc["paths"][path][method]["operationId"], op_id, "{link}");
        assert!(links[link]["parameters"]
            .as_object()
            .unwrap()
            .values()
            .all(|v| v == "$response.body#/id"));
    }
    let dpl = id(&created.json);
    check(
        "get",
        "/v13/deployments/{idOrUrl}",
        &send(&app, "GET", &format!("/v13/deployments/{dpl}"), None).await,
    );
    check(
        "patch",
        "/v13/deployments/{id}/cancel",
        &cancel(&app, "v13", &dpl).await,
    );
    check(
        "patch",
        "/v12/deployments/{id}/cancel",
        &cancel(&app, "v12", &dpl).await,
    );
    check(
        "patch",
        "/v13/deployments/{id}/cancel",
        &cancel(&app, "v13", &dpl).await,
    );
    let other = id(&create(&app, "", json!({"name": "web"})).await);
    check(
        "patch",
        "/v12/deployments/{id}/cancel",
        &cancel(&app, "v12", &other).await,
    );
    // Every error each operation can give.
    for (method, template) in [
        ("get", "/v6/deployments"),
        ("post", "/v13/deployments"),
        ("get", "/v13/deployments/{idOrUrl}"),
        ("patch", "/v12/deployments/{id}/cancel"),
        ("patch", "/v13/deployments/{id}/cancel"),
        ("get", "/v2/teams"),
    ] {
        let path = template
            .replace("{idOrUrl}", "dpl_nope")
            .replace("{id}", "dpl_nope");
        let m: axum::http::Method = method.to_uppercase().parse().unwrap();
        check(
            method,
            template,
            &app.call(m.clone(), &path).no_key().send().await,
        );
        check(
            method,
            template,
            &send(&app, method, &format!("{path}?slug=nope"), None).await,
        );
        check(
            method,
            template,
            &send(&app, method, &format!("{path}?limit=%ZZ"), None).await,
        );
        check(method, template, &send(&app, "DELETE", &path, None).await);
        if template.contains('{') {
            check(method, template, &send(&app, method, &path, None).await);
        }
    }
    check(
        "get",
        "/v6/deployments",
        &send(&app, "GET", "/v6/deployments?limit=0", None).await,
    );
    for body in [
        json!({}),
        json!({"name": "A"}),
        json!({"name": "a", "meta": {"x": 1}}),
    ] {
        check(
            "post",
            "/v13/deployments",
            &send(&app, "POST", "/v13/deployments", Some(body)).await,
        );
    }
    let big = format!("{{\"name\": \"{}\"}}", "a".repeat(2 * 1024 * 1024));
    let res = app
        .post("/v13/deployments", json!(null))
        .bearer(&app.admin_key)
        .header("content-type", "application/json")
        .raw(big)
        .send()
        .await;
    check("post", "/v13/deployments", &res);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The deployments of a list answer.
fn items(list: &Value) -> Vec<Value> {
    list["deployments"].as_array().unwrap().clone()
}

fn ids_of(list: &Value) -> Vec<String> {
    items(list).iter().map(id).collect()
}

#[tokio::test]
async fn v7_lists_as_v6_with_every_filter_of_vercels() {
    let app = demo();
    let list = |query: String| {
        let app = &app;
        async move {
            let v6 = ok(send(
                app,
                "GET",
                &format!("/v6/deployments?slug=acme&limit=100{query}"),
                None,
            )
            .await);
            let v7 = ok(send(
                app,
                "GET",
                &format!("/v7/deployments?slug=acme&limit=100{query}"),
                None,
            )
            .await);
            assert_eq!(v6, v7, "{query}");
            v7
        }
    };
    let all = items(&list(String::new()).await);
    let only = |keep: &dyn Fn(&Value) -> bool| -> Vec<String> {
        all.iter().filter(|d| keep(d)).map(id).collect()
    };

    // A project by id or by name, one or several.
    let project = all[0]["projectId"].as_str().unwrap().to_owned();
    let name = all[0]["name"].as_str().unwrap().to_owned();
    let other = all
        .iter()
        .map(|d| d["projectId"].as_str().unwrap().to_owned())
        .find(|p| *p != project)
        .unwrap();
    let of_project = only(&|d| d["projectId"] == project.as_str());
    assert_eq!(
        ids_of(&list(format!("&projectId={project}")).await),
        of_project
    );
    assert_eq!(
        ids_of(&list(format!("&projectId={name}")).await),
        of_project
    );
    let of_both = only(&|d| d["projectId"] == project.as_str() || d["projectId"] == other.as_str());
    assert_eq!(
        ids_of(&list(format!("&projectIds={project}&projectIds={other}")).await),
        of_both
    );
    assert_eq!(
        ids_of(&list(format!("&projectIds={name},{other}")).await),
        of_both
    );
    send(
        &app,
        "GET",
        &format!("/v7/deployments?projectId={project}&projectIds={other}"),
        None,
    )
    .await
    .assert_vercel_error(400, "bad_request");
    // By name, creator, git branch and commit.
    assert_eq!(
        ids_of(&list(format!("&app={name}")).await),
        only(&|d| d["name"] == name.as_str())
    );
    let ada = "usr_ada000000000000000000000";
    let grace = "usr_grace0000000000000000000";
    let by_users = ids_of(&list(format!("&users={ada},{grace}")).await);
    assert_eq!(
        by_users,
        only(&|d| d["creator"]["uid"] == ada || d["creator"]["uid"] == grace)
    );
    assert!(!by_users.is_empty());
    let main = ids_of(&list("&branch=main".into()).await);
    assert_eq!(main, only(&|d| d["meta"]["githubCommitRef"] == "main"));
    assert!(!main.is_empty());
    let sha = all
        .iter()
        .find_map(|d| d["meta"]["githubCommitSha"].as_str())
        .unwrap()
        .to_owned();
    assert_eq!(ids_of(&list(format!("&sha={sha}")).await).len(), 1);
    // Rollback candidates are the READY production ones; the rest are not.
    let candidates = ids_of(&list("&rollbackCandidate=true".into()).await);
    assert_eq!(
        candidates,
        only(&|d| d["readyState"] == "READY" && d["target"] == "production")
    );
    assert!(!candidates.is_empty());
    assert!(all
        .iter()
        .all(|d| d["isRollbackCandidate"] == json!(candidates.contains(&id(d)))));
    let others = ids_of(&list("&rollbackCandidate=false".into()).await);
    assert_eq!(others.len() + candidates.len(), all.len());
    // The staging target, STAGED when READY.
    let staging = items(&list("&target=staging".into()).await);
    assert_eq!(
        staging.len(),
        1,
        "the demo has one staging deployment per scope"
    );
    assert_eq!(staging[0]["readySubstate"], "STAGED");
    assert_eq!(staging[0]["isRollbackCandidate"], false);
    let previews = ids_of(&list("&target=preview".into()).await);
    assert_eq!(previews, only(&|d| d["target"].is_null()));
    // from and to are since and until.
    let middle = ms(&all[all.len() / 2]["created"]);
    assert_eq!(
        list(format!("&from={middle}")).await,
        list(format!("&since={middle}")).await
    );
    assert_eq!(
        list(format!("&to={middle}")).await,
        list(format!("&until={middle}")).await
    );
    // Together.
    let together = ids_of(
        &list(format!("&state=READY&target=production&projectIds={project}&branch=main&rollbackCandidate=true&to={}", ms(&all[0]["created"]) + 1))
            .await,
    );
    assert_eq!(
        together,
        only(&|d| d["readyState"] == "READY"
            && d["target"] == "production"
            && d["projectId"] == project.as_str()
            && d["meta"]["githubCommitRef"] == "main")
    );
    // Every source is one of Vercel's.
    assert!(all
        .iter()
        .all(|d| ["cli", "git", "redeploy"].contains(&d["source"].as_str().unwrap())));
}

#[tokio::test]
async fn get_create_and_cancel_answer_the_owners_full_view() {
    let app = app();
    let first = create(&app, "", json!({"name": "web", "target": "staging"})).await;
    let second = create(&app, "", json!({"name": "web", "target": "production"})).await;
    for d in [&first, &second] {
        assert_eq!(d["status"], "QUEUED");
        assert_eq!(d["bootedAt"], d["createdAt"]);
        assert_eq!(d["buildingAt"], d["createdAt"]);
        assert_eq!(d["isInConcurrentBuildsQueue"], true);
        assert_eq!(d["isInSystemBuildsQueue"], false);
        assert_eq!(d["plan"], "hobby", "a personal scope");
        assert_eq!(d["ownerId"], d["creator"]["uid"]);
        assert_eq!(d["build"], json!({"env": []}));
        assert_eq!(d["env"], json!([]));
        assert_eq!(d["regions"], json!(["dev1"]));
        assert_eq!(d["createdIn"], "dev1");
        assert_eq!(d["routes"], Value::Null);
        assert_eq!(d["version"], 2);
        assert_eq!(d["public"], false);
        assert_eq!(d["buildSkipped"], false);
        assert_eq!(d["aliasAssigned"], false);
        assert!(d["projectSettings"]
            .as_object()
            .unwrap()
            .values()
            .all(Value::is_null));
    }
    assert_eq!(first["target"], "staging");
    // The first takes the one build slot; the second waits for it.
    settle(&app).await;
    let building = get(&app, &id(&first)).await;
    assert_eq!(building["status"], "INITIALIZING");
    assert_eq!(building["isInConcurrentBuildsQueue"], false);
    assert_eq!(
        building["buildingAt"], building["createdAt"],
        "not yet BUILDING"
    );
    let began = step(&app).await;
    let building = get(&app, &id(&first)).await;
    assert_eq!(building["status"], "BUILDING");
    assert_eq!(ms(&building["buildingAt"]), began);
    assert_eq!(
        get(&app, &id(&second)).await["isInConcurrentBuildsQueue"],
        true
    );
    step(&app).await;
    let ready = get(&app, &id(&first)).await;
    assert_eq!(ready["status"], "READY");
    assert_eq!(ready["readySubstate"], "STAGED");
    assert_eq!(ready["aliasAssigned"], true);
    assert_eq!(
        ready["isRollbackCandidate"], false,
        "staging, not production"
    );
    // Canceled while INITIALIZING: the answer is the full view too, and never built.
    let canceled = ok(cancel(&app, "v12", &id(&second)).await);
    assert_eq!(canceled["status"], "CANCELED");
    assert_eq!(canceled["buildingAt"], canceled["createdAt"]);
    assert_eq!(canceled["plan"], "hobby");
    // In a team: its plan and its id as the owner.
    let in_team = create(&app, "?slug=my-team", json!({"name": "web"})).await;
    assert_eq!(in_team["plan"], "pro");
    assert!(in_team["ownerId"].as_str().unwrap().starts_with("team_"));
    assert_ne!(in_team["ownerId"], in_team["creator"]["uid"]);
}

#[tokio::test]
async fn teams_page_newest_first_and_one_is_read_by_id_or_slug() {
    let app = demo();
    let page = |query: &str| {
        let app = &app;
        let path = format!("/v2/teams{query}");
        async move { ok(send(app, "GET", &path, None).await) }
    };
    let first = page("?limit=1").await;
    assert_eq!(first["teams"][0]["slug"], "globex");
    let next = ms(&first["pagination"]["next"]);
    assert_eq!(first["pagination"]["next"], first["teams"][0]["createdAt"]);
    let second = page(&format!("?limit=1&until={next}")).await;
    assert_eq!(second["teams"][0]["slug"], "acme");
    assert_eq!(second["pagination"]["next"], Value::Null);
    let newer = page(&format!("?since={}", second["teams"][0]["createdAt"])).await;
    assert_eq!(newer["teams"].as_array().unwrap().len(), 1);
    assert_eq!(newer["teams"][0]["slug"], "globex");
    for bad in ["limit=0", "until=soon", "since=-1"] {
        send(&app, "GET", &format!("/v2/teams?{bad}"), None)
            .await
            .assert_vercel_error(400, "bad_request");
    }

    // Every field Vercel's full team view requires.
    let acme = page(&format!("/{TEAM_ACME}")).await;
    assert_eq!(acme, page("/acme").await, "by id or by slug");
    assert_eq!(acme, second["teams"][0]);
    assert_eq!(acme["id"], TEAM_ACME);
    assert_eq!(acme["name"], "Acme Corp");
    assert_eq!(acme["creatorId"], ADMIN_USER);
    assert_eq!(acme["stagingPrefix"], "acme");
    assert_eq!(acme["updatedAt"], acme["createdAt"]);
    assert_eq!(acme["avatar"], Value::Null);
    assert_eq!(acme["description"], Value::Null);
    assert_eq!(acme["billing"], json!({"plan": "pro"}));
    // Another user's team, or none: forbidden, as a teamId naming it is everywhere.
    app.get(&format!("/v2/teams/{TEAM_ACME}"))
        .bearer(TOKEN_GLOBEX_ONLY)
        .send()
        .await
        .assert_vercel_error(403, "forbidden");
    send(&app, "GET", "/v2/teams/team_nope", None)
        .await
        .assert_vercel_error(403, "forbidden");
}

#[tokio::test]
async fn unknown_paths_under_every_api_prefix_are_json_404s_never_the_console() {
    let dir = std::env::temp_dir().join(format!("faas-vercel-static-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html><title>console</title>",
    )
    .unwrap();
    let app = TestApp::with(Config {
        static_dir: dir.clone(),
        ..config(1)
    });
    let is_json = |res: &TestResponse| {
        res.header("content-type")
            .is_some_and(|t| t.starts_with("application/json"))
    };
    for version in [1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13] {
        for path in [
            format!("/v{version}"),
            format!("/v{version}/"),
            format!("/v{version}/nope"),
            format!("/v{version}/projects/web/env"),
        ] {
            for call in [
                app.get(&path).no_key(),
                app.get(&path).bearer(&app.admin_key),
            ] {
                let res = call.send().await;
                res.assert_vercel_error(404, "not_found");
                assert!(is_json(&res), "{path}");
            }
        }
    }
    for path in ["/v2/teams/team_x/members", "/v2/teams/"] {
        let res = app.get(path).no_key().send().await;
        res.assert_vercel_error(404, "not_found");
    }
    // Under /v2/faas (and the rest of /v2), the Functions envelope.
    for path in [
        "/v2/faas/nope",
        "/v2/faas/packages/x/y/z",
        "/v2/faas/",
        "/v2/nope",
    ] {
        let res = app.get(path).send().await;
        res.assert_error(404, "FAAS-404");
        assert!(is_json(&res), "{path}");
    }
    // The console's own paths (and what only looks like an API version) still get its page.
    for path in ["/builds", "/v14/x", "/v0", "/version"] {
        let res = app.get(path).no_key().send().await;
        assert_eq!(res.status, 200, "{path}");
        assert!(res.text().contains("<title>console</title>"), "{path}");
    }
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn a_database_of_before_the_sdk_is_brought_up_to_it() {
    // The schema as migrations 1-3 left it, with a deployment of source `api` and a team
    // without a creator.
    let dir = std::env::temp_dir().join(format!("faas-vercel-migrate-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("faas.db");
    {
        let conn = rusqlite::Connection::open(&file).unwrap();
        for sql in [
            include_str!("../../migrations/0001_initial.sql"),
            include_str!("../../migrations/0002_revision_numbers.sql"),
            include_str!("../../migrations/0003_vercel.sql"),
        ] {
            conn.execute_batch(sql).unwrap();
        }
        conn.execute_batch(
            "PRAGMA user_version = 3;
             INSERT INTO settings (key, value) VALUES ('vercel_admin_user_id', 'usr_b');
             INSERT INTO vercel_users (id, username, created_ms) VALUES
                 ('usr_a', 'ann', 1), ('usr_b', 'bob', 1);
             INSERT INTO vercel_teams (id, slug, name, created_ms) VALUES ('team_1', 't', 'T', 1);
             INSERT INTO vercel_members (user_id, team_id) VALUES ('usr_a', 'team_1'), ('usr_b', 'team_1');
             INSERT INTO vercel_projects (id, scope, name, created_ms) VALUES ('prj_1', 'team_1', 'web', 1);
             INSERT INTO vercel_deployments (id, scope, project_id, name, url, creator_id, source,
                 target, state, created_ms)
             VALUES ('dpl_1', 'team_1', 'prj_1', 'web', 'web-1.x', 'usr_a', 'api', 'production', 'READY', 5),
                    ('dpl_2', 'team_1', 'prj_1', 'web', 'web-2.x', 'usr_a', 'git', NULL, 'QUEUED', 6);",
        )
        .unwrap();
    }
    let db = faas_server::db::Db::open(
        &faas_server::db::DbLocation::parse(&format!("sqlite:{}", file.display())).unwrap(),
        1,
    )
    .unwrap();
    let (sources, creator): (Vec<(String, String)>, String) = db
        .read_blocking(|conn| {
            let sources = conn
                .prepare("SELECT id, source FROM vercel_deployments ORDER BY id")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let creator =
                conn.query_row("SELECT creator_id FROM vercel_teams", [], |r| r.get(0))?;
            Ok((sources, creator))
        })
        .unwrap();
    assert_eq!(
        sources,
        [
            ("dpl_1".into(), "cli".into()),
            ("dpl_2".into(), "git".into())
        ]
    );
    assert_eq!(creator, "usr_b", "the admin user, a member");
    // A staging deployment can be stored now.
    db.write_blocking(|tx| {
        tx.execute(
            "UPDATE vercel_deployments SET target = 'staging' WHERE id = 'dpl_2'",
            [],
        )?;
        Ok(())
    })
    .unwrap();
    drop(db);
    std::fs::remove_dir_all(dir).ok();
}
