//! Packages, revisions and functions (`api.md` §2–§3).

use crate::common;

use axum::http::Method;
use common::{function_body, package_body, TestApp};
use faas_api::validation::Limits;
use faas_server::Config;
use serde_json::json;

#[tokio::test]
async fn create_package_makes_its_first_revision_and_counts() {
    let app = TestApp::new();
    let mut body = package_body("Chat Moderation");
    body["revisionName"] = json!("first");
    body["revisionsTotal"] = json!(99); // read-only, ignored
    let package = app.post("/v2/faas/packages", body).send().await.ok();
    assert_eq!(package["name"], "Chat Moderation");
    assert_eq!(package["revisionsTotal"], 1);
    assert_eq!(package["revisionsRunning"], 0);
    assert_eq!(package["packageDeploymentsTotal"], 0);
    assert_eq!(package["packageBlueprintId"], json!(null));
    assert_eq!(package["tags"], json!(["test"]));
    let id = package["id"].as_str().unwrap();
    let revisions = app
        .get(&format!("/v2/faas/packages/{id}/package-revisions"))
        .send()
        .await
        .ok();
    assert_eq!(revisions[0]["name"], "first");
    assert!(revisions[0].get("functions").is_none());
    let got = app
        .get(&format!("/v2/faas/packages/{id}"))
        .send()
        .await
        .ok();
    assert_eq!(got, package);
}

#[tokio::test]
async fn functions_whose_names_differ_beyond_ascii_case_keep_their_own_identities() {
    let app = TestApp::new();
    let package = app.create_package("Umlauts").await;
    let pid = package["id"].as_str().unwrap();
    let revision = |names: [&str; 2]| {
        json!({"packageId": pid, "functions": [
            function_body(names[0], "a.*"),
            function_body(names[1], "b.*")
        ]})
    };
    // 'Ärger' and 'ärger' differ (only ASCII case is ignored), 'FILTER' is 'Filter'.
    let r2 = app
        .post("/v2/faas/package-revisions", revision(["Ärger", "ärger"]))
        .send()
        .await
        .ok();
    let r3 = app
        .post("/v2/faas/package-revisions", revision(["ärger", "Ärger"]))
        .send()
        .await
        .ok();
    assert_eq!(r3["functions"][0]["id"], r2["functions"][1]["id"]);
    assert_eq!(r3["functions"][1]["id"], r2["functions"][0]["id"]);
    assert_ne!(r2["functions"][0]["id"], r2["functions"][1]["id"]);
}

#[tokio::test]
async fn revisions_default_names_and_function_identity() {
    let app = TestApp::new();
    let package = app.create_package("Identity").await;
    let pid = package["id"].as_str().unwrap();
    let revs = app
        .get(&format!("/v2/faas/packages/{pid}/package-revisions"))
        .send()
        .await
        .ok();
    let r1 = app
        .get(&format!(
            "/v2/faas/package-revisions/{}",
            revs[0]["id"].as_str().unwrap()
        ))
        .send()
        .await
        .ok();
    assert_eq!(r1["name"], "v1");
    let f1 = r1["functions"][0].clone();

    // Same name → same identity, new functionRevisionId; a new name → new identity.
    let r2 = app
        .post(
            "/v2/faas/package-revisions",
            json!({"packageId": pid, "functions": [
                function_body("Filter", "chat.*"),
                function_body("Other", "news.*")
            ]}),
        )
        .send()
        .await
        .ok();
    assert_eq!(r2["name"], "v2");
    assert_eq!(r2["functions"][0]["id"], f1["id"]);
    assert_ne!(
        r2["functions"][0]["functionRevisionId"],
        f1["functionRevisionId"]
    );
    assert_ne!(r2["functions"][1]["id"], f1["id"]);
    assert_eq!(r2["functions"][1]["sortOrder"], 1);
    assert_eq!(r2["functions"][0]["config"]["type"], "BEFORE_PUBLISH");

    // A rename keeps the identity when the id is sent.
    let mut renamed = function_body("Renamed Filter", "chat.*");
    renamed["id"] = f1["id"].clone();
    let r3 = app
        .post(
            "/v2/faas/package-revisions",
            json!({"packageId": pid, "name": "v3-rc", "functions": [renamed]}),
        )
        .send()
        .await
        .ok();
    assert_eq!(r3["name"], "v3-rc");
    assert_eq!(r3["functions"][0]["id"], f1["id"]);
    assert_eq!(r3["functions"][0]["name"], "Renamed Filter");

    let package = app
        .get(&format!("/v2/faas/packages/{pid}"))
        .send()
        .await
        .ok();
    assert_eq!(package["revisionsTotal"], 3);

    // Same id twice in one revision is refused.
    let mut a = function_body("A", "a.*");
    a["id"] = f1["id"].clone();
    let mut b = function_body("B", "b.*");
    b["id"] = f1["id"].clone();
    let errors = app
        .post(
            "/v2/faas/package-revisions",
            json!({"packageId": pid, "functions": [a, b]}),
        )
        .send()
        .await
        .assert_error(400, "FAAS-400");
    assert_eq!(errors[0]["field"], "functions[1].id");

    // Functions list, paged.
    let rid = r2["id"].as_str().unwrap();
    let res = app
        .get(&format!(
            "/v2/faas/package-revisions/{rid}/functions?size=1&sort=name,DESC"
        ))
        .send()
        .await;
    assert_eq!(res.paging()["totalElements"], 2);
    assert_eq!(res.ok()[0]["name"], "Other");
}

#[tokio::test]
async fn validation_errors_name_their_fields() {
    let app = TestApp::new();
    let res = app
        .post(
            "/v2/faas/packages",
            json!({"name": "  ", "tags": ["Bad Tag"], "functions": [
                {"name": "f", "type": "BEFORE_PUBLISH", "code": "x", "config": {}},
                {"name": "g", "type": "ON_INTERVAL", "code": "x", "config": {"intervalSeconds": 0}}
            ]}),
        )
        .send()
        .await;
    let errors = res.assert_error(400, "FAAS-400");
    let fields: Vec<&str> = errors
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    for f in [
        "name",
        "tags[0]",
        "functions[0].config.inputChannel",
        "functions[1].config.intervalSeconds",
    ] {
        assert!(fields.contains(&f), "{fields:?}");
    }
    assert!(errors[0]["message"].as_str().unwrap().starts_with("name: "));

    // Wrong JSON types name the path.
    let errors = app
        .post(
            "/v2/faas/packages",
            json!({"name": "x", "functions": [{"name": "f", "type": "NOPE", "code": "x"}]}),
        )
        .send()
        .await
        .assert_error(400, "FAAS-400");
    assert_eq!(errors[0]["field"], "functions[0].type");
    let errors = app
        .post("/v2/faas/packages", json!({"name": 5, "functions": []}))
        .send()
        .await
        .assert_error(400, "FAAS-400");
    assert_eq!(errors[0]["field"], "name");
    let errors = app
        .post("/v2/faas/packages", json!({"description": "no name"}))
        .send()
        .await
        .assert_error(400, "FAAS-400");
    assert_eq!(errors[0]["field"], "name");
}

#[tokio::test]
async fn bad_json_wrong_content_type_and_oversize() {
    let app = TestApp::new();
    app.call(Method::POST, "/v2/faas/packages")
        .header("content-type", "application/json")
        .raw("{\"name\": ")
        .send()
        .await
        .assert_error(400, "FAAS-1003");
    app.call(Method::POST, "/v2/faas/packages")
        .header("content-type", "text/plain")
        .raw("{}")
        .send()
        .await
        .assert_error(415, "FAAS-415");
    app.call(Method::POST, "/v2/faas/packages")
        .raw("{}")
        .send()
        .await
        .assert_error(415, "FAAS-415");
    let big = format!("{{\"name\": \"{}\"}}", "x".repeat(1024 * 1024 + 10));
    app.call(Method::POST, "/v2/faas/packages")
        .header("content-type", "application/json")
        .raw(big)
        .send()
        .await
        .assert_error(413, "FAAS-400");
}

#[tokio::test]
async fn a_body_that_is_json_but_not_an_object_is_refused() {
    // serde would fill the update from an array by position: `[null, null]` changed nothing
    // and answered 200.
    let app = TestApp::new();
    let p = app.create_package("Object bodies").await;
    let path = format!("/v2/faas/packages/{}", p["id"].as_str().unwrap());
    for body in ["[null, null]", "[]", "null", "\"name\""] {
        app.call(Method::PUT, &path)
            .header("content-type", "application/json")
            .raw(body)
            .send()
            .await
            .assert_error(400, "FAAS-400");
    }
}

#[tokio::test]
async fn names_conflict_case_insensitively() {
    let app = TestApp::new();
    let p = app.create_package("Alpha").await;
    app.post("/v2/faas/packages", package_body("ALPHA"))
        .send()
        .await
        .assert_error(409, "FAAS-409");
    let q = app.create_package("Beta").await;
    let qid = q["id"].as_str().unwrap();
    app.put(
        &format!("/v2/faas/packages/{qid}"),
        json!({"name": "alpha"}),
    )
    .send()
    .await
    .assert_error(409, "FAAS-409");
    let renamed = app
        .put(
            &format!("/v2/faas/packages/{qid}"),
            json!({"name": " Gamma ", "tags": ["x"]}),
        )
        .send()
        .await
        .ok();
    assert_eq!(renamed["name"], "Gamma");
    assert_eq!(renamed["tags"], json!(["x"]));
    assert_eq!(renamed["description"], "test package");
    let pid = p["id"].as_str().unwrap();
    app.post(
        "/v2/faas/package-revisions",
        json!({"packageId": pid, "name": "V1", "functions": [function_body("F", "a.*")]}),
    )
    .send()
    .await
    .assert_error(409, "FAAS-409");
}

#[tokio::test]
async fn package_and_function_limits() {
    let app = TestApp::with(Config {
        limits: Limits {
            packages_max: 2,
            functions_max: 2,
            ..Limits::default()
        },
        ..Config::default()
    });
    app.create_package("One").await;
    app.create_package("Two").await;
    app.post("/v2/faas/packages", package_body("Three"))
        .send()
        .await
        .assert_error(422, "FAAS-1005");
    let mut body = package_body("Many");
    body["functions"] = json!([
        function_body("a", "a.*"),
        function_body("b", "b.*"),
        function_body("c", "c.*")
    ]);
    let errors = app
        .post("/v2/faas/packages", body)
        .send()
        .await
        .assert_error(422, "FAAS-1006");
    assert_eq!(errors[0]["field"], "functions");
}

#[tokio::test]
async fn paging_sort_and_search_of_packages() {
    let app = TestApp::new();
    for name in ["Delta", "alpha", "Charlie", "bravo"] {
        app.create_package(name).await;
        // Distinct creation times: equal ones are ordered by id, which is random.
        tokio::time::sleep(std::time::Duration::from_millis(3)).await;
    }
    let res = app
        .get("/v2/faas/packages?sort=name,ASC&size=3")
        .send()
        .await;
    let paging = res.paging();
    let names: Vec<String> = res
        .ok()
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, ["alpha", "bravo", "Charlie"]);
    assert_eq!(paging["totalElements"], 4);
    assert_eq!(paging["totalPages"], 2);
    let newest = app.get("/v2/faas/packages").send().await.ok();
    assert_eq!(newest[0]["name"], "bravo", "newest first by default");
    let found = app.get("/v2/faas/packages?search=HAR").send().await.ok();
    assert_eq!(found.as_array().unwrap().len(), 1);
    assert_eq!(found[0]["name"], "Charlie");
    app.get("/v2/faas/packages?size=0")
        .send()
        .await
        .assert_error(400, "FAAS-1019");
    app.get("/v2/faas/packages?size=1000")
        .send()
        .await
        .assert_error(400, "FAAS-1023");
    app.get("/v2/faas/packages?sort=tags,ASC")
        .send()
        .await
        .assert_error(400, "FAAS-1023");
    app.get("/v2/faas/packages?page=-1")
        .send()
        .await
        .assert_error(400, "FAAS-400");
}

#[tokio::test]
async fn grants_are_enforced_and_named() {
    let app = TestApp::demo();
    let res = app
        .get("/v2/faas/packages")
        .key("demo-no-grants")
        .send()
        .await;
    let errors = res.assert_error(403, "FAAS-403");
    assert_eq!(
        errors[0]["message"],
        "missing grant functions.package:read on account"
    );
    app.get("/v2/faas/packages")
        .key("demo-read-only")
        .send()
        .await
        .ok();
    let errors = app
        .post("/v2/faas/packages", package_body("Nope"))
        .key("demo-read-only")
        .send()
        .await
        .assert_error(403, "FAAS-403");
    assert_eq!(
        errors[0]["message"],
        "missing grant functions.package:write on account"
    );
    app.get("/v2/faas/packages")
        .no_key()
        .send()
        .await
        .assert_error(401, "FAAS-1001");
}

#[tokio::test]
async fn another_accounts_entities_are_not_found() {
    let app = TestApp::demo();
    let mine = app.get("/v2/faas/packages?size=1").send().await.ok();
    let id = mine[0]["id"].as_str().unwrap();
    let other = "demo-other-account";
    app.get(&format!("/v2/faas/packages/{id}"))
        .key(other)
        .send()
        .await
        .assert_error(404, "FAAS-404");
    app.delete(&format!("/v2/faas/packages/{id}"))
        .key(other)
        .send()
        .await
        .assert_error(404, "FAAS-404");
    app.get(&format!("/v2/faas/packages/{id}/package-revisions"))
        .key(other)
        .send()
        .await
        .assert_error(404, "FAAS-404");
    app.post(
        "/v2/faas/package-revisions",
        json!({"packageId": id, "functions": [function_body("F", "a.*")]}),
    )
    .key(other)
    .send()
    .await
    .assert_error(404, "FAAS-404");
    let theirs = app.get("/v2/faas/packages").key(other).send().await.ok();
    assert_eq!(theirs.as_array().unwrap().len(), 1);
    // Ids that are not UUIDs name nothing.
    app.get("/v2/faas/packages/not-a-uuid")
        .send()
        .await
        .assert_error(404, "FAAS-404");
    app.get("/v2/faas/package-revisions/00000000-0000-0000-0000-000000000000")
        .send()
        .await
        .assert_error(404, "FAAS-404");
}

#[tokio::test]
async fn delete_rules_follow_deployment_states() {
    let app = TestApp::demo();
    let packages = app.get("/v2/faas/packages?size=100").send().await.ok();
    let find = |name: &str| {
        packages
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .unwrap()
            .clone()
    };
    // Chat Moderation has RUNNING, STARTING and STOPPING deployments.
    let chat = find("Chat Moderation");
    assert_eq!(chat["revisionsTotal"], 3);
    assert_eq!(chat["packageDeploymentsTotal"], 4);
    assert_eq!(chat["packageDeploymentsRunning"], 1);
    assert_eq!(chat["revisionsRunning"], 1);
    let cid = chat["id"].as_str().unwrap();
    app.delete(&format!("/v2/faas/packages/{cid}"))
        .send()
        .await
        .assert_error(409, "FAAS-1016");
    let revs = app
        .get(&format!(
            "/v2/faas/packages/{cid}/package-revisions?sort=name,ASC"
        ))
        .send()
        .await
        .ok();
    // v3 has active deployments; v2 only a STOPPED one.
    let v3 = revs[2]["id"].as_str().unwrap();
    assert_eq!(revs[2]["name"], "v3");
    app.delete(&format!("/v2/faas/package-revisions/{v3}"))
        .send()
        .await
        .assert_error(409, "FAAS-1017");
    let v2 = revs[1]["id"].as_str().unwrap();
    let res = app
        .delete(&format!("/v2/faas/package-revisions/{v2}"))
        .send()
        .await;
    assert!(res.json.get("data").is_none());
    res.ok();
    let chat = app
        .get(&format!("/v2/faas/packages/{cid}"))
        .send()
        .await
        .ok();
    assert_eq!(chat["revisionsTotal"], 2);
    assert_eq!(chat["packageDeploymentsTotal"], 3);

    // Webhook Gateway has only a STOPPED deployment: deletable.
    let hook = find("Webhook Gateway");
    let hid = hook["id"].as_str().unwrap();
    let revs = app
        .get(&format!("/v2/faas/packages/{hid}/package-revisions"))
        .send()
        .await
        .ok();
    let only = revs[0]["id"].as_str().unwrap();
    app.delete(&format!("/v2/faas/package-revisions/{only}"))
        .send()
        .await
        .assert_error(409, "FAAS-409");
    app.delete(&format!("/v2/faas/packages/{hid}"))
        .send()
        .await
        .ok();
    app.get(&format!("/v2/faas/packages/{hid}"))
        .send()
        .await
        .assert_error(404, "FAAS-404");
    app.get(&format!("/v2/faas/package-revisions/{only}"))
        .send()
        .await
        .assert_error(404, "FAAS-404");
}

#[tokio::test]
async fn revision_update_changes_only_name_and_description() {
    let app = TestApp::new();
    let p = app.create_package("Upd").await;
    let pid = p["id"].as_str().unwrap();
    let revs = app
        .get(&format!("/v2/faas/packages/{pid}/package-revisions"))
        .send()
        .await
        .ok();
    let rid = revs[0]["id"].as_str().unwrap();
    let r = app
        .put(
            &format!("/v2/faas/package-revisions/{rid}"),
            json!({"description": "better", "functions": []}),
        )
        .send()
        .await
        .ok();
    assert_eq!(r["name"], "v1");
    assert_eq!(r["description"], "better");
    assert_eq!(r["functions"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn limits_endpoint_counts_running_deployments() {
    let app = TestApp::demo();
    let limit = app
        .get("/v2/faas/limits/package-deployments-running")
        .send()
        .await
        .ok();
    assert_eq!(limit["name"], "package-deployments-running");
    assert_eq!(limit["currentValue"], "5");
    assert_eq!(limit["maxValue"], "50");
}

#[tokio::test]
async fn openapi_document_lists_every_operation() {
    let app = TestApp::new();
    let res = app.get("/v2/faas/openapi.json").no_key().send().await;
    assert_eq!(res.status, 200);
    let paths = res.json["paths"].as_object().unwrap();
    for path in common::API_ROUTES {
        assert!(paths.contains_key(*path), "{path}");
    }
    assert_eq!(res.json["openapi"], "3.0.3");
}

#[tokio::test]
async fn several_revisions_are_read_at_once_in_the_order_asked() {
    let app = TestApp::demo();
    let (_, ids) = common::package_with_revisions(
        &app,
        "Read Together",
        &[
            json!([function_body("First", "a.*")]),
            json!([
                function_body("First", "a.*"),
                function_body("Second", "b.*")
            ]),
        ],
    )
    .await;
    let (v1, v2) = (&ids[0], &ids[1]);
    let unknown = "00000000-0000-4000-8000-000000000000";
    let read = app
        .get(&format!(
            "/v2/faas/package-revisions?ids={v2},{unknown},{},{v1}",
            v2.to_ascii_uppercase()
        ))
        .send()
        .await
        .ok();
    let read = read.as_array().unwrap();
    assert_eq!(read.len(), 2, "{read:?}");
    assert_eq!(read[0]["id"], json!(v2));
    assert_eq!(read[0]["functions"].as_array().unwrap().len(), 2);
    assert_eq!(read[1]["id"], json!(v1));
    assert_eq!(read[1]["functions"][0]["name"], "First");
    // Each revision as its own read answers it.
    let alone = app
        .get(&format!("/v2/faas/package-revisions/{v1}"))
        .send()
        .await
        .ok();
    assert_eq!(read[1], alone);

    // Another account's revision is not there for it.
    let theirs = app
        .get(&format!("/v2/faas/package-revisions?ids={v1}"))
        .key("demo-other-account")
        .send()
        .await
        .ok();
    assert_eq!(theirs, json!([]));

    for bad in ["", "?ids=", "?ids=nope", "?ids=,,"] {
        let errors = app
            .get(&format!("/v2/faas/package-revisions{bad}"))
            .send()
            .await
            .assert_error(400, "FAAS-400");
        assert_eq!(errors[0]["field"], "ids", "{bad}: {errors:?}");
    }
    let too_many: Vec<String> = (0..=100)
        .map(|n| format!("00000000-0000-4000-8000-{n:012}"))
        .collect();
    let errors = app
        .get(&format!(
            "/v2/faas/package-revisions?ids={}",
            too_many.join(",")
        ))
        .send()
        .await
        .assert_error(400, "FAAS-400");
    assert!(errors[0]["message"]
        .as_str()
        .unwrap()
        .contains("at most 100"));
    common::assert_read_needs_a_grant_and_a_key(
        &app,
        &format!("/v2/faas/package-revisions?ids={v1}"),
    )
    .await;
}
