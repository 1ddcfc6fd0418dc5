//! What a refusal of the server means for the person who asked, in words: the grant a 403
//! lacks, the transition a 423 waits on, the state a 409 is blocked by.

use faas_api::{lifecycle::Action, ErrorCode};

use crate::api::ApiError;

/// What the user was doing when the error came.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    /// Reading deployments.
    Read,
    /// Creating a deployment.
    Deploy,
    /// Stopping every deployment of a package or a revision.
    StopAll,
    /// One action on one deployment.
    Act(Action),
}

impl Attempt {
    /// The grant the server checks for this attempt (api.md §1).
    pub fn grant(self) -> &'static str {
        match self {
            Attempt::Read => "functions.package-deployment:read",
            _ => "functions.package-deployment:write",
        }
    }

    /// Where the grant must be held.
    fn grant_scope(self) -> &'static str {
        match self {
            Attempt::Read => "on the account or on the deployment's keyset",
            Attempt::StopAll => "on the account (a stop-all spans every keyset)",
            Attempt::Deploy => "on the account or on the chosen keyset",
            Attempt::Act(_) => "on the account or on the deployment's keyset",
        }
    }
}

/// The explanation of `error` for `attempt`, when the console knows more than the server's
/// message says; `None` leaves the error view alone. `state` is the deployment's state as
/// last seen, when there is one.
pub fn explain(error: &ApiError, attempt: Attempt, state: Option<&str>) -> Option<Explanation> {
    let code = error.code().and_then(ErrorCode::parse)?;
    let text = match code {
        ErrorCode::Forbidden => format!(
            "Your API key lacks the grant {} {}. Ask an administrator for it, or use another key in Settings.",
            attempt.grant(),
            attempt.grant_scope()
        ),
        ErrorCode::CannotStartTransitional | ErrorCode::CannotStopTransitional => {
            let now = state.unwrap_or("starting or stopping");
            format!(
                "The deployment is {now}: it can be neither started nor stopped until that ends, usually within seconds. Wait for it to settle, then try again."
            )
        }
        ErrorCode::DeploymentActive => format!(
            "Only a STOPPED or FAILED deployment can be deleted, and this one is {}. Stop it first, then delete it.",
            state.unwrap_or("still active")
        ),
        ErrorCode::AlreadyDeployed => {
            "This revision is already deployed to that keyset: start the existing deployment instead, or pick another keyset.".to_owned()
        }
        ErrorCode::TooManyDeployments => {
            "This revision has as many deployments as the account allows: delete one it no longer needs first.".to_owned()
        }
        ErrorCode::RunningDeploymentsLimit => {
            "The account already runs as many deployments as its limit allows: stop one first.".to_owned()
        }
        ErrorCode::NotFound | ErrorCode::EntityNotFound => {
            "It is gone: deleted in another tab or by someone else. The list shows what is left.".to_owned()
        }
        _ => return None,
    };
    Some(Explanation {
        text,
        can_wait: matches!(
            code,
            ErrorCode::CannotStartTransitional | ErrorCode::CannotStopTransitional
        ),
    })
}

/// An error explained, and whether waiting would help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    pub text: String,
    /// The deployment is in transition: offer to wait until it settles.
    pub can_wait: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ErrorKind;

    fn refused(status: u16, code: &str) -> ApiError {
        ApiError {
            kind: ErrorKind::Rejected {
                status,
                errors: vec![faas_api::ApiError {
                    code: code.into(),
                    message: "m".into(),
                    field: None,
                }],
            },
            correlation_id: "c".into(),
        }
    }

    #[test]
    fn a_403_names_the_missing_grant() {
        let e = explain(&refused(403, "FAAS-403"), Attempt::Act(Action::Stop), None).unwrap();
        assert!(
            e.text.contains("functions.package-deployment:write"),
            "{}",
            e.text
        );
        assert!(!e.can_wait);
        let e = explain(&refused(403, "FAAS-403"), Attempt::Read, None).unwrap();
        assert!(e.text.contains("functions.package-deployment:read"));
    }

    #[test]
    fn a_423_explains_the_transition_and_offers_to_wait() {
        let e = explain(
            &refused(423, "FAAS-1009"),
            Attempt::Act(Action::Stop),
            Some("STARTING"),
        )
        .unwrap();
        assert!(e.text.contains("STARTING"));
        assert!(e.can_wait);
    }

    #[test]
    fn a_409_on_delete_says_which_state_blocks_it() {
        let e = explain(
            &refused(409, "FAAS-1014"),
            Attempt::Act(Action::Delete),
            Some("RUNNING"),
        )
        .unwrap();
        assert!(e.text.contains("this one is RUNNING"), "{}", e.text);
    }

    #[test]
    fn unknown_codes_are_left_to_the_error_view() {
        assert_eq!(
            explain(&refused(500, "FAAS-500"), Attempt::Read, None),
            None
        );
        let offline = ApiError::network("http://h", "Failed to fetch", "c");
        assert_eq!(explain(&offline, Attempt::Read, None), None);
    }
}
