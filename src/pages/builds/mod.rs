//! The Builds section (`/builds`): the deployments that build, of the key's teams, with
//! cancel. It speaks the Vercel contract (`api::builds`) with the same connection as the rest
//! of the console; the rules it shows (what can be canceled, the timeline) are
//! plain Rust in [`crate::builds`].

mod cancel;
mod create;
mod detail;
mod list;

use faas_api::vercel::{Deployment, ReadyState, Team};
use leptos::prelude::*;

pub use detail::BuildPage;
pub use list::BuildsPage;

use crate::{
    api::{self, ApiError, Client},
    builds::{announcement, display_name, PERSONAL_SCOPE},
    components::{Latest, Watch, Watched},
    connection::store::use_connection,
};

/// The page's watch of the builds this tab created or canceled.
pub type BuildsWatch = Watch<Deployment>;

impl Watched for Deployment {
    type State = ReadyState;

    fn id(&self) -> &str {
        &self.id
    }

    // `state` repeats `readyState`, which is the field the contract documents.
    #[allow(clippy::misnamed_getters)]
    fn state(&self) -> ReadyState {
        self.ready_state
    }

    fn state_name(&self) -> &'static str {
        self.ready_state.as_str()
    }

    fn settled(&self) -> bool {
        self.ready_state.is_final()
    }

    fn announcement(&self, what: &str, before: ReadyState) -> Option<String> {
        announcement(what, before, self)
    }
}

/// A build's state in words, toned by what it means (ready, failed, under way, canceled).
#[component]
fn ReadyBadge(#[prop(into)] state: Signal<ReadyState>) -> impl IntoView {
    view! {
        <span class=move || {
            format!("badge badge--build-{}", state.get().as_str().to_ascii_lowercase())
        }>{move || state.get().as_str()}</span>
    }
}

/// The teams of the key's user, read once for the page: `None` until they arrive.
fn load_teams() -> RwSignal<Option<Result<Vec<Team>, ApiError>>> {
    let store = use_connection();
    let teams = RwSignal::new(None);
    let reads = Latest::new();
    Effect::new(move |_| {
        let client = Client::new(store.get());
        reads.run(
            async move { api::builds::teams(&client).await },
            move |answer| teams.set(Some(answer)),
        );
    });
    teams
}

/// Whose builds these are, for sentences: "team Acme Corp", or "your own account".
fn scope_name(teams: Option<&[Team]>, slug: Option<&str>) -> String {
    match slug {
        None => PERSONAL_SCOPE.into(),
        Some(slug) => {
            let name = teams
                .and_then(|teams| teams.iter().find(|t| t.slug == slug))
                .map_or(slug, |t| t.name.as_str());
            format!("team {name}")
        }
    }
}

/// What to call `d` in messages.
fn what(d: &Deployment) -> String {
    display_name(d).to_owned()
}
