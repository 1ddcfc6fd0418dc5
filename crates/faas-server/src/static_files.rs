//! The built console (`--static-dir`, Trunk's `dist`) at `/`.
//!
//! Files are served with precompressed `.br`/`.gz` siblings when the client accepts them and
//! `.wasm` as `application/wasm` (browsers refuse to stream-compile anything else). Paths
//! without a file extension that match no file get `index.html`, so deep links into the
//! single-page app work; a missing asset stays a 404. `index.html` is never cached (it names
//! the current hashed assets); hashed assets are cached for a year.
//!
//! The console keeps an API key in the browser's storage, so its page is served with a
//! Content-Security-Policy ([`content_security_policy`]): only the console's own scripts and
//! wasm, the one inline start script Trunk writes into `index.html` (by its hash), no
//! plugins, no framing, and API calls to any origin (the user picks the API's base URL).
//! Every file is `nosniff`.

use std::path::Path;

use base64::Engine;
use sha2::{Digest, Sha256};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

use crate::AppState;

const NOT_BUILT: &str = "faas-console: the console is not built (no index.html in the static \
directory). Build it with `trunk build --release`, or pass --static-dir. The API is at /v2/ \
and its OpenAPI document at /v2/faas/openapi.json.\n";

/// Whether a path names content that can never change: a Trunk-hashed file
/// (`name-<16+ hex>.ext`) or anything in a hashed directory (`/app-<hash>/…`, the console's
/// wasm modules, which name each other by relative paths).
pub fn is_hashed_asset(path: &str) -> bool {
    let mut segments = path.trim_start_matches('/').split('/');
    let file = segments.next_back().unwrap_or_default();
    let stem = file.split('.').next().unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    is_hashed_name(stem) || segments.next().is_some_and(is_hashed_name)
}

fn is_hashed_name(name: &str) -> bool {
    name.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() >= 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn has_extension(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .is_some_and(|file| file.contains('.'))
}

/// The router's fallback for everything outside `/v2`.
pub async fn serve(State(state): State<AppState>, req: Request) -> Response {
    let dir = state.config.static_dir.clone();
    let index = dir.join("index.html");
    let path = req.uri().path().to_owned();
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
            "method not allowed\n",
        )
            .into_response();
    }
    if !tokio::fs::try_exists(&index).await.unwrap_or(false) {
        return if has_extension(&path) {
            (StatusCode::NOT_FOUND, "not found\n").into_response()
        } else {
            (
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                NOT_BUILT,
            )
                .into_response()
        };
    }
    let (parts, body) = req.into_parts();
    let head = Request::from_parts(parts.clone(), Body::empty());
    drop(body);
    let served = ServeDir::new(&dir)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(true)
        .oneshot(head)
        .await;
    let mut response = match served {
        Ok(r) if r.status() == StatusCode::NOT_FOUND && !has_extension(&path) => {
            serve_index(&index, parts).await
        }
        Ok(r) => r.map(Body::new),
        Err(e) => match e {},
    };
    set_cache_control(&mut response, &path);
    protect(&mut response, &index).await;
    response
}

/// The security headers: `nosniff` on every file, and on the page itself the CSP and no
/// referrer (the console's URLs name packages and deployments).
async fn protect(response: &mut Response, index: &Path) {
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    let is_html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html {
        return;
    }
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    // Read again for each page load (not for the files it loads): a rebuilt console gets
    // the hash of its new start script without a restart.
    let page = tokio::fs::read_to_string(index).await.unwrap_or_default();
    if let Ok(policy) = HeaderValue::from_str(&content_security_policy(&page)) {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, policy);
    }
}

/// The policy for a page: its inline scripts are allowed by their SHA-256 and nothing else
/// inline runs. `'wasm-unsafe-eval'` lets the console compile its wasm modules; `connect-src`
/// takes any http(s) origin, since the API's base URL is the user's to choose. Inline styles
/// are allowed: the code editor (CodeMirror) writes its own, and a style cannot run code.
/// Workers from `data:` URLs are allowed for a function's Test tab: a data: worker has an
/// opaque origin, so the user's code it runs cannot reach the console's storage.
pub fn content_security_policy(page: &str) -> String {
    let hashes: String = inline_scripts(page)
        .map(|script| {
            let digest = Sha256::digest(script.as_bytes());
            format!(
                " 'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect();
    format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'{hashes}; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; \
         connect-src 'self' http: https:; worker-src 'self' data:; manifest-src 'self'; \
         base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'"
    )
}

/// The text of each `<script>` element of `page` that has no `src`.
fn inline_scripts(page: &str) -> impl Iterator<Item = &str> {
    page.split("<script").skip(1).filter_map(|rest| {
        let (attributes, body) = rest.split_once('>')?;
        let (text, _) = body.split_once("</script>")?;
        (!attributes.contains("src=")).then_some(text)
    })
}

async fn serve_index(index: &Path, parts: axum::http::request::Parts) -> Response {
    let req = Request::from_parts(parts, Body::empty());
    // Precompressed like every other file: a deep link is many users' first load.
    match ServeFile::new(index)
        .precompressed_br()
        .precompressed_gzip()
        .oneshot(req)
        .await
    {
        Ok(r) => {
            let mut r = r.map(Body::new);
            r.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            r
        }
        Err(e) => match e {},
    }
}

/// Drops what the API's layers add to every answer (correlation id, CORS) from the console's
/// files, which need neither: a first load fetches dozens of them, one per wasm module, and
/// each would carry some 190 bytes of these headers for nothing.
pub async fn lean_headers(req: Request, next: axum::middleware::Next) -> Response {
    let is_api = crate::http::context::is_api_path(req.uri().path());
    let mut response = next.run(req).await;
    if !is_api {
        let headers = response.headers_mut();
        headers.remove("x-correlation-id");
        headers.remove(header::ACCESS_CONTROL_EXPOSE_HEADERS);
        // The body depends on Accept-Encoding only (precompressed siblings), not the origin.
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

fn set_cache_control(response: &mut Response, path: &str) {
    if !response.status().is_success() || response.headers().contains_key(header::CACHE_CONTROL) {
        return;
    }
    let headers = response.headers_mut();
    let value = if is_hashed_asset(path) {
        // Never revalidated, never fetched in ranges: the validators are dead weight.
        headers.remove(header::LAST_MODIFIED);
        headers.remove(header::ACCEPT_RANGES);
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_allows_the_inline_start_script_by_its_hash_only() {
        let page = "<head><script type=module>import a from\"/app.js\";a()</script>\
                    <script src=/x.js></script></head>";
        let policy = content_security_policy(page);
        let expected = base64::engine::general_purpose::STANDARD
            .encode(Sha256::digest(b"import a from\"/app.js\";a()"));
        assert!(
            policy.contains(&format!(
                "script-src 'self' 'wasm-unsafe-eval' 'sha256-{expected}';"
            )),
            "{policy}"
        );
        assert_eq!(policy.matches("'sha256-").count(), 1);
        for directive in [
            "frame-ancestors 'none'",
            "object-src 'none'",
            "default-src 'none'",
        ] {
            assert!(policy.contains(directive), "{directive}");
        }
        let scripts = policy
            .split("; ")
            .find(|d| d.starts_with("script-src"))
            .unwrap();
        assert!(!scripts.contains("'unsafe-"), "{scripts}");
    }

    #[test]
    fn recognises_trunk_hashes() {
        assert!(is_hashed_asset("/faas-console-1a2b3c4d5e6f7a8b_bg.wasm"));
        assert!(is_hashed_asset("/faas-console-1a2b3c4d5e6f7a8b.js"));
        assert!(is_hashed_asset("/style-0123456789abcdef0123.css"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/favicon.ico"));
        assert!(!is_hashed_asset("/my-app.js"));
        assert!(is_hashed_asset("/app-0123456789abcdef/chunk_8.wasm"));
        assert!(is_hashed_asset(
            "/app-0123456789abcdef/snippets/x-1/js/loader.js"
        ));
        assert!(!is_hashed_asset("/app/chunk_8.wasm"));
    }
}
