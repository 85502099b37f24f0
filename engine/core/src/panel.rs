//! The point-of-interest panel: the open point's title, its narration as subtitles, and its
//! facts with their sources, in the pupil's language. bevy_ui lays the text out into a
//! texture, and the texture hangs on a board in the world above the point's marker, turned to
//! face the pupil, so it reads the same in a headset as on a screen. While the drop
//! experiment runs or has run, the board also shows its timer.

use bevy::camera::RenderTarget;
use bevy::light::NotShadowCaster;
use bevy::prelude::*;
use bevy::render::render_resource::TextureFormat;

use crate::experiment::{DropSubject, DropTimer};
use crate::poi::{Language, MARKER_HEIGHT_M, OpenPoi, PlaceContents, Sight, poi_texts};
use crate::trip::{ActiveTrip, TripPhase};

/// Size of the board in the world, metres: readable from the 2.5 m at which points open.
pub const BOARD_SIZE_M: Vec2 = Vec2::new(0.9, 0.6);
/// Pixels of the texture the text is laid out in: 1500 px per metre of board.
pub const PANEL_PIXELS: UVec2 = UVec2::new(1350, 900);
/// How far the board's lower edge stands above the marker's top, metres.
const BOARD_LIFT_M: f32 = 0.15;
/// How far from the eyes a board opened from afar stands, metres.
const READING_DISTANCE_M: f32 = 1.6;
/// How far below the eyes a board opened from afar stands, metres: reading looks a little
/// down.
const READING_DROP_M: f32 = 0.2;
/// How far the board may be from where it would now be put before it is moved, metres.
const REPLACE_DISTANCE_M: f32 = 1.0;
/// The font every panel uses, in `assets/` (DejaVu Sans: Latin with å, ä and ö, and more).
pub const PANEL_FONT: &str = "fonts/DejaVuSans.ttf";

/// Text sizes on the texture, pixels.
const TITLE_PX: f32 = 56.0;
const BODY_PX: f32 = 36.0;
const SOURCE_PX: f32 = 24.0;

/// The board and what draws it.
#[derive(Resource, Debug)]
pub struct Panel {
    /// The texture the text is drawn into.
    pub image: Handle<Image>,
    /// The camera that lays the text out into the texture; active only while a point is open.
    pub camera: Entity,
    /// The root UI node; its children are rebuilt when another point opens.
    pub root: Entity,
    /// The board in the world.
    pub board: Entity,
    /// The font.
    pub font: Handle<Font>,
}

/// How much larger than their own size boards of text are drawn in the world (1 unless a
/// pupil asked for larger text): the whole board grows, so its text keeps its layout.
#[derive(Resource, Clone, Copy, Debug, PartialEq)]
pub struct BoardScale(pub f32);

impl Default for BoardScale {
    fn default() -> Self {
        Self(1.0)
    }
}

/// The line of the panel that shows the drop experiment's timer.
#[derive(Component, Debug)]
pub struct TimerLine;

/// What the panel shows now, for tests and logs: the open point and its lines of text.
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub struct PanelShows {
    /// The open point's id, if one is open.
    pub poi: Option<String>,
    /// Every line of text on the panel, top to bottom.
    pub lines: Vec<String>,
}

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<PanelShows>()
        .init_resource::<BoardScale>()
        .add_systems(Startup, spawn_panel)
        .add_systems(OnEnter(TripPhase::LoadingAssets), wait_for_font)
        .add_systems(
            Update,
            (fill_panel, show_timer, place_board)
                .chain()
                .run_if(in_state(TripPhase::InScene)),
        )
        .add_systems(OnExit(TripPhase::InScene), hide_panel);
}

fn spawn_panel(
    mut commands: Commands,
    mut images: ResMut<Assets<Image>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
    server: Res<AssetServer>,
) {
    let UiBoard {
        image,
        camera,
        ui: root,
        board,
    } = UiBoard::spawn(
        &mut commands,
        (&mut images, &mut meshes, &mut materials),
        "Panel",
        BOARD_SIZE_M,
        PANEL_PIXELS.x as f32 / BOARD_SIZE_M.x,
        -10,
    );
    // Drawn only while a point is open.
    commands.entity(camera).insert(Camera {
        order: -10,
        is_active: false,
        clear_color: ClearColorConfig::Custom(Color::NONE),
        ..default()
    });
    commands.entity(board).insert(Visibility::Hidden);
    commands.entity(root).insert((
        Node {
            width: percent(100),
            height: percent(100),
            flex_direction: FlexDirection::Column,
            padding: UiRect::all(px(40)),
            row_gap: px(18),
            border_radius: BorderRadius::all(px(28)),
            ..default()
        },
        BackgroundColor(Color::srgb(0.04, 0.05, 0.08)),
    ));
    commands.insert_resource(Panel {
        image,
        camera,
        root,
        board,
        font: server.load(PANEL_FONT),
    });
}

/// A board in the world whose face bevy_ui draws: the texture, the 2D camera that lays the
/// UI out into it, the UI's root node (the whole texture) and the board itself. Its material
/// is opaque with the rounded corners cut out (a see-through board lets a bright scene, such
/// as sunlit regolith many times brighter than the board, shine through its letters), and
/// unlit, so text reads the same in sunlight, shadow and deep water. The point-of-interest
/// panel, the hand menu, the lobby and the teacher's pupil list are such boards; each adds
/// its own layout to the root.
#[derive(Clone, Debug)]
pub struct UiBoard {
    /// The texture the UI is drawn into.
    pub image: Handle<Image>,
    /// The camera that draws it.
    pub camera: Entity,
    /// The UI's root node.
    pub ui: Entity,
    /// The board in the world: a rectangle facing +Z.
    pub board: Entity,
}

/// The assets a board is made of.
pub type BoardAssets<'a> = (
    &'a mut Assets<Image>,
    &'a mut Assets<Mesh>,
    &'a mut Assets<StandardMaterial>,
);

impl UiBoard {
    /// Spawns a board called `name` of `size_m` metres, drawn at `pixels_per_m`, its camera
    /// drawing at `order` (below zero: before the views that show the board).
    pub fn spawn(
        commands: &mut Commands,
        (images, meshes, materials): BoardAssets,
        name: &str,
        size_m: Vec2,
        pixels_per_m: f32,
        order: isize,
    ) -> UiBoard {
        let pixels = (size_m * pixels_per_m).round().as_uvec2().max(UVec2::ONE);
        let image = images.add(Image::new_target_texture(
            pixels.x,
            pixels.y,
            TextureFormat::Rgba8UnormSrgb,
            None,
        ));
        let camera = commands
            .spawn((
                Name::new(format!("{name} camera")),
                Camera2d,
                Camera {
                    order,
                    clear_color: ClearColorConfig::Custom(Color::NONE),
                    ..default()
                },
                RenderTarget::Image(image.clone().into()),
            ))
            .id();
        let ui = commands
            .spawn((
                Name::new(format!("{name} UI")),
                Node {
                    width: percent(100),
                    height: percent(100),
                    ..default()
                },
                UiTargetCamera(camera),
            ))
            .id();
        let board = commands
            .spawn((
                Name::new(name.to_owned()),
                Mesh3d(meshes.add(Rectangle::new(size_m.x, size_m.y))),
                MeshMaterial3d(materials.add(StandardMaterial {
                    base_color_texture: Some(image.clone()),
                    alpha_mode: AlphaMode::Mask(0.5),
                    unlit: true,
                    double_sided: true,
                    cull_mode: None,
                    ..default()
                })),
                Transform::default(),
                NotShadowCaster,
            ))
            .id();
        UiBoard {
            image,
            camera,
            ui,
            board,
        }
    }
}

/// Trips wait for the font, so the first panel has its letters.
fn wait_for_font(panel: Res<Panel>, mut assets: ResMut<crate::loading::TripAssets>) {
    assets.0.push(panel.font.clone().untyped());
}

fn hide_panel(
    panel: Res<Panel>,
    mut shows: ResMut<PanelShows>,
    mut visibility: Query<&mut Visibility>,
    mut cameras: Query<&mut Camera>,
) {
    *shows = PanelShows::default();
    if let Ok(mut v) = visibility.get_mut(panel.board) {
        *v = Visibility::Hidden;
    }
    if let Ok(mut camera) = cameras.get_mut(panel.camera) {
        camera.is_active = false;
    }
}

/// Rebuilds the panel's text when a point opens or closes, or the language changes.
#[allow(
    clippy::too_many_arguments,
    reason = "the panel reads the open point, its place, the language and the timer"
)]
fn fill_panel(
    open: Res<OpenPoi>,
    language: Res<Language>,
    trip: Res<State<ActiveTrip>>,
    contents: Option<Res<PlaceContents>>,
    panel: Res<Panel>,
    mut shows: ResMut<PanelShows>,
    mut commands: Commands,
    mut visibility: Query<&mut Visibility>,
    mut cameras: Query<&mut Camera>,
) {
    if !open.is_changed() && !language.is_changed() {
        return;
    }
    let ActiveTrip::Scene(scene) = *trip.get() else {
        return;
    };
    let texts = open.0.as_deref().and_then(|id| {
        let place = contents.as_ref()?.get(scene)?;
        poi_texts(place, id, language.0)
    });
    if let Ok(mut v) = visibility.get_mut(panel.board) {
        *v = if texts.is_some() {
            Visibility::Visible
        } else {
            Visibility::Hidden
        };
    }
    if let Ok(mut camera) = cameras.get_mut(panel.camera) {
        camera.is_active = texts.is_some();
    }
    commands.entity(panel.root).despawn_related::<Children>();
    let Some(texts) = texts else {
        *shows = PanelShows::default();
        return;
    };
    let font = |size: f32| TextFont {
        font: panel.font.clone().into(),
        font_size: FontSize::Px(size),
        ..default()
    };
    let mut lines = vec![texts.title.clone(), texts.narration.clone()];
    commands.entity(panel.root).with_children(|ui| {
        ui.spawn((
            Text::new(texts.title.clone()),
            font(TITLE_PX),
            TextColor(Color::srgb(1.0, 0.75, 0.3)),
        ));
        ui.spawn((
            Text::new(texts.narration.clone()),
            font(BODY_PX),
            TextColor(Color::WHITE),
        ));
        for (fact, source) in &texts.facts {
            ui.spawn((
                Text::new(format!("• {fact}")),
                font(BODY_PX * 0.85),
                TextColor(Color::srgb(0.85, 0.9, 1.0)),
            ));
            ui.spawn((
                Text::new(format!("   {source}")),
                font(SOURCE_PX),
                TextColor(Color::srgb(0.6, 0.65, 0.72)),
            ));
            lines.push(format!("• {fact}"));
            lines.push(source.clone());
        }
        ui.spawn((
            Text::new(""),
            font(BODY_PX),
            TextColor(Color::srgb(0.5, 1.0, 0.6)),
            TimerLine,
        ));
    });
    info!(
        "panel: {} ({} lines)",
        open.0.as_deref().unwrap_or(""),
        lines.len()
    );
    *shows = PanelShows {
        poi: open.0.clone(),
        lines,
    };
}

/// The drop experiment's fall times, as the panel writes them: each subject's name in the
/// pupil's language and its time with the language's decimal separator.
pub fn timer_text(timer: &DropTimer, names: &[(&str, String)], language: &Language) -> String {
    if !timer.running && timer.landed.is_empty() {
        return String::new();
    }
    let decimal = match language.0.code() {
        "en" => ".",
        _ => ",",
    };
    let elapsed_s = timer.steps as f32 / crate::physics::PHYSICS_RATE_HZ as f32;
    names
        .iter()
        .map(|(name, label)| {
            let seconds = timer.fall_time_s(name).unwrap_or(elapsed_s);
            let shown = format!("{seconds:.2}").replace('.', decimal);
            let mark = if timer.fall_time_s(name).is_some() {
                "■"
            } else {
                "…"
            };
            format!("{label} {shown} s {mark}")
        })
        .collect::<Vec<_>>()
        .join("    ")
}

/// Shows the drop experiment's timer on the panel while it runs and after it has run.
fn show_timer(
    timer: Res<DropTimer>,
    language: Res<Language>,
    trip: Res<State<ActiveTrip>>,
    contents: Option<Res<PlaceContents>>,
    subjects: Query<&DropSubject>,
    mut lines: Query<&mut Text, With<TimerLine>>,
    mut shows: ResMut<PanelShows>,
) {
    let ActiveTrip::Scene(scene) = *trip.get() else {
        return;
    };
    let place = contents.as_ref().and_then(|c| c.get(scene));
    let names: Vec<(&str, String)> = subjects
        .iter()
        .map(|s| {
            let label = place
                .and_then(|p| p.texts.get(language.0, s.label_key))
                .unwrap_or(s.name);
            (s.name, label.to_string())
        })
        .collect();
    let text = timer_text(&timer, &names, &language);
    for mut line in &mut lines {
        if line.0 != text {
            line.0.clone_from(&text);
            if shows.poi.is_some() {
                shows
                    .lines
                    .retain(|l| !l.ends_with('■') && !l.ends_with('…'));
                if !text.is_empty() {
                    shows.lines.push(text.clone());
                }
            }
        }
    }
}

/// Stands the board where the pupil can read it when a point opens: above the marker when the
/// pupil is beside it, or, when the point was opened from farther away, at reading distance on
/// the way to it, a little below the eyes. It stays there (a board that followed the head would
/// be uncomfortable in a headset) and turns to face the pupil.
fn place_board(
    open: Res<OpenPoi>,
    panel: Res<Panel>,
    sight: Sight,
    scale: Res<BoardScale>,
    mut boards: Query<&mut Transform>,
) {
    let Some(at) = open.0.as_deref().and_then(|id| sight.marker(id)) else {
        return;
    };
    let Ok(mut board) = boards.get_mut(panel.board) else {
        return;
    };
    let eye = sight.eye();
    board.scale = Vec3::splat(scale.0);
    let above_marker =
        at + Vec3::Y * (MARKER_HEIGHT_M + BOARD_LIFT_M + BOARD_SIZE_M.y * scale.0 / 2.0);
    let wanted = match eye {
        Some(eye) if eye.xz().distance(at.xz()) > READING_DISTANCE_M + 0.5 => {
            let towards = (at.xz() - eye.xz()).normalize_or_zero() * READING_DISTANCE_M;
            Vec3::new(eye.x + towards.x, eye.y - READING_DROP_M, eye.z + towards.y)
        }
        _ => above_marker,
    };
    // Moved when the point opens, or when the pupil has gone (walked or teleported) so far
    // that the board is out of place; small movements of the head leave it where it is.
    if open.is_changed() || board.translation.distance(wanted) > REPLACE_DISTANCE_M {
        board.translation = wanted;
    }
    if let Some(eye) = eye {
        let centre = board.translation;
        let towards = Vec3::new(eye.x, centre.y, eye.z);
        if towards.distance(centre) > 0.01 {
            // A rectangle faces +Z; turn it so +Z points at the eye.
            board.look_at(2.0 * centre - towards, Vec3::Y);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use retki_content::Lang;

    #[test]
    fn timer_uses_the_languages_decimal_separator_and_marks_landings() {
        let timer = DropTimer {
            running: false,
            steps: 86,
            landed: vec![("hammer", 1.4166), ("feather", 1.4166)],
        };
        let names = [
            ("hammer", "vasara".to_string()),
            ("feather", "höyhen".to_string()),
        ];
        let fi = timer_text(&timer, &names, &Language(Lang::Fi));
        assert_eq!(fi, "vasara 1,42 s ■    höyhen 1,42 s ■");
        let en = timer_text(&timer, &names, &Language(Lang::En));
        assert!(en.contains("1.42 s"), "{en}");
        assert_eq!(
            timer_text(&DropTimer::default(), &names, &Language(Lang::En)),
            ""
        );
    }
}
