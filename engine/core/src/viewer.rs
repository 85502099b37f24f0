//! The viewer: the camera on a laptop screen or an off-screen image, and the anchor that
//! viewpoints move (the camera itself, or the headset's tracking space in XR).

use bevy::camera::{Exposure, RenderTarget};
use bevy::core_pipeline::tonemapping::Tonemapping;
use bevy::ecs::query::QueryFilter;
use bevy::prelude::*;

use crate::pointer::PointerSource;
use crate::scene::{SceneRegistry, Viewpoint};
use crate::trip::{ActiveTrip, TripPhase};

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
#[derive(Component, Debug, Default, Clone, Copy, PartialEq)]
pub enum ViewAnchor {
    /// The anchor is the eye itself (a camera): it takes the viewpoint's position and full
    /// orientation.
    #[default]
    Eye,
    /// The anchor is the floor under a tracked head (a headset's tracking space): it goes
    /// this many metres below the viewpoint's eye and turns only about the vertical, since
    /// the person's own head does the looking up and down.
    Floor {
        /// Expected height of the eyes above the tracked floor, metres.
        eye_height_m: f32,
    },
}

impl ViewAnchor {
    /// Where the anchor goes for `viewpoint`.
    pub fn placement(&self, viewpoint: &Viewpoint) -> Transform {
        match *self {
            ViewAnchor::Eye => viewpoint.transform(),
            ViewAnchor::Floor { eye_height_m } => {
                let look = viewpoint.look_at - viewpoint.eye;
                let yaw = (-look.x).atan2(-look.z);
                Transform::from_translation(viewpoint.eye - Vec3::Y * eye_height_m)
                    .with_rotation(Quat::from_rotation_y(yaw))
            }
        }
    }
}

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
        .add_systems(Update, (go_to_viewpoint, dress_new_cameras).chain());
}

fn spawn_viewer(mut commands: Commands, target: Res<ViewerTarget>) {
    let render_target = match &*target {
        ViewerTarget::Window => RenderTarget::default(),
        ViewerTarget::Image(image) => RenderTarget::Image(image.clone().into()),
        ViewerTarget::None => return,
    };
    let mut viewer = commands.spawn((
        Name::new("Viewer"),
        Camera3d::default(),
        render_target,
        // Tonemapping without lookup tables, so no extra texture files are needed.
        Tonemapping::AcesFitted,
        ViewerCamera,
        ViewAnchor::Eye,
    ));
    if matches!(*target, ViewerTarget::Window) {
        // On a laptop the pointer follows the mouse (from the centre of the view when the
        // mouse is outside the window).
        viewer.insert(PointerSource { beam: false });
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
    let Some(def) = registry.open(trip) else {
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
    if let Some(def) = registry.open(trip.get()) {
        go.write(GoToViewpoint(def.viewpoints[0].name.to_string()));
    }
}

fn go_to_viewpoint(
    mut requests: MessageReader<GoToViewpoint>,
    trip: Res<State<ActiveTrip>>,
    registry: Res<SceneRegistry>,
    mut current: ResMut<CurrentViewpoint>,
    mut anchors: Query<(&mut Transform, &ViewAnchor)>,
) {
    let Some(GoToViewpoint(name)) = requests.read().last() else {
        return;
    };
    let Some(def) = registry.open(trip.get()) else {
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
    for (mut transform, anchor) in &mut anchors {
        *transform = anchor.placement(viewpoint);
    }
    info!("at viewpoint {} of {}", viewpoint.name, def.id.0);
    current.0 = Some(viewpoint.name.to_string());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floor_anchor_stands_under_the_eye_facing_the_view() {
        let viewpoint = Viewpoint {
            name: "v",
            title: "v",
            eye: Vec3::new(2.0, 3.5, -1.0),
            // Looking along +X and a little down.
            look_at: Vec3::new(12.0, 2.5, -1.0),
        };
        let placed = ViewAnchor::Floor { eye_height_m: 1.5 }.placement(&viewpoint);
        assert!((placed.translation - Vec3::new(2.0, 2.0, -1.0)).length() < 1e-5);
        let forward = placed.forward();
        assert!(
            (forward.x - 1.0).abs() < 1e-5 && forward.y.abs() < 1e-5,
            "{forward:?}"
        );

        let eye = ViewAnchor::Eye.placement(&viewpoint);
        assert_eq!(eye.translation, viewpoint.eye);
        assert!(eye.forward().y < 0.0, "the camera itself looks down");
    }
}
