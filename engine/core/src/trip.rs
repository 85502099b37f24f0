//! Which place is open, and how far it has come: the trip states.
//!
//! ```text
//! Boot ──▶ Chooser ◀──────────────────────────────┐
//!             │ TripRequest(Some(scene))          │ TripRequest(None)
//!             ▼                                   │
//!       LoadingAssets ──▶ WarmingPipelines ──▶ InScene
//! ```
//!
//! The place itself is spawned on entering `WarmingPipelines`, behind a curtain, and shown
//! on entering `InScene` once every render pipeline it needs is compiled: in a headset a
//! stutter while shaders compile is felt as nausea, so nothing appears half-ready.

use bevy::prelude::*;

use crate::scene::{SceneId, SceneRegistry};

/// The place that is open, if any. Entities made for a place carry
/// [`trip_scoped`], so leaving the place despawns them.
#[derive(States, Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub enum ActiveTrip {
    /// No place is open: the trip chooser.
    #[default]
    None,
    /// This place is open (loading or shown).
    Scene(SceneId),
}

/// How far the app and the open trip have come.
#[derive(States, Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub enum TripPhase {
    /// Plugins are built and the first frame has not run yet.
    #[default]
    Boot,
    /// No trip is open; waiting for one to be chosen.
    Chooser,
    /// The place's files (shaders, models) are loading.
    LoadingAssets,
    /// The place is spawned behind a curtain while its render pipelines compile.
    WarmingPipelines,
    /// The place is shown and can be explored.
    InScene,
}

/// Asks to open a place (`Some`) or to return to the chooser (`None`).
#[derive(Message, Clone, Copy, Debug, PartialEq, Eq)]
pub struct TripRequest(pub Option<SceneId>);

/// Despawns the entity when the app leaves `scene`'s trip.
pub fn trip_scoped(scene: SceneId) -> DespawnOnExit<ActiveTrip> {
    DespawnOnExit(ActiveTrip::Scene(scene))
}

pub(crate) fn plugin(app: &mut App) {
    app.init_state::<ActiveTrip>()
        .init_state::<TripPhase>()
        .add_message::<TripRequest>()
        .add_systems(Startup, leave_boot)
        .add_systems(OnEnter(TripPhase::Chooser), offer_trips)
        .add_systems(PreUpdate, handle_trip_requests);
}

/// Says which places can be chosen, and how.
fn offer_trips(registry: Res<SceneRegistry>) {
    let offers: Vec<String> = registry
        .iter()
        .zip(1..)
        .map(|(def, number)| format!("{number} {} ({})", def.id.0, def.title))
        .collect();
    info!("choose a trip with its number: {}", offers.join(", "));
}

fn leave_boot(mut phase: ResMut<NextState<TripPhase>>) {
    phase.set(TripPhase::Chooser);
}

/// Applies the last request of the frame. Unknown scenes are refused with the list of known
/// ones; asking for the place that is already open does nothing.
fn handle_trip_requests(
    mut requests: MessageReader<TripRequest>,
    registry: Res<SceneRegistry>,
    active: Res<State<ActiveTrip>>,
    mut next_trip: ResMut<NextState<ActiveTrip>>,
    mut next_phase: ResMut<NextState<TripPhase>>,
) {
    let Some(&TripRequest(request)) = requests.read().last() else {
        return;
    };
    match request {
        Some(scene) if registry.get(scene.0).is_none() => {
            warn!(
                "no scene called '{}'; known scenes: {}",
                scene.0,
                registry.names().join(", ")
            );
        }
        Some(scene) if *active.get() == ActiveTrip::Scene(scene) => {
            debug!("scene '{}' is already open", scene.0);
        }
        Some(scene) => {
            info!("opening the {} trip", scene.0);
            next_trip.set(ActiveTrip::Scene(scene));
            next_phase.set(TripPhase::LoadingAssets);
        }
        None => {
            next_trip.set(ActiveTrip::None);
            next_phase.set(TripPhase::Chooser);
        }
    }
}
