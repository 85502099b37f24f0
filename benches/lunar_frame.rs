//! CPU time of one frame of the lunar trip, headless (no GPU): ECS, transforms, culling and
//! physics. Run in release: `cargo bench --bench lunar_frame`.
#![expect(
    missing_docs,
    reason = "criterion's macros generate undocumented functions"
)]

use std::time::Duration;

use bevy::prelude::*;
use criterion::{Criterion, criterion_group, criterion_main};
use retki::app::{self, Face};
use retki_core::TripPhase;
use retki_scenes::lunar::LUNAR;

fn lunar_frame(c: &mut Criterion) {
    let mut app = app::build(Face::Headless { camera: true }, Some(LUNAR));
    app.finish();
    app.cleanup();
    while *app.world().resource::<State<TripPhase>>().get() != TripPhase::InScene {
        app.update();
        std::thread::sleep(Duration::from_millis(1));
    }
    c.bench_function("lunar_frame_headless", |b| b.iter(|| app.update()));
}

criterion_group!(benches, lunar_frame);
criterion_main!(benches);
