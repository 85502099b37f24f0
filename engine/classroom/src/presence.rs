//! Being in a class session in a window or a headset: the app sends its head (and hands) to
//! the server at 30 Hz and shows everyone else as an avatar; it follows the teacher's steps,
//! gathers, freezes and look-here arrows; it tells the server when a point of interest is
//! opened and an object is picked up or let go. The teacher's app also shows where each
//! pupil looks, and has keys for the guide controls.
//!
//! Avatars are kept one per slot (the server's number for a person in the session), so a
//! pupil who comes back after a drop is the same avatar, never a second one.

use std::collections::HashMap;
use std::time::Duration;

use crate::shared_design::{
    DesignAuthority, DesignFromServer, DesignRequest, LocalAuthor, SessionRefused,
};
use bevy::prelude::*;
use bevy_rapier3d::prelude::{Collider, Sensor};
use retki_core::physics::Grabbable;
use retki_core::poi::PoiOpened;
use retki_core::pointer::PointerHit;
use retki_core::viewer::{GoToViewpoint, ViewAnchor, ViewerCamera};
use retki_core::{SceneId, TripRequest};
use retki_input::grab::Held;
use retki_input::menu::MenuOffer;
use retki_input::posture::RigPart;
use retki_input::{Action, ActionSystems, Actions};
use retki_session::net::{PoseToServer, SessionClient, ToServer, now_ms, send, send_pose};
use retki_session::pose::{AvatarPose, POSE_HZ, Pose};
use retki_session::protocol::{ClientMessage, Role, TeacherCommand};
use retki_session::server::ServerMessage;

/// How long a look-here arrow stays, seconds.
pub const LOOK_HERE_S: f32 = 12.0;
/// How far from the teacher pupils stand after a gather, metres.
pub const GATHER_RADIUS_M: f32 = 1.6;
/// The avatar's head: radius, metres.
const HEAD_RADIUS_M: f32 = 0.12;
/// The avatar's body below the head: radius and length of its middle, metres.
const BODY: (f32, f32) = (0.17, 0.55);
/// Hands: radius, metres.
const HAND_RADIUS_M: f32 = 0.045;
/// How far a gaze ray is followed to the ground before the marker sits at its end, metres.
const GAZE_REACH_M: f32 = 25.0;

/// Session presence in a window or a headset.
pub struct PresencePlugin;

impl Plugin for PresencePlugin {
    fn build(&self, app: &mut App) {
        crate::shared_design::register(app);
        app.add_plugins(crate::roster::RosterPlugin)
            .init_resource::<GazeShown>()
            .init_resource::<crate::tasks::LessonTasks>()
            .init_resource::<Avatars>()
            .init_resource::<crate::watch::Watching>()
            .add_systems(Update, crate::watch::show_step_overlay)
            .init_resource::<Places>()
            .add_systems(
                Update,
                (
                    send_my_pose,
                    follow_session,
                    crate::tasks::answer_with_actions,
                    crate::tasks::show_card,
                    crate::tasks::offer_answers,
                    keep_avatars,
                    move_avatars,
                    gaze_markers,
                    fade_arrows,
                    tell_pois,
                    tell_design,
                    teacher_controls,
                    take_out,
                    crate::watch::follow_spectated,
                    crate::watch::choose_watched,
                    crate::watch::show_watched,
                    crate::watch::follow_watched,
                )
                    .chain()
                    .in_set(PresenceSystems),
            )
            .add_systems(
                PreUpdate,
                freeze_input
                    .after(ActionSystems::Menu)
                    .run_if(|c: Res<SessionClient>| c.frozen),
            )
            .add_observer(tell_grab)
            .add_observer(tell_release);
    }
}

/// The presence systems, one chain: the first takes the server's messages from
/// [`SessionClient`]'s inbox, so whatever else reads them runs before.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PresenceSystems;

/// The places a session may open, by name.
#[derive(Resource, Default)]
pub struct Places(pub HashMap<String, SceneId>);

/// The avatar entity of each slot.
#[derive(Resource, Default, Debug)]
pub struct Avatars(pub HashMap<u8, Entity>);

/// An avatar's root (the head); the body and hands are its parts.
#[derive(Component, Debug)]
pub struct Avatar {
    /// The person's slot.
    pub slot: u8,
}

#[derive(Component, Clone, Copy)]
enum AvatarPart {
    Body,
    Left,
    Right,
}

/// Whether the teacher sees where each pupil looks (they do, until Shift+F8 or the menu's
/// "Gaze").
#[derive(Resource, Clone, Copy, Debug, PartialEq, Eq)]
pub struct GazeShown(pub bool);

impl Default for GazeShown {
    fn default() -> Self {
        Self(true)
    }
}

/// The marker where a pupil looks, in the teacher's view.
#[derive(Component, Debug)]
pub struct GazeMarker {
    /// The pupil's slot.
    pub slot: u8,
}

/// A look-here arrow, and how long it has left, seconds.
#[derive(Component, Debug)]
pub struct LookHereArrow(pub f32);

/// A colour per slot, spread around the hue circle by the golden angle: a person's avatar,
/// gaze ring and name in the pupil list share it.
pub(crate) fn slot_colour(slot: u8) -> Color {
    Color::hsl((f32::from(slot) * 137.508) % 360.0, 0.65, 0.55)
}

fn to_pose(t: &GlobalTransform) -> Pose {
    let (_, rotation, position) = t.to_scale_rotation_translation();
    Pose {
        position: position.to_array(),
        rotation: rotation.to_array(),
    }
}

fn send_my_pose(
    time: Res<Time<Real>>,
    mut since: Local<Duration>,
    client: Res<SessionClient>,
    cameras: Query<&GlobalTransform, With<ViewerCamera>>,
    parts: Query<(&RigPart, &GlobalTransform)>,
    mut writer: MessageWriter<PoseToServer>,
) {
    *since += time.delta();
    let every = Duration::from_secs_f64(1.0 / POSE_HZ);
    // An observer is seen by no one: it has no head to send.
    if *since < every
        || client
            .me
            .as_ref()
            .is_none_or(|me| me.role == Role::Observer)
    {
        return;
    }
    *since -= every;
    if *since > every {
        *since = Duration::ZERO;
    }
    let part = |want: RigPart| {
        parts
            .iter()
            .find(|(p, _)| **p == want)
            .map(|(_, t)| to_pose(t))
    };
    let Some(head) = part(RigPart::Head).or_else(|| cameras.iter().next().map(to_pose)) else {
        return;
    };
    let pose = AvatarPose {
        head,
        left: part(RigPart::LeftController),
        right: part(RigPart::RightController),
    };
    send_pose(&mut writer, now_ms(), &pose);
}

/// The shared schoolyard as the session sees it: who decides, who this pupil is, and what
/// the server made or refused.
#[derive(bevy::ecs::system::SystemParam)]
struct SharedDesign<'w> {
    applied: MessageWriter<'w, DesignFromServer>,
    refused: MessageWriter<'w, SessionRefused>,
    authority: ResMut<'w, DesignAuthority>,
    author: ResMut<'w, LocalAuthor>,
}

/// What the server says that moves this app: steps, gathers, arrows, held objects.
#[expect(clippy::too_many_arguments, reason = "a system's parameters")]
fn follow_session(
    mut client: ResMut<SessionClient>,
    places: Res<Places>,
    mut trips: MessageWriter<TripRequest>,
    mut views: MessageWriter<GoToViewpoint>,
    mut anchors: Query<(&mut Transform, &ViewAnchor)>,
    mut held: Query<(Entity, &Name), With<Held>>,
    mut commands: Commands,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
    mut design: SharedDesign,
    mut tasks: ResMut<crate::tasks::LessonTasks>,
) {
    let me = client.me.clone();
    let messages: Vec<ServerMessage> = std::mem::take(&mut client.inbox);
    for message in messages {
        match message {
            ServerMessage::Welcome { scene, you, .. } => {
                // In a session, the server decides the schoolyard's changes.
                *design.authority = DesignAuthority::Server;
                design.author.0 = you;
                if let Some(id) = places.0.get(&scene) {
                    trips.write(TripRequest(Some(*id)));
                }
            }
            ServerMessage::Step { scene, .. } => {
                if let Some(id) = places.0.get(&scene) {
                    trips.write(TripRequest(Some(*id)));
                }
            }
            ServerMessage::DesignApplied { op } => {
                design.applied.write(DesignFromServer(op));
            }
            ServerMessage::LessonStep {
                index,
                of,
                id,
                viewpoint,
                tasks: cards,
                ..
            } => {
                info!("lesson: step {id}, {} tasks", cards.len());
                views.write(GoToViewpoint(viewpoint));
                tasks.start(index, of, id, cards);
            }
            ServerMessage::Answered { task } => tasks.acknowledged(&task),
            ServerMessage::Gather { to: Some(to) } => {
                let Some(me) = &me else { continue };
                let angle = f32::from(me.slot) * 0.7;
                let teacher = Vec3::from_array(to);
                let eye = teacher + Vec3::new(angle.cos(), 0.0, angle.sin()) * GATHER_RADIUS_M;
                for (mut transform, anchor) in &mut anchors {
                    *transform = match *anchor {
                        ViewAnchor::Eye => Transform::from_translation(eye)
                            .looking_at(Vec3::new(teacher.x, eye.y, teacher.z), Vec3::Y),
                        ViewAnchor::Floor { eye_height_m } => {
                            let look = teacher - eye;
                            Transform::from_translation(eye - Vec3::Y * eye_height_m)
                                .with_rotation(Quat::from_rotation_y((-look.x).atan2(-look.z)))
                        }
                    };
                }
            }
            ServerMessage::LookHere { point } => {
                commands.spawn((
                    LookHereArrow(LOOK_HERE_S),
                    Mesh3d(meshes.add(Cone::new(0.25, 0.6))),
                    MeshMaterial3d(materials.add(StandardMaterial {
                        base_color: Color::srgb(1.0, 0.55, 0.0),
                        emissive: LinearRgba::rgb(2.0, 0.8, 0.0),
                        ..default()
                    })),
                    // Point down at the spot, floating above it.
                    Transform::from_translation(Vec3::from_array(point) + Vec3::Y * 0.9)
                        .with_rotation(Quat::from_rotation_x(std::f32::consts::PI)),
                ));
            }
            // Someone else holds what this app holds: theirs, the server says.
            ServerMessage::Held {
                object,
                by: Some(by),
            } if me.as_ref().is_some_and(|me| me.id != by) => {
                for (entity, name) in &mut held {
                    if object_number(name) == object {
                        commands.entity(entity).remove::<Held>();
                    }
                }
            }
            ServerMessage::Refused { reason } => {
                warn!("session: {reason}");
                design.refused.write(SessionRefused(reason));
            }
            _ => {}
        }
    }
}

/// A stable number for a grabbable object, the same in every app: FNV-1a of its name.
pub fn object_number(name: &Name) -> u32 {
    name.as_str().bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

fn keep_avatars(
    client: Res<SessionClient>,
    mut avatars: ResMut<Avatars>,
    mut commands: Commands,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    let gone: Vec<u8> = avatars
        .0
        .keys()
        .filter(|slot| !client.people.contains_key(slot))
        .copied()
        .collect();
    for slot in gone {
        if let Some(entity) = avatars.0.remove(&slot) {
            commands.entity(entity).despawn();
        }
    }
    for (&slot, person) in &client.people {
        if avatars.0.contains_key(&slot) {
            continue;
        }
        let colour = slot_colour(slot);
        let skin = materials.add(StandardMaterial {
            base_color: colour,
            perceptual_roughness: 0.7,
            ..default()
        });
        let visor = materials.add(StandardMaterial {
            base_color: Color::srgb(0.05, 0.05, 0.08),
            perceptual_roughness: 0.2,
            ..default()
        });
        let teacher = person.role == Role::Teacher;
        let entity = commands
            .spawn((
                Avatar { slot },
                Name::new(format!("avatar {}", person.pseudonym)),
                Mesh3d(meshes.add(Sphere::new(HEAD_RADIUS_M))),
                MeshMaterial3d(skin.clone()),
                Transform::default(),
                Visibility::Hidden,
            ))
            .with_children(|head| {
                head.spawn((
                    Mesh3d(meshes.add(Cuboid::new(0.16, 0.05, 0.04))),
                    MeshMaterial3d(visor),
                    Transform::from_xyz(0.0, 0.02, -HEAD_RADIUS_M),
                ));
                if teacher {
                    // The teacher wears a hat, so pupils find them.
                    head.spawn((
                        Mesh3d(meshes.add(Cylinder::new(0.14, 0.08))),
                        MeshMaterial3d(skin.clone()),
                        Transform::from_xyz(0.0, HEAD_RADIUS_M, 0.0),
                    ));
                }
            })
            .id();
        // The teacher can point at a pupil (to take them out): their heads are targets in the
        // teacher's app, and nothing bumps into them.
        let i_teach = client
            .me
            .as_ref()
            .is_some_and(|me| me.role == Role::Teacher);
        if i_teach && !teacher {
            commands
                .entity(entity)
                .insert((Collider::ball(HEAD_RADIUS_M), Sensor));
        }
        // The body and hands are not children of the head: the body stays upright and the
        // hands move on their own.
        let body = commands
            .spawn((
                AvatarPart::Body,
                ChildOf(entity),
                Mesh3d(meshes.add(Capsule3d::new(BODY.0, BODY.1))),
                MeshMaterial3d(skin.clone()),
                Transform::default(),
            ))
            .id();
        let _ = body;
        for part in [AvatarPart::Left, AvatarPart::Right] {
            commands.spawn((
                part,
                ChildOf(entity),
                Mesh3d(meshes.add(Sphere::new(HAND_RADIUS_M))),
                MeshMaterial3d(skin.clone()),
                Transform::default(),
                Visibility::Hidden,
            ));
        }
        avatars.0.insert(slot, entity);
    }
}

/// Places each avatar where its person was a moment ago, smoothly (see
/// [`retki_session::pose::Interpolator`]). Parts are placed relative to the head.
fn move_avatars(
    client: Res<SessionClient>,
    avatars: Res<Avatars>,
    mut heads: Query<(&mut Transform, &mut Visibility, &Children), With<Avatar>>,
    mut parts: Query<(&AvatarPart, &mut Transform, &mut Visibility), Without<Avatar>>,
) {
    let now = now_ms();
    for (slot, &entity) in &avatars.0 {
        let Some(pose) = client.people.get(slot).and_then(|p| p.pose(now)) else {
            continue;
        };
        let Ok((mut head, mut visible, children)) = heads.get_mut(entity) else {
            continue;
        };
        let rotation = Quat::from_array(pose.head.rotation);
        *head = Transform::from_translation(Vec3::from_array(pose.head.position))
            .with_rotation(rotation);
        *visible = Visibility::Inherited;
        let inverse = head.compute_affine().inverse();
        for child in children.iter() {
            let Ok((part, mut transform, mut shown)) = parts.get_mut(child) else {
                continue;
            };
            let world = match part {
                AvatarPart::Body => {
                    // Upright, below the head, turned with the head's heading.
                    let (yaw, _, _) = rotation.to_euler(EulerRot::YXZ);
                    let at = Vec3::from_array(pose.head.position)
                        - Vec3::Y * (HEAD_RADIUS_M + BODY.0 + BODY.1 / 2.0 + 0.04);
                    Some(Transform::from_translation(at).with_rotation(Quat::from_rotation_y(yaw)))
                }
                AvatarPart::Left => pose.left.map(hand),
                AvatarPart::Right => pose.right.map(hand),
            };
            match world {
                Some(world) => {
                    let local = inverse * world.compute_affine();
                    *transform = Transform::from_matrix(local.into());
                    *shown = Visibility::Inherited;
                }
                None => *shown = Visibility::Hidden,
            }
        }
    }
}

fn hand(pose: Pose) -> Transform {
    Transform::from_translation(Vec3::from_array(pose.position))
        .with_rotation(Quat::from_array(pose.rotation))
}

/// Where a head looks: along its forward ray to the ground (y = 0) within reach, or the
/// ray's end.
pub fn gaze_point(head: &Pose) -> Vec3 {
    let eye = Vec3::from_array(head.position);
    let forward = Quat::from_array(head.rotation) * Vec3::NEG_Z;
    if forward.y < -1e-3 {
        let t = -eye.y / forward.y;
        if t <= GAZE_REACH_M {
            return eye + forward * t;
        }
    }
    eye + forward * GAZE_REACH_M
}

fn gaze_markers(
    client: Res<SessionClient>,
    actions: Option<Res<Actions>>,
    mut gaze: ResMut<GazeShown>,
    mut markers: Query<(Entity, &GazeMarker, &mut Transform)>,
    mut commands: Commands,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    if actions.is_some_and(|a| a.just_pressed(Action::ShowGaze)) {
        gaze.0 = !gaze.0;
    }
    let teacher = gaze.0
        && client
            .me
            .as_ref()
            .is_some_and(|me| me.role == Role::Teacher);
    let now = now_ms();
    let mut shown = std::collections::HashSet::new();
    for (entity, marker, mut transform) in &mut markers {
        let pose = client
            .people
            .get(&marker.slot)
            .filter(|p| teacher && p.role == Role::Pupil)
            .and_then(|p| p.pose(now));
        match pose {
            Some(pose) => {
                transform.translation = gaze_point(&pose.head) + Vec3::Y * 0.02;
                shown.insert(marker.slot);
            }
            None => commands.entity(entity).despawn(),
        }
    }
    if !teacher {
        return;
    }
    for (&slot, person) in &client.people {
        if person.role != Role::Pupil || shown.contains(&slot) {
            continue;
        }
        let Some(pose) = person.pose(now) else {
            continue;
        };
        commands.spawn((
            GazeMarker { slot },
            Mesh3d(meshes.add(Torus::new(0.12, 0.2))),
            MeshMaterial3d(materials.add(StandardMaterial {
                base_color: slot_colour(slot),
                emissive: slot_colour(slot).to_linear() * 1.5,
                unlit: true,
                ..default()
            })),
            Transform::from_translation(gaze_point(&pose.head)),
        ));
    }
}

fn fade_arrows(
    time: Res<Time>,
    mut arrows: Query<(Entity, &mut LookHereArrow, &mut Transform)>,
    mut commands: Commands,
) {
    for (entity, mut arrow, mut transform) in &mut arrows {
        arrow.0 -= time.delta_secs();
        // A gentle bob, so the eye finds it.
        transform.translation.y += (arrow.0 * 4.0).sin() * 0.004;
        if arrow.0 <= 0.0 {
            commands.entity(entity).despawn();
        }
    }
}

/// While the teacher has frozen this app, its actions do nothing (the view still moves with
/// the head).
fn freeze_input(mut actions: ResMut<Actions>) {
    actions.release_all();
}

/// In a session, this app's schoolyard changes are asked of the server.
fn tell_design(
    authority: Res<DesignAuthority>,
    mut requests: MessageReader<DesignRequest>,
    mut writer: MessageWriter<ToServer>,
) {
    for DesignRequest { request, .. } in requests.read() {
        if *authority == DesignAuthority::Server {
            send(
                &mut writer,
                &ClientMessage::Design {
                    request: request.clone(),
                },
            );
        }
    }
}

fn tell_pois(mut opened: MessageReader<PoiOpened>, mut writer: MessageWriter<ToServer>) {
    for PoiOpened { id } in opened.read() {
        send(&mut writer, &ClientMessage::OpenPoi { id: id.clone() });
    }
}

fn tell_grab(
    add: On<Add, Held>,
    names: Query<&Name, With<Grabbable>>,
    writer: MessageWriter<ToServer>,
) {
    tell_held(add.entity, &names, writer, |object| ClientMessage::Grab {
        object,
    });
}

fn tell_release(
    remove: On<Remove, Held>,
    names: Query<&Name, With<Grabbable>>,
    writer: MessageWriter<ToServer>,
) {
    tell_held(remove.entity, &names, writer, |object| {
        ClientMessage::Release { object }
    });
}

/// Tells the server that this app took or let go of `entity`, if it is a grabbable object.
fn tell_held(
    entity: Entity,
    names: &Query<&Name, With<Grabbable>>,
    mut writer: MessageWriter<ToServer>,
    message: fn(u32) -> ClientMessage,
) {
    if let Ok(name) = names.get(entity) {
        send(&mut writer, &message(object_number(name)));
    }
}

/// The teacher's controls (F5 to F12 on a laptop, the menu's teacher buttons in a headset):
/// gather, freeze everyone, unfreeze, look here (at what the pointer touches), the next
/// place, end the session, the lesson's step before and next.
fn teacher_controls(
    actions: Option<Res<Actions>>,
    client: Res<SessionClient>,
    places: Res<Places>,
    hit: Option<Res<PointerHit>>,
    mut offer: Option<ResMut<MenuOffer>>,
    mut writer: MessageWriter<ToServer>,
) {
    let teacher = client
        .me
        .as_ref()
        .is_some_and(|me| me.role == Role::Teacher);
    if let Some(offer) = offer.as_mut()
        && offer.teacher != teacher
    {
        offer.teacher = teacher;
    }
    let Some(actions) = actions else { return };
    if !teacher {
        return;
    }
    let now = |a: Action| actions.just_pressed(a);
    let mut command = |c: TeacherCommand| send(&mut writer, &ClientMessage::Teacher { command: c });
    if now(Action::Gather) {
        command(TeacherCommand::Gather);
    }
    if now(Action::FreezeAll) {
        command(TeacherCommand::Freeze { pupil: None });
    }
    if now(Action::UnfreezeAll) {
        command(TeacherCommand::Unfreeze { pupil: None });
    }
    if now(Action::LookHere)
        && let Some(hit) = hit.and_then(|h| h.0)
    {
        command(TeacherCommand::LookHere {
            point: hit.point.to_array(),
        });
    }
    if now(Action::NextPlace) {
        let mut names: Vec<&String> = places.0.keys().collect();
        names.sort();
        let current = client.step.as_ref();
        let next = current
            .and_then(|(scene, _)| names.iter().position(|n| *n == scene))
            .map_or(0, |i| (i + 1) % names.len());
        if let Some(scene) = names.get(next) {
            command(TeacherCommand::LoadStep {
                scene: (*scene).clone(),
                step: current.map_or(0, |(_, s)| s + 1),
            });
        }
    }
    if now(Action::EndSession) {
        command(TeacherCommand::End);
    }
    if now(Action::PreviousStep) {
        command(TeacherCommand::Back);
    }
    if now(Action::NextStep) {
        command(TeacherCommand::Next);
    }
}

/// How long the teacher has to press "take out" again on the same pupil, seconds.
const TAKE_OUT_CONFIRM_S: f32 = 3.0;
/// The colour a pupil's avatar turns while the teacher is about to take them out.
const TAKING_OUT_COLOUR: Color = Color::srgb(0.9, 0.1, 0.1);

/// A pupil the teacher pointed at and pressed "take out" on once: their slot, and how long
/// ago, seconds.
#[derive(Default)]
struct TakingOut(Option<(u8, f32)>);

/// The teacher's "take out" (F4, or the menu's button in a headset): pressed while the
/// pointer is on a pupil, that pupil's avatar turns red; pressed again on the same pupil
/// within [`TAKE_OUT_CONFIRM_S`], the server takes them out (and their resume token stops
/// working). Pressed anywhere else, or too late, it starts again.
#[expect(clippy::too_many_arguments, reason = "a system's parameters")]
fn take_out(
    time: Res<Time>,
    actions: Option<Res<Actions>>,
    client: Res<SessionClient>,
    hit: Option<Res<PointerHit>>,
    avatars: Query<(&Avatar, &MeshMaterial3d<StandardMaterial>)>,
    mut materials: ResMut<Assets<StandardMaterial>>,
    mut taking: Local<TakingOut>,
    mut writer: MessageWriter<ToServer>,
) {
    let tint = |slot: u8, colour: Color, materials: &mut Assets<StandardMaterial>| {
        let skin = avatars.iter().find(|(a, _)| a.slot == slot);
        if let Some(mut material) = skin.and_then(|(_, m)| materials.get_mut(&m.0)) {
            material.base_color = colour;
        }
    };
    if let Some((slot, since)) = &mut taking.0 {
        *since += time.delta_secs();
        if *since > TAKE_OUT_CONFIRM_S {
            tint(*slot, slot_colour(*slot), &mut materials);
            taking.0 = None;
        }
    }
    let teacher = client
        .me
        .as_ref()
        .is_some_and(|me| me.role == Role::Teacher);
    if !teacher || !actions.is_some_and(|a| a.just_pressed(Action::TakeOut)) {
        return;
    }
    let pointed = hit
        .and_then(|h| h.0)
        .and_then(|hit| avatars.get(hit.entity).ok())
        .map(|(avatar, _)| avatar.slot)
        .filter(|slot| {
            client
                .people
                .get(slot)
                .is_some_and(|p| p.role == Role::Pupil)
        });
    match (taking.0.take(), pointed) {
        (Some((armed, _)), Some(slot)) if armed == slot => {
            tint(slot, slot_colour(slot), &mut materials);
            let pupil = client.people[&slot].id.clone();
            info!(
                "taking {} out of the session",
                client.people[&slot].pseudonym
            );
            let command = TeacherCommand::Kick { pupil };
            send(&mut writer, &ClientMessage::Teacher { command });
        }
        (armed, pointed) => {
            if let Some((armed, _)) = armed {
                tint(armed, slot_colour(armed), &mut materials);
            }
            if let Some(slot) = pointed {
                tint(slot, TAKING_OUT_COLOUR, &mut materials);
                info!(
                    "press take out again within {TAKE_OUT_CONFIRM_S} s to take {} out",
                    client.people[&slot].pseudonym
                );
                taking.0 = Some((slot, 0.0));
            }
        }
    }
}
