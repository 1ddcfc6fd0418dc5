//! Saved test inputs (api.md §5): a function revision's, with those of the function's earlier
//! revisions, shared by everyone on the account.

use faas_api::{
    catalog::{SaveTestInput, TestInput},
    paging::MAX_PAGE_SIZE,
};
use gloo_net::http::Method;

use super::{ApiError, Client};
use crate::url::encode_component;

fn list_path(function_revision_id: &str) -> String {
    format!(
        "/v2/faas/function-revisions/{}/test-inputs",
        encode_component(function_revision_id)
    )
}

/// The inputs a function revision sees, newest first (one page of the most the API gives).
pub async fn list(client: &Client, function_revision_id: &str) -> Result<Vec<TestInput>, ApiError> {
    client
        .fetch(
            &list_path(function_revision_id),
            &[("size", MAX_PAGE_SIZE.to_string())],
        )
        .await
        .map(|(inputs, _)| inputs)
}

pub async fn create(
    client: &Client,
    function_revision_id: &str,
    body: &SaveTestInput,
) -> Result<TestInput, ApiError> {
    client
        .write(Method::POST, &list_path(function_revision_id), body)
        .await
}

pub async fn update(
    client: &Client,
    id: &str,
    body: &SaveTestInput,
) -> Result<TestInput, ApiError> {
    let path = format!("/v2/faas/test-inputs/{}", encode_component(id));
    client.write(Method::PUT, &path, body).await
}

pub async fn delete(client: &Client, id: &str) -> Result<(), ApiError> {
    let path = format!("/v2/faas/test-inputs/{}", encode_component(id));
    client.delete(&path, &[]).await
}
