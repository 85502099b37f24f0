//! Things fall on the Moon as they do on the Moon: the lunar trip runs rapier with 1.62 m/s².

use std::time::Duration;

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
    let mut app = app::build(Face::Headless { camera: false }, Some(LUNAR));
    app::update_until_in_scene(&mut app, MAX_FRAMES).expect("the lunar trip opens");
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
