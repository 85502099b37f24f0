//! The binding tables: which key, mouse button, controller input or hand gesture makes each
//! [`Action`]. No other file in Retki names a key or a button.
//!
//! Actions with no controller button of their own are reached in a headset through the
//! in-world menu on the off hand ([`crate::menu`]), pointed at and selected; every profile
//! here binds select, so every profile reaches every action.

use bevy::prelude::*;

use crate::actions::Action;

/// A key, alone or with Shift held.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chord {
    /// The key without Shift (or with it, when the key has no shifted binding).
    Key(KeyCode),
    /// The key with either Shift key held.
    Shift(KeyCode),
}

/// The Shift keys.
const SHIFT: [KeyCode; 2] = [KeyCode::ShiftLeft, KeyCode::ShiftRight];

impl Chord {
    /// Whether the chord is held on `keys`.
    pub fn held(self, keys: &ButtonInput<KeyCode>) -> bool {
        let shift = keys.any_pressed(SHIFT);
        match self {
            Chord::Key(key) => {
                keys.pressed(key)
                    && !(shift && KEYBOARD.iter().any(|(_, c)| *c == Chord::Shift(key)))
            }
            Chord::Shift(key) => shift && keys.pressed(key),
        }
    }

    /// The key of the chord.
    pub fn key(self) -> KeyCode {
        match self {
            Chord::Key(key) | Chord::Shift(key) => key,
        }
    }
}

use Chord::{Key, Shift};

/// The laptop's keys for every action the keyboard reaches. The number keys choose; the
/// function keys F1 to F12 are the teacher's.
pub const KEYBOARD: [(Action, Chord); 61] = [
    (Action::Grab, Key(KeyCode::KeyG)),
    (Action::Teleport, Key(KeyCode::KeyT)),
    (Action::SnapTurnLeft, Key(KeyCode::KeyQ)),
    (Action::SnapTurnRight, Key(KeyCode::KeyE)),
    (Action::Menu, Key(KeyCode::KeyM)),
    (Action::Capture, Key(KeyCode::KeyP)),
    (Action::Choose(1), Key(KeyCode::Digit1)),
    (Action::Choose(2), Key(KeyCode::Digit2)),
    (Action::Choose(3), Key(KeyCode::Digit3)),
    (Action::Choose(4), Key(KeyCode::Digit4)),
    (Action::Choose(5), Key(KeyCode::Digit5)),
    (Action::Choose(6), Key(KeyCode::Digit6)),
    (Action::Choose(7), Key(KeyCode::Digit7)),
    (Action::Choose(8), Key(KeyCode::Digit8)),
    (Action::Choose(9), Key(KeyCode::Digit9)),
    (Action::Leave, Key(KeyCode::Escape)),
    (Action::NextViewpoint, Key(KeyCode::Tab)),
    (Action::Confirm, Key(KeyCode::Enter)),
    (Action::Confirm, Key(KeyCode::NumpadEnter)),
    (Action::Undo, Key(KeyCode::KeyZ)),
    (Action::Redo, Key(KeyCode::KeyY)),
    (Action::Delete, Key(KeyCode::KeyX)),
    (Action::Delete, Key(KeyCode::Delete)),
    (Action::Recolour, Key(KeyCode::KeyV)),
    (Action::NextTool, Key(KeyCode::KeyJ)),
    (Action::PreviousTool, Shift(KeyCode::KeyJ)),
    (Action::Save, Key(KeyCode::KeyS)),
    (Action::NextItem, Key(KeyCode::KeyB)),
    (Action::PreviousItem, Shift(KeyCode::KeyB)),
    (Action::RotateItem, Key(KeyCode::KeyR)),
    (Action::RotateItemBack, Shift(KeyCode::KeyR)),
    (Action::Wider, Key(KeyCode::Equal)),
    (Action::Narrower, Key(KeyCode::Minus)),
    (Action::Deeper, Key(KeyCode::BracketRight)),
    (Action::Shallower, Key(KeyCode::BracketLeft)),
    (Action::ToggleGrid, Key(KeyCode::KeyN)),
    (Action::TapeTool, Key(KeyCode::KeyL)),
    (Action::AreaTool, Key(KeyCode::KeyK)),
    (Action::MoveItem, Key(KeyCode::KeyH)),
    (Action::OrbitLeft, Key(KeyCode::ArrowLeft)),
    (Action::OrbitRight, Key(KeyCode::ArrowRight)),
    (Action::OrbitUp, Key(KeyCode::ArrowUp)),
    (Action::OrbitDown, Key(KeyCode::ArrowDown)),
    (Action::ZoomIn, Key(KeyCode::PageUp)),
    (Action::ZoomOut, Key(KeyCode::PageDown)),
    (Action::Earlier, Key(KeyCode::Comma)),
    (Action::Later, Key(KeyCode::Period)),
    (Action::PupilList, Key(KeyCode::F1)),
    (Action::WatchGrid, Key(KeyCode::F2)),
    (Action::WatchPupil, Key(KeyCode::F3)),
    (Action::TakeOut, Key(KeyCode::F4)),
    (Action::Gather, Key(KeyCode::F5)),
    (Action::FreezeAll, Key(KeyCode::F6)),
    (Action::UnfreezeAll, Key(KeyCode::F7)),
    (Action::LookHere, Key(KeyCode::F8)),
    (Action::ShowGaze, Shift(KeyCode::F8)),
    (Action::NextPlace, Key(KeyCode::F9)),
    (Action::EndSession, Key(KeyCode::F10)),
    (Action::PreviousStep, Key(KeyCode::F11)),
    (Action::NextStep, Key(KeyCode::F12)),
    (Action::Erase, Key(KeyCode::Backspace)),
];

/// The keys that type while a text field is open ([`crate::actions::TextEntry`]): the
/// character without Shift and with it. Letters are where a Finnish or Swedish keyboard has
/// them (Å, Ä and Ö right of P and L), digits on the top row.
pub const TYPING: [(KeyCode, char, char); 42] = [
    (KeyCode::KeyA, 'a', 'A'),
    (KeyCode::KeyB, 'b', 'B'),
    (KeyCode::KeyC, 'c', 'C'),
    (KeyCode::KeyD, 'd', 'D'),
    (KeyCode::KeyE, 'e', 'E'),
    (KeyCode::KeyF, 'f', 'F'),
    (KeyCode::KeyG, 'g', 'G'),
    (KeyCode::KeyH, 'h', 'H'),
    (KeyCode::KeyI, 'i', 'I'),
    (KeyCode::KeyJ, 'j', 'J'),
    (KeyCode::KeyK, 'k', 'K'),
    (KeyCode::KeyL, 'l', 'L'),
    (KeyCode::KeyM, 'm', 'M'),
    (KeyCode::KeyN, 'n', 'N'),
    (KeyCode::KeyO, 'o', 'O'),
    (KeyCode::KeyP, 'p', 'P'),
    (KeyCode::KeyQ, 'q', 'Q'),
    (KeyCode::KeyR, 'r', 'R'),
    (KeyCode::KeyS, 's', 'S'),
    (KeyCode::KeyT, 't', 'T'),
    (KeyCode::KeyU, 'u', 'U'),
    (KeyCode::KeyV, 'v', 'V'),
    (KeyCode::KeyW, 'w', 'W'),
    (KeyCode::KeyX, 'x', 'X'),
    (KeyCode::KeyY, 'y', 'Y'),
    (KeyCode::KeyZ, 'z', 'Z'),
    (KeyCode::BracketLeft, 'å', 'Å'),
    (KeyCode::Semicolon, 'ö', 'Ö'),
    (KeyCode::Quote, 'ä', 'Ä'),
    (KeyCode::Digit0, '0', '0'),
    (KeyCode::Digit1, '1', '1'),
    (KeyCode::Digit2, '2', '2'),
    (KeyCode::Digit3, '3', '3'),
    (KeyCode::Digit4, '4', '4'),
    (KeyCode::Digit5, '5', '5'),
    (KeyCode::Digit6, '6', '6'),
    (KeyCode::Digit7, '7', '7'),
    (KeyCode::Digit8, '8', '8'),
    (KeyCode::Digit9, '9', '9'),
    (KeyCode::Space, ' ', ' '),
    (KeyCode::Minus, '-', '_'),
    (KeyCode::Period, '.', ':'),
];

/// The laptop's mouse buttons: left selects, right grabs.
pub const MOUSE: [(Action, MouseButton); 2] = [
    (Action::Select, MouseButton::Left),
    (Action::Grab, MouseButton::Right),
];

/// Holds down (`true`) or lets go of the first key bound to `action` in `world`'s keyboard
/// state, with Shift where the binding has it, as the window system would: for tests and
/// scripted input that type.
pub fn hold_key(world: &mut World, action: Action, held: bool) {
    let chord = KEYBOARD
        .iter()
        .find(|(a, _)| *a == action)
        .map(|(_, chord)| *chord)
        .unwrap_or_else(|| panic!("{action:?} has no key"));
    let mut keys = world.resource_mut::<ButtonInput<KeyCode>>();
    match (held, chord) {
        (true, Shift(key)) => {
            keys.press(KeyCode::ShiftLeft);
            keys.press(key);
        }
        (true, Key(key)) => keys.press(key),
        (false, Shift(key)) => {
            keys.release(key);
            keys.release(KeyCode::ShiftLeft);
        }
        (false, Key(key)) => keys.release(key),
    }
}

/// Holds down (`true`) or lets go of the key that types `c` while a text field is open, with
/// Shift where `c` needs it, as the window system would: for tests and scripted input.
pub fn hold_typing(world: &mut World, c: char, held: bool) {
    let (key, lower, _) = TYPING
        .iter()
        .find(|(_, lower, upper)| *lower == c || *upper == c)
        .copied()
        .unwrap_or_else(|| panic!("no key types {c:?}"));
    let mut keys = world.resource_mut::<ButtonInput<KeyCode>>();
    if held {
        if c != lower {
            keys.press(KeyCode::ShiftLeft);
        }
        keys.press(key);
    } else {
        keys.release(key);
        keys.release(KeyCode::ShiftLeft);
    }
}

/// The first key bound to `action`, for help texts and for tests that type.
pub fn key_for(action: Action) -> Option<KeyCode> {
    KEYBOARD
        .iter()
        .find(|(a, c)| *a == action && matches!(c, Key(_)))
        .map(|(_, c)| c.key())
}

/// How far a thumbstick or trackpad must be pushed sideways to snap-turn, as a share of its
/// full travel.
pub const SNAP_TURN_DEADZONE: f32 = 0.7;

/// The OpenXR names of Retki's actions. Snap-turning is one sideways axis; the rest are
/// buttons (the runtime thresholds analogue triggers and grips).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum XrAction {
    /// A Retki action read from a button.
    Button(Action),
    /// Snap-turning, from a sideways axis: left below `-SNAP_TURN_DEADZONE`, right above.
    TurnAxis,
    /// Where a controller's grip is (a pose), for the rig.
    Grip(Hand),
    /// How far a trigger is pulled (0..=1), for the controller models.
    Trigger,
    /// How far a grip is squeezed (0..=1), for the controller models.
    Squeeze,
    /// Where a thumbstick or touchpad is pushed, for the controller models.
    Stick,
}

/// A hand, for bindings that come in pairs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hand {
    /// The left hand.
    Left,
    /// The right hand.
    Right,
}

/// Suggested bindings for one interaction profile.
#[derive(Clone, Copy, Debug)]
pub struct ProfileBindings {
    /// The profile's path.
    pub profile: &'static str,
    /// Each action and the input path it is bound to.
    pub bindings: &'static [(XrAction, &'static str)],
}

use Action::{Capture, Grab, Menu, Select, Teleport};
use XrAction::{Button, Grip, Squeeze, Stick, Trigger, TurnAxis};

/// Bindings for every controller profile Retki supports, from the OpenXR 1.0 specification's
/// list of interaction profiles (section 6.4). Each full controller alone can select, grab,
/// teleport, turn and press menu, so a pupil with one hand, either one, reaches every action
/// (with the menu board for the rest). The Khronos simple controller has only select and
/// menu buttons, so it can point, choose and open the menu.
pub const PROFILE_BINDINGS: [ProfileBindings; 4] = [
    ProfileBindings {
        profile: "/interaction_profiles/khr/simple_controller",
        bindings: &[
            (Grip(Hand::Left), "/user/hand/left/input/grip/pose"),
            (Grip(Hand::Right), "/user/hand/right/input/grip/pose"),
            (Button(Select), "/user/hand/right/input/select/click"),
            (Button(Grab), "/user/hand/left/input/select/click"),
            (Button(Menu), "/user/hand/left/input/menu/click"),
            (Button(Menu), "/user/hand/right/input/menu/click"),
            (Trigger, "/user/hand/left/input/select/click"),
            (Trigger, "/user/hand/right/input/select/click"),
        ],
    },
    ProfileBindings {
        profile: "/interaction_profiles/oculus/touch_controller",
        bindings: &[
            (Grip(Hand::Left), "/user/hand/left/input/grip/pose"),
            (Grip(Hand::Right), "/user/hand/right/input/grip/pose"),
            (Button(Grab), "/user/hand/left/input/squeeze/value"),
            (Button(Grab), "/user/hand/right/input/squeeze/value"),
            (Button(Select), "/user/hand/left/input/trigger/value"),
            (Button(Select), "/user/hand/right/input/trigger/value"),
            (Button(Teleport), "/user/hand/right/input/a/click"),
            (Button(Teleport), "/user/hand/left/input/y/click"),
            (TurnAxis, "/user/hand/right/input/thumbstick/x"),
            (TurnAxis, "/user/hand/left/input/thumbstick/x"),
            (Button(Menu), "/user/hand/left/input/menu/click"),
            (Button(Menu), "/user/hand/right/input/b/click"),
            (Button(Capture), "/user/hand/left/input/x/click"),
            (Trigger, "/user/hand/left/input/trigger/value"),
            (Trigger, "/user/hand/right/input/trigger/value"),
            (Squeeze, "/user/hand/left/input/squeeze/value"),
            (Squeeze, "/user/hand/right/input/squeeze/value"),
            (Stick, "/user/hand/left/input/thumbstick"),
            (Stick, "/user/hand/right/input/thumbstick"),
        ],
    },
    ProfileBindings {
        profile: "/interaction_profiles/valve/index_controller",
        bindings: &[
            (Grip(Hand::Left), "/user/hand/left/input/grip/pose"),
            (Grip(Hand::Right), "/user/hand/right/input/grip/pose"),
            (Button(Grab), "/user/hand/left/input/squeeze/value"),
            (Button(Grab), "/user/hand/right/input/squeeze/value"),
            (Button(Select), "/user/hand/left/input/trigger/value"),
            (Button(Select), "/user/hand/right/input/trigger/value"),
            (Button(Teleport), "/user/hand/right/input/a/click"),
            (Button(Teleport), "/user/hand/left/input/thumbstick/click"),
            (TurnAxis, "/user/hand/right/input/thumbstick/x"),
            (TurnAxis, "/user/hand/left/input/thumbstick/x"),
            (Button(Menu), "/user/hand/left/input/b/click"),
            (Button(Menu), "/user/hand/right/input/b/click"),
            (Button(Capture), "/user/hand/left/input/a/click"),
            (Trigger, "/user/hand/left/input/trigger/value"),
            (Trigger, "/user/hand/right/input/trigger/value"),
            (Squeeze, "/user/hand/left/input/squeeze/value"),
            (Squeeze, "/user/hand/right/input/squeeze/value"),
            (Stick, "/user/hand/left/input/thumbstick"),
            (Stick, "/user/hand/right/input/thumbstick"),
        ],
    },
    ProfileBindings {
        profile: "/interaction_profiles/htc/vive_controller",
        bindings: &[
            (Grip(Hand::Left), "/user/hand/left/input/grip/pose"),
            (Grip(Hand::Right), "/user/hand/right/input/grip/pose"),
            (Button(Grab), "/user/hand/left/input/squeeze/click"),
            (Button(Grab), "/user/hand/right/input/squeeze/click"),
            (Button(Select), "/user/hand/left/input/trigger/value"),
            (Button(Select), "/user/hand/right/input/trigger/value"),
            (Button(Teleport), "/user/hand/right/input/trackpad/click"),
            (Button(Teleport), "/user/hand/left/input/trackpad/click"),
            (TurnAxis, "/user/hand/right/input/trackpad/x"),
            (TurnAxis, "/user/hand/left/input/trackpad/x"),
            (Button(Menu), "/user/hand/left/input/menu/click"),
            (Button(Menu), "/user/hand/right/input/menu/click"),
            (Trigger, "/user/hand/left/input/trigger/value"),
            (Trigger, "/user/hand/right/input/trigger/value"),
            (Squeeze, "/user/hand/left/input/squeeze/click"),
            (Squeeze, "/user/hand/right/input/squeeze/click"),
            (Stick, "/user/hand/left/input/trackpad"),
            (Stick, "/user/hand/right/input/trackpad"),
        ],
    },
];

/// Bindings for tracked hands where the runtime offers `XR_EXT_hand_interaction`: pinching
/// (thumb and index finger together) selects, and a closed hand grabs. Suggested only when the
/// extension is enabled, as runtimes without it do not know the profile.
pub const HAND_INTERACTION_BINDINGS: ProfileBindings = ProfileBindings {
    profile: "/interaction_profiles/ext/hand_interaction_ext",
    bindings: &[
        (Grip(Hand::Left), "/user/hand/left/input/grip/pose"),
        (Grip(Hand::Right), "/user/hand/right/input/grip/pose"),
        (Button(Select), "/user/hand/left/input/pinch_ext/value"),
        (Button(Select), "/user/hand/right/input/pinch_ext/value"),
        (Button(Grab), "/user/hand/left/input/grasp_ext/value"),
        (Button(Grab), "/user/hand/right/input/grasp_ext/value"),
        (Trigger, "/user/hand/left/input/pinch_ext/value"),
        (Trigger, "/user/hand/right/input/pinch_ext/value"),
        (Squeeze, "/user/hand/left/input/grasp_ext/value"),
        (Squeeze, "/user/hand/right/input/grasp_ext/value"),
    ],
};

/// Actions the in-world menu offers in a headset, for those with no controller button.
pub fn reached_by_menu(action: Action) -> bool {
    crate::menu::MenuOffer::EVERYTHING
        .actions()
        .contains(&action)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_a_key_or_mouse_button() {
        for action in Action::ALL {
            let bound = KEYBOARD.iter().any(|(a, _)| *a == action)
                || MOUSE.iter().any(|(a, _)| *a == action);
            assert!(bound, "{action:?} has no key or mouse button");
        }
    }

    #[test]
    fn no_chord_is_bound_twice() {
        for (i, (action, chord)) in KEYBOARD.iter().enumerate() {
            for (other, again) in &KEYBOARD[i + 1..] {
                assert!(
                    chord != again,
                    "{chord:?} is bound to {action:?} and {other:?}"
                );
            }
        }
    }

    #[test]
    fn shift_tells_a_chord_from_its_key() {
        let mut keys = ButtonInput::<KeyCode>::default();
        keys.press(KeyCode::KeyB);
        assert!(Key(KeyCode::KeyB).held(&keys) && !Shift(KeyCode::KeyB).held(&keys));
        keys.press(KeyCode::ShiftLeft);
        assert!(!Key(KeyCode::KeyB).held(&keys) && Shift(KeyCode::KeyB).held(&keys));
        // A key with no shifted binding is held whatever Shift does.
        keys.press(KeyCode::KeyZ);
        assert!(Key(KeyCode::KeyZ).held(&keys));
    }

    /// In a headset, with any controller profile or with tracked hands, a person reaches
    /// every action a laptop reaches with either hand alone: bound to a button of that hand,
    /// or through the menu board, which needs that hand's select. What a profile's hardware
    /// cannot do is named here with the reason.
    #[test]
    fn every_profile_reaches_every_action_with_either_hand() {
        let laptop_only = [
            // The laptop's camera keys: a headset moves with the head.
            Action::OrbitLeft,
            Action::OrbitRight,
            Action::OrbitUp,
            Action::OrbitDown,
            Action::ZoomIn,
            Action::ZoomOut,
            // The trip chooser's numbers and Enter belong to the window; a headset's
            // chooser and re-entry are the start screen's.
            Action::Choose(5),
            Action::Choose(6),
            Action::Choose(7),
            Action::Choose(8),
            Action::Choose(9),
            Action::Confirm,
            Action::Leave,
            // Watching a pupil's view is for the teacher's window and the projector: a
            // headset keeps its wearer's own view.
            Action::WatchPupil,
            Action::WatchGrid,
            // Text is typed on the keypad of the class lobby's board, which has its own
            // Erase button.
            Action::Erase,
        ];
        // Moving needs a stick or a trackpad: the Khronos simple controller and tracked
        // hands have neither, and their wearers move with the viewpoints the teacher
        // chooses. Tracked hands have no menu button (the runtime keeps the menu gesture);
        // what the menu button does has its own buttons on the board (next tool, later).
        let no_stick = [
            Action::Teleport,
            Action::SnapTurnLeft,
            Action::SnapTurnRight,
        ];
        // The simple controller has one button per hand besides the menu: the right one
        // selects and the left one grabs, so there one-handed use is with the right hand.
        let cannot = |profile: &str, hand: &str, action: Action| match profile {
            "/interaction_profiles/khr/simple_controller" => {
                no_stick.contains(&action)
                    || hand == "right" && action == Grab
                    || hand == "left" && !matches!(action, Grab | Menu)
            }
            "/interaction_profiles/ext/hand_interaction_ext" => {
                no_stick.contains(&action) || action == Action::Menu
            }
            _ => false,
        };
        // Each hand alone: a pupil with one hand, either one, reaches every action.
        for profile in PROFILE_BINDINGS.iter().chain([&HAND_INTERACTION_BINDINGS]) {
            for hand in ["left", "right"] {
                let on_hand = |wanted: XrAction| {
                    profile.bindings.iter().any(|(action, path)| {
                        *action == wanted && path.starts_with(&format!("/user/hand/{hand}/"))
                    })
                };
                for action in Action::ALL {
                    if laptop_only.contains(&action) || cannot(profile.profile, hand, action) {
                        continue;
                    }
                    let bound = on_hand(XrAction::Button(action))
                        || matches!(action, Action::SnapTurnLeft | Action::SnapTurnRight)
                            && on_hand(XrAction::TurnAxis);
                    let through_board =
                        reached_by_menu(action) && on_hand(XrAction::Button(Select));
                    assert!(
                        bound || through_board,
                        "{}, {hand} hand alone: {action:?} is neither bound nor on the board",
                        profile.profile
                    );
                }
            }
        }
    }
}
