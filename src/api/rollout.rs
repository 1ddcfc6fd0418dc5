//! The rolling update and the channel-conflict check (api.md §5).

use faas_api::{channels::CHANNELS_MAX, ChannelIntersection, PackageDeployment, RollingUpdate};
use gloo_net::http::Method;

use super::{packages, revisions, ApiError, Client};
use crate::rollout::Listener;
use crate::url::encode_component;

/// Replaces the RUNNING deployment `old_id` by `new_id` (of the same package, on the same
/// keyset, STOPPED or FAILED): the new one starts, and only once it runs does the old one stop.
/// Answers the new deployment, STARTING.
pub async fn rolling_update(
    client: &Client,
    old_id: &str,
    new_id: &str,
) -> Result<PackageDeployment, ApiError> {
    let path = format!(
        "/v2/faas/package-deployments/{}/function-deployments",
        encode_component(old_id)
    );
    let body = RollingUpdate {
        new_package_deployment_id: new_id.to_owned(),
    };
    client.write(Method::PUT, &path, &body).await
}

/// For each of `channels` (1 to [`CHANNELS_MAX`]), the RUNNING deployments of the keyset with
/// a function listening on a channel that meets it.
pub async fn intersected(
    client: &Client,
    keyset_id: i64,
    channels: &[String],
) -> Result<Vec<ChannelIntersection>, ApiError> {
    let mut query = vec![("keyset_id", keyset_id.to_string())];
    query.extend(
        channels
            .iter()
            .take(CHANNELS_MAX)
            .map(|c| ("channel", c.clone())),
    );
    client
        .fetch("/v2/faas/package-deployments/intersected", &query)
        .await
        .map(|(list, _)| list)
}

/// The RUNNING deployments of a keyset that listen on a channel meeting one of `channels`,
/// each with its revision's functions and its package's name: what
/// [`crate::rollout::conflicts`] names. No channels, no request.
pub async fn listeners(
    client: &Client,
    keyset_id: i64,
    channels: &[String],
) -> Result<Vec<Listener>, ApiError> {
    if channels.is_empty() {
        return Ok(Vec::new());
    }
    let mut deployments: Vec<PackageDeployment> = Vec::new();
    for entry in intersected(client, keyset_id, channels).await? {
        for d in entry.package_deployments {
            if !deployments.iter().any(|known| known.id == d.id) {
                deployments.push(d);
            }
        }
    }
    let mut found = Vec::with_capacity(deployments.len());
    let mut package_names: Vec<(String, String)> = Vec::new();
    for d in deployments {
        let revision = revisions::get(client, &d.package_revision_id).await?;
        let package_name = match package_names
            .iter()
            .find(|(id, _)| *id == revision.package_id)
        {
            Some((_, name)) => name.clone(),
            None => {
                let name = packages::get(client, &revision.package_id).await?.name;
                package_names.push((revision.package_id.clone(), name.clone()));
                name
            }
        };
        found.push(Listener {
            deployment_id: d.id,
            revision_id: revision.id,
            revision_name: revision.name,
            package_id: revision.package_id,
            package_name,
            functions: revision.functions.unwrap_or_default(),
        });
    }
    Ok(found)
}
