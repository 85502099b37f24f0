//! Comfortable movement: teleporting along an arc onto ground that can be stood on, and
//! turning in fixed steps, so that the world never glides past the pupil's eyes (smooth
//! artificial motion is the main cause of VR sickness).
//!
//! It reads only Retki's [`Actions`]: hold teleport to aim (T on a laptop, A or the trackpad in
//! a headset), let go to jump; snap turn with Q/E or the stick. On a laptop, clicking on the
//! ground also goes there, as a tap would on a touch screen.

use bevy::prelude::*;
use bevy_rapier3d::prelude::*;
use retki_core::marker::MarkerStyle;
use retki_core::physics::Walkable;
use retki_core::pointer::{PointerHit, PointerSource};
use retki_core::scene::SceneRegistry;
use retki_core::trip::{ActiveTrip, TripPhase};
use retki_core::viewer::ViewAnchor;

use crate::actions::{Action, ActionSystems, Actions};
use crate::posture::{Posture, RigPart};
use crate::vignette::Moved;

/// One snap turn, degrees.
pub const SNAP_TURN_DEG: f32 = 30.0;
/// The steepest ground a teleport may land on, degrees from level.
pub const MAX_TELEPORT_SLOPE_DEG: f32 = 30.0;
/// Launch speed of the aiming arc, m/s: with [`ARC_GRAVITY_M_S2`] it reaches about 10 m on
/// level ground when aimed 45° up from eye height.
pub const ARC_SPEED_M_S: f32 = 9.0;
/// Downward pull of the aiming arc, m/s²: the same in every place (Earth's), so a pupil's
/// aim works alike on the Moon and the seabed.
pub const ARC_GRAVITY_M_S2: f32 = 9.81;
/// The arc is followed in steps of this long, seconds, up to [`ARC_STEPS`] steps.
pub const ARC_STEP_S: f32 = 0.04;
/// Steps of the aiming arc.
pub const ARC_STEPS: usize = 60;

/// Why a teleport target was refused.
#[derive(Clone, Debug, PartialEq)]
pub enum Refusal {
    /// The arc hit nothing within its reach.
    NothingInReach,
    /// It hit something that is not ground (a boulder, an object).
    NotGround,
    /// The ground there is steeper than [`MAX_TELEPORT_SLOPE_DEG`].
    TooSteep {
        /// Its slope, degrees.
        slope_deg: f32,
    },
    /// The point is outside the place's ground.
    OutsideThePlace,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::NothingInReach => write!(f, "nothing to stand on within reach"),
            Refusal::NotGround => write!(f, "not ground that can be stood on"),
            Refusal::TooSteep { slope_deg } => write!(
                f,
                "too steep ({slope_deg:.0}°; at most {MAX_TELEPORT_SLOPE_DEG:.0}°)"
            ),
            Refusal::OutsideThePlace => write!(f, "outside the place"),
        }
    }
}

/// Checks a point the aim landed on: `walkable` ground, with surface `normal`, within
/// `half_extent_m` of the place's centre.
pub fn check_target(
    point: Vec3,
    normal: Vec3,
    walkable: bool,
    half_extent_m: f32,
) -> Result<Vec3, Refusal> {
    if !walkable {
        return Err(Refusal::NotGround);
    }
    let slope_deg = normal
        .normalize_or_zero()
        .y
        .clamp(-1.0, 1.0)
        .acos()
        .to_degrees();
    if slope_deg > MAX_TELEPORT_SLOPE_DEG {
        return Err(Refusal::TooSteep { slope_deg });
    }
    if point.x.abs() > half_extent_m || point.z.abs() > half_extent_m {
        return Err(Refusal::OutsideThePlace);
    }
    Ok(point)
}

/// Points along the aiming arc from `origin` launched along `direction`.
pub fn arc_points(origin: Vec3, direction: Vec3) -> Vec<Vec3> {
    let velocity = direction.normalize_or_zero() * ARC_SPEED_M_S;
    (0..=ARC_STEPS)
        .map(|i| {
            let t = i as f32 * ARC_STEP_S;
            origin + velocity * t + Vec3::NEG_Y * (0.5 * ARC_GRAVITY_M_S2 * t * t)
        })
        .collect()
}

/// Where the current aim would land, while teleport is held.
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub struct TeleportAim {
    /// The arc, while aiming.
    pub arc: Vec<Vec3>,
    /// Where it lands and whether that is allowed; `None` when not aiming.
    pub target: Option<Result<Vec3, Refusal>>,
}

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<TeleportAim>().add_systems(
        Update,
        (aim_teleport, teleport, click_to_go, snap_turn)
            .chain()
            .after(ActionSystems::Read)
            .run_if(in_state(TripPhase::InScene)),
    );
}

fn half_extent(registry: &SceneRegistry, trip: &ActiveTrip) -> f32 {
    registry
        .open(trip)
        .map_or(f32::INFINITY, |def| def.ground_half_extent_m)
}

fn aim_teleport(
    actions: Res<Actions>,
    sources: Query<&GlobalTransform, With<PointerSource>>,
    walkable: Query<(), With<Walkable>>,
    context: ReadRapierContext,
    registry: Res<SceneRegistry>,
    trip: Res<State<ActiveTrip>>,
    mut aim: ResMut<TeleportAim>,
) {
    if !actions.pressed(Action::Teleport) {
        if !actions.just_released(Action::Teleport) {
            aim.arc.clear();
            aim.target = None;
        }
        return;
    }
    let (Some(source), Ok(context)) = (sources.iter().next(), context.single()) else {
        return;
    };
    let arc = arc_points(source.translation(), source.forward().as_vec3());
    let filter = QueryFilter::default().exclude_sensors();
    let hit = arc.windows(2).find_map(|pair| {
        let step = pair[1] - pair[0];
        let (entity, hit) = context.cast_ray_and_get_normal(pair[0], step, 1.0, true, filter)?;
        Some((entity, hit.point, hit.normal))
    });
    aim.target = Some(match hit {
        None => Err(Refusal::NothingInReach),
        Some((entity, point, normal)) => check_target(
            point,
            normal,
            walkable.contains(entity),
            half_extent(&registry, trip.get()),
        ),
    });
    aim.arc = arc;
}

fn teleport(
    actions: Res<Actions>,
    mut aim: ResMut<TeleportAim>,
    posture: Res<Posture>,
    heads: Query<(&RigPart, &GlobalTransform)>,
    mut anchors: Query<(&mut Transform, &ViewAnchor)>,
    mut moved: MessageWriter<Moved>,
) {
    if !actions.just_released(Action::Teleport) {
        return;
    }
    let target = aim.target.take();
    aim.arc.clear();
    match target {
        Some(Ok(point)) => {
            move_to(point, posture.eye_height_m(), &heads, &mut anchors);
            moved.write(Moved);
        }
        Some(Err(refusal)) => info!("teleport: refused: {refusal}"),
        None => {}
    }
}

/// On a laptop, a click on open ground goes there (points of interest and experiments keep
/// their own clicks).
#[expect(
    clippy::too_many_arguments,
    reason = "a system: each argument is one resource or query it needs"
)]
fn click_to_go(
    actions: Res<Actions>,
    hit: Res<PointerHit>,
    sources: Query<&PointerSource>,
    walkable: Query<(), With<Walkable>>,
    registry: Res<SceneRegistry>,
    trip: Res<State<ActiveTrip>>,
    posture: Res<Posture>,
    heads: Query<(&RigPart, &GlobalTransform)>,
    mut anchors: Query<(&mut Transform, &ViewAnchor)>,
    mut moved: MessageWriter<Moved>,
) {
    let laptop = sources.iter().any(|s| !s.beam);
    let Some(hit) = hit
        .0
        .filter(|_| laptop && actions.just_pressed(Action::Select))
    else {
        return;
    };
    if !walkable.contains(hit.entity) {
        return;
    }
    match check_target(
        hit.point,
        hit.normal,
        true,
        half_extent(&registry, trip.get()),
    ) {
        Ok(point) => {
            move_to(point, posture.eye_height_m(), &heads, &mut anchors);
            moved.write(Moved);
        }
        Err(refusal) => info!("teleport: refused: {refusal}"),
    }
}

/// Where the tracked head is, in a headset.
fn head_position(heads: &Query<(&RigPart, &GlobalTransform)>) -> Option<Vec3> {
    heads
        .iter()
        .find(|(part, _)| **part == RigPart::Head)
        .map(|(_, t)| t.translation())
}

/// Moves every view anchor so that the pupil stands at `point`: a camera goes to eye height
/// above it; a headset's tracking space goes so that the tracked head is above it.
fn move_to(
    point: Vec3,
    eye_height_m: f32,
    heads: &Query<(&RigPart, &GlobalTransform)>,
    anchors: &mut Query<(&mut Transform, &ViewAnchor)>,
) {
    let head = head_position(heads);
    for (mut transform, anchor) in anchors.iter_mut() {
        match anchor {
            ViewAnchor::Eye => transform.translation = point + Vec3::Y * eye_height_m,
            ViewAnchor::Floor { .. } => {
                let offset = head.map_or(Vec3::ZERO, |h| h - transform.translation);
                transform.translation = point - Vec3::new(offset.x, 0.0, offset.z);
            }
        }
    }
    info!("teleport: moved to ({:.1}, {:.1})", point.x, point.z);
}

fn snap_turn(
    actions: Res<Actions>,
    heads: Query<(&RigPart, &GlobalTransform)>,
    mut anchors: Query<(&mut Transform, &ViewAnchor)>,
    mut moved: MessageWriter<Moved>,
) {
    let sign = match (
        actions.just_pressed(Action::SnapTurnLeft),
        actions.just_pressed(Action::SnapTurnRight),
    ) {
        (true, false) => 1.0,
        (false, true) => -1.0,
        _ => return,
    };
    let turn = Quat::from_rotation_y(sign * SNAP_TURN_DEG.to_radians());
    let head = head_position(&heads);
    for (mut transform, anchor) in anchors.iter_mut() {
        // Turn about the vertical through the eyes, so the pupil does not swing sideways.
        let pivot = match anchor {
            ViewAnchor::Eye => transform.translation,
            ViewAnchor::Floor { .. } => head.unwrap_or(transform.translation),
        };
        transform.rotate_around(pivot, turn);
    }
    moved.write(Moved);
}

/// Marks the aiming arc's dots.
#[derive(Component)]
struct ArcDot;

/// Shows the aiming arc as a row of dots: green where it lands on allowed ground, red where
/// not.
pub(crate) fn arc_plugin(app: &mut App) {
    app.add_systems(Startup, spawn_arc_dots)
        .add_systems(Update, (colour_arc, show_arc.after(aim_teleport)));
}

/// The arc's colours follow the marker style (safe colours).
fn colour_arc(
    style: Option<Res<MarkerStyle>>,
    arc: Option<Res<ArcMaterials>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    let (Some(style), Some(arc)) = (style, arc) else {
        return;
    };
    if !(style.is_changed() || arc.is_added()) {
        return;
    }
    let (allowed, refused) = (style.allowed(), style.refused());
    for (handle, colour) in [(&arc.allowed, allowed), (&arc.refused, refused)] {
        if let Some(mut material) = materials.get_mut(handle) {
            material.base_color = colour;
        }
    }
}

/// Dots shown along the arc.
const ARC_DOTS: usize = 20;

#[derive(Resource)]
struct ArcMaterials {
    allowed: Handle<StandardMaterial>,
    refused: Handle<StandardMaterial>,
}

fn spawn_arc_dots(
    mut commands: Commands,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    let dot = meshes.add(Sphere::new(0.03).mesh().ico(1).expect("a small icosphere"));
    let style = MarkerStyle::default();
    let [allowed, refused] = [style.allowed(), style.refused()].map(|colour| {
        materials.add(StandardMaterial {
            base_color: colour,
            unlit: true,
            ..default()
        })
    });
    for _ in 0..ARC_DOTS {
        commands.spawn((
            Name::new("Teleport arc"),
            ArcDot,
            Mesh3d(dot.clone()),
            MeshMaterial3d(allowed.clone()),
            Transform::default(),
            Visibility::Hidden,
        ));
    }
    commands.insert_resource(ArcMaterials { allowed, refused });
}

fn show_arc(
    aim: Res<TeleportAim>,
    materials: Option<Res<ArcMaterials>>,
    mut dots: Query<
        (
            &mut Transform,
            &mut Visibility,
            &mut MeshMaterial3d<StandardMaterial>,
        ),
        With<ArcDot>,
    >,
) {
    let Some(materials) = materials else { return };
    let allowed = matches!(aim.target, Some(Ok(_)));
    // Only the part of the arc up to where it lands is drawn.
    let landing = match &aim.target {
        Some(Ok(point)) => Some(*point),
        _ => None,
    };
    let shown: Vec<Vec3> = aim
        .arc
        .iter()
        .copied()
        .take_while(|p| landing.is_none_or(|l| p.y >= l.y - 0.05))
        .collect();
    for (i, (mut transform, mut visibility, mut material)) in dots.iter_mut().enumerate() {
        let index = i * shown.len() / ARC_DOTS;
        match shown.get(index) {
            Some(&point) => {
                transform.translation = point;
                visibility.set_if_neq(Visibility::Inherited);
                let wanted = if allowed {
                    &materials.allowed
                } else {
                    &materials.refused
                };
                if material.0 != *wanted {
                    material.0 = wanted.clone();
                }
            }
            _ => {
                visibility.set_if_neq(Visibility::Hidden);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_checked_for_ground_slope_and_place() {
        let up = Vec3::Y;
        let at = Vec3::new(3.0, 0.2, -4.0);
        assert_eq!(check_target(at, up, true, 256.0), Ok(at));
        assert_eq!(check_target(at, up, false, 256.0), Err(Refusal::NotGround));
        let steep = Vec3::new(1.0, 1.0, 0.0); // 45°
        let Err(Refusal::TooSteep { slope_deg }) = check_target(at, steep, true, 256.0) else {
            panic!("45° is too steep");
        };
        assert!((slope_deg - 45.0).abs() < 1e-3);
        let gentle = Vec3::new(0.3, 1.0, 0.0); // 16.7°
        assert!(check_target(at, gentle, true, 256.0).is_ok());
        assert_eq!(
            check_target(Vec3::new(300.0, 0.0, 0.0), up, true, 256.0),
            Err(Refusal::OutsideThePlace)
        );
    }

    #[test]
    fn the_arc_rises_then_falls_under_its_own_gravity() {
        let arc = arc_points(Vec3::new(0.0, 1.5, 0.0), Vec3::new(0.0, 1.0, -1.0));
        assert_eq!(arc.len(), ARC_STEPS + 1);
        assert_eq!(arc[0], Vec3::new(0.0, 1.5, 0.0));
        let top = arc.iter().map(|p| p.y).fold(f32::MIN, f32::max);
        // Launched at 45°: the peak is v² sin²45° / 2g above the start.
        let expected = ARC_SPEED_M_S.powi(2) * 0.5 / (2.0 * ARC_GRAVITY_M_S2);
        assert!((top - 1.5 - expected).abs() < 0.05, "peak {top}");
        assert!(
            arc.last().unwrap().y < 0.0,
            "it comes down within its steps"
        );
        assert!(arc.windows(2).all(|w| w[1].z < w[0].z), "always forward");
    }
}
