//! The activity log (`api.md` §5 "Activity", ours): one entry per accepted write of either
//! contract, and per action the server takes on its own (the scheduler's, the build
//! queue's). `kind` is `<target.type>.<action>`; the list filters by a whole kind or by a
//! target type alone (`deployment`), which [`KindFilter::parse`] reads for both the server
//! and the console.
//!
//! An entry names what changed and who changed it, never the content: no code, no KV value,
//! no secret value (a secret's or a KV entry's key is its name, and names are not secret).

use serde::{Deserialize, Serialize};

/// What an entry is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TargetType {
    Package,
    Revision,
    Deployment,
    Schedule,
    /// A keyset's KV store (strings, JSON documents, counters); the target id is the keyset's.
    Kv,
    /// A keyset's secrets; the target id is the keyset's.
    Secret,
    /// A Vercel-style deployment that builds.
    Build,
    /// A saved test input of a function; the target id is the input's.
    TestInput,
    /// The demo data as a whole (its reset).
    Demo,
}

impl TargetType {
    pub const ALL: [TargetType; 9] = [
        TargetType::Package,
        TargetType::Revision,
        TargetType::Deployment,
        TargetType::Schedule,
        TargetType::Kv,
        TargetType::Secret,
        TargetType::Build,
        TargetType::TestInput,
        TargetType::Demo,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TargetType::Package => "package",
            TargetType::Revision => "revision",
            TargetType::Deployment => "deployment",
            TargetType::Schedule => "schedule",
            TargetType::Kv => "kv",
            TargetType::Secret => "secret",
            TargetType::Build => "build",
            TargetType::TestInput => "test-input",
            TargetType::Demo => "demo",
        }
    }

    pub fn parse(s: &str) -> Option<TargetType> {
        TargetType::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// The actions an entry about this type can record, so that a kind filter naming
    /// anything else is refused rather than silently matching nothing.
    pub fn actions(self) -> &'static [&'static str] {
        match self {
            TargetType::Package
            | TargetType::Revision
            | TargetType::Schedule
            | TargetType::TestInput => &["create", "update", "delete"],
            TargetType::Deployment => &["create", "delete", "start", "stop", "rollout", "build"],
            TargetType::Kv => &["put", "delete", "increment", "decrement"],
            TargetType::Secret => &["put", "delete"],
            TargetType::Build => &["create", "cancel", "build"],
            TargetType::Demo => &["reset"],
        }
    }
}

/// Who made a change: an API key (by its name, never the key) or one of the server's own
/// workers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActorType {
    Key,
    /// The scheduler running a scheduled event's action.
    Scheduler,
    /// The build queue ending a build: a deployment's start (its functions' build) or a
    /// Vercel-style deployment's build.
    BuildQueue,
}

impl ActorType {
    pub fn as_str(self) -> &'static str {
        match self {
            ActorType::Key => "key",
            ActorType::Scheduler => "scheduler",
            ActorType::BuildQueue => "build-queue",
        }
    }

    pub fn parse(s: &str) -> Option<ActorType> {
        [ActorType::Key, ActorType::Scheduler, ActorType::BuildQueue]
            .into_iter()
            .find(|t| t.as_str() == s)
    }
}

/// How the change ended. A write through the API is recorded only when accepted, so it
/// `succeeded`; the server's own actions (a build, a scheduled action) may have `failed`,
/// with the reason in the entry's `detail`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Succeeded,
    Failed,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Succeeded => "succeeded",
            Outcome::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<Outcome> {
        [Outcome::Succeeded, Outcome::Failed]
            .into_iter()
            .find(|o| o.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Actor {
    #[serde(rename = "type")]
    pub actor_type: ActorType,
    /// The key's name for a key; `null` for the server's own actors.
    pub key_name: Option<String>,
}

impl Actor {
    /// What the actor is called in a list and in the `actor` filter: the key's name, or
    /// `scheduler` / `build-queue`.
    pub fn label(&self) -> &str {
        match (&self.key_name, self.actor_type) {
            (Some(name), ActorType::Key) => name,
            _ => self.actor_type.as_str(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Target {
    #[serde(rename = "type")]
    pub target_type: TargetType,
    /// The entity's id (a keyset's id for `kv` and `secret`, `demo` for the demo data).
    pub id: String,
    /// What the entity was called when the entry was made.
    pub name: String,
    /// A build's team (its slug); absent for other targets and for a personal scope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
}

/// An entry of `GET /v2/faas/activity`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActivityEntry {
    pub id: String,
    /// When, RFC 3339 UTC with milliseconds.
    pub at: String,
    /// `<target.type>.<action>`.
    pub kind: String,
    pub actor: Actor,
    pub action: String,
    pub target: Target,
    pub outcome: Outcome,
    /// Why a server action failed (`line 2:19: Unexpected token`); absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The request that made the change; `null` for the server's own actions.
    pub correlation_id: Option<String>,
}

/// The `kind` filter: a whole kind (`deployment.start`) or a target type (`deployment`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindFilter {
    pub target_type: TargetType,
    pub action: Option<&'static str>,
}

impl KindFilter {
    /// Reads a kind filter; `None` for a type or an action this log never records.
    pub fn parse(raw: &str) -> Option<KindFilter> {
        let (type_part, action) = match raw.split_once('.') {
            Some((t, a)) => (t, Some(a)),
            None => (raw, None),
        };
        let target_type = TargetType::parse(type_part)?;
        let action = match action {
            None => None,
            Some(a) => Some(*target_type.actions().iter().find(|known| **known == a)?),
        };
        Some(KindFilter {
            target_type,
            action,
        })
    }

    /// Every kind the log records, in the order of [`TargetType::ALL`].
    pub fn all_kinds() -> Vec<String> {
        TargetType::ALL
            .into_iter()
            .flat_map(|t| {
                t.actions()
                    .iter()
                    .map(move |a| format!("{}.{a}", t.as_str()))
            })
            .collect()
    }
}

/// The longest `actor` or `target_id` filter value the list takes.
pub const FILTER_MAX_LEN: usize = 200;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_filters_take_a_kind_or_a_type_and_nothing_unknown() {
        assert_eq!(
            KindFilter::parse("deployment"),
            Some(KindFilter {
                target_type: TargetType::Deployment,
                action: None
            })
        );
        assert_eq!(
            KindFilter::parse("deployment.start"),
            Some(KindFilter {
                target_type: TargetType::Deployment,
                action: Some("start")
            })
        );
        for bad in [
            "",
            "deployment.",
            "deployment.explode",
            "thing",
            ".start",
            "kv.start",
        ] {
            assert_eq!(KindFilter::parse(bad), None, "{bad}");
        }
        let kinds = KindFilter::all_kinds();
        assert!(kinds.contains(&"kv.put".to_string()));
        assert!(kinds.contains(&"build.cancel".to_string()));
        assert!(kinds.iter().all(|k| KindFilter::parse(k).is_some()));
    }

    #[test]
    fn an_actor_is_labelled_by_its_key_name_or_its_kind() {
        let key = Actor {
            actor_type: ActorType::Key,
            key_name: Some("demo-read-only".into()),
        };
        assert_eq!(key.label(), "demo-read-only");
        let scheduler = Actor {
            actor_type: ActorType::Scheduler,
            key_name: None,
        };
        assert_eq!(scheduler.label(), "scheduler");
        assert_eq!(
            serde_json::to_value(&scheduler).unwrap(),
            serde_json::json!({"type": "scheduler", "keyName": null})
        );
    }
}
