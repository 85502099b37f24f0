//! A real OpenXR session, without a headset: the `retki` binary in XR mode against Monado 25
//! (null compositor, simulated headset) inside a Debian trixie chroot, rendering with lavapipe.
//!
//! It needs root and the chroot that `scripts/xr-chroot` makes, so it is ignored by a plain
//! `cargo test`; `./run test` (and CI) makes the chroot and runs it, or says why it skipped.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Frames the app submits before it asks the runtime to end the session.
const FRAMES: u32 = 120;
/// The test asks for at least this many frames with an image for each eye.
const MIN_FRAMES: u64 = 100;

/// Bind-mounts the host's /proc, /dev and /sys into the chroot, and undoes it when dropped.
struct Mounts(Vec<PathBuf>);

impl Mounts {
    fn bind(root: &Path) -> Mounts {
        let mut mounted = Vec::new();
        for dir in ["proc", "dev", "sys"] {
            let target = root.join(dir);
            let ok = Command::new("mount")
                .arg("--bind")
                .arg(format!("/{dir}"))
                .arg(&target)
                .status()
                .expect("mount runs")
                .success();
            assert!(ok, "could not bind-mount /{dir} into {}", root.display());
            mounted.push(target);
        }
        Mounts(mounted)
    }
}

impl Drop for Mounts {
    fn drop(&mut self) {
        for target in self.0.iter().rev() {
            let _ = Command::new("umount").arg(target).status();
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Starts Monado in the chroot, runs `retki --mode xr ARGS trip lunar` against it, and
/// returns its exit status and everything it logged.
fn run_in_chroot(root: &Path, args: &str) -> (std::process::ExitStatus, String) {
    let script = format!(
        r#"set -u
export XDG_RUNTIME_DIR=/run/retki-xr XRT_COMPOSITOR_NULL=1 SIMULATED_ENABLE=1 XRT_NO_STDIN=1 \
       XR_RUNTIME_JSON=/usr/share/openxr/1/openxr_monado.json RETKI_ROOT=/opt/retki
rm -rf "$XDG_RUNTIME_DIR"; mkdir -m 700 -p "$XDG_RUNTIME_DIR"
monado-service > /tmp/monado.log 2>&1 &
monado=$!
sleep 2
timeout 300 /opt/retki/retki --mode xr {args} trip lunar
status=$?
kill $monado; wait $monado
exit $status"#
    );
    let output = Command::new("chroot")
        .arg(root)
        .args(["/bin/sh", "-c", &script])
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("chroot runs");
    let log = String::from_utf8_lossy(&output.stderr).into_owned()
        + &String::from_utf8_lossy(&output.stdout);
    (output.status, log)
}

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
    let (full, early) = {
        let _mounts = Mounts::bind(&root);
        (
            run_in_chroot(&root, &format!("--ar --seated --frames {FRAMES}")),
            // The session ends while the trip is still loading: the app must survive it.
            run_in_chroot(&root, "--frames 1"),
        )
    };

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
    position("xr: rig ready (head and both controllers)");
    position("at viewpoint landing_site of lunar");
    position("xr: bindings accepted for 4 of 4 controller profiles");
    position("xr: action set attached; controller actions are live");
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
    for figure in ["xr: frame interval", "xr: CPU time per frame"] {
        let line = log
            .lines()
            .find(|l| l.contains(figure))
            .unwrap_or_else(|| fail(&format!("no '{figure}' figures")));
        println!("{line}");
    }
}
