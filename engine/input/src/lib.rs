//! Retki's input, the same for every device: one vocabulary of actions ([`actions`]), the
//! tables that bind keys, mouse buttons, controllers and tracked hands to them
//! ([`bindings`]), and what the actions drive whatever the device: grabbing ([`grab`]),
//! teleporting and snap-turning ([`locomotion`]) with a comfort vignette ([`vignette`]), the
//! pupil's comfort and access settings ([`comfort`]), the in-world menu ([`menu`]) and which
//! hand points and carries it ([`hands`]).
//!
//! Nothing here talks to OpenXR: `retki_xr` reads the controllers and writes [`Actions`],
//! as the keyboard reader here does. Scenes and the class client read [`Actions`] and never
//! name a key.

pub mod actions;
pub mod bindings;
pub mod comfort;
pub mod grab;
pub mod hands;
pub mod locomotion;
pub mod menu;
pub mod posture;
pub mod vignette;

use bevy::prelude::*;

pub use actions::{Action, ActionSystems, Actions};

/// Retki's actions for every face, and what they drive: keyboard and mouse, the in-world
/// menu, grabbing and comfortable movement (teleport, snap turn).
pub struct ActionsPlugin;

impl Plugin for ActionsPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<posture::Posture>().add_plugins((
            actions::plugin,
            comfort::plugin,
            menu::plugin,
            hands::plugin,
            grab::plugin,
            locomotion::plugin,
            locomotion::arc_plugin,
            vignette::plugin,
        ));
    }
}
