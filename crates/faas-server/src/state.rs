//! [`AppState`]: what every handler can reach.

use std::sync::Arc;

use crate::access::AuthCache;
use crate::bootstrap;
use crate::clock::Clock;
use crate::config::Config;
use crate::db::Db;
use crate::scheduler;
use crate::secret_box::SecretBox;
use crate::store;
use crate::worker;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub auth_cache: Arc<AuthCache>,
    /// The admin key and its account.
    pub admin: Arc<bootstrap::Admin>,
    /// The worker that settles deployment transitions; stops with the last copy of the state.
    pub transitions: Arc<worker::Transitions>,
    /// The scheduler of events; stops with the last copy of the state.
    pub scheduler: Arc<scheduler::Scheduler>,
    /// Seals secret values before they are stored.
    pub secrets: Arc<SecretBox>,
}

impl AppState {
    /// Forgets cached principals; call after changing keys or grants.
    pub fn keys_changed(&self) {
        self.auth_cache.clear();
    }

    /// The build queue's settings.
    pub fn build_times(&self) -> store::builds::BuildTimes {
        self.config.build_times()
    }

    /// The server's clock, for rules that depend on time passing (KV expiry, scheduled
    /// events); tests move it (see [`crate::clock`]).
    pub fn clock(&self) -> &Clock {
        &self.config.clock
    }

    /// What the scheduler runs actions with.
    pub fn run_settings(&self) -> store::scheduled::RunSettings {
        self.config.run_settings()
    }

    /// `--transition-ms` as a duration.
    pub fn transition(&self) -> std::time::Duration {
        std::time::Duration::from_millis(self.config.transition_ms)
    }
}
