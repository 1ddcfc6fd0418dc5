//! A rolling update survives `kill -9` at any point (`api.md` §5): a real server process on
//! a database file is killed at moments around the update's steps (the answer, the new
//! deployment's build, the old one's stop) and started again. Each time, once both settle,
//! nothing is stuck in transition, at most one deployment of the package runs on the keyset,
//! and an update that was answered has happened: the new one runs and the old one is
//! stopped, or, when its build fails, the new one is FAILED and the old one runs.

use crate::common;

use std::time::{Duration, Instant};

use common::process::{call, temp_database, Server};
use serde_json::{json, Value};

/// How long STARTING and STOPPING last: long enough to kill the server inside them.
const TRANSITION_MS: &str = "300";

/// Waits until none of `ids` is STARTING or STOPPING; returns their states, read at once
/// ([`Server::states`]: the intermittent failure this test once had was its own reads, one
/// request a deployment, catching the old one before the update settled and the new one
/// after).
fn settled(server: &Server, ids: &[&str]) -> Vec<String> {
    let until = Instant::now() + Duration::from_secs(10);
    loop {
        let states = server.states(ids);
        if states.iter().all(|s| s != "STARTING" && s != "STOPPING") {
            return states;
        }
        assert!(Instant::now() < until, "stuck after a restart: {states:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn rolling_update(server: &Server, old: &str, new: &str) -> Value {
    server.ok(
        "PUT",
        &format!("/v2/faas/package-deployments/{old}/function-deployments"),
        Some(json!({"newPackageDeploymentId": new})),
    )
}

fn function(code: &str) -> Value {
    json!({"name": "Filter", "type": "BEFORE_PUBLISH", "code": code,
        "config": {"inputChannel": "chat.*"}})
}

#[test]
fn a_rolling_update_survives_kill_9_at_any_point() {
    let database = temp_database("rollout-restart");
    let mut server = Server::start(&database, &["--transition-ms", TRANSITION_MS]);
    let keyset = server.ok("GET", "/v2/keysets", None)[0]["id"]
        .as_i64()
        .unwrap();
    let good = "export default (request) => request.ok();";
    let package = server.ok(
        "POST",
        "/v2/faas/packages",
        Some(json!({"name": "Survives", "functions": [function(good)]})),
    );
    let package_id = package["id"].as_str().unwrap();
    let first = server.ok(
        "GET",
        &format!("/v2/faas/packages/{package_id}/package-revisions"),
        None,
    )[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let revision = |code: &str| {
        server.ok(
            "POST",
            "/v2/faas/package-revisions",
            Some(json!({"packageId": package_id, "functions": [function(code)]})),
        )["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let second = revision(good);
    let broken = revision("export default (request => {");
    let deploy = |server: &Server, revision: &str| {
        server.ok(
            "POST",
            "/v2/faas/package-deployments",
            Some(json!({"packageRevisionId": revision, "keysetId": keyset})),
        )["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let (a, b, bad) = (
        deploy(&server, &first),
        deploy(&server, &second),
        deploy(&server, &broken),
    );
    let all = [a.as_str(), b.as_str(), bad.as_str()];
    server.ok(
        "POST",
        &format!("/v2/faas/package-deployments/{a}/function-deployments"),
        None,
    );
    settled(&server, &all);

    // Killed after the answer, in the new one's build (due at 300 ms), in the old one's
    // stop (300 to 600 ms), and after: each update was answered, so each completed.
    let (mut running, mut idle) = (a.clone(), b.clone());
    for delay_ms in [0, 100, 290, 310, 450, 700] {
        rolling_update(&server, &running, &idle);
        std::thread::sleep(Duration::from_millis(delay_ms));
        server.kill();
        server = Server::start(&database, &["--transition-ms", TRANSITION_MS]);
        let states = settled(&server, &all);
        let expected: Vec<&str> = all
            .iter()
            .map(|id| if *id == idle { "RUNNING" } else { "STOPPED" })
            .collect();
        assert_eq!(states, expected, "killed {delay_ms} ms after the update");
        std::mem::swap(&mut running, &mut idle);
    }

    // A build that fails, killed around it: the old one keeps running.
    for delay_ms in [0, 290, 310, 500] {
        rolling_update(&server, &running, &bad);
        std::thread::sleep(Duration::from_millis(delay_ms));
        server.kill();
        server = Server::start(&database, &["--transition-ms", TRANSITION_MS]);
        let states = settled(&server, &all);
        for (id, state) in all.iter().zip(&states) {
            let expected = match *id {
                id if id == running => "RUNNING",
                id if id == bad => "FAILED",
                _ => "STOPPED",
            };
            assert_eq!(
                state, expected,
                "killed {delay_ms} ms after an update that fails"
            );
        }
    }

    // Killed while the update is being asked for: whether it was taken or not, one runs.
    for delay_ms in [0, 1, 2, 5] {
        let (addr, old, new) = (server.addr.clone(), running.clone(), idle.clone());
        let asking = std::thread::spawn(move || {
            let path = format!("/v2/faas/package-deployments/{old}/function-deployments");
            let body = json!({"newPackageDeploymentId": new});
            // The answer may never come: the server dies.
            std::panic::catch_unwind(|| call(&addr, "PUT", &path, Some(body))).ok()
        });
        std::thread::sleep(Duration::from_millis(delay_ms));
        server.kill();
        let _ = asking.join();
        server = Server::start(&database, &["--transition-ms", TRANSITION_MS]);
        let states = settled(&server, &all);
        let running_now: Vec<&&str> = all
            .iter()
            .zip(&states)
            .filter(|(_, s)| *s == "RUNNING")
            .map(|(id, _)| id)
            .collect();
        assert_eq!(running_now.len(), 1, "killed while asked: {states:?}");
        running = running_now[0].to_string();
        idle = if running == a { b.clone() } else { a.clone() };
    }
    server.kill();
    let _ = std::fs::remove_dir_all(database.parent().unwrap());
}
