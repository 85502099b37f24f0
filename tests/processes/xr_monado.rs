//! A real OpenXR session, without a headset: the `retki` binary in XR mode against Monado 25
//! (null compositor, simulated headset) inside a Debian trixie chroot, rendering with lavapipe;
//! and the same with Monado's remote controllers, whose triggers the test pulls to use the
//! menu board as a pupil and as a teacher, and to join a lesson from the lobby's board.
//!
//! It needs root and the chroot that `scripts/xr-chroot` makes, so it is ignored by a plain
//! `cargo test`; `./run test` (and CI) makes the chroot and runs it, or says why it skipped.

use crate::common;
use crate::remote_controllers::{Controller, State, check_starting_state};
use bevy::prelude::*;
use common::copy_dir;
use retki_classroom::lobby::screen::{ADDRESS_KEYS, Lobby, Press, Screen};
use retki_classroom::lobby::{BOARD_AT, cells_on_board};
use retki_content::Lang;
use retki_input::Action;
use retki_input::menu::{MenuOffer, board_placement, button_centre};
use retki_session::code::ALPHABET;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Frames the app submits before it asks the runtime to end the session.
const FRAMES: u32 = 120;
/// The test asks for at least this many frames with an image for each eye.
const MIN_FRAMES: u64 = 100;

/// Bind-mounts host folders into the chroot, and undoes it when dropped.
struct Mounts(Vec<PathBuf>);

impl Mounts {
    /// Binds the host's /proc, /dev and /sys, and each of `extra` (absolute host folders) to
    /// the same place inside.
    fn bind(root: &Path, extra: &[&str]) -> Mounts {
        let mut mounted = Mounts(Vec::new());
        for dir in ["/proc", "/dev", "/sys"].iter().chain(extra) {
            let target = root.join(dir.trim_start_matches('/'));
            std::fs::create_dir_all(&target).unwrap();
            let ok = Command::new("mount")
                .arg("--bind")
                .arg(dir)
                .arg(&target)
                .status()
                .expect("mount runs")
                .success();
            assert!(ok, "could not bind-mount {dir} into {}", root.display());
            mounted.0.push(target);
        }
        mounted
    }
}

impl Drop for Mounts {
    fn drop(&mut self) {
        for target in self.0.iter().rev() {
            let _ = Command::new("umount").arg(target).status();
        }
    }
}

/// An Xvfb display on the host, whose socket the chroot sees through a bind mount of
/// /tmp/.X11-unix; stopped when dropped.
struct Display {
    server: std::process::Child,
    number: u32,
}

impl Display {
    fn start(number: u32) -> Display {
        let server = Command::new("Xvfb")
            .arg(format!(":{number}"))
            .args(["-nolisten", "tcp", "-ac", "-screen", "0", "1280x720x24"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("Xvfb runs (Debian package xvfb)");
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{number}"));
        for _ in 0..100 {
            if socket.exists() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        assert!(socket.exists(), "Xvfb :{number} did not start");
        Display { server, number }
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
    }
}

/// Environment of everything the tests run inside the chroot.
const CHROOT_ENV: &str = "export XDG_RUNTIME_DIR=/run/retki-xr XRT_COMPOSITOR_NULL=1 \
SIMULATED_ENABLE=1 XRT_NO_STDIN=1 XR_RUNTIME_JSON=/usr/share/openxr/1/openxr_monado.json \
RETKI_ROOT=/opt/retki
rm -rf \"$XDG_RUNTIME_DIR\"; mkdir -m 700 -p \"$XDG_RUNTIME_DIR\"";

/// Waits until a log has a line: `wait_for TEXT SECONDS [LOG]` (LOG defaults to `$log`).
const WAIT_FOR: &str = r#"
wait_for() {
    i=0
    while ! grep -q "$1" "${3:-$log}"; do
        i=$((i + 1)); [ "$i" -gt $(($2 * 10)) ] && { echo "timed out waiting for: $1"; return 1; }
        sleep 0.1
    done
}"#;

/// Runs the shell `script` in the chroot after [`CHROOT_ENV`] and [`WAIT_FOR`], with
/// `display` (or none) as DISPLAY, and returns its exit status and everything it printed.
fn run_script(
    root: &Path,
    script: &str,
    display: Option<u32>,
) -> (std::process::ExitStatus, String) {
    let mut command = Command::new("chroot");
    command.arg(root).args(["/bin/sh", "-c"]);
    run(command, script, display)
}

/// Runs the bash `script` as [`run_script`] does, in a network namespace of its own with only
/// a loopback interface, so that what listens inside is reachable from nowhere else.
fn run_isolated_script(root: &Path, script: &str) -> (std::process::ExitStatus, String) {
    let mut command = Command::new("unshare");
    command.args([
        "--net",
        "sh",
        "-c",
        "ip link set lo up && exec chroot \"$0\" /bin/bash -c \"$1\"",
    ]);
    command.arg(root);
    run(command, script, None)
}

/// Runs `command` with the script (after the shared environment) as its last argument.
fn run(
    mut command: Command,
    script: &str,
    display: Option<u32>,
) -> (std::process::ExitStatus, String) {
    command
        .arg(format!("set -u\n{CHROOT_ENV}\n{WAIT_FOR}\n{script}"))
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY");
    if let Some(number) = display {
        command.env("DISPLAY", format!(":{number}"));
    }
    let output = command.output().expect("chroot runs");
    let log = String::from_utf8_lossy(&output.stderr).into_owned()
        + &String::from_utf8_lossy(&output.stdout);
    (output.status, log)
}

/// Starts Monado in the chroot, runs `retki --mode xr ARGS trip lunar` against it, and
/// returns its exit status and everything it logged.
fn run_in_chroot(root: &Path, args: &str) -> (std::process::ExitStatus, String) {
    let script = format!(
        r#"monado-service > /tmp/monado.log 2>&1 &
monado=$!
sleep 2
timeout 300 /opt/retki/retki --mode xr {args} trip lunar
status=$?
kill $monado; wait $monado
exit $status"#
    );
    run_script(root, &script, None)
}

/// The runtime dies in the middle of a session (SIGKILL, as in a crash) and is started again
/// later: Retki must carry on in a window, notice the runtime's return, and go back in.
const LOSS_AND_RETURN: &str = r#"
log=/tmp/retki-loss.log
monado-service > /tmp/monado-1.log 2>&1 &
monado=$!
sleep 2
timeout 400 /opt/retki/retki --mode xr --reenter auto --frames 120 trip lunar > "$log" 2>&1 &
retki=$!
wait_for "xr: session FOCUSED" 120 && sleep 3
kill -9 $monado; wait $monado
echo "test: killed the runtime"
wait_for "continuing in the window" 60
wait_for "xr: watching for the headset runtime to come back" 120
echo "test: starting the runtime again"
rm -rf "$XDG_RUNTIME_DIR"; mkdir -m 700 -p "$XDG_RUNTIME_DIR"
monado-service > /tmp/monado-2.log 2>&1 &
monado=$!
wait $retki
status=$?
kill $monado; wait $monado
cat "$log"
exit $status"#;

/// One test at a time uses the chroot: they share its /opt/retki, Monado's socket and port.
static CHROOT: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The Monado chroot that `scripts/xr-chroot` made, held until the guard is dropped.
fn chroot() -> (PathBuf, std::sync::MutexGuard<'static, ()>) {
    let held = CHROOT
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let root = PathBuf::from(
        std::env::var("RETKI_XR_CHROOT").unwrap_or_else(|_| "/var/tmp/retki-xr/chroot".into()),
    );
    assert!(
        root.join("usr/bin/monado-service").exists(),
        "no Monado chroot at {}: run scripts/xr-chroot first",
        root.display()
    );
    (root, held)
}

/// Puts the binary under test and the files it loads in the chroot's /opt/retki, and returns
/// that folder (on the host).
fn install(root: &Path) -> PathBuf {
    let project = Path::new(env!("CARGO_MANIFEST_DIR"));
    let install = root.join("opt/retki");
    let _ = std::fs::remove_dir_all(&install);
    copy_dir(&project.join("assets"), &install.join("assets"));
    copy_dir(&project.join("shaders"), &install.join("shaders"));
    std::fs::copy(env!("CARGO_BIN_EXE_retki"), install.join("retki")).unwrap();
    install
}

#[test]
#[ignore = "needs root and the Monado chroot from scripts/xr-chroot; `./run test` runs it"]
fn lunar_trip_runs_a_focused_openxr_session_in_monado() {
    let (root, _held) = chroot();
    install(&root);
    let display = Display::start(95);
    let (full, early, lost) = {
        let _mounts = Mounts::bind(&root, &["/tmp/.X11-unix"]);
        (
            run_in_chroot(&root, &format!("--ar --seated --frames {FRAMES}")),
            // The session ends while the trip is still loading: the app must survive it.
            run_in_chroot(&root, "--frames 1"),
            run_script(&root, LOSS_AND_RETURN, Some(display.number)),
        )
    };

    let (status, log) = lost;
    let after = |needle: &str, from: usize| -> usize {
        log[from..]
            .find(needle)
            .map(|i| i + from)
            .unwrap_or_else(|| panic!("no '{needle}' after byte {from}\n--- log ---\n{log}"))
    };
    let killed = after("test: killed the runtime", 0);
    let window = after(
        "xr: the headset session was lost",
        after("xr: session FOCUSED", 0),
    );
    after("continuing in the window (DISPLAY=:95)", window);
    after("mode: flat", window);
    after("at viewpoint landing_site of lunar", window);
    let back = after("xr: the headset runtime is back (", window);
    after("going back in", back);
    let again = after("xr: session FOCUSED", back);
    after("xr: the runtime ended the session after", again);
    assert!(killed > 0);
    for line in log.lines().filter(|l| {
        l.contains("xr: the headset session was lost")
            || l.contains("xr: the headset runtime is back")
            || l.contains("xr: going back into the headset")
    }) {
        println!("loss and return: {line}");
    }
    assert!(
        status.success(),
        "after the runtime came back the session should end cleanly ({status})\n{log}"
    );

    let (status, log) = early;
    assert!(
        status.success() && log.contains("xr: the runtime ended the session"),
        "a session ended during loading must end the app cleanly ({status})\n{log}"
    );
    // Which phase the trip was in when the runtime ended the session (timing decides; on
    // lavapipe it is still loading).
    if let Some(line) = log
        .lines()
        .find(|l| l.contains("xr: the runtime ended the session"))
    {
        println!("early end: {line}");
    }

    let (status, log) = full;
    let fail = |why: &str| -> ! { panic!("{why}\n--- log ---\n{log}") };
    if !status.success() {
        fail(&format!("retki in XR mode exited with {status}"));
    }

    let position = |needle: &str| {
        log.find(needle)
            .unwrap_or_else(|| fail(&format!("no '{needle}'")))
    };
    assert!(position("mode: xr (OpenXR runtime Monado") > 0);
    let focused = position("xr: session FOCUSED");
    // The rig: a tracking space placed for a seated pupil, a head and two controllers, and
    // the trip's first viewpoint.
    position("xr: tracking space anchored for a Seated pupil, eyes 1.1 m above the floor");
    position("xr: rig ready (head and both controllers, with their models; hand models)");
    position("xr: left hand model ready, 25 joints");
    // Each controller's model is loaded, and trigger, grip and the stick's click and two axes
    // follow the controller's actions.
    for hand in ["left", "right"] {
        position(&format!(
            "xr: {hand} generic-trigger-squeeze-thumbstick controller model ready, 5 moving parts"
        ));
    }
    position("at viewpoint landing_site of lunar");
    position("xr: bindings accepted for 4 of 4 controller profiles");
    position("xr: action set attached; controller actions are live");
    // Hand-tracking pinch is bound where the runtime offers it, and said to be missing where not.
    assert!(
        log.contains("xr: hand-tracking pinch bound")
            || log.contains(
                "xr: no hand-tracking pinch: the runtime does not offer XR_EXT_hand_interaction"
            ),
        "no word on hand-tracking pinch\n{log}"
    );
    // Monado's simulated headset has no passthrough: `--ar` falls back to opaque and says so.
    position("xr: passthrough was asked for, but this runtime offers only OPAQUE");
    let stopping = position("xr: session STOPPING");
    let exiting = position("xr: session EXITING");
    assert!(
        focused < stopping && stopping < exiting,
        "states out of order"
    );

    let frames: u64 = log
        .lines()
        .find_map(|line| {
            let rest = line
                .split("xr: the runtime ended the session after ")
                .nth(1)?;
            rest.split_whitespace().next()?.parse().ok()
        })
        .unwrap_or_else(|| fail("the app did not report the runtime ending the session"));
    assert!(
        frames >= MIN_FRAMES,
        "only {frames} frames reached the runtime with both eyes"
    );
    for figure in [
        "xr: frame interval",
        "xr: the runtime paces frames",
        "xr: CPU time per frame",
    ] {
        let line = log
            .lines()
            .find(|l| l.contains(figure))
            .unwrap_or_else(|| fail(&format!("no '{figure}' figures")));
        println!("{line}");
    }
}

/// Starts Monado with its remote driver (a headset and two Index controllers the script
/// sets over TCP on loopback), saves the state the driver starts from, and defines `send
/// NAME` (set the controllers to /opt/retki/remote/NAME.bin) and `press NAME` (point as NAME,
/// pull the trigger as NAME-pulled, let go).
const REMOTE_MONADO: &str = r#"
export XDG_CONFIG_HOME=/run/retki-xr-config
rm -rf "$XDG_CONFIG_HOME"; mkdir -p "$XDG_CONFIG_HOME/monado"
echo '{"active": "remote", "remote": {"version": 0, "port": 4242, "view_count": 2}}' \
    > "$XDG_CONFIG_HOME/monado/config_v0.json"
monado-service > /tmp/monado-remote.log 2>&1 &
monado=$!
sleep 2
exec 3<>/dev/tcp/127.0.0.1/4242 || { cat /tmp/monado-remote.log; exit 1; }
dd bs=376 count=1 iflag=fullblock <&3 > /tmp/remote-start.bin 2>/dev/null
send() { cat "/opt/retki/remote/$1.bin" >&3; echo "test: controllers $1"; }
press() { send "$1"; sleep 2; send "$1-pulled"; sleep 2; send "$1"; }
"#;

/// A pupil in the schoolyard goes down from the overview to the play area with the menu
/// board's next-viewpoint button, places an item by pointing at the ground and pulling the
/// trigger, then undoes it from the board.
const PUPIL_UNDOES: &str = r#"
log=/tmp/retki-yard.log
send ground
timeout 400 /opt/retki/retki --mode xr trip schoolyard > "$log" 2>&1 &
retki=$!
wait_for "xr: action set attached" 240 && wait_for "at viewpoint overview" 240 && sleep 3 \
    && press view && wait_for "at viewpoint oblique" 60 \
    && press view && wait_for "at viewpoint play_area" 60 && sleep 2 \
    && press ground && wait_for "pupil place item" 60 \
    && press undo && wait_for "undid change" 60
status=$?
kill $retki; wait $retki
cat "$log"
exit $status"#;

/// A teacher serves a guided lesson, joins it in the headset, and moves the class to the
/// next step from the menu board.
const TEACHER_MOVES_ON: &str = r#"
log=/tmp/retki-teacher.log
served=/tmp/retki-serve.log
send next
cd /tmp && rm -f retki.db retki-session.db
/opt/retki/retki lesson run /opt/retki/assets/lessons/lunar-gravity.toml --class 7B \
    --bind 127.0.0.1:8080 > "$served" 2>&1 &
server=$!
wait_for "teacher key: " 120 "$served" || { cat "$served"; exit 1; }
key=$(sed -n 's/^teacher key: //p' "$served")
timeout 400 /opt/retki/retki --mode xr join --teacher-key "$key" --server 127.0.0.1:8080 \
    > "$log" 2>&1 &
retki=$!
wait_for "xr: action set attached" 240 && wait_for "lesson: step arrive" 240 && sleep 3 \
    && press next && wait_for "lesson: step $SECOND_STEP" 60
status=$?
kill $retki $server; wait $retki; wait $server
cat "$log"
exit $status"#;

/// Where the test holds the left controller, which carries the menu board (tracking space,
/// metres: in front of the chest, as a pupil holds a tablet).
fn board_hand() -> Transform {
    Transform::from_xyz(-0.15, 1.2, -0.35)
}

/// The right controller 30 cm in front of the board's button for `action`, pointing at it.
fn pointing_at(action: Action, offer: &MenuOffer) -> Transform {
    let index = offer
        .actions()
        .iter()
        .position(|a| *a == action)
        .unwrap_or_else(|| panic!("the board offers {action:?}"));
    let centre = button_centre(index);
    let board = board_hand() * board_placement();
    let button = board.transform_point(Vec3::new(centre.x, centre.y, 0.0));
    let facing = board.rotation * Vec3::Z;
    Transform::from_translation(button + facing * 0.3).looking_at(button, Vec3::Y)
}

/// Writes `NAME.bin` and `NAME-pulled.bin` in `dir`: the left controller at [`board_hand`],
/// the right at `right`, its trigger let go and pulled.
fn write_pose(dir: &Path, name: &str, right: Transform) {
    std::fs::create_dir_all(dir).unwrap();
    for (suffix, trigger) in [("", false), ("-pulled", true)] {
        let state = State {
            head: Vec3::new(0.0, 1.6, 0.0),
            left: Controller {
                grip: board_hand(),
                trigger: false,
            },
            right: Controller {
                grip: right,
                trigger,
            },
        };
        std::fs::write(dir.join(format!("{name}{suffix}.bin")), state.record()).unwrap();
    }
}

#[test]
#[ignore = "needs root and the Monado chroot from scripts/xr-chroot; `./run test` runs it"]
fn the_menu_board_undoes_and_moves_the_lesson_on_with_monado_controllers() {
    let (root, _held) = chroot();
    let install = install(&root);
    let remote = install.join("remote");
    // Down at the ground a metre ahead, away from the board.
    let ground = Transform::from_xyz(0.2, 1.2, -0.3).looking_at(Vec3::new(0.4, 0.0, -1.3), Vec3::Y);
    write_pose(&remote, "ground", ground);
    let designing = MenuOffer {
        design: true,
        ..default()
    };
    write_pose(
        &remote,
        "view",
        pointing_at(Action::NextViewpoint, &designing),
    );
    write_pose(&remote, "undo", pointing_at(Action::Undo, &designing));
    let teaching = MenuOffer {
        teacher: true,
        ..default()
    };
    write_pose(&remote, "next", pointing_at(Action::NextStep, &teaching));
    let plan = crate::lesson_session::load_plan(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/lessons/lunar-gravity.toml"),
    )
    .expect("the lunar lesson loads");
    let second = &plan.steps[1].id;

    let (pupil, teacher, start) = {
        let _mounts = Mounts::bind(&root, &[]);
        let pupil = run_isolated_script(&root, &format!("{REMOTE_MONADO}{PUPIL_UNDOES}"));
        let start = std::fs::read(root.join("tmp/remote-start.bin")).unwrap_or_default();
        let teacher = run_isolated_script(
            &root,
            &format!("SECOND_STEP={second}\n{REMOTE_MONADO}{TEACHER_MOVES_ON}"),
        );
        (pupil, teacher, start)
    };
    // The records this test sends are laid out as this Monado reads them.
    if let Err(why) = check_starting_state(&start) {
        panic!("{why}");
    }

    let (status, log) = pupil;
    let at = |log: &str, needle: &str, from: usize| -> usize {
        log[from..]
            .find(needle)
            .map(|i| i + from)
            .unwrap_or_else(|| panic!("no '{needle}' after byte {from}\n--- log ---\n{log}"))
    };
    assert!(status.success(), "the pupil's run failed ({status})\n{log}");
    let placed = at(&log, "schoolyard: pupil place item", 0);
    let undone = at(&log, "schoolyard: pupil undid change", placed);
    at(&log, "(delete item", undone);
    for line in log.lines().filter(|l| l.contains("schoolyard: pupil")) {
        println!("pupil: {line}");
    }

    let (status, log) = teacher;
    assert!(
        status.success(),
        "the teacher's run failed ({status})\n{log}"
    );
    let first = at(&log, "lesson: step arrive", 0);
    at(&log, &format!("lesson: step {second}"), first);
    for line in log.lines().filter(|l| l.contains("lesson: step")) {
        println!("teacher: {line}");
    }
}

/// A pupil starts the app in class mode in the headset and joins the lesson from the lobby:
/// the server's address and the join code typed on the board's keypads, and a suggested name.
const PUPIL_JOINS_FROM_THE_LOBBY: &str = r#"
log=/tmp/retki-lobby.log
served=/tmp/retki-serve.log
send lobby-rest
cd /tmp && rm -f retki.db retki-session.db
/opt/retki/retki lesson run /opt/retki/assets/lessons/lunar-gravity.toml --class 7B \
    --bind 127.0.0.1:8080 > "$served" 2>&1 &
server=$!
wait_for "join code: " 120 "$served" || { cat "$served"; exit 1; }
code=$(sed -n 's/^join code: //p' "$served")
timeout 500 /opt/retki/retki --mode xr --class-mode > "$log" 2>&1 &
retki=$!
# Each character's pose is named by its code point in hexadecimal.
type_on() { for c in $(printf '%s' "$2" | grep -o .); do press "$1-$(printf '%02x' "'$c")"; done; }
wait_for "xr: action set attached" 240 && sleep 5 \
    && press lobby-type-address && type_on address 127.0.0.1:8080 && press address-next \
    && type_on code "$code" && press code-next \
    && press name-suggestion \
    && wait_for "lobby: joining the class at 127.0.0.1:8080" 60 \
    && wait_for "lesson: step arrive" 120
status=$?
kill $retki $server; wait $retki; wait $server
cat "$log"
exit $status"#;

/// The right controller 30 cm in front of the lobby board's button that does `press` on
/// `lobby`'s page, pointing at it. The lobby puts the tracking space where the world is
/// (the eyes at 1.6 m, looking at the board along -Z).
fn pointing_at_lobby(lobby: &Lobby, press: Press) -> Transform {
    let button = lobby
        .layout()
        .buttons
        .into_iter()
        .find(|b| b.press == press)
        .unwrap_or_else(|| panic!("{:?} offers {press:?}", lobby.screen));
    let (centre, _) = cells_on_board(&button.at);
    let at = BOARD_AT + centre.extend(0.0);
    Transform::from_translation(at + Vec3::Z * 0.3).looking_at(at, Vec3::Y)
}

#[test]
#[ignore = "needs root and the Monado chroot from scripts/xr-chroot; `./run test` runs it"]
fn a_pupil_joins_from_the_lobby_in_a_monado_headset() {
    let (root, _held) = chroot();
    let install = install(&root);
    let remote = install.join("remote");
    // At rest: pointing down at the meadow, away from the board.
    write_pose(
        &remote,
        "lobby-rest",
        Transform::from_xyz(0.2, 1.2, -0.3).looking_at(Vec3::new(0.4, 0.0, -0.8), Vec3::Y),
    );
    let mut lobby = Lobby::new(Screen::Classes, 5, Lang::En, vec!["Fox".into()], 1);
    write_pose(
        &remote,
        "lobby-type-address",
        pointing_at_lobby(&lobby, Press::TypeAddress),
    );
    lobby.show(Screen::Address);
    for c in ADDRESS_KEYS.chars() {
        let name = format!("address-{:02x}", u32::from(c));
        write_pose(&remote, &name, pointing_at_lobby(&lobby, Press::Type(c)));
    }
    write_pose(
        &remote,
        "address-next",
        pointing_at_lobby(&lobby, Press::Next),
    );
    lobby.show(Screen::Code);
    for &c in ALPHABET {
        let name = format!("code-{c:02x}");
        let press = Press::Type(char::from(c));
        write_pose(&remote, &name, pointing_at_lobby(&lobby, press));
    }
    write_pose(&remote, "code-next", pointing_at_lobby(&lobby, Press::Next));
    lobby.show(Screen::Name);
    write_pose(
        &remote,
        "name-suggestion",
        pointing_at_lobby(&lobby, Press::Suggestion(0)),
    );

    let (status, log) = {
        let _mounts = Mounts::bind(&root, &[]);
        run_isolated_script(
            &root,
            &format!("{REMOTE_MONADO}{PUPIL_JOINS_FROM_THE_LOBBY}"),
        )
    };
    assert!(status.success(), "the pupil's run failed ({status})\n{log}");
    for line in log
        .lines()
        .filter(|l| l.contains("lobby:") || l.contains("lesson: step"))
    {
        println!("pupil: {line}");
    }
}
