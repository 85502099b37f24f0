//! What travels between a pupil's or teacher's app and the session server, how it is encoded
//! (MessagePack through rmp-serde: compact, the same on every platform, and self-describing,
//! so the schoolyard's operations travel in the form they are stored in), and the checks every
//! message passes
//! before the server acts on it: size, protocol version, well-formedness, sane values, and
//! the sender's role and rights.

use serde::{Deserialize, Serialize};

use crate::pose::{self, PoseError};

/// The protocol's version: a client and server of different versions refuse each other.
pub const PROTOCOL_VERSION: u16 = 2;
/// The largest message a client may send, bytes: a pose is 31, a long answer a few hundred.
pub const MAX_MESSAGE_BYTES: usize = 4 * 1024;
/// The longest text in a message (a POI id, an answer), characters.
pub const MAX_TEXT_CHARS: usize = 500;
/// The shortest and longest pseudonym, characters.
pub const PSEUDONYM_CHARS: (usize, usize) = (2, 24);

/// How an app asks to join.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Join {
    /// A pupil with the class's join code and the pseudonym they go by in it.
    Code {
        /// The join code.
        code: String,
        /// The name classmates see (never a full name: the teacher's instructions say so).
        pseudonym: String,
    },
    /// Coming back after a dropped connection, with the token the server gave.
    Resume {
        /// The resume token from [`ServerMessage::Welcome`].
        token: String,
    },
    /// The session's teacher, with the key `retki lesson run` printed.
    Teacher {
        /// The teacher's key.
        key: String,
    },
    /// A second screen of the teacher's (a projector, another laptop) with the teacher's
    /// key: it sees everyone and the lesson, acts on nothing, and is seen by no one. It may
    /// say whose view it shows, which the server records.
    Observer {
        /// The teacher's key.
        key: String,
    },
}

/// What only the teacher may do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum TeacherCommand {
    /// Load a place and lesson step for everyone.
    LoadStep {
        /// The place.
        scene: String,
        /// The step of the lesson, from 0.
        step: u32,
    },
    /// Bring every pupil to where the teacher stands.
    Gather,
    /// Turn pupils' input off (their view stays theirs); `None` for the whole class.
    Freeze {
        /// One pupil, or everyone.
        pupil: Option<String>,
    },
    /// Turn input back on.
    Unfreeze {
        /// One pupil, or everyone.
        pupil: Option<String>,
    },
    /// Show everyone an arrow to a point, metres.
    LookHere {
        /// The point.
        point: [f32; 3],
    },
    /// Show where each pupil looks, in the teacher's view.
    ShowGaze {
        /// On or off.
        on: bool,
    },
    /// Take a pupil's building rights away.
    Mute {
        /// The pupil.
        pupil: String,
    },
    /// Give them back.
    Unmute {
        /// The pupil.
        pupil: String,
    },
    /// End the session for everyone.
    End,
    /// The lesson's next step, for everyone.
    Next,
    /// The lesson's step before.
    Back,
    /// The lesson's step with this id.
    Jump {
        /// The step's id in the plan.
        step: String,
    },
    /// Take a pupil out of the session: their connection is closed and their resume token
    /// stops working (they can join again only with the code, as someone new).
    Kick {
        /// The pupil.
        pupil: String,
    },
    /// The teacher's app shows this pupil's view: recorded, so the school can see who watched
    /// whom and when.
    Watch {
        /// The pupil.
        pupil: String,
    },
}

impl TeacherCommand {
    /// One of each command, for tests and documentation.
    pub fn every_kind() -> Vec<TeacherCommand> {
        vec![
            TeacherCommand::LoadStep {
                scene: "lunar".into(),
                step: 1,
            },
            TeacherCommand::Gather,
            TeacherCommand::Freeze { pupil: None },
            TeacherCommand::Unfreeze { pupil: None },
            TeacherCommand::LookHere {
                point: [1.0, 0.0, -3.0],
            },
            TeacherCommand::ShowGaze { on: true },
            TeacherCommand::Mute {
                pupil: "p-1".into(),
            },
            TeacherCommand::Unmute {
                pupil: "p-1".into(),
            },
            TeacherCommand::End,
            TeacherCommand::Next,
            TeacherCommand::Back,
            TeacherCommand::Jump {
                step: "gravity".into(),
            },
            TeacherCommand::Kick {
                pupil: "p-1".into(),
            },
            TeacherCommand::Watch {
                pupil: "p-1".into(),
            },
        ]
    }

    /// Its name, for logs and refusals.
    pub fn name(&self) -> &'static str {
        match self {
            TeacherCommand::LoadStep { .. } => "load-step",
            TeacherCommand::Gather => "gather",
            TeacherCommand::Freeze { .. } => "freeze",
            TeacherCommand::Unfreeze { .. } => "unfreeze",
            TeacherCommand::LookHere { .. } => "look-here",
            TeacherCommand::ShowGaze { .. } => "show-gaze",
            TeacherCommand::Mute { .. } => "mute",
            TeacherCommand::Unmute { .. } => "unmute",
            TeacherCommand::End => "end",
            TeacherCommand::Next => "next",
            TeacherCommand::Back => "back",
            TeacherCommand::Jump { .. } => "jump",
            TeacherCommand::Kick { .. } => "kick",
            TeacherCommand::Watch { .. } => "watch",
        }
    }
}

/// What an app sends to the server.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ClientMessage {
    /// The first message of every connection.
    Hello {
        /// The app's [`PROTOCOL_VERSION`].
        version: u16,
        /// How it joins.
        join: Join,
    },
    /// Head and hands, packed by [`pose::pack`], stamped with the sender's clock.
    Pose {
        /// The sender's clock, ms.
        time_ms: u64,
        /// The packed pose.
        packed: Vec<u8>,
    },
    /// Where the pointer lands, metres, or nowhere.
    Pointer {
        /// The point.
        target: Option<[f32; 3]>,
    },
    /// A point of interest was opened.
    OpenPoi {
        /// Its id.
        id: String,
    },
    /// An object was taken hold of.
    Grab {
        /// The object's number in the scene.
        object: u32,
    },
    /// An object was let go.
    Release {
        /// The object's number in the scene.
        object: u32,
    },
    /// A task was answered.
    Answer {
        /// The task's id in the lesson plan.
        task: String,
        /// The answer.
        response: String,
    },
    /// A change to the schoolyard design.
    Design {
        /// The change asked for.
        request: retki_design::Request,
    },
    /// A teacher's command.
    Teacher {
        /// The command.
        command: TeacherCommand,
    },
    /// Leaving on purpose (not a dropped connection).
    Bye,
    /// The answer to [`crate::server::ServerMessage::AreYouThere`]: this connection is alive.
    Here,
}

/// Why bytes from a client were refused before anything else looked at them.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum DecodeError {
    /// Longer than [`MAX_MESSAGE_BYTES`].
    #[error("a message of {0} bytes, over the {MAX_MESSAGE_BYTES}-byte limit")]
    TooLarge(usize),
    /// Not a message of this protocol.
    #[error("not a Retki message: {0}")]
    Malformed(String),
    /// A hello from another version.
    #[error("protocol version {got}, but this server speaks {PROTOCOL_VERSION}: update the app")]
    WrongVersion {
        /// The version the app sent.
        got: u16,
    },
    /// A field with a value no honest app sends.
    #[error("{field}: {why}")]
    Invalid {
        /// The field.
        field: &'static str,
        /// What is wrong.
        why: String,
    },
}

/// Encodes a message for the wire.
pub fn encode<T: Serialize>(message: &T) -> Vec<u8> {
    rmp_serde::to_vec(message).expect("messages always encode")
}

fn text(field: &'static str, value: &str) -> Result<(), DecodeError> {
    if value.chars().count() > MAX_TEXT_CHARS {
        return Err(DecodeError::Invalid {
            field,
            why: format!("longer than {MAX_TEXT_CHARS} characters"),
        });
    }
    if value.chars().any(char::is_control) {
        return Err(DecodeError::Invalid {
            field,
            why: "has control characters".into(),
        });
    }
    Ok(())
}

fn finite(field: &'static str, values: &[f32]) -> Result<(), DecodeError> {
    if values.iter().all(|v| v.is_finite()) {
        Ok(())
    } else {
        Err(DecodeError::Invalid {
            field,
            why: "not a finite number".into(),
        })
    }
}

/// Whether a pseudonym is one a class would see: 2–24 letters, digits, spaces, `-` or `_`,
/// starting with a letter or digit.
pub fn check_pseudonym(name: &str) -> Result<(), DecodeError> {
    let n = name.chars().count();
    let ok = (PSEUDONYM_CHARS.0..=PSEUDONYM_CHARS.1).contains(&n)
        && name.chars().next().is_some_and(char::is_alphanumeric)
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == ' ' || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(DecodeError::Invalid {
            field: "pseudonym",
            why: format!(
                "use {}–{} letters, digits, spaces, - or _",
                PSEUDONYM_CHARS.0, PSEUDONYM_CHARS.1
            ),
        })
    }
}

/// Words a pupil's pseudonym may not start with, in each of the app's languages: a pupil
/// must not pass for the teacher.
pub const RESERVED_PSEUDONYMS: [&str; 3] = ["teacher", "opettaja", "lärare"];

pub use retki_portfolio::pseudonym::pseudonym_key;

/// Whether `name` is, or starts with, a word kept for the teacher ("Opettaja", "Teacher 2").
pub fn is_reserved_pseudonym(name: &str) -> bool {
    let key = pseudonym_key(name);
    RESERVED_PSEUDONYMS.iter().any(|reserved| {
        let reserved = pseudonym_key(reserved);
        key == reserved || key.starts_with(&format!("{reserved} "))
    })
}

/// Decodes and checks a message from a client. Never panics, whatever the bytes.
pub fn decode_client(bytes: &[u8]) -> Result<ClientMessage, DecodeError> {
    if bytes.len() > MAX_MESSAGE_BYTES {
        return Err(DecodeError::TooLarge(bytes.len()));
    }
    let mut reader = bytes;
    let message: ClientMessage = {
        let mut de = rmp_serde::Deserializer::new(&mut reader);
        serde::Deserialize::deserialize(&mut de)
            .map_err(|e: rmp_serde::decode::Error| DecodeError::Malformed(e.to_string()))?
    };
    if !reader.is_empty() {
        return Err(DecodeError::Malformed(format!(
            "{} bytes after the message",
            reader.len()
        )));
    }
    match &message {
        ClientMessage::Hello { version, join } => {
            if *version != PROTOCOL_VERSION {
                return Err(DecodeError::WrongVersion { got: *version });
            }
            match join {
                Join::Code { code, pseudonym } => {
                    text("code", code)?;
                    check_pseudonym(pseudonym)?;
                }
                Join::Resume { token } => text("token", token)?,
                Join::Teacher { key } | Join::Observer { key } => text("key", key)?,
            }
        }
        ClientMessage::Pose { packed, .. } => {
            pose::unpack(packed).map_err(|e: PoseError| DecodeError::Invalid {
                field: "pose",
                why: e.to_string(),
            })?;
        }
        ClientMessage::Pointer { target } => {
            if let Some(p) = target {
                finite("pointer", p)?;
            }
        }
        ClientMessage::OpenPoi { id } => text("poi", id)?,
        ClientMessage::Answer { task, response } => {
            text("task", task)?;
            text("response", response)?;
        }
        ClientMessage::Design { request } => check_request(request)?,
        ClientMessage::Teacher { command } => match command {
            TeacherCommand::LoadStep { scene, .. } => text("scene", scene)?,
            TeacherCommand::Freeze { pupil } | TeacherCommand::Unfreeze { pupil } => {
                if let Some(p) = pupil {
                    text("pupil", p)?;
                }
            }
            TeacherCommand::Mute { pupil }
            | TeacherCommand::Unmute { pupil }
            | TeacherCommand::Kick { pupil }
            | TeacherCommand::Watch { pupil } => text("pupil", pupil)?,
            TeacherCommand::LookHere { point } => finite("point", point)?,
            TeacherCommand::Jump { step } => text("step", step)?,
            TeacherCommand::Gather
            | TeacherCommand::ShowGaze { .. }
            | TeacherCommand::End
            | TeacherCommand::Next
            | TeacherCommand::Back => {}
        },
        ClientMessage::Grab { .. }
        | ClientMessage::Release { .. }
        | ClientMessage::Bye
        | ClientMessage::Here => {}
    }
    Ok(message)
}

/// The fuzz target's check on any bytes: decoding returns (never panics), and a message
/// that decodes encodes to bytes that decode to the same message.
pub fn check_round_trip(bytes: &[u8]) {
    if let Ok(message) = decode_client(bytes) {
        let again = decode_client(&encode(&message));
        assert_eq!(
            again.as_ref(),
            Ok(&message),
            "a decoded message must survive re-encoding"
        );
    }
}

fn check_request(request: &retki_design::Request) -> Result<(), DecodeError> {
    use retki_design::Request::*;
    match request {
        Place {
            kind,
            at,
            rotation_deg,
            size,
            colour,
        } => {
            text("kind", kind)?;
            finite("at", at)?;
            finite("rotation_deg", &[*rotation_deg])?;
            if let Some(size) = size {
                finite("size", size)?;
            }
            if let Some(colour) = colour {
                text("colour", colour)?;
            }
        }
        Move { to, .. } => finite("to", to)?,
        Rotate { to_deg, .. } => finite("to_deg", &[*to_deg])?,
        Resize { to, .. } => finite("to", to)?,
        Recolour { colour, .. } => text("colour", colour)?,
        Delete { .. } | Undo | Redo => {}
    }
    Ok(())
}

/// A participant's role in a session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    /// The session's teacher.
    Teacher,
    /// A pupil.
    Pupil,
    /// A second screen of the teacher's, which only watches ([`Join::Observer`]).
    Observer,
}

/// What a participant may do now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rights {
    /// Their role.
    pub role: Role,
    /// Whether the teacher has frozen their input.
    pub frozen: bool,
    /// Whether the teacher has taken their building rights away.
    pub muted: bool,
}

/// Why the server would not act on a message.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Denied {
    /// A teacher's command from a pupil.
    #[error("only the teacher may {0}")]
    TeacherOnly(&'static str),
    /// An action while frozen.
    #[error("your teacher has paused the class")]
    Frozen,
    /// A design change while muted.
    #[error("your teacher has paused your building")]
    Muted,
    /// A second hello on a joined connection.
    #[error("already joined")]
    AlreadyJoined,
    /// Anything but watching from an observer.
    #[error("an observer can watch, not act")]
    ObserverOnly,
}

/// Whether someone with `rights` may send `message`. The server checks every message from a
/// joined connection here; the app's own view of its role is never trusted.
pub fn authorize(rights: &Rights, message: &ClientMessage) -> Result<(), Denied> {
    match message {
        ClientMessage::Hello { .. } => Err(Denied::AlreadyJoined),
        ClientMessage::Teacher {
            command: TeacherCommand::Watch { .. },
        }
        | ClientMessage::Bye
        | ClientMessage::Here
            if rights.role == Role::Observer =>
        {
            Ok(())
        }
        _ if rights.role == Role::Observer => Err(Denied::ObserverOnly),
        ClientMessage::Teacher { command } if rights.role != Role::Teacher => {
            Err(Denied::TeacherOnly(command.name()))
        }
        ClientMessage::Teacher { .. } => Ok(()),
        // A frozen pupil keeps their view: poses and pointing go on, acting does not.
        ClientMessage::Pose { .. }
        | ClientMessage::Pointer { .. }
        | ClientMessage::Bye
        | ClientMessage::Here => Ok(()),
        _ if rights.frozen && rights.role == Role::Pupil => Err(Denied::Frozen),
        ClientMessage::Design { .. } if rights.muted && rights.role == Role::Pupil => {
            Err(Denied::Muted)
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PUPIL: Rights = Rights {
        role: Role::Pupil,
        frozen: false,
        muted: false,
    };

    #[test]
    fn every_teacher_command_from_a_pupil_is_denied() {
        let teacher = Rights {
            role: Role::Teacher,
            ..PUPIL
        };
        for command in TeacherCommand::every_kind() {
            let message = ClientMessage::Teacher {
                command: command.clone(),
            };
            assert_eq!(
                authorize(&PUPIL, &message),
                Err(Denied::TeacherOnly(command.name()))
            );
            assert_eq!(authorize(&teacher, &message), Ok(()));
            // And the command survives the wire unchanged.
            assert_eq!(decode_client(&encode(&message)), Ok(message));
        }
    }

    #[test]
    fn an_observer_may_watch_and_nothing_else() {
        let observer = Rights {
            role: Role::Observer,
            ..PUPIL
        };
        for command in TeacherCommand::every_kind() {
            let watch = matches!(command, TeacherCommand::Watch { .. });
            let message = ClientMessage::Teacher { command };
            let expected = if watch {
                Ok(())
            } else {
                Err(Denied::ObserverOnly)
            };
            assert_eq!(authorize(&observer, &message), expected);
        }
        for message in [
            ClientMessage::OpenPoi {
                id: "gravity".into(),
            },
            ClientMessage::Pointer { target: None },
            ClientMessage::Grab { object: 1 },
        ] {
            assert_eq!(authorize(&observer, &message), Err(Denied::ObserverOnly));
        }
        assert_eq!(authorize(&observer, &ClientMessage::Bye), Ok(()));
    }

    #[test]
    fn frozen_pupils_keep_their_view_and_muted_ones_cannot_build() {
        let frozen = Rights {
            frozen: true,
            ..PUPIL
        };
        let pose = ClientMessage::Pose {
            time_ms: 5,
            packed: pose::pack(&pose::AvatarPose {
                head: pose::Pose {
                    position: [0.0, 1.6, 0.0],
                    rotation: [0.0, 0.0, 0.0, 1.0],
                },
                left: None,
                right: None,
            })
            .unwrap(),
        };
        assert_eq!(authorize(&frozen, &pose), Ok(()));
        let open = ClientMessage::OpenPoi {
            id: "gravity".into(),
        };
        assert_eq!(authorize(&frozen, &open), Err(Denied::Frozen));
        let build = ClientMessage::Design {
            request: retki_design::Request::Undo,
        };
        let muted = Rights {
            muted: true,
            ..PUPIL
        };
        assert_eq!(authorize(&muted, &build), Err(Denied::Muted));
        assert_eq!(authorize(&muted, &open), Ok(()));
    }

    #[test]
    fn bad_messages_are_refused_with_the_field_named() {
        let hello = |version, pseudonym: &str| ClientMessage::Hello {
            version,
            join: Join::Code {
                code: "7KQ2MX".into(),
                pseudonym: pseudonym.into(),
            },
        };
        assert!(decode_client(&encode(&hello(PROTOCOL_VERSION, "Kettu 7"))).is_ok());
        assert_eq!(
            decode_client(&encode(&hello(PROTOCOL_VERSION + 1, "Kettu"))),
            Err(DecodeError::WrongVersion {
                got: PROTOCOL_VERSION + 1
            })
        );
        for bad in [
            "K",
            "<script>",
            "a\u{7}b",
            " leading",
            "x".repeat(25).as_str(),
        ] {
            let e = decode_client(&encode(&hello(PROTOCOL_VERSION, bad))).unwrap_err();
            assert!(
                matches!(
                    e,
                    DecodeError::Invalid {
                        field: "pseudonym",
                        ..
                    }
                ),
                "{bad}: {e}"
            );
        }
        let nan = ClientMessage::Teacher {
            command: TeacherCommand::LookHere {
                point: [f32::NAN, 0.0, 0.0],
            },
        };
        assert_eq!(
            decode_client(&encode(&nan)).unwrap_err().to_string(),
            "point: not a finite number"
        );
        let long = ClientMessage::Answer {
            task: "q1".into(),
            response: "a".repeat(MAX_TEXT_CHARS + 1),
        };
        assert!(matches!(
            decode_client(&encode(&long)),
            Err(DecodeError::Invalid {
                field: "response",
                ..
            })
        ));
        assert_eq!(
            decode_client(&vec![0; MAX_MESSAGE_BYTES + 1]),
            Err(DecodeError::TooLarge(MAX_MESSAGE_BYTES + 1))
        );
        assert!(matches!(
            decode_client(&[250, 1, 2]),
            Err(DecodeError::Malformed(_))
        ));
        let mut trailing = encode(&ClientMessage::Bye);
        trailing.push(0);
        assert!(matches!(
            decode_client(&trailing),
            Err(DecodeError::Malformed(_))
        ));
        let bad_pose = ClientMessage::Pose {
            time_ms: 1,
            packed: vec![3; 5],
        };
        assert!(matches!(
            decode_client(&encode(&bad_pose)),
            Err(DecodeError::Invalid { field: "pose", .. })
        ));
    }

    #[test]
    fn the_teachers_words_are_reserved_in_every_language() {
        for name in [
            "Teacher",
            "opettaja",
            "Lärare",
            "LARARE",
            "Opettaja Liisa",
            "teacher-2",
        ] {
            assert!(is_reserved_pseudonym(name), "{name}");
        }
        for name in ["Teachers", "Opettajatar", "Kettu"] {
            assert!(!is_reserved_pseudonym(name), "{name}");
        }
    }
}
