//! The scheduler of events (`api.md` §5 "Scheduled events"): runs each scheduled action
//! when its time comes by the server's [`Clock`], within a second.
//!
//! One tokio task per app. Every [`POLL_MS`] (or at once when a handler changed an event,
//! [`Scheduler::changed`]) it reads when the next PENDING action is due, and when that time
//! has come runs what is due in one transaction ([`store::run_due`]), which claims each
//! action with a conditional update: several servers on one database file run each action
//! once, and an action that was due while no server ran is run by the first round after a
//! start, once. The deployments it starts and stops are then settled by
//! [`crate::worker`], which it wakes.
//!
//! Polling rather than sleeping until the next due time: another server may add or change
//! an event in the same file, and a test may move the clock.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;
use tokio::task::JoinHandle;

use crate::clock::Clock;
use crate::db::{Db, StoreError};
use crate::store::scheduled::{self as store, RunSettings};

/// The longest the scheduler waits between two looks at the database.
pub const POLL_MS: u64 = 500;

/// How many actions one transaction runs at most.
const BATCH: usize = 100;

/// The handle kept in the app state: wakes the scheduler, and stops it when dropped.
pub struct Scheduler {
    wake: Arc<Notify>,
    task: Option<JoinHandle<()>>,
}

impl Scheduler {
    /// Starts the scheduler on the current tokio runtime (without one, nothing runs), telling
    /// `transitions` whenever it started or stopped a deployment.
    pub fn start(
        db: Db,
        clock: Clock,
        settings: RunSettings,
        transitions: Arc<Notify>,
    ) -> Scheduler {
        let wake = Arc::new(Notify::new());
        let task = match tokio::runtime::Handle::try_current() {
            Ok(handle) => Some(handle.spawn(run(db, clock, settings, wake.clone(), transitions))),
            Err(_) => {
                tracing::warn!("no tokio runtime: scheduled actions will not run");
                None
            }
        };
        Scheduler { wake, task }
    }

    /// Tells the scheduler that an event was created or changed (call after the commit).
    pub fn changed(&self) {
        self.wake.notify_one();
    }
}

impl Drop for Scheduler {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// Runs every action due at `now`; returns how many ran. Blocking.
pub fn run_due(db: &Db, now: i64, settings: &RunSettings) -> Result<usize, StoreError> {
    let mut total = 0;
    loop {
        // A read first, so that an idle server takes no write lock twice a second.
        let due = db.read_blocking(store::next_due)?;
        if due.is_none_or(|at| at > now) {
            return Ok(total);
        }
        let ran = db.write_blocking(|tx| store::run_due(tx, now, settings, BATCH))?;
        total += ran;
        if ran < BATCH {
            return Ok(total);
        }
    }
}

async fn run(
    db: Db,
    clock: Clock,
    settings: RunSettings,
    wake: Arc<Notify>,
    transitions: Arc<Notify>,
) {
    loop {
        let round = {
            let (db, now) = (db.clone(), clock.now_ms());
            tokio::task::spawn_blocking(move || run_due(&db, now, &settings))
                .await
                .map_err(StoreError::from_join)
                .and_then(|r| r)
        };
        match round {
            Ok(0) => {}
            Ok(_) => transitions.notify_one(),
            Err(e) => tracing::error!("running scheduled actions failed: {e}"),
        }
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_millis(POLL_MS)) => {}
            _ = wake.notified() => {}
        }
    }
}
