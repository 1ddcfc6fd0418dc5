//! CORS per `api.md` §1: the server's own origin, any `http://127.0.0.1:*` and
//! `http://localhost:*` dev origin, and the origins of `--cors-origin`.

use std::sync::Arc;

use axum::http::{header, HeaderValue, Method};
use tower_http::cors::{AllowOrigin, CorsLayer};

use super::context::{CORRELATION_ID, PUBNUB_VERSION};

/// Whether `origin` may call the API. `host` is the `Host` the request was sent to, which
/// makes the server's own origin allowed however it is reached.
pub fn origin_allowed(origin: &str, host: Option<&str>, extra: &[String]) -> bool {
    let dev = ["http://127.0.0.1", "http://localhost", "http://[::1]"]
        .iter()
        .any(|base| {
            origin == *base
                || origin
                    .strip_prefix(base)
                    .and_then(|rest| rest.strip_prefix(':'))
                    .is_some_and(|port| {
                        !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit())
                    })
        });
    let own = host.is_some_and(|host| {
        origin
            .strip_prefix("http://")
            .or_else(|| origin.strip_prefix("https://"))
            .is_some_and(|rest| rest.eq_ignore_ascii_case(host))
    });
    dev || own || extra.iter().any(|o| o.trim_end_matches('/') == origin)
}

/// The CORS layer for `extra` configured origins.
pub fn layer(extra: Vec<String>) -> CorsLayer {
    let extra = Arc::new(extra);
    CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(
            move |origin: &HeaderValue, parts| {
                let host = parts
                    .headers
                    .get(header::HOST)
                    .and_then(|h| h.to_str().ok());
                origin
                    .to_str()
                    .is_ok_and(|o| origin_allowed(o, host, &extra))
            },
        ))
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
            Method::OPTIONS,
        ])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            PUBNUB_VERSION,
            CORRELATION_ID,
        ])
        .expose_headers([CORRELATION_ID])
        .max_age(std::time::Duration::from_secs(600))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dev_own_and_configured_origins() {
        assert!(origin_allowed("http://127.0.0.1:8081", None, &[]));
        assert!(origin_allowed("http://localhost:3000", None, &[]));
        assert!(!origin_allowed("http://localhost.evil.com", None, &[]));
        assert!(!origin_allowed("http://127.0.0.1:80x", None, &[]));
        assert!(origin_allowed("http://box:8080", Some("box:8080"), &[]));
        assert!(!origin_allowed("https://example.com", None, &[]));
        assert!(origin_allowed(
            "https://example.com",
            None,
            &["https://example.com/".into()]
        ));
    }
}
