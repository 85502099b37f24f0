//! Picking up a rock sample on the Moon through Retki's actions: it follows the view while
//! held, and flies off with the hand's speed when let go.

use std::time::Duration;

use bevy::prelude::*;
use bevy::time::TimeUpdateStrategy;
use bevy_rapier3d::prelude::{RigidBody, Velocity};
use retki::app::{self, Face};
use retki_core::physics::{Grabbable, PHYSICS_RATE_HZ};
use retki_core::pointer::PointerSource;
use retki_core::viewer::ViewerCamera;
use retki_input::grab::{HOLD_IN_VIEW_M, Held};
use retki_scenes::lunar::LUNAR;

/// Moves the view 0.1 m along z: at one step a frame, 6 m/s.
fn sweep(app: &mut App, camera: Entity) {
    app.world_mut()
        .get_mut::<Transform>(camera)
        .unwrap()
        .translation
        .z += 0.1;
}

#[test]
fn a_rock_is_carried_in_view_and_thrown_with_the_hands_speed() {
    let mut app = app::build(Face::Headless { camera: true }, Some(LUNAR));
    let step = Duration::from_secs_f64(1.0 / PHYSICS_RATE_HZ);
    app.insert_resource(TimeUpdateStrategy::ManualDuration(step));
    app::update_until_in_scene(&mut app, 2_000).expect("the lunar trip opens");
    // Let the samples settle on the ground.
    for _ in 0..60 {
        app.update();
    }
    let (rock, at) = app
        .world_mut()
        .query_filtered::<(Entity, &GlobalTransform), With<Grabbable>>()
        .iter(app.world())
        .map(|(e, t)| (e, t.translation()))
        .next()
        .expect("rock samples lie near the landing site");
    let camera = app
        .world_mut()
        .query_filtered::<Entity, With<ViewerCamera>>()
        .single(app.world())
        .unwrap();
    // Stand 1.5 m from the rock, looking at it, pointing as a laptop does.
    let eye = at + Vec3::new(-1.2, 0.9, 0.0);
    app.world_mut().entity_mut(camera).insert((
        PointerSource { beam: false },
        Transform::from_translation(eye).looking_at(at, Vec3::Y),
    ));
    app.update();
    app.world_mut()
        .resource_mut::<ButtonInput<MouseButton>>()
        .press(MouseButton::Right);
    app.update();
    assert!(
        app.world().get::<Held>(rock).is_some(),
        "the rock was picked up"
    );

    // Sweep the view sideways at 6 m/s (0.1 m a step) for a few steps, carrying the rock.
    for _ in 0..8 {
        sweep(&mut app, camera);
        app.update();
    }
    let view = *app.world().get::<Transform>(camera).unwrap();
    let held_at = app.world().get::<Transform>(rock).unwrap().translation;
    let expected = view.translation + view.forward().as_vec3() * HOLD_IN_VIEW_M;
    assert!(
        (held_at - expected).length() < 1e-3,
        "held at {held_at}, expected {expected} in front of the view"
    );

    // Let go while still sweeping, as a throwing hand does.
    app.world_mut()
        .resource_mut::<ButtonInput<MouseButton>>()
        .release(MouseButton::Right);
    sweep(&mut app, camera);
    app.update();
    assert!(app.world().get::<Held>(rock).is_none());
    assert_eq!(
        *app.world().get::<RigidBody>(rock).unwrap(),
        RigidBody::Dynamic
    );
    let thrown = app.world().get::<Velocity>(rock).unwrap().linear;
    assert!(
        (thrown.z - 6.0).abs() < 0.5,
        "thrown at {thrown} m/s; the view moved at 6 m/s along z"
    );
    // Half a second later it is still flying along z.
    for _ in 0..30 {
        app.update();
    }
    let later = app.world().get::<Transform>(rock).unwrap().translation;
    assert!(later.z > held_at.z + 2.0, "from {held_at} to {later}");
}
