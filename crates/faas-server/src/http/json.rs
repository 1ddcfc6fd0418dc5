//! `ApiJson<T>`: a JSON body, refused the contract's way (and [`OptionalJson`], for a body
//! that may be left out).
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

/// Parses `bytes` as a `T`, with the errors of the module documentation. Every body of the
/// contract is a JSON object: serde would also fill a struct from an array, by position.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let first = bytes
        .iter()
        .find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
    if first != Some(&b'{') {
        serde_json::from_slice::<serde::de::IgnoredAny>(bytes).map_err(malformed)?;
        return Err(AppError::new(
            ErrorCode::Validation,
            "the body must be a JSON object",
        ));
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = match serde_path_to_error::deserialize(&mut de) {
        Ok(value) => value,
        // A body that is not JSON is malformed, whatever its start looked like; JSON of the
        // wrong shape is validation. serde_json reports some values of the wrong type as
        // syntax errors ("expected value" for a number where an enum's string belongs), so
        // such a body is deserialized again from a `Value`, which names field and type.
        Err(e) => {
            let json = serde_json::from_slice::<serde_json::Value>(bytes).map_err(malformed)?;
            if e.inner().is_data() {
                return Err(wrong_shape(e));
            }
            return Err(match serde_path_to_error::deserialize::<_, T>(json) {
                Err(again) if again.inner().is_data() => wrong_shape(again),
                _ => malformed(e.into_inner()),
            });
        }
    };
    de.end().map_err(malformed)?;
    Ok(value)
}

fn malformed(e: serde_json::Error) -> AppError {
    AppError::new(ErrorCode::MalformedJson, format!("malformed JSON: {e}"))
}

/// JSON of the wrong shape: `FAAS-400` naming the JSON path.
fn wrong_shape(e: serde_path_to_error::Error<serde_json::Error>) -> AppError {
    let path = e.path().to_string();
    let message = e.into_inner().to_string();
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
}

/// serde_json appends ` at line 1 column 42` to data errors; the field path says more.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// 415 unless the request says its body is JSON.
fn require_json(req: &Request) -> Result<(), AppError> {
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if is_json(content_type) {
        return Ok(());
    }
    Err(AppError::new(
        ErrorCode::UnsupportedMediaType,
        if content_type.is_empty() {
            "Content-Type must be application/json (none was sent)".to_owned()
        } else {
            format!("Content-Type must be application/json, not '{content_type}'")
        },
    ))
}

async fn body_bytes<S: Send + Sync>(req: Request, state: &S) -> Result<Bytes, AppError> {
    Bytes::from_request(req, state).await.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError {
                status: StatusCode::PAYLOAD_TOO_LARGE,
                ..AppError::new(ErrorCode::Validation, "request body is larger than 1 MiB")
            }
        } else {
            AppError::new(ErrorCode::MalformedJson, rejection.body_text())
        }
    })
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        require_json(&req)?;
        let bytes = body_bytes(req, state).await?;
        parse(&bytes).map(ApiJson)
    }
}

/// A JSON body that may be left out: a request with no body at all (whatever its
/// Content-Type) is `T::default()`; any body is read as [`ApiJson`] reads it.
#[derive(Debug, Clone)]
pub struct OptionalJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Default> FromRequest<S> for OptionalJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let declared = require_json(&req);
        let bytes = body_bytes(req, state).await?;
        if bytes.is_empty() {
            return Ok(OptionalJson(T::default()));
        }
        declared?;
        parse(&bytes).map(OptionalJson)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use faas_api::FunctionInput;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Body {
        functions: Vec<FunctionInput>,
    }

    #[test]
    fn a_value_of_the_wrong_type_is_validation_naming_the_field() {
        // serde_json calls a number where an enum's string belongs a syntax error.
        for wrong in ["1", "-0.5", "true", "null", "[]"] {
            let body =
                format!(r#"{{"functions": [{{"name": "a", "code": "x", "type": {wrong}}}]}}"#);
            let e = parse::<Body>(body.as_bytes()).unwrap_err();
            assert_eq!(e.code(), "FAAS-400", "{wrong}: {e}");
            assert_eq!(
                e.errors[0].field.as_deref(),
                Some("functions[0].type"),
                "{wrong}: {e}"
            );
        }
    }

    #[test]
    fn json_that_is_not_an_object_is_validation() {
        for wrong in ["[null, null]", "[]", " \n[\"a\", []]", "null", "1", "\"x\""] {
            let e = parse::<Body>(wrong.as_bytes()).unwrap_err();
            assert_eq!(e.code(), "FAAS-400", "{wrong}: {e}");
        }
    }

    #[test]
    fn bytes_that_are_not_json_are_malformed() {
        for bad in ["{", "{\"functions\": [}", "[] x", "", "\u{feff}{}"] {
            let e = parse::<Body>(bad.as_bytes()).unwrap_err();
            assert_eq!(e.code(), "FAAS-1003", "{bad:?}: {e}");
        }
        let e = parse::<Body>(b"{}").unwrap_err();
        assert_eq!(
            (e.code(), e.errors[0].field.as_deref()),
            ("FAAS-400", Some("functions"))
        );
    }
}
