//! The catalog: the gallery of blueprints a new package can start from, and a blueprint's
//! page with its functions, params and the form that imports it.

mod blueprint;
mod gallery;

pub use blueprint::BlueprintPage;
pub use gallery::CatalogPage;
