//! Startup, static files, demo data, panics: what is not one endpoint.

use crate::common;

use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};

use axum::routing::get;
use axum::Router;
use common::TestApp;
use faas_server::{build_app, Config};
use tower::ServiceExt;

fn temp_dir(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("faas-server-test-{name}-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[tokio::test]
async fn static_files_wasm_mime_precompressed_spa_fallback_and_caching() {
    let dir = temp_dir("static");
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html><title>console</title><script type=module>start()</script>",
    )
    .unwrap();
    std::fs::write(dir.join("app-0123456789abcdef_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(dir.join("app-0123456789abcdef.js"), "console.log(1)").unwrap();
    std::fs::write(dir.join("app-0123456789abcdef.js.br"), "brotli bytes").unwrap();
    let app = TestApp::with(Config {
        static_dir: dir.clone(),
        ..Config::default()
    });

    let wasm = app
        .get("/app-0123456789abcdef_bg.wasm")
        .no_key()
        .send()
        .await;
    assert_eq!(wasm.status, 200);
    assert_eq!(wasm.header("content-type"), Some("application/wasm"));
    assert!(wasm.header("cache-control").unwrap().contains("immutable"));

    let br = app
        .get("/app-0123456789abcdef.js")
        .no_key()
        .header("accept-encoding", "gzip, br")
        .send()
        .await;
    assert_eq!(br.header("content-encoding"), Some("br"));
    assert_eq!(br.text(), "brotli bytes");

    for path in ["/", "/packages/123/revisions"] {
        let page = app.get(path).no_key().send().await;
        assert_eq!(page.status, 200, "{path}");
        assert!(page.text().contains("<title>console</title>"), "{path}");
        assert_eq!(page.header("cache-control"), Some("no-cache"), "{path}");
        // The page is protected: no inline script but the start script, by its hash
        // (SHA-256 of `start()`), no framing, no referrer; nothing is sniffed.
        let policy = page.header("content-security-policy").unwrap();
        assert!(
            policy.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-DIm7WJS6ZKDYe5qFLPy+h4JFI9Bol5QmYC57mt3Fb00=';"),
            "{policy}"
        );
        assert!(policy.contains("frame-ancestors 'none'"));
        assert_eq!(page.header("referrer-policy"), Some("no-referrer"));
        assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    }
    assert_eq!(wasm.header("x-content-type-options"), Some("nosniff"));
    let missing = app.get("/missing-asset.js").no_key().send().await;
    assert_eq!(missing.status, 404);

    // The split wasm modules sit in a hashed directory: cached forever, and served without
    // the API's headers or validators, which a first load would pay for once per module.
    std::fs::create_dir(dir.join("app-0123456789abcdef")).unwrap();
    std::fs::write(
        dir.join("app-0123456789abcdef/chunk_8.wasm"),
        b"\0asm\x01\0\0\0",
    )
    .unwrap();
    let chunk = app
        .get("/app-0123456789abcdef/chunk_8.wasm")
        .no_key()
        .send()
        .await;
    assert_eq!(chunk.status, 200);
    assert!(chunk.header("cache-control").unwrap().contains("immutable"));
    for absent in [
        "x-correlation-id",
        "access-control-expose-headers",
        "last-modified",
        "accept-ranges",
    ] {
        assert_eq!(chunk.header(absent), None, "{absent}");
    }
    assert_eq!(chunk.header("vary"), Some("accept-encoding"));
    // The API keeps them.
    let api = app.get("/v2/keysets").send().await;
    assert!(api.header("x-correlation-id").is_some());

    // A deep link is a first load too: its index.html is sent precompressed as well.
    std::fs::write(dir.join("index.html.br"), "brotli index").unwrap();
    let deep = app
        .get("/packages/123")
        .no_key()
        .header("accept-encoding", "br")
        .send()
        .await;
    assert_eq!(deep.header("content-encoding"), Some("br"));
    assert_eq!(deep.text(), "brotli index");
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn api_answers_are_compressed_for_clients_that_accept_it() {
    let app = TestApp::demo();
    let plain = app.get("/v2/faas/packages?size=100").send().await;
    assert_eq!(plain.header("content-encoding"), None);
    let compressed = app
        .get("/v2/faas/packages?size=100")
        .header("accept-encoding", "br")
        .send()
        .await;
    assert_eq!(compressed.status, 200);
    assert_eq!(compressed.header("content-encoding"), Some("br"));
}

#[tokio::test]
async fn without_a_built_console_root_explains() {
    let app = TestApp::with(Config {
        static_dir: PathBuf::from("no-such-dir-for-sure"),
        ..Config::default()
    });
    let res = app.get("/").no_key().send().await;
    assert_eq!(res.status, 200);
    assert!(res.text().contains("not built"));
}

#[tokio::test]
async fn demo_data_is_complete_and_seeded_once() {
    let dir = temp_dir("demo");
    let database = format!("sqlite:{}", dir.join("demo.db").display());
    let config = Config {
        demo: true,
        database: database.clone(),
        ..Config::default()
    };
    let first = TestApp::with(config.clone());
    let packages = first.get("/v2/faas/packages?size=100").send().await.ok();
    let count = packages.as_array().unwrap().len();
    assert!((5..=7).contains(&count), "{count}");
    let keysets = first.get("/v2/keysets").send().await.ok();
    assert!(keysets.as_array().unwrap().len() >= 8);
    let key = first.admin_key.clone();
    drop(first);

    // A second start: same data, same admin key, nothing new.
    let second = TestApp::with(Config {
        demo: true,
        database,
        ..Config::default()
    });
    assert_eq!(second.admin_key, key, "the generated key is kept");
    let again = second.get("/v2/faas/packages?size=100").send().await.ok();
    assert_eq!(again.as_array().unwrap().len(), count);
    let keysets_again = second.get("/v2/keysets").send().await.ok();
    assert_eq!(keysets_again, keysets);
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn demo_has_every_deployment_state() {
    let app = TestApp::demo();
    let states: Vec<String> = app
        .state
        .db
        .read(|conn| {
            let mut stmt = conn.prepare("SELECT DISTINCT state FROM package_deployments")?;
            let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
        .await
        .unwrap();
    for state in ["STOPPED", "STARTING", "RUNNING", "STOPPING", "FAILED"] {
        assert!(states.iter().any(|s| s == state), "{state} in {states:?}");
    }
    let error: String = app
        .state
        .db
        .read(|conn| {
            Ok(conn.query_row(
                "SELECT error FROM function_deployments WHERE state = 'FAILED'",
                [],
                |r| r.get(0),
            )?)
        })
        .await
        .unwrap();
    assert_eq!(error, "line 3:14: Unexpected token");
}

#[tokio::test]
async fn admin_key_flag_grants_everything() {
    let app = TestApp::with(Config {
        admin_key: Some("my-admin".into()),
        ..Config::default()
    });
    assert_eq!(app.admin_key, "my-admin");
    app.create_package("With my key").await;
}

#[tokio::test]
async fn panics_become_enveloped_500s_with_the_correlation_id() {
    async fn boom() -> &'static str {
        panic!("deliberate")
    }
    let router = Router::new()
        .route("/v2/boom", get(boom))
        .layer(axum::middleware::from_fn(
            faas_server::http::context::request_context,
        ));
    let id = "0b7f3c1e-0000-4000-8000-000000000001";
    let req = axum::http::Request::get("/v2/boom")
        .header("x-correlation-id", id)
        .body(axum::body::Body::empty())
        .unwrap();
    let res = router.oneshot(req).await.unwrap();
    assert_eq!(res.status(), 500);
    assert_eq!(res.headers()["x-correlation-id"], id);
    let body = http_body_util::BodyExt::collect(res.into_body())
        .await
        .unwrap()
        .to_bytes();
    let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(json["errors"][0]["code"], "FAAS-500");
    assert_eq!(json["meta"]["correlationId"], id);
}

#[test]
fn cli_prints_the_console_url_with_the_real_port() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_faas-server"))
        .args([
            "--listen",
            "127.0.0.1:0",
            "--database",
            "sqlite::memory:",
            "--admin-key",
            "cli-key",
            "--transition-ms",
            "5",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let result = (|| {
        let rest = line
            .trim()
            .strip_prefix("faas-console: http://")
            .ok_or("no URL line")?;
        let (addr, key) = rest.split_once("/#key=").ok_or("no key")?;
        assert_eq!(key, "cli-key");
        assert!(!addr.ends_with(":0"), "{addr}");
        let mut stream = std::net::TcpStream::connect(addr).map_err(|e| e.to_string())?;
        write!(
            stream,
            "GET /v2/keysets HTTP/1.1\r\nHost: {addr}\r\nAuthorization: cli-key\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        Ok::<_, String>(())
    })();
    let _ = child.kill();
    let _ = child.wait();
    result.unwrap();
}

#[test]
fn build_app_refuses_a_bad_database_argument() {
    assert!(build_app(Config {
        database: "sqlite:".into(),
        ..Config::default()
    })
    .is_err());
}
