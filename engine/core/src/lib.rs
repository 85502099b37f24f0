//! The heart of every Retki app: the trip states (which place is open and how far it has
//! loaded), the registry of places and their named viewpoints, the viewer, physics, points of
//! interest, capture of screenshots and scene statistics, and the `shaders/` asset source.
//!
//! A place (a "scene" in Retki's words, not Bevy's) is a plugin in `retki_scenes` that
//! registers a [`SceneDef`] and builds its world when its trip starts. Everything it spawns is
//! tagged with [`trip_scoped`], so leaving the trip removes it all.

pub mod capture;
pub mod experiment;
pub mod loading;
pub mod marker;
pub mod mesh;
pub mod panel;
pub mod paths;
pub mod physics;
pub mod poi;
pub mod pointer;
pub mod scene;
pub mod stats;
pub mod trip;
pub mod viewer;

use bevy::prelude::*;

pub use scene::{SceneDef, SceneId, SceneRegistry, Viewpoint};
pub use trip::{ActiveTrip, TripPhase, TripRequest, trip_scoped};

/// Everything in `retki_core` that every app face (window, headset, headless) needs.
///
/// Call [`paths::register_shader_source`] before adding Bevy's `AssetPlugin`.
pub struct RetkiCorePlugin;

impl Plugin for RetkiCorePlugin {
    fn build(&self, app: &mut App) {
        app.add_plugins((
            trip::plugin,
            scene::plugin,
            loading::plugin,
            viewer::plugin,
            physics::plugin,
            pointer::plugin,
            marker::plugin,
            poi::plugin,
            panel::plugin,
            experiment::plugin,
            stats::plugin,
        ));
    }
}
