//! The controller models from the WebXR input profiles load through the glTF path, and their
//! trigger, grip and stick move between the nodes that `profile.json` names.

use std::time::Duration;

use bevy::prelude::*;
use retki::app::{self, Face};
use retki_input::bindings::Hand;
use retki_xr::models::{ControllerInput, ControllerModel, InputModelsPlugin, ModelResponses};

/// Builds a windowless app with a left controller model, and runs it until the model's
/// moving parts are found.
fn app_with_model() -> (App, Entity) {
    let mut app = app::build(Face::Headless { camera: false }, None);
    app.add_plugins(InputModelsPlugin);
    let model = app
        .world_mut()
        .spawn(ControllerModel { hand: Hand::Left })
        .id();
    app.finish();
    app.cleanup();
    for _ in 0..2000 {
        app.update();
        if app.world().get::<ModelResponses>(model).is_some() {
            return (app, model);
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    panic!("the left controller model did not load");
}

fn local(app: &App, node: Entity) -> Transform {
    *app.world().get::<Transform>(node).unwrap()
}

fn assert_at(app: &App, node: Entity, expected: Transform, what: &str) {
    let actual = local(app, node);
    assert!(
        actual.translation.distance(expected.translation) < 1e-5
            && actual.rotation.dot(expected.rotation).abs() > 1.0 - 1e-6,
        "{what}: at {actual:?}, expected {expected:?}"
    );
}

#[test]
fn trigger_grip_and_stick_move_between_their_extremes() {
    let (mut app, model) = app_with_model();
    let responses = app.world().get::<ModelResponses>(model).unwrap();
    assert_eq!(
        responses.len(),
        5,
        "trigger, squeeze, stick click and two axes"
    );
    let trigger = responses.nodes("xr_standard_trigger_pressed").unwrap();
    let squeeze = responses.nodes("xr_standard_squeeze_pressed").unwrap();
    let x_axis = responses
        .nodes("xr_standard_thumbstick_xaxis_pressed")
        .unwrap();
    // The extremes differ, so a part that did not move would be caught.
    for (_, min, max) in [trigger, squeeze, x_axis] {
        assert!(
            min.translation.distance(max.translation) > 1e-4
                || min.rotation.dot(max.rotation).abs() < 1.0 - 1e-6
        );
    }

    app.update();
    assert_at(&app, trigger.0, trigger.1, "released trigger");
    assert_at(&app, x_axis.0, halfway(x_axis.1, x_axis.2), "centred stick");

    *app.world_mut().get_mut::<ControllerInput>(model).unwrap() = ControllerInput {
        trigger: 1.0,
        squeeze: 1.0,
        stick: Vec2::new(-1.0, 0.0),
        stick_click: false,
    };
    app.update();
    assert_at(&app, trigger.0, trigger.2, "pulled trigger");
    assert_at(&app, squeeze.0, squeeze.2, "squeezed grip");
    assert_at(&app, x_axis.0, x_axis.1, "stick pushed left");

    app.world_mut()
        .get_mut::<ControllerInput>(model)
        .unwrap()
        .trigger = 0.5;
    app.update();
    assert_at(
        &app,
        trigger.0,
        halfway(trigger.1, trigger.2),
        "half-pulled trigger",
    );
}

fn halfway(min: Transform, max: Transform) -> Transform {
    Transform {
        translation: min.translation.lerp(max.translation, 0.5),
        rotation: min.rotation.slerp(max.rotation, 0.5),
        ..min
    }
}

/// The hand model takes the pose of the tracked joints, and hides when the hand is not tracked.
#[test]
fn hand_model_follows_tracked_joints() {
    use bevy_mod_xr::hands::{HandBone, LeftHand, XrHandBoneEntities};
    use bevy_mod_xr::spaces::XrSpaceLocationFlags;
    use retki_xr::models::{HandJoints, HandModel};

    let mut app = app::build(Face::Headless { camera: false }, None);
    app.add_plugins(InputModelsPlugin);
    // Joints as the OpenXR hand tracking places them: here a hand whose joints lie 2 cm apart
    // along a line, turned a quarter turn, all tracked.
    let turn = Quat::from_rotation_y(std::f32::consts::FRAC_PI_2);
    let bones = HandBone::get_all_bones().map(|bone| {
        app.world_mut()
            .spawn((
                bone,
                Transform::from_xyz(0.1, 1.2, -0.3 - 0.02 * bone as u8 as f32).with_rotation(turn),
                XrSpaceLocationFlags {
                    position_tracked: true,
                    rotation_tracked: true,
                },
            ))
            .id()
    });
    app.world_mut().spawn((LeftHand, XrHandBoneEntities(bones)));
    let model = app.world_mut().spawn(HandModel { hand: Hand::Left }).id();
    app.finish();
    app.cleanup();
    for _ in 0..2000 {
        app.update();
        if app.world().get::<HandJoints>(model).is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    app.update();
    let joints = app
        .world()
        .get::<HandJoints>(model)
        .expect("the left hand model loaded");
    let tip = joints
        .node(HandBone::IndexTip)
        .expect("the model has an index tip");
    let wrist = joints.node(HandBone::Wrist).expect("the model has a wrist");
    assert!(
        joints.node(HandBone::Palm).is_none(),
        "WebXR hands have no palm joint"
    );
    for (node, bone) in [(tip, HandBone::IndexTip), (wrist, HandBone::Wrist)] {
        let expected = *app.world().get::<Transform>(bones[bone as usize]).unwrap();
        assert_at(&app, node, expected, &format!("{bone:?}"));
    }
    assert_eq!(
        *app.world().get::<Visibility>(model).unwrap(),
        Visibility::Inherited
    );

    // Tracking lost: the hand hides.
    *app.world_mut()
        .get_mut::<XrSpaceLocationFlags>(bones[HandBone::Wrist as usize])
        .unwrap() = XrSpaceLocationFlags::default();
    app.update();
    assert_eq!(
        *app.world().get::<Visibility>(model).unwrap(),
        Visibility::Hidden
    );
}
