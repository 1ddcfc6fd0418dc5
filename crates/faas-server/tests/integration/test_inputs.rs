//! Saved test inputs (`api.md` §5 "Test inputs"): create, list (with the function's earlier
//! revisions' inputs, newest first), read, replace and delete; validation, grants, and
//! another account's inputs not found.

use crate::common;

use common::{function_body, package_body, TestApp};
use serde_json::{json, Value};

/// A package with a function "Filter" in two revisions (and "Other" in the second); returns
/// the function revision ids of Filter in v1 and v2, and of Other.
async fn two_revisions(app: &TestApp) -> (String, String, String) {
    let package = app.create_package("Inputs").await;
    let id = package["id"].as_str().unwrap();
    let v1 = app
        .get(&format!("/v2/faas/packages/{id}/package-revisions"))
        .send()
        .await
        .ok()[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let v1 = app
        .get(&format!("/v2/faas/package-revisions/{v1}"))
        .send()
        .await
        .ok();
    let v2 = app
        .post(
            "/v2/faas/package-revisions",
            json!({"packageId": id, "functions": [function_body("Filter", "chat.*"), function_body("Other", "other.*")]}),
        )
        .send()
        .await
        .ok();
    let frid = |revision: &Value, name: &str| {
        revision["functions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == name)
            .unwrap()["functionRevisionId"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    (frid(&v1, "Filter"), frid(&v2, "Filter"), frid(&v2, "Other"))
}

fn inputs_path(function_revision_id: &str) -> String {
    format!("/v2/faas/function-revisions/{function_revision_id}/test-inputs")
}

async fn save(app: &TestApp, function_revision_id: &str, description: &str) -> Value {
    app.post(
        &inputs_path(function_revision_id),
        json!({"payload": {"request": {"message": {"text": description}}}, "description": description}),
    )
    .send()
    .await
    .ok()
}

async fn descriptions(app: &TestApp, function_revision_id: &str) -> Vec<String> {
    app.get(&inputs_path(function_revision_id))
        .send()
        .await
        .ok()
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["description"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn inputs_are_saved_per_revision_and_later_revisions_list_the_earlier_ones() {
    let app = TestApp::new();
    let (v1, v2, other) = two_revisions(&app).await;
    let first = save(&app, &v1, "saved on v1").await;
    assert_eq!(first["functionRevisionId"], v1);
    assert_eq!(first["mimeType"], "application/json");
    assert_eq!(
        first["payload"],
        json!({"request": {"message": {"text": "saved on v1"}}})
    );
    save(&app, &v2, "saved on v2").await;
    save(&app, &other, "another function").await;

    assert_eq!(
        descriptions(&app, &v2).await,
        ["saved on v2", "saved on v1"]
    );
    // An earlier revision does not see what was saved later; another function sees its own.
    assert_eq!(descriptions(&app, &v1).await, ["saved on v1"]);
    assert_eq!(descriptions(&app, &other).await, ["another function"]);

    let page = app
        .get(&format!("{}?size=1&page=1", inputs_path(&v2)))
        .send()
        .await;
    assert_eq!(page.paging()["totalElements"], 2);
    assert_eq!(page.ok()[0]["description"], "saved on v1");
}

#[tokio::test]
async fn an_input_is_read_replaced_and_deleted_by_id() {
    let app = TestApp::new();
    let (v1, _, _) = two_revisions(&app).await;
    let input = save(&app, &v1, "first").await;
    let path = format!("/v2/faas/test-inputs/{}", input["id"].as_str().unwrap());
    assert_eq!(app.get(&path).send().await.ok(), input);

    let replaced = app
        .put(
            &path,
            json!({"payload": ["any", "json"], "mimeType": "text/plain", "description": "second"}),
        )
        .send()
        .await
        .ok();
    assert_eq!(replaced["id"], input["id"]);
    assert_eq!(replaced["functionRevisionId"], v1);
    assert_eq!(replaced["payload"], json!(["any", "json"]));
    assert_eq!(replaced["mimeType"], "text/plain");
    assert_eq!(replaced["createdDttm"], input["createdDttm"]);

    app.delete(&path).send().await.ok();
    app.get(&path).send().await.assert_error(404, "FAAS-404");
    app.delete(&path).send().await.assert_error(404, "FAAS-404");
    app.put(&path, json!({"payload": {}}))
        .send()
        .await
        .assert_error(404, "FAAS-404");
    assert!(descriptions(&app, &v1).await.is_empty());

    // The log has the three changes by name, and no payload.
    let log = app
        .get(&format!(
            "/v2/faas/activity?kind=test-input&target_id={}",
            input["id"].as_str().unwrap()
        ))
        .send()
        .await;
    assert!(
        !log.text().contains("\"json\""),
        "a payload in the log: {}",
        log.text()
    );
    let entries = log.ok();
    let kinds: Vec<&str> = entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "test-input.delete",
            "test-input.update",
            "test-input.create"
        ]
    );
    assert!(entries[1]["target"]["name"]
        .as_str()
        .unwrap()
        .starts_with("test input “second” of "));
}

#[tokio::test]
async fn a_test_input_needs_a_payload_a_media_type_and_a_known_function_revision() {
    let app = TestApp::new();
    let (v1, _, _) = two_revisions(&app).await;
    for (body, field) in [
        (json!({}), "payload"),
        (json!({"payload": null}), "payload"),
        (json!({"payload": {}, "mimeType": "json"}), "mimeType"),
        (
            json!({"payload": {}, "description": "d".repeat(1001)}),
            "description",
        ),
        (json!({"payload": "x".repeat(70_000)}), "payload"),
    ] {
        let errors = app
            .post(&inputs_path(&v1), body)
            .send()
            .await
            .assert_error(400, "FAAS-400");
        assert_eq!(errors[0]["field"], field);
    }
    for missing in ["00000000-0000-4000-8000-000000000000", "not-a-uuid"] {
        app.get(&inputs_path(missing))
            .send()
            .await
            .assert_error(404, "FAAS-404");
        app.post(&inputs_path(missing), json!({"payload": {}}))
            .send()
            .await
            .assert_error(404, "FAAS-404");
    }
    app.post(&inputs_path(&v1), json!({"payload": {}}))
        .header("content-type", "text/plain")
        .send()
        .await
        .assert_error(415, "FAAS-415");
}

#[tokio::test]
async fn reading_takes_package_read_and_saving_package_write_in_the_same_account() {
    let app = TestApp::demo();
    let package = app
        .post("/v2/faas/packages", package_body("Grants"))
        .send()
        .await
        .ok();
    let revision = app
        .get(&format!(
            "/v2/faas/packages/{}/package-revisions",
            package["id"].as_str().unwrap()
        ))
        .send()
        .await
        .ok();
    let revision = app
        .get(&format!(
            "/v2/faas/package-revisions/{}",
            revision[0]["id"].as_str().unwrap()
        ))
        .send()
        .await
        .ok();
    let frid = revision["functions"][0]["functionRevisionId"]
        .as_str()
        .unwrap()
        .to_owned();
    let input = save(&app, &frid, "shared").await;
    let by_id = format!("/v2/faas/test-inputs/{}", input["id"].as_str().unwrap());

    let read_only = faas_server::demo::KEY_READ_ONLY;
    assert_eq!(
        app.get(&inputs_path(&frid))
            .key(read_only)
            .send()
            .await
            .ok()[0]["id"],
        input["id"]
    );
    app.get(&by_id).key(read_only).send().await.ok();
    app.post(&inputs_path(&frid), json!({"payload": {}}))
        .key(read_only)
        .send()
        .await
        .assert_error(403, "FAAS-403");
    app.put(&by_id, json!({"payload": {}}))
        .key(read_only)
        .send()
        .await
        .assert_error(403, "FAAS-403");
    app.delete(&by_id)
        .key(read_only)
        .send()
        .await
        .assert_error(403, "FAAS-403");
    app.get(&by_id)
        .key(faas_server::demo::KEY_NO_GRANTS)
        .send()
        .await
        .assert_error(403, "FAAS-403");

    let other = faas_server::demo::KEY_OTHER_ACCOUNT;
    app.get(&by_id)
        .key(other)
        .send()
        .await
        .assert_error(404, "FAAS-404");
    app.get(&inputs_path(&frid))
        .key(other)
        .send()
        .await
        .assert_error(404, "FAAS-404");
    app.delete(&by_id)
        .key(other)
        .send()
        .await
        .assert_error(404, "FAAS-404");
    app.post(&inputs_path(&frid), json!({"payload": {}}))
        .key(other)
        .send()
        .await
        .assert_error(404, "FAAS-404");
}

#[tokio::test]
async fn inputs_outlive_a_deleted_revision_and_go_with_their_package() {
    let app = TestApp::new();
    let (v1, v2, _) = two_revisions(&app).await;
    save(&app, &v1, "saved on v1").await;
    let v1_revision = app
        .get(&format!("/v2/faas/function-revisions/{v1}/test-inputs"))
        .send()
        .await
        .ok()[0]["packageRevisionId"]
        .as_str()
        .unwrap()
        .to_owned();
    app.delete(&format!("/v2/faas/package-revisions/{v1_revision}"))
        .send()
        .await
        .ok();
    assert_eq!(descriptions(&app, &v2).await, ["saved on v1"]);

    let packages = app.get("/v2/faas/packages").send().await.ok();
    app.delete(&format!(
        "/v2/faas/packages/{}",
        packages[0]["id"].as_str().unwrap()
    ))
    .send()
    .await
    .ok();
    let left: i64 = app
        .state
        .db
        .read(|conn| Ok(conn.query_row("SELECT count(*) FROM test_inputs", [], |r| r.get(0))?))
        .await
        .unwrap();
    assert_eq!(left, 0);
}
