//! Where Retki finds its files, and the `shaders://` asset source.

use std::path::{Path, PathBuf};

use bevy::asset::io::AssetSourceBuilder;
use bevy::prelude::*;

/// Name of the asset source that serves the top-level `shaders/` folder: load a shader as
/// `shaders://name.wgsl`.
pub const SHADER_SOURCE: &str = "shaders";

/// The folder holding `assets/` and `shaders/`.
///
/// In order: the `RETKI_ROOT` environment variable; the nearest folder at or above the one
/// `cargo run` or `cargo test` was started for (a workspace member's tests find the
/// workspace's files) that has both `assets/` and `shaders/`; the same above the executable;
/// the working directory.
pub fn project_root() -> PathBuf {
    if let Some(root) = std::env::var_os("RETKI_ROOT") {
        return PathBuf::from(root);
    }
    let has_both = |dir: &Path| dir.join("assets").is_dir() && dir.join("shaders").is_dir();
    if let Some(dir) = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from)
        && let Some(dir) = dir.ancestors().find(|dir| has_both(dir))
    {
        return dir.to_path_buf();
    }
    if let Ok(exe) = std::env::current_exe()
        && let Some(dir) = exe.ancestors().find(|dir| has_both(dir))
    {
        return dir.to_path_buf();
    }
    std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."))
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
