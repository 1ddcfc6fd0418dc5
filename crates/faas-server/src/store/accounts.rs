//! Accounts, apps, keysets and the server's own settings.

use faas_api::paging::{Direction, PageQuery};
use faas_api::{Keyset, Paging};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::{limit_offset, needle, order_by, paging};
use crate::clock;
use crate::db::StoreError;

/// A setting of this server instance.
pub fn setting(conn: &Connection, key: &str) -> Result<Option<String>, StoreError> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

pub fn set_setting(tx: &Transaction<'_>, key: &str, value: &str) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}

pub fn count_accounts(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.query_row("SELECT count(*) FROM accounts", [], |r| r.get(0))?)
}

pub fn account_exists(conn: &Connection, id: &str) -> Result<bool, StoreError> {
    Ok(conn
        .query_row("SELECT 1 FROM accounts WHERE id = ?1", [id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Creates an account with `id`; returns the id.
pub fn create_account(tx: &Transaction<'_>, id: &str, name: &str) -> Result<String, StoreError> {
    tx.execute(
        "INSERT INTO accounts (id, name, created_ms) VALUES (?1, ?2, ?3)",
        params![id, name, clock::now_ms()],
    )?;
    Ok(id.to_owned())
}

/// Creates an app; returns its id.
pub fn create_app(
    tx: &Transaction<'_>,
    account_id: &str,
    name: &str,
    created_ms: i64,
) -> Result<i64, StoreError> {
    tx.execute(
        "INSERT INTO apps (account_id, name, created_ms) VALUES (?1, ?2, ?3)",
        params![account_id, name, created_ms],
    )?;
    Ok(tx.last_insert_rowid())
}

/// A keyset to create; `id` `None` lets SQLite choose.
#[derive(Debug, Clone)]
pub struct NewKeyset<'a> {
    pub id: Option<i64>,
    pub app_id: i64,
    pub account_id: &'a str,
    pub name: &'a str,
    pub subscribe_key: String,
    pub publish_key: String,
    pub created_ms: i64,
}

/// Creates a keyset; returns its id.
pub fn create_keyset(tx: &Transaction<'_>, keyset: &NewKeyset<'_>) -> Result<i64, StoreError> {
    tx.execute(
        "INSERT INTO keysets (id, app_id, account_id, name, subscribe_key, publish_key, created_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            keyset.id,
            keyset.app_id,
            keyset.account_id,
            keyset.name,
            keyset.subscribe_key,
            keyset.publish_key,
            keyset.created_ms
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

/// `sub-c-…` / `pub-c-…` keys in the public format.
pub fn random_pubsub_keys() -> (String, String) {
    (
        format!("sub-c-{}", uuid::Uuid::new_v4()),
        format!("pub-c-{}", uuid::Uuid::new_v4()),
    )
}

fn keyset_column(field: &str) -> &'static str {
    match field {
        "name" => "k.name COLLATE NOCASE",
        _ => "k.id",
    }
}

/// One page of the account's keysets, by id unless sorted otherwise.
pub fn list_keysets(
    conn: &Connection,
    account_id: &str,
    query: &PageQuery,
) -> Result<(Vec<Keyset>, Paging), StoreError> {
    let needle = needle(query);
    let total: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM keysets k
             WHERE k.account_id = ?1 AND (?2 = '' OR instr(lower(k.name), ?2) > 0)",
        )?
        .query_row(params![account_id, needle], |r| r.get(0))?;
    let sql = format!(
        "SELECT k.id, k.name, k.subscribe_key, k.publish_key, a.name
         FROM keysets k JOIN apps a ON a.id = k.app_id
         WHERE k.account_id = ?1 AND (?2 = '' OR instr(lower(k.name), ?2) > 0)
         {} LIMIT ?3 OFFSET ?4",
        order_by(query, keyset_column, ("k.id", Direction::Asc), "k.id")
    );
    let (limit, offset) = limit_offset(query);
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![account_id, needle, limit, offset], |row| {
        Ok(Keyset {
            id: row.get(0)?,
            name: row.get(1)?,
            subscribe_key: row.get(2)?,
            publish_key: row.get(3)?,
            app_name: row.get(4)?,
        })
    })?;
    let keysets = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((keysets, paging(query, total)))
}

/// Whether `keyset_id` belongs to the account.
pub fn keyset_in_account(
    conn: &Connection,
    account_id: &str,
    keyset_id: i64,
) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM keysets WHERE id = ?1 AND account_id = ?2")?
        .query_row(params![keyset_id, account_id], |_| Ok(()))
        .optional()?
        .is_some())
}
