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
    pub deployments: DeploymentCounts,
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

/// Deployments per state, zeros included: an object rather than a list, so that a client
/// reads a state's count by its name.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub struct DeploymentCounts {
    pub stopped: u64,
    pub starting: u64,
    pub running: u64,
    pub stopping: u64,
    pub failed: u64,
}

impl DeploymentCounts {
    pub fn of(&self, state: DeploymentState) -> u64 {
        match state {
            DeploymentState::Stopped => self.stopped,
            DeploymentState::Starting => self.starting,
            DeploymentState::Running => self.running,
            DeploymentState::Stopping => self.stopping,
            DeploymentState::Failed => self.failed,
        }
    }

    pub fn set(&mut self, state: DeploymentState, count: u64) {
        *match state {
            DeploymentState::Stopped => &mut self.stopped,
            DeploymentState::Starting => &mut self.starting,
            DeploymentState::Running => &mut self.running,
            DeploymentState::Stopping => &mut self.stopping,
            DeploymentState::Failed => &mut self.failed,
        } = count;
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TeamBuilds {
    pub slug: String,
    pub name: String,
    pub in_progress: u64,
}

/// What needs attention: how many of each kind, and up to [`ATTENTION_SHOWN`] of each kind,
/// newest first, in the order of [`AttentionKind::ALL`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NeedsAttention {
    pub totals: AttentionTotals,
    pub items: Vec<AttentionItem>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AttentionTotals {
    pub failed_deployments: u64,
    pub stuck_deployments: u64,
    pub failed_schedules: u64,
    pub failed_builds: u64,
}

impl AttentionTotals {
    pub fn of(&self, kind: AttentionKind) -> u64 {
        match kind {
            AttentionKind::FailedDeployment => self.failed_deployments,
            AttentionKind::StuckDeployment => self.stuck_deployments,
            AttentionKind::FailedSchedule => self.failed_schedules,
            AttentionKind::FailedBuild => self.failed_builds,
        }
    }

    pub fn all(&self) -> u64 {
        AttentionKind::ALL.iter().map(|k| self.of(*k)).sum()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AttentionKind {
    /// A FAILED deployment, most recently changed first.
    FailedDeployment,
    /// A deployment STARTING or STOPPING for longer than [`STUCK_AFTER_MS`], longest first.
    StuckDeployment,
    /// A scheduled event whose last action that ran failed, most recent failure first.
    FailedSchedule,
    /// A build in ERROR created in the last [`CHART_DAYS`] days, newest first.
    FailedBuild,
}

impl AttentionKind {
    pub const ALL: [AttentionKind; 4] = [
        AttentionKind::FailedDeployment,
        AttentionKind::StuckDeployment,
        AttentionKind::FailedSchedule,
        AttentionKind::FailedBuild,
    ];
}

/// One thing that needs attention. The fields after `at` are those its kind has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AttentionItem {
    pub kind: AttentionKind,
    /// The deployment's, the scheduled event's or the build's (`dpl_…`) id.
    pub id: String,
    /// What it is called: a deployment by its package and revision (`Chat v2`), a schedule by
    /// its deployment's, a build by its name.
    pub name: String,
    /// Since when it needs attention (RFC 3339): the deployment's `updatedDttm`, the failed
    /// action's due time, the build's creation.
    pub at: String,
    /// A deployment's keyset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keyset_id: Option<i64>,
    /// A stuck deployment's state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<DeploymentState>,
    /// Why it failed: a deployment's first build error (`line 2:19: Unexpected token`), a
    /// scheduled action's error, a build's error message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// A failed deployment's revision, and its function whose build failed (`Function::id`,
    /// its identity across revisions, and name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package_revision_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function_name: Option<String>,
    /// A failed schedule's deployment and description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package_deployment_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// A failed build's team (its slug); absent for a personal scope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
}

impl AttentionItem {
    /// An item of `kind` with none of the optional fields, for the server to fill in.
    pub fn new(kind: AttentionKind, id: String, name: String, at: String) -> Self {
        AttentionItem {
            kind,
            id,
            name,
            at,
            keyset_id: None,
            state: None,
            error: None,
            package_revision_id: None,
            function_id: None,
            function_name: None,
            package_deployment_id: None,
            description: None,
            team: None,
        }
    }
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

    /// `n` more entries of `series` (a day's count never wraps).
    pub fn add(&mut self, series: Series, n: u32) {
        let field = match series {
            Series::Deploys => &mut self.deploys,
            Series::Starts => &mut self.starts,
            Series::Stops => &mut self.stops,
            Series::Failures => &mut self.failures,
        };
        *field = field.saturating_add(n);
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
    fn counts_are_read_by_state_and_kind() {
        let mut counts = DeploymentCounts::default();
        counts.set(DeploymentState::Running, 3);
        assert_eq!(counts.of(DeploymentState::Running), 3);
        assert_eq!(serde_json::to_value(counts).unwrap()["RUNNING"], 3);
        let totals = AttentionTotals {
            failed_deployments: 2,
            failed_builds: 1,
            ..Default::default()
        };
        assert_eq!(totals.all(), 3);
        let item = AttentionItem::new(
            AttentionKind::FailedBuild,
            "dpl_1".into(),
            "web".into(),
            "2026-12-06T10:00:00.000Z".into(),
        );
        let json = serde_json::to_value(&item).unwrap();
        assert_eq!(json["kind"], "failed-build");
        assert!(json.get("keysetId").is_none(), "absent, not null: {json}");
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
        day.add(Series::Starts, 1);
        day.add(Series::Starts, 1);
        day.add(Series::Failures, 1);
        assert_eq!(day.count(Series::Starts), 2);
        assert_eq!(day.total(), 3);
        let json = serde_json::to_value(&day).unwrap();
        assert_eq!(json["starts"], 2);
    }
}
