//! The catalog (api.md §5): package blueprints with their functions and params, and importing
//! one as a package with its first revision deployed (STOPPED) to a keyset.

use faas_api::{
    catalog::{FunctionBlueprint, ImportBlueprint, PackageBlueprint},
    paging::MAX_PAGE_SIZE,
    Package,
};
use gloo_net::http::Method;

use super::{ApiError, Client, Read};
use crate::url::encode_component;

/// Which blueprints the catalog shows: `search` in their names, and one `tag`. The gallery
/// keeps it in its URL (`routes`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CatalogQuery {
    /// Case-insensitive part of a blueprint's name; empty for all.
    pub search: String,
    pub tag: Option<String>,
}

/// The blueprints that match `query`: every one, the catalog is small (one page of the most
/// the API gives).
pub async fn list(
    client: &Client,
    query: &CatalogQuery,
) -> Result<Vec<PackageBlueprint>, ApiError> {
    let read = list_read(query);
    client
        .fetch(&read.path, &read.query)
        .await
        .map(|(blueprints, _)| blueprints)
}

pub fn list_read(query: &CatalogQuery) -> Read {
    let mut params = vec![
        ("size", MAX_PAGE_SIZE.to_string()),
        ("sort", "name,ASC".to_owned()),
    ];
    if !query.search.is_empty() {
        params.push(("search", query.search.clone()));
    }
    if let Some(tag) = &query.tag {
        params.push(("tag", tag.clone()));
    }
    Read::functions("/v2/faas/package-blueprints", params)
}

pub async fn get(client: &Client, id: &str) -> Result<PackageBlueprint, ApiError> {
    let read = get_read(id);
    client
        .fetch(&read.path, &read.query)
        .await
        .map(|(blueprint, _)| blueprint)
}

pub fn get_read(id: &str) -> Read {
    Read::functions(
        format!("/v2/faas/package-blueprints/{}", encode_component(id)),
        Vec::new(),
    )
}

/// A blueprint's functions, in order, with their params and test inputs.
pub async fn functions(client: &Client, id: &str) -> Result<Vec<FunctionBlueprint>, ApiError> {
    let read = functions_read(id);
    client
        .fetch(&read.path, &read.query)
        .await
        .map(|(functions, _)| functions)
}

pub fn functions_read(id: &str) -> Read {
    Read::functions(
        format!(
            "/v2/faas/package-blueprints/{}/function-blueprints",
            encode_component(id)
        ),
        vec![("size", MAX_PAGE_SIZE.to_string())],
    )
}

/// Imports blueprint `id`: the new package.
pub async fn import(
    client: &Client,
    id: &str,
    body: &ImportBlueprint,
) -> Result<Package, ApiError> {
    let path = format!(
        "/v2/faas/package-blueprints/{}/packages",
        encode_component(id)
    );
    client.write(Method::POST, &path, body).await
}
