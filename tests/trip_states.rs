//! Opening and leaving the lunar trip again and again leaves nothing behind, and the trip
//! follows the loading states in order.

use bevy::prelude::*;
use retki::app::{self, Face};
use retki_core::{TripPhase, TripRequest};
use retki_scenes::lunar::LUNAR;

/// Frames to wait for a state before the test gives up.
const MAX_FRAMES: usize = 2_000;

fn headless_app() -> App {
    let mut app = app::build(Face::Headless { camera: true }, None);
    app.finish();
    app.cleanup();
    app
}

/// Updates until the trip phase is `phase`, recording every phase passed through.
fn run_until(app: &mut App, phase: TripPhase, seen: &mut Vec<TripPhase>) {
    for _ in 0..MAX_FRAMES {
        app.update();
        let now = *app.world().resource::<State<TripPhase>>().get();
        if seen.last() != Some(&now) {
            seen.push(now);
        }
        if now == phase {
            return;
        }
        // Files load on background threads.
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    panic!("never reached {phase:?}; passed {seen:?}");
}

#[test]
fn switching_trips_ten_times_returns_to_the_baseline() {
    let mut app = headless_app();
    let mut seen = Vec::new();
    run_until(&mut app, TripPhase::Chooser, &mut seen);
    let baseline = app.world().entity_count();

    for round in 0..10 {
        let mut seen = Vec::new();
        app.world_mut().write_message(TripRequest(Some(LUNAR)));
        run_until(&mut app, TripPhase::InScene, &mut seen);
        assert_eq!(
            seen,
            [
                TripPhase::Chooser,
                TripPhase::LoadingAssets,
                TripPhase::WarmingPipelines,
                TripPhase::InScene
            ],
            "round {round}"
        );
        let open = app.world().entity_count();
        assert!(
            open > baseline + 400,
            "round {round}: the lunar trip should add its ground, boulders, sky and lights \
             ({open} entities against a baseline of {baseline})"
        );

        app.world_mut().write_message(TripRequest(None));
        run_until(&mut app, TripPhase::Chooser, &mut Vec::new());
        assert_eq!(
            app.world().entity_count(),
            baseline,
            "round {round}: leaving the trip must despawn all it made"
        );
    }
}
