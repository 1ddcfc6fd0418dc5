//! A new revision's `v<n>` name comes from an index, not from every name of the package,
//! and is still exactly what `next_revision_name` makes of all the names.

use crate::common;

use common::{function_body, TestApp};
use faas_api::validation::next_revision_name;
use serde_json::json;

#[tokio::test]
async fn the_next_revision_name_is_found_without_reading_every_name() {
    let app = TestApp::new();
    let package = app.create_package("Names").await;
    let package_id = package["id"].as_str().unwrap().to_owned();
    let mut names = vec!["v1".to_owned()];
    for name in [
        Some("v5x"),
        Some("v+12"),
        Some("v99999999999"),
        Some("V40"),
        Some("v007"),
        None,
        Some("release"),
        None,
        Some("v"),
        None,
    ] {
        let mut body = json!({"packageId": package_id, "functions": [function_body("F", "a.*")]});
        if let Some(name) = name {
            body["name"] = json!(name);
        }
        let want = match name {
            Some(name) => name.to_owned(),
            None => next_revision_name(&names.iter().map(String::as_str).collect::<Vec<_>>()),
        };
        let got = app
            .post("/v2/faas/package-revisions", body)
            .send()
            .await
            .ok();
        assert_eq!(got["name"], want.as_str(), "after {names:?}");
        names.push(want);
    }
    assert_eq!(names[6], "v13", "past v+12");
    // The numbers come from the index, not from a scan of the package's revisions.
    let plan: Vec<String> = app
        .state
        .db
        .read(|conn| {
            let mut statement = conn.prepare(
                "EXPLAIN QUERY PLAN SELECT name FROM package_revisions
                 WHERE package_id = ?1 AND name GLOB 'v[0-9+]*'
                 ORDER BY CAST(substr(name, 2) AS INTEGER) DESC",
            )?;
            let rows = statement
                .query_map(["x"], |r| r.get::<_, String>(3))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
        .await
        .unwrap();
    assert!(
        plan.iter()
            .any(|p| p.contains("package_revisions_package_number"))
            && !plan.iter().any(|p| p.contains("TEMP B-TREE")),
        "{plan:?}"
    );
}
