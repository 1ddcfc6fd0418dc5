//! Package deployments: list, read, create, start, stop, delete, stop all, and the limit on
//! running ones.

use faas_api::{CreateDeployment, Limit, PackageDeployment};
use gloo_net::http::Method;

use super::{url::encode_component, ApiError, Client, Page};
use crate::routes::DeploymentsQuery;

/// Rows per page of a deployments list.
pub const PAGE_SIZE: u32 = 20;

/// One page of the deployments the key can see, filtered as `query` says, newest first.
/// `GET /v2/faas/package-deployments` is the reference server's (api.md §3): the public API
/// lists deployments only per revision.
pub async fn list(
    client: &Client,
    query: &DeploymentsQuery,
) -> Result<Page<PackageDeployment>, ApiError> {
    let mut params = vec![
        ("page", query.page.to_string()),
        ("size", PAGE_SIZE.to_string()),
        ("sort", "createdDttm,DESC".to_owned()),
    ];
    if let Some(state) = query.state {
        params.push(("state", state.as_str().to_owned()));
    }
    if let Some(keyset) = query.keyset {
        params.push(("keyset_id", keyset.to_string()));
    }
    if let Some(package) = &query.package {
        params.push(("package_id", package.clone()));
    }
    if let Some(revision) = &query.revision {
        params.push(("package_revision_id", revision.clone()));
    }
    client
        .fetch_page("/v2/faas/package-deployments", &params)
        .await
}

pub async fn get(client: &Client, id: &str) -> Result<PackageDeployment, ApiError> {
    client
        .fetch(&deployment_path(id), &[])
        .await
        .map(|(deployment, _)| deployment)
}

/// Deploys a revision to a keyset; the new deployment is STOPPED.
pub async fn create(
    client: &Client,
    body: &CreateDeployment,
) -> Result<PackageDeployment, ApiError> {
    client
        .write(Method::POST, "/v2/faas/package-deployments", body)
        .await
}

/// Starts a deployment, or restarts a running one.
pub async fn start(client: &Client, id: &str) -> Result<PackageDeployment, ApiError> {
    let path = format!("{}/function-deployments", deployment_path(id));
    client.call(Method::POST, &path, &[]).await
}

/// Stops a deployment; `force` aborts one that is STARTING.
pub async fn stop(client: &Client, id: &str, force: bool) -> Result<PackageDeployment, ApiError> {
    let path = format!("{}/function-deployments", deployment_path(id));
    let query = if force {
        vec![("force", "true".to_owned())]
    } else {
        Vec::new()
    };
    client.call(Method::DELETE, &path, &query).await
}

/// Deletes a deployment; refused (`FAAS-1014`) unless it is STOPPED or FAILED.
pub async fn delete(client: &Client, id: &str) -> Result<(), ApiError> {
    client.delete(&deployment_path(id), &[]).await
}

/// What a stop-all applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StopAllTarget {
    Package(String),
    Revision(String),
}

/// Stops every deployment of a package or of a revision (seed 000); answers the deployments
/// it touched.
pub async fn stop_all(
    client: &Client,
    target: &StopAllTarget,
) -> Result<Vec<PackageDeployment>, ApiError> {
    let query = match target {
        StopAllTarget::Package(id) => [("package_id", id.clone())],
        StopAllTarget::Revision(id) => [("package_revision_id", id.clone())],
    };
    client
        .call(Method::DELETE, "/v2/faas/function-deployments", &query)
        .await
}

/// The account's limit on deployments running at once, and how many run now.
pub async fn running_limit(client: &Client) -> Result<Limit, ApiError> {
    client
        .fetch("/v2/faas/limits/package-deployments-running", &[])
        .await
        .map(|(limit, _)| limit)
}

fn deployment_path(id: &str) -> String {
    format!("/v2/faas/package-deployments/{}", encode_component(id))
}
