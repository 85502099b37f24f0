//! `retki loadtest`: simulated pupils in one schoolyard session, measured. Each pupil is a
//! real client app (the same plugins as `retki join`) talking UDP to the server; they move
//! their heads and hands at 30 Hz, open points of interest and place items. Without
//! `--server`, a `retki serve` of its own is started on loopback (with a store and outbox
//! in a temporary folder) so its CPU and memory can be read. With `--observer`, one more
//! client joins as an observer (a projector's `retki spectate`): what it receives is what an
//! observer adds to the server's sending.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use bevy::ecs::schedule::SingleThreadedExecutor;
use bevy::prelude::*;
use hdrhistogram::Histogram;
use retki_portfolio::bench::Machine;
use retki_session::link::Link;
use retki_session::net::{
    PoseToServer, SessionClient, ToServer, UdpClientPlugins, client_traffic, connect_udp,
    http_tokens, now_ms,
};
use retki_session::pose::{AvatarPose, POSE_HZ, Pose};
use retki_session::protocol::{ClientMessage, Join, encode};
use serde_json::json;

/// Seconds between a pupil's opening of points of interest.
const POI_EVERY_S: f64 = 4.0;
/// Seconds between a pupil's tries to place an item.
const PLACE_EVERY_S: f64 = 10.0;
/// Seconds of joining and settling before measuring starts.
const SETTLE_S: f64 = 2.0;
/// How long the client loop waits between rounds of updates, ms.
const ROUND_MS: u64 = 1;

/// What `retki loadtest` was asked for.
#[derive(Clone, Debug)]
pub struct LoadOptions {
    /// Simulated pupils.
    pub clients: usize,
    /// Seconds measured.
    pub seconds: f64,
    /// A running server, `HOST:PORT`; none starts one.
    pub server: Option<String>,
    /// The join code on that server.
    pub code: Option<String>,
    /// The SHA-256 fingerprint of that server's certificate.
    pub fingerprint: Option<String>,
    /// The portfolio store the server it starts writes to; none: a SQLite file in a
    /// temporary folder, in the server's process.
    pub store: Option<String>,
    /// End with one line of JSON.
    pub json: bool,
    /// Join one observer too (with the teacher key of the server it starts), and measure
    /// what it receives.
    pub observer: bool,
    /// Measure a debug build all the same.
    pub allow_debug: bool,
}

/// The figures of a run.
#[derive(Clone, Debug, Default)]
pub struct Figures {
    /// Poses measured from sending to arriving in another pupil's app.
    pub poses: usize,
    /// Median of that, ms.
    pub p50_ms: f64,
    /// 99th percentile, ms.
    pub p99_ms: f64,
    /// Mean received per client, kbit/s (renet's packets: netcode's and UDP/IP headers not
    /// counted).
    pub down_kbps_per_client: f64,
    /// Mean sent per client, kbit/s (the same way).
    pub up_kbps_per_client: f64,
    /// Mean received by the observer, kbit/s (the same way), with `--observer`.
    pub observer_down_kbps: Option<f64>,
    /// The server's CPU time over the run, percent of one core (own server only).
    pub server_cpu_percent: Option<f64>,
    /// The server's resident memory when measuring started, MB (own server only).
    pub server_rss_mb_start: Option<f64>,
    /// The same at the end.
    pub server_rss_mb_end: Option<f64>,
    /// The server's resident memory each minute of the run, MB (own server only).
    pub server_rss_mb_by_minute: Vec<f64>,
    /// The server's anonymous memory each minute of the run, MB (own server only).
    pub server_anon_mb_by_minute: Vec<f64>,
    /// The anonymous part of it (heap and caches) at the start and the end, MB.
    pub server_anon_mb: Option<(f64, f64)>,
    /// Points of interest opened and acknowledged.
    pub pois: usize,
    /// Schoolyard changes made (places and moves) / refused by the design's rules.
    pub placed: (usize, usize),
    /// How long one round of updating every simulated pupil took, median, ms: a pose can
    /// wait this long in the receiving app before it is read.
    pub round_ms: f64,
    /// The same, 99th percentile, ms.
    pub round_p99_ms: f64,
    /// The server's last report of its frames while measuring (own server only): how far
    /// apart they started, and how long the session's work and the poses' round took.
    pub server_frames: Option<String>,
}

/// A `retki serve` started for the run, stopped when dropped.
struct OwnServer {
    child: Child,
    folder: PathBuf,
    /// The latest report of its frames (see [`retki_session::net::FRAME_REPORT_TARGET`]).
    frames: std::sync::Arc<std::sync::Mutex<Option<String>>>,
}

impl Drop for OwnServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.folder);
    }
}

/// Starts `retki serve` with a schoolyard session; returns it, its address and the code.
/// The server started for a run: it, its address, the join code and the teacher key.
type Started = (OwnServer, SocketAddr, String, String);

fn start_server(store: Option<&str>, large: bool) -> Result<Started, String> {
    let folder = std::env::temp_dir().join(format!("retki-loadtest-{}", std::process::id()));
    std::fs::create_dir_all(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
    let port = retki_session::net::free_port()?;
    let design = retki_core::paths::assets_dir().join(retki_design::EXAMPLE_DESIGN);
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let child = retki_core::paths::retki_command(exe)
        .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .arg("--store")
        .arg(store.map_or_else(
            || format!("sqlite://{}", folder.join("store.db").display()),
            str::to_owned,
        ))
        .arg("--outbox")
        .arg(folder.join("outbox.db"))
        .args(["--class", "loadtest", "--scene", "schoolyard", "--design"])
        .arg(design)
        .args(large.then_some("--large"))
        .env(
            "RUST_LOG",
            format!("warn,{}=info", retki_session::net::FRAME_REPORT_TARGET),
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    let mut server = OwnServer {
        child,
        folder,
        frames: Default::default(),
    };
    if let Some(stderr) = server.child.stderr.take() {
        let frames = server.frames.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(at) = line.find(" frames in ")
                    && let Ok(mut last) = frames.lock()
                {
                    // From the frame count on, without the log's time and target.
                    let start = line[..at].rfind(' ').map_or(0, |space| space + 1);
                    *last = Some(line[start..].to_string());
                }
            }
        });
    }
    let stdout = server.child.stdout.take().ok_or("no server output")?;
    let (mut code, mut key) = (None, None);
    for line in BufReader::new(stdout).lines() {
        let line = line.map_err(|e| e.to_string())?;
        if let Some(c) = line.strip_prefix("join code: ") {
            code = Some(c.to_owned());
        }
        if let Some(k) = line.strip_prefix("teacher key: ") {
            key = Some(k.to_owned());
        }
        if line.starts_with("listening on") {
            break;
        }
    }
    let code = code.ok_or("the server printed no join code")?;
    let key = key.ok_or("the server printed no teacher key")?;
    let address = SocketAddr::from(([127, 0, 0, 1], port));
    Ok((server, address, code, key))
}

/// The CPU time (s), resident memory (MB) and the anonymous part of it (MB: the heap and
/// caches, not the mapped program and files) of process `pid`, from `/proc`.
fn process_usage(pid: u32) -> Option<(f64, f64, f64)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name (which may hold spaces) start at its closing bracket.
    let after = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| -> Option<f64> {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))?
            .split_whitespace()
            .next()?
            .parse()
            .ok()
    };
    Some((
        ticks / clock_ticks_per_second(),
        field("VmRSS:")? / 1024.0,
        field("RssAnon:")? / 1024.0,
    ))
}

fn clock_ticks_per_second() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(100.0)
}

/// One simulated pupil.
struct Pupil {
    app: App,
    home: [f32; 2],
    phase: f64,
    next_pose: Instant,
    next_poi: Instant,
    next_place: Instant,
    /// The item this pupil placed, which they then move around (so the yard does not fill
    /// up over a long run, while the design's log grows as a class's does).
    item: Option<retki_design::ItemId>,
}

/// A client app with no window that joins as `join` says.
fn client(address: SocketAddr, link: &Link, join: Join) -> App {
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .insert_resource(SessionClient::joining(join))
        .add_plugins(UdpClientPlugins);
    app.finish();
    app.cleanup();
    // Many small apps on one thread: each runs its systems one after another, without the
    // cost of handing them to other threads.
    for (_, schedule) in app.world_mut().resource_mut::<Schedules>().iter_mut() {
        schedule.set_executor(SingleThreadedExecutor::new());
    }
    connect_udp(app.world_mut(), address, http_tokens(link.clone()));
    app
}

fn pupil(address: SocketAddr, link: &Link, code: &str, n: usize) -> Result<Pupil, String> {
    let join = Join::Code {
        code: code.to_owned(),
        pseudonym: format!("Oppilas {}", n + 1),
    };
    let app = client(address, link, join);
    let now = Instant::now();
    let stagger = |every: f64| now + Duration::from_secs_f64(every * (n as f64 * 0.618).fract());
    Ok(Pupil {
        app,
        // Spread over the yard's play area, a metre or two apart.
        home: [-45.0 + (n % 6) as f32 * 2.0, -35.0 + (n / 6) as f32 * 2.0],
        phase: n as f64,
        next_pose: stagger(1.0 / POSE_HZ),
        next_poi: stagger(POI_EVERY_S),
        next_place: stagger(PLACE_EVERY_S),
        item: None,
    })
}

/// Head and hands of a pupil looking around at `t` seconds.
fn moving(home: [f32; 2], t: f64) -> AvatarPose {
    let (s, c) = (t * 0.8).sin_cos();
    let yaw = (0.6 * s) as f32;
    let rotation = [0.0, (yaw / 2.0).sin(), 0.0, (yaw / 2.0).cos()];
    let head = [home[0] + 0.3 * c as f32, 1.45, home[1] + 0.3 * s as f32];
    let hand = |side: f32, swing: f64| Pose {
        position: [
            head[0] + 0.25 * side,
            head[1] - 0.5 + 0.1 * swing.sin() as f32,
            head[2] - 0.3,
        ],
        rotation,
    };
    AvatarPose {
        head: Pose {
            position: head,
            rotation,
        },
        left: Some(hand(-1.0, t * 2.0)),
        right: Some(hand(1.0, t * 2.0 + 1.0)),
    }
}

/// Runs the load test and prints its figures.
pub fn loadtest(options: &LoadOptions) -> Result<ExitCode, String> {
    let machine = Machine::here();
    machine.refuse_debug("retki loadtest", options.allow_debug)?;
    // One seat is kept for the observer; beyond an ordinary session's seats, the server it
    // starts opens a large one.
    let most = retki_session::server::MAX_PARTICIPANTS_LARGE - 1;
    if options.clients == 0 || options.clients > most {
        return Err(format!("--clients must be 1 to {most}"));
    }
    let large = options.clients > retki_session::server::MAX_PARTICIPANTS - 1;
    if options.seconds.is_nan() || options.seconds <= 0.0 {
        return Err("--seconds must be more than 0".into());
    }
    if options.observer && options.server.is_some() {
        return Err("--observer joins the server the load test starts; leave out --server".into());
    }
    let (own, address, link, code, key) = match &options.server {
        Some(server) => {
            let reach = crate::join::JoinOptions {
                server: server.clone(),
                fingerprint: options.fingerprint.clone(),
                code: None,
                name: None,
                teacher_key: None,
                observer: false,
            };
            let code = options
                .code
                .clone()
                .ok_or("with --server, give the session's join code: --code CODE")?;
            (None, reach.address()?, reach.link()?, code, None)
        }
        None => {
            let (server, address, code, key) = start_server(options.store.as_deref(), large)?;
            let link = Link::plain(&address.to_string());
            (Some(server), address, link, code, Some(key))
        }
    };
    let observer = key.filter(|_| options.observer);
    let mut figures = run(
        options,
        (address, &link),
        (&code, observer),
        own.as_ref().map(|s| s.child.id()),
    )?;
    figures.server_frames = own
        .as_ref()
        .and_then(|s| s.frames.lock().ok().and_then(|last| last.clone()));
    drop(own);
    print_figures(options, address, &figures, &machine);
    Ok(ExitCode::SUCCESS)
}

/// Runs the pupils (and the observer that joins with the teacher key `observer`) against
/// the server at `address`.
fn run(
    options: &LoadOptions,
    (address, link): (SocketAddr, &Link),
    (code, observer): (&str, Option<String>),
    server_pid: Option<u32>,
) -> Result<Figures, String> {
    let mut pupils: Vec<Pupil> = (0..options.clients)
        .map(|n| pupil(address, link, code, n))
        .collect::<Result<_, _>>()?;
    let mut observer = observer.map(|key| client(address, link, Join::Observer { key }));
    let mut observed: Vec<f64> = Vec::new();
    let start = Instant::now();
    let settle = Duration::from_secs_f64(SETTLE_S);
    let measure = Duration::from_secs_f64(options.seconds);
    // When each (slot, stamp) pose was sent.
    let mut sent: HashMap<(u8, u16), Instant> = HashMap::new();
    let mut latencies = microseconds();
    let mut traffic: Vec<(f64, f64)> = Vec::new();
    let mut next_sample = start + settle + Duration::from_secs(1);
    let mut samples = 0u64;
    let mut usage_start = None;
    let mut figures = Figures::default();
    let mut rounds = microseconds();
    // The last refusal the server sent a pupil, to say why a join failed.
    let mut refusal: Option<String> = None;
    loop {
        let now = Instant::now();
        let elapsed = now - start;
        let measuring = elapsed >= settle;
        if measuring && usage_start.is_none() {
            let welcomed = pupils
                .iter()
                .filter(|p| p.app.world().resource::<SessionClient>().me.is_some())
                .count();
            let observing = observer
                .as_ref()
                .is_none_or(|o| o.world().resource::<SessionClient>().me.is_some());
            if welcomed < pupils.len() || !observing {
                if elapsed > settle + Duration::from_secs(10) {
                    let said = refusal.map_or(String::new(), |r| format!("; the server said: {r}"));
                    return Err(format!(
                        "only {welcomed} of {} pupils{} could join in 12 s{said}",
                        pupils.len(),
                        if observing {
                            ""
                        } else {
                            " and not the observer"
                        }
                    ));
                }
            } else {
                usage_start = Some((now, server_pid.and_then(process_usage)));
                latencies.clear();
            }
        }
        if let Some((began, _)) = usage_start
            && now - began >= measure
        {
            break;
        }
        for p in &mut pupils {
            let slot = p
                .app
                .world()
                .resource::<SessionClient>()
                .me
                .as_ref()
                .map(|me| me.slot);
            if let Some(slot) = slot {
                if now >= p.next_pose {
                    p.next_pose += Duration::from_secs_f64(1.0 / POSE_HZ);
                    let time_ms = now_ms();
                    let pose = moving(p.home, elapsed.as_secs_f64() + p.phase);
                    let packed = retki_session::pose::pack(&pose).map_err(|e| e.to_string())?;
                    p.app
                        .world_mut()
                        .write_message(PoseToServer(encode(&ClientMessage::Pose {
                            time_ms,
                            packed,
                        })));
                    // Handed to the app now, when its turn in the round comes.
                    sent.insert((slot, time_ms as u16), Instant::now());
                }
                if now >= p.next_poi {
                    p.next_poi += Duration::from_secs_f64(POI_EVERY_S);
                    let pois = ["impact_area", "rain_garden", "old_birch"];
                    let id = pois[(p.phase as usize + figures.pois) % pois.len()].to_owned();
                    p.app
                        .world_mut()
                        .write_message(ToServer(encode(&ClientMessage::OpenPoi { id })));
                }
                if now >= p.next_place {
                    p.next_place += Duration::from_secs_f64(PLACE_EVERY_S);
                    let t = elapsed.as_secs_f64() + p.phase * 7.0;
                    let at = [
                        -60.0 + (t * 13.7 % 50.0) as f32,
                        -50.0 + (t * 7.3 % 40.0) as f32,
                    ];
                    let request = match p.item {
                        Some(id) => retki_design::Request::Move { id, to: at },
                        None => retki_design::Request::Place {
                            kind: "bench".into(),
                            at,
                            rotation_deg: 0.0,
                            size: None,
                            colour: None,
                        },
                    };
                    p.app
                        .world_mut()
                        .write_message(ToServer(encode(&ClientMessage::Design { request })));
                }
            }
            p.app.update();
            let arrived_at = Instant::now();
            let mut client = p.app.world_mut().resource_mut::<SessionClient>();
            for key in std::mem::take(&mut client.arrived) {
                if let Some(at) = sent.get(&key) {
                    latencies.saturating_record((arrived_at - *at).as_micros() as u64);
                }
            }
            let me = client.me.as_ref().map(|me| me.id.clone());
            let mut placed_now = None;
            for message in std::mem::take(&mut client.inbox) {
                match message {
                    retki_session::server::ServerMessage::PoiOpened { id, .. }
                        if Some(&id) == me.as_ref() =>
                    {
                        figures.pois += 1;
                    }
                    retki_session::server::ServerMessage::DesignApplied { op }
                        if Some(&op.author) == me.as_ref() =>
                    {
                        figures.placed.0 += 1;
                        if matches!(op.change, retki_design::Change::Place { .. }) {
                            placed_now = Some(op.change.item_id());
                        }
                    }
                    retki_session::server::ServerMessage::Refused { reason } => {
                        figures.placed.1 += 1;
                        refusal = Some(reason);
                    }
                    _ => {}
                }
            }
            if placed_now.is_some() {
                p.item = placed_now;
            }
        }
        if let Some(observer) = &mut observer {
            observer.update();
            let mut client = observer.world_mut().resource_mut::<SessionClient>();
            client.arrived.clear();
            for message in std::mem::take(&mut client.inbox) {
                if let retki_session::server::ServerMessage::Refused { reason } = message {
                    refusal = Some(reason);
                }
            }
        }
        if usage_start.is_some() && Instant::now() >= next_sample {
            next_sample += Duration::from_secs(1);
            samples += 1;
            if samples.is_multiple_of(60)
                && let Some((_, rss, anon)) = server_pid.and_then(process_usage)
            {
                figures.server_rss_mb_by_minute.push(rss);
                figures.server_anon_mb_by_minute.push(anon);
            }
            for p in &pupils {
                if let Some((down, up)) = client_traffic(p.app.world()) {
                    traffic.push((down, up));
                }
            }
            if let Some((down, _)) = observer.as_ref().and_then(|o| client_traffic(o.world())) {
                observed.push(down);
            }
        }
        if usage_start.is_some() {
            rounds.saturating_record(now.elapsed().as_micros() as u64);
        }
        sent.retain(|_, at| now.duration_since(*at) < Duration::from_secs(5));
        std::thread::sleep(Duration::from_millis(ROUND_MS));
    }
    let (began, usage_before) = usage_start.expect("measuring began");
    let wall = began.elapsed().as_secs_f64();
    if let (Some((cpu0, rss0, anon0)), Some((cpu1, rss1, anon1))) =
        (usage_before, server_pid.and_then(process_usage))
    {
        figures.server_cpu_percent = Some(100.0 * (cpu1 - cpu0) / wall);
        figures.server_rss_mb_start = Some(rss0);
        figures.server_rss_mb_end = Some(rss1);
        figures.server_anon_mb = Some((anon0, anon1));
    }
    let ms = |h: &Histogram<u64>, q: f64| {
        if h.is_empty() {
            f64::NAN
        } else {
            h.value_at_quantile(q) as f64 / 1000.0
        }
    };
    figures.round_ms = ms(&rounds, 0.5);
    figures.round_p99_ms = ms(&rounds, 0.99);
    figures.poses = latencies.len() as usize;
    figures.p50_ms = ms(&latencies, 0.50);
    figures.p99_ms = ms(&latencies, 0.99);
    if !traffic.is_empty() {
        let n = traffic.len() as f64;
        figures.down_kbps_per_client = traffic.iter().map(|t| t.0).sum::<f64>() / n * 8.0 / 1000.0;
        figures.up_kbps_per_client = traffic.iter().map(|t| t.1).sum::<f64>() / n * 8.0 / 1000.0;
    }
    if !observed.is_empty() {
        let mean = observed.iter().sum::<f64>() / observed.len() as f64;
        figures.observer_down_kbps = Some(mean * 8.0 / 1000.0);
    }
    Ok(figures)
}

/// A histogram of times in microseconds, up to a minute, to three significant digits.
fn microseconds() -> Histogram<u64> {
    Histogram::new_with_max(60_000_000, 3).expect("a valid range and precision")
}

fn print_figures(options: &LoadOptions, address: SocketAddr, f: &Figures, machine: &Machine) {
    println!("machine: {}", machine.line());
    let own = if options.server.is_some() {
        ""
    } else {
        " (its own server)"
    };
    println!(
        "{} simulated pupils for {} s at {POSE_HZ} Hz against udp://{address}{own}",
        options.clients, options.seconds
    );
    println!(
        "pose latency, sent to shown in another pupil's app: p50 {:.2} ms, p99 {:.2} ms ({} poses)",
        f.p50_ms, f.p99_ms, f.poses
    );
    println!(
        "per client: down {:.1} kbit/s, up {:.1} kbit/s (renet packets; UDP/IP headers not counted)",
        f.down_kbps_per_client, f.up_kbps_per_client
    );
    if let Some(kbps) = f.observer_down_kbps {
        println!("one observer: down {kbps:.1} kbit/s (what it adds to the server's sending)");
    }
    match (
        f.server_cpu_percent,
        f.server_rss_mb_start,
        f.server_rss_mb_end,
    ) {
        (Some(cpu), Some(a), Some(b)) => println!(
            "server: CPU {cpu:.1} % of one core; memory {a:.1} MB at the start, {b:.1} MB at the end ({:+.1} %)",
            100.0 * (b - a) / a
        ),
        _ => println!("server: CPU and memory not measured (not this machine's process)"),
    }
    if let Some((a, b)) = f.server_anon_mb {
        println!(
            "server heap and caches (anonymous memory): {a:.1} MB at the start, {b:.1} MB at the end"
        );
    }
    println!(
        "points of interest opened: {}; schoolyard changes made: {}, refused: {}",
        f.pois, f.placed.0, f.placed.1
    );
    println!(
        "one round of updating every simulated pupil: {:.2} ms median, {:.2} ms p99 (then 1 ms of rest)",
        f.round_ms, f.round_p99_ms
    );
    if let Some(frames) = &f.server_frames {
        println!("server frames: {frames}");
    }
    if options.json {
        println!(
            "{}",
            json!({
                "clients": options.clients,
                "seconds": options.seconds,
                "poses": f.poses,
                "p50_ms": f.p50_ms,
                "p99_ms": f.p99_ms,
                "down_kbps_per_client": f.down_kbps_per_client,
                "up_kbps_per_client": f.up_kbps_per_client,
                "observer_down_kbps": f.observer_down_kbps,
                "server_cpu_percent": f.server_cpu_percent,
                "server_rss_mb_start": f.server_rss_mb_start,
                "server_rss_mb_end": f.server_rss_mb_end,
                "server_rss_mb_by_minute": f.server_rss_mb_by_minute,
                "server_anon_mb_start": f.server_anon_mb.map(|m| m.0),
                "server_anon_mb_end": f.server_anon_mb.map(|m| m.1),
                "server_anon_mb_by_minute": f.server_anon_mb_by_minute,
                "pois_opened": f.pois,
                "design_changes": f.placed.0,
                "design_refused": f.placed.1,
                "client_round_ms": f.round_ms,
                "client_round_p99_ms": f.round_p99_ms,
                "server_frames": f.server_frames,
                "machine": {"cores": machine.cores, "cpu": machine.cpu, "profile": machine.profile},
            })
        );
    }
}
