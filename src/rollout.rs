//! Rolling out a revision, in plain Rust: which keysets a revision can update, which revision
//! a deployment rolls back to, which functions of other packages already listen where a
//! revision would, and how far an update has come, in words. The pages under
//! `pages::deployments::rollout` only render these.
//!
//! Whether two channels meet is decided in one place for console and server alike:
//! [`faas_api::channels::intersects`].

use faas_api::{channels::intersects, DeploymentState, Function, PackageDeployment};

/// The input channels `functions` listen on, each once, in the functions' order.
pub fn channels_of(functions: &[Function]) -> Vec<String> {
    let mut channels: Vec<String> = Vec::new();
    let mut sorted: Vec<&Function> = functions.iter().collect();
    crate::sort::sort_by_key(&mut sorted, |f| f.sort_order);
    for channel in sorted
        .iter()
        .filter_map(|f| f.config.input_channel.as_deref())
        .filter(|c| !c.is_empty())
    {
        if !channels.iter().any(|known| known == channel) {
            channels.push(channel.to_owned());
        }
    }
    channels
}

/// A running deployment of another package, with what the console knows of its revision.
#[derive(Debug, Clone, PartialEq)]
pub struct Listener {
    pub deployment_id: String,
    pub revision_id: String,
    pub revision_name: String,
    pub package_id: String,
    pub package_name: String,
    pub functions: Vec<Function>,
}

/// A function of another package that listens on a channel meeting some of ours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// Ours, that its channel meets, in our order.
    pub channels: Vec<String>,
    pub function: String,
    /// Its input channel.
    pub function_channel: String,
    pub package_id: String,
    pub package_name: String,
    pub revision_id: String,
    pub revision_name: String,
    pub deployment_id: String,
}

impl Conflict {
    fn key(&self) -> (&str, &str) {
        (&self.deployment_id, &self.function)
    }
}

/// The functions of `listeners` (other packages than `own_package`) whose input channel
/// meets one of `channels`: one entry per function, in the listeners' order.
pub fn conflicts(channels: &[String], own_package: &str, listeners: &[Listener]) -> Vec<Conflict> {
    let mut found = Vec::new();
    for listener in listeners.iter().filter(|l| l.package_id != own_package) {
        let mut functions: Vec<&Function> = listener.functions.iter().collect();
        crate::sort::sort_by_key(&mut functions, |f| f.sort_order);
        for function in functions {
            let Some(theirs) = function.config.input_channel.as_deref() else {
                continue;
            };
            let met: Vec<String> = channels
                .iter()
                .filter(|ours| intersects(ours, theirs))
                .cloned()
                .collect();
            if met.is_empty() {
                continue;
            }
            found.push(Conflict {
                channels: met,
                function: function.name.clone(),
                function_channel: theirs.to_owned(),
                package_id: listener.package_id.clone(),
                package_name: listener.package_name.clone(),
                revision_id: listener.revision_id.clone(),
                revision_name: listener.revision_name.clone(),
                deployment_id: listener.deployment_id.clone(),
            });
        }
    }
    found
}

/// The conflicts an update would add: those of the new revision that the old one did not
/// already have.
pub fn added_conflicts(new: Vec<Conflict>, old: &[Conflict]) -> Vec<Conflict> {
    new.into_iter()
        .filter(|c| !old.iter().any(|o| o.key() == c.key()))
        .collect()
}

/// For each keyset where another revision of the package runs, that deployment: what an
/// "Update <keyset> to this revision" replaces. One per keyset, by keyset id.
pub fn update_targets(
    revision_id: &str,
    of_package: &[PackageDeployment],
) -> Vec<PackageDeployment> {
    let mut targets: Vec<PackageDeployment> = Vec::new();
    for d in of_package
        .iter()
        .filter(|d| d.state == DeploymentState::Running && d.package_revision_id != revision_id)
    {
        if !targets.iter().any(|t| t.keyset_id == d.keyset_id) {
            targets.push(d.clone());
        }
    }
    crate::sort::sort_by_key(&mut targets, |d| d.keyset_id);
    targets
}

/// A revision as the roll back looks at it: its id and when it was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RevisionAge<'a> {
    pub id: &'a str,
    /// RFC 3339 UTC, as the API writes it: the text sorts as the time does.
    pub created: &'a str,
}

/// The revision a running deployment rolls back to: the package's newest revision older than
/// the deployment's own that has a deployment on the same keyset (`on_keyset`: the package's
/// deployments there). `None` when there is none.
pub fn rollback_revision<'a>(
    current: &PackageDeployment,
    revisions: &[RevisionAge<'a>],
    on_keyset: &[PackageDeployment],
) -> Option<&'a str> {
    let created = revisions
        .iter()
        .find(|r| r.id == current.package_revision_id)?
        .created;
    revisions
        .iter()
        .filter(|r| r.created < created)
        .filter(|r| {
            on_keyset
                .iter()
                .any(|d| d.package_revision_id == r.id && d.keyset_id == current.keyset_id)
        })
        .max_by_key(|r| r.created)
        .map(|r| r.id)
}

/// A deployment of `revision_id` on `keyset_id` that an update can start in place of creating
/// one: STOPPED or FAILED, the newest.
pub fn reusable_deployment(
    revision_id: &str,
    keyset_id: i64,
    deployments: &[PackageDeployment],
) -> Option<PackageDeployment> {
    deployments
        .iter()
        .filter(|d| {
            d.package_revision_id == revision_id
                && d.keyset_id == keyset_id
                && matches!(d.state, DeploymentState::Stopped | DeploymentState::Failed)
        })
        .max_by(|a, b| a.created_dttm.cmp(&b.created_dttm))
        .cloned()
}

/// How far an update from one deployment to another has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// The new one builds; the old one keeps running.
    Starting,
    /// The new one runs; the old one is stopping.
    Replacing,
    /// The new one runs and the old one stopped.
    Done,
    /// The new one failed to build and the old one still runs.
    Failed,
    /// Something else happened to them (stopped by hand, deleted): the states are said as
    /// they are.
    Other,
}

impl Progress {
    pub fn of(old: DeploymentState, new: DeploymentState) -> Progress {
        use DeploymentState::*;
        match (old, new) {
            (Running, Starting) => Progress::Starting,
            (Running | Stopping, Running) => Progress::Replacing,
            (Stopped, Running) => Progress::Done,
            (Running, Failed) => Progress::Failed,
            _ => Progress::Other,
        }
    }

    /// Whether nothing more will change on its own.
    pub fn is_final(self) -> bool {
        !matches!(self, Progress::Starting | Progress::Replacing)
    }

    /// Whether following `old` and `new` may stop: the update has ended and neither is in a
    /// transition (a deployment STARTING or STOPPING always changes again on its own, whatever
    /// the pair looks like).
    pub fn settled(old: DeploymentState, new: DeploymentState) -> bool {
        let moving = |s| matches!(s, DeploymentState::Starting | DeploymentState::Stopping);
        Progress::of(old, new).is_final() && !moving(old) && !moving(new)
    }
}

/// What the live region says of an update from `old` to `new`, named `from` and `to`
/// ("v1 on Production").
pub fn progress_text(
    from: &str,
    old: &PackageDeployment,
    to: &str,
    new: &PackageDeployment,
) -> String {
    match Progress::of(old.state, new.state) {
        Progress::Starting => {
            format!("Updating: {to} is STARTING; {from} keeps running until it runs.")
        }
        Progress::Replacing => format!("{to} is RUNNING; {from} is stopping."),
        Progress::Done => format!("Updated: {to} is RUNNING and {from} is STOPPED."),
        Progress::Failed => {
            let failed = new
                .function_deployments
                .iter()
                .filter(|f| f.error.is_some())
                .count();
            let why = match failed {
                0 => String::new(),
                1 => " (1 function did not build)".to_owned(),
                n => format!(" ({n} functions did not build)"),
            };
            format!("The update failed: {to} is FAILED{why}; {from} is still RUNNING.")
        }
        Progress::Other => format!(
            "{to} is {} and {from} is {}.",
            new.state.as_str(),
            old.state.as_str()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use faas_api::{FunctionConfig, FunctionDeployment, FunctionType, Language};
    use DeploymentState::*;

    fn function(name: &str, order: u32, channel: Option<&str>) -> Function {
        Function {
            id: format!("f-{name}"),
            function_revision_id: format!("fr-{name}"),
            package_revision_id: "r".into(),
            name: name.into(),
            language: Language::Javascript,
            function_type: FunctionType::BeforePublish,
            sort_order: order,
            code: String::new(),
            config: FunctionConfig {
                input_channel: channel.map(str::to_owned),
                ..Default::default()
            },
            created_dttm: String::new(),
            updated_dttm: String::new(),
        }
    }

    fn deployment(
        id: &str,
        revision: &str,
        keyset: i64,
        state: DeploymentState,
    ) -> PackageDeployment {
        PackageDeployment {
            id: id.into(),
            package_revision_id: revision.into(),
            keyset_id: keyset,
            state,
            function_deployments: Vec::new(),
            // The ids of a test sort in the order the deployments were made.
            created_dttm: format!("2026-01-01T00:00:00.000Z{id}"),
            updated_dttm: String::new(),
        }
    }

    fn listener(package: &str, functions: Vec<Function>) -> Listener {
        Listener {
            deployment_id: format!("d-{package}"),
            revision_id: format!("r-{package}"),
            revision_name: "v1".into(),
            package_id: package.into(),
            package_name: format!("Package {package}"),
            functions,
        }
    }

    #[test]
    fn channels_are_listed_once_in_the_functions_order() {
        let functions = [
            function("b", 2, Some("chat.*")),
            function("a", 1, Some("chat.room1")),
            function("c", 3, Some("chat.*")),
            function("d", 4, None),
        ];
        assert_eq!(channels_of(&functions), ["chat.room1", "chat.*"]);
    }

    #[test]
    fn conflicts_name_other_packages_functions_with_the_channels_they_meet() {
        let ours = vec!["chat.*".to_owned(), "orders".to_owned()];
        let listeners = [
            listener("own", vec![function("mine", 1, Some("chat.room1"))]),
            listener(
                "other",
                vec![
                    function("typing", 2, Some("chat.room1.typing")),
                    function("audit", 1, Some("orders")),
                    function("billing", 3, Some("billing.*")),
                    function("hook", 4, None),
                ],
            ),
        ];
        let found = conflicts(&ours, "own", &listeners);
        let names: Vec<(&str, &[String])> = found
            .iter()
            .map(|c| (c.function.as_str(), c.channels.as_slice()))
            .collect();
        assert_eq!(
            names,
            [
                ("audit", &["orders".to_owned()][..]),
                ("typing", &["chat.*".to_owned()][..])
            ]
        );
        assert_eq!(
            (
                found[1].function_channel.as_str(),
                found[1].package_name.as_str()
            ),
            ("chat.room1.typing", "Package other")
        );
    }

    #[test]
    fn an_update_adds_only_the_conflicts_the_old_revision_did_not_have() {
        let listeners = [listener(
            "other",
            vec![
                function("a", 1, Some("chat.room1")),
                function("b", 2, Some("orders")),
            ],
        )];
        let old = conflicts(&["chat.*".to_owned()], "own", &listeners);
        let new = conflicts(
            &["chat.*".to_owned(), "orders".to_owned()],
            "own",
            &listeners,
        );
        let added = added_conflicts(new, &old);
        assert_eq!(added.len(), 1);
        assert_eq!(added[0].function, "b");
    }

    #[test]
    fn each_keyset_where_another_revision_runs_can_be_updated() {
        let of_package = [
            deployment("1", "v1", 2, Running),
            deployment("2", "v2", 1, Running),
            deployment("3", "v1", 3, Stopped),
            deployment("4", "v1", 1, Running),
            deployment("5", "v3", 4, Running),
        ];
        let ids: Vec<String> = update_targets("v3", &of_package)
            .into_iter()
            .map(|d| d.id)
            .collect();
        assert_eq!(ids, ["2", "1"], "one per keyset, never this revision's own");
    }

    #[test]
    fn a_roll_back_goes_to_the_newest_older_revision_deployed_on_the_keyset() {
        let revisions = [
            RevisionAge {
                id: "v1",
                created: "2026-01-01T00:00:00.000Z",
            },
            RevisionAge {
                id: "v2",
                created: "2026-01-02T00:00:00.000Z",
            },
            RevisionAge {
                id: "v3",
                created: "2026-01-03T00:00:00.000Z",
            },
            RevisionAge {
                id: "v4",
                created: "2026-01-04T00:00:00.000Z",
            },
        ];
        let current = deployment("c", "v4", 1, Running);
        let on_keyset = [
            deployment("a", "v1", 1, Stopped),
            deployment("b", "v2", 1, Stopped),
            deployment("x", "v3", 2, Stopped),
            current.clone(),
        ];
        assert_eq!(
            rollback_revision(&current, &revisions, &on_keyset),
            Some("v2")
        );
        let first = deployment("d", "v1", 1, Running);
        assert_eq!(rollback_revision(&first, &revisions, &on_keyset), None);
    }

    #[test]
    fn an_idle_deployment_of_the_revision_is_reused() {
        let all = [
            deployment("1", "v2", 1, Stopped),
            deployment("2", "v2", 1, Failed),
            deployment("3", "v2", 2, Stopped),
            deployment("4", "v2", 1, Running),
        ];
        assert_eq!(
            reusable_deployment("v2", 1, &all).map(|d| d.id),
            Some("2".into())
        );
        assert_eq!(reusable_deployment("v2", 5, &all), None);
    }

    #[test]
    fn following_goes_on_while_either_is_in_a_transition() {
        assert!(!Progress::settled(Running, Starting));
        assert!(!Progress::settled(Stopping, Running));
        // A pair read across a change (the new one's state before, the old one's after):
        // never taken for the end.
        assert!(!Progress::settled(Stopping, Starting));
        assert!(Progress::settled(Stopped, Running));
        assert!(Progress::settled(Running, Failed));
        assert!(Progress::settled(Stopped, Stopped));
    }

    #[test]
    fn the_progress_of_an_update_in_words() {
        let old = deployment("o", "v1", 1, Running);
        let mut new = deployment("n", "v2", 1, Starting);
        assert_eq!(
            progress_text("v1", &old, "v2", &new),
            "Updating: v2 is STARTING; v1 keeps running until it runs."
        );
        assert!(!Progress::of(old.state, new.state).is_final());
        new.state = Running;
        let stopping = deployment("o", "v1", 1, Stopping);
        assert_eq!(
            progress_text("v1", &stopping, "v2", &new),
            "v2 is RUNNING; v1 is stopping."
        );
        let stopped = deployment("o", "v1", 1, Stopped);
        assert_eq!(
            progress_text("v1", &stopped, "v2", &new),
            "Updated: v2 is RUNNING and v1 is STOPPED."
        );
        assert!(Progress::of(Stopped, Running).is_final());
        new.state = Failed;
        new.function_deployments = vec![FunctionDeployment {
            error: Some("line 1:1: Unexpected token".into()),
            ..Default::default()
        }];
        assert_eq!(
            progress_text("v1", &old, "v2", &new),
            "The update failed: v2 is FAILED (1 function did not build); v1 is still RUNNING."
        );
        assert_eq!(
            progress_text("v1", &stopped, "v2", &deployment("n", "v2", 1, Stopped)),
            "v2 is STOPPED and v1 is STOPPED."
        );
    }
}
