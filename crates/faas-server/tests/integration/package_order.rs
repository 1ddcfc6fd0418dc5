//! The package list through its order cache (`store::packages::list_cached`) answers exactly
//! what the plain query answers, for every sort and page, and sees every write at once.

use crate::common;

use common::{packages_page_uncached, TestApp};
use serde_json::json;

async fn assert_same_as_plain_query(app: &TestApp) {
    for sort in [
        None,
        Some("name,ASC"),
        Some("name,DESC"),
        Some("updatedDttm,ASC"),
        Some("createdDttm,ASC"),
    ] {
        for (page, size) in [
            ("0", "7"),
            ("1", "7"),
            ("4", "7"),
            ("9", "7"),
            ("0", "100"),
            ("4294967295", "100"),
        ] {
            let mut path = format!("/v2/faas/packages?page={page}&size={size}");
            if let Some(sort) = sort {
                path.push_str(&format!("&sort={sort}"));
            }
            let res = app.get(&path).send().await;
            let paging = res.paging();
            let got = json!({"data": res.ok(), "paging": paging});
            assert_eq!(
                got,
                packages_page_uncached(app, page, size, sort, "").await,
                "{path}"
            );
        }
    }
}

#[tokio::test]
async fn cached_order_matches_the_query_and_follows_writes() {
    let app = TestApp::demo();
    for i in 0..30 {
        app.create_package(&format!("Order {:02}", (i * 7) % 30))
            .await;
    }
    assert_same_as_plain_query(&app).await;

    // Writes between reads: a delete, a create and a rename show at once.
    let first = app.get("/v2/faas/packages?size=1").send().await.ok()[0].clone();
    let id = first["id"].as_str().unwrap();
    app.delete(&format!("/v2/faas/packages/{id}"))
        .send()
        .await
        .ok();
    let after = app.get("/v2/faas/packages?size=100").send().await;
    assert!(after.json["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["id"] != id));
    assert_same_as_plain_query(&app).await;
    let created = app.create_package("Aaa first by name").await;
    let by_name = app
        .get("/v2/faas/packages?sort=name,ASC&size=1")
        .send()
        .await
        .ok();
    assert_eq!(by_name[0]["id"], created["id"]);
    app.put(
        &format!("/v2/faas/packages/{}", created["id"].as_str().unwrap()),
        json!({"name": "Zzz last by name"}),
    )
    .send()
    .await
    .ok();
    let by_name = app
        .get("/v2/faas/packages?sort=name,DESC&size=1")
        .send()
        .await
        .ok();
    assert_eq!(by_name[0]["id"], created["id"]);
    assert_same_as_plain_query(&app).await;
    // Search goes to the plain query.
    let found = app.get("/v2/faas/packages?search=zzz").send().await;
    assert_eq!(found.paging()["totalElements"], 1);
}
