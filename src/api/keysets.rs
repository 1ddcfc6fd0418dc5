//! `GET /v2/keysets`: the keysets functions can be deployed to.

use faas_api::{paging::MAX_PAGE_SIZE, Keyset, Paging};

use super::{ApiError, Client};

/// One page of the account's keysets, as many as the API allows per page.
pub async fn list_keysets(
    client: &Client,
    page: u32,
) -> Result<(Vec<Keyset>, Option<Paging>), ApiError> {
    client
        .fetch(
            "/v2/keysets",
            &[
                ("page", page.to_string()),
                ("size", MAX_PAGE_SIZE.to_string()),
            ],
        )
        .await
}
