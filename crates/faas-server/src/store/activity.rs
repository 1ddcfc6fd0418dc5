//! The activity log (`api.md` §5 "Activity"): [`record`] is the one way an entry is written,
//! and every write function of the store calls it with its own transaction, after the
//! change and before returning. So an entry commits with its change or not at all: a write
//! that is refused or rolled back, or cut off by a crash, leaves nothing behind.
//!
//! What an entry holds is chosen by the caller through [`Change`]: the target's type, id and
//! name (never its content: no code, no KV value, no secret value) and how it ended.

use faas_api::activity::{
    ActivityEntry, Actor as ActorJson, ActorType, KindFilter, Outcome, Target, TargetType,
};
use faas_api::paging::PageQuery;
use faas_api::Paging;
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::clock;
use crate::db::StoreError;
use crate::store::vercel::scopes_of_key_sql;
use crate::store::{limit_offset, new_id, paging};

/// Who makes a change: an API key by its name (never the key), with the request's
/// correlation id, or one of the server's own workers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub actor_type: ActorType,
    /// The key's name, or `scheduler` / `build-queue`.
    pub name: String,
    pub correlation_id: Option<String>,
}

impl Actor {
    pub fn key(name: &str, correlation_id: &str) -> Actor {
        Actor {
            actor_type: ActorType::Key,
            name: name.to_owned(),
            correlation_id: Some(correlation_id.to_owned()),
        }
    }

    /// The scheduler, running a scheduled event's action.
    pub fn scheduler() -> Actor {
        Actor::system(ActorType::Scheduler)
    }

    /// The build queue, ending a build.
    pub fn build_queue() -> Actor {
        Actor::system(ActorType::BuildQueue)
    }

    fn system(actor_type: ActorType) -> Actor {
        Actor {
            actor_type,
            name: actor_type.as_str().to_owned(),
            correlation_id: None,
        }
    }
}

/// The caller of a Functions write: the account it writes in, and who it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    pub account_id: String,
    pub actor: Actor,
}

impl Author {
    /// Records `change` in the author's account, now.
    pub fn record(&self, tx: &Transaction<'_>, change: &Change<'_>) -> Result<(), StoreError> {
        record(
            tx,
            &self.actor,
            Owner::Account(&self.account_id),
            change,
            clock::now_ms(),
        )
    }
}

/// Whose log an entry belongs to: a Functions account, or a build scope (a team, or a user's
/// personal scope) of the Vercel-style contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner<'a> {
    Account(&'a str),
    Scope {
        scope: &'a str,
        /// The team's slug, for a link to the build; `None` in a personal scope.
        team: Option<&'a str>,
    },
}

/// What changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change<'a> {
    pub target_type: TargetType,
    /// One of `target_type.actions()`.
    pub action: &'static str,
    pub target_id: &'a str,
    pub target_name: &'a str,
    pub outcome: Outcome,
    /// Why a server action failed.
    pub detail: Option<&'a str>,
}

impl<'a> Change<'a> {
    /// An accepted write.
    pub fn done(
        target_type: TargetType,
        action: &'static str,
        target_id: &'a str,
        target_name: &'a str,
    ) -> Change<'a> {
        debug_assert!(target_type.actions().contains(&action), "{action}");
        Change {
            target_type,
            action,
            target_id,
            target_name,
            outcome: Outcome::Succeeded,
            detail: None,
        }
    }

    /// The same change, ended by `failure` when there is one.
    pub fn failed_with(self, failure: Option<&'a str>) -> Change<'a> {
        match failure {
            Some(reason) => Change {
                outcome: Outcome::Failed,
                detail: Some(reason),
                ..self
            },
            None => self,
        }
    }
}

/// Writes one entry in `tx`: the only insert into `activity`.
pub fn record(
    tx: &Transaction<'_>,
    actor: &Actor,
    owner: Owner<'_>,
    change: &Change<'_>,
    at_ms: i64,
) -> Result<(), StoreError> {
    let (account_id, scope, team) = match owner {
        Owner::Account(account) => (Some(account), None, None),
        Owner::Scope { scope, team } => (None, Some(scope), team),
    };
    tx.prepare_cached(
        "INSERT INTO activity (id, account_id, scope, at_ms, actor_type, actor_name,
             target_type, action, target_id, target_name, team, outcome, detail, correlation_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        new_id(),
        account_id,
        scope,
        at_ms,
        actor.actor_type.as_str(),
        actor.name,
        change.target_type.as_str(),
        change.action,
        change.target_id,
        change.target_name,
        team,
        change.outcome.as_str(),
        change.detail,
        actor.correlation_id,
    ])?;
    Ok(())
}

/// Deletes the entries older than `before_ms` (the retention flag); returns how many went.
pub fn prune(tx: &Transaction<'_>, before_ms: i64) -> Result<usize, StoreError> {
    Ok(tx
        .prepare_cached("DELETE FROM activity WHERE at_ms < ?1")?
        .execute([before_ms])?)
}

/// What an entry calls a deployment: its package, revision and keyset, by name
/// (`Chat Moderation v3 on Chat Production`); one that is gone, by its id.
pub fn deployment_name(conn: &Connection, deployment_id: &str) -> Result<String, StoreError> {
    let name: Option<String> = conn
        .prepare_cached(
            "SELECT p.name || ' ' || r.name || ' on ' || k.name
             FROM package_deployments d
             JOIN package_revisions r ON r.id = d.package_revision_id
             JOIN packages p ON p.id = r.package_id
             JOIN keysets k ON k.id = d.keyset_id
             WHERE d.id = ?1",
        )?
        .query_row([deployment_id], |r| r.get(0))
        .optional()?;
    Ok(name.unwrap_or_else(|| format!("deleted deployment {deployment_id}")))
}

/// What an entry calls a revision: its package's name and its own (`Chat Moderation v3`).
pub fn revision_name(conn: &Connection, revision_id: &str) -> Result<String, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT p.name || ' ' || r.name FROM package_revisions r
             JOIN packages p ON p.id = r.package_id WHERE r.id = ?1",
        )?
        .query_row([revision_id], |r| r.get(0))?)
}

/// The account of a deployment, for the entries of the server's own actions on it.
pub fn deployment_account(conn: &Connection, deployment_id: &str) -> Result<String, StoreError> {
    Ok(conn
        .prepare_cached("SELECT account_id FROM package_deployments WHERE id = ?1")?
        .query_row([deployment_id], |r| r.get(0))?)
}

/// Records what the server did on its own (the scheduler, the build queue) to a deployment
/// of `account_id`, ended by `failure` when there is one.
pub fn record_on_deployment(
    tx: &Transaction<'_>,
    actor: &Actor,
    account_id: &str,
    deployment_id: &str,
    action: &'static str,
    failure: Option<&str>,
    at_ms: i64,
) -> Result<(), StoreError> {
    let name = deployment_name(tx, deployment_id)?;
    let change =
        Change::done(TargetType::Deployment, action, deployment_id, &name).failed_with(failure);
    record(tx, actor, Owner::Account(account_id), &change, at_ms)
}

/// The filters of a list, each optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListFilter {
    pub kind: Option<KindFilter>,
    /// A key's name, `scheduler` or `build-queue`.
    pub actor: Option<String>,
    pub target_id: Option<String>,
    /// Entries at or after (ms).
    pub since_ms: Option<i64>,
    /// Entries before (ms).
    pub until_ms: Option<i64>,
}

const COLUMNS: &str = "id, at_ms, actor_type, actor_name, target_type, action, target_id,
    target_name, team, outcome, detail, correlation_id";

fn entry_of_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ActivityEntry> {
    let actor_type: String = r.get(2)?;
    let actor_name: String = r.get(3)?;
    let target_type: String = r.get(4)?;
    let action: String = r.get(5)?;
    let outcome: String = r.get(9)?;
    let actor_type = ActorType::parse(&actor_type).unwrap_or(ActorType::Key);
    let target_type = TargetType::parse(&target_type).unwrap_or(TargetType::Package);
    Ok(ActivityEntry {
        id: r.get(0)?,
        at: clock::format_ms(r.get(1)?),
        kind: format!("{}.{action}", target_type.as_str()),
        actor: ActorJson {
            actor_type,
            key_name: (actor_type == ActorType::Key).then_some(actor_name),
        },
        action,
        target: Target {
            target_type,
            id: r.get(6)?,
            name: r.get(7)?,
            team: r.get(8)?,
        },
        outcome: Outcome::parse(&outcome).unwrap_or(Outcome::Succeeded),
        detail: r.get(10)?,
        correlation_id: r.get(11)?,
    })
}

/// The SQL condition on `activity a` of the entries a key sees: its account's (the account's
/// id at placeholder `account_param`), and the builds' of every scope the same key reaches as
/// a token (the key's id at `key_param`).
pub fn visible_to_key(account_param: &str, key_param: &str) -> String {
    format!(
        "(a.account_id = {account_param} OR a.scope IN ({}))",
        scopes_of_key_sql(key_param)
    )
}

/// A page of the entries the key `key_id` of `account_id` sees, newest first: its
/// account's, and the builds' of every scope the same key reaches as a token (its user's
/// own and its teams'). Entries before `oldest_ms` are past retention and never shown.
pub fn list(
    conn: &Connection,
    account_id: &str,
    key_id: i64,
    filter: &ListFilter,
    query: &PageQuery,
    oldest_ms: i64,
) -> Result<(Vec<ActivityEntry>, Paging), StoreError> {
    // Every filter is a parameter; an absent one is NULL and matches everything.
    let where_sql = format!(
        "{} AND a.at_ms >= max(?3, coalesce(?4, ?3))
          AND (?5 IS NULL OR a.at_ms < ?5)
          AND (?6 IS NULL OR a.target_type = ?6)
          AND (?7 IS NULL OR a.action = ?7)
          AND (?8 IS NULL OR a.actor_name = ?8)
          AND (?9 IS NULL OR a.target_id = ?9)
          AND (?10 = '' OR instr(lower(a.target_name), ?10) > 0)",
        visible_to_key("?1", "?2")
    );
    let kind_type = filter.kind.map(|k| k.target_type.as_str());
    let kind_action = filter.kind.and_then(|k| k.action);
    let search = query.search.to_lowercase();
    let filters = params![
        account_id,
        key_id,
        oldest_ms,
        filter.since_ms,
        filter.until_ms,
        kind_type,
        kind_action,
        filter.actor,
        filter.target_id,
        search,
    ];
    let total: i64 = conn
        .prepare_cached(&format!(
            "SELECT count(*) FROM activity a WHERE {where_sql}"
        ))?
        .query_row(filters, |r| r.get(0))?;
    let (limit, offset) = limit_offset(query);
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM activity a WHERE {where_sql}
         ORDER BY a.at_ms DESC, a.seq DESC LIMIT ?11 OFFSET ?12"
    ))?;
    let entries = stmt
        .query_map(
            params![
                account_id,
                key_id,
                oldest_ms,
                filter.since_ms,
                filter.until_ms,
                kind_type,
                kind_action,
                filter.actor,
                filter.target_id,
                search,
                limit,
                offset
            ],
            entry_of_row,
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((entries, paging(query, total)))
}
