//! Choosing how to run: headset, window, or no display.

use std::fmt;

/// What the person asked for with `--mode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Mode {
    /// OpenXR if a runtime answers, else a window, else explain and stop.
    Auto,
    /// OpenXR, or stop with the reason.
    Xr,
    /// A window, or stop with the reason.
    Flat,
    /// No window and no renderer: for servers and tests.
    Headless,
}

/// How the app will actually run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunMode {
    /// In a headset, through OpenXR.
    Xr,
    /// In a window.
    Flat,
    /// With no window.
    Headless,
}

/// A decision and the plain reason for it, for the one log line that says which mode runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModeChoice {
    /// The mode chosen.
    pub mode: RunMode,
    /// Why, in a sentence.
    pub reason: String,
}

impl fmt::Display for ModeChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self.mode {
            RunMode::Xr => "xr",
            RunMode::Flat => "flat",
            RunMode::Headless => "headless",
        };
        write!(f, "mode: {name} ({})", self.reason)
    }
}

/// The advice given when there is nowhere to show anything.
pub const NOWHERE_TO_SHOW: &str = "use `retki render SCENE --out DIR` to take screenshots \
     without a display, or `retki serve` to host a class from this machine";

/// Decides how to run for `requested`, probing the OpenXR runtime and the display as needed.
/// An error explains why the requested mode cannot run here and what to do instead.
pub fn choose_mode(requested: Mode) -> Result<ModeChoice, String> {
    decide(requested, probe_openxr, probe_display)
}

fn decide(
    requested: Mode,
    openxr: impl FnOnce() -> Result<String, String>,
    display: impl FnOnce() -> Result<String, String>,
) -> Result<ModeChoice, String> {
    match requested {
        Mode::Headless => Ok(ModeChoice {
            mode: RunMode::Headless,
            reason: "asked for with --mode headless".into(),
        }),
        Mode::Xr => openxr()
            .map(|runtime| ModeChoice {
                mode: RunMode::Xr,
                reason: format!("OpenXR runtime {runtime} answered"),
            })
            .map_err(|why| format!("cannot run in XR: {why}")),
        Mode::Flat => display()
            .map(|display| ModeChoice {
                mode: RunMode::Flat,
                reason: format!("asked for with --mode flat; display {display}"),
            })
            .map_err(|why| format!("cannot open a window: {why}; {NOWHERE_TO_SHOW}")),
        Mode::Auto => match openxr() {
            Ok(runtime) => Ok(ModeChoice {
                mode: RunMode::Xr,
                reason: format!("OpenXR runtime {runtime} answered"),
            }),
            Err(no_xr) => match display() {
                Ok(display) => Ok(ModeChoice {
                    mode: RunMode::Flat,
                    reason: format!("no headset ({no_xr}); display {display} found"),
                }),
                Err(no_display) => Err(format!(
                    "no headset ({no_xr}) and no display ({no_display}); {NOWHERE_TO_SHOW}"
                )),
            },
        },
    }
}

/// Whether a window can open: the name of the display, or why not.
pub fn probe_display() -> Result<String, String> {
    for var in ["WAYLAND_DISPLAY", "DISPLAY"] {
        if let Some(value) = std::env::var_os(var).filter(|v| !v.is_empty()) {
            return Ok(format!("{var}={}", value.to_string_lossy()));
        }
    }
    Err("neither DISPLAY nor WAYLAND_DISPLAY is set".into())
}

/// The active OpenXR runtime's manifest, found where the Khronos loader looks on Linux
/// (`XR_RUNTIME_JSON`, then `openxr/1/active_runtime.json` under `XDG_CONFIG_HOME`, each of
/// `XDG_CONFIG_DIRS`, and `/etc`), or why there is none.
pub fn find_runtime_manifest() -> Result<std::path::PathBuf, String> {
    use std::path::PathBuf;
    if let Some(path) = std::env::var_os("XR_RUNTIME_JSON").filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        return if path.is_file() {
            Ok(path)
        } else {
            Err(format!(
                "XR_RUNTIME_JSON names {}, which does not exist",
                path.display()
            ))
        };
    }
    let home_config = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".config")));
    let config_dirs = std::env::var("XDG_CONFIG_DIRS")
        .ok()
        .filter(|dirs| !dirs.is_empty())
        .unwrap_or_else(|| "/etc/xdg".into());
    home_config
        .into_iter()
        .chain(config_dirs.split(':').map(PathBuf::from))
        .chain([PathBuf::from("/etc")])
        .map(|dir| dir.join("openxr/1/active_runtime.json"))
        .find(|path| path.is_file())
        .ok_or_else(|| "no OpenXR runtime is installed (no active_runtime.json)".to_string())
}

/// Whether an OpenXR runtime answers and has a headset: the runtime's name, or why not.
/// Without a runtime manifest the loader is not even opened, so nothing but Retki's own line
/// is printed.
pub fn probe_openxr() -> Result<String, String> {
    find_runtime_manifest()?;
    #[expect(
        unsafe_code,
        reason = "loading the OpenXR loader library runs its initialisers; that is the probe"
    )]
    // SAFETY: `libopenxr_loader.so` is the Khronos loader, whose initialisers are sound.
    let entry = unsafe { openxr::Entry::load() }
        .map_err(|e| format!("no OpenXR loader (libopenxr_loader.so): {e}"))?;
    let info = openxr::ApplicationInfo {
        application_name: "retki-probe",
        engine_name: "retki",
        ..Default::default()
    };
    let instance = entry
        .create_instance(&info, &openxr::ExtensionSet::default(), &[])
        .map_err(|e| format!("no OpenXR runtime answered: {e}"))?;
    let runtime = instance
        .properties()
        .map(|p| p.runtime_name)
        .unwrap_or_else(|_| "(unnamed)".into());
    instance
        .system(openxr::FormFactor::HEAD_MOUNTED_DISPLAY)
        .map_err(|e| format!("OpenXR runtime {runtime} has no headset: {e}"))?;
    Ok(runtime)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yes(name: &str) -> impl FnOnce() -> Result<String, String> + '_ {
        move || Ok(name.to_string())
    }

    fn no(why: &str) -> impl FnOnce() -> Result<String, String> + '_ {
        move || Err(why.to_string())
    }

    #[test]
    fn auto_prefers_headset_then_window() {
        let xr = decide(Mode::Auto, yes("Monado"), yes(":0")).unwrap();
        assert_eq!(xr.mode, RunMode::Xr);
        let flat = decide(Mode::Auto, no("no loader"), yes(":0")).unwrap();
        assert_eq!(flat.mode, RunMode::Flat);
        assert!(flat.reason.contains("no loader"), "{}", flat.reason);
    }

    #[test]
    fn auto_with_nothing_explains_and_points_onwards() {
        let error = decide(Mode::Auto, no("no loader"), no("DISPLAY unset")).unwrap_err();
        assert!(error.contains("no loader") && error.contains("DISPLAY unset"));
        assert!(error.contains("retki render") && error.contains("retki serve"));
    }

    #[test]
    fn forced_modes_do_not_fall_back() {
        assert!(decide(Mode::Xr, no("none"), yes(":0")).is_err());
        assert!(decide(Mode::Flat, yes("Monado"), no("unset")).is_err());
        let headless = decide(Mode::Headless, no("a"), no("b")).unwrap();
        assert_eq!(headless.mode, RunMode::Headless);
    }
}
