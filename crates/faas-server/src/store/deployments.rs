//! Package deployments and their function deployments.
//!
//! Phase 1 only writes them directly (demo data) and reads their counters elsewhere; the
//! deployment endpoints, the state machine (`faas_api::lifecycle`) and the worker that
//! settles STARTING/STOPPING rows whose `transition_due_at` has passed belong here too.

use faas_api::DeploymentState;
use rusqlite::{params, Transaction};

use super::new_id;
use crate::error::AppError;

/// A deployment to insert as it stands, for seeding and tests.
#[derive(Debug, Clone)]
pub struct NewDeployment<'a> {
    pub account_id: &'a str,
    pub package_id: &'a str,
    pub package_revision_id: &'a str,
    pub keyset_id: i64,
    pub state: DeploymentState,
    /// When a transitional state is due to settle (ms), else `None`.
    pub transition_due_at: Option<i64>,
    pub created_ms: i64,
    pub updated_ms: i64,
    /// Build errors by function name; those functions are FAILED with the message.
    pub function_errors: &'a [(&'a str, &'a str)],
}

/// Inserts a deployment with one function deployment per function of its revision, all in
/// the deployment's state except the functions of `function_errors` (FAILED). Returns its id.
pub fn insert(tx: &Transaction<'_>, d: &NewDeployment<'_>) -> Result<String, AppError> {
    let id = new_id();
    let error = d.function_errors.first().map(|(_, e)| *e);
    tx.prepare_cached(
        "INSERT INTO package_deployments (id, package_revision_id, package_id, account_id,
             keyset_id, state, error, transition_due_at, created_ms, updated_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        id,
        d.package_revision_id,
        d.package_id,
        d.account_id,
        d.keyset_id,
        d.state.as_str(),
        error,
        d.transition_due_at,
        d.created_ms,
        d.updated_ms
    ])?;
    let functions: Vec<(String, String)> = tx
        .prepare_cached(
            "SELECT function_revision_id, name FROM functions WHERE package_revision_id = ?1",
        )?
        .query_map([d.package_revision_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO function_deployments (package_deployment_id, function_revision_id, state,
             error, transition_due_at, created_ms, updated_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (function_revision_id, name) in functions {
        let failed = d.function_errors.iter().find(|(n, _)| *n == name);
        let (state, error) = match failed {
            Some((_, e)) => (DeploymentState::Failed, Some(*e)),
            None if d.state == DeploymentState::Failed => (DeploymentState::Stopped, None),
            None => (d.state, None),
        };
        insert.execute(params![
            id,
            function_revision_id,
            state.as_str(),
            error,
            d.transition_due_at,
            d.created_ms,
            d.updated_ms
        ])?;
    }
    Ok(id)
}
