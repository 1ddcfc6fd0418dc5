//! The console's modules import each other without a circle, and the lower layers never
//! reach up. The code is read by the `module-graph` crate, the same reader as the server's
//! `tests/integration/module_graph.rs`. Compiled with the console's unit tests (`src/lib.rs`
//! includes this file), so that the native tests build the console once.
//!
//! Two readings of "no circle": between the console's sections (`api`, `routes`, `pages`…:
//! a reference from any file of one to any file of another counts), and between its files,
//! a section's own wiring aside (a `mod.rs` that names its pages, which use the helpers it
//! defines, is one piece, not a tangle).
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

use module_graph::Graph;

fn graph() -> Graph {
    Graph::read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"))
}

#[test]
fn no_two_sections_import_each_other_in_a_circle() {
    let sections = graph().top_level();
    if let Err(report) = sections.check_no_circle() {
        panic!("between the console's sections: {report}");
    }
    println!(
        "{} sections, {} edges between them, no circle",
        sections.modules.len(),
        sections.edges.len()
    );
}

#[test]
fn no_two_files_import_each_other_in_a_circle() {
    if let Err(report) = graph().without_own_submodules().check_no_circle() {
        panic!("between the console's files: {report}");
    }
}

/// Plain-Rust rules and data (validation, lifecycles, formatting), below every view.
const PLAIN: &[&str] = &[
    "authoring",
    "builds",
    "catalog",
    "deployments",
    "format",
    "function_test",
    "keyset_data",
    "rollout",
    "schedules",
];

/// Which modules a layer may not reference, by module path prefix (`crate` is the root,
/// the shell). From the bottom: URL text knows nothing of the console; the API client
/// knows no routes, no views and no browser storage of its own; plain-Rust rules know no
/// views; shared components know no page.
fn forbidden() -> Vec<(&'static str, Vec<&'static str>)> {
    let views = ["components", "pages", "unsaved", "editor", "crate"];
    let mut rules = vec![
        (
            "url",
            ["api", "routes", "connection", "request_log", "account"]
                .into_iter()
                .chain(PLAIN.iter().copied())
                .chain(views)
                .collect(),
        ),
        (
            "api",
            ["routes", "connection::store", "account"]
                .into_iter()
                .chain(views)
                .collect(),
        ),
        (
            "routes",
            ["connection", "request_log", "account"]
                .into_iter()
                .chain(views)
                .collect(),
        ),
        (
            "connection",
            ["api", "routes"].into_iter().chain(views).collect(),
        ),
        ("components", vec!["pages", "crate"]),
    ];
    for plain in PLAIN {
        rules.push((
            plain,
            ["routes", "account"].into_iter().chain(views).collect(),
        ));
    }
    rules
}

#[test]
fn the_lower_layers_do_not_reach_up() {
    let rules = forbidden();
    let rules: Vec<(&str, &[&str])> = rules.iter().map(|(l, f)| (*l, f.as_slice())).collect();
    let wrong = graph().reaching_up(&rules);
    assert!(
        wrong.is_empty(),
        "layers reaching up:\n{}",
        wrong.join("\n")
    );
}
