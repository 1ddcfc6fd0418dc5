//! Rolling updates (`api.md` §5): a RUNNING deployment is replaced by another of its package
//! on its keyset. The new one starts; once it is RUNNING the old one stops, and if its
//! build fails the old one keeps running.
//!
//! The update in progress is a row of `rollouts`, written in the transaction that starts
//! the new deployment; the worker settles it in the transaction that settles the new one's
//! start ([`on_settled`]). So whenever the process dies, the database holds either the
//! update before it began, or the new deployment STARTING with its row (which the worker
//! settles when the start is due, also after a restart), or the end state: never the new
//! one running with the old one forgotten.

use faas_api::activity::TargetType;
use faas_api::{lifecycle, DeploymentState, ErrorCode, PackageDeployment};
use rusqlite::{params, OptionalExtension, Transaction};

use super::activity::{self, Actor, Author, Change};
use super::package_deployments::{self as deployments, Summary};
use crate::db::constraints::Unique;
use crate::db::StoreError;

fn refused(code: ErrorCode, message: impl Into<String>) -> StoreError {
    StoreError::rule(code, message)
}

/// Why `lifecycle::rolling_update` refused, in words.
fn state_refusal(code: ErrorCode, old: DeploymentState, new: DeploymentState) -> StoreError {
    let message = match code {
        ErrorCode::CannotStopTransitional => format!(
            "the deployment to update is {}; wait until it settles",
            old.as_str()
        ),
        ErrorCode::RolloutNotRunning => format!(
            "only a RUNNING deployment can be updated, this one is {}; start the new one instead",
            old.as_str()
        ),
        ErrorCode::CannotStartTransitional => format!(
            "the new deployment is {}; wait until it settles",
            new.as_str()
        ),
        _ => format!(
            "the new deployment must be STOPPED or FAILED, it is {}",
            new.as_str()
        ),
    };
    refused(code, message)
}

/// Begins replacing the account's RUNNING deployment `old_id` by `new_id`: checks every
/// rule, starts the new one (STARTING until `transition_ms` has passed, outside the
/// account's running limit since the old one goes) and records the update. Returns the new
/// deployment.
pub fn begin(
    tx: &Transaction<'_>,
    by: &Author,
    old_id: &str,
    new_id: &str,
    transition_ms: u64,
    now: i64,
) -> Result<PackageDeployment, StoreError> {
    let account_id = by.account_id.as_str();
    let old = deployments::summary(tx, account_id, old_id)?;
    let new = deployments::summary(tx, account_id, new_id).map_err(|e| match e {
        StoreError::NotFound => StoreError::field(
            ErrorCode::NotFound,
            "newPackageDeploymentId",
            "Entity not found: no deployment newPackageDeploymentId",
        ),
        e => e,
    })?;
    check(&old, &new, old_id == new_id)?;
    let under_way: Option<String> = tx
        .prepare_cached("SELECT new_deployment_id FROM rollouts WHERE old_deployment_id = ?1")?
        .query_row([old_id], |r| r.get(0))
        .optional()?;
    if let Some(other) = under_way {
        return Err(in_progress(&other));
    }
    deployments::start_replacing(tx, new_id, transition_ms, now)?;
    tx.prepare_cached(
        "INSERT INTO rollouts (new_deployment_id, old_deployment_id, created_ms)
         VALUES (?1, ?2, ?3)",
    )?
    .execute(params![new_id, old_id, now])
    .map_err(|e| match StoreError::from(e) {
        StoreError::Duplicate {
            rule: Unique::RolloutFrom,
            ..
        } => in_progress("another deployment"),
        e => e,
    })?;
    let name = activity::deployment_name(tx, new_id)?;
    by.record(
        tx,
        &Change::done(TargetType::Deployment, "rollout", new_id, &name),
    )?;
    deployments::get(tx, account_id, new_id)
}

fn in_progress(other: &str) -> StoreError {
    refused(
        ErrorCode::RolloutInProgress,
        format!("an update of this deployment to {other} is under way; wait until it ends"),
    )
}

/// The rules of a rolling update from `old` to `new`, states first (so that a client learns
/// to wait before anything else), then what the two must share.
fn check(old: &Summary, new: &Summary, same: bool) -> Result<(), StoreError> {
    if same && old.state == DeploymentState::Running {
        return Err(refused(
            ErrorCode::RolloutTargetActive,
            "the new deployment is this deployment; name another deployment of the package",
        ));
    }
    lifecycle::rolling_update(old.state, new.state)
        .map_err(|code| state_refusal(code, old.state, new.state))?;
    if old.package_id != new.package_id {
        return Err(refused(
            ErrorCode::RolloutOtherPackage,
            "the new deployment is of another package; an update replaces a revision of the same package",
        ));
    }
    if old.keyset_id != new.keyset_id {
        return Err(refused(
            ErrorCode::RolloutOtherKeyset,
            format!(
                "the new deployment is on keyset {}, the deployment to update on keyset {}",
                new.keyset_id, old.keyset_id
            ),
        ));
    }
    Ok(())
}

/// Called in the transaction in which deployment `id`'s start settled on `state`: if it is
/// the new deployment of an update, the update ends; RUNNING, the old one stops (see
/// [`deployments::retire`]); FAILED, the old one keeps running. Returns the id of the old
/// deployment it stopped, if any.
pub fn on_settled(
    tx: &Transaction<'_>,
    id: &str,
    state: DeploymentState,
    transition_ms: u64,
    now: i64,
) -> Result<Option<String>, StoreError> {
    let old: Option<String> = tx
        .prepare_cached(
            "DELETE FROM rollouts WHERE new_deployment_id = ?1 RETURNING old_deployment_id",
        )?
        .query_row([id], |r| r.get(0))
        .optional()?;
    match old {
        Some(old) if state == DeploymentState::Running => {
            if deployments::retire(tx, &old, transition_ms, now)? {
                // The update's own end: the build queue found the new one built.
                let account = activity::deployment_account(tx, &old)?;
                let queue = Actor::build_queue();
                activity::record_on_deployment(tx, &queue, &account, &old, "stop", None, now)?;
            }
            Ok(Some(old))
        }
        _ => Ok(None),
    }
}
