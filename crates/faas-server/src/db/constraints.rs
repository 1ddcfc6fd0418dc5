//! The schema's unique constraints, declared beside the migrations that create them, and the
//! one place that tells which of them a failed write ran into.
//!
//! SQLite reports a unique violation with the extended result code
//! `SQLITE_CONSTRAINT_UNIQUE` (`SQLITE_CONSTRAINT_PRIMARYKEY` for a primary key), and names
//! the constraint only by its columns (`UNIQUE constraint failed: packages.account_id,
//! packages.name`), even for a named `CREATE UNIQUE INDEX`. So a violation is recognised by
//! its code, and the columns of the message are looked up in [`UNIQUE_RULES`]. A test
//! checks that the table lists exactly the unique constraints the migrations create.

use rusqlite::ffi;

/// The unique constraints of the schema, one per rule a write can run into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unique {
    KeysetSubscribeKey,
    KeysetPublishKey,
    ApiKeyHash,
    /// `packages_account_name`: a package name, case-insensitively, per account.
    PackageName,
    /// `package_revisions_package_name`: a revision name, case-insensitively, per package.
    RevisionName,
    /// `functions_revision_identity`: a function identity once per revision.
    FunctionIdentity,
    /// `package_deployments_revision_keyset`: a revision deployed once per keyset.
    RevisionOnKeyset,
    /// `rollouts_old`: one rolling update from a deployment at a time.
    RolloutFrom,
    /// One START and one STOP per scheduled event.
    EventAction,
    VercelUsername,
    VercelTeamSlug,
    /// A project name per scope.
    VercelProjectName,
    VercelDeploymentId,
    VercelDeploymentUrl,
    /// An activity entry's id (a new UUID: never met in practice).
    ActivityId,
    /// A primary key: the row's id is taken.
    PrimaryKey,
    /// A unique constraint missing from [`UNIQUE_RULES`] (the schema test keeps this from
    /// happening).
    Unlisted,
}

/// Every `UNIQUE` column, `UNIQUE (…)` table constraint and unique index of the migrations,
/// as `table(column, …)` in the order of the index, with its rule.
pub const UNIQUE_RULES: &[(&str, Unique)] = &[
    ("keysets(subscribe_key)", Unique::KeysetSubscribeKey),
    ("keysets(publish_key)", Unique::KeysetPublishKey),
    ("api_keys(key_hash)", Unique::ApiKeyHash),
    ("packages(account_id, name)", Unique::PackageName),
    ("package_revisions(package_id, name)", Unique::RevisionName),
    (
        "functions(package_revision_id, id)",
        Unique::FunctionIdentity,
    ),
    (
        "package_deployments(package_revision_id, keyset_id)",
        Unique::RevisionOnKeyset,
    ),
    ("rollouts(old_deployment_id)", Unique::RolloutFrom),
    ("scheduled_actions(event_id, type)", Unique::EventAction),
    ("vercel_users(username)", Unique::VercelUsername),
    ("vercel_teams(slug)", Unique::VercelTeamSlug),
    ("vercel_projects(scope, name)", Unique::VercelProjectName),
    ("vercel_deployments(id)", Unique::VercelDeploymentId),
    ("vercel_deployments(url)", Unique::VercelDeploymentUrl),
    ("activity(id)", Unique::ActivityId),
];

/// `packages.account_id, packages.name` as `packages(account_id, name)`.
fn columns_key(columns: &str) -> Option<String> {
    let mut table = None;
    let mut names = Vec::new();
    for column in columns.split(", ") {
        let (t, name) = column.trim().split_once('.')?;
        if *table.get_or_insert(t) != t {
            return None;
        }
        names.push(name);
    }
    Some(format!("{}({})", table?, names.join(", ")))
}

/// Which unique constraint `e` broke, or `None` when it is no unique violation. The only
/// place that decides whether a failed write was a duplicate.
pub fn unique_violation(e: &rusqlite::Error) -> Option<Unique> {
    let rusqlite::Error::SqliteFailure(failure, message) = e else {
        return None;
    };
    match failure.extended_code {
        ffi::SQLITE_CONSTRAINT_PRIMARYKEY => Some(Unique::PrimaryKey),
        ffi::SQLITE_CONSTRAINT_UNIQUE => {
            let key = message
                .as_deref()
                .and_then(|m| m.split_once(": "))
                .and_then(|(_, columns)| columns_key(columns));
            let rule = UNIQUE_RULES
                .iter()
                .find(|(k, _)| Some(*k) == key.as_deref())
                .map(|(_, rule)| *rule);
            Some(rule.unwrap_or(Unique::Unlisted))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use rusqlite::Connection;

    use super::*;
    use crate::db::migrations;

    fn schema() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "foreign_keys", "ON").unwrap();
        migrations::migrate(&mut conn).unwrap();
        conn
    }

    /// The `UNIQUE` constraints and unique indexes of the migrated schema, primary keys
    /// aside, as `table(column, …)`.
    fn unique_constraints(conn: &Connection) -> BTreeSet<String> {
        let tables: Vec<String> = conn
            .prepare(
                "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let mut found = BTreeSet::new();
        for table in tables {
            let indexes: Vec<(String, bool, String)> = conn
                .prepare("SELECT name, \"unique\", origin FROM pragma_index_list(?1)")
                .unwrap()
                .query_map([&table], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            for (index, unique, origin) in indexes {
                if !unique || origin == "pk" {
                    continue;
                }
                let columns: Vec<String> = conn
                    .prepare("SELECT name FROM pragma_index_info(?1) ORDER BY seqno")
                    .unwrap()
                    .query_map([&index], |r| r.get(0))
                    .unwrap()
                    .collect::<rusqlite::Result<_>>()
                    .unwrap();
                found.insert(format!("{table}({})", columns.join(", ")));
            }
        }
        found
    }

    #[test]
    fn the_table_lists_exactly_the_unique_constraints_of_the_migrations() {
        let listed: BTreeSet<String> = UNIQUE_RULES.iter().map(|(k, _)| (*k).to_owned()).collect();
        assert_eq!(
            listed.len(),
            UNIQUE_RULES.len(),
            "a constraint listed twice"
        );
        assert_eq!(unique_constraints(&schema()), listed);
    }

    fn violation(conn: &Connection, sql: &str) -> Option<Unique> {
        let e = conn.execute_batch(sql).unwrap_err();
        unique_violation(&e)
    }

    #[test]
    fn a_violation_is_told_apart_by_its_constraint() {
        let conn = schema();
        conn.execute_batch(
            "INSERT INTO accounts VALUES ('acc', 'Account', 0);
             INSERT INTO apps VALUES (1, 'acc', 'App', 0);
             INSERT INTO keysets VALUES (7, 1, 'acc', 'Keys', 'sub', 'pub', 0);
             INSERT INTO packages (id, account_id, name, created_ms, updated_ms)
                 VALUES ('p1', 'acc', 'Orders', 0, 0);
             INSERT INTO package_revisions (id, package_id, name, seq, created_ms, updated_ms)
                 VALUES ('r1', 'p1', 'v1', 1, 0, 0);
             INSERT INTO package_deployments (id, package_revision_id, package_id, account_id,
                 keyset_id, state, created_ms, updated_ms)
                 VALUES ('d1', 'r1', 'p1', 'acc', 7, 'STOPPED', 0, 0);
             INSERT INTO vercel_users VALUES ('usr_1', 'wile', 0);",
        )
        .unwrap();
        // Names are unique whatever their case (the index is COLLATE NOCASE).
        assert_eq!(
            violation(
                &conn,
                "INSERT INTO packages (id, account_id, name, created_ms, updated_ms)
                 VALUES ('p2', 'acc', 'ORDERS', 0, 0)"
            ),
            Some(Unique::PackageName)
        );
        assert_eq!(
            violation(
                &conn,
                "INSERT INTO package_deployments (id, package_revision_id, package_id, account_id,
                     keyset_id, state, created_ms, updated_ms)
                 VALUES ('d2', 'r1', 'p1', 'acc', 7, 'STOPPED', 0, 0)"
            ),
            Some(Unique::RevisionOnKeyset)
        );
        assert_eq!(
            violation(
                &conn,
                "INSERT INTO keysets VALUES (8, 1, 'acc', 'Other', 'sub2', 'pub', 0)"
            ),
            Some(Unique::KeysetPublishKey)
        );
        assert_eq!(
            violation(
                &conn,
                "INSERT INTO vercel_users VALUES ('usr_2', 'wile', 0)"
            ),
            Some(Unique::VercelUsername)
        );
        // Primary keys, of a rowid table, a WITHOUT ROWID table and an INTEGER PRIMARY KEY.
        assert_eq!(
            violation(
                &conn,
                "INSERT INTO packages (id, account_id, name, created_ms, updated_ms)
                 VALUES ('p1', 'acc', 'Other', 0, 0)"
            ),
            Some(Unique::PrimaryKey)
        );
        assert_eq!(
            violation(&conn, "INSERT INTO accounts VALUES ('acc', 'Again', 0)"),
            Some(Unique::PrimaryKey)
        );
        assert_eq!(
            violation(&conn, "INSERT INTO apps VALUES (1, 'acc', 'Again', 0)"),
            Some(Unique::PrimaryKey)
        );
        // Other constraints are no duplicates.
        assert_eq!(
            violation(&conn, "INSERT INTO apps VALUES (2, 'nobody', 'App', 0)"),
            None
        );
        assert_eq!(
            violation(&conn, "INSERT INTO accounts VALUES ('acc2', NULL, 0)"),
            None
        );
    }

    #[test]
    fn the_columns_of_a_message_name_one_table() {
        assert_eq!(
            columns_key("packages.account_id, packages.name").as_deref(),
            Some("packages(account_id, name)")
        );
        assert_eq!(columns_key("a.x, b.y"), None);
        assert_eq!(columns_key("index 'by_expression'"), None);
    }
}
