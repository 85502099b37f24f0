//! `retki demo`: a whole guided lesson on this machine, with no display or headset. It starts
//! a server on a SQLite store, opens the lesson for a class, and runs a teacher and five
//! simulated pupils through every step: the pupils are real `retki join` text clients over
//! UDP; they open the step's points of interest, answer its tasks (some right, some wrong)
//! and place items in the schoolyard; the teacher moves the class on through the dashboard's
//! own HTTP API. Snapshots of each step's viewpoint are rendered headless and, with the
//! class's schoolyard design, stored in the pupils' portfolios. At the end it prints what the
//! store holds.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ExitCode, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use retki_lesson::plan::TaskKind;
use retki_portfolio::store::Store;
use retki_portfolio::store::artefacts::NewArtefact;
use retki_portfolio::store::statements::Query;
use serde_json::Value;

/// The simulated pupils' nicknames.
const PUPILS: [&str; 5] = ["Kettu", "Ilves", "Orava", "Karhu", "Joutsen"];
/// The class the demo's session is for.
const CLASS: &str = "demo-5A";
/// The longest wait for any one answer from the server.
const WAIT: Duration = Duration::from_secs(60);
/// The snapshots' size, pixels.
const SNAPSHOT_SIZE: &str = "640x360";

/// What `retki demo` was asked to do.
#[derive(Clone, Debug)]
pub struct DemoOptions {
    /// The lesson plan.
    pub lesson: PathBuf,
    /// The folder for the store, the outbox and the snapshots.
    pub out: PathBuf,
    /// Keep the server up after the lesson, for a person to look around.
    pub keep_serving: bool,
    /// The places the lesson may visit.
    pub places: crate::Places,
}

/// A child process, stopped when let go of.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A simulated pupil: a `retki join` text client.
struct Pupil {
    name: &'static str,
    id: String,
    _process: Running,
    input: ChildStdin,
    heard: mpsc::Receiver<Value>,
    /// Every schoolyard operation the server sent, in order.
    design_log: Vec<Value>,
}

impl Pupil {
    fn join(exe: &Path, port: u16, code: &str, name: &'static str) -> Result<Pupil, String> {
        let mut child = retki_core::paths::retki_command(exe)
            .args(["--mode", "headless", "join", code, "--name", name])
            .args(["--server", &format!("127.0.0.1:{port}")])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start pupil {name}: {e}"))?;
        let input = child.stdin.take().ok_or("no pupil input")?;
        let stdout = child.stdout.take().ok_or("no pupil output")?;
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
            name,
            id: String::new(),
            _process: Running(child),
            input,
            heard,
            design_log: Vec::new(),
        };
        let welcome = pupil.wait_for("being welcomed", |m| m.get("Welcome").is_some())?;
        pupil.id = welcome["Welcome"]["you"]
            .as_str()
            .ok_or("a welcome without an id")?
            .to_owned();
        Ok(pupil)
    }

    fn say(&mut self, line: &str) -> Result<(), String> {
        writeln!(self.input, "{line}")
            .and_then(|()| self.input.flush())
            .map_err(|e| format!("pupil {}: {e}", self.name))
    }

    /// The first message from now on that `wanted` picks; a refusal meant for this pupil's
    /// last request is returned too, so the caller can tell.
    fn wait_for(&mut self, what: &str, wanted: impl Fn(&Value) -> bool) -> Result<Value, String> {
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let message = self
                .heard
                .recv_timeout(left)
                .map_err(|_| format!("pupil {} waited {WAIT:?} for {what} in vain", self.name))?;
            if let Some(op) = message.get("DesignApplied") {
                self.design_log.push(op["op"].clone());
            }
            if wanted(&message) || message.get("Refused").is_some() {
                return Ok(message);
            }
        }
    }
}

/// What the pupils did, counted as they did it.
#[derive(Default)]
struct Tally {
    pois: usize,
    answers: usize,
    right: usize,
    wrong: usize,
    placed: usize,
    refused: usize,
}

/// Runs the demo; returns when the lesson is done (or, with `keep_serving`, when the server
/// stops).
pub fn demo(options: &DemoOptions) -> Result<ExitCode, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let places = &options.places;
    let plan = crate::lesson::check(&options.lesson, &places.scenes, &places.contents)
        .map_err(|problems| format!("the lesson plan has problems:\n{problems}"))?;
    let out = &options.out;
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    for old in [
        "store.db",
        "store.db-wal",
        "store.db-shm",
        "outbox.db",
        "outbox.db-wal",
    ] {
        let _ = std::fs::remove_file(out.join(old));
    }
    let store_url = format!("sqlite://{}", out.join("store.db").display());

    // The server, as a teacher starts it.
    let port = retki_session::net::free_port()?;
    let mut child = retki_core::paths::retki_command(&exe)
        .args(["lesson", "run"])
        .arg(&options.lesson)
        .args(["--class", CLASS, "--bind", &format!("127.0.0.1:{port}")])
        .args(["--store", &store_url])
        .arg("--outbox")
        .arg(out.join("outbox.db"))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    let stdout = child.stdout.take().ok_or("no server output")?;
    let mut server = Running(child);
    let mut printed = Vec::new();
    for line in BufReader::new(stdout).lines() {
        let line = line.map_err(|e| e.to_string())?;
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
            .map(str::to_owned)
            .ok_or_else(|| format!("the server did not start: {}", printed.join("\n")))
    };
    let (code, link) = (find("join code: ")?, find("dashboard: ")?);
    let (board, dashboard_key) = link
        .split_once(&format!("127.0.0.1:{port}"))
        .and_then(|(_, p)| p.split_once('#'))
        .ok_or("the dashboard's link has no path and key")?;
    let (board, dashboard_key) = (board.to_owned(), dashboard_key.to_owned());
    let session = board.rsplit('/').next().unwrap_or_default().to_owned();
    // Signed in as the dashboard page is: the key once, for the dashboard's own cookie (once
    // the server has published the new session's dashboard, a frame or two after starting).
    let key = {
        let base = retki_session::link::Link::plain(&format!("127.0.0.1:{port}"));
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            match crate::http_client::sign_in_to_dashboard(&base, &board, &dashboard_key) {
                Ok(cookie) => break cookie,
                Err(_) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(100));
                }
                Err(error) => return Err(error),
            }
        }
    };
    println!(
        "lesson: {} ({} steps, {} min), class {CLASS}, join code {code}",
        plan.title.en,
        plan.steps.len(),
        plan.minutes
    );
    println!("dashboard (open it in a browser while the demo runs): {link}");

    let mut pupils = PUPILS
        .iter()
        .map(|name| Pupil::join(&exe, port, &code, name))
        .collect::<Result<Vec<_>, _>>()?;
    println!("{} pupils joined: {}", pupils.len(), PUPILS.join(", "));

    let mut tally = Tally::default();
    let mut placed_by: Vec<usize> = Vec::new();
    for (index, step) in plan.steps.iter().enumerate() {
        for pupil in &mut pupils {
            let seen = pupil.wait_for("the step", |m| m["LessonStep"]["id"] == step.id)?;
            if seen.get("Refused").is_some() {
                return Err(format!("pupil {}: {seen}", pupil.name));
            }
        }
        for (k, pupil) in pupils.iter_mut().enumerate() {
            for poi in &step.pois {
                pupil.say(&format!("poi {poi}"))?;
                let me = pupil.id.clone();
                pupil.wait_for("a point of interest", |m| {
                    m["PoiOpened"]["id"].as_str() == Some(&me)
                })?;
                tally.pois += 1;
            }
            for task in &step.tasks {
                let response = match &task.kind {
                    TaskKind::Choice { choices, answer } => match k {
                        // Most of the class gets it right; two do not.
                        0..=2 => answer.clone(),
                        _ => choices
                            .iter()
                            .map(|c| c.id.clone())
                            .find(|c| c != answer)
                            .unwrap_or_else(|| answer.clone()),
                    },
                    TaskKind::Measure {
                        answer,
                        tolerance,
                        unit,
                    } => {
                        let off = if k == 4 { 5.0 * tolerance } else { 0.0 };
                        format!("{:.2} {unit}", answer + off)
                    }
                    TaskKind::Find { poi } => poi.clone(),
                    TaskKind::Free => {
                        format!("{} thinks it is because of what we saw here", pupil.name)
                    }
                    TaskKind::Place { item, count } => {
                        let made = place(pupil, k, item, *count, &mut tally)?;
                        if made > 0 && !placed_by.contains(&k) {
                            placed_by.push(k);
                        }
                        format!("placed {made} × {item}")
                    }
                };
                pupil.say(&format!("answer {} {response}", task.id))?;
                let answered = pupil.wait_for("an answer", |m| m["Answered"]["task"] == task.id)?;
                if answered.get("Refused").is_some() {
                    return Err(format!("pupil {}: {answered}", pupil.name));
                }
                tally.answers += 1;
                match judge_locally(&task.kind, &response) {
                    Some(true) => tally.right += 1,
                    Some(false) => tally.wrong += 1,
                    None => {}
                }
            }
        }
        println!(
            "step {}/{} {} ({}, {}): points of interest opened so far {}, answers {}",
            index + 1,
            plan.steps.len(),
            step.id,
            step.scene,
            step.viewpoint,
            tally.pois,
            tally.answers
        );
        if index + 1 < plan.steps.len() {
            teacher(port, &board, &key, "next")?;
        }
    }

    // Snapshots of every step's viewpoint, into the pupils' portfolios, and the design.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let store = runtime
        .block_on(Store::open(&store_url))
        .map_err(|e| e.to_string())?;
    let ids: Vec<String> = pupils.iter().map(|p| p.id.clone()).collect();
    runtime
        .block_on(async {
            for id in &ids {
                store.add_learner(id).await?;
            }
            store.add_to_class(CLASS, &ids, &[]).await
        })
        .map_err(|e| e.to_string())?;
    let snapshots = snapshots(&exe, &plan, &out.join("snapshots"));
    for pupil in &pupils {
        for (step, image) in &snapshots {
            let content = std::fs::read(image).map_err(|e| format!("{}: {e}", image.display()))?;
            let artefact = NewArtefact {
                learner: pupil.id.clone(),
                class: CLASS.into(),
                session: session.clone(),
                title: format!("{}: {}", plan.title.en, step),
                content_type: "image/png".into(),
                content,
                statements: Vec::new(),
            };
            runtime
                .block_on(store.add_artefact(&artefact))
                .map_err(|e| e.to_string())?;
        }
    }
    if let Some(glb) = design_glb(&pupils[0].design_log)? {
        for &k in &placed_by {
            let artefact = NewArtefact {
                learner: pupils[k].id.clone(),
                class: CLASS.into(),
                session: session.clone(),
                title: "Our schoolyard plan".into(),
                content_type: "model/gltf-binary".into(),
                content: glb.clone(),
                statements: Vec::new(),
            };
            runtime
                .block_on(store.add_artefact(&artefact))
                .map_err(|e| e.to_string())?;
        }
    }

    if !options.keep_serving {
        teacher(port, &board, &key, "end")?;
    }
    // The outbox passes statements on four times a second: wait until the store has them all.
    let mut statements = Vec::new();
    let settle = Instant::now() + WAIT;
    loop {
        let now = runtime
            .block_on(store.query(&Query {
                registration: Some(session.clone()),
                limit: 100_000,
                ..Default::default()
            }))
            .map_err(|e| e.to_string())?
            .statements;
        let stable = now.len() == statements.len() && !now.is_empty();
        statements = now;
        if stable || Instant::now() > settle {
            break;
        }
        std::thread::sleep(Duration::from_millis(600));
    }
    let artefacts: Vec<_> = runtime
        .block_on(store.artefacts_in(CLASS))
        .map_err(|e| e.to_string())?
        .into_iter()
        .filter(|a| a.session == session)
        .collect();
    let mut verbs: BTreeMap<String, usize> = BTreeMap::new();
    for (_, s) in &statements {
        let verb = s["verb"]["id"].as_str().unwrap_or_default();
        *verbs
            .entry(verb.rsplit('/').next().unwrap_or(verb).to_owned())
            .or_default() += 1;
    }
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for a in &artefacts {
        *kinds.entry(a.kind.name()).or_default() += 1;
    }
    println!();
    println!(
        "summary (read back from the store {}):",
        out.join("store.db").display()
    );
    println!("  steps: {} of {}", plan.steps.len(), plan.steps.len());
    println!(
        "  pupils: {}; points of interest opened: {}; answers: {} ({} right, {} wrong, {} not marked); schoolyard items placed: {} ({} refused by the server)",
        pupils.len(),
        tally.pois,
        tally.answers,
        tally.right,
        tally.wrong,
        tally.answers - tally.right - tally.wrong,
        tally.placed,
        tally.refused
    );
    println!(
        "  statements recorded: {} ({})",
        statements.len(),
        verbs
            .iter()
            .map(|(v, n)| format!("{v} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!(
        "  artefacts in the pupils' portfolios: {} ({})",
        artefacts.len(),
        kinds
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!(
        "  one pupil's portfolio: retki portfolio --store {store_url} export --learner {} --out {}",
        pupils[0].id,
        out.join(pupils[0].name).display()
    );
    drop(pupils);
    if options.keep_serving {
        println!("the server keeps serving: {link} (Ctrl-C stops it)");
        let _ = server.0.wait();
    }
    Ok(ExitCode::SUCCESS)
}

/// Places up to `count` items of `kind` for pupil `k` where the yard's rules allow them, as a
/// pupil looks for a free spot: the yard as the server sent it is checked before asking.
fn place(
    pupil: &mut Pupil,
    k: usize,
    kind: &str,
    count: u32,
    tally: &mut Tally,
) -> Result<u32, String> {
    let path = retki_core::paths::assets_dir().join(retki_design::EXAMPLE_DESIGN);
    let base = retki_design::file::load(&path)
        .map_err(|e| e.to_string())?
        .design;
    // Spots 4 m apart across the yard, each pupil starting somewhere else.
    let spots: Vec<[f32; 2]> = (0..30)
        .flat_map(|i| (0..20).map(move |j| [-60.0 + 4.0 * i as f32, -45.0 + 4.0 * j as f32]))
        .collect();
    let mut made = 0;
    let mut next = k * spots.len() / PUPILS.len();
    let mut tries = 0;
    while made < count && tries < spots.len() {
        let at = spots[next % spots.len()];
        next += 7;
        tries += 1;
        let request = retki_design::Request::Place {
            kind: kind.to_owned(),
            at,
            rotation_deg: 0.0,
            size: None,
            colour: None,
        };
        let mut yard = retki_design::Design::replay(
            base.site.clone(),
            base.brief.clone(),
            &operations(&pupil.design_log)?,
        )
        .map_err(|e| e.to_string())?;
        if yard.apply(&pupil.id, 0, request).is_err() {
            continue;
        }
        pupil.say(&format!("place {kind} {} {}", at[0], at[1]))?;
        let me = pupil.id.clone();
        let heard = pupil.wait_for("a placement", |m| {
            m["DesignApplied"]["op"]["author"].as_str() == Some(&me)
        })?;
        if heard.get("Refused").is_some() {
            tally.refused += 1;
        } else {
            made += 1;
            tally.placed += 1;
        }
    }
    Ok(made)
}

/// The schoolyard operations in `log`, as the server sent them.
fn operations(log: &[Value]) -> Result<Vec<retki_design::Operation>, String> {
    log.iter()
        .map(|op| serde_json::from_value(op.clone()))
        .collect::<Result<_, _>>()
        .map_err(|e| format!("an operation the server sent: {e}"))
}

/// Whether the demo's `response` is right, as the server judges it.
fn judge_locally(kind: &TaskKind, response: &str) -> Option<bool> {
    retki_session::server::judge(kind, response)
}

/// Asks the server, as the teacher's dashboard does (signed in by `cookie`), to carry out
/// `command`.
fn teacher(port: u16, board: &str, cookie: &str, command: &str) -> Result<(), String> {
    let body = format!("{{\"command\": \"{command}\"}}");
    let (status, answer) = crate::http_client::request(
        &retki_session::link::Link::plain(&format!("127.0.0.1:{port}")),
        "POST",
        &format!("{board}/command"),
        &[("cookie", cookie)],
        &body,
    )?;
    if status == 200 {
        Ok(())
    } else {
        Err(format!(
            "the dashboard refused '{command}': {status} {answer}"
        ))
    }
}

/// Renders each step's viewpoint headless; returns (step, image) for those rendered. Where
/// nothing can render (no Vulkan driver), says so and returns none.
fn snapshots(exe: &Path, plan: &retki_lesson::LessonPlan, folder: &Path) -> Vec<(String, PathBuf)> {
    let mut by_scene: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for step in &plan.steps {
        let views = by_scene.entry(step.scene.as_str()).or_default();
        if !views.contains(&step.viewpoint.as_str()) {
            views.push(&step.viewpoint);
        }
    }
    for (scene, views) in &by_scene {
        print!(
            "rendering {} snapshot(s) of {scene} headless … ",
            views.len()
        );
        let _ = std::io::stdout().flush();
        let started = Instant::now();
        let done = retki_core::paths::retki_command(exe)
            .args([
                "render",
                scene,
                "--views",
                &views.join(","),
                "--size",
                SNAPSHOT_SIZE,
            ])
            .arg("--out")
            .arg(folder.join(scene))
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output();
        match done {
            Ok(o) if o.status.success() => println!("{:.0} s", started.elapsed().as_secs_f64()),
            Ok(o) => println!(
                "failed, no snapshots of {scene}: {}",
                String::from_utf8_lossy(&o.stderr)
                    .lines()
                    .last()
                    .unwrap_or_default()
            ),
            Err(e) => println!("failed, no snapshots of {scene}: {e}"),
        }
    }
    plan.steps
        .iter()
        .map(|step| {
            let image = folder
                .join(&step.scene)
                .join(format!("{}.png", step.viewpoint));
            (format!("{} ({})", step.id, step.viewpoint), image)
        })
        .filter(|(_, image)| image.exists())
        .collect()
}

/// The class's schoolyard design, from the operations the server sent, as binary glTF; none
/// when the lesson has no schoolyard.
fn design_glb(log: &[Value]) -> Result<Option<Vec<u8>>, String> {
    if log.is_empty() {
        return Ok(None);
    }
    let path = retki_core::paths::assets_dir().join(retki_design::EXAMPLE_DESIGN);
    let base = retki_design::file::load(&path)
        .map_err(|e| e.to_string())?
        .design;
    let design =
        retki_design::Design::replay(base.site.clone(), base.brief.clone(), &operations(log)?)
            .map_err(|e| e.to_string())?;
    Ok(Some(retki_design::export::to_glb(&design)))
}
