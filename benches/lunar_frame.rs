//! CPU time of one frame of the lunar trip, headless (no GPU): ECS, transforms, culling and
//! physics. Run in release: `cargo bench --bench lunar_frame`.
#![expect(
    missing_docs,
    reason = "criterion's macros generate undocumented functions"
)]

use criterion::{Criterion, criterion_group, criterion_main};
use retki::app::{self, Face};
use retki_scenes::lunar::LUNAR;

fn lunar_frame(c: &mut Criterion) {
    let mut app = app::build(Face::Headless { camera: true }, Some(LUNAR));
    app::update_until_in_scene(&mut app, 10_000).expect("the lunar trip opens");
    c.bench_function("lunar_frame_headless", |b| b.iter(|| app.update()));
}

criterion_group!(benches, lunar_frame);
criterion_main!(benches);
