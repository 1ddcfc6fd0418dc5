//! The HTTP side of the contract shared by every resource: the envelope, the request
//! middleware, auth and grants, JSON bodies, list queries, CORS.

pub mod auth;
pub mod context;
pub mod cors;
pub mod json;
pub mod reply;
pub mod vercel;

use std::collections::HashMap;

use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use faas_api::paging::{parse_page_query, PageQuery};
use faas_api::validation::is_uuid;
use faas_api::ErrorCode;

use crate::error::AppError;

/// An entity id from the path. Ids are UUIDs; anything else names no entity, so it is
/// answered as not found (404 `FAAS-404`), like an id that does not exist.
pub fn entity_id(raw: &str) -> Result<String, AppError> {
    if is_uuid(raw) {
        Ok(raw.to_ascii_lowercase())
    } else {
        Err(AppError::not_found())
    }
}

/// The raw query string parameters of a request, with malformed ones refused as `FAAS-400`.
#[derive(Debug, Clone, Default)]
pub struct QueryParams(pub HashMap<String, String>);

impl QueryParams {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    /// `page`, `size`, `sort` and `search`, checked against `sortable`.
    pub fn page(&self, sortable: &[&'static str]) -> Result<PageQuery, AppError> {
        parse_page_query(
            self.get("page"),
            self.get("size"),
            self.get("sort"),
            self.get("search"),
            sortable,
        )
        .map_err(AppError::paging)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for QueryParams {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        Query::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map(|Query(map)| QueryParams(map))
            .map_err(|e| AppError::new(ErrorCode::Validation, e.body_text()))
    }
}
