//! A keyset's data over HTTP (`api.md` §5): the KV store's strings, JSON documents and
//! counters, the secrets, their limits, grants, paging by token, expiry by the server's clock,
//! and a secret's value that no answer and no log line ever shows.

use crate::common;

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use common::{assert_read_needs_a_grant_and_a_key, TestApp, TestResponse};
use faas_server::access::{Access, Grant, Resource};
use faas_server::clock::Clock;
use faas_server::store::keys;
use faas_server::{demo, demo_kv, Config};
use serde_json::{json, Value};

/// `key` URL-encoded as one path segment, as a client does (`faas_api::kv`).
fn enc(key: &str) -> String {
    faas_api::kv::encode_segment(key)
}

/// An app on a clock that stands still until a test moves it.
fn app_on_manual_clock(config: Config) -> (TestApp, Clock) {
    let clock = Clock::manual(faas_server::clock::now_ms());
    let app = TestApp::with(Config {
        transition_ms: 0,
        clock: clock.clone(),
        ..config
    });
    (app, clock)
}

/// The one keyset of a server without `--demo`.
async fn only_subkey(app: &TestApp) -> String {
    let keysets = app.get("/v2/keysets").send().await.ok();
    keysets[0]["subscribeKey"].as_str().unwrap().to_owned()
}

fn url(kind: &str, key: &str, subkey: &str) -> String {
    format!("/v2/faas/kv/{kind}/{}?subkey={}", enc(key), enc(subkey))
}

fn list_url(kind: &str, subkey: &str, query: &str) -> String {
    format!("/v2/faas/kv/{kind}?subkey={}&{query}", enc(subkey))
}

async fn keys_of(res: TestResponse) -> (Vec<String>, Value) {
    let paging = res.paging();
    let data = res.ok();
    let keys = data
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["key"].as_str().unwrap().to_owned())
        .collect();
    (keys, paging)
}

#[tokio::test]
async fn strings_are_put_read_listed_and_deleted() {
    let (app, clock) = app_on_manual_clock(Config::default());
    let sk = only_subkey(&app).await;
    let put = app
        .put(&url("strings", "greeting", &sk), json!({"value": "hello"}))
        .send()
        .await
        .ok();
    let expires = faas_server::clock::format_ms(clock.now_ms() + 86_400_000);
    assert_eq!(
        put,
        json!({"key": "greeting", "value": "hello", "ttlSeconds": 86_400, "expiresDttm": expires})
    );
    let got = app.get(&url("strings", "greeting", &sk)).send().await.ok();
    assert_eq!(got, put);
    let replaced = app
        .put(
            &url("strings", "greeting", &sk),
            json!({"value": "hi", "ttlSeconds": 3600}),
        )
        .send()
        .await
        .ok();
    assert_eq!(
        (replaced["value"].clone(), replaced["ttlSeconds"].clone()),
        (json!("hi"), json!(3600))
    );
    let res = app.get(&list_url("strings", &sk, "")).send().await;
    assert_eq!(res.paging(), json!({"pageSize": 20}), "one page, no token");
    assert_eq!(res.ok(), json!([replaced]));
    let deleted = app
        .delete(&url("strings", "greeting", &sk))
        .send()
        .await
        .ok();
    assert_eq!(deleted, replaced, "a delete answers what it deleted");
    for res in [
        app.get(&url("strings", "greeting", &sk)).send().await,
        app.delete(&url("strings", "greeting", &sk)).send().await,
    ] {
        res.assert_error(404, "FAAS-1021");
    }
    assert_eq!(
        app.get(&list_url("strings", &sk, "")).send().await.ok(),
        json!([])
    );
}

#[tokio::test]
async fn json_documents_keep_any_json_and_strings_only_strings() {
    let app = TestApp::new();
    let sk = only_subkey(&app).await;
    for value in [
        json!({"a": [1, 2, {"b": null}], "ü": "€"}),
        json!([1, "two"]),
        json!(null),
        json!(42.5),
        json!("text"),
    ] {
        let put = app
            .put(&url("jsons", "doc", &sk), json!({"value": value}))
            .send()
            .await
            .ok();
        assert_eq!(put["value"], value);
        let got = app.get(&url("jsons", "doc", &sk)).send().await.ok();
        assert_eq!(got["value"], value);
    }
    // Strings and JSON documents are namespaces of their own.
    app.get(&url("strings", "doc", &sk))
        .send()
        .await
        .assert_error(404, "FAAS-1021");
    for (body, field) in [
        (json!({"value": {"a": 1}}), "value"),
        (json!({"value": null}), "value"),
        (json!({"value": 1}), "value"),
        (json!({}), "value"),
        (json!({"value": "x", "ttlSeconds": "60"}), "ttlSeconds"),
        (json!({"value": "x", "ttlSeconds": 60.5}), "ttlSeconds"),
    ] {
        let errors = app
            .put(&url("strings", "s", &sk), body.clone())
            .send()
            .await
            .assert_error(400, "FAAS-400");
        assert_eq!(errors[0]["field"], field, "{body}");
    }
}

#[tokio::test]
async fn values_keys_and_ttls_are_held_to_their_limits() {
    let app = TestApp::new();
    let sk = only_subkey(&app).await;
    let longest = "v".repeat(32_000);
    app.put(&url("strings", "long", &sk), json!({"value": longest}))
        .send()
        .await
        .ok();
    let errors = app
        .put(
            &url("strings", "long", &sk),
            json!({"value": format!("{longest}v")}),
        )
        .send()
        .await
        .assert_error(400, "FAAS-400");
    assert_eq!(errors[0]["field"], "value");
    // A JSON document counts its compact text: the quotes of a string too.
    app.put(
        &url("jsons", "long", &sk),
        json!({"value": "v".repeat(31_998)}),
    )
    .send()
    .await
    .ok();
    app.put(
        &url("jsons", "long", &sk),
        json!({"value": "v".repeat(31_999)}),
    )
    .send()
    .await
    .assert_error(400, "FAAS-400");

    let key = "k".repeat(1000);
    app.put(&url("strings", &key, &sk), json!({"value": "x"}))
        .send()
        .await
        .ok();
    for bad in [
        "k".repeat(1001),
        "line\nbreak".into(),
        "tab\there".into(),
        "\u{7f}".into(),
    ] {
        let errors = app
            .put(&url("strings", &bad, &sk), json!({"value": "x"}))
            .send()
            .await
            .assert_error(400, "FAAS-400");
        assert_eq!(errors[0]["field"], "key", "{bad:?}");
    }
    // Not UTF-8 once decoded.
    let path = format!("/v2/faas/kv/strings/%FF%FE?subkey={}", enc(&sk));
    let errors = app.get(&path).send().await.assert_error(400, "FAAS-400");
    assert_eq!(errors[0]["field"], "key");

    for ttl in [60, 31_536_000] {
        let put = app
            .put(
                &url("strings", "t", &sk),
                json!({"value": "x", "ttlSeconds": ttl}),
            )
            .send()
            .await
            .ok();
        assert_eq!(put["ttlSeconds"], ttl);
    }
    for ttl in [json!(59), json!(31_536_001), json!(0), json!(-60)] {
        let errors = app
            .put(
                &url("strings", "t", &sk),
                json!({"value": "x", "ttlSeconds": ttl}),
            )
            .send()
            .await
            .assert_error(400, "FAAS-400");
        assert_eq!(errors[0]["field"], "ttlSeconds");
    }
    // null is absent: the default.
    let put = app
        .put(
            &url("strings", "t", &sk),
            json!({"value": "x", "ttlSeconds": null}),
        )
        .send()
        .await
        .ok();
    assert_eq!(put["ttlSeconds"], 86_400);
}

#[tokio::test]
async fn keys_travel_url_encoded_with_any_character_but_control_ones() {
    let app = TestApp::new();
    let sk = only_subkey(&app).await;
    let keys = [
        "a/b/c",
        "with space",
        "q?x=1&y=2",
        "hash#tag",
        "100%",
        "ünïcödé/€/😀",
        "..",
        "+plus+",
        "{braces}",
    ];
    for key in keys {
        let put = app
            .put(&url("strings", key, &sk), json!({"value": key}))
            .send()
            .await
            .ok();
        assert_eq!(put["key"], key);
        let got = app.get(&url("strings", key, &sk)).send().await.ok();
        assert_eq!(
            (got["key"].as_str(), got["value"].as_str()),
            (Some(key), Some(key))
        );
    }
    let (listed, _) = keys_of(app.get(&list_url("strings", &sk, "size=100")).send().await).await;
    let mut expected: Vec<String> = keys.iter().map(|k| (*k).to_owned()).collect();
    expected.sort();
    assert_eq!(listed, expected, "in key order, by code point");
    // A `/` that is not encoded is another path: no such route.
    app.get(&format!("/v2/faas/kv/strings/a/b/c?subkey={}", enc(&sk)))
        .send()
        .await
        .assert_error(404, "FAAS-404");
}

#[tokio::test]
async fn counters_step_up_and_down_from_nothing() {
    let app = TestApp::new();
    let sk = only_subkey(&app).await;
    let step = |dir: &str| {
        format!(
            "/v2/faas/kv/counters/{}/{dir}?subkey={}",
            enc("hits/day"),
            enc(&sk)
        )
    };
    // No body at all is a step of 1; `{}` and `{"value": null}` too.
    let first = app
        .call(axum::http::Method::POST, &step("increment"))
        .send()
        .await
        .ok();
    assert_eq!(
        (first["key"].clone(), first["value"].clone()),
        (json!("hits/day"), json!(1))
    );
    assert_eq!(first["ttlSeconds"], 86_400);
    let counter = app.post(&step("increment"), json!({})).send().await.ok();
    assert_eq!(counter["value"], 2);
    let counter = app
        .post(&step("increment"), json!({"value": null}))
        .send()
        .await
        .ok();
    assert_eq!(counter["value"], 3);
    let counter = app
        .post(&step("increment"), json!({"value": 40}))
        .send()
        .await
        .ok();
    assert_eq!(counter["value"], 43);
    let counter = app.post(&step("decrement"), json!({})).send().await.ok();
    assert_eq!(counter["value"], 42);
    let counter = app
        .post(&step("decrement"), json!({"value": -8}))
        .send()
        .await
        .ok();
    assert_eq!(counter["value"], 50);
    let counter = app
        .post(&step("increment"), json!({"value": -60}))
        .send()
        .await
        .ok();
    assert_eq!(counter["value"], -10);
    assert_eq!(
        counter["expiresDttm"], first["expiresDttm"],
        "a step keeps the expiry"
    );
    let got = app.get(&url("counters", "hits/day", &sk)).send().await.ok();
    assert_eq!(got, counter);
    let (keys, _) = keys_of(app.get(&list_url("counters", &sk, "")).send().await).await;
    assert_eq!(keys, ["hits/day"]);

    // The 64-bit integers are the end.
    app.post(&step("increment"), json!({"value": i64::MAX}))
        .send()
        .await
        .ok();
    let errors = app
        .post(&step("increment"), json!({"value": 11}))
        .send()
        .await
        .assert_error(422, "FAAS-2004");
    assert_eq!(errors[0]["field"], "value");
    app.post(&step("decrement"), json!({"value": i64::MIN}))
        .send()
        .await
        .assert_error(400, "FAAS-400");
    for bad in [
        json!({"value": 1.5}),
        json!({"value": "1"}),
        json!({"value": 1e19}),
    ] {
        app.post(&step("increment"), bad)
            .send()
            .await
            .assert_error(400, "FAAS-400");
    }
    app.call(axum::http::Method::POST, &step("increment"))
        .header("content-type", "text/plain")
        .raw("1")
        .send()
        .await
        .assert_error(415, "FAAS-415");
    // Counters are not put; a delete answers the counter.
    let res = app
        .put(&url("counters", "hits/day", &sk), json!({"value": 1}))
        .send()
        .await;
    res.assert_error(405, "FAAS-405");
    let deleted = app
        .delete(&url("counters", "hits/day", &sk))
        .send()
        .await
        .ok();
    assert_eq!(deleted["value"], 9_223_372_036_854_775_797_i64);
    app.get(&url("counters", "hits/day", &sk))
        .send()
        .await
        .assert_error(404, "FAAS-1021");
}

#[tokio::test]
async fn the_keyset_is_named_by_its_subscribe_key() {
    let app = TestApp::demo();
    let paths = [
        "/v2/faas/kv/strings",
        "/v2/faas/kv/jsons",
        "/v2/faas/kv/counters",
        "/v2/faas/kv/secrets",
        "/v2/faas/kv/strings/motd",
        "/v2/faas/kv/counters/x",
    ];
    for path in paths {
        app.get(path).send().await.assert_error(400, "FAAS-1020");
        app.get(&format!("{path}?subkey="))
            .send()
            .await
            .assert_error(400, "FAAS-1020");
        app.get(&format!("{path}?subkey=sub-c-nope"))
            .send()
            .await
            .assert_error(404, "FAAS-1022");
    }
    // Another account's keyset is not found, whatever the key may do.
    let theirs = app
        .get("/v2/keysets")
        .key(demo::KEY_OTHER_ACCOUNT)
        .send()
        .await
        .ok();
    let their_subkey = theirs[0]["subscribeKey"].as_str().unwrap().to_owned();
    app.get(&list_url("strings", &their_subkey, ""))
        .send()
        .await
        .assert_error(404, "FAAS-1022");
    let ours = app.subkey(31001).await;
    app.get(&list_url("strings", &ours, ""))
        .key(demo::KEY_OTHER_ACCOUNT)
        .send()
        .await
        .assert_error(404, "FAAS-1022");
    // Their data is theirs: it lists for them.
    let (keys, _) = keys_of(
        app.get(&list_url("strings", &their_subkey, ""))
            .key(demo::KEY_OTHER_ACCOUNT)
            .send()
            .await,
    )
    .await;
    assert!(!keys.is_empty());
}

#[tokio::test]
async fn grants_decide_who_reads_and_who_writes_which_keyset() {
    let app = TestApp::demo();
    let (s1, s2) = (app.subkey(31001).await, app.subkey(31002).await);
    let write = |sk: &str| (url("strings", "granted", sk), json!({"value": "x"}));

    // Read only: reads, never writes, and secrets take write even to list.
    app.get(&list_url("strings", &s1, ""))
        .key(demo::KEY_READ_ONLY)
        .send()
        .await
        .ok();
    app.get(&url("strings", "motd", &s1))
        .key(demo::KEY_READ_ONLY)
        .send()
        .await
        .ok();
    let (path, body) = write(&s1);
    let errors = app
        .put(&path, body.clone())
        .key(demo::KEY_READ_ONLY)
        .send()
        .await
        .assert_error(403, "FAAS-403");
    assert!(errors[0]["message"]
        .as_str()
        .unwrap()
        .contains("functions.kv:write"));
    for res in [
        app.delete(&url("strings", "motd", &s1))
            .key(demo::KEY_READ_ONLY)
            .send()
            .await,
        app.post(
            &format!("/v2/faas/kv/counters/c/increment?subkey={}", enc(&s1)),
            json!({}),
        )
        .key(demo::KEY_READ_ONLY)
        .send()
        .await,
        app.get(&format!("/v2/faas/kv/secrets?subkey={}", enc(&s1)))
            .key(demo::KEY_READ_ONLY)
            .send()
            .await,
        app.put(&url("secrets", "S", &s1), json!({"value": "v"}))
            .key(demo::KEY_READ_ONLY)
            .send()
            .await,
    ] {
        res.assert_error(403, "FAAS-403");
    }

    // Keyset 31002 only: reads and writes there (write implies read), nothing on 31001.
    let (path, body) = write(&s2);
    app.put(&path, body)
        .key(demo::KEY_ONE_KEYSET)
        .send()
        .await
        .ok();
    app.get(&path).key(demo::KEY_ONE_KEYSET).send().await.ok();
    app.get(&format!("/v2/faas/kv/secrets?subkey={}", enc(&s2)))
        .key(demo::KEY_ONE_KEYSET)
        .send()
        .await
        .ok();
    let (path, body) = write(&s1);
    let errors = app
        .put(&path, body)
        .key(demo::KEY_ONE_KEYSET)
        .send()
        .await
        .assert_error(403, "FAAS-403");
    assert!(errors[0]["message"]
        .as_str()
        .unwrap()
        .contains("keyset 31001"));
    app.get(&list_url("strings", &s1, ""))
        .key(demo::KEY_ONE_KEYSET)
        .send()
        .await
        .assert_error(403, "FAAS-403");
    app.get(&format!("/v2/faas/kv/secrets?subkey={}", enc(&s1)))
        .key(demo::KEY_ONE_KEYSET)
        .send()
        .await
        .assert_error(403, "FAAS-403");

    // No grant, no key, a revoked key.
    assert_read_needs_a_grant_and_a_key(&app, &list_url("strings", &s1, "")).await;
    app.get(&list_url("strings", &s1, ""))
        .key(demo::KEY_REVOKED)
        .send()
        .await
        .assert_error(401, "FAAS-1002");
    // The admin does everything.
    let (path, body) = write(&s1);
    app.put(&path, body).send().await.ok();
}

#[tokio::test]
async fn lists_page_by_token_over_hundreds_of_entries() {
    let app = TestApp::new();
    let sk = only_subkey(&app).await;
    let mut expected: Vec<String> = (0..260).map(|i| format!("item/{i:03}")).collect();
    // Put in an order of their own, so that the list's order is the keys'.
    for key in expected.iter().rev() {
        app.put(&url("strings", key, &sk), json!({"value": key}))
            .send()
            .await
            .ok();
    }
    expected.sort();
    let mut seen = Vec::new();
    let mut token: Option<String> = None;
    let mut pages = 0;
    loop {
        let query = match &token {
            Some(t) => format!("size=100&page_token={t}"),
            None => "size=100".to_owned(),
        };
        let (keys, paging) = keys_of(app.get(&list_url("strings", &sk, &query)).send().await).await;
        pages += 1;
        assert_eq!(paging["pageSize"], 100);
        seen.extend(keys);
        match paging["pageToken"].as_str() {
            Some(t) => token = Some(t.to_owned()),
            None => break,
        }
        // A key put before the page's place does not move what comes next.
        if pages == 1 {
            app.put(
                &url("strings", "item/000-early", &sk),
                json!({"value": "x"}),
            )
            .send()
            .await
            .ok();
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, expected, "every entry once, in order");

    // The default size is 20; the prefix is ours.
    let (keys, paging) = keys_of(app.get(&list_url("strings", &sk, "")).send().await).await;
    assert_eq!((keys.len(), paging["pageSize"].clone()), (20, json!(20)));
    assert!(paging["pageToken"].is_string());
    let (keys, paging) = keys_of(
        app.get(&list_url("strings", &sk, "prefix=item%2F1&size=100"))
            .send()
            .await,
    )
    .await;
    assert_eq!(keys, expected[100..200].to_vec());
    assert!(paging.get("pageToken").is_none(), "{paging}");
    let (keys, _) = keys_of(
        app.get(&list_url("strings", &sk, "prefix=item%2F25&size=3"))
            .send()
            .await,
    )
    .await;
    assert_eq!(keys, ["item/250", "item/251", "item/252"]);
    let (keys, _) = keys_of(
        app.get(&list_url("strings", &sk, "prefix=none"))
            .send()
            .await,
    )
    .await;
    assert!(keys.is_empty());

    // Sizes and tokens that are not.
    for (query, status, code) in [
        ("size=0", 400, "FAAS-1019"),
        ("size=101", 400, "FAAS-1023"),
        ("size=ten", 400, "FAAS-400"),
        ("page_token=a", 400, "FAAS-1018"),
        ("page_token=%25%25", 400, "FAAS-1018"),
        ("page_token=abc%3D", 400, "FAAS-1018"),
    ] {
        let errors = app
            .get(&list_url("strings", &sk, query))
            .send()
            .await
            .assert_error(status, code);
        assert!(errors[0]["field"].is_string(), "{query}: {errors:?}");
    }
}

#[tokio::test]
async fn entries_expire_by_the_servers_clock() {
    let (app, clock) = app_on_manual_clock(Config::default());
    let sk = only_subkey(&app).await;
    app.put(
        &url("strings", "short", &sk),
        json!({"value": "x", "ttlSeconds": 60}),
    )
    .send()
    .await
    .ok();
    app.put(&url("jsons", "day", &sk), json!({"value": {}}))
        .send()
        .await
        .ok();
    app.post(
        &format!("/v2/faas/kv/counters/c/increment?subkey={}", enc(&sk)),
        json!({"value": 5}),
    )
    .send()
    .await
    .ok();

    clock.advance(Duration::from_millis(59_500));
    let left = app.get(&url("strings", "short", &sk)).send().await.ok();
    assert_eq!(left["ttlSeconds"], 1, "half a second left is rounded up");
    clock.advance(Duration::from_millis(500));
    app.get(&url("strings", "short", &sk))
        .send()
        .await
        .assert_error(404, "FAAS-1021");
    let (keys, _) = keys_of(app.get(&list_url("strings", &sk, "")).send().await).await;
    assert!(keys.is_empty(), "gone from the list too");
    app.delete(&url("strings", "short", &sk))
        .send()
        .await
        .assert_error(404, "FAAS-1021");

    clock.advance(Duration::from_secs(86_400));
    for kind in ["jsons", "counters"] {
        let (keys, _) = keys_of(app.get(&list_url(kind, &sk, "")).send().await).await;
        assert!(keys.is_empty(), "{kind}");
    }
    // An expired counter starts again from nothing, with a new day to live.
    let counter = app
        .post(
            &format!("/v2/faas/kv/counters/c/increment?subkey={}", enc(&sk)),
            json!({}),
        )
        .send()
        .await
        .ok();
    assert_eq!(
        (counter["value"].clone(), counter["ttlSeconds"].clone()),
        (json!(1), json!(86_400))
    );
    // A write sets the expiry anew.
    app.put(
        &url("strings", "again", &sk),
        json!({"value": "x", "ttlSeconds": 60}),
    )
    .send()
    .await
    .ok();
    clock.advance(Duration::from_secs(50));
    let put = app
        .put(
            &url("strings", "again", &sk),
            json!({"value": "y", "ttlSeconds": 60}),
        )
        .send()
        .await
        .ok();
    assert_eq!(put["ttlSeconds"], 60);
    clock.advance(Duration::from_secs(50));
    app.get(&url("strings", "again", &sk)).send().await.ok();
}

#[tokio::test]
async fn a_keyset_holds_at_most_the_entries_allowed() {
    let (app, clock) = app_on_manual_clock(Config {
        kv_entries_max: 4,
        ..Config::default()
    });
    let sk = only_subkey(&app).await;
    let increment = |key: &str| format!("/v2/faas/kv/counters/{key}/increment?subkey={}", enc(&sk));
    app.put(
        &url("strings", "a", &sk),
        json!({"value": "x", "ttlSeconds": 60}),
    )
    .send()
    .await
    .ok();
    app.put(&url("jsons", "b", &sk), json!({"value": 1}))
        .send()
        .await
        .ok();
    app.post(&increment("c"), json!({})).send().await.ok();
    app.put(&url("secrets", "d", &sk), json!({"value": "s"}))
        .send()
        .await
        .ok();
    let full = [
        app.put(&url("strings", "e", &sk), json!({"value": "x"}))
            .send()
            .await,
        app.put(&url("jsons", "e", &sk), json!({"value": "x"}))
            .send()
            .await,
        app.post(&increment("e"), json!({})).send().await,
        app.put(&url("secrets", "e", &sk), json!({"value": "s"}))
            .send()
            .await,
    ];
    for res in full {
        let errors = res.assert_error(422, "FAAS-2003");
        assert!(errors[0]["message"].as_str().unwrap().contains("(4)"));
    }
    // Replacing and stepping what exists takes no room.
    app.put(
        &url("strings", "a", &sk),
        json!({"value": "y", "ttlSeconds": 60}),
    )
    .send()
    .await
    .ok();
    app.post(&increment("c"), json!({})).send().await.ok();
    app.put(&url("secrets", "d", &sk), json!({"value": "t"}))
        .send()
        .await
        .ok();
    // A delete makes room, and so does an entry that expired.
    app.delete(&url("jsons", "b", &sk)).send().await.ok();
    app.put(&url("jsons", "e", &sk), json!({"value": "x"}))
        .send()
        .await
        .ok();
    clock.advance(Duration::from_secs(61));
    app.put(&url("strings", "e", &sk), json!({"value": "x"}))
        .send()
        .await
        .ok();
    // The limit is per keyset: the decisions say which.
    let doc = app.get("/v2/faas/openapi.json").no_key().send().await.json;
    let decisions = doc["x-faas-decisions"].to_string();
    assert!(decisions.contains("4 entries per keyset"), "{decisions}");
}

// --- Secrets ------------------------------------------------------------------------------

/// Everything the server logs, at every level, from the moment this is first called: by
/// every test of the binary, since a subscriber is global (the checks below look for values
/// no other test sends, so the others' lines only make them stricter).
fn log() -> Arc<Mutex<Vec<u8>>> {
    static LOG: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOG.get_or_init(|| {
        let buffer = Arc::new(Mutex::new(Vec::new()));
        let sink = buffer.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || LogWriter(sink.clone()))
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("one subscriber");
        buffer
    })
    .clone()
}

struct LogWriter(Arc<Mutex<Vec<u8>>>);

impl Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn a_secrets_value_is_never_sent_back_nor_logged() {
    let log = log();
    let app = TestApp::new();
    let sk = only_subkey(&app).await;
    let value = format!("sk_live_{}", uuid::Uuid::new_v4().simple());
    let replaced = format!("sk_live_{}", uuid::Uuid::new_v4().simple());
    let name = "STRIPE/KEY";
    let mut answers = Vec::new();

    let res = app
        .put(&url("secrets", name, &sk), json!({"value": value}))
        .send()
        .await;
    answers.push(res.text());
    assert_eq!(res.ok(), json!({"key": name}));
    let res = app
        .put(&url("secrets", name, &sk), json!({"value": replaced}))
        .send()
        .await;
    answers.push(res.text());
    assert_eq!(res.ok(), json!({"key": name}));
    app.put(&url("secrets", "OTHER", &sk), json!({"value": "x"}))
        .send()
        .await
        .ok();
    let res = app
        .get(&format!("/v2/faas/kv/secrets?subkey={}", enc(&sk)))
        .send()
        .await;
    answers.push(res.text());
    assert_eq!(res.ok(), json!([{"key": "OTHER"}, {"key": name}]));
    // Secrets are not KV entries, and refusals do not repeat what was sent.
    for res in [
        app.get(&url("strings", name, &sk)).send().await,
        app.get(&url("jsons", name, &sk)).send().await,
        app.get(&list_url("strings", &sk, "")).send().await,
        app.get(&url("secrets", name, &sk)).send().await,
        app.put(
            &url("secrets", name, &sk),
            json!({"value": [value.clone()]}),
        )
        .send()
        .await,
        app.put(
            &url("secrets", name, &sk),
            json!({"value": {"v": value.clone()}}),
        )
        .send()
        .await,
        app.put(
            &url("secrets", name, &sk),
            json!({"value": format!("{value}{}", "x".repeat(32_000))}),
        )
        .send()
        .await,
        app.put(
            &url("secrets", &format!("{value}\n"), &sk),
            json!({"value": value.clone()}),
        )
        .send()
        .await,
        app.call(axum::http::Method::PUT, &url("secrets", name, &sk))
            .header("content-type", "application/json")
            .raw(format!("{{\"value\": \"{value}\""))
            .send()
            .await,
        app.put(&url("secrets", name, &sk), json!({"value": value.clone()}))
            .header("x-correlation-id", "nope")
            .send()
            .await,
    ] {
        answers.push(res.text());
    }
    // An empty value, and none, are refused.
    for body in [json!({"value": ""}), json!({}), json!({"value": null})] {
        app.put(&url("secrets", name, &sk), body)
            .send()
            .await
            .assert_error(400, "FAAS-400");
    }
    // Not in the database as text either: sealed.
    let db = app.state.db.clone();
    let rows: Vec<Vec<u8>> = db
        .read(|conn| {
            let mut stmt = conn.prepare("SELECT sealed FROM kv_secrets")?;
            let rows = stmt
                .query_map([], |r| r.get::<_, Vec<u8>>(0))?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
        .await
        .unwrap();
    assert_eq!(rows.len(), 2);
    for row in &rows {
        let len = replaced.len();
        assert!(!row.windows(len).any(|w| w == replaced.as_bytes()));
    }
    let res = app.delete(&url("secrets", name, &sk)).send().await;
    answers.push(res.text());
    assert_eq!(res.ok(), json!({"key": name}));
    app.delete(&url("secrets", name, &sk))
        .send()
        .await
        .assert_error(404, "FAAS-1021");
    let doc = app
        .get("/v2/faas/openapi.json")
        .no_key()
        .send()
        .await
        .text();
    answers.push(doc);

    for answer in &answers {
        assert!(
            !answer.contains(&value) && !answer.contains(&replaced),
            "{answer}"
        );
    }
    // The log has the secret's name (so it was written and is being read here), never its
    // value.
    let logged = String::from_utf8_lossy(&log.lock().unwrap()).into_owned();
    assert!(
        logged.contains("STRIPE/KEY"),
        "nothing was logged: {logged}"
    );
    assert!(!logged.contains(&value) && !logged.contains(&replaced));
}

// --- Demo data ------------------------------------------------------------------------------

#[tokio::test]
async fn every_demo_keyset_has_data_and_one_counter_about_to_expire() {
    let (app, clock) = app_on_manual_clock(Config {
        demo: true,
        ..Config::default()
    });
    for (_, id, _) in demo::KEYSETS {
        let sk = app.subkey(*id).await;
        for kind in ["strings", "jsons", "counters"] {
            let (keys, _) = keys_of(app.get(&list_url(kind, &sk, "size=100")).send().await).await;
            assert!(keys.len() >= 3, "keyset {id} {kind}: {keys:?}");
        }
        let secrets = app
            .get(&format!("/v2/faas/kv/secrets?subkey={}", enc(&sk)))
            .send()
            .await
            .ok();
        assert_eq!(secrets.as_array().unwrap().len(), 2, "{id}");
        let expiring = app
            .get(&url("counters", demo_kv::EXPIRING_COUNTER, &sk))
            .send()
            .await
            .ok();
        assert_eq!(
            expiring["ttlSeconds"],
            demo_kv::EXPIRING_COUNTER_TTL_SECONDS
        );
    }
    clock.advance(Duration::from_secs(
        u64::from(demo_kv::EXPIRING_COUNTER_TTL_SECONDS) + 1,
    ));
    let sk = app.subkey(31001).await;
    app.get(&url("counters", demo_kv::EXPIRING_COUNTER, &sk))
        .send()
        .await
        .assert_error(404, "FAAS-1021");
    app.get(&url("strings", "motd", &sk)).send().await.ok();
}

#[tokio::test]
async fn grants_written_before_the_kv_migration_survive_it() {
    let dir = std::env::temp_dir().join(format!("faas-kv-migration-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("old.db");
    let database = format!("sqlite:{}", path.display());
    // A database as the server before this migration left it: one key with grants.
    {
        let (_, state) = faas_server::build_app(Config {
            database: database.clone(),
            admin_key: Some("old-admin".into()),
            transition_ms: 0,
            ..Config::default()
        })
        .unwrap();
        state
            .db
            .write_blocking(|tx| {
                tx.execute_batch(
                    "DELETE FROM grants WHERE resource = 'functions.kv';
                     DROP TABLE kv_entries; DROP TABLE kv_secrets;
                     DROP TABLE scheduled_actions; DROP TABLE scheduled_events;
                     DROP TABLE rollouts; DROP TABLE activity; DROP TABLE test_inputs;
                     DROP TABLE vercel_deployments; DROP TABLE vercel_projects;
                     DROP TABLE vercel_members; DROP TABLE vercel_tokens; DROP TABLE vercel_teams;
                     DROP TABLE vercel_users;
                     DELETE FROM settings WHERE key LIKE 'vercel%';
                     PRAGMA user_version = 3;",
                )?;
                // The builds' tables as migration 3 made them, before the later ones changed them.
                tx.execute_batch(include_str!("../../migrations/0003_vercel.sql"))?;
                let account = state.admin.account_id.clone();
                let read = Grant {
                    resource: Resource::Package,
                    access: Access::Read,
                    keyset_id: None,
                };
                keys::upsert_key(
                    tx,
                    &keys::KeySpec {
                        key: "old-reader",
                        account_id: &account,
                        label: "old-reader",
                        revoked: false,
                        expires_at_ms: None,
                        grants: &[read],
                    },
                )?;
                Ok(())
            })
            .unwrap();
    }
    let app = TestApp::with(Config {
        database,
        admin_key: Some("old-admin".into()),
        transition_ms: 0,
        ..Config::default()
    });
    app.get("/v2/faas/packages")
        .key("old-reader")
        .send()
        .await
        .ok();
    let sk = only_subkey(&app).await;
    app.put(&url("strings", "after", &sk), json!({"value": "migrated"}))
        .send()
        .await
        .ok();
    drop(app);
    let _ = std::fs::remove_dir_all(&dir);
}
