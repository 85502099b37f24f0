//! A class session as real processes on loopback: `retki serve` and three pupils'
//! `retki join` text clients. The pupils open points of interest; the server is killed
//! (SIGKILL) and started again; every pupil comes back by itself as the same person, and
//! every action the server acknowledged is in the portfolio store exactly once. A pupil's
//! teacher command is refused.

use crate::support as processes;

use std::path::Path;
use std::time::{Duration, Instant};

use retki_portfolio::store::Store;
use retki_portfolio::store::statements::Query;
use serde_json::Value;

use processes::{
    Pupil, Running, WAIT, free_port, post, printed_after, retki, serve_lesson, temp_dir,
};

/// Starts the server, with a lunar session for class 7B if `class`; returns it and the
/// lines it printed before listening.
fn serve(dir: &Path, port: u16, class: bool) -> (Running, Vec<String>) {
    let session: &[&str] = if class {
        &["--class", "7B", "--scene", "lunar"]
    } else {
        &[]
    };
    serve_with(dir, port, session)
}

/// Starts the server with `session` (its `--class`, `--scene` … arguments).
fn serve_with(dir: &Path, port: u16, session: &[&str]) -> (Running, Vec<String>) {
    processes::start_server(
        retki()
            .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
            .arg("--store")
            .arg(format!("sqlite://{}", dir.join("store.db").display()))
            .arg("--outbox")
            .arg(dir.join("outbox.db"))
            .args(session),
    )
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

#[test]
fn the_class_design_survives_the_server_being_killed() {
    let dir = temp_dir("design-restart");
    let port = free_port();
    let design = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sites/koivurinne.design.json");
    let yard = [
        "--class",
        "7B",
        "--scene",
        "schoolyard",
        "--design",
        design.to_str().unwrap(),
    ];
    let (server, printed) = serve_with(&dir, port, &yard);
    let code = printed_after(&printed, "join code: ");
    let mut aino = Pupil::join(port, &code, "Aino");
    let me = aino.id.clone();
    // Two benches: the last two operations of the design's log.
    let mut placed = Vec::new();
    for (east, north) in [(40.0, 3.0), (44.0, 3.0)] {
        aino.say(&format!("place bench {east} {north}"));
        let applied = aino.wait_for(|m| m["DesignApplied"]["op"]["author"] == me.as_str());
        placed.push(applied["DesignApplied"]["op"].clone());
    }
    let last_seq = placed[1]["seq"].as_u64().unwrap();

    drop(server);
    let (_server, printed) = serve_with(&dir, port, &[]);
    assert!(
        printed.iter().any(|l| l.starts_with("carrying on")),
        "{printed:?}"
    );
    // A pupil who joins now is sent the design as it was, the class's benches included, in
    // the server's order and with nothing after them.
    let mut eetu = Pupil::join(port, &code, "Eetu");
    let mut log = Vec::new();
    while log.len() < last_seq as usize {
        let m = eetu.wait_for(|m| m.get("DesignApplied").is_some());
        log.push(m["DesignApplied"]["op"].clone());
    }
    assert_eq!(&log[log.len() - 2..], &placed[..]);
    for (i, op) in log.iter().enumerate() {
        assert_eq!(op["seq"].as_u64(), Some(i as u64 + 1), "{op}");
    }
    drop((aino, eetu));
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
    // Two classes together: a large session, refused where "large" is not true or false.
    let (status, answer) = post(
        port,
        "/sessions",
        (&key, &secret),
        r#"{"class": "7B", "scene": "seabed", "large": true}"#,
    );
    assert_eq!(status, 201, "{answer}");
    let (status, _) = post(
        port,
        "/sessions",
        (&key, &secret),
        r#"{"class": "7B", "scene": "seabed", "large": "yes"}"#,
    );
    assert_eq!(status, 400);

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
    let mut aino = Pupil::join(port, &code, "Aino");
    aino.say("poi wreck");
    aino.wait_for(|m| m["PoiOpened"]["poi"] == "wreck");

    // A lesson the server does not have is refused, naming the field.
    let (status, answer) = post(
        port,
        "/sessions",
        (&key, &secret),
        r#"{"class": "7B", "lesson": "../../etc/passwd"}"#,
    );
    assert_eq!(
        (status, answer["field"].as_str()),
        (400, Some("lesson")),
        "{answer}"
    );
    // The teacher starts one of its lessons from their own machine with `retki lesson
    // --server`; a pupil joining gets its first step.
    let plan = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/lessons/lunar-gravity.toml");
    let started = retki()
        .args(["lesson", "run"])
        .arg(&plan)
        .args(["--class", "7B", "--key", &key])
        .args(["--server", &format!("http://127.0.0.1:{port}")])
        .env("RETKI_SECRET", &secret)
        .output()
        .unwrap();
    let printed = String::from_utf8_lossy(&started.stdout).into_owned();
    assert!(
        started.status.success(),
        "{printed}{}",
        String::from_utf8_lossy(&started.stderr)
    );
    let find = |prefix: &str| {
        printed
            .lines()
            .find_map(|l| l.strip_prefix(prefix))
            .unwrap_or_else(|| panic!("{prefix} in {printed}"))
            .to_owned()
    };
    assert!(find("dashboard: ").contains("/dashboard/"), "{printed}");
    let lesson_code = find("join code: ");
    let mut pupil = Pupil::join(port, &lesson_code, "Bo");
    pupil.wait_for(|m| m["LessonStep"]["id"] == "arrive");
    // Aino, in the lesson too under the same name, is the same learner in both sessions.
    let mut aino_again = Pupil::join(port, &lesson_code, "aino");
    aino_again.say("poi crater_rim");
    aino_again.wait_for(|m| m["PoiOpened"]["poi"] == "crater_rim");
    assert_eq!(aino_again.id, aino.id);
    assert_eq!(
        portfolio(&dir, &["learner", "--class", "7b", "--name", "AINO"]).trim(),
        aino.id
    );
    // Her export has what she did in both sessions, and erasure takes all of it.
    let deadline = Instant::now() + WAIT;
    while stored(&dir)
        .iter()
        .filter(|s| s["actor"]["account"]["name"] == aino.id.as_str())
        .filter(|s| s["verb"]["id"] == "http://adlnet.gov/expapi/verbs/experienced")
        .count()
        < 2
    {
        assert!(
            Instant::now() < deadline,
            "Aino's statements were not stored"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    let export = dir.join("aino-export");
    portfolio(
        &dir,
        &[
            "export",
            "--learner",
            &aino.id,
            "--out",
            export.to_str().unwrap(),
        ],
    );
    let exported: Value =
        serde_json::from_slice(&std::fs::read(export.join("learner.json")).unwrap()).unwrap();
    let sessions: std::collections::HashSet<&str> = exported["statements"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["context"]["registration"].as_str())
        .collect();
    assert_eq!(sessions.len(), 2, "{exported}");
    let id = aino.id.clone();
    drop((aino, aino_again));
    portfolio(&dir, &["erase", "--learner", &id, "--by", "admin"]);
    assert!(
        !stored(&dir)
            .iter()
            .any(|s| s["actor"]["account"]["name"] == id.as_str())
    );
    // With a wrong secret, nothing starts.
    let refused = retki()
        .args(["lesson", "run"])
        .arg(&plan)
        .args(["--class", "7B", "--key", &key])
        .args(["--server", &format!("http://127.0.0.1:{port}")])
        .env("RETKI_SECRET", "wrong")
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("401"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_lesson_is_served_and_the_teacher_moves_the_class_on() {
    let dir = temp_dir("session-lesson");
    let port = free_port();
    let (_server, printed) = serve_lesson(&dir, port);
    let find = |prefix: &str| printed_after(&printed, prefix);
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

#[test]
fn the_load_test_measures_what_an_observer_receives() {
    let output = retki()
        .args([
            "loadtest",
            "--clients",
            "4",
            "--seconds",
            "3",
            "--observer",
            "--json",
            "--allow-debug",
        ])
        .output()
        .expect("retki runs");
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{printed}");
    let figures: Value =
        serde_json::from_str(printed.lines().last().expect("a line of JSON")).expect("JSON");
    // The figures say where they were measured.
    assert!(figures["machine"]["cores"].as_u64().is_some_and(|n| n >= 1));
    assert!(printed.contains("machine: "), "{printed}");
    // Without --allow-debug, a debug build refuses to measure.
    if cfg!(debug_assertions) {
        let refused = retki()
            .args(["loadtest", "--clients", "1", "--seconds", "1"])
            .output()
            .expect("retki runs");
        assert!(!refused.status.success());
        assert!(String::from_utf8_lossy(&refused.stderr).contains("--allow-debug"));
    }
    let observer = figures["observer_down_kbps"].as_f64().expect("measured");
    let pupil = figures["down_kbps_per_client"].as_f64().unwrap();
    // The observer hears all four pupils' poses; a pupil hears the other three.
    assert!(
        observer > pupil,
        "observer {observer} kbit/s, pupil {pupil} kbit/s"
    );
    assert!(printed.contains("one observer: down"), "{printed}");
}
