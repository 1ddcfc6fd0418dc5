//! "Run on server": the reference server's own endpoint that runs a test in its embedded
//! JavaScript engine and answers the same result document as the browser's run.

use gloo_net::http::Method;

use super::{ApiError, Client};
use crate::function_test::{Input, RunResult};

pub async fn run_on_server(client: &Client, input: &Input) -> Result<RunResult, ApiError> {
    client
        .write(Method::POST, "/v2/faas/test-runs", input)
        .await
}
