//! Live status: when a deployment has settled (the live views poll until it has, see
//! `components::live_query`), and what is said when it changes.

use faas_api::{lifecycle::is_transitional, DeploymentState, PackageDeployment};

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
