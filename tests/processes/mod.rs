//! Retki's programs as processes, for tests: the `retki` binary, a process killed with the
//! test, free ports, pupils' text clients and plain HTTP requests.
#![allow(
    dead_code,
    reason = "not every test file that shares this module uses every helper"
)]

use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
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
}

impl Pupil {
    pub fn join(port: u16, code: &str, name: &str) -> Pupil {
        Self::start(port, &[code, "--name", name])
    }

    /// The teacher's text client, with the session's teacher key.
    pub fn teacher(port: u16, key: &str) -> Pupil {
        Self::start(port, &["--teacher-key", key])
    }

    fn start(port: u16, how: &[&str]) -> Pupil {
        let mut child = retki()
            .args(["--mode", "headless", "join"])
            .args(how)
            .args(["--server", &format!("127.0.0.1:{port}")])
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
        let mut pupil = Pupil {
            _process: Running(child),
            input,
            heard,
            id: String::new(),
        };
        let welcome = pupil.wait_for(|m| m.get("Welcome").is_some());
        pupil.id = welcome["Welcome"]["you"].as_str().unwrap().to_owned();
        pupil
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

/// Standard base64 (RFC 4648) of `bytes`.
pub fn base64(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(DIGITS[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Sends an HTTP/1.1 request to loopback `port` with `headers` and `body`; returns the
/// status and the answer's body (read to its length, or to the end when it has none).
pub fn http(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, String) {
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str(&format!(
        "Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    ));
    stream.write_all(request.as_bytes()).unwrap();
    let mut reader = BufReader::new(stream);
    let mut status_line = String::new();
    reader.read_line(&mut status_line).unwrap();
    let status = status_line[9..12].parse().unwrap();
    let mut length = None;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let mut answer = Vec::new();
    match length {
        Some(n) => {
            answer.resize(n, 0);
            reader.read_exact(&mut answer).unwrap();
        }
        None => {
            reader.read_to_end(&mut answer).unwrap();
        }
    }
    (status, String::from_utf8_lossy(&answer).into_owned())
}

/// POSTs `body` to `path` with Basic credentials; returns the status and the JSON answer.
pub fn post(port: u16, path: &str, credentials: (&str, &str), body: &str) -> (u16, Value) {
    let auth = base64(format!("{}:{}", credentials.0, credentials.1).as_bytes());
    let (status, answer) = http(
        port,
        "POST",
        path,
        &[("Authorization", &format!("Basic {auth}"))],
        body,
    );
    (status, serde_json::from_str(&answer).unwrap_or(Value::Null))
}
