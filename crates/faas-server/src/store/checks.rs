//! The checks that several resources make before they touch rows: whether a package is the
//! account's, and the states of the deployments under a package or a revision. Packages,
//! revisions and deployments all use them; keeping them here lets [`super::packages`]
//! create a package's first revision through [`super::revisions`] without the two modules
//! importing each other.

use faas_api::DeploymentState;
use rusqlite::{params, Connection, OptionalExtension};

use crate::db::StoreError;

/// Whether the package exists in the account.
pub fn package_exists(conn: &Connection, account_id: &str, id: &str) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM packages WHERE id = ?1 AND account_id = ?2")?
        .query_row(params![id, account_id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The states of the deployments of `where_column = value`.
pub fn deployment_states(
    conn: &Connection,
    where_column: &str,
    value: &str,
) -> Result<Vec<DeploymentState>, StoreError> {
    let sql = format!("SELECT state FROM package_deployments WHERE {where_column} = ?1");
    let states = conn
        .prepare_cached(&sql)?
        .query_map([value], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(states
        .iter()
        .filter_map(|s| DeploymentState::parse(s))
        .collect())
}
