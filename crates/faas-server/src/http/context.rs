//! The middleware every request passes: correlation id, `PubNub-Version`, panics, and the
//! envelope for answers that axum produces itself (unknown route, wrong method, body too
//! large), so that every `/v2` answer is an envelope. The Vercel-style routes (`api.md` §4)
//! get the same correlation id header, and their own error shape instead of the envelope.

use std::panic::AssertUnwindSafe;

use axum::extract::Request;
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use faas_api::validation::is_uuid;
use faas_api::version::is_version_date;
use faas_api::ErrorCode;
use futures_util::FutureExt;

use super::reply::{self, Enveloped};
use super::vercel::{Shaped, VercelError};
use crate::error::AppError;

pub const CORRELATION_ID: HeaderName = HeaderName::from_static("x-correlation-id");
pub const PUBNUB_VERSION: HeaderName = HeaderName::from_static("pubnub-version");

/// Which contract a path belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKind {
    /// Functions v2 (`/v2/…`): envelopes, `FAAS-…` codes.
    Functions,
    /// Vercel-style deployments (`/v1/…`–`/v13/…` but `/v2`, and `/v2/teams…`): `{"error"}`.
    Vercel,
}

/// The API versions of Vercel's REST API that this server answers in Vercel's shape: every
/// `/v<n>` Vercel's endpoints use, up to the newest of ours (`/v13`), except `/v2`, which
/// is the Functions API's (but for `/v2/teams`). Unknown paths under them are JSON 404s,
/// never the console's page.
pub const VERCEL_VERSIONS: [u32; 12] = [1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];

fn under(path: &str, base: &str) -> bool {
    path.strip_prefix(base)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// Whether `path` is `/v<n>` or under it, `n` one of [`VERCEL_VERSIONS`] as written (no
/// leading zero). Runs on every request: no allocation.
fn under_vercel_version(path: &str) -> bool {
    let Some(rest) = path.strip_prefix("/v") else {
        return false;
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let (number, tail) = rest.split_at(digits);
    (tail.is_empty() || tail.starts_with('/'))
        && !number.starts_with('0')
        && number
            .parse::<u32>()
            .is_ok_and(|n| VERCEL_VERSIONS.contains(&n))
}

/// The contract `path` belongs to, or `None` for the console's files.
pub fn api_kind(path: &str) -> Option<ApiKind> {
    if under_vercel_version(path) || under(path, "/v2/teams") {
        Some(ApiKind::Vercel)
    } else if under(path, "/v2") {
        Some(ApiKind::Functions)
    } else {
        None
    }
}

/// Whether `path` belongs to an API (and so gets a correlation id and API errors), rather
/// than to the console.
pub fn is_api_path(path: &str) -> bool {
    api_kind(path).is_some()
}

fn check_headers(req: &Request) -> Result<(), AppError> {
    if let Some(version) = req.headers().get(PUBNUB_VERSION) {
        if !version.to_str().is_ok_and(is_version_date) {
            return Err(AppError::field(
                ErrorCode::Validation,
                "PubNub-Version",
                "must be a date, YYYY-MM-DD",
            ));
        }
    }
    Ok(())
}

/// See the module documentation.
pub async fn request_context(req: Request, next: Next) -> Response {
    let kind = api_kind(req.uri().path());
    let api = kind == Some(ApiKind::Functions);
    let vercel = kind == Some(ApiKind::Vercel);
    let sent = req.headers().get(CORRELATION_ID).map(|v| v.to_str());
    // Vercel's API has no correlation header to refuse: a malformed one is replaced.
    let (id, bad_id) = match sent {
        Some(Ok(s)) if is_uuid(s) => (s.to_owned(), false),
        Some(_) if api => (uuid::Uuid::new_v4().to_string(), true),
        _ => (uuid::Uuid::new_v4().to_string(), false),
    };
    let header_value = HeaderValue::from_str(&id).unwrap_or(HeaderValue::from_static(""));
    let mut response = reply::with_correlation_id(id, async move {
        if bad_id {
            return AppError::new(
                ErrorCode::InvalidCorrelationId,
                "X-Correlation-Id must be a UUID",
            )
            .into_response();
        }
        if api {
            if let Err(e) = check_headers(&req) {
                return e.into_response();
            }
        }
        let method = req.method().clone();
        let path = req.uri().path().to_owned();
        let response = match AssertUnwindSafe(next.run(req)).catch_unwind().await {
            Ok(response) => response,
            Err(panic) => {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "panic".into());
                let cause = format!("panic in {method} {path}: {what}");
                if vercel {
                    VercelError::internal(cause).into_response()
                } else {
                    AppError::internal(cause).into_response()
                }
            }
        };
        if api && response.extensions().get::<Enveloped>().is_none() {
            envelope_bare(response, &method, &path).await
        } else if vercel && response.extensions().get::<Shaped>().is_none() {
            shape_bare(response, &method, &path)
        } else {
            response
        }
    })
    .await;
    response.headers_mut().insert(CORRELATION_ID, header_value);
    response
}

/// Wraps an answer that axum or tower produced without an envelope.
async fn envelope_bare(response: Response, method: &axum::http::Method, path: &str) -> Response {
    let status = response.status();
    if status.is_success() || status.is_redirection() || status.is_informational() {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, 64 * 1024)
        .await
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    let error = match status {
        StatusCode::NOT_FOUND => AppError::new(
            ErrorCode::NotFound,
            format!("Entity not found: no route {method} {path}"),
        ),
        StatusCode::METHOD_NOT_ALLOWED => AppError::new(
            ErrorCode::MethodNotAllowed,
            format!("method {method} is not allowed on {path} (see the Allow header)"),
        ),
        StatusCode::PAYLOAD_TOO_LARGE => AppError {
            status,
            ..AppError::new(ErrorCode::Validation, "request body is larger than 1 MiB")
        },
        StatusCode::UNSUPPORTED_MEDIA_TYPE => AppError::new(
            ErrorCode::UnsupportedMediaType,
            "Content-Type must be application/json",
        ),
        s if s.is_server_error() => AppError::internal(text),
        _ => AppError {
            status,
            ..AppError::new(
                ErrorCode::Validation,
                if text.is_empty() {
                    status.to_string()
                } else {
                    text
                },
            )
        },
    };
    let mut enveloped = error.into_response();
    for name in [header::ALLOW] {
        if let Some(value) = parts.headers.get(&name) {
            enveloped.headers_mut().insert(name, value.clone());
        }
    }
    enveloped
}

/// [`envelope_bare`] for the Vercel-style routes: axum's own error answers in their shape.
fn shape_bare(response: Response, method: &axum::http::Method, path: &str) -> Response {
    let status = response.status();
    if status.is_success() || status.is_redirection() || status.is_informational() {
        return response;
    }
    let error = match status {
        StatusCode::NOT_FOUND => {
            VercelError::not_found(format!("The requested path {path} was not found"))
        }
        StatusCode::METHOD_NOT_ALLOWED => VercelError::method_unknown(format!(
            "Method {method} is not allowed on {path} (see the Allow header)"
        )),
        StatusCode::PAYLOAD_TOO_LARGE => VercelError::new(
            status,
            faas_api::vercel::codes::BAD_REQUEST,
            "request body is larger than 1 MiB",
        ),
        s if s.is_server_error() => VercelError::internal(format!("{method} {path}: {s}")),
        s => VercelError::bad_request(format!("{method} {path}: {s}")),
    };
    let mut shaped = error.into_response();
    if let Some(allow) = response.headers().get(header::ALLOW) {
        shaped.headers_mut().insert(header::ALLOW, allow.clone());
    }
    shaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_belong_to_one_contract() {
        for path in [
            "/v6/deployments",
            "/v6",
            "/v12/x",
            "/v13/deployments/a/cancel",
            "/v2/teams",
            "/v2/teams/x",
            "/v7/deployments",
            "/v1/deployments",
            "/v1",
            "/v9/projects",
            "/v11/",
        ] {
            assert_eq!(api_kind(path), Some(ApiKind::Vercel), "{path}");
        }
        for path in ["/v2", "/v2/faas/packages", "/v2/keysets", "/v2/teamsx"] {
            assert_eq!(api_kind(path), Some(ApiKind::Functions), "{path}");
        }
        for path in [
            "/",
            "/v",
            "/v0",
            "/v14",
            "/v60",
            "/v13x",
            "/v06",
            "/index.html",
            "/vx/a",
        ] {
            assert_eq!(api_kind(path), None, "{path}");
        }
    }
}
