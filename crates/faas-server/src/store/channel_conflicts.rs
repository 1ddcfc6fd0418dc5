//! Channel conflicts (`api.md` §5): which RUNNING deployments of a keyset have a function
//! whose input channel meets a given channel, by `faas_api::channels::intersects` (the
//! rule the console warns with).

use std::collections::HashMap;

use faas_api::channels::intersects;
use faas_api::{ChannelIntersection, DeploymentState, ErrorCode, FunctionConfig, FunctionType};
use rusqlite::{params, Connection};

use super::{accounts, package_deployments as deployments};
use crate::db::StoreError;

/// For each of `channels` (in the order given, each once), the RUNNING deployments of the
/// account's keyset `keyset_id` with a function (of `function_type`, if given) whose input
/// channel intersects it, oldest first; an empty list where none does.
pub fn intersected(
    conn: &Connection,
    account_id: &str,
    keyset_id: i64,
    channels: &[String],
    function_type: Option<FunctionType>,
) -> Result<Vec<ChannelIntersection>, StoreError> {
    if !accounts::keyset_in_account(conn, account_id, keyset_id)? {
        return Err(StoreError::field(
            ErrorCode::NotFound,
            "keyset_id",
            format!("Entity not found: no keyset {keyset_id}"),
        ));
    }
    let rows: Vec<(String, String, String)> = conn
        .prepare_cached(
            "SELECT d.id, f.type, f.config FROM package_deployments d
             JOIN functions f ON f.package_revision_id = d.package_revision_id
             WHERE d.account_id = ?1 AND d.keyset_id = ?2 AND d.state = ?3
             ORDER BY d.created_ms, d.id, f.sort_order",
        )?
        .query_map(
            params![account_id, keyset_id, DeploymentState::Running.as_str()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?
        .collect::<rusqlite::Result<_>>()?;
    // Each running deployment (in order) with the input channels of its functions.
    let mut listening: Vec<(String, Vec<String>)> = Vec::new();
    for (deployment_id, kind, config) in rows {
        if function_type.is_some_and(|wanted| wanted.as_str() != kind) {
            continue;
        }
        let config: FunctionConfig = serde_json::from_str(&config)?;
        let Some(channel) = config.input_channel else {
            continue;
        };
        match listening.last_mut() {
            Some((id, channels)) if *id == deployment_id => channels.push(channel),
            _ => listening.push((deployment_id, vec![channel])),
        }
    }
    let mut loaded = HashMap::new();
    let mut answer: Vec<ChannelIntersection> = Vec::with_capacity(channels.len());
    for channel in channels {
        if answer.iter().any(|a| a.channel == *channel) {
            continue;
        }
        let mut package_deployments = Vec::new();
        for (id, inputs) in &listening {
            if !inputs.iter().any(|input| intersects(input, channel)) {
                continue;
            }
            if !loaded.contains_key(id) {
                loaded.insert(id.clone(), deployments::get(conn, account_id, id)?);
            }
            package_deployments.push(loaded[id].clone());
        }
        answer.push(ChannelIntersection {
            channel: channel.clone(),
            package_deployments,
        });
    }
    Ok(answer)
}
