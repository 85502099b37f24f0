//! The teacher's list of pupils: a board beside the teacher with every pupil in the session,
//! each name in the pupil's colour (the colour of their avatar and gaze ring), with how far
//! away they are, or how long their device has not been heard. In a window the board stands
//! at the left of the view, and selecting a name there shows what that pupil sees (as F3
//! does; selecting it again, the teacher's own view). In a headset it stands at waist height
//! to the left, where a glance down finds it; a headset keeps its wearer's own view. F1, or
//! the menu's "Pupils", hides and shows it.

use bevy::prelude::*;
use bevy_rapier3d::prelude::{Collider, Sensor};
use retki_content::Texts;
use retki_core::panel::{BoardScale, PANEL_FONT, UiBoard};
use retki_core::poi::Language;
use retki_core::pointer::{PointerHit, PointerSystems};
use retki_core::viewer::{ViewAnchor, ViewerCamera};
use retki_input::{Action, ActionSystems, Actions};
use retki_session::net::{SessionClient, now_ms};
use retki_session::protocol::Role;

use crate::presence::{PresenceSystems, slot_colour};
use crate::watch::Watching;

/// The board's size, metres: 12 rows of names in three columns, each row about 3 cm high
/// (at the 1.4 m of a window's board, 1.2° of view, 26 pixels of a 1080-line window; at a
/// headset's 0.7 m, 2.5°).
pub const ROSTER_M: Vec2 = Vec2::new(0.66, 0.46);
/// Pixels of the board's texture per metre.
const PIXELS_PER_M: f32 = 2000.0;
/// Rows of names in a column.
pub const ROWS: usize = 12;
/// Columns of names.
pub const COLUMNS: usize = 3;
/// How long a pupil's device may go unheard before the list says so, ms: a hundred poses at
/// the 30 Hz they are sent.
pub const QUIET_MS: u64 = 3_000;
/// How often the list is brought up to date, seconds.
const REFRESH_S: f32 = 0.5;

/// Whether the teacher's list is shown (it is, until F1 or the menu's "Pupils").
#[derive(Resource, Clone, Copy, Debug, PartialEq, Eq)]
pub struct RosterShown(pub bool);

impl Default for RosterShown {
    fn default() -> Self {
        Self(true)
    }
}

/// A pupil's line on the list.
#[derive(Clone, Debug, PartialEq)]
pub struct RosterLine {
    /// The pupil's slot.
    pub slot: u8,
    /// What the line says: the name, and how far or how long unheard.
    pub text: String,
    /// Whether the teacher is watching this pupil's view.
    pub watched: bool,
}

/// What the list shows now, for the board and for tests: a line per pupil, by slot.
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub struct RosterShows(pub Vec<RosterLine>);

/// A name's row on the board: selecting it watches the pupil in this slot.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub struct RosterRow(pub u8);

/// The board while it is shown.
#[derive(Resource, Debug)]
struct RosterBoard {
    parts: UiBoard,
    font: Handle<Font>,
}

/// The list's texts (in `lobby.ftl`).
#[derive(Resource, Debug)]
struct RosterTexts(Texts);

/// The teacher's pupil list.
pub struct RosterPlugin;

impl Plugin for RosterPlugin {
    fn build(&self, app: &mut App) {
        let texts = crate::lobby::lobby_texts().unwrap_or_else(|errors| {
            error!("the pupil list's texts have errors:\n{errors}");
            Texts::default()
        });
        app.init_resource::<RosterShown>()
            .init_resource::<RosterShows>()
            .insert_resource(RosterTexts(texts))
            .add_systems(
                PreUpdate,
                choose_from_roster
                    .in_set(ActionSystems::Menu)
                    .after(PointerSystems),
            )
            .add_systems(
                Update,
                (toggle_roster, keep_roster, scale_roster, fill_roster)
                    .chain()
                    .after(PresenceSystems),
            );
    }
}

/// Where the board stands from the view's anchor: in a window (the anchor is the camera), at
/// the top left of the view 1.4 m ahead, above where the class usually stands, and whole
/// in a 4:3 projector's picture too;
/// in a headset (the anchor is the floor under the tracked space), 0.7 m ahead and to the
/// left of the eyes at waist height, turned to face them.
pub fn roster_placement(anchor: &ViewAnchor) -> Transform {
    match *anchor {
        ViewAnchor::Eye => Transform::from_xyz(-0.4, 0.3, -1.4),
        ViewAnchor::Floor { eye_height_m } => {
            let at = Vec3::new(-0.4, eye_height_m - 0.5, -0.55);
            let eye = Vec3::new(0.0, eye_height_m, 0.0);
            // A rectangle faces +Z: its back away from the eyes.
            Transform::from_translation(at).looking_to(at - eye, Vec3::Y)
        }
    }
}

/// The list's lines: each pupil in slot order, with how far they stand from `here` on the
/// ground (metres) or, when their device has not been heard for [`QUIET_MS`], for how long.
pub fn roster_lines(
    client: &SessionClient,
    here: Vec3,
    now: u64,
    watching: Watching,
    not_heard: &str,
) -> Vec<RosterLine> {
    let mut pupils: Vec<_> = client
        .people
        .iter()
        .filter(|(_, p)| p.role == Role::Pupil)
        .collect();
    pupils.sort_unstable_by_key(|(slot, _)| **slot);
    pupils
        .into_iter()
        .map(|(&slot, person)| {
            let heard = person.motion.newest_ms();
            let state = match (heard, person.pose(now)) {
                (Some(at), Some(pose)) if now.saturating_sub(at) < QUIET_MS => {
                    let head = Vec3::from_array(pose.head.position);
                    let metres = (head - here).with_y(0.0).length();
                    format!("{metres:.0} m")
                }
                (Some(at), _) => format!("{not_heard} {} s", now.saturating_sub(at) / 1000),
                (None, _) => "…".to_owned(),
            };
            RosterLine {
                slot,
                text: format!("{} · {state}", person.pseudonym),
                watched: watching == Watching::One(slot),
            }
        })
        .collect()
}

/// F1 or the menu's "Pupils" hides and shows the list.
fn toggle_roster(actions: Option<Res<Actions>>, mut shown: ResMut<RosterShown>) {
    if actions.is_some_and(|a| a.just_pressed(Action::PupilList)) {
        shown.0 = !shown.0;
    }
}

fn is_teacher(client: &SessionClient) -> bool {
    client
        .me
        .as_ref()
        .is_some_and(|me| me.role == Role::Teacher)
}

/// Puts the board beside the teacher when it should be shown, and takes it away when not.
#[expect(clippy::too_many_arguments, reason = "a system that builds a board")]
fn keep_roster(
    client: Res<SessionClient>,
    shown: Res<RosterShown>,
    board: Option<Res<RosterBoard>>,
    anchors: Query<(Entity, &ViewAnchor)>,
    mut commands: Commands,
    mut images: ResMut<Assets<Image>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
    (server, mut shows): (Option<Res<AssetServer>>, ResMut<RosterShows>),
) {
    let wanted = shown.0 && is_teacher(&client);
    match (wanted, board) {
        (true, None) => {
            let Some((anchor, kind)) = anchors.iter().next() else {
                return;
            };
            let parts = UiBoard::spawn(
                &mut commands,
                (&mut images, &mut meshes, &mut materials),
                "Pupil list",
                ROSTER_M,
                PIXELS_PER_M,
                -13,
            );
            commands.entity(parts.ui).insert((
                Node {
                    width: percent(100),
                    height: percent(100),
                    flex_direction: FlexDirection::Column,
                    padding: UiRect::all(px(28)),
                    row_gap: px(8),
                    border_radius: BorderRadius::all(px(28)),
                    ..default()
                },
                BackgroundColor(Color::srgb(0.04, 0.05, 0.08)),
            ));
            commands.entity(parts.board).insert(roster_placement(kind));
            commands.entity(anchor).add_child(parts.board);
            commands.insert_resource(RosterBoard {
                parts,
                font: server.map(|s| s.load(PANEL_FONT)).unwrap_or_default(),
            });
            // Drawn on the next refresh, whatever it shows.
            shows.0.clear();
            shows.set_changed();
        }
        (false, Some(board)) => {
            for part in [board.parts.board, board.parts.camera, board.parts.ui] {
                commands.entity(part).despawn();
            }
            commands.remove_resource::<RosterBoard>();
        }
        _ => {}
    }
}

/// The board grows with the larger-text setting, as every board of text does.
fn scale_roster(
    scale: Option<Res<BoardScale>>,
    board: Option<Res<RosterBoard>>,
    mut transforms: Query<&mut Transform>,
) {
    let (Some(scale), Some(board)) = (scale, board) else {
        return;
    };
    if let Ok(mut transform) = transforms.get_mut(board.parts.board)
        && transform.scale.x != scale.0
    {
        transform.scale = Vec3::splat(scale.0);
    }
}

/// Brings the list up to date every [`REFRESH_S`] and redraws the board when it changed.
#[expect(clippy::too_many_arguments, reason = "a system that draws a board")]
fn fill_roster(
    time: Res<Time<Real>>,
    mut since: Local<f32>,
    client: Res<SessionClient>,
    watching: Res<Watching>,
    board: Option<Res<RosterBoard>>,
    eyes: Query<&GlobalTransform, With<ViewAnchor>>,
    (language, texts): (Res<Language>, Res<RosterTexts>),
    mut shows: ResMut<RosterShows>,
    rows: Query<Entity, With<RosterRow>>,
    mut commands: Commands,
) {
    let Some(board) = board else { return };
    *since += time.delta_secs();
    if *since < REFRESH_S && !shows.is_changed() && !watching.is_changed() {
        return;
    }
    *since = 0.0;
    let say = |key: &str| texts.0.get(language.0, key).unwrap_or(key).to_owned();
    let here = eyes.iter().next().map_or(Vec3::ZERO, |e| e.translation());
    let lines = roster_lines(&client, here, now_ms(), *watching, &say("roster-not-heard"));
    if lines == shows.0 && !shows.is_changed() {
        return;
    }
    shows.0 = lines;
    draw(&board, &shows.0, &say, &rows, &mut commands);
}

/// Draws the lines into the board and puts a collider on each name.
fn draw(
    board: &RosterBoard,
    lines: &[RosterLine],
    say: &dyn Fn(&str) -> String,
    rows: &Query<Entity, With<RosterRow>>,
    commands: &mut Commands,
) {
    for row in rows {
        commands.entity(row).despawn();
    }
    let ui = board.parts.ui;
    commands.entity(ui).despawn_related::<Children>();
    let text = |words: String, size: f32, colour: Color| {
        (
            Text::new(words),
            TextFont {
                font: board.font.clone().into(),
                font_size: FontSize::Px(size),
                ..default()
            },
            TextColor(colour),
        )
    };
    let pixels = ROSTER_M * PIXELS_PER_M;
    let title = format!("{} ({})", say("roster-title"), lines.len());
    commands
        .entity(ui)
        .with_child(text(title, 44.0, Color::WHITE));
    let note = if lines.is_empty() {
        say("roster-none")
    } else {
        say("roster-hint")
    };
    commands
        .entity(ui)
        .with_child(text(note, 28.0, Color::srgb(0.78, 0.84, 0.92)));
    // Rows below the title and the note, in columns, a column filled before the next.
    let top = 120.0;
    let row_px = (pixels.y - top - 28.0) / ROWS as f32;
    let column_px = (pixels.x - 56.0) / COLUMNS as f32;
    let shown = lines.len().min(ROWS * COLUMNS);
    for (n, line) in lines.iter().take(shown).enumerate() {
        let (column, row) = (n / ROWS, n % ROWS);
        let (x, y) = (28.0 + column_px * column as f32, top + row_px * row as f32);
        // The last place says how many more there are, and is no one's row to select.
        let more = n + 1 == shown && lines.len() > shown;
        let (label, colour) = if more {
            (format!("+ {}", lines.len() - shown + 1), Color::WHITE)
        } else {
            (format!("● {}", line.text), slot_colour(line.slot))
        };
        commands.entity(ui).with_child((
            Node {
                position_type: PositionType::Absolute,
                left: px(x),
                top: px(y),
                width: px(column_px - 8.0),
                height: px(row_px - 4.0),
                align_items: AlignItems::Center,
                padding: UiRect::horizontal(px(8)),
                border_radius: BorderRadius::all(px(10)),
                ..default()
            },
            BackgroundColor(if line.watched {
                Color::srgb(0.20, 0.26, 0.38)
            } else {
                Color::NONE
            }),
            children![text(label, 30.0, colour)],
        ));
        if more {
            continue;
        }
        // The row's middle, metres from the board's centre (x right, y up).
        let centre = Vec2::new(
            (x + (column_px - 8.0) / 2.0) / PIXELS_PER_M - ROSTER_M.x / 2.0,
            ROSTER_M.y / 2.0 - (y + (row_px - 4.0) / 2.0) / PIXELS_PER_M,
        );
        commands.entity(board.parts.board).with_child((
            Name::new(format!("Pupil list row {}", line.slot)),
            RosterRow(line.slot),
            Collider::cuboid(
                (column_px - 8.0) / PIXELS_PER_M / 2.0,
                (row_px - 4.0) / PIXELS_PER_M / 2.0,
                0.005,
            ),
            Sensor,
            Transform::from_xyz(centre.x, centre.y, 0.0),
        ));
    }
}

/// A select on a name watches that pupil in a window (and selecting the watched pupil's name,
/// the teacher's own view again); the select is taken from everything else.
fn choose_from_roster(
    hit: Option<Res<PointerHit>>,
    rows: Query<&RosterRow>,
    windows: Query<(), With<ViewerCamera>>,
    actions: Option<ResMut<Actions>>,
    watching: Option<ResMut<Watching>>,
) {
    let (Some(mut actions), Some(mut watching)) = (actions, watching) else {
        return;
    };
    if !actions.just_pressed(Action::Select) {
        return;
    }
    let Some(row) = hit
        .and_then(|hit| hit.0)
        .and_then(|hit| rows.get(hit.entity).ok())
    else {
        return;
    };
    actions.consume(Action::Select);
    // A headset keeps its wearer's own view.
    if windows.is_empty() {
        return;
    }
    *watching = match *watching {
        Watching::One(slot) if slot == row.0 => Watching::Own,
        _ => Watching::One(row.0),
    };
}
