//! The rig: the pupil's head and controllers as entities that follow the headset's tracking,
//! placed so that the pupil's eyes are where a viewpoint puts them, standing or seated.
//!
//! One Bevy unit is one metre here and everywhere in Retki, as OpenXR's are. Hand joints,
//! where the runtime tracks hands, are entities spawned by `bevy_mod_openxr`'s hand tracking;
//! the rig adds a hand model for each, shown while its hand is tracked.

use bevy::math::Isometry3d;
use bevy::prelude::*;
use bevy_mod_openxr::session::OxrSession;
use bevy_mod_xr::session::{XrPreDestroySession, XrSessionCreated, XrTracker, XrTrackingRoot};
use retki_core::viewer::ViewAnchor;

use crate::models::{ControllerModel, HandModel};
use crate::xr_actions::RetkiActionSet;
use retki_input::bindings::Hand;
use retki_input::posture::{Posture, RigPart};

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<Posture>()
        .add_systems(
            PreUpdate,
            (
                anchor_tracking_root,
                follow_posture.run_if(resource_changed::<Posture>),
            ),
        )
        .add_systems(XrSessionCreated, spawn_rig)
        .add_systems(XrPreDestroySession, despawn_rig);
}

/// Makes the tracking space (spawned by the XR plugins as they are built) the anchor that
/// viewpoints move.
fn anchor_tracking_root(
    roots: Query<Entity, (With<XrTrackingRoot>, Without<ViewAnchor>)>,
    posture: Res<Posture>,
    mut commands: Commands,
) {
    for root in &roots {
        commands.entity(root).insert(ViewAnchor::Floor {
            eye_height_m: posture.eye_height_m(),
        });
        info!(
            "xr: tracking space anchored for a {:?} pupil, eyes {} m above the floor",
            *posture,
            posture.eye_height_m()
        );
    }
}

/// Keeps the tracking root's eye height in step with the posture; the next viewpoint change
/// places it.
fn follow_posture(
    posture: Res<Posture>,
    mut anchors: Query<&mut ViewAnchor, With<XrTrackingRoot>>,
) {
    for mut anchor in &mut anchors {
        *anchor = ViewAnchor::Floor {
            eye_height_m: posture.eye_height_m(),
        };
    }
}

fn spawn_rig(
    session: Res<OxrSession>,
    actions: Option<Res<RetkiActionSet>>,
    mut commands: Commands,
) {
    match session.create_reference_space(openxr::ReferenceSpaceType::VIEW, Isometry3d::IDENTITY) {
        Ok(head) => {
            commands.spawn((Name::new("Head"), RigPart::Head, head.0, XrTracker));
        }
        Err(error) => warn!("xr: no head space ({error}); the head will not be tracked"),
    }
    for (part, hand) in [
        (RigPart::LeftHand, Hand::Left),
        (RigPart::RightHand, Hand::Right),
    ] {
        commands.spawn((
            Name::new(format!("{part:?}")),
            part,
            HandModel { hand },
            Transform::IDENTITY,
            XrTracker,
        ));
    }
    let Some(actions) = actions else { return };
    for (part, hand, action) in [
        (RigPart::LeftController, Hand::Left, actions.left_grip()),
        (RigPart::RightController, Hand::Right, actions.right_grip()),
    ] {
        match session.create_action_space(action, openxr::Path::NULL, Isometry3d::IDENTITY) {
            Ok(space) => {
                // The pointer goes on the chosen hand's controller (`retki_input::hands`).
                commands.spawn((
                    Name::new(format!("{part:?}")),
                    part,
                    space,
                    XrTracker,
                    ControllerModel { hand },
                ));
            }
            Err(error) => warn!("xr: no space for {part:?} ({error}); it will not be tracked"),
        }
    }
    info!("xr: rig ready (head and both controllers, with their models; hand models)");
}

fn despawn_rig(parts: Query<Entity, With<RigPart>>, mut commands: Commands) {
    for entity in &parts {
        commands.entity(entity).despawn();
    }
}
