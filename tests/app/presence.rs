//! Session presence in the running app, headless on the Moon, fed what a server would say:
//! one avatar per person, placed where their poses put them, kept (not doubled) when the
//! app comes back after a drop and everyone is announced again, gone when they leave; the
//! teacher sees a gaze marker where each pupil looks; a look-here arrow appears; a step loads
//! the place; the app sends its own head at 30 Hz; the teacher takes out the pupil they
//! point at, and watches each pupil's view in turn; the teacher's list of pupils shows each
//! one, and selecting a name shows what that pupil sees.

use crate::common::{self, hear, welcome_teacher};
use std::time::Duration;

use bevy::prelude::*;
use retki_classroom::presence::{Avatar, Avatars, GazeMarker, LookHereArrow};
use retki_core::TripRequest;
use retki_input::{Action, bindings::key_for};
use retki_session::net::{PoseToServer, SessionClient, ToServer, now_ms};
use retki_session::pose::{AvatarPose, ForwardedPose, Pose, pack, pack_frame};
use retki_session::protocol::{ClientMessage, Role, decode_client};
use retki_session::server::ServerMessage;

fn joined(id: &str, slot: u8, role: Role) -> ServerMessage {
    ServerMessage::Joined {
        id: id.into(),
        slot,
        pseudonym: id.into(),
        role,
    }
}

/// A head at `at`, looking along -z and 45° down.
fn looking_down(slot: u8, at: [f32; 3], stamp: u16) -> ForwardedPose {
    let tilt = Quat::from_rotation_x(-std::f32::consts::FRAC_PI_4);
    ForwardedPose {
        slot,
        stamp,
        packed: pack(&AvatarPose {
            head: Pose {
                position: at,
                rotation: tilt.to_array(),
            },
            left: None,
            right: Some(Pose {
                position: [at[0] + 0.3, at[1] - 0.4, at[2] - 0.2],
                rotation: [0.0, 0.0, 0.0, 1.0],
            }),
        })
        .unwrap(),
    }
}

fn avatars(app: &mut App) -> Vec<(u8, Entity, Vec3)> {
    let mut query = app
        .world_mut()
        .query::<(Entity, &Avatar, &Transform, &Visibility)>();
    let mut all: Vec<_> = query
        .iter(app.world())
        .map(|(e, a, t, v)| {
            assert_ne!(*v, Visibility::Hidden, "avatar {} is shown", a.slot);
            (a.slot, e, t.translation)
        })
        .collect();
    all.sort_by_key(|a| a.0);
    all
}

fn count<T: Component>(app: &mut App) -> usize {
    app.world_mut().query::<&T>().iter(app.world()).count()
}

#[test]
fn avatars_follow_the_session_and_are_never_doubled() {
    let mut app = common::moon_in_class(true);
    hear(&mut app, welcome_teacher());
    hear(&mut app, joined("p-aino", 1, Role::Pupil));
    hear(&mut app, joined("p-eetu", 2, Role::Pupil));
    let frame = pack_frame(&[
        looking_down(1, [2.0, 1.6, -3.0], 100),
        looking_down(2, [-1.0, 1.5, 4.0], 100),
    ]);
    app.world_mut()
        .resource_mut::<SessionClient>()
        .heard_poses(&frame, now_ms());
    app.update();
    app.update();

    let first = avatars(&mut app);
    assert_eq!(first.len(), 2, "{first:?}");
    assert!(
        first[0].2.distance(Vec3::new(2.0, 1.6, -3.0)) < 0.02,
        "{first:?}"
    );
    assert!(
        first[1].2.distance(Vec3::new(-1.0, 1.5, 4.0)) < 0.02,
        "{first:?}"
    );
    assert_eq!(app.world().resource::<Avatars>().0.len(), 2);

    // The teacher sees where each pupil looks: 45° down from 1.6 m lands 1.6 m ahead.
    let mut markers = app.world_mut().query::<(&GazeMarker, &Transform)>();
    let mut gaze: Vec<(u8, Vec3)> = markers
        .iter(app.world())
        .map(|(m, t)| (m.slot, t.translation))
        .collect();
    gaze.sort_by_key(|g| g.0);
    assert_eq!(gaze.len(), 2, "{gaze:?}");
    assert!(
        gaze[0].1.distance(Vec3::new(2.0, 0.02, -4.6)) < 0.05,
        "{gaze:?}"
    );

    // The app comes back after a drop: welcomed again, everyone announced again. The same
    // avatars stay; none is added.
    hear(&mut app, welcome_teacher());
    hear(&mut app, joined("p-aino", 1, Role::Pupil));
    hear(&mut app, joined("p-eetu", 2, Role::Pupil));
    app.update();
    let again = avatars(&mut app);
    assert_eq!(
        again.iter().map(|a| a.1).collect::<Vec<_>>(),
        first.iter().map(|a| a.1).collect::<Vec<_>>(),
        "the same avatar entities"
    );

    // Someone leaves: their avatar and marker go.
    hear(
        &mut app,
        ServerMessage::Left {
            id: "p-eetu".into(),
        },
    );
    app.update();
    app.update();
    assert_eq!(avatars(&mut app).len(), 1);
    assert_eq!(count::<GazeMarker>(&mut app), 1);

    // A look-here arrow.
    hear(
        &mut app,
        ServerMessage::LookHere {
            point: [5.0, 0.0, -10.0],
        },
    );
    app.update();
    assert_eq!(count::<LookHereArrow>(&mut app), 1);

    // A step for everyone opens the place.
    let mut trips = app
        .world_mut()
        .resource_mut::<Messages<TripRequest>>()
        .get_cursor();
    hear(
        &mut app,
        ServerMessage::Step {
            scene: "seabed".into(),
            step: 1,
        },
    );
    app.update();
    let asked: Vec<TripRequest> = trips
        .read(app.world().resource::<Messages<TripRequest>>())
        .copied()
        .collect();
    assert!(
        asked.contains(&TripRequest(Some(retki_scenes::seabed::SEABED))),
        "{asked:?}"
    );
}

#[test]
fn the_app_sends_its_head_about_thirty_times_a_second() {
    let mut app = common::moon_in_class(true);
    hear(&mut app, welcome_teacher());
    let mut cursor = app
        .world_mut()
        .resource_mut::<Messages<PoseToServer>>()
        .get_cursor();
    let mut poses = Vec::new();
    // The app's real clock (which the test moves a physics step per frame).
    let clock = |app: &App| app.world().resource::<Time<Real>>().elapsed();
    let start = clock(&app);
    while clock(&app) - start < Duration::from_secs(1) {
        app.update();
        poses.extend(
            cursor
                .read(app.world().resource::<Messages<PoseToServer>>())
                .cloned(),
        );
    }
    let seconds = (clock(&app) - start).as_secs_f64();
    let rate = poses.len() as f64 / seconds;
    assert!(
        (28.0..=31.0).contains(&rate),
        "{} poses in {seconds} s",
        poses.len()
    );
    let camera = app
        .world_mut()
        .query_filtered::<&GlobalTransform, With<retki_core::viewer::ViewerCamera>>()
        .single(app.world())
        .unwrap()
        .translation();
    match decode_client(&poses.last().unwrap().0).unwrap() {
        ClientMessage::Pose { packed, .. } => {
            let pose = retki_session::pose::unpack(&packed).unwrap();
            assert!(Vec3::from_array(pose.head.position).distance(camera) < 0.02);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_steps_tasks_show_and_a_number_key_answers_the_open_choice() {
    use bevy::input::ButtonState;
    use bevy::input::keyboard::{Key, KeyboardInput};
    use retki_classroom::tasks::TaskCardText;
    use retki_session::server::TaskCard;

    let mut app = common::moon_in_class(true);
    hear(
        &mut app,
        ServerMessage::Welcome {
            you: "p-aino".into(),
            slot: 1,
            role: Role::Pupil,
            token: "t".into(),
            session: "5f0c3a52-0000-4000-8000-000000000001".into(),
            scene: "lunar".into(),
            step: 0,
            frozen: false,
            muted: false,
        },
    );
    let three = |fi: &str, sv: &str, en: &str| [fi.to_owned(), sv.to_owned(), en.to_owned()];
    hear(
        &mut app,
        ServerMessage::LessonStep {
            index: 0,
            of: 4,
            id: "arrive".into(),
            scene: "lunar".into(),
            viewpoint: "landing_site".into(),
            pois: vec![],
            minutes: 8.0,
            tasks: vec![
                TaskCard {
                    id: "black-sky".into(),
                    kind: "choice".into(),
                    question: three("Miksi taivas on musta?", "Varför?", "Why is the sky black?"),
                    choices: vec![
                        ("night".into(), three("Aina yö", "Natt", "Always night")),
                        ("no-air".into(), three("Ei ilmaa", "Ingen luft", "No air")),
                    ],
                },
                TaskCard {
                    id: "why".into(),
                    kind: "free".into(),
                    question: three("Kerro omin sanoin", "Berätta", "Tell in your words"),
                    choices: vec![],
                },
            ],
        },
    );
    app.update();
    let shown = |app: &mut App| -> String {
        let mut texts = app
            .world_mut()
            .query_filtered::<&Text, With<TaskCardText>>();
        texts.single(app.world()).expect("one task card").0.clone()
    };
    let card = shown(&mut app);
    assert!(card.starts_with("1/4"), "{card}");
    assert!(card.contains("1. Miksi taivas on musta?"), "{card}");
    assert!(card.contains("[2] Ei ilmaa"), "{card}");
    assert!(card.contains("2. Kerro omin sanoin"), "{card}");

    // The pupil presses 2: the second choice goes to the server as the answer.
    let mut cursor = app
        .world_mut()
        .resource_mut::<Messages<ToServer>>()
        .get_cursor();
    app.world_mut().write_message(KeyboardInput {
        key_code: key_for(Action::Choose(2)).unwrap(),
        logical_key: Key::Character("2".into()),
        state: ButtonState::Pressed,
        text: Some("2".into()),
        repeat: false,
        window: Entity::PLACEHOLDER,
    });
    app.update();
    let answers: Vec<ClientMessage> = cursor
        .read(app.world().resource::<Messages<ToServer>>())
        .filter_map(|m| decode_client(&m.0).ok())
        .filter(|m| matches!(m, ClientMessage::Answer { .. }))
        .collect();
    assert_eq!(
        answers,
        vec![ClientMessage::Answer {
            task: "black-sky".into(),
            response: "no-air".into()
        }]
    );
    // Acknowledged, it is ticked, and its choices are no longer offered.
    hear(
        &mut app,
        ServerMessage::Answered {
            task: "black-sky".into(),
        },
    );
    app.update();
    let card = shown(&mut app);
    assert!(card.contains("1. Miksi taivas on musta? ✓"), "{card}");
    assert!(!card.contains("[2]"), "{card}");
}

/// Presses and lets go of the key bound to `action`, a frame each.
fn tap(app: &mut App, action: Action) {
    use bevy::input::ButtonState;
    use bevy::input::keyboard::{Key, KeyboardInput};
    for state in [ButtonState::Pressed, ButtonState::Released] {
        app.world_mut().write_message(KeyboardInput {
            key_code: key_for(action).unwrap(),
            logical_key: Key::Unidentified(bevy::input::keyboard::NativeKey::Unidentified),
            state,
            text: None,
            repeat: false,
            window: Entity::PLACEHOLDER,
        });
        app.update();
    }
}

#[test]
fn the_teacher_takes_out_the_pupil_they_point_at_with_a_second_press() {
    use retki_core::pointer::PointerSource;
    use retki_core::viewer::ViewerCamera;
    use retki_session::protocol::TeacherCommand;

    let mut app = common::moon_in_class(true);
    hear(&mut app, welcome_teacher());
    hear(&mut app, joined("p-aino", 1, Role::Pupil));
    app.update();
    // The teacher's pointer comes from the view's centre, as on a laptop; Aino stands 2 m
    // ahead, her head in the middle of it.
    let mut viewer = app
        .world_mut()
        .query_filtered::<(Entity, &GlobalTransform), With<ViewerCamera>>();
    let (camera, eye) = viewer.single(app.world()).unwrap();
    let ahead = eye.translation() + eye.forward().as_vec3() * 2.0;
    app.world_mut()
        .entity_mut(camera)
        .insert(PointerSource { beam: false });
    let frame = pack_frame(&[looking_down(1, ahead.to_array(), 100)]);
    app.world_mut()
        .resource_mut::<SessionClient>()
        .heard_poses(&frame, now_ms());
    for _ in 0..4 {
        app.update();
    }
    let aino = app.world().resource::<Avatars>().0[&1];
    let pointed = app
        .world()
        .resource::<retki_core::pointer::PointerHit>()
        .0
        .map(|hit| hit.entity);
    assert_eq!(pointed, Some(aino), "the pointer is on Aino");

    let mut cursor = app
        .world_mut()
        .resource_mut::<Messages<ToServer>>()
        .get_cursor();
    let mut kicks = |app: &mut App| -> Vec<ClientMessage> {
        cursor
            .read(app.world().resource::<Messages<ToServer>>())
            .filter_map(|m| decode_client(&m.0).ok())
            .filter(|m| matches!(m, ClientMessage::Teacher { .. }))
            .collect()
    };
    let colour = |app: &mut App| {
        let material = app
            .world()
            .get::<MeshMaterial3d<StandardMaterial>>(aino)
            .unwrap()
            .0
            .clone();
        app.world()
            .resource::<Assets<StandardMaterial>>()
            .get(&material)
            .unwrap()
            .base_color
    };
    let before = colour(&mut app);
    // The first press only marks her, red.
    tap(&mut app, Action::TakeOut);
    assert!(kicks(&mut app).is_empty());
    assert_ne!(colour(&mut app), before);
    // The second takes her out.
    tap(&mut app, Action::TakeOut);
    assert_eq!(
        kicks(&mut app),
        vec![ClientMessage::Teacher {
            command: TeacherCommand::Kick {
                pupil: "p-aino".into()
            }
        }]
    );
    assert_eq!(colour(&mut app), before);
    // Pressed again later, it starts over: a mark, no second command.
    tap(&mut app, Action::TakeOut);
    assert!(kicks(&mut app).is_empty());
}

#[test]
fn the_teacher_watches_each_pupils_view_in_turn_and_comes_back() {
    use retki_classroom::watch::{WatchCamera, WatchLabel};
    use retki_core::viewer::ViewerCamera;

    let mut app = common::moon_in_class(true);
    hear(&mut app, welcome_teacher());
    hear(&mut app, joined("p-aino", 1, Role::Pupil));
    hear(&mut app, joined("p-eetu", 2, Role::Pupil));
    let aino_at = Vec3::new(2.0, 1.6, -3.0);
    let eetu_at = Vec3::new(-1.0, 1.5, 4.0);
    let poses = |stamp: u16| {
        pack_frame(&[
            looking_down(1, aino_at.to_array(), stamp),
            looking_down(2, eetu_at.to_array(), stamp),
        ])
    };
    let watched = |app: &mut App| {
        let mut cameras = app
            .world_mut()
            .query::<(&WatchCamera, &Transform, &Camera)>();
        let found: Vec<(u8, Vec3, Quat)> = cameras
            .iter(app.world())
            .map(|(w, t, _)| (w.slot, t.translation, t.rotation))
            .collect();
        let mut labels = app.world_mut().query_filtered::<&Text, With<WatchLabel>>();
        let label: Vec<String> = labels.iter(app.world()).map(|t| t.0.clone()).collect();
        let mut viewers = app
            .world_mut()
            .query_filtered::<&Camera, With<ViewerCamera>>();
        let own = viewers.iter(app.world()).all(|c| c.is_active);
        (found, label, own)
    };
    // Half a second of frames, the poses arriving all the while.
    let run = |app: &mut App| {
        for stamp in 0..30u16 {
            app.world_mut()
                .resource_mut::<SessionClient>()
                .heard_poses(&poses(200 + stamp), now_ms());
            app.update();
        }
    };
    run(&mut app);
    let (cameras, _, own) = watched(&mut app);
    assert!(cameras.is_empty() && own, "the teacher sees their own view");
    let mut told = app
        .world_mut()
        .resource_mut::<Messages<ToServer>>()
        .get_cursor();
    let mut watches: Vec<ClientMessage> = Vec::new();
    let mut hear_told = |app: &mut App| {
        watches.extend(
            told.read(app.world().resource::<Messages<ToServer>>())
                .filter_map(|m| decode_client(&m.0).ok())
                .filter(|m| matches!(m, ClientMessage::Teacher { .. })),
        );
    };

    tap(&mut app, Action::WatchPupil);
    hear_told(&mut app);
    run(&mut app);
    let (cameras, label, own) = watched(&mut app);
    assert_eq!(cameras.len(), 1);
    let (slot, at, facing) = cameras[0];
    assert_eq!(slot, 1);
    assert!(at.distance(aino_at) < 0.05, "at Aino's head: {at}");
    let down = Quat::from_rotation_x(-std::f32::consts::FRAC_PI_4);
    assert!(
        facing.angle_between(down) < 0.05,
        "looking where Aino looks"
    );
    assert_eq!(label, ["p-aino"], "her name in the corner");
    assert!(!own, "the teacher's own camera rests meanwhile");
    let aino = app.world().resource::<Avatars>().0[&1];
    assert_eq!(
        app.world().get::<Visibility>(aino),
        Some(&Visibility::Hidden),
        "her own head is not drawn over her view"
    );

    tap(&mut app, Action::WatchPupil);
    hear_told(&mut app);
    run(&mut app);
    let (cameras, label, _) = watched(&mut app);
    assert_eq!(cameras.len(), 1);
    assert_eq!(cameras[0].0, 2);
    assert!(cameras[0].1.distance(eetu_at) < 0.05, "{:?}", cameras[0]);
    assert_eq!(label, ["p-eetu"]);

    // After the last pupil, the teacher's own view again.
    tap(&mut app, Action::WatchPupil);
    hear_told(&mut app);
    run(&mut app);
    let (cameras, label, own) = watched(&mut app);
    assert!(cameras.is_empty() && label.is_empty() && own);

    // The server was told of each pupil watched, once, to record it.
    let watch = |pupil: &str| ClientMessage::Teacher {
        command: retki_session::protocol::TeacherCommand::Watch {
            pupil: pupil.into(),
        },
    };
    assert_eq!(watches, [watch("p-aino"), watch("p-eetu")]);
}

#[test]
fn the_teacher_sees_four_pupils_views_at_once_in_a_grid() {
    use retki_classroom::watch::{WatchCamera, WatchLabel, grid_cell};

    let mut app = common::moon_in_class(true);
    hear(&mut app, welcome_teacher());
    let heads: Vec<Vec3> = (1..=4u8)
        .map(|n| Vec3::new(f32::from(n) * 2.0, 1.5, -3.0))
        .collect();
    for slot in 1..=4u8 {
        hear(&mut app, joined(&format!("p-{slot}"), slot, Role::Pupil));
    }
    let run = |app: &mut App| {
        for stamp in 0..30u16 {
            let frame: Vec<ForwardedPose> = heads
                .iter()
                .enumerate()
                .map(|(n, at)| looking_down(n as u8 + 1, at.to_array(), 300 + stamp))
                .collect();
            app.world_mut()
                .resource_mut::<SessionClient>()
                .heard_poses(&pack_frame(&frame), now_ms());
            app.update();
        }
    };
    run(&mut app);
    tap(&mut app, Action::WatchGrid);
    run(&mut app);
    let mut cameras = app
        .world_mut()
        .query::<(&WatchCamera, &Transform, &Camera)>();
    let mut cells: Vec<(WatchCamera, Vec3, Camera)> = cameras
        .iter(app.world())
        .map(|(w, t, c)| (*w, t.translation, c.clone()))
        .collect();
    cells.sort_by_key(|(w, _, _)| w.cell);
    assert_eq!(cells.len(), 4);
    for (n, (watch, at, camera)) in cells.iter().enumerate() {
        assert_eq!((watch.slot, watch.cell), (n as u8 + 1, Some(n)));
        // From just ahead of the pupil's head, past their own avatar's visor.
        let ahead = Quat::from_rotation_x(-std::f32::consts::FRAC_PI_4) * Vec3::NEG_Z * 0.16;
        assert!(at.distance(heads[n] + ahead) < 0.05, "{n}: {at}");
        let size = camera.physical_target_size().expect("a picture");
        let (want, got) = (
            grid_cell(n, 4, size),
            camera.viewport.clone().expect("a cell"),
        );
        assert_eq!(
            (got.physical_position, got.physical_size),
            (want.physical_position, want.physical_size),
            "{n}"
        );
    }
    let mut labels = app.world_mut().query_filtered::<&Text, With<WatchLabel>>();
    let mut names: Vec<String> = labels.iter(app.world()).map(|t| t.0.clone()).collect();
    names.sort();
    assert_eq!(names, ["p-1", "p-2", "p-3", "p-4"]);

    tap(&mut app, Action::WatchGrid);
    run(&mut app);
    let mut cameras = app.world_mut().query::<&WatchCamera>();
    assert_eq!(
        cameras.iter(app.world()).count(),
        0,
        "the teacher's own view again"
    );
}

#[test]
fn an_observer_follows_the_pupil_it_was_given_and_sends_no_head() {
    use retki_classroom::watch::{Spectating, StepOverlay, WatchCamera};
    let mut app = common::moon_in_class(true);
    app.insert_resource(Spectating {
        pupil: Some("aino".into()),
    });
    let mut told = app
        .world_mut()
        .resource_mut::<Messages<ToServer>>()
        .get_cursor();
    let mut poses = app
        .world_mut()
        .resource_mut::<Messages<PoseToServer>>()
        .get_cursor();
    hear(
        &mut app,
        ServerMessage::Welcome {
            you: "observer-1".into(),
            slot: 5,
            role: Role::Observer,
            token: "t".into(),
            session: "5f0c3a52-0000-4000-8000-000000000001".into(),
            scene: "lunar".into(),
            step: 0,
            frozen: false,
            muted: false,
        },
    );
    hear(&mut app, joined("teacher", 0, Role::Teacher));
    hear(&mut app, joined("p-eetu", 1, Role::Pupil));
    hear(
        &mut app,
        ServerMessage::Joined {
            id: "p-aino".into(),
            slot: 2,
            pseudonym: "Aino".into(),
            role: Role::Pupil,
        },
    );
    // Messages last two frames: what the app sends is read every frame.
    let (mut sent, mut heads_sent) = (Vec::<ClientMessage>::new(), 0);
    for stamp in 0..20u16 {
        let frame = pack_frame(&[
            looking_down(0, [0.0, 1.7, 0.0], 100 + stamp),
            looking_down(1, [1.0, 1.5, -2.0], 100 + stamp),
            looking_down(2, [3.0, 1.4, -4.0], 100 + stamp),
        ]);
        app.world_mut()
            .resource_mut::<SessionClient>()
            .heard_poses(&frame, now_ms());
        app.update();
        sent.extend(
            told.read(app.world().resource::<Messages<ToServer>>())
                .filter_map(|m| decode_client(&m.0).ok()),
        );
        heads_sent += poses
            .read(app.world().resource::<Messages<PoseToServer>>())
            .count();
    }
    let mut cameras = app.world_mut().query::<&WatchCamera>();
    let shown: Vec<u8> = cameras.iter(app.world()).map(|c| c.slot).collect();
    assert_eq!(
        shown,
        [2],
        "Aino's view, found by her name whatever its case"
    );
    assert!(
        sent.iter().any(|m| matches!(
            m,
            ClientMessage::Teacher {
                command: retki_session::protocol::TeacherCommand::Watch { pupil }
            } if pupil == "p-aino"
        )),
        "the server is told, to record it: {sent:?}"
    );
    assert_eq!(heads_sent, 0, "an observer has no head to send");

    // Without a pupil, the projector follows the teacher; the step shows in the corner.
    app.insert_resource(Spectating { pupil: None });
    app.world_mut()
        .resource_mut::<retki_classroom::tasks::LessonTasks>()
        .start(1, 5, "gravity".into(), Vec::new());
    for _ in 0..3 {
        app.update();
    }
    let mut cameras = app.world_mut().query::<&WatchCamera>();
    let shown: Vec<u8> = cameras.iter(app.world()).map(|c| c.slot).collect();
    assert_eq!(shown, [0], "the teacher's view");
    let mut overlay = app.world_mut().query_filtered::<&Text, With<StepOverlay>>();
    let line = overlay
        .iter(app.world())
        .next()
        .expect("the step's line")
        .0
        .clone();
    assert!(line.starts_with("2 / 5 · gravity · 00:0"), "{line}");
}

/// Whether the test's controller holds select.
#[derive(Resource, Default)]
struct Trigger(bool);

fn read_trigger(trigger: Res<Trigger>, mut actions: ResMut<retki_input::Actions>) {
    if trigger.0 {
        actions.press(Action::Select);
    }
}

#[test]
fn the_teacher_has_a_list_of_pupils_and_selecting_a_name_shows_what_they_see() {
    use retki_classroom::roster::{RosterRow, RosterShown, RosterShows};
    use retki_classroom::watch::Watching;
    use retki_core::pointer::PointerSource;
    use retki_core::viewer::ViewerCamera;
    use retki_input::ActionSystems;

    let mut app = common::moon_in_class(true);
    app.init_resource::<Trigger>()
        .add_systems(PreUpdate, read_trigger.in_set(ActionSystems::Read));
    hear(&mut app, welcome_teacher());
    hear(&mut app, joined("p-aino", 1, Role::Pupil));
    hear(&mut app, joined("p-eetu", 2, Role::Pupil));
    let mut viewer = app
        .world_mut()
        .query_filtered::<&GlobalTransform, With<ViewerCamera>>();
    let eye = viewer.single(app.world()).unwrap().translation();
    // Aino stands 3 m from the teacher on the ground (and a metre lower); Eetu's device has
    // sent nothing yet.
    let aino_at = eye + Vec3::new(3.0, -1.0, 0.0);
    // Frames with Aino's poses arriving, stamped with her clock's milliseconds, until `done`
    // (the list is brought up to date twice a second, in real time).
    let run_until = |app: &mut App, what: &str, done: &dyn Fn(&App) -> bool| {
        let start = std::time::Instant::now();
        while !done(app) {
            assert!(start.elapsed() < Duration::from_secs(20), "{what}");
            let stamp = now_ms() as u16;
            let frame = pack_frame(&[looking_down(1, aino_at.to_array(), stamp)]);
            app.world_mut()
                .resource_mut::<SessionClient>()
                .heard_poses(&frame, now_ms());
            app.update();
        }
    };
    let texts = |app: &App| -> Vec<String> {
        let lines = &app.world().resource::<RosterShows>().0;
        lines.iter().map(|l| l.text.clone()).collect()
    };
    run_until(&mut app, "the list shows both pupils", &|app| {
        texts(app) == ["p-aino · 3 m", "p-eetu · …"]
    });
    app.update();
    let mut board_texts = app.world_mut().query::<&Text>();
    let drawn: Vec<String> = board_texts.iter(app.world()).map(|t| t.0.clone()).collect();
    assert!(
        drawn.iter().any(|t| t == "● p-aino · 3 m"),
        "the board shows the line: {drawn:?}"
    );

    // A controller points at Aino's name and selects it: her view.
    let mut rows = app.world_mut().query::<(&RosterRow, &GlobalTransform)>();
    let row = rows
        .iter(app.world())
        .find(|(r, _)| r.0 == 1)
        .map(|(_, at)| at.translation())
        .expect("Aino's name has a row to select");
    app.world_mut().spawn((
        Name::new("RightController"),
        PointerSource { beam: true },
        Transform::from_translation(eye + Vec3::new(-0.2, -0.3, 0.0)).looking_at(row, Vec3::Y),
    ));
    let select = |app: &mut App| {
        app.update();
        app.world_mut().resource_mut::<Trigger>().0 = true;
        app.update();
        app.world_mut().resource_mut::<Trigger>().0 = false;
        app.update();
    };
    select(&mut app);
    assert_eq!(*app.world().resource::<Watching>(), Watching::One(1));
    run_until(&mut app, "Aino's line is marked as watched", &|app| {
        let lines = &app.world().resource::<RosterShows>().0;
        lines[0].watched && !lines[1].watched
    });
    // Her name again: the teacher's own view.
    select(&mut app);
    assert_eq!(*app.world().resource::<Watching>(), Watching::Own);

    // F1 hides the list, and again shows it.
    tap(&mut app, Action::PupilList);
    assert!(!app.world().resource::<RosterShown>().0);
    assert_eq!(count::<RosterRow>(&mut app), 0, "no names to select");
    tap(&mut app, Action::PupilList);
    for _ in 0..3 {
        app.update();
    }
    assert_eq!(count::<RosterRow>(&mut app), 2);

    // Shift+F8 hides where pupils look.
    assert_eq!(count::<GazeMarker>(&mut app), 1, "Aino's gaze ring");
    for held in [true, false] {
        retki_input::bindings::hold_key(app.world_mut(), Action::ShowGaze, held);
        app.update();
    }
    app.update();
    assert_eq!(count::<GazeMarker>(&mut app), 0, "no gaze rings");

    // More pupils than the board has places for: the last place counts the rest, and is no
    // one's name to select.
    use retki_classroom::roster::{COLUMNS, ROWS};
    let places = ROWS * COLUMNS;
    for slot in 3..=(places as u8 + 2) {
        hear(&mut app, joined(&format!("p-{slot}"), slot, Role::Pupil));
    }
    run_until(&mut app, "the list has every pupil", &|app| {
        texts(app).len() == places + 2
    });
    app.update();
    assert_eq!(count::<RosterRow>(&mut app), places - 1);
    let mut board_texts = app.world_mut().query::<&Text>();
    assert!(
        board_texts.iter(app.world()).any(|t| t.0 == "+ 3"),
        "the last place says three more"
    );
}

#[test]
fn each_of_nine_views_in_the_grid_stays_within_the_draw_call_budget() {
    use retki_classroom::watch::WatchCamera;
    use retki_core::stats::{DRAW_CALL_BUDGET, TRIANGLE_BUDGET, view_stats};

    let mut app = common::moon_in_class(true);
    hear(&mut app, welcome_teacher());
    // Nine pupils in a ring of 4 m, each looking across it at the others: every view has
    // the place and most of the class in it.
    let heads: Vec<(Vec3, Quat)> = (0..9)
        .map(|n| {
            let angle = n as f32 / 9.0 * std::f32::consts::TAU;
            let at = Vec3::new(4.0 * angle.cos(), 1.6, 4.0 * angle.sin());
            let facing = Transform::from_translation(at)
                .looking_at(Vec3::new(0.0, 1.2, 0.0), Vec3::Y)
                .rotation;
            (at, facing)
        })
        .collect();
    for slot in 1..=9u8 {
        hear(&mut app, joined(&format!("p-{slot}"), slot, Role::Pupil));
    }
    let pose = |n: usize, stamp: u16| ForwardedPose {
        slot: n as u8 + 1,
        stamp,
        packed: pack(&AvatarPose {
            head: Pose {
                position: heads[n].0.to_array(),
                rotation: heads[n].1.to_array(),
            },
            left: Some(Pose {
                position: (heads[n].0 + Vec3::new(-0.3, -0.5, 0.0)).to_array(),
                rotation: [0.0, 0.0, 0.0, 1.0],
            }),
            right: Some(Pose {
                position: (heads[n].0 + Vec3::new(0.3, -0.5, 0.0)).to_array(),
                rotation: [0.0, 0.0, 0.0, 1.0],
            }),
        })
        .unwrap(),
    };
    let run = |app: &mut App| {
        for stamp in 0..30u16 {
            let frame: Vec<ForwardedPose> = (0..9).map(|n| pose(n, 500 + stamp)).collect();
            app.world_mut()
                .resource_mut::<SessionClient>()
                .heard_poses(&pack_frame(&frame), now_ms());
            app.update();
        }
    };
    run(&mut app);
    tap(&mut app, Action::WatchGrid);
    run(&mut app);
    let mut cameras = app.world_mut().query::<(Entity, &WatchCamera)>();
    let cameras: Vec<(Entity, WatchCamera)> =
        cameras.iter(app.world()).map(|(e, w)| (e, *w)).collect();
    assert_eq!(cameras.len(), 9, "a three-by-three grid");
    for (camera, watch) in cameras {
        let stats = view_stats(app.world_mut(), camera, &format!("p-{}", watch.slot));
        println!(
            "grid view of {}: {} triangles, {} meshes, {} draw calls",
            stats.viewpoint,
            stats.visible_triangles,
            stats.visible_meshes,
            stats.draw_calls_estimate
        );
        assert!(
            stats.visible_meshes > 9,
            "the view sees the place and the others: {stats:?}"
        );
        assert!(
            stats.draw_calls_estimate as u64 <= DRAW_CALL_BUDGET,
            "{stats:?}"
        );
        assert!(
            stats.visible_triangles as u64 <= TRIANGLE_BUDGET,
            "{stats:?}"
        );
    }
}
