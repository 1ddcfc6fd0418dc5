//! Vercel-style deployments and their build queue (`api.md` §4).
//!
//! `QUEUED → INITIALIZING → BUILDING → READY | ERROR`, and `CANCELED` from any of the first
//! three. At most [`BuildTimes::concurrency`] deployments of one scope (a team, or a user's
//! personal scope) are INITIALIZING or BUILDING at once; the others wait QUEUED, oldest
//! first. Each step lasts a fixed time; `step_due_ms` says when the current one ends.
//!
//! Time only moves in [`advance`]: it replays, in order, every step end due by `now`, each at
//! its own due time, and starts queued deployments when a slot is free, at the time the slot
//! freed (never before the deployment was created). So the timeline of a deployment is exact
//! however late the worker runs, and a test can move time to any instant it likes.

use faas_api::activity::TargetType;
use faas_api::vercel::{
    ready_substate, BuildEnv, Creator, Deployment, DeploymentDetail, DeploymentList, ListQuery,
    Pagination, Plan, ProjectSettings, ReadyState, TargetFilter, ValidCreate, META_BRANCH_KEYS,
    META_SHA_KEYS, PLATFORM_VERSION, PRODUCTION, REGION,
};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde_json::{Map, Value};

use super::activity::{self, Actor, Change, Owner};
use super::vercel::{self as accounts, new_id, random_alphanumeric, Project, User};
use crate::db::StoreError;

/// The domain of deployment URLs: `<name>-<8 lowercase alphanumerics>.<DOMAIN>`. Ours, never
/// a real Vercel one; `.localhost` resolves nowhere else.
pub const DOMAIN: &str = "faas-console.localhost";

/// A project whose every build ends ERROR. A project created with this name (by a
/// `POST /v13/deployments` naming it) fails every build too, so ERROR can be produced on
/// demand without `--demo`.
pub const ALWAYS_FAILS: &str = "always-fails";

/// The build queue's settings (`--build-concurrency`, `--build-initializing-ms`,
/// `--build-building-ms`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuildTimes {
    pub concurrency: u32,
    pub initializing_ms: i64,
    pub building_ms: i64,
}

/// At most this many step ends or starts are replayed per [`advance`] transaction, so the
/// writer is never held for long; the worker calls again at once when there are more.
pub const EVENTS_PER_ROUND: usize = 500;

const COLUMNS: &str = "d.id, d.name, d.url, d.project_id, d.created_ms, d.initializing_ms,
    d.building_ms, d.ready_ms, d.canceled_ms, d.state, d.creator_id, u.username, d.source,
    d.target, d.meta, d.error_code, d.error_message, p.name, coalesce(t.slug, su.username, d.scope),
    d.scope, t.id IS NOT NULL";

const FROM: &str = "vercel_deployments d
    JOIN vercel_users u ON u.id = d.creator_id
    JOIN vercel_projects p ON p.id = d.project_id
    LEFT JOIN vercel_teams t ON t.id = d.scope
    LEFT JOIN vercel_users su ON su.id = d.scope";

/// A row as its owner sees it ([`DeploymentDetail`]); a list keeps its `deployment`.
fn deployment_of_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DeploymentDetail> {
    let id: String = r.get(0)?;
    let state_name: String = r.get(9)?;
    let state = ReadyState::parse(&state_name).unwrap_or(ReadyState::Error);
    let target: Option<String> = r.get(13)?;
    let meta: String = r.get(14)?;
    let meta: Map<String, Value> = serde_json::from_str(&meta).unwrap_or_default();
    let project: String = r.get(17)?;
    let scope_name: String = r.get(18)?;
    let created: i64 = r.get(4)?;
    let building: Option<i64> = r.get(6)?;
    let ready = state == ReadyState::Ready;
    let deployment = Deployment {
        uid: id.clone(),
        name: r.get(1)?,
        url: r.get(2)?,
        project_id: Some(r.get(3)?),
        created,
        created_at: created,
        initializing_at: r.get(5)?,
        building_at: Some(building.unwrap_or(created)),
        ready: r.get(7)?,
        canceled_at: r.get(8)?,
        state,
        ready_state: state,
        ready_substate: ready_substate(state, target.as_deref()),
        deployment_type: "LAMBDAS".into(),
        creator: Creator {
            uid: r.get(10)?,
            username: Some(r.get(11)?),
        },
        source: Some(r.get(12)?),
        inspector_url: Some(inspector_url(&scope_name, &project, &id)),
        alias_assigned: ready,
        is_rollback_candidate: ready && target.as_deref() == Some(PRODUCTION),
        target,
        meta,
        error_code: r.get(15)?,
        error_message: r.get(16)?,
        id,
    };
    let team: bool = r.get(20)?;
    Ok(DeploymentDetail {
        status: state,
        booted_at: created,
        build: BuildEnv::default(),
        build_skipped: false,
        created_in: REGION.into(),
        env: Vec::new(),
        // Every wait in the queue here is for a build slot of the scope.
        is_in_concurrent_builds_queue: state == ReadyState::Queued,
        is_in_system_builds_queue: false,
        owner_id: r.get(19)?,
        plan: if team { Plan::Pro } else { Plan::Hobby },
        project_settings: ProjectSettings::default(),
        public: false,
        regions: vec![REGION.into()],
        routes: None,
        version: PLATFORM_VERSION,
        deployment,
    })
}

/// Where a person inspects a deployment, shaped like Vercel's
/// `https://vercel.com/<team>/<project>/<id without dpl_>`, on our domain.
pub fn inspector_url(scope_name: &str, project: &str, id: &str) -> String {
    let short = id.strip_prefix("dpl_").unwrap_or(id);
    format!("https://{DOMAIN}/{scope_name}/{project}/{short}")
}

/// Why a build ends ERROR, if it does: fail on demand by `meta.fail = "true"` or by a
/// project set to fail every build.
pub fn build_failure(meta: &Map<String, Value>, project: &Project) -> Option<(String, String)> {
    if meta.get("fail").and_then(Value::as_str) == Some("true") {
        return Some((
            "BUILD_FAILED".into(),
            "Build failed: simulated failure (meta.fail)".into(),
        ));
    }
    if project.builds_fail {
        return Some((
            "BUILD_FAILED".into(),
            format!(
                "Build failed: project {} fails every build (simulated failure)",
                project.name
            ),
        ));
    }
    None
}

/// How long a build's BUILDING step lasts: `meta.buildMs` (a string of digits, as meta
/// values are strings) asks for a given time, up to an hour, so that a build can be held
/// BUILDING on demand; otherwise the server's `--build-building-ms`.
pub fn building_time(meta: &Map<String, Value>, times: &BuildTimes) -> i64 {
    const LONGEST_MS: i64 = 3_600_000;
    meta.get("buildMs")
        .and_then(Value::as_str)
        .and_then(|ms| ms.parse::<i64>().ok())
        .map_or(times.building_ms, |ms| ms.clamp(0, LONGEST_MS))
}

/// One deployment of `scope` by id or by URL host.
pub fn get(
    conn: &Connection,
    scope: &str,
    id_or_url: &str,
) -> Result<Option<DeploymentDetail>, StoreError> {
    let sql =
        format!("SELECT {COLUMNS} FROM {FROM} WHERE d.scope = ?1 AND (d.id = ?2 OR d.url = ?3)");
    let url = id_or_url.to_ascii_lowercase();
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params![scope, id_or_url, url], deployment_of_row)
        .optional()?)
}

fn get_in_tx(conn: &Connection, scope: &str, id: &str) -> Result<DeploymentDetail, StoreError> {
    get(conn, scope, id)?.ok_or_else(|| StoreError::internal(format!("deployment {id} vanished")))
}

/// A page of `scope`'s deployments, newest first (ties by id); see `api.md` §4 for
/// `pagination`.
pub fn list(
    conn: &Connection,
    scope: &str,
    query: &ListQuery,
) -> Result<DeploymentList, StoreError> {
    let mut sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE d.scope = ?1");
    let mut args: Vec<rusqlite::types::Value> = vec![scope.to_owned().into()];
    if let Some(until) = query.until {
        args.push(until.into());
        sql.push_str(&format!(" AND d.created_ms < ?{}", args.len()));
    }
    if let Some(since) = query.since {
        args.push(since.into());
        sql.push_str(&format!(" AND d.created_ms > ?{}", args.len()));
    }
    if !query.states.is_empty() {
        let names: Vec<String> = query
            .states
            .iter()
            .map(|s| format!("'{}'", s.as_str()))
            .collect();
        sql.push_str(&format!(" AND d.state IN ({})", names.join(", ")));
    }
    // Each value a parameter of its own: "?n, ?n+1, …".
    let one_of = |values: &[String], args: &mut Vec<rusqlite::types::Value>| -> String {
        let first = args.len() + 1;
        args.extend(values.iter().map(|v| v.clone().into()));
        (first..first + values.len())
            .map(|i| format!("?{i}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !query.projects.is_empty() {
        // A project by its id or its name.
        let list = one_of(&query.projects, &mut args);
        sql.push_str(&format!(
            " AND (d.project_id IN ({list}) OR p.name IN ({list}))"
        ));
    }
    if !query.users.is_empty() {
        let list = one_of(&query.users, &mut args);
        sql.push_str(&format!(" AND d.creator_id IN ({list})"));
    }
    if let Some(app) = &query.app {
        args.push(app.clone().into());
        sql.push_str(&format!(" AND d.name = ?{}", args.len()));
    }
    for (value, keys) in [
        (&query.branch, META_BRANCH_KEYS),
        (&query.sha, META_SHA_KEYS),
    ] {
        if let Some(value) = value {
            args.push(value.clone().into());
            let n = args.len();
            let any_key: Vec<String> = keys
                .iter()
                .map(|k| format!("json_extract(d.meta, '$.{k}') = ?{n}"))
                .collect();
            sql.push_str(&format!(" AND ({})", any_key.join(" OR ")));
        }
    }
    match query.target {
        Some(TargetFilter::Production) => sql.push_str(" AND d.target = 'production'"),
        Some(TargetFilter::Staging) => sql.push_str(" AND d.target = 'staging'"),
        Some(TargetFilter::Preview) => sql.push_str(" AND d.target IS NULL"),
        None => {}
    }
    // The same rule as `isRollbackCandidate` in [`deployment_of_row`].
    let candidate = "(d.state = 'READY' AND d.target IS 'production')";
    match query.rollback_candidate {
        Some(true) => sql.push_str(&format!(" AND {candidate}")),
        Some(false) => sql.push_str(&format!(" AND NOT {candidate}")),
        None => {}
    }
    // One more than the page: whether there are older ones.
    args.push(i64::from(query.limit + 1).into());
    sql.push_str(&format!(
        " ORDER BY d.created_ms DESC, d.id DESC LIMIT ?{}",
        args.len()
    ));
    let mut deployments = conn
        .prepare(&sql)?
        .query_map(rusqlite::params_from_iter(args), |r| {
            deployment_of_row(r).map(|d| d.deployment)
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let more = deployments.len() > query.limit as usize;
    deployments.truncate(query.limit as usize);
    let pagination = Pagination {
        count: deployments.len() as u32,
        next: if more {
            deployments.last().map(|d| d.created)
        } else {
            None
        },
        prev: deployments.first().map(|d| d.created),
    };
    Ok(DeploymentList {
        deployments,
        pagination,
    })
}

/// What a new deployment is made of, beside the checked body.
#[derive(Debug, Clone)]
pub struct NewDeployment<'a> {
    pub scope: &'a str,
    pub creator: &'a User,
    /// Who creates it, for the activity log: the token by its name.
    pub by: &'a Actor,
    pub source: &'a str,
    pub body: &'a ValidCreate,
}

/// Why a create was refused (a client error, `bad_request`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused(pub String);

/// Creates a deployment QUEUED, and its project when `body.project` names none of the scope
/// (as Vercel does). `created` is `now`, or one past the scope's newest, so that it is
/// unique within the scope and `until`/`since` paging never skips or repeats.
pub fn create(
    tx: &Transaction<'_>,
    new: &NewDeployment<'_>,
    now: i64,
) -> Result<Result<DeploymentDetail, Refused>, StoreError> {
    let project = match accounts::find_project(tx, new.scope, &new.body.project)? {
        Some(project) => project,
        None if new.body.project.starts_with("prj_") => {
            return Ok(Err(Refused(format!(
                "project: no project {} in this scope",
                new.body.project
            ))))
        }
        None => accounts::create_project(
            tx,
            new.scope,
            &new.body.project,
            new.body.project == ALWAYS_FAILS,
            now,
        )?,
    };
    let newest: Option<i64> = tx
        .prepare_cached("SELECT max(created_ms) FROM vercel_deployments WHERE scope = ?1")?
        .query_row([new.scope], |r| r.get(0))?;
    let created = newest.map_or(now, |n| now.max(n + 1));
    let id = insert(
        tx,
        &Row {
            scope: new.scope,
            project: &project,
            name: &new.body.name,
            creator: &new.creator.id,
            source: new.source,
            target: new.body.target.as_deref(),
            meta: &new.body.meta,
            state: ReadyState::Queued,
            created,
            times: [None; 4],
            step_due: None,
            error: None,
        },
    )?;
    record(tx, new.by, new.scope, "create", &id, None, now)?;
    Ok(Ok(get_in_tx(tx, new.scope, &id)?))
}

/// Records `action` on build `id` of `scope` (named as it is listed, by its name), in the
/// log of the scope, with the team's slug for a link.
fn record(
    tx: &Transaction<'_>,
    by: &Actor,
    scope: &str,
    action: &'static str,
    id: &str,
    failure: Option<&str>,
    at: i64,
) -> Result<(), StoreError> {
    let name: String = tx
        .prepare_cached("SELECT name FROM vercel_deployments WHERE id = ?1")?
        .query_row([id], |r| r.get(0))?;
    let team: Option<String> = tx
        .prepare_cached("SELECT slug FROM vercel_teams WHERE id = ?1")?
        .query_row([scope], |r| r.get(0))
        .optional()?;
    let change = Change::done(TargetType::Build, action, id, &name).failed_with(failure);
    let owner = Owner::Scope {
        scope,
        team: team.as_deref(),
    };
    activity::record(tx, by, owner, &change, at)
}

/// A row as stored, for [`create`] and the demo data.
pub struct Row<'a> {
    pub scope: &'a str,
    pub project: &'a Project,
    pub name: &'a str,
    pub creator: &'a str,
    pub source: &'a str,
    pub target: Option<&'a str>,
    pub meta: &'a Map<String, Value>,
    pub state: ReadyState,
    pub created: i64,
    /// initializing, building, ready, canceled.
    pub times: [Option<i64>; 4],
    pub step_due: Option<i64>,
    pub error: Option<(String, String)>,
}

/// Inserts `row`; returns the new id.
pub fn insert(tx: &Transaction<'_>, row: &Row<'_>) -> Result<String, StoreError> {
    let id = new_id("dpl_");
    let url = format!("{}-{}.{DOMAIN}", row.name, random_alphanumeric(8, true));
    let [initializing, building, ready, canceled] = row.times;
    let (error_code, error_message) = row.error.clone().unzip();
    tx.execute(
        "INSERT INTO vercel_deployments (id, scope, project_id, name, url, creator_id, source,
             target, meta, state, created_ms, initializing_ms, building_ms, ready_ms,
             canceled_ms, step_due_ms, error_code, error_message)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
        params![
            id,
            row.scope,
            row.project.id,
            row.name,
            url,
            row.creator,
            row.source,
            row.target,
            serde_json::to_string(row.meta)?,
            row.state.as_str(),
            row.created,
            initializing,
            building,
            ready,
            canceled,
            row.step_due,
            error_code,
            error_message
        ],
    )?;
    Ok(id)
}

/// Why a cancel was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CancelRefused {
    NotFound,
    /// Already finished: the state it is in.
    Final(ReadyState),
}

/// Cancels a deployment that has not finished building, in one conditional UPDATE (so of
/// two racing cancels exactly one wins), and starts the next queued one of its scope in the
/// same transaction if that freed a slot.
pub fn cancel(
    tx: &Transaction<'_>,
    by: &Actor,
    scope: &str,
    id: &str,
    times: &BuildTimes,
    now: i64,
) -> Result<Result<DeploymentDetail, CancelRefused>, StoreError> {
    let changed = tx
        .prepare_cached(
            "UPDATE vercel_deployments SET state = 'CANCELED', canceled_ms = ?3, step_due_ms = NULL
             WHERE scope = ?1 AND id = ?2 AND state IN ('QUEUED', 'INITIALIZING', 'BUILDING')",
        )?
        .execute(params![scope, id, now])?;
    if changed == 0 {
        let state: Option<String> = tx
            .prepare_cached("SELECT state FROM vercel_deployments WHERE scope = ?1 AND id = ?2")?
            .query_row(params![scope, id], |r| r.get(0))
            .optional()?;
        return Ok(Err(match state.as_deref().and_then(ReadyState::parse) {
            Some(state) => CancelRefused::Final(state),
            None => CancelRefused::NotFound,
        }));
    }
    record(tx, by, scope, "cancel", id, None, now)?;
    promote(tx, times, now)?;
    Ok(Ok(get_in_tx(tx, scope, id)?))
}

/// Starts queued deployments wherever a scope has a free slot: the oldest first, each at the
/// time its slot freed (the scope's latest build end, or its own creation if later), never
/// after `now`. Returns how many started.
fn promote(tx: &Transaction<'_>, times: &BuildTimes, now: i64) -> Result<usize, StoreError> {
    let scopes: Vec<String> = tx
        .prepare_cached("SELECT DISTINCT scope FROM vercel_deployments WHERE state = 'QUEUED'")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut started = 0;
    for scope in scopes {
        let (active, freed): (i64, Option<i64>) = tx
            .prepare_cached(
                "SELECT
                   count(*) FILTER (WHERE state IN ('INITIALIZING', 'BUILDING')),
                   max(coalesce(ready_ms, canceled_ms))
                     FILTER (WHERE state IN ('READY', 'ERROR', 'CANCELED')
                             AND initializing_ms IS NOT NULL)
                 FROM vercel_deployments WHERE scope = ?1",
            )?
            .query_row([&scope], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let free = i64::from(times.concurrency) - active;
        if free <= 0 {
            continue;
        }
        let queued: Vec<(i64, i64)> = tx
            .prepare_cached(
                "SELECT seq, created_ms FROM vercel_deployments
                 WHERE scope = ?1 AND state = 'QUEUED' ORDER BY created_ms, seq LIMIT ?2",
            )?
            .query_map(params![scope, free], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (seq, created) in queued {
            let at = created.max(freed.unwrap_or(created)).min(now).max(created);
            tx.prepare_cached(
                "UPDATE vercel_deployments
                 SET state = 'INITIALIZING', initializing_ms = ?2, step_due_ms = ?3
                 WHERE seq = ?1 AND state = 'QUEUED'",
            )?
            .execute(params![seq, at, at + times.initializing_ms])?;
            started += 1;
        }
    }
    Ok(started)
}

/// Ends the step of deployment `seq` that was due at `due`: INITIALIZING goes on BUILDING,
/// BUILDING ends READY or, failing on demand, ERROR.
fn end_step(
    tx: &Transaction<'_>,
    times: &BuildTimes,
    seq: i64,
    state: ReadyState,
    due: i64,
) -> Result<(), StoreError> {
    match state {
        ReadyState::Initializing => {
            let meta: String = tx
                .prepare_cached("SELECT meta FROM vercel_deployments WHERE seq = ?1")?
                .query_row([seq], |r| r.get(0))?;
            let meta: Map<String, Value> = serde_json::from_str(&meta).unwrap_or_default();
            tx.prepare_cached(
                "UPDATE vercel_deployments
                 SET state = 'BUILDING', building_ms = ?2, step_due_ms = ?3 WHERE seq = ?1",
            )?
            .execute(params![seq, due, due + building_time(&meta, times)])?;
        }
        ReadyState::Building => {
            let (meta, project): (String, Project) = tx
                .prepare_cached(
                    "SELECT d.meta, p.id, p.scope, p.name, p.builds_fail
                     FROM vercel_deployments d JOIN vercel_projects p ON p.id = d.project_id
                     WHERE d.seq = ?1",
                )?
                .query_row([seq], |r| {
                    Ok((
                        r.get(0)?,
                        Project {
                            id: r.get(1)?,
                            scope: r.get(2)?,
                            name: r.get(3)?,
                            builds_fail: r.get::<_, i64>(4)? != 0,
                        },
                    ))
                })?;
            let meta: Map<String, Value> = serde_json::from_str(&meta).unwrap_or_default();
            let failure = build_failure(&meta, &project);
            let state = if failure.is_some() { "ERROR" } else { "READY" };
            let (code, message) = failure.unzip();
            tx.prepare_cached(
                "UPDATE vercel_deployments
                 SET state = ?2, ready_ms = ?3, step_due_ms = NULL, error_code = ?4,
                     error_message = ?5
                 WHERE seq = ?1",
            )?
            .execute(params![seq, state, due, code, message])?;
            let (id, scope): (String, String) = tx
                .prepare_cached("SELECT id, scope FROM vercel_deployments WHERE seq = ?1")?
                .query_row([seq], |r| Ok((r.get(0)?, r.get(1)?)))?;
            let queue = Actor::build_queue();
            record(tx, &queue, &scope, "build", &id, message.as_deref(), due)?;
        }
        // Only the two steps have a due time; anything else is left alone.
        _ => {}
    }
    Ok(())
}

/// Replays the queue up to `now` (see the module documentation); returns how many changes
/// were made (at most about [`EVENTS_PER_ROUND`]; call again while it is that many).
pub fn advance(tx: &Transaction<'_>, times: &BuildTimes, now: i64) -> Result<usize, StoreError> {
    let mut changes = 0;
    while changes < EVENTS_PER_ROUND {
        changes += promote(tx, times, now)?;
        let due: Option<(i64, String, i64)> = tx
            .prepare_cached(
                "SELECT seq, state, step_due_ms FROM vercel_deployments
                 WHERE step_due_ms IS NOT NULL AND step_due_ms <= ?1
                 ORDER BY step_due_ms, seq LIMIT 1",
            )?
            .query_row([now], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        let Some((seq, state, due)) = due else { break };
        let state = ReadyState::parse(&state).unwrap_or(ReadyState::Error);
        if !matches!(state, ReadyState::Initializing | ReadyState::Building) {
            // A due time left on a finished row would be replayed forever.
            tx.execute(
                "UPDATE vercel_deployments SET step_due_ms = NULL WHERE seq = ?1",
                [seq],
            )?;
            continue;
        }
        end_step(tx, times, seq, state, due)?;
        changes += 1;
    }
    Ok(changes)
}

/// When the next step ends, if any deployment is in one.
pub fn next_due(conn: &Connection) -> Result<Option<i64>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT min(step_due_ms) FROM vercel_deployments")?
        .query_row([], |r| r.get(0))?)
}

/// After a restart: a build that was INITIALIZING or BUILDING when the server stopped starts
/// its current step again from `now` (QUEUED ones simply stay queued), so nothing stays
/// BUILDING forever. Returns how many resumed.
pub fn resume_interrupted(
    tx: &Transaction<'_>,
    times: &BuildTimes,
    now: i64,
) -> Result<usize, StoreError> {
    let initializing = tx.execute(
        "UPDATE vercel_deployments SET initializing_ms = ?1, step_due_ms = ?2
         WHERE state = 'INITIALIZING'",
        params![now, now + times.initializing_ms],
    )?;
    let building = tx.execute(
        "UPDATE vercel_deployments SET building_ms = ?1, step_due_ms = ?2
         WHERE state = 'BUILDING'",
        params![now, now + times.building_ms],
    )?;
    Ok(initializing + building)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(builds_fail: bool) -> Project {
        Project {
            id: "prj_1".into(),
            scope: "team_1".into(),
            name: "always-fails".into(),
            builds_fail,
        }
    }

    #[test]
    fn builds_fail_on_demand_only() {
        let mut meta = Map::new();
        assert_eq!(build_failure(&meta, &project(false)), None);
        meta.insert("fail".into(), "false".into());
        assert_eq!(build_failure(&meta, &project(false)), None);
        meta.insert("fail".into(), "true".into());
        let (code, message) = build_failure(&meta, &project(false)).unwrap();
        assert_eq!(code, "BUILD_FAILED");
        assert_eq!(message, "Build failed: simulated failure (meta.fail)");
        let (_, message) = build_failure(&Map::new(), &project(true)).unwrap();
        assert!(message.contains("always-fails"), "{message}");
    }

    #[test]
    fn a_build_is_held_building_on_demand_up_to_an_hour() {
        let times = BuildTimes {
            concurrency: 1,
            initializing_ms: 300,
            building_ms: 3000,
        };
        let held = |value: &str| {
            let mut meta = Map::new();
            meta.insert("buildMs".into(), value.into());
            building_time(&meta, &times)
        };
        assert_eq!(building_time(&Map::new(), &times), 3000);
        assert_eq!(held("60000"), 60_000);
        assert_eq!(held("0"), 0);
        assert_eq!(held("99999999999"), 3_600_000);
        assert_eq!(held("soon"), 3000, "not digits: the server's own time");
    }

    /// A database with one user and project in the personal scope of `usr_1`, and `n` deployments QUEUED,
    /// created at 0, 10, 20, …; returns the ids.
    fn queue(n: usize) -> (crate::db::Db, Vec<String>) {
        let db = crate::db::Db::open(&crate::db::DbLocation::Memory, 1).unwrap();
        let ids = db
            .write_blocking(|tx| {
                accounts::create_user(tx, "usr_1", "u", 0)?;
                let project = accounts::create_project(tx, "usr_1", "web", false, 0)?;
                (0..n)
                    .map(|i| {
                        insert(
                            tx,
                            &Row {
                                scope: "usr_1",
                                project: &project,
                                name: "web",
                                creator: "usr_1",
                                source: faas_api::vercel::SOURCE_CLI,
                                target: None,
                                meta: &Map::new(),
                                state: ReadyState::Queued,
                                created: 10 * i as i64,
                                times: [None; 4],
                                step_due: None,
                                error: None,
                            },
                        )
                    })
                    .collect()
            })
            .unwrap();
        (db, ids)
    }

    /// (state, initializingAt, buildingAt, ready) of each deployment.
    fn timeline(db: &crate::db::Db, ids: &[String]) -> Vec<(ReadyState, [Option<i64>; 3])> {
        ids.iter()
            .map(|id| {
                let d = db
                    .read_blocking(|c| get(c, "usr_1", id))
                    .unwrap()
                    .unwrap()
                    .deployment;
                (
                    d.ready_state,
                    [d.initializing_at, d.building_began(), d.ready],
                )
            })
            .collect()
    }

    #[test]
    fn the_queue_replays_every_step_at_its_own_time() {
        use ReadyState::*;
        let times = BuildTimes {
            concurrency: 2,
            initializing_ms: 100,
            building_ms: 1000,
        };
        let (db, ids) = queue(3);
        // Long after: two at a time from their creation, the third when the first ended.
        db.write_blocking(|tx| advance(tx, &times, 1_105)).unwrap();
        assert_eq!(
            timeline(&db, &ids),
            [
                (Ready, [Some(0), Some(100), Some(1_100)]),
                (Building, [Some(10), Some(110), None]),
                (Initializing, [Some(1_100), None, None]),
            ]
        );
        assert_eq!(db.read_blocking(next_due).unwrap(), Some(1_110));
        // Nothing moves before its time; replaying the same instant changes nothing.
        assert_eq!(
            db.write_blocking(|tx| advance(tx, &times, 1_105)).unwrap(),
            0
        );
        // A restart starts the current steps again from then.
        db.write_blocking(|tx| resume_interrupted(tx, &times, 5_000))
            .unwrap();
        db.write_blocking(|tx| advance(tx, &times, 5_100)).unwrap();
        assert_eq!(
            timeline(&db, &ids)[1..],
            [
                (Building, [Some(10), Some(5_000), None]),
                (Building, [Some(5_000), Some(5_100), None]),
            ]
        );
    }

    #[test]
    fn the_inspector_url_is_ours() {
        assert_eq!(
            inspector_url("acme", "web", "dpl_abc"),
            "https://faas-console.localhost/acme/web/abc"
        );
    }
}
