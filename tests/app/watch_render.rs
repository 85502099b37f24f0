//! What the teacher's window shows while watching a pupil is what the pupil sees: the Moon
//! rendered in the teacher's app from the pupil's head pose, as it arrives over the session,
//! against the Moon rendered in an app of its own from the same pose (the pupil's own view).
//! The two pictures' mean absolute difference must stay under a threshold; the teacher's own
//! view from elsewhere must differ by far more, so the comparison can fail.

use std::time::Duration;

use crate::common;

use bevy::prelude::*;
use bevy::time::TimeUpdateStrategy;
use retki::app::{self, Face};
use retki_classroom::watch::Watching;
use retki_core::viewer::ViewerCamera;
use retki_session::net::{SessionClient, now_ms};
use retki_session::pose::{AvatarPose, ForwardedPose, Pose, pack, pack_frame};
use retki_session::protocol::Role;
use retki_session::server::ServerMessage;

/// Size of both pictures, pixels.
const SIZE: (u32, u32) = (480, 270);
/// The pupil's head: on the lunar plain, 1.5 m up, turned 30° left and looking 10° down.
fn head() -> Transform {
    Transform::from_xyz(6.0, 1.5, 4.0).with_rotation(
        Quat::from_rotation_y(30f32.to_radians()) * Quat::from_rotation_x(-10f32.to_radians()),
    )
}

/// The Moon off-screen, opened and settled, frame by frame on a fixed clock.
fn moon(class: bool) -> App {
    let mut app = app::build(
        Face::Offscreen {
            width: SIZE.0,
            height: SIZE.1,
        },
        Some(retki_scenes::lunar::LUNAR),
    );
    if class {
        app::add_offline_presence(&mut app);
    }
    let step = Duration::from_secs_f64(1.0 / retki_core::physics::PHYSICS_RATE_HZ);
    app.insert_resource(TimeUpdateStrategy::ManualDuration(step));
    app::update_until_in_scene(&mut app, 4_000).expect("the Moon opens");
    app
}

/// Mean absolute difference of two pictures' colour channels, 0–255.
fn mean_abs_difference(a: &Image, b: &Image) -> f64 {
    let (a, b) = (a.data.as_ref().unwrap(), b.data.as_ref().unwrap());
    assert_eq!(a.len(), b.len());
    let mut sum = 0u64;
    for (pa, pb) in a.chunks_exact(4).zip(b.chunks_exact(4)) {
        for c in 0..3 {
            sum += u64::from(pa[c].abs_diff(pb[c]));
        }
    }
    sum as f64 / (a.len() / 4 * 3) as f64
}

#[test]
fn the_teacher_watching_a_pupil_sees_what_the_pupil_sees() {
    // The pupil's own view.
    let mut own = moon(false);
    let mut cameras = own
        .world_mut()
        .query_filtered::<&mut Transform, With<ViewerCamera>>();
    for mut camera in cameras.iter_mut(own.world_mut()) {
        *camera = head();
    }
    for _ in 0..10 {
        own.update();
    }
    let pupil_sees = app::viewer_picture(&mut own).expect("the pupil's picture");
    drop(own);

    // The teacher's app, the pupil's head arriving over the session.
    let mut teacher = moon(true);
    common::hear(&mut teacher, common::welcome_teacher());
    common::hear(
        &mut teacher,
        ServerMessage::Joined {
            id: "p-aino".into(),
            slot: 1,
            pseudonym: "Aino".into(),
            role: Role::Pupil,
        },
    );
    let pose = head();
    let send_head = |app: &mut App, stamp: u16| {
        let frame = pack_frame(&[ForwardedPose {
            slot: 1,
            stamp,
            packed: pack(&AvatarPose {
                head: Pose {
                    position: pose.translation.to_array(),
                    rotation: pose.rotation.to_array(),
                },
                left: None,
                right: None,
            })
            .unwrap(),
        }]);
        app.world_mut()
            .resource_mut::<SessionClient>()
            .heard_poses(&frame, now_ms());
    };
    for stamp in 0..10 {
        send_head(&mut teacher, stamp);
        teacher.update();
    }
    let teacher_own = app::viewer_picture(&mut teacher).expect("the teacher's own picture");
    *teacher.world_mut().resource_mut::<Watching>() = Watching::One(1);
    // A second of frames: the smoothed view (0.12 s time constant) has long arrived.
    for stamp in 10..70 {
        send_head(&mut teacher, stamp);
        teacher.update();
    }
    let teacher_sees = app::viewer_picture(&mut teacher).expect("the watched picture");

    let same = mean_abs_difference(&teacher_sees, &pupil_sees);
    let other = mean_abs_difference(&teacher_own, &pupil_sees);
    // What may differ: the pupil's name in the corner (about 1 % of the picture), the ring
    // where the pupil looks, and the last of the smoothing. 3 of 255 on average is far below
    // a change of view, which moves every edge of the scene.
    assert!(
        same < 3.0,
        "the watched view is the pupil's: mean difference {same:.2}"
    );
    assert!(
        other > 4.0 * same.max(1.0),
        "the teacher's own view differs: {other:.2} against {same:.2}"
    );
}
