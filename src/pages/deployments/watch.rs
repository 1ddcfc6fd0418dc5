//! The deployments this tab acted on and waits for, and the live region that says what
//! became of them.

use std::collections::HashMap;

use faas_api::{DeploymentState, PackageDeployment};
use leptos::prelude::*;

use crate::deployments::live::{announcement, settled};

/// Shared by a page's views: a row's action, the deploy form and a stop-all all wait here,
/// and the page polls fast while anything does.
#[derive(Clone, Copy)]
pub struct Watch {
    /// Deployment id → (what to call it, the state last seen).
    waiting: RwSignal<HashMap<String, (String, DeploymentState)>>,
    said: RwSignal<String>,
}

impl Watch {
    /// A fresh watch for the page, provided to its views. Every page that shows deployments
    /// calls it first thing: a page must never find the watch of the page before it.
    pub fn provide() {
        provide_context(Watch {
            waiting: RwSignal::new(HashMap::new()),
            said: RwSignal::new(String::new()),
        });
    }

    /// The page's watch ([`Watch::provide`]).
    pub fn use_watch() -> Watch {
        expect_context::<Watch>()
    }

    /// Waits for `deployment` (just changed by this tab) until it settles, and says where it
    /// stands now.
    pub fn acted(&self, what: String, deployment: &PackageDeployment) {
        self.say(format!("{what} is {}.", deployment.state.as_str()));
        if !settled(deployment) {
            self.waiting.update(|w| {
                w.insert(deployment.id.clone(), (what, deployment.state));
            });
        }
    }

    /// Whether this tab waits on any deployment, tracked.
    pub fn is_waiting(&self) -> bool {
        self.waiting.with(|w| !w.is_empty())
    }

    /// A fresh answer about `deployment`: announced if this tab waits on it and its state
    /// moved, forgotten once it settles.
    pub fn observe(&self, deployment: &PackageDeployment) {
        let Some((what, before)) = self
            .waiting
            .with_untracked(|w| w.get(&deployment.id).cloned())
        else {
            return;
        };
        if let Some(text) = announcement(&what, before, deployment) {
            self.say(text);
        }
        self.waiting.update(|w| {
            if settled(deployment) {
                w.remove(&deployment.id);
            } else if let Some(entry) = w.get_mut(&deployment.id) {
                entry.1 = deployment.state;
            }
        });
    }

    /// Stops waiting on the deployments of `waited` that are not in `shown`: deleted, or out
    /// of the view's page, so no answer will ever settle them.
    pub fn forget_missing<'a>(&self, shown: impl IntoIterator<Item = &'a str>) {
        let shown: Vec<&str> = shown.into_iter().collect();
        let missing = self
            .waiting
            .with_untracked(|w| w.keys().any(|id| !shown.contains(&id.as_str())));
        if missing {
            self.waiting
                .update(|w| w.retain(|id, _| shown.contains(&id.as_str())));
        }
    }

    /// Puts `text` in the live region.
    pub fn say(&self, text: String) {
        self.said.set(text);
    }

    pub fn said(&self) -> String {
        self.said.get()
    }
}

/// The polite live region of a page with deployments: what became of this tab's actions,
/// visible to everyone and read out by screen readers.
#[component]
pub fn LiveStatus() -> impl IntoView {
    let watch = Watch::use_watch();
    view! {
        <p class="live-status" role="status" aria-live="polite">
            {move || watch.said()}
        </p>
    }
}
