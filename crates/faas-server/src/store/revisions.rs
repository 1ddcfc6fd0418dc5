//! Package revisions and their functions. A revision is an immutable snapshot: functions
//! are written once, when the revision is created.

use std::collections::{HashMap, HashSet};

use faas_api::activity::TargetType;
use faas_api::paging::{Direction, PageQuery};
use faas_api::validation::{ValidFunction, ValidRevision};
use faas_api::{
    lifecycle, ErrorCode, Function, FunctionConfig, FunctionType, Language, PackageRevision,
    Paging, Problem, UpdateRevision,
};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

use super::activity::{self, Author, Change};
use super::checks::{deployment_states, package_exists};
use super::{limit_offset, needle, new_id, order_by, paging};
use crate::clock;
use crate::db::StoreError;

/// The columns of a revision, its counters computed from its deployments (running as
/// `lifecycle::counts_as_running` says). `format!("SELECT {COLUMNS} …")` writes them.
const COLUMNS: Columns = Columns;

struct Columns;

impl std::fmt::Display for Columns {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "r.id, r.package_id, r.name, r.description, r.created_ms, r.updated_ms, \
             (SELECT count(*) FROM package_deployments d WHERE d.package_revision_id = r.id), \
             (SELECT count(*) FROM package_deployments d \
                 WHERE d.package_revision_id = r.id AND d.state IN {})",
            super::states_sql(lifecycle::counts_as_running)
        )
    }
}

fn revision_row(row: &Row<'_>) -> rusqlite::Result<PackageRevision> {
    Ok(PackageRevision {
        id: row.get(0)?,
        package_id: row.get(1)?,
        name: row.get(2)?,
        description: row.get(3)?,
        created_dttm: clock::format_ms(row.get(4)?),
        updated_dttm: clock::format_ms(row.get(5)?),
        package_deployments_total: row.get(6)?,
        package_deployments_running: row.get(7)?,
        functions: None,
    })
}

const FUNCTION_COLUMNS: &str = "f.id, f.function_revision_id, f.package_revision_id, f.name, \
    f.type, f.sort_order, f.code, f.config, f.created_ms, f.updated_ms";

fn function_row(row: &Row<'_>) -> rusqlite::Result<Function> {
    let function_type: String = row.get(4)?;
    let config: String = row.get(7)?;
    Ok(Function {
        id: row.get(0)?,
        function_revision_id: row.get(1)?,
        package_revision_id: row.get(2)?,
        name: row.get(3)?,
        language: Language::Javascript,
        function_type: FunctionType::parse(&function_type).unwrap_or_default(),
        sort_order: row.get(5)?,
        code: row.get(6)?,
        config: serde_json::from_str::<FunctionConfig>(&config).unwrap_or_default(),
        created_dttm: clock::format_ms(row.get(8)?),
        updated_dttm: clock::format_ms(row.get(9)?),
    })
}

/// The revision `id` in `account_id`, with its functions when `with_functions`.
pub fn get(
    conn: &Connection,
    account_id: &str,
    id: &str,
    with_functions: bool,
) -> Result<PackageRevision, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM package_revisions r JOIN packages p ON p.id = r.package_id
         WHERE r.id = ?1 AND p.account_id = ?2"
    );
    let mut revision = conn
        .prepare_cached(&sql)?
        .query_row(params![id, account_id], revision_row)
        .optional()?
        .ok_or_else(StoreError::not_found)?;
    if with_functions {
        revision.functions = Some(functions_of(conn, id)?);
    }
    Ok(revision)
}

/// The revisions `ids` of `account_id` that exist, with their functions, in the order asked;
/// an id of no revision (or of another account's) is left out.
pub fn get_many(
    conn: &Connection,
    account_id: &str,
    ids: &[String],
) -> Result<Vec<PackageRevision>, StoreError> {
    let mut found = Vec::with_capacity(ids.len());
    for id in ids {
        match get(conn, account_id, id, true) {
            Ok(revision) => found.push(revision),
            Err(StoreError::NotFound) => {}
            Err(other) => return Err(other),
        }
    }
    Ok(found)
}

/// Every function of a revision, by sort order.
pub fn functions_of(conn: &Connection, revision_id: &str) -> Result<Vec<Function>, StoreError> {
    let sql = format!(
        "SELECT {FUNCTION_COLUMNS} FROM functions f WHERE f.package_revision_id = ?1
         ORDER BY f.sort_order, f.name"
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_map([revision_id], function_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

fn column(field: &str) -> &'static str {
    match field {
        "name" => "r.name COLLATE NOCASE",
        "updatedDttm" => "r.updated_ms",
        _ => "r.created_ms",
    }
}

/// One page of a package's revisions (without functions), newest first by default.
pub fn list_for_package(
    conn: &Connection,
    account_id: &str,
    package_id: &str,
    query: &PageQuery,
) -> Result<(Vec<PackageRevision>, Paging), StoreError> {
    if !package_exists(conn, account_id, package_id)? {
        return Err(StoreError::not_found());
    }
    let needle = needle(query);
    let total: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM package_revisions r
             WHERE r.package_id = ?1 AND (?2 = '' OR instr(lower(r.name), ?2) > 0)",
        )?
        .query_row(params![package_id, needle], |r| r.get(0))?;
    let sql = format!(
        "SELECT {COLUMNS} FROM package_revisions r
         WHERE r.package_id = ?1 AND (?2 = '' OR instr(lower(r.name), ?2) > 0)
         {} LIMIT ?3 OFFSET ?4",
        order_by(query, column, ("r.created_ms", Direction::Desc), "r.seq")
    );
    let (limit, offset) = limit_offset(query);
    let revisions = conn
        .prepare_cached(&sql)?
        .query_map(params![package_id, needle, limit, offset], revision_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((revisions, paging(query, total)))
}

fn function_column(field: &str) -> &'static str {
    match field {
        "name" => "f.name COLLATE NOCASE",
        _ => "f.sort_order",
    }
}

/// One page of a revision's functions, by sort order unless sorted otherwise.
pub fn list_functions(
    conn: &Connection,
    account_id: &str,
    revision_id: &str,
    query: &PageQuery,
) -> Result<(Vec<Function>, Paging), StoreError> {
    get(conn, account_id, revision_id, false)?;
    let needle = needle(query);
    let total: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM functions f
             WHERE f.package_revision_id = ?1 AND (?2 = '' OR instr(lower(f.name), ?2) > 0)",
        )?
        .query_row(params![revision_id, needle], |r| r.get(0))?;
    let sql = format!(
        "SELECT {FUNCTION_COLUMNS} FROM functions f
         WHERE f.package_revision_id = ?1 AND (?2 = '' OR instr(lower(f.name), ?2) > 0)
         {} LIMIT ?3 OFFSET ?4",
        order_by(
            query,
            function_column,
            ("f.sort_order", Direction::Asc),
            "f.function_revision_id"
        )
    );
    let (limit, offset) = limit_offset(query);
    let functions = conn
        .prepare_cached(&sql)?
        .query_map(params![revision_id, needle, limit, offset], function_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((functions, paging(query, total)))
}

/// A revision to insert.
#[derive(Debug, Clone)]
pub struct NewRevision {
    /// The next `v<n>` when `None`.
    pub name: Option<String>,
    pub description: String,
    pub functions: Vec<ValidFunction>,
    pub created_ms: i64,
}

fn name_conflict(name: &str) -> StoreError {
    StoreError::field(
        ErrorCode::Conflict,
        "name",
        format!("this package already has a revision named '{name}'"),
    )
}

fn revision_name_taken(
    conn: &Connection,
    package_id: &str,
    name: &str,
    except: Option<&str>,
) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM package_revisions
             WHERE package_id = ?1 AND name = ?2 COLLATE NOCASE AND id IS NOT ?3",
        )?
        .query_row(params![package_id, name, except], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Which identity (`functions.id`) each new function gets.
///
/// A function keeps its identity when the client sends the `id` of a function of one of
/// this package's revisions, or, without an id, when it has the name of a function of the
/// latest revision; otherwise it is a new function. The same identity twice in one revision
/// is refused.
fn assign_identities(
    tx: &Transaction<'_>,
    package_id: &str,
    functions: &[ValidFunction],
) -> Result<Vec<String>, StoreError> {
    // Only the ids the client sent are looked up (an index seek each), never every
    // function of every revision of the package.
    let mut is_known =
        tx.prepare_cached("SELECT 1 FROM functions WHERE package_id = ?1 AND id = ?2 LIMIT 1")?;
    let mut known: HashSet<String> = HashSet::new();
    for id in functions.iter().filter_map(|f| f.id.as_deref()) {
        let id = id.to_ascii_lowercase();
        if is_known.exists(params![package_id, id])? {
            known.insert(id);
        }
    }
    let latest: HashMap<String, String> = tx
        .prepare_cached(
            "SELECT lower(f.name), f.id FROM functions f
             WHERE f.package_revision_id = (SELECT id FROM package_revisions
                 WHERE package_id = ?1 ORDER BY seq DESC LIMIT 1)",
        )?
        .query_map([package_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut used: HashSet<String> = HashSet::new();
    let mut problems = Vec::new();
    // Explicit ids first, so that a rename keeps its identity even when another function
    // takes over the old name.
    let mut ids: Vec<Option<String>> = functions
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let id = f.id.as_deref().map(str::to_ascii_lowercase)?;
            if !known.contains(&id) {
                return None;
            }
            if !used.insert(id.clone()) {
                problems.push(Problem::new(
                    format!("functions[{i}].id"),
                    "the same function appears twice in this revision",
                ));
            }
            Some(id)
        })
        .collect();
    if !problems.is_empty() {
        return Err(StoreError::Problems(problems));
    }
    for (slot, function) in ids.iter_mut().zip(functions) {
        if slot.is_none() {
            // Lowered as SQLite's `lower()` lowers the latest names: ASCII letters only, as
            // names differ (faas_api::validation). A Unicode lowering would miss 'Ärger'.
            *slot = match latest.get(&function.name.to_ascii_lowercase()) {
                Some(id) if !used.contains(id) => {
                    used.insert(id.clone());
                    Some(id.clone())
                }
                _ => Some(new_id()),
            };
        }
    }
    Ok(ids.into_iter().map(Option::unwrap_or_default).collect())
}

/// The `v<n>` after the package's highest `v<n>` and past its revision count, as
/// `faas_api::validation::next_revision_name` makes it of all the names, without reading
/// them all: the partial index `package_revisions_package_number` hands out the names that
/// may be `v<number>` by their number, highest first, and the first one that parses as a
/// number is the highest (the index's `CAST` reads the same number from every such name,
/// and may offer names like `v2x` or `v99999999999` that are then skipped).
fn next_name(conn: &Connection, package_id: &str) -> Result<String, StoreError> {
    let count: i64 = conn
        .prepare_cached("SELECT count(*) FROM package_revisions WHERE package_id = ?1")?
        .query_row([package_id], |r| r.get(0))?;
    let mut statement = conn.prepare_cached(
        "SELECT name FROM package_revisions
         WHERE package_id = ?1 AND name GLOB 'v[0-9+]*'
         ORDER BY CAST(substr(name, 2) AS INTEGER) DESC",
    )?;
    let mut rows = statement.query([package_id])?;
    let mut highest = 0u32;
    while let Some(row) = rows.next()? {
        let name: String = row.get(0)?;
        if let Ok(n) = name[1..].parse::<u32>() {
            highest = n;
            break;
        }
    }
    // As `next_revision_name`: past the highest number and past the count.
    let count = u32::try_from(count).unwrap_or(u32::MAX);
    Ok(format!("v{}", highest.max(count) + 1))
}

/// Inserts a revision with its functions into `package_id`; returns its id. The caller has
/// checked that the package is the account's.
pub fn insert(
    tx: &Transaction<'_>,
    package_id: &str,
    revision: NewRevision,
) -> Result<String, StoreError> {
    let name = match revision.name {
        Some(name) => {
            if revision_name_taken(tx, package_id, &name, None)? {
                return Err(name_conflict(&name));
            }
            name
        }
        None => {
            let mut name = next_name(tx, package_id)?;
            // `next_revision_name` goes past the highest `v<n>`; a client may have taken
            // the next one under another case, so step on until it is free.
            while revision_name_taken(tx, package_id, &name, None)? {
                let n: u32 = name[1..].parse().unwrap_or(0);
                name = format!("v{}", n + 1);
            }
            name
        }
    };
    let identities = assign_identities(tx, package_id, &revision.functions)?;
    let id = new_id();
    let seq: i64 = tx
        .prepare_cached(
            "SELECT coalesce(max(seq), 0) + 1 FROM package_revisions WHERE package_id = ?1",
        )?
        .query_row([package_id], |r| r.get(0))?;
    tx.prepare_cached(
        "INSERT INTO package_revisions (id, package_id, name, description, seq, created_ms, updated_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
    )?
    .execute(params![
        id,
        package_id,
        name,
        revision.description,
        seq,
        revision.created_ms
    ])?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO functions (function_revision_id, id, package_revision_id, package_id, name,
             language, type, sort_order, code, config, created_ms, updated_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, 'JAVASCRIPT', ?6, ?7, ?8, ?9, ?10, ?10)",
    )?;
    for (function, identity) in revision.functions.iter().zip(identities) {
        let config = function.config.to_wire(function.function_type);
        insert.execute(params![
            new_id(),
            identity,
            id,
            package_id,
            function.name,
            function.function_type.as_str(),
            function.sort_order,
            function.code,
            serde_json::to_string(&config)?,
            revision.created_ms
        ])?;
    }
    Ok(id)
}

/// `POST /v2/faas/package-revisions`: a new revision of the account's package.
pub fn create(
    tx: &Transaction<'_>,
    by: &Author,
    package_id: &str,
    revision: ValidRevision,
) -> Result<PackageRevision, StoreError> {
    let account_id = by.account_id.as_str();
    if !package_exists(tx, account_id, package_id)? {
        return Err(StoreError::not_found());
    }
    let now = clock::now_ms();
    let id = insert(
        tx,
        package_id,
        NewRevision {
            name: revision.name,
            description: revision.description,
            functions: revision.functions,
            created_ms: now,
        },
    )?;
    // A new revision is a change of the package.
    tx.prepare_cached("UPDATE packages SET updated_ms = ?2 WHERE id = ?1")?
        .execute(params![package_id, now])?;
    record(tx, by, "create", &id)?;
    get(tx, account_id, &id, true)
}

/// Records `action` on revision `id`, named with its package (`Chat Moderation v3`).
fn record(
    tx: &Transaction<'_>,
    by: &Author,
    action: &'static str,
    id: &str,
) -> Result<(), StoreError> {
    let name = activity::revision_name(tx, id)?;
    by.record(tx, &Change::done(TargetType::Revision, action, id, &name))
}

/// Renames or redescribes a revision; its functions never change.
pub fn update(
    tx: &Transaction<'_>,
    by: &Author,
    id: &str,
    update: UpdateRevision,
) -> Result<PackageRevision, StoreError> {
    let account_id = by.account_id.as_str();
    let current = get(tx, account_id, id, false)?;
    if let Some(name) = &update.name {
        if revision_name_taken(tx, &current.package_id, name, Some(id))? {
            return Err(name_conflict(name));
        }
    }
    tx.prepare_cached(
        "UPDATE package_revisions SET name = coalesce(?2, name),
             description = coalesce(?3, description), updated_ms = ?4
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        update.name,
        update.description,
        clock::now_ms()
    ])?;
    record(tx, by, "update", id)?;
    get(tx, account_id, id, true)
}

/// Deletes a revision with its deployments, unless one of them is active.
pub fn delete(tx: &Transaction<'_>, by: &Author, id: &str) -> Result<(), StoreError> {
    let revision = get(tx, &by.account_id, id, false)?;
    let siblings: i64 = tx
        .prepare_cached("SELECT count(*) FROM package_revisions WHERE package_id = ?1")?
        .query_row([&revision.package_id], |r| r.get(0))?;
    if siblings <= 1 {
        // Ours: a package always has a revision; delete the package instead.
        return Err(StoreError::rule(
            ErrorCode::Conflict,
            "the only revision of a package cannot be deleted; delete the package instead",
        ));
    }
    let active = deployment_states(tx, "package_revision_id", id)?
        .into_iter()
        .filter(|s| lifecycle::is_active(*s))
        .count();
    if active > 0 {
        return Err(StoreError::rule(
            ErrorCode::RevisionHasActiveDeployments,
            format!(
                "the revision has {active} deployment(s) that are not STOPPED or FAILED; stop them first"
            ),
        ));
    }
    // Named before it goes.
    record(tx, by, "delete", id)?;
    tx.prepare_cached("DELETE FROM package_revisions WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}

/// The id of a package's first revision.
pub fn list_first_id(conn: &Connection, package_id: &str) -> Result<String, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM package_revisions WHERE package_id = ?1 ORDER BY seq LIMIT 1",
        )?
        .query_row([package_id], |r| r.get(0))?)
}
