//! A headless capture: the lunar surface's landing-site viewpoint rendered off-screen to a
//! PNG file, with no window and no GPU needed (Mesa's lavapipe renders on the CPU). The same
//! path `retki render` takes, in a few lines.
//!
//! Run: `cargo run --example capture_view -- [OUT_DIR]` (default: a temporary folder)

use std::path::PathBuf;
use std::process::ExitCode;

use bevy::prelude::*;
use retki::app::{self, Face};
use retki_core::capture::{CapturePlan, CapturePlugin, CaptureReport};
use retki_core::poi::PlaceContents;
use retki_scenes::lunar::LUNAR;

/// The picture's size, pixels: small, so lavapipe draws it in seconds.
const SIZE: (u32, u32) = (640, 360);
/// The viewpoint to capture.
const VIEW: &str = "landing_site";

fn main() -> ExitCode {
    let out = std::env::args_os().nth(1).map_or_else(
        || std::env::temp_dir().join("retki-capture-view"),
        PathBuf::from,
    );
    if let Err(e) = std::fs::create_dir_all(&out) {
        eprintln!("cannot create the folder {}: {e}", out.display());
        return ExitCode::FAILURE;
    }
    let contents = match PlaceContents::load(&retki_scenes::catalogue()) {
        Ok(contents) => contents,
        Err(errors) => {
            eprintln!("the places' content has errors:\n{errors}");
            return ExitCode::FAILURE;
        }
    };
    let report = CaptureReport::default();
    let (width, height) = SIZE;
    let mut app = app::build(Face::Offscreen { width, height }, Some(LUNAR));
    app.insert_resource(contents).add_plugins(CapturePlugin {
        plan: CapturePlan {
            views: vec![VIEW.into()],
            out_dir: Some(out),
            open_poi: None,
        },
        report: report.clone(),
    });
    if let AppExit::Error(code) = app.run() {
        eprintln!("the app stopped with error code {code}");
        return ExitCode::FAILURE;
    }
    let Some(image) = report.views().into_iter().find_map(|view| view.image) else {
        eprintln!("no picture was taken");
        return ExitCode::FAILURE;
    };
    println!("{}", image.display());
    ExitCode::SUCCESS
}
