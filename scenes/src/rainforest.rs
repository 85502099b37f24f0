//! A patch of lowland tropical rainforest in its four layers (forest floor, understory,
//! canopy, emergents), grown from Retki's own L-systems and instanced hundreds of times. A
//! spiral stair climbs the giant in the middle to a walkway in the canopy and a platform above
//! the roof of crowns; leaves sway in the wind; sunlight reaches the floor in flecks through
//! the gaps; a light meter shows how much of it arrives where the pupil stands.

use std::sync::OnceLock;

use bevy::asset::RenderAssetUsages;
use bevy::camera::visibility::VisibilityRange;
use bevy::image::{ImageAddressMode, ImageSampler, ImageSamplerDescriptor};
use bevy::light::{CascadeShadowConfigBuilder, NotShadowCaster};
use bevy::pbr::{ExtendedMaterial, MaterialExtension};
use bevy::prelude::*;
use bevy::render::render_resource::TextureFormat;
use bevy::render::render_resource::{AsBindGroup, Extent3d, ShaderType, TextureDimension};
use bevy::shader::ShaderRef;
use bevy_rapier3d::prelude::*;
use retki_core::loading::TripAssets;
use retki_core::mesh::to_bevy_mesh;
use retki_core::physics::{EARTH_GRAVITY_M_S2, Walkable};
use retki_core::poi::GroundHeight;
use retki_core::scene::SceneRegistry;
use retki_core::stats::track_material;
use retki_core::{ActiveTrip, SceneDef, SceneId, TripPhase, trip_scoped};
use retki_procgen::parts::{Pose, cuboid};
use retki_procgen::rainforest::{self, Forest, Layer, light::LightModel};
use retki_procgen::{Heightfield, SeededRng};

use crate::{above_ground, corner_panel, direction, spawn_tiled_ground, viewpoint};

/// The rainforest's name.
pub const RAINFOREST: SceneId = SceneId("rainforest");

/// The seed of the one forest every machine grows.
pub const RAINFOREST_SEED: u64 = 1992;

/// Side of the patch of forest, metres.
pub const PATCH_M: f32 = 80.0;

/// Density of air at 25 °C at sea level, kg/m³.
pub const AIR_DENSITY_KG_M3: f32 = 1.18;

/// Sunlight on the roof of the forest at a tropical noon under a clear sky, lux.
pub const SUNLIGHT_LUX: f32 = 100_000.0;
/// Height of the Sun, degrees: near the equator the noon Sun stands high all year.
pub const SUN_ELEVATION_DEG: f32 = 62.0;
/// Direction of the Sun, degrees clockwise from -Z.
pub const SUN_AZIMUTH_DEG: f32 = 150.0;

/// Camera exposure, EV at ISO 100: between a sunlit roof (about 15) and the dim floor, where
/// photographers open up five or six stops.
pub const EXPOSURE_EV100: f32 = 12.0;

/// Eye height of a standing pupil, metres.
const EYE_HEIGHT_M: f32 = 1.5;

/// How far the crowns sway at 30 m in a light breeze, metres, and the period of a gust, s.
const WIND_SWAY_M: f32 = 0.25;
const WIND_REFERENCE_M: f32 = 30.0;
const GUST_PERIOD_S: f32 = 5.0;
/// How far a leaf card's tip flutters, metres.
const LEAF_FLUTTER_M: f32 = 0.04;

/// Beyond these distances a layer's plants are not drawn, metres (a plant's own size sets how
/// far it still matters): the floor's ferns vanish first, the emergents never.
fn draw_distance_m(layer: Layer) -> f32 {
    match layer {
        Layer::Floor => 22.0,
        Layer::Understory => 45.0,
        Layer::Canopy | Layer::Emergent => 1_000.0,
    }
}

/// Sides of the branches' tubes per layer: thin stems need fewer.
fn branch_sides(layer: Layer) -> u32 {
    match layer {
        Layer::Floor => 3,
        Layer::Understory => 4,
        Layer::Canopy => 5,
        Layer::Emergent => 6,
    }
}

/// The forest, grown once per process.
pub fn forest() -> &'static Forest {
    static FOREST: OnceLock<Forest> = OnceLock::new();
    FOREST.get_or_init(|| rainforest::generate(RAINFOREST_SEED, PATCH_M))
}

/// The forest's light model, built once per process.
pub fn light_model() -> &'static LightModel {
    static MODEL: OnceLock<LightModel> = OnceLock::new();
    MODEL.get_or_init(|| LightModel::new(forest()))
}

/// The viewpoint on the forest floor.
pub const FLOOR_VIEWPOINT: &str = "forest_floor";
/// The viewpoint on the walkway in the canopy.
pub const CANOPY_VIEWPOINT: &str = "canopy_walkway";
/// The viewpoint above the roof of crowns.
pub const CROWN_VIEWPOINT: &str = "above_the_canopy";

/// The rainforest's description.
pub fn scene_def() -> SceneDef {
    let f = forest();
    let ground = &f.ground;
    let canopy = Vec3::from_array(f.climb.canopy_platform) + Vec3::Y * EYE_HEIGHT_M;
    let crown = Vec3::from_array(f.climb.crown_platform) + Vec3::Y * EYE_HEIGHT_M;
    // Halfway up the stair, where the understory's crowns are.
    let mid = f.climb.steps[f.climb.steps.len() / 4].top();
    SceneDef {
        id: RAINFOREST,
        title: "A tropical rainforest",
        viewpoints: vec![
            viewpoint(
                FLOOR_VIEWPOINT,
                "On the forest floor, at the foot of the giant tree",
                above_ground(ground, (5.0, 7.0), EYE_HEIGHT_M),
                (200.0, 18.0),
            ),
            viewpoint(
                "understory",
                "On the stair, among the crowns of the understory",
                Vec3::from_array(mid) + Vec3::Y * EYE_HEIGHT_M,
                (60.0, -8.0),
            ),
            viewpoint(
                CANOPY_VIEWPOINT,
                "On the platform in the canopy, 28 metres up, looking back at the giant",
                canopy,
                (180.0, 12.0),
            ),
            viewpoint(
                CROWN_VIEWPOINT,
                "Above the roof of crowns, at the top of the stair",
                crown,
                (30.0, -12.0),
            ),
        ],
        landmarks: Vec::new(),
        clear_color: Color::srgb(0.55, 0.7, 0.9),
        exposure_ev100: EXPOSURE_EV100,
        gravity_m_s2: EARTH_GRAVITY_M_S2,
        ground_half_extent_m: PATCH_M / 2.0 - 1.0,
        medium_density_kg_m3: AIR_DENSITY_KG_M3,
        medium_surface_y_m: None,
    }
}

/// The wind the leaves sway in, as `shaders/leaves.wgsl` reads it.
#[derive(Clone, Copy, Debug, ShaderType, Reflect)]
pub struct WindUniform {
    /// Sway at the reference height, m; that height, m; a gust's period, s; leaf flutter, m.
    pub sway: Vec4,
}

/// Standard lighting on leaves that sway (`shaders/leaves.wgsl`).
#[derive(Asset, AsBindGroup, Reflect, Debug, Clone)]
pub struct Wind {
    /// The wind.
    #[uniform(100)]
    pub wind: WindUniform,
}

impl MaterialExtension for Wind {
    fn vertex_shader() -> ShaderRef {
        LEAVES_SHADER.into()
    }
}

/// What leaves are drawn with.
pub type LeafMaterial = ExtendedMaterial<StandardMaterial, Wind>;

const LEAVES_SHADER: &str = "shaders://leaves.wgsl";

pub(crate) fn plugin(app: &mut App) {
    app.add_plugins(MaterialPlugin::<LeafMaterial>::default());
    track_material::<LeafMaterial>(app);
    app.world_mut()
        .resource_mut::<SceneRegistry>()
        .register(scene_def());
    app.add_systems(OnEnter(ActiveTrip::Scene(RAINFOREST)), queue_assets)
        .add_systems(
            OnEnter(TripPhase::WarmingPipelines),
            spawn_rainforest.run_if(in_state(ActiveTrip::Scene(RAINFOREST))),
        )
        .add_systems(
            Update,
            (show_light_meter, add_haze).run_if(in_state(ActiveTrip::Scene(RAINFOREST))),
        )
        .add_systems(
            OnExit(ActiveTrip::Scene(RAINFOREST)),
            (restore_ambient, clear_haze),
        );
}

fn queue_assets(server: Res<AssetServer>, mut assets: ResMut<TripAssets>, mut commands: Commands) {
    assets
        .0
        .push(server.load::<Shader>(LEAVES_SHADER).untyped());
    commands.insert_resource(GroundHeight::new(|x, z| forest().ground.height_at(x, z)));
}

/// How far one sees through the humid air of the forest, metres.
pub const VISIBILITY_M: f32 = 150.0;

/// Every camera in the forest sees through its humid haze.
fn add_haze(
    cameras: Query<Entity, (With<Camera3d>, Without<DistanceFog>)>,
    mut commands: Commands,
) {
    for camera in &cameras {
        commands.entity(camera).insert(DistanceFog {
            color: Color::srgb(0.55, 0.65, 0.6),
            falloff: FogFalloff::from_visibility(VISIBILITY_M),
            ..default()
        });
    }
}

fn clear_haze(cameras: Query<Entity, With<DistanceFog>>, mut commands: Commands) {
    for camera in &cameras {
        commands.entity(camera).remove::<DistanceFog>();
    }
}

fn restore_ambient(mut commands: Commands) {
    commands.insert_resource(GlobalAmbientLight::default());
}

/// The colour of each layer's leaves: the sunlit crowns lighter, the shade leaves of the
/// floor and understory darker and bluer.
fn leaf_colour(layer: Layer) -> Color {
    match layer {
        Layer::Floor => Color::srgb(0.16, 0.36, 0.14),
        Layer::Understory => Color::srgb(0.18, 0.4, 0.15),
        Layer::Canopy => Color::srgb(0.27, 0.5, 0.18),
        Layer::Emergent => Color::srgb(0.35, 0.55, 0.2),
    }
}

fn spawn_rainforest(
    mut commands: Commands,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
    mut leaves: ResMut<Assets<LeafMaterial>>,
    mut images: ResMut<Assets<Image>>,
) {
    let f = forest();
    let scoped = || trip_scoped(RAINFOREST);

    // Skylight scattered down through the leaves.
    commands.insert_resource(GlobalAmbientLight {
        color: Color::srgb(0.75, 0.9, 0.8),
        brightness: 5_000.0,
        ..default()
    });

    // Leaf litter on the floor.
    let litter = materials.add(StandardMaterial {
        base_color: Color::srgb(0.24, 0.17, 0.1),
        perceptual_roughness: 0.95,
        ..default()
    });
    spawn_tiled_ground(
        &mut commands,
        &mut meshes,
        &f.ground,
        litter,
        (RAINFOREST, "Forest floor"),
    );
    spawn_distant_canopy(&mut commands, &mut meshes, &mut materials);

    let bark = materials.add(StandardMaterial {
        base_color: Color::srgb(0.33, 0.27, 0.2),
        perceptual_roughness: 0.9,
        ..default()
    });
    let leaf_texture = images.add(leaf_cluster_image(RAINFOREST_SEED));
    let wind = WindUniform {
        sway: Vec4::new(WIND_SWAY_M, WIND_REFERENCE_M, GUST_PERIOD_S, LEAF_FLUTTER_M),
    };
    let mut leaf_materials = std::collections::HashMap::new();
    for layer in Layer::ALL {
        leaf_materials.insert(
            layer,
            leaves.add(ExtendedMaterial {
                base: StandardMaterial {
                    base_color: leaf_colour(layer),
                    base_color_texture: Some(leaf_texture.clone()),
                    alpha_mode: AlphaMode::Mask(0.5),
                    perceptual_roughness: 0.7,
                    double_sided: true,
                    cull_mode: None,
                    ..default()
                },
                extension: Wind { wind },
            }),
        );
    }
    let shapes: Vec<(Handle<Mesh>, Handle<Mesh>)> = f
        .variants
        .iter()
        .map(|v| {
            (
                meshes.add(to_bevy_mesh(&v.plant.branch_mesh(branch_sides(v.layer)))),
                meshes.add(to_bevy_mesh(&v.plant.leaf_mesh())),
            )
        })
        .collect();
    for plant in &f.plants {
        let variant = &f.variants[plant.variant];
        let (branches, leaf_cards) = &shapes[plant.variant];
        let range = VisibilityRange::abrupt(0.0, draw_distance_m(variant.layer));
        let mut tree = commands.spawn((
            Name::new(format!("{:?} plant", variant.layer)),
            Transform::from_translation(Vec3::from_array(plant.at))
                .with_rotation(Quat::from_rotation_y(plant.yaw))
                .with_scale(Vec3::splat(plant.scale)),
            Visibility::default(),
            scoped(),
        ));
        tree.with_children(|parts| {
            let mut trunk = parts.spawn((
                Mesh3d(branches.clone()),
                MeshMaterial3d(bark.clone()),
                range.clone(),
            ));
            if variant.layer == Layer::Floor {
                trunk.insert(NotShadowCaster);
            }
            parts.spawn((
                Mesh3d(leaf_cards.clone()),
                MeshMaterial3d(leaf_materials[&variant.layer].clone()),
                range,
            ));
        });
        // Trunks that pupils bump into; the ferns and seedlings of the floor they walk through.
        if variant.layer != Layer::Floor {
            let height = variant.plant.top_m() * plant.scale;
            tree.insert((
                RigidBody::Fixed,
                Collider::compound(vec![(
                    Vec3::Y * height * 0.25 / plant.scale,
                    Quat::IDENTITY,
                    Collider::cylinder(
                        height * 0.25 / plant.scale,
                        plant.trunk_radius_m / plant.scale,
                    ),
                )]),
            ));
        }
    }

    spawn_climb(&mut commands, &mut meshes, &mut materials, f);

    commands.spawn((
        Name::new("Sun"),
        DirectionalLight {
            illuminance: SUNLIGHT_LUX,
            shadow_maps_enabled: true,
            ..default()
        },
        CascadeShadowConfigBuilder {
            first_cascade_far_bound: 12.0,
            maximum_distance: 70.0,
            ..default()
        }
        .build(),
        Transform::from_translation(direction(SUN_AZIMUTH_DEG, SUN_ELEVATION_DEG))
            .looking_at(Vec3::ZERO, Vec3::Y),
        scoped(),
    ));
}

/// Side of the forest roof seen beyond the patch, metres.
const DISTANT_CANOPY_M: f32 = 700.0;
/// Distance between the bumps of that roof, metres: about a crown across.
const DISTANT_CROWN_M: f32 = 7.0;

/// The roof of the forest beyond the patch, as far as the eye reaches from the platform above
/// it: one bumpy sheet at canopy height with a hole where the patch's own trees stand, seen
/// from above as crowns and from below as the shade of a leafy ceiling.
fn spawn_distant_canopy(
    commands: &mut Commands,
    meshes: &mut Assets<Mesh>,
    materials: &mut Assets<StandardMaterial>,
) {
    let samples = (DISTANT_CANOPY_M / DISTANT_CROWN_M) as usize + 1;
    let mut sheet = Heightfield::flat(samples, DISTANT_CANOPY_M);
    let mut rng = SeededRng::substream(RAINFOREST_SEED, "distant canopy");
    let (low, high) = Layer::Canopy.heights_m();
    for h in &mut sheet.heights {
        *h = rng.range(low, high);
    }
    let mut roof = sheet.to_mesh(DISTANT_CROWN_M);
    let inside = PATCH_M / 2.0 - 1.0;
    roof.retain_triangles(|t| {
        t.iter()
            .all(|[x, _, z]| x.abs() >= inside || z.abs() >= inside)
    });
    let crowns = materials.add(StandardMaterial {
        base_color: leaf_colour(Layer::Canopy),
        perceptual_roughness: 0.85,
        double_sided: true,
        cull_mode: None,
        ..default()
    });
    // The ground beyond the patch, below the patch's own, and the far edge of the forest, so
    // no sky shows under the roof.
    let half = DISTANT_CANOPY_M / 2.0;
    let (below, top) = (-4.0, high);
    roof.append(
        &cuboid([DISTANT_CANOPY_M, 0.1, DISTANT_CANOPY_M]),
        &Pose::at([0.0, below, 0.0]),
    );
    for q in 0..4 {
        let yaw = q as f32 * std::f32::consts::FRAC_PI_2;
        let (s, c) = yaw.sin_cos();
        roof.append(
            &cuboid([DISTANT_CANOPY_M, top - below, 0.1]),
            &Pose::at([s * half, (top + below) / 2.0, c * half]).yawed(yaw),
        );
    }
    commands.spawn((
        Name::new("Distant canopy"),
        Mesh3d(meshes.add(to_bevy_mesh(&roof))),
        MeshMaterial3d(crowns),
        NotShadowCaster,
        trip_scoped(RAINFOREST),
    ));
}

/// The stair, the walkway and the platforms, with a collider for every board people step on.
fn spawn_climb(
    commands: &mut Commands,
    meshes: &mut Assets<Mesh>,
    materials: &mut Assets<StandardMaterial>,
    f: &Forest,
) {
    let timber = materials.add(StandardMaterial {
        base_color: Color::srgb(0.5, 0.36, 0.22),
        perceptual_roughness: 0.8,
        ..default()
    });
    let colliders: Vec<(Vec3, Quat, Collider)> = f
        .climb
        .steps
        .iter()
        .chain(&f.climb.decks)
        .map(|b| {
            (
                Vec3::from_array(b.centre),
                Quat::from_rotation_y(b.yaw),
                Collider::cuboid(b.size[0] / 2.0, b.size[1] / 2.0, b.size[2] / 2.0),
            )
        })
        .collect();
    commands.spawn((
        Name::new("Stair and canopy walkway"),
        Mesh3d(meshes.add(to_bevy_mesh(&f.climb.walk_mesh()))),
        MeshMaterial3d(timber.clone()),
        RigidBody::Fixed,
        Collider::compound(colliders),
        Walkable,
        trip_scoped(RAINFOREST),
    ));
    commands.spawn((
        Name::new("Rails"),
        Mesh3d(meshes.add(to_bevy_mesh(&f.climb.rail_mesh()))),
        MeshMaterial3d(timber),
        trip_scoped(RAINFOREST),
    ));
}

/// A leaf cluster for the leaf cards: a few pointed leaves fanning up from the stalk at the
/// bottom middle, opaque where a leaf is and clear elsewhere, with darker veins.
pub fn leaf_cluster_image(seed: u64) -> Image {
    const SIZE: usize = 64;
    let mut rng = SeededRng::substream(seed, "leaf cluster");
    // Each leaf: the angle it points at from the stalk, its length and width (shares of SIZE).
    let leaves: Vec<(f32, f32, f32)> = (0..7)
        .map(|k| {
            let a = -1.1 + 2.2 * k as f32 / 6.0 + rng.range(-0.12, 0.12);
            (a, rng.range(0.55, 0.8), rng.range(0.14, 0.2))
        })
        .collect();
    let mut data = vec![0u8; SIZE * SIZE * 4];
    for y in 0..SIZE {
        for x in 0..SIZE {
            // From the stalk at the bottom middle, y up (texture v = 1 at the bottom).
            let px = (x as f32 + 0.5) / SIZE as f32 - 0.5;
            let py = 1.0 - (y as f32 + 0.5) / SIZE as f32;
            let mut shade = None;
            for &(a, length, width) in &leaves {
                let (s, c) = a.sin_cos();
                let along = px * s + py * c;
                let across = px * c - py * s;
                if along <= 0.0 || along >= length {
                    continue;
                }
                // A leaf widest a third of the way out, pointed at the tip.
                let t = along / length;
                let half = width * (t * 3.0).min(1.0) * (1.0 - t).powf(0.8);
                if across.abs() < half {
                    let vein = if across.abs() < 0.012 { 0.7 } else { 1.0 };
                    shade = Some(vein * (0.85 + 0.15 * t));
                }
            }
            let i = (y * SIZE + x) * 4;
            if let Some(v) = shade {
                let v = (v * 255.0) as u8;
                data[i..i + 4].copy_from_slice(&[v, v, v, 255]);
            }
        }
    }
    let mut image = Image::new(
        Extent3d {
            width: SIZE as u32,
            height: SIZE as u32,
            depth_or_array_layers: 1,
        },
        TextureDimension::D2,
        data,
        TextureFormat::Rgba8UnormSrgb,
        RenderAssetUsages::RENDER_WORLD,
    );
    image.sampler = ImageSampler::Descriptor(ImageSamplerDescriptor {
        address_mode_u: ImageAddressMode::ClampToEdge,
        address_mode_v: ImageAddressMode::ClampToEdge,
        ..ImageSamplerDescriptor::linear()
    });
    image
}

/// The light meter's reading on screen.
#[derive(Component)]
struct LightMeterText;

/// The share of open-sky sunlight at `at`, 0–1, by the forest's light model.
pub fn light_at(at: Vec3) -> f32 {
    light_model().relative_light(at.x, at.y, at.z)
}

/// The layer a point `height_m` above the ground is in.
pub fn layer_at(height_m: f32) -> Layer {
    if height_m < 3.0 {
        Layer::Floor
    } else if height_m < Layer::Canopy.heights_m().0 - 5.0 {
        Layer::Understory
    } else if height_m < Layer::Canopy.heights_m().1 + 2.0 {
        Layer::Canopy
    } else {
        Layer::Emergent
    }
}

/// What the pupil would hear in each layer, shown as text where there is no sound.
fn soundscape(layer: Layer) -> &'static str {
    match layer {
        Layer::Floor => "cicadas buzzing, drips from the leaves, frogs calling from the litter",
        Layer::Understory => "cicadas, a hummingbird's wings, the rustle of a lizard",
        Layer::Canopy => "parrots squawking, leaves rustling in the breeze",
        Layer::Emergent => "the wind, a hornbill's wingbeats, howler monkeys far away",
    }
}

/// Shows the light meter's reading for where the eye is: the share of sunlight that gets
/// through the leaves above it, and what the layer sounds like.
fn show_light_meter(
    eyes: Query<Ref<GlobalTransform>, With<Camera3d>>,
    mut shown: Query<&mut Text, With<LightMeterText>>,
    mut commands: Commands,
) {
    let Some(eye) = eyes.iter().next() else {
        return;
    };
    // The reading changes only where the eye moves.
    if !eye.is_changed() && !shown.is_empty() {
        return;
    }
    let eye = eye.translation();
    let share = light_at(eye);
    let height = eye.y - forest().ground.height_at(eye.x, eye.z);
    let layer = layer_at(height);
    let text = format!(
        "Light meter: {:.1} % of the sunlight above the forest ({:.0} lux)\n{:?} layer, {:.0} m up\nSounds: {}",
        share * 100.0,
        share * SUNLIGHT_LUX,
        layer,
        height,
        soundscape(layer)
    );
    match shown.single_mut() {
        Ok(mut shown) => {
            if shown.0 != text {
                shown.0 = text;
            }
        }
        Err(_) => {
            commands.spawn(corner_panel(
                "Light meter",
                LightMeterText,
                text,
                RAINFOREST,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The light meter's reading at a viewpoint's eye.
    fn reading_at(viewpoint: &str) -> f32 {
        light_at(scene_def().viewpoint(viewpoint).unwrap().eye)
    }

    #[test]
    fn the_light_meter_reads_a_few_percent_on_the_floor_and_fifty_times_more_up_high() {
        // What the lesson `rainforest-layers` asks the pupils to find with the meter. The
        // platform above the canopy is in the giant's own shade, the walkway in a gap.
        let floor = reading_at(FLOOR_VIEWPOINT);
        assert!(floor > 0.002 && floor < 0.05, "floor {floor}");
        for up in ["understory", CANOPY_VIEWPOINT, CROWN_VIEWPOINT] {
            assert!(reading_at(up) > floor, "{up}");
        }
        for up in [CANOPY_VIEWPOINT, CROWN_VIEWPOINT] {
            assert!(reading_at(up) / floor >= 50.0, "{up}: {}", reading_at(up));
        }
    }

    #[test]
    fn each_viewpoint_is_in_its_layer() {
        let f = forest();
        for (name, layer) in [
            (FLOOR_VIEWPOINT, Layer::Floor),
            ("understory", Layer::Understory),
            (CANOPY_VIEWPOINT, Layer::Canopy),
            (CROWN_VIEWPOINT, Layer::Emergent),
        ] {
            let eye = scene_def().viewpoint(name).unwrap().eye;
            let height = eye.y - f.ground.height_at(eye.x, eye.z);
            assert_eq!(layer_at(height), layer, "{name} at {height} m");
        }
    }
}
