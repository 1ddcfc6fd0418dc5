//! Plain Rust of the activity log's views (no DOM, native tests): an entry in words and the
//! page of its target, the kind filter's choices, and what a poll brought that is new.

use std::collections::HashSet;

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

/// A target type in words, as the kind filter names it.
pub fn type_label(target_type: TargetType) -> &'static str {
    match target_type {
        TargetType::Package => "package",
        TargetType::Revision => "revision",
        TargetType::Deployment => "deployment",
        TargetType::Schedule => "schedule",
        TargetType::Kv => "KV data",
        TargetType::Secret => "secret",
        TargetType::Build => "build",
        TargetType::TestInput => "test input",
        TargetType::Demo => "demo data",
    }
}

/// The kind filter's choices as (value, label): each target type (every kind of it), then
/// each of its kinds.
pub fn kind_options() -> Vec<(String, String)> {
    TargetType::ALL
        .into_iter()
        .flat_map(|t| {
            let label = type_label(t);
            std::iter::once((t.as_str().to_owned(), format!("Any {label} change"))).chain(
                t.actions()
                    .iter()
                    .map(move |a| (format!("{}.{a}", t.as_str()), format!("{label}: {a}"))),
            )
        })
        .collect()
}

/// How many of `fresh` were not among `seen`, which then holds them too: what a poll
/// brought that the person has not seen yet.
pub fn count_new(seen: &mut HashSet<String>, fresh: &[ActivityEntry]) -> usize {
    fresh
        .iter()
        .filter(|entry| seen.insert(entry.id.clone()))
        .count()
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

    #[test]
    fn every_kind_filter_choice_is_one_the_log_takes() {
        let options = kind_options();
        assert_eq!(
            options.len(),
            TargetType::ALL.len() + faas_api::activity::KindFilter::all_kinds().len()
        );
        assert!(options
            .iter()
            .all(|(value, _)| faas_api::activity::KindFilter::parse(value).is_some()));
        assert_eq!(options[0], ("package".into(), "Any package change".into()));
        assert!(options.contains(&("kv.put".into(), "KV data: put".into())));
    }

    #[test]
    fn only_entries_not_seen_before_are_new() {
        let mut seen = HashSet::new();
        let first = [
            entry("deployment.start", NOW, Outcome::Succeeded),
            entry("deployment.stop", NOW - 1, Outcome::Succeeded),
        ];
        assert_eq!(count_new(&mut seen, &first), 2);
        assert_eq!(count_new(&mut seen, &first), 0);
        let later = [
            entry("package.update", NOW + 1, Outcome::Succeeded),
            first[0].clone(),
        ];
        assert_eq!(count_new(&mut seen, &later), 1);
    }
}
