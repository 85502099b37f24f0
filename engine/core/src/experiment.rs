//! Drop experiments: bodies held still at a height, let go together when a pupil asks, and
//! the time each takes to reach the ground, measured in physics steps (so the timer is as
//! exact as the simulation: one step is 1/60 s).
//!
//! On the Moon this is Apollo 15's hammer and feather; on the seabed, what sinks and what
//! floats.

use bevy::prelude::*;
use bevy_rapier3d::prelude::{RigidBody, Velocity};

use crate::physics::PHYSICS_RATE_HZ;
use crate::poi::GroundHeight;
use crate::trip::TripPhase;

/// A body counts as landed when its lowest point is this close to the ground, metres.
pub const LANDED_TOLERANCE_M: f32 = 0.01;
/// A drop that has not ended after this long is called off, seconds (something was caught on
/// a boulder, or floats).
pub const DROP_TIMEOUT_S: f32 = 30.0;

/// A body in a drop experiment, held at `held_at` until dropped.
#[derive(Component, Clone, Debug, PartialEq)]
pub struct DropSubject {
    /// What it is, for the timer ("hammer").
    pub name: &'static str,
    /// The Fluent key of its name in the place's texts, for the panel ("lunar-drop-hammer").
    pub label_key: &'static str,
    /// Where its centre is held before the drop, metres.
    pub held_at: Vec3,
    /// From its centre down to its lowest point while held upright, metres.
    pub half_height_m: f32,
}

/// Lets every [`DropSubject`] go at once (again, if they were dropped before).
#[derive(Message, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DropRequest;

/// The timer of the current or last drop.
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub struct DropTimer {
    /// Whether bodies are falling now.
    pub running: bool,
    /// Physics steps since the drop.
    pub steps: u32,
    /// Each body that landed, with its fall time, seconds, in landing order.
    pub landed: Vec<(&'static str, f32)>,
}

impl DropTimer {
    /// The fall time of `name`, seconds, once it has landed.
    pub fn fall_time_s(&self, name: &str) -> Option<f32> {
        self.landed
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| *t)
    }
}

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<DropTimer>()
        .add_message::<DropRequest>()
        .add_systems(Update, start_drop.run_if(in_state(TripPhase::InScene)))
        .add_systems(FixedUpdate, time_drop);
}

fn start_drop(
    mut requests: MessageReader<DropRequest>,
    mut subjects: Query<(&DropSubject, &mut Transform, &mut RigidBody, &mut Velocity)>,
    mut timer: ResMut<DropTimer>,
) {
    if requests.read().count() == 0 || subjects.is_empty() {
        return;
    }
    for (subject, mut transform, mut body, mut velocity) in &mut subjects {
        *transform = Transform::from_translation(subject.held_at);
        *velocity = Velocity::zero();
        *body = RigidBody::Dynamic;
    }
    *timer = DropTimer {
        running: true,
        ..default()
    };
    let names: Vec<&str> = subjects.iter().map(|(s, ..)| s.name).collect();
    info!("experiment: dropped {} together", names.join(" and "));
}

fn time_drop(
    subjects: Query<(&DropSubject, &Transform)>,
    ground: Option<Res<GroundHeight>>,
    mut timer: ResMut<DropTimer>,
) {
    if !timer.running {
        return;
    }
    timer.steps += 1;
    let elapsed_s = timer.steps as f32 / PHYSICS_RATE_HZ as f32;
    for (subject, transform) in &subjects {
        if timer.fall_time_s(subject.name).is_some() {
            continue;
        }
        let at = transform.translation;
        let floor = ground.as_ref().map_or(0.0, |g| g.at(at.x, at.z));
        if at.y - subject.half_height_m <= floor + LANDED_TOLERANCE_M {
            timer.landed.push((subject.name, elapsed_s));
        }
    }
    let all = subjects.iter().count();
    if timer.landed.len() == all {
        timer.running = false;
        let times: Vec<String> = timer
            .landed
            .iter()
            .map(|(name, t)| format!("{name} after {t:.2} s"))
            .collect();
        info!("experiment: landed: {}", times.join(", "));
    } else if elapsed_s > DROP_TIMEOUT_S {
        timer.running = false;
        info!(
            "experiment: called off after {DROP_TIMEOUT_S} s; {} of {all} landed",
            timer.landed.len()
        );
    }
}
