//! `/v2/faas/packages`: list, read, create, update and delete packages.

use faas_api::{
    paging::{Direction, MAX_PAGE_SIZE},
    CreatePackage, Package, UpdatePackage,
};
use gloo_net::http::Method;

use super::{ApiError, Client, Page, Read};
use crate::url::encode_component;

/// How the packages list is sorted: the API's sortable fields, each both ways.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PackageSort {
    NameAsc,
    NameDesc,
    /// The default: what changed last comes first.
    #[default]
    UpdatedDesc,
    UpdatedAsc,
    CreatedDesc,
    CreatedAsc,
}

impl PackageSort {
    pub const ALL: [PackageSort; 6] = [
        PackageSort::UpdatedDesc,
        PackageSort::UpdatedAsc,
        PackageSort::NameAsc,
        PackageSort::NameDesc,
        PackageSort::CreatedDesc,
        PackageSort::CreatedAsc,
    ];

    /// The API's `sort` value, `name,ASC`; also the URL's.
    pub fn as_param(self) -> &'static str {
        match self {
            PackageSort::NameAsc => "name,ASC",
            PackageSort::NameDesc => "name,DESC",
            PackageSort::UpdatedDesc => "updatedDttm,DESC",
            PackageSort::UpdatedAsc => "updatedDttm,ASC",
            PackageSort::CreatedDesc => "createdDttm,DESC",
            PackageSort::CreatedAsc => "createdDttm,ASC",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PackageSort::NameAsc => "Name, A to Z",
            PackageSort::NameDesc => "Name, Z to A",
            PackageSort::UpdatedDesc => "Recently updated",
            PackageSort::UpdatedAsc => "Least recently updated",
            PackageSort::CreatedDesc => "Newest",
            PackageSort::CreatedAsc => "Oldest",
        }
    }

    pub fn parse(s: &str) -> Option<PackageSort> {
        let (field, direction) = s.split_once(',').unwrap_or((s, "ASC"));
        let direction = match direction.to_ascii_uppercase().as_str() {
            "ASC" => Direction::Asc,
            "DESC" => Direction::Desc,
            _ => return None,
        };
        PackageSort::ALL.into_iter().find(|sort| {
            let (f, d) = sort.as_param().split_once(',').unwrap_or_default();
            f == field && (d == "ASC") == (direction == Direction::Asc)
        })
    }
}

/// Which page of the account's packages to list: searched, sorted and paged. The packages
/// list keeps it in its URL (`routes`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PackagesQuery {
    /// Case-insensitive part of a package name; empty for all.
    pub search: String,
    pub sort: PackageSort,
    /// 0-based, as the API counts.
    pub page: u32,
}

/// Rows per page of the packages list.
pub const PAGE_SIZE: u32 = 20;

/// One page of the account's packages, searched and sorted as `query` says.
pub async fn list(client: &Client, query: &PackagesQuery) -> Result<Page<Package>, ApiError> {
    let read = list_read(query);
    client.fetch_page(&read.path, &read.query).await
}

pub fn list_read(query: &PackagesQuery) -> Read {
    let mut params = vec![
        ("page", query.page.to_string()),
        ("size", PAGE_SIZE.to_string()),
        ("sort", query.sort.as_param().to_owned()),
    ];
    if !query.search.is_empty() {
        params.push(("search", query.search.clone()));
    }
    Read::functions("/v2/faas/packages", params)
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
