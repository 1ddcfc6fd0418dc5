//! Who is calling: the key of `Authorization`, its account and its grants.
//!
//! Keys are looked up by their SHA-256; a principal found once is kept in a small cache
//! (keys only change through [`crate::store::keys`], which clears it), so that a hot list
//! endpoint costs no extra query for auth.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use faas_api::ErrorCode;

use crate::clock;
use crate::error::AppError;
use crate::store;
use crate::AppState;

/// What a grant is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Resource {
    Package,
    PackageDeployment,
}

impl Resource {
    pub fn as_str(self) -> &'static str {
        match self {
            Resource::Package => "functions.package",
            Resource::PackageDeployment => "functions.package-deployment",
        }
    }

    pub fn parse(s: &str) -> Option<Resource> {
        [Resource::Package, Resource::PackageDeployment]
            .into_iter()
            .find(|r| r.as_str() == s)
    }
}

/// `read` or `write`; `write` implies `read`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Access {
    Read,
    Write,
}

impl Access {
    pub fn as_str(self) -> &'static str {
        match self {
            Access::Read => "read",
            Access::Write => "write",
        }
    }

    pub fn parse(s: &str) -> Option<Access> {
        match s {
            "read" => Some(Access::Read),
            "write" => Some(Access::Write),
            _ => None,
        }
    }
}

/// One grant: `resource:access` on the account (`keyset_id` `None`) or on one keyset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grant {
    pub resource: Resource,
    pub access: Access,
    pub keyset_id: Option<i64>,
}

/// The caller of a request.
#[derive(Debug, Clone)]
pub struct Principal {
    pub key_id: i64,
    pub account_id: String,
    pub revoked: bool,
    pub expires_at_ms: Option<i64>,
    pub grants: Vec<Grant>,
}

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

impl Principal {
    /// Whether a grant covers `resource:access` on the account (`keyset` `None`), or on
    /// `keyset` (an account grant covers every keyset).
    pub fn allows(&self, resource: Resource, access: Access, keyset: Option<i64>) -> bool {
        self.grants.iter().any(|g| {
            g.resource == resource
                && g.access >= access
                && (g.keyset_id.is_none() || (keyset.is_some() && g.keyset_id == keyset))
        })
    }

    /// `resource:access` on the account, or 403 naming the grant.
    pub fn require(&self, resource: Resource, access: Access) -> Result<(), AppError> {
        if self.allows(resource, access, None) {
            Ok(())
        } else {
            Err(forbidden(resource, access, "account"))
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

    /// The keysets a keyset-scoped grant of `resource:access` names, or `None` when an
    /// account grant covers them all (for filtering lists).
    pub fn keysets_with(&self, resource: Resource, access: Access) -> Option<Vec<i64>> {
        if self.allows(resource, access, None) {
            return None;
        }
        Some(
            self.grants
                .iter()
                .filter(|g| g.resource == resource && g.access >= access)
                .filter_map(|g| g.keyset_id)
                .collect(),
        )
    }
}

/// Principals by key hash.
#[derive(Default)]
pub struct AuthCache {
    by_hash: RwLock<HashMap<String, Arc<Principal>>>,
}

const AUTH_CACHE_MAX: usize = 10_000;

impl AuthCache {
    fn get(&self, hash: &str) -> Option<Arc<Principal>> {
        self.by_hash.read().ok()?.get(hash).cloned()
    }

    fn put(&self, hash: String, principal: Arc<Principal>) {
        if let Ok(mut map) = self.by_hash.write() {
            if map.len() >= AUTH_CACHE_MAX {
                map.clear();
            }
            map.insert(hash, principal);
        }
    }

    /// Forgets every principal; call after any change to keys or grants.
    pub fn clear(&self) {
        if let Ok(mut map) = self.by_hash.write() {
            map.clear();
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
