//! Sequences of what clients can do to a server — connect, join by code, resume and teacher
//! key, act, send junk, drop, and time passing — read from arbitrary bytes, each followed by
//! a check of the server's invariants ([`Server::check_invariants`]). The fuzz target
//! `sequences` feeds it libFuzzer's bytes; `tests/sequences.rs` feeds it thousands of seeded
//! scripts on every build.

use crate::protocol::{ClientMessage, Join, PROTOCOL_VERSION, TeacherCommand, encode};
use crate::server::{ConnId, RESUME_WINDOW_MS, Server, ServerMessage, SessionDesign};

/// Names pupils try, some of them the same name written differently, one the teacher's;
/// others are numbered.
const NAMES: [&str; 6] = ["Kettu 7", "kettu-7", "Ilves", "Äijä", "Aija", "Opettaja"];
/// Task ids answers name.
const TASKS: [&str; 3] = ["black-sky", "drop", "nowhere"];

/// Reads bytes one at a time; past the end every read is 0.
struct Script<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Script<'_> {
    fn byte(&mut self) -> u8 {
        let b = self.bytes.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        b
    }

    fn done(&self) -> bool {
        self.at >= self.bytes.len()
    }

    fn pick<'b, T>(&mut self, from: &'b [T]) -> &'b T {
        &from[usize::from(self.byte()) % from.len()]
    }

    /// A coordinate on the schoolyard's map, metres: mostly inside the yard, sometimes far
    /// outside or not a number.
    fn metres(&mut self) -> f32 {
        match self.byte() {
            255 => f32::NAN,
            254 => f32::INFINITY,
            b => f32::from(b) - 100.0,
        }
    }
}

/// How far a script reached: how many joins were welcomed, how many messages refused, how
/// many schoolyard operations the design took.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reached {
    /// Welcomes sent.
    pub welcomed: usize,
    /// Refusals sent.
    pub refused: usize,
    /// Operations added to the design's log.
    pub design_operations: usize,
}

impl std::ops::AddAssign for Reached {
    fn add_assign(&mut self, other: Reached) {
        self.welcomed += other.welcomed;
        self.refused += other.refused;
        self.design_operations += other.design_operations;
    }
}

/// What the script has learned that a client could know: the session's code and teacher
/// key, and the resume tokens it was welcomed with.
struct Known {
    code: String,
    teacher_key: String,
    tokens: Vec<String>,
}

/// Runs the script in `bytes` against a new server with one session (on the schoolyard if
/// `design` gives one; it is called again at the end for a fresh copy), checking the
/// invariants after every step, and at the end that the design's operations replay onto a
/// fresh copy to the same items. Panics naming the step and the rule if one breaks; a panic
/// inside the server fails the same way.
pub fn check_sequence(bytes: &[u8], design: impl Fn() -> Option<SessionDesign>) -> Reached {
    let mut server = Server::default();
    let first = design();
    let scene = if first.is_some() {
        "schoolyard"
    } else {
        "lunar"
    };
    let created = server.create_session("https://koulu.example", "7B", scene, first, 0);
    let mut known = Known {
        code: created.code,
        teacher_key: created.teacher_key,
        tokens: Vec::new(),
    };
    let mut script = Script { bytes, at: 0 };
    let mut now_ms = 1;
    let mut conns: Vec<ConnId> = Vec::new();
    let mut joined: std::collections::HashSet<ConnId> = std::collections::HashSet::new();
    let mut step = 0;
    let mut reached = Reached::default();
    while !script.done() {
        step += 1;
        now_ms += u64::from(script.byte()) * 7;
        // Mostly one of the newest connections, as a class's clients are busy at once.
        let recent = conns.len().min(4);
        let conn =
            (recent > 0).then(|| conns[conns.len() - 1 - usize::from(script.byte()) % recent]);
        // A client says hello first: a connection not yet welcomed mostly does.
        let mut op = script.byte() % 8;
        if conn.is_some_and(|c| !joined.contains(&c)) && op != 0 && !script.byte().is_multiple_of(4)
        {
            op = 1;
        }
        let fx = match (op, conn) {
            (0, _) | (_, None) => {
                let new = conns.len() as ConnId + 1;
                conns.push(new);
                // Sixteen addresses on the school network, and this machine's own.
                let peer = match script.byte() % 17 {
                    16 => "127.0.0.1".to_owned(),
                    n => format!("10.0.0.{}", 10 + n),
                };
                server.connect(new, &peer, now_ms)
            }
            (1, Some(conn)) => {
                let join = match script.byte() % 8 {
                    0 => Join::Teacher {
                        key: known.teacher_key.clone(),
                    },
                    1 | 2 if !known.tokens.is_empty() => Join::Resume {
                        token: script.pick(&known.tokens).clone(),
                    },
                    3 => Join::Code {
                        code: "ZZZZZZ".into(),
                        pseudonym: script.pick(&NAMES).to_string(),
                    },
                    4 => Join::Code {
                        code: known.code.clone(),
                        pseudonym: script.pick(&NAMES).to_string(),
                    },
                    // Rarely: a session has room for three observers only.
                    5 if script.byte().is_multiple_of(4) => Join::Observer {
                        key: known.teacher_key.clone(),
                    },
                    _ => Join::Code {
                        code: known.code.clone(),
                        pseudonym: format!("Oppilas {}", script.byte()),
                    },
                };
                let hello = ClientMessage::Hello {
                    version: PROTOCOL_VERSION,
                    join,
                };
                server.receive(conn, &encode(&hello), now_ms)
            }
            (2 | 3, Some(conn)) => {
                let message = act(&mut script);
                server.receive(conn, &encode(&message), now_ms)
            }
            (4, Some(conn)) => {
                let command = teach(&mut script);
                server.receive(conn, &encode(&ClientMessage::Teacher { command }), now_ms)
            }
            (5, Some(conn)) => {
                let length = usize::from(script.byte() % 16);
                let junk: Vec<u8> = (0..length).map(|_| script.byte()).collect();
                server.receive(conn, &junk, now_ms)
            }
            (6, Some(conn)) => server.disconnect(conn, now_ms),
            (_, Some(_)) => {
                // Up to 10 s, or now and then past the resume window.
                now_ms += match script.byte() {
                    255 => RESUME_WINDOW_MS + 1_000,
                    b => u64::from(b) * 40,
                };
                server.tick(now_ms)
            }
        };
        for (to, message) in &fx.out {
            match message {
                ServerMessage::Welcome { token, .. } => {
                    known.tokens.push(token.clone());
                    joined.insert(*to);
                    reached.welcomed += 1;
                }
                ServerMessage::Refused { .. } => reached.refused += 1,
                _ => {}
            }
        }
        if let Err(broken) = server.check_invariants() {
            panic!(
                "after step {step} of the script (byte {}): {broken}",
                script.at
            );
        }
    }
    reached.design_operations = check_replay(&server, created.no, design());
    reached
}

/// The session's design (if it is still open and has one) is what its log makes of a fresh
/// copy; returns how many operations the session added.
fn check_replay(
    server: &Server,
    no: crate::code::SessionNo,
    fresh: Option<SessionDesign>,
) -> usize {
    let (Some(served), Some(mut fresh)) = (server.design(no), fresh) else {
        return 0;
    };
    let start = fresh.design.log().len();
    for op in &served.log()[start..] {
        if let Err(error) = fresh.design.take(op.clone()) {
            panic!("the design's log does not replay: {error}");
        }
    }
    let items = |d: &retki_design::Design| d.items().cloned().collect::<Vec<_>>();
    assert_eq!(
        items(served),
        items(&fresh.design),
        "the design's log replays to other items"
    );
    served.log().len() - start
}

/// A pupil's (or the teacher's) action.
fn act(script: &mut Script) -> ClientMessage {
    match script.byte() % 8 {
        0 => ClientMessage::Grab {
            object: u32::from(script.byte() % 6),
        },
        1 => ClientMessage::Release {
            object: u32::from(script.byte() % 6),
        },
        2 => ClientMessage::Answer {
            task: format!("{}{}", script.pick(&TASKS), script.byte() % 40),
            response: "no-air".into(),
        },
        3 => ClientMessage::OpenPoi {
            id: "landing_site".into(),
        },
        4 => ClientMessage::Bye,
        5 => ClientMessage::Here,
        _ => ClientMessage::Design {
            request: design_request(script),
        },
    }
}

/// A change to the schoolyard, sensible or not.
fn design_request(script: &mut Script) -> retki_design::Request {
    use retki_design::Request;
    let id = retki_design::ItemId::from(script.byte() % 40);
    match script.byte() % 8 {
        0 | 1 => Request::Place {
            kind: script
                .pick(&["bench", "swing", "tree", "nothing"])
                .to_string(),
            at: [script.metres(), script.metres()],
            rotation_deg: script.metres(),
            size: None,
            colour: None,
        },
        2 => Request::Move {
            id,
            to: [script.metres(), script.metres()],
        },
        3 => Request::Rotate {
            id,
            to_deg: script.metres(),
        },
        4 => Request::Resize {
            id,
            to: [script.metres() / 10.0, script.metres() / 10.0],
        },
        5 => Request::Delete { id },
        6 => Request::Undo,
        _ => Request::Redo,
    }
}

/// A teacher's command (refused for a pupil).
fn teach(script: &mut Script) -> TeacherCommand {
    match script.byte() % 7 {
        0 => TeacherCommand::Freeze { pupil: None },
        1 => TeacherCommand::Unfreeze { pupil: None },
        2 => TeacherCommand::Gather,
        3 => TeacherCommand::Next,
        4 => TeacherCommand::Back,
        5 => TeacherCommand::LoadStep {
            scene: "seabed".into(),
            step: u32::from(script.byte()),
        },
        // Ending the session ends the script's story: rarely.
        6 if script.byte() > 250 => TeacherCommand::End,
        _ => TeacherCommand::ShowGaze { on: true },
    }
}
