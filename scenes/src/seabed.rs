//! A Baltic Sea seabed off the Finnish south coast, 3–8 m deep: rippled sand, granite
//! boulders with bladderwrack and blue mussels, the timbers of a small wooden ship, water that
//! drinks the red out of the light, caustics, drifting particles, and brackish water that
//! holds up what is lighter than itself.

pub mod light;

use std::sync::OnceLock;

use bevy::camera::visibility::NoFrustumCulling;
use bevy::light::{CascadeShadowConfigBuilder, NotShadowCaster};
use bevy::pbr::{ExtendedMaterial, MaterialExtension};
use bevy::prelude::*;
use bevy::render::render_resource::{AsBindGroup, ShaderType};
use bevy::shader::ShaderRef;
use bevy_rapier3d::prelude::*;
use retki_core::loading::TripAssets;
use retki_core::mesh::to_bevy_mesh;
use retki_core::physics::{Buoyancy, Drag, EARTH_GRAVITY_M_S2, Grabbable};
use retki_core::poi::GroundHeight;
use retki_core::scene::SceneRegistry;
use retki_core::stats::track_material;
use retki_core::{ActiveTrip, SceneDef, SceneId, TripPhase, trip_scoped};
use retki_procgen::seabed::{
    self, MUSSEL_VARIANTS, ROCK_VARIANTS, Seabed, SeabedParams, WRACK_VARIANTS,
};
use retki_procgen::{rock, sphere};

use crate::{above_ground, direction, spawn_tiled_ground, viewpoint};

/// The seabed's name.
pub const SEABED: SceneId = SceneId("seabed");

/// The seed of the one seabed every machine builds.
pub const SEABED_SEED: u64 = 1852;

/// Density of the brackish surface water of the northern Baltic Proper, kg/m³: salinity about
/// 6–7 g/kg (HELCOM, State of the Baltic Sea 2023) gives about 1005 kg/m³ at 10 °C by the
/// UNESCO (1981) equation of state for sea water, against 1000 for fresh water and about
/// 1025 for the ocean's 35 g/kg.
pub const BALTIC_WATER_DENSITY_KG_M3: f32 = 1_005.0;

/// Height of the water surface, metres.
pub const SURFACE_Y_M: f32 = 0.0;

/// Sunlight on the water on a bright summer day, lux; the water takes its share away with
/// depth in the shaders (see [`light`]).
pub const SUNLIGHT_LUX: f32 = 60_000.0;
/// Height of the Sun, degrees: a June noon at 60° N is about 53° up.
pub const SUN_ELEVATION_DEG: f32 = 53.0;
/// Direction of the Sun, degrees clockwise from -Z ("north"): south at noon.
pub const SUN_AZIMUTH_DEG: f32 = 180.0;

/// Camera exposure, EV at ISO 100: underwater photographs a few metres down are exposed about
/// three to four stops brighter than the beach above.
pub const EXPOSURE_EV100: f32 = 11.0;

/// Radius of the dome that shows the water around the eye, metres: beyond the patch of
/// seabed, where the water has hidden everything.
const WATER_DOME_RADIUS_M: f32 = 60.0;

/// Eye height of a pupil standing (as a diver kneeling upright) on the bottom, metres.
const EYE_HEIGHT_M: f32 = 1.4;

/// Share of light the sand reflects: light quartz and feldspar sand, about 0.35.
const SAND_ALBEDO: f32 = 0.35;

/// How far the bladderwrack tips swing in the swell, metres.
const WRACK_SWAY_M: f32 = 0.05;

/// Particles of marine snow drifting around the eye.
const SNOW_PARTICLES: usize = 1_500;
/// Side of the cube of water the particles fill around the eye, metres.
const SNOW_BOX_M: f32 = 8.0;
/// Radius a particle is drawn at, metres: marine snow is flakes of dead plankton and silt up to
/// about a centimetre across.
const SNOW_RADIUS_M: f32 = 0.004;
/// The current that carries the particles, m/s: a slow drift, and sinking of about a
/// millimetre a second.
const SNOW_DRIFT_M_S: Vec3 = Vec3::new(0.02, -0.001, 0.008);

/// The generation parameters of the seabed.
pub fn params() -> SeabedParams {
    SeabedParams {
        seed: SEABED_SEED,
        ..SeabedParams::default()
    }
}

/// The seabed, generated once per process.
pub fn seabed() -> &'static Seabed {
    static SEABED_DATA: OnceLock<Seabed> = OnceLock::new();
    SEABED_DATA.get_or_init(|| seabed::generate(&params()))
}

/// The point `eye_m` metres above the seabed at `(x, z)`.
fn on_seabed(at: (f32, f32), eye_m: f32) -> Vec3 {
    above_ground(&seabed().ground, at, eye_m)
}

/// The viewpoint at the surface, the brightest and least blue.
pub const TOP_VIEWPOINT: &str = "surface";
/// The deepest viewpoint, the dimmest and bluest.
pub const BOTTOM_VIEWPOINT: &str = "deep_sand";

/// The seabed's description.
pub fn scene_def() -> SceneDef {
    SceneDef {
        id: SEABED,
        title: "The Baltic seabed",
        viewpoints: vec![
            viewpoint(
                TOP_VIEWPOINT,
                "Floating just under the surface, above the bladderwrack",
                // Floating 0.6 m under the water's surface, whatever the depth below.
                Vec3::new(-2.0, SURFACE_Y_M - 0.6, -13.0),
                (160.0, -40.0),
            ),
            viewpoint(
                "wrack_boulders",
                "Among granite boulders overgrown with bladderwrack",
                on_seabed((-5.0, -8.0), EYE_HEIGHT_M),
                (20.0, -18.0),
            ),
            viewpoint(
                "wreck",
                "Beside the timbers of a sunken wooden ship",
                on_seabed((-5.0, -0.5), EYE_HEIGHT_M),
                (140.0, -12.0),
            ),
            viewpoint(
                BOTTOM_VIEWPOINT,
                "On the rippled sand, seven metres down, looking back at the wreck",
                on_seabed((8.0, 13.0), EYE_HEIGHT_M),
                (320.0, -22.0),
            ),
        ],
        landmarks: Vec::new(),
        clear_color: Color::srgb(0.02, 0.08, 0.07),
        exposure_ev100: EXPOSURE_EV100,
        gravity_m_s2: EARTH_GRAVITY_M_S2,
        ground_half_extent_m: params().size_m / 2.0 - 0.5,
        medium_density_kg_m3: BALTIC_WATER_DENSITY_KG_M3,
        medium_surface_y_m: Some(SURFACE_Y_M),
    }
}

/// The water's optical properties, as the shaders read them (`shaders/water.wgsl`).
#[derive(Clone, Copy, Debug, ShaderType, Reflect)]
pub struct WaterUniform {
    /// Diffuse attenuation for red, green and blue, 1/m; the surface height, m.
    pub attenuation: Vec4,
    /// Beam attenuation for red, green and blue, 1/m; the caustics' strength.
    pub beam: Vec4,
    /// The veil's radiance under the surface, cd/m²; the seaweed's sway, m.
    pub veil: Vec4,
}

impl WaterUniform {
    /// The Baltic water of [`light`].
    pub fn baltic() -> Self {
        let [kr, kg, kb] = light::DIFFUSE_ATTENUATION_PER_M;
        let [cr, cg, cb] = light::BEAM_ATTENUATION_PER_M;
        let [vr, vg, vb] = light::VEIL_RADIANCE_CD_M2;
        Self {
            attenuation: Vec4::new(kr, kg, kb, SURFACE_Y_M),
            beam: Vec4::new(cr, cg, cb, 0.35),
            veil: Vec4::new(vr, vg, vb, WRACK_SWAY_M),
        }
    }
}

/// Standard lighting seen through the water (`shaders/underwater.wgsl`).
#[derive(Asset, AsBindGroup, Reflect, Debug, Clone)]
pub struct Underwater {
    /// The water.
    #[uniform(100)]
    pub water: WaterUniform,
}

impl MaterialExtension for Underwater {
    fn fragment_shader() -> ShaderRef {
        UNDERWATER_SHADER.into()
    }
}

/// [`Underwater`], on seaweed that sways (`shaders/seaweed.wgsl`).
#[derive(Asset, AsBindGroup, Reflect, Debug, Clone)]
pub struct Swaying {
    /// The water.
    #[uniform(100)]
    pub water: WaterUniform,
}

impl MaterialExtension for Swaying {
    fn vertex_shader() -> ShaderRef {
        SEAWEED_SHADER.into()
    }
    fn fragment_shader() -> ShaderRef {
        UNDERWATER_SHADER.into()
    }
}

/// What most of the seabed is drawn with.
pub type UnderwaterMaterial = ExtendedMaterial<StandardMaterial, Underwater>;
/// What the seaweed is drawn with.
pub type SwayingMaterial = ExtendedMaterial<StandardMaterial, Swaying>;

/// The water all around the eye (`shaders/water_volume.wgsl`).
#[derive(Asset, TypePath, AsBindGroup, Debug, Clone)]
pub struct WaterVolumeMaterial {
    /// The water.
    #[uniform(0)]
    pub water: WaterUniform,
}

impl Material for WaterVolumeMaterial {
    fn fragment_shader() -> ShaderRef {
        WATER_VOLUME_SHADER.into()
    }
}

/// What the marine snow shader reads.
#[derive(Clone, Copy, Debug, ShaderType)]
pub struct SnowUniform {
    /// The water.
    pub water: WaterUniform,
    /// The current, m/s; the side of the cube of particles, m.
    pub drift: Vec4,
    /// The particle radius, m; how much brighter than the water a particle is.
    pub look: Vec4,
}

/// Drifting particles (`shaders/marine_snow.wgsl`).
#[derive(Asset, TypePath, AsBindGroup, Debug, Clone)]
pub struct MarineSnowMaterial {
    /// The water and the particles.
    #[uniform(0)]
    pub snow: SnowUniform,
}

impl Material for MarineSnowMaterial {
    fn vertex_shader() -> ShaderRef {
        MARINE_SNOW_SHADER.into()
    }
    fn fragment_shader() -> ShaderRef {
        MARINE_SNOW_SHADER.into()
    }
    fn alpha_mode(&self) -> AlphaMode {
        AlphaMode::Blend
    }
}

/// The shaders of the seabed, in the `shaders://` source.
const WATER_SHADER: &str = "shaders://water.wgsl";
const UNDERWATER_SHADER: &str = "shaders://underwater.wgsl";
const SEAWEED_SHADER: &str = "shaders://seaweed.wgsl";
const WATER_VOLUME_SHADER: &str = "shaders://water_volume.wgsl";
const MARINE_SNOW_SHADER: &str = "shaders://marine_snow.wgsl";

pub(crate) fn plugin(app: &mut App) {
    app.add_plugins((
        MaterialPlugin::<UnderwaterMaterial>::default(),
        MaterialPlugin::<SwayingMaterial>::default(),
        MaterialPlugin::<WaterVolumeMaterial>::default(),
        MaterialPlugin::<MarineSnowMaterial>::default(),
    ));
    track_material::<UnderwaterMaterial>(app);
    track_material::<SwayingMaterial>(app);
    track_material::<WaterVolumeMaterial>(app);
    track_material::<MarineSnowMaterial>(app);
    app.world_mut()
        .resource_mut::<SceneRegistry>()
        .register(scene_def());
    app.add_systems(OnEnter(ActiveTrip::Scene(SEABED)), queue_assets)
        .add_systems(
            OnEnter(TripPhase::WarmingPipelines),
            spawn_seabed.run_if(in_state(ActiveTrip::Scene(SEABED))),
        )
        .add_systems(OnExit(ActiveTrip::Scene(SEABED)), restore_ambient);
}

fn queue_assets(server: Res<AssetServer>, mut assets: ResMut<TripAssets>, mut commands: Commands) {
    for path in [
        WATER_SHADER,
        UNDERWATER_SHADER,
        SEAWEED_SHADER,
        WATER_VOLUME_SHADER,
        MARINE_SNOW_SHADER,
    ] {
        assets.0.push(server.load::<Shader>(path).untyped());
    }
    commands.insert_resource(GroundHeight::new(|x, z| seabed().ground.height_at(x, z)));
}

fn restore_ambient(mut commands: Commands) {
    commands.insert_resource(GlobalAmbientLight::default());
}

/// The assets the seabed is drawn with.
struct Looks<'a> {
    meshes: &'a mut Assets<Mesh>,
    underwater: &'a mut Assets<UnderwaterMaterial>,
}

impl Looks<'_> {
    fn material(&mut self, base: StandardMaterial) -> Handle<UnderwaterMaterial> {
        self.underwater.add(ExtendedMaterial {
            base,
            extension: Underwater {
                water: WaterUniform::baltic(),
            },
        })
    }
}

#[allow(
    clippy::too_many_arguments,
    reason = "one asset store per material type the seabed draws with"
)]
fn spawn_seabed(
    mut commands: Commands,
    mut meshes: ResMut<Assets<Mesh>>,
    mut underwater: ResMut<Assets<UnderwaterMaterial>>,
    mut swaying: ResMut<Assets<SwayingMaterial>>,
    mut volumes: ResMut<Assets<WaterVolumeMaterial>>,
    mut snows: ResMut<Assets<MarineSnowMaterial>>,
) {
    let bed = seabed();
    let scoped = || trip_scoped(SEABED);
    let water = WaterUniform::baltic();
    let mut looks = Looks {
        meshes: &mut meshes,
        underwater: &mut underwater,
    };

    // Light scattered in the water reaches every side of things; the shaders dim it with depth.
    commands.insert_resource(GlobalAmbientLight {
        color: Color::srgb(0.85, 0.95, 1.0),
        brightness: 2_500.0,
        ..default()
    });

    spawn_ground(&mut commands, &mut looks, bed);
    spawn_stones(&mut commands, &mut looks, bed);

    let wrack_material = swaying.add(ExtendedMaterial {
        base: StandardMaterial {
            // Olive brown, as bladderwrack is.
            base_color: Color::srgb(0.36, 0.3, 0.12),
            perceptual_roughness: 0.6,
            double_sided: true,
            cull_mode: None,
            ..default()
        },
        extension: Swaying { water },
    });
    let wrack_meshes: Vec<Handle<Mesh>> = (0..WRACK_VARIANTS)
        .map(|v| {
            looks
                .meshes
                .add(to_bevy_mesh(&seabed::bladderwrack(SEABED_SEED, v)))
        })
        .collect();
    for plant in &bed.wrack {
        commands.spawn((
            Name::new("Bladderwrack"),
            Mesh3d(wrack_meshes[plant.variant].clone()),
            MeshMaterial3d(wrack_material.clone()),
            growth_transform(plant),
            NotShadowCaster,
            scoped(),
        ));
    }

    let mussel_material = looks.material(StandardMaterial {
        // Blue-black shells with a sheen.
        base_color: Color::srgb(0.05, 0.06, 0.1),
        perceptual_roughness: 0.35,
        ..default()
    });
    let mussel_meshes: Vec<Handle<Mesh>> = (0..MUSSEL_VARIANTS)
        .map(|v| {
            looks
                .meshes
                .add(to_bevy_mesh(&seabed::mussel_clump(SEABED_SEED, v)))
        })
        .collect();
    for clump in &bed.mussels {
        commands.spawn((
            Name::new("Blue mussels"),
            Mesh3d(mussel_meshes[clump.variant].clone()),
            MeshMaterial3d(mussel_material.clone()),
            growth_transform(clump),
            scoped(),
        ));
    }

    let wreck_material = looks.material(StandardMaterial {
        // Oak darkened by a century in the water.
        base_color: Color::srgb(0.2, 0.14, 0.08),
        perceptual_roughness: 0.9,
        ..default()
    });
    let pose = bed.wreck;
    commands.spawn((
        Name::new("Wreck"),
        Mesh3d(looks.meshes.add(to_bevy_mesh(&seabed::wreck(SEABED_SEED)))),
        MeshMaterial3d(wreck_material),
        Transform::from_translation(Vec3::from_array(pose.origin))
            .with_rotation(Quat::from_rotation_y(pose.yaw)),
        RigidBody::Fixed,
        // The keel and the lower hull, to rest things on.
        Collider::cuboid(
            seabed::WRECK_BEAM_M / 2.0 - 0.3,
            0.3,
            seabed::WRECK_LENGTH_M / 2.0,
        ),
        scoped(),
    ));

    spawn_buoyancy_pair(&mut commands, &mut looks, bed);

    commands.spawn((
        Name::new("Water"),
        Mesh3d(
            looks
                .meshes
                .add(to_bevy_mesh(&sphere::sky_dome(WATER_DOME_RADIUS_M, 3))),
        ),
        MeshMaterial3d(volumes.add(WaterVolumeMaterial { water })),
        NotShadowCaster,
        scoped(),
    ));

    commands.spawn((
        Name::new("Marine snow"),
        Mesh3d(looks.meshes.add(to_bevy_mesh(&seabed::drifting_particles(
            SEABED_SEED,
            SNOW_PARTICLES,
            SNOW_BOX_M,
        )))),
        MeshMaterial3d(snows.add(MarineSnowMaterial {
            snow: SnowUniform {
                water,
                drift: SNOW_DRIFT_M_S.extend(SNOW_BOX_M),
                look: Vec4::new(SNOW_RADIUS_M, 3.0, 0.0, 0.0),
            },
        })),
        // The shader moves the particles around the eye, wherever the mesh's box says.
        NoFrustumCulling,
        NotShadowCaster,
        scoped(),
    ));

    commands.spawn((
        Name::new("Sun"),
        DirectionalLight {
            illuminance: SUNLIGHT_LUX,
            shadow_maps_enabled: true,
            ..default()
        },
        CascadeShadowConfigBuilder {
            first_cascade_far_bound: 6.0,
            maximum_distance: 30.0,
            ..default()
        }
        .build(),
        Transform::from_translation(direction(SUN_AZIMUTH_DEG, SUN_ELEVATION_DEG))
            .looking_at(Vec3::ZERO, Vec3::Y),
        scoped(),
    ));
}

/// The sand, in tiles so the renderer skips those out of view, with one collider for all.
fn spawn_ground(commands: &mut Commands, looks: &mut Looks, bed: &Seabed) {
    let sand = looks.material(StandardMaterial {
        base_color: Color::linear_rgb(SAND_ALBEDO, SAND_ALBEDO * 0.95, SAND_ALBEDO * 0.82),
        perceptual_roughness: 0.95,
        reflectance: 0.2,
        ..default()
    });
    spawn_tiled_ground(commands, looks.meshes, &bed.ground, sand, (SEABED, "Sand"));
}

/// Granite boulders: reddish-grey rapakivi, the bedrock of south-eastern Finland.
fn spawn_stones(commands: &mut Commands, looks: &mut Looks, bed: &Seabed) {
    let granite = looks.material(StandardMaterial {
        base_color: Color::srgb(0.42, 0.33, 0.3),
        perceptual_roughness: 0.85,
        ..default()
    });
    let shapes: Vec<Handle<Mesh>> = (0..ROCK_VARIANTS)
        .map(|v| {
            looks
                .meshes
                .add(to_bevy_mesh(&rock::rock(SEABED_SEED, v, 2)))
        })
        .collect();
    for stone in &bed.stones {
        commands.spawn((
            Name::new("Boulder"),
            Mesh3d(shapes[stone.variant].clone()),
            MeshMaterial3d(granite.clone()),
            Transform::from_translation(Vec3::from_array(stone.position))
                .with_rotation(Quat::from_rotation_y(stone.yaw))
                .with_scale(Vec3::splat(stone.radius_m)),
            RigidBody::Fixed,
            // The rock mesh fills most of its unit bounding sphere.
            Collider::ball(0.8),
            trip_scoped(SEABED),
        ));
    }
}

fn growth_transform(growth: &seabed::Growth) -> Transform {
    Transform::from_translation(Vec3::from_array(growth.position))
        .with_rotation(Quat::from_rotation_y(growth.yaw))
        .with_scale(Vec3::splat(growth.scale))
}

/// Density of granite, kg/m³ (Geological Survey of Finland: 2.6–2.7 g/cm³ for Finnish
/// granites).
pub const GRANITE_DENSITY_KG_M3: f32 = 2_650.0;
/// Density of cork, kg/m³: 120–240 for natural cork (Gil, "Cork composites: a review",
/// Materials 2, 2009).
pub const CORK_DENSITY_KG_M3: f32 = 200.0;
/// Where the cobble and the float are: beside the first viewpoint, metres (x, z).
pub const BUOYANCY_SITE: Vec2 = Vec2::new(-1.0, -11.5);
/// Radius of the granite cobble's collider, metres.
pub const COBBLE_RADIUS_M: f32 = 0.05;
/// Radius and height of the cork net float, metres.
pub const FLOAT_SIZE_M: (f32, f32) = (0.05, 0.08);

/// A granite cobble on the sand and a cork net float at the surface above it: pupils can pull
/// the float down and let it go, or lift the cobble and drop it, and see which way each goes.
fn spawn_buoyancy_pair(commands: &mut Commands, looks: &mut Looks, bed: &Seabed) {
    let (x, z) = (BUOYANCY_SITE.x, BUOYANCY_SITE.y);
    let r = COBBLE_RADIUS_M;
    let cobble_mesh = looks
        .meshes
        .add(Sphere::new(r).mesh().ico(2).expect("a small icosphere"));
    let cobble_material = looks.material(StandardMaterial {
        base_color: Color::srgb(0.5, 0.42, 0.4),
        perceptual_roughness: 0.7,
        ..default()
    });
    commands.spawn((
        Name::new("Granite cobble"),
        Grabbable,
        Mesh3d(cobble_mesh),
        MeshMaterial3d(cobble_material),
        Transform::from_xyz(x, bed.ground.height_at(x, z) + r + 0.02, z),
        RigidBody::Dynamic,
        Collider::ball(r),
        ColliderMassProperties::Density(GRANITE_DENSITY_KG_M3),
        Buoyancy {
            volume_m3: 4.0 / 3.0 * std::f32::consts::PI * r.powi(3),
            height_m: 2.0 * r,
        },
        Drag {
            area_m2: std::f32::consts::PI * r * r,
            coefficient: 0.5,
        },
        trip_scoped(SEABED),
    ));

    let (fr, fh) = FLOAT_SIZE_M;
    let float_material = looks.material(StandardMaterial {
        base_color: Color::srgb(0.55, 0.38, 0.22),
        perceptual_roughness: 0.9,
        ..default()
    });
    commands.spawn((
        Name::new("Cork float"),
        Grabbable,
        Mesh3d(looks.meshes.add(Cylinder::new(fr, fh))),
        MeshMaterial3d(float_material),
        Transform::from_xyz(x + 0.6, SURFACE_Y_M, z),
        RigidBody::Dynamic,
        Collider::cylinder(fh / 2.0, fr),
        ColliderMassProperties::Density(CORK_DENSITY_KG_M3),
        Buoyancy {
            volume_m3: std::f32::consts::PI * fr * fr * fh,
            height_m: fh,
        },
        Drag {
            area_m2: std::f32::consts::PI * fr * fr,
            coefficient: 1.0,
        },
        // Keeps it from spinning forever on the swell the physics does not have.
        Damping {
            linear_damping: 0.0,
            angular_damping: 2.0,
        },
        trip_scoped(SEABED),
    ));
}
