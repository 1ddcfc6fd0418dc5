//! `ApiJson<T>`: a JSON body, refused the contract's way.
//!
//! Not `application/json` → 415 `FAAS-415`; not JSON at all → 400 `FAAS-1003`; JSON of the
//! wrong shape → 400 `FAAS-400` naming the JSON path (`functions[0].type`); over the body
//! limit → 413 with `FAAS-400`.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{header, StatusCode};
use faas_api::ErrorCode;
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// The largest body accepted, 1 MiB (`api.md` §1).
pub const BODY_LIMIT: usize = 1024 * 1024;

/// A JSON request body of type `T`.
#[derive(Debug, Clone)]
pub struct ApiJson<T>(pub T);

fn is_json(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Parses `bytes` as a `T`, with the errors of the module documentation.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if inner.is_data() {
            let message = inner.to_string();
            let path = if path == "." { String::new() } else { path };
            // serde names a missing field in its message, at the path of its parent.
            let field = match message
                .strip_prefix("missing field `")
                .and_then(|rest| rest.split('`').next())
            {
                Some(name) if path.is_empty() => name.to_owned(),
                Some(name) => format!("{path}.{name}"),
                None => path,
            };
            let message = strip_position(&message);
            AppError::field(ErrorCode::Validation, &field, message)
        } else {
            AppError::new(ErrorCode::MalformedJson, format!("malformed JSON: {inner}"))
        }
    })?;
    de.end()
        .map_err(|e| AppError::new(ErrorCode::MalformedJson, format!("malformed JSON: {e}")))?;
    Ok(value)
}

/// serde_json appends ` at line 1 column 42` to data errors; the field path says more.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let content_type = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        if !is_json(content_type) {
            return Err(AppError::new(
                ErrorCode::UnsupportedMediaType,
                if content_type.is_empty() {
                    "Content-Type must be application/json (none was sent)".to_owned()
                } else {
                    format!("Content-Type must be application/json, not '{content_type}'")
                },
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                AppError {
                    status: StatusCode::PAYLOAD_TOO_LARGE,
                    ..AppError::new(ErrorCode::Validation, "request body is larger than 1 MiB")
                }
            } else {
                AppError::new(ErrorCode::MalformedJson, rejection.body_text())
            }
        })?;
        parse(&bytes).map(ApiJson)
    }
}
