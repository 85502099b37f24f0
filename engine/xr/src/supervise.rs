//! Running in a headset with a way back out and in again.
//!
//! The headset session runs in a child process of `retki`. An OpenXR runtime that crashes or
//! is stopped takes only that process with it: `retki` says so in one line, opens the same
//! trip in a window, and that window app watches for the runtime to come back and offers to go
//! back in ([`crate::reentry`]). Where there is no display to fall back to, `retki` waits
//! for the runtime and goes back in by itself.

use std::path::Path;
use std::process::{ExitCode, ExitStatus};

use crate::mode::{probe_display, probe_openxr};
use crate::reentry::{PROBE_INTERVAL, REENTER_EXIT_CODE, Reentry};
use retki_core::poi::Lang;

/// Going back in by itself stops after this many lost sessions in a row, so a runtime that
/// fails on every start does not loop for ever; the window then asks instead.
pub const MAX_AUTO_REENTRIES: u32 = 3;

/// What the headset and window apps are started with.
#[derive(Clone, Debug)]
pub struct Launch {
    /// `--ar`.
    pub ar: bool,
    /// `--seated`.
    pub seated: bool,
    /// `--frames`, for the headset app.
    pub frames: Option<u32>,
    /// The trip to open, by its command-line name.
    pub trip: Option<String>,
    /// What the window app does when the runtime comes back.
    pub reentry: Reentry,
    /// The pupil's language.
    pub lang: Lang,
    /// `--time`, the sun time at places whose Sun moves.
    pub time: Option<String>,
    /// `--class-mode`: start in the lobby's class list.
    pub class_mode: bool,
}

impl Launch {
    /// Arguments of a child app in `mode` (`xr` or `flat`).
    fn args(&self, mode: &str, reentry: Reentry) -> Vec<String> {
        let mut args = vec![
            "--mode".to_string(),
            mode.to_string(),
            "--supervised".to_string(),
            "--reenter".to_string(),
            reentry.name().to_string(),
            "--lang".to_string(),
            self.lang.code().to_string(),
        ];
        if self.ar {
            args.push("--ar".into());
        }
        if self.seated {
            args.push("--seated".into());
        }
        if self.class_mode {
            args.push("--class-mode".into());
        }
        if let (Some(frames), "xr") = (self.frames, mode) {
            args.extend(["--frames".to_string(), frames.to_string()]);
        }
        if let Some(time) = &self.time {
            args.extend(["--time".to_string(), time.clone()]);
        }
        if let Some(trip) = &self.trip {
            args.extend(["trip".to_string(), trip.clone()]);
        }
        args
    }
}

/// Runs the headset app, and the window app whenever the headset session is lost, until one
/// of them ends normally. Its exit code is the one to leave with.
pub fn supervise(launch: &Launch) -> Result<ExitCode, String> {
    let exe = std::env::current_exe()
        .map_err(|e| format!("cannot find the retki program to start the headset app: {e}"))?;
    let mut auto_left = MAX_AUTO_REENTRIES;
    loop {
        let status = run(&exe, &launch.args("xr", launch.reentry))?;
        if status.success() {
            return Ok(ExitCode::SUCCESS);
        }
        let policy = if auto_left > 0 {
            launch.reentry
        } else {
            Reentry::Ask
        };
        let Ok(display) = probe_display() else {
            eprintln!(
                "xr: the headset session was lost ({}); no display to continue on, waiting for the headset runtime to come back",
                describe(status)
            );
            let runtime = wait_for_runtime();
            eprintln!("xr: the headset runtime is back ({runtime}); going back in");
            continue;
        };
        eprintln!(
            "xr: the headset session was lost ({}); continuing in the window ({display})",
            describe(status)
        );
        let status = run(&exe, &launch.args("flat", policy))?;
        match status.code() {
            Some(code) if code == i32::from(REENTER_EXIT_CODE) => {
                if policy == Reentry::Auto {
                    auto_left -= 1;
                }
                eprintln!("xr: going back into the headset");
            }
            Some(0) => return Ok(ExitCode::SUCCESS),
            _ => {
                return Err(format!(
                    "the window app stopped ({}); see the log above",
                    describe(status)
                ));
            }
        }
    }
}

fn run(exe: &Path, args: &[String]) -> Result<ExitStatus, String> {
    retki_core::paths::retki_command(exe)
        .args(args)
        .status()
        .map_err(|e| format!("cannot start {}: {e}", exe.display()))
}

/// Blocks until an OpenXR runtime with a headset answers; returns its name.
fn wait_for_runtime() -> String {
    loop {
        if let Ok(runtime) = probe_openxr() {
            return runtime;
        }
        std::thread::sleep(PROBE_INTERVAL);
    }
}

/// A child's end in words.
fn describe(status: ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(101), _) => "the headset app stopped on an error from the runtime".into(),
        (Some(code), _) => format!("the headset app exited with code {code}"),
        (None, Some(signal)) => format!("the headset app was killed by signal {signal}"),
        (None, None) => "the headset app ended".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn child_arguments_carry_the_trip_and_choices() {
        let launch = Launch {
            ar: true,
            seated: true,
            frames: Some(120),
            trip: Some("lunar".into()),
            reentry: Reentry::Auto,
            lang: Lang::Sv,
            time: None,
            class_mode: false,
        };
        assert_eq!(
            launch.args("xr", Reentry::Auto).join(" "),
            "--mode xr --supervised --reenter auto --lang sv --ar --seated --frames 120 trip lunar"
        );
        let lobby = Launch {
            trip: None,
            class_mode: true,
            ..launch.clone()
        };
        assert_eq!(
            lobby.args("xr", Reentry::Auto).join(" "),
            "--mode xr --supervised --reenter auto --lang sv --ar --seated --class-mode --frames 120"
        );
        // The window app runs until the pupil leaves or goes back in: no frame limit.
        assert_eq!(
            launch.args("flat", Reentry::Ask).join(" "),
            "--mode flat --supervised --reenter ask --lang sv --ar --seated trip lunar"
        );
    }

    #[test]
    fn ends_are_described() {
        use std::os::unix::process::ExitStatusExt;
        assert!(describe(ExitStatus::from_raw(101 << 8)).contains("error from the runtime"));
        assert!(describe(ExitStatus::from_raw(3 << 8)).contains("code 3"));
        assert!(describe(ExitStatus::from_raw(9)).contains("signal 9"));
    }
}
