//! Opening and leaving the lunar trip again and again leaves nothing behind, and the trip
//! follows the loading states in order.

use bevy::ecs::resource::IsResource;
use bevy::input::ButtonState;
use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::prelude::*;
use retki::app::{self, Face};
use retki_core::{TripPhase, TripRequest};
use retki_input::{Action, bindings::key_for};
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
    seen.push(*app.world().resource::<State<TripPhase>>().get());
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

/// Entities that are things in the world, and entities that hold resources (Bevy 0.19 keeps
/// each resource in an entity of its own).
fn counts(app: &mut App) -> (usize, usize) {
    let world = app.world_mut();
    let things = world
        .query_filtered::<(), Without<IsResource>>()
        .iter(world)
        .count();
    let resources = world
        .query_filtered::<(), With<IsResource>>()
        .iter(world)
        .count();
    (things, resources)
}

#[test]
fn switching_trips_ten_times_returns_to_the_baseline() {
    let mut app = headless_app();
    run_until(&mut app, TripPhase::Chooser, &mut Vec::new());
    let (baseline, _) = counts(&mut app);
    let mut resources_after_first_trip = None;

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
        let (open, _) = counts(&mut app);
        assert!(
            open > baseline + 600,
            "round {round}: the lunar trip should add its ground, boulders, sky and lights \
             ({open} entities against a baseline of {baseline})"
        );

        app.world_mut().write_message(TripRequest(None));
        run_until(&mut app, TripPhase::Chooser, &mut Vec::new());
        let (left, resources) = counts(&mut app);
        assert_eq!(
            left, baseline,
            "round {round}: leaving the trip must despawn all it made"
        );
        // The first trip may create a resource lazily; later trips must not add more.
        let first = *resources_after_first_trip.get_or_insert(resources);
        assert_eq!(resources, first, "round {round}: resources keep growing");
    }
}

#[test]
fn the_chooser_opens_a_trip_by_its_number_key() {
    let mut app = headless_app();
    run_until(&mut app, TripPhase::Chooser, &mut Vec::new());
    // The key press arrives as the window system would send it.
    app.world_mut().write_message(KeyboardInput {
        key_code: key_for(Action::Choose(1)).unwrap(),
        logical_key: Key::Character("1".into()),
        state: ButtonState::Pressed,
        text: Some("1".into()),
        repeat: false,
        window: Entity::PLACEHOLDER,
    });
    run_until(&mut app, TripPhase::InScene, &mut Vec::new());
    assert_eq!(
        *app.world()
            .resource::<State<retki_core::ActiveTrip>>()
            .get(),
        retki_core::ActiveTrip::Scene(LUNAR)
    );
}
