//! The deployments this tab acted on and waits for: the shared [`components::Watch`] over
//! deployments, and their live region.

use faas_api::{DeploymentState, PackageDeployment};
use leptos::prelude::*;

use crate::{
    components::{self, LiveRegion, Watched},
    deployments::live::{announcement, settled},
};

/// The page's watch of deployments ([`components::Watch::provide`] via `Names::provide`).
pub type Watch = components::Watch<PackageDeployment>;

impl Watched for PackageDeployment {
    type State = DeploymentState;

    fn id(&self) -> &str {
        &self.id
    }

    fn state(&self) -> DeploymentState {
        self.state
    }

    fn state_name(&self) -> &'static str {
        self.state.as_str()
    }

    fn settled(&self) -> bool {
        settled(self)
    }

    fn announcement(&self, what: &str, before: DeploymentState) -> Option<String> {
        announcement(what, before, self)
    }
}

/// The polite live region of a page with deployments.
#[component]
pub fn LiveStatus() -> impl IntoView {
    view! { <LiveRegion text=Watch::use_watch().said() /> }
}
