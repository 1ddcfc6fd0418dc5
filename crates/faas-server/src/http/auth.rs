//! Who is calling: the key of `Authorization`, its account and its grants.
//!
//! The grants themselves are pure rules in [`crate::access`] (re-exported here); this module
//! adds the HTTP side: the `Authorization` header, the extractor that finds the caller's
//! [`Principal`] (through [`crate::access::AuthCache`]), and the 403 of a missing grant.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use faas_api::ErrorCode;

pub use crate::access::{Access, Grant, Principal, Resource};
use crate::clock;
use crate::error::AppError;
use crate::store;
use crate::store::activity::{Actor, Author};
use crate::AppState;

fn forbidden(resource: Resource, access: Access, scope: &str) -> AppError {
    AppError::new(
        ErrorCode::Forbidden,
        format!(
            "missing grant {}:{} on {scope}",
            resource.as_str(),
            access.as_str()
        ),
    )
}

/// The 403 answers of the grant rules of [`crate::access`].
impl Principal {
    /// `resource:access` on the account, or 403 naming the grant.
    pub fn require(&self, resource: Resource, access: Access) -> Result<(), AppError> {
        if self.allows(resource, access, None) {
            Ok(())
        } else {
            Err(forbidden(resource, access, "account"))
        }
    }

    /// Who this key's writes are by, for the activity log: its account, its name and the
    /// request's correlation id.
    pub fn author(&self) -> Author {
        Author {
            account_id: self.account_id.clone(),
            actor: Actor::key(&self.key_name, &super::reply::correlation_id()),
        }
    }

    /// `resource:access` on `keyset_id` (or the account), or 403 naming the grant.
    pub fn require_on_keyset(
        &self,
        resource: Resource,
        access: Access,
        keyset_id: i64,
    ) -> Result<(), AppError> {
        if self.allows(resource, access, Some(keyset_id)) {
            Ok(())
        } else {
            Err(forbidden(resource, access, &format!("keyset {keyset_id}")))
        }
    }
}

/// The key of an `Authorization` header value: raw, or after `Bearer `.
pub fn key_from_header(value: &str) -> &str {
    let value = value.trim();
    match value.get(..7) {
        Some(prefix) if prefix.eq_ignore_ascii_case("bearer ") => value[7..].trim(),
        _ => value,
    }
}

impl FromRequestParts<AppState> for Principal {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let key = parts
            .headers
            .get(header::AUTHORIZATION)
            .map(|v| key_from_header(v.to_str().unwrap_or_default()).to_owned())
            .unwrap_or_default();
        if key.is_empty() {
            return Err(AppError::new(
                ErrorCode::MissingKey,
                "missing Authorization header with an API key",
            ));
        }
        let hash = store::keys::hash_key(&key);
        let principal = match state.auth_cache.get(&hash) {
            Some(p) => p,
            None => {
                let lookup = hash.clone();
                let found = state
                    .db
                    .read(move |conn| store::keys::principal_by_hash(conn, &lookup))
                    .await?;
                let Some(found) = found else {
                    return Err(invalid_key());
                };
                let found = Arc::new(found);
                state.auth_cache.put(hash, found.clone());
                found
            }
        };
        if principal.revoked
            || principal
                .expires_at_ms
                .is_some_and(|at| at <= clock::now_ms())
        {
            return Err(invalid_key());
        }
        Ok(Principal::clone(&principal))
    }
}

fn invalid_key() -> AppError {
    AppError::new(ErrorCode::InvalidKey, "invalid, revoked or expired API key")
}
