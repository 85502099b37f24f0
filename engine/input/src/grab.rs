//! Picking things up: grab what the pointer is on (within reach), carry it in front of the
//! hand or the view, and let go to drop it or, moving, to throw it with the hand's speed.
//!
//! It reads only Retki's [`Actions`] (grab: the grip in a headset, the right mouse button or G
//! on a laptop); what can be picked up is marked [`Grabbable`] by its place.

use std::collections::VecDeque;

use bevy::prelude::*;
use bevy_rapier3d::prelude::{RigidBody, Velocity};
use retki_core::physics::Grabbable;
use retki_core::pointer::{PointerHit, PointerSource};
use retki_core::trip::TripPhase;

use crate::actions::{Action, ActionSystems, Actions};

/// How far away something may be and still be picked up, metres: an arm's length in a
/// headset; from a laptop, a few steps.
pub const GRAB_REACH_M: f32 = 3.0;
/// Where a held object is carried: this far along a controller's pointing direction, metres.
pub const HOLD_IN_HAND_M: f32 = 0.1;
/// Where a held object is carried on a laptop: this far in front of the view, metres.
pub const HOLD_IN_VIEW_M: f32 = 0.8;
/// A throw takes the hand's mean velocity over this last stretch of time, seconds.
pub const THROW_WINDOW_S: f32 = 0.1;

/// An object being carried, and where it has been lately.
#[derive(Component, Debug)]
pub struct Held {
    source: Entity,
    distance_m: f32,
    track: VecDeque<(f32, Vec3)>,
}

pub(crate) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        (pick_up, carry, let_go)
            .chain()
            .after(ActionSystems::Read)
            .run_if(in_state(TripPhase::InScene)),
    );
}

/// Objects that can be picked up and are not held yet.
type FreeObjects = (With<Grabbable>, Without<Held>);

fn pick_up(
    actions: Res<Actions>,
    hit: Res<PointerHit>,
    sources: Query<(Entity, &PointerSource)>,
    mut objects: Query<(&mut RigidBody, Option<&Name>), FreeObjects>,
    mut commands: Commands,
) {
    if !actions.just_pressed(Action::Grab) {
        return;
    }
    let (Some(hit), Some((source, pointer))) = (hit.0, sources.iter().next()) else {
        return;
    };
    if hit.distance_m > GRAB_REACH_M {
        return;
    }
    let Ok((mut body, name)) = objects.get_mut(hit.entity) else {
        return;
    };
    *body = RigidBody::KinematicPositionBased;
    let distance_m = if pointer.beam {
        HOLD_IN_HAND_M
    } else {
        HOLD_IN_VIEW_M
    };
    commands.entity(hit.entity).insert(Held {
        source,
        distance_m,
        track: VecDeque::new(),
    });
    info!(
        "grab: picked up {}",
        name.map_or("an object", |n| n.as_str())
    );
}

fn carry(
    time: Res<Time>,
    sources: Query<&GlobalTransform, With<PointerSource>>,
    mut held: Query<(&mut Held, &mut Transform)>,
) {
    let now = time.elapsed_secs();
    for (mut held, mut transform) in &mut held {
        let Ok(source) = sources.get(held.source) else {
            continue;
        };
        let at = source.translation() + source.forward().as_vec3() * held.distance_m;
        transform.translation = at;
        held.track.push_back((now, at));
        while held
            .track
            .front()
            .is_some_and(|(t, _)| now - t > THROW_WINDOW_S)
        {
            held.track.pop_front();
        }
    }
}

/// The mean velocity over a track of (time, position), m/s.
fn throw_velocity(track: &VecDeque<(f32, Vec3)>) -> Vec3 {
    match (track.front(), track.back()) {
        (Some(&(t0, p0)), Some(&(t1, p1))) if t1 > t0 => (p1 - p0) / (t1 - t0),
        _ => Vec3::ZERO,
    }
}

fn let_go(
    actions: Res<Actions>,
    mut held: Query<(Entity, &Held, &mut RigidBody, &mut Velocity, Option<&Name>)>,
    mut commands: Commands,
) {
    if !actions.just_released(Action::Grab) {
        return;
    }
    for (entity, holding, mut body, mut velocity, name) in &mut held {
        let v = throw_velocity(&holding.track);
        *body = RigidBody::Dynamic;
        *velocity = Velocity::linear(v);
        commands.entity(entity).remove::<Held>();
        info!(
            "grab: let go of {} at {:.1} m/s",
            name.map_or("an object", |n| n.as_str()),
            v.length()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_throw_takes_the_mean_velocity_of_the_track() {
        let track: VecDeque<_> = (0..6)
            .map(|i| (i as f32 / 60.0, Vec3::new(0.1 * i as f32, 0.0, 0.0)))
            .collect();
        let v = throw_velocity(&track);
        assert!((v - Vec3::new(6.0, 0.0, 0.0)).length() < 1e-3, "{v}");
        assert_eq!(throw_velocity(&VecDeque::new()), Vec3::ZERO);
    }
}
