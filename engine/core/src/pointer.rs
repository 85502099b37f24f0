//! The pointer: a ray from the pupil's hand (on a laptop, through the mouse, or from the
//! centre of the view while the mouse is elsewhere) to what it touches, drawn as a thin beam
//! with a dot where it lands. Scenes read [`PointerHit`] to know what is pointed at.

use bevy::prelude::*;
use bevy::window::PrimaryWindow;
use bevy_rapier3d::prelude::*;

use crate::marker::MarkerStyle;

/// Longest reach of the pointer, metres.
pub const POINTER_REACH_M: f32 = 50.0;
/// Radius of the dot where the pointer lands, metres.
const DOT_RADIUS_M: f32 = 0.03;
/// Thickness of the beam, metres.
const BEAM_WIDTH_M: f32 = 0.004;

/// Marks what the pointer comes from: its ray starts at the entity and runs along its
/// forward (-Z) axis. The first one found is used.
#[derive(Component, Debug, Default, Clone, Copy)]
pub struct PointerSource {
    /// Whether to draw the beam (a hand's pointer); a camera's pointer shows only its dot,
    /// since its beam would be seen end-on.
    pub beam: bool,
}

/// Where the pointer lands.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Hit {
    /// The collider's entity.
    pub entity: Entity,
    /// The point hit, metres.
    pub point: Vec3,
    /// The surface normal there.
    pub normal: Vec3,
    /// Distance from the source, metres.
    pub distance_m: f32,
}

/// The pointer's cast: after this set, [`PointerHit`] holds this frame's hit.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PointerSystems;

/// What the pointer touches this frame, if anything within [`POINTER_REACH_M`].
#[derive(Resource, Clone, Copy, Debug, Default, PartialEq)]
pub struct PointerHit(pub Option<Hit>);

#[derive(Component)]
struct PointerDot;

#[derive(Component)]
struct PointerBeam;

/// The dot's and the beam's material, coloured by the [`MarkerStyle`].
#[derive(Resource)]
struct PointerMaterial(Handle<StandardMaterial>);

/// The dot's or the beam's placement and visibility.
type Mark<'a> = (&'a mut Transform, &'a mut Visibility);

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<PointerHit>()
        .add_systems(Startup, spawn_pointer_marks)
        // Cast before `Update`, so every system that acts on what is pointed at (grabbing,
        // selecting, teleporting, placing) sees this frame's hit, whatever their order.
        .add_systems(PreUpdate, cast_pointer.in_set(PointerSystems))
        .add_systems(Update, (colour_pointer, show_pointer));
}

fn spawn_pointer_marks(
    mut commands: Commands,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    let material = materials.add(StandardMaterial {
        base_color: MarkerStyle::default().pointer(),
        unlit: true,
        ..default()
    });
    commands.insert_resource(PointerMaterial(material.clone()));
    commands.spawn((
        Name::new("Pointer dot"),
        PointerDot,
        Mesh3d(meshes.add(Sphere::new(DOT_RADIUS_M))),
        MeshMaterial3d(material.clone()),
        Visibility::Hidden,
    ));
    commands.spawn((
        Name::new("Pointer beam"),
        PointerBeam,
        // A unit-long beam along Z, stretched to the hit each frame.
        Mesh3d(meshes.add(Cuboid::new(BEAM_WIDTH_M, BEAM_WIDTH_M, 1.0))),
        MeshMaterial3d(material),
        Visibility::Hidden,
    ));
}

/// The pointer's colour follows the marker style.
fn colour_pointer(
    style: Option<Res<MarkerStyle>>,
    material: Option<Res<PointerMaterial>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    let (Some(style), Some(material)) = (style, material) else {
        return;
    };
    if (style.is_changed() || material.is_added())
        && let Some(mut material) = materials.get_mut(&material.0)
    {
        material.base_color = style.pointer();
    }
}

fn cast_pointer(
    sources: Query<(&GlobalTransform, Option<&Camera>), With<PointerSource>>,
    windows: Query<&Window, With<PrimaryWindow>>,
    context: ReadRapierContext,
    mut hit: ResMut<PointerHit>,
) {
    let found = sources.iter().next().and_then(|(source, camera)| {
        let context = context.single().ok()?;
        // A camera's pointer follows the mouse while it is over the window, and comes from
        // the centre of the view otherwise.
        let cursor_ray = camera
            .zip(windows.single().ok())
            .and_then(|(camera, window)| {
                let cursor = window.cursor_position()?;
                camera.viewport_to_world(source, cursor).ok()
            });
        let (origin, dir) = match cursor_ray {
            Some(ray) => (ray.origin, ray.direction.as_vec3()),
            None => (source.translation(), source.forward().as_vec3()),
        };
        let (entity, intersection) = context.cast_ray_and_get_normal(
            origin,
            dir,
            POINTER_REACH_M,
            true,
            QueryFilter::default(),
        )?;
        Some(Hit {
            entity,
            point: intersection.point,
            normal: intersection.normal,
            distance_m: intersection.time_of_impact,
        })
    });
    if hit.0 != found {
        hit.0 = found;
    }
}

fn show_pointer(
    hit: Res<PointerHit>,
    style: Option<Res<MarkerStyle>>,
    sources: Query<(&GlobalTransform, &PointerSource)>,
    mut dot: Query<Mark, (With<PointerDot>, Without<PointerBeam>)>,
    mut beam: Query<Mark, (With<PointerBeam>, Without<PointerDot>)>,
) {
    let source = sources.iter().next();
    let shown = match (hit.0, source) {
        (Some(hit), Some((origin, _))) => Some((hit, origin.translation())),
        _ => None,
    };
    let beam_wanted = source.is_some_and(|(_, source)| source.beam);
    let size = style.map_or(1.0, |style| style.size());
    for (mut transform, mut visibility) in &mut dot {
        *visibility = if shown.is_some() {
            Visibility::Visible
        } else {
            Visibility::Hidden
        };
        if let Some((hit, _)) = shown {
            transform.translation = hit.point;
            transform.scale = Vec3::splat(size);
        }
    }
    for (mut transform, mut visibility) in &mut beam {
        *visibility = if shown.is_some() && beam_wanted {
            Visibility::Visible
        } else {
            Visibility::Hidden
        };
        if let Some((hit, origin)) = shown {
            let middle = (origin + hit.point) / 2.0;
            *transform = Transform::from_translation(middle)
                .looking_at(hit.point, Vec3::Y)
                .with_scale(Vec3::new(size, size, hit.distance_m.max(0.001)));
        }
    }
}
