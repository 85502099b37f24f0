//! The seabed's water, in the running app: a granite cobble sinks to the bottom and a cork
//! float rises to the surface and stays there, each by its density against the brackish
//! water's.

use crate::common;

use bevy::prelude::*;
use bevy_rapier3d::prelude::Velocity;
use retki_scenes::seabed::{self, SEABED, SURFACE_Y_M};

/// Where a body called `name` is, metres.
fn position(app: &mut App, name: &str) -> Vec3 {
    let mut query = app.world_mut().query::<(&Name, &Transform)>();
    query
        .iter(app.world())
        .find(|(n, _)| n.as_str() == name)
        .map(|(_, t)| t.translation)
        .unwrap_or_else(|| panic!("no {name} in the seabed"))
}

/// Puts the body called `name` at `at`, at rest.
fn hold(app: &mut App, name: &str, at: Vec3) {
    let mut query = app
        .world_mut()
        .query::<(&Name, &mut Transform, &mut Velocity)>();
    for (n, mut transform, mut velocity) in query.iter_mut(app.world_mut()) {
        if n.as_str() == name {
            transform.translation = at;
            *velocity = Velocity::zero();
        }
    }
}

#[test]
fn a_dense_stone_sinks_and_a_light_float_rises() {
    let mut app = common::trip_headless(SEABED, false);
    let site = seabed::BUOYANCY_SITE;
    let ground = seabed::seabed().ground.height_at(site.x, site.y);
    // Both let go in mid-water, a metre above the sand.
    let start_y = ground + 1.0;
    hold(
        &mut app,
        "Granite cobble",
        Vec3::new(site.x, start_y, site.y),
    );
    hold(
        &mut app,
        "Cork float",
        Vec3::new(site.x + 0.6, start_y, site.y),
    );
    let mut float_top = f32::MIN;
    for _ in 0..600 {
        app.update();
        float_top = float_top.max(position(&mut app, "Cork float").y);
    }
    let cobble = position(&mut app, "Granite cobble");
    let float = position(&mut app, "Cork float");
    assert!(
        cobble.y < start_y - 0.5 && cobble.y > ground - 0.2,
        "the cobble should rest on the sand at {ground:.2} m, is at {:.2} m",
        cobble.y
    );
    // Cork floats mostly out of the water: it settles with its middle near the surface and
    // never flies off above it.
    let (_, height) = seabed::FLOAT_SIZE_M;
    assert!(
        (float.y - SURFACE_Y_M).abs() < height,
        "the float should ride at the surface ({SURFACE_Y_M} m), is at {:.2} m",
        float.y
    );
    assert!(
        float_top < SURFACE_Y_M + 0.5,
        "it jumped to {float_top:.2} m"
    );
}
