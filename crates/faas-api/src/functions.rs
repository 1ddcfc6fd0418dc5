//! Functions v2 resources (`api.md` §2) and request bodies (§3), with field names exactly as in
//! the public reference pages.

use serde::{Deserialize, Serialize};

/// A package: a named set of revisions of JavaScript functions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Package {
    pub id: String,
    /// Set when the package was imported from a template (blueprint); `null` for a custom one.
    pub package_blueprint_id: Option<String>,
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub api_managed: bool,
    #[serde(default)]
    pub tags: Vec<String>,
    pub revisions_total: u32,
    pub revisions_running: u32,
    pub package_deployments_total: u32,
    pub package_deployments_running: u32,
    pub created_dttm: String,
    pub updated_dttm: String,
}

/// An immutable snapshot of a package's functions; only its name and description change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PackageRevision {
    pub id: String,
    pub package_id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub package_deployments_total: u32,
    pub package_deployments_running: u32,
    pub created_dttm: String,
    pub updated_dttm: String,
    /// Omitted by list answers that do not carry the code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub functions: Option<Vec<Function>>,
}

/// A function as it stands in one package revision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Function {
    /// The function's identity across revisions.
    pub id: String,
    /// New in every revision.
    pub function_revision_id: String,
    pub package_revision_id: String,
    pub name: String,
    pub language: Language,
    #[serde(rename = "type")]
    pub function_type: FunctionType,
    pub sort_order: u32,
    pub code: String,
    pub config: FunctionConfig,
    pub created_dttm: String,
    pub updated_dttm: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Language {
    Javascript,
}

/// What triggers a function. The default is the type a new function starts with in a form.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FunctionType {
    #[default]
    BeforePublish,
    BeforeSignal,
    BeforePublishFile,
    AfterPublish,
    AfterSignal,
    AfterPublishFile,
    AfterPresence,
    OnRequest,
    OnInterval,
}

/// Which config fields a function type takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TriggerKind {
    /// `inputChannel` required, `outputChannel` optional.
    ChannelWithOutput,
    /// `inputChannel` required.
    Channel,
    /// `path` required.
    Request,
    /// `intervalSeconds` required.
    Interval,
}

impl FunctionType {
    pub const ALL: [FunctionType; 9] = [
        FunctionType::BeforePublish,
        FunctionType::BeforeSignal,
        FunctionType::BeforePublishFile,
        FunctionType::AfterPublish,
        FunctionType::AfterSignal,
        FunctionType::AfterPublishFile,
        FunctionType::AfterPresence,
        FunctionType::OnRequest,
        FunctionType::OnInterval,
    ];

    pub fn trigger(self) -> TriggerKind {
        use FunctionType::*;
        match self {
            BeforePublish | BeforeSignal | BeforePublishFile => TriggerKind::ChannelWithOutput,
            AfterPublish | AfterSignal | AfterPublishFile | AfterPresence => TriggerKind::Channel,
            OnRequest => TriggerKind::Request,
            OnInterval => TriggerKind::Interval,
        }
    }

    /// Synchronous functions sit in the message path; the others run after it.
    pub fn is_sync(self) -> bool {
        matches!(
            self.trigger(),
            TriggerKind::ChannelWithOutput | TriggerKind::Request
        )
    }

    /// The wire name, `BEFORE_PUBLISH`.
    pub fn as_str(self) -> &'static str {
        use FunctionType::*;
        match self {
            BeforePublish => "BEFORE_PUBLISH",
            BeforeSignal => "BEFORE_SIGNAL",
            BeforePublishFile => "BEFORE_PUBLISH_FILE",
            AfterPublish => "AFTER_PUBLISH",
            AfterSignal => "AFTER_SIGNAL",
            AfterPublishFile => "AFTER_PUBLISH_FILE",
            AfterPresence => "AFTER_PRESENCE",
            OnRequest => "ON_REQUEST",
            OnInterval => "ON_INTERVAL",
        }
    }

    pub fn parse(s: &str) -> Option<FunctionType> {
        FunctionType::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// The name people know it by in the portal.
    pub fn label(self) -> &'static str {
        use FunctionType::*;
        match self {
            BeforePublish => "Before Publish or Fire",
            BeforeSignal => "Before Signal",
            BeforePublishFile => "Before Publish File",
            AfterPublish => "After Publish or Fire",
            AfterSignal => "After Signal",
            AfterPublishFile => "After Publish File",
            AfterPresence => "After Presence",
            OnRequest => "On Request",
            OnInterval => "On Interval",
        }
    }
}

/// A function's trigger settings, as on the wire: `{"type", "inputChannel", "outputChannel",
/// "path", "intervalSeconds"}`, each present only where its type takes it.
///
/// The fields are optional on the wire (the public examples even show `{}`); which ones a type
/// requires is checked by [`crate::validation::validate_config`], which turns this into a
/// [`TriggerConfig`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FunctionConfig {
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub function_type: Option<FunctionType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_channel: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_channel: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval_seconds: Option<u32>,
}

/// A config that has passed validation: exactly the fields its type takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TriggerConfig {
    Channel {
        input_channel: String,
        output_channel: Option<String>,
    },
    Request {
        path: String,
    },
    Interval {
        interval_seconds: u32,
    },
}

impl TriggerConfig {
    /// The wire form, tagged with its function type.
    pub fn to_wire(&self, function_type: FunctionType) -> FunctionConfig {
        let mut config = FunctionConfig {
            function_type: Some(function_type),
            ..FunctionConfig::default()
        };
        match self {
            TriggerConfig::Channel {
                input_channel,
                output_channel,
            } => {
                config.input_channel = Some(input_channel.clone());
                config.output_channel = output_channel.clone();
            }
            TriggerConfig::Request { path } => config.path = Some(path.clone()),
            TriggerConfig::Interval { interval_seconds } => {
                config.interval_seconds = Some(*interval_seconds)
            }
        }
        config
    }
}

/// A deployment of one package revision to one keyset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PackageDeployment {
    pub id: String,
    pub package_revision_id: String,
    pub keyset_id: i64,
    pub state: DeploymentState,
    #[serde(default)]
    pub function_deployments: Vec<FunctionDeployment>,
    pub created_dttm: String,
    pub updated_dttm: String,
}

/// One function of a deployment. Every field is optional on the wire: the public example of
/// the stop-all answer shows `{}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FunctionDeployment {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub function_revision_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<DeploymentState>,
    /// Ours: the build message of a function that failed, `line 3:14: Unexpected token`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_dttm: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_dttm: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DeploymentState {
    Stopped,
    Starting,
    Running,
    Stopping,
    Failed,
}

impl DeploymentState {
    pub const ALL: [DeploymentState; 5] = [
        DeploymentState::Stopped,
        DeploymentState::Starting,
        DeploymentState::Running,
        DeploymentState::Stopping,
        DeploymentState::Failed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DeploymentState::Stopped => "STOPPED",
            DeploymentState::Starting => "STARTING",
            DeploymentState::Running => "RUNNING",
            DeploymentState::Stopping => "STOPPING",
            DeploymentState::Failed => "FAILED",
        }
    }

    pub fn parse(s: &str) -> Option<DeploymentState> {
        DeploymentState::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// A keyset (`GET /v2/keysets`), the target of a deployment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Keyset {
    pub id: i64,
    pub name: String,
    pub subscribe_key: String,
    pub publish_key: String,
    /// Ours: the app the keyset belongs to, so that a picker can group keysets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_name: Option<String>,
}

/// An account limit. Values are strings, as in the public API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Limit {
    pub name: String,
    pub description: String,
    pub max_value: String,
    pub current_value: String,
}

/// A function as a client sends it when creating a package or a revision.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FunctionInput {
    /// The `id` of the function in an earlier revision, to keep its identity across a rename.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub name: String,
    /// `JAVASCRIPT` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
    #[serde(rename = "type")]
    pub function_type: FunctionType,
    /// The position in the revision; the position in the list when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort_order: Option<u32>,
    pub code: String,
    #[serde(default)]
    pub config: FunctionConfig,
}

/// `POST /v2/faas/packages`: a package with its first revision.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreatePackage {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_managed: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision_description: Option<String>,
    pub functions: Vec<FunctionInput>,
}

/// `PUT /v2/faas/packages/{id}`: only what is sent changes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdatePackage {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
}

/// `POST /v2/faas/package-revisions`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateRevision {
    pub package_id: String,
    /// The next `v<n>` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub functions: Vec<FunctionInput>,
}

/// `PUT /v2/faas/package-revisions/{id}`: only the name and description of a revision change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateRevision {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// `POST /v2/faas/package-deployments`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateDeployment {
    pub package_revision_id: String,
    pub keyset_id: i64,
}

/// `PUT /v2/faas/package-deployments/{id}/function-deployments`: a rolling update from the
/// deployment `{id}` to this one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RollingUpdate {
    pub new_package_deployment_id: String,
}

/// One entry of `GET /v2/faas/package-deployments/intersected`: the RUNNING deployments with
/// a function whose input channel meets `channel` ([`crate::channels::intersects`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChannelIntersection {
    pub channel: String,
    pub package_deployments: Vec<PackageDeployment>,
}

/// The fields a package list can be sorted by.
pub const PACKAGE_SORT_FIELDS: &[&str] = &["name", "createdDttm", "updatedDttm"];
/// The fields a revision list can be sorted by.
pub const REVISION_SORT_FIELDS: &[&str] = &["name", "createdDttm", "updatedDttm"];
/// The fields a deployment list can be sorted by.
pub const DEPLOYMENT_SORT_FIELDS: &[&str] = &["createdDttm", "updatedDttm", "state"];
/// The fields a keyset list can be sorted by.
pub const KEYSET_SORT_FIELDS: &[&str] = &["id", "name"];
/// The fields a function list can be sorted by.
pub const FUNCTION_SORT_FIELDS: &[&str] = &["sortOrder", "name"];
