//! The fuzz target's check over thousands of mutations of the shipped plans on every build:
//! bytes flipped, cut, repeated and inserted. The long runs are `cargo +nightly fuzz run plan`
//! in `engine/lesson/fuzz`.

use retki_lesson::plan::check_bytes;

/// A small, seeded xorshift generator: the same mutations on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

#[test]
fn mutated_plans_never_crash_the_checker() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/lessons");
    let mut rng = Rng(0x1e55_0a5e_0000_0001);
    let mut seeds = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        seeds += 1;
        for _ in 0..300 {
            let mut b = bytes.clone();
            for _ in 0..=rng.below(4) {
                match rng.below(4) {
                    0 => {
                        let i = rng.below(b.len());
                        b[i] ^= 1 << rng.below(8);
                    }
                    1 => b.truncate(rng.below(b.len())),
                    2 => {
                        let i = rng.below(b.len() + 1);
                        let alphabet = b"=[]{}\"\n,.x0";
                        b.insert(i, alphabet[rng.below(alphabet.len())]);
                    }
                    _ => {
                        let from = rng.below(b.len() + 1);
                        let part = b[from..].to_vec();
                        b.extend_from_slice(&part);
                    }
                }
                if b.is_empty() {
                    b.push(b'x');
                }
            }
            check_bytes(&b);
        }
    }
    assert!(seeds >= 1);
}
