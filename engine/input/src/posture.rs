//! Who holds the controls, and how: standing or seated, and the tracked parts of the person
//! (head, controllers, hands). The OpenXR rig spawns the parts; everything else reads them
//! through these components, whatever the device.

use bevy::prelude::*;

/// Height of the eyes above the floor that Retki's viewpoints assume for a standing pupil,
/// metres.
pub const STANDING_EYE_HEIGHT_M: f32 = 1.5;
/// How much lower a seated pupil's eyes are than a standing pupil's, metres (a design
/// assumption for a school chair, not a measurement).
pub const SEATED_EYE_DROP_M: f32 = 0.4;

/// Whether the pupil stands or sits; the world is raised for a seated pupil so that every
/// viewpoint is seen from the same height.
#[derive(Resource, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Posture {
    /// Standing: eyes [`STANDING_EYE_HEIGHT_M`] above the floor.
    #[default]
    Standing,
    /// Seated: eyes [`SEATED_EYE_DROP_M`] lower.
    Seated,
}

impl Posture {
    /// Expected height of the eyes above the tracked floor, metres.
    pub fn eye_height_m(self) -> f32 {
        match self {
            Posture::Standing => STANDING_EYE_HEIGHT_M,
            Posture::Seated => STANDING_EYE_HEIGHT_M - SEATED_EYE_DROP_M,
        }
    }
}

/// A tracked part of the pupil.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub enum RigPart {
    /// The head (the point between the eyes).
    Head,
    /// The left controller's grip.
    LeftController,
    /// The right controller's grip.
    RightController,
    /// The left hand's model, posed by its tracked joints.
    LeftHand,
    /// The right hand's model, posed by its tracked joints.
    RightHand,
}
