//! Saved test inputs of functions (`api.md` §5 "Test inputs"). An input is saved for one
//! function revision; the list of a function revision holds its own and those of the same
//! function's earlier revisions, newest first.

use faas_api::activity::TargetType;
use faas_api::catalog::{TestInput, ValidTestInput};
use faas_api::paging::PageQuery;
use faas_api::Paging;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

use super::activity::{Author, Change};
use super::{limit_offset, new_id, paging};
use crate::clock;
use crate::db::StoreError;

/// Where a function revision stands: its package, function identity, package revision and
/// that revision's place among the package's.
#[derive(Debug, Clone)]
pub struct FunctionRevision {
    pub package_id: String,
    pub function_id: String,
    pub function_revision_id: String,
    pub package_revision_id: String,
    pub revision_seq: i64,
}

/// The account's function revision `id`, or not found.
pub fn function_revision(
    conn: &Connection,
    account_id: &str,
    id: &str,
) -> Result<FunctionRevision, StoreError> {
    conn.prepare_cached(
        "SELECT f.package_id, f.id, f.function_revision_id, f.package_revision_id, r.seq
         FROM functions f
         JOIN package_revisions r ON r.id = f.package_revision_id
         JOIN packages p ON p.id = f.package_id
         WHERE f.function_revision_id = ?1 AND p.account_id = ?2",
    )?
    .query_row(params![id, account_id], |r| {
        Ok(FunctionRevision {
            package_id: r.get(0)?,
            function_id: r.get(1)?,
            function_revision_id: r.get(2)?,
            package_revision_id: r.get(3)?,
            revision_seq: r.get(4)?,
        })
    })
    .optional()?
    .ok_or_else(StoreError::not_found)
}

const COLUMNS: &str = "t.id, t.function_revision_id, t.package_revision_id, t.payload, \
    t.mime_type, t.description, t.created_ms, t.updated_ms";

fn input_row(row: &Row<'_>) -> rusqlite::Result<TestInput> {
    let payload: String = row.get(3)?;
    Ok(TestInput {
        id: row.get(0)?,
        function_revision_id: row.get(1)?,
        package_revision_id: row.get(2)?,
        payload: serde_json::from_str(&payload).unwrap_or_default(),
        mime_type: row.get(4)?,
        description: row.get(5)?,
        created_dttm: clock::format_ms(row.get(6)?),
        updated_dttm: clock::format_ms(row.get(7)?),
    })
}

/// One page of the inputs of function revision `id`: its own and its function's earlier
/// revisions', newest first.
pub fn list(
    conn: &Connection,
    account_id: &str,
    id: &str,
    query: &PageQuery,
) -> Result<(Vec<TestInput>, Paging), StoreError> {
    let at = function_revision(conn, account_id, id)?;
    let total: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM test_inputs t
             WHERE t.package_id = ?1 AND t.function_id = ?2 AND t.revision_seq <= ?3",
        )?
        .query_row(
            params![at.package_id, at.function_id, at.revision_seq],
            |r| r.get(0),
        )?;
    let sql = format!(
        "SELECT {COLUMNS} FROM test_inputs t
         WHERE t.package_id = ?1 AND t.function_id = ?2 AND t.revision_seq <= ?3
         ORDER BY t.created_ms DESC, t.rowid DESC LIMIT ?4 OFFSET ?5"
    );
    let (limit, offset) = limit_offset(query);
    let inputs = conn
        .prepare_cached(&sql)?
        .query_map(
            params![
                at.package_id,
                at.function_id,
                at.revision_seq,
                limit,
                offset
            ],
            input_row,
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((inputs, paging(query, total)))
}

/// The account's test input `id`.
pub fn get(conn: &Connection, account_id: &str, id: &str) -> Result<TestInput, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM test_inputs t WHERE t.id = ?1 AND t.account_id = ?2");
    conn.prepare_cached(&sql)?
        .query_row(params![id, account_id], input_row)
        .optional()?
        .ok_or_else(StoreError::not_found)
}

/// Saves an input for function revision `at` (already found in the account).
pub fn insert(
    tx: &Transaction<'_>,
    account_id: &str,
    at: &FunctionRevision,
    input: &ValidTestInput,
) -> Result<TestInput, StoreError> {
    let id = new_id();
    let now = clock::now_ms();
    tx.prepare_cached(
        "INSERT INTO test_inputs (id, account_id, package_id, function_id, function_revision_id,
             package_revision_id, revision_seq, payload, mime_type, description, created_ms,
             updated_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
    )?
    .execute(params![
        id,
        account_id,
        at.package_id,
        at.function_id,
        at.function_revision_id,
        at.package_revision_id,
        at.revision_seq,
        serde_json::to_string(&input.payload)?,
        input.mime_type,
        input.description,
        now
    ])?;
    get(tx, account_id, &id)
}

/// Saves an input for the author's function revision `function_revision_id`.
pub fn create(
    tx: &Transaction<'_>,
    by: &Author,
    function_revision_id: &str,
    input: &ValidTestInput,
) -> Result<TestInput, StoreError> {
    let at = function_revision(tx, &by.account_id, function_revision_id)?;
    let saved = insert(tx, &by.account_id, &at, input)?;
    record(tx, by, "create", &saved)?;
    Ok(saved)
}

/// Replaces what an input holds; it stays with its function revision.
pub fn update(
    tx: &Transaction<'_>,
    by: &Author,
    id: &str,
    input: &ValidTestInput,
) -> Result<TestInput, StoreError> {
    let changed = tx
        .prepare_cached(
            "UPDATE test_inputs SET payload = ?3, mime_type = ?4, description = ?5,
                 updated_ms = ?6
             WHERE id = ?1 AND account_id = ?2",
        )?
        .execute(params![
            id,
            by.account_id,
            serde_json::to_string(&input.payload)?,
            input.mime_type,
            input.description,
            clock::now_ms()
        ])?;
    if changed == 0 {
        return Err(StoreError::not_found());
    }
    let saved = get(tx, &by.account_id, id)?;
    record(tx, by, "update", &saved)?;
    Ok(saved)
}

/// Deletes the author's input `id`.
pub fn delete(tx: &Transaction<'_>, by: &Author, id: &str) -> Result<(), StoreError> {
    let gone = get(tx, &by.account_id, id)?;
    tx.prepare_cached("DELETE FROM test_inputs WHERE id = ?1 AND account_id = ?2")?
        .execute(params![id, by.account_id])?;
    record(tx, by, "delete", &gone)
}

/// Records a change of a saved input, named by its description and its function (never its
/// payload, which may hold anything a tester pasted).
fn record(
    tx: &Transaction<'_>,
    by: &Author,
    action: &'static str,
    input: &TestInput,
) -> Result<(), StoreError> {
    let function: String = tx
        .prepare_cached("SELECT name FROM functions WHERE function_revision_id = ?1")?
        .query_row([&input.function_revision_id], |r| r.get(0))
        .optional()?
        .unwrap_or_else(|| "a deleted function".to_owned());
    let name = match input.description.trim() {
        "" => format!("a test input of {function}"),
        description => format!("test input “{description}” of {function}"),
    };
    by.record(
        tx,
        &Change::done(TargetType::TestInput, action, &input.id, &name),
    )
}
