//! The Vercel-style deployment (seed 004 has no JSON example, so this one is ours, with the
//! fields of `api.md` §4) parses and serialises back unchanged.

use faas_api::vercel::{DeploymentList, ErrorBody, ReadyState};
use serde_json::{json, Value};

#[test]
fn a_deployment_list_round_trips() {
    let original = json!({
        "deployments": [{
            "uid": "dpl_5WJWYSyB7BpgTj3EuwF37WMRBXBtPQ2iTMJHJBJyRfd",
            "id": "dpl_5WJWYSyB7BpgTj3EuwF37WMRBXBtPQ2iTMJHJBJyRfd",
            "name": "chat-web",
            "url": "chat-web-abc123.example.test",
            "projectId": "prj_12HKQaOmR5t5Uy6vdcQsNIiZgHGB",
            "created": 1_700_000_000_000_i64,
            "createdAt": 1_700_000_000_000_i64,
            "buildingAt": 1_700_000_001_000_i64,
            "canceledAt": 1_700_000_002_000_i64,
            "state": "CANCELED",
            "readyState": "CANCELED",
            "type": "LAMBDAS",
            "creator": {"uid": "usr_1", "username": "ada"},
            "source": "cli",
            "target": "production",
            "meta": {"githubCommitRef": "main"},
            "aliasAssigned": false,
            "isRollbackCandidate": false,
            "inspectorUrl": "http://127.0.0.1:8080/builds/dpl_5WJWYSyB7BpgTj3EuwF37WMRBXBtPQ2iTMJHJBJyRfd"
        }],
        "pagination": {"count": 1, "next": null, "prev": null}
    });
    let typed: DeploymentList = serde_json::from_value(original.clone()).unwrap();
    assert_eq!(typed.deployments[0].ready_state, ReadyState::Canceled);
    assert_eq!(serde_json::to_value(&typed).unwrap(), original);
}

#[test]
fn the_error_shape_round_trips() {
    let original = json!({"error": {"code": "bad_request", "message": "Deployment is READY"}});
    let typed: ErrorBody = serde_json::from_value(original.clone()).unwrap();
    assert_eq!(serde_json::to_value(typed).unwrap(), original);
}

#[test]
fn only_unfinished_builds_are_cancelable() {
    let cancelable: Vec<ReadyState> = ReadyState::ALL
        .into_iter()
        .filter(|s| s.is_cancelable())
        .collect();
    assert_eq!(
        cancelable,
        [
            ReadyState::Queued,
            ReadyState::Initializing,
            ReadyState::Building
        ]
    );
    for state in ReadyState::ALL {
        let wire: Value = serde_json::to_value(state).unwrap();
        assert_eq!(wire, Value::from(state.as_str()));
        assert_eq!(ReadyState::parse(state.as_str()), Some(state));
    }
}
