//! `/v2/faas/packages`: list, read, create, update and delete packages.

use faas_api::{paging::MAX_PAGE_SIZE, CreatePackage, Package, UpdatePackage};
use gloo_net::http::Method;

use super::{url::encode_component, ApiError, Client, Page, Read};
use crate::routes::PackagesQuery;

/// Rows per page of the packages list.
pub const PAGE_SIZE: u32 = 20;

/// One page of the account's packages, searched and sorted as the list's URL says.
pub async fn list(client: &Client, query: &PackagesQuery) -> Result<Page<Package>, ApiError> {
    let mut params = vec![
        ("page", query.page.to_string()),
        ("size", PAGE_SIZE.to_string()),
        ("sort", query.sort.as_param().to_owned()),
    ];
    if !query.search.is_empty() {
        params.push(("search", query.search.clone()));
    }
    client.fetch_page("/v2/faas/packages", &params).await
}

/// Every package of the account by name, for pickers: one page of the most the API allows,
/// which is also the account's limit on packages (api.md §2).
pub async fn all(client: &Client) -> Result<Vec<Package>, ApiError> {
    let read = all_read();
    let page: Page<Package> = client.fetch_page(&read.path, &read.query).await?;
    Ok(page.items)
}

pub fn all_read() -> Read {
    let params = vec![
        ("page", "0".to_owned()),
        ("size", MAX_PAGE_SIZE.to_string()),
        ("sort", "name,ASC".to_owned()),
    ];
    Read::functions("/v2/faas/packages", params)
}

pub async fn get(client: &Client, id: &str) -> Result<Package, ApiError> {
    let read = get_read(id);
    client
        .fetch(&read.path, &read.query)
        .await
        .map(|(package, _)| package)
}

pub fn get_read(id: &str) -> Read {
    Read::functions(
        format!("/v2/faas/packages/{}", encode_component(id)),
        Vec::new(),
    )
}

/// Creates a package with its first revision.
pub async fn create(client: &Client, body: &CreatePackage) -> Result<Package, ApiError> {
    client.write(Method::POST, "/v2/faas/packages", body).await
}

/// Changes what `body` carries (name, description, tags) and nothing else.
pub async fn update(client: &Client, id: &str, body: &UpdatePackage) -> Result<Package, ApiError> {
    let path = format!("/v2/faas/packages/{}", encode_component(id));
    client.write(Method::PUT, &path, body).await
}

/// Deletes a package with its revisions; refused (`FAAS-1016`) while a deployment of it is
/// neither stopped nor failed.
pub async fn delete(client: &Client, id: &str) -> Result<(), ApiError> {
    let path = format!("/v2/faas/packages/{}", encode_component(id));
    client.delete(&path, &[]).await
}
