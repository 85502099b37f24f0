//! What a viewpoint costs to draw: visible triangles, meshes, an estimate of draw calls, and
//! entities, read from what the camera's visibility pass found.

use std::any::TypeId;
use std::collections::HashSet;

use bevy::asset::UntypedAssetId;
use bevy::camera::visibility::VisibleEntities;
use bevy::ecs::resource::IsResource;
use bevy::prelude::*;
use serde::Serialize;

use crate::mesh::triangle_count;
use crate::trip::ActiveTrip;

/// Most triangles a viewpoint may show: Meta's guidance for a busy Quest 3 scene is 1–2
/// million a frame; Retki keeps well inside it, for avatars, panels and older headsets.
pub const TRIANGLE_BUDGET: u64 = 300_000;
/// Most draw calls a viewpoint may cost: Meta's guidance for a busy Quest 3 scene is 200–300;
/// Retki keeps half of it in reserve.
pub const DRAW_CALL_BUDGET: u64 = 150;

/// The material an entity is drawn with, whatever its type, so draws can be grouped.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MaterialKey(pub UntypedAssetId);

/// Figures for one view.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct ViewStats {
    /// The viewpoint's name.
    pub viewpoint: String,
    /// Triangles of every mesh the camera's frustum culling kept, summed over entities.
    pub visible_triangles: usize,
    /// Mesh entities the camera's frustum culling kept.
    pub visible_meshes: usize,
    /// Distinct (mesh, material) pairs among the visible meshes. Bevy draws entities that
    /// share a mesh and a material in one instanced batch, so this estimates the draw calls
    /// of the main pass; shadow passes are not counted.
    pub draw_calls_estimate: usize,
    /// Entities in the whole world, not counting those that hold resources.
    pub entities: usize,
    /// Entities that belong to the open place.
    pub scene_entities: usize,
}

/// Gives every entity drawn with material `M` a [`MaterialKey`], so statistics can count its
/// draws. Scenes call this for each custom material they add.
pub fn track_material<M: Material>(app: &mut App) {
    app.add_observer(
        |add: On<Add, MeshMaterial3d<M>>,
         materials: Query<&MeshMaterial3d<M>>,
         mut commands: Commands| {
            if let Ok(material) = materials.get(add.entity) {
                commands
                    .entity(add.entity)
                    .insert(MaterialKey(material.id().untyped()));
            }
        },
    );
}

/// Counts what `camera` sees in the world as it is now. Run after Bevy's `PostUpdate`, which
/// fills the camera's visible entities.
pub fn view_stats(world: &mut World, camera: Entity, viewpoint: &str) -> ViewStats {
    let visible: Vec<Entity> = world
        .get::<VisibleEntities>(camera)
        .map(|v| v.get(TypeId::of::<Mesh3d>()).to_vec())
        .unwrap_or_default();
    let meshes = world.resource::<Assets<Mesh>>();
    let mut triangles = 0;
    let mut batches = HashSet::new();
    for &entity in &visible {
        let Some(mesh) = world.get::<Mesh3d>(entity) else {
            continue;
        };
        triangles += meshes.get(&mesh.0).map_or(0, triangle_count);
        let material = world.get::<MaterialKey>(entity).copied();
        batches.insert((mesh.0.id(), material));
    }
    let scene_entities = world
        .query::<&DespawnOnExit<ActiveTrip>>()
        .iter(world)
        .count();
    ViewStats {
        viewpoint: viewpoint.to_string(),
        visible_triangles: triangles,
        visible_meshes: visible.len(),
        draw_calls_estimate: batches.len(),
        entities: world
            .query_filtered::<(), Without<IsResource>>()
            .iter(world)
            .count(),
        scene_entities,
    }
}

pub(crate) fn plugin(app: &mut App) {
    track_material::<StandardMaterial>(app);
}
