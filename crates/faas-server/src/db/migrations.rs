//! A tiny migration runner: the `.sql` files of `migrations/` are compiled in and applied in
//! order, each in its own transaction, with SQLite's `user_version` recording how many ran.

use rusqlite::Connection;

/// The migrations in the order they apply. Append only: a released migration never changes.
const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_initial",
        include_str!("../../migrations/0001_initial.sql"),
    ),
    (
        "0002_revision_numbers",
        include_str!("../../migrations/0002_revision_numbers.sql"),
    ),
    (
        "0003_vercel",
        include_str!("../../migrations/0003_vercel.sql"),
    ),
    ("0004_kv", include_str!("../../migrations/0004_kv.sql")),
    (
        "0005_rollout",
        include_str!("../../migrations/0005_rollout.sql"),
    ),
    (
        "0006_vercel_sdk",
        include_str!("../../migrations/0006_vercel_sdk.sql"),
    ),
    (
        "0007_activity",
        include_str!("../../migrations/0007_activity.sql"),
    ),
    (
        "0008_catalog",
        include_str!("../../migrations/0008_catalog.sql"),
    ),
];

/// Brings the schema up to date; returns how many migrations ran.
pub fn migrate(conn: &mut Connection) -> rusqlite::Result<usize> {
    let current: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    let current = usize::try_from(current).unwrap_or(0);
    let mut applied = 0;
    for (index, (name, sql)) in MIGRATIONS.iter().enumerate().skip(current) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        // PRAGMA takes no parameters; the value is a number we produce.
        tx.execute_batch(&format!("PRAGMA user_version = {}", index + 1))?;
        tx.commit()?;
        tracing::info!(migration = name, "applied migration");
        applied += 1;
    }
    Ok(applied)
}

/// How many migrations this build knows.
pub fn latest_version() -> usize {
    MIGRATIONS.len()
}
