//! The schoolyard: a class's real yard from its site plan, at true scale, with the design the
//! class is building on it. Pupils place, move, turn, resize, recolour and delete items, each
//! change checked against the yard, the buildings and the EN 1176 safety zones before it is
//! made; undo and redo are per pupil. A tape measure and an area tool measure the ground, and
//! a summary shows cost against budget, green share and play area per pupil.
//!
//! Every change goes through [`DesignRequest`] and comes back as [`DesignApplied`] or
//! [`DesignRefused`], so the session layer can carry requests to its server and operations
//! back, in one order for everyone.

pub mod editing;

use std::collections::HashMap;
use std::path::PathBuf;

use bevy::light::{CascadeShadowConfigBuilder, NotShadowCaster};
use bevy::prelude::*;
use bevy_rapier3d::prelude::*;
use retki_core::mesh::to_bevy_mesh;
use retki_core::physics::Walkable;
use retki_core::poi::GroundHeight;
use retki_core::scene::{Landmark, SceneRegistry};
use retki_core::{SceneDef, SceneId, TripPhase, Viewpoint, trip_scoped};
use retki_design::catalogue::kind;
use retki_design::file::{self, Loaded};
use retki_design::site::Ground;
use retki_design::{Design, Item, ItemId};
use retki_procgen::schoolyard::{ItemModel, flat_polygon, item as item_mesh, map_to_mesh, prism};

/// The schoolyard's name.
pub const SCHOOLYARD: SceneId = SceneId("schoolyard");

/// The design a trip to the schoolyard opens, under `assets/`.
pub use retki_design::EXAMPLE_DESIGN;

/// Daylight on a bright school day under thin cloud, lux: direct sun at mid elevation gives
/// 30,000–100,000 lux, a light overcast 10,000–25,000 (Bevy's `light_consts::lux`: full
/// daylight 10,000–25,000).
pub const DAYLIGHT_LUX: f32 = 20_000.0;
/// Camera exposure, EV at ISO 100: level ground lit by that light at 35° elevation (about
/// 11,500 lux) wants about EV 12.5 ("sunny 16" exposes 100,000 lux at EV 15).
pub const EXPOSURE_EV100: f32 = 12.5;
/// Standing eye height of a pupil, metres.
const EYE_HEIGHT_M: f32 = 1.5;
/// Half the side of the ground drawn round the yard, metres.
const SURROUNDINGS_HALF_M: f32 = 150.0;
/// How far a ground surface is drawn above the yard's ground, metres.
const SURFACE_LIFT_M: f32 = 0.01;

/// A map point `[east, north]` at `height_m` in the world.
pub fn world(p: [f32; 2], height_m: f32) -> Vec3 {
    Vec3::from_array(map_to_mesh(p, height_m))
}

/// The world point on the ground as a map point `[east, north]`.
pub fn map(p: Vec3) -> [f32; 2] {
    [p.x, -p.z]
}

/// Where the swing of the example design stands (map metres): the render test looks for it.
pub const SWING_AT: [f32; 2] = [-47.0, -30.0];

/// The schoolyard's description.
pub fn scene_def() -> SceneDef {
    let view = |name, title, eye: Vec3, look_at: Vec3| Viewpoint {
        name,
        title,
        eye,
        look_at,
    };
    SceneDef {
        id: SCHOOLYARD,
        title: "The schoolyard",
        viewpoints: vec![
            view(
                "overview",
                "The whole yard from above, as on the site plan",
                Vec3::new(0.0, 110.0, 14.0),
                Vec3::new(0.0, 0.0, -2.0),
            ),
            view(
                "oblique",
                "The yard from above its south-east corner",
                Vec3::new(48.0, 30.0, 78.0),
                Vec3::new(-8.0, 0.0, 4.0),
            ),
            view(
                "play_area",
                "Among the swings, slide and climbing frame",
                world([-28.0, -28.0], EYE_HEIGHT_M),
                world([-47.0, -33.0], 1.0),
            ),
            view(
                "ball_court",
                "At the edge of the ball court",
                world([30.0, -10.0], EYE_HEIGHT_M),
                world([30.0, -32.0], 0.8),
            ),
        ],
        landmarks: vec![Landmark {
            name: "swing",
            position: world(SWING_AT, 1.2),
            radius_m: 1.2,
        }],
        clear_color: Color::srgb(0.62, 0.75, 0.9),
        exposure_ev100: EXPOSURE_EV100,
        gravity_m_s2: 9.81,
        ground_half_extent_m: 70.0,
        // Air at 15 °C at sea level, kg/m³ (ISO 2533 standard atmosphere).
        medium_density_kg_m3: 1.225,
        medium_surface_y_m: None,
    }
}

/// Loads the example design and its site, checking both; the error lists every problem.
pub fn load_example() -> Result<Loaded, String> {
    let path = retki_core::paths::assets_dir().join(EXAMPLE_DESIGN);
    file::load(&path).map_err(|problems| problems.to_string())
}

/// The design on show, and where it is saved.
#[derive(Resource)]
pub struct SchoolyardDesign {
    /// The design.
    pub design: Design,
    /// Its site plan, as the design file names it.
    pub site_ref: String,
    /// Its file.
    pub path: PathBuf,
}

/// An item of the design in the world.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlacedItem(pub ItemId);

/// The parent of everything on the site: moved as a whole when a headset aligns the site to
/// the real yard.
#[derive(Component, Debug, Default)]
pub struct SiteRoot;

/// Meshes and materials of items, shared between items of one kind, size and colour.
#[derive(Resource, Default)]
pub struct ItemLooks {
    meshes: HashMap<(String, u32, u32), Handle<Mesh>>,
    materials: HashMap<String, Handle<StandardMaterial>>,
}

impl ItemLooks {
    /// The mesh of `item`, made once per kind and size.
    pub fn mesh(&mut self, item: &Item, meshes: &mut Assets<Mesh>) -> Handle<Mesh> {
        let key = (
            item.kind.clone(),
            item.width_m.to_bits(),
            item.depth_m.to_bits(),
        );
        self.meshes
            .entry(key)
            .or_insert_with(|| {
                let (model, height) = kind(&item.kind).map_or((ItemModel::Bin, 1.0), |k| {
                    (k.model, k.height_at(item.width_m))
                });
                meshes.add(to_bevy_mesh(&item_mesh(
                    model,
                    [item.width_m, item.depth_m, height],
                )))
            })
            .clone()
    }

    /// The material of colour `hex` (`#rrggbb`), made once per colour.
    pub fn material(
        &mut self,
        hex: &str,
        materials: &mut Assets<StandardMaterial>,
    ) -> Handle<StandardMaterial> {
        self.materials
            .entry(hex.to_owned())
            .or_insert_with(|| {
                materials.add(StandardMaterial {
                    base_color: Srgba::hex(hex).map_or(Color::WHITE, Color::Srgba),
                    perceptual_roughness: 0.8,
                    ..default()
                })
            })
            .clone()
    }
}

pub(crate) fn plugin(app: &mut App) {
    app.world_mut()
        .resource_mut::<SceneRegistry>()
        .register(scene_def());
    app.init_resource::<ItemLooks>()
        .add_systems(
            OnEnter(retki_core::ActiveTrip::Scene(SCHOOLYARD)),
            load_design,
        )
        .add_systems(
            OnEnter(TripPhase::WarmingPipelines),
            spawn_schoolyard.run_if(in_state(retki_core::ActiveTrip::Scene(SCHOOLYARD))),
        )
        .add_plugins(editing::plugin);
}

fn load_design(mut commands: Commands) {
    commands.insert_resource(GroundHeight::new(|_, _| 0.0));
    match load_example() {
        Ok(loaded) => commands.insert_resource(SchoolyardDesign {
            design: loaded.design,
            site_ref: loaded.site_ref,
            path: retki_core::paths::assets_dir().join(EXAMPLE_DESIGN),
        }),
        // `retki` checks the design before any trip opens; this is only reached if the file
        // changed since.
        Err(problems) => error!("the schoolyard design has problems:\n{problems}"),
    }
}

/// Spawns the item `item` under the site root.
pub fn spawn_item(
    commands: &mut Commands,
    root: Entity,
    item: &Item,
    looks: &mut ItemLooks,
    meshes: &mut Assets<Mesh>,
    materials: &mut Assets<StandardMaterial>,
) -> Entity {
    let height = kind(&item.kind).map_or(1.0, |k| k.height_at(item.width_m));
    let entity = commands
        .spawn((
            Name::new(format!("{} {}", item.kind, item.id)),
            PlacedItem(item.id),
            Mesh3d(looks.mesh(item, meshes)),
            MeshMaterial3d(looks.material(&item.colour, materials)),
            Transform::from_translation(world(item.at, 0.0))
                .with_rotation(Quat::from_rotation_y(item.rotation_deg.to_radians())),
            RigidBody::Fixed,
            Collider::compound(vec![(
                Vec3::Y * height / 2.0,
                Quat::IDENTITY,
                Collider::cuboid(item.width_m / 2.0, height / 2.0, item.depth_m / 2.0),
            )]),
            trip_scoped(SCHOOLYARD),
        ))
        .id();
    commands.entity(root).add_child(entity);
    entity
}

fn ground_colour(ground: Ground) -> Color {
    match ground {
        Ground::Grass => Color::srgb(0.40, 0.52, 0.26),
        Ground::Asphalt => Color::srgb(0.30, 0.30, 0.31),
        Ground::Sand => Color::srgb(0.80, 0.72, 0.55),
        Ground::Gravel => Color::srgb(0.62, 0.58, 0.52),
        Ground::Rubber => Color::srgb(0.66, 0.30, 0.22),
    }
}

fn spawn_schoolyard(
    mut commands: Commands,
    design: Option<Res<SchoolyardDesign>>,
    mut looks: ResMut<ItemLooks>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    let scoped = || trip_scoped(SCHOOLYARD);
    commands.insert_resource(GlobalAmbientLight {
        color: Color::srgb(0.85, 0.9, 1.0),
        brightness: 2_000.0,
        ..default()
    });
    commands.spawn((
        Name::new("Sun"),
        DirectionalLight {
            illuminance: DAYLIGHT_LUX,
            shadow_maps_enabled: true,
            ..default()
        },
        CascadeShadowConfigBuilder {
            first_cascade_far_bound: 30.0,
            maximum_distance: 220.0,
            ..default()
        }
        .build(),
        Transform::from_translation(crate::direction(160.0, 35.0)).looking_at(Vec3::ZERO, Vec3::Y),
        scoped(),
    ));
    // The neighbourhood round the yard: a plain lawn, and the ground the pointer lands on.
    commands.spawn((
        Name::new("Surroundings"),
        Mesh3d(
            meshes.add(
                Plane3d::default()
                    .mesh()
                    .size(2.0 * SURROUNDINGS_HALF_M, 2.0 * SURROUNDINGS_HALF_M),
            ),
        ),
        MeshMaterial3d(materials.add(StandardMaterial {
            base_color: Color::srgb(0.45, 0.47, 0.36),
            perceptual_roughness: 1.0,
            ..default()
        })),
        Transform::from_xyz(0.0, -0.02, 0.0),
        RigidBody::Fixed,
        Collider::cuboid(SURROUNDINGS_HALF_M, 0.02, SURROUNDINGS_HALF_M),
        Walkable,
        scoped(),
    ));
    let Some(design) = design else { return };
    let site = &design.design.site;
    let root = commands
        .spawn((
            Name::new(site.name.clone()),
            SiteRoot,
            Transform::default(),
            Visibility::default(),
            scoped(),
        ))
        .id();

    // The yard's own ground and its surfaces, one mesh per kind of ground.
    let mut by_ground: HashMap<&'static str, (Ground, retki_procgen::MeshData)> = HashMap::new();
    by_ground.insert("grass", (Ground::Grass, flat_polygon(&site.yard, 0.0)));
    for surface in &site.surfaces {
        let entry = by_ground
            .entry(surface.ground.name())
            .or_insert_with(|| (surface.ground, retki_procgen::MeshData::default()));
        let lift = if surface.ground == Ground::Grass {
            0.0
        } else {
            SURFACE_LIFT_M
        };
        entry.1.append(
            &flat_polygon(&surface.outline, lift),
            &retki_procgen::parts::Pose::default(),
        );
    }
    let mut grounds: Vec<_> = by_ground.into_values().collect();
    grounds.sort_by_key(|(g, _)| g.name());
    for (ground, mesh) in grounds {
        let child = commands
            .spawn((
                Name::new(format!("Ground: {}", ground.name())),
                Mesh3d(meshes.add(to_bevy_mesh(&mesh))),
                MeshMaterial3d(materials.add(StandardMaterial {
                    base_color: ground_colour(ground),
                    perceptual_roughness: 0.95,
                    ..default()
                })),
                NotShadowCaster,
                scoped(),
            ))
            .id();
        commands.entity(root).add_child(child);
    }

    // Buildings and fixed features, with colliders the pointer stops at.
    let facade = materials.add(StandardMaterial {
        base_color: Color::srgb(0.79, 0.72, 0.63),
        perceptual_roughness: 0.9,
        ..default()
    });
    for block in site.buildings.iter().chain(&site.fixed) {
        let mesh = prism(&block.outline, block.height_m);
        let collider = Collider::trimesh(
            mesh.positions
                .iter()
                .map(|p| Vec3::from_array(*p))
                .collect(),
            mesh.indices
                .chunks_exact(3)
                .map(|t| [t[0], t[1], t[2]])
                .collect(),
        )
        .ok();
        let mut entity = commands.spawn((
            Name::new(block.name.clone()),
            Mesh3d(meshes.add(to_bevy_mesh(&mesh))),
            MeshMaterial3d(facade.clone()),
            RigidBody::Fixed,
            scoped(),
        ));
        if let Some(collider) = collider {
            entity.insert(collider);
        }
        let child = entity.id();
        commands.entity(root).add_child(child);
    }

    // The trees that already grow there.
    let leaves = materials.add(StandardMaterial {
        base_color: Color::srgb(0.25, 0.42, 0.2),
        perceptual_roughness: 0.9,
        ..default()
    });
    for tree in &site.trees {
        let mesh = item_mesh(ItemModel::Tree, [tree.crown_m, tree.crown_m, tree.height_m]);
        let child = commands
            .spawn((
                Name::new(tree.name.clone()),
                Mesh3d(meshes.add(to_bevy_mesh(&mesh))),
                MeshMaterial3d(leaves.clone()),
                Transform::from_translation(world(tree.at, 0.0)),
                scoped(),
            ))
            .id();
        commands.entity(root).add_child(child);
    }

    for item in design.design.items() {
        spawn_item(
            &mut commands,
            root,
            item,
            &mut looks,
            &mut meshes,
            &mut materials,
        );
    }
}
