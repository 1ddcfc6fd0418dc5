//! The server's modules import each other without a circle, and the lower layers never
//! reach up (the layering of `src/lib.rs`'s documentation). The code is read by the
//! `module-graph` crate, which the console's own test uses too; how it reads is documented
//! there.

use std::path::{Path, PathBuf};

use module_graph::{blank, Graph};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn the_module_graph_has_no_circle() {
    let graph = Graph::read(&src());
    if let Err(report) = graph.check_no_circle() {
        panic!("between the server's modules: {report}");
    }
    println!(
        "{} modules, {} edges, no circle",
        graph.modules.len(),
        graph.edges.len()
    );
}

/// Which modules a layer may not reference, by module path prefix.
const FORBIDDEN: &[(&str, &[&str])] = &[
    // The database and the store know nothing of HTTP, the app's state or its jobs.
    (
        "db",
        &[
            "http",
            "routes",
            "error",
            "state",
            "store",
            "access",
            "worker",
            "demo",
            "demo_vercel",
            "bootstrap",
            "crate",
        ],
    ),
    (
        "store",
        &[
            "http",
            "routes",
            "error",
            "state",
            "worker",
            "demo",
            "demo_vercel",
            "bootstrap",
            "crate",
        ],
    ),
    // Grants and principals are pure rules.
    (
        "access",
        &["http", "routes", "error", "state", "store", "db", "crate"],
    ),
];

#[test]
fn the_lower_layers_do_not_reach_up() {
    let wrong = Graph::read(&src()).reaching_up(FORBIDDEN);
    assert!(
        wrong.is_empty(),
        "layers reaching up:\n{}",
        wrong.join("\n")
    );
    let access = std::fs::read_to_string(src().join("access.rs")).unwrap();
    assert!(
        !blank(&access).contains("axum"),
        "access.rs is meant to have no axum in it"
    );
}
