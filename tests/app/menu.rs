//! The menu board on the off hand, as a headset uses it: the left controller carries the
//! board, the right controller points at a button, and the controller's select (written into
//! the actions as the OpenXR reader writes it) presses that button's action. A pupil undoes a
//! schoolyard change this way, and a teacher takes the lesson to its next step. A one-handed
//! pupil does the same with the left controller alone, the board floating before them.

use crate::common;

use bevy::prelude::*;
use retki_core::pointer::PointerSource;
use retki_design::Request;
use retki_input::comfort::Comfort;
use retki_input::hands::{FOLLOW_AFTER_DEG, Floating};
use retki_input::menu::{MenuBoard, MenuButton, MenuOffer};
use retki_input::posture::RigPart;
use retki_input::{Action, ActionSystems, Actions};
use retki_scenes::schoolyard::editing::{DesignRequest, LocalAuthor};
use retki_scenes::schoolyard::{SCHOOLYARD, SchoolyardDesign};
use retki_session::net::ToServer;
use retki_session::protocol::{ClientMessage, TeacherCommand, decode_client};

/// Whether the right controller's trigger is held, as the OpenXR reader sees it.
#[derive(Resource, Default)]
struct Trigger(bool);

/// Writes the held trigger as the select action, in the same set as the OpenXR reader.
fn read_trigger(trigger: Res<Trigger>, mut actions: ResMut<Actions>) {
    if trigger.0 {
        actions.press(Action::Select);
    }
}

/// Gives `app` a headset's head and two controllers, and the trigger of the one that points
/// (the comfort settings choose which, and where the board goes).
fn hold_controllers(app: &mut App) {
    app.init_resource::<Trigger>()
        .add_systems(PreUpdate, read_trigger.in_set(ActionSystems::Read));
    app.world_mut().spawn((
        Name::new("Head"),
        RigPart::Head,
        Transform::from_xyz(0.1, 1.6, 0.2),
    ));
    app.world_mut().spawn((
        Name::new("LeftController"),
        RigPart::LeftController,
        Transform::from_xyz(0.0, 1.2, 0.0),
    ));
    app.world_mut().spawn((
        Name::new("RightController"),
        RigPart::RightController,
        Transform::from_xyz(0.3, 1.2, 0.3),
    ));
    for _ in 0..3 {
        app.update();
    }
}

/// The rig part that carries the pointer, and the one that carries the board, if any.
fn pointing_and_holding(app: &mut App) -> (Vec<RigPart>, Option<RigPart>) {
    let pointing = app
        .world_mut()
        .query_filtered::<&RigPart, With<PointerSource>>()
        .iter(app.world())
        .copied()
        .collect();
    let board = app
        .world_mut()
        .query_filtered::<Option<&ChildOf>, With<MenuBoard>>()
        .single(app.world())
        .expect("one board");
    let holding = board.and_then(|c| app.world().get::<RigPart>(c.parent()).copied());
    (pointing, holding)
}

/// Points the right controller at the board's button for `action` and pulls the trigger for
/// a frame, then lets go (messages of the press frame can still be read after it).
fn press_on_board(app: &mut App, action: Action) {
    let mut buttons = app.world_mut().query::<(&MenuButton, &GlobalTransform)>();
    let (_, at) = buttons
        .iter(app.world())
        .find(|(b, _)| b.0 == action)
        .unwrap_or_else(|| panic!("the board offers {action:?}"));
    let (button, facing) = (at.translation(), at.back().as_vec3());
    let mut hand = app
        .world_mut()
        .query_filtered::<&mut Transform, With<PointerSource>>();
    *hand.single_mut(app.world_mut()).unwrap() =
        Transform::from_translation(button + facing * 0.3).looking_at(button, Vec3::Y);
    // The pointer's ray and the physics world catch up with the hand.
    for _ in 0..3 {
        app.update();
    }
    app.world_mut().resource_mut::<Trigger>().0 = true;
    app.update();
    // Let go; what the press sent is still readable this frame.
    app.world_mut().resource_mut::<Trigger>().0 = false;
    app.update();
}

/// How many items the schoolyard's design has.
fn items(app: &App) -> usize {
    app.world()
        .resource::<SchoolyardDesign>()
        .design
        .items()
        .len()
}

/// Places a table through the design's requests, as a tool would.
fn place_a_table(app: &mut App) {
    let me = app.world().resource::<LocalAuthor>().0.clone();
    app.world_mut().write_message(DesignRequest {
        author: me,
        request: Request::Place {
            kind: "picnic_table".into(),
            at: [40.0, 3.0],
            rotation_deg: 0.0,
            size: None,
            colour: None,
        },
    });
    app.update();
    app.update();
}

#[test]
fn a_pupil_in_a_headset_undoes_from_the_board() {
    let mut app = common::trip_headless(SCHOOLYARD, false);
    hold_controllers(&mut app);
    assert_eq!(
        pointing_and_holding(&mut app),
        (
            vec![RigPart::RightController],
            Some(RigPart::LeftController)
        ),
        "the right hand points and the left carries the board"
    );
    assert!(
        app.world().resource::<MenuOffer>().design,
        "the board offers the design tools"
    );
    let before = items(&app);
    place_a_table(&mut app);
    assert_eq!(items(&app), before + 1, "the pupil placed a table");

    press_on_board(&mut app, Action::Undo);
    // The select went to the button only: nothing was placed where the hand pointed.
    assert_eq!(items(&app), before, "Undo on the board took the table back");
}

#[test]
fn a_one_handed_pupil_reaches_the_board_with_the_left_controller_alone() {
    let mut app = common::trip_headless(SCHOOLYARD, false);
    app.insert_resource(Comfort {
        one_hand: true,
        left_hand: true,
        ..Comfort::default()
    });
    hold_controllers(&mut app);
    assert_eq!(
        pointing_and_holding(&mut app),
        (vec![RigPart::LeftController], None),
        "the left hand points, and no hand carries the board"
    );
    let board = |app: &mut App| {
        app.world_mut()
            .query_filtered::<&GlobalTransform, With<MenuBoard>>()
            .single(app.world())
            .expect("one board")
            .translation()
    };
    // Before the eyes (at 0.1, 1.6, 0.2, facing −Z), below them, within reach.
    let eyes = Vec3::new(0.1, 1.6, 0.2);
    let at = board(&mut app);
    assert!(
        at.z < eyes.z - 0.3 && at.y < eyes.y - 0.3 && at.distance(eyes) < 0.7,
        "the board floats before the pupil: {at}"
    );

    let before = items(&app);
    place_a_table(&mut app);
    assert_eq!(items(&app), before + 1, "the pupil placed a table");
    press_on_board(&mut app, Action::Undo);
    assert_eq!(
        items(&app),
        before,
        "Undo on the floating board, from the left hand"
    );

    // A small turn of the head leaves the board; a large one brings it round.
    let turn_head = |app: &mut App, deg: f32| {
        let mut heads = app.world_mut().query::<(&RigPart, &mut Transform)>();
        for (part, mut transform) in heads.iter_mut(app.world_mut()) {
            if *part == RigPart::Head {
                transform.rotation = Quat::from_rotation_y(deg.to_radians());
            }
        }
        for _ in 0..3 {
            app.update();
        }
        app.world_mut()
            .query::<&Floating>()
            .single(app.world())
            .expect("the board floats")
            .yaw
            .to_degrees()
    };
    assert!(turn_head(&mut app, FOLLOW_AFTER_DEG - 10.0).abs() < 1e-3);
    let yaw = turn_head(&mut app, 90.0);
    assert!((yaw - 90.0).abs() < 1e-2, "the board came round: {yaw}");
    let at = board(&mut app);
    assert!(at.x < eyes.x - 0.3, "to the pupil's new front (−X): {at}");

    // Both hands again: the board goes back on the right hand, the left still pointing.
    app.world_mut().resource_mut::<Comfort>().one_hand = false;
    for _ in 0..2 {
        app.update();
    }
    assert_eq!(
        pointing_and_holding(&mut app),
        (
            vec![RigPart::LeftController],
            Some(RigPart::RightController)
        )
    );
}

#[test]
fn a_teacher_in_a_headset_moves_the_lesson_on_from_the_board() {
    let mut app = common::moon_in_class(false);
    common::hear(&mut app, common::welcome_teacher());
    hold_controllers(&mut app);
    assert!(
        app.world().resource::<MenuOffer>().teacher,
        "the board offers the teacher's controls"
    );

    let mut sent = app
        .world_mut()
        .resource_mut::<Messages<ToServer>>()
        .get_cursor();
    press_on_board(&mut app, Action::NextStep);
    let commands: Vec<ClientMessage> = sent
        .read(app.world().resource::<Messages<ToServer>>())
        .filter_map(|m| decode_client(&m.0).ok())
        .filter(|m| matches!(m, ClientMessage::Teacher { .. }))
        .collect();
    assert_eq!(
        commands,
        vec![ClientMessage::Teacher {
            command: TeacherCommand::Next
        }],
        "Step > on the board sends the next step, and nothing else"
    );
}
