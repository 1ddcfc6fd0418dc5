//! API keys and their grants. A key is stored only as its SHA-256 (hex).

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use sha2::{Digest, Sha256};

use crate::access::{Access, Grant, Principal, Resource};
use crate::clock;
use crate::db::StoreError;

/// The hex SHA-256 of a key, its lookup handle.
pub fn hash_key(key: &str) -> String {
    let digest = Sha256::digest(key.as_bytes());
    let mut hex = String::with_capacity(64);
    for byte in digest.iter() {
        hex.push(char::from(b"0123456789abcdef"[usize::from(byte >> 4)]));
        hex.push(char::from(b"0123456789abcdef"[usize::from(byte & 0xf)]));
    }
    hex
}

/// A new random key, `fk_` and 32 hex digits.
pub fn generate_key() -> String {
    format!("fk_{}", uuid::Uuid::new_v4().simple())
}

/// The principal of a key hash, revoked and expired ones included (the caller decides).
pub fn principal_by_hash(conn: &Connection, hash: &str) -> Result<Option<Principal>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, account_id, revoked, expires_at_ms, label FROM api_keys WHERE key_hash = ?1",
    )?;
    let Some(mut principal) = stmt
        .query_row([hash], |row| {
            Ok(Principal {
                key_id: row.get(0)?,
                key_name: row.get(4)?,
                account_id: row.get(1)?,
                revoked: row.get::<_, i64>(2)? != 0,
                expires_at_ms: row.get(3)?,
                grants: Vec::new(),
            })
        })
        .optional()?
    else {
        return Ok(None);
    };
    let mut stmt =
        conn.prepare_cached("SELECT resource, access, keyset_id FROM grants WHERE key_id = ?1")?;
    let rows = stmt.query_map([principal.key_id], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, Option<i64>>(2)?,
        ))
    })?;
    for row in rows {
        let (resource, access, keyset_id) = row?;
        if let (Some(resource), Some(access)) = (Resource::parse(&resource), Access::parse(&access))
        {
            principal.grants.push(Grant {
                resource,
                access,
                keyset_id,
            });
        }
    }
    Ok(Some(principal))
}

/// What a key should be.
#[derive(Debug, Clone)]
pub struct KeySpec<'a> {
    pub key: &'a str,
    pub account_id: &'a str,
    pub label: &'a str,
    pub revoked: bool,
    pub expires_at_ms: Option<i64>,
    pub grants: &'a [Grant],
}

/// Creates the key, or makes an existing one (same key) exactly `spec`. Returns its id.
/// Callers must clear the auth cache afterwards ([`crate::AppState::keys_changed`]).
pub fn upsert_key(tx: &Transaction<'_>, spec: &KeySpec<'_>) -> Result<i64, StoreError> {
    let hash = hash_key(spec.key);
    let existing: Option<i64> = tx
        .query_row(
            "SELECT id FROM api_keys WHERE key_hash = ?1",
            [&hash],
            |r| r.get(0),
        )
        .optional()?;
    let id = match existing {
        Some(id) => {
            tx.execute(
                "UPDATE api_keys SET account_id = ?2, label = ?3, revoked = ?4, expires_at_ms = ?5
                 WHERE id = ?1",
                params![
                    id,
                    spec.account_id,
                    spec.label,
                    spec.revoked,
                    spec.expires_at_ms
                ],
            )?;
            tx.execute("DELETE FROM grants WHERE key_id = ?1", [id])?;
            id
        }
        None => {
            tx.execute(
                "INSERT INTO api_keys (key_hash, account_id, label, revoked, expires_at_ms, created_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    hash,
                    spec.account_id,
                    spec.label,
                    spec.revoked,
                    spec.expires_at_ms,
                    clock::now_ms()
                ],
            )?;
            tx.last_insert_rowid()
        }
    };
    let mut insert = tx.prepare_cached(
        "INSERT INTO grants (key_id, resource, access, keyset_id) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for grant in spec.grants {
        insert.execute(params![
            id,
            grant.resource.as_str(),
            grant.access.as_str(),
            grant.keyset_id
        ])?;
    }
    Ok(id)
}

/// Revokes a key. Callers must clear the auth cache afterwards.
pub fn revoke_key(tx: &Transaction<'_>, key: &str) -> Result<bool, StoreError> {
    let changed = tx.execute(
        "UPDATE api_keys SET revoked = 1 WHERE key_hash = ?1",
        [hash_key(key)],
    )?;
    Ok(changed > 0)
}
