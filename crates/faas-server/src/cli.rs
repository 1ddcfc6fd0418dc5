//! The command line:
//! `faas-server [--listen 127.0.0.1:8080] [--database sqlite:faas-console.db | sqlite::memory:]
//! [--static-dir dist] [--admin-key KEY] [--demo] [--transition-ms MS]`, plus the limits of
//! `api.md` §2 with their documented defaults, and the build queue of `api.md` §4
//! (`--build-concurrency`, `--build-initializing-ms`, `--build-building-ms`) and the entries
//! of a keyset's data of `api.md` §5 (`--max-kv-entries`). Other tools rely
//! on these names.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;
use faas_api::validation::Limits;

use crate::Config;

/// Reference server of the faas-console contracts (Functions v2, Vercel-style deployments), on
/// embedded SQLite.
#[derive(Debug, Parser)]
#[command(name = "faas-server", version, about)]
pub struct Cli {
    /// Address to listen on; port 0 picks a free port (the printed URL shows the real one).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// `sqlite:PATH` for a file (created if missing), or `sqlite::memory:`.
    #[arg(long, default_value = "sqlite:faas-console.db")]
    pub database: String,
    /// The built console to serve at `/` (Trunk's `dist`).
    #[arg(long, default_value = "dist")]
    pub static_dir: PathBuf,
    /// An API key holding every grant on the admin account; generated on first start if absent.
    #[arg(long)]
    pub admin_key: Option<String>,
    /// Fill an empty database with demo apps, keysets, keys, packages and deployments.
    #[arg(long)]
    pub demo: bool,
    /// How long STARTING and STOPPING last, in milliseconds.
    #[arg(long, default_value_t = 2000)]
    pub transition_ms: u64,
    /// Another origin allowed by CORS (repeatable), e.g. `https://console.example.com`.
    #[arg(long = "cors-origin")]
    pub cors_origins: Vec<String>,
    /// Log filter for stderr (`info`, `debug`, `faas_server=debug,tower_http=info`).
    #[arg(long, default_value = "info")]
    pub log: String,
    /// Read connections beside the one writer (file databases only).
    #[arg(long, default_value_t = 4)]
    pub read_connections: usize,
    /// Maximum characters of a package, revision or function name.
    #[arg(long, default_value_t = Limits::default().name_max_chars)]
    pub max_name_chars: usize,
    /// Maximum characters of a description.
    #[arg(long, default_value_t = Limits::default().description_max_chars)]
    pub max_description_chars: usize,
    /// Maximum tags per package.
    #[arg(long, default_value_t = Limits::default().tags_max)]
    pub max_tags: usize,
    /// Maximum characters of a tag.
    #[arg(long, default_value_t = Limits::default().tag_max_chars)]
    pub max_tag_chars: usize,
    /// Maximum functions per revision (over → 422 FAAS-1006).
    #[arg(long, default_value_t = Limits::default().functions_max)]
    pub max_functions: usize,
    /// Maximum bytes of a function's code.
    #[arg(long, default_value_t = Limits::default().code_max_bytes)]
    pub max_code_bytes: usize,
    /// Maximum packages per account (over → 422 FAAS-1005).
    #[arg(long, default_value_t = Limits::default().packages_max)]
    pub max_packages: usize,
    /// Maximum deployments per revision (over → 422 FAAS-2001).
    #[arg(long, default_value_t = Limits::default().deployments_per_revision_max)]
    pub max_deployments_per_revision: usize,
    /// Maximum package deployments running at once per account (a start past it → 422
    /// FAAS-2002; the limits endpoint's `maxValue`).
    #[arg(long, default_value_t = crate::DEFAULT_RUNNING_DEPLOYMENTS_MAX)]
    pub max_running_deployments: u32,
    /// Vercel-style builds of one team (or personal scope) INITIALIZING or BUILDING at once;
    /// the others wait QUEUED, oldest first.
    #[arg(long, default_value_t = crate::DEFAULT_BUILD_CONCURRENCY,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub build_concurrency: u32,
    /// How long a Vercel-style build stays INITIALIZING, in milliseconds (at least 1: a build
    /// then begins BUILDING strictly after it was created, which is how a `buildingAt` that
    /// is still the creation time reads as "not yet").
    #[arg(long, default_value_t = crate::DEFAULT_BUILD_INITIALIZING_MS,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub build_initializing_ms: u64,
    /// How long a Vercel-style build stays BUILDING, in milliseconds.
    #[arg(long, default_value_t = crate::DEFAULT_BUILD_BUILDING_MS)]
    pub build_building_ms: u64,
    /// Maximum entries of one keyset's data: strings, JSON documents, counters and secrets
    /// together (a new one past it → 422 FAAS-2003).
    #[arg(long, default_value_t = crate::DEFAULT_KV_ENTRIES_MAX)]
    pub max_kv_entries: u32,
    /// Days the activity log keeps an entry (1 to 3650); older entries are deleted at start
    /// and never listed.
    #[arg(long, default_value_t = crate::config::DEFAULT_ACTIVITY_RETENTION_DAYS,
          value_parser = clap::value_parser!(u32).range(1..=3650))]
    pub activity_retention_days: u32,
}

impl Cli {
    pub fn into_config(self) -> Config {
        Config {
            listen: self.listen,
            database: self.database,
            static_dir: self.static_dir,
            admin_key: self.admin_key.filter(|k| !k.trim().is_empty()),
            demo: self.demo,
            transition_ms: self.transition_ms,
            cors_origins: self.cors_origins,
            read_connections: self.read_connections,
            limits: Limits {
                name_max_chars: self.max_name_chars,
                description_max_chars: self.max_description_chars,
                tags_max: self.max_tags,
                tag_max_chars: self.max_tag_chars,
                functions_max: self.max_functions,
                code_max_bytes: self.max_code_bytes,
                packages_max: self.max_packages,
                deployments_per_revision_max: self.max_deployments_per_revision,
            },
            running_deployments_max: self.max_running_deployments,
            build_concurrency: self.build_concurrency,
            build_initializing_ms: self.build_initializing_ms,
            build_building_ms: self.build_building_ms,
            kv_entries_max: self.max_kv_entries,
            activity_retention_days: self.activity_retention_days,
            clock: crate::clock::Clock::system(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[test]
    fn a_build_spends_at_least_a_millisecond_initializing() {
        let parse = |ms: &str| Cli::try_parse_from(["faas-server", "--build-initializing-ms", ms]);
        assert!(parse("0").is_err());
        assert_eq!(parse("1").unwrap().into_config().build_initializing_ms, 1);
    }
}
