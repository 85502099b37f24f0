//! The fuzz target's check over thousands of mutated messages on every build: bytes flipped,
//! cut, repeated and inserted. The long runs are `cargo +nightly fuzz run client_message` in
//! `engine/session/fuzz`.

use retki_session::pose::{AvatarPose, Pose, pack};
use retki_session::protocol::{
    ClientMessage, Join, PROTOCOL_VERSION, TeacherCommand, check_round_trip, decode_client, encode,
};

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

fn seeds() -> Vec<ClientMessage> {
    let hand = Pose {
        position: [0.3, 1.1, -0.4],
        rotation: [0.0, 0.38, 0.0, 0.92],
    };
    let mut seeds = vec![
        ClientMessage::Hello {
            version: PROTOCOL_VERSION,
            join: Join::Code {
                code: "7KQ2MX".into(),
                pseudonym: "Kettu".into(),
            },
        },
        ClientMessage::Hello {
            version: PROTOCOL_VERSION,
            join: Join::Resume {
                token: "3f0c9a".into(),
            },
        },
        ClientMessage::Pose {
            time_ms: 1_795_000_000_000,
            packed: pack(&AvatarPose {
                head: Pose {
                    position: [1.0, 1.6, -2.0],
                    rotation: [0.0, 0.0, 0.0, 1.0],
                },
                left: Some(hand),
                right: Some(hand),
            })
            .unwrap(),
        },
        ClientMessage::Pointer {
            target: Some([4.0, 0.0, -7.5]),
        },
        ClientMessage::OpenPoi {
            id: "gravity".into(),
        },
        ClientMessage::Grab { object: 3 },
        ClientMessage::Answer {
            task: "q1".into(),
            response: "Kuu vetää puoleensa".into(),
        },
        ClientMessage::Design {
            request: retki_design::Request::Place {
                kind: "bench".into(),
                at: [1.0, 2.0],
                rotation_deg: 90.0,
                size: Some([1.8, 0.65]),
                colour: Some("#8a5a32".into()),
            },
        },
        ClientMessage::Design {
            request: retki_design::Request::Undo,
        },
        ClientMessage::Bye,
    ];
    seeds.extend(
        TeacherCommand::every_kind()
            .into_iter()
            .map(|command| ClientMessage::Teacher { command }),
    );
    seeds
}

#[test]
fn mutated_messages_never_crash_the_decoder() {
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let mut decoded = 0;
    let seeds = seeds();
    for seed in &seeds {
        let bytes = encode(seed);
        assert_eq!(decode_client(&bytes).as_ref(), Ok(seed));
        for _ in 0..400 {
            let mut b = bytes.clone();
            for _ in 0..=rng.below(3) {
                match rng.below(4) {
                    0 if !b.is_empty() => {
                        let i = rng.below(b.len());
                        b[i] ^= 1 << rng.below(8);
                    }
                    1 if !b.is_empty() => b.truncate(rng.below(b.len())),
                    2 => {
                        let i = rng.below(b.len() + 1);
                        b.insert(i, rng.next() as u8);
                    }
                    _ => {
                        let from = rng.below(b.len() + 1);
                        let part = b[from..].to_vec();
                        b.extend_from_slice(&part);
                    }
                }
            }
            check_round_trip(&b);
            decoded += usize::from(decode_client(&b).is_ok());
        }
    }
    // Some mutations still decode (a changed number), most do not.
    assert!(
        decoded > 0 && decoded < seeds.len() * 400,
        "{decoded} decoded"
    );
}
