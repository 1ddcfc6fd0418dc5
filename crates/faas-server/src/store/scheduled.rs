//! Scheduled events and their actions (`api.md` §5): CRUD, and what the scheduler
//! ([`crate::scheduler`]) runs when an action is due.
//!
//! Each action is run by [`run_due`] in the transaction that claims it: a conditional
//! `UPDATE … WHERE state = 'PENDING'` (the claim), the deployment's start or stop, and the
//! action's outcome commit together or not at all. Two servers on one database file take
//! SQLite's write lock in turn, so the second finds the action claimed; a server killed
//! mid-way leaves it PENDING, and it runs once after the restart.
//!
//! A START that started its deployment waits for the build (`STARTED`, answered PENDING):
//! the worker settles it with the deployment's start ([`on_settled`]), DONE if it runs,
//! FAILED with the build error if not; a stop of the deployment before then fails it
//! (`package_deployments`' state changes do).

use faas_api::activity::TargetType;
use faas_api::paging::{Direction, PageQuery};
use faas_api::schedule::{
    check_times, ActionState, ActionType, EventState, EventTimes, ScheduledAction, ScheduledEvent,
};
use faas_api::{DeploymentState, ErrorCode, Paging};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Transaction};

use super::activity::{self, Actor, Author, Change};
use super::package_deployments as deployments;
use super::{limit_offset, new_id, order_by, paging};
use crate::clock;
use crate::db::StoreError;

/// What the scheduler needs to run actions: the server's settings of deployments.
#[derive(Debug, Clone, Copy)]
pub struct RunSettings {
    pub transition_ms: u64,
    pub running_max: u32,
}

/// An action as stored: `STARTED` is a START waiting for its build.
fn action_state(raw: &str) -> ActionState {
    match raw {
        "DONE" => ActionState::Done,
        "FAILED" => ActionState::Failed,
        _ => ActionState::Pending,
    }
}

fn action_type(raw: &str) -> rusqlite::Result<ActionType> {
    ActionType::parse(raw).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("unknown action type '{raw}'").into(),
        )
    })
}

/// The actions of event `id`, START first.
fn actions(conn: &Connection, event_id: &str) -> Result<Vec<ScheduledAction>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT id, package_deployment_id, type, due_ms, state, error, executed_ms
             FROM scheduled_actions WHERE event_id = ?1
             ORDER BY CASE type WHEN 'START' THEN 0 ELSE 1 END",
        )?
        .query_map([event_id], |r| {
            let state = action_state(&r.get::<_, String>(4)?);
            Ok(ScheduledAction {
                id: r.get(0)?,
                package_deployment_id: r.get(1)?,
                action_type: action_type(&r.get::<_, String>(2)?)?,
                dttm: clock::format_ms(r.get(3)?),
                state,
                error: if state == ActionState::Failed {
                    r.get(5)?
                } else {
                    None
                },
                executed_dttm: r.get::<_, Option<i64>>(6)?.map(clock::format_ms),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

const COLUMNS: &str = "e.id, e.package_deployment_id, e.begin_ms, e.end_ms, e.description, \
    e.created_ms, e.updated_ms";

fn event_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ScheduledEvent> {
    Ok(ScheduledEvent {
        id: r.get(0)?,
        package_deployment_id: r.get(1)?,
        dttm_begin: clock::format_ms(r.get(2)?),
        dttm_end: r.get::<_, Option<i64>>(3)?.map(clock::format_ms),
        description: r.get(4)?,
        state: EventState::Running,
        scheduled_actions: Vec::new(),
        created_dttm: clock::format_ms(r.get(5)?),
        updated_dttm: clock::format_ms(r.get(6)?),
    })
}

fn with_actions(
    conn: &Connection,
    mut event: ScheduledEvent,
) -> Result<ScheduledEvent, StoreError> {
    event.scheduled_actions = actions(conn, &event.id)?;
    event.state = EventState::of(event.scheduled_actions.iter().map(|a| a.state));
    Ok(event)
}

/// The account's event `id` with its actions; another account's is not found.
pub fn get(conn: &Connection, account_id: &str, id: &str) -> Result<ScheduledEvent, StoreError> {
    let event = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM scheduled_events e WHERE e.id = ?1 AND e.account_id = ?2"
        ))?
        .query_row(params![id, account_id], event_row)
        .optional()?
        .ok_or_else(StoreError::not_found)?;
    with_actions(conn, event)
}

/// The keyset of the account's event `id` (its deployment's), for grant checks.
pub fn keyset_of(conn: &Connection, account_id: &str, id: &str) -> Result<i64, StoreError> {
    conn.prepare_cached("SELECT keyset_id FROM scheduled_events WHERE id = ?1 AND account_id = ?2")?
        .query_row(params![id, account_id], |r| r.get(0))
        .optional()?
        .ok_or_else(StoreError::not_found)
}

/// Which events a list shows.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub package_deployment_id: Option<String>,
    /// Only these keysets (a key whose read grant is limited to keysets); `None`: all.
    pub keysets: Option<Vec<i64>>,
}

fn column(field: &str) -> &'static str {
    match field {
        "createdDttm" => "e.created_ms",
        "updatedDttm" => "e.updated_ms",
        _ => "e.begin_ms",
    }
}

/// One page of the account's events, soonest first unless sorted otherwise.
pub fn list(
    conn: &Connection,
    account_id: &str,
    filter: &Filter,
    query: &PageQuery,
) -> Result<(Vec<ScheduledEvent>, Paging), StoreError> {
    let mut conditions = vec!["e.account_id = ?".to_owned()];
    let mut values = vec![Value::Text(account_id.to_owned())];
    if let Some(deployment) = &filter.package_deployment_id {
        conditions.push("e.package_deployment_id = ?".into());
        values.push(Value::Text(deployment.clone()));
    }
    if let Some(keysets) = &filter.keysets {
        if keysets.is_empty() {
            conditions.push("0".into());
        } else {
            let marks = vec!["?"; keysets.len()].join(", ");
            conditions.push(format!("e.keyset_id IN ({marks})"));
            values.extend(keysets.iter().map(|k| Value::Integer(*k)));
        }
    }
    let where_sql = conditions.join(" AND ");
    let total: i64 = conn
        .prepare_cached(&format!(
            "SELECT count(*) FROM scheduled_events e WHERE {where_sql}"
        ))?
        .query_row(params_from_iter(values.iter()), |r| r.get(0))?;
    let (limit, offset) = limit_offset(query);
    let sql = format!(
        "SELECT {COLUMNS} FROM scheduled_events e WHERE {where_sql} {} LIMIT ? OFFSET ?",
        order_by(query, column, ("e.begin_ms", Direction::Asc), "e.id")
    );
    values.push(Value::Integer(limit));
    values.push(Value::Integer(offset));
    let rows = conn
        .prepare_cached(&sql)?
        .query_map(params_from_iter(values.iter()), event_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let events = rows
        .into_iter()
        .map(|e| with_actions(conn, e))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((events, paging(query, total)))
}

fn time_refusal(problem: faas_api::schedule::TimeProblem) -> StoreError {
    StoreError::field(
        ErrorCode::ScheduleInvalidTime,
        problem.field,
        problem.message,
    )
}

fn insert_action(
    tx: &Transaction<'_>,
    event_id: &str,
    account_id: &str,
    deployment_id: &str,
    action: ActionType,
    due_ms: i64,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO scheduled_actions (id, event_id, account_id, package_deployment_id, type,
             due_ms, state)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'PENDING')",
    )?
    .execute(params![
        new_id(),
        event_id,
        account_id,
        deployment_id,
        action.as_str(),
        due_ms
    ])?;
    Ok(())
}

/// Schedules the account's deployment `deployment_id` to start at `times.begin_ms` (and stop
/// at `times.end_ms`), as the clock reads `now`.
pub fn create(
    tx: &Transaction<'_>,
    by: &Author,
    deployment_id: &str,
    times: &EventTimes,
    now: i64,
) -> Result<ScheduledEvent, StoreError> {
    let account_id = by.account_id.as_str();
    let deployment = deployments::summary(tx, account_id, deployment_id).map_err(|e| match e {
        StoreError::NotFound => StoreError::field(
            ErrorCode::NotFound,
            "packageDeploymentId",
            "Entity not found: no deployment packageDeploymentId",
        ),
        e => e,
    })?;
    check_times(times.begin_ms, times.end_ms, now, true, true).map_err(time_refusal)?;
    let id = new_id();
    tx.prepare_cached(
        "INSERT INTO scheduled_events (id, account_id, package_deployment_id, keyset_id,
             description, begin_ms, end_ms, created_ms, updated_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
    )?
    .execute(params![
        id,
        account_id,
        deployment_id,
        deployment.keyset_id,
        times.description.as_deref().unwrap_or_default(),
        times.begin_ms,
        times.end_ms,
        now
    ])?;
    insert_action(
        tx,
        &id,
        account_id,
        deployment_id,
        ActionType::Start,
        times.begin_ms,
    )?;
    if let Some(end) = times.end_ms {
        insert_action(tx, &id, account_id, deployment_id, ActionType::Stop, end)?;
    }
    record(tx, by, "create", &id, deployment_id)?;
    get(tx, account_id, &id)
}

/// The actions of event `id`, each with whether it has run (claimed by a scheduler).
fn ran(tx: &Transaction<'_>, event_id: &str) -> Result<Vec<(ActionType, bool)>, StoreError> {
    Ok(tx
        .prepare_cached("SELECT type, state FROM scheduled_actions WHERE event_id = ?1")?
        .query_map([event_id], |r| {
            Ok((
                action_type(&r.get::<_, String>(0)?)?,
                r.get::<_, String>(1)? != "PENDING",
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

fn already_run(what: &str) -> StoreError {
    StoreError::rule(ErrorCode::ScheduleAlreadyRun, what)
}

/// Sets the account's event `id` to `times` as the clock reads `now`. A time whose action
/// has run can no longer change; an event whose actions have all run, nothing of it.
pub fn update(
    tx: &Transaction<'_>,
    by: &Author,
    id: &str,
    times: &EventTimes,
    now: i64,
) -> Result<ScheduledEvent, StoreError> {
    let account_id = by.account_id.as_str();
    let (deployment_id, begin, end): (String, i64, Option<i64>) = tx
        .prepare_cached(
            "SELECT package_deployment_id, begin_ms, end_ms FROM scheduled_events
             WHERE id = ?1 AND account_id = ?2",
        )?
        .query_row(params![id, account_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?
        .ok_or_else(StoreError::not_found)?;
    let actions = ran(tx, id)?;
    if actions.iter().all(|(_, ran)| *ran) {
        return Err(already_run(
            "every action of the event has run; it can no longer change",
        ));
    }
    let start_ran = actions
        .iter()
        .any(|(t, ran)| *t == ActionType::Start && *ran);
    let begin_changes = times.begin_ms != begin;
    if start_ran && begin_changes {
        return Err(already_run(
            "the event's START has run, so dttmBegin can no longer change",
        ));
    }
    let end_changes = times.end_ms != end;
    check_times(
        times.begin_ms,
        times.end_ms,
        now,
        begin_changes,
        end_changes,
    )
    .map_err(time_refusal)?;
    tx.prepare_cached(
        "UPDATE scheduled_events SET begin_ms = ?2, end_ms = ?3,
             description = coalesce(?4, description), updated_ms = ?5
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        times.begin_ms,
        times.end_ms,
        times.description,
        now
    ])?;
    tx.prepare_cached(
        "UPDATE scheduled_actions SET due_ms = ?2
         WHERE event_id = ?1 AND type = 'START' AND state = 'PENDING'",
    )?
    .execute(params![id, times.begin_ms])?;
    match times.end_ms {
        Some(end) if actions.iter().any(|(t, _)| *t == ActionType::Stop) => {
            tx.prepare_cached(
                "UPDATE scheduled_actions SET due_ms = ?2
                 WHERE event_id = ?1 AND type = 'STOP' AND state = 'PENDING'",
            )?
            .execute(params![id, end])?;
        }
        Some(end) => insert_action(tx, id, account_id, &deployment_id, ActionType::Stop, end)?,
        None => {
            tx.prepare_cached(
                "DELETE FROM scheduled_actions WHERE event_id = ?1 AND type = 'STOP'",
            )?
            .execute([id])?;
        }
    }
    record(tx, by, "update", id, &deployment_id)?;
    get(tx, account_id, id)
}

/// Deletes the account's event `id` with its actions still to run, unless all have run.
pub fn delete(tx: &Transaction<'_>, by: &Author, id: &str) -> Result<(), StoreError> {
    let event = get(tx, &by.account_id, id)?;
    if ran(tx, id)?.iter().all(|(_, ran)| *ran) {
        return Err(already_run(
            "every action of the event has run; it is kept as a record",
        ));
    }
    record(tx, by, "delete", id, &event.package_deployment_id)?;
    tx.prepare_cached("DELETE FROM scheduled_events WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}

/// Records `action` on event `id`, named after the deployment it schedules
/// (`schedule of Chat Moderation v3 on Chat Production`).
fn record(
    tx: &Transaction<'_>,
    by: &Author,
    action: &'static str,
    id: &str,
    deployment_id: &str,
) -> Result<(), StoreError> {
    let name = format!(
        "schedule of {}",
        activity::deployment_name(tx, deployment_id)?
    );
    by.record(tx, &Change::done(TargetType::Schedule, action, id, &name))
}

/// When the next PENDING action is due, if any.
pub fn next_due(conn: &Connection) -> Result<Option<i64>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT min(due_ms) FROM scheduled_actions WHERE state = 'PENDING'")?
        .query_row([], |r| r.get(0))?)
}

/// What became of an action that ran.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    /// A start that waits for its build.
    Started,
    Done,
    Failed(String),
}

/// A refusal of the deployment's rules as an action's reason; faults stay errors.
fn refusal(e: StoreError) -> Result<Outcome, StoreError> {
    match e {
        StoreError::Rule { code, message, .. } => Ok(Outcome::Failed(format!("{code}: {message}"))),
        StoreError::NotFound => Ok(Outcome::Failed("the deployment was deleted".into())),
        e => Err(e),
    }
}

struct DueAction {
    id: String,
    event_id: String,
    account_id: String,
    deployment_id: String,
    action: ActionType,
}

impl DueAction {
    /// The scheduler, acting in the event's account.
    fn by(&self) -> Author {
        Author {
            account_id: self.account_id.clone(),
            actor: Actor::scheduler(),
        }
    }
}

fn run_start(
    tx: &Transaction<'_>,
    due: &DueAction,
    now: i64,
    settings: &RunSettings,
) -> Result<Outcome, StoreError> {
    // Its event's end has come too (the server was down through both): starting now would
    // only be stopped at once, or refused as STARTING by the STOP.
    let ended: bool = tx
        .prepare_cached(
            "SELECT count(*) > 0 FROM scheduled_actions
             WHERE event_id = ?1 AND type = 'STOP' AND state = 'PENDING' AND due_ms <= ?2",
        )?
        .query_row(params![due.event_id, now], |r| r.get(0))?;
    if ended {
        return Ok(Outcome::Failed(
            "not started: the event's end had also come when the scheduler got to it".into(),
        ));
    }
    match deployments::summary(tx, &due.account_id, &due.deployment_id) {
        Ok(d) if d.state == DeploymentState::Running => Ok(Outcome::Done),
        Ok(_) => match deployments::start(
            tx,
            &due.by(),
            &due.deployment_id,
            settings.transition_ms,
            settings.running_max,
        ) {
            Ok(_) => Ok(Outcome::Started),
            Err(e) => refusal(e),
        },
        Err(e) => refusal(e),
    }
}

fn run_stop(
    tx: &Transaction<'_>,
    due: &DueAction,
    settings: &RunSettings,
) -> Result<Outcome, StoreError> {
    match deployments::stop(
        tx,
        &due.by(),
        &due.deployment_id,
        false,
        settings.transition_ms,
    ) {
        Ok(_) => Ok(Outcome::Done),
        Err(e) => refusal(e),
    }
}

/// Runs the actions due at `now` (at most `limit`, oldest first, a START before the STOP
/// of the same time), each claimed by a conditional update in this transaction. Returns
/// how many ran.
pub fn run_due(
    tx: &Transaction<'_>,
    now: i64,
    settings: &RunSettings,
    limit: usize,
) -> Result<usize, StoreError> {
    let due: Vec<DueAction> = tx
        .prepare_cached(
            "SELECT id, event_id, account_id, package_deployment_id, type FROM scheduled_actions
             WHERE state = 'PENDING' AND due_ms <= ?1
             ORDER BY due_ms, CASE type WHEN 'START' THEN 0 ELSE 1 END, id
             LIMIT ?2",
        )?
        .query_map(params![now, limit as i64], |r| {
            Ok(DueAction {
                id: r.get(0)?,
                event_id: r.get(1)?,
                account_id: r.get(2)?,
                deployment_id: r.get(3)?,
                action: action_type(&r.get::<_, String>(4)?)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut ran = 0;
    for action in &due {
        let claimed = tx
            .prepare_cached(
                "UPDATE scheduled_actions SET claims = claims + 1, executed_ms = ?2
                 WHERE id = ?1 AND state = 'PENDING'",
            )?
            .execute(params![action.id, now])?;
        if claimed == 0 {
            continue;
        }
        let outcome = match action.action {
            ActionType::Start => run_start(tx, action, now, settings)?,
            ActionType::Stop => run_stop(tx, action, settings)?,
        };
        let (state, error) = match outcome {
            Outcome::Started => ("STARTED", None),
            Outcome::Done => ("DONE", None),
            Outcome::Failed(why) => ("FAILED", Some(why)),
        };
        // A start or stop that ran recorded itself; one that was refused is recorded here,
        // with why.
        if let Some(why) = &error {
            let kind = match action.action {
                ActionType::Start => "start",
                ActionType::Stop => "stop",
            };
            activity::record_on_deployment(
                tx,
                &Actor::scheduler(),
                &action.account_id,
                &action.deployment_id,
                kind,
                Some(why),
                clock::now_ms(),
            )?;
        }
        tx.prepare_cached("UPDATE scheduled_actions SET state = ?2, error = ?3 WHERE id = ?1")?
            .execute(params![action.id, state, error])?;
        tracing::info!(
            action = action.action.as_str(),
            deployment = %action.deployment_id,
            state,
            error = error.as_deref().unwrap_or(""),
            "ran a scheduled action"
        );
        ran += 1;
    }
    Ok(ran)
}

/// Called in the transaction in which deployment `id`'s start settled on `state`: the
/// scheduled STARTs waiting for it are DONE if it runs, FAILED with `build_error` if not.
pub fn on_settled(
    tx: &Transaction<'_>,
    id: &str,
    state: DeploymentState,
    build_error: Option<&str>,
) -> Result<(), StoreError> {
    let (next, error) = match state {
        DeploymentState::Running => ("DONE", None),
        DeploymentState::Failed => (
            "FAILED",
            Some(format!(
                "the build failed: {}",
                build_error.unwrap_or("a function did not build")
            )),
        ),
        _ => return Ok(()),
    };
    tx.prepare_cached(
        "UPDATE scheduled_actions SET state = ?2, error = ?3
         WHERE package_deployment_id = ?1 AND state = 'STARTED'",
    )?
    .execute(params![id, next, error])?;
    Ok(())
}
