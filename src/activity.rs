//! Plain Rust of the activity log's views (no DOM, native tests): an entry in words and the
//! page of its target.

use faas_api::activity::{ActivityEntry, ActorType, Outcome, TargetType};

use crate::api::kv::{DataTab, KeysetDataQuery};
use crate::routes::{Route, SchedulesQuery};

/// Who made an entry, in words.
pub fn actor_label(entry: &ActivityEntry) -> String {
    match entry.actor.actor_type {
        ActorType::Key => entry.actor.label().to_owned(),
        ActorType::Scheduler => "The scheduler".to_owned(),
        ActorType::BuildQueue => "The build queue".to_owned(),
    }
}

/// What an entry did, as a verb phrase before its target's name ("started").
pub fn action_label(entry: &ActivityEntry) -> String {
    let failed = entry.outcome == Outcome::Failed;
    let verb = match (entry.kind.as_str(), failed) {
        ("deployment.build", false) | ("build.build", false) => "built",
        ("deployment.build", true) | ("build.build", true) => "failed to build",
        ("deployment.create", _) => "deployed",
        ("deployment.start", true) => "could not start",
        ("deployment.stop", true) => "could not stop",
        ("deployment.start", _) => "started",
        ("deployment.stop", _) => "stopped",
        ("deployment.rollout", _) => "rolled out",
        ("build.create", _) => "queued the build of",
        ("build.cancel", _) => "canceled the build of",
        ("kv.increment", _) => "incremented",
        ("kv.decrement", _) => "decremented",
        ("demo.reset", _) => "reset",
        (_, _) => match entry.action.as_str() {
            "create" => "created",
            "update" => "changed",
            "delete" => "deleted",
            "put" => "set",
            _ => "changed",
        },
    };
    verb.to_owned()
}

/// The page of an entry's target, where the console has one (test inputs and the demo reset
/// have none). A KV entry opens its keyset's data on the tab its kind tells (counters step;
/// strings and JSON share `put`, so the first tab).
pub fn target_route(entry: &ActivityEntry) -> Option<Route> {
    let id = entry.target.id.clone();
    Some(match entry.target.target_type {
        TargetType::Package => Route::Package(id),
        TargetType::Revision => Route::Revision {
            id,
            compare: None,
            at: None,
        },
        TargetType::Deployment => Route::Deployment(id),
        TargetType::Schedule => Route::Schedules(SchedulesQuery::default()),
        TargetType::Build => Route::Build {
            id,
            team: entry.target.team.clone(),
        },
        TargetType::Kv | TargetType::Secret => {
            let tab = match (entry.target.target_type, entry.action.as_str()) {
                (TargetType::Secret, _) => DataTab::Secrets,
                (_, "increment" | "decrement") => DataTab::Counters,
                _ => DataTab::Strings,
            };
            Route::KeysetData(KeysetDataQuery::new(id.parse().ok()?, tab))
        }
        TargetType::TestInput | TargetType::Demo => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use faas_api::activity::{Actor, Target};

    const NOW: i64 = 1_765_000_000_000; // 2025-12-06T05:46:40Z

    fn entry(kind: &str, at_ms: i64, outcome: Outcome) -> ActivityEntry {
        let (target_type, action) = kind.split_once('.').unwrap();
        ActivityEntry {
            id: format!("{kind}-{at_ms}"),
            at: crate::format::timestamp_from_ms(at_ms),
            kind: kind.to_owned(),
            actor: Actor {
                actor_type: ActorType::Key,
                key_name: Some("admin".into()),
            },
            action: action.to_owned(),
            target: Target {
                target_type: TargetType::parse(target_type).unwrap(),
                id: "d1".into(),
                name: "Chat v1 on Production".into(),
                team: None,
            },
            outcome,
            detail: None,
            correlation_id: None,
        }
    }

    #[test]
    fn entries_read_as_sentences() {
        let failed = entry("deployment.build", NOW, Outcome::Failed);
        assert_eq!(action_label(&failed), "failed to build");
        assert_eq!(
            action_label(&entry("package.update", NOW, Outcome::Succeeded)),
            "changed"
        );
        assert_eq!(
            action_label(&entry("deployment.start", NOW, Outcome::Failed)),
            "could not start"
        );
        let mut queue = failed.clone();
        queue.actor = Actor {
            actor_type: ActorType::BuildQueue,
            key_name: None,
        };
        assert_eq!(actor_label(&queue), "The build queue");
        assert_eq!(actor_label(&failed), "admin");
        assert_eq!(
            target_route(&failed).map(|r| r.href()),
            Some("/deployments/d1".to_owned())
        );
        let mut build = failed.clone();
        build.target.target_type = TargetType::Build;
        build.target.team = Some("acme".into());
        assert_eq!(
            target_route(&build).map(|r| r.href()),
            Some("/builds/d1?team=acme".to_owned())
        );
        let mut counter = entry("kv.increment", NOW, Outcome::Succeeded);
        counter.target.id = "7".into();
        assert_eq!(
            target_route(&counter).map(|r| r.href()),
            Some("/keysets/7/data?tab=counters".to_owned())
        );
        counter.target.target_type = TargetType::Demo;
        assert_eq!(target_route(&counter), None);
    }
}
