//! Retki's programs as processes, for tests: the `retki` binary, a process killed with the
//! test, free ports, pupils' text clients and plain HTTP requests.
#![allow(
    dead_code,
    reason = "not every test file that shares this module uses every helper"
)]

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::Value;

pub const WAIT: Duration = Duration::from_secs(30);

pub fn retki() -> Command {
    Command::new(env!("CARGO_BIN_EXE_retki"))
}

/// A process that is killed when the test lets go of it.
pub struct Running(pub Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `127.0.0.1:PORT`.
fn local(port: u16) -> String {
    format!("127.0.0.1:{port}")
}

pub fn free_port() -> u16 {
    loop {
        let tcp = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = tcp.local_addr().unwrap().port();
        if std::net::UdpSocket::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
}

/// A pupil's text client: what it was told, one JSON value a line, and its keyboard.
pub struct Pupil {
    _process: Running,
    input: ChildStdin,
    heard: mpsc::Receiver<Value>,
    /// Their id in the session.
    pub id: String,
    /// The resume token of their welcome.
    pub token: String,
}

impl Pupil {
    pub fn join(port: u16, code: &str, name: &str) -> Pupil {
        Self::start(&local(port), &[code, "--name", name])
    }

    /// The teacher's text client, with the session's teacher key.
    pub fn teacher(port: u16, key: &str) -> Pupil {
        Self::start(&local(port), &["--teacher-key", key])
    }

    /// A text client that joins the server at `server` (`HOST:PORT`) as `how` says (a
    /// code and `--name`, or `--teacher-key`, and `--fingerprint` for HTTPS), once welcomed.
    pub fn start(server: &str, how: &[&str]) -> Pupil {
        Self::welcomed(Self::spawn(server, how))
    }

    /// A text client started with exactly `args` after `join` (no `--server` unless they
    /// give it), once the server has welcomed it.
    pub fn start_with(args: &[&str]) -> Pupil {
        Self::welcomed(Self::spawn_with(args))
    }

    fn welcomed(mut pupil: Pupil) -> Pupil {
        let welcome = pupil.wait_for(|m| m.get("Welcome").is_some());
        pupil.id = welcome["Welcome"]["you"].as_str().unwrap().to_owned();
        pupil.token = welcome["Welcome"]["token"].as_str().unwrap().to_owned();
        pupil
    }

    /// A text client started as [`Pupil::start`] starts one, before anything is heard.
    pub fn spawn(server: &str, how: &[&str]) -> Pupil {
        Self::spawn_with(&[how, &["--server", server]].concat())
    }

    fn spawn_with(args: &[&str]) -> Pupil {
        let mut child = retki()
            .args(["--mode", "headless", "join"])
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let input = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tell, heard) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Ok(value) = serde_json::from_str::<Value>(&line) {
                    let _ = tell.send(value);
                }
            }
        });
        Pupil {
            _process: Running(child),
            input,
            heard,
            id: String::new(),
            token: String::new(),
        }
    }

    pub fn say(&mut self, line: &str) {
        writeln!(self.input, "{line}").unwrap();
        self.input.flush().unwrap();
    }

    /// The first message from now on that `wanted` picks.
    pub fn wait_for(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.heard.recv_timeout(left) {
                Ok(message) if wanted(&message) => return message,
                Ok(_) => {}
                Err(_) => panic!("pupil {} waited {WAIT:?} in vain", self.id),
            }
        }
    }

    /// Opens a point of interest and waits until the server acknowledges it.
    pub fn open(&mut self, poi: &str) {
        self.say(&format!("poi {poi}"));
        let me = self.id.clone();
        self.wait_for(|m| {
            m["PoiOpened"]["id"].as_str() == Some(me.as_str())
                && m["PoiOpened"]["poi"].as_str() == Some(poi)
        });
    }
}

pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("retki-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Sends an HTTP/1.1 request to loopback `port` with `headers` and `body` (Retki's own
/// client); returns the status and the answer's body.
pub fn http(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, String) {
    retki_host::http_client::request(
        &retki_session::link::Link::plain(&format!("127.0.0.1:{port}")),
        method,
        path,
        headers,
        body,
    )
    .unwrap()
}

/// Starts `retki lesson` with the lunar lesson for class 7B on `port`, its store and outbox
/// in `dir`; returns it and the lines it printed before listening.
pub fn serve_lesson(dir: &Path, port: u16) -> (Running, Vec<String>) {
    let plan = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/lessons/lunar-gravity.toml");
    start_server(
        retki()
            .args(["lesson", "run"])
            .arg(&plan)
            .args(["--class", "7B", "--bind", &format!("127.0.0.1:{port}")])
            .arg("--store")
            .arg(format!("sqlite://{}", dir.join("store.db").display()))
            .arg("--outbox")
            .arg(dir.join("outbox.db")),
    )
}

/// Starts a server `command` (`retki serve` or `retki lesson run`); returns it and the lines
/// it printed up to the one saying it listens.
pub fn start_server(command: &mut Command) -> (Running, Vec<String>) {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let server = Running(child);
    let mut printed = Vec::new();
    for line in BufReader::new(stdout).lines() {
        let line = line.unwrap();
        let done = line.starts_with("listening on");
        printed.push(line);
        if done {
            break;
        }
    }
    (server, printed)
}

/// What follows `prefix` on the first of `printed` that starts with it.
pub fn printed_after(printed: &[String], prefix: &str) -> String {
    printed
        .iter()
        .find_map(|l| l.strip_prefix(prefix))
        .unwrap_or_else(|| panic!("{prefix} in {printed:?}"))
        .to_owned()
}

/// POSTs `body` to `path` with Basic credentials; returns the status and the JSON answer.
pub fn post(port: u16, path: &str, credentials: (&str, &str), body: &str) -> (u16, Value) {
    let (status, answer) = http(
        port,
        "POST",
        path,
        &[(
            "Authorization",
            &retki_host::http_client::basic_auth(credentials.0, credentials.1),
        )],
        body,
    );
    (status, serde_json::from_str(&answer).unwrap_or(Value::Null))
}

/// Runs the test at `path` (module::name) again inside a network namespace of its own, set
/// up by the shell commands `setup`, with `inside` set in its environment; fails with what it
/// printed unless it passed there.
pub fn rerun_in_namespace(path: &str, inside: &str, setup: &str) {
    let exe = std::env::current_exe().unwrap();
    let output = Command::new("unshare")
        .args([
            "--net",
            "--",
            "sh",
            "-c",
            &format!("{setup} && exec \"$0\" \"$@\""),
        ])
        .arg(exe)
        .args([path, "--exact", "--include-ignored", "--nocapture"])
        .env(inside, "1")
        .stdin(Stdio::null())
        .output()
        .expect("unshare (util-linux) runs");
    let told = format!(
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "inside the namespace:\n{told}");
    assert!(told.contains("1 passed"), "{told}");
}
