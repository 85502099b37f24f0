//! The teacher's dashboard in a real headless Chromium, driven over the DevTools protocol:
//! `retki lesson` serves the lunar lesson, three pupils join as text clients, open points of
//! interest and answer; the page shows them, the teacher clicks "Next step", the pupils' apps
//! are moved on by the server and the page shows the new step. A screenshot is taken. The key
//! in the link (after `#`) signs the page in once for a cookie of its own and leaves the
//! address bar; requests without that cookie are refused, and the page's HTML names no key.

use crate::support as processes;

use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{Value, json};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

use processes::{Pupil, Running, WAIT, free_port, http, printed_after, serve_lesson, temp_dir};

/// The browser's window, pixels.
const WINDOW: (u32, u32) = (1280, 860);

/// A page in Chromium, over the DevTools protocol.
struct Browser {
    _process: Running,
    page: WebSocket<MaybeTlsStream<TcpStream>>,
    next_id: u64,
}

impl Browser {
    /// Starts a headless Chromium showing `url`.
    fn open(url: &str, profile: &Path) -> Browser {
        let child = Command::new("chromium")
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--remote-debugging-port=0",
                &format!("--window-size={},{}", WINDOW.0, WINDOW.1),
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg(url)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Chromium runs the dashboard's test: install Debian's `chromium` package");
        let process = Running(child);
        // Chromium writes the port it listens on into the profile.
        let deadline = Instant::now() + WAIT;
        let port: u16 = loop {
            let written = std::fs::read_to_string(profile.join("DevToolsActivePort"));
            if let Some(port) = written.ok().and_then(|t| t.lines().next()?.parse().ok()) {
                break port;
            }
            assert!(Instant::now() < deadline, "Chromium did not start");
            std::thread::sleep(Duration::from_millis(100));
        };
        let address = loop {
            let (_, list) = http(port, "GET", "/json/list", &[], "");
            let targets: Value = serde_json::from_str(&list).unwrap_or(Value::Null);
            let page = targets.as_array().and_then(|all| {
                all.iter()
                    .find(|t| t["type"] == "page")
                    .and_then(|t| t["webSocketDebuggerUrl"].as_str())
                    .map(str::to_owned)
            });
            if let Some(page) = page {
                break page;
            }
            assert!(Instant::now() < deadline, "Chromium shows no page");
            std::thread::sleep(Duration::from_millis(100));
        };
        let (page, _) = tungstenite::connect(address).expect("the page's DevTools socket");
        if let MaybeTlsStream::Plain(socket) = page.get_ref() {
            socket.set_read_timeout(Some(WAIT)).unwrap();
        }
        let mut browser = Browser {
            _process: process,
            page,
            next_id: 0,
        };
        // The page's viewport, whatever room the window's frame takes.
        browser.call(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": WINDOW.0, "height": WINDOW.1, "deviceScaleFactor": 1, "mobile": false }),
        );
        browser
    }

    /// Calls a DevTools `method`; returns its result.
    fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let request = json!({ "id": id, "method": method, "params": params });
        self.page.send(Message::text(request.to_string())).unwrap();
        loop {
            let Message::Text(text) = self.page.read().unwrap() else {
                continue;
            };
            let answer: Value = serde_json::from_str(&text).unwrap();
            if answer["id"] == id {
                assert!(answer.get("error").is_none(), "{method}: {answer}");
                return answer["result"].clone();
            }
        }
    }

    /// The value of JavaScript `expression` in the page.
    fn eval(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }),
        );
        assert!(
            result.get("exceptionDetails").is_none(),
            "{expression}: {result}"
        );
        result["result"]["value"].clone()
    }

    /// Waits until `expression` is true in the page; `what` names it if it never is.
    fn wait_until(&mut self, expression: &str, what: &str) {
        let deadline = Instant::now() + WAIT;
        while self.eval(expression) != Value::Bool(true) {
            assert!(
                Instant::now() < deadline,
                "the page never showed {what}; it shows: {}",
                self.eval("document.body.innerText")
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

/// `GET` or `POST` on the dashboard with the `Cookie` header `cookie` (or none); the status
/// and the JSON answer.
fn dashboard(
    port: u16,
    method: &str,
    path: &str,
    cookie: Option<&str>,
    body: &str,
) -> (u16, Value) {
    let headers: Vec<(&str, &str)> = cookie.map(|c| ("cookie", c)).into_iter().collect();
    let (status, answer) = http(port, method, path, &headers, body);
    (status, serde_json::from_str(&answer).unwrap_or(Value::Null))
}

#[test]
fn the_teacher_moves_the_class_on_from_the_dashboard_in_a_browser() {
    let dir = temp_dir("dashboard");
    let port = free_port();
    let (_server, printed) = serve_lesson(&dir, port);
    let find = |prefix: &str| printed_after(&printed, prefix);
    let (code, key, link) = (
        find("join code: "),
        find("teacher key: "),
        find("dashboard: "),
    );
    let (path, in_link) = link
        .split_once(&format!("127.0.0.1:{port}"))
        .and_then(|(_, p)| p.split_once('#'))
        .expect("the link carries the dashboard's key after #, never in its query");
    assert_ne!(
        in_link, key,
        "the dashboard has a key of its own, not the teacher app's"
    );
    let (state, command) = (format!("{path}/state"), format!("{path}/command"));
    let base = retki_session::link::Link::plain(&format!("127.0.0.1:{port}"));

    // Only the session's teacher gets in: with the key once, then with the cookie.
    let mut pupils: Vec<Pupil> = ["Aino", "Bo", "Chen"]
        .iter()
        .map(|name| Pupil::join(port, &code, name))
        .collect();
    assert_eq!(dashboard(port, "GET", &state, None, "").0, 401);
    let (status, _) = http(port, "POST", &format!("{path}/sign-in"), &[], "not-the-key");
    assert_eq!(status, 403);
    let (status, _) = http(port, "POST", &format!("{path}/sign-in"), &[], &pupils[0].id);
    assert_eq!(status, 403, "a pupil's id is not the key");
    let (status, _) = http(port, "POST", &format!("{path}/sign-in"), &[], &key);
    assert_eq!(
        status, 403,
        "the teacher app's key does not open the dashboard"
    );
    let guessed = format!("{}=guessed", retki_host::dashboard::COOKIE);
    assert_eq!(dashboard(port, "GET", &state, Some(&guessed), "").0, 401);
    let (status, page) = http(port, "GET", path, &[], "");
    assert_eq!(status, 200);
    assert!(
        !page.contains(&key) && !page.contains(in_link),
        "the page's HTML names no key"
    );
    let next = r#"{"command": "next"}"#;
    assert_eq!(dashboard(port, "POST", &command, None, next).0, 401);
    assert_eq!(
        dashboard(port, "POST", &command, Some(&guessed), next).0,
        401
    );
    let cookie = retki_host::http_client::sign_in_to_dashboard(&base, path, in_link).unwrap();
    assert!(
        !cookie.contains(&key) && !cookie.contains(in_link),
        "the dashboard's secret is neither key"
    );
    let cookie = Some(cookie.as_str());
    let (status, answer) = dashboard(port, "POST", &command, cookie, r#"{"command": "fly"}"#);
    assert_eq!(status, 400, "{answer}");
    assert!(
        answer["error"].as_str().unwrap().contains("'fly'"),
        "{answer}"
    );
    let (status, seen) = dashboard(port, "GET", &state, cookie, "");
    assert_eq!(status, 200, "{seen}");
    assert_eq!(
        seen["session"]["lesson"]["current"], 0,
        "refused requests moved nothing"
    );
    assert_eq!(
        seen["version"],
        retki_portfolio::VERSION,
        "the dashboard says which Retki serves it"
    );

    // The pupils do something the teacher can see.
    for pupil in &mut pupils {
        pupil.wait_for(|m| m["LessonStep"]["id"] == "arrive");
    }
    pupils[0].open("earth_in_sky");
    pupils[1].open("black_sky");
    pupils[0].say("answer black-sky no-air");
    pupils[0].wait_for(|m| m["Answered"]["task"] == "black-sky");
    pupils[1].say("answer black-sky night");
    pupils[1].wait_for(|m| m["Answered"]["task"] == "black-sky");

    let profile = dir.join("chromium");
    let mut browser = Browser::open(&link, &profile);
    browser.wait_until(
        "document.querySelectorAll('#pupils tr').length === 3",
        "three pupils",
    );
    let shown = browser.eval("location.href");
    assert!(
        !shown.as_str().unwrap_or_default().contains(in_link),
        "the address bar shows no key: {shown}"
    );
    assert_eq!(
        browser.eval("document.cookie"),
        Value::String(String::new()),
        "the page's script cannot read the dashboard's cookie (HttpOnly)"
    );
    browser.wait_until(
        "document.getElementById('pupils').innerText.includes('black-sky: no-air ✓')",
        "Aino's right answer",
    );
    browser.wait_until(
        "document.getElementById('step').dataset.step === 'arrive'",
        "the first step",
    );

    browser.eval("document.getElementById('next').click()");
    for pupil in &mut pupils {
        let step = pupil.wait_for(|m| m.get("LessonStep").is_some());
        assert_eq!(step["LessonStep"]["id"], "gravity");
        assert_eq!(step["LessonStep"]["viewpoint"], "lunar_module");
    }
    let (_, seen) = dashboard(port, "GET", &state, cookie, "");
    assert_eq!(seen["session"]["lesson"]["current"], 1, "{seen}");
    for pupil in seen["session"]["pupils"].as_array().unwrap() {
        assert_eq!(pupil["step"], "gravity", "{pupil}");
    }
    browser.wait_until(
        "document.getElementById('step').dataset.step === 'gravity' && \
         [...document.querySelectorAll('#pupils tr')].every(r => r.dataset.step === 'gravity')",
        "the class at the second step",
    );
    browser.wait_until(
        "document.getElementById('statements').children.length > 0",
        "statements arriving in the portfolio",
    );

    let shot = browser.call("Page.captureScreenshot", json!({ "format": "png" }));
    let png = base64::engine::general_purpose::STANDARD
        .decode(shot["data"].as_str().unwrap())
        .unwrap();
    let decoder = png::Decoder::new(png.as_slice());
    let reader = decoder.read_info().unwrap();
    assert_eq!(
        (reader.info().width, reader.info().height),
        WINDOW,
        "the screenshot is the page's viewport"
    );
    let out = std::env::var_os("RETKI_DASHBOARD_SCREENSHOT")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("retki-dashboard.png"));
    std::fs::write(&out, &png).unwrap();
    println!("screenshot: {}", out.display());

    // Jumping to a step from the list, and freezing the class, reach every pupil.
    browser.eval("document.querySelector(\"button.jump[data-step='hammer-feather']\").click()");
    for pupil in &mut pupils {
        let step = pupil.wait_for(|m| m.get("LessonStep").is_some());
        assert_eq!(step["LessonStep"]["id"], "hammer-feather");
    }
    browser.eval("document.getElementById('freeze').click()");
    for pupil in &mut pupils {
        pupil.wait_for(|m| m.get("Frozen").is_some());
    }
    browser.wait_until(
        "document.getElementById('pupils').innerText.includes('❄')",
        "the frozen pupils",
    );
    drop(browser);
    let _ = std::fs::remove_dir_all(&dir);
}
