//! Deployments that build (Vercel's contract, `api.md` §4), in plain Rust: the timeline of a
//! build, how long it took, what a bulk cancel did. The pages under
//! `pages::builds` only render these.
//!
//! Which builds can be canceled is decided for console and server alike by
//! [`ReadyState::is_cancelable`].

mod new_build;

use faas_api::vercel::{Deployment, ReadyState};

pub use new_build::NewBuild;

/// What the console calls the builds of the key's personal scope (no team), wherever it
/// names whose builds they are.
pub const PERSONAL_SCOPE: &str = "your own account";

/// What to call a deployment on screen: the first label of its URL (`chat-web-k3j4h5g6`),
/// unique where its name (`chat-web`) is shared by every deployment of a project.
pub fn display_name(d: &Deployment) -> &str {
    match d.url.split('.').next() {
        Some(label) if !label.is_empty() => label,
        _ => &d.name,
    }
}

/// One step of a build's timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub state: ReadyState,
    /// When the step began, in ms since the epoch.
    pub at: i64,
    /// How long it lasted, or has lasted so far when it is `current`; `None` for the final
    /// state, which is a moment, not a step.
    pub lasted: Option<i64>,
    /// The build is in this step now.
    pub current: bool,
}

/// The steps a build went through, in order: queued → initializing → building → ready,
/// error or canceled. A step the build skipped (canceled while queued) is left out; `now_ms`
/// times the step under way.
pub fn timeline(d: &Deployment, now_ms: i64) -> Vec<Step> {
    let ended = match d.ready_state {
        ReadyState::Ready | ReadyState::Error => d.ready,
        ReadyState::Canceled => d.canceled_at,
        _ => None,
    };
    let starts = [
        (ReadyState::Queued, Some(d.created_at)),
        (ReadyState::Initializing, d.initializing_at),
        (ReadyState::Building, d.building_began()),
    ];
    let begun: Vec<(ReadyState, i64)> = starts
        .into_iter()
        .filter_map(|(state, at)| at.map(|at| (state, at)))
        .collect();
    let mut steps = Vec::with_capacity(begun.len() + 1);
    for (i, &(state, at)) in begun.iter().enumerate() {
        let next = begun.get(i + 1).map(|&(_, at)| at).or(ended);
        let current = next.is_none() && d.ready_state == state;
        let until = next.unwrap_or(now_ms);
        steps.push(Step {
            state,
            at,
            lasted: Some((until - at).max(0)),
            current,
        });
    }
    if d.ready_state.is_final() {
        steps.push(Step {
            state: d.ready_state,
            at: ended.unwrap_or(d.created_at),
            lasted: None,
            current: true,
        });
    }
    steps
}

/// How long the build itself ran (from BUILDING to its end, or to `now_ms` while it builds);
/// `None` for a build that never began building.
pub fn build_duration(d: &Deployment, now_ms: i64) -> Option<i64> {
    let began = d.building_began()?;
    let ended = match d.ready_state {
        ReadyState::Building => now_ms,
        ReadyState::Canceled => d.canceled_at?,
        _ => d.ready.or(d.canceled_at)?,
    };
    Some((ended - began).max(0))
}

/// A duration for people: `0.4s`, `12s`, `4m 05s`, `2h 03m`.
pub fn format_duration(ms: i64) -> String {
    let ms = ms.max(0);
    let seconds = ms / 1000;
    match seconds {
        0..=9 => format!("{}.{}s", seconds, (ms % 1000) / 100),
        10..=59 => format!("{seconds}s"),
        60..=3_599 => format!("{}m {:02}s", seconds / 60, seconds % 60),
        _ => format!("{}h {:02}m", seconds / 3_600, (seconds % 3_600) / 60),
    }
}

/// What a bulk cancel did: which builds were canceled, and which were refused and why.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BulkCancel {
    pub canceled: Vec<String>,
    /// A build's name and the server's reason.
    pub refused: Vec<(String, String)>,
}

impl BulkCancel {
    /// One sentence for the live region: "Canceled 2 of 3 deployments; 1 could not be canceled."
    pub fn summary(&self) -> String {
        let total = self.canceled.len() + self.refused.len();
        let noun = if total == 1 {
            "deployment"
        } else {
            "deployments"
        };
        if self.refused.is_empty() {
            format!("Canceled {} {noun}.", self.canceled.len())
        } else {
            format!(
                "Canceled {} of {total} {noun}; {} could not be canceled.",
                self.canceled.len(),
                self.refused.len()
            )
        }
    }
}

/// What a screen reader hears when a build this tab created or canceled changes state.
pub fn announcement(name: &str, before: ReadyState, after: &Deployment) -> Option<String> {
    if before == after.ready_state {
        return None;
    }
    Some(match (&after.error_message, after.ready_state) {
        (Some(why), ReadyState::Error) => format!("{name} is now ERROR: {why}"),
        (_, state) => format!("{name} is now {}.", state.as_str()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use faas_api::vercel::Creator;
    use ReadyState::*;

    fn build(state: ReadyState) -> Deployment {
        Deployment {
            uid: "dpl_1".into(),
            id: "dpl_1".into(),
            name: "web".into(),
            url: "web-1.example.test".into(),
            project_id: None,
            created: 1_000,
            created_at: 1_000,
            initializing_at: None,
            // Until it builds, `buildingAt` is its creation time.
            building_at: Some(1_000),
            ready: None,
            canceled_at: None,
            state,
            ready_state: state,
            ready_substate: None,
            deployment_type: "LAMBDAS".into(),
            creator: Creator {
                uid: "usr_1".into(),
                username: None,
            },
            source: None,
            target: None,
            meta: Default::default(),
            inspector_url: None,
            error_code: None,
            error_message: None,
            alias_assigned: false,
            is_rollback_candidate: false,
        }
    }

    fn steps(d: &Deployment, now: i64) -> Vec<(ReadyState, i64, Option<i64>, bool)> {
        timeline(d, now)
            .into_iter()
            .map(|s| (s.state, s.at, s.lasted, s.current))
            .collect()
    }

    #[test]
    fn a_queued_build_has_waited_until_now() {
        assert_eq!(
            steps(&build(Queued), 4_000),
            [(Queued, 1_000, Some(3_000), true)]
        );
    }

    #[test]
    fn a_ready_build_shows_every_step_and_its_end() {
        let mut d = build(Ready);
        d.initializing_at = Some(2_000);
        d.building_at = Some(2_500);
        d.ready = Some(6_500);
        assert_eq!(
            steps(&d, 99_000),
            [
                (Queued, 1_000, Some(1_000), false),
                (Initializing, 2_000, Some(500), false),
                (Building, 2_500, Some(4_000), false),
                (Ready, 6_500, None, true),
            ]
        );
        assert_eq!(build_duration(&d, 99_000), Some(4_000));
    }

    #[test]
    fn a_build_under_way_is_timed_to_now() {
        let mut d = build(Building);
        d.initializing_at = Some(2_000);
        d.building_at = Some(3_000);
        let s = steps(&d, 5_000);
        assert_eq!(s[2], (Building, 3_000, Some(2_000), true));
        assert!(!s[1].3);
        assert_eq!(build_duration(&d, 5_000), Some(2_000));
    }

    #[test]
    fn a_build_canceled_in_the_queue_skips_the_steps_it_never_reached() {
        let mut d = build(Canceled);
        d.canceled_at = Some(1_800);
        assert_eq!(
            steps(&d, 9_000),
            [
                (Queued, 1_000, Some(800), false),
                (Canceled, 1_800, None, true)
            ]
        );
        assert_eq!(build_duration(&d, 9_000), None);

        let mut d = build(Canceled);
        d.initializing_at = Some(1_500);
        d.building_at = Some(2_000);
        d.canceled_at = Some(2_600);
        assert_eq!(build_duration(&d, 9_000), Some(600));
    }

    #[test]
    fn a_deployment_is_called_by_its_url() {
        let mut d = build(Ready);
        assert_eq!(display_name(&d), "web-1");
        d.url = String::new();
        assert_eq!(display_name(&d), "web");
    }

    #[test]
    fn durations_read_well() {
        assert_eq!(format_duration(400), "0.4s");
        assert_eq!(format_duration(3_250), "3.2s");
        assert_eq!(format_duration(12_900), "12s");
        assert_eq!(format_duration(245_000), "4m 05s");
        assert_eq!(format_duration(7_380_000), "2h 03m");
        assert_eq!(format_duration(-5), "0.0s");
    }

    #[test]
    fn a_bulk_cancel_is_summed_up() {
        let all = BulkCancel {
            canceled: vec!["a".into(), "b".into()],
            refused: vec![],
        };
        assert_eq!(all.summary(), "Canceled 2 deployments.");
        let some = BulkCancel {
            canceled: vec!["a".into()],
            refused: vec![("c".into(), "c is READY".into())],
        };
        assert_eq!(
            some.summary(),
            "Canceled 1 of 2 deployments; 1 could not be canceled."
        );
    }

    #[test]
    fn announces_changes_with_the_error() {
        assert_eq!(announcement("web", Queued, &build(Queued)), None);
        assert_eq!(
            announcement("web", Queued, &build(Building)).as_deref(),
            Some("web is now BUILDING.")
        );
        let mut failed = build(Error);
        failed.error_message = Some("Build failed".into());
        assert_eq!(
            announcement("web", Building, &failed).as_deref(),
            Some("web is now ERROR: Build failed")
        );
    }
}
