//! `retki-portfolio serve` (the same server as `retki serve`) over real HTTP on a SQLite store: the About resource, the version header on
//! every answer, Basic credentials made with `credentials create`, statements
//! posted, put and read back, and bad requests refused with the field named and nothing stored.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

use base64::Engine;
use serde_json::{Value, json};

/// A `retki-portfolio serve` process on a free port, stopped when dropped.
struct Server {
    child: Child,
    address: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn retki(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_retki-portfolio"))
        .args(args)
        .output()
        .expect("retki runs")
}

fn serve(store: &str) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_retki-portfolio"))
        .args(["serve", "--store", store, "--bind", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("retki serve starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let address = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address in '{line}'"))
        .to_string();
    Server { child, address }
}

/// One HTTP/1.1 request; returns the status, the headers (lower-case names) and the body.
fn request(
    address: &str,
    method: &str,
    path: &str,
    headers: &[(&str, String)],
    body: &str,
) -> (u16, Vec<(String, String)>, String) {
    let Ok(mut stream) = TcpStream::connect(address) else {
        return (0, Vec::new(), String::new());
    };
    let mut text = format!(
        "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n",
        address,
        body.len()
    );
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str("\r\n");
    text.push_str(body);
    // A server that refuses a body as too large may answer and close before reading it all.
    let _ = stream.write_all(text.as_bytes());
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    let answer = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    let mut lines = head.lines();
    // No answer at all (the server went away mid-request) reads as status 0.
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    (status, headers, body.to_string())
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

fn statement(pupil: &str) -> Value {
    json!({
        "actor": {"account": {"homePage": "https://retki.example/school", "name": pupil}},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced"},
        "object": {"id": "https://retki.example/scenes/seabed"},
        "context": {"registration": "0d8e3f4a-1b2c-4d5e-8f60-718293a4b5c6"}
    })
}

#[test]
fn the_statement_api_over_http() {
    let dir = std::env::temp_dir().join(format!("retki-http-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let store = format!("sqlite://{}", dir.join("store.db").display());

    let made = retki(&[
        "credentials",
        "create",
        "--name",
        "class-server",
        "--store",
        &store,
    ]);
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let printed = String::from_utf8(made.stdout).unwrap();
    let field = |name: &str| {
        printed
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .map(|v| v.trim().to_string())
            .unwrap_or_else(|| panic!("no {name} in {printed}"))
    };
    let (key, secret) = (field("key:"), field("secret:"));
    let basic = |key: &str, secret: &str| {
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(format!("{key}:{secret}"))
        )
    };
    let good = vec![
        ("X-Experience-API-Version", "1.0.3".to_string()),
        ("Authorization", basic(&key, &secret)),
        ("Content-Type", "application/json".to_string()),
    ];

    let server = serve(&store);

    let (status, headers, body) = request(&server.address, "GET", "/xapi/about", &[], "");
    assert_eq!(status, 200);
    assert_eq!(header(&headers, "x-experience-api-version"), Some("1.0.3"));
    let about = serde_json::from_str::<Value>(&body).unwrap();
    assert_eq!(about["version"][0], "1.0.3");
    assert_eq!(
        about["extensions"]["https://retki.invalid/xapi/extensions/software"],
        format!("Retki {}", retki_portfolio::VERSION),
        "about names the software and its version"
    );

    // POST one statement and a batch; read one back by id.
    let (status, _, body) = request(
        &server.address,
        "POST",
        "/xapi/statements",
        &good,
        &statement("p-1").to_string(),
    );
    assert_eq!(status, 200, "{body}");
    let ids: Vec<String> = serde_json::from_str(&body).unwrap();
    let batch = json!([statement("p-2"), statement("p-3")]).to_string();
    let (status, _, body) = request(&server.address, "POST", "/xapi/statements", &good, &batch);
    assert_eq!(status, 200, "{body}");
    let (status, headers, body) = request(
        &server.address,
        "GET",
        &format!("/xapi/statements?statementId={}", ids[0]),
        &good,
        "",
    );
    assert_eq!(status, 200, "{body}");
    assert!(header(&headers, "x-experience-api-consistent-through").is_some());
    let stored: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(stored["actor"]["account"]["name"], "p-1");
    assert_eq!(stored["authority"]["account"]["name"], "class-server");

    // PUT with an id; the same again is fine; something else under that id is a conflict.
    let id = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
    let put = format!("/xapi/statements?statementId={id}");
    let (status, _, _) = request(
        &server.address,
        "PUT",
        &put,
        &good,
        &statement("p-4").to_string(),
    );
    assert_eq!(status, 204);
    let (status, _, _) = request(
        &server.address,
        "PUT",
        &put,
        &good,
        &statement("p-4").to_string(),
    );
    assert_eq!(status, 204);
    let (status, _, body) = request(
        &server.address,
        "PUT",
        &put,
        &good,
        &statement("p-5").to_string(),
    );
    assert_eq!(status, 409, "{body}");

    // Filters: by registration, by agent.
    let registration = "/xapi/statements?registration=0d8e3f4a-1b2c-4d5e-8f60-718293a4b5c6";
    let (status, _, body) = request(&server.address, "GET", registration, &good, "");
    assert_eq!(status, 200, "{body}");
    let result: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(result["statements"].as_array().unwrap().len(), 4);
    let agent = r#"{"account":{"homePage":"https://retki.example/school","name":"p-2"}}"#;
    let by_agent = format!(
        "/xapi/statements?agent={}",
        agent
            .bytes()
            .map(|b| format!("%{b:02X}"))
            .collect::<String>()
    );
    let (_, _, body) = request(&server.address, "GET", &by_agent, &good, "");
    let result: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(result["statements"].as_array().unwrap().len(), 1, "{body}");

    // Refusals: each with its status, the field named where there is one, nothing stored.
    let mut no_version = good.clone();
    no_version.retain(|(n, _)| *n != "X-Experience-API-Version");
    let (status, headers, _) = request(&server.address, "GET", registration, &no_version, "");
    assert_eq!(status, 400);
    assert_eq!(header(&headers, "x-experience-api-version"), Some("1.0.3"));
    let mut wrong_version = good.clone();
    wrong_version[0].1 = "0.95".into();
    assert_eq!(
        request(&server.address, "GET", registration, &wrong_version, "").0,
        400
    );
    let mut wrong_secret = good.clone();
    wrong_secret[1].1 = basic(&key, "not-the-secret");
    let (status, headers, _) = request(&server.address, "GET", registration, &wrong_secret, "");
    assert_eq!(status, 401);
    assert!(header(&headers, "www-authenticate").is_some());
    let (status, _, body) = request(
        &server.address,
        "POST",
        "/xapi/statements",
        &good,
        "{not json",
    );
    assert_eq!(status, 400);
    assert!(body.contains("line 1"), "{body}");
    let mut bad = statement("p-6");
    bad["verb"]["id"] = json!("experienced");
    let (status, _, body) = request(
        &server.address,
        "POST",
        "/xapi/statements",
        &good,
        &bad.to_string(),
    );
    assert_eq!(status, 400);
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["field"],
        "verb.id"
    );
    let (status, _, _) = request(
        &server.address,
        "GET",
        "/xapi/statements?verb=x%27%20OR%201%3D1--",
        &good,
        "",
    );
    assert_eq!(status, 400, "a verb filter must be an IRI");
    let (status, _, _) = request(
        &server.address,
        "GET",
        "/xapi/statements?colour=red",
        &good,
        "",
    );
    assert_eq!(status, 400, "unknown parameters are refused");
    let huge = format!("[{}]", vec![statement("p-7").to_string(); 20_000].join(","));
    let (status, _, _) = request(&server.address, "POST", "/xapi/statements", &good, &huge);
    assert_eq!(status, 413, "bodies over the limit are refused");

    let (_, _, body) = request(&server.address, "GET", registration, &good, "");
    let result: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        result["statements"].as_array().unwrap().len(),
        4,
        "no refused request stored anything"
    );
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Makes a store with one client in a fresh folder; returns the store's address and the
/// request headers that client signs in with.
fn store_with_client(name: &str) -> (std::path::PathBuf, String, Vec<(&'static str, String)>) {
    let dir = std::env::temp_dir().join(format!("retki-http-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let store = format!("sqlite://{}", dir.join("store.db").display());
    let made = retki(&[
        "credentials",
        "create",
        "--name",
        "burst",
        "--store",
        &store,
    ]);
    assert!(made.status.success());
    let printed = String::from_utf8(made.stdout).unwrap();
    let value = |prefix: &str| {
        printed
            .lines()
            .find_map(|l| l.strip_prefix(prefix))
            .unwrap()
            .trim()
            .to_string()
    };
    let auth = base64::engine::general_purpose::STANDARD.encode(format!(
        "{}:{}",
        value("key:"),
        value("secret:")
    ));
    let headers = vec![
        ("X-Experience-API-Version", "1.0.3".to_string()),
        ("Authorization", format!("Basic {auth}")),
    ];
    (dir, store, headers)
}

#[test]
fn every_acknowledged_statement_survives_a_kill_during_a_write_burst() {
    use std::sync::{Arc, Mutex};

    let (dir, store, headers) = store_with_client("kill");
    let mut server = serve(&store);
    let address = server.address.clone();
    // Four clients write as fast as they can; the server is killed with SIGKILL while they do,
    // so some writes are in flight. Only those answered 200 count as acknowledged.
    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    let writers: Vec<_> = (0..4)
        .map(|writer| {
            let (acknowledged, headers) = (acknowledged.clone(), headers.clone());
            let address = address.clone();
            std::thread::spawn(move || {
                for n in 0.. {
                    let id = format!("00000000-0000-4000-8000-{writer:04}{n:08}");
                    let mut s = statement(&format!("p-{}", n % 30));
                    s["id"] = json!(id);
                    let body = s.to_string();
                    let (status, _, _) =
                        request(&address, "POST", "/xapi/statements", &headers, &body);
                    if status != 200 {
                        break;
                    }
                    acknowledged.lock().unwrap().push(id);
                }
            })
        })
        .collect();
    let started = std::time::Instant::now();
    while acknowledged.lock().unwrap().len() < 400 && started.elapsed().as_secs() < 30 {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    // SIGKILL: no chance to flush or close anything.
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    for writer in writers {
        writer.join().unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(
        acknowledged.len() >= 50,
        "only {} writes before the kill",
        acknowledged.len()
    );
    drop(server);

    let server = serve(&store);
    let missing: Vec<&String> = acknowledged
        .iter()
        .filter(|id| {
            let path = format!("/xapi/statements?statementId={id}");
            request(&server.address, "GET", &path, &headers, "").0 != 200
        })
        .collect();
    assert!(
        missing.is_empty(),
        "{} of {} acknowledged statements were lost: {:?}",
        missing.len(),
        acknowledged.len(),
        &missing[..missing.len().min(5)]
    );
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}
