//! The server's modules import each other without a circle, and the lower layers never
//! reach up (the layering of `src/lib.rs`'s documentation). The code is read by the
//! `module-graph` crate, which the console's own test uses too; how it reads is documented
//! there. And the tests themselves stay one binary.

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

/// The server's integration tests are one binary (`tests/integration/main.rs`): a file of
/// tests that `main.rs` does not declare would never be compiled nor run, and one beside the
/// directory would be a binary of its own, linking the whole server again.
#[test]
fn every_test_file_is_in_the_one_binary() {
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let dir = tests.join("integration");
    let main = blank(&std::fs::read_to_string(dir.join("main.rs")).unwrap());
    let declared: Vec<&str> = main
        .lines()
        .filter_map(|line| line.trim().strip_prefix("mod ")?.strip_suffix(';'))
        .collect();
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_str().unwrap().to_owned();
        if path.is_dir() || (path.extension().is_some_and(|e| e == "rs") && name != "main") {
            files.push(name);
        }
    }
    files.sort();
    let undeclared: Vec<&String> = files
        .iter()
        .filter(|f| !declared.contains(&f.as_str()))
        .collect();
    assert!(
        undeclared.is_empty(),
        "in tests/integration/ but not declared in its main.rs (add `mod NAME;`): {undeclared:?}"
    );
    assert!(files.len() > 20, "the test files were not found: {files:?}");
    let beside: Vec<PathBuf> = std::fs::read_dir(&tests)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path != &dir)
        .collect();
    assert!(
        beside.is_empty(),
        "each of these would be a test binary of its own: move it into tests/integration/ \
         with a `mod` line in main.rs: {beside:?}"
    );
}
