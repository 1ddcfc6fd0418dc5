//! Emptying the database down to the admin key, for the demo's reset
//! (`POST /v2/faas/demo/reset`).
//!
//! Tables are enumerated from `sqlite_master`, so that a table added later is emptied too
//! without anyone remembering this module. What survives: the admin account, the admin key
//! and its grants, and the settings that name them (see `bootstrap`), so that the
//! console's key keeps working, and the key that secrets are sealed with. The schema's own bookkeeping is SQLite's `user_version`,
//! which rows do not touch. A table whose rows must survive a reset adds a rule to
//! [`kept_rows`].

use rusqlite::{params, Transaction};

use crate::db::StoreError;
use crate::store::keys;

/// The `WHERE` clause selecting the rows of `table` to delete (everything unless a rule
/// keeps some), with `?1` the admin account id and `?2` the admin key's hash.
fn kept_rows(table: &str) -> &'static str {
    match table {
        // The secrets key too: the demo's secrets are sealed with the key the server holds.
        "settings" => "key NOT IN ('admin_key', 'admin_account_id', 'secrets_key')",
        "accounts" => "id <> ?1",
        "api_keys" => "key_hash <> ?2",
        "grants" => "key_id NOT IN (SELECT id FROM api_keys WHERE key_hash = ?2)",
        _ => "1",
    }
}

/// The tables holding data: every ordinary table but SQLite's own.
pub fn data_tables(tx: &Transaction<'_>) -> Result<Vec<String>, StoreError> {
    let mut stmt = tx.prepare(
        "SELECT name FROM sqlite_master
         WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
           AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'
         ORDER BY name",
    )?;
    let names = stmt
        .query_map([], |row| row.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(names)
}

/// Deletes every row but the admin's (its account and its key), in `tx`; returns how many
/// rows went.
pub fn empty_all_but_admin(
    tx: &Transaction<'_>,
    admin_account_id: &str,
    admin_key: &str,
) -> Result<usize, StoreError> {
    // Rows of one table may point at rows of another in any order: check the foreign keys
    // at the commit, when both are gone.
    tx.pragma_update(None, "defer_foreign_keys", "ON")?;
    let hash = keys::hash_key(admin_key);
    let mut deleted = 0;
    for table in data_tables(tx)? {
        let quoted = format!("\"{}\"", table.replace('"', "\"\""));
        let condition = kept_rows(&table);
        let sql = format!("DELETE FROM {quoted} WHERE {condition}");
        deleted += if condition.contains("?2") {
            tx.execute(&sql, params![admin_account_id, hash])?
        } else if condition.contains("?1") {
            tx.execute(&sql, params![admin_account_id])?
        } else {
            tx.execute(&sql, [])?
        };
    }
    Ok(deleted)
}
