//! The Deployments section: the list, one deployment, and the pieces the package and
//! revision pages reuse (the live table, deploy, stop all).

mod actions;
mod deploy;
mod detail;
mod list;
mod names;
mod panel;
mod rollout;
mod schedule;
mod stop_all;
mod watch;

pub use deploy::{DeployButton, DeployForm, DeployTarget};
pub use detail::DeploymentPage;
pub use list::DeploymentsPage;
pub use names::Names;
pub use panel::{describe, keyset_name, DeploymentsPanel};
pub use rollout::UpdateOffers;
pub use stop_all::StopAll;
pub use watch::LiveStatus;
