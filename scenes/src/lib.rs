//! Retki's places, one module each. A place registers its name, viewpoints and look with the
//! core's scene registry and builds its world when its trip starts; everything it spawns is
//! trip-scoped, so leaving removes it.
//!
//! Only the lunar surface exists yet; the seabed, the rainforest, the Middle Ages town and the
//! schoolyard join it here.

pub mod lunar;

use bevy::prelude::*;
use retki_core::SceneDef;

/// Every place's description, without starting an app (for checking command-line names).
pub fn catalogue() -> Vec<SceneDef> {
    vec![lunar::scene_def()]
}

/// Adds every place.
pub struct ScenesPlugin;

impl Plugin for ScenesPlugin {
    fn build(&self, app: &mut App) {
        app.add_plugins(lunar::plugin);
    }
}
