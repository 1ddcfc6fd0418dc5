//! What the server is started with: the [`Config`] the command line ([`crate::cli`]) makes,
//! and the defaults of its flags.

use std::net::SocketAddr;
use std::path::PathBuf;

use faas_api::validation::Limits;

use crate::clock::Clock;
use crate::store;

/// The defaults of `--build-concurrency`, `--build-initializing-ms`, `--build-building-ms`.
pub const DEFAULT_BUILD_CONCURRENCY: u32 = 1;
pub const DEFAULT_BUILD_INITIALIZING_MS: u64 = 1000;
pub const DEFAULT_BUILD_BUILDING_MS: u64 = 4000;

/// The default of `--max-running-deployments`.
pub const DEFAULT_RUNNING_DEPLOYMENTS_MAX: u32 = 50;

/// The default of `--max-kv-entries`: entries (strings, JSON documents, counters and
/// secrets together) one keyset may hold.
pub const DEFAULT_KV_ENTRIES_MAX: u32 = 10_000;

/// The default of `--activity-retention-days`: how long the activity log keeps an entry.
pub const DEFAULT_ACTIVITY_RETENTION_DAYS: u32 = 30;

/// Everything the server is started with.
#[derive(Debug, Clone)]
pub struct Config {
    pub listen: SocketAddr,
    /// `sqlite:PATH` or `sqlite::memory:`.
    pub database: String,
    pub static_dir: PathBuf,
    pub admin_key: Option<String>,
    pub demo: bool,
    /// How long STARTING and STOPPING last before the worker settles them.
    pub transition_ms: u64,
    pub cors_origins: Vec<String>,
    pub read_connections: usize,
    pub limits: Limits,
    pub running_deployments_max: u32,
    /// Vercel-style builds: how many of one team run at once, and how long each step lasts.
    pub build_concurrency: u32,
    pub build_initializing_ms: u64,
    pub build_building_ms: u64,
    /// Entries one keyset's data may hold (a new one past it: 422 FAAS-2003).
    pub kv_entries_max: u32,
    /// Days the activity log keeps an entry (older ones are never listed, and are deleted).
    pub activity_retention_days: u32,
    /// The clock of the rules that depend on time passing (KV expiry); tests move it.
    pub clock: Clock,
}

impl Default for Config {
    /// An in-memory server on a free port, as tests want it.
    fn default() -> Config {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            database: "sqlite::memory:".into(),
            static_dir: PathBuf::from("dist"),
            admin_key: None,
            demo: false,
            transition_ms: 2000,
            cors_origins: Vec::new(),
            read_connections: 4,
            limits: Limits::default(),
            running_deployments_max: DEFAULT_RUNNING_DEPLOYMENTS_MAX,
            build_concurrency: DEFAULT_BUILD_CONCURRENCY,
            build_initializing_ms: DEFAULT_BUILD_INITIALIZING_MS,
            build_building_ms: DEFAULT_BUILD_BUILDING_MS,
            kv_entries_max: DEFAULT_KV_ENTRIES_MAX,
            activity_retention_days: DEFAULT_ACTIVITY_RETENTION_DAYS,
            clock: Clock::system(),
        }
    }
}

impl Config {
    /// The deployment settings the scheduler of events starts and stops with.
    pub fn run_settings(&self) -> store::scheduled::RunSettings {
        store::scheduled::RunSettings {
            transition_ms: self.transition_ms,
            running_max: self.running_deployments_max,
        }
    }

    /// The oldest time (ms) an activity entry is kept at, as the clock reads `now_ms`.
    pub fn activity_oldest_ms(&self, now_ms: i64) -> i64 {
        now_ms.saturating_sub(i64::from(self.activity_retention_days) * 24 * 60 * 60 * 1000)
    }

    /// The build queue's settings from the flags (a concurrency of at least 1).
    pub fn build_times(&self) -> store::builds::BuildTimes {
        store::builds::BuildTimes {
            concurrency: self.build_concurrency.max(1),
            initializing_ms: i64::try_from(self.build_initializing_ms).unwrap_or(i64::MAX / 4),
            building_ms: i64::try_from(self.build_building_ms).unwrap_or(i64::MAX / 4),
        }
    }
}
