//! A real server process on a database file, for the tests that kill it (`kill -9`) and
//! start it again on the same file: what survives a crash is what was committed.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

/// The admin key of every process these tests start.
pub const KEY: &str = "process-test-key";

/// A server process on the test's database file.
pub struct Server {
    child: Child,
    pub addr: String,
}

impl Server {
    /// Starts the server on `database` with `args` besides, and waits for its URL line.
    pub fn start(database: &Path, args: &[&str]) -> Server {
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
            .args(args)
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
    pub fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    pub fn call(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        call(&self.addr, method, path, body)
    }

    pub fn ok(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let (status, answer) = self.call(method, path, body);
        assert_eq!(status, 200, "{method} {path}: {answer}");
        answer["data"].clone()
    }

    /// The states of the deployments `ids`, all read by one request: read one by one, a
    /// deployment could be read before a transaction that changes two of them and the next
    /// after it, a moment that never existed.
    pub fn states(&self, ids: &[&str]) -> Vec<String> {
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
pub fn call(addr: &str, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
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

/// A new, empty directory for a test's database file; returns the file's path.
pub fn temp_database(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("faas-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("faas.db")
}
