//! The viewer: the camera on a laptop screen or an off-screen image, and the anchor that
//! viewpoints move (the camera itself, or the headset's tracking space in XR).

use bevy::camera::{Exposure, RenderTarget};
use bevy::core_pipeline::tonemapping::Tonemapping;
use bevy::ecs::query::QueryFilter;
use bevy::prelude::*;

use crate::scene::{SceneDef, SceneRegistry};
use crate::trip::{ActiveTrip, TripPhase, TripRequest};

/// Where the viewer camera draws.
#[derive(Resource, Clone, Debug, Default)]
pub enum ViewerTarget {
    /// The primary window (the flat, laptop mode).
    #[default]
    Window,
    /// An off-screen image (rendering screenshots without a display).
    Image(Handle<Image>),
    /// No viewer camera: headless servers, or XR, where the headset makes its own cameras.
    None,
}

/// Marks the entity that viewpoints move: the viewer camera, or XR's tracking root.
#[derive(Component, Debug, Default)]
pub struct ViewAnchor;

/// Marks the camera Retki made for the flat and off-screen modes.
#[derive(Component, Debug, Default)]
pub struct ViewerCamera;

/// Asks to move the viewer to the named viewpoint of the open place.
#[derive(Message, Clone, Debug, PartialEq, Eq)]
pub struct GoToViewpoint(pub String);

/// Whether the headset shows the real world behind Retki's (AR passthrough). While it does,
/// cameras clear to transparent, and a place may hide its virtual ground.
#[derive(Resource, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Passthrough {
    /// Whether passthrough is on.
    pub active: bool,
}

/// The viewpoint the viewer stands at, by name.
#[derive(Resource, Clone, Debug, Default, PartialEq, Eq)]
pub struct CurrentViewpoint(pub Option<String>);

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<ViewerTarget>()
        .init_resource::<Passthrough>()
        .init_resource::<CurrentViewpoint>()
        .add_message::<GoToViewpoint>()
        .add_systems(Startup, spawn_viewer)
        .add_systems(
            OnEnter(TripPhase::WarmingPipelines),
            (dress_cameras, go_to_first_viewpoint),
        )
        .add_systems(
            Update,
            (
                flat_keys.run_if(in_state(TripPhase::InScene)),
                go_to_viewpoint,
                dress_new_cameras,
            )
                .chain(),
        );
}

fn spawn_viewer(mut commands: Commands, target: Res<ViewerTarget>) {
    let render_target = match &*target {
        ViewerTarget::Window => RenderTarget::default(),
        ViewerTarget::Image(image) => RenderTarget::Image(image.clone().into()),
        ViewerTarget::None => return,
    };
    commands.spawn((
        Name::new("Viewer"),
        Camera3d::default(),
        render_target,
        // Tonemapping without lookup tables, so no extra texture files are needed.
        Tonemapping::AcesFitted,
        ViewerCamera,
        ViewAnchor,
    ));
}

fn open_scene<'a>(trip: &ActiveTrip, registry: &'a SceneRegistry) -> Option<&'a SceneDef> {
    match trip {
        ActiveTrip::Scene(id) => registry.get(id.0),
        ActiveTrip::None => None,
    }
}

/// Gives every 3D camera the open place's sky colour and exposure.
fn dress_cameras(
    commands: Commands,
    trip: Res<State<ActiveTrip>>,
    registry: Res<SceneRegistry>,
    passthrough: Res<Passthrough>,
    cameras: Query<(Entity, &mut Camera), With<Camera3d>>,
) {
    dress(commands, trip.get(), &registry, *passthrough, cameras);
}

/// Dresses cameras that appear during a trip, such as a headset's eye cameras once its
/// session starts.
fn dress_new_cameras(
    commands: Commands,
    trip: Res<State<ActiveTrip>>,
    registry: Res<SceneRegistry>,
    passthrough: Res<Passthrough>,
    cameras: Query<(Entity, &mut Camera), Added<Camera3d>>,
) {
    dress(commands, trip.get(), &registry, *passthrough, cameras);
}

fn dress<F: QueryFilter>(
    mut commands: Commands,
    trip: &ActiveTrip,
    registry: &SceneRegistry,
    passthrough: Passthrough,
    mut cameras: Query<(Entity, &mut Camera), F>,
) {
    let Some(def) = open_scene(trip, registry) else {
        return;
    };
    let clear = if passthrough.active {
        Color::NONE
    } else {
        def.clear_color
    };
    for (entity, mut camera) in &mut cameras {
        camera.clear_color = ClearColorConfig::Custom(clear);
        commands.entity(entity).insert((
            Exposure {
                ev100: def.exposure_ev100,
            },
            Tonemapping::AcesFitted,
        ));
    }
}

fn go_to_first_viewpoint(
    trip: Res<State<ActiveTrip>>,
    registry: Res<SceneRegistry>,
    mut go: MessageWriter<GoToViewpoint>,
) {
    if let Some(def) = open_scene(trip.get(), &registry) {
        go.write(GoToViewpoint(def.viewpoints[0].name.to_string()));
    }
}

fn go_to_viewpoint(
    mut requests: MessageReader<GoToViewpoint>,
    trip: Res<State<ActiveTrip>>,
    registry: Res<SceneRegistry>,
    mut current: ResMut<CurrentViewpoint>,
    mut anchors: Query<&mut Transform, With<ViewAnchor>>,
) {
    let Some(GoToViewpoint(name)) = requests.read().last() else {
        return;
    };
    let Some(def) = open_scene(trip.get(), &registry) else {
        warn!("no place is open, so there is no viewpoint '{name}'");
        return;
    };
    let Some(viewpoint) = def.viewpoint(name) else {
        warn!(
            "{} has no viewpoint '{name}'; it has: {}",
            def.id.0,
            def.viewpoint_names().join(", ")
        );
        return;
    };
    for mut transform in &mut anchors {
        *transform = viewpoint.transform();
    }
    current.0 = Some(viewpoint.name.to_string());
}

/// Laptop keys until the full flat controls arrive: Tab goes to the next viewpoint, Escape
/// back to the chooser.
fn flat_keys(
    keys: Option<Res<ButtonInput<KeyCode>>>,
    trip: Res<State<ActiveTrip>>,
    registry: Res<SceneRegistry>,
    current: Res<CurrentViewpoint>,
    mut go: MessageWriter<GoToViewpoint>,
    mut request: MessageWriter<TripRequest>,
) {
    let Some(keys) = keys else { return };
    if keys.just_pressed(KeyCode::Escape) {
        request.write(TripRequest(None));
    }
    if keys.just_pressed(KeyCode::Tab)
        && let Some(def) = open_scene(trip.get(), &registry)
    {
        let names = def.viewpoint_names();
        let now = names
            .iter()
            .position(|n| Some(*n) == current.0.as_deref())
            .unwrap_or(0);
        go.write(GoToViewpoint(names[(now + 1) % names.len()].to_string()));
    }
}
