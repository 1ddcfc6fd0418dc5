//! Scheduled events: a deployment's start (and optional stop) at set times, run by the
//! server (api.md §5).

use faas_api::{
    paging::MAX_PAGE_SIZE,
    schedule::{CreateScheduledEvent, ScheduledEvent, UpdateScheduledEvent},
};
use gloo_net::http::Method;

use super::{ApiError, Client, Read};
use crate::url::encode_component;

/// The account's events, soonest first (one page of the most the API gives), or only those
/// of one deployment.
pub async fn list(
    client: &Client,
    deployment_id: Option<&str>,
) -> Result<Vec<ScheduledEvent>, ApiError> {
    let read = list_read(deployment_id);
    client
        .fetch(&read.path, &read.query)
        .await
        .map(|(events, _)| events)
}

pub fn list_read(deployment_id: Option<&str>) -> Read {
    let mut query = vec![
        ("size", MAX_PAGE_SIZE.to_string()),
        ("sort", "dttmBegin,ASC".to_owned()),
    ];
    if let Some(id) = deployment_id {
        query.push(("package_deployment_id", id.to_owned()));
    }
    Read::functions("/v2/faas/scheduled/events", query)
}

pub async fn create(
    client: &Client,
    body: &CreateScheduledEvent,
) -> Result<ScheduledEvent, ApiError> {
    client
        .write(Method::POST, "/v2/faas/scheduled/events", body)
        .await
}

/// New times (and description) for an event; its pending actions move with them.
pub async fn update(
    client: &Client,
    id: &str,
    body: &UpdateScheduledEvent,
) -> Result<ScheduledEvent, ApiError> {
    client.write(Method::PUT, &event_path(id), body).await
}

/// Deletes an event with the actions it has still to run.
pub async fn delete(client: &Client, id: &str) -> Result<(), ApiError> {
    client.delete(&event_path(id), &[]).await
}

fn event_path(id: &str) -> String {
    format!("/v2/faas/scheduled/events/{}", encode_component(id))
}
