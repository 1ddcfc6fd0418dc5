//! The server's integration tests, as one test binary.
//!
//! Each file here was once a test binary of its own, and each linked the whole server: two
//! dozen links (and as many clippy passes) on every change. Here they are modules of one
//! binary, and their tests run side by side in its threads, so none may rely on having the
//! process to itself (no environment variables, no global state that a test changes; files
//! and ports of their own). `common` is the in-process test app they share; `common::process`
//! starts the server's binary for the tests that kill it.
//!
//! A new file of tests goes here with a `mod` line below (and `use crate::common;` in it for
//! the test app); `module_graph::every_test_file_is_in_the_one_binary` fails on a file that
//! has none, or on a test file beside this directory.

mod common;

mod activity;
mod answer_cache;
mod catalog;
mod common_rules;
mod concurrency;
mod demo_reset;
mod deployments;
mod kv;
mod module_graph;
mod openapi;
mod overview;
mod package_order;
mod packages;
mod prelude;
mod revision_names;
mod robustness;
mod rollout;
mod rollout_restart;
mod runtime_modules;
mod scheduled;
mod server;
mod test_inputs;
mod test_runs;
mod vercel;
