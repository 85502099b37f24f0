//! Thousands of seeded scripts of clients connecting, joining (by code, resume token and
//! teacher key, with names that clash), acting, sending junk, dropping and waiting, through
//! the session server on every build; after each step the server's invariants must hold, and
//! at the end the schoolyard's log must replay onto a fresh design. The long runs are
//! `cargo +nightly fuzz run sequences` in `engine/session/fuzz`.

use retki_session::sequence::{Reached, check_sequence};
use retki_session::server::SessionDesign;

/// A small, seeded xorshift generator: the same scripts on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn schoolyard() -> Option<SessionDesign> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../assets")
        .join(retki_design::EXAMPLE_DESIGN);
    let loaded = retki_design::file::load(&path).expect("the example design loads");
    Some(SessionDesign {
        design: loaded.design,
        site_path: loaded.site_path,
    })
}

fn scripts(seed: u64, count: usize, length: usize) -> impl Iterator<Item = Vec<u8>> {
    let mut rng = Rng(seed);
    (0..count).map(move |_| (0..length).map(|_| rng.next() as u8).collect())
}

#[test]
fn the_server_keeps_its_rules_through_any_sequence_on_the_moon() {
    let mut reached = Reached::default();
    for script in scripts(0x5eed_0001, 500, 1_600) {
        reached += check_sequence(&script, || None);
    }
    println!("{reached:?}");
    // The scripts get past the door: many joins, and many refusals of what breaks a rule.
    assert!(
        reached.welcomed > 10_000 && reached.refused > 10_000,
        "{reached:?}"
    );
}

#[test]
fn the_server_keeps_its_rules_and_the_design_replays_in_the_schoolyard() {
    let mut reached = Reached::default();
    for script in scripts(0x5eed_0002, 100, 1_800) {
        reached += check_sequence(&script, schoolyard);
    }
    println!("{reached:?}");
    assert!(reached.design_operations > 100, "{reached:?}");
}
