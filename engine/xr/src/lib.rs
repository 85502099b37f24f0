//! How Retki meets the person: in a headset through OpenXR, in a window on a laptop, or with no
//! display at all. This crate chooses among them ([`mode`]) and sets up the OpenXR face
//! ([`XrFacePlugin`]); the rig, unified input actions, comfort locomotion and passthrough
//! grow here.
//!
//! Scenes never talk to OpenXR: they see Retki's viewpoints and, later, its input actions.

pub mod actions;
pub mod mode;
pub mod passthrough;
pub mod rig;
pub mod session;
pub mod xr_actions;

use bevy::app::PluginGroupBuilder;
use bevy::prelude::*;

pub use mode::{Mode, ModeChoice, RunMode, choose_mode};

/// `plugins` with OpenXR in place of Bevy's plain renderer. If OpenXR fails to start, the
/// OpenXR plugins fall back to a normal window.
pub fn with_openxr(plugins: PluginGroupBuilder) -> PluginGroupBuilder {
    bevy_mod_openxr::add_xr_plugins(plugins)
}

/// Retki's actions for every face: keyboard and mouse now, controllers when
/// [`XrFacePlugin`] is added too.
pub struct ActionsPlugin;

impl Plugin for ActionsPlugin {
    fn build(&self, app: &mut App) {
        app.add_plugins(actions::plugin);
    }
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
        ));
    }
}
