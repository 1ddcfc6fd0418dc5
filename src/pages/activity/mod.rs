//! The activity log's views: the Activity page (`/activity`, a module of its own). The
//! entry in words is plain Rust in [`crate::activity`].

mod list;
mod table;

pub use list::ActivityPage;
