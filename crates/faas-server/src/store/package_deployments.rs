//! Package deployments through their lifecycle: create, read, list, start, stop, delete,
//! stop-all, and the settling of due transitions by [`crate::worker`].
//!
//! Every state change goes through `faas_api::lifecycle` (the same rules the console offers
//! its actions by); this module only stores what those rules decide. A transitional state
//! (STARTING, STOPPING) carries `transition_due_at` (ms) on the deployment and on each of its
//! function deployments; the worker settles it when that time has passed, and does so only if
//! the row is still in the very transition it built for (same state, same due time), so that
//! a stop or a restart in between wins.

use faas_api::activity::TargetType;
use faas_api::paging::{Direction, PageQuery};
use faas_api::validation::Limits;
use faas_api::{
    lifecycle, DeploymentState, ErrorCode, FunctionDeployment, PackageDeployment, Paging,
};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row, Transaction};

use super::activity::{self, Actor, Author, Change};
use super::{accounts, limit_offset, new_id, order_by, paging};
use crate::clock;
use crate::db::constraints::Unique;
use crate::db::StoreError;

const COLUMNS: &str = "d.id, d.package_revision_id, d.keyset_id, d.state, d.created_ms, \
    d.updated_ms";

/// A stored state, or the error of a row that holds none.
pub fn state_of(raw: &str) -> rusqlite::Result<DeploymentState> {
    DeploymentState::parse(raw).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("unknown deployment state '{raw}'").into(),
        )
    })
}

fn deployment_row(row: &Row<'_>) -> rusqlite::Result<PackageDeployment> {
    Ok(PackageDeployment {
        id: row.get(0)?,
        package_revision_id: row.get(1)?,
        keyset_id: row.get(2)?,
        state: state_of(&row.get::<_, String>(3)?)?,
        function_deployments: Vec::new(),
        created_dttm: clock::format_ms(row.get(4)?),
        updated_dttm: clock::format_ms(row.get(5)?),
    })
}

/// Fills in the function deployments, in the order of the revision's functions.
fn with_functions(
    conn: &Connection,
    mut deployment: PackageDeployment,
) -> Result<PackageDeployment, StoreError> {
    deployment.function_deployments = conn
        .prepare_cached(
            "SELECT fd.function_revision_id, fd.state, fd.error, fd.created_ms, fd.updated_ms
             FROM function_deployments fd
             JOIN functions f ON f.function_revision_id = fd.function_revision_id
             WHERE fd.package_deployment_id = ?1
             ORDER BY f.sort_order, f.name",
        )?
        .query_map([&deployment.id], |row| {
            Ok(FunctionDeployment {
                function_revision_id: Some(row.get(0)?),
                state: Some(state_of(&row.get::<_, String>(1)?)?),
                error: row.get(2)?,
                created_dttm: Some(clock::format_ms(row.get(3)?)),
                updated_dttm: Some(clock::format_ms(row.get(4)?)),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(deployment)
}

/// The deployment `id` of `account_id` with its function deployments; another account's is
/// not found.
pub fn get(conn: &Connection, account_id: &str, id: &str) -> Result<PackageDeployment, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM package_deployments d WHERE d.id = ?1 AND d.account_id = ?2"
    );
    let deployment = conn
        .prepare_cached(&sql)?
        .query_row(params![id, account_id], deployment_row)
        .optional()?
        .ok_or_else(StoreError::not_found)?;
    with_functions(conn, deployment)
}

/// The keyset and state of the account's deployment `id`, for grant checks and transitions.
pub fn keyset_and_state(
    conn: &Connection,
    account_id: &str,
    id: &str,
) -> Result<(i64, DeploymentState), StoreError> {
    let (keyset_id, state): (i64, String) = conn
        .prepare_cached(
            "SELECT keyset_id, state FROM package_deployments WHERE id = ?1 AND account_id = ?2",
        )?
        .query_row(params![id, account_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(StoreError::not_found)?;
    Ok((keyset_id, state_of(&state)?))
}

/// Which deployments a list shows; every filter is optional.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub package_id: Option<String>,
    pub package_revision_id: Option<String>,
    pub keyset_id: Option<i64>,
    pub state: Option<DeploymentState>,
    /// Only these keysets (a key whose read grant is limited to keysets); `None`: all.
    pub keysets: Option<Vec<i64>>,
}

fn column(field: &str) -> &'static str {
    match field {
        "updatedDttm" => "d.updated_ms",
        "state" => "d.state",
        _ => "d.created_ms",
    }
}

/// One page of the account's deployments matching `filter`, newest first unless sorted
/// otherwise.
pub fn list(
    conn: &Connection,
    account_id: &str,
    filter: &Filter,
    query: &PageQuery,
) -> Result<(Vec<PackageDeployment>, Paging), StoreError> {
    let mut conditions = vec!["d.account_id = ?".to_owned()];
    let mut values: Vec<Value> = vec![Value::Text(account_id.to_owned())];
    if let Some(package_id) = &filter.package_id {
        conditions.push("d.package_id = ?".into());
        values.push(Value::Text(package_id.clone()));
    }
    if let Some(revision_id) = &filter.package_revision_id {
        conditions.push("d.package_revision_id = ?".into());
        values.push(Value::Text(revision_id.clone()));
    }
    if let Some(keyset_id) = filter.keyset_id {
        conditions.push("d.keyset_id = ?".into());
        values.push(Value::Integer(keyset_id));
    }
    if let Some(state) = filter.state {
        conditions.push("d.state = ?".into());
        values.push(Value::Text(state.as_str().to_owned()));
    }
    if let Some(keysets) = &filter.keysets {
        if keysets.is_empty() {
            conditions.push("0".into());
        } else {
            let marks = vec!["?"; keysets.len()].join(", ");
            conditions.push(format!("d.keyset_id IN ({marks})"));
            values.extend(keysets.iter().map(|k| Value::Integer(*k)));
        }
    }
    let where_sql = conditions.join(" AND ");
    let total: i64 = conn
        .prepare_cached(&format!(
            "SELECT count(*) FROM package_deployments d WHERE {where_sql}"
        ))?
        .query_row(params_from_iter(values.iter()), |r| r.get(0))?;
    let (limit, offset) = limit_offset(query);
    let sql = format!(
        "SELECT {COLUMNS} FROM package_deployments d WHERE {where_sql} {} LIMIT ? OFFSET ?",
        order_by(query, column, ("d.created_ms", Direction::Desc), "d.id")
    );
    values.push(Value::Integer(limit));
    values.push(Value::Integer(offset));
    let rows = conn
        .prepare_cached(&sql)?
        .query_map(params_from_iter(values.iter()), deployment_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let deployments = rows
        .into_iter()
        .map(|d| with_functions(conn, d))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((deployments, paging(query, total)))
}

/// The package of the account's revision `revision_id`, or not found.
pub fn package_of_revision(
    conn: &Connection,
    account_id: &str,
    revision_id: &str,
) -> Result<String, StoreError> {
    conn.prepare_cached(
        "SELECT r.package_id FROM package_revisions r JOIN packages p ON p.id = r.package_id
         WHERE r.id = ?1 AND p.account_id = ?2",
    )?
    .query_row(params![revision_id, account_id], |r| r.get(0))
    .optional()?
    .ok_or_else(StoreError::not_found)
}

fn already_deployed(keyset_id: i64) -> StoreError {
    StoreError::field(
        ErrorCode::AlreadyDeployed,
        "keysetId",
        format!("the revision is already deployed to keyset {keyset_id}"),
    )
}

/// Deploys the account's revision to the account's keyset, STOPPED, with one STOPPED
/// function deployment per function. The caller's IMMEDIATE transaction makes the duplicate
/// and limit checks race-free; the unique index on (revision, keyset) backs the first.
pub fn create(
    tx: &Transaction<'_>,
    by: &Author,
    revision_id: &str,
    keyset_id: i64,
    limits: &Limits,
) -> Result<PackageDeployment, StoreError> {
    let account_id = by.account_id.as_str();
    let package_id = package_of_revision(tx, account_id, revision_id)?;
    if !accounts::keyset_in_account(tx, account_id, keyset_id)? {
        return Err(StoreError::field(
            ErrorCode::NotFound,
            "keysetId",
            format!("Entity not found: no keyset {keyset_id}"),
        ));
    }
    let (count, on_keyset): (i64, i64) = tx
        .prepare_cached(
            "SELECT count(*), coalesce(sum(keyset_id = ?2), 0) FROM package_deployments
             WHERE package_revision_id = ?1",
        )?
        .query_row(params![revision_id, keyset_id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    if on_keyset > 0 {
        return Err(already_deployed(keyset_id));
    }
    let max = limits.deployments_per_revision_max;
    if count >= max as i64 {
        return Err(StoreError::rule(
            ErrorCode::TooManyDeployments,
            format!("the revision already has {count} deployments, the most allowed is {max}"),
        ));
    }
    let now = clock::now_ms();
    let id = insert(
        tx,
        &NewDeployment {
            account_id,
            package_id: &package_id,
            package_revision_id: revision_id,
            keyset_id,
            state: DeploymentState::Stopped,
            transition_due_at: None,
            created_ms: now,
            updated_ms: now,
            function_errors: &[],
        },
    )
    .map_err(|e| match e {
        StoreError::Duplicate {
            rule: Unique::RevisionOnKeyset,
            ..
        } => already_deployed(keyset_id),
        e => e,
    })?;
    record(tx, by, "create", &id)?;
    get(tx, account_id, &id)
}

fn refused(code: ErrorCode, state: DeploymentState) -> StoreError {
    let what = match code {
        ErrorCode::CannotStartTransitional => "cannot start",
        ErrorCode::CannotStopTransitional => "cannot stop",
        ErrorCode::DeploymentActive => "cannot delete",
        _ => "cannot change",
    };
    let hint = match code {
        ErrorCode::DeploymentActive => "; stop it first",
        ErrorCode::CannotStopTransitional if state == DeploymentState::Starting => {
            "; use force=true to abort the start"
        }
        _ => "; wait until it settles",
    };
    StoreError::rule(
        code,
        format!("{what} a deployment that is {}{hint}", state.as_str()),
    )
}

/// Moves the deployment and all its function deployments to `state` at `now`, due to settle
/// at `due` (transitional states) or not at all; clears build errors.
///
/// Whatever was waiting on the deployment's build stops waiting: a rolling update into it
/// ends (its old deployment keeps running), and a scheduled START that is waiting for the
/// build fails, saying so. The callers that start such a wait record it after this.
fn set_state(
    tx: &Transaction<'_>,
    id: &str,
    state: DeploymentState,
    due: Option<i64>,
    now: i64,
) -> Result<(), StoreError> {
    tx.prepare_cached("DELETE FROM rollouts WHERE new_deployment_id = ?1")?
        .execute([id])?;
    tx.prepare_cached(
        "UPDATE scheduled_actions SET state = 'FAILED',
             error = 'the start was stopped before the deployment was built'
         WHERE package_deployment_id = ?1 AND state = 'STARTED'",
    )?
    .execute([id])?;
    tx.prepare_cached(
        "UPDATE package_deployments SET state = ?2, error = NULL, transition_due_at = ?3,
             updated_ms = ?4
         WHERE id = ?1",
    )?
    .execute(params![id, state.as_str(), due, now])?;
    tx.prepare_cached(
        "UPDATE function_deployments SET state = ?2, error = NULL, transition_due_at = ?3,
             updated_ms = ?4
         WHERE package_deployment_id = ?1",
    )?
    .execute(params![id, state.as_str(), due, now])?;
    Ok(())
}

/// When a transition that starts now settles.
pub fn due_at(now: i64, transition_ms: u64) -> i64 {
    now.saturating_add(i64::try_from(transition_ms).unwrap_or(i64::MAX))
}

/// Starts (or, while RUNNING, restarts) the deployment: STARTING until `transition_ms` has
/// passed, when the worker builds it.
///
/// A start that would run more deployments at once than `running_max` (RUNNING, or STARTING
/// and about to be) is refused; a restart does not add one.
pub fn start(
    tx: &Transaction<'_>,
    by: &Author,
    id: &str,
    transition_ms: u64,
    running_max: u32,
) -> Result<PackageDeployment, StoreError> {
    let account_id = by.account_id.as_str();
    let (_, state) = keyset_and_state(tx, account_id, id)?;
    let next = lifecycle::start(state).map_err(|code| refused(code, state))?;
    if !lifecycle::counts_as_running(state) {
        let running: i64 = tx
            .prepare_cached(&format!(
                "SELECT count(*) FROM package_deployments
                 WHERE account_id = ?1 AND state IN {} AND id <> ?2",
                super::states_sql(lifecycle::takes_running_place)
            ))?
            .query_row(params![account_id, id], |r| r.get(0))?;
        if running >= i64::from(running_max) {
            return Err(StoreError::rule(
                ErrorCode::RunningDeploymentsLimit,
                format!(
                    "{running} deployments of the account are running or starting, the most \
                     allowed at once is {running_max}; stop one first"
                ),
            ));
        }
    }
    let now = clock::now_ms();
    set_state(tx, id, next, Some(due_at(now, transition_ms)), now)?;
    record(tx, by, "start", id)?;
    get(tx, account_id, id)
}

/// Starts the deployment `id` without the account's limit on running deployments: a
/// rolling update, which stops another as soon as this one runs. The caller has checked the
/// lifecycle rules.
pub fn start_replacing(
    tx: &Transaction<'_>,
    id: &str,
    transition_ms: u64,
    now: i64,
) -> Result<(), StoreError> {
    set_state(
        tx,
        id,
        DeploymentState::Starting,
        Some(due_at(now, transition_ms)),
        now,
    )
}

/// Stops the deployment `id` that a rolling update replaced, whatever it does now: RUNNING →
/// STOPPING, a start (a restart meanwhile) aborted at once; idle or stopping, it is left as
/// it is. Returns whether it changed.
pub fn retire(
    tx: &Transaction<'_>,
    id: &str,
    transition_ms: u64,
    now: i64,
) -> Result<bool, StoreError> {
    let state: Option<String> = tx
        .prepare_cached("SELECT state FROM package_deployments WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    let Some(state) = state else {
        return Ok(false);
    };
    let state = state_of(&state)?;
    let next = match state {
        DeploymentState::Running | DeploymentState::Starting => {
            lifecycle::stop(state, true).map_err(|code| refused(code, state))?
        }
        _ => return Ok(false),
    };
    let due = lifecycle::is_transitional(next).then(|| due_at(now, transition_ms));
    set_state(tx, id, next, due, now)?;
    Ok(true)
}

/// What a rolling update checks of a deployment of the account: its package, keyset and
/// state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub package_id: String,
    pub keyset_id: i64,
    pub state: DeploymentState,
}

/// The [`Summary`] of the account's deployment `id`, or not found.
pub fn summary(conn: &Connection, account_id: &str, id: &str) -> Result<Summary, StoreError> {
    let (package_id, keyset_id, state): (String, i64, String) = conn
        .prepare_cached(
            "SELECT package_id, keyset_id, state FROM package_deployments
             WHERE id = ?1 AND account_id = ?2",
        )?
        .query_row(params![id, account_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?
        .ok_or_else(StoreError::not_found)?;
    Ok(Summary {
        package_id,
        keyset_id,
        state: state_of(&state)?,
    })
}

/// Stops the deployment: RUNNING → STOPPING; STOPPED stays as it is; FAILED and, with
/// `force`, STARTING → STOPPED at once.
pub fn stop(
    tx: &Transaction<'_>,
    by: &Author,
    id: &str,
    force: bool,
    transition_ms: u64,
) -> Result<PackageDeployment, StoreError> {
    let account_id = by.account_id.as_str();
    let (_, state) = keyset_and_state(tx, account_id, id)?;
    let next = lifecycle::stop(state, force).map_err(|code| refused(code, state))?;
    if next != state {
        let now = clock::now_ms();
        let due = lifecycle::is_transitional(next).then(|| due_at(now, transition_ms));
        set_state(tx, id, next, due, now)?;
        // A stop that changes nothing (already STOPPED) is no change to record.
        record(tx, by, "stop", id)?;
    }
    get(tx, account_id, id)
}

/// Deletes the deployment, unless it is active.
pub fn delete(tx: &Transaction<'_>, by: &Author, id: &str) -> Result<(), StoreError> {
    let (_, state) = keyset_and_state(tx, &by.account_id, id)?;
    lifecycle::delete(state).map_err(|code| refused(code, state))?;
    // Named before it goes.
    record(tx, by, "delete", id)?;
    tx.prepare_cached("DELETE FROM package_deployments WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}

/// Records `action` on deployment `id`, by the caller of the write.
fn record(
    tx: &Transaction<'_>,
    by: &Author,
    action: &'static str,
    id: &str,
) -> Result<(), StoreError> {
    let name = activity::deployment_name(tx, id)?;
    by.record(tx, &Change::done(TargetType::Deployment, action, id, &name))
}

/// What a stop-all applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope<'a> {
    Package(&'a str),
    Revision(&'a str),
}

/// Stops every deployment of the account's package or revision at once: starts are
/// aborted, stops finished, running and failed ones stopped. Returns them all, STOPPED,
/// newest first.
pub fn stop_all(
    tx: &Transaction<'_>,
    by: &Author,
    scope: Scope<'_>,
) -> Result<Vec<PackageDeployment>, StoreError> {
    let account_id = by.account_id.as_str();
    let (column, value) = match scope {
        Scope::Package(id) => {
            if !super::checks::package_exists(tx, account_id, id)? {
                return Err(StoreError::not_found());
            }
            ("package_id", id)
        }
        Scope::Revision(id) => {
            package_of_revision(tx, account_id, id)?;
            ("package_revision_id", id)
        }
    };
    let ids: Vec<String> = tx
        .prepare_cached(&format!(
            "SELECT id FROM package_deployments
             WHERE {column} = ?1 AND account_id = ?2 AND state IN {}",
            super::states_sql(|state| state != DeploymentState::Stopped)
        ))?
        .query_map(params![value, account_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let now = clock::now_ms();
    for id in &ids {
        set_state(tx, id, DeploymentState::Stopped, None, now)?;
        record(tx, by, "stop", id)?;
    }
    let rows = tx
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM package_deployments d
             WHERE d.{column} = ?1 AND d.account_id = ?2
             ORDER BY d.created_ms DESC, d.id DESC"
        ))?
        .query_map(params![value, account_id], deployment_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter().map(|d| with_functions(tx, d)).collect()
}

/// A transition whose time has come: the deployment, the state it is in, when it was due,
/// and (for a start) the code of each function to build.
#[derive(Debug, Clone)]
pub struct DueTransition {
    pub id: String,
    pub state: DeploymentState,
    pub due_at: i64,
    /// `(function_revision_id, code)`; empty for a stop.
    pub functions: Vec<(String, String)>,
}

/// The transitions due at `now` (at most `limit`), oldest due first.
pub fn due(conn: &Connection, now: i64, limit: usize) -> Result<Vec<DueTransition>, StoreError> {
    let rows: Vec<(String, String, i64)> = conn
        .prepare_cached(&format!(
            "SELECT id, state, transition_due_at FROM package_deployments
             WHERE transition_due_at IS NOT NULL AND transition_due_at <= ?1
               AND state IN {}
             ORDER BY transition_due_at, id LIMIT ?2",
            super::states_sql(lifecycle::is_transitional)
        ))?
        .query_map(params![now, limit as i64], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut due = Vec::with_capacity(rows.len());
    for (id, state, due_at) in rows {
        let state = state_of(&state)?;
        let functions = if state == DeploymentState::Starting {
            conn.prepare_cached(
                "SELECT f.function_revision_id, f.code FROM function_deployments fd
                 JOIN functions f ON f.function_revision_id = fd.function_revision_id
                 WHERE fd.package_deployment_id = ?1 ORDER BY f.sort_order",
            )?
            .query_map([&id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?
        } else {
            Vec::new()
        };
        due.push(DueTransition {
            id,
            state,
            due_at,
            functions,
        });
    }
    Ok(due)
}

/// The earliest time a transition is due, if any is pending.
pub fn next_due(conn: &Connection) -> Result<Option<i64>, StoreError> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT min(transition_due_at) FROM package_deployments
             WHERE transition_due_at IS NOT NULL AND state IN {}",
            super::states_sql(lifecycle::is_transitional)
        ))?
        .query_row([], |r| r.get(0))?)
}

/// Settles a due transition with the result of its build (`failures`: the functions that
/// did not build, with their messages; empty for a stop), unless the deployment has moved
/// on since it was read (stopped, restarted, deleted). Returns whether it settled.
pub fn settle(
    tx: &Transaction<'_>,
    transition: &DueTransition,
    failures: &[(String, String)],
    now: i64,
) -> Result<bool, StoreError> {
    let next = lifecycle::settle(transition.state, failures.is_empty());
    let first_error = failures.first().map(|(_, e)| e.as_str());
    let changed = tx
        .prepare_cached(
            "UPDATE package_deployments SET state = ?4, error = ?5, transition_due_at = NULL,
                 updated_ms = ?6
             WHERE id = ?1 AND state = ?2 AND transition_due_at = ?3",
        )?
        .execute(params![
            transition.id,
            transition.state.as_str(),
            transition.due_at,
            next.as_str(),
            first_error,
            now
        ])?;
    if changed == 0 {
        return Ok(false);
    }
    // A failed deployment: the functions that failed are FAILED with their error, the
    // others did build and are STOPPED, since nothing of the deployment runs.
    let function_state = match next {
        DeploymentState::Failed => DeploymentState::Stopped,
        other => other,
    };
    tx.prepare_cached(
        "UPDATE function_deployments SET state = ?2, error = NULL, transition_due_at = NULL,
             updated_ms = ?3
         WHERE package_deployment_id = ?1",
    )?
    .execute(params![transition.id, function_state.as_str(), now])?;
    let mut fail = tx.prepare_cached(&format!(
        "UPDATE function_deployments SET state = '{}', error = ?3
         WHERE package_deployment_id = ?1 AND function_revision_id = ?2",
        DeploymentState::Failed.as_str()
    ))?;
    for (function_revision_id, error) in failures {
        fail.execute(params![transition.id, function_revision_id, error])?;
    }
    // A start's build is the build queue's to record, succeeded or failed; a stop's end is
    // the stop already recorded.
    if transition.state == DeploymentState::Starting {
        let account = activity::deployment_account(tx, &transition.id)?;
        activity::record_on_deployment(
            tx,
            &Actor::build_queue(),
            &account,
            &transition.id,
            "build",
            first_error,
            now,
        )?;
    }
    Ok(true)
}

// Rows as they stand: used by `create` and by the demo data.

/// A deployment to insert as it stands, for seeding and tests.
#[derive(Debug, Clone)]
pub struct NewDeployment<'a> {
    pub account_id: &'a str,
    pub package_id: &'a str,
    pub package_revision_id: &'a str,
    pub keyset_id: i64,
    pub state: DeploymentState,
    /// When a transitional state is due to settle (ms), else `None`.
    pub transition_due_at: Option<i64>,
    pub created_ms: i64,
    pub updated_ms: i64,
    /// Build errors by function name; those functions are FAILED with the message.
    pub function_errors: &'a [(&'a str, &'a str)],
}

/// Inserts a deployment with one function deployment per function of its revision, all in
/// the deployment's state except the functions of `function_errors` (FAILED). Returns its id.
pub fn insert(tx: &Transaction<'_>, d: &NewDeployment<'_>) -> Result<String, StoreError> {
    let id = new_id();
    let error = d.function_errors.first().map(|(_, e)| *e);
    tx.prepare_cached(
        "INSERT INTO package_deployments (id, package_revision_id, package_id, account_id,
             keyset_id, state, error, transition_due_at, created_ms, updated_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        id,
        d.package_revision_id,
        d.package_id,
        d.account_id,
        d.keyset_id,
        d.state.as_str(),
        error,
        d.transition_due_at,
        d.created_ms,
        d.updated_ms
    ])?;
    let functions: Vec<(String, String)> = tx
        .prepare_cached(
            "SELECT function_revision_id, name FROM functions WHERE package_revision_id = ?1",
        )?
        .query_map([d.package_revision_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO function_deployments (package_deployment_id, function_revision_id, state,
             error, transition_due_at, created_ms, updated_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (function_revision_id, name) in functions {
        let failed = d.function_errors.iter().find(|(n, _)| *n == name);
        let (state, error) = match failed {
            Some((_, e)) => (DeploymentState::Failed, Some(*e)),
            None if d.state == DeploymentState::Failed => (DeploymentState::Stopped, None),
            None => (d.state, None),
        };
        insert.execute(params![
            id,
            function_revision_id,
            state.as_str(),
            error,
            d.transition_due_at,
            d.created_ms,
            d.updated_ms
        ])?;
    }
    Ok(id)
}
