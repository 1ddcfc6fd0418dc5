//! Authoring packages and revisions: the forms' data as plain Rust, with native tests.
//!
//! * [`draft`]: what a create form holds (raw text, possibly invalid) and its validation
//!   into the request body, with the shared `faas-api` rules;
//! * [`problems`]: what is wrong, keyed by the JSON path of the field, whether found here or
//!   by the server, so both appear under the same field;
//! * [`form`]: how a form lays out its functions (settings per trigger, which field a
//!   problem names, tab keys);
//! * [`diff`]: what changed between two revisions, function by function;
//! * [`store`]: drafts kept in the browser's storage (the thin browser side).

pub mod diff;
pub mod draft;
pub mod form;
pub mod problems;
pub mod store;
