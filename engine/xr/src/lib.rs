//! How Retki meets the person: in a headset through OpenXR, in a window on a laptop, or with no
//! display at all. This crate chooses among them ([`mode`]) and sets up the OpenXR face
//! ([`XrFacePlugin`]): the rig, the OpenXR action set that writes `retki_input`'s actions,
//! passthrough, controller and hand models, and the way back into the headset after a lost
//! session ([`reentry`], [`supervise`]).
//!
//! Scenes never talk to OpenXR: they see Retki's viewpoints and `retki_input`'s actions.

pub mod mode;
pub mod models;
pub mod passthrough;
pub mod reentry;
pub mod rig;
pub mod session;
pub mod supervise;
pub mod xr_actions;

use bevy::app::PluginGroupBuilder;
use bevy::prelude::*;

pub use mode::{Mode, ModeChoice, RunMode, choose_mode};
pub use reentry::{REENTER_EXIT_CODE, Reentry, ReentryPlugin};

/// `plugins` with OpenXR in place of Bevy's plain renderer. If OpenXR fails to start, the
/// OpenXR plugins fall back to a normal window.
///
/// Retki asks for hand tracking (`XR_EXT_hand_tracking`, hand joints) and hand-tracking pinch
/// (`XR_EXT_hand_interaction`); an extension the runtime does not offer is left out with a
/// warning, and the session starts without it.
pub fn with_openxr(plugins: PluginGroupBuilder) -> PluginGroupBuilder {
    use bevy_mod_openxr::init::OxrInitPlugin;
    use bevy_mod_openxr::types::{AppInfo, Version};

    let mut init = OxrInitPlugin {
        app_info: AppInfo {
            name: "Retki".into(),
            version: Version(0, 1, 0),
        },
        ..default()
    };
    init.exts.raw_mut().ext_hand_interaction = true;
    bevy_mod_openxr::add_xr_plugins(plugins).set(init)
}

/// Retki's part of the headset face: session logging and frame counting, controller actions,
/// passthrough, and the rig (head and controllers, and the tracking space that viewpoints
/// move). Insert
/// [`passthrough::ArRequested`] before adding it to ask for passthrough.
pub struct XrFacePlugin;

impl Plugin for XrFacePlugin {
    fn build(&self, app: &mut App) {
        app.add_plugins((
            session::plugin,
            xr_actions::plugin,
            passthrough::plugin,
            rig::plugin,
            models::InputModelsPlugin,
        ));
    }
}
