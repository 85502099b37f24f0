//! `retki join`: taking part in a class session. In a window or headset the pupil is in the
//! session's place with the others' avatars; headless (`--mode headless`), the app is a text
//! client for scripts and checks: every message from the server is printed to stdout as one
//! line of JSON, and lines typed on stdin are sent (see [`parse_command`]).

use std::io::BufRead;
use std::net::{SocketAddr, ToSocketAddrs};
use std::process::ExitCode;
use std::sync::{Mutex, mpsc};
use std::time::Duration;

use bevy::app::{AppExit, ScheduleRunnerPlugin};
use bevy::log::LogPlugin;
use bevy::prelude::*;
use retki_session::link::Link;
use retki_session::net::{
    PoseToServer, SessionClient, ToServer, TokenSource, UdpClientPlugins, connect_udp, http_tokens,
    now_ms, send, send_pose,
};
use retki_session::pose::{AvatarPose, Pose};
use retki_session::protocol::{ClientMessage, Join, TeacherCommand};

/// How a person joins.
#[derive(Clone, Debug)]
pub struct JoinOptions {
    /// The server, `HOST:PORT` (the port `retki serve` listens on).
    pub server: String,
    /// The fingerprint of the server's certificate, for a server off this machine (HTTPS).
    pub fingerprint: Option<String>,
    /// The join code, for a pupil.
    pub code: Option<String>,
    /// The pupil's pseudonym.
    pub name: Option<String>,
    /// The session's teacher key, for the teacher.
    pub teacher_key: Option<String>,
    /// With the teacher key: join as an observer (a projector, a second screen), which
    /// sees but does not act.
    pub observer: bool,
}

/// How long `retki join` and `retki classes` listen for announced classes, seconds.
pub const FIND_SECONDS: f64 = 3.0;

/// The server (and its certificate's fingerprint) of the class to join when none was given:
/// the one class announced on the network, or the one called `class` among several. With
/// none announced, this machine's server at the default port.
pub fn find_server(class: Option<&str>) -> Result<(String, Option<String>), String> {
    let found = retki_session::discovery::browse(Duration::from_secs_f64(FIND_SECONDS))?;
    let matching: Vec<_> = found
        .iter()
        .filter(|f| class.is_none_or(|c| f.info.class.eq_ignore_ascii_case(c)))
        .collect();
    match matching.as_slice() {
        [one] => {
            // Said before the app's log starts, for the pupil to compare with the teacher's
            // screen.
            eprintln!(
                "found class {} at {}, certificate {}",
                one.info.class,
                one.server(),
                one.info
                    .fingerprint
                    .as_deref()
                    .unwrap_or("none (plain HTTP)")
            );
            Ok((one.server(), one.info.fingerprint.clone()))
        }
        [] if found.is_empty() => {
            let here = retki_portfolio::cli::DEFAULT_BIND;
            eprintln!(
                "no class was announced on this network in {FIND_SECONDS} s; trying this \
                 machine ({here}); give the teacher's --server HOST:PORT otherwise"
            );
            Ok((here.to_owned(), None))
        }
        _ => Err(format!(
            "{} classes were found ({}); choose one with --class CLASS or give --server HOST:PORT",
            found.len(),
            found
                .iter()
                .map(|f| format!("{} at {}", f.info.class, f.server()))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

impl JoinOptions {
    /// How to say hello: with the teacher key, or the code and a pseudonym.
    pub fn join(&self) -> Result<Join, String> {
        match (&self.teacher_key, &self.code) {
            (Some(key), _) if self.observer => Ok(Join::Observer { key: key.clone() }),
            (Some(key), _) => Ok(Join::Teacher { key: key.clone() }),
            (None, Some(code)) => {
                let pseudonym = self.name.clone().ok_or(
                    "give the name the class will see you by: --name NAME (2–24 letters, digits, spaces, - or _)",
                )?;
                retki_session::protocol::check_pseudonym(&pseudonym)
                    .map_err(|e| format!("--name: {e}"))?;
                retki_session::code::normalise(code).map_err(|e| format!("the code: {e}"))?;
                Ok(Join::Code {
                    code: code.clone(),
                    pseudonym,
                })
            }
            (None, None) => {
                Err("give the join code your teacher shows (or --teacher-key KEY)".into())
            }
        }
    }

    /// How the app reaches the server over HTTP(S).
    pub fn link(&self) -> Result<Link, String> {
        Link::parse(&self.server, self.fingerprint.as_deref()).map_err(|e| format!("--server {e}"))
    }

    /// Where the app gets its connect tokens: the server's HTTP side, at the same address.
    pub fn tokens(&self) -> Result<TokenSource, String> {
        self.link().map(http_tokens)
    }

    /// The server's address (its UDP side has the same).
    pub fn address(&self) -> Result<SocketAddr, String> {
        let link = self.link()?;
        link.authority()
            .to_socket_addrs()
            .map_err(|e| format!("--server {}: {e}", self.server))?
            .next()
            .ok_or_else(|| format!("--server {}: no address", self.server))
    }
}

/// A line typed to the text client, as a message; the error says what lines there are.
///
/// Anyone: `poi ID`, `answer TASK TEXT…`, `grab N`, `release N`, `point X Y Z`,
/// `point none`, `pose X Y Z` (head there, looking ahead), `place KIND EAST NORTH [DEGREES]`
/// (a schoolyard item), `bye`. The teacher: `step SCENE N`, `gather`, `freeze [ID]`,
/// `unfreeze [ID]`, `look X Y Z`, `gaze on|off`, `mute ID`, `unmute ID`, `kick ID` (take a
/// pupil out), `watch ID` (recorded as watching their view), `next`, `back`, `jump STEP` (a
/// lesson's steps), `end` (a pupil may type them; the server refuses them).
pub fn parse_command(line: &str) -> Result<Option<Typed>, String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let Some((&verb, rest)) = words.split_first() else {
        return Ok(None);
    };
    let number = |text: Option<&&str>, what: &str| -> Result<u32, String> {
        text.ok_or(format!("'{verb}' needs {what}"))?
            .parse()
            .map_err(|_| format!("'{verb}': {what} must be a whole number"))
    };
    let point = |rest: &[&str]| -> Result<[f32; 3], String> {
        let v: Vec<f32> = rest.iter().filter_map(|w| w.parse().ok()).collect();
        match v[..] {
            [x, y, z] if v.iter().all(|c| c.is_finite()) => Ok([x, y, z]),
            _ => Err(format!("'{verb}' needs three numbers: X Y Z in metres")),
        }
    };
    let one = |what: &str| -> Result<String, String> {
        rest.first()
            .map(|s| (*s).to_owned())
            .ok_or(format!("'{verb}' needs {what}"))
    };
    let teacher = |command| Ok(Some(Typed::Send(ClientMessage::Teacher { command })));
    let message = match verb {
        "poi" => ClientMessage::OpenPoi {
            id: one("a point's id")?,
        },
        "answer" if rest.len() >= 2 => ClientMessage::Answer {
            task: rest[0].to_owned(),
            response: rest[1..].join(" "),
        },
        "answer" => return Err("'answer' needs a task id and the answer".into()),
        "grab" => ClientMessage::Grab {
            object: number(rest.first(), "an object number")?,
        },
        "release" => ClientMessage::Release {
            object: number(rest.first(), "an object number")?,
        },
        "point" if rest == ["none"] => ClientMessage::Pointer { target: None },
        "point" => ClientMessage::Pointer {
            target: Some(point(rest)?),
        },
        "pose" => return Ok(Some(Typed::Pose(point(rest)?))),
        "place" => {
            let kind = one("an item's kind from the catalogue")?;
            let v: Vec<f32> = rest[1..].iter().filter_map(|w| w.parse().ok()).collect();
            let (at, rotation_deg) = match v[..] {
                [e, n] => ([e, n], 0.0),
                [e, n, turn] => ([e, n], turn),
                _ => return Err("'place' needs a kind, then EAST NORTH metres [DEGREES]".into()),
            };
            if !(at.iter().all(|c| c.is_finite()) && rotation_deg.is_finite()) {
                return Err("'place': the numbers must be finite".into());
            }
            ClientMessage::Design {
                request: retki_design::Request::Place {
                    kind,
                    at,
                    rotation_deg,
                    size: None,
                    colour: None,
                },
            }
        }
        "bye" => ClientMessage::Bye,
        "step" => {
            return teacher(TeacherCommand::LoadStep {
                scene: one("a place")?,
                step: number(rest.get(1), "a step number")?,
            });
        }
        "gather" => return teacher(TeacherCommand::Gather),
        "freeze" => {
            return teacher(TeacherCommand::Freeze {
                pupil: rest.first().map(|s| (*s).to_owned()),
            });
        }
        "unfreeze" => {
            return teacher(TeacherCommand::Unfreeze {
                pupil: rest.first().map(|s| (*s).to_owned()),
            });
        }
        "look" => {
            return teacher(TeacherCommand::LookHere {
                point: point(rest)?,
            });
        }
        "gaze" => {
            return teacher(TeacherCommand::ShowGaze {
                on: one("on or off")? == "on",
            });
        }
        "mute" => {
            return teacher(TeacherCommand::Mute {
                pupil: one("a pupil's id")?,
            });
        }
        "unmute" => {
            return teacher(TeacherCommand::Unmute {
                pupil: one("a pupil's id")?,
            });
        }
        "watch" => {
            return teacher(TeacherCommand::Watch {
                pupil: one("a pupil's id")?,
            });
        }
        "kick" => {
            return teacher(TeacherCommand::Kick {
                pupil: one("a pupil's id")?,
            });
        }
        "end" => return teacher(TeacherCommand::End),
        "next" => return teacher(TeacherCommand::Next),
        "back" => return teacher(TeacherCommand::Back),
        "jump" => {
            return teacher(TeacherCommand::Jump {
                step: one("a step's id")?,
            });
        }
        other => {
            return Err(format!(
                "unknown command '{other}'; try poi, answer, grab, release, point, pose, place, bye, step, next, back, jump, gather, freeze, unfreeze, look, gaze, mute, unmute, kick, watch or end"
            ));
        }
    };
    Ok(Some(Typed::Send(message)))
}

/// What a typed line asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum Typed {
    /// Send this message.
    Send(ClientMessage),
    /// Send a pose with the head at this point, metres.
    Pose([f32; 3]),
}

/// Lines from stdin, read on their own thread.
#[derive(Resource)]
struct Typing(Mutex<mpsc::Receiver<String>>);

fn read_typing(
    typing: Res<Typing>,
    mut writer: MessageWriter<ToServer>,
    mut poses: MessageWriter<PoseToServer>,
    mut exit: MessageWriter<AppExit>,
    mut bye_at: Local<Option<u32>>,
    mut frames: Local<u32>,
) {
    *frames += 1;
    if bye_at.is_some_and(|at| *frames >= at) {
        exit.write(AppExit::Success);
        return;
    }
    let Ok(lines) = typing.0.lock() else { return };
    while let Ok(line) = lines.try_recv() {
        match parse_command(&line) {
            Ok(None) => {}
            Ok(Some(Typed::Send(message))) => {
                if message == ClientMessage::Bye {
                    // Leave a moment for the goodbye to go out.
                    *bye_at = Some(*frames + 30);
                }
                send(&mut writer, &message);
            }
            Ok(Some(Typed::Pose(at))) => {
                let pose = AvatarPose {
                    head: Pose {
                        position: at,
                        rotation: [0.0, 0.0, 0.0, 1.0],
                    },
                    left: None,
                    right: None,
                };
                if !send_pose(&mut poses, now_ms(), &pose) {
                    eprintln!("error: '{line}': a head further than 327 m cannot travel");
                }
            }
            Err(error) => eprintln!("error: '{line}': {error}"),
        }
    }
}

fn print_messages(mut client: ResMut<SessionClient>, mut exit: MessageWriter<AppExit>) {
    for message in std::mem::take(&mut client.inbox) {
        match serde_json::to_string(&message) {
            Ok(line) => println!("{line}"),
            Err(error) => eprintln!("error: a message could not be printed: {error}"),
        }
    }
    if client.is_done() {
        exit.write(AppExit::Success);
    }
}

/// Runs the text client until the session ends for it, or `bye`.
pub fn join_headless(options: &JoinOptions) -> Result<ExitCode, String> {
    let join = options.join()?;
    let address = options.address()?;
    let (lines, typing) = mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    let mut app = App::new();
    app.add_plugins((
        MinimalPlugins.set(ScheduleRunnerPlugin::run_loop(Duration::from_secs_f64(
            1.0 / 120.0,
        ))),
        LogPlugin::default(),
    ))
    .insert_resource(SessionClient::joining(join))
    .add_plugins(UdpClientPlugins)
    .insert_resource(Typing(Mutex::new(typing)))
    .add_systems(Update, (read_typing, print_messages));
    app.finish();
    app.cleanup();
    connect_udp(app.world_mut(), address, options.tokens()?);
    eprintln!("joining the session at udp://{address}");
    Ok(match app.run() {
        AppExit::Success => ExitCode::SUCCESS,
        AppExit::Error(code) => ExitCode::from(code.get()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_lines_become_messages_and_mistakes_say_what_to_type() {
        assert_eq!(
            parse_command("poi lunar_module").unwrap(),
            Some(Typed::Send(ClientMessage::OpenPoi {
                id: "lunar_module".into()
            }))
        );
        assert_eq!(
            parse_command("answer q1 about 1.6 m/s²").unwrap(),
            Some(Typed::Send(ClientMessage::Answer {
                task: "q1".into(),
                response: "about 1.6 m/s²".into()
            }))
        );
        assert_eq!(
            parse_command("freeze").unwrap(),
            Some(Typed::Send(ClientMessage::Teacher {
                command: TeacherCommand::Freeze { pupil: None }
            }))
        );
        assert_eq!(
            parse_command("pose 1 1.6 -2").unwrap(),
            Some(Typed::Pose([1.0, 1.6, -2.0]))
        );
        assert_eq!(
            parse_command("place bench -20 5.5 90").unwrap(),
            Some(Typed::Send(ClientMessage::Design {
                request: retki_design::Request::Place {
                    kind: "bench".into(),
                    at: [-20.0, 5.5],
                    rotation_deg: 90.0,
                    size: None,
                    colour: None,
                }
            }))
        );
        assert!(
            parse_command("place bench 3")
                .unwrap_err()
                .contains("EAST NORTH")
        );
        assert!(
            parse_command("place bench 3 NaN")
                .unwrap_err()
                .contains("finite")
        );
        assert_eq!(parse_command("   ").unwrap(), None);
        assert!(
            parse_command("grab one")
                .unwrap_err()
                .contains("whole number")
        );
        assert!(
            parse_command("look 1 2")
                .unwrap_err()
                .contains("three numbers")
        );
        assert!(
            parse_command("fly")
                .unwrap_err()
                .contains("unknown command 'fly'")
        );
    }
}
