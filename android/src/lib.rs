//! Retki on a standalone headset: Android starts this library, and it opens the lunar trip in
//! the headset, as `retki trip lunar` does on a PC with an OpenXR runtime.

use bevy::prelude::*;
use retki::app::{self, Face};

/// The entry point Android's NativeActivity calls.
#[bevy_main]
fn main() {
    app::build(
        Face::Xr {
            window: false,
            ar: false,
        },
        Some(retki_scenes::lunar::LUNAR),
    )
    .run();
}
