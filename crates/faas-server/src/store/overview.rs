//! The Overview (`GET /v2/faas/overview`, ours): what the console's first page shows, read in
//! one go. Every count is made by SQLite (`count(*)`, `GROUP BY`), never by loading rows, and
//! every read runs in one read transaction, so that the counts, the lists and the chart are
//! of one moment: a deployment that fails meanwhile is not counted RUNNING and listed FAILED.
//!
//! What the key sees: packages, revisions and the activity log of its account (the log as
//! [`super::activity::list`] shows it, with the builds of the scopes the key reaches as a
//! token); deployments, their failures and schedules only on the keysets given
//! ([`OverviewQuery::deployment_keysets`]); the builds of the scopes the key reaches.

use faas_api::activity::Outcome;
use faas_api::overview::{
    AttentionItem, AttentionKind, AttentionTotals, DayCount, DeploymentCounts, NeedsAttention,
    Overview, Series, TeamBuilds, ATTENTION_SHOWN, CHART_DAYS, LATEST_ENTRIES, STUCK_AFTER_MS,
};
use faas_api::paging::PageQuery;
use faas_api::{lifecycle, DeploymentState};
use rusqlite::{params, Connection, Row};

use super::activity::{self, visible_to_key, ListFilter};
use super::package_deployments as deployments;
use super::states_sql;
use super::vercel::{scopes_of_key_sql, teams_of_key_sql};
use crate::clock;
use crate::db::StoreError;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// Whose Overview, and as of when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverviewQuery {
    pub account_id: String,
    /// The caller's key (for the build scopes it reaches as a token).
    pub key_id: i64,
    /// The keysets whose deployments count (a key with `package-deployment:read` on some
    /// keysets only); `None`: all of the account's.
    pub deployment_keysets: Option<Vec<i64>>,
    /// The client's zone, minutes east of UTC, for the chart's local days.
    pub tz_offset_minutes: i32,
    /// Now by the server's clock: today, and how long a transition has lasted.
    pub now_ms: i64,
    /// The oldest activity entry still kept (the retention flag).
    pub activity_oldest_ms: i64,
    /// The account's limit of RUNNING deployments.
    pub running_max: u64,
}

/// The chart's window: local days `first_day..=today` (days since the epoch, in the client's
/// zone), and the instants they begin and end at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Window {
    first_day: i64,
    offset_ms: i64,
    /// The start of the first day (ms, UTC).
    from_ms: i64,
    /// The end of today (ms, UTC), exclusive.
    until_ms: i64,
}

impl Window {
    fn ending_at(now_ms: i64, tz_offset_minutes: i32) -> Window {
        let offset_ms = i64::from(tz_offset_minutes) * 60_000;
        let today = (now_ms + offset_ms).div_euclid(DAY_MS);
        let first_day = today - (CHART_DAYS as i64 - 1);
        Window {
            first_day,
            offset_ms,
            from_ms: first_day * DAY_MS - offset_ms,
            until_ms: (today + 1) * DAY_MS - offset_ms,
        }
    }

    /// Local day `day` (days since the epoch) as `YYYY-MM-DD`.
    fn date(day: i64) -> String {
        // The local date of a day number is the UTC date of its midnight.
        clock::format_ms(day * DAY_MS)[..10].to_owned()
    }
}

/// The Overview of `q`, read in one transaction.
pub fn read(conn: &Connection, q: &OverviewQuery) -> Result<Overview, StoreError> {
    // Deferred: the snapshot is taken at the first read and kept until the end, so that a
    // write committed meanwhile is in none of the reads or in all of them.
    let tx = conn.unchecked_transaction()?;
    let keysets = keysets_json(&q.deployment_keysets);
    let window = Window::ending_at(q.now_ms, q.tz_offset_minutes);
    let overview = Overview {
        packages: count(
            &tx,
            "SELECT count(*) FROM packages WHERE account_id = ?1",
            &q.account_id,
        )?,
        revisions: count(
            &tx,
            "SELECT count(*) FROM package_revisions r JOIN packages p ON p.id = r.package_id
             WHERE p.account_id = ?1",
            &q.account_id,
        )?,
        deployments: deployments_by_state(&tx, &q.account_id, keysets.as_deref())?,
        running_max: q.running_max,
        builds: builds_per_team(&tx, q.key_id)?,
        needs_attention: needs_attention([
            failed_deployments(&tx, &q.account_id, keysets.as_deref())?,
            stuck_deployments(
                &tx,
                &q.account_id,
                keysets.as_deref(),
                q.now_ms - STUCK_AFTER_MS,
            )?,
            failed_schedules(&tx, &q.account_id, keysets.as_deref())?,
            failed_builds(&tx, q.key_id, window.from_ms)?,
        ]),
        days: days(&tx, q, &window)?,
        latest: latest(&tx, q)?,
    };
    tx.commit()?;
    Ok(overview)
}

/// The keyset filter as one SQL parameter: NULL for every keyset, else a JSON array that
/// `json_each` reads (so that every query here is one prepared statement, whatever the
/// number of keysets).
fn keysets_json(keysets: &Option<Vec<i64>>) -> Option<String> {
    keysets
        .as_ref()
        .map(|ids| serde_json::Value::from(ids.clone()).to_string())
}

/// The condition on a keyset column `column` of the keysets of parameter `param`.
fn on_keysets(column: &str, param: &str) -> String {
    format!("({param} IS NULL OR {column} IN (SELECT value FROM json_each({param})))")
}

fn count(conn: &Connection, sql: &str, account_id: &str) -> Result<u64, StoreError> {
    let n: i64 = conn
        .prepare_cached(sql)?
        .query_row([account_id], |r| r.get(0))?;
    Ok(n.max(0) as u64)
}

fn deployments_by_state(
    conn: &Connection,
    account_id: &str,
    keysets: Option<&str>,
) -> Result<DeploymentCounts, StoreError> {
    let sql = format!(
        "SELECT state, count(*) FROM package_deployments d
         WHERE d.account_id = ?1 AND {} GROUP BY state",
        on_keysets("d.keyset_id", "?2")
    );
    let mut counts = DeploymentCounts::default();
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params![account_id, keysets])?;
    while let Some(row) = rows.next()? {
        let state = deployments::state_of(&row.get::<_, String>(0)?)?;
        counts.set(state, row.get::<_, i64>(1)?.max(0) as u64);
    }
    Ok(counts)
}

/// The states of a build that is not over yet.
const BUILD_IN_PROGRESS: &str = "('QUEUED', 'INITIALIZING', 'BUILDING')";

fn builds_per_team(conn: &Connection, key_id: i64) -> Result<Vec<TeamBuilds>, StoreError> {
    let sql = format!(
        "SELECT t.slug, t.name,
             (SELECT count(*) FROM vercel_deployments d
              WHERE d.scope = t.id AND d.state IN {BUILD_IN_PROGRESS})
         FROM vercel_teams t WHERE t.id IN ({})
         ORDER BY t.name COLLATE NOCASE, t.slug",
        teams_of_key_sql("?1")
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_map([key_id], |r| {
            Ok(TeamBuilds {
                slug: r.get(0)?,
                name: r.get(1)?,
                in_progress: r.get::<_, i64>(2)?.max(0) as u64,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// How many things of one kind need attention, and the few shown.
struct Shown {
    total: u64,
    items: Vec<AttentionItem>,
}

/// The four kinds' lists as one, in the order of [`AttentionKind::ALL`].
fn needs_attention(kinds: [Shown; 4]) -> NeedsAttention {
    let [failed_deployments, stuck_deployments, failed_schedules, failed_builds] =
        kinds.each_ref().map(|k| k.total);
    NeedsAttention {
        totals: AttentionTotals {
            failed_deployments,
            stuck_deployments,
            failed_schedules,
            failed_builds,
        },
        items: kinds.into_iter().flat_map(|k| k.items).collect(),
    }
}

/// Up to [`ATTENTION_SHOWN`] rows of `select`, whose last placeholder is its `LIMIT`, and
/// the total of `total_sql`; both take `args` first.
fn shown(
    conn: &Connection,
    total_sql: &str,
    select: &str,
    args: &[&dyn rusqlite::ToSql],
    row: impl FnMut(&Row<'_>) -> rusqlite::Result<AttentionItem>,
) -> Result<Shown, StoreError> {
    let total: i64 = conn
        .prepare_cached(total_sql)?
        .query_row(args, |r| r.get(0))?;
    let limit = ATTENTION_SHOWN as i64;
    let mut with_limit: Vec<&dyn rusqlite::ToSql> = args.to_vec();
    with_limit.push(&limit);
    let items = conn
        .prepare_cached(select)?
        .query_map(with_limit.as_slice(), row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Shown {
        total: total.max(0) as u64,
        items,
    })
}

fn failed_deployments(
    conn: &Connection,
    account_id: &str,
    keysets: Option<&str>,
) -> Result<Shown, StoreError> {
    let condition = format!(
        "d.account_id = ?1 AND d.state = '{}' AND {}",
        DeploymentState::Failed.as_str(),
        on_keysets("d.keyset_id", "?2")
    );
    // The first function, in the revision's order, whose build failed (the order in which
    // `GET /v2/faas/package-deployments/{id}` lists them).
    let select = format!(
        "SELECT d.id, p.name, d.package_revision_id, r.name, d.keyset_id,
             f.id, f.name, fd.error, d.updated_ms
         FROM package_deployments d
         JOIN package_revisions r ON r.id = d.package_revision_id
         JOIN packages p ON p.id = d.package_id
         LEFT JOIN function_deployments fd ON fd.package_deployment_id = d.id
             AND fd.function_revision_id = (
                 SELECT first.function_revision_id FROM function_deployments first
                 JOIN functions ff ON ff.function_revision_id = first.function_revision_id
                 WHERE first.package_deployment_id = d.id AND first.state = '{}'
                 ORDER BY ff.sort_order, ff.name LIMIT 1)
         LEFT JOIN functions f ON f.function_revision_id = fd.function_revision_id
         WHERE {condition}
         ORDER BY d.updated_ms DESC, d.id DESC LIMIT ?3",
        DeploymentState::Failed.as_str()
    );
    shown(
        conn,
        &format!("SELECT count(*) FROM package_deployments d WHERE {condition}"),
        &select,
        &[&account_id, &keysets],
        |r| {
            let (package, revision): (String, String) = (r.get(1)?, r.get(3)?);
            Ok(AttentionItem {
                package_revision_id: Some(r.get(2)?),
                keyset_id: Some(r.get(4)?),
                function_id: r.get(5)?,
                function_name: r.get(6)?,
                error: r.get(7)?,
                ..AttentionItem::new(
                    AttentionKind::FailedDeployment,
                    r.get(0)?,
                    format!("{package} {revision}"),
                    clock::format_ms(r.get(8)?),
                )
            })
        },
    )
}

fn stuck_deployments(
    conn: &Connection,
    account_id: &str,
    keysets: Option<&str>,
    since_before_ms: i64,
) -> Result<Shown, StoreError> {
    let condition = format!(
        "d.account_id = ?1 AND {} AND d.state IN {} AND d.updated_ms < ?3",
        on_keysets("d.keyset_id", "?2"),
        states_sql(lifecycle::is_transitional)
    );
    let select = format!(
        "SELECT d.id, p.name, r.name, d.keyset_id, d.state, d.updated_ms
         FROM package_deployments d
         JOIN package_revisions r ON r.id = d.package_revision_id
         JOIN packages p ON p.id = d.package_id
         WHERE {condition}
         ORDER BY d.updated_ms, d.id LIMIT ?4"
    );
    shown(
        conn,
        &format!("SELECT count(*) FROM package_deployments d WHERE {condition}"),
        &select,
        &[&account_id, &keysets, &since_before_ms],
        |r| {
            let (package, revision): (String, String) = (r.get(1)?, r.get(2)?);
            Ok(AttentionItem {
                keyset_id: Some(r.get(3)?),
                state: Some(deployments::state_of(&r.get::<_, String>(4)?)?),
                ..AttentionItem::new(
                    AttentionKind::StuckDeployment,
                    r.get(0)?,
                    format!("{package} {revision}"),
                    clock::format_ms(r.get(5)?),
                )
            })
        },
    )
}

fn failed_schedules(
    conn: &Connection,
    account_id: &str,
    keysets: Option<&str>,
) -> Result<Shown, StoreError> {
    // An event's last action that ran: the latest due among those DONE or FAILED (a
    // PENDING one has not run, and a STARTED one waits for its build); at the same time the
    // STOP, which runs after the START.
    // An event outlives its deployment; one that is gone is named by its id, as the
    // activity log names it.
    let from = format!(
        "FROM scheduled_events e
         JOIN scheduled_actions a ON a.id = (
             SELECT last.id FROM scheduled_actions last
             WHERE last.event_id = e.id AND last.state IN ('DONE', 'FAILED')
             ORDER BY last.due_ms DESC, CASE last.type WHEN 'STOP' THEN 0 ELSE 1 END LIMIT 1)
         LEFT JOIN package_deployments d ON d.id = e.package_deployment_id
         LEFT JOIN package_revisions r ON r.id = d.package_revision_id
         LEFT JOIN packages p ON p.id = r.package_id
         WHERE e.account_id = ?1 AND {} AND a.state = 'FAILED'",
        on_keysets("e.keyset_id", "?2")
    );
    let select = format!(
        "SELECT e.id, e.description, e.package_deployment_id,
             coalesce(p.name || ' ' || r.name, 'deleted deployment ' || e.package_deployment_id),
             coalesce(a.error, 'failed'), a.due_ms
         {from}
         ORDER BY a.due_ms DESC, e.id DESC LIMIT ?3"
    );
    shown(
        conn,
        &format!("SELECT count(*) {from}"),
        &select,
        &[&account_id, &keysets],
        |r| {
            let description: String = r.get(1)?;
            Ok(AttentionItem {
                package_deployment_id: Some(r.get(2)?),
                description: (!description.is_empty()).then_some(description),
                error: Some(r.get(4)?),
                ..AttentionItem::new(
                    AttentionKind::FailedSchedule,
                    r.get(0)?,
                    r.get(3)?,
                    clock::format_ms(r.get(5)?),
                )
            })
        },
    )
}

fn failed_builds(conn: &Connection, key_id: i64, since_ms: i64) -> Result<Shown, StoreError> {
    // CANCELED is a user's choice, not an error.
    let condition = format!(
        "d.scope IN ({}) AND d.state = 'ERROR' AND d.created_ms >= ?2",
        scopes_of_key_sql("?1")
    );
    let select = format!(
        "SELECT d.id, d.name, t.slug, d.error_message, d.created_ms
         FROM vercel_deployments d LEFT JOIN vercel_teams t ON t.id = d.scope
         WHERE {condition}
         ORDER BY d.created_ms DESC, d.seq DESC LIMIT ?3"
    );
    shown(
        conn,
        &format!("SELECT count(*) FROM vercel_deployments d WHERE {condition}"),
        &select,
        &[&key_id, &since_ms],
        |r| {
            Ok(AttentionItem {
                team: r.get(2)?,
                error: r.get(3)?,
                ..AttentionItem::new(
                    AttentionKind::FailedBuild,
                    r.get(0)?,
                    r.get(1)?,
                    clock::format_ms(r.get(4)?),
                )
            })
        },
    )
}

/// The chart: the entries of the log the key sees, counted per local day, kind and outcome
/// by SQLite, then put in their series.
fn days(
    conn: &Connection,
    q: &OverviewQuery,
    window: &Window,
) -> Result<Vec<DayCount>, StoreError> {
    let sql = format!(
        "SELECT (a.at_ms + ?5) / {DAY_MS} - ?6 AS day, a.target_type, a.action,
             a.outcome = '{}', count(*)
         FROM activity a
         WHERE {} AND a.at_ms >= ?3 AND a.at_ms < ?4
         GROUP BY day, a.target_type, a.action, a.outcome",
        Outcome::Failed.as_str(),
        visible_to_key("?1", "?2")
    );
    let mut days: Vec<DayCount> = (0..CHART_DAYS as i64)
        .map(|i| DayCount {
            date: Window::date(window.first_day + i),
            deploys: 0,
            starts: 0,
            stops: 0,
            failures: 0,
        })
        .collect();
    // Retention bounds the window too: an entry past it is no longer shown anywhere.
    let from_ms = window.from_ms.max(q.activity_oldest_ms);
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params![
        q.account_id,
        q.key_id,
        from_ms,
        window.until_ms,
        window.offset_ms,
        window.first_day
    ])?;
    while let Some(row) = rows.next()? {
        let day: i64 = row.get(0)?;
        let target_type: String = row.get(1)?;
        let action: String = row.get(2)?;
        let failed: bool = row.get(3)?;
        let n: i64 = row.get(4)?;
        let kind = format!("{target_type}.{action}");
        let (Some(series), Some(count)) = (
            Series::of(&kind, failed),
            usize::try_from(day).ok().and_then(|i| days.get_mut(i)),
        ) else {
            continue;
        };
        count.add(series, u32::try_from(n).unwrap_or(u32::MAX));
    }
    Ok(days)
}

/// The newest entries, exactly as the first page of `GET /v2/faas/activity` answers them.
fn latest(
    conn: &Connection,
    q: &OverviewQuery,
) -> Result<Vec<faas_api::activity::ActivityEntry>, StoreError> {
    let page = PageQuery {
        page: 0,
        size: LATEST_ENTRIES as u32,
        sort: None,
        search: String::new(),
    };
    let (entries, _) = activity::list(
        conn,
        &q.account_id,
        q.key_id,
        &ListFilter::default(),
        &page,
        q.activity_oldest_ms,
    )?;
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_ends_today_in_the_clients_zone() {
        // 2026-12-05T23:30:00Z: already the 6th an hour east of UTC, still the 5th at UTC.
        let now = 1_796_513_400_000;
        assert_eq!(clock::format_ms(now), "2026-12-05T23:30:00.000Z");
        let utc = Window::ending_at(now, 0);
        assert_eq!(
            Window::date(utc.first_day + CHART_DAYS as i64 - 1),
            "2026-12-05"
        );
        assert_eq!(clock::format_ms(utc.until_ms), "2026-12-06T00:00:00.000Z");
        let east = Window::ending_at(now, 60);
        assert_eq!(
            Window::date(east.first_day + CHART_DAYS as i64 - 1),
            "2026-12-06"
        );
        assert_eq!(clock::format_ms(east.until_ms), "2026-12-06T23:00:00.000Z");
        assert_eq!(clock::format_ms(east.from_ms), "2026-11-22T23:00:00.000Z");
        let west = Window::ending_at(now, -840);
        assert_eq!(
            Window::date(west.first_day + CHART_DAYS as i64 - 1),
            "2026-12-05"
        );
        assert_eq!(clock::format_ms(west.from_ms), "2026-11-22T14:00:00.000Z");
    }
}
