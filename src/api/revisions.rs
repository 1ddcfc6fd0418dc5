//! Package revisions: immutable snapshots of a package's functions.

use faas_api::{paging::MAX_PAGE_SIZE, CreateRevision, PackageRevision};
use gloo_net::http::Method;

use super::{ApiError, Client, Page};
use crate::url::encode_component;

/// One page of a package's revisions, newest first. Each carries its deployment counters but
/// not its functions.
pub async fn list(
    client: &Client,
    package_id: &str,
    page: u32,
) -> Result<Page<PackageRevision>, ApiError> {
    let path = format!(
        "/v2/faas/packages/{}/package-revisions",
        encode_component(package_id)
    );
    let query = [
        ("page", page.to_string()),
        ("size", MAX_PAGE_SIZE.to_string()),
        ("sort", "createdDttm,DESC".to_owned()),
    ];
    client.fetch_page(&path, &query).await
}

/// One revision with its functions and their code.
pub async fn get(client: &Client, id: &str) -> Result<PackageRevision, ApiError> {
    let path = format!("/v2/faas/package-revisions/{}", encode_component(id));
    client.fetch(&path, &[]).await.map(|(revision, _)| revision)
}

/// Creates a revision of a package from a full set of functions.
pub async fn create(client: &Client, body: &CreateRevision) -> Result<PackageRevision, ApiError> {
    client
        .write(Method::POST, "/v2/faas/package-revisions", body)
        .await
}
