//! Package deployments: list, read, create, start, stop, delete, stop all, and the limit on
//! running ones.

use faas_api::{
    paging::MAX_PAGE_SIZE, CreateDeployment, DeploymentState, Limit, PackageDeployment, Paging,
};
use gloo_net::http::Method;

use super::{packages, revisions, ApiError, Client, Page, Read};
use crate::url::encode_component;

/// Which deployments to list: filters and a page, all optional. The deployments list keeps
/// it in its URL (`routes`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeploymentsQuery {
    pub state: Option<DeploymentState>,
    pub keyset: Option<i64>,
    pub package: Option<String>,
    pub revision: Option<String>,
    /// 0-based; the URL counts from 1.
    pub page: u32,
}

impl DeploymentsQuery {
    /// Whether any filter is set (the page number aside).
    pub fn is_filtered(&self) -> bool {
        self.state.is_some()
            || self.keyset.is_some()
            || self.package.is_some()
            || self.revision.is_some()
    }
}

/// Rows per page of a deployments list.
pub const PAGE_SIZE: u32 = 20;

/// One page of the deployments the key can see, filtered as `query` says, newest first.
///
/// `GET /v2/faas/package-deployments` is the reference server's (api.md §3). The public API
/// lists deployments only per revision: where the list is missing (404 or 405), they are
/// gathered revision by revision and filtered and paged here.
pub async fn list(
    client: &Client,
    query: &DeploymentsQuery,
) -> Result<Page<PackageDeployment>, ApiError> {
    match list_from_server(client, query).await {
        // A filter's package or revision that does not exist is not found again while
        // gathering, so that 404 still reaches the user.
        Err(error) if error.no_such_read() => gather(client, query).await,
        answer => answer,
    }
}

async fn list_from_server(
    client: &Client,
    query: &DeploymentsQuery,
) -> Result<Page<PackageDeployment>, ApiError> {
    let read = list_read(query);
    client.fetch_page(&read.path, &read.query).await
}

/// The read of [`list`] on a server that has the list.
pub fn list_read(query: &DeploymentsQuery) -> Read {
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
    Read::functions("/v2/faas/package-deployments", params)
}

/// Every deployment of one revision (`GET …/package-revisions/{id}/package-deployments`, the
/// public API's list), as many as a page holds.
pub async fn of_revision(client: &Client, id: &str) -> Result<Vec<PackageDeployment>, ApiError> {
    let path = format!(
        "/v2/faas/package-revisions/{}/package-deployments",
        encode_component(id)
    );
    let query = [("size", MAX_PAGE_SIZE.to_string())];
    let page: Page<PackageDeployment> = client.fetch_page(&path, &query).await?;
    Ok(page.items)
}

/// The deployments list of a server without one: the revisions `query` names (or every
/// revision of every package), each one's deployments, then [`filter_and_page`].
async fn gather(
    client: &Client,
    query: &DeploymentsQuery,
) -> Result<Page<PackageDeployment>, ApiError> {
    let revision_ids = match (&query.revision, &query.package) {
        (Some(revision), _) => vec![revision.clone()],
        (None, Some(package)) => revision_ids(client, package).await?,
        (None, None) => {
            let mut ids = Vec::new();
            for package in packages::all(client).await? {
                ids.extend(revision_ids(client, &package.id).await?);
            }
            ids
        }
    };
    let mut all = Vec::new();
    for id in revision_ids {
        all.extend(of_revision(client, &id).await?);
    }
    Ok(filter_and_page(all, query))
}

async fn revision_ids(client: &Client, package_id: &str) -> Result<Vec<String>, ApiError> {
    let page = revisions::list(client, package_id, 0).await?;
    Ok(page.items.into_iter().map(|r| r.id).collect())
}

/// What the server's list would answer for `query`, from every deployment gathered: the
/// state and keyset filters, newest first, the page asked for.
pub fn filter_and_page(
    mut all: Vec<PackageDeployment>,
    query: &DeploymentsQuery,
) -> Page<PackageDeployment> {
    all.retain(|d| {
        query.state.is_none_or(|state| d.state == state)
            && query.keyset.is_none_or(|keyset| d.keyset_id == keyset)
    });
    // RFC 3339 in UTC with milliseconds: the text sorts as the time does.
    crate::sort::sort_by(&mut all, |a, b| b.created_dttm.cmp(&a.created_dttm));
    let total = all.len() as u64;
    let start = (query.page as usize).saturating_mul(PAGE_SIZE as usize);
    let items = all
        .into_iter()
        .skip(start)
        .take(PAGE_SIZE as usize)
        .collect();
    Page {
        items,
        paging: Some(Paging::new(total, PAGE_SIZE, query.page)),
    }
}

pub async fn get(client: &Client, id: &str) -> Result<PackageDeployment, ApiError> {
    let read = get_read(id);
    client
        .fetch(&read.path, &read.query)
        .await
        .map(|(deployment, _)| deployment)
}

pub fn get_read(id: &str) -> Read {
    Read::functions(deployment_path(id), Vec::new())
}

/// The revisions that deployments (`data`: one, or a list) run, read as the pages that show
/// them ask (the deployments pages' names): one alone, several together
/// ([`revisions::many_reads`]). What [`Client::prefetch_then`] sends after a deployments read.
pub fn revision_reads(data: &str) -> Vec<Read> {
    #[derive(serde::Deserialize)]
    struct Deployment {
        #[serde(rename = "packageRevisionId", default)]
        package_revision_id: Option<String>,
    }
    // A list with a deployment that cannot be read leads nowhere: a prefetch is only a head
    // start, the page reads what it shows itself.
    let deployments: Vec<Deployment> = if data.trim_start().starts_with('[') {
        serde_json::from_str(data).unwrap_or_default()
    } else {
        super::follow_object(data).into_iter().collect()
    };
    let mut ids: Vec<&str> = Vec::new();
    for id in deployments
        .iter()
        .filter_map(|d| d.package_revision_id.as_deref())
    {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    match ids.as_slice() {
        [] => Vec::new(),
        [id] => vec![revisions::get_read(id)],
        several => revisions::many_reads(several),
    }
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
    let read = running_limit_read();
    client
        .fetch(&read.path, &read.query)
        .await
        .map(|(limit, _)| limit)
}

pub fn running_limit_read() -> Read {
    Read::functions("/v2/faas/limits/package-deployments-running", Vec::new())
}

fn deployment_path(id: &str) -> String {
    format!("/v2/faas/package-deployments/{}", encode_component(id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use DeploymentState::*;

    fn deployment(n: u32, state: DeploymentState, keyset_id: i64) -> PackageDeployment {
        PackageDeployment {
            id: format!("d{n}"),
            package_revision_id: "r".into(),
            keyset_id,
            state,
            function_deployments: Vec::new(),
            created_dttm: format!("2026-01-{:02}T10:00:00.000Z", n + 1),
            updated_dttm: String::new(),
        }
    }

    #[test]
    fn deployments_lead_to_each_of_their_revisions_once() {
        use serde_json::json;
        let list = json!([
            {"id": "d1", "packageRevisionId": "r-2"},
            {"id": "d2", "packageRevisionId": "r-1"},
            {"id": "d3", "packageRevisionId": "r-2"},
            {"id": "d4"},
        ]);
        assert_eq!(
            revision_reads(&list.to_string()),
            revisions::many_reads(&["r-2", "r-1"])
        );
        let same_revision = json!([
            {"id": "d1", "packageRevisionId": "r-2"},
            {"id": "d3", "packageRevisionId": "r-2"},
        ]);
        assert_eq!(
            revision_reads(&same_revision.to_string()),
            [revisions::get_read("r-2")]
        );
        let one = json!({"id": "d1", "packageRevisionId": "r-9"});
        assert_eq!(
            revision_reads(&one.to_string()),
            [revisions::get_read("r-9")]
        );
        assert_eq!(revision_reads("[]"), []);
        assert_eq!(revision_reads("not json"), []);
        assert_eq!(revision_reads(r#"["d1", "r-3"]"#), []);
        assert_eq!(revision_reads(r#"[{"packageRevisionId": 7}]"#), []);
    }

    #[test]
    fn gathered_deployments_are_filtered_newest_first() {
        let all = vec![
            deployment(1, Running, 1),
            deployment(3, Running, 2),
            deployment(2, Stopped, 1),
            deployment(4, Running, 1),
        ];
        let query = DeploymentsQuery {
            state: Some(Running),
            keyset: Some(1),
            ..Default::default()
        };
        let page = filter_and_page(all, &query);
        let ids: Vec<&str> = page.items.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["d4", "d1"]);
        assert_eq!(page.total(), 2);
    }

    #[test]
    fn gathered_deployments_are_paged_like_the_server() {
        let all: Vec<_> = (0..25).map(|n| deployment(n, Stopped, 1)).collect();
        let second = filter_and_page(
            all,
            &DeploymentsQuery {
                page: 1,
                ..Default::default()
            },
        );
        assert_eq!(second.items.len(), 5);
        assert_eq!(second.items[0].id, "d4");
        assert_eq!(
            (second.total(), second.page_count(), second.number()),
            (25, 2, 1)
        );
        assert!(second.has_previous() && !second.has_next());
    }
}
