//! A Finnish town around 1400, after medieval Turku: log houses along narrow streets, merchants'
//! houses of stone and timber framing round the market square, a stone church with a west
//! tower and a belfry to look out from, and a jetty in the river harbour with a boat. On a
//! market stall lie things from daily life to pick up: a silver coin, a cooking pot, an axe.
//! The Sun moves: `,` and `.` turn the time of day back and forward by half an hour, and the
//! menu action (a headset's menu button) moves it on by an hour.

use std::sync::OnceLock;

use bevy::light::{CascadeShadowConfigBuilder, NotShadowCaster};
use bevy::prelude::*;
use bevy_rapier3d::prelude::*;
use retki_core::mesh::to_bevy_mesh;
use retki_core::physics::{EARTH_GRAVITY_M_S2, Grabbable, Walkable};
use retki_core::poi::GroundHeight;
use retki_core::scene::{SceneRegistry, TimeOfDay};
use retki_core::{ActiveTrip, SceneDef, SceneId, TripPhase, trip_scoped};
use retki_input::actions::{Action, Actions};
use retki_procgen::middle_ages::{self, Parts, Surface, Town, WATER_Y_M, on_table};
use retki_procgen::{Heightfield, sun};

use crate::{above_ground, corner_panel, direction, spawn_tiled_ground, viewpoint};

/// The town's name.
pub const MIDDLE_AGES: SceneId = SceneId("middle_ages");

/// The seed of the one town every machine builds.
pub const TOWN_SEED: u64 = 1400;

/// Latitude of Turku, degrees north.
pub const LATITUDE_DEG: f32 = 60.45;
/// The day of the year the Sun moves as on: 24 August, a late-summer market day.
pub const DAY_OF_YEAR: u32 = 236;

/// Density of air at 15 °C at sea level, kg/m³.
pub const AIR_DENSITY_KG_M3: f32 = 1.225;

/// Camera exposure with the Sun high, EV at ISO 100 (sunny daylight is about 15).
const NOON_EV100: f32 = 14.0;
/// The darkest the exposure opens up to at night, EV at ISO 100.
const NIGHT_EV100: f32 = 7.0;

/// Ambient brightness per lux of skylight (cd/m² per lux), see `light_the_hour`.
const SKYLIGHT_PER_LUX: f32 = 1.5;

/// Eye height of a standing pupil, metres.
const EYE_HEIGHT_M: f32 = 1.5;

/// Mass of the silver coin: an örtug of about 1400 weighed about 1.1 g and was about 18 mm
/// across (Kungliga Myntkabinettet, Stockholm: örtugs of Albrecht of Mecklenburg and Erik of
/// Pomerania). Its collider is thicker than the coin, so it does not slip through the table
/// between physics steps; its mass is the coin's own.
const COIN_MASS_KG: f32 = 0.0011;
const COIN_RADIUS_M: f32 = 0.009;
/// Mass of a three-legged earthenware cooking pot about 22 cm high, kg.
const POT_MASS_KG: f32 = 1.6;
/// Mass of a woodworking axe: an iron head of about 0.9 kg on an ash haft, kg.
const AXE_MASS_KG: f32 = 1.3;

/// The town, built once per process.
pub fn town() -> &'static Town {
    static TOWN: OnceLock<Town> = OnceLock::new();
    TOWN.get_or_init(|| middle_ages::generate(TOWN_SEED))
}

/// The viewpoint in the market square.
pub const SQUARE_VIEWPOINT: &str = "market_square";
/// The viewpoint in the church tower's belfry.
pub const BELFRY_VIEWPOINT: &str = "church_tower";

/// Where the eye stands in the belfry: on its floor, at the open west arch.
fn belfry_eye() -> Vec3 {
    let c = &town().church;
    let [x, z] = c.tower.centre;
    Vec3::new(
        x - c.tower.half[0] + 1.9,
        c.base_y_m + c.belfry_floor_m + EYE_HEIGHT_M,
        z,
    )
}

/// The town's description.
pub fn scene_def() -> SceneDef {
    let t = town();
    let ground = &t.ground;
    let deck = t.harbour.deck_y_m;
    let jetty_end = t.harbour.jetty.point(-t.harbour.jetty.half[0] + 1.5, 0.0);
    SceneDef {
        id: MIDDLE_AGES,
        title: "A Finnish town around 1400",
        viewpoints: vec![
            viewpoint(
                SQUARE_VIEWPOINT,
                "In the market square, by the stalls, facing the church",
                above_ground(ground, (-15.0, 10.5), EYE_HEIGHT_M),
                (65.0, 6.0),
            ),
            viewpoint(
                "church",
                "East of the stone church, before its stepped gable, the tower beyond",
                above_ground(ground, (80.0, 9.0), EYE_HEIGHT_M),
                (287.0, 10.0),
            ),
            viewpoint(
                "street",
                "In a street of log houses north of the square, looking east",
                above_ground(ground, (-25.0, -47.5), EYE_HEIGHT_M),
                (98.0, 4.0),
            ),
            viewpoint(
                "harbour",
                "On the jetty in the river harbour, looking at the town",
                Vec3::new(jetty_end[0], deck + EYE_HEIGHT_M, jetty_end[1]),
                (88.0, 2.0),
            ),
            viewpoint(
                BELFRY_VIEWPOINT,
                "In the belfry of the church tower, 20 metres up, over the roofs",
                belfry_eye(),
                (275.0, -18.0),
            ),
        ],
        landmarks: Vec::new(),
        clear_color: sky_colour(sun::position(LATITUDE_DEG, DAY_OF_YEAR, 12.0).elevation_deg),
        exposure_ev100: NOON_EV100,
        gravity_m_s2: EARTH_GRAVITY_M_S2,
        ground_half_extent_m: middle_ages::SIZE_M / 2.0 - 4.0,
        medium_density_kg_m3: AIR_DENSITY_KG_M3,
        medium_surface_y_m: None,
    }
}

pub(crate) fn plugin(app: &mut App) {
    app.world_mut()
        .resource_mut::<SceneRegistry>()
        .register(scene_def());
    app.add_systems(OnEnter(ActiveTrip::Scene(MIDDLE_AGES)), queue_assets)
        .add_systems(
            OnEnter(TripPhase::WarmingPipelines),
            spawn_town.run_if(in_state(ActiveTrip::Scene(MIDDLE_AGES))),
        )
        .add_systems(
            Update,
            (
                turn_the_clock,
                (light_the_hour, show_the_hour).after(turn_the_clock),
            )
                .run_if(in_state(ActiveTrip::Scene(MIDDLE_AGES))),
        )
        .add_systems(OnExit(ActiveTrip::Scene(MIDDLE_AGES)), restore_ambient);
}

fn queue_assets(mut commands: Commands) {
    commands.insert_resource(GroundHeight::new(|x, z| town().ground.height_at(x, z)));
}

fn restore_ambient(mut commands: Commands) {
    commands.insert_resource(GlobalAmbientLight::default());
}

/// What each surface looks like.
fn material(surface: Surface) -> StandardMaterial {
    let (colour, roughness) = match surface {
        Surface::Logs => (Color::srgb(0.45, 0.36, 0.27), 0.9),
        Surface::Turf => (Color::srgb(0.33, 0.42, 0.17), 1.0),
        Surface::Boards => (Color::srgb(0.38, 0.33, 0.29), 0.85),
        Surface::DarkWood => (Color::srgb(0.16, 0.11, 0.08), 0.8),
        Surface::Stone => (Color::srgb(0.5, 0.48, 0.45), 0.9),
        Surface::Lime => (Color::srgb(0.88, 0.86, 0.8), 0.95),
        Surface::Timber => (Color::srgb(0.36, 0.25, 0.16), 0.8),
        Surface::Cloth => (Color::srgb(0.62, 0.2, 0.13), 0.95),
        Surface::Cobbles => (Color::srgb(0.47, 0.44, 0.4), 0.95),
    };
    let mut look = StandardMaterial {
        base_color: colour,
        perceptual_roughness: roughness,
        ..default()
    };
    if surface == Surface::DarkWood {
        // The boat's hull is an open shell, seen from inside and out.
        look.double_sided = true;
        look.cull_mode = None;
    }
    look
}

fn spawn_town(
    mut commands: Commands,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    let t = town();
    let scoped = || trip_scoped(MIDDLE_AGES);
    let looks: std::collections::BTreeMap<Surface, Handle<StandardMaterial>> = [
        Surface::Logs,
        Surface::Turf,
        Surface::Boards,
        Surface::DarkWood,
        Surface::Stone,
        Surface::Lime,
        Surface::Timber,
        Surface::Cloth,
        Surface::Cobbles,
    ]
    .into_iter()
    .map(|s| (s, materials.add(material(s))))
    .collect();
    let mut spawn_parts = |commands: &mut Commands, name: &str, parts: &Parts| {
        for (surface, mesh) in &parts.0 {
            commands.spawn((
                Name::new(format!("{name}: {surface:?}")),
                Mesh3d(meshes.add(to_bevy_mesh(mesh))),
                MeshMaterial3d(looks[surface].clone()),
                scoped(),
            ));
        }
    };

    for ((bx, bz), parts) in t.house_parts() {
        spawn_parts(&mut commands, &format!("Houses of block {bx},{bz}"), &parts);
    }
    spawn_parts(&mut commands, "Church", &t.church.parts());
    spawn_parts(&mut commands, "Market square", &t.market_parts());
    spawn_parts(&mut commands, "Harbour", &t.harbour_parts());

    // Houses, church, stalls and jetty stop pupils and what they throw.
    let mut solid: Vec<(Vec3, Quat, Collider)> = t
        .houses
        .iter()
        .map(|h| {
            let [x, z] = h.footprint.centre;
            let [hx, hz] = h.footprint.half;
            let top = h.ridge_height_m();
            (
                Vec3::new(x, h.base_y_m + top / 2.0, z),
                Quat::from_rotation_y(h.footprint.yaw),
                Collider::cuboid(hx + 0.1, top / 2.0, hz + 0.1),
            )
        })
        .collect();
    let c = &t.church;
    for (part, height) in [(c.nave, c.ridge_height_m()), (c.sacristy, 5.0)] {
        let [x, z] = part.centre;
        solid.push((
            Vec3::new(x, c.base_y_m + height / 2.0, z),
            Quat::IDENTITY,
            Collider::cuboid(part.half[0], height / 2.0, part.half[1]),
        ));
    }
    for stall in &t.market.stalls {
        let [x, z] = stall.footprint.centre;
        solid.push((
            Vec3::new(x, stall.table_top_y_m - 0.03, z),
            Quat::from_rotation_y(stall.footprint.yaw),
            Collider::cuboid(1.2, 0.03, 0.45),
        ));
    }
    let [wx, wz] = t.market.well;
    solid.push((
        Vec3::new(wx, t.ground.height_at(wx, wz) + 0.4, wz),
        Quat::IDENTITY,
        Collider::cylinder(0.4, 0.9),
    ));
    commands.spawn((
        Name::new("Town walls and furniture"),
        Transform::default(),
        RigidBody::Fixed,
        Collider::compound(solid),
        scoped(),
    ));
    // Floors people stand on: the tower's belfry and the jetty's deck.
    let [tx, tz] = c.tower.centre;
    let floor = c.base_y_m + c.belfry_floor_m;
    let [jx, jz] = t.harbour.jetty.centre;
    commands.spawn((
        Name::new("Belfry floor and jetty"),
        Transform::default(),
        RigidBody::Fixed,
        Collider::compound(vec![
            (
                Vec3::new(tx, floor / 2.0, tz),
                Quat::IDENTITY,
                Collider::cuboid(c.tower.half[0], floor / 2.0, c.tower.half[1]),
            ),
            (
                Vec3::new(jx, t.harbour.deck_y_m - 0.1, jz),
                Quat::IDENTITY,
                Collider::cuboid(t.harbour.jetty.half[0], 0.1, t.harbour.jetty.half[1]),
            ),
        ]),
        Walkable,
        scoped(),
    ));

    let grass = materials.add(StandardMaterial {
        base_color: Color::srgb(0.3, 0.34, 0.17),
        perceptual_roughness: 0.95,
        ..default()
    });
    spawn_tiled_ground(
        &mut commands,
        &mut meshes,
        &t.ground,
        grass.clone(),
        (MIDDLE_AGES, "Town ground"),
    );
    spawn_outskirts(&mut commands, &mut meshes, &mut materials, grass);
    spawn_things_to_pick_up(&mut commands, &mut meshes, &mut materials, t);

    commands.spawn((
        Name::new("Sun"),
        DirectionalLight {
            illuminance: sun::direct_lux(50.0),
            shadow_maps_enabled: true,
            ..default()
        },
        CascadeShadowConfigBuilder {
            first_cascade_far_bound: 15.0,
            maximum_distance: 120.0,
            ..default()
        }
        .build(),
        Transform::default(),
        TheSun,
        scoped(),
    ));
}

/// Distance between the outskirts' samples, metres.
const OUTSKIRTS_SPACING_M: f32 = 20.0;
/// How far the outskirts lie below the patch's own ground, so the seam never flickers, m.
const OUTSKIRTS_SUNK_M: f32 = 0.15;

/// The fields, the forest and the river beyond the town's patch, out to the horizon seen from
/// the tower: one coarse sheet of the same ground with the patch cut out, one mesh of spruces,
/// and the river's water.
fn spawn_outskirts(
    commands: &mut Commands,
    meshes: &mut Assets<Mesh>,
    materials: &mut Assets<StandardMaterial>,
    grass: Handle<StandardMaterial>,
) {
    let samples = (middle_ages::COUNTRY_M / OUTSKIRTS_SPACING_M) as usize + 1;
    let mut sheet = Heightfield::flat(samples, middle_ages::COUNTRY_M);
    for j in 0..samples {
        for i in 0..samples {
            let (x, z) = sheet.sample_position(i, j);
            sheet.heights[j * samples + i] = middle_ages::ground_height(x, z) - OUTSKIRTS_SUNK_M;
        }
    }
    let mut land = sheet.to_mesh(OUTSKIRTS_SPACING_M);
    let inside = middle_ages::SIZE_M / 2.0 + 0.01;
    land.retain_triangles(|t| {
        !t.iter()
            .all(|[x, _, z]| x.abs() <= inside && z.abs() <= inside)
    });
    commands.spawn((
        Name::new("Fields round the town"),
        Mesh3d(meshes.add(to_bevy_mesh(&land))),
        MeshMaterial3d(grass),
        NotShadowCaster,
        trip_scoped(MIDDLE_AGES),
    ));
    let spruce = materials.add(StandardMaterial {
        base_color: Color::srgb(0.1, 0.2, 0.12),
        perceptual_roughness: 0.95,
        ..default()
    });
    commands.spawn((
        Name::new("Spruce forest"),
        Mesh3d(meshes.add(to_bevy_mesh(&middle_ages::spruce_forest(
            TOWN_SEED,
            OUTSKIRTS_SUNK_M,
        )))),
        MeshMaterial3d(spruce),
        NotShadowCaster,
        trip_scoped(MIDDLE_AGES),
    ));
    let water = materials.add(StandardMaterial {
        base_color: Color::srgb(0.12, 0.2, 0.22),
        perceptual_roughness: 0.12,
        reflectance: 0.4,
        ..default()
    });
    let width = middle_ages::BANK_X_M - middle_ages::FAR_BANK_X_M + 8.0;
    commands.spawn((
        Name::new("The river Aura"),
        Mesh3d(
            meshes.add(
                Plane3d::default()
                    .mesh()
                    .size(width, middle_ages::COUNTRY_M),
            ),
        ),
        MeshMaterial3d(water),
        Transform::from_xyz(
            (middle_ages::BANK_X_M + middle_ages::FAR_BANK_X_M) / 2.0,
            WATER_Y_M,
            0.0,
        ),
        NotShadowCaster,
        trip_scoped(MIDDLE_AGES),
    ));
}

/// A silver coin, a cooking pot and an axe on the first stall, to pick up and weigh in the
/// hand.
fn spawn_things_to_pick_up(
    commands: &mut Commands,
    meshes: &mut Assets<Mesh>,
    materials: &mut Assets<StandardMaterial>,
    t: &Town,
) {
    let stall = &t.market.stalls[0];
    let turn = Quat::from_rotation_y(stall.footprint.yaw);
    let silver = materials.add(StandardMaterial {
        base_color: Color::srgb(0.8, 0.8, 0.82),
        metallic: 1.0,
        perceptual_roughness: 0.35,
        ..default()
    });
    let [x, y, z] = on_table(stall, -0.75);
    commands.spawn((
        Name::new("Silver coin (örtug)"),
        Grabbable,
        Mesh3d(meshes.add(Cylinder::new(COIN_RADIUS_M, 0.001))),
        MeshMaterial3d(silver),
        Transform::from_xyz(x, y + 0.002, z),
        RigidBody::Dynamic,
        Collider::cylinder(0.002, COIN_RADIUS_M),
        ColliderMassProperties::Mass(COIN_MASS_KG),
        Ccd::enabled(),
        trip_scoped(MIDDLE_AGES),
    ));

    let redware = materials.add(StandardMaterial {
        base_color: Color::srgb(0.6, 0.3, 0.18),
        perceptual_roughness: 0.8,
        double_sided: true,
        cull_mode: None,
        ..default()
    });
    let [x, y, z] = on_table(stall, 0.0);
    commands.spawn((
        Name::new("Cooking pot"),
        Grabbable,
        Mesh3d(meshes.add(to_bevy_mesh(&middle_ages::pot()))),
        MeshMaterial3d(redware),
        Transform::from_xyz(x, y + 0.005, z).with_rotation(turn),
        RigidBody::Dynamic,
        Collider::compound(vec![
            (
                Vec3::Y * 0.14,
                Quat::IDENTITY,
                Collider::cylinder(0.09, 0.1),
            ),
            (
                Vec3::Y * 0.025,
                Quat::IDENTITY,
                Collider::cylinder(0.025, 0.06),
            ),
        ]),
        ColliderMassProperties::Mass(POT_MASS_KG),
        trip_scoped(MIDDLE_AGES),
    ));

    let (haft, head) = middle_ages::axe();
    let ash = materials.add(StandardMaterial {
        base_color: Color::srgb(0.62, 0.5, 0.34),
        perceptual_roughness: 0.7,
        ..default()
    });
    let iron = materials.add(StandardMaterial {
        base_color: Color::srgb(0.25, 0.24, 0.23),
        metallic: 1.0,
        perceptual_roughness: 0.6,
        ..default()
    });
    let [x, y, z] = on_table(stall, 0.6);
    commands
        .spawn((
            Name::new("Axe"),
            Grabbable,
            // Lying on its side across the table.
            Transform::from_xyz(x, y + 0.03, z)
                .with_rotation(turn * Quat::from_rotation_x(std::f32::consts::FRAC_PI_2)),
            Visibility::default(),
            RigidBody::Dynamic,
            Collider::compound(vec![
                (Vec3::ZERO, Quat::IDENTITY, Collider::cylinder(0.3, 0.016)),
                (
                    Vec3::new(0.07, 0.26, 0.0),
                    Quat::IDENTITY,
                    Collider::cuboid(0.09, 0.03, 0.02),
                ),
            ]),
            ColliderMassProperties::Mass(AXE_MASS_KG),
            trip_scoped(MIDDLE_AGES),
        ))
        .with_children(|axe| {
            axe.spawn((Mesh3d(meshes.add(to_bevy_mesh(&haft))), MeshMaterial3d(ash)));
            axe.spawn((
                Mesh3d(meshes.add(to_bevy_mesh(&head))),
                MeshMaterial3d(iron),
            ));
        });
}

/// Marks the town's Sun.
#[derive(Component)]
struct TheSun;

/// The earlier action (`,` on a laptop) turns the clock back half an hour, the later one
/// (`.`) forward; the menu action (a headset's menu button, or M) moves it on by an hour,
/// round the day.
fn turn_the_clock(actions: Option<Res<Actions>>, mut time: ResMut<TimeOfDay>) {
    let Some(actions) = actions else { return };
    for (action, hours) in [
        (Action::Earlier, -0.5),
        (Action::Later, 0.5),
        (Action::Menu, 1.0),
    ] {
        if actions.just_pressed(action) {
            *time = time.plus(hours);
        }
    }
}

/// The colour of the clear sky with the Sun `elevation_deg` up: blue by day, orange round
/// sunset, dark blue at night.
pub fn sky_colour(elevation_deg: f32) -> Color {
    let day = Vec3::new(0.42, 0.6, 0.86);
    let sunset = Vec3::new(0.85, 0.5, 0.3);
    let night = Vec3::new(0.02, 0.03, 0.08);
    let c = if elevation_deg >= 12.0 {
        day
    } else if elevation_deg >= 0.0 {
        sunset.lerp(day, elevation_deg / 12.0)
    } else if elevation_deg >= -8.0 {
        night.lerp(sunset, 1.0 + elevation_deg / 8.0)
    } else {
        night
    };
    Color::srgb(c.x, c.y, c.z)
}

/// The colour of direct sunlight with the Sun `elevation_deg` up: white when high, warmer as
/// its light crosses more air.
fn sunlight_colour(elevation_deg: f32) -> Color {
    let warm = Vec3::new(1.0, 0.62, 0.38);
    let c = warm.lerp(Vec3::ONE, (elevation_deg / 25.0).clamp(0.0, 1.0));
    Color::srgb(c.x, c.y, c.z)
}

/// The light of the hour: where the Sun stands and how bright it is, the sky's brightness and
/// colour, and the exposure, which opens up by half as many stops as the light falls (eyes
/// adapt to dusk, but not all the way).
pub struct HourLight {
    /// The Sun's place.
    pub sun: sun::SunPosition,
    /// Direct sunlight, lux.
    pub direct_lux: f32,
    /// Light from the sky on level ground, lux.
    pub sky_lux: f32,
    /// The camera's exposure, EV at ISO 100.
    pub exposure_ev100: f32,
}

impl HourLight {
    /// The light at `time` in the town.
    pub fn at(time: TimeOfDay) -> Self {
        let sun = sun::position(LATITUDE_DEG, DAY_OF_YEAR, time.hours);
        let direct_lux = sun::direct_lux(sun.elevation_deg);
        let sky_lux = sun::sky_lux(sun.elevation_deg);
        let level = |s: sun::SunPosition, direct: f32, sky: f32| {
            direct * s.elevation_deg.to_radians().sin().max(0.0) + sky + 1.0
        };
        let noon = sun::position(LATITUDE_DEG, DAY_OF_YEAR, 12.0);
        let noon_level = level(
            noon,
            sun::direct_lux(noon.elevation_deg),
            sun::sky_lux(noon.elevation_deg),
        );
        let stops_darker = (noon_level / level(sun, direct_lux, sky_lux)).log2();
        Self {
            sun,
            direct_lux,
            sky_lux,
            exposure_ev100: (NOON_EV100 - stops_darker / 2.0).clamp(NIGHT_EV100, NOON_EV100),
        }
    }
}

fn light_the_hour(
    time: Res<TimeOfDay>,
    mut suns: Query<(&mut DirectionalLight, &mut Transform), With<TheSun>>,
    mut cameras: Query<(&mut Camera, &mut bevy::camera::Exposure), With<Camera3d>>,
    mut ambient: ResMut<GlobalAmbientLight>,
) {
    let light = HourLight::at(*time);
    let elevation = light.sun.elevation_deg;
    for (mut sun, mut transform) in &mut suns {
        // Below the horizon the Sun lights nothing; keep it just above, dark, so shadows
        // never come from underground.
        let shown = direction(light.sun.azimuth_deg, elevation.max(1.0));
        let wanted = Transform::from_translation(shown).looking_at(Vec3::ZERO, Vec3::Y);
        if *transform != wanted {
            *transform = wanted;
        }
        if sun.illuminance != light.direct_lux {
            sun.illuminance = light.direct_lux;
            sun.color = sunlight_colour(elevation);
        }
    }
    // Skylight on the shaded sides. Bevy's ambient term has no sky dome to integrate, so its
    // brightness is set from the sky's illuminance by a factor that makes shaded walls look as
    // a photograph shows them: three to four stops under the sunlit ones.
    let brightness = light.sky_lux * SKYLIGHT_PER_LUX + 20.0;
    if ambient.brightness != brightness {
        ambient.brightness = brightness;
        ambient.color = Color::srgb(0.8, 0.87, 1.0);
    }
    let sky = sky_colour(elevation);
    for (mut camera, mut exposure) in &mut cameras {
        // A camera drawing over a passthrough view keeps its clear background.
        if matches!(camera.clear_color, ClearColorConfig::Custom(c) if c.alpha() == 0.0) {
            continue;
        }
        if !matches!(camera.clear_color, ClearColorConfig::Custom(c) if c == sky) {
            camera.clear_color = ClearColorConfig::Custom(sky);
        }
        if exposure.ev100 != light.exposure_ev100 {
            exposure.ev100 = light.exposure_ev100;
        }
    }
}

/// The clock's text on screen.
#[derive(Component)]
struct ClockText;

/// Shows the time, the Sun's place and how to change them, when the time changes.
fn show_the_hour(
    time: Res<TimeOfDay>,
    mut shown: Query<&mut Text, With<ClockText>>,
    mut commands: Commands,
) {
    let exists = !shown.is_empty();
    if exists && !time.is_changed() {
        return;
    }
    let light = HourLight::at(*time);
    let where_ = if light.sun.elevation_deg > 0.0 {
        format!(
            "the Sun {:.0}° up in the {}",
            light.sun.elevation_deg,
            compass(light.sun.azimuth_deg)
        )
    } else {
        format!("the Sun {:.0}° below the horizon", -light.sun.elevation_deg)
    };
    let text = format!(
        "Turku, a market day in late August, around 1400\n{} sun time: {where_}\n, and . turn the clock (the menu button: an hour on)",
        time.to_clock()
    );
    if let Ok(mut shown) = shown.single_mut() {
        shown.0 = text;
        return;
    }
    commands.spawn(corner_panel("Clock", ClockText, text, MIDDLE_AGES));
}

/// The compass direction of `azimuth_deg` (clockwise from north), in words.
fn compass(azimuth_deg: f32) -> &'static str {
    const NAMES: [&str; 8] = [
        "north",
        "north-east",
        "east",
        "south-east",
        "south",
        "south-west",
        "west",
        "north-west",
    ];
    NAMES[((azimuth_deg.rem_euclid(360.0) + 22.5) / 45.0) as usize % 8]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sun_sets_when_the_lesson_says_and_evening_is_darker_than_noon() {
        // The lesson `middle-ages-town` asks pupils to find when the Sun sets by turning the
        // clock: 19:18 sun time on 24 August at Turku's latitude.
        let sunset = sun::sunset_hours(LATITUDE_DEG, DAY_OF_YEAR).unwrap();
        assert!((sunset - 19.3).abs() < 0.1, "sunset at {sunset}");
        let noon = HourLight::at(TimeOfDay::default());
        let evening = HourLight::at(TimeOfDay::parse("19:00").unwrap());
        let night = HourLight::at(TimeOfDay::parse("23:00").unwrap());
        assert!(noon.direct_lux > 50_000.0);
        assert!(evening.direct_lux < noon.direct_lux / 5.0);
        assert_eq!(night.direct_lux, 0.0);
        assert!(noon.exposure_ev100 > evening.exposure_ev100);
        assert!(evening.exposure_ev100 >= night.exposure_ev100);
        assert_eq!(compass(evening.sun.azimuth_deg), "west");
        assert_eq!(compass(noon.sun.azimuth_deg), "south");
    }

    #[test]
    fn the_clock_actions_and_the_menu_button_turn_the_clock() {
        let mut app = App::new();
        app.init_resource::<TimeOfDay>()
            .init_resource::<Actions>()
            .add_systems(Update, turn_the_clock);
        let press = |app: &mut App, actions: &[Action]| {
            let mut held = Actions::default();
            for &action in actions {
                held.press(action);
            }
            app.insert_resource(held);
            app.update();
        };
        press(&mut app, &[Action::Later]);
        assert_eq!(app.world().resource::<TimeOfDay>().to_clock(), "12:30");
        press(&mut app, &[Action::Earlier, Action::Menu]);
        // Half an hour back and an hour on.
        assert_eq!(app.world().resource::<TimeOfDay>().to_clock(), "13:00");
    }

    #[test]
    fn every_viewpoint_stands_on_something_in_the_town() {
        let t = town();
        for v in scene_def().viewpoints {
            let ground = t.ground.height_at(v.eye.x, v.eye.z);
            assert!(v.eye.y > ground + 1.0, "{}: below the ground", v.name);
            for house in &t.houses {
                assert!(
                    !house.footprint.contains([v.eye.x, v.eye.z]),
                    "{}: inside a house",
                    v.name
                );
            }
        }
        let belfry = belfry_eye();
        assert!(t.church.tower.contains([belfry.x, belfry.z]));
        assert!(belfry.y > 20.0);
    }
}
