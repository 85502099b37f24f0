//! CPU time of one frame of each place, headless (no GPU: ECS, transforms, visibility,
//! animation and physics), beside a bare Bevy scene with the same number of meshes, in one
//! run: `cargo bench --bench place_frames`. The ratio says what a place costs over drawing
//! that many plain cubes; both run on the same app and plugins.

use std::time::Instant;

use bevy::prelude::*;
use retki::app::{self, Face};

/// Frames run before measuring, so pipelines, caches and physics settle.
const WARM_FRAMES: usize = 30;
/// Rounds of measuring, the place and the bare scene taking turns, so that both meet the same
/// background load of the machine.
const ROUNDS: usize = 10;
/// Frames measured per round.
const FRAMES_PER_ROUND: usize = 50;

/// Runs `frames` updates of `app`, adding each one's time to `times`, ms.
fn time_frames(app: &mut App, frames: usize, times: &mut Vec<f64>) {
    for _ in 0..frames {
        let start = Instant::now();
        app.update();
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
}

/// The median of `times`.
fn median(mut times: Vec<f64>) -> f64 {
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

/// Entities drawn with a mesh.
fn mesh_count(app: &mut App) -> usize {
    app.world_mut().query::<&Mesh3d>().iter(app.world()).count()
}

/// The same app with no place open and `meshes` cubes in a grid in front of the camera,
/// sharing one mesh and one material, under one light.
fn bare_scene(meshes: usize) -> App {
    let mut app = app::build(Face::Headless { camera: true }, None);
    app.finish();
    app.cleanup();
    let world = app.world_mut();
    let cube = world
        .resource_mut::<Assets<Mesh>>()
        .add(Cuboid::new(1.0, 1.0, 1.0));
    let material = world
        .resource_mut::<Assets<StandardMaterial>>()
        .add(StandardMaterial::default());
    let side = (meshes as f64).sqrt().ceil() as usize;
    for i in 0..meshes {
        world.spawn((
            Mesh3d(cube.clone()),
            MeshMaterial3d(material.clone()),
            Transform::from_xyz(
                (i % side) as f32 * 2.0 - side as f32,
                0.0,
                -2.0 - (i / side) as f32 * 2.0,
            ),
        ));
    }
    world.spawn((
        DirectionalLight::default(),
        Transform::from_xyz(1.0, 2.0, 1.0).looking_at(Vec3::ZERO, Vec3::Y),
    ));
    app
}

fn main() {
    println!(
        "{:<12} {:>7} {:>14} {:>14} {:>7}",
        "place", "meshes", "frame ms", "bare ms", "ratio"
    );
    for def in retki_scenes::catalogue() {
        let mut place = app::build(Face::Headless { camera: true }, Some(def.id));
        app::update_until_in_scene(&mut place, 10_000).expect("the place opens");
        let meshes = mesh_count(&mut place);
        let mut bare = bare_scene(meshes);
        let (mut place_ms, mut bare_ms) = (Vec::new(), Vec::new());
        time_frames(&mut place, WARM_FRAMES, &mut Vec::new());
        time_frames(&mut bare, WARM_FRAMES, &mut Vec::new());
        for _ in 0..ROUNDS {
            time_frames(&mut place, FRAMES_PER_ROUND, &mut place_ms);
            time_frames(&mut bare, FRAMES_PER_ROUND, &mut bare_ms);
        }
        let (place_ms, bare_ms) = (median(place_ms), median(bare_ms));
        println!(
            "{:<12} {:>7} {:>14.3} {:>14.3} {:>7.2}",
            def.id.0,
            meshes,
            place_ms,
            bare_ms,
            place_ms / bare_ms
        );
    }
}
