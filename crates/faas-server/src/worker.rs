//! The transition worker: settles STARTING and STOPPING deployments when their
//! `transition_due_at` has passed (`api.md` §2, `faas_api::lifecycle::settle`), and moves the
//! Vercel-style build queue on (`api.md` §4, [`store::builds::advance`]).
//!
//! One tokio task per app. It sleeps until the earliest due time found in the database, or
//! until a handler schedules a transition ([`Transitions::scheduled`] wakes it at once), with
//! a coarse poll as a safety net. Due times live in the database only, so a restarted server
//! settles what was already due at once and the rest when due: nothing hangs.
//!
//! Settling a start builds it ([`crate::js_check`]) off the writer: the due rows and their
//! code are read, built, and then written in one short IMMEDIATE transaction that applies a
//! result only if the row is still in that very transition (see
//! [`store::package_deployments::settle`]). What waits on a start settles in that same
//! transaction: a rolling update stops its old deployment once the new one runs
//! ([`rollouts::on_settled`]), and a scheduled START becomes DONE or FAILED
//! ([`scheduled::on_settled`]); so no crash can leave a new deployment running beside the
//! old one it replaces.

use std::sync::Arc;
use std::time::Duration;

use faas_api::{lifecycle, DeploymentState};

use tokio::sync::Notify;
use tokio::task::JoinHandle;

use crate::clock;
use crate::db::Db;
use crate::db::StoreError;
use crate::js_check;
use crate::store::builds::{self, BuildTimes};
use crate::store::package_deployments::{self as store, DueTransition};
use crate::store::{rollouts, scheduled};

/// The longest the worker sleeps without looking at the database.
pub const POLL_MS: u64 = 30_000;

/// How many due transitions are settled per round.
const BATCH: usize = 200;

/// The handle of the worker kept in the app state: wakes it, and stops it when the last
/// copy of the state is dropped.
pub struct Transitions {
    wake: Arc<Notify>,
    task: Option<JoinHandle<()>>,
}

/// What the worker settles with: how long a stop it begins itself (a rolling update's old
/// deployment) lasts, and the build queue's settings.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub transition_ms: u64,
    pub builds: BuildTimes,
}

impl Transitions {
    /// Starts the worker on the current tokio runtime. Without a runtime (a synchronous
    /// caller outside any), nothing is spawned and transitions wait for a server that has one.
    pub fn start(db: Db, settings: Settings) -> Transitions {
        let wake = Arc::new(Notify::new());
        let task = match tokio::runtime::Handle::try_current() {
            Ok(handle) => Some(handle.spawn(run(db, settings, wake.clone()))),
            Err(_) => {
                tracing::warn!("no tokio runtime: deployment transitions will not settle");
                None
            }
        };
        Transitions { wake, task }
    }

    /// Tells the worker that a transition was scheduled (call after the commit).
    pub fn scheduled(&self) {
        self.wake.notify_one();
    }

    /// What [`Transitions::scheduled`] pulls, for another task that schedules transitions
    /// (the scheduler of events).
    pub fn waker(&self) -> Arc<Notify> {
        self.wake.clone()
    }
}

impl Drop for Transitions {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

async fn run(db: Db, settings: Settings, wake: Arc<Notify>) {
    loop {
        let round = {
            let db = db.clone();
            tokio::task::spawn_blocking(move || {
                let now = clock::now_ms();
                let transitions = settle_due(&db, now, settings.transition_ms)?;
                let builds = advance_builds(&db, &settings.builds, now)?;
                Ok(earliest(transitions, builds))
            })
            .await
            .map_err(StoreError::from_join)
            .and_then(|r| r)
        };
        let next_due = match round {
            Ok(next_due) => next_due,
            Err(e) => {
                tracing::error!("settling deployment transitions or builds failed: {e}");
                Some(clock::now_ms() + 1000)
            }
        };
        let wait_ms = match next_due {
            Some(at) => u64::try_from(at - clock::now_ms())
                .unwrap_or(0)
                .min(POLL_MS),
            None => POLL_MS,
        };
        if wait_ms > 0 {
            tokio::select! {
                _ = tokio::time::sleep(Duration::from_millis(wait_ms)) => {}
                _ = wake.notified() => {}
            }
        }
    }
}

/// Builds every function of a start; the failures with their `line L:C: message`.
pub fn build(transition: &DueTransition) -> Vec<(String, String)> {
    transition
        .functions
        .iter()
        .filter_map(|(function_revision_id, code)| {
            js_check::check_module(code)
                .err()
                .map(|error| (function_revision_id.clone(), error))
        })
        .collect()
}

/// Settles every transition due at `now`; returns when the next one is due. A rolling
/// update's old deployment that this stops takes `transition_ms` to stop. Blocking.
pub fn settle_due(db: &Db, now: i64, transition_ms: u64) -> Result<Option<i64>, StoreError> {
    loop {
        let due = db.read_blocking(|conn| store::due(conn, now, BATCH))?;
        if due.is_empty() {
            break;
        }
        let built: Vec<(DueTransition, Vec<(String, String)>)> = due
            .into_iter()
            .map(|t| {
                let failures = build(&t);
                (t, failures)
            })
            .collect();
        let full = built.len() == BATCH;
        let settled = db.write_blocking(|tx| {
            let at = clock::now_ms();
            let mut settled = 0;
            for (transition, failures) in &built {
                if !store::settle(tx, transition, failures, at)? {
                    continue;
                }
                settled += 1;
                if transition.state == DeploymentState::Starting {
                    let state = lifecycle::settle(transition.state, failures.is_empty());
                    let build_error = failures.first().map(|(_, e)| e.as_str());
                    if let Some(old) = rollouts::on_settled(tx, &transition.id, state, transition_ms, at)? {
                        tracing::info!(new = %transition.id, %old, ?state, "rolling update: the new deployment runs, the old one stops");
                    }
                    scheduled::on_settled(tx, &transition.id, state, build_error)?;
                }
            }
            Ok(settled)
        })?;
        tracing::debug!(settled, "settled deployment transitions");
        if !full {
            break;
        }
    }
    db.read_blocking(store::next_due)
}

fn earliest(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Moves the build queue on to `now`: every step due by then ends (at its due time) and
/// queued deployments start as slots free. Returns when the next step ends. Blocking.
/// Tests call it with a `now` of their choosing to move time deterministically.
pub fn advance_builds(db: &Db, times: &BuildTimes, now: i64) -> Result<Option<i64>, StoreError> {
    loop {
        let changes = db.write_blocking(|tx| builds::advance(tx, times, now))?;
        if changes > 0 {
            tracing::debug!(changes, "advanced the build queue");
        }
        if changes < builds::EVENTS_PER_ROUND {
            break;
        }
    }
    db.read_blocking(builds::next_due)
}
