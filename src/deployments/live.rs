//! Live status: poll only while something can change, and say so when it does.

use faas_api::{lifecycle::is_transitional, DeploymentState, PackageDeployment};

/// How often a view reads its deployments again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pace {
    /// This tab waits on its own action: about every second.
    Waiting,
    /// Something shown changes on its own (a deployment STARTING, a build under way): about
    /// every 3 s.
    Watching,
}

impl Pace {
    pub const fn millis(self) -> u32 {
        match self {
            Pace::Waiting => 1_000,
            Pace::Watching => 3_000,
        }
    }

    /// The pace a view needs: `waiting` says whether an action of this tab has not settled,
    /// `in_transition` whether something shown is changing on its own. `None`: nothing can
    /// change, so no request at all. Deployments and builds both poll by this rule.
    pub fn needed(waiting: bool, in_transition: bool) -> Option<Pace> {
        if waiting {
            Some(Pace::Waiting)
        } else if in_transition {
            Some(Pace::Watching)
        } else {
            None
        }
    }
}

/// [`Pace::needed`] in milliseconds, as the polling component takes it, for deployments in
/// `shown` states.
pub fn poll_interval_ms(
    waiting: bool,
    shown: impl IntoIterator<Item = DeploymentState>,
) -> Option<u32> {
    Pace::needed(waiting, shown.into_iter().any(is_transitional)).map(Pace::millis)
}

/// What a screen reader hears when a deployment this tab acted on changes state: `None`
/// when nothing changed.
pub fn announcement(
    what: &str,
    before: DeploymentState,
    after: &PackageDeployment,
) -> Option<String> {
    if before == after.state {
        return None;
    }
    let failed = after
        .function_deployments
        .iter()
        .filter(|f| f.error.is_some())
        .count();
    Some(match after.state {
        DeploymentState::Failed if failed > 0 => format!(
            "{what} is now FAILED: {failed} function{} did not build.",
            if failed == 1 { "" } else { "s" }
        ),
        state => format!("{what} is now {}.", state.as_str()),
    })
}

/// Whether a deployment this tab acted on has settled: it is no longer in transition.
pub fn settled(deployment: &PackageDeployment) -> bool {
    !is_transitional(deployment.state)
}

#[cfg(test)]
mod tests {
    use super::*;
    use faas_api::FunctionDeployment;
    use DeploymentState::*;

    fn deployment(state: DeploymentState, errors: usize) -> PackageDeployment {
        PackageDeployment {
            id: "d".into(),
            package_revision_id: "r".into(),
            keyset_id: 1,
            state,
            function_deployments: (0..errors)
                .map(|_| FunctionDeployment {
                    error: Some("line 1:1: Unexpected token".into()),
                    ..Default::default()
                })
                .collect(),
            created_dttm: String::new(),
            updated_dttm: String::new(),
        }
    }

    #[test]
    fn polls_fast_for_own_actions_slowly_for_transitions_and_never_otherwise() {
        assert_eq!(poll_interval_ms(true, []), Some(1_000));
        assert_eq!(poll_interval_ms(true, [Running]), Some(1_000));
        assert_eq!(poll_interval_ms(false, [Running, Starting]), Some(3_000));
        assert_eq!(poll_interval_ms(false, [Stopping]), Some(3_000));
        assert_eq!(poll_interval_ms(false, [Running, Stopped, Failed]), None);
        assert_eq!(poll_interval_ms(false, []), None);
    }

    #[test]
    fn announces_changes_only() {
        assert_eq!(
            announcement("v1 on Prod", Running, &deployment(Running, 0)),
            None
        );
        assert_eq!(
            announcement("v1 on Prod", Starting, &deployment(Running, 0)).as_deref(),
            Some("v1 on Prod is now RUNNING.")
        );
        assert_eq!(
            announcement("v1 on Prod", Starting, &deployment(Failed, 2)).as_deref(),
            Some("v1 on Prod is now FAILED: 2 functions did not build.")
        );
    }

    #[test]
    fn transitional_states_are_unsettled() {
        assert!(!settled(&deployment(Starting, 0)));
        assert!(!settled(&deployment(Stopping, 0)));
        assert!(settled(&deployment(Failed, 1)));
    }
}
