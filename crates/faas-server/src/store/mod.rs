//! All SQL of the server, one module per resource. Functions take a `&Connection` (reads) or
//! a `&Transaction` (writes, already `BEGIN IMMEDIATE`, see [`crate::db::Db::write`]), and
//! return contract types or [`StoreError`]s, which carry the contract's codes and messages
//! where a rule refuses (the HTTP layer only translates them).

pub mod accounts;
pub mod activity;
pub mod builds;
pub mod catalog;
pub mod channel_conflicts;
pub mod checks;
pub mod keys;
pub mod kv;
pub mod overview;
pub mod package_deployments;
pub mod packages;
pub mod reset;
pub mod revisions;
pub mod rollouts;
pub mod scheduled;
pub mod test_inputs;
pub mod vercel;

pub use crate::db::StoreError;

use faas_api::paging::{Direction, PageQuery};
use faas_api::DeploymentState;
use faas_api::Paging;

/// `ASC` or `DESC` for SQL.
pub fn direction_sql(direction: Direction) -> &'static str {
    match direction {
        Direction::Asc => "ASC",
        Direction::Desc => "DESC",
    }
}

/// The `ORDER BY` of a list: the sort's column (from the caller's whitelist mapping) or the
/// default, with ties broken by id in the same direction so pages never overlap.
pub fn order_by(
    query: &PageQuery,
    column: impl Fn(&str) -> &'static str,
    default: (&'static str, Direction),
    id_column: &str,
) -> String {
    let (col, dir) = match &query.sort {
        Some(sort) => (column(sort.field), sort.direction),
        None => default,
    };
    let dir = direction_sql(dir);
    format!("ORDER BY {col} {dir}, {id_column} {dir}")
}

/// `LIMIT ? OFFSET ?` values of a page.
pub fn limit_offset(query: &PageQuery) -> (i64, i64) {
    let size = i64::from(query.size);
    (size, i64::from(query.page) * size)
}

/// `meta.paging` of a page of `query` out of `total` rows.
pub fn paging(query: &PageQuery, total: i64) -> Paging {
    Paging::new(total.max(0) as u64, query.size, query.page)
}

/// The search needle, lowercased, for `instr(lower(name), ?)`; empty matches everything.
pub fn needle(query: &PageQuery) -> String {
    query.search.to_lowercase()
}

/// `('STARTING', 'STOPPING')`: the SQL list of the deployment states that `rule` picks. The
/// queries take their states from `faas_api`'s lifecycle rules through it, so the SQL and
/// the rules cannot drift apart.
pub fn states_sql(rule: fn(DeploymentState) -> bool) -> String {
    let names: Vec<String> = DeploymentState::ALL
        .into_iter()
        .filter(|state| rule(*state))
        .map(|state| format!("'{}'", state.as_str()))
        .collect();
    format!("({})", names.join(", "))
}

/// A new entity id: a lowercase UUID v4.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use faas_api::lifecycle;

    #[test]
    fn state_lists_follow_the_lifecycle_rules() {
        assert_eq!(
            states_sql(lifecycle::is_transitional),
            "('STARTING', 'STOPPING')"
        );
        assert_eq!(states_sql(lifecycle::counts_as_running), "('RUNNING')");
        assert_eq!(
            states_sql(lifecycle::takes_running_place),
            "('STARTING', 'RUNNING')"
        );
    }
}
