//! The answers kept per database generation (`db::cache`): a cached page of packages or a
//! cached deployment is exactly what the uncached query answers, for every sort, page and
//! search, always in a fresh envelope, and every write path (handlers, the transition
//! worker, writes straight through `Db::write_blocking` as bootstrap and demo seeding do)
//! shows at once.

use crate::common;

use common::{function_body, packages_page_uncached, TestApp};
use faas_server::store::{package_deployments, packages};
use faas_server::{clock, worker, Config};
use serde_json::{json, Value};

/// Transitions that never settle by themselves: the tests settle them with the worker.
fn app() -> TestApp {
    TestApp::with(Config {
        demo: true,
        transition_ms: 3_600_000,
        ..Config::default()
    })
}

/// Every sort, page and search through HTTP, twice (the second from the cache), against
/// the plain query; each answer has its own correlation id.
async fn assert_pages_match(app: &TestApp) {
    for sort in [
        None,
        Some("name,ASC"),
        Some("name,DESC"),
        Some("updatedDttm,ASC"),
    ] {
        for search in ["", "order 1", "zzz"] {
            for (page, size) in [("0", "7"), ("2", "7"), ("0", "100"), ("4294967295", "100")] {
                let mut path = format!("/v2/faas/packages?page={page}&size={size}");
                if let Some(sort) = sort {
                    path.push_str(&format!("&sort={sort}"));
                }
                if !search.is_empty() {
                    path.push_str(&format!("&search={}", search.replace(' ', "%20")));
                }
                let want = packages_page_uncached(app, page, size, sort, search).await;
                let mut ids = Vec::new();
                for _ in 0..2 {
                    let res = app.get(&path).send().await;
                    let meta = res.json["meta"].clone();
                    assert_eq!(
                        meta["correlationId"].as_str(),
                        res.header("x-correlation-id"),
                        "{path}"
                    );
                    assert!(meta["timestamp"].is_string(), "{path}");
                    ids.push(meta["correlationId"].clone());
                    let paging = res.paging();
                    let got = json!({"data": res.ok(), "paging": paging});
                    assert_eq!(got, want, "{path}");
                }
                assert_ne!(ids[0], ids[1], "a fresh meta for every answer");
            }
        }
    }
}

async fn package_counters(app: &TestApp, id: &str) -> Value {
    let page = app
        .get("/v2/faas/packages?size=100&search=order")
        .send()
        .await
        .ok();
    let found = page
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == id)
        .unwrap_or_else(|| panic!("{id} not listed: {page}"));
    json!([
        found["revisionsTotal"],
        found["revisionsRunning"],
        found["packageDeploymentsTotal"],
        found["packageDeploymentsRunning"],
    ])
}

async fn deployment(app: &TestApp, id: &str) -> Value {
    let got = app
        .get(&format!("/v2/faas/package-deployments/{id}"))
        .send()
        .await
        .ok();
    let account = app.state.admin.account_id.clone();
    let id = id.to_owned();
    let want = app
        .state
        .db
        .read(move |conn| package_deployments::get(conn, &account, &id))
        .await
        .unwrap();
    assert_eq!(got, serde_json::to_value(want).unwrap());
    got
}

#[tokio::test]
async fn cached_answers_match_the_queries_and_follow_every_write() {
    let app = app();
    let mut ids = Vec::new();
    for i in 0..20 {
        let p = app
            .create_package(&format!("Order {:02}", (i * 7) % 20))
            .await;
        ids.push(p["id"].as_str().unwrap().to_owned());
    }
    assert_pages_match(&app).await;

    // Handlers: a new revision and a deployment change the counters at once.
    let package = ids[3].clone();
    assert_eq!(package_counters(&app, &package).await, json!([1, 0, 0, 0]));
    let revision = app
        .post(
            "/v2/faas/package-revisions",
            json!({"packageId": package, "functions": [function_body("Filter", "a.*")]}),
        )
        .send()
        .await
        .ok();
    assert_eq!(package_counters(&app, &package).await, json!([2, 0, 0, 0]));
    let created = app
        .post(
            "/v2/faas/package-deployments",
            json!({"packageRevisionId": revision["id"], "keysetId": 31001}),
        )
        .send()
        .await
        .ok();
    let deployment_id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(deployment(&app, &deployment_id).await["state"], "STOPPED");
    assert_eq!(package_counters(&app, &package).await, json!([2, 0, 1, 0]));
    app.post(
        &format!("/v2/faas/package-deployments/{deployment_id}/function-deployments"),
        json!({}),
    )
    .send()
    .await
    .ok();
    assert_eq!(deployment(&app, &deployment_id).await["state"], "STARTING");
    assert_eq!(package_counters(&app, &package).await, json!([2, 0, 1, 0]));
    assert_pages_match(&app).await;

    // The transition worker settles the start: no handler runs, the answers follow.
    let db = app.state.db.clone();
    tokio::task::spawn_blocking(move || worker::settle_due(&db, clock::now_ms() + 7_200_000, 0))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(deployment(&app, &deployment_id).await["state"], "RUNNING");
    assert_eq!(package_counters(&app, &package).await, json!([2, 1, 1, 1]));
    assert_pages_match(&app).await;

    // A write straight through the write path, as bootstrap and demo seeding do.
    let account = app.state.admin.account_id.clone();
    let renamed = package.clone();
    app.state
        .db
        .write_blocking(move |tx| {
            tx.execute(
                "UPDATE packages SET name = 'Order zzz' WHERE id = ?1 AND account_id = ?2",
                [&renamed, &account],
            )?;
            tx.execute(
                "UPDATE package_deployments SET state = 'STOPPED' WHERE package_id = ?1",
                [&renamed],
            )?;
            Ok(())
        })
        .unwrap();
    assert_eq!(deployment(&app, &deployment_id).await["state"], "STOPPED");
    assert_eq!(package_counters(&app, &package).await, json!([2, 0, 1, 0]));
    let found = app.get("/v2/faas/packages?search=zzz").send().await.ok();
    assert_eq!(found[0]["id"], package.as_str());
    assert_pages_match(&app).await;

    // A delete: gone from the pages and the deployment is not found.
    app.delete(&format!("/v2/faas/package-deployments/{deployment_id}"))
        .send()
        .await
        .ok();
    app.get(&format!("/v2/faas/package-deployments/{deployment_id}"))
        .send()
        .await
        .assert_error(404, "FAAS-404");
    app.delete(&format!("/v2/faas/packages/{package}"))
        .send()
        .await
        .ok();
    assert_pages_match(&app).await;
}

#[tokio::test]
async fn a_cached_deployment_is_still_checked_against_the_callers_grants() {
    let app = app();
    let package = app.create_package("Granted").await;
    let revision = app
        .get(&format!(
            "/v2/faas/packages/{}/package-revisions",
            package["id"].as_str().unwrap()
        ))
        .send()
        .await
        .ok()[0]
        .clone();
    let created = app
        .post(
            "/v2/faas/package-deployments",
            json!({"packageRevisionId": revision["id"], "keysetId": 31001}),
        )
        .send()
        .await
        .ok();
    let path = format!(
        "/v2/faas/package-deployments/{}",
        created["id"].as_str().unwrap()
    );
    // Cached by the admin's read, then refused to a key limited to keyset 31002.
    app.get(&path).send().await.ok();
    app.get(&path)
        .key(faas_server::demo::KEY_ONE_KEYSET)
        .send()
        .await
        .assert_error(403, "FAAS-403");
}

#[tokio::test]
async fn a_page_reads_its_rows_by_key_not_by_walking_the_account() {
    let app = app();
    let plan: Vec<String> = app
        .state
        .db
        .read(|conn| {
            let sql = format!("EXPLAIN QUERY PLAN {}", packages::page_sql());
            let mut statement = conn.prepare(&sql)?;
            let rows = statement
                .query_map(["[]", "x"], |r| r.get::<_, String>(3))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
        .await
        .unwrap();
    let outer: Vec<&String> = plan.iter().filter(|p| p.contains(" p ")).collect();
    assert!(
        outer
            .iter()
            .all(|p| p.starts_with("SEARCH p USING INDEX sqlite_autoindex_packages")),
        "{plan:?}"
    );
}
