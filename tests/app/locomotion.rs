//! Comfortable movement on the lunar surface through Retki's actions: teleport onto ground,
//! refused onto a boulder, and snap turns of 30°, each followed by a fading vignette; the arc
//! and the pointer in safe colours and high contrast.

use crate::common;

use bevy::prelude::*;
use retki_core::marker::{HIGH_CONTRAST_SIZE, MarkerStyle};
use retki_core::pointer::PointerSource;
use retki_core::viewer::ViewerCamera;
use retki_input::comfort::Comfort;
use retki_input::locomotion::{Refusal, SNAP_TURN_DEG, TeleportAim};
use retki_input::vignette::{VIGNETTE_FADE_S, Vignette};
use retki_input::{Action, bindings::hold_key};
use retki_scenes::lunar::surface;

/// The lunar trip, headless, with the viewer camera pointing as a laptop's does.
fn lunar_app() -> (App, Entity) {
    let mut app = common::lunar_headless(true);
    let camera = app
        .world_mut()
        .query_filtered::<Entity, With<ViewerCamera>>()
        .single(app.world())
        .unwrap();
    app.world_mut()
        .entity_mut(camera)
        .insert(PointerSource { beam: false });
    (app, camera)
}

/// Aims from eye height at `(x, z)` towards `target` and holds T for a few frames, then lets
/// go; returns what the aim said just before.
fn teleport_towards(app: &mut App, camera: Entity, from: Vec2, target: Vec3) -> TeleportAim {
    let eye = Vec3::new(
        from.x,
        surface().heightfield.height_at(from.x, from.y) + 1.5,
        from.y,
    );
    *app.world_mut().get_mut::<Transform>(camera).unwrap() =
        Transform::from_translation(eye).looking_at(target, Vec3::Y);
    app.update();
    hold_key(app.world_mut(), Action::Teleport, true);
    for _ in 0..3 {
        app.update();
    }
    let aim = app.world().resource::<TeleportAim>().clone();
    hold_key(app.world_mut(), Action::Teleport, false);
    for _ in 0..2 {
        app.update();
    }
    aim
}

fn eye(app: &App, camera: Entity) -> Vec3 {
    app.world().get::<Transform>(camera).unwrap().translation
}

#[test]
fn teleport_lands_on_open_ground_and_is_refused_on_a_boulder() {
    let (mut app, camera) = lunar_app();

    // Open ground a few metres ahead of a spot with no boulder near.
    let clear = |x: f32, z: f32, r: f32| {
        surface()
            .boulders
            .iter()
            .all(|b| (b.position[0] - x).hypot(b.position[2] - z) > b.radius_m + r)
    };
    let (x, z) = (0..200)
        .map(|k| (k as f32 * 0.9 - 40.0, 20.0 - k as f32 * 0.3))
        .find(|&(x, z)| clear(x, z, 3.0) && clear(x, z + 4.0, 3.0))
        .expect("somewhere open");
    let ground = |x: f32, z: f32| Vec3::new(x, surface().heightfield.height_at(x, z), z);
    let aim = teleport_towards(&mut app, camera, Vec2::new(x, z), ground(x, z + 4.0));
    let Some(Ok(target)) = aim.target else {
        panic!("aiming at open ground should be allowed: {:?}", aim.target);
    };
    let at = eye(&app, camera);
    assert!(
        (at - (target + Vec3::Y * 1.5)).length() < 1e-3,
        "eyes at {at}, expected 1.5 m above {target}"
    );
    assert!(at.z > z + 1.0, "moved forward: from z {z} to {}", at.z);
    assert!(
        app.world().resource::<Vignette>().0 > 0.8,
        "a jump darkens the edges"
    );

    // A big boulder: aim straight at its middle from a few metres away.
    let boulder = surface()
        .boulders
        .iter()
        .filter(|b| b.radius_m > 0.8)
        .find(|b| clear(b.position[0] - 5.0, b.position[2], 0.5))
        .expect("a big boulder with room beside it");
    let centre = Vec3::from_array(boulder.position);
    let before = Vec2::new(boulder.position[0] - 5.0, boulder.position[2]);
    // The arc drops ½ g t² below the line of aim on its way over 5 m: aim that much higher,
    // at the upper part of the boulder.
    let t = 5.0 / retki_input::locomotion::ARC_SPEED_M_S;
    let drop = 0.5 * retki_input::locomotion::ARC_GRAVITY_M_S2 * t * t;
    let aim_at = centre + Vec3::Y * (0.4 * boulder.radius_m + drop);
    let aim = teleport_towards(&mut app, camera, before, aim_at);
    let eye_before = Vec3::new(
        before.x,
        surface().heightfield.height_at(before.x, before.y) + 1.5,
        before.y,
    );
    assert_eq!(
        aim.target,
        Some(Err(Refusal::NotGround)),
        "{:?}",
        aim.target
    );
    assert!(
        (eye(&app, camera) - eye_before).length() < 1e-3,
        "a refused teleport does not move the pupil"
    );
}

#[test]
fn snap_turns_are_thirty_degrees_about_the_eyes() {
    let (mut app, camera) = lunar_app();
    let before = *app.world().get::<Transform>(camera).unwrap();
    hold_key(app.world_mut(), Action::SnapTurnRight, true);
    app.update();
    hold_key(app.world_mut(), Action::SnapTurnRight, false);
    app.update();
    let after = *app.world().get::<Transform>(camera).unwrap();
    assert!((after.translation - before.translation).length() < 1e-4);
    let yaw = |t: &Transform| {
        let f = t.forward();
        f.x.atan2(-f.z).to_degrees()
    };
    let turned = yaw(&after) - yaw(&before);
    let turned = (turned + 540.0) % 360.0 - 180.0;
    assert!(
        (turned - SNAP_TURN_DEG).abs() < 0.01,
        "turned {turned}°, expected {SNAP_TURN_DEG}° to the right"
    );

    // The turn darkened the edges of the view; they clear within the fade time.
    let dark = app.world().resource::<Vignette>().0;
    assert!(dark > 0.8, "vignette after a turn: {dark}");
    let frames = (VIGNETTE_FADE_S * 60.0).ceil() as usize + 2;
    for _ in 0..frames {
        app.update();
    }
    assert_eq!(app.world().resource::<Vignette>().0, 0.0);
}

#[test]
fn safe_colours_and_high_contrast_restyle_the_arc_and_the_pointer() {
    let (mut app, camera) = lunar_app();
    let style = |app: &mut App| *app.world().resource::<MarkerStyle>();
    // The colour and size of the visible marks of `name`.
    let marks = |app: &mut App, name: &str| -> Vec<(Color, f32)> {
        let mut query = app.world_mut().query::<(
            &Name,
            &ViewVisibility,
            &MeshMaterial3d<StandardMaterial>,
            &Transform,
        )>();
        let found: Vec<_> = query
            .iter(app.world())
            .filter(|(n, shown, ..)| n.as_str() == name && shown.get())
            .map(|(_, _, material, transform)| (material.0.clone(), transform.scale.x))
            .collect();
        let materials = app.world().resource::<Assets<StandardMaterial>>();
        found
            .into_iter()
            .map(|(m, scale)| (materials.get(&m).unwrap().base_color, scale))
            .collect()
    };
    // Aims down at open ground a few metres ahead and holds the teleport.
    let aim = |app: &mut App| {
        let eye = Vec3::new(0.0, surface().heightfield.height_at(0.0, 0.0) + 1.5, 0.0);
        *app.world_mut().get_mut::<Transform>(camera).unwrap() =
            Transform::from_translation(eye).looking_at(eye + Vec3::new(0.0, -1.2, -3.0), Vec3::Y);
        hold_key(app.world_mut(), Action::Teleport, true);
        for _ in 0..3 {
            app.update();
        }
    };
    aim(&mut app);
    let usual = style(&mut app);
    let (arc, dot) = (
        marks(&mut app, "Teleport arc"),
        marks(&mut app, "Pointer dot"),
    );
    assert!(
        !arc.is_empty() && dot.len() == 1,
        "the arc and the dot show"
    );
    let aimed = arc[0].0;
    assert!(
        aimed == usual.allowed() || aimed == usual.refused(),
        "the arc is green or red: {aimed:?}"
    );
    assert_eq!(dot[0], (usual.pointer(), 1.0));

    hold_key(app.world_mut(), Action::Teleport, false);
    app.insert_resource(Comfort {
        safe_colours: true,
        high_contrast: true,
        ..Comfort::default()
    });
    aim(&mut app);
    let strong = style(&mut app);
    assert!(strong.safe_colours && strong.high_contrast);
    let arc = marks(&mut app, "Teleport arc");
    let expected = if aimed == usual.allowed() {
        strong.allowed()
    } else {
        strong.refused()
    };
    assert!(
        arc.iter().all(|(colour, _)| *colour == expected),
        "the arc in safe colours"
    );
    assert_ne!(expected, aimed);
    assert_eq!(
        marks(&mut app, "Pointer dot"),
        vec![(Color::WHITE, HIGH_CONTRAST_SIZE)],
        "a white dot, twice the size"
    );
}
