//! Retki on a standalone headset: Android starts this library, and it opens the lobby on its
//! class list, as `retki --class-mode` does on a PC with an OpenXR runtime: a shared school
//! headset finds the class on the network, and the pupil types the code and picks a name.

use bevy::prelude::*;
use retki::app::{self, Face};
use retki_classroom::lobby::screen::Screen;

/// The entry point Android's NativeActivity calls.
#[bevy_main]
fn main() {
    let mut app = app::build(
        Face::Xr {
            window: false,
            ar: false,
        },
        None,
    );
    retki_input::comfort::keep_on_device(&mut app);
    retki::lobby::add_lobby(&mut app, Screen::Classes, true);
    app.run();
}
