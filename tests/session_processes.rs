//! A class session as real processes on loopback: `retki serve` and three pupils'
//! `retki join` text clients. The pupils open points of interest; the server is killed
//! (SIGKILL) and started again; every pupil comes back by itself as the same person, and
//! every action the server acknowledged is in the portfolio store exactly once. A pupil's
//! teacher command is refused.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use retki_portfolio::store::Store;
use retki_portfolio::store::statements::Query;
use serde_json::Value;

const WAIT: Duration = Duration::from_secs(30);

fn retki() -> Command {
    Command::new(env!("CARGO_BIN_EXE_retki"))
}

/// A process that is killed when the test lets go of it.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    loop {
        let tcp = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = tcp.local_addr().unwrap().port();
        if std::net::UdpSocket::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
}

/// Starts the server; returns it and the lines it printed before listening.
fn serve(dir: &Path, port: u16, class: bool) -> (Running, Vec<String>) {
    let mut command = retki();
    command
        .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .arg("--store")
        .arg(format!("sqlite://{}", dir.join("store.db").display()))
        .arg("--outbox")
        .arg(dir.join("outbox.db"));
    if class {
        command.args(["--class", "7B", "--scene", "lunar"]);
    }
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = Vec::new();
    for line in BufReader::new(stdout).lines() {
        let line = line.unwrap();
        let done = line.starts_with("listening on");
        lines.push(line);
        if done {
            break;
        }
    }
    (Running(child), lines)
}

/// A pupil's text client: what it was told, one JSON value a line, and its keyboard.
struct Pupil {
    _process: Running,
    input: ChildStdin,
    heard: mpsc::Receiver<Value>,
    id: String,
}

impl Pupil {
    fn join(port: u16, code: &str, name: &str) -> Pupil {
        Self::start(port, &[code, "--name", name])
    }

    /// The teacher's text client, with the session's teacher key.
    fn teacher(port: u16, key: &str) -> Pupil {
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

    fn say(&mut self, line: &str) {
        writeln!(self.input, "{line}").unwrap();
        self.input.flush().unwrap();
    }

    /// The first message from now on that `wanted` picks.
    fn wait_for(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
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
    fn open(&mut self, poi: &str) {
        self.say(&format!("poi {poi}"));
        let me = self.id.clone();
        self.wait_for(|m| {
            m["PoiOpened"]["id"].as_str() == Some(me.as_str())
                && m["PoiOpened"]["poi"].as_str() == Some(poi)
        });
    }
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("retki-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every statement in the store, oldest first.
fn stored(dir: &Path) -> Vec<Value> {
    let url = format!("sqlite://{}", dir.join("store.db").display());
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let store = Store::open(&url).await.unwrap();
        let query = Query {
            ascending: true,
            ..Query::default()
        };
        store
            .query(&query)
            .await
            .unwrap()
            .statements
            .into_iter()
            .map(|(_, s)| s)
            .collect()
    })
}

#[test]
fn pupils_come_back_by_themselves_after_the_server_is_killed_and_nothing_is_lost() {
    let dir = temp_dir("session-processes");
    let port = free_port();
    let (server, printed) = serve(&dir, port, true);
    let code = printed
        .iter()
        .find_map(|l| l.strip_prefix("join code: "))
        .expect("a join code")
        .to_owned();

    let mut pupils: Vec<Pupil> = ["Aino", "Eetu", "Venla"]
        .iter()
        .map(|name| Pupil::join(port, &code, name))
        .collect();
    let mut acknowledged: Vec<(String, String)> = Vec::new();
    for (n, pupil) in pupils.iter_mut().enumerate() {
        for poi in ["lunar_module", "footprints"].iter().take(n + 1) {
            pupil.open(poi);
            acknowledged.push((pupil.id.clone(), (*poi).to_owned()));
        }
    }
    // A pupil cannot run a teacher command.
    pupils[0].say("freeze");
    let refused = pupils[0].wait_for(|m| m.get("Refused").is_some());
    assert!(
        refused["Refused"]["reason"]
            .as_str()
            .unwrap()
            .contains("teacher"),
        "{refused}"
    );

    // The server dies at once, with no chance to tidy up, and comes back.
    drop(server);
    let (_server, printed) = serve(&dir, port, false);
    assert!(
        printed.iter().any(|l| l.starts_with("carrying on")),
        "{printed:?}"
    );
    for pupil in &mut pupils {
        let me = pupil.id.clone();
        pupil.wait_for(|m| m["Welcome"]["you"].as_str() == Some(me.as_str()));
    }
    for pupil in &mut pupils {
        pupil.open("crater_rim");
        acknowledged.push((pupil.id.clone(), "crater_rim".to_owned()));
    }

    // Every acknowledged action reaches the store once; each pupil joined once.
    let deadline = Instant::now() + WAIT;
    let statements = loop {
        let statements = stored(&dir);
        let opened = statements
            .iter()
            .filter(|s| s["verb"]["id"] == "http://adlnet.gov/expapi/verbs/experienced")
            .count();
        if opened >= acknowledged.len() || Instant::now() > deadline {
            break statements;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    for (pupil, poi) in &acknowledged {
        let copies = statements
            .iter()
            .filter(|s| {
                s["actor"]["account"]["name"] == pupil.as_str()
                    && s["object"]["id"]
                        .as_str()
                        .is_some_and(|id| id.ends_with(&format!("/poi/{poi}")))
            })
            .count();
        assert_eq!(copies, 1, "{pupil} opening {poi}");
    }
    for pupil in &pupils {
        let joined = statements
            .iter()
            .filter(|s| {
                s["actor"]["account"]["name"] == pupil.id.as_str()
                    && s["verb"]["id"] == "http://activitystrea.ms/schema/1.0/join"
            })
            .count();
        assert_eq!(joined, 1, "{} joined once", pupil.id);
    }
    let registrations: std::collections::HashSet<&str> = statements
        .iter()
        .filter_map(|s| s["context"]["registration"].as_str())
        .collect();
    assert_eq!(registrations.len(), 1, "one session: {registrations:?}");
    drop(pupils);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Runs `retki portfolio …` against the store in `dir`; returns its output.
fn portfolio(dir: &Path, args: &[&str]) -> String {
    let out = retki()
        .arg("portfolio")
        .arg("--store")
        .arg(format!("sqlite://{}", dir.join("store.db").display()))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn base64(bytes: &[u8]) -> String {
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

/// POSTs `body` to `path` with Basic credentials; returns the status and the JSON answer.
fn post(port: u16, path: &str, credentials: (&str, &str), body: &str) -> (u16, Value) {
    use std::io::Read;
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    let auth = base64(format!("{}:{}", credentials.0, credentials.1).as_bytes());
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic {auth}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let status = answer[9..12].parse().unwrap();
    let json = answer.split("\r\n\r\n").nth(1).unwrap_or_default();
    (status, serde_json::from_str(json).unwrap_or(Value::Null))
}

#[test]
fn a_teacher_opens_a_session_over_http_for_their_class_only() {
    let dir = temp_dir("session-http");
    let port = free_port();
    let (_server, _) = serve(&dir, port, false);
    portfolio(
        &dir,
        &[
            "class",
            "--class",
            "7B",
            "--pupil",
            "7b-01",
            "--teacher",
            "t-lind",
        ],
    );
    let made = portfolio(
        &dir,
        &[
            "credentials",
            "create",
            "--name",
            "lind",
            "--role",
            "teacher",
            "--subject",
            "t-lind",
        ],
    );
    let field = |name: &str| {
        made.lines()
            .find_map(|l| l.strip_prefix(name))
            .unwrap()
            .trim()
            .to_owned()
    };
    let (key, secret) = (field("key:"), field("secret:"));

    let (status, answer) = post(
        port,
        "/sessions",
        (&key, &secret),
        r#"{"class": "7B", "scene": "seabed"}"#,
    );
    assert_eq!(status, 201, "{answer}");
    let code = answer["code"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 6);
    assert_eq!(answer["expires_in_s"], 10_800);

    // Not their class, an unknown place, a body that is not the form, no credentials.
    let (status, answer) = post(
        port,
        "/sessions",
        (&key, &secret),
        r#"{"class": "9C", "scene": "seabed"}"#,
    );
    assert_eq!(
        (status, answer["field"].as_str()),
        (400, Some("class")),
        "{answer}"
    );
    let (status, answer) = post(
        port,
        "/sessions",
        (&key, &secret),
        r#"{"class": "7B", "scene": "mars"}"#,
    );
    assert_eq!(
        (status, answer["field"].as_str()),
        (400, Some("scene")),
        "{answer}"
    );
    assert!(
        answer["error"].as_str().unwrap().contains("lunar"),
        "{answer}"
    );
    let (status, _) = post(port, "/sessions", (&key, &secret), r#"{"class": "7B"}"#);
    assert_eq!(status, 400);
    let (status, _) = post(
        port,
        "/sessions",
        (&key, "wrong"),
        r#"{"class": "7B", "scene": "seabed"}"#,
    );
    assert_eq!(status, 401);

    // A pupil joins the new session.
    let mut pupil = Pupil::join(port, &code, "Aino");
    pupil.say("poi wreck");
    pupil.wait_for(|m| m["PoiOpened"]["poi"] == "wreck");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_lesson_is_served_and_the_teacher_moves_the_class_on() {
    let dir = temp_dir("session-lesson");
    let port = free_port();
    let plan = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/lessons/lunar-gravity.toml");
    let mut child = retki()
        .arg("lesson")
        .arg(&plan)
        .args(["--class", "7B", "--bind", &format!("127.0.0.1:{port}")])
        .arg("--store")
        .arg(format!("sqlite://{}", dir.join("store.db").display()))
        .arg("--outbox")
        .arg(dir.join("outbox.db"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let _server = Running(child);
    let mut printed = Vec::new();
    for line in BufReader::new(stdout).lines() {
        let line = line.unwrap();
        let done = line.starts_with("listening on");
        printed.push(line);
        if done {
            break;
        }
    }
    let find = |prefix: &str| {
        printed
            .iter()
            .find_map(|l| l.strip_prefix(prefix))
            .unwrap_or_else(|| panic!("{prefix} in {printed:?}"))
            .to_owned()
    };
    let (code, key) = (find("join code: "), find("teacher key: "));
    assert!(
        printed.iter().any(|l| l.starts_with("lesson: ")),
        "{printed:?}"
    );

    let mut pupil = Pupil::join(port, &code, "Aino");
    pupil.wait_for(|m| m["LessonStep"]["id"] == "arrive");
    let mut teacher = Pupil::teacher(port, &key);
    teacher.say("next");
    let step = pupil.wait_for(|m| m.get("LessonStep").is_some());
    assert_eq!(step["LessonStep"]["id"], "gravity");
    assert_eq!(step["LessonStep"]["viewpoint"], "lunar_module");
    // The pupil answers the measuring task; the server acknowledges it.
    pupil.say("answer fall-time 1.4 s");
    pupil.wait_for(|m| m["Answered"]["task"] == "fall-time");
    let _ = std::fs::remove_dir_all(&dir);
}
