//! Demo control, the reference server's own endpoints: whether it offers a reset of its demo
//! data (`GET /v2/faas/demo`), and the reset itself (`POST /v2/faas/demo/reset`, admin key
//! only).

use gloo_net::http::Method;

use super::{ApiError, Client};

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Offer {
    #[serde(default)]
    resettable: bool,
    /// Whether this key may reset it (only the server's admin key may).
    #[serde(default)]
    can_reset: bool,
}

/// Whether the server offers a reset to this key; a server without one (any real API)
/// answers 404.
pub async fn offered(client: &Client) -> Result<bool, ApiError> {
    match client.fetch::<Offer>("/v2/faas/demo", &[]).await {
        Ok((offer, _)) => Ok(offer.resettable && offer.can_reset),
        Err(error) if error.status() == Some(404) => Ok(false),
        Err(error) => Err(error),
    }
}

/// Puts the demo data back to its starting state.
pub async fn reset(client: &Client) -> Result<(), ApiError> {
    client
        .send::<serde::de::IgnoredAny>(Method::POST, "/v2/faas/demo/reset", &[], None)
        .await
        .map(|_| ())
}
