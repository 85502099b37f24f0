//! Which hand points and where the menu board is. With both hands, one controller points (the
//! right, or the left with [`Comfort::left_hand`]) and the board sits on the other. With
//! [`Comfort::one_hand`], the board floats before the pupil at waist height instead and
//! follows when they turn well away from it, so the pointing hand alone reaches every button.
//! Each controller alone can also select, grab, teleport, turn and press menu
//! ([`crate::bindings::PROFILE_BINDINGS`]); so with one hand, either one, every action is
//! reachable.

use bevy::prelude::*;
use bevy::transform::TransformSystems;
use retki_core::panel::BoardScale;
use retki_core::pointer::{PointerSource, PointerSystems};

use crate::comfort::Comfort;
use crate::menu::{MenuBoard, board_placement};
use crate::posture::RigPart;

/// Where the floating board is from the eyes, metres, in the direction the pupil faces: 0.45 m
/// ahead and 0.4 m below, about a seated or standing pupil's forearm held out, below the line
/// of sight so it hides nothing of the place.
pub const FLOATING_BOARD_M: Vec3 = Vec3::new(0.0, -0.4, -0.45);
/// How far the pupil may turn their head away from the floating board before it comes round
/// to the front again, degrees. A board that follows every small turn would swim in the
/// view; one that never follows would be lost behind the pupil.
pub const FOLLOW_AFTER_DEG: f32 = 35.0;

/// The floating board's direction, the yaw it was last brought round to, radians.
#[derive(Component, Clone, Copy, Debug, PartialEq)]
pub struct Floating {
    /// Turn about the vertical, radians; 0 faces −Z.
    pub yaw: f32,
}

pub(crate) fn plugin(app: &mut App) {
    app.add_systems(PreUpdate, point_with_chosen_hand.before(PointerSystems))
        .add_systems(PostUpdate, hold_board.before(TransformSystems::Propagate));
}

/// The controller that points.
pub fn pointing_part(comfort: &Comfort) -> RigPart {
    if comfort.left_hand {
        RigPart::LeftController
    } else {
        RigPart::RightController
    }
}

/// The controller that carries the board when the pupil uses both hands.
pub fn holding_part(comfort: &Comfort) -> RigPart {
    if comfort.left_hand {
        RigPart::RightController
    } else {
        RigPart::LeftController
    }
}

/// The pointer comes from the chosen hand's controller, and from no other.
fn point_with_chosen_hand(
    comfort: Res<Comfort>,
    new_parts: Query<(), Added<RigPart>>,
    parts: Query<(Entity, &RigPart, Has<PointerSource>)>,
    mut commands: Commands,
) {
    if !comfort.is_changed() && new_parts.is_empty() {
        return;
    }
    let pointing = pointing_part(&comfort);
    for (entity, part, points) in &parts {
        if !matches!(part, RigPart::LeftController | RigPart::RightController) {
            continue;
        }
        if *part == pointing && !points {
            commands.entity(entity).insert(PointerSource { beam: true });
        } else if *part != pointing && points {
            commands.entity(entity).remove::<PointerSource>();
        }
    }
}

/// The yaw of a direction, radians: 0 for −Z, growing anticlockwise seen from above.
fn yaw_of(direction: Vec3) -> f32 {
    (-direction.x).atan2(-direction.z)
}

/// The difference of two yaws, wrapped to −π..π.
fn yaw_between(a: f32, b: f32) -> f32 {
    let d = (a - b).rem_euclid(std::f32::consts::TAU);
    if d > std::f32::consts::PI {
        d - std::f32::consts::TAU
    } else {
        d
    }
}

/// Where the floating board is for eyes at `eyes`, brought round to `yaw`: facing the eyes.
pub fn floating_placement(eyes: Vec3, yaw: f32) -> Transform {
    let at = eyes + Quat::from_rotation_y(yaw) * FLOATING_BOARD_M;
    // The board's face is its +Z side: it looks away from the eyes.
    Transform::from_translation(at).looking_at(at + (at - eyes), Vec3::Y)
}

/// The board sits on the holding hand, or floats before a one-handed pupil; it grows with
/// larger text.
#[allow(clippy::type_complexity, reason = "a system's query")]
fn hold_board(
    comfort: Res<Comfort>,
    scale: Option<Res<BoardScale>>,
    mut boards: Query<
        (
            Entity,
            &mut Transform,
            Option<&ChildOf>,
            Option<&mut Floating>,
        ),
        With<MenuBoard>,
    >,
    parts: Query<(Entity, &RigPart, &GlobalTransform), Without<MenuBoard>>,
    mut commands: Commands,
) {
    let scale = Vec3::splat(scale.map_or(1.0, |s| s.0));
    let part = |wanted: RigPart| parts.iter().find(|(_, part, _)| **part == wanted);
    for (board, mut transform, parent, floating) in &mut boards {
        if comfort.one_hand {
            let Some((_, _, head)) = part(RigPart::Head) else {
                continue;
            };
            let facing = yaw_of(head.forward().as_vec3());
            let yaw = match floating {
                Some(mut floating) => {
                    if yaw_between(facing, floating.yaw).abs() > FOLLOW_AFTER_DEG.to_radians() {
                        floating.yaw = facing;
                    }
                    floating.yaw
                }
                None => {
                    commands.entity(board).insert(Floating { yaw: facing });
                    facing
                }
            };
            if parent.is_some() {
                commands.entity(board).remove::<ChildOf>();
            }
            transform.set_if_neq(floating_placement(head.translation(), yaw).with_scale(scale));
        } else {
            let Some((holder, _, _)) = part(holding_part(&comfort)) else {
                continue;
            };
            if parent.map(ChildOf::parent) != Some(holder) {
                commands.entity(holder).add_child(board);
                commands.entity(board).remove::<Floating>();
            }
            transform.set_if_neq(board_placement().with_scale(scale));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_floating_board_is_below_the_eyes_and_faces_them() {
        let eyes = Vec3::new(1.0, 1.6, 2.0);
        for yaw in [0.0, 1.0, -2.5] {
            let board = floating_placement(eyes, yaw);
            let to_eyes = (eyes - board.translation).normalize();
            assert!(board.back().dot(to_eyes) > 0.999, "faces the eyes");
            assert!((board.translation.y - (eyes.y - 0.4)).abs() < 1e-5);
            let ahead = board.translation - eyes;
            assert!((yaw_of(Vec3::new(ahead.x, 0.0, ahead.z)) - yaw).abs() < 1e-4);
        }
        assert!((yaw_between(3.0, -3.0) - (6.0 - std::f32::consts::TAU)).abs() < 1e-5);
        assert!((yaw_between(0.5, 0.2) - 0.3).abs() < 1e-6);
    }
}
