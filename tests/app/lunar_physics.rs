//! Things fall on the Moon as they do on the Moon: the lunar trip runs rapier with 1.62 m/s².

use std::time::Duration;

use crate::common;

use bevy::prelude::*;
use bevy::time::TimeUpdateStrategy;
use bevy_rapier3d::prelude::*;
use retki::app::{self, Face};
use retki_core::pointer::{PointerHit, PointerSource};
use retki_scenes::lunar::{LUNAR, LUNAR_SURFACE_GRAVITY_M_S2, surface};

/// Frames to wait for the trip to open before a test gives up.
const MAX_FRAMES: usize = 2_000;

#[test]
fn a_dropped_rock_falls_with_lunar_gravity_and_lands_on_the_ground() {
    let mut app = app::build(Face::Headless { camera: false }, Some(LUNAR));
    // Each frame advances the clock by exactly one physics step.
    let step = Duration::from_secs_f64(1.0 / retki_core::physics::PHYSICS_RATE_HZ);
    app.insert_resource(TimeUpdateStrategy::ManualDuration(step));
    app::update_until_in_scene(&mut app, MAX_FRAMES).expect("the lunar trip opens");

    // A spot near the landing site with no boulder to land on.
    let (x, z) = (0..100)
        .map(|k| (k as f32 * 0.7, -(k as f32) * 0.4))
        .find(|&(x, z)| {
            surface()
                .boulders
                .iter()
                .all(|b| (b.position[0] - x).hypot(b.position[2] - z) > b.radius_m + 1.0)
        })
        .expect("somewhere clear near the landing site");
    let ground = surface().heightfield.height_at(x, z);
    let start = ground + 10.0;
    let radius = 0.1;
    let rock = app
        .world_mut()
        .spawn((
            Transform::from_xyz(x, start, z),
            RigidBody::Dynamic,
            Collider::ball(radius),
            Velocity::zero(),
        ))
        .id();
    // One second of fall: ½ g t² = 0.81 m on the Moon (4.9 m on the Earth).
    let steps = retki_core::physics::PHYSICS_RATE_HZ as usize;
    for _ in 0..=steps {
        app.update();
    }
    let y = app.world().get::<Transform>(rock).unwrap().translation.y;
    let fallen = start - y;
    let expected = 0.5 * LUNAR_SURFACE_GRAVITY_M_S2;
    assert!(
        (fallen - expected).abs() < 0.1 * expected,
        "fell {fallen} m in 1 s; expected {expected} m"
    );

    // Four more seconds: it has landed on the generated ground and stays there.
    for _ in 0..4 * steps {
        app.update();
    }
    let y = app.world().get::<Transform>(rock).unwrap().translation.y;
    assert!(
        (y - (ground + radius)).abs() < 0.05,
        "rests at {y} m; the ground is at {ground} m"
    );
}

#[test]
fn the_pointer_lands_on_the_ground_it_points_at() {
    let mut app = common::lunar_headless(false);
    let (x, z) = (1.0, -1.5);
    let ground = surface().heightfield.height_at(x, z);
    app.world_mut().spawn((
        PointerSource { beam: true },
        Transform::from_xyz(x, ground + 3.0, z).looking_to(Vec3::NEG_Y, Vec3::Z),
    ));
    for _ in 0..5 {
        app.update();
    }
    let hit = app
        .world()
        .resource::<PointerHit>()
        .0
        .expect("pointing straight down hits the ground");
    assert!(
        (hit.point - Vec3::new(x, ground, z)).length() < 0.02,
        "hit {:?}, ground at {ground}",
        hit.point
    );
    assert!((hit.distance_m - 3.0).abs() < 0.02);
    assert!(hit.normal.y > 0.9, "the ground faces up: {:?}", hit.normal);

    // Pointing at the sky hits nothing within reach.
    let mut sources = app
        .world_mut()
        .query_filtered::<&mut Transform, With<PointerSource>>();
    for mut transform in sources.iter_mut(app.world_mut()) {
        transform.look_to(Vec3::Y, Vec3::Z);
    }
    for _ in 0..3 {
        app.update();
    }
    assert_eq!(app.world().resource::<PointerHit>().0, None);
}

/// Runs the lunar hammer-and-feather drop with the medium at `density_kg_m3` and returns the
/// fall times of the hammer and the feather, seconds.
fn hammer_and_feather(density_kg_m3: Option<f32>) -> (f32, f32) {
    use retki_core::experiment::{DropRequest, DropTimer};
    use retki_core::physics::Medium;

    let mut app = app::build(Face::Headless { camera: false }, Some(LUNAR));
    let step = Duration::from_secs_f64(1.0 / retki_core::physics::PHYSICS_RATE_HZ);
    app.insert_resource(TimeUpdateStrategy::ManualDuration(step));
    app::update_until_in_scene(&mut app, MAX_FRAMES).expect("the lunar trip opens");
    if let Some(density_kg_m3) = density_kg_m3 {
        app.insert_resource(Medium {
            density_kg_m3,
            surface_y_m: None,
        });
    }
    app.world_mut().write_message(DropRequest);
    for _ in 0..(20.0 * retki_core::physics::PHYSICS_RATE_HZ) as usize {
        app.update();
        let timer = app.world().resource::<DropTimer>();
        if timer.steps > 0 && !timer.running {
            break;
        }
    }
    let timer = app.world().resource::<DropTimer>();
    (
        timer.fall_time_s("hammer").expect("the hammer landed"),
        timer.fall_time_s("feather").expect("the feather landed"),
    )
}

#[test]
fn hammer_and_feather_land_together_on_the_moon() {
    use retki_scenes::lunar::DROP_HEIGHT_M;

    let (hammer, feather) = hammer_and_feather(None);
    let step = 1.0 / retki_core::physics::PHYSICS_RATE_HZ as f32;
    assert!(
        (hammer - feather).abs() <= step + 1e-6,
        "hammer {hammer} s, feather {feather} s: more than one step apart"
    );
    // Free fall: t = √(2h/g) = 1.41 s from 1.6 m on the Moon (0.57 s on the Earth).
    let expected = (2.0 * DROP_HEIGHT_M / LUNAR_SURFACE_GRAVITY_M_S2).sqrt();
    assert!(
        (hammer - expected).abs() <= 2.0 * step,
        "fell in {hammer} s; √(2h/g) = {expected} s"
    );
}

/// The same drop in sea-level air: the feather's drag holds it back, so the test above could
/// fail if the Moon had air.
#[test]
fn in_air_the_feather_lags_behind() {
    let (hammer, feather) =
        hammer_and_feather(Some(retki_core::physics::SEA_LEVEL_AIR_DENSITY_KG_M3));
    assert!(
        feather > hammer + 1.0,
        "hammer {hammer} s, feather {feather} s"
    );
}
