//! Importing a blueprint (`POST /v2/faas/package-blueprints/{id}/packages`): everything it
//! creates, in the caller's one transaction, so that a refusal at any step leaves nothing
//! behind.

use faas_api::catalog::ValidTestInput;
use faas_api::validation::{Limits, ValidPackage};
use faas_api::Package;
use rusqlite::{params, Transaction};

use super::activity::Author;
use super::{kv, package_deployments, packages, revisions, test_inputs};
use crate::db::StoreError;

/// What an import writes, checked and prepared by the caller.
#[derive(Debug)]
pub struct Import {
    pub blueprint_id: String,
    pub package: ValidPackage,
    pub keyset_id: i64,
    /// The blueprint's test inputs, by the name of the function they are for.
    pub test_inputs: Vec<(String, ValidTestInput)>,
    /// SECRET params: (name, value sealed for the keyset).
    pub secrets: Vec<(String, Vec<u8>)>,
    /// The keyset's entries limit, which secrets count against.
    pub kv_entries_max: u32,
    pub now_ms: i64,
}

/// Creates the package (marked with its blueprint) with its first revision, deploys that
/// revision to the keyset STOPPED, saves the blueprint's test inputs for the new functions,
/// and writes the SECRET params to the keyset's secrets. Returns the package.
///
/// The log records what the import made as the author's own writes would: the package, the
/// deployment and each secret.
pub fn import(
    tx: &Transaction<'_>,
    by: &Author,
    import: Import,
    limits: &Limits,
) -> Result<Package, StoreError> {
    let account_id = by.account_id.as_str();
    let package = packages::create(tx, by, import.package, limits)?;
    tx.prepare_cached("UPDATE packages SET package_blueprint_id = ?2 WHERE id = ?1")?
        .execute(params![package.id, import.blueprint_id])?;
    let revision_id: String = tx
        .prepare_cached("SELECT id FROM package_revisions WHERE package_id = ?1")?
        .query_row([&package.id], |r| r.get(0))?;
    package_deployments::create(tx, by, &revision_id, import.keyset_id, limits)?;
    let functions = revisions::functions_of(tx, &revision_id)?;
    for (function_name, input) in &import.test_inputs {
        if let Some(function) = functions.iter().find(|f| &f.name == function_name) {
            let at =
                test_inputs::function_revision(tx, account_id, &function.function_revision_id)?;
            test_inputs::insert(tx, account_id, &at, input)?;
        }
    }
    for (name, sealed) in &import.secrets {
        kv::put_secret(
            tx,
            by,
            import.keyset_id,
            name,
            sealed,
            import.kv_entries_max,
            import.now_ms,
        )?;
    }
    packages::get(tx, account_id, &package.id)
}
