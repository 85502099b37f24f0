//! Retki's actions on OpenXR controllers: one action set, suggested bindings for the common
//! controller profiles, and the reading of their state into [`Actions`].

use bevy::prelude::*;
use bevy_mod_openxr::action_binding::OxrSendActionBindings;
use bevy_mod_openxr::action_set_attaching::OxrAttachActionSet;
use bevy_mod_openxr::action_set_syncing::{OxrActionSetSyncSet, OxrSyncActionSet};
use bevy_mod_openxr::openxr_session_running;
use bevy_mod_openxr::resources::OxrInstance;
use bevy_mod_openxr::session::OxrSession;
use bevy_mod_xr::session::{XrSessionCreated, session_available};

use crate::actions::{Action, ActionSystems, Actions};

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

use Action::*;
use XrAction::{Button, Grip, TurnAxis};

/// Bindings for every controller profile Retki supports, from the OpenXR 1.0 specification's
/// list of interaction profiles (section 6.4). The Khronos simple controller has only select
/// and menu buttons, so it can point, choose and open the menu.
pub const PROFILE_BINDINGS: [ProfileBindings; 4] = [
    ProfileBindings {
        profile: "/interaction_profiles/khr/simple_controller",
        bindings: &[
            (Grip(Hand::Left), "/user/hand/left/input/grip/pose"),
            (Grip(Hand::Right), "/user/hand/right/input/grip/pose"),
            (Button(Select), "/user/hand/right/input/select/click"),
            (Button(Grab), "/user/hand/left/input/select/click"),
            (Button(Menu), "/user/hand/left/input/menu/click"),
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
            (TurnAxis, "/user/hand/right/input/thumbstick/x"),
            (Button(Menu), "/user/hand/left/input/menu/click"),
            (Button(Capture), "/user/hand/left/input/x/click"),
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
            (TurnAxis, "/user/hand/right/input/thumbstick/x"),
            (Button(Menu), "/user/hand/left/input/b/click"),
            (Button(Capture), "/user/hand/left/input/a/click"),
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
            (TurnAxis, "/user/hand/right/input/trackpad/x"),
            (Button(Menu), "/user/hand/left/input/menu/click"),
            (Button(Capture), "/user/hand/left/input/trackpad/click"),
        ],
    },
];

/// Buttons that are read as one OpenXR boolean action each.
const BUTTONS: [Action; 5] = [Grab, Select, Teleport, Menu, Capture];

/// The action set and its actions, made once the OpenXR instance exists.
#[derive(Resource)]
pub struct RetkiActionSet {
    set: openxr::ActionSet,
    buttons: Vec<(Action, openxr::Action<bool>)>,
    turn: openxr::Action<f32>,
    grips: [openxr::Action<openxr::Posef>; 2],
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
            )
                .run_if(openxr_session_running.and_then(resource_exists::<RetkiActionSet>)),
        );
}

fn action_name(action: Action) -> &'static str {
    match action {
        Grab => "grab",
        Select => "select",
        Teleport => "teleport",
        SnapTurnLeft | SnapTurnRight => "snap_turn",
        Menu => "menu",
        Capture => "capture",
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
        Ok(RetkiActionSet {
            set,
            buttons,
            turn,
            grips,
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
    actions: Option<Res<RetkiActionSet>>,
    mut status: ResMut<XrActionStatus>,
) {
    let Some(actions) = actions else { return };
    let mut accepted = 0;
    for profile in &PROFILE_BINDINGS {
        let suggested = (|| -> openxr::Result<()> {
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
                })
                .collect();
            instance.suggest_interaction_profile_bindings(
                instance.string_to_path(profile.profile)?,
                &bindings,
            )
        })();
        match suggested {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binding_paths_are_well_formed() {
        for profile in &PROFILE_BINDINGS {
            assert!(profile.profile.starts_with("/interaction_profiles/"));
            for (_, path) in profile.bindings {
                assert!(
                    path.starts_with("/user/hand/left/input/")
                        || path.starts_with("/user/hand/right/input/"),
                    "{path}"
                );
                let component = path.rsplit('/').next().unwrap();
                assert!(
                    ["click", "value", "x", "pose"].contains(&component),
                    "{path}: a button, an axis or a pose"
                );
            }
        }
    }

    #[test]
    fn full_controllers_bind_every_action() {
        for profile in &PROFILE_BINDINGS[1..] {
            for action in BUTTONS {
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
