//! The fuzz target's check run over thousands of mutated statements on every build: bytes
//! flipped, cut and repeated, and JSON values swapped for values of other types at every
//! depth. The long runs are `cargo +nightly fuzz run statement` in `engine/portfolio/fuzz`.

use retki_portfolio::xapi::fuzz::check_body;
use serde_json::{Value, json};

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

fn seeds() -> Vec<Value> {
    vec![
        json!({
            "id": "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b",
            "actor": {"objectType": "Agent", "account": {"homePage": "https://koulu.example", "name": "7b-01"}},
            "verb": {"id": "http://adlnet.gov/expapi/verbs/answered", "display": {"en-US": "answered"}},
            "object": {"objectType": "Activity", "id": "https://retki.example/quiz/1",
                "definition": {"name": {"fi": "Visa"}, "interactionType": "choice",
                    "correctResponsesPattern": ["a"], "choices": [{"id": "a", "description": {"en": "A"}}]}},
            "result": {"score": {"scaled": 0.5, "raw": 5, "min": 0, "max": 10}, "success": true,
                "duration": "PT1M2.5S", "extensions": {"https://retki.example/x": [1, {"a": null}]}},
            "context": {"registration": "0d8e3f4a-1b2c-4d5e-8f60-718293a4b5c6",
                "instructor": {"mbox": "mailto:opettaja@koulu.example"},
                "team": {"objectType": "Group", "member": [{"mbox_sha1sum": "ebd31e95054c018b10727ccffd2ef2ec3a016ee9"}]},
                "contextActivities": {"parent": [{"id": "https://retki.example/trips/seabed"}]},
                "language": "fi-FI", "revision": "2"},
            "timestamp": "2026-11-25T09:15:00.123+02:00",
            "attachments": [{"usageType": "https://retki.example/snap", "display": {"en": "Snap"},
                "contentType": "image/png", "length": 10,
                "sha2": "495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a"}]
        }),
        json!({
            "actor": {"objectType": "Group", "name": "Pair", "member": [{"openid": "https://id.example/1"}]},
            "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced"},
            "object": {"objectType": "SubStatement",
                "actor": {"account": {"homePage": "https://koulu.example", "name": "7b-02"}},
                "verb": {"id": "http://adlnet.gov/expapi/verbs/attempted"},
                "object": {"objectType": "StatementRef", "id": "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"}}
        }),
    ]
}

/// Replaces one value somewhere in `value` with something of another type.
fn mutate_tree(value: &mut Value, rng: &mut Rng) {
    let replacements = [
        json!(null),
        json!(true),
        json!(-1),
        json!(1e308),
        json!(""),
        json!("x' OR '1'='1"),
        json!("2026-13-45T99:99:99Z"),
        json!([]),
        json!({}),
        json!([null]),
        json!({"objectType": "Agent"}),
        json!("\u{0000}\u{FFFF}"),
        json!(18_446_744_073_709_551_615u64),
    ];
    match value {
        Value::Object(map) if !map.is_empty() && rng.below(4) != 0 => {
            let key = map.keys().nth(rng.below(map.len())).cloned().unwrap();
            match rng.below(6) {
                0 => {
                    map.remove(&key);
                }
                1 => {
                    map.insert(
                        format!("{key}_"),
                        replacements[rng.below(replacements.len())].clone(),
                    );
                }
                _ => mutate_tree(map.get_mut(&key).unwrap(), rng),
            }
        }
        Value::Array(list) if !list.is_empty() && rng.below(4) != 0 => {
            let at = rng.below(list.len());
            mutate_tree(&mut list[at], rng);
        }
        other => *other = replacements[rng.below(replacements.len())].clone(),
    }
}

#[test]
fn mutated_statements_never_panic_the_parser_or_validator() {
    let mut rng = Rng(0x5e7a_2026_1125);
    let seeds = seeds();
    let mut accepted = 0;
    for round in 0..20_000 {
        let mut value = seeds[round % seeds.len()].clone();
        for _ in 0..=rng.below(3) {
            mutate_tree(&mut value, &mut rng);
        }
        let mut bytes = value.to_string().into_bytes();
        if round % 3 == 0 {
            // Byte-level damage too: flips, cuts and repeats.
            for _ in 0..=rng.below(4) {
                let at = rng.below(bytes.len());
                match rng.below(3) {
                    0 => bytes[at] ^= 1 << rng.below(8),
                    1 => bytes.truncate(at.max(1)),
                    _ => {
                        let piece = bytes[at..(at + 8).min(bytes.len())].to_vec();
                        bytes.splice(at..at, piece);
                    }
                }
            }
        }
        check_body(&bytes);
        if retki_portfolio::xapi::validate_statement(&value).is_ok() {
            accepted += 1;
        }
    }
    // The mutations reach both verdicts: some survive, most are refused.
    assert!(
        accepted > 100 && accepted < 15_000,
        "{accepted} of 20000 accepted"
    );
    for seed in &seeds {
        retki_portfolio::xapi::validate_statement(seed).expect("the seeds are valid");
    }
}
