//! The comfort vignette: after every teleport and snap turn the edges of the view darken for
//! a moment and clear again, so the eyes rest on the middle of the view while the world
//! changes around them. Narrowing the field of view during motion reduces VR sickness
//! (Fernandes & Feiner 2016, "Combating VR sickness through subtle dynamic field-of-view
//! modification", IEEE 3DUI).
//!
//! The vignette is a dark ring, clear in the middle and opaque at the rim, fixed in front of
//! every 3D camera (each eye in a headset), so it works the same in a headset and a window.

use bevy::asset::RenderAssetUsages;
use bevy::light::NotShadowCaster;
use bevy::mesh::{Indices, PrimitiveTopology};
use bevy::prelude::*;

/// How long the vignette takes to clear after a move, seconds.
pub const VIGNETTE_FADE_S: f32 = 0.35;
/// How far in front of the eye the ring hangs, metres (beyond the 0.1 m near plane).
const RING_DISTANCE_M: f32 = 0.2;
/// Half-angle of the clear middle, degrees.
const CLEAR_HALF_ANGLE_DEG: f32 = 28.0;
/// Half-angle at which the ring is fully dark, degrees.
const DARK_HALF_ANGLE_DEG: f32 = 45.0;
/// Half-angle the ring reaches out to, degrees: beyond any headset's field of view.
const RIM_HALF_ANGLE_DEG: f32 = 80.0;

/// Asks for the vignette: something moved or turned the pupil.
#[derive(Message, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Moved;

/// How dark the vignette is now, 0 (gone) to 1.
#[derive(Resource, Clone, Copy, Debug, Default, PartialEq)]
pub struct Vignette(pub f32);

/// The ring in front of a camera.
#[derive(Component, Debug)]
struct VignetteRing;

/// The ring's shared look, whose opacity follows [`Vignette`].
#[derive(Resource, Debug)]
struct RingLook {
    mesh: Handle<Mesh>,
    material: Handle<StandardMaterial>,
}

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<Vignette>()
        .add_message::<Moved>()
        .add_systems(Startup, make_ring)
        .add_systems(Update, (fit_rings, fade).chain());
}

fn make_ring(
    mut commands: Commands,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    commands.insert_resource(RingLook {
        mesh: meshes.add(ring_mesh()),
        material: materials.add(StandardMaterial {
            base_color: Color::BLACK.with_alpha(0.0),
            alpha_mode: AlphaMode::Blend,
            unlit: true,
            ..default()
        }),
    });
}

/// An annulus facing +Z at [`RING_DISTANCE_M`] in front of the eye (-Z), with vertex alpha
/// rising from 0 at the clear middle to 1 at the dark edge.
fn ring_mesh() -> Mesh {
    const SEGMENTS: u32 = 48;
    let radius = |deg: f32| RING_DISTANCE_M * deg.to_radians().tan();
    let rings = [
        (radius(CLEAR_HALF_ANGLE_DEG), 0.0),
        (radius(DARK_HALF_ANGLE_DEG), 1.0),
        (radius(RIM_HALF_ANGLE_DEG), 1.0),
    ];
    let mut positions = Vec::new();
    let mut colors = Vec::new();
    for (r, alpha) in rings {
        for k in 0..SEGMENTS {
            let (s, c) = (k as f32 / SEGMENTS as f32 * std::f32::consts::TAU).sin_cos();
            positions.push([r * c, r * s, -RING_DISTANCE_M]);
            colors.push([1.0, 1.0, 1.0, alpha]);
        }
    }
    let mut indices = Vec::new();
    for band in 0..2 {
        for k in 0..SEGMENTS {
            let (a, b) = (band * SEGMENTS + k, band * SEGMENTS + (k + 1) % SEGMENTS);
            let (c, d) = (a + SEGMENTS, b + SEGMENTS);
            // Counter-clockwise seen from the eye at the origin, looking down -Z.
            indices.extend_from_slice(&[a, b, d, a, d, c]);
        }
    }
    let count = positions.len();
    Mesh::new(
        PrimitiveTopology::TriangleList,
        RenderAssetUsages::default(),
    )
    .with_inserted_attribute(Mesh::ATTRIBUTE_POSITION, positions)
    .with_inserted_attribute(Mesh::ATTRIBUTE_NORMAL, vec![[0.0, 0.0, 1.0]; count])
    .with_inserted_attribute(Mesh::ATTRIBUTE_COLOR, colors)
    .with_inserted_indices(Indices::U32(indices))
}

/// Gives every 3D camera a ring, once.
fn fit_rings(
    look: Res<RingLook>,
    cameras: Query<(Entity, Option<&Children>), With<Camera3d>>,
    rings: Query<(), With<VignetteRing>>,
    mut commands: Commands,
) {
    for (camera, children) in &cameras {
        let fitted = children.is_some_and(|c| c.iter().any(|child| rings.contains(child)));
        if !fitted {
            commands.entity(camera).with_child((
                Name::new("Comfort vignette"),
                VignetteRing,
                Mesh3d(look.mesh.clone()),
                MeshMaterial3d(look.material.clone()),
                Transform::default(),
                Visibility::Hidden,
                NotShadowCaster,
            ));
        }
    }
}

/// Darkens at once on a move, then clears over [`VIGNETTE_FADE_S`].
fn fade(
    mut moved: MessageReader<Moved>,
    time: Res<Time>,
    comfort: Option<Res<crate::comfort::Comfort>>,
    look: Res<RingLook>,
    mut vignette: ResMut<Vignette>,
    mut materials: ResMut<Assets<StandardMaterial>>,
    mut rings: Query<&mut Visibility, With<VignetteRing>>,
) {
    let before = vignette.0;
    if moved.read().count() > 0 {
        vignette.0 = 1.0;
    } else if vignette.0 > 0.0 {
        let fade_s = if comfort.is_some_and(|c| c.reduced_motion) {
            VIGNETTE_FADE_S * crate::comfort::REDUCED_MOTION_FADE_SCALE
        } else {
            VIGNETTE_FADE_S
        };
        vignette.0 = (vignette.0 - time.delta_secs() / fade_s).max(0.0);
    }
    if vignette.0 == before {
        return;
    }
    if let Some(mut material) = materials.get_mut(&look.material) {
        material.base_color = Color::BLACK.with_alpha(vignette.0);
    }
    let shown = if vignette.0 > 0.0 {
        Visibility::Inherited
    } else {
        Visibility::Hidden
    };
    for mut visibility in &mut rings {
        visibility.set_if_neq(shown);
    }
}
