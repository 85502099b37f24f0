//! The lunar surface: a seeded patch of mare with craters and boulders, a black sky with stars
//! and the Earth, the Sun as a hard light, and lunar gravity.

use std::sync::OnceLock;

use bevy::light::{CascadeShadowConfigBuilder, NotShadowCaster, light_consts};
use bevy::prelude::*;
use bevy::render::render_resource::AsBindGroup;
use bevy::shader::ShaderRef;
use bevy_rapier3d::prelude::*;
use retki_core::experiment::DropSubject;
use retki_core::loading::TripAssets;
use retki_core::mesh::to_bevy_mesh;
use retki_core::physics::{Drag, Grabbable, Walkable};
use retki_core::poi::GroundHeight;
use retki_core::scene::{Landmark, SceneRegistry};
use retki_core::stats::track_material;
use retki_core::{ActiveTrip, SceneDef, SceneId, TripPhase, trip_scoped};
use retki_procgen::lunar::{self, Crater, LunarParams, LunarSurface, ROCK_VARIANTS};
use retki_procgen::{lander, rock, sphere};

use crate::{above_ground, direction, heightfield_collider, viewpoint};

/// The lunar place's name.
pub const LUNAR: SceneId = SceneId("lunar");

/// Gravitational acceleration at the Moon's surface, m/s² (NASA Goddard, Moon Fact Sheet:
/// <https://nssdc.gsfc.nasa.gov/planetary/factsheet/moonfact.html>).
pub const LUNAR_SURFACE_GRAVITY_M_S2: f32 = 1.62;

/// The seed of the one Moon every machine builds.
pub const LUNAR_SEED: u64 = 1969;

/// Sunlight with no atmosphere to dim it, lux (Bevy's `RAW_SUNLIGHT`, after the solar
/// illuminance constant of about 128–133 klx, Darula et al. 2005).
pub const SUNLIGHT_LUX: f32 = light_consts::lux::RAW_SUNLIGHT;

/// Height of the Sun above the horizon, degrees. Apollo crews landed with the Sun 5–15° up,
/// so long shadows showed the ground's relief (NASA, Apollo 11 Mission Report, 1969).
pub const SUN_ELEVATION_DEG: f32 = 12.0;
/// Direction of the Sun, degrees clockwise from -Z ("north").
pub const SUN_AZIMUTH_DEG: f32 = 120.0;

/// The Earth's mean radius, km (NASA, Earth Fact Sheet).
pub const EARTH_RADIUS_KM: f32 = 6_371.0;
/// Mean Earth–Moon distance, km (NASA, Moon Fact Sheet).
pub const EARTH_MOON_DISTANCE_KM: f32 = 384_400.0;
/// How far away the Earth is drawn, metres: inside the sky dome and the camera's far plane,
/// sized so it fills the same angle in the sky as the real Earth (about 1.9°).
pub const EARTH_DRAW_DISTANCE_M: f32 = 700.0;
/// The Earth's height above the horizon, degrees.
pub const EARTH_ELEVATION_DEG: f32 = 18.0;
/// The Earth's direction, degrees clockwise from -Z.
pub const EARTH_AZIMUTH_DEG: f32 = 0.0;

/// Radius of the dome the stars are drawn on, metres (inside the camera's 1000 m far plane
/// from every viewpoint).
pub const SKY_RADIUS_M: f32 = 800.0;

/// Camera exposure, EV at ISO 100. Sunlight at 12° elevation puts about 27,000 lux on level
/// ground (130,000 lux × sin 12°); "sunny 16" exposes 100,000 lux at EV 15, so level ground
/// here wants about EV 13.
pub const GROUND_EXPOSURE_EV100: f32 = 13.0;

/// Standing eye height of a pupil, metres.
const EYE_HEIGHT_M: f32 = 1.5;

/// Share of sunlight the regolith reflects: the near side's mean albedo is about 0.12
/// (NASA, Moon Fact Sheet, geometric albedo).
const REGOLITH_ALBEDO: f32 = 0.12;

/// A large fresh crater west of the landing site, the one `crater_rim` looks into.
const RIM_CRATER: Crater = Crater {
    x: 70.0,
    z: -60.0,
    diameter_m: 60.0,
};

/// The generation parameters of the lunar surface.
pub fn params() -> LunarParams {
    LunarParams {
        seed: LUNAR_SEED,
        landmark_craters: vec![RIM_CRATER],
        boulder_count: 600,
        boulder_radius_m: (0.2, 2.0),
        ..LunarParams::default()
    }
}

/// The lunar surface, generated once per process.
pub fn surface() -> &'static LunarSurface {
    static SURFACE: OnceLock<LunarSurface> = OnceLock::new();
    SURFACE.get_or_init(|| lunar::generate(&params()))
}

/// Where the Earth is drawn, metres.
pub fn earth_position() -> Vec3 {
    direction(EARTH_AZIMUTH_DEG, EARTH_ELEVATION_DEG) * EARTH_DRAW_DISTANCE_M
}

/// The Earth's drawn radius, metres: the real angular size at the drawn distance.
pub fn earth_radius_m() -> f32 {
    EARTH_DRAW_DISTANCE_M * EARTH_RADIUS_KM / EARTH_MOON_DISTANCE_KM
}

/// The point `eye_m` metres above the surface at `(x, z)`.
fn on_surface(at: (f32, f32), eye_m: f32) -> Vec3 {
    above_ground(&surface().heightfield, at, eye_m)
}

/// The lunar place's description.
pub fn scene_def() -> SceneDef {
    // On the south rim, looking north across the bowl: the Sun, low in the east-south-east,
    // lights the western inner wall and leaves the eastern one in shadow.
    let rim_z = RIM_CRATER.z + RIM_CRATER.radius_m() + 2.0;
    SceneDef {
        id: LUNAR,
        title: "The lunar surface",
        viewpoints: vec![
            viewpoint(
                "landing_site",
                "The landing site, with the Earth above the horizon",
                on_surface((0.0, 0.0), EYE_HEIGHT_M),
                (0.0, 4.0),
            ),
            viewpoint(
                "lunar_module",
                "Beside the lunar module, where the crew's bootprints start",
                on_surface((1.0, -4.0), EYE_HEIGHT_M),
                (20.0, 2.0),
            ),
            viewpoint(
                "crater_rim",
                "At the rim of a 60-metre crater, looking in",
                on_surface((RIM_CRATER.x, rim_z), EYE_HEIGHT_M),
                (0.0, -7.0),
            ),
            viewpoint(
                "boulder_field",
                "Crouching among boulders, looking towards the Earth",
                on_surface((-30.0, 35.0), 0.8),
                (-15.0, 7.0),
            ),
        ],
        landmarks: vec![Landmark {
            name: "earth",
            position: earth_position(),
            radius_m: earth_radius_m(),
        }],
        clear_color: Color::BLACK,
        exposure_ev100: GROUND_EXPOSURE_EV100,
        gravity_m_s2: LUNAR_SURFACE_GRAVITY_M_S2,
        ground_half_extent_m: params().size_m / 2.0,
        // The lunar exosphere is about 10^-12 of the Earth's sea-level density (NASA, Moon
        // Fact Sheet: surface pressure 3e-15 bar): nothing to drag at a feather.
        medium_density_kg_m3: 0.0,
        medium_surface_y_m: None,
    }
}

/// The star field on the inside of the sky dome (`shaders/starfield.wgsl`).
#[derive(Asset, TypePath, AsBindGroup, Debug, Clone)]
pub struct StarfieldMaterial {
    /// Cells per unit of direction, density of stars among cells, star radius in cells, and
    /// peak brightness, packed for the shader.
    #[uniform(0)]
    pub params: Vec4,
}

/// Path of the star field shader in the `shaders://` source.
pub const STARFIELD_SHADER: &str = "shaders://starfield.wgsl";

impl Material for StarfieldMaterial {
    fn fragment_shader() -> ShaderRef {
        STARFIELD_SHADER.into()
    }
}

/// Stars are drawn brighter than a camera exposed for the sunlit ground would record them:
/// Apollo photographs, exposed for daylight, show none.
const STARFIELD: Vec4 = Vec4::new(260.0, 0.08, 0.22, 1.0);

/// Ambient light standing in for earthshine and light scattered off the surroundings,
/// cd/m² (Bevy's ambient brightness units), so shadows are deep but not void.
const EARTHSHINE_AMBIENT: f32 = 60.0;

pub(crate) fn plugin(app: &mut App) {
    app.add_plugins(MaterialPlugin::<StarfieldMaterial>::default());
    track_material::<StarfieldMaterial>(app);
    app.world_mut()
        .resource_mut::<SceneRegistry>()
        .register(scene_def());
    app.add_systems(OnEnter(ActiveTrip::Scene(LUNAR)), queue_assets)
        .add_systems(
            OnEnter(TripPhase::WarmingPipelines),
            spawn_lunar_surface.run_if(in_state(ActiveTrip::Scene(LUNAR))),
        )
        .add_systems(OnExit(ActiveTrip::Scene(LUNAR)), restore_ambient);
}

fn queue_assets(server: Res<AssetServer>, mut assets: ResMut<TripAssets>, mut commands: Commands) {
    assets
        .0
        .push(server.load::<Shader>(STARFIELD_SHADER).untyped());
    commands.insert_resource(GroundHeight::new(|x, z| {
        surface().heightfield.height_at(x, z)
    }));
}

fn restore_ambient(mut commands: Commands) {
    commands.insert_resource(GlobalAmbientLight::default());
}

fn spawn_lunar_surface(
    mut commands: Commands,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
    mut starfields: ResMut<Assets<StarfieldMaterial>>,
) {
    let surface = surface();
    let field = &surface.heightfield;
    let scoped = || trip_scoped(LUNAR);

    commands.insert_resource(GlobalAmbientLight {
        color: Color::srgb(0.8, 0.85, 1.0),
        brightness: EARTHSHINE_AMBIENT,
        ..default()
    });

    let regolith = materials.add(StandardMaterial {
        base_color: Color::linear_rgb(REGOLITH_ALBEDO, REGOLITH_ALBEDO, REGOLITH_ALBEDO * 0.95),
        perceptual_roughness: 0.95,
        reflectance: 0.2,
        ..default()
    });
    commands.spawn((
        Name::new("Regolith"),
        Mesh3d(meshes.add(to_bevy_mesh(&field.to_mesh(4.0)))),
        MeshMaterial3d(regolith),
        RigidBody::Fixed,
        heightfield_collider(field),
        Walkable,
        scoped(),
    ));

    let rock_material = materials.add(StandardMaterial {
        base_color: Color::linear_rgb(0.09, 0.09, 0.085),
        perceptual_roughness: 0.9,
        ..default()
    });
    let rock_meshes: Vec<Handle<Mesh>> = (0..ROCK_VARIANTS)
        .map(|variant| meshes.add(to_bevy_mesh(&rock::rock(LUNAR_SEED, variant, 2))))
        .collect();
    for boulder in &surface.boulders {
        // The crew set down where no boulder stood.
        if Vec2::new(boulder.position[0], boulder.position[2]).distance(LM_SITE)
            < lander::LM_SPAN_M / 2.0 + 2.0 + boulder.radius_m
        {
            continue;
        }
        commands.spawn((
            Name::new("Boulder"),
            Mesh3d(rock_meshes[boulder.variant].clone()),
            MeshMaterial3d(rock_material.clone()),
            Transform::from_translation(Vec3::from_array(boulder.position))
                .with_rotation(Quat::from_rotation_y(boulder.yaw))
                .with_scale(Vec3::splat(boulder.radius_m)),
            RigidBody::Fixed,
            // The rock mesh fills most of its unit bounding sphere.
            Collider::ball(0.8),
            scoped(),
        ));
    }

    commands.spawn((
        Name::new("Sky"),
        Mesh3d(meshes.add(to_bevy_mesh(&sphere::sky_dome(SKY_RADIUS_M, 3)))),
        MeshMaterial3d(starfields.add(StarfieldMaterial { params: STARFIELD })),
        NotShadowCaster,
        scoped(),
    ));

    commands.spawn((
        Name::new("Earth"),
        Mesh3d(meshes.add(Sphere::new(earth_radius_m()).mesh().uv(48, 24))),
        MeshMaterial3d(materials.add(StandardMaterial {
            // The Earth's Bond albedo is 0.3 (NASA, Earth Fact Sheet); oceans and cloud.
            base_color: Color::linear_rgb(0.12, 0.25, 0.55),
            perceptual_roughness: 0.7,
            ..default()
        })),
        Transform::from_translation(earth_position()),
        NotShadowCaster,
        scoped(),
    ));

    spawn_lunar_module(&mut commands, &mut meshes, &mut materials, field);
    spawn_drop_experiment(&mut commands, &mut meshes, &mut materials, field);
    spawn_sample_rocks(&mut commands, &mut meshes, rock_material.clone(), field);

    commands.spawn((
        Name::new("Sun"),
        DirectionalLight {
            illuminance: SUNLIGHT_LUX,
            shadow_maps_enabled: true,
            ..default()
        },
        CascadeShadowConfigBuilder {
            first_cascade_far_bound: 15.0,
            maximum_distance: 250.0,
            ..default()
        }
        .build(),
        Transform::from_translation(direction(SUN_AZIMUTH_DEG, SUN_ELEVATION_DEG))
            .looking_at(Vec3::ZERO, Vec3::Y),
        scoped(),
    ));
}

/// Where the lunar module stands, metres (x, z): north-east of the landing site's viewpoint,
/// in its view.
pub const LM_SITE: Vec2 = Vec2::new(7.0, -15.0);

/// The lunar module, and the crew's bootprints from the foot of its ladder past the landing
/// site to the rocks they collected and the drop experiment.
fn spawn_lunar_module(
    commands: &mut Commands,
    meshes: &mut Assets<Mesh>,
    materials: &mut Assets<StandardMaterial>,
    field: &retki_procgen::Heightfield,
) {
    let lm = lander::lunar_module();
    // Stand it on the mean height under its footpads.
    let pad = lander::LM_SPAN_M / 2.0 - lander::FOOTPAD_DIAMETER_M / 2.0;
    let pads = [(0.0, pad), (pad, 0.0), (0.0, -pad), (-pad, 0.0)];
    let ground = pads
        .iter()
        .map(|(dx, dz)| field.height_at(LM_SITE.x + dx, LM_SITE.y + dz))
        .sum::<f32>()
        / 4.0;
    let at = Transform::from_xyz(LM_SITE.x, ground, LM_SITE.y);
    commands.spawn((
        Name::new("Lunar module"),
        Mesh3d(meshes.add(to_bevy_mesh(&lm.descent))),
        MeshMaterial3d(materials.add(StandardMaterial {
            // Gold-coloured Kapton foil over the descent stage.
            base_color: Color::srgb(0.75, 0.55, 0.2),
            metallic: 0.8,
            perceptual_roughness: 0.4,
            ..default()
        })),
        at,
        RigidBody::Fixed,
        Collider::cuboid(
            lander::DESCENT_WIDTH_M / 2.0,
            lander::LM_HEIGHT_M / 2.0,
            lander::DESCENT_WIDTH_M / 2.0,
        ),
        trip_scoped(LUNAR),
    ));
    commands.spawn((
        Name::new("Ascent stage"),
        Mesh3d(meshes.add(to_bevy_mesh(&lm.ascent))),
        MeshMaterial3d(materials.add(StandardMaterial {
            base_color: Color::srgb(0.55, 0.55, 0.55),
            metallic: 0.6,
            perceptual_roughness: 0.5,
            ..default()
        })),
        at,
        trip_scoped(LUNAR),
    ));

    let ladder_foot = (LM_SITE.x, LM_SITE.y + pad + 0.6);
    let steps = lander::walk(
        LUNAR_SEED,
        &[
            ladder_foot,
            (4.0, -6.0),
            (1.0, 1.5),
            (SAMPLES_SITE.x, SAMPLES_SITE.y),
            (DROP_SITE.x - 1.0, DROP_SITE.y - 0.5),
        ],
        // The crews loped: about 0.8 m from one print to the next.
        0.8,
    );
    let print = lander::bootprint();
    let mut prints = retki_procgen::MeshData::default();
    for step in &steps {
        let y = field.height_at(step.x, step.z) + 0.004;
        prints.append(
            &print,
            &retki_procgen::parts::Pose::at([step.x, y, step.z]).yawed(step.heading),
        );
    }
    commands.spawn((
        Name::new("Bootprints"),
        Mesh3d(meshes.add(to_bevy_mesh(&prints))),
        MeshMaterial3d(materials.add(StandardMaterial {
            // Pressed regolith looks darker than the loose, fluffy surface around it.
            base_color: Color::linear_rgb(
                REGOLITH_ALBEDO * 0.6,
                REGOLITH_ALBEDO * 0.6,
                REGOLITH_ALBEDO * 0.57,
            ),
            perceptual_roughness: 1.0,
            ..default()
        })),
        NotShadowCaster,
        trip_scoped(LUNAR),
    ));
}

/// Where Apollo 15's hammer-and-feather drop is set up: beside its point of interest, metres.
pub const DROP_SITE: Vec2 = Vec2::new(6.0, 10.0);
/// How high the lowest points of the hammer and feather are held, metres above the ground:
/// about the shoulder height at which David Scott let them go.
pub const DROP_HEIGHT_M: f32 = 1.6;
/// Mass of the geologic hammer, kg (NASA, Apollo 15 Lunar Surface Journal: 1.32 kg).
pub const HAMMER_MASS_KG: f32 = 1.32;
/// Mass of the falcon feather, kg (NASA, Apollo 15 Lunar Surface Journal: 0.03 g).
pub const FEATHER_MASS_KG: f32 = 0.000_03;

/// The hammer (a handle and a head) and the feather, held side by side at [`DROP_HEIGHT_M`];
/// selecting either drops both.
fn spawn_drop_experiment(
    commands: &mut Commands,
    meshes: &mut Assets<Mesh>,
    materials: &mut Assets<StandardMaterial>,
    field: &retki_procgen::Heightfield,
) {
    let held = |dx: f32, half_height: f32| {
        let (x, z) = (DROP_SITE.x + dx, DROP_SITE.y);
        Vec3::new(x, field.height_at(x, z) + DROP_HEIGHT_M + half_height, z)
    };
    // The hammer, held head up: a 33 cm handle and a 12 cm steel head.
    let (handle_m, head_m) = (0.33, Vec3::new(0.12, 0.035, 0.03));
    let hammer_half = (handle_m + head_m.y) / 2.0;
    let hammer_at = held(-0.2, hammer_half);
    commands
        .spawn((
            Name::new("Hammer"),
            DropSubject {
                name: "hammer",
                label_key: "lunar-drop-hammer",
                held_at: hammer_at,
                half_height_m: hammer_half,
            },
            Transform::from_translation(hammer_at),
            Visibility::default(),
            RigidBody::Fixed,
            Velocity::zero(),
            Collider::cuboid(head_m.x / 2.0, hammer_half, head_m.z / 2.0),
            ColliderMassProperties::Mass(HAMMER_MASS_KG),
            Drag {
                area_m2: head_m.x * head_m.z,
                coefficient: 1.0,
            },
            trip_scoped(LUNAR),
        ))
        .with_children(|hammer| {
            hammer.spawn((
                Mesh3d(meshes.add(Cylinder::new(0.014, handle_m))),
                MeshMaterial3d(materials.add(StandardMaterial {
                    base_color: Color::srgb(0.45, 0.3, 0.18),
                    perceptual_roughness: 0.7,
                    ..default()
                })),
                Transform::from_xyz(0.0, handle_m / 2.0 - hammer_half, 0.0),
            ));
            hammer.spawn((
                Mesh3d(meshes.add(Cuboid::from_size(head_m))),
                MeshMaterial3d(materials.add(StandardMaterial {
                    base_color: Color::srgb(0.6, 0.6, 0.62),
                    metallic: 1.0,
                    perceptual_roughness: 0.35,
                    ..default()
                })),
                Transform::from_xyz(0.0, hammer_half - head_m.y / 2.0, 0.0),
            ));
        });
    // The feather, held quill down: 25 cm long, 3 cm wide.
    let feather = Vec3::new(0.03, 0.25, 0.004);
    let feather_at = held(0.2, feather.y / 2.0);
    commands.spawn((
        Name::new("Feather"),
        DropSubject {
            name: "feather",
            label_key: "lunar-drop-feather",
            held_at: feather_at,
            half_height_m: feather.y / 2.0,
        },
        Mesh3d(meshes.add(Cuboid::from_size(feather))),
        MeshMaterial3d(materials.add(StandardMaterial {
            base_color: Color::srgb(0.85, 0.8, 0.7),
            perceptual_roughness: 0.9,
            double_sided: true,
            ..default()
        })),
        Transform::from_translation(feather_at),
        RigidBody::Fixed,
        Velocity::zero(),
        Collider::cuboid(feather.x / 2.0, feather.y / 2.0, feather.z / 2.0),
        ColliderMassProperties::Mass(FEATHER_MASS_KG),
        // A flat vane across the flow, were there any air.
        Drag {
            area_m2: feather.x * feather.y,
            coefficient: 1.2,
        },
        trip_scoped(LUNAR),
    ));
}

/// Density of the mare basalt samples, kg/m³ (Heiken, Vaniman & French 1991, Lunar
/// Sourcebook: 3.2–3.4 g/cm³ for mare basalts; a little less for vesicular ones).
pub const BASALT_DENSITY_KG_M3: f32 = 3_200.0;
/// Where the rocks to collect lie: around this point near the landing site, metres.
pub const SAMPLES_SITE: Vec2 = Vec2::new(-3.0, 4.0);

/// Six fist-sized rocks, 8–14 cm across, that pupils can pick up, carry and throw.
fn spawn_sample_rocks(
    commands: &mut Commands,
    meshes: &mut Assets<Mesh>,
    material: Handle<StandardMaterial>,
    field: &retki_procgen::Heightfield,
) {
    let shapes: Vec<Handle<Mesh>> = (0..ROCK_VARIANTS)
        .map(|variant| meshes.add(to_bevy_mesh(&rock::rock(LUNAR_SEED + 100, variant, 2))))
        .collect();
    for i in 0..6 {
        let angle = i as f32 * std::f32::consts::TAU / 6.0;
        let radius_m = 0.04 + 0.006 * i as f32;
        let (x, z) = (
            SAMPLES_SITE.x + 0.9 * angle.cos(),
            SAMPLES_SITE.y + 0.9 * angle.sin(),
        );
        // The rock mesh fills most of its unit sphere, as the boulders' colliders assume.
        let collider_radius = 0.8 * radius_m;
        commands.spawn((
            Name::new(format!("Rock sample {}", i + 1)),
            Grabbable,
            Mesh3d(shapes[i % ROCK_VARIANTS].clone()),
            MeshMaterial3d(material.clone()),
            Transform::from_xyz(x, field.height_at(x, z) + collider_radius + 0.01, z)
                .with_scale(Vec3::splat(radius_m)),
            RigidBody::Dynamic,
            Velocity::zero(),
            Collider::ball(0.8),
            ColliderMassProperties::Density(BASALT_DENSITY_KG_M3),
            trip_scoped(LUNAR),
        ));
    }
}
