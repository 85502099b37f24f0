//! Physics through rapier: one simulation, with each place's own gravity and the medium its
//! objects move through (vacuum on the Moon, water on the seabed), which drags at them and
//! holds them up.

use bevy::prelude::*;
use bevy_rapier3d::prelude::*;

use crate::scene::SceneRegistry;
use crate::trip::{ActiveTrip, TripPhase};

/// Standard gravity at the Earth's surface, m/s² (BIPM, SI Brochure, 9th ed., 2019): the
/// gravity of the chooser and of places on Earth.
pub const EARTH_GRAVITY_M_S2: f32 = 9.806_65;

/// Physics runs at this fixed rate, Hz, in Bevy's `FixedUpdate`, whatever the display's rate.
pub const PHYSICS_RATE_HZ: f64 = 60.0;

/// Density of dry air at sea level and 15 °C, kg/m³ (ISO 2533:1975, the ICAO standard
/// atmosphere).
pub const SEA_LEVEL_AIR_DENSITY_KG_M3: f32 = 1.225;

/// Ground that pupils can stand on and teleport onto: put it on the ground's collider.
#[derive(Component, Clone, Copy, Debug, Default)]
pub struct Walkable;

/// An object a pupil can pick up, carry and throw: a dynamic rigid body.
#[derive(Component, Clone, Copy, Debug, Default)]
pub struct Grabbable;

/// What the open place's objects move through.
#[derive(Resource, Clone, Copy, Debug, Default, PartialEq)]
pub struct Medium {
    /// Density, kg/m³: 0 for vacuum.
    pub density_kg_m3: f32,
    /// Height of the medium's top surface, metres; `None` where it fills all space.
    pub surface_y_m: Option<f32>,
}

impl Medium {
    /// The share of a body `height_m` tall, centred at height `y`, that lies in the medium
    /// (0 to 1).
    pub fn submerged(&self, y: f32, height_m: f32) -> f32 {
        match self.surface_y_m {
            None => 1.0,
            Some(surface) => {
                let bottom = y - height_m / 2.0;
                ((surface - bottom) / height_m.max(f32::EPSILON)).clamp(0.0, 1.0)
            }
        }
    }
}

/// Quadratic drag on a body moving through the [`Medium`]: a force of ½ ρ C A v² against its
/// velocity.
#[derive(Component, Clone, Copy, Debug, PartialEq)]
#[require(ExternalForce, Velocity)]
pub struct Drag {
    /// Area facing the motion, m².
    pub area_m2: f32,
    /// Drag coefficient (dimensionless): about 0.5 for a sphere, 1.0–1.3 for a flat plate
    /// across the flow.
    pub coefficient: f32,
}

/// Buoyancy of a body in the [`Medium`]: a force of ρ V g upwards (Archimedes), for the part
/// of the body below the medium's surface.
#[derive(Component, Clone, Copy, Debug, PartialEq)]
#[require(ExternalForce)]
pub struct Buoyancy {
    /// The volume the body displaces when wholly submerged, m³.
    pub volume_m3: f32,
    /// The body's height, m: how far it must sink through the surface to be wholly submerged.
    pub height_m: f32,
}

/// The force of the medium on a body with `drag` and `buoyancy`, centred at height `y` and
/// moving at `velocity`, newtons. Both act on the submerged share of the body only.
pub fn medium_force(
    medium: Medium,
    gravity: Vec3,
    y: f32,
    velocity: Vec3,
    drag: Option<Drag>,
    buoyancy: Option<Buoyancy>,
) -> Vec3 {
    let rho = medium.density_kg_m3;
    let height_m = buoyancy.map_or(0.0, |b| b.height_m);
    let share = medium.submerged(y, height_m);
    let drag_force = drag.map_or(Vec3::ZERO, |d| {
        -0.5 * rho * d.coefficient * d.area_m2 * velocity.length() * velocity
    });
    let lift = buoyancy.map_or(Vec3::ZERO, |b| -rho * b.volume_m3 * gravity);
    (drag_force + lift) * share
}

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<Medium>()
        .add_systems(FixedUpdate, apply_medium_forces);
    app.insert_resource(TimestepMode::Fixed {
        dt: (1.0 / PHYSICS_RATE_HZ) as f32,
        substeps: 1,
    })
    .insert_resource(Time::<Fixed>::from_hz(PHYSICS_RATE_HZ))
    .add_plugins(RapierPhysicsPlugin::<NoUserData>::default().in_fixed_schedule())
    .add_systems(OnEnter(TripPhase::WarmingPipelines), apply_scene_gravity);
}

fn apply_scene_gravity(
    trip: Res<State<ActiveTrip>>,
    registry: Res<SceneRegistry>,
    mut medium: ResMut<Medium>,
    mut config: Query<&mut RapierConfiguration, With<DefaultRapierContext>>,
) {
    let def = registry.open(trip.get());
    let gravity = def.map_or(EARTH_GRAVITY_M_S2, |def| def.gravity_m_s2);
    for mut config in &mut config {
        config.gravity = Vec3::NEG_Y * gravity;
    }
    *medium = Medium {
        density_kg_m3: def.map_or(SEA_LEVEL_AIR_DENSITY_KG_M3, |def| def.medium_density_kg_m3),
        surface_y_m: def.and_then(|def| def.medium_surface_y_m),
    };
}

/// A body the medium acts on: its force, and what it is made to feel.
type MediumBody<'a> = (
    &'a mut ExternalForce,
    &'a Transform,
    Option<&'a Velocity>,
    Option<&'a Drag>,
    Option<&'a Buoyancy>,
);

/// Sets each frame's force of the medium on every body that has drag or buoyancy, before the
/// physics step.
fn apply_medium_forces(
    medium: Res<Medium>,
    config: Query<&RapierConfiguration, With<DefaultRapierContext>>,
    mut bodies: Query<MediumBody>,
) {
    let gravity = config.iter().next().map_or(Vec3::ZERO, |c| c.gravity);
    for (mut force, transform, velocity, drag, buoyancy) in &mut bodies {
        if drag.is_none() && buoyancy.is_none() {
            continue;
        }
        let v = velocity.map_or(Vec3::ZERO, |v| v.linear);
        let y = transform.translation.y;
        force.force = medium_force(*medium, gravity, y, v, drag.copied(), buoyancy.copied());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const G: Vec3 = Vec3::new(0.0, -9.81, 0.0);

    fn litre() -> Option<Buoyancy> {
        Some(Buoyancy {
            volume_m3: 0.001,
            height_m: 0.1,
        })
    }

    #[test]
    fn vacuum_neither_drags_nor_lifts() {
        let drag = Some(Drag {
            area_m2: 1.0,
            coefficient: 1.0,
        });
        let f = medium_force(
            Medium::default(),
            G,
            0.0,
            Vec3::new(3.0, -5.0, 0.0),
            drag,
            litre(),
        );
        assert_eq!(f, Vec3::ZERO);
    }

    #[test]
    fn drag_opposes_motion_with_the_square_of_speed() {
        let air = Medium {
            density_kg_m3: SEA_LEVEL_AIR_DENSITY_KG_M3,
            surface_y_m: None,
        };
        let drag = Some(Drag {
            area_m2: 0.5,
            coefficient: 1.0,
        });
        let slow = medium_force(air, G, 0.0, Vec3::new(0.0, -2.0, 0.0), drag, None);
        let fast = medium_force(air, G, 0.0, Vec3::new(0.0, -4.0, 0.0), drag, None);
        assert!(slow.y > 0.0, "falling, drag pushes up");
        assert!((fast.y / slow.y - 4.0).abs() < 1e-5);
        assert!((slow.y - 0.5 * 1.225 * 0.5 * 4.0).abs() < 1e-5);
    }

    #[test]
    fn buoyancy_is_the_weight_of_displaced_medium() {
        let water = Medium {
            density_kg_m3: 1000.0,
            surface_y_m: Some(0.0),
        };
        let f = medium_force(water, G, -5.0, Vec3::ZERO, None, litre());
        assert!(
            (f.y - 9.81).abs() < 1e-4,
            "a litre of water weighs 9.81 N: {f}"
        );
        // Half out of the water, half the lift; wholly out, none.
        let half = medium_force(water, G, 0.0, Vec3::ZERO, None, litre());
        assert!((half.y - 9.81 / 2.0).abs() < 1e-4, "{half}");
        let out = medium_force(water, G, 0.2, Vec3::ZERO, None, litre());
        assert_eq!(out, Vec3::ZERO);
    }
}
