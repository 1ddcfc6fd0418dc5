//! The deployment state machine of `api.md` §2, as pure functions that the server applies and
//! the console uses to offer only the actions a state allows.
//!
//! ```text
//! create ──► STOPPED ──start──► STARTING ──built──► RUNNING ──stop──► STOPPING ──► STOPPED
//!                                   └──build fails──► FAILED (startable and deletable)
//! ```

use crate::envelope::ErrorCode;
use crate::functions::DeploymentState::{self, *};

/// What a user can ask of one deployment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Start,
    /// Start while RUNNING: build again and swap.
    Restart,
    Stop,
    /// Stop with `force=true` while STARTING: abort the build.
    CancelStart,
    Delete,
}

impl Action {
    pub fn label(self) -> &'static str {
        match self {
            Action::Start => "Start",
            Action::Restart => "Restart",
            Action::Stop => "Stop",
            Action::CancelStart => "Cancel start",
            Action::Delete => "Delete",
        }
    }
}

/// The actions that make sense in `state`, in the order a toolbar shows them.
pub fn allowed_actions(state: DeploymentState) -> &'static [Action] {
    match state {
        Stopped => &[Action::Start, Action::Delete],
        Failed => &[Action::Start, Action::Delete],
        Starting => &[Action::CancelStart],
        Running => &[Action::Restart, Action::Stop],
        Stopping => &[],
    }
}

/// Whether `state` moves on by itself, so that a view showing it should poll.
pub fn is_transitional(state: DeploymentState) -> bool {
    matches!(state, Starting | Stopping)
}

/// Whether a deployment in `state` counts as running for counters and limits.
pub fn counts_as_running(state: DeploymentState) -> bool {
    matches!(state, Running)
}

/// Whether a deployment in `state` takes a place under the account's limit on running
/// deployments: it runs, or will once built.
pub fn takes_running_place(state: DeploymentState) -> bool {
    matches!(state, Running | Starting)
}

/// Whether a deployment in `state` is active: it blocks deleting it, its revision or package.
pub fn is_active(state: DeploymentState) -> bool {
    !matches!(state, Stopped | Failed)
}

/// `POST …/function-deployments`: the state a start leads to.
pub fn start(state: DeploymentState) -> Result<DeploymentState, ErrorCode> {
    match state {
        Stopped | Failed | Running => Ok(Starting),
        Starting | Stopping => Err(ErrorCode::CannotStartTransitional),
    }
}

/// `DELETE …/function-deployments[?force=true]`: the state a stop leads to.
///
/// Stopping a STOPPED deployment is a no-op that succeeds; a FAILED one has nothing running
/// and settles at once; `force` aborts a start.
pub fn stop(state: DeploymentState, force: bool) -> Result<DeploymentState, ErrorCode> {
    match state {
        Running => Ok(Stopping),
        Stopped | Failed => Ok(Stopped),
        Starting if force => Ok(Stopped),
        Starting | Stopping => Err(ErrorCode::CannotStopTransitional),
    }
}

/// `DELETE /package-deployments/{id}`: allowed only when nothing runs.
pub fn delete(state: DeploymentState) -> Result<(), ErrorCode> {
    if is_active(state) {
        Err(ErrorCode::DeploymentActive)
    } else {
        Ok(())
    }
}

/// `PUT …/{old}/function-deployments {newPackageDeploymentId}`: whether a rolling update
/// may replace `old` by `new` (`api.md` §5). The old one must run, the new one be idle (it
/// starts, and the old one stops once it runs); either in transition is 423, with the code
/// of what would be done to it (the new one started, the old one stopped).
pub fn rolling_update(old: DeploymentState, new: DeploymentState) -> Result<(), ErrorCode> {
    match (old, new) {
        (Starting | Stopping, _) => Err(ErrorCode::CannotStopTransitional),
        (Stopped | Failed, _) => Err(ErrorCode::RolloutNotRunning),
        (Running, Starting | Stopping) => Err(ErrorCode::CannotStartTransitional),
        (Running, Running) => Err(ErrorCode::RolloutTargetActive),
        (Running, Stopped | Failed) => Ok(()),
    }
}

/// The state a transitional state settles on when its time is up: `built` says whether every
/// function's code built.
pub fn settle(state: DeploymentState, built: bool) -> DeploymentState {
    match state {
        Starting if built => Running,
        Starting => Failed,
        Stopping => Stopped,
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offered_actions_are_accepted_by_the_server_rules() {
        for state in DeploymentState::ALL {
            for action in allowed_actions(state) {
                let accepted = match action {
                    Action::Start | Action::Restart => start(state).is_ok(),
                    Action::Stop => stop(state, false).is_ok(),
                    Action::CancelStart => stop(state, true).is_ok(),
                    Action::Delete => delete(state).is_ok(),
                };
                assert!(accepted, "{action:?} offered in {state:?} but refused");
            }
        }
    }

    #[test]
    fn transitional_states_refuse_start_and_plain_stop() {
        for state in [Starting, Stopping] {
            assert_eq!(start(state), Err(ErrorCode::CannotStartTransitional));
            assert_eq!(stop(state, false), Err(ErrorCode::CannotStopTransitional));
            assert!(is_transitional(state));
        }
        assert_eq!(stop(Starting, true), Ok(Stopped));
        assert_eq!(stop(Stopping, true), Err(ErrorCode::CannotStopTransitional));
    }

    #[test]
    fn lifecycle_follows_the_diagram() {
        assert_eq!(start(Stopped), Ok(Starting));
        assert_eq!(settle(Starting, true), Running);
        assert_eq!(settle(Starting, false), Failed);
        assert_eq!(start(Running), Ok(Starting), "restart");
        assert_eq!(start(Failed), Ok(Starting));
        assert_eq!(stop(Running, false), Ok(Stopping));
        assert_eq!(settle(Stopping, true), Stopped);
        assert_eq!(stop(Stopped, false), Ok(Stopped));
        assert_eq!(settle(Running, true), Running);
    }

    #[test]
    fn what_runs_or_will_takes_a_place_under_the_limit() {
        let taking: Vec<_> = DeploymentState::ALL
            .into_iter()
            .filter(|s| takes_running_place(*s))
            .collect();
        assert_eq!(taking, [Starting, Running]);
        assert!(DeploymentState::ALL
            .into_iter()
            .filter(|s| counts_as_running(*s))
            .all(takes_running_place));
    }

    #[test]
    fn a_rolling_update_replaces_a_running_deployment_by_an_idle_one() {
        for new in [Stopped, Failed] {
            assert_eq!(rolling_update(Running, new), Ok(()));
        }
        for new in DeploymentState::ALL {
            assert_eq!(
                rolling_update(Starting, new),
                Err(ErrorCode::CannotStopTransitional)
            );
            assert_eq!(
                rolling_update(Stopping, new),
                Err(ErrorCode::CannotStopTransitional)
            );
            assert_eq!(
                rolling_update(Stopped, new),
                Err(ErrorCode::RolloutNotRunning)
            );
            assert_eq!(
                rolling_update(Failed, new),
                Err(ErrorCode::RolloutNotRunning)
            );
        }
        assert_eq!(
            rolling_update(Running, Starting),
            Err(ErrorCode::CannotStartTransitional)
        );
        assert_eq!(
            rolling_update(Running, Stopping),
            Err(ErrorCode::CannotStartTransitional)
        );
        assert_eq!(
            rolling_update(Running, Running),
            Err(ErrorCode::RolloutTargetActive)
        );
    }

    #[test]
    fn only_idle_deployments_can_be_deleted() {
        assert_eq!(delete(Stopped), Ok(()));
        assert_eq!(delete(Failed), Ok(()));
        for state in [Starting, Running, Stopping] {
            assert_eq!(delete(state), Err(ErrorCode::DeploymentActive));
        }
    }
}
