//! How long a pupil takes from starting the app to standing in the class's place, with the
//! lobby driven by the keyboard as a script would drive it: the server's address, the join
//! code, a name, each followed by Enter. The app renders off-screen (lavapipe where there is
//! no GPU) at 1280 × 720, the lobby's board and the place included, against a real
//! `retki serve` on loopback. Five pupils join one after another; the median and the spread
//! are printed: `cargo bench --bench lobby_join`.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use bevy::prelude::*;
use retki::app::{self, Face};
use retki_classroom::lobby::LobbyNow;
use retki_classroom::lobby::screen::Screen;
use retki_core::poi::{Lang, Language};
use retki_core::trip::TripPhase;
use retki_input::Action;
use retki_input::comfort::{Comfort, ComfortFile};
use retki_session::net::SessionClient;

/// Pupils who join, one after another.
const RUNS: usize = 5;
/// The longest a join may take before the benchmark gives up.
const PATIENCE: Duration = Duration::from_secs(120);

/// The server, stopped when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A class session for 7B on a free loopback port: the server, its address and its code.
fn serve(dir: &std::path::Path) -> (Server, String, String) {
    let port = std::net::UdpSocket::bind("127.0.0.1:0")
        .and_then(|s| s.local_addr())
        .expect("a free port")
        .port();
    let address = format!("127.0.0.1:{port}");
    let mut child = Command::new(env!("CARGO_BIN_EXE_retki"))
        .args([
            "serve", "--bind", &address, "--class", "7B", "--scene", "lunar",
        ])
        .arg("--store")
        .arg(format!("sqlite://{}", dir.join("store.db").display()))
        .arg("--outbox")
        .arg(dir.join("outbox.db"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("retki serve starts");
    let stdout = child.stdout.take().expect("its output");
    let server = Server(child);
    let (lines, printed) = std::sync::mpsc::channel();
    // Read all it prints, so that it never waits on a full pipe.
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    let mut code = None;
    for line in printed.iter() {
        if let Some(c) = line.strip_prefix("join code: ") {
            code = Some(c.to_owned());
        }
        if line.starts_with("listening on") {
            break;
        }
    }
    (
        server,
        address,
        code.expect("the server prints a join code"),
    )
}

/// Presses and lets go of the key that types `c`.
fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        for held in [true, false] {
            retki_input::bindings::hold_typing(app.world_mut(), c, held);
            app.update();
        }
    }
}

fn enter(app: &mut App) {
    for held in [true, false] {
        retki_input::bindings::hold_key(app.world_mut(), Action::Confirm, held);
        app.update();
    }
}

/// One pupil: from building the app to the first frame drawn in the class's place, seconds.
fn join_once(address: &str, code: &str, name: &str) -> f64 {
    let start = Instant::now();
    let mut app = app::build(
        Face::Offscreen {
            width: 1280,
            height: 720,
        },
        None,
    );
    app.insert_resource(Language(Lang::En))
        .insert_resource(Comfort::default())
        .insert_resource(ComfortFile(None));
    retki::lobby::add_lobby(&mut app, Screen::Classes, false);
    app.finish();
    app.cleanup();
    app.update();
    {
        let mut lobby = app.world_mut().resource_mut::<LobbyNow>();
        let press = lobby
            .layout()
            .buttons
            .iter()
            .position(|b| b.press == retki_classroom::lobby::screen::Press::TypeAddress)
            .expect("the class list offers a typed address");
        lobby.focus = press;
    }
    enter(&mut app);
    type_text(&mut app, address);
    enter(&mut app);
    type_text(&mut app, code);
    enter(&mut app);
    type_text(&mut app, name);
    enter(&mut app);
    while !(app.world().resource::<SessionClient>().me.is_some()
        && *app.world().resource::<State<TripPhase>>().get() == TripPhase::InScene)
    {
        assert!(
            start.elapsed() < PATIENCE,
            "{name} joins within {PATIENCE:?}: the lobby is on {:?}, saying {:?}",
            app.world().resource::<LobbyNow>().screen,
            app.world().resource::<LobbyNow>().note
        );
        app.update();
    }
    // The first frame of the place.
    app.update();
    start.elapsed().as_secs_f64()
}

fn main() {
    let dir = std::env::temp_dir().join(format!("retki-lobby-join-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let (_server, address, code) = serve(&dir);
    let mut times: Vec<f64> = (0..RUNS)
        .map(|n| {
            let seconds = join_once(&address, &code, &format!("Kettu {}", n + 2));
            println!("join {}: {seconds:.2} s", n + 1);
            seconds
        })
        .collect();
    times.sort_by(f64::total_cmp);
    println!(
        "from the app's start to the class's place, {RUNS} joins: median {:.2} s (fastest {:.2} s, slowest {:.2} s)",
        times[RUNS / 2],
        times[0],
        times[RUNS - 1]
    );
    let _ = std::fs::remove_dir_all(&dir);
}
