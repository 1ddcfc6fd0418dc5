//! Every JSON example of the public reference pages (copied from the seeds into `fixtures/`)
//! parses into the contract types and serialises back to the same JSON value.

use faas_api::{Envelope, Package, PackageDeployment, PackageRevision};
use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;

fn round_trips<T: DeserializeOwned + Serialize>(file: &str) {
    let path = format!("{}/tests/fixtures/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let original: Value = serde_json::from_str(&text).unwrap();
    let typed: Envelope<T> = serde_json::from_value(original.clone())
        .unwrap_or_else(|e| panic!("{file} does not parse: {e}"));
    let back = serde_json::to_value(&typed).unwrap();
    assert_eq!(
        back, original,
        "{file} changed on the way through the types"
    );
}

#[test]
fn create_package_examples() {
    round_trips::<Package>("create_package_ok.json");
    round_trips::<Package>("create_package_error.json");
}

#[test]
fn create_package_revision_examples() {
    round_trips::<PackageRevision>("create_package_revision_ok.json");
    round_trips::<PackageRevision>("create_package_revision_error.json");
}

#[test]
fn create_package_deployment_examples() {
    round_trips::<PackageDeployment>("create_package_deployment_ok.json");
    round_trips::<PackageDeployment>("create_package_deployment_error.json");
}

#[test]
fn stop_deployments_examples() {
    round_trips::<Vec<PackageDeployment>>("stop_deployments_ok.json");
    round_trips::<Vec<PackageDeployment>>("stop_deployments_error.json");
}

#[test]
fn every_fixture_is_covered() {
    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let count = std::fs::read_dir(dir).unwrap().count();
    assert_eq!(count, 8, "a fixture was added: give it a round-trip test");
}

#[test]
fn an_error_example_has_no_data_and_a_code() {
    let text = include_str!("fixtures/create_package_error.json");
    let typed: Envelope<Package> = serde_json::from_str(text).unwrap();
    assert!(typed.data.is_none());
    assert_eq!(typed.errors[0].code, "FAAS-404");
}
