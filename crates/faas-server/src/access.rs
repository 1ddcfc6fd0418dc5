//! Grants and principals: who a key is and what it may do, as pure rules (no HTTP, no SQL).
//!
//! [`crate::store::keys`] loads a [`Principal`] from the database, [`crate::http::auth`]
//! finds the caller's and answers 403 when a grant is missing; both depend on this module,
//! never the other way round. A principal found once is kept in the [`AuthCache`] (keys
//! only change through [`crate::store::keys`], after which the cache is cleared), so that a
//! hot list endpoint costs no extra query for auth.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// What a grant is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Resource {
    Package,
    PackageDeployment,
    /// A keyset's data: its KV store and its secrets (`api.md` §5). Secrets take `write`
    /// even to list their names.
    Kv,
}

impl Resource {
    pub const ALL: [Resource; 3] = [Resource::Package, Resource::PackageDeployment, Resource::Kv];

    pub fn as_str(self) -> &'static str {
        match self {
            Resource::Package => "functions.package",
            Resource::PackageDeployment => "functions.package-deployment",
            Resource::Kv => "functions.kv",
        }
    }

    pub fn parse(s: &str) -> Option<Resource> {
        Resource::ALL.into_iter().find(|r| r.as_str() == s)
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
    /// The key's name (its label), which the activity log records: never the key itself.
    pub key_name: String,
    pub account_id: String,
    pub revoked: bool,
    pub expires_at_ms: Option<i64>,
    pub grants: Vec<Grant>,
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

/// Every grant, on the account: what an admin key holds.
pub fn all_grants() -> Vec<Grant> {
    let mut grants = Vec::new();
    for resource in Resource::ALL {
        for access in [Access::Read, Access::Write] {
            grants.push(Grant {
                resource,
                access,
                keyset_id: None,
            });
        }
    }
    grants
}

/// Principals by key hash.
#[derive(Default)]
pub struct AuthCache {
    by_hash: RwLock<HashMap<String, Arc<Principal>>>,
}

const AUTH_CACHE_MAX: usize = 10_000;

impl AuthCache {
    /// The principal of a key hash, if cached.
    pub fn get(&self, hash: &str) -> Option<Arc<Principal>> {
        self.by_hash.read().ok()?.get(hash).cloned()
    }

    /// Keeps `principal` for `hash`; a full cache starts again empty.
    pub fn put(&self, hash: String, principal: Arc<Principal>) {
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
