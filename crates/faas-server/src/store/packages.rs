//! Packages. Counters are computed from revisions and deployments on every read, never
//! stored.

use faas_api::activity::TargetType;
use faas_api::paging::{Direction, PageQuery};
use faas_api::validation::{Limits, ValidPackage};
use faas_api::{lifecycle, ErrorCode, Package, Paging, UpdatePackage};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

use std::sync::Arc;

use super::activity::{Author, Change};
use super::checks::deployment_states;
pub use super::checks::package_exists as exists;
use super::{direction_sql, limit_offset, needle, new_id, order_by, paging, revisions};
use crate::clock;
use crate::db::cache::PackageOrders;
use crate::db::StoreError;

/// The columns of [`package_row`]; counters as subqueries on indexed columns. A revision
/// is running when one of its deployments is (`lifecycle::counts_as_running`).
/// `format!("SELECT {COLUMNS} …")` writes them.
const COLUMNS: Columns = Columns;

struct Columns;

impl std::fmt::Display for Columns {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let running = super::states_sql(lifecycle::counts_as_running);
        write!(
            f,
            "p.id, p.package_blueprint_id, p.name, p.description, p.api_managed, \
             p.tags, p.created_ms, p.updated_ms, \
             (SELECT count(*) FROM package_revisions r WHERE r.package_id = p.id), \
             (SELECT count(DISTINCT d.package_revision_id) FROM package_deployments d \
                 WHERE d.package_id = p.id AND d.state IN {running}), \
             (SELECT count(*) FROM package_deployments d WHERE d.package_id = p.id), \
             (SELECT count(*) FROM package_deployments d \
                 WHERE d.package_id = p.id AND d.state IN {running})"
        )
    }
}

fn package_row(row: &Row<'_>) -> rusqlite::Result<Package> {
    let tags: String = row.get(5)?;
    Ok(Package {
        id: row.get(0)?,
        package_blueprint_id: row.get(1)?,
        name: row.get(2)?,
        description: row.get(3)?,
        api_managed: row.get::<_, i64>(4)? != 0,
        tags: serde_json::from_str(&tags).unwrap_or_default(),
        created_dttm: clock::format_ms(row.get(6)?),
        updated_dttm: clock::format_ms(row.get(7)?),
        revisions_total: row.get(8)?,
        revisions_running: row.get(9)?,
        package_deployments_total: row.get(10)?,
        package_deployments_running: row.get(11)?,
    })
}

/// The package `id` of `account_id`; another account's is not found.
pub fn get(conn: &Connection, account_id: &str, id: &str) -> Result<Package, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM packages p WHERE p.id = ?1 AND p.account_id = ?2");
    conn.prepare_cached(&sql)?
        .query_row(params![id, account_id], package_row)
        .optional()?
        .ok_or_else(StoreError::not_found)
}

fn column(field: &str) -> &'static str {
    match field {
        "name" => "p.name COLLATE NOCASE",
        "updatedDttm" => "p.updated_ms",
        _ => "p.created_ms",
    }
}

/// [`list`] through `cache`: without `search`, the account's order for the sort is read
/// once per database `generation` (load it before the read begins) and each page then
/// reads only its own rows.
pub fn list_cached(
    conn: &Connection,
    cache: &PackageOrders,
    generation: u64,
    account_id: &str,
    query: &PageQuery,
) -> Result<(Vec<Package>, Paging), StoreError> {
    if !query.search.is_empty() {
        return list(conn, account_id, query);
    }
    let (field, direction) = match &query.sort {
        Some(sort) => (column(sort.field), sort.direction),
        None => ("p.created_ms", Direction::Desc),
    };
    let key = (account_id.to_owned(), field, direction == Direction::Desc);
    let ids = match cache.get(&key, generation) {
        Some(ids) => ids,
        None => {
            let sql = format!(
                "SELECT p.id FROM packages p WHERE p.account_id = ?1 ORDER BY {field} {dir}, p.id {dir}",
                dir = direction_sql(direction)
            );
            let ids: Arc<[String]> = conn
                .prepare_cached(&sql)?
                .query_map([account_id], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()?
                .into();
            cache.put(key, generation, ids.clone());
            ids
        }
    };
    let (limit, offset) = limit_offset(query);
    let start = usize::try_from(offset).unwrap_or(usize::MAX).min(ids.len());
    let end = start
        .saturating_add(usize::try_from(limit).unwrap_or(0))
        .min(ids.len());
    // The page's rows in one statement, in the order of the ids: the ids arrive as one
    // JSON array and each is a primary key lookup (`CROSS JOIN` keeps the array the outer
    // loop; left to itself the planner walks all the account's packages instead). A
    // package deleted since the order was read is simply not on the page.
    let page = serde_json::to_string(&ids[start..end])?;
    let sql = page_sql();
    let packages = conn
        .prepare_cached(&sql)?
        .query_map(params![page, account_id], package_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((packages, paging(query, ids.len() as i64)))
}

/// The statement of [`list_cached`] that reads a page's rows by their ids.
pub fn page_sql() -> String {
    format!(
        "SELECT {COLUMNS} FROM json_each(?1) j CROSS JOIN packages p ON p.id = j.value
         WHERE p.account_id = ?2 ORDER BY j.key"
    )
}

/// One page of the account's packages, newest first unless sorted otherwise.
pub fn list(
    conn: &Connection,
    account_id: &str,
    query: &PageQuery,
) -> Result<(Vec<Package>, Paging), StoreError> {
    let needle = needle(query);
    let total: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM packages p
             WHERE p.account_id = ?1 AND (?2 = '' OR instr(lower(p.name), ?2) > 0)",
        )?
        .query_row(params![account_id, needle], |r| r.get(0))?;
    let sql = format!(
        "SELECT {COLUMNS} FROM packages p
         WHERE p.account_id = ?1 AND (?2 = '' OR instr(lower(p.name), ?2) > 0)
         {} LIMIT ?3 OFFSET ?4",
        order_by(query, column, ("p.created_ms", Direction::Desc), "p.id")
    );
    let (limit, offset) = limit_offset(query);
    let packages = conn
        .prepare_cached(&sql)?
        .query_map(params![account_id, needle, limit, offset], package_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((packages, paging(query, total)))
}

fn name_taken(
    tx: &Connection,
    account_id: &str,
    name: &str,
    except: Option<&str>,
) -> Result<bool, StoreError> {
    Ok(tx
        .prepare_cached(
            "SELECT 1 FROM packages
             WHERE account_id = ?1 AND name = ?2 COLLATE NOCASE AND id IS NOT ?3",
        )?
        .query_row(params![account_id, name, except], |_| Ok(()))
        .optional()?
        .is_some())
}

fn conflict(name: &str) -> StoreError {
    StoreError::field(
        ErrorCode::Conflict,
        "name",
        format!("a package named '{name}' already exists"),
    )
}

/// Creates a package with its first revision (`revisionName` or `v1`). Limits and the name
/// are checked inside the caller's IMMEDIATE transaction.
pub fn create(
    tx: &Transaction<'_>,
    by: &Author,
    package: ValidPackage,
    limits: &Limits,
) -> Result<Package, StoreError> {
    let account_id = by.account_id.as_str();
    let count: i64 = tx
        .prepare_cached("SELECT count(*) FROM packages WHERE account_id = ?1")?
        .query_row([account_id], |r| r.get(0))?;
    if count >= limits.packages_max as i64 {
        return Err(StoreError::rule(
            ErrorCode::TooManyPackages,
            format!(
                "the account already has {count} packages, the most allowed is {}",
                limits.packages_max
            ),
        ));
    }
    if name_taken(tx, account_id, &package.name, None)? {
        return Err(conflict(&package.name));
    }
    let id = new_id();
    let now = clock::now_ms();
    tx.prepare_cached(
        "INSERT INTO packages (id, account_id, package_blueprint_id, name, description,
             api_managed, tags, created_ms, updated_ms)
         VALUES (?1, ?2, NULL, ?3, ?4, ?5, ?6, ?7, ?7)",
    )?
    .execute(params![
        id,
        account_id,
        package.name,
        package.description,
        package.api_managed,
        serde_json::to_string(&package.tags)?,
        now
    ])?;
    revisions::insert(
        tx,
        &id,
        revisions::NewRevision {
            name: package.revision_name,
            description: package.revision_description,
            functions: package.functions,
            created_ms: now,
        },
    )?;
    by.record(
        tx,
        &Change::done(TargetType::Package, "create", &id, &package.name),
    )?;
    get(tx, account_id, &id)
}

/// Changes what `update` carries.
pub fn update(
    tx: &Transaction<'_>,
    by: &Author,
    id: &str,
    update: UpdatePackage,
) -> Result<Package, StoreError> {
    let account_id = by.account_id.as_str();
    if !exists(tx, account_id, id)? {
        return Err(StoreError::not_found());
    }
    if let Some(name) = &update.name {
        if name_taken(tx, account_id, name, Some(id))? {
            return Err(conflict(name));
        }
    }
    let tags = update
        .tags
        .as_ref()
        .map(serde_json::to_string)
        .transpose()?;
    tx.prepare_cached(
        "UPDATE packages SET name = coalesce(?2, name), description = coalesce(?3, description),
             tags = coalesce(?4, tags), updated_ms = ?5
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        update.name,
        update.description,
        tags,
        clock::now_ms()
    ])?;
    let package = get(tx, account_id, id)?;
    by.record(
        tx,
        &Change::done(TargetType::Package, "update", id, &package.name),
    )?;
    Ok(package)
}

/// Deletes a package with its revisions and deployments, unless a deployment is active.
pub fn delete(tx: &Transaction<'_>, by: &Author, id: &str) -> Result<(), StoreError> {
    let package = get(tx, &by.account_id, id)?;
    let active = deployment_states(tx, "package_id", id)?
        .into_iter()
        .filter(|s| lifecycle::is_active(*s))
        .count();
    if active > 0 {
        return Err(StoreError::rule(
            ErrorCode::PackageHasActiveDeployments,
            format!(
                "the package has {active} deployment(s) that are not STOPPED or FAILED; stop them first"
            ),
        ));
    }
    tx.prepare_cached("DELETE FROM packages WHERE id = ?1")?
        .execute([id])?;
    by.record(
        tx,
        &Change::done(TargetType::Package, "delete", id, &package.name),
    )
}

/// How many of the account's package deployments are RUNNING.
pub fn running_deployments(conn: &Connection, account_id: &str) -> Result<i64, StoreError> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT count(*) FROM package_deployments WHERE account_id = ?1 AND state IN {}",
            super::states_sql(lifecycle::counts_as_running)
        ))?
        .query_row([account_id], |r| r.get(0))?)
}

/// Moves a package's times into the past, its revisions `revision_step_ms` apart in order,
/// for demo data that looks lived-in.
pub fn backdate(
    tx: &Transaction<'_>,
    package_id: &str,
    created_ms: i64,
    revision_step_ms: i64,
) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE package_revisions SET created_ms = ?2 + (seq - 1) * ?3,
             updated_ms = ?2 + (seq - 1) * ?3
         WHERE package_id = ?1",
        params![package_id, created_ms, revision_step_ms],
    )?;
    tx.execute(
        "UPDATE functions SET created_ms = (SELECT r.created_ms FROM package_revisions r
                 WHERE r.id = functions.package_revision_id),
             updated_ms = (SELECT r.created_ms FROM package_revisions r
                 WHERE r.id = functions.package_revision_id)
         WHERE package_id = ?1",
        [package_id],
    )?;
    tx.execute(
        "UPDATE packages SET created_ms = ?2,
             updated_ms = (SELECT max(created_ms) FROM package_revisions WHERE package_id = ?1)
         WHERE id = ?1",
        params![package_id, created_ms],
    )?;
    Ok(())
}
