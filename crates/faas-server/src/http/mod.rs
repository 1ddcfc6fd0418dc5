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

/// The query string as its pairs in order, for a parameter that may repeat
/// (`?channel=a&channel=b`), with a malformed query refused as `FAAS-400`.
#[derive(Debug, Clone, Default)]
pub struct QueryPairs(pub Vec<(String, String)>);

impl QueryPairs {
    /// Every value of `name`, in order.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
            .collect()
    }

    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.all(name).first().copied()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for QueryPairs {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        Query::<Vec<(String, String)>>::from_request_parts(parts, state)
            .await
            .map(|Query(pairs)| QueryPairs(pairs))
            .map_err(|e| AppError::new(ErrorCode::Validation, e.body_text()))
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
