//! The Overview (ours): `GET /v2/faas/overview` answers in one read what the console's first
//! page shows, so that the page most visits start on costs one request: what exists and what
//! runs, what needs attention, the activity of the last [`CHART_DAYS`] days per day, and the
//! latest entries of the activity log.
//!
//! Everything in it is what the key may read: deployments, their failures and schedules only
//! on the keysets the key holds `functions.package-deployment:read` on (none without it);
//! builds of the account's own teams.

use serde::{Deserialize, Serialize};

use crate::activity::ActivityEntry;
use crate::DeploymentState;

/// How many days [`Overview::days`] counts, today (in the client's zone) included.
pub const CHART_DAYS: usize = 14;

/// How many entries [`Overview::latest`] holds, newest first.
pub const LATEST_ENTRIES: usize = 10;

/// How many items each "needs attention" list shows, newest first, beside its total.
pub const ATTENTION_SHOWN: usize = 5;

/// A deployment STARTING or STOPPING for longer than this needs attention: a transition takes
/// seconds.
pub const STUCK_AFTER_MS: i64 = 2 * 60_000;

/// The zone offsets the `tz_offset` query accepts, minutes east of UTC (UTC−14:00..=+14:00).
pub const TZ_OFFSET_RANGE: std::ops::RangeInclusive<i32> = -840..=840;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Overview {
    pub packages: u64,
    /// Revisions of every package.
    pub revisions: u64,
    /// Deployments per state, one row for each state of [`DeploymentState::ALL`] in its order,
    /// zeros included.
    pub deployments: Vec<StateCount>,
    /// The account's limit of RUNNING deployments (`GET /v2/faas/limits`' `maxValue`).
    pub running_max: u64,
    /// The account's teams with their builds queued, initializing or building.
    pub builds: Vec<TeamBuilds>,
    pub needs_attention: NeedsAttention,
    /// [`CHART_DAYS`] days, oldest first, ending today in the zone of `tz_offset`.
    pub days: Vec<DayCount>,
    /// The newest [`LATEST_ENTRIES`] activity entries.
    pub latest: Vec<ActivityEntry>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StateCount {
    pub state: DeploymentState,
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TeamBuilds {
    pub slug: String,
    pub name: String,
    pub in_progress: u64,
}

/// Up to [`ATTENTION_SHOWN`] items, newest first, and how many there are in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Shown<T> {
    pub total: u64,
    pub items: Vec<T>,
}

impl<T> Default for Shown<T> {
    fn default() -> Self {
        Shown {
            total: 0,
            items: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NeedsAttention {
    /// FAILED deployments, most recently changed first.
    pub failed_deployments: Shown<FailedDeployment>,
    /// Deployments STARTING or STOPPING for longer than [`STUCK_AFTER_MS`], longest first.
    pub stuck_deployments: Shown<StuckDeployment>,
    /// Scheduled events whose last action that ran failed, most recent failure first.
    pub failed_schedules: Shown<FailedSchedule>,
    /// Builds in ERROR in the last [`CHART_DAYS`] days, newest first.
    pub failed_builds: Shown<FailedBuild>,
}

/// A FAILED deployment with the first function whose build failed, and its error
/// (`line 2:19: Unexpected token`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FailedDeployment {
    pub id: String,
    pub package_id: String,
    pub package_name: String,
    pub package_revision_id: String,
    pub revision_name: String,
    pub keyset_id: i64,
    /// The failed function's identity across revisions (`Function::id`), when one failed.
    pub function_id: Option<String>,
    pub function_name: Option<String>,
    pub error: Option<String>,
    pub updated_dttm: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StuckDeployment {
    pub id: String,
    pub package_name: String,
    pub revision_name: String,
    pub keyset_id: i64,
    pub state: DeploymentState,
    /// When it entered its state.
    pub updated_dttm: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FailedSchedule {
    pub id: String,
    pub description: String,
    pub package_deployment_id: String,
    /// The deployment's package and revision, `Chat v2`.
    pub deployment_name: String,
    /// Why the action failed.
    pub error: String,
    /// When the failed action was due.
    pub dttm: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FailedBuild {
    /// The build's id (`dpl_…`).
    pub id: String,
    pub name: String,
    /// Its team's slug; absent for a personal scope.
    pub team: Option<String>,
    pub error_message: Option<String>,
    /// When it was created, milliseconds since the epoch (as the Vercel contract's times).
    pub created_at: i64,
}

/// One local day of the activity chart: `date` is `YYYY-MM-DD` in the client's zone. An entry
/// counts in at most one series: anything that failed (a build, a start, a scheduled action)
/// is a failure; otherwise `deployment.create` is a deploy, `deployment.start` a start and
/// `deployment.stop` a stop, whoever made them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DayCount {
    pub date: String,
    pub deploys: u32,
    pub starts: u32,
    pub stops: u32,
    pub failures: u32,
}

/// The series an activity entry counts in on the chart, if any (see [`DayCount`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Series {
    Deploys,
    Starts,
    Stops,
    Failures,
}

impl Series {
    pub const ALL: [Series; 4] = [
        Series::Deploys,
        Series::Starts,
        Series::Stops,
        Series::Failures,
    ];

    pub fn of(kind: &str, failed: bool) -> Option<Series> {
        if failed {
            return Some(Series::Failures);
        }
        match kind {
            "deployment.create" => Some(Series::Deploys),
            "deployment.start" => Some(Series::Starts),
            "deployment.stop" => Some(Series::Stops),
            _ => None,
        }
    }
}

impl DayCount {
    pub fn count(&self, series: Series) -> u32 {
        match series {
            Series::Deploys => self.deploys,
            Series::Starts => self.starts,
            Series::Stops => self.stops,
            Series::Failures => self.failures,
        }
    }

    pub fn add(&mut self, series: Series) {
        match series {
            Series::Deploys => self.deploys += 1,
            Series::Starts => self.starts += 1,
            Series::Stops => self.stops += 1,
            Series::Failures => self.failures += 1,
        }
    }

    pub fn total(&self) -> u32 {
        Series::ALL.iter().map(|s| self.count(*s)).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_counts_in_one_series_and_failures_come_first() {
        assert_eq!(Series::of("deployment.start", true), Some(Series::Failures));
        assert_eq!(Series::of("build.build", true), Some(Series::Failures));
        assert_eq!(
            Series::of("deployment.create", false),
            Some(Series::Deploys)
        );
        assert_eq!(Series::of("deployment.stop", false), Some(Series::Stops));
        assert_eq!(Series::of("package.create", false), None);
    }

    #[test]
    fn a_day_adds_and_totals_its_series() {
        let mut day = DayCount {
            date: "2026-12-06".into(),
            deploys: 0,
            starts: 0,
            stops: 0,
            failures: 0,
        };
        day.add(Series::Starts);
        day.add(Series::Starts);
        day.add(Series::Failures);
        assert_eq!(day.count(Series::Starts), 2);
        assert_eq!(day.total(), 3);
        let json = serde_json::to_value(&day).unwrap();
        assert_eq!(json["starts"], 2);
    }
}
