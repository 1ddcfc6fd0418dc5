//! Package revisions: immutable snapshots of a package's functions.

use faas_api::{
    paging::MAX_PAGE_SIZE, validation::MAX_IDS_PER_READ, CreateRevision, PackageRevision,
};
use gloo_net::http::Method;

use super::{ApiError, Client, Page, Read};
use crate::url::encode_component;

/// One page of a package's revisions, newest first. Each carries its deployment counters but
/// not its functions.
pub async fn list(
    client: &Client,
    package_id: &str,
    page: u32,
) -> Result<Page<PackageRevision>, ApiError> {
    let read = list_read(package_id, page);
    client.fetch_page(&read.path, &read.query).await
}

pub fn list_read(package_id: &str, page: u32) -> Read {
    let path = format!(
        "/v2/faas/packages/{}/package-revisions",
        encode_component(package_id)
    );
    let query = vec![
        ("page", page.to_string()),
        ("size", MAX_PAGE_SIZE.to_string()),
        ("sort", "createdDttm,DESC".to_owned()),
    ];
    Read::functions(path, query)
}

/// One revision with its functions and their code.
pub async fn get(client: &Client, id: &str) -> Result<PackageRevision, ApiError> {
    let read = get_read(id);
    client
        .fetch(&read.path, &read.query)
        .await
        .map(|(revision, _)| revision)
}

pub fn get_read(id: &str) -> Read {
    Read::functions(
        format!("/v2/faas/package-revisions/{}", encode_component(id)),
        Vec::new(),
    )
}

/// Several revisions with their functions, in as many reads of [`MAX_IDS_PER_READ`] as they
/// need (`GET /v2/faas/package-revisions?ids=…`, the reference server's; api.md §3): those
/// that are no revision are left out. On a server without that read (the public API) the
/// error says [`ApiError::no_such_read`], and the caller reads each on its own.
pub async fn many(client: &Client, ids: &[&str]) -> Result<Vec<PackageRevision>, ApiError> {
    let mut found = Vec::with_capacity(ids.len());
    for read in many_reads(ids) {
        let (revisions, _) = client
            .fetch::<Vec<PackageRevision>>(&read.path, &read.query)
            .await?;
        found.extend(revisions);
    }
    Ok(found)
}

/// The reads of [`many`], the ids in the order given: a page's read and a prefetch of the
/// same revisions, both in the order of the deployments list that names them, are the same
/// read. `ids` holds each id once.
pub fn many_reads(ids: &[&str]) -> Vec<Read> {
    ids.chunks(MAX_IDS_PER_READ)
        .map(|chunk| Read::functions("/v2/faas/package-revisions", vec![("ids", chunk.join(","))]))
        .collect()
}

/// What a revision's page reads once the revision (`data`) is known: its package and the
/// package's revisions ([`Client::prefetch_then`](super::Client::prefetch_then)).
pub fn package_reads(data: &str) -> Vec<Read> {
    #[derive(serde::Deserialize)]
    struct Revision {
        #[serde(rename = "packageId")]
        package_id: String,
    }
    match super::follow_object::<Revision>(data) {
        Some(Revision { package_id }) => vec![
            super::packages::get_read(&package_id),
            list_read(&package_id, 0),
        ],
        None => Vec::new(),
    }
}

/// Creates a revision of a package from a full set of functions.
pub async fn create(client: &Client, body: &CreateRevision) -> Result<PackageRevision, ApiError> {
    client
        .write(Method::POST, "/v2/faas/package-revisions", body)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_revision_leads_to_its_package_and_the_packages_revisions() {
        let revision = json!({"id": "r-1", "packageId": "p 1", "name": "v1", "functions": []});
        assert_eq!(
            package_reads(&revision.to_string()),
            [super::super::packages::get_read("p 1"), list_read("p 1", 0)]
        );
        assert_eq!(package_reads(r#"{"id": "r-1"}"#), []);
        assert_eq!(package_reads("[]"), []);
        assert_eq!(package_reads(r#"["p 1"]"#), []);
    }

    #[test]
    fn several_revisions_are_one_read_per_hundred_in_the_order_given() {
        assert_eq!(
            many_reads(&["r-2", "r-1"]),
            [Read::functions(
                "/v2/faas/package-revisions",
                vec![("ids", "r-2,r-1".to_owned())]
            )]
        );
        let ids: Vec<String> = (0..=MAX_IDS_PER_READ)
            .map(|n| format!("r-{n:03}"))
            .collect();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let reads = many_reads(&ids);
        assert_eq!(reads.len(), 2);
        assert_eq!(
            reads[1].query,
            [("ids", format!("r-{MAX_IDS_PER_READ:03}"))]
        );
        assert_eq!(many_reads(&[]), []);
    }
}
