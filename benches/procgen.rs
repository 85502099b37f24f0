//! How fast the lunar terrain generates, in vertices per second.
#![expect(
    missing_docs,
    reason = "criterion's macros generate undocumented functions"
)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use retki_procgen::lunar::{self, LunarParams};

fn terrain(c: &mut Criterion) {
    let mut group = c.benchmark_group("procgen");
    for samples in [129usize, 257] {
        let params = LunarParams {
            samples,
            ..LunarParams::default()
        };
        group.throughput(Throughput::Elements((samples * samples) as u64));
        group.bench_function(format!("lunar_terrain_{samples}x{samples}"), |b| {
            b.iter(|| {
                let surface = lunar::generate(&params);
                surface.heightfield.to_mesh(4.0)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, terrain);
criterion_main!(benches);
