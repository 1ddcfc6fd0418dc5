//! The Packages section: the list, a package, its revisions, and the forms that create them.

mod detail;
mod functions_form;
mod list;
mod new;
mod new_revision;
mod revision;

pub use detail::PackagePage;
pub use list::{PackagesPage, Tags};
pub use new::NewPackagePage;
pub use new_revision::NewRevisionPage;
pub use revision::RevisionPage;
