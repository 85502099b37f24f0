//! Pictures of the teacher's app in a class on the Moon, rendered off-screen: for
//! `retki render class` and the teacher's guide. The class is told to the app as a server
//! would tell it: the teacher welcomed, six pupils joined, their heads arriving with every
//! frame, standing in a ring in front of the teacher and looking across it.

use std::time::Duration;

use bevy::prelude::*;
use bevy::time::TimeUpdateStrategy;
use retki_classroom::watch::Watching;
use retki_core::SceneId;
use retki_core::viewer::ViewerCamera;
use retki_session::net::{SessionClient, now_ms};
use retki_session::pose::{AvatarPose, ForwardedPose, Pose, pack, pack_frame};
use retki_session::protocol::Role;
use retki_session::server::ServerMessage;

use crate::app::{self, Face};

/// The views `retki render class` can show, by name: the teacher's own (with the pupil
/// list and where each pupil looks), one pupil's view, and the grid of every pupil's.
pub const VIEWS: [&str; 3] = ["teacher", "watch", "grid"];

/// The made-up class's names.
const NAMES: [&str; 6] = [
    "Kettu 7",
    "Ilves 12",
    "Karhu 3",
    "Pöllö 21",
    "Hirvi 5",
    "Saukko 9",
];
/// Frames the class runs before each picture, so that views have followed the heads and the
/// pupil list has been drawn.
const SETTLE_FRAMES: u16 = 45;

/// Renders each of `views` at `size`, in the app `build` gives for a face and a place.
pub fn class_pictures(
    views: &[&'static str],
    (width, height): (u32, u32),
    build: impl Fn(Face, Option<SceneId>) -> App,
) -> Result<Vec<(&'static str, Image)>, String> {
    let mut app = build(
        Face::Offscreen { width, height },
        Some(retki_scenes::lunar::LUNAR),
    );
    app::add_offline_presence(&mut app);
    let step = Duration::from_secs_f64(1.0 / retki_core::physics::PHYSICS_RATE_HZ);
    app.insert_resource(TimeUpdateStrategy::ManualDuration(step));
    app::update_until_in_scene(&mut app, 4_000)
        .map_err(|phase| format!("the Moon did not open (stopped at {phase:?})"))?;
    let mut eyes = app
        .world_mut()
        .query_filtered::<&GlobalTransform, With<ViewerCamera>>();
    let eye = eyes
        .iter(app.world())
        .next()
        .ok_or("the app has no camera")?
        .compute_transform();
    let heads = ring(&eye);
    tell(
        &mut app,
        ServerMessage::Welcome {
            you: "teacher".into(),
            slot: 0,
            role: Role::Teacher,
            token: "picture".into(),
            session: "5f0c3a52-0000-4000-8000-000000000001".into(),
            scene: "lunar".into(),
            step: 0,
            frozen: false,
            muted: false,
        },
    );
    for (n, name) in NAMES.iter().enumerate() {
        tell(
            &mut app,
            ServerMessage::Joined {
                id: format!("pupil-{n}"),
                slot: n as u8 + 1,
                pseudonym: (*name).to_owned(),
                role: Role::Pupil,
            },
        );
    }
    let mut pictures = Vec::new();
    for &view in views {
        let watching = match view {
            "teacher" => Watching::Own,
            "watch" => Watching::One(1),
            "grid" => Watching::Grid,
            other => {
                return Err(format!(
                    "unknown class view '{other}'; choose some of: {}",
                    VIEWS.join(", ")
                ));
            }
        };
        *app.world_mut().resource_mut::<Watching>() = watching;
        for _ in 0..SETTLE_FRAMES {
            // A pose's stamp is the low bits of its sender's clock, in milliseconds.
            let stamp = now_ms() as u16;
            let frame: Vec<ForwardedPose> = heads
                .iter()
                .enumerate()
                .map(|(n, head)| pose(n as u8 + 1, head, stamp))
                .collect::<Result<_, _>>()?;
            app.world_mut()
                .resource_mut::<SessionClient>()
                .heard_poses(&pack_frame(&frame), now_ms());
            app.update();
            // The pupil list is brought up to date twice a second, in real time.
            std::thread::sleep(Duration::from_millis(10));
        }
        pictures.push((view, app::viewer_picture(&mut app)?));
    }
    Ok(pictures)
}

fn tell(app: &mut App, message: ServerMessage) {
    app.world_mut()
        .resource_mut::<SessionClient>()
        .heard(message);
}

/// The pupils' heads: a ring of 2.5 m radius, 6 m in front of `eye` and a little below it,
/// each looking across it, past its middle, and a little down.
fn ring(eye: &Transform) -> Vec<Transform> {
    let ahead = eye.forward().with_y(0.0).normalize_or(Vec3::NEG_Z);
    let centre = eye.translation + ahead * 6.0 - Vec3::Y * 0.1;
    (0..NAMES.len())
        .map(|n| {
            let angle = n as f32 / NAMES.len() as f32 * std::f32::consts::TAU + 0.4;
            let out = Quat::from_rotation_y(angle) * ahead;
            let at = centre + out * 2.5;
            let past = Quat::from_rotation_y(0.5) * -out;
            Transform::from_translation(at).looking_at(at + past * 6.0 - Vec3::Y * 0.8, Vec3::Y)
        })
        .collect()
}

/// A forwarded pose of `slot`'s head at `head`, hands at the sides.
fn pose(slot: u8, head: &Transform, stamp: u16) -> Result<ForwardedPose, String> {
    let hand = |side: f32| Pose {
        position: (head.translation + head.right() * 0.25 * side - Vec3::Y * 0.5).to_array(),
        rotation: head.rotation.to_array(),
    };
    let packed = pack(&AvatarPose {
        head: Pose {
            position: head.translation.to_array(),
            rotation: head.rotation.to_array(),
        },
        left: Some(hand(-1.0)),
        right: Some(hand(1.0)),
    })
    .map_err(|e| e.to_string())?;
    Ok(ForwardedPose {
        slot,
        stamp,
        packed,
    })
}
