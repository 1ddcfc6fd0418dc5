//! Uniqueness rules and limits hold under parallel requests: every check and its insert run
//! in one `BEGIN IMMEDIATE` transaction, so there is no check-then-insert race.
//!
//! The server runs on a file database (a read pool beside the writer) on a multi-threaded
//! runtime, and each test fires its requests at once.

use crate::common;

use common::{package_body, TestApp};
use faas_api::validation::Limits;
use faas_server::Config;
use futures_util::future::join_all;
use serde_json::json;

fn file_app(limits: Limits) -> TestApp {
    let path = std::env::temp_dir().join(format!("faas-concurrency-{}.db", uuid::Uuid::new_v4()));
    TestApp::with(Config {
        database: format!("sqlite:{}", path.display()),
        transition_ms: 0,
        limits,
        ..Config::default()
    })
}

/// The statuses of `n` copies of a request sent at once.
async fn statuses<F, Fut>(n: usize, request: F) -> Vec<u16>
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = u16> + Send + 'static,
{
    let tasks = (0..n).map(|i| tokio::spawn(request(i)));
    let mut out: Vec<u16> = join_all(tasks)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    out.sort_unstable();
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_package_name_wins_a_race() {
    let app = std::sync::Arc::new(file_app(Limits::default()));
    let got = statuses(12, |i| {
        let app = app.clone();
        // Names differ only in case: the rule is case-insensitive.
        let name = if i % 2 == 0 { "Race" } else { "RACE" };
        async move {
            app.post("/v2/faas/packages", package_body(name))
                .send()
                .await
                .status
                .as_u16()
        }
    })
    .await;
    assert_eq!(got.iter().filter(|s| **s == 200).count(), 1, "{got:?}");
    assert!(
        got.iter().filter(|s| **s != 200).all(|s| *s == 409),
        "{got:?}"
    );
    let listed = app.get("/v2/faas/packages?search=race").send().await.ok();
    assert_eq!(listed.as_array().unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_package_limit_holds_under_parallel_creates() {
    let app = std::sync::Arc::new(file_app(Limits {
        packages_max: 5,
        ..Limits::default()
    }));
    let got = statuses(16, |i| {
        let app = app.clone();
        async move {
            app.post("/v2/faas/packages", package_body(&format!("pkg-{i}")))
                .send()
                .await
                .status
                .as_u16()
        }
    })
    .await;
    assert_eq!(got.iter().filter(|s| **s == 200).count(), 5, "{got:?}");
    assert!(
        got.iter().filter(|s| **s != 200).all(|s| *s == 422),
        "{got:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_revisions_get_distinct_default_names() {
    let app = std::sync::Arc::new(file_app(Limits::default()));
    let package = app.create_package("Versions").await;
    let package_id = package["id"].as_str().unwrap().to_owned();
    let got = statuses(10, |i| {
        let app = app.clone();
        let package_id = package_id.clone();
        async move {
            let body = json!({
                "packageId": package_id,
                "functions": [{
                    "name": "Echo",
                    "type": "AFTER_PUBLISH",
                    "code": format!("export default (request) => request.ok(); // {i}"),
                    "config": {"inputChannel": "echo"}
                }]
            });
            app.post("/v2/faas/package-revisions", body)
                .send()
                .await
                .status
                .as_u16()
        }
    })
    .await;
    assert_eq!(got, vec![200; 10]);
    let revisions = app
        .get(&format!(
            "/v2/faas/packages/{package_id}/package-revisions?size=100"
        ))
        .send()
        .await
        .ok();
    let mut names: Vec<&str> = revisions
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(
        names.len(),
        11,
        "every revision has its own name: {names:?}"
    );
}
