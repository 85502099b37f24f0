//! Loading a place: first its files, then its render pipelines, behind a curtain.

use std::sync::{Arc, Mutex};

use bevy::asset::{LoadState, UntypedHandle};
use bevy::prelude::*;
use bevy::render::render_resource::{CachedPipelineState, PipelineCache};
use bevy::render::{Render, RenderApp, RenderSystems};
use bevy::shader::ShaderCacheError;

use crate::trip::TripPhase;

/// Files the open place needs before it can be built. A scene adds its handles on entering
/// its trip; the list is emptied when the trip ends.
#[derive(Resource, Default, Debug)]
pub struct TripAssets(pub Vec<UntypedHandle>);

/// How many frames the pipeline count must stay unchanged, with none pending, before the
/// place counts as warm. Pipelines are queued a frame or two after the entities that need
/// them appear, and the render world runs a frame behind the main world.
pub const WARM_STABLE_FRAMES: u32 = 4;

/// Render pipelines as the render world last saw them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PipelineCounts {
    /// Whether there is a renderer at all (there is none in headless servers and tests).
    pub renderer: bool,
    /// Pipelines created.
    pub ready: usize,
    /// Pipelines queued or compiling.
    pub pending: usize,
    /// Pipelines that failed to compile.
    pub failed: usize,
}

/// The pipeline counts, shared by the main and render worlds.
#[derive(Resource, Clone, Default, Debug)]
pub struct PipelineStatus(Arc<Mutex<PipelineCounts>>);

impl PipelineStatus {
    /// The latest counts.
    pub fn get(&self) -> PipelineCounts {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn set(&self, counts: PipelineCounts) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = counts;
    }
}

/// Tracks whether the pipelines have settled: [`WARM_STABLE_FRAMES`] frames with no change
/// and nothing pending.
#[derive(Resource, Default, Debug)]
pub struct PipelineWarmth {
    last: Option<PipelineCounts>,
    stable_frames: u32,
}

impl PipelineWarmth {
    /// Feeds this frame's counts; true once the pipelines are warm.
    pub fn observe(&mut self, counts: PipelineCounts) -> bool {
        if !counts.renderer {
            return true;
        }
        if self.last == Some(counts) && counts.pending == 0 {
            self.stable_frames += 1;
        } else {
            self.stable_frames = 0;
        }
        self.last = Some(counts);
        self.stable_frames >= WARM_STABLE_FRAMES
    }

    /// Starts counting again (after the view or the scene changed).
    pub fn reset(&mut self) {
        *self = Self::default();
    }
}

/// Marks the black shell that hides a place while its pipelines compile.
#[derive(Component, Debug)]
pub struct Curtain;

/// Distance of the curtain in front of each camera, metres: just past the default 0.1 m near
/// plane of a perspective camera.
const CURTAIN_DISTANCE_M: f32 = 0.15;

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<TripAssets>()
        .init_resource::<PipelineStatus>()
        .init_resource::<PipelineWarmth>()
        .add_systems(
            Update,
            (
                wait_for_assets.run_if(in_state(TripPhase::LoadingAssets)),
                wait_for_pipelines.run_if(in_state(TripPhase::WarmingPipelines)),
            ),
        )
        .add_systems(OnEnter(TripPhase::WarmingPipelines), raise_curtains)
        .add_systems(OnEnter(TripPhase::Chooser), forget_assets);
    let status = app.world().resource::<PipelineStatus>().clone();
    if let Some(render_app) = app.get_sub_app_mut(RenderApp) {
        let mut counts = status.get();
        counts.renderer = true;
        status.set(counts);
        render_app
            .insert_resource(status)
            .add_systems(Render, count_pipelines.in_set(RenderSystems::Cleanup));
    }
}

fn count_pipelines(cache: Res<PipelineCache>, status: Res<PipelineStatus>) {
    let mut counts = PipelineCounts {
        renderer: true,
        ..default()
    };
    let failed_before = status.get().failed;
    for pipeline in cache.pipelines() {
        match &pipeline.state {
            CachedPipelineState::Ok(_) => counts.ready += 1,
            // Waiting for a shader file or import: the cache retries these.
            CachedPipelineState::Err(
                ShaderCacheError::ShaderNotLoaded(_)
                | ShaderCacheError::ShaderImportNotYetAvailable,
            )
            | CachedPipelineState::Queued
            | CachedPipelineState::Creating(_) => counts.pending += 1,
            CachedPipelineState::Err(error) => {
                counts.failed += 1;
                if counts.failed > failed_before {
                    error!("a render pipeline failed to compile: {error}");
                }
            }
        }
    }
    status.set(counts);
}

fn wait_for_assets(
    assets: Res<TripAssets>,
    server: Res<AssetServer>,
    mut phase: ResMut<NextState<TripPhase>>,
    mut exit: MessageWriter<AppExit>,
) {
    for handle in &assets.0 {
        if let Some(LoadState::Failed(error)) = server.get_load_state(handle.id()) {
            error!("a file this place needs did not load: {error}");
            exit.write(AppExit::error());
            return;
        }
    }
    if assets
        .0
        .iter()
        .all(|h| server.is_loaded_with_dependencies(h.id()))
    {
        phase.set(TripPhase::WarmingPipelines);
    }
}

fn forget_assets(mut assets: ResMut<TripAssets>) {
    assets.0.clear();
}

fn raise_curtains(
    mut commands: Commands,
    cameras: Query<Entity, With<Camera3d>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
    mut warmth: ResMut<PipelineWarmth>,
) {
    warmth.reset();
    let mesh = meshes.add(Rectangle::new(10.0, 10.0));
    let material = materials.add(StandardMaterial {
        base_color: Color::BLACK,
        unlit: true,
        ..default()
    });
    for camera in &cameras {
        commands.spawn((
            Name::new("Curtain"),
            Curtain,
            Mesh3d(mesh.clone()),
            MeshMaterial3d(material.clone()),
            Transform::from_xyz(0.0, 0.0, -CURTAIN_DISTANCE_M),
            ChildOf(camera),
            DespawnOnExit(TripPhase::WarmingPipelines),
        ));
    }
}

fn wait_for_pipelines(
    status: Res<PipelineStatus>,
    mut warmth: ResMut<PipelineWarmth>,
    mut phase: ResMut<NextState<TripPhase>>,
    mut exit: MessageWriter<AppExit>,
) {
    let counts = status.get();
    if counts.failed > 0 {
        error!("{} render pipelines failed to compile", counts.failed);
        exit.write(AppExit::error());
        return;
    }
    if warmth.observe(counts) {
        info!(
            "render pipelines warm ({} ready); showing the place",
            counts.ready
        );
        phase.set(TripPhase::InScene);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(ready: usize, pending: usize) -> PipelineCounts {
        PipelineCounts {
            renderer: true,
            ready,
            pending,
            failed: 0,
        }
    }

    #[test]
    fn warm_only_after_stable_frames_with_nothing_pending() {
        let mut warmth = PipelineWarmth::default();
        for _ in 0..10 {
            assert!(
                !warmth.observe(counts(3, 2)),
                "pending pipelines are never warm"
            );
        }
        for _ in 0..WARM_STABLE_FRAMES {
            assert!(!warmth.observe(counts(5, 0)));
        }
        assert!(warmth.observe(counts(5, 0)));
        // A new pipeline appearing starts the count again.
        assert!(!warmth.observe(counts(6, 0)));
    }

    #[test]
    fn without_a_renderer_there_is_nothing_to_warm() {
        let mut warmth = PipelineWarmth::default();
        assert!(warmth.observe(PipelineCounts::default()));
    }
}
