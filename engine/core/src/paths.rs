//! Where Retki finds its files, and the `shaders://` asset source.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use bevy::asset::io::AssetSourceBuilder;
use bevy::prelude::*;

/// Name of the asset source that serves the top-level `shaders/` folder: load a shader as
/// `shaders://name.wgsl`.
pub const SHADER_SOURCE: &str = "shaders";

/// The environment variable that names the folder holding `assets/` and `shaders/`, as
/// `--assets DIR` does; children that Retki starts get it, so they use the same files.
pub const ASSETS_VARIABLE: &str = "RETKI_ASSETS";

/// The folder chosen, once per process.
static ROOT: OnceLock<PathBuf> = OnceLock::new();

/// Uses `dir` (`--assets DIR`) for Retki's files. Call it before anything looks for them;
/// later calls change nothing.
pub fn use_root(dir: PathBuf) {
    let _ = ROOT.set(dir);
}

/// The folder holding `assets/` and `shaders/`, looked for once, in order:
/// - `--assets DIR` ([`use_root`]), `RETKI_ASSETS` or `RETKI_ROOT`;
/// - the nearest folder at or above the one `cargo run` or `cargo test` was started for (a
///   workspace member's tests find the workspace's files);
/// - beside the executable, or above it (a build in the repository's `target/`; the
///   Windows install folder);
/// - the package's data folder: `../share/retki` from the executable's folder
///   (`/usr/bin/retki` finds `/usr/share/retki`), then `/usr/share/retki`;
/// - the working directory, or above it.
///
/// Where none has them, one line on standard error says where it looked and what to do, and
/// the working directory is used.
pub fn project_root() -> PathBuf {
    ROOT.get_or_init(|| {
        let (found, looked) = find_root();
        found.unwrap_or_else(|| {
            eprintln!(
                "retki: found no assets/ and shaders/ in {}; pass --assets DIR (the folder that \
                 holds them) or set {ASSETS_VARIABLE}",
                looked.join(", ")
            );
            std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."))
        })
    })
    .clone()
}

/// A command that starts Retki's program `exe` (a server, a pupil's app, the headset app)
/// with the same files as this one.
pub fn retki_command(exe: impl AsRef<std::ffi::OsStr>) -> std::process::Command {
    let mut command = std::process::Command::new(exe);
    command.env(ASSETS_VARIABLE, project_root());
    command
}

/// Whether `dir` holds Retki's files.
fn has_both(dir: &Path) -> bool {
    dir.join("assets").is_dir() && dir.join("shaders").is_dir()
}

/// The folder with Retki's files, if one of the places has them, and the places looked at.
fn find_root() -> (Option<PathBuf>, Vec<String>) {
    let variable = |name| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    // A folder named outright is used as it is (a wrong one fails with its own name).
    if let Some(dir) = variable(ASSETS_VARIABLE).or_else(|| variable("RETKI_ROOT")) {
        let named = dir.display().to_string();
        return (Some(dir), vec![named]);
    }
    // Each place, and whether the folders above it count too.
    let mut places: Vec<(PathBuf, bool)> = Vec::new();
    if let Some(dir) = variable("CARGO_MANIFEST_DIR") {
        places.push((dir, true));
    }
    if let Some(dir) = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(Path::to_path_buf))
    {
        let share = dir
            .parent()
            .map(|prefix| prefix.join("share").join("retki"));
        places.push((dir, true));
        places.extend(share.map(|share| (share, false)));
    }
    places.push((PathBuf::from("/usr/share/retki"), false));
    if let Ok(dir) = std::env::current_dir() {
        places.push((dir, true));
    }
    let found = places.iter().find_map(|(place, climb)| {
        if *climb {
            place
                .ancestors()
                .find(|dir| has_both(dir))
                .map(Path::to_path_buf)
        } else {
            has_both(place).then(|| place.clone())
        }
    });
    let looked = places
        .iter()
        .map(|(place, climb)| {
            let place = place.display();
            if *climb {
                format!("{place} (and above)")
            } else {
                place.to_string()
            }
        })
        .collect();
    (found, looked)
}

/// The `assets/` folder, for Bevy's `AssetPlugin::file_path`.
pub fn assets_dir() -> PathBuf {
    project_root().join("assets")
}

/// Registers `shaders/` as the [`SHADER_SOURCE`] asset source. Must run before Bevy's
/// `AssetPlugin` is added.
pub fn register_shader_source(app: &mut App) {
    let dir = project_root().join("shaders");
    app.register_asset_source(
        SHADER_SOURCE,
        AssetSourceBuilder::platform_default(&dir.to_string_lossy(), None),
    );
}
