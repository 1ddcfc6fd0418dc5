//! Vercel-style deployments that build (`api.md` §4): `GET /v6/deployments` (and `/v7`, where
//! Vercel's own SDK lists), `GET /v13/deployments/{idOrUrl}`, `POST /v13/deployments`,
//! `PATCH /v12/deployments/{id}/cancel` (and `/v13/…/cancel`), `GET /v2/teams` and
//! `GET /v2/teams/{teamId}`.
//!
//! The types are the wire shapes, as Vercel's OpenAPI document (and so its TypeScript SDK,
//! `@vercel/sdk`) describes them: a list item is [`Deployment`]; get, create and cancel answer
//! the owner's full view, [`DeploymentDetail`]; a team is [`Team`] with the fields the SDK
//! requires. The rules both sides must agree on (names, the create body, the list query, the
//! substate) are plain functions here, so the console can check a form exactly as the server
//! will.

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

/// Where a deployment came from: the values of Vercel's `source` that this server produces
/// (Vercel knows more, such as `import`; none of them is `api`). A deployment created through
/// `POST /v13/deployments` is [`SOURCE_CLI`], as the deployments of Vercel's own CLI (which
/// creates them through that endpoint) are; the demo data has the others.
pub const SOURCES: [&str; 3] = [SOURCE_CLI, SOURCE_GIT, SOURCE_REDEPLOY];
pub const SOURCE_CLI: &str = "cli";
pub const SOURCE_GIT: &str = "git";
pub const SOURCE_REDEPLOY: &str = "redeploy";

/// One deployment as a list shows it (`GET /v6/deployments`, `/v7`). Times are milliseconds
/// since the Unix epoch.
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
    /// When it began BUILDING; until it has, its `createdAt` (Vercel's owner view requires a
    /// time). This server always sends it; Vercel's list may not. Read it through
    /// [`Deployment::building_began`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub building_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ready: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canceled_at: Option<i64>,
    /// Ours: when it left `QUEUED` (so a timeline can show the wait and each step).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initializing_at: Option<i64>,
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
    /// `"production"`, or `null` for a preview (always sent, as Vercel does).
    #[serde(default)]
    pub target: Option<String>,
    #[serde(default)]
    pub meta: Map<String, Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inspector_url: Option<String>,
    /// Only when `ERROR`: a short machine code such as `BUILD_FAILED`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    /// Only when `ERROR`: what went wrong, for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
    /// Whether its aliases are assigned: once it is READY.
    #[serde(default)]
    pub alias_assigned: bool,
    /// Whether an instant rollback could go back to it: a READY production deployment.
    #[serde(default)]
    pub is_rollback_candidate: bool,
}

impl Deployment {
    /// When the build began BUILDING, if it has: `buildingAt` is `createdAt` until then, and a
    /// build always spends time INITIALIZING first, so a later time is the real one.
    pub fn building_began(&self) -> Option<i64> {
        let at = self.building_at?;
        let reached = match self.ready_state {
            ReadyState::Building | ReadyState::Ready | ReadyState::Error => true,
            ReadyState::Canceled => at > self.created_at,
            ReadyState::Queued | ReadyState::Initializing => false,
        };
        reached.then_some(at)
    }
}

/// Vercel's account plans; a team here is `pro`, a personal scope `hobby`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Plan {
    Hobby,
    Pro,
    Enterprise,
}

/// `build` of the owner's view: the names of the build's environment variables.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuildEnv {
    pub env: Vec<String>,
}

/// The project settings a deployment was built with. This server builds no code, so none is
/// set: every one is `null`, which Vercel's schema allows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProjectSettings {
    pub build_command: Option<String>,
    pub dev_command: Option<String>,
    pub framework: Option<String>,
    pub install_command: Option<String>,
    pub output_directory: Option<String>,
}

/// The region every deployment of this server is built and served in (ours; Vercel's look
/// like `iad1`).
pub const REGION: &str = "dev1";

/// The deployment platform's version, as Vercel answers it (`2`).
pub const PLATFORM_VERSION: u32 = 2;

/// One deployment as its owner sees it: what `GET /v13/deployments/{idOrUrl}`,
/// `POST /v13/deployments` and the cancel answer. It is the list item and the fields Vercel's
/// full view requires besides, so that Vercel's SDK reads it as that view (it would fall back
/// to a reduced one, dropping name, url, creator and meta, if one were missing).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentDetail {
    #[serde(flatten)]
    pub deployment: Deployment,
    /// The same value as `readyState`.
    pub status: ReadyState,
    /// When it was created (as Vercel's own answers have it).
    pub booted_at: i64,
    pub build: BuildEnv,
    pub build_skipped: bool,
    /// The region it was created in ([`REGION`]).
    pub created_in: String,
    /// The names of its runtime environment variables.
    pub env: Vec<String>,
    /// Whether it waits QUEUED for a build slot of its scope (`--build-concurrency`).
    pub is_in_concurrent_builds_queue: bool,
    pub is_in_system_builds_queue: bool,
    /// The scope it belongs to: the team's id, or the user's own.
    pub owner_id: String,
    pub plan: Plan,
    pub project_settings: ProjectSettings,
    pub public: bool,
    pub regions: Vec<String>,
    /// Its routing rules: none (`null`).
    pub routes: Option<Vec<Value>>,
    pub version: u32,
}

/// `GET /v6/deployments` (and `GET /v2/teams`) paging: `next` is the `until` of the next
/// page.
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

/// One team of `GET /v2/teams`, and `GET /v2/teams/{teamId}`: the fields Vercel's full team
/// view requires.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Team {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub created_at: i64,
    /// Teams are not edited here: the same as `createdAt`.
    #[serde(default)]
    pub updated_at: i64,
    /// The user who created it.
    #[serde(default)]
    pub creator_id: String,
    /// The prefix of its staging aliases: its slug.
    #[serde(default)]
    pub staging_prefix: String,
    /// No avatar (`null`).
    #[serde(default)]
    pub avatar: Option<String>,
    /// No description (`null`).
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub billing: Option<Billing>,
}

/// A team's billing: its plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Billing {
    pub plan: Plan,
}

/// `GET /v2/teams`: the token's user's teams, oldest first, a page at a time (`limit`,
/// `since`, `until` by `createdAt`, as the deployments list).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamList {
    pub teams: Vec<Team>,
    pub pagination: Pagination,
}

/// The error codes of these routes (Vercel's, lower snake case).
pub mod codes {
    pub const BAD_REQUEST: &str = "bad_request";
    pub const FORBIDDEN: &str = "forbidden";
    pub const NOT_FOUND: &str = "not_found";
    pub const METHOD_UNKNOWN: &str = "method_unknown";
    pub const INTERNAL: &str = "internal_server_error";
}

/// The most characters of a deployment or project name.
pub const NAME_MAX_CHARS: usize = 100;
/// The most `meta` entries of a deployment, and the longest key and value.
pub const META_MAX_KEYS: usize = 100;
pub const META_KEY_MAX_CHARS: usize = 100;
pub const META_VALUE_MAX_CHARS: usize = 1000;

/// `limit` of `GET /v6/deployments` and `GET /v2/teams`: default and largest.
pub const DEFAULT_LIMIT: u32 = 20;
pub const MAX_LIMIT: u32 = 100;

/// `target: "production"`; a preview has none.
pub const PRODUCTION: &str = "production";
/// `target: "staging"`: Vercel's other target, a deployment given a staging alias.
pub const STAGING: &str = "staging";
/// The `target` filter value of previews.
pub const PREVIEW: &str = "preview";

/// A project (and so a deployment) name: 1..=100 of `a-z`, `0-9`, `.`, `_`, `-`. Vercel's
/// rule is the same set, lower case only, because the name becomes part of a host name.
pub fn name_problem(name: &str) -> Option<String> {
    let chars = name.chars().count();
    if chars == 0 {
        return Some("must not be empty".into());
    }
    if chars > NAME_MAX_CHARS {
        return Some(format!(
            "must be at most {NAME_MAX_CHARS} characters (it has {chars})"
        ));
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !matches!(c, 'a'..='z' | '0'..='9' | '.' | '_' | '-'))
    {
        return Some(format!(
            "must use only lowercase letters, digits, '.', '_' and '-' (found {bad:?})"
        ));
    }
    None
}

/// A checked `POST /v13/deployments` body.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidCreate {
    pub name: String,
    /// A project id (`prj_…`) or name; defaults to `name`.
    pub project: String,
    /// `Some("production")`, `Some("staging")` or `None` (preview).
    pub target: Option<String>,
    pub meta: Map<String, Value>,
}

/// Checks a create body; the message names the offending field (`meta.fail: must be a
/// string`).
pub fn validate_create(body: &CreateDeployment) -> Result<ValidCreate, String> {
    if let Some(problem) = name_problem(&body.name) {
        return Err(format!("name: {problem}"));
    }
    let project = match body.project.as_deref() {
        None => body.name.clone(),
        Some(p) if p.starts_with("prj_") => p.to_owned(),
        Some(p) => match name_problem(p) {
            Some(problem) => return Err(format!("project: {problem}")),
            None => p.to_owned(),
        },
    };
    let target = match body.target.as_deref() {
        None | Some(PREVIEW) => None,
        Some(t @ (PRODUCTION | STAGING)) => Some(t.to_owned()),
        Some(other) => {
            return Err(format!(
                "target: must be \"production\", \"staging\", \"preview\" or null, not {other:?}"
            ))
        }
    };
    let meta = body.meta.clone().unwrap_or_default();
    if meta.len() > META_MAX_KEYS {
        return Err(format!("meta: at most {META_MAX_KEYS} entries"));
    }
    for (key, value) in &meta {
        let key_chars = key.chars().count();
        if key_chars == 0 || key_chars > META_KEY_MAX_CHARS {
            return Err(format!(
                "meta: keys must be 1..={META_KEY_MAX_CHARS} characters ({key:?})"
            ));
        }
        match value {
            Value::String(s) if s.chars().count() <= META_VALUE_MAX_CHARS => {}
            Value::String(_) => {
                return Err(format!(
                    "meta.{key}: must be at most {META_VALUE_MAX_CHARS} characters"
                ))
            }
            _ => return Err(format!("meta.{key}: must be a string")),
        }
    }
    Ok(ValidCreate {
        name: body.name.clone(),
        project,
        target,
        meta,
    })
}

/// Which targets a list keeps; also what the console's filter and form choose from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetFilter {
    Production,
    Staging,
    Preview,
}

impl TargetFilter {
    pub const ALL: [TargetFilter; 3] = [
        TargetFilter::Production,
        TargetFilter::Staging,
        TargetFilter::Preview,
    ];

    /// The query's value (`production`, `staging`, `preview`).
    pub const fn as_str(self) -> &'static str {
        match self {
            TargetFilter::Production => PRODUCTION,
            TargetFilter::Staging => STAGING,
            TargetFilter::Preview => PREVIEW,
        }
    }

    pub fn parse(s: &str) -> Option<TargetFilter> {
        TargetFilter::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// A deployment's `target` as the API writes it: `null` (or anything else) is a preview.
    pub fn of(target: Option<&str>) -> TargetFilter {
        match target {
            Some(PRODUCTION) => TargetFilter::Production,
            Some(STAGING) => TargetFilter::Staging,
            _ => TargetFilter::Preview,
        }
    }
}

/// A checked `GET /v6/deployments` (`/v7`) query: every filter of Vercel's, applied together.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListQuery {
    pub limit: u32,
    /// Only deployments created strictly before (`until`, or `to`) or after (`since`, or
    /// `from`), in ms; when both of a pair are sent, the narrower one.
    pub until: Option<i64>,
    pub since: Option<i64>,
    /// Empty: every state.
    pub states: Vec<ReadyState>,
    /// Ids or names of projects (`projectId`, or `projectIds`); empty: every project.
    pub projects: Vec<String>,
    pub target: Option<TargetFilter>,
    /// `app`: only deployments of this name.
    pub app: Option<String>,
    /// `users`: only deployments created by one of these user ids.
    pub users: Vec<String>,
    /// `rollbackCandidate`: only those that are (`true`) or are not (`false`) candidates.
    pub rollback_candidate: Option<bool>,
    /// `branch`, `sha`: only deployments whose git metadata (`meta.githubCommitRef`,
    /// `meta.githubCommitSha`, or their GitLab and Bitbucket twins) names this branch or
    /// commit.
    pub branch: Option<String>,
    pub sha: Option<String>,
}

/// The keys of `meta` that hold a deployment's git branch and commit, for each git provider
/// (Vercel writes them on git deployments).
pub const META_BRANCH_KEYS: [&str; 3] =
    ["githubCommitRef", "gitlabCommitRef", "bitbucketCommitRef"];
pub const META_SHA_KEYS: [&str; 3] = ["githubCommitSha", "gitlabCommitSha", "bitbucketCommitSha"];

fn millis(name: &str, raw: &str) -> Result<i64, String> {
    raw.parse::<i64>()
        .ok()
        .filter(|v| *v >= 0)
        .ok_or_else(|| format!("{name}: must be a time in milliseconds, not {raw:?}"))
}

/// The values of one query parameter, in order; a repeated parameter (`projectIds=a&projectIds=b`,
/// as Vercel's SDK sends a list) gives several. Empty values are left out: absent and empty
/// are the same.
fn values<'a>(pairs: &'a [(String, String)], name: &str) -> Vec<&'a str> {
    pairs
        .iter()
        .filter(|(k, v)| k == name && !v.is_empty())
        .map(|(_, v)| v.as_str())
        .collect()
}

/// The one value of a parameter; sent twice with different values is refused.
fn single<'a>(pairs: &'a [(String, String)], name: &str) -> Result<Option<&'a str>, String> {
    match values(pairs, name).as_slice() {
        [] => Ok(None),
        [one, rest @ ..] if rest.iter().all(|v| v == one) => Ok(Some(one)),
        _ => Err(format!("{name}: must be sent once")),
    }
}

/// The items of a parameter that is a list, comma-separated or repeated (or both), trimmed; an
/// empty item (`READY,`) is kept, for the caller to refuse or skip.
fn list<'a>(pairs: &'a [(String, String)], name: &str) -> Vec<&'a str> {
    values(pairs, name)
        .into_iter()
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect()
}

/// The non-empty items of a list of ids or names (`projectIds`, `users`).
fn names(pairs: &[(String, String)], name: &str) -> Vec<String> {
    list(pairs, name)
        .into_iter()
        .filter(|item| !item.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `limit`, `since`/`from` and `until`/`to` of a list by creation time, newest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimePage {
    pub limit: u32,
    pub until: Option<i64>,
    pub since: Option<i64>,
}

/// Parses the paging of a list by creation time (deployments, teams); `from` and `to` are
/// the older names of `since` and `until`.
pub fn parse_time_page(pairs: &[(String, String)]) -> Result<TimePage, String> {
    let limit = match single(pairs, "limit")? {
        None => DEFAULT_LIMIT,
        Some(raw) => raw
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=MAX_LIMIT).contains(n))
            .ok_or_else(|| format!("limit: must be a number from 1 to {MAX_LIMIT}, not {raw:?}"))?,
    };
    let time = |name: &str| -> Result<Option<i64>, String> {
        single(pairs, name)?
            .map(|raw| millis(name, raw))
            .transpose()
    };
    let narrower = |a: Option<i64>, b: Option<i64>, pick: fn(i64, i64) -> i64| match (a, b) {
        (Some(a), Some(b)) => Some(pick(a, b)),
        (a, b) => a.or(b),
    };
    Ok(TimePage {
        limit,
        until: narrower(time("until")?, time("to")?, i64::min),
        since: narrower(time("since")?, time("from")?, i64::max),
    })
}

/// Parses the query of `GET /v6/deployments` (`/v7`), given as its (name, value) pairs in
/// order; the message names the parameter.
pub fn parse_list_query(pairs: &[(String, String)]) -> Result<ListQuery, String> {
    let TimePage {
        limit,
        until,
        since,
    } = parse_time_page(pairs)?;
    let states = list(pairs, "state")
        .iter()
        .map(|s| {
            ReadyState::parse(s).ok_or_else(|| {
                format!(
                    "state: {s:?} is not one of {}",
                    ReadyState::ALL.map(ReadyState::as_str).join(", ")
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let target = single(pairs, "target")?
        .map(|raw| {
            TargetFilter::parse(raw).ok_or_else(|| {
                format!("target: must be \"production\", \"staging\" or \"preview\", not {raw:?}")
            })
        })
        .transpose()?;
    let project_id = single(pairs, "projectId")?;
    let project_ids = names(pairs, "projectIds");
    let projects = match (project_id, project_ids.is_empty()) {
        (Some(_), false) => {
            return Err("projectIds: cannot be used together with projectId".into());
        }
        (Some(one), true) => vec![one.to_owned()],
        (None, _) => project_ids,
    };
    let rollback_candidate = single(pairs, "rollbackCandidate")?
        .map(|raw| match raw {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err(format!(
                "rollbackCandidate: must be true or false, not {raw:?}"
            )),
        })
        .transpose()?;
    let text = |name: &str| single(pairs, name).map(|v| v.map(str::to_owned));
    Ok(ListQuery {
        limit,
        until,
        since,
        states,
        projects,
        target,
        app: text("app")?,
        users: names(pairs, "users"),
        rollback_candidate,
        branch: text("branch")?,
        sha: text("sha")?,
    })
}

/// `readySubstate`: only a `READY` deployment has one; production ones are live.
pub fn ready_substate(state: ReadyState, target: Option<&str>) -> Option<ReadySubstate> {
    match (state, target) {
        (ReadyState::Ready, Some(PRODUCTION)) => Some(ReadySubstate::Promoted),
        (ReadyState::Ready, _) => Some(ReadySubstate::Staged),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn create(body: Value) -> Result<ValidCreate, String> {
        validate_create(&serde_json::from_value(body).unwrap())
    }

    #[test]
    fn names_are_lowercase_host_labels_of_at_most_100() {
        assert_eq!(name_problem("acme-web.v2_x"), None);
        assert_eq!(name_problem(&"a".repeat(100)), None);
        assert!(name_problem("").unwrap().contains("empty"));
        assert!(name_problem(&"a".repeat(101)).unwrap().contains("100"));
        assert!(name_problem("Acme").unwrap().contains("'A'"));
        assert!(name_problem("a b").is_some());
    }

    #[test]
    fn a_create_body_is_checked_field_by_field() {
        let ok = create(json!({"name": "web"})).unwrap();
        assert_eq!((ok.project.as_str(), ok.target), ("web", None));
        let ok = create(
            json!({"name": "web", "project": "prj_X1", "target": "production",
            "meta": {"fail": "true"}}),
        )
        .unwrap();
        assert_eq!(ok.project, "prj_X1");
        assert_eq!(ok.target.as_deref(), Some("production"));
        assert_eq!(ok.meta["fail"], "true");
        assert_eq!(
            create(json!({"name": "web", "target": "preview"}))
                .unwrap()
                .target,
            None
        );
        assert!(create(json!({"name": "Web"}))
            .unwrap_err()
            .starts_with("name: "));
        assert!(create(json!({"name": "w", "project": "A B"}))
            .unwrap_err()
            .starts_with("project: "));
        assert_eq!(
            create(json!({"name": "w", "target": "staging"}))
                .unwrap()
                .target
                .as_deref(),
            Some("staging")
        );
        assert!(create(json!({"name": "w", "target": "qa"}))
            .unwrap_err()
            .starts_with("target: "));
        assert_eq!(
            create(json!({"name": "w", "meta": {"n": 1}})).unwrap_err(),
            "meta.n: must be a string"
        );
    }

    fn pairs(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn the_list_query_is_checked_parameter_by_parameter() {
        let parse = |p: &[(&str, &str)]| parse_list_query(&pairs(p));
        let q = parse(&[]).unwrap();
        assert_eq!((q.limit, q.until, q.states.len()), (20, None, 0));
        let q = parse(&[
            ("limit", "100"),
            ("until", "5"),
            ("state", "READY,ERROR"),
            ("target", "preview"),
            ("projectId", "prj_1"),
            ("app", "web"),
            ("users", "usr_1,usr_2"),
            ("rollbackCandidate", "true"),
            ("branch", "main"),
            ("sha", "abc"),
        ])
        .unwrap();
        assert_eq!(q.limit, 100);
        assert_eq!(q.until, Some(5));
        assert_eq!(q.states, [ReadyState::Ready, ReadyState::Error]);
        assert_eq!(q.target, Some(TargetFilter::Preview));
        assert_eq!(q.projects, ["prj_1"]);
        assert_eq!(q.app.as_deref(), Some("web"));
        assert_eq!(q.users, ["usr_1", "usr_2"]);
        assert_eq!(q.rollback_candidate, Some(true));
        assert_eq!(
            (q.branch.as_deref(), q.sha.as_deref()),
            (Some("main"), Some("abc"))
        );
        // Lists come repeated (as Vercel's SDK sends them) or comma-separated.
        let q = parse(&[("projectIds", "prj_1"), ("projectIds", "web, api,")]).unwrap();
        assert_eq!(q.projects, ["prj_1", "web", "api"]);
        assert_eq!(
            parse(&[("target", "staging")]).unwrap().target,
            Some(TargetFilter::Staging)
        );
        // from and to are since and until; both of a pair: the narrower.
        let q = parse(&[
            ("from", "10"),
            ("since", "20"),
            ("to", "50"),
            ("until", "40"),
        ])
        .unwrap();
        assert_eq!((q.since, q.until), (Some(20), Some(40)));
        let q = parse(&[("from", "10"), ("to", "50")]).unwrap();
        assert_eq!((q.since, q.until), (Some(10), Some(50)));
        for (name, bad) in [
            ("limit", "0"),
            ("limit", "101"),
            ("limit", "x"),
            ("until", "soon"),
            ("since", "-1"),
            ("from", "x"),
            ("to", "-5"),
            ("state", "READY,DONE"),
            ("state", "READY,"),
            ("target", "qa"),
            ("rollbackCandidate", "maybe"),
            ("rollbackCandidate", "1"),
        ] {
            let e = parse(&[(name, bad)]).unwrap_err();
            assert!(e.starts_with(&format!("{name}: ")), "{e}");
        }
        let e = parse(&[("projectId", "a"), ("projectIds", "b")]).unwrap_err();
        assert!(e.starts_with("projectIds: "), "{e}");
        let e = parse(&[("limit", "5"), ("limit", "6")]).unwrap_err();
        assert!(e.starts_with("limit: "), "{e}");
    }

    #[test]
    fn building_began_only_once_the_build_reached_building() {
        let mut d: Deployment = serde_json::from_value(json!({
            "uid": "dpl_1", "id": "dpl_1", "name": "web", "url": "web-1.x", "created": 100,
            "createdAt": 100, "buildingAt": 100, "state": "QUEUED", "readyState": "QUEUED",
            "type": "LAMBDAS", "creator": {"uid": "usr_1"}, "target": null
        }))
        .unwrap();
        assert_eq!(d.building_began(), None);
        d.ready_state = ReadyState::Canceled;
        assert_eq!(d.building_began(), None, "canceled before it built");
        d.building_at = Some(150);
        assert_eq!(d.building_began(), Some(150), "canceled while it built");
        d.ready_state = ReadyState::Ready;
        assert_eq!(d.building_began(), Some(150));
        d.building_at = None;
        assert_eq!(d.building_began(), None, "a list that does not say");
    }

    #[test]
    fn only_ready_deployments_have_a_substate() {
        assert_eq!(
            ready_substate(ReadyState::Ready, Some("production")),
            Some(ReadySubstate::Promoted)
        );
        assert_eq!(
            ready_substate(ReadyState::Ready, None),
            Some(ReadySubstate::Staged)
        );
        assert_eq!(ready_substate(ReadyState::Building, None), None);
    }
}
