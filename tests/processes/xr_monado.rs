//! A real OpenXR session, without a headset: the `retki` binary in XR mode against Monado 25
//! (null compositor, simulated headset) inside a Debian trixie chroot, rendering with lavapipe.
//!
//! It needs root and the chroot that `scripts/xr-chroot` makes, so it is ignored by a plain
//! `cargo test`; `./run test` (and CI) makes the chroot and runs it, or says why it skipped.

use crate::common;
use common::copy_dir;
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

/// Runs the shell `script` in the chroot after [`CHROOT_ENV`], with `display` (or none) as
/// DISPLAY, and returns its exit status and everything it printed.
fn run_script(
    root: &Path,
    script: &str,
    display: Option<u32>,
) -> (std::process::ExitStatus, String) {
    let mut command = Command::new("chroot");
    command
        .arg(root)
        .args(["/bin/sh", "-c", &format!("set -u\n{CHROOT_ENV}\n{script}")])
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
wait_for() { # TEXT SECONDS: wait until the log has TEXT
    i=0
    while ! grep -q "$1" "$log"; do
        i=$((i + 1)); [ "$i" -gt $(($2 * 10)) ] && { echo "timed out waiting for: $1"; return 1; }
        sleep 0.1
    done
}
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

#[test]
#[ignore = "needs root and the Monado chroot from scripts/xr-chroot; `./run test` runs it"]
fn lunar_trip_runs_a_focused_openxr_session_in_monado() {
    let root = PathBuf::from(
        std::env::var("RETKI_XR_CHROOT").unwrap_or_else(|_| "/var/tmp/retki-xr/chroot".into()),
    );
    assert!(
        root.join("usr/bin/monado-service").exists(),
        "no Monado chroot at {}: run scripts/xr-chroot first",
        root.display()
    );

    // The binary under test and the files it loads, inside the chroot.
    let project = Path::new(env!("CARGO_MANIFEST_DIR"));
    let install = root.join("opt/retki");
    let _ = std::fs::remove_dir_all(&install);
    copy_dir(&project.join("assets"), &install.join("assets"));
    copy_dir(&project.join("shaders"), &install.join("shaders"));
    std::fs::copy(env!("CARGO_BIN_EXE_retki"), install.join("retki")).unwrap();
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
