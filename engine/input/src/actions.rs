//! One vocabulary of actions for every device: what a pupil does (grab, point and select,
//! teleport, snap-turn, open the menu, take a snapshot), never which button they pressed.
//!
//! Scenes and the session layer read [`Actions`]; the laptop's keyboard and mouse
//! ([`crate::bindings`]), each headset's controllers and the in-world menu write it. Everything here is in metres and radians, as in all of
//! Retki: one Bevy unit is one metre.

use std::collections::HashSet;

use bevy::input::InputSystems;
use bevy::prelude::*;
use retki_core::experiment::{DropRequest, DropSubject};
use retki_core::poi::{OpenPoiRequest, PoiMarker};
use retki_core::pointer::PointerHit;
use retki_core::scene::SceneRegistry;
use retki_core::trip::{ActiveTrip, TripPhase, TripRequest};
use retki_core::viewer::{CurrentViewpoint, GoToViewpoint};

use crate::bindings::{KEYBOARD, MOUSE, TYPING};

/// What a person can do: a pupil on a trip, a pupil designing the schoolyard, a pupil
/// answering a task, a teacher guiding the class. Every device reaches every action: the
/// keyboard and mouse through [`crate::bindings::KEYBOARD`] and [`crate::bindings::MOUSE`],
/// controllers and tracked hands through their bindings and the in-world menu
/// ([`crate::menu`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Take hold of the object in reach (released when the action ends).
    Grab,
    /// Point and choose: open a point of interest, press a button.
    Select,
    /// Aim the teleport arc; moving happens when the action ends.
    Teleport,
    /// Turn left by one snap-turn step.
    SnapTurnLeft,
    /// Turn right by one snap-turn step.
    SnapTurnRight,
    /// Open or close the menu; in the schoolyard, the next item or tool; in the town, the
    /// clock an hour on.
    Menu,
    /// Take a snapshot for the portfolio.
    Capture,
    /// The n-th (1 to 9) of what is offered: a place in the trip chooser, a choice of the
    /// lesson's open task.
    Choose(u8),
    /// Leave the trip for the chooser.
    Leave,
    /// Go to the place's next viewpoint.
    NextViewpoint,
    /// Say yes to what is asked (go back into the headset).
    Confirm,
    /// Schoolyard: take back the last change.
    Undo,
    /// Schoolyard: make the change taken back again.
    Redo,
    /// Schoolyard: remove the pointed item.
    Delete,
    /// Schoolyard: give the pointed item the next colour.
    Recolour,
    /// Schoolyard: the next tool (items one by one, then the tape, the area and the
    /// alignment tools).
    NextTool,
    /// Schoolyard: the tool before.
    PreviousTool,
    /// Schoolyard: save the design to a file.
    Save,
    /// Schoolyard: the next kind of item to place.
    NextItem,
    /// Schoolyard: the kind of item before.
    PreviousItem,
    /// Schoolyard: turn the item to place one step clockwise.
    RotateItem,
    /// Schoolyard: turn it one step back.
    RotateItemBack,
    /// Schoolyard: make the item to place wider.
    Wider,
    /// Schoolyard: narrower.
    Narrower,
    /// Schoolyard: deeper.
    Deeper,
    /// Schoolyard: shallower.
    Shallower,
    /// Schoolyard: snap to the grid, or stop snapping.
    ToggleGrid,
    /// Schoolyard: the measuring tape.
    TapeTool,
    /// Schoolyard: the area tool.
    AreaTool,
    /// Schoolyard: pick up the pointed item to move it.
    MoveItem,
    /// Laptop camera: orbit left.
    OrbitLeft,
    /// Laptop camera: orbit right.
    OrbitRight,
    /// Laptop camera: orbit up.
    OrbitUp,
    /// Laptop camera: orbit down.
    OrbitDown,
    /// Laptop camera: come nearer.
    ZoomIn,
    /// Laptop camera: go further.
    ZoomOut,
    /// Places whose Sun moves: half an hour earlier.
    Earlier,
    /// Places whose Sun moves: half an hour later.
    Later,
    /// Teacher: bring the class round the teacher.
    Gather,
    /// Teacher: freeze every pupil's input.
    FreezeAll,
    /// Teacher: let every pupil move again.
    UnfreezeAll,
    /// Teacher: show everyone an arrow at what the pointer touches.
    LookHere,
    /// Teacher: take the class to the next place.
    NextPlace,
    /// Teacher: end the session.
    EndSession,
    /// Teacher: the lesson's step before.
    PreviousStep,
    /// Teacher: the lesson's next step.
    NextStep,
    /// Teacher: take the pupil the pointer is on out of the session (pressed a second time
    /// on the same pupil to be sure).
    TakeOut,
    /// Teacher, in a window: show the next pupil's view (after the last, their own).
    WatchPupil,
    /// Teacher, in a window: show up to nine pupils' views at once, or their own again.
    WatchGrid,
    /// Teacher: show or hide where each pupil looks (a ring of the pupil's colour).
    ShowGaze,
    /// Teacher: show or hide the list of pupils.
    PupilList,
    /// Type this character into the field that is open (a join code, a name, an address):
    /// from a key while [`TextEntry`] is on, or from a button of an in-world keypad.
    Type(char),
    /// Take back the last character typed.
    Erase,
}

impl Action {
    /// Every action, in a fixed order.
    pub const ALL: [Action; 60] = [
        Action::Grab,
        Action::Select,
        Action::Teleport,
        Action::SnapTurnLeft,
        Action::SnapTurnRight,
        Action::Menu,
        Action::Capture,
        Action::Choose(1),
        Action::Choose(2),
        Action::Choose(3),
        Action::Choose(4),
        Action::Choose(5),
        Action::Choose(6),
        Action::Choose(7),
        Action::Choose(8),
        Action::Choose(9),
        Action::Leave,
        Action::NextViewpoint,
        Action::Confirm,
        Action::Undo,
        Action::Redo,
        Action::Delete,
        Action::Recolour,
        Action::NextTool,
        Action::PreviousTool,
        Action::Save,
        Action::NextItem,
        Action::PreviousItem,
        Action::RotateItem,
        Action::RotateItemBack,
        Action::Wider,
        Action::Narrower,
        Action::Deeper,
        Action::Shallower,
        Action::ToggleGrid,
        Action::TapeTool,
        Action::AreaTool,
        Action::MoveItem,
        Action::OrbitLeft,
        Action::OrbitRight,
        Action::OrbitUp,
        Action::OrbitDown,
        Action::ZoomIn,
        Action::ZoomOut,
        Action::Earlier,
        Action::Later,
        Action::Gather,
        Action::FreezeAll,
        Action::UnfreezeAll,
        Action::LookHere,
        Action::NextPlace,
        Action::EndSession,
        Action::PreviousStep,
        Action::NextStep,
        Action::TakeOut,
        Action::WatchPupil,
        Action::WatchGrid,
        Action::ShowGaze,
        Action::PupilList,
        Action::Erase,
    ];

    /// A short label for the action, as the in-world menu shows it.
    pub fn label(self) -> String {
        match self {
            Action::Choose(n) => n.to_string(),
            Action::Type(c) => c.to_string(),
            Action::Erase => "Erase".into(),
            Action::Undo => "Undo".into(),
            Action::Redo => "Redo".into(),
            Action::Delete => "Delete".into(),
            Action::Recolour => "Colour".into(),
            Action::NextTool => "Tool >".into(),
            Action::PreviousTool => "< Tool".into(),
            Action::Save => "Save".into(),
            Action::Capture => "Photo".into(),
            Action::NextViewpoint => "View >".into(),
            Action::Gather => "Gather".into(),
            Action::FreezeAll => "Freeze".into(),
            Action::UnfreezeAll => "Unfreeze".into(),
            Action::LookHere => "Look here".into(),
            Action::NextPlace => "Place >".into(),
            Action::EndSession => "End".into(),
            Action::PreviousStep => "< Step".into(),
            Action::NextStep => "Step >".into(),
            Action::TakeOut => "Take out".into(),
            Action::WatchPupil => "Watch".into(),
            Action::WatchGrid => "Grid of views".into(),
            Action::ShowGaze => "Gaze".into(),
            Action::PupilList => "Pupils".into(),
            Action::NextItem => "Item >".into(),
            Action::PreviousItem => "< Item".into(),
            Action::RotateItem => "Turn".into(),
            Action::RotateItemBack => "Turn back".into(),
            Action::ToggleGrid => "Grid".into(),
            Action::TapeTool => "Tape".into(),
            Action::AreaTool => "Area".into(),
            Action::MoveItem => "Move".into(),
            other => format!("{other:?}"),
        }
    }
}

/// Which actions are held this frame, from every device together.
#[derive(Resource, Default, Debug)]
pub struct Actions {
    pressed: HashSet<Action>,
    previous: HashSet<Action>,
    /// Held, but taken by the menu: not seen until released.
    consumed: HashSet<Action>,
}

impl Actions {
    /// Whether `action` is held.
    pub fn pressed(&self, action: Action) -> bool {
        self.pressed.contains(&action)
    }

    /// Whether `action` started this frame.
    pub fn just_pressed(&self, action: Action) -> bool {
        self.pressed.contains(&action) && !self.previous.contains(&action)
    }

    /// Whether `action` ended this frame.
    pub fn just_released(&self, action: Action) -> bool {
        !self.pressed.contains(&action) && self.previous.contains(&action)
    }

    /// The characters whose [`Action::Type`] started this frame, in no particular order
    /// (a frame rarely has more than one).
    pub fn typed(&self) -> impl Iterator<Item = char> + '_ {
        self.pressed.iter().filter_map(|action| match action {
            Action::Type(c) if !self.previous.contains(action) => Some(*c),
            _ => None,
        })
    }

    /// Marks `action` as held this frame (called by device readers).
    pub fn press(&mut self, action: Action) {
        self.pressed.insert(action);
    }

    /// Lets go of every action this frame (while a teacher has frozen the pupil's input).
    pub fn release_all(&mut self) {
        self.pressed.clear();
    }

    /// Takes `action` away from everything else until the device lets go of it (the
    /// in-world menu consumes the select that pressed one of its buttons).
    pub fn consume(&mut self, action: Action) {
        if self.pressed.remove(&action) {
            self.consumed.insert(action);
        }
    }
}

/// Whether a text field is open (a join code, a name): then the keys that type a character
/// type it ([`Action::Type`]) instead of their actions, and only the keys that do not type
/// (Enter, Escape, Backspace, Tab, the arrows, the function keys) keep theirs.
#[derive(Resource, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TextEntry(pub bool);

/// Whether the number keys open the places while no place is open. The class lobby turns
/// this off while it uses the numbers for something else.
#[derive(Resource, Clone, Copy, Debug, PartialEq, Eq)]
pub struct NumbersOpenPlaces(pub bool);

impl Default for NumbersOpenPlaces {
    fn default() -> Self {
        Self(true)
    }
}

/// The order in which actions are read each frame.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActionSystems {
    /// Last frame's actions become the previous ones.
    Clear,
    /// Devices mark what is held.
    Read,
    /// The in-world menu turns a select on one of its buttons into that button's action;
    /// after this set, [`Actions`] is current.
    Menu,
}

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<Actions>()
        .init_resource::<TextEntry>()
        .init_resource::<NumbersOpenPlaces>()
        .add_message::<OpenPoiRequest>()
        .add_message::<DropRequest>()
        .configure_sets(
            PreUpdate,
            (
                ActionSystems::Clear,
                ActionSystems::Read,
                ActionSystems::Menu,
            )
                .chain()
                .after(InputSystems),
        )
        .add_systems(PreUpdate, clear.in_set(ActionSystems::Clear))
        .add_systems(PreUpdate, settle_consumed.in_set(ActionSystems::Menu))
        .add_systems(PreUpdate, read_flat_input.in_set(ActionSystems::Read))
        .add_systems(
            Update,
            (
                select_pointed_poi,
                choose_trip
                    .run_if(in_state(TripPhase::Chooser))
                    .run_if(|numbers: Res<NumbersOpenPlaces>| numbers.0),
                leave_or_next_viewpoint.run_if(in_state(TripPhase::InScene)),
            ),
        );
}

/// Selecting while pointing at a point of interest's marker opens it; at a body of a drop
/// experiment, drops them all.
fn select_pointed_poi(
    actions: Res<Actions>,
    hit: Option<Res<PointerHit>>,
    markers: Query<&PoiMarker>,
    subjects: Query<(), With<DropSubject>>,
    mut open: MessageWriter<OpenPoiRequest>,
    mut drop: MessageWriter<DropRequest>,
) {
    if !actions.just_pressed(Action::Select) {
        return;
    }
    let Some(entity) = hit.and_then(|hit| hit.0).map(|hit| hit.entity) else {
        return;
    };
    if let Ok(marker) = markers.get(entity) {
        open.write(OpenPoiRequest(marker.id.clone()));
    } else if subjects.contains(entity) {
        drop.write(DropRequest);
    }
}

/// Choosing a number in the trip chooser opens that place, in the registry's order.
fn choose_trip(
    actions: Res<Actions>,
    registry: Res<SceneRegistry>,
    mut request: MessageWriter<TripRequest>,
) {
    for (def, number) in registry.iter().zip(1..=9) {
        if actions.just_pressed(Action::Choose(number)) {
            request.write(TripRequest(Some(def.id)));
        }
    }
}

/// Leaving goes back to the chooser; the next viewpoint goes round the place's viewpoints.
fn leave_or_next_viewpoint(
    actions: Res<Actions>,
    trip: Res<State<ActiveTrip>>,
    registry: Res<SceneRegistry>,
    current: Res<CurrentViewpoint>,
    mut go: MessageWriter<GoToViewpoint>,
    mut request: MessageWriter<TripRequest>,
) {
    if actions.just_pressed(Action::Leave) {
        request.write(TripRequest(None));
    }
    if actions.just_pressed(Action::NextViewpoint)
        && let Some(def) = registry.open(trip.get())
    {
        let names = def.viewpoint_names();
        let now = names
            .iter()
            .position(|n| Some(*n) == current.0.as_deref())
            .unwrap_or(0);
        go.write(GoToViewpoint(names[(now + 1) % names.len()].to_string()));
    }
}

fn clear(mut actions: ResMut<Actions>) {
    let actions = &mut *actions;
    std::mem::swap(&mut actions.previous, &mut actions.pressed);
    actions.pressed.clear();
}

fn read_flat_input(
    keys: Option<Res<ButtonInput<KeyCode>>>,
    mouse: Option<Res<ButtonInput<MouseButton>>>,
    entry: Res<TextEntry>,
    mut actions: ResMut<Actions>,
) {
    if let Some(keys) = keys {
        let shift = keys.any_pressed([KeyCode::ShiftLeft, KeyCode::ShiftRight]);
        if entry.0 {
            for &(key, lower, upper) in TYPING.iter() {
                if keys.pressed(key) {
                    actions.press(Action::Type(if shift { upper } else { lower }));
                }
            }
        }
        for &(action, chord) in KEYBOARD.iter() {
            let types = TYPING.iter().any(|(key, ..)| *key == chord.key());
            if chord.held(&keys) && !(entry.0 && types) {
                actions.press(action);
            }
        }
    }
    if let Some(mouse) = mouse {
        for &(action, button) in MOUSE.iter() {
            if mouse.pressed(button) {
                actions.press(action);
            }
        }
    }
}

/// What the menu took stays taken while a device holds it, and is free again once let go.
pub(crate) fn settle_consumed(mut actions: ResMut<Actions>) {
    let actions = &mut *actions;
    let pressed = &mut actions.pressed;
    actions.consumed.retain(|action| pressed.remove(action));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app() -> App {
        let mut app = App::new();
        app.add_plugins((bevy::input::InputPlugin, bevy::state::app::StatesPlugin))
            .init_state::<ActiveTrip>()
            .init_state::<TripPhase>()
            .init_resource::<SceneRegistry>()
            .init_resource::<CurrentViewpoint>()
            .add_message::<TripRequest>()
            .add_message::<GoToViewpoint>()
            .add_plugins(plugin);
        app
    }

    #[test]
    fn keys_and_mouse_become_actions_with_edges() {
        let mut app = app();
        app.world_mut()
            .resource_mut::<ButtonInput<KeyCode>>()
            .press(KeyCode::KeyT);
        app.world_mut()
            .resource_mut::<ButtonInput<MouseButton>>()
            .press(MouseButton::Left);
        app.update();
        let actions = app.world().resource::<Actions>();
        assert!(actions.just_pressed(Action::Teleport));
        assert!(actions.just_pressed(Action::Select));
        assert!(!actions.pressed(Action::Grab));

        app.update();
        let actions = app.world().resource::<Actions>();
        assert!(actions.pressed(Action::Teleport) && !actions.just_pressed(Action::Teleport));

        app.world_mut()
            .resource_mut::<ButtonInput<KeyCode>>()
            .release(KeyCode::KeyT);
        app.update();
        assert!(
            app.world()
                .resource::<Actions>()
                .just_released(Action::Teleport)
        );
    }

    #[test]
    fn a_consumed_action_waits_for_release() {
        let mut app = app();
        app.world_mut()
            .resource_mut::<ButtonInput<MouseButton>>()
            .press(MouseButton::Left);
        app.update();
        app.world_mut()
            .resource_mut::<Actions>()
            .consume(Action::Select);
        app.update();
        assert!(!app.world().resource::<Actions>().pressed(Action::Select));
        app.world_mut()
            .resource_mut::<ButtonInput<MouseButton>>()
            .release(MouseButton::Left);
        app.update();
        app.world_mut()
            .resource_mut::<ButtonInput<MouseButton>>()
            .press(MouseButton::Left);
        app.update();
        assert!(
            app.world()
                .resource::<Actions>()
                .just_pressed(Action::Select)
        );
    }
}
