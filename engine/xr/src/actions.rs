//! One vocabulary of actions for every device: what a pupil does (grab, point and select,
//! teleport, snap-turn, open the menu, take a snapshot), never which button they pressed.
//!
//! Scenes and the session layer read [`Actions`]; the laptop's keyboard and mouse and each
//! headset's controllers write it. Everything here is in metres and radians, as in all of
//! Retki: one Bevy unit is one metre.

use std::collections::HashSet;

use bevy::input::InputSystems;
use bevy::prelude::*;
use retki_core::experiment::{DropRequest, DropSubject};
use retki_core::poi::{OpenPoiRequest, PoiMarker};
use retki_core::pointer::PointerHit;

/// What a pupil can do.
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
    /// Open or close the menu.
    Menu,
    /// Take a snapshot for the portfolio.
    Capture,
}

impl Action {
    /// Every action, in a fixed order.
    pub const ALL: [Action; 7] = [
        Action::Grab,
        Action::Select,
        Action::Teleport,
        Action::SnapTurnLeft,
        Action::SnapTurnRight,
        Action::Menu,
        Action::Capture,
    ];
}

/// Which actions are held this frame, from every device together.
#[derive(Resource, Default, Debug)]
pub struct Actions {
    pressed: HashSet<Action>,
    previous: HashSet<Action>,
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

    /// Marks `action` as held this frame (called by device readers).
    pub fn press(&mut self, action: Action) {
        self.pressed.insert(action);
    }

    /// Lets go of every action this frame (while a teacher has frozen the pupil's input).
    pub fn release_all(&mut self) {
        self.pressed.clear();
    }
}

/// The order in which actions are read each frame.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActionSystems {
    /// Last frame's actions become the previous ones.
    Clear,
    /// Devices mark what is held; after this set, [`Actions`] is current.
    Read,
}

/// Keyboard keys of the flat (laptop) mode, for each action.
pub const FLAT_KEYS: [(Action, KeyCode); 6] = [
    (Action::Grab, KeyCode::KeyG),
    (Action::Teleport, KeyCode::KeyT),
    (Action::SnapTurnLeft, KeyCode::KeyQ),
    (Action::SnapTurnRight, KeyCode::KeyE),
    (Action::Menu, KeyCode::KeyM),
    (Action::Capture, KeyCode::KeyP),
];

/// Mouse buttons of the flat mode: left selects, right grabs.
pub const FLAT_BUTTONS: [(Action, MouseButton); 2] = [
    (Action::Select, MouseButton::Left),
    (Action::Grab, MouseButton::Right),
];

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<Actions>()
        .add_message::<OpenPoiRequest>()
        .add_message::<DropRequest>()
        .configure_sets(
            PreUpdate,
            (ActionSystems::Clear, ActionSystems::Read)
                .chain()
                .after(InputSystems),
        )
        .add_systems(PreUpdate, clear.in_set(ActionSystems::Clear))
        .add_systems(PreUpdate, read_flat_input.in_set(ActionSystems::Read))
        .add_systems(Update, select_pointed_poi);
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

fn clear(mut actions: ResMut<Actions>) {
    let actions = &mut *actions;
    std::mem::swap(&mut actions.previous, &mut actions.pressed);
    actions.pressed.clear();
}

fn read_flat_input(
    keys: Option<Res<ButtonInput<KeyCode>>>,
    mouse: Option<Res<ButtonInput<MouseButton>>>,
    mut actions: ResMut<Actions>,
) {
    if let Some(keys) = keys {
        for (action, key) in FLAT_KEYS {
            if keys.pressed(key) {
                actions.press(action);
            }
        }
    }
    if let Some(mouse) = mouse {
        for (action, button) in FLAT_BUTTONS {
            if mouse.pressed(button) {
                actions.press(action);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app() -> App {
        let mut app = App::new();
        app.add_plugins(bevy::input::InputPlugin)
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
    fn every_action_has_a_flat_control() {
        for action in Action::ALL {
            let bound = FLAT_KEYS.iter().any(|(a, _)| *a == action)
                || FLAT_BUTTONS.iter().any(|(a, _)| *a == action);
            assert!(bound, "{action:?} has no key or mouse button");
        }
    }
}
