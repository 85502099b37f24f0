//! Retki's places, one module each. A place registers its name, viewpoints and look with the
//! core's scene registry and builds its world when its trip starts; everything it spawns is
//! trip-scoped, so leaving removes it.
//!
//! The lunar surface, the Baltic seabed, the rainforest, the Middle Ages town and the
//! schoolyard.

pub mod lunar;
pub mod middle_ages;
pub mod rainforest;
pub mod schoolyard;
pub mod seabed;

use bevy::prelude::*;
use retki_core::SceneDef;

/// Every place's description, without starting an app (for checking command-line names).
pub fn catalogue() -> Vec<SceneDef> {
    vec![
        lunar::scene_def(),
        seabed::scene_def(),
        rainforest::scene_def(),
        middle_ages::scene_def(),
        schoolyard::scene_def(),
    ]
}

/// Adds every place.
pub struct ScenesPlugin;

impl Plugin for ScenesPlugin {
    fn build(&self, app: &mut App) {
        app.add_plugins((
            lunar::plugin,
            seabed::plugin,
            rainforest::plugin,
            middle_ages::plugin,
            schoolyard::plugin,
        ));
    }
}

/// A unit vector `azimuth_deg` degrees clockwise from -Z and `elevation_deg` degrees up.
pub(crate) fn direction(azimuth_deg: f32, elevation_deg: f32) -> Vec3 {
    let (az, el) = (azimuth_deg.to_radians(), elevation_deg.to_radians());
    Vec3::new(az.sin() * el.cos(), el.sin(), -az.cos() * el.cos())
}

/// The point `eye_m` metres above `ground` at `(x, z)`.
pub(crate) fn above_ground(
    ground: &retki_procgen::Heightfield,
    (x, z): (f32, f32),
    eye_m: f32,
) -> Vec3 {
    Vec3::new(x, ground.height_at(x, z) + eye_m, z)
}

/// A viewpoint with its eye at `eye`, looking towards `azimuth_deg` and `elevation_deg`.
pub(crate) fn viewpoint(
    name: &'static str,
    title: &'static str,
    eye: Vec3,
    (azimuth_deg, elevation_deg): (f32, f32),
) -> retki_core::Viewpoint {
    retki_core::Viewpoint {
        name,
        title,
        eye,
        look_at: eye + direction(azimuth_deg, elevation_deg) * 10.0,
    }
}

/// Spawns `field` as ground: its mesh cut into 4 × 4 tiles, so the renderer skips the tiles out
/// of view, drawn with `material`, and one heightfield collider for all of it that pupils walk
/// on. Everything belongs to `scene`'s trip.
pub(crate) fn spawn_tiled_ground<M: Material>(
    commands: &mut Commands,
    meshes: &mut Assets<Mesh>,
    field: &retki_procgen::Heightfield,
    material: Handle<M>,
    (scene, name): (retki_core::SceneId, &'static str),
) {
    const TILES: usize = 4;
    let last = field.samples - 1;
    let cells = last / TILES;
    for tj in 0..TILES {
        for ti in 0..TILES {
            let from = (ti * cells, tj * cells);
            let to = (((ti + 1) * cells).min(last), ((tj + 1) * cells).min(last));
            commands.spawn((
                Name::new(name),
                Mesh3d(meshes.add(retki_core::mesh::to_bevy_mesh(
                    &field.tile_mesh(from, to, 2.0),
                ))),
                MeshMaterial3d(material.clone()),
                retki_core::trip_scoped(scene),
            ));
        }
    }
    commands.spawn((
        Name::new(format!("{name} (collider)")),
        Transform::default(),
        bevy_rapier3d::prelude::RigidBody::Fixed,
        heightfield_collider(field),
        retki_core::physics::Walkable,
        retki_core::trip_scoped(scene),
    ));
}

/// A text panel in the bottom-left corner of the screen, light letters on a dark backing, for a
/// reading a place shows (the light meter, the clock); `marker` finds it again.
pub(crate) fn corner_panel(
    name: &'static str,
    marker: impl Component,
    text: String,
    scene: retki_core::SceneId,
) -> impl Bundle {
    (
        Name::new(name),
        marker,
        Text::new(text),
        TextFont::from_font_size(16.0),
        TextColor(Color::WHITE),
        Node {
            position_type: PositionType::Absolute,
            bottom: px(12),
            left: px(12),
            padding: UiRect::all(px(8)),
            ..default()
        },
        BackgroundColor(Color::srgba(0.0, 0.0, 0.0, 0.55)),
        retki_core::trip_scoped(scene),
    )
}

/// A ground heightfield as a rapier collider: parry wants rows along Z and columns along X,
/// stored column by column.
pub(crate) fn heightfield_collider(
    field: &retki_procgen::Heightfield,
) -> bevy_rapier3d::prelude::Collider {
    let n = field.samples;
    let mut heights = Vec::with_capacity(n * n);
    for i in 0..n {
        for j in 0..n {
            heights.push(field.at(i, j));
        }
    }
    bevy_rapier3d::prelude::Collider::heightfield(
        heights,
        n,
        n,
        Vec3::new(field.size_m, 1.0, field.size_m),
    )
}
