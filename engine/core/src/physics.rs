//! Physics through rapier: one simulation, with each place's own gravity.

use bevy::prelude::*;
use bevy_rapier3d::prelude::*;

use crate::scene::SceneRegistry;
use crate::trip::{ActiveTrip, TripPhase};

/// Standard gravity at the Earth's surface, m/s² (BIPM, SI Brochure, 9th ed., 2019): the
/// gravity of the chooser and of places on Earth.
pub const EARTH_GRAVITY_M_S2: f32 = 9.806_65;

/// Physics runs at this fixed rate, Hz, in Bevy's `FixedUpdate`, whatever the display's rate.
pub const PHYSICS_RATE_HZ: f64 = 60.0;

pub(crate) fn plugin(app: &mut App) {
    app.insert_resource(TimestepMode::Fixed {
        dt: (1.0 / PHYSICS_RATE_HZ) as f32,
        substeps: 1,
    })
    .insert_resource(Time::<Fixed>::from_hz(PHYSICS_RATE_HZ))
    .add_plugins(RapierPhysicsPlugin::<NoUserData>::default().in_fixed_schedule())
    .add_systems(OnEnter(TripPhase::WarmingPipelines), apply_scene_gravity);
}

fn apply_scene_gravity(
    trip: Res<State<ActiveTrip>>,
    registry: Res<SceneRegistry>,
    mut config: Query<&mut RapierConfiguration, With<DefaultRapierContext>>,
) {
    let gravity = registry
        .open(trip.get())
        .map_or(EARTH_GRAVITY_M_S2, |def| def.gravity_m_s2);
    for mut config in &mut config {
        config.gravity = Vec3::NEG_Y * gravity;
    }
}
