//! A rolling update survives `kill -9` at any point (`api.md` §5): a real server process on
//! a database file is killed at moments around the update's steps (the answer, the new
//! deployment's build, the old one's stop) and started again. Each time, once both settle,
//! nothing is stuck in transition, at most one deployment of the package runs on the keyset,
//! and an update that was answered has happened: the new one runs and the old one is
//! stopped, or, when its build fails, the new one is FAILED and the old one runs.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const KEY: &str = "rollout-restart-key";
/// How long STARTING and STOPPING last: long enough to kill the server inside them.
const TRANSITION_MS: u64 = 300;

/// A server process on the test's database file.
struct Server {
    child: Child,
    addr: String,
}

impl Server {
    fn start(database: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_faas-server"))
            .args([
                "--listen",
                "127.0.0.1:0",
                "--admin-key",
                KEY,
                "--log",
                "warn",
            ])
            .arg("--database")
            .arg(format!("sqlite:{}", database.display()))
            .args(["--transition-ms", &TRANSITION_MS.to_string()])
            .args(["--static-dir", "no-console-here"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("faas-server starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .trim()
            .strip_prefix("faas-console: http://")
            .and_then(|rest| rest.split_once("/#key="))
            .map(|(addr, _)| addr.to_owned())
            .unwrap_or_else(|| panic!("no URL line: {line:?}"));
        Server { child, addr }
    }

    /// SIGKILL: no shutdown, no flush, as a crash.
    fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        call(&self.addr, method, path, body)
    }

    fn ok(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let (status, answer) = self.call(method, path, body);
        assert_eq!(status, 200, "{method} {path}: {answer}");
        answer["data"].clone()
    }

    /// The states of the deployments `ids`, all read by one request.
    fn states(&self, ids: &[&str]) -> Vec<String> {
        let list = self.ok("GET", "/v2/faas/package-deployments?size=100", None);
        let list = list.as_array().expect("a list of deployments");
        ids.iter()
            .map(|id| {
                let d = list
                    .iter()
                    .find(|d| d["id"] == *id)
                    .unwrap_or_else(|| panic!("deployment {id} is listed"));
                d["state"].as_str().unwrap().to_owned()
            })
            .collect()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP/1.1 request with the admin key; the status and the JSON answer.
fn call(addr: &str, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: {KEY}\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw);
    let (head, rest) = text.split_once("\r\n\r\n").expect("an HTTP answer");
    let status = head[9..12].parse().unwrap();
    let chunked = head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked");
    let body = if chunked {
        dechunk(rest)
    } else {
        rest.to_owned()
    };
    (status, serde_json::from_str(&body).unwrap_or(Value::Null))
}

fn dechunk(mut rest: &str) -> String {
    let mut out = String::new();
    while let Some((size, after)) = rest.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.push_str(&after[..size]);
        rest = &after[size + 2..];
    }
    out
}

fn temp_database(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("faas-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("faas.db")
}

/// Waits until none of `ids` is STARTING or STOPPING; returns their states.
///
/// The states come from one list request, so from one read of the database: read one by
/// one, a deployment could be read before the worker's transaction that settles an update
/// and the next one after it (the old one still RUNNING, the new one RUNNING already), a
/// moment that never existed.
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
    let mut server = Server::start(&database);
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
        server = Server::start(&database);
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
        server = Server::start(&database);
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
        server = Server::start(&database);
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
