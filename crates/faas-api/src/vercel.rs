//! Vercel-style deployments that build (`api.md` §4): `GET /v6/deployments`,
//! `GET /v13/deployments/{idOrUrl}`, `POST /v13/deployments`,
//! `PATCH /v12/deployments/{id}/cancel` (and `/v13/…/cancel`), `GET /v2/teams`.
//!
//! The types are the wire shapes; the rules both sides must agree on (names, the create body,
//! the list query, the substate) are plain functions here, so the console can check a form
//! exactly as the server will.

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

/// One team of `GET /v2/teams`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Team {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub created_at: i64,
}

/// `GET /v2/teams`: every team of the token's user, in one page.
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

/// `limit` of `GET /v6/deployments`: default and largest.
pub const DEFAULT_LIMIT: u32 = 20;
pub const MAX_LIMIT: u32 = 100;

/// `target: "production"`; a preview has none.
pub const PRODUCTION: &str = "production";
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
    /// `Some("production")` or `None` (preview).
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
        Some(PRODUCTION) => Some(PRODUCTION.to_owned()),
        Some(other) => {
            return Err(format!(
                "target: must be \"production\", \"preview\" or null, not {other:?}"
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
    Preview,
}

impl TargetFilter {
    pub const ALL: [TargetFilter; 2] = [TargetFilter::Production, TargetFilter::Preview];

    /// The query's value (`production`, `preview`).
    pub const fn as_str(self) -> &'static str {
        match self {
            TargetFilter::Production => PRODUCTION,
            TargetFilter::Preview => PREVIEW,
        }
    }

    pub fn parse(s: &str) -> Option<TargetFilter> {
        TargetFilter::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// A deployment's `target` as the API writes it: anything but production is a preview.
    pub fn of(target: Option<&str>) -> TargetFilter {
        match target {
            Some(PRODUCTION) => TargetFilter::Production,
            _ => TargetFilter::Preview,
        }
    }
}

/// A checked `GET /v6/deployments` query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery {
    pub limit: u32,
    /// Only deployments created strictly before (`until`) or after (`since`), in ms.
    pub until: Option<i64>,
    pub since: Option<i64>,
    /// Empty: every state.
    pub states: Vec<ReadyState>,
    pub project_id: Option<String>,
    pub target: Option<TargetFilter>,
}

fn millis(name: &str, raw: &str) -> Result<i64, String> {
    raw.parse::<i64>()
        .ok()
        .filter(|v| *v >= 0)
        .ok_or_else(|| format!("{name}: must be a time in milliseconds, not {raw:?}"))
}

/// Parses the raw query values of `GET /v6/deployments` (absent and empty are the same);
/// the message names the parameter.
pub fn parse_list_query(get: impl Fn(&str) -> Option<String>) -> Result<ListQuery, String> {
    let value = |name: &str| get(name).filter(|v| !v.is_empty());
    let limit = match value("limit") {
        None => DEFAULT_LIMIT,
        Some(raw) => raw
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=MAX_LIMIT).contains(n))
            .ok_or_else(|| format!("limit: must be a number from 1 to {MAX_LIMIT}, not {raw:?}"))?,
    };
    let until = value("until")
        .map(|raw| millis("until", &raw))
        .transpose()?;
    let since = value("since")
        .map(|raw| millis("since", &raw))
        .transpose()?;
    let states = match value("state") {
        None => Vec::new(),
        Some(raw) => raw
            .split(',')
            .map(|s| {
                ReadyState::parse(s.trim()).ok_or_else(|| {
                    format!(
                        "state: {s:?} is not one of {}",
                        ReadyState::ALL.map(ReadyState::as_str).join(", ")
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?,
    };
    let target = value("target")
        .map(|raw| {
            TargetFilter::parse(&raw).ok_or_else(|| {
                format!("target: must be \"production\" or \"preview\", not {raw:?}")
            })
        })
        .transpose()?;
    Ok(ListQuery {
        limit,
        until,
        since,
        states,
        project_id: value("projectId"),
        target,
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
        assert!(create(json!({"name": "w", "target": "staging"}))
            .unwrap_err()
            .starts_with("target: "));
        assert_eq!(
            create(json!({"name": "w", "meta": {"n": 1}})).unwrap_err(),
            "meta.n: must be a string"
        );
    }

    #[test]
    fn the_list_query_is_checked_parameter_by_parameter() {
        let parse = |pairs: &[(&str, &str)]| {
            let pairs: Vec<(String, String)> = pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            parse_list_query(|name| {
                pairs
                    .iter()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.clone())
            })
        };
        let q = parse(&[]).unwrap();
        assert_eq!((q.limit, q.until, q.states.len()), (20, None, 0));
        let q = parse(&[
            ("limit", "100"),
            ("until", "5"),
            ("state", "READY,ERROR"),
            ("target", "preview"),
            ("projectId", "prj_1"),
        ])
        .unwrap();
        assert_eq!(q.limit, 100);
        assert_eq!(q.until, Some(5));
        assert_eq!(q.states, [ReadyState::Ready, ReadyState::Error]);
        assert_eq!(q.target, Some(TargetFilter::Preview));
        assert_eq!(q.project_id.as_deref(), Some("prj_1"));
        for (name, bad) in [
            ("limit", "0"),
            ("limit", "101"),
            ("limit", "x"),
            ("until", "soon"),
            ("since", "-1"),
            ("state", "READY,DONE"),
            ("target", "staging"),
        ] {
            let e = parse(&[(name, bad)]).unwrap_err();
            assert!(e.starts_with(&format!("{name}: ")), "{e}");
        }
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
