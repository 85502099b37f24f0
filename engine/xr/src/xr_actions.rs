//! Retki's actions on OpenXR controllers: one action set, suggested bindings for the common
//! controller profiles, and the reading of their state into [`Actions`].

use bevy::prelude::*;
use bevy_mod_openxr::action_binding::OxrSendActionBindings;
use bevy_mod_openxr::action_set_attaching::OxrAttachActionSet;
use bevy_mod_openxr::action_set_syncing::{OxrActionSetSyncSet, OxrSyncActionSet};
use bevy_mod_openxr::exts::OxrEnabledExtensions;
use bevy_mod_openxr::openxr_session_running;
use bevy_mod_openxr::resources::OxrInstance;
use bevy_mod_openxr::session::OxrSession;
use bevy_mod_xr::session::{XrSessionCreated, session_available};

use crate::models::ControllerInput;
use retki_input::actions::{Action, ActionSystems, Actions};
use retki_input::bindings::{
    HAND_INTERACTION_BINDINGS, Hand, PROFILE_BINDINGS, ProfileBindings, SNAP_TURN_DEADZONE,
    XrAction,
};
use retki_input::posture::RigPart;

use Action::{Capture, Grab, Menu, Select, SnapTurnLeft, SnapTurnRight, Teleport};
use XrAction::{Button, Grip, Squeeze, Stick, Trigger, TurnAxis};

/// Buttons that are read as one OpenXR boolean action each.
const BUTTONS: [Action; 5] = [Grab, Select, Teleport, Menu, Capture];

/// The action set and its actions, made once the OpenXR instance exists.
#[derive(Resource)]
pub struct RetkiActionSet {
    set: openxr::ActionSet,
    buttons: Vec<(Action, openxr::Action<bool>)>,
    turn: openxr::Action<f32>,
    grips: [openxr::Action<openxr::Posef>; 2],
    trigger: openxr::Action<f32>,
    squeeze: openxr::Action<f32>,
    stick: openxr::Action<openxr::Vector2f>,
    /// `/user/hand/left` and `/user/hand/right`, to read each hand's analogue actions.
    hands: [openxr::Path; 2],
}

impl RetkiActionSet {
    /// The left controller's grip pose.
    pub fn left_grip(&self) -> &openxr::Action<openxr::Posef> {
        &self.grips[0]
    }

    /// The right controller's grip pose.
    pub fn right_grip(&self) -> &openxr::Action<openxr::Posef> {
        &self.grips[1]
    }
}

/// Whether the runtime has taken Retki's actions: how many profiles accepted their
/// bindings, and whether the set is attached and readable.
#[derive(Resource, Default, Debug, Clone, Copy, PartialEq, Eq)]
pub struct XrActionStatus {
    /// Profiles whose suggested bindings the runtime accepted.
    pub profiles_accepted: usize,
    /// Whether action states can be read (the set is attached to the session).
    pub readable: bool,
    /// Whether tracked hands can pinch and grab (`XR_EXT_hand_interaction` bound).
    pub hand_pinch: bool,
}

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<XrActionStatus>()
        .add_systems(Startup, create_action_set.run_if(session_available))
        .add_systems(OxrSendActionBindings, suggest_bindings)
        .add_systems(XrSessionCreated, attach_action_set)
        .add_systems(
            PreUpdate,
            (
                sync_action_set.before(OxrActionSetSyncSet),
                read_actions
                    .after(OxrActionSetSyncSet)
                    .in_set(ActionSystems::Read),
                read_controller_input.after(OxrActionSetSyncSet),
            )
                .run_if(openxr_session_running.and_then(resource_exists::<RetkiActionSet>)),
        );
}

/// The OpenXR name of a button's action.
fn action_name(action: Action) -> &'static str {
    match action {
        Grab => "grab",
        Select => "select",
        Teleport => "teleport",
        Menu => "menu",
        Capture => "capture",
        _ => unreachable!("only BUTTONS are OpenXR actions"),
    }
}

fn create_action_set(instance: Res<OxrInstance>, mut commands: Commands) {
    let made = (|| -> openxr::Result<RetkiActionSet> {
        let set = instance.create_action_set("retki", "Retki", 0)?;
        let buttons = BUTTONS
            .iter()
            .map(|&action| {
                let name = action_name(action);
                set.create_action::<bool>(name, name, &[])
                    .map(|a| (action, a))
            })
            .collect::<openxr::Result<Vec<_>>>()?;
        let turn = set.create_action::<f32>("snap_turn", "snap turn", &[])?;
        let grips = [
            set.create_action::<openxr::Posef>("left_grip", "left grip", &[])?,
            set.create_action::<openxr::Posef>("right_grip", "right grip", &[])?,
        ];
        let hands = [
            instance.string_to_path("/user/hand/left")?,
            instance.string_to_path("/user/hand/right")?,
        ];
        Ok(RetkiActionSet {
            trigger: set.create_action::<f32>("trigger", "trigger", &hands)?,
            squeeze: set.create_action::<f32>("squeeze", "squeeze", &hands)?,
            stick: set.create_action::<openxr::Vector2f>("stick", "thumbstick", &hands)?,
            set,
            buttons,
            turn,
            grips,
            hands,
        })
    })();
    match made {
        Ok(actions) => {
            commands.insert_resource(actions);
        }
        Err(error) => {
            error!("xr: could not create the action set ({error}); controllers will not work")
        }
    }
}

fn suggest_bindings(
    instance: Res<OxrInstance>,
    extensions: Option<Res<OxrEnabledExtensions>>,
    actions: Option<Res<RetkiActionSet>>,
    mut status: ResMut<XrActionStatus>,
) {
    let Some(actions) = actions else { return };
    let mut accepted = 0;
    for profile in &PROFILE_BINDINGS {
        match suggest(&instance, &actions, profile) {
            Ok(()) => accepted += 1,
            Err(error) => warn!(
                "xr: the runtime refused bindings for {}: {error}",
                profile.profile
            ),
        }
    }
    info!(
        "xr: bindings accepted for {accepted} of {} controller profiles",
        PROFILE_BINDINGS.len()
    );
    status.profiles_accepted = accepted;

    let offered = extensions.is_some_and(|e| e.raw().ext_hand_interaction);
    status.hand_pinch = offered
        && match suggest(&instance, &actions, &HAND_INTERACTION_BINDINGS) {
            Ok(()) => true,
            Err(error) => {
                warn!("xr: the runtime refused the hand-tracking pinch bindings: {error}");
                false
            }
        };
    if status.hand_pinch {
        info!(
            "xr: hand-tracking pinch bound (XR_EXT_hand_interaction): pinch selects, a fist grabs"
        );
    } else if !offered {
        info!(
            "xr: no hand-tracking pinch: the runtime does not offer XR_EXT_hand_interaction; use controllers"
        );
    }
}

/// Suggests `profile`'s bindings to the runtime.
fn suggest(
    instance: &OxrInstance,
    actions: &RetkiActionSet,
    profile: &ProfileBindings,
) -> openxr::Result<()> {
    let paths = profile
        .bindings
        .iter()
        .map(|(_, path)| instance.string_to_path(path))
        .collect::<openxr::Result<Vec<_>>>()?;
    let bindings: Vec<openxr::Binding> = profile
        .bindings
        .iter()
        .zip(&paths)
        .map(|((action, _), &path)| match action {
            Button(button) => {
                let (_, xr) = actions
                    .buttons
                    .iter()
                    .find(|(a, _)| a == button)
                    .expect("every bound button has an OpenXR action");
                openxr::Binding::new(xr, path)
            }
            TurnAxis => openxr::Binding::new(&actions.turn, path),
            Grip(Hand::Left) => openxr::Binding::new(actions.left_grip(), path),
            Grip(Hand::Right) => openxr::Binding::new(actions.right_grip(), path),
            Trigger => openxr::Binding::new(&actions.trigger, path),
            Squeeze => openxr::Binding::new(&actions.squeeze, path),
            Stick => openxr::Binding::new(&actions.stick, path),
        })
        .collect();
    instance
        .suggest_interaction_profile_bindings(instance.string_to_path(profile.profile)?, &bindings)
}

fn attach_action_set(
    actions: Option<Res<RetkiActionSet>>,
    mut attach: MessageWriter<OxrAttachActionSet>,
) {
    if let Some(actions) = actions {
        attach.write(OxrAttachActionSet(actions.set.clone()));
    }
}

fn sync_action_set(actions: Res<RetkiActionSet>, mut sync: MessageWriter<OxrSyncActionSet>) {
    sync.write(OxrSyncActionSet(actions.set.clone()));
}

fn read_actions(
    set: Res<RetkiActionSet>,
    session: Res<OxrSession>,
    mut actions: ResMut<Actions>,
    mut status: ResMut<XrActionStatus>,
) {
    for (action, xr) in &set.buttons {
        match xr.state(&session, openxr::Path::NULL) {
            Ok(state) => {
                if !status.readable {
                    status.readable = true;
                    info!("xr: action set attached; controller actions are live");
                }
                if state.current_state {
                    actions.press(*action);
                }
            }
            Err(_) => return,
        }
    }
    if let Ok(turn) = set.turn.state(&session, openxr::Path::NULL) {
        if turn.current_state < -SNAP_TURN_DEADZONE {
            actions.press(SnapTurnLeft);
        } else if turn.current_state > SNAP_TURN_DEADZONE {
            actions.press(SnapTurnRight);
        }
    }
}

/// Each controller's trigger, grip and stick, for its model.
fn read_controller_input(
    set: Res<RetkiActionSet>,
    session: Res<OxrSession>,
    mut controllers: Query<(&RigPart, &mut ControllerInput)>,
) {
    for (part, mut input) in &mut controllers {
        let hand = match part {
            RigPart::LeftController => set.hands[0],
            RigPart::RightController => set.hands[1],
            RigPart::Head | RigPart::LeftHand | RigPart::RightHand => continue,
        };
        let mut read = ControllerInput::default();
        if let Ok(state) = set.trigger.state(&session, hand) {
            read.trigger = state.current_state;
        }
        if let Ok(state) = set.squeeze.state(&session, hand) {
            read.squeeze = state.current_state;
        }
        if let Ok(state) = set.stick.state(&session, hand) {
            read.stick = Vec2::new(state.current_state.x, state.current_state.y);
        }
        input.set_if_neq(read);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binding_paths_are_well_formed() {
        for profile in PROFILE_BINDINGS.iter().chain([&HAND_INTERACTION_BINDINGS]) {
            assert!(profile.profile.starts_with("/interaction_profiles/"));
            for (_, path) in profile.bindings {
                assert!(
                    path.starts_with("/user/hand/left/input/")
                        || path.starts_with("/user/hand/right/input/"),
                    "{path}"
                );
                let component = path.rsplit('/').next().unwrap();
                assert!(
                    ["click", "value", "x", "pose", "thumbstick", "trackpad"].contains(&component),
                    "{path}: a button, an axis, a stick or a pose"
                );
            }
        }
    }

    #[test]
    fn full_controllers_bind_every_action() {
        for profile in &PROFILE_BINDINGS[1..] {
            for action in BUTTONS {
                // The Vive wand's every button is taken on each hand (menu, trackpad, trigger,
                // grip): its snapshot is the menu board's Photo.
                if action == Capture
                    && profile.profile == "/interaction_profiles/htc/vive_controller"
                {
                    continue;
                }
                assert!(
                    profile.bindings.iter().any(|(a, _)| *a == Button(action)),
                    "{} lacks {action:?}",
                    profile.profile
                );
            }
            assert!(profile.bindings.iter().any(|(a, _)| *a == TurnAxis));
        }
    }

    #[test]
    fn every_profile_moves_both_models_triggers() {
        for profile in &PROFILE_BINDINGS {
            for hand in ["left", "right"] {
                assert!(
                    profile.bindings.iter().any(
                        |(a, p)| *a == Trigger && p.starts_with(&format!("/user/hand/{hand}/"))
                    ),
                    "{} lacks the {hand} trigger",
                    profile.profile
                );
            }
        }
    }

    #[test]
    fn every_profile_tracks_both_grips() {
        for profile in &PROFILE_BINDINGS {
            for hand in [Hand::Left, Hand::Right] {
                assert!(
                    profile.bindings.iter().any(|(a, _)| *a == Grip(hand)),
                    "{} lacks the {hand:?} grip",
                    profile.profile
                );
            }
        }
    }
}
