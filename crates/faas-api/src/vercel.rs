//! Vercel-style deployments that build (`api.md` §4): `/v6/deployments`,
//! `/v13/deployments/{idOrUrl}`, `PATCH /v12/deployments/{id}/cancel`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Where a deployment is in its build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ReadyState {
    Queued,
    Initializing,
    Building,
    Ready,
    Error,
    Canceled,
}

impl ReadyState {
    pub const ALL: [ReadyState; 6] = [
        ReadyState::Queued,
        ReadyState::Initializing,
        ReadyState::Building,
        ReadyState::Ready,
        ReadyState::Error,
        ReadyState::Canceled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReadyState::Queued => "QUEUED",
            ReadyState::Initializing => "INITIALIZING",
            ReadyState::Building => "BUILDING",
            ReadyState::Ready => "READY",
            ReadyState::Error => "ERROR",
            ReadyState::Canceled => "CANCELED",
        }
    }

    pub fn parse(s: &str) -> Option<ReadyState> {
        ReadyState::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// Only a deployment that has not finished building can be canceled.
    pub fn is_cancelable(self) -> bool {
        matches!(
            self,
            ReadyState::Queued | ReadyState::Initializing | ReadyState::Building
        )
    }

    pub fn is_final(self) -> bool {
        !self.is_cancelable()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ReadySubstate {
    Staged,
    Rolling,
    Promoted,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Creator {
    pub uid: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
}

/// One deployment. Times are milliseconds since the Unix epoch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Deployment {
    pub uid: String,
    pub id: String,
    pub name: String,
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
    pub created: i64,
    pub created_at: i64,
    /// When it left the queue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initializing_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub building_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ready: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canceled_at: Option<i64>,
    /// The same value as `readyState`, kept by the list endpoint.
    pub state: ReadyState,
    pub ready_state: ReadyState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ready_substate: Option<ReadySubstate>,
    #[serde(rename = "type")]
    pub deployment_type: String,
    pub creator: Creator,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    #[serde(default)]
    pub meta: Map<String, Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inspector_url: Option<String>,
    /// Why the build ended `ERROR`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
}

/// `GET /v6/deployments` paging: `next` is the `until` of the next page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pagination {
    pub count: u32,
    pub next: Option<i64>,
    pub prev: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeploymentList {
    pub deployments: Vec<Deployment>,
    pub pagination: Pagination,
}

/// `POST /v13/deployments`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateDeployment {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Map<String, Value>>,
}

/// `{"error": {"code", "message"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// `bad_request`, `forbidden`, `not_found`, `method_unknown`, `internal_server_error`.
    pub code: String,
    pub message: String,
}

/// A team a token belongs to (`GET /v2/teams`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Team {
    pub id: String,
    pub slug: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamList {
    pub teams: Vec<Team>,
    pub pagination: Pagination,
}
