//! Rendering the envelope, `{"data", "meta": {timestamp, correlationId, paging?}, "errors"}`.
//!
//! The correlation id of the request being answered lives in a task-local set by
//! [`super::context::request_context`], so that a handler, an extractor's rejection or an
//! [`AppError`] can all render a complete envelope without threading the request through.
//! This module owns the writing of the envelope, an [`AppError`]'s included; [`crate::error`]
//! only defines the error.

use axum::body::Body;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use faas_api::kv::CursorPaging;
use faas_api::{ApiError, Meta, Paging};
use serde::Serialize;

use crate::clock;
use crate::error::AppError;

tokio::task_local! {
    static CORRELATION_ID: String;
}

/// Runs `fut` with `id` as the correlation id of everything it renders.
pub async fn with_correlation_id<F: std::future::Future>(id: String, fut: F) -> F::Output {
    CORRELATION_ID.scope(id, fut).await
}

/// The correlation id of the request being answered (a fresh one outside a request).
pub fn correlation_id() -> String {
    CORRELATION_ID
        .try_with(Clone::clone)
        .unwrap_or_else(|_| uuid::Uuid::new_v4().to_string())
}

/// Marks a response whose body already is an envelope, so the middleware leaves it alone.
#[derive(Debug, Clone, Copy)]
pub struct Enveloped;

#[derive(Serialize)]
struct Out<'a, T: Serialize> {
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<&'a T>,
    meta: Meta,
    errors: &'a [ApiError],
}

/// A list's `meta.paging`: pages, a cursor, or none.
enum ListPaging {
    None,
    Pages(Paging),
    Cursor(CursorPaging),
}

fn meta(paging: ListPaging) -> Meta {
    let (paging, cursor) = match paging {
        ListPaging::None => (None, None),
        ListPaging::Pages(p) => (Some(p), None),
        ListPaging::Cursor(c) => (None, Some(c)),
    };
    Meta {
        timestamp: clock::format_ms(clock::now_ms()),
        correlation_id: correlation_id(),
        paging,
        cursor,
    }
}

fn render<T: Serialize>(
    status: StatusCode,
    data: Option<&T>,
    paging: ListPaging,
    errors: &[ApiError],
) -> Response {
    let out = Out {
        data,
        meta: meta(paging),
        errors,
    };
    let (status, body) = match serde_json::to_vec(&out) {
        Ok(body) => (status, body),
        Err(e) => {
            tracing::error!(correlation_id = %out.meta.correlation_id, "cannot render answer: {e}");
            let fallback = Out::<()> {
                data: None,
                meta: out.meta.clone(),
                errors: &[ApiError {
                    code: faas_api::ErrorCode::Internal.as_str().into(),
                    message: "Internal server error".into(),
                    field: None,
                }],
            };
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                serde_json::to_vec(&fallback).unwrap_or_default(),
            )
        }
    };
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response.extensions_mut().insert(Enveloped);
    response
}

/// 200 with `data`.
pub fn ok<T: Serialize>(data: &T) -> Response {
    render(StatusCode::OK, Some(data), ListPaging::None, &[])
}

/// 200 with one page of a list.
pub fn page<T: Serialize>(data: &[T], paging: Paging) -> Response {
    render(StatusCode::OK, Some(&data), ListPaging::Pages(paging), &[])
}

/// 200 with one page of a list paged by token (the KV store's).
pub fn cursor_page<T: Serialize>(data: &[T], cursor: CursorPaging) -> Response {
    render(StatusCode::OK, Some(&data), ListPaging::Cursor(cursor), &[])
}

/// `data` serialised for [`rendered`] (a list's page is a JSON array of `data`).
pub fn render_data<T: Serialize + ?Sized>(data: &T) -> Result<Box<[u8]>, serde_json::Error> {
    Ok(serde_json::to_vec(data)?.into_boxed_slice())
}

/// 200 with already serialised `data` (and `paging`), in an envelope with a fresh `meta`:
/// the same bytes [`ok`] and [`page`] produce.
pub fn rendered(data: &[u8], paging: Option<Paging>) -> Response {
    let meta = meta(paging.map_or(ListPaging::None, ListPaging::Pages));
    let mut body = Vec::with_capacity(data.len() + 192);
    body.extend_from_slice(b"{\"data\":");
    body.extend_from_slice(data);
    body.extend_from_slice(b",\"meta\":");
    if let Err(e) = serde_json::to_writer(&mut body, &meta) {
        return AppError::internal(format!("cannot render meta: {e}")).into_response();
    }
    body.extend_from_slice(b",\"errors\":[]}");
    let mut response = Response::new(Body::from(body));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response.extensions_mut().insert(Enveloped);
    response
}

/// 200 with no data, as a delete answers.
pub fn empty() -> Response {
    render::<()>(StatusCode::OK, None, ListPaging::None, &[])
}

/// An error answer.
pub fn errors(status: StatusCode, errors: &[ApiError]) -> Response {
    render::<()>(status, None, ListPaging::None, errors)
}

/// An [`AppError`] as an envelope with its status; a server error's cause goes to the log.
impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if self.status.is_server_error() {
            tracing::error!(
                correlation_id = %correlation_id(),
                cause = self.cause.as_deref().unwrap_or(""),
                "internal error"
            );
        }
        errors(self.status, &self.errors)
    }
}
