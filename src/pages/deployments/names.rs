//! The names behind a deployment's ids: its revision (with its functions) and package. A
//! deployment carries only `packageRevisionId`, so each page fetches the revisions it shows,
//! once each (together where the server can), and their packages; polling never asks again.

use std::collections::HashMap;

use faas_api::{Function, Package, PackageRevision};
use leptos::prelude::*;

use crate::api::{self, Client};

/// What the console shows of a revision beside a deployment.
#[derive(Debug, Clone, PartialEq)]
pub struct RevisionInfo {
    pub name: String,
    pub package_id: String,
    pub functions: Vec<Function>,
}

impl RevisionInfo {
    fn of(revision: PackageRevision) -> Self {
        let mut functions = revision.functions.unwrap_or_default();
        crate::sort::sort_by_key(&mut functions, |f| f.sort_order);
        RevisionInfo {
            name: revision.name,
            package_id: revision.package_id,
            functions,
        }
    }

    /// The function a function deployment runs.
    pub fn function(&self, function_revision_id: &str) -> Option<&Function> {
        self.functions
            .iter()
            .find(|f| f.function_revision_id == function_revision_id)
    }
}

/// Revisions and package names looked up so far on this page: `None` while the answer is on
/// its way (or when it failed: the id is shown instead).
#[derive(Clone, Copy)]
pub struct Names {
    revisions: RwSignal<HashMap<String, Option<RevisionInfo>>>,
    packages: RwSignal<HashMap<String, Option<String>>>,
    /// The page's list of every package is on its way ([`Names::expect_package_list`]): a
    /// revision that arrives first asks for no package of its own.
    list_pending: StoredValue<bool>,
}

impl Names {
    /// Fresh lookups for the page, provided to its views (with a fresh
    /// [`Watch`](super::watch::Watch)): every page that shows deployments calls it first.
    pub fn provide() {
        provide_context(Names {
            revisions: RwSignal::new(HashMap::new()),
            packages: RwSignal::new(HashMap::new()),
            list_pending: StoredValue::new(false),
        });
        super::watch::Watch::provide();
    }

    /// The page's lookups ([`Names::provide`]).
    pub fn use_names() -> Names {
        expect_context::<Names>()
    }

    /// Starts looking up one revision (and then its package), unless asked for already: a
    /// deployment's page, whose code need not carry the read of several.
    pub fn want_one(&self, client: &Client, id: String) {
        if self.claim(&id) {
            self.read_alone(client, id);
        }
    }

    /// Starts looking up the revisions (and then their packages) not asked for yet, in the
    /// order given: one alone, several in one read ([`api::revisions::many`]), or each alone
    /// where the server has no such read. The same reads as
    /// [`api::deployments::revision_reads`], which the shell may have sent already for the
    /// first page.
    pub fn want(&self, client: &Client, revision_ids: impl IntoIterator<Item = String>) {
        let names = *self;
        let mut fresh: Vec<String> = revision_ids
            .into_iter()
            .filter(|id| names.claim(id))
            .collect();
        match fresh.as_slice() {
            [] => {}
            [_] => names.read_alone(client, fresh.remove(0)),
            _ => {
                let client = client.clone();
                leptos::task::spawn_local(async move {
                    let ids: Vec<&str> = fresh.iter().map(String::as_str).collect();
                    match api::revisions::many(&client, &ids).await {
                        Ok(revisions) => {
                            for revision in revisions {
                                names.arrived(&client, revision);
                            }
                        }
                        Err(error) if error.no_such_read() => {
                            for id in fresh {
                                names.read_alone(&client, id);
                            }
                        }
                        // As a failed read alone: the ids are shown instead.
                        Err(_) => {}
                    }
                });
            }
        }
    }

    /// Marks the revision `id` as asked for (`None` until it arrives); `false` when it was
    /// already, or when the page's lookups are gone (a caller that wanted a name after an
    /// await of its own, the page left meanwhile). Nothing shown changes: an id not asked for
    /// reads as `None` too.
    fn claim(&self, id: &str) -> bool {
        let Some(asked) = self.revisions.try_with_untracked(|r| r.contains_key(id)) else {
            return false;
        };
        if !asked {
            self.revisions.update_untracked(|r| {
                r.insert(id.to_owned(), None);
            });
        }
        !asked
    }

    /// Reads one revision on its own (already marked as asked for).
    fn read_alone(&self, client: &Client, id: String) {
        let (names, client) = (*self, client.clone());
        leptos::task::spawn_local(async move {
            if let Ok(revision) = api::revisions::get(&client, &id).await {
                names.arrived(&client, revision);
            }
        });
    }

    /// Records a revision that arrived, and looks up its package unless the page's list of
    /// packages is on its way. The page may have gone while the read was on its way (a link
    /// followed at once): its lookups are gone with it, and there is nothing left to name.
    fn arrived(&self, client: &Client, revision: PackageRevision) {
        let id = revision.id.clone();
        let info = RevisionInfo::of(revision);
        let package_id = info.package_id.clone();
        let recorded = self.revisions.try_update(|r| {
            r.insert(id, Some(info));
        });
        if recorded.is_some() && !self.list_pending.get_value() {
            self.look_up_package(client, package_id);
        }
    }

    /// Reads the package's name, unless it is known or asked for already.
    fn look_up_package(&self, client: &Client, package_id: String) {
        let names = *self;
        if names
            .packages
            .with_untracked(|p| p.contains_key(&package_id))
        {
            return;
        }
        names.packages.update(|p| {
            p.insert(package_id.clone(), None);
        });
        let client = client.clone();
        leptos::task::spawn_local(async move {
            if let Ok(package) = api::packages::get(&client, &package_id).await {
                names.packages.update(|p| {
                    p.insert(package_id, Some(package.name));
                });
            }
        });
    }

    /// Records what a page already loaded, so that it is not asked for again.
    pub fn know(&self, id: &str, revision: PackageRevision, package_name: Option<String>) {
        let info = RevisionInfo::of(revision);
        if let Some(name) = package_name {
            self.packages.update(|p| {
                p.insert(info.package_id.clone(), Some(name));
            });
        }
        self.revisions.update(|r| {
            r.insert(id.to_owned(), Some(info));
        });
    }

    /// Says that the page reads every package in one list (a picker's), given to
    /// [`Names::package_list`] when it answers: until then a revision's package is not read
    /// on its own, whichever answer comes first.
    pub fn expect_package_list(&self) {
        self.list_pending.set_value(true);
    }

    /// Records the page's list of packages (empty if it could not be read), so that no row
    /// looks them up again; the package of a revision already in that the list lacks is read
    /// on its own.
    pub fn package_list(&self, client: &Client, packages: &[Package]) {
        self.packages.update(|known| {
            for package in packages {
                known.insert(package.id.clone(), Some(package.name.clone()));
            }
        });
        self.list_pending.set_value(false);
        let shown: Vec<String> = self.revisions.with_untracked(|r| {
            r.values()
                .flatten()
                .map(|info| info.package_id.clone())
                .collect()
        });
        for package_id in shown {
            self.look_up_package(client, package_id);
        }
    }

    /// The revision, tracked: `None` until it has arrived.
    pub fn revision(&self, id: &str) -> Option<RevisionInfo> {
        self.revisions.with(|r| r.get(id).cloned().flatten())
    }

    /// The package's name, tracked.
    pub fn package(&self, id: &str) -> Option<String> {
        self.packages.with(|p| p.get(id).cloned().flatten())
    }
}
