//! The catalog (`api.md` §5 "Catalog"): listing and reading the shipped blueprints, their
//! functions and params, and importing one: what an import creates, all or nothing, its
//! params (a missing required one, a SECRET never echoed), its grants. And every shipped
//! blueprint, imported as it ships, builds and gives its test inputs' outcomes in the
//! server's test runner.

use crate::common;

use std::time::Duration;

use common::{wait_for_state, TestApp};
use faas_server::Config;
use serde_json::{json, Value};

const WEBHOOK_SIGNER: &str = "6c0a7a10-9000-4000-8000-000000000500";
const PROFANITY_FILTER: &str = "6c0a7a10-9000-4000-8000-000000000100";
const SECRET: &str = "hunter2-very-secret-signing-key";

async fn blueprints(app: &TestApp, query: &str) -> Vec<Value> {
    app.get(&format!("/v2/faas/package-blueprints{query}"))
        .send()
        .await
        .ok()
        .as_array()
        .cloned()
        .unwrap()
}

fn names(list: &[Value]) -> Vec<&str> {
    list.iter().map(|b| b["name"].as_str().unwrap()).collect()
}

fn import_path(id: &str) -> String {
    format!("/v2/faas/package-blueprints/{id}/packages")
}

#[tokio::test]
async fn the_catalog_lists_six_blueprints_by_name_with_search_tag_and_paging() {
    let app = TestApp::new();
    let all = blueprints(&app, "").await;
    assert_eq!(
        names(&all),
        [
            "Health Check",
            "KV Counter",
            "Message Enricher",
            "Profanity Filter",
            "REST Handler",
            "Webhook Signer"
        ]
    );
    let filter = &all[3];
    assert_eq!(filter["state"], "GENERAL_AVAILABILITY");
    assert_eq!(filter["functionTypes"], json!(["BEFORE_PUBLISH"]));
    assert_eq!(
        filter["tags"][0],
        json!({"id": "moderation", "name": "moderation", "visibility": "PUBLIC"})
    );

    assert_eq!(
        names(&blueprints(&app, "?tag=xhr").await),
        ["Health Check", "Message Enricher", "Webhook Signer"]
    );
    assert_eq!(
        names(&blueprints(&app, "?tag=XHR&search=HOOK").await),
        ["Webhook Signer"]
    );
    assert_eq!(names(&blueprints(&app, "?tag=&search=").await).len(), 6);
    assert!(blueprints(&app, "?tag=nothing").await.is_empty());
    assert_eq!(
        names(&blueprints(&app, "?sort=name,DESC&size=2&page=1").await),
        ["Profanity Filter", "Message Enricher"]
    );
    let res = app.get("/v2/faas/package-blueprints?size=2").send().await;
    assert_eq!(res.paging()["totalElements"], 6);
    assert_eq!(res.paging()["totalPages"], 3);
    app.get("/v2/faas/package-blueprints?sort=tags")
        .send()
        .await
        .assert_error(400, "FAAS-1023");
    app.get("/v2/faas/package-blueprints")
        .no_key()
        .send()
        .await
        .assert_error(401, "FAAS-1001");
}

#[tokio::test]
async fn a_blueprint_its_functions_and_its_params_are_read_by_id() {
    let app = TestApp::demo();
    let blueprint = app
        .get(&format!(
            "/v2/faas/package-blueprints/{}",
            WEBHOOK_SIGNER.to_uppercase()
        ))
        .send()
        .await
        .ok();
    assert_eq!(blueprint["name"], "Webhook Signer");
    let functions = app
        .get(&format!(
            "/v2/faas/package-blueprints/{WEBHOOK_SIGNER}/function-blueprints"
        ))
        .send()
        .await
        .ok();
    let function = &functions[0];
    assert_eq!(function["type"], "AFTER_PUBLISH");
    assert_eq!(function["config"]["inputChannel"], "{{channel}}");
    assert!(function["code"]
        .as_str()
        .unwrap()
        .contains("vault.get(\"webhookSigningKey\")"));
    assert_eq!(function["testInputs"].as_array().unwrap().len(), 3);
    let secret = function["params"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["type"] == "SECRET")
        .unwrap();
    assert_eq!(secret["name"], "webhookSigningKey");
    assert_eq!(secret["required"], true);
    assert_eq!(secret["defaultValue"], Value::Null);

    let params = app
        .get(&format!(
            "/v2/faas/function-blueprint-params?package_blueprint_id={WEBHOOK_SIGNER}"
        ))
        .send()
        .await
        .ok();
    assert_eq!(params, function["params"]);
    let all = app
        .get("/v2/faas/function-blueprint-params?size=100")
        .send()
        .await;
    assert_eq!(all.paging()["totalElements"], 15);
    app.get("/v2/faas/function-blueprint-params?package_blueprint_id=x")
        .send()
        .await
        .assert_error(400, "FAAS-400");

    for missing in [
        "/v2/faas/package-blueprints/6c0a7a10-9000-4000-8000-000000009999",
        "/v2/faas/package-blueprints/not-a-uuid",
        "/v2/faas/package-blueprints/6c0a7a10-9000-4000-8000-000000009999/function-blueprints",
    ] {
        app.get(missing).send().await.assert_error(404, "FAAS-404");
    }
    // Reading the catalog takes package:read; a key without grants is refused.
    app.get("/v2/faas/package-blueprints")
        .key(faas_server::demo::KEY_NO_GRANTS)
        .send()
        .await
        .assert_error(403, "FAAS-403");
}

#[tokio::test]
async fn an_import_creates_the_package_its_revision_a_stopped_deployment_inputs_and_secrets() {
    let app = TestApp::demo();
    let res = app
        .post(
            &import_path(WEBHOOK_SIGNER),
            json!({
                "keysetId": 31002,
                "revisionName": "v1.0.0",
                "name": "Payments webhook",
                "tags": ["payments"],
                "params": {"channel": "payments.eu", "webhookUrl": "https://hooks.acme.test/in",
                           "webhookSigningKey": SECRET, "notAParam": "ignored"}
            }),
        )
        .send()
        .await;
    assert!(!res.text().contains(SECRET), "{}", res.text());
    let package = res.ok();
    assert_eq!(package["name"], "Payments webhook");
    assert_eq!(package["packageBlueprintId"], WEBHOOK_SIGNER);
    assert_eq!(package["tags"], json!(["payments"]));
    assert_eq!(package["description"].as_str().unwrap(), "Forwards each message to a webhook with an HMAC-SHA256 signature made with a secret key from the keyset's secrets.");
    assert_eq!(package["revisionsTotal"], 1);
    assert_eq!(package["packageDeploymentsTotal"], 1);
    let id = package["id"].as_str().unwrap();

    let revisions = app
        .get(&format!("/v2/faas/packages/{id}/package-revisions"))
        .send()
        .await
        .ok();
    assert_eq!(revisions[0]["name"], "v1.0.0");
    let revision_id = revisions[0]["id"].as_str().unwrap();
    let revision = app
        .get(&format!("/v2/faas/package-revisions/{revision_id}"))
        .send()
        .await
        .ok();
    let function = &revision["functions"][0];
    assert_eq!(function["config"]["inputChannel"], "payments.eu");
    let code = function["code"].as_str().unwrap();
    assert!(
        code.contains("xhr.fetch(\"https://hooks.acme.test/in\""),
        "{code}"
    );
    assert!(!code.contains("{{") && !code.contains(SECRET));

    let deployments = app
        .get(&format!(
            "/v2/faas/package-revisions/{revision_id}/package-deployments"
        ))
        .send()
        .await
        .ok();
    assert_eq!(deployments.as_array().unwrap().len(), 1);
    assert_eq!(deployments[0]["keysetId"], 31002);
    assert_eq!(deployments[0]["state"], "STOPPED");

    let inputs = app
        .get(&format!(
            "/v2/faas/function-revisions/{}/test-inputs",
            function["functionRevisionId"].as_str().unwrap()
        ))
        .send()
        .await
        .ok();
    assert_eq!(inputs.as_array().unwrap().len(), 3);

    // The secret is in the keyset's secrets under the param's name, and no answer holds it.
    let subkey = app.subkey(31002).await;
    let secrets = app
        .get(&format!("/v2/faas/kv/secrets?subkey={subkey}"))
        .send()
        .await;
    assert!(!secrets.text().contains(SECRET));
    let secrets = secrets.ok();
    assert!(secrets
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["key"] == "webhookSigningKey"));

    // The log has the import as the key's own writes: the package, its deployment and the
    // secret (by name only).
    let log = app.get("/v2/faas/activity?size=100").send().await;
    assert!(!log.text().contains(SECRET));
    let log = log.ok();
    let kinds: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["actor"]["type"] == "key")
        .take(3)
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["secret.put", "deployment.create", "package.create"]);

    // The same name again is 409, and leaves no second package.
    app.post(
        &import_path(WEBHOOK_SIGNER),
        json!({"keysetId": 31002, "revisionName": "v1", "name": "payments WEBHOOK",
               "params": {"webhookSigningKey": SECRET}}),
    )
    .send()
    .await
    .assert_error(409, "FAAS-409");
}

#[tokio::test]
async fn a_missing_required_param_is_named_and_a_secret_is_never_echoed() {
    let app = TestApp::demo();
    let before = app.get("/v2/faas/packages?size=100").send().await.ok();
    let res = app
        .post(
            &import_path(WEBHOOK_SIGNER),
            json!({"keysetId": 31002, "revisionName": "v1", "params": {"webhookSigningKey": ""}}),
        )
        .send()
        .await;
    let errors = res.assert_error(400, "FAAS-400");
    assert_eq!(errors[0]["field"], "params.webhookSigningKey");
    assert!(errors[0]["message"]
        .as_str()
        .unwrap()
        .contains("is required"));

    // A wrong value is refused without repeating it.
    let long = "k".repeat(32_001);
    for (value, expected) in [(json!(42), "must be a string"), (json!(long), "at most")] {
        let res = app
            .post(
                &import_path(WEBHOOK_SIGNER),
                json!({"keysetId": 31002, "revisionName": "v1", "params": {"webhookSigningKey": value}}),
            )
            .send()
            .await;
        let errors = res.assert_error(400, "FAAS-400");
        assert!(errors[0]["message"].as_str().unwrap().contains(expected));
        assert!(!res.text().contains("kkkkkkkk"));
    }
    // A secret in an otherwise refused import is not echoed either.
    let res = app
        .post(
            &import_path(WEBHOOK_SIGNER),
            json!({"keysetId": 31002, "revisionName": "", "params": {"webhookSigningKey": SECRET}}),
        )
        .send()
        .await;
    let errors = res.assert_error(400, "FAAS-400");
    assert_eq!(errors[0]["field"], "revisionName");
    assert!(!res.text().contains(SECRET));

    // A STRING param that makes an invalid trigger is named as the trigger's field.
    let errors = app
        .post(
            &import_path(PROFANITY_FILTER),
            json!({"keysetId": 31002, "revisionName": "v1", "params": {"channel": "a.*.b"}}),
        )
        .send()
        .await
        .assert_error(400, "FAAS-400");
    assert_eq!(errors[0]["field"], "functions[0].config.inputChannel");

    // A function the blueprint lacks.
    let errors = app
        .post(
            &import_path(PROFANITY_FILTER),
            json!({"keysetId": 31002, "revisionName": "v1",
                   "functions": [{"functionBlueprintId": "6c0a7a10-9000-4000-8000-000000000501"}]}),
        )
        .send()
        .await
        .assert_error(400, "FAAS-400");
    assert_eq!(errors[0]["field"], "functions[0].functionBlueprintId");

    let after = app.get("/v2/faas/packages?size=100").send().await.ok();
    assert_eq!(before, after, "a refused import creates nothing");
}

#[tokio::test]
async fn an_import_chooses_renames_and_retriggers_functions() {
    let app = TestApp::demo();
    let package = app
        .post(
            &import_path(PROFANITY_FILTER),
            json!({"keysetId": 31001, "revisionName": "first",
                   "functions": [{"functionBlueprintId": "6C0A7A10-9000-4000-8000-000000000101",
                                  "name": "Clean words", "config": {"inputChannel": "support.*"}}],
                   "params": {"words": "bother", "mask": "#"}}),
        )
        .send()
        .await
        .ok();
    assert_eq!(package["name"], "Profanity Filter");
    assert_eq!(package["tags"], json!(["moderation", "chat"]));
    let revisions = app
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
            revisions[0]["id"].as_str().unwrap()
        ))
        .send()
        .await
        .ok();
    let function = &revision["functions"][0];
    assert_eq!(function["name"], "Clean words");
    assert_eq!(function["config"]["inputChannel"], "support.*");
    assert!(function["code"]
        .as_str()
        .unwrap()
        .contains("const MASK = \"#\";"));
}

#[tokio::test]
async fn an_import_that_fails_at_its_last_step_leaves_nothing_behind() {
    // The keyset's data is full: the SECRET param, written last, is refused (422), after the
    // package, revision, deployment and test inputs were written in the same transaction.
    let app = TestApp::with(Config {
        transition_ms: 0,
        kv_entries_max: 1,
        ..Config::default()
    });
    let keysets = app.get("/v2/keysets").send().await.ok();
    let keyset = keysets[0]["id"].as_i64().unwrap();
    let subkey = keysets[0]["subscribeKey"].as_str().unwrap().to_owned();
    app.put(
        &format!("/v2/faas/kv/strings/motd?subkey={subkey}"),
        json!({"value": "the one entry"}),
    )
    .send()
    .await
    .ok();
    let before = app.get("/v2/faas/packages?size=100").send().await.ok();
    let deployments_before = app
        .get("/v2/faas/package-deployments?size=100")
        .send()
        .await
        .ok();
    let secrets_before = app
        .get(&format!("/v2/faas/kv/secrets?subkey={subkey}"))
        .send()
        .await
        .ok();
    let res = app
        .post(
            &import_path(WEBHOOK_SIGNER),
            json!({"keysetId": keyset, "revisionName": "v1", "params": {"webhookSigningKey": SECRET}}),
        )
        .send()
        .await;
    res.assert_error(422, "FAAS-2003");
    assert!(!res.text().contains(SECRET));
    assert_eq!(
        app.get("/v2/faas/packages?size=100").send().await.ok(),
        before
    );
    assert_eq!(
        app.get("/v2/faas/package-deployments?size=100")
            .send()
            .await
            .ok(),
        deployments_before
    );
    let secrets_after = app
        .get(&format!("/v2/faas/kv/secrets?subkey={subkey}"))
        .send()
        .await
        .ok();
    assert_eq!(secrets_before, secrets_after);
    let inputs: i64 = app
        .state
        .db
        .read(|conn| Ok(conn.query_row("SELECT count(*) FROM test_inputs", [], |r| r.get(0))?))
        .await
        .unwrap();
    assert_eq!(inputs, 0);

    // A keyset of no one's is refused too, before anything stays.
    app.post(
        &import_path(PROFANITY_FILTER),
        json!({"keysetId": 39999, "revisionName": "v1"}),
    )
    .send()
    .await
    .assert_error(404, "FAAS-404");
    assert_eq!(
        app.get("/v2/faas/packages?size=100").send().await.ok(),
        before
    );
}

#[tokio::test]
async fn an_import_takes_package_write_deployment_write_on_the_keyset_and_kv_write_for_secrets() {
    let app = TestApp::demo();
    let body =
        json!({"keysetId": 31002, "revisionName": "v1", "params": {"webhookSigningKey": SECRET}});
    for key in [
        faas_server::demo::KEY_READ_ONLY,
        faas_server::demo::KEY_ONE_KEYSET,
        faas_server::demo::KEY_NO_GRANTS,
    ] {
        let res = app
            .post(&import_path(WEBHOOK_SIGNER), body.clone())
            .key(key)
            .send()
            .await;
        res.assert_error(403, "FAAS-403");
        assert!(!res.text().contains(SECRET));
    }
    app.post(&import_path(WEBHOOK_SIGNER), body)
        .key(faas_server::demo::KEY_OTHER_ACCOUNT)
        .send()
        .await
        .assert_error(404, "FAAS-404");
    app.post(
        &import_path(WEBHOOK_SIGNER),
        json!({"keysetId": "31002", "revisionName": "v1"}),
    )
    .send()
    .await
    .assert_error(400, "FAAS-400");
}

/// The `{{…}}` params of a blueprint for a test: every default, and a value for each
/// required param without one.
fn test_params(functions: &Value) -> Value {
    let mut params = serde_json::Map::new();
    for function in functions.as_array().unwrap() {
        for param in function["params"].as_array().unwrap() {
            if param["defaultValue"].is_null() && param["required"] == true {
                params.insert(param["name"].as_str().unwrap().into(), json!("test-value"));
            }
        }
    }
    Value::Object(params)
}

#[tokio::test]
async fn every_shipped_blueprint_builds_and_its_test_inputs_give_their_outcomes() {
    let app = TestApp::demo();
    let all = blueprints(&app, "?size=100").await;
    assert!(all.len() >= 6);
    for blueprint in &all {
        let id = blueprint["id"].as_str().unwrap();
        let name = blueprint["name"].as_str().unwrap();
        let functions = app
            .get(&format!(
                "/v2/faas/package-blueprints/{id}/function-blueprints"
            ))
            .send()
            .await
            .ok();
        let package = app
            .post(
                &import_path(id),
                json!({"keysetId": 31004, "revisionName": "v1", "params": test_params(&functions)}),
            )
            .send()
            .await
            .ok();
        let revisions = app
            .get(&format!(
                "/v2/faas/packages/{}/package-revisions",
                package["id"].as_str().unwrap()
            ))
            .send()
            .await
            .ok();
        let revision_id = revisions[0]["id"].as_str().unwrap();
        let deployment = app
            .get(&format!(
                "/v2/faas/package-revisions/{revision_id}/package-deployments"
            ))
            .send()
            .await
            .ok()[0]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        // The build: a start ends RUNNING only when every function's code builds.
        common::start_deployment(&app, &deployment).await.ok();
        let settled = wait_for_state(&app, &deployment, "RUNNING", Duration::from_secs(10)).await;
        assert_eq!(settled["state"], "RUNNING", "{name}: {settled}");

        let revision = app
            .get(&format!("/v2/faas/package-revisions/{revision_id}"))
            .send()
            .await
            .ok();
        for (function, source) in revision["functions"]
            .as_array()
            .unwrap()
            .iter()
            .zip(functions.as_array().unwrap())
        {
            let inputs = app
                .get(&format!(
                    "/v2/faas/function-revisions/{}/test-inputs?size=100",
                    function["functionRevisionId"].as_str().unwrap()
                ))
                .send()
                .await
                .ok();
            let shipped = source["testInputs"].as_array().unwrap();
            assert!(!shipped.is_empty(), "{name}: no test inputs");
            assert_eq!(inputs.as_array().unwrap().len(), shipped.len(), "{name}");
            for expected in shipped {
                let input = inputs
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|i| i["description"] == expected["description"])
                    .unwrap_or_else(|| panic!("{name}: {} not saved", expected["description"]));
                let mut run = input["payload"].clone();
                run["code"] = function["code"].clone();
                run["type"] = function["type"].clone();
                let result = app.post("/v2/faas/test-runs", run).send().await.ok();
                let what = format!("{name} / {}: {result}", expected["description"]);
                assert_eq!(result["errors"], json!([]), "{what}");
                assert_eq!(
                    result["outcome"]["kind"], expected["expectedOutcome"],
                    "{what}"
                );
            }
        }
    }
}
