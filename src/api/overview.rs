//! The Overview's one read (ours, `faas_api::overview`): counts, what needs attention, the
//! activity per day and the latest entries in one answer.

use faas_api::overview::Overview;

use super::{ApiError, Client, Read};

/// The Overview with its days counted in the zone `tz_offset` minutes east of UTC.
pub async fn get(client: &Client, tz_offset: i32) -> Result<Overview, ApiError> {
    let read = read(tz_offset);
    client
        .fetch(&read.path, &read.query)
        .await
        .map(|(overview, _)| overview)
}

pub fn read(tz_offset: i32) -> Read {
    Read::functions(
        "/v2/faas/overview",
        vec![("tz_offset", tz_offset.to_string())],
    )
}
