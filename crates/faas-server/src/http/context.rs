//! The middleware every request passes: correlation id, `PubNub-Version`, panics, and the
//! envelope for answers that axum produces itself (unknown route, wrong method, body too
//! large), so that every `/v2` answer is an envelope.

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
use crate::error::AppError;

pub const CORRELATION_ID: HeaderName = HeaderName::from_static("x-correlation-id");
pub const PUBNUB_VERSION: HeaderName = HeaderName::from_static("pubnub-version");

/// Whether `path` belongs to the API (and so gets envelopes), rather than to the console.
pub fn is_api_path(path: &str) -> bool {
    path == "/v2" || path.starts_with("/v2/")
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
    let api = is_api_path(req.uri().path());
    let sent = req.headers().get(CORRELATION_ID).map(|v| v.to_str());
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
                AppError::internal(format!("panic in {method} {path}: {what}")).into_response()
            }
        };
        if api && response.extensions().get::<Enveloped>().is_none() {
            envelope_bare(response, &method, &path).await
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
