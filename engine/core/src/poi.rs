//! Points of interest in the open place. A marker stands where each point is; walking up to
//! one, or pointing at it and selecting, opens it, and its texts are at hand in the pupil's
//! language for the panel and subtitles.
//!
//! What the points are and say comes from `retki_content` (authored files, checked without
//! Bevy); this module puts them in the world.

use std::collections::HashMap;
use std::sync::Arc;

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_rapier3d::prelude::{Collider, Sensor};
use retki_content::{Ground, load_place};

pub use retki_content::{Lang, Place};

use crate::scene::{SceneId, SceneRegistry};
use crate::trip::{ActiveTrip, TripPhase, trip_scoped};
use crate::viewer::ViewerCamera;
use crate::{SceneDef, paths};

/// A point opens when the pupil's eyes come within this horizontal distance of it, metres
/// (about two steps).
pub const OPEN_DISTANCE_M: f32 = 2.5;
/// An open point closes when the pupil is this far from it, metres, or, for a point opened by
/// pointing from farther away, has walked this much farther away than where they pointed from.
pub const CLOSE_DISTANCE_M: f32 = 6.0;
/// Height of a marker's glowing top above the ground, metres: at a seated 10-year-old's eye
/// level, below a standing adult's.
pub const MARKER_HEIGHT_M: f32 = 1.3;
/// Radius of the marker's glowing top, and of the sphere a pointer must hit, metres.
pub const MARKER_RADIUS_M: f32 = 0.12;
/// Radius around the marker's top that counts as pointing at it, metres: generous, as a
/// hand-held pointer wobbles.
pub const MARKER_POINT_RADIUS_M: f32 = 0.3;

/// The language pupils read and hear (`--lang`, default Finnish).
#[derive(Resource, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Language(pub Lang);

impl Default for Language {
    fn default() -> Self {
        Self(Lang::Fi)
    }
}

/// Every place's points of interest and texts, by the place's name.
#[derive(Resource, Clone, Default, Debug)]
pub struct PlaceContents(HashMap<&'static str, Place>);

impl PlaceContents {
    /// Reads and checks the content of every place in `scenes` from `assets/`. The error
    /// lists every problem, one per line, each with its file, line, column and field.
    pub fn load(scenes: &[SceneDef]) -> Result<Self, String> {
        let assets = paths::assets_dir();
        let mut places = HashMap::new();
        let mut problems = Vec::new();
        for def in scenes {
            let ground = Ground {
                half_extent_m: def.ground_half_extent_m,
            };
            match load_place(&assets, def.id.0, ground) {
                Ok(place) => {
                    places.insert(def.id.0, place);
                }
                Err(errors) => problems.push(errors.to_string()),
            }
        }
        if problems.is_empty() {
            Ok(Self(places))
        } else {
            Err(problems.join("\n"))
        }
    }

    /// The content of `scene`, if it loaded.
    pub fn get(&self, scene: SceneId) -> Option<&Place> {
        self.0.get(scene.0)
    }
}

/// Height of the open place's ground at `(x, z)`, metres; each place inserts its own when its
/// trip starts.
#[derive(Resource, Clone)]
pub struct GroundHeight(Arc<dyn Fn(f32, f32) -> f32 + Send + Sync>);

impl GroundHeight {
    /// The ground given by `height(x, z)`.
    pub fn new(height: impl Fn(f32, f32) -> f32 + Send + Sync + 'static) -> Self {
        Self(Arc::new(height))
    }

    /// The height at `(x, z)`, metres.
    pub fn at(&self, x: f32, z: f32) -> f32 {
        (self.0)(x, z)
    }
}

/// A point of interest's marker.
#[derive(Component, Clone, Debug, PartialEq, Eq)]
pub struct PoiMarker {
    /// The point's id.
    pub id: String,
}

/// The point of interest that is open, if any.
#[derive(Resource, Clone, Debug, Default, PartialEq, Eq)]
pub struct OpenPoi(pub Option<String>);

/// How far (horizontally, metres) the viewer was from the open point when it opened.
#[derive(Resource, Clone, Copy, Debug, Default)]
struct OpenedFrom(f32);

/// Asks to open a point of interest (written by the input layer when a pupil points at a
/// marker and selects, or by a teacher's command).
#[derive(Message, Clone, Debug, PartialEq, Eq)]
pub struct OpenPoiRequest(pub String);

/// A point of interest was opened: for the panel, the session layer and the record.
#[derive(Message, Clone, Debug, PartialEq, Eq)]
pub struct PoiOpened {
    /// The point's id.
    pub id: String,
}

/// A point's texts in one language, as a panel shows them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PoiTexts {
    /// The title.
    pub title: String,
    /// The narration, shown as subtitles (and spoken where audio exists).
    pub narration: String,
    /// Each fact with its source.
    pub facts: Vec<(String, String)>,
}

/// The texts of point `id` of `place` in `lang`, if the point exists.
pub fn poi_texts(place: &Place, id: &str, lang: Lang) -> Option<PoiTexts> {
    let poi = place.poi(id)?;
    let text = |key: &str| place.texts.get(lang, key).unwrap_or(key).to_string();
    Some(PoiTexts {
        title: text(&poi.title),
        narration: text(&poi.narration),
        facts: poi
            .facts
            .iter()
            .map(|f| (text(&f.text), f.source.clone()))
            .collect(),
    })
}

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<Language>()
        .init_resource::<OpenPoi>()
        .init_resource::<OpenedFrom>()
        .add_message::<OpenPoiRequest>()
        .add_message::<PoiOpened>()
        .add_systems(Startup, load_contents)
        .add_systems(OnEnter(TripPhase::LoadingAssets), close_poi)
        .add_systems(OnEnter(TripPhase::WarmingPipelines), spawn_markers)
        .add_systems(
            Update,
            (open_nearby, open_requested, close_when_far)
                .chain()
                .run_if(in_state(TripPhase::InScene)),
        );
}

/// Reads every registered place's content unless the program already did (it checks before
/// starting, to fail with the errors). Here, a problem is logged and the place has no points.
fn load_contents(
    registry: Res<SceneRegistry>,
    existing: Option<Res<PlaceContents>>,
    mut commands: Commands,
) {
    if existing.is_some() {
        return;
    }
    let scenes: Vec<SceneDef> = registry.iter().cloned().collect();
    match PlaceContents::load(&scenes) {
        Ok(contents) => commands.insert_resource(contents),
        Err(errors) => {
            for line in errors.lines() {
                error!("content: {line}");
            }
            commands.insert_resource(PlaceContents::default());
        }
    }
}

fn close_poi(mut open: ResMut<OpenPoi>) {
    open.0 = None;
}

fn spawn_markers(
    trip: Res<State<ActiveTrip>>,
    contents: Option<Res<PlaceContents>>,
    ground: Option<Res<GroundHeight>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
    mut commands: Commands,
) {
    let ActiveTrip::Scene(scene) = *trip.get() else {
        return;
    };
    let Some(place) = contents.as_ref().and_then(|c| c.get(scene)) else {
        return;
    };
    let post = meshes.add(Cylinder::new(0.02, MARKER_HEIGHT_M));
    let top = meshes.add(
        Sphere::new(MARKER_RADIUS_M)
            .mesh()
            .ico(2)
            .expect("a small icosphere"),
    );
    let post_material = materials.add(StandardMaterial {
        base_color: Color::srgb(0.35, 0.35, 0.35),
        perceptual_roughness: 0.6,
        ..default()
    });
    // Amber and unlit: the same colour in sunlight and in shadow, at any exposure.
    let top_material = materials.add(StandardMaterial {
        base_color: Color::srgb(1.0, 0.6, 0.05),
        unlit: true,
        ..default()
    });
    for poi in &place.pois {
        let [x, z] = poi.position_m;
        let y = ground.as_ref().map_or(0.0, |g| g.at(x, z)) + poi.height_m;
        commands
            .spawn((
                Name::new(format!("POI {}", poi.id)),
                PoiMarker { id: poi.id.clone() },
                Transform::from_xyz(x, y, z),
                Visibility::default(),
                trip_scoped(scene),
            ))
            .with_children(|marker| {
                marker.spawn((
                    Mesh3d(post.clone()),
                    MeshMaterial3d(post_material.clone()),
                    Transform::from_xyz(0.0, MARKER_HEIGHT_M / 2.0, 0.0),
                ));
                marker.spawn((
                    Mesh3d(top.clone()),
                    MeshMaterial3d(top_material.clone()),
                    Transform::from_xyz(0.0, MARKER_HEIGHT_M, 0.0),
                    Collider::ball(MARKER_POINT_RADIUS_M),
                    Sensor,
                    PoiMarker { id: poi.id.clone() },
                ));
            });
    }
    info!(
        "poi: {} points of interest in {}",
        place.pois.len(),
        scene.0
    );
}

/// Where the viewer's eyes are and where the markers stand, for opening and closing points.
#[derive(SystemParam)]
pub(crate) struct Sight<'w, 's> {
    viewer: Query<'w, 's, &'static GlobalTransform, With<ViewerCamera>>,
    cameras: Query<'w, 's, &'static GlobalTransform, With<Camera3d>>,
    markers: Query<'w, 's, (&'static PoiMarker, &'static GlobalTransform), Without<Collider>>,
}

impl Sight<'_, '_> {
    /// The viewer's eye position, from the viewer camera or, in a headset, any 3D camera.
    pub(crate) fn eye(&self) -> Option<Vec3> {
        self.viewer
            .iter()
            .next()
            .or_else(|| self.cameras.iter().next())
            .map(|t| t.translation())
    }

    /// Horizontal distance from the eyes to each marker, metres.
    fn distances(&self) -> impl Iterator<Item = (&PoiMarker, f32)> {
        let eye = self.eye();
        self.markers.iter().filter_map(move |(marker, at)| {
            Some((marker, at.translation().xz().distance(eye?.xz())))
        })
    }

    /// Where the marker of point `id` stands on the ground, metres.
    pub(crate) fn marker(&self, id: &str) -> Option<Vec3> {
        self.markers
            .iter()
            .find(|(m, _)| m.id == id)
            .map(|(_, at)| at.translation())
    }

    /// Horizontal distance from the eyes to the marker of point `id`, metres.
    fn distance_to(&self, id: &str) -> Option<f32> {
        self.distances().find(|(m, _)| m.id == id).map(|(_, d)| d)
    }
}

fn open_nearby(sight: Sight, open: Res<OpenPoi>, mut request: MessageWriter<OpenPoiRequest>) {
    let nearest = sight
        .distances()
        .filter(|(_, d)| *d <= OPEN_DISTANCE_M)
        .min_by(|a, b| a.1.total_cmp(&b.1));
    if let Some((marker, _)) = nearest
        && open.0.as_deref() != Some(marker.id.as_str())
    {
        request.write(OpenPoiRequest(marker.id.clone()));
    }
}

#[expect(
    clippy::too_many_arguments,
    reason = "a system: each argument is one resource or query it needs"
)]
fn open_requested(
    mut requests: MessageReader<OpenPoiRequest>,
    trip: Res<State<ActiveTrip>>,
    contents: Option<Res<PlaceContents>>,
    language: Res<Language>,
    sight: Sight,
    mut open: ResMut<OpenPoi>,
    mut opened_from: ResMut<OpenedFrom>,
    mut opened: MessageWriter<PoiOpened>,
) {
    let ActiveTrip::Scene(scene) = *trip.get() else {
        requests.clear();
        return;
    };
    let Some(place) = contents.as_ref().and_then(|c| c.get(scene)) else {
        requests.clear();
        return;
    };
    // The last request of the frame wins.
    let Some(OpenPoiRequest(id)) = requests.read().last().cloned() else {
        return;
    };
    if open.0.as_ref() == Some(&id) {
        return;
    }
    let Some(texts) = poi_texts(place, &id, language.0) else {
        warn!("poi: no point '{id}' in {}", scene.0);
        return;
    };
    info!("poi: opened {id}: {} ({})", texts.title, language.0.code());
    *opened_from = OpenedFrom(sight.distance_to(&id).unwrap_or(0.0));
    open.0 = Some(id.clone());
    opened.write(PoiOpened { id });
}

fn close_when_far(sight: Sight, opened_from: Res<OpenedFrom>, mut open: ResMut<OpenPoi>) {
    let Some(id) = open.0.clone() else {
        return;
    };
    let limit = CLOSE_DISTANCE_M.max(opened_from.0 + CLOSE_DISTANCE_M - OPEN_DISTANCE_M);
    if sight.distance_to(&id).is_some_and(|d| d > limit) {
        info!("poi: closed {id}");
        open.0 = None;
    }
}
