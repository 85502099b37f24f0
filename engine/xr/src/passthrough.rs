//! AR passthrough: asking the runtime to show the real world behind Retki's, and telling the
//! rest of the app whether it does.

use bevy::prelude::*;
use bevy_mod_openxr::environment_blend_mode::OxrEnvironmentBlendModes;
use bevy_mod_openxr::resources::OxrSessionConfig;
use bevy_mod_xr::session::XrSessionCreated;
use openxr::EnvironmentBlendMode;
use retki_core::viewer::Passthrough;

/// Blend modes to ask for when passthrough is wanted, best first: the real world seen through
/// alpha-blended video, then an optical see-through display, then no passthrough at all.
pub const AR_BLEND_PREFERENCE: [EnvironmentBlendMode; 3] = [
    EnvironmentBlendMode::ALPHA_BLEND,
    EnvironmentBlendMode::ADDITIVE,
    EnvironmentBlendMode::OPAQUE,
];

/// Whether this session was asked for passthrough (`--ar`, or a scene that wants it).
#[derive(Resource, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ArRequested(pub bool);

pub(crate) fn plugin(app: &mut App) {
    let wanted = app
        .world()
        .get_resource::<ArRequested>()
        .is_some_and(|ar| ar.0);
    if wanted {
        app.insert_resource(OxrSessionConfig {
            blend_mode_preference: AR_BLEND_PREFERENCE.to_vec(),
            ..default()
        });
    }
    app.init_resource::<Passthrough>()
        .add_systems(XrSessionCreated, report_blend_mode);
}

fn report_blend_mode(
    requested: Option<Res<ArRequested>>,
    modes: Option<Res<OxrEnvironmentBlendModes>>,
    mut passthrough: ResMut<Passthrough>,
) {
    let wanted = requested.is_some_and(|r| r.0);
    let mode = modes.map(|m| m.blend_mode());
    let active = matches!(
        mode,
        Some(EnvironmentBlendMode::ALPHA_BLEND | EnvironmentBlendMode::ADDITIVE)
    );
    passthrough.active = active;
    match (wanted, active) {
        (true, true) => info!("xr: passthrough on ({mode:?}); the real world shows behind"),
        (true, false) => warn!(
            "xr: passthrough was asked for, but this runtime offers only {:?}; showing the virtual world opaque",
            mode.unwrap_or(EnvironmentBlendMode::OPAQUE)
        ),
        (false, _) => {}
    }
}
