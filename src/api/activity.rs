//! The activity log (api.md §5 "Activity", ours): every accepted write, newest first.

use faas_api::activity::ActivityEntry;

use super::{ApiError, Client, Page, Read};

/// The newest `size` entries.
pub async fn latest(client: &Client, size: u32) -> Result<Vec<ActivityEntry>, ApiError> {
    let read = latest_read(size);
    let page: Page<ActivityEntry> = client.fetch_page(&read.path, &read.query).await?;
    Ok(page.items)
}

pub fn latest_read(size: u32) -> Read {
    Read::functions("/v2/faas/activity", vec![("size", size.to_string())])
}
