//! The in-world menu: a board on the off hand (the left controller, or the left hand where
//! hands are tracked; the right with the left hand pointing, or floating before a one-handed
//! pupil: [`crate::hands`]) with a button for each action that a headset has no button for.
//! The pointing hand points at a button and selects it; the select is consumed, and the button's
//! action is pressed for that frame, exactly as a key would press it on a laptop. So a pupil
//! in a headset can undo, delete, recolour and save a schoolyard item, answer a task and take
//! a snapshot, and a teacher can guide the class.
//!
//! Which buttons show depends on [`MenuOffer`], which the features that use them set: the
//! schoolyard's design tools while designing, the teacher's controls for a teacher, the
//! answers while a choice task is open.

use bevy::prelude::*;
use bevy_rapier3d::prelude::{Collider, Sensor};
use retki_core::panel::{PANEL_FONT, UiBoard};
use retki_core::pointer::{PointerHit, PointerSystems};

use crate::actions::{Action, ActionSystems, Actions};
use crate::posture::RigPart;

/// Buttons for every pupil on a trip. The next viewpoint is here because the pointer cannot
/// reach the ground from a viewpoint high above a place (the schoolyard's overview).
pub const TRIP_ACTIONS: [Action; 4] = [
    Action::Capture,
    Action::NextViewpoint,
    Action::Earlier,
    Action::Later,
];
/// Answers to a choice task (the first four choices; lesson plans offer at most four in a
/// headset's reach).
pub const ANSWER_ACTIONS: [Action; 4] = [
    Action::Choose(1),
    Action::Choose(2),
    Action::Choose(3),
    Action::Choose(4),
];
/// The schoolyard's design tools.
pub const DESIGN_ACTIONS: [Action; 19] = [
    Action::Undo,
    Action::Redo,
    Action::Delete,
    Action::Recolour,
    Action::PreviousTool,
    Action::NextTool,
    Action::PreviousItem,
    Action::NextItem,
    Action::RotateItemBack,
    Action::RotateItem,
    Action::Narrower,
    Action::Wider,
    Action::Shallower,
    Action::Deeper,
    Action::ToggleGrid,
    Action::TapeTool,
    Action::AreaTool,
    Action::MoveItem,
    Action::Save,
];
/// The teacher's controls.
pub const TEACHER_ACTIONS: [Action; 11] = [
    Action::PreviousStep,
    Action::NextStep,
    Action::FreezeAll,
    Action::UnfreezeAll,
    Action::Gather,
    Action::LookHere,
    Action::ShowGaze,
    Action::PupilList,
    Action::NextPlace,
    Action::EndSession,
    Action::TakeOut,
];
/// Buttons in a row.
pub const COLUMNS: usize = 4;
/// Most rows the board has room for.
pub const MAX_ROWS: usize = 10;
/// A button on the board, metres: large enough to hit with a hand's pointer at arm's length
/// (a 4 cm target at 0.5 m is 4.6°, above the 2–3° pointing error of tracked controllers
/// that Meta's hand-interaction guidance works with).
pub const BUTTON_M: Vec2 = Vec2::new(0.045, 0.028);
/// Space between buttons, metres.
const GAP_M: f32 = 0.004;
/// Pixels per metre of the board's texture.
const PIXELS_PER_M: f32 = 4000.0;
/// Label text size, pixels.
const LABEL_PX: f32 = 26.0;

/// What the menu offers now; the features that own the actions set it.
#[derive(Resource, Clone, Debug, Default, PartialEq, Eq)]
pub struct MenuOffer {
    /// The schoolyard's design tools (while designing).
    pub design: bool,
    /// The teacher's controls (for a session's teacher).
    pub teacher: bool,
    /// Answers to the open choice task (how many choices, up to four).
    pub answers: u8,
}

impl MenuOffer {
    /// Everything the menu can offer at once: a teacher designing with a task open.
    pub const EVERYTHING: MenuOffer = MenuOffer {
        design: true,
        teacher: true,
        answers: 4,
    };

    /// The buttons, in order, row by row.
    pub fn actions(&self) -> Vec<Action> {
        let mut actions = TRIP_ACTIONS.to_vec();
        actions.extend(&ANSWER_ACTIONS[..usize::from(self.answers.min(4))]);
        if self.design {
            actions.extend(DESIGN_ACTIONS);
        }
        if self.teacher {
            actions.extend(TEACHER_ACTIONS);
        }
        actions.truncate(COLUMNS * MAX_ROWS);
        actions
    }
}

/// A button of the menu: selecting it presses its action.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub struct MenuButton(pub Action);

/// The menu's board, on the off hand.
#[derive(Component, Debug)]
pub struct MenuBoard {
    /// The UI root that draws the labels into the board's texture.
    ui: Entity,
}

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<MenuOffer>()
        .add_observer(spawn_board)
        .add_systems(
            PreUpdate,
            press_pointed_button
                .in_set(ActionSystems::Menu)
                .after(crate::actions::settle_consumed)
                .after(PointerSystems),
        )
        .add_systems(Update, lay_out_buttons);
}

/// Where the board sits on the off hand: above the wrist, tilted towards the eyes.
pub fn board_placement() -> Transform {
    Transform::from_xyz(0.0, 0.06, 0.06).with_rotation(Quat::from_rotation_x(-0.6))
}

/// Centre of the button at `index` on the board, metres, from the board's centre.
pub fn button_centre(index: usize) -> Vec2 {
    let (column, row) = (index % COLUMNS, index / COLUMNS);
    let size = board_size();
    Vec2::new(
        -size.x / 2.0 + GAP_M + (BUTTON_M.x + GAP_M) * column as f32 + BUTTON_M.x / 2.0,
        size.y / 2.0 - GAP_M - (BUTTON_M.y + GAP_M) * row as f32 - BUTTON_M.y / 2.0,
    )
}

fn board_size() -> Vec2 {
    Vec2::new(
        GAP_M + (BUTTON_M.x + GAP_M) * COLUMNS as f32,
        GAP_M + (BUTTON_M.y + GAP_M) * MAX_ROWS as f32,
    )
}

/// Makes the board as soon as the rig has its controllers.
fn spawn_board(
    add: On<Add, RigPart>,
    parts: Query<&RigPart>,
    mut commands: Commands,
    mut images: ResMut<Assets<Image>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
    server: Option<Res<AssetServer>>,
) {
    // One board, made when the rig's left controller appears (the rig makes both).
    if parts.get(add.entity) != Ok(&RigPart::LeftController) {
        return;
    }
    let UiBoard { ui, board, .. } = UiBoard::spawn(
        &mut commands,
        (&mut images, &mut meshes, &mut materials),
        "Menu",
        board_size(),
        PIXELS_PER_M,
        -11,
    );
    let font = server.map(|s| s.load(PANEL_FONT)).unwrap_or_default();
    commands.entity(ui).insert((
        Node {
            width: percent(100),
            height: percent(100),
            display: Display::Grid,
            grid_template_columns: RepeatedGridTrack::px(COLUMNS as u16, BUTTON_M.x * PIXELS_PER_M),
            grid_auto_rows: vec![GridTrack::px(BUTTON_M.y * PIXELS_PER_M)],
            padding: UiRect::all(px(GAP_M * PIXELS_PER_M)),
            column_gap: px(GAP_M * PIXELS_PER_M),
            row_gap: px(GAP_M * PIXELS_PER_M),
            ..default()
        },
        MenuFont(font),
    ));
    // `hands` puts it on the holding hand, or before a one-handed pupil.
    commands
        .entity(board)
        .insert((MenuBoard { ui }, board_placement()));
}

/// The font the labels use.
#[derive(Component)]
struct MenuFont(Handle<Font>);

/// Rebuilds the buttons and their labels when the offer changes (or a board is new).
fn lay_out_buttons(
    offer: Res<MenuOffer>,
    boards: Query<(Entity, &MenuBoard, Option<&Children>), Added<MenuBoard>>,
    all_boards: Query<(Entity, &MenuBoard, Option<&Children>)>,
    fonts: Query<&MenuFont>,
    buttons: Query<(), With<MenuButton>>,
    mut commands: Commands,
) {
    let rebuild: Vec<_> = if offer.is_changed() {
        all_boards.iter().collect()
    } else {
        boards.iter().collect()
    };
    for (entity, board, children) in rebuild {
        for child in children.into_iter().flatten() {
            if buttons.contains(*child) {
                commands.entity(*child).despawn();
            }
        }
        commands.entity(board.ui).despawn_related::<Children>();
        let font = fonts.get(board.ui).map(|f| f.0.clone()).unwrap_or_default();
        for (index, action) in offer.actions().into_iter().enumerate() {
            let centre = button_centre(index);
            commands.entity(entity).with_child((
                Name::new(format!("Menu button {}", action.label())),
                MenuButton(action),
                Collider::cuboid(BUTTON_M.x / 2.0, BUTTON_M.y / 2.0, 0.005),
                Sensor,
                Transform::from_xyz(centre.x, centre.y, 0.0),
            ));
            commands.entity(board.ui).with_child((
                Node {
                    justify_content: JustifyContent::Center,
                    align_items: AlignItems::Center,
                    border_radius: BorderRadius::all(px(14)),
                    ..default()
                },
                BackgroundColor(Color::srgb(0.12, 0.16, 0.24)),
                children![(
                    Text::new(action.label()),
                    TextFont {
                        font: font.clone().into(),
                        font_size: FontSize::Px(LABEL_PX),
                        ..default()
                    },
                    TextColor(Color::WHITE),
                )],
            ));
        }
    }
}

/// A select that lands on a button presses the button's action instead.
fn press_pointed_button(
    hit: Option<Res<PointerHit>>,
    buttons: Query<&MenuButton>,
    mut actions: ResMut<Actions>,
) {
    if !actions.just_pressed(Action::Select) {
        return;
    }
    let Some(button) = hit
        .and_then(|hit| hit.0)
        .and_then(|hit| buttons.get(hit.entity).ok())
    else {
        return;
    };
    actions.consume(Action::Select);
    actions.press(button.0);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_menu_lists_every_action_it_offers_once() {
        let all = MenuOffer::EVERYTHING.actions();
        for (i, a) in all.iter().enumerate() {
            assert!(!all[i + 1..].contains(a), "{a:?} twice");
        }
        let offered = TRIP_ACTIONS.len()
            + ANSWER_ACTIONS.len()
            + DESIGN_ACTIONS.len()
            + TEACHER_ACTIONS.len();
        assert_eq!(all.len(), offered, "everything fits on the board");
    }

    #[test]
    fn buttons_lie_on_the_board_without_overlapping() {
        let size = board_size();
        for i in 0..COLUMNS * MAX_ROWS {
            let c = button_centre(i);
            assert!(c.x.abs() + BUTTON_M.x / 2.0 <= size.x / 2.0 + 1e-6);
            assert!(c.y.abs() + BUTTON_M.y / 2.0 <= size.y / 2.0 + 1e-6);
        }
        let (a, b, below) = (button_centre(0), button_centre(1), button_centre(COLUMNS));
        assert!(b.x - a.x >= BUTTON_M.x && a.y - below.y >= BUTTON_M.y);
    }
}
