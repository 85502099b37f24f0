//! The session server's rules, apart from any network: who joins which session and as whom,
//! what each may do, what everyone is told, and which statements are recorded. A transport
//! hands it bytes from a connection with [`Server::receive`] and sends what it returns; the
//! clock comes in as an argument, so tests drive it through drops, resumes and expiry
//! exactly.
//!
//! Identity is the server's: a pupil joins with a code and a pseudonym and is given a
//! pseudonymous id and a resume token; a teacher joins with the session's teacher key. A
//! connection that drops keeps its place for [`RESUME_WINDOW_MS`]; coming back with the token
//! within it resumes the same participant in the same state, with no second copy.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::code::{JoinCodes, SessionNo};
use crate::dashboard::{AnswerView, Dashboard, LessonView, PupilView, StepView};
use crate::protocol::{
    ClientMessage, Join, Rights, Role, TeacherCommand, authorize, decode_client,
    is_reserved_pseudonym, pseudonym_key,
};
use crate::statements::{self, SessionContext, Verb};

/// How long a dropped participant keeps their place, ms (a Wi-Fi drop).
pub const RESUME_WINDOW_MS: u64 = 60_000;
/// Messages a connection may send in one second; beyond it they are dropped, and a
/// connection that keeps flooding is closed. Poses at 30 Hz and a pupil's clicks fit well.
pub const MESSAGES_PER_SECOND: u32 = 120;
/// Seconds of flooding after which a connection is closed.
pub const FLOOD_SECONDS_TO_CLOSE: u32 = 3;
/// The most people in one session (a class of 35 and its teacher fit with room to spare).
pub const MAX_PARTICIPANTS: usize = 64;
/// The most people in a session the teacher opens as large: two or three classes together,
/// or a year group's assembly (ENGAGE's largest rooms hold 70).
pub const MAX_PARTICIPANTS_LARGE: usize = 96;
/// Most observers (the teacher's projector and second screens) in one session.
pub const MAX_OBSERVERS: usize = 3;
/// How many of the nearest others each pupil gets every pose of; the rest arrive at every
/// [`FAR_EVERY`]th pose. The teacher and observers get everyone's every pose (for the gaze
/// markers and pupils' views), and everyone gets every pose of the teacher.
pub const NEAR_AVATARS: usize = 12;
/// The share of a far avatar's poses forwarded: one in this many (30 Hz → 10 Hz), or fewer
/// where there are many far avatars (see [`far_every`]).
pub const FAR_EVERY: u32 = 3;
/// The most far avatars' poses a pupil is sent a second: beyond it, each far avatar is sent
/// less often, so what a pupil receives stays within [`crate::pose`]'s budget however many
/// are in the session. 30 Hz × 12 near and 400 far poses a second at 34 bytes a pose in a
/// frame are about 210 kbit/s.
pub const FAR_POSES_PER_SECOND: u32 = 400;

/// One in how many of each far avatar's poses a pupil gets when `far` avatars are far from
/// them: [`FAR_EVERY`], or more where `far` avatars at that rate would pass
/// [`FAR_POSES_PER_SECOND`].
pub fn far_every(far: usize) -> u32 {
    let wanted = (far as f64 * crate::pose::POSE_HZ / f64::from(FAR_POSES_PER_SECOND)).ceil();
    FAR_EVERY.max(wanted as u32)
}
/// How long a connection may stay without joining, ms; then it is closed. A refused join
/// closes it at once.
pub const JOIN_TIMEOUT_MS: u64 = 10_000;
/// Connections one network address may hold at once that have not joined yet (a joined one
/// holds a seat, and seats are limited). A class behind one address (NAT) joins well within
/// it: a connection joins within milliseconds of opening. Addresses on this machine
/// (loopback: the load test, `retki demo`) are not counted.
pub const MAX_UNJOINED_PER_ADDRESS: usize = 16;
/// Connect tokens one network address is given a minute. Every connection needs one, so an
/// address opens at most this many a minute; a class of 36 behind one address joins and comes
/// back after a drop well within it. Addresses on this machine are not counted.
pub const TOKENS_PER_MINUTE_PER_ADDRESS: u32 = 120;
/// Most objects one person holds at once: one in each hand.
pub const MAX_HELD_PER_PERSON: usize = 2;
/// Most different tasks a pupil may answer in a session without a lesson plan (with a plan,
/// only its tasks are answered).
pub const MAX_TASKS_WITHOUT_PLAN: usize = 32;
/// Most changes (made or refused) one person may ask of the schoolyard design in a minute:
/// one a second on average, where the load test's pupils ask six.
pub const DESIGN_REQUESTS_PER_MINUTE: u32 = 60;
/// Most operations a session's design log holds; beyond, changes are refused. A class of 36
/// at six changes a minute makes about 13,000 in an hour.
pub const MAX_DESIGN_OPERATIONS: usize = 20_000;
/// How long the connection holding a seat has to answer [`ServerMessage::AreYouThere`] when
/// someone comes back to that seat, ms. Silent that long, it is taken for dropped (a Wi-Fi
/// drop the transport has not noticed yet) and the newcomer gets the seat; if it answers,
/// the newcomer is closed.
pub const ASK_HOLDER_MS: u64 = 2_000;

/// Whether connection `c` waits for the seat of `id` in session `no`.
fn waits_for(c: &Connection, no: SessionNo, id: &str) -> bool {
    c.waiting
        .as_ref()
        .is_some_and(|(n, i, _)| *n == no && i == id)
}

/// A transport's number for one connection.
pub type ConnId = u64;

/// What the server tells an app.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ServerMessage {
    /// Joined: who you are here.
    Welcome {
        /// Your id in the session (pseudonymous).
        you: String,
        /// Your slot: the number your poses travel under.
        slot: u8,
        /// Your role.
        role: Role,
        /// Keep this to come back after a dropped connection.
        token: String,
        /// The session's UUID.
        session: String,
        /// The place open now.
        scene: String,
        /// The lesson step now.
        step: u32,
        /// Whether your input is off.
        frozen: bool,
        /// Whether your building rights are taken away.
        muted: bool,
    },
    /// A message was refused; the connection stays unless it is [`ServerMessage::Closed`].
    Refused {
        /// Why.
        reason: String,
    },
    /// Someone joined.
    Joined {
        /// Their id.
        id: String,
        /// Their slot (see [`crate::pose::ForwardedPose`]).
        slot: u8,
        /// Their pseudonym.
        pseudonym: String,
        /// Their role.
        role: Role,
    },
    /// Where someone points, or that they stopped.
    Pointer {
        /// Who.
        id: String,
        /// The point, metres.
        target: Option<[f32; 3]>,
    },
    /// Someone opened a point of interest (also the opener's acknowledgement).
    PoiOpened {
        /// Who.
        id: String,
        /// The point's id.
        poi: String,
    },
    /// Your answer is recorded.
    Answered {
        /// The task.
        task: String,
    },
    /// Someone left (or their resume window passed).
    Left {
        /// Their id.
        id: String,
    },
    /// Everyone goes to this place and step.
    Step {
        /// The place.
        scene: String,
        /// The step.
        step: u32,
    },
    /// Come to the teacher.
    Gather {
        /// Where the teacher stands, metres, if known.
        to: Option<[f32; 3]>,
    },
    /// Your input is off, or on again.
    Frozen {
        /// Off (true) or on.
        on: bool,
    },
    /// An arrow to this point.
    LookHere {
        /// The point, metres.
        point: [f32; 3],
    },
    /// Your building rights were taken away, or given back.
    Muted {
        /// Taken (true) or given back.
        on: bool,
    },
    /// Who holds an object now.
    Held {
        /// The object.
        object: u32,
        /// Its holder, if anyone.
        by: Option<String>,
    },
    /// A design change, in the server's order.
    DesignApplied {
        /// The operation.
        op: retki_design::Operation,
    },
    /// The lesson's step now: sent to everyone when the teacher moves the class, and to
    /// each app that joins.
    LessonStep {
        /// The step's place in the lesson, from 0.
        index: u32,
        /// How many steps the lesson has.
        of: u32,
        /// The step's id.
        id: String,
        /// The place.
        scene: String,
        /// The viewpoint pupils start at.
        viewpoint: String,
        /// Points of interest to visit.
        pois: Vec<String>,
        /// The step's time box, minutes.
        minutes: f32,
        /// Its tasks.
        tasks: Vec<TaskCard>,
    },
    /// The session has ended.
    Ended,
    /// Someone came back to this connection's seat with its resume token: answer with
    /// [`ClientMessage::Here`] to keep it (the app does by itself).
    AreYouThere,
    /// The connection is being closed, and why.
    Closed {
        /// Why.
        reason: String,
    },
}

/// A task as pupils see it: the question in Finnish, Swedish and English, and the choices of
/// a choice task (never the answer).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskCard {
    /// The task's id (what an answer names).
    pub id: String,
    /// What kind: choice, free, measure, place or find.
    pub kind: String,
    /// The question: fi, sv, en.
    pub question: [String; 3],
    /// A choice task's choices: id and text in fi, sv, en.
    pub choices: Vec<(String, [String; 3])>,
}

/// A lesson a session follows, and where its plan is (read again after a restart).
pub struct SessionLesson {
    /// The checked plan.
    pub plan: retki_lesson::LessonPlan,
    /// Its file.
    pub path: std::path::PathBuf,
}

/// What the transport must do after a call.
#[derive(Debug, Default)]
pub struct Effects {
    /// Messages to send, in order.
    pub out: Vec<(ConnId, ServerMessage)>,
    /// Connections to close (after sending what is queued to them).
    pub close: Vec<ConnId>,
    /// Statements for the outbox, to be stored before the sender is answered.
    pub statements: Vec<Value>,
    /// Lines for the server's log, each naming the client.
    pub log: Vec<String>,
    /// The state changed in a way a restarted server must know before anyone is answered:
    /// someone joined or left, or the teacher's command was carried out. Other changes may be
    /// saved a moment later, together.
    pub save_now: bool,
}

impl Effects {
    /// The messages for connection `conn`, in order.
    pub fn to(&self, conn: ConnId) -> Vec<&ServerMessage> {
        self.out
            .iter()
            .filter(|(c, _)| *c == conn)
            .map(|(_, m)| m)
            .collect()
    }

    /// Adds `other`'s effects after these.
    pub fn extend(&mut self, other: Effects) {
        self.out.extend(other.out);
        self.close.extend(other.close);
        self.statements.extend(other.statements);
        self.log.extend(other.log);
        self.save_now |= other.save_now;
    }

    /// Refuses what `conn` sent: the client is told `reason`, and `log`, when given, goes to
    /// the server's log. The connection stays.
    fn refuse(&mut self, conn: ConnId, log: Option<String>, reason: impl ToString) {
        self.log.extend(log);
        self.out.push((
            conn,
            ServerMessage::Refused {
                reason: reason.to_string(),
            },
        ));
    }
}

/// A session, its participant and whether they are new, once a connection is admitted.
type Admitted = (SessionNo, String, bool);

/// Who sent the message being handled.
struct Actor<'a> {
    conn: ConnId,
    id: &'a str,
    /// A pupil, whose actions are recorded (the teacher's are not).
    learner: bool,
    /// When, ISO 8601, for the statements.
    stamp: String,
}

impl Actor<'_> {
    /// Records `verb` on the activity at `path` as a statement, if the actor is a learner.
    fn record(
        &self,
        session: &Session,
        verb: Verb,
        path: &str,
        extra: Option<Value>,
        fx: &mut Effects,
    ) {
        if self.learner {
            let statement = session
                .context
                .statement(self.id, verb, path, &self.stamp, extra);
            fx.statements.push(statement);
        }
    }
}

#[derive(Debug)]
struct Participant {
    pseudonym: String,
    role: Role,
    token: String,
    slot: u8,
    conn: Option<ConnId>,
    dropped_ms: Option<u64>,
    frozen: bool,
    muted: bool,
    /// The latest pose: the sender's clock (ms) and the packed pose.
    pose: Option<(u64, Vec<u8>)>,
    /// Poses received so far (which of them a far avatar's viewers get).
    poses_received: u32,
    /// A pose arrived since the last [`Server::pose_round`].
    fresh: bool,
    /// The point of interest they opened last.
    last_poi: Option<String>,
    /// Their answers, the latest to each task, in the order first answered.
    answers: Vec<AnswerView>,
    /// The lesson step they were last shown.
    step_seen: Option<String>,
    /// Design requests in the current minute: when it began (ms) and how many.
    design_minute: (u64, u32),
}

impl Participant {
    /// Someone who has just joined, not yet on a connection.
    fn new(pseudonym: String, role: Role, token: String, slot: u8) -> Self {
        Self {
            pseudonym,
            role,
            token,
            slot,
            conn: None,
            dropped_ms: None,
            frozen: false,
            muted: false,
            pose: None,
            poses_received: 0,
            fresh: false,
            last_poi: None,
            answers: Vec::new(),
            step_seen: None,
            design_minute: (0, 0),
        }
    }
}

impl Session {
    /// How many people the session seats.
    fn seats(&self) -> usize {
        if self.large {
            MAX_PARTICIPANTS_LARGE
        } else {
            MAX_PARTICIPANTS
        }
    }

    /// The lowest slot nobody in the session has, if there is room.
    fn free_slot(&self) -> Option<u8> {
        if self.participants.len() >= self.seats() {
            return None;
        }
        (0..=u8::MAX).find(|slot| self.participants.values().all(|p| p.slot != *slot))
    }
}

/// One class session.
pub struct Session {
    context: SessionContext,
    teacher_key: String,
    /// The dashboard's own key, apart from the teacher app's.
    dashboard_key: String,
    scene: String,
    step: u32,
    participants: HashMap<String, Participant>,
    held: HashMap<u32, String>,
    design: Option<SessionDesign>,
    lesson: Option<(SessionLesson, retki_lesson::LessonRun)>,
    /// Opened as large: [`MAX_PARTICIPANTS_LARGE`] seats instead of [`MAX_PARTICIPANTS`].
    large: bool,
}

/// A schoolyard design a session builds on, and where its site plan is, so a restarted
/// server can replay the design's log onto the site.
pub struct SessionDesign {
    /// The design.
    pub design: retki_design::Design,
    /// The site plan's file.
    pub site_path: std::path::PathBuf,
}

#[derive(Debug, Default)]
struct Connection {
    peer: String,
    /// When it connected, ms.
    since_ms: u64,
    /// Closed by the server; what it still sends is ignored until the transport drops it.
    closing: bool,
    joined: Option<(SessionNo, String)>,
    /// The session its connect token was issued for, where the transport checks tokens.
    bound: Option<SessionNo>,
    /// Admitted to a seat that another connection holds, which was asked at `.2` (ms)
    /// whether it is there: it gets the seat if that one stays silent for [`ASK_HOLDER_MS`] or
    /// ends, and is closed if it answers.
    waiting: Option<(SessionNo, String, u64)>,
    /// When a message last came, ms.
    heard_ms: u64,
    window_start_ms: u64,
    in_window: u32,
    flooding_seconds: u32,
}

/// Every session on this server, and every connection to it.
#[derive(Default)]
pub struct Server {
    codes: JoinCodes,
    sessions: HashMap<SessionNo, Session>,
    connections: HashMap<ConnId, Connection>,
    tokens: HashMap<String, (SessionNo, String)>,
    next_session: SessionNo,
    /// Connect tokens given to each network address: since when (ms) and how many.
    token_minutes: HashMap<String, (u64, u32)>,
    learner_key: LearnerKey,
    /// The points of interest of each place, by place name, when the server knows them:
    /// a pupil opens only those of the session's place.
    points_of_interest: Option<HashMap<String, HashSet<String>>>,
}

/// The secret under which a pupil's name in a class gives their learner id
/// ([`retki_portfolio::pseudonym::learner_id`]): the store's, set with
/// [`Server::set_learner_key`], or one made for this server alone.
struct LearnerKey(Vec<u8>);

impl Default for LearnerKey {
    fn default() -> Self {
        Self(random_token().into_bytes())
    }
}

/// A new session's join code and teacher key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Created {
    /// The session's number on this server.
    pub no: SessionNo,
    /// Its UUID (the statements' registration).
    pub id: String,
    /// The code pupils type.
    pub code: String,
    /// The key the teacher's app joins with.
    pub teacher_key: String,
    /// The key the session's dashboard signs in with once (in its link after `#`): a
    /// projected or leaked dashboard link does not make anyone the teacher in the session.
    pub dashboard_key: String,
}

/// Everything a server must keep to carry on after a restart: its sessions, their
/// participants (each free to resume for [`RESUME_WINDOW_MS`] from the restart), held objects,
/// designs (as their logs) and join codes. Poses and connections are not kept.
///
/// A design's log only ever grows, so a server that saves often takes the logs out
/// ([`Server::snapshot_without_design_logs`]), appends each new operation where it keeps
/// them, and puts them back before restoring ([`Snapshot::with_design_logs`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    sessions: Vec<SessionSnapshot>,
    codes: Vec<(String, SessionNo, u64)>,
    next_session: SessionNo,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct SessionSnapshot {
    no: SessionNo,
    school: String,
    registration: String,
    class: String,
    teacher_key: String,
    #[serde(default = "random_token")]
    dashboard_key: String,
    scene: String,
    step: u32,
    participants: Vec<ParticipantSnapshot>,
    held: Vec<(u32, String)>,
    design: Option<DesignSnapshot>,
    #[serde(default)]
    lesson: Option<LessonSnapshot>,
    #[serde(default)]
    large: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct LessonSnapshot {
    path: std::path::PathBuf,
    step: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct ParticipantSnapshot {
    id: String,
    pseudonym: String,
    role: Role,
    token: String,
    slot: u8,
    frozen: bool,
    muted: bool,
    #[serde(default)]
    last_poi: Option<String>,
    #[serde(default)]
    answers: Vec<AnswerView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct DesignSnapshot {
    site_path: std::path::PathBuf,
    title: String,
    budget_eur: f32,
    pupils: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    log: Vec<retki_design::Operation>,
}

impl Snapshot {
    /// This snapshot with the design logs of `logs` (by session) in place of its own; a
    /// session not in `logs` keeps the log it has.
    pub fn with_design_logs(
        mut self,
        mut logs: HashMap<SessionNo, Vec<retki_design::Operation>>,
    ) -> Self {
        for s in &mut self.sessions {
            if let (Some(design), Some(log)) = (s.design.as_mut(), logs.remove(&s.no)) {
                design.log = log;
            }
        }
        self
    }
}

/// A fresh secret: 122 random bits (a version-4 UUID from the operating system's random
/// source), as 32 hex digits.
pub fn random_token() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

fn iso(ms: u64) -> String {
    retki_portfolio::time::iso8601(ms as i64)
}

impl Server {
    /// Gives pupils the learner ids of the store whose learner key is `key`
    /// ([`retki_portfolio::store::Store::learner_key`]): the same name in the same class is
    /// the same learner on every join, in every session.
    pub fn set_learner_key(&mut self, key: &[u8]) {
        self.learner_key = LearnerKey(key.to_vec());
    }

    /// Lets pupils open only the points of interest `pois` lists for the session's place
    /// (by place name); a place it does not name has none.
    pub fn set_points_of_interest(&mut self, pois: HashMap<String, HashSet<String>>) {
        self.points_of_interest = Some(pois);
    }

    /// Opens session `no` to [`MAX_PARTICIPANTS_LARGE`] people (`large`) or back to
    /// [`MAX_PARTICIPANTS`]; false where there is no such session, or where more are in it
    /// than it would seat.
    pub fn set_large(&mut self, no: SessionNo, large: bool) -> bool {
        let Some(session) = self.sessions.get_mut(&no) else {
            return false;
        };
        let was = session.large;
        session.large = large;
        if session.participants.len() > session.seats() {
            session.large = was;
            return false;
        }
        true
    }

    /// How many people session `no` seats, and how many are in it.
    pub fn seats(&self, no: SessionNo) -> Option<(usize, usize)> {
        self.sessions
            .get(&no)
            .map(|s| (s.seats(), s.participants.len()))
    }

    /// Opens a session for `class` in `scene`, recorded under the school's address `school`.
    pub fn create_session(
        &mut self,
        school: &str,
        class: &str,
        scene: &str,
        design: Option<SessionDesign>,
        now_ms: u64,
    ) -> Created {
        self.next_session += 1;
        let no = self.next_session;
        let id = uuid::Uuid::new_v4().to_string();
        let teacher_key = random_token();
        let dashboard_key = random_token();
        self.sessions.insert(
            no,
            Session {
                context: SessionContext {
                    school: school.to_owned(),
                    registration: id.clone(),
                    class: class.to_owned(),
                },
                teacher_key: teacher_key.clone(),
                dashboard_key: dashboard_key.clone(),
                scene: scene.to_owned(),
                step: 0,
                participants: HashMap::new(),
                held: HashMap::new(),
                design,
                lesson: None,
                large: false,
            },
        );
        Created {
            no,
            id,
            code: self.codes.issue(no, now_ms),
            teacher_key,
            dashboard_key,
        }
    }

    /// What the server must keep to carry on after a restart.
    pub fn snapshot(&self) -> Snapshot {
        self.snapshot_with(true)
    }

    /// The same without the designs' logs, which the saver keeps apart (see [`Snapshot`]).
    pub fn snapshot_without_design_logs(&self) -> Snapshot {
        self.snapshot_with(false)
    }

    fn snapshot_with(&self, design_logs: bool) -> Snapshot {
        let mut sessions: Vec<SessionSnapshot> = self
            .sessions
            .iter()
            .map(|(no, s)| {
                let mut participants: Vec<ParticipantSnapshot> = s
                    .participants
                    .iter()
                    .map(|(id, p)| ParticipantSnapshot {
                        id: id.clone(),
                        pseudonym: p.pseudonym.clone(),
                        role: p.role,
                        token: p.token.clone(),
                        slot: p.slot,
                        frozen: p.frozen,
                        muted: p.muted,
                        last_poi: p.last_poi.clone(),
                        answers: p.answers.clone(),
                    })
                    .collect();
                participants.sort_by(|a, b| a.id.cmp(&b.id));
                let mut held: Vec<(u32, String)> =
                    s.held.iter().map(|(o, by)| (*o, by.clone())).collect();
                held.sort();
                SessionSnapshot {
                    no: *no,
                    school: s.context.school.clone(),
                    registration: s.context.registration.clone(),
                    class: s.context.class.clone(),
                    teacher_key: s.teacher_key.clone(),
                    dashboard_key: s.dashboard_key.clone(),
                    scene: s.scene.clone(),
                    step: s.step,
                    participants,
                    held,
                    design: s.design.as_ref().map(|d| DesignSnapshot {
                        site_path: d.site_path.clone(),
                        title: d.design.brief.title.clone(),
                        budget_eur: d.design.brief.budget_eur,
                        pupils: d.design.brief.pupils,
                        log: if design_logs {
                            d.design.log().to_vec()
                        } else {
                            Vec::new()
                        },
                    }),
                    lesson: s.lesson.as_ref().map(|(l, run)| LessonSnapshot {
                        path: l.path.clone(),
                        step: l.plan.steps[run.current()].id.clone(),
                    }),
                    large: s.large,
                }
            })
            .collect();
        sessions.sort_by_key(|s| s.no);
        Snapshot {
            sessions,
            codes: self.codes.entries(),
            next_session: self.next_session,
        }
    }

    /// A server carrying on from `snapshot` at `now_ms`: every participant is away, free to
    /// come back with their token for [`RESUME_WINDOW_MS`]. A design is rebuilt by replaying
    /// its log on its site plan, and a lesson's plan is read again with `load_plan`, at the
    /// step it was at; the error names what could not be restored.
    pub fn restore(
        snapshot: Snapshot,
        now_ms: u64,
        load_plan: &dyn Fn(&std::path::Path) -> Result<retki_lesson::LessonPlan, String>,
    ) -> Result<Self, String> {
        let mut server = Server {
            codes: JoinCodes::restore(&snapshot.codes),
            next_session: snapshot.next_session,
            ..Server::default()
        };
        for s in snapshot.sessions {
            let design = match s.design {
                None => None,
                Some(d) => {
                    let site = retki_design::Site::load(&d.site_path)
                        .map_err(|e| format!("session {}: the site plan: {e}", s.no))?;
                    let brief = retki_design::Brief {
                        title: d.title,
                        budget_eur: d.budget_eur,
                        pupils: d.pupils,
                    };
                    let design = retki_design::Design::replay(site, brief, &d.log)
                        .map_err(|e| format!("session {}: the design's log: {e}", s.no))?;
                    Some(SessionDesign {
                        design,
                        site_path: d.site_path,
                    })
                }
            };
            let mut participants = HashMap::new();
            for p in s.participants {
                server.tokens.insert(p.token.clone(), (s.no, p.id.clone()));
                participants.insert(
                    p.id,
                    Participant {
                        dropped_ms: Some(now_ms),
                        frozen: p.frozen,
                        muted: p.muted,
                        last_poi: p.last_poi,
                        answers: p.answers,
                        ..Participant::new(p.pseudonym, p.role, p.token, p.slot)
                    },
                );
            }
            let lesson = match s.lesson {
                None => None,
                Some(l) => {
                    let plan = load_plan(&l.path)
                        .map_err(|e| format!("session {}: the lesson plan: {e}", s.no))?;
                    let mut run = retki_lesson::LessonRun::start(&plan, now_ms);
                    run.jump(&l.step, now_ms)
                        .map_err(|e| format!("session {}: the lesson: {e}", s.no))?;
                    Some((SessionLesson { plan, path: l.path }, run))
                }
            };
            server.sessions.insert(
                s.no,
                Session {
                    context: SessionContext {
                        school: s.school,
                        registration: s.registration,
                        class: s.class,
                    },
                    teacher_key: s.teacher_key,
                    dashboard_key: s.dashboard_key,
                    scene: s.scene,
                    step: s.step,
                    participants,
                    held: s.held.into_iter().collect(),
                    design,
                    lesson,
                    large: s.large,
                },
            );
        }
        Ok(server)
    }

    /// Has session `no` follow `lesson`, from its first step (which also sets the place).
    pub fn start_lesson(
        &mut self,
        no: SessionNo,
        lesson: SessionLesson,
        now_ms: u64,
    ) -> Result<(), String> {
        let session = self
            .sessions
            .get_mut(&no)
            .ok_or_else(|| format!("no session {no}"))?;
        let first = lesson.plan.steps.first().ok_or("the lesson has no steps")?;
        session.scene.clone_from(&first.scene);
        session.step = 0;
        let run = retki_lesson::LessonRun::start(&lesson.plan, now_ms);
        session.lesson = Some((lesson, run));
        Ok(())
    }

    /// A session's lesson step now and the time left in its box, ms (negative when over).
    pub fn lesson_step(&self, no: SessionNo, now_ms: u64) -> Option<(String, i64)> {
        let (lesson, run) = self.sessions.get(&no)?.lesson.as_ref()?;
        Some((
            lesson.plan.steps[run.current()].id.clone(),
            run.time_left_ms(now_ms),
        ))
    }

    /// Every session's design as it stands, by session.
    pub fn designs(&self) -> impl Iterator<Item = (SessionNo, &retki_design::Design)> {
        self.sessions
            .iter()
            .filter_map(|(no, s)| Some((*no, &s.design.as_ref()?.design)))
    }

    /// A session's design as it stands, if it has one.
    pub fn design(&self, no: SessionNo) -> Option<&retki_design::Design> {
        self.sessions.get(&no)?.design.as_ref().map(|d| &d.design)
    }

    /// A session, for the dashboard: its participants' ids, pseudonyms and whether they are
    /// connected.
    pub fn roster(&self, no: SessionNo) -> Vec<(String, String, bool)> {
        let mut roster: Vec<_> = self
            .sessions
            .get(&no)
            .map(|s| {
                s.participants
                    .iter()
                    .map(|(id, p)| (id.clone(), p.pseudonym.clone(), p.conn.is_some()))
                    .collect()
            })
            .unwrap_or_default();
        roster.sort();
        roster
    }

    /// How many sessions are open.
    pub fn session_count(&self) -> usize {
        self.sessions.len()
    }

    /// Every open session's number and UUID.
    pub fn sessions(&self) -> Vec<(SessionNo, String)> {
        let mut all: Vec<_> = self
            .sessions
            .iter()
            .map(|(no, s)| (*no, s.context.registration.clone()))
            .collect();
        all.sort();
        all
    }

    /// Session `no`'s teacher key.
    pub fn teacher_key(&self, no: SessionNo) -> Option<&str> {
        self.sessions.get(&no).map(|s| s.teacher_key.as_str())
    }

    /// The key session `no`'s dashboard signs in with.
    pub fn dashboard_key(&self, no: SessionNo) -> Option<&str> {
        self.sessions.get(&no).map(|s| s.dashboard_key.as_str())
    }

    /// Session `no` as its teacher's dashboard shows it at `now_ms`.
    pub fn dashboard(&self, no: SessionNo, now_ms: u64) -> Option<Dashboard> {
        let session = self.sessions.get(&no)?;
        let code = self
            .codes
            .entries()
            .into_iter()
            .find(|(_, of, expires)| *of == no && *expires > now_ms)
            .map(|(code, _, _)| code);
        let lesson = session.lesson.as_ref().map(|(lesson, run)| LessonView {
            id: lesson.plan.id.clone(),
            title: [
                lesson.plan.title.fi.clone(),
                lesson.plan.title.sv.clone(),
                lesson.plan.title.en.clone(),
            ],
            steps: lesson
                .plan
                .steps
                .iter()
                .map(|step| StepView {
                    id: step.id.clone(),
                    scene: step.scene.clone(),
                    viewpoint: step.viewpoint.clone(),
                    minutes: step.minutes,
                })
                .collect(),
            current: run.current(),
            time_left_s: run.time_left_ms(now_ms) / 1000,
            pois: lesson.plan.steps[run.current()].pois.clone(),
        });
        let mut pupils: Vec<PupilView> = session
            .participants
            .iter()
            .filter(|(_, p)| p.role == Role::Pupil)
            .map(|(id, p)| PupilView {
                id: id.clone(),
                pseudonym: p.pseudonym.clone(),
                connected: p.conn.is_some(),
                frozen: p.frozen,
                step: p.step_seen.clone(),
                last_poi: p.last_poi.clone(),
                answers: p.answers.clone(),
            })
            .collect();
        pupils.sort_by(|a, b| a.pseudonym.cmp(&b.pseudonym).then(a.id.cmp(&b.id)));
        Some(Dashboard {
            session: session.context.registration.clone(),
            code,
            class: session.context.class.clone(),
            scene: session.scene.clone(),
            lesson,
            pupils,
            teacher_connected: session
                .participants
                .values()
                .any(|p| p.role == Role::Teacher && p.conn.is_some()),
            seats: session.seats(),
            large: session.large,
        })
    }

    /// Carries out a teacher's `command` in session `no` for the teacher's dashboard (not
    /// from a connection); the error is for the teacher.
    pub fn command(
        &mut self,
        no: SessionNo,
        command: TeacherCommand,
        now_ms: u64,
    ) -> Result<Effects, String> {
        let session = self.sessions.get_mut(&no).ok_or("the session has ended")?;
        let mut fx = Effects::default();
        fx.log
            .push(format!("dashboard of session {no}: {}", command.name()));
        let after = After::of(&command);
        teacher(session, command, now_ms, &mut fx)?;
        fx.save_now = true;
        after.carry_out(self, no, now_ms, &mut fx);
        Ok(fx)
    }

    /// Takes pupil `id` out of session `no`: closes their connection and forgets their place
    /// and resume token.
    fn kick(&mut self, no: SessionNo, id: &str, now_ms: u64, fx: &mut Effects) {
        let conn = self
            .sessions
            .get(&no)
            .and_then(|s| s.participants.get(id))
            .and_then(|p| p.conn);
        self.leave(no, id, now_ms, fx);
        if let Some(conn) = conn {
            self.close(conn, "the teacher took you out of the session", now_ms, fx);
        }
        fx.log.push(format!("{id} was taken out of session {no}"));
    }

    /// The place and step a session is at.
    pub fn step(&self, no: SessionNo) -> Option<(String, u32)> {
        self.sessions.get(&no).map(|s| (s.scene.clone(), s.step))
    }

    /// Checks the rules the server's state keeps whatever its clients send, and names the
    /// first one broken: one seat and one connection per participant, names unique and none
    /// the teacher's, every held object held by someone there and nobody holding more than
    /// [`MAX_HELD_PER_PERSON`], resume tokens leading to seats, and the caps on answers and on
    /// the design's log. For tests and fuzzing.
    pub fn check_invariants(&self) -> Result<(), String> {
        for (no, session) in &self.sessions {
            let people = &session.participants;
            if people.len() > session.seats() {
                return Err(format!("session {no} has {} people", people.len()));
            }
            let mut slots = std::collections::HashSet::new();
            let mut names = std::collections::HashSet::new();
            for (id, p) in people {
                if !slots.insert(p.slot) {
                    return Err(format!("session {no}: slot {} given twice", p.slot));
                }
                // Observers are seen by no one: their names cannot be mistaken.
                if p.role != Role::Observer && !names.insert(pseudonym_key(&p.pseudonym)) {
                    return Err(format!("session {no}: the name {:?} twice", p.pseudonym));
                }
                if p.role == Role::Pupil && is_reserved_pseudonym(&p.pseudonym) {
                    return Err(format!(
                        "session {no}: pupil {id} is called {:?}",
                        p.pseudonym
                    ));
                }
                if let Some(conn) = p.conn {
                    let joined = self.connections.get(&conn).and_then(|c| c.joined.as_ref());
                    if joined != Some(&(*no, id.clone())) {
                        return Err(format!(
                            "session {no}: {id}'s connection {conn} is not theirs"
                        ));
                    }
                }
                if session.lesson.is_none() && p.answers.len() > MAX_TASKS_WITHOUT_PLAN {
                    return Err(format!(
                        "session {no}: {id} has {} answers",
                        p.answers.len()
                    ));
                }
            }
            for (object, holder) in &session.held {
                if !people.contains_key(holder) {
                    return Err(format!(
                        "session {no}: object {object} held by {holder}, who is not there"
                    ));
                }
            }
            for id in people.keys() {
                let held = session.held.values().filter(|h| *h == id).count();
                if held > MAX_HELD_PER_PERSON {
                    return Err(format!("session {no}: {id} holds {held} objects"));
                }
            }
            if let Some(d) = &session.design
                && d.design.log().len() > MAX_DESIGN_OPERATIONS
            {
                return Err(format!("session {no}: the design log is over its cap"));
            }
        }
        for (conn, c) in &self.connections {
            if let Some((no, id)) = &c.joined {
                let seat = self.sessions.get(no).and_then(|s| s.participants.get(id));
                if seat.is_none_or(|p| p.conn != Some(*conn)) {
                    return Err(format!(
                        "connection {conn} is joined to {id}, whose seat it does not hold"
                    ));
                }
            }
        }
        for (conn, c) in &self.connections {
            if let Some((no, id, _)) = &c.waiting {
                let seat = self.sessions.get(no).and_then(|s| s.participants.get(id));
                if seat.is_none_or(|p| p.conn.is_none() || p.conn == Some(*conn)) {
                    return Err(format!(
                        "connection {conn} waits for {id}'s seat, which nobody else holds"
                    ));
                }
            }
        }
        for (no, id) in self.tokens.values() {
            let seat = self.sessions.get(no).and_then(|s| s.participants.get(id));
            if seat.is_none() {
                return Err(format!(
                    "a resume token leads to {id} in session {no}, who is gone"
                ));
            }
        }
        Ok(())
    }

    /// A new connection from network address `peer` at `now_ms`. One over the address's
    /// [`MAX_UNJOINED_PER_ADDRESS`] is closed at once.
    pub fn connect(&mut self, conn: ConnId, peer: &str, now_ms: u64) -> Effects {
        let mut fx = Effects::default();
        let counted = !is_loopback(peer);
        let open = self
            .connections
            .values()
            .filter(|c| counted && !c.closing && c.joined.is_none() && c.peer == peer)
            .count();
        self.connections.insert(
            conn,
            Connection {
                peer: peer.to_owned(),
                since_ms: now_ms,
                ..Connection::default()
            },
        );
        if open >= MAX_UNJOINED_PER_ADDRESS {
            fx.log.push(format!(
                "{}: closed: {peer} already has {open} connections that have not joined",
                self.who(conn)
            ));
            self.close(
                conn,
                "too many connections from your address",
                now_ms,
                &mut fx,
            );
        }
        fx
    }

    fn who(&self, conn: ConnId) -> String {
        let Some(c) = self.connections.get(&conn) else {
            return format!("connection {conn}");
        };
        match &c.joined {
            Some((no, id)) => {
                let name = self
                    .sessions
                    .get(no)
                    .and_then(|s| s.participants.get(id))
                    .map_or("", |p| p.pseudonym.as_str());
                format!("connection {conn} ({}, {id} \"{name}\")", c.peer)
            }
            None => format!("connection {conn} ({})", c.peer),
        }
    }

    /// Bytes from a connection.
    pub fn receive(&mut self, conn: ConnId, bytes: &[u8], now_ms: u64) -> Effects {
        let mut fx = Effects::default();
        let Some(c) = self.connections.get_mut(&conn).filter(|c| !c.closing) else {
            return fx;
        };
        c.heard_ms = now_ms;
        // A flood: count per second, drop beyond the limit, close if it goes on.
        if now_ms >= c.window_start_ms + 1000 {
            if c.in_window > MESSAGES_PER_SECOND {
                c.flooding_seconds += 1;
            } else {
                c.flooding_seconds = 0;
            }
            c.window_start_ms = now_ms;
            c.in_window = 0;
        }
        c.in_window += 1;
        if c.in_window > MESSAGES_PER_SECOND {
            if c.in_window == MESSAGES_PER_SECOND + 1 {
                fx.log.push(format!(
                    "{}: more than {MESSAGES_PER_SECOND} messages a second; dropping the rest",
                    self.who(conn)
                ));
            }
            if self.connections[&conn].flooding_seconds >= FLOOD_SECONDS_TO_CLOSE {
                fx.log
                    .push(format!("{}: closed for flooding", self.who(conn)));
                self.close(conn, "too many messages", now_ms, &mut fx);
            }
            return fx;
        }
        let message = match decode_client(bytes) {
            Ok(message) => message,
            Err(error) => {
                let log = format!("{}: refused a message: {error}", self.who(conn));
                fx.refuse(conn, Some(log), error);
                return fx;
            }
        };
        let joined = self.connections[&conn].joined.clone();
        match (joined, message) {
            (None, ClientMessage::Hello { join, .. }) => self.join(conn, join, now_ms, &mut fx),
            (None, _) => {
                let log = format!("{}: a message before joining", self.who(conn));
                fx.refuse(conn, Some(log), "join first");
            }
            (Some((no, id)), message) => self.act(conn, no, &id, message, now_ms, &mut fx),
        }
        fx
    }

    /// A `Hello`: admits the connection by join code, resume token or teacher key, then
    /// welcomes it (or lets it wait for its seat).
    fn join(&mut self, conn: ConnId, join: Join, now_ms: u64, fx: &mut Effects) {
        let who = self.who(conn);
        let peer = self.connections[&conn].peer.clone();
        let no = match self.session_of(&join, &peer, now_ms) {
            Ok(no) => no,
            Err(why) => {
                fx.refuse(conn, Some(format!("{who}: join refused: {why}")), why);
                self.close(conn, "join refused", now_ms, fx);
                return;
            }
        };
        if self.connections[&conn]
            .bound
            .is_some_and(|bound| bound != no)
        {
            let why = "this connection was opened for another session; join again";
            fx.refuse(conn, Some(format!("{who}: join refused: {why}")), why);
            self.close(conn, "join refused", now_ms, fx);
            return;
        }
        let admitted = match join {
            Join::Code { pseudonym, .. } => self.admit_pupil(conn, no, pseudonym, fx),
            Join::Resume { token } => self.admit_returning(&token),
            Join::Teacher { .. } => self.admit_teacher(conn, no, fx),
            Join::Observer { .. } => self.admit_observer(conn, no, fx),
        };
        let Some((no, id, fresh)) = admitted else {
            self.close(conn, "join refused", now_ms, fx);
            return;
        };
        let held_by = self
            .sessions
            .get(&no)
            .and_then(|s| s.participants.get(&id))
            .and_then(|p| p.conn)
            .filter(|held| *held != conn);
        match held_by {
            Some(held) => {
                fx.log.push(format!(
                    "{who}: came back to {id}'s seat, which connection {held} holds; asking it"
                ));
                fx.out.push((held, ServerMessage::AreYouThere));
                if let Some(c) = self.connections.get_mut(&conn) {
                    c.waiting = Some((no, id, now_ms));
                }
            }
            None => self.welcome(conn, no, id, fresh, now_ms, fx),
        }
    }

    /// The session a join asks for, or why not (for a join code, a wrong one counts against
    /// the address `peer`).
    fn session_of(&mut self, join: &Join, peer: &str, now_ms: u64) -> Result<SessionNo, String> {
        match join {
            Join::Code { code, .. } => self
                .codes
                .redeem(code, peer, now_ms)
                .map_err(|e| e.to_string()),
            Join::Resume { token } => self.tokens.get(token).map(|(no, _)| *no).ok_or_else(|| {
                "this session has ended or you were away too long; join again with the code"
                    .to_owned()
            }),
            Join::Teacher { key } | Join::Observer { key } => self
                .sessions
                .iter()
                .find(|(_, s)| s.teacher_key == *key)
                .map(|(no, _)| *no)
                .ok_or_else(|| "not a teacher key of this server".to_owned()),
        }
    }

    /// The session `join` would enter, or why not, for whoever hands out connect tokens
    /// (network address `peer`; a wrong join code counts against it as in a `Hello`, and it
    /// is given at most [`TOKENS_PER_MINUTE_PER_ADDRESS`]).
    pub fn session_for(
        &mut self,
        join: &Join,
        peer: &str,
        now_ms: u64,
    ) -> Result<SessionNo, String> {
        if !is_loopback(peer) {
            self.token_minutes
                .retain(|_, (since, _)| now_ms < *since + 60_000);
            let (_, given) = self
                .token_minutes
                .entry(peer.to_owned())
                .or_insert((now_ms, 0));
            if *given >= TOKENS_PER_MINUTE_PER_ADDRESS {
                return Err(format!(
                    "{peer} asked for more than {TOKENS_PER_MINUTE_PER_ADDRESS} connections in a \
                     minute; wait a minute"
                ));
            }
            *given += 1;
        }
        self.session_of(join, peer, now_ms)
    }

    /// Binds connection `conn` to session `no`, for which its connect token was issued: it
    /// can join no other.
    pub fn bind(&mut self, conn: ConnId, no: SessionNo) {
        if let Some(c) = self.connections.get_mut(&conn) {
            c.bound = Some(no);
        }
    }

    /// A pupil with the session's code gets a new place, if their name is free and the
    /// session has room.
    fn admit_pupil(
        &mut self,
        conn: ConnId,
        no: SessionNo,
        pseudonym: String,
        fx: &mut Effects,
    ) -> Option<Admitted> {
        let who = self.who(conn);
        let session = self.sessions.get_mut(&no)?;
        if is_reserved_pseudonym(&pseudonym) {
            fx.refuse(
                conn,
                Some(format!(
                    "{who}: join refused: \"{pseudonym}\" is the teacher's"
                )),
                format!("\"{pseudonym}\" is kept for the teacher; choose another name"),
            );
            return None;
        }
        let key = pseudonym_key(&pseudonym);
        if let Some(taken) = session
            .participants
            .values()
            .find(|p| pseudonym_key(&p.pseudonym) == key)
        {
            let why = if taken.conn.is_some() {
                format!(
                    "someone in this class is already called \"{}\"; choose another name",
                    taken.pseudonym
                )
            } else {
                format!(
                    "\"{}\" left a moment ago and keeps their place for a minute; if that was \
                     you, join again then, or choose another name",
                    taken.pseudonym
                )
            };
            fx.refuse(
                conn,
                Some(format!(
                    "{who}: join refused: the name \"{pseudonym}\" is taken"
                )),
                why,
            );
            return None;
        }
        let Some(slot) = session.free_slot() else {
            fx.refuse(
                conn,
                Some(format!("{who}: join refused: the session is full")),
                format!(
                    "this session is full ({} people); ask your teacher",
                    session.seats()
                ),
            );
            return None;
        };
        let id = retki_portfolio::pseudonym::learner_id(
            &self.learner_key.0,
            &session.context.class,
            &pseudonym,
        );
        self.seat(no, &id, pseudonym, Role::Pupil, slot);
        Some((no, id, true))
    }

    /// Someone coming back with the resume token they were welcomed with (checked by
    /// [`Server::session_of`]); the token is used up, and the welcome carries a new one.
    fn admit_returning(&mut self, token: &str) -> Option<Admitted> {
        let (no, id) = self.tokens.get(token).cloned()?;
        Some((no, id, false))
    }

    /// The teacher, with the session's teacher key: their place, made the first time.
    fn admit_teacher(&mut self, conn: ConnId, no: SessionNo, fx: &mut Effects) -> Option<Admitted> {
        let id = "teacher".to_owned();
        let session = self.sessions.get_mut(&no)?;
        let fresh = !session.participants.contains_key(&id);
        if fresh {
            let Some(slot) = session.free_slot() else {
                fx.refuse(conn, None, "this session is full");
                return None;
            };
            self.seat(no, &id, "teacher".into(), Role::Teacher, slot);
        }
        Some((no, id, fresh))
    }

    /// A second screen of the teacher's gets the first free observer's place, up to
    /// [`MAX_OBSERVERS`].
    fn admit_observer(
        &mut self,
        conn: ConnId,
        no: SessionNo,
        fx: &mut Effects,
    ) -> Option<Admitted> {
        let session = self.sessions.get_mut(&no)?;
        let Some(id) = (1..=MAX_OBSERVERS)
            .map(|n| format!("observer-{n}"))
            .find(|id| !session.participants.contains_key(id))
        else {
            let why = format!("this session has {MAX_OBSERVERS} observers already");
            fx.refuse(conn, None, why);
            return None;
        };
        let Some(slot) = session.free_slot() else {
            fx.refuse(conn, None, "this session is full");
            return None;
        };
        self.seat(no, &id, id.clone(), Role::Observer, slot);
        Some((no, id, true))
    }

    /// Gives `id` the place `slot` in session `no`, called `name` there, with a new resume
    /// token.
    fn seat(&mut self, no: SessionNo, id: &str, name: String, role: Role, slot: u8) {
        let token = random_token();
        if let Some(session) = self.sessions.get_mut(&no) {
            session.participants.insert(
                id.to_owned(),
                Participant::new(name, role, token.clone(), slot),
            );
        }
        self.tokens.insert(token, (no, id.to_owned()));
    }

    /// Welcomes an admitted connection: it takes over its participant's place, learns who is
    /// there and the shared state, and everyone else is told (of an observer, no one).
    fn welcome(
        &mut self,
        conn: ConnId,
        no: SessionNo,
        id: String,
        fresh: bool,
        now_ms: u64,
        fx: &mut Effects,
    ) {
        let Some(session) = self.sessions.get_mut(&no) else {
            return;
        };
        let Some(participant) = session.participants.get_mut(&id) else {
            return;
        };
        participant.conn = Some(conn);
        participant.dropped_ms = None;
        // Coming back uses up the resume token: whoever saw the old one cannot use it.
        if !fresh {
            self.tokens.remove(&participant.token);
            participant.token = random_token();
            self.tokens
                .insert(participant.token.clone(), (no, id.clone()));
        }
        let welcome = ServerMessage::Welcome {
            you: id.clone(),
            slot: participant.slot,
            role: participant.role,
            token: participant.token.clone(),
            session: session.context.registration.clone(),
            scene: session.scene.clone(),
            step: session.step,
            frozen: participant.frozen,
            muted: participant.muted,
        };
        let joined = ServerMessage::Joined {
            id: id.clone(),
            slot: participant.slot,
            pseudonym: participant.pseudonym.clone(),
            role: participant.role,
        };
        // Statements record learners' actions; the teacher's are not recorded.
        let statement = (fresh && participant.role == Role::Pupil).then(|| {
            session
                .context
                .statement(&id, statements::JOINED, "session", &iso(now_ms), None)
        });
        if let Some(connection) = self.connections.get_mut(&conn) {
            connection.joined = Some((no, id.clone()));
            connection.waiting = None;
        }
        fx.out.push((conn, welcome));
        // Everyone already there is told, and the newcomer learns who is there.
        let others: Vec<(ConnId, ServerMessage)> = session
            .participants
            .iter()
            .filter(|(other, p)| **other != id && p.conn.is_some() && p.role != Role::Observer)
            .map(|(other, p)| {
                (
                    conn,
                    ServerMessage::Joined {
                        id: other.clone(),
                        slot: p.slot,
                        pseudonym: p.pseudonym.clone(),
                        role: p.role,
                    },
                )
            })
            .collect();
        fx.out.extend(others);
        // The shared state as it stands: who holds what, and the design, in the server's
        // order (an app that comes back rebuilds from this, so nothing is doubled).
        let mut held: Vec<(u32, String)> = session
            .held
            .iter()
            .map(|(object, by)| (*object, by.clone()))
            .collect();
        held.sort();
        fx.out.extend(held.into_iter().map(|(object, by)| {
            (
                conn,
                ServerMessage::Held {
                    object,
                    by: Some(by),
                },
            )
        }));
        if let Some(card) = lesson_card(session) {
            fx.out.push((conn, card));
            let step = current_step_id(session);
            if let Some(me) = session.participants.get_mut(&id) {
                me.step_seen = step;
            }
        }
        if let Some(d) = &session.design {
            fx.out.extend(
                d.design
                    .log()
                    .iter()
                    .map(|op| (conn, ServerMessage::DesignApplied { op: op.clone() })),
            );
        }
        // Everyone is told, also of someone coming back (after a server restart the others
        // may not know them yet); an app keeps one person per slot, so nobody is doubled.
        // An observer is seen by no one.
        if let ServerMessage::Joined {
            role: Role::Teacher | Role::Pupil,
            ..
        } = joined
        {
            broadcast(session, Some(&id), joined, fx);
        }
        fx.statements.extend(statement);
        fx.save_now |= fresh;
        fx.log.push(format!(
            "{}: {} session {no}",
            self.who(conn),
            if fresh { "joined" } else { "came back to" }
        ));
    }

    /// A message from a participant: checked against their rights, then handled by its
    /// family (presence, answers, design, the teacher's commands, leaving).
    fn act(
        &mut self,
        conn: ConnId,
        no: SessionNo,
        id: &str,
        message: ClientMessage,
        now_ms: u64,
        fx: &mut Effects,
    ) {
        let who = self.who(conn);
        let Some(session) = self.sessions.get_mut(&no) else {
            return;
        };
        let Some(me) = session.participants.get(id) else {
            return;
        };
        let rights = Rights {
            role: me.role,
            frozen: me.frozen,
            muted: me.muted,
        };
        // An observer's app sends no head; one that does is not worth an answer each frame.
        if rights.role == Role::Observer && matches!(message, ClientMessage::Pose { .. }) {
            return;
        }
        if let Err(denied) = authorize(&rights, &message) {
            fx.refuse(conn, Some(format!("{who}: denied: {denied}")), denied);
            return;
        }
        if let ClientMessage::OpenPoi { id: poi } = &message
            && let Some(places) = &self.points_of_interest
            && !places.get(&session.scene).is_some_and(|p| p.contains(poi))
        {
            let why = format!("{} has no point of interest '{poi}'", session.scene);
            fx.refuse(conn, None, why);
            return;
        }
        let actor = Actor {
            conn,
            id,
            learner: me.role == Role::Pupil,
            stamp: iso(now_ms),
        };
        match message {
            ClientMessage::Pose { .. }
            | ClientMessage::Pointer { .. }
            | ClientMessage::OpenPoi { .. }
            | ClientMessage::Grab { .. }
            | ClientMessage::Release { .. } => presence(session, &actor, message, fx),
            ClientMessage::Answer { task, response } => answer(session, &actor, task, response, fx),
            ClientMessage::Design { request } => design(session, &actor, request, now_ms, fx),
            ClientMessage::Teacher {
                command: TeacherCommand::Watch { pupil },
            } if rights.role == Role::Observer => {
                if let Err(reason) = watched(session, id, &pupil, now_ms, fx) {
                    fx.refuse(conn, None, reason);
                }
            }
            ClientMessage::Teacher { command } => {
                fx.log.push(format!("{who}: {}", command.name()));
                let after = After::of(&command);
                match teacher(session, command, now_ms, fx) {
                    Err(reason) => fx.refuse(conn, None, reason),
                    Ok(()) => {
                        fx.save_now = true;
                        after.carry_out(self, no, now_ms, fx);
                    }
                }
            }
            ClientMessage::Bye => {
                // Leaving first, so the seat is not passed to anyone waiting for it.
                self.leave(no, id, now_ms, fx);
                self.close(conn, "goodbye", now_ms, fx);
            }
            ClientMessage::Hello { .. } | ClientMessage::Here => {}
        }
    }

    /// A connection dropped (the transport noticed): its participant keeps their place for
    /// [`RESUME_WINDOW_MS`].
    pub fn disconnect(&mut self, conn: ConnId, now_ms: u64) -> Effects {
        let mut fx = Effects::default();
        if let Some(Connection {
            joined: Some((no, id)),
            ..
        }) = self.connections.remove(&conn)
            && self.set_away(no, &id, conn, now_ms, &mut fx)
        {
            fx.log.push(format!(
                "connection {conn} ({id}) dropped; keeping their place"
            ));
        }
        fx
    }

    /// Participant `id` of session `no`, if connection `conn` holds their seat, is away from
    /// `now_ms` and keeps their place for [`RESUME_WINDOW_MS`]; a connection waiting for the
    /// seat gets it at once. Returns whether the seat was `conn`'s.
    fn set_away(
        &mut self,
        no: SessionNo,
        id: &str,
        conn: ConnId,
        now_ms: u64,
        fx: &mut Effects,
    ) -> bool {
        let Some(p) = self
            .sessions
            .get_mut(&no)
            .and_then(|s| s.participants.get_mut(id))
            .filter(|p| p.conn == Some(conn))
        else {
            return false;
        };
        p.conn = None;
        p.dropped_ms = Some(now_ms);
        let waiting = self
            .connections
            .iter()
            .filter(|(_, c)| !c.closing && waits_for(c, no, id))
            .map(|(waiting, _)| *waiting)
            .min();
        if let Some(waiting) = waiting {
            self.welcome(waiting, no, id.to_owned(), false, now_ms, fx);
        }
        true
    }

    /// Time passing: participants away longer than the resume window leave.
    pub fn tick(&mut self, now_ms: u64) -> Effects {
        let mut fx = Effects::default();
        let gone: Vec<(SessionNo, String)> = self
            .sessions
            .iter()
            .flat_map(|(no, s)| {
                s.participants
                    .iter()
                    .filter(|(_, p)| p.dropped_ms.is_some_and(|t| now_ms >= t + RESUME_WINDOW_MS))
                    .map(|(id, _)| (*no, id.clone()))
            })
            .collect();
        for (no, id) in gone {
            self.leave(no, &id, now_ms, &mut fx);
        }
        let silent: Vec<ConnId> = self
            .connections
            .iter()
            .filter(|(_, c)| {
                c.joined.is_none()
                    && c.waiting.is_none()
                    && !c.closing
                    && now_ms >= c.since_ms + JOIN_TIMEOUT_MS
            })
            .map(|(conn, _)| *conn)
            .collect();
        for conn in silent {
            fx.log.push(format!(
                "{}: closed: no join within {} s",
                self.who(conn),
                JOIN_TIMEOUT_MS / 1000
            ));
            self.close(conn, "no join in time", now_ms, &mut fx);
        }
        self.settle_waiting(now_ms, &mut fx);
        fx
    }

    /// Settles each connection that came back to a held seat: if the holder answered since
    /// it was asked, the newcomer is closed; if it stayed silent [`ASK_HOLDER_MS`], the holder
    /// is closed and the newcomer gets the seat.
    fn settle_waiting(&mut self, now_ms: u64, fx: &mut Effects) {
        let mut waiting: Vec<(ConnId, SessionNo, String, u64)> = self
            .connections
            .iter()
            .filter(|(_, c)| !c.closing)
            .filter_map(|(conn, c)| {
                let (no, id, asked) = c.waiting.clone()?;
                Some((*conn, no, id, asked))
            })
            .collect();
        waiting.sort();
        for (conn, no, id, asked_ms) in waiting {
            let holder = self
                .sessions
                .get(&no)
                .and_then(|s| s.participants.get(&id))
                .and_then(|p| p.conn);
            // A seat that comes free is passed on at once (`set_away`), so a waiting
            // connection's seat always has another holder.
            let Some(holder) = holder.filter(|h| *h != conn) else {
                continue;
            };
            let answered = self
                .connections
                .get(&holder)
                .is_some_and(|h| h.heard_ms > asked_ms);
            if answered {
                fx.log.push(format!(
                    "{}: closed: {id}'s seat is in use on connection {holder}",
                    self.who(conn)
                ));
                self.close(
                    conn,
                    "you are already in this session on another device",
                    now_ms,
                    fx,
                );
            } else if now_ms >= asked_ms + ASK_HOLDER_MS {
                fx.log.push(format!(
                    "{}: closed: silent for {} s after someone came back to its seat",
                    self.who(holder),
                    ASK_HOLDER_MS / 1000
                ));
                self.close(
                    holder,
                    "your place was taken up again elsewhere",
                    now_ms,
                    fx,
                );
            }
        }
    }

    /// Who gets which of the poses that arrived since the last round: one frame
    /// ([`crate::pose::pack_frame`]) per connection that has anything new. Each pupil gets every
    /// pose of the teacher and of their [`NEAR_AVATARS`] nearest others, and one in
    /// [`FAR_EVERY`] of everyone else's; the teacher gets every pose.
    pub fn pose_round(&mut self) -> Vec<(ConnId, Vec<u8>)> {
        let mut frames = Vec::new();
        for session in self.sessions.values_mut() {
            if !session.participants.values().any(|p| p.fresh) {
                continue;
            }
            let people: Vec<(&Participant, Option<[f32; 3]>)> = session
                .participants
                .values()
                .map(|p| {
                    let head = p
                        .pose
                        .as_ref()
                        .and_then(|(_, packed)| crate::pose::unpack(packed).ok())
                        .map(|pose| pose.head.position);
                    (p, head)
                })
                .collect();
            // Everyone but the teacher, the pupil themselves and their nearest.
            let far = people
                .iter()
                .filter(|(p, _)| p.role != Role::Teacher)
                .count()
                .saturating_sub(1 + NEAR_AVATARS);
            let every = far_every(far);
            for (me, my_head) in &people {
                let Some(conn) = me.conn else { continue };
                let near = nearest(&people, me.slot, *my_head);
                let poses: Vec<crate::pose::ForwardedPose> = people
                    .iter()
                    .filter(|(other, _)| other.fresh && other.slot != me.slot)
                    .filter(|(other, _)| {
                        me.role != Role::Pupil
                            || other.role == Role::Teacher
                            || near.contains(&other.slot)
                            || other.poses_received % every == 0
                    })
                    .filter_map(|(other, _)| {
                        let (time_ms, packed) = other.pose.as_ref()?;
                        Some(crate::pose::ForwardedPose {
                            slot: other.slot,
                            stamp: *time_ms as u16,
                            packed: packed.clone(),
                        })
                    })
                    .collect();
                if !poses.is_empty() {
                    frames.push((conn, crate::pose::pack_frame(&poses)));
                }
            }
            for p in session.participants.values_mut() {
                p.fresh = false;
            }
        }
        frames
    }

    fn leave(&mut self, no: SessionNo, id: &str, now_ms: u64, fx: &mut Effects) {
        let Some(session) = self.sessions.get_mut(&no) else {
            return;
        };
        let Some(p) = session.participants.remove(id) else {
            return;
        };
        self.tokens.remove(&p.token);
        fx.save_now = true;
        session.held.retain(|_, holder| holder != id);
        if p.role == Role::Pupil {
            let statement =
                session
                    .context
                    .statement(id, statements::LEFT, "session", &iso(now_ms), None);
            fx.statements.push(statement);
        }
        if p.role != Role::Observer {
            broadcast(session, None, ServerMessage::Left { id: id.to_owned() }, fx);
        }
        fx.log.push(format!("{id} left session {no}"));
        let waiting: Vec<ConnId> = self
            .connections
            .iter()
            .filter(|(_, c)| waits_for(c, no, id))
            .map(|(conn, _)| *conn)
            .collect();
        for conn in waiting {
            self.close(conn, "your place in the session is gone", now_ms, fx);
        }
    }

    /// Ends a session: its code stops working, everyone leaves and is let go.
    fn end(&mut self, no: SessionNo, now_ms: u64, fx: &mut Effects) {
        self.codes.revoke(no);
        let ids: Vec<(String, Option<ConnId>)> = self
            .sessions
            .get(&no)
            .map(|s| {
                s.participants
                    .iter()
                    .map(|(id, p)| (id.clone(), p.conn))
                    .collect()
            })
            .unwrap_or_default();
        for (id, conn) in ids {
            self.leave(no, &id, now_ms, fx);
            if let Some(conn) = conn {
                self.close(conn, "the session has ended", now_ms, fx);
            }
        }
        self.sessions.remove(&no);
    }

    fn close(&mut self, conn: ConnId, reason: &str, now_ms: u64, fx: &mut Effects) {
        fx.out.push((
            conn,
            ServerMessage::Closed {
                reason: reason.to_owned(),
            },
        ));
        fx.close.push(conn);
        let Some(c) = self.connections.get_mut(&conn) else {
            return;
        };
        c.closing = true;
        c.waiting = None;
        // Its participant is away from now on, and keeps their place as after a drop.
        if let Some((no, id)) = c.joined.take() {
            self.set_away(no, &id, conn, now_ms, fx);
        }
    }
}

/// Presence: poses, pointing, points of interest opened, objects grabbed and let go.
fn presence(session: &mut Session, actor: &Actor, message: ClientMessage, fx: &mut Effects) {
    let id = actor.id;
    match message {
        ClientMessage::Pose { time_ms, packed } => {
            if let Some(me) = session.participants.get_mut(id)
                && me.pose.as_ref().is_none_or(|(t, _)| *t < time_ms)
            {
                me.pose = Some((time_ms, packed));
                me.poses_received = me.poses_received.wrapping_add(1);
                me.fresh = true;
            }
        }
        ClientMessage::Pointer { target } => {
            let pointer = ServerMessage::Pointer {
                id: id.to_owned(),
                target,
            };
            broadcast(session, Some(id), pointer, fx);
        }
        ClientMessage::OpenPoi { id: poi } => {
            let path = format!("places/{}/poi/{poi}", session.scene);
            actor.record(session, statements::EXPERIENCED, &path, None, fx);
            if let Some(me) = session.participants.get_mut(id) {
                me.last_poi = Some(poi.clone());
            }
            let opened = ServerMessage::PoiOpened {
                id: id.to_owned(),
                poi,
            };
            broadcast(session, None, opened, fx);
        }
        ClientMessage::Grab { object } => match session.held.get(&object) {
            Some(holder) if holder != id => fx.refuse(
                actor.conn,
                None,
                format!("someone else is holding object {object}"),
            ),
            None if session.held.values().filter(|h| *h == id).count() >= MAX_HELD_PER_PERSON => fx
                .refuse(
                    actor.conn,
                    None,
                    format!("you hold {MAX_HELD_PER_PERSON} things already; let one go first"),
                ),
            _ => {
                let path = format!("places/{}/objects/{object}", session.scene);
                actor.record(session, statements::INTERACTED, &path, None, fx);
                session.held.insert(object, id.to_owned());
                let held = ServerMessage::Held {
                    object,
                    by: Some(id.to_owned()),
                };
                broadcast(session, None, held, fx);
            }
        },
        ClientMessage::Release { object } => {
            if session.held.get(&object).is_some_and(|holder| holder == id) {
                session.held.remove(&object);
                broadcast(session, None, ServerMessage::Held { object, by: None }, fx);
            }
        }
        _ => unreachable!("act sends only presence messages here"),
    }
}

/// An answer to a task: judged against the lesson's plan where there is one, recorded, and
/// acknowledged.
fn answer(session: &mut Session, actor: &Actor, task: String, response: String, fx: &mut Effects) {
    let answered = |session: &Session| {
        session
            .participants
            .get(actor.id)
            .map_or(0, |me| me.answers.len())
    };
    let known = |session: &Session| {
        session
            .participants
            .get(actor.id)
            .is_some_and(|me| me.answers.iter().any(|a| a.task == task))
    };
    if session.lesson.is_none() && !known(session) && answered(session) >= MAX_TASKS_WITHOUT_PLAN {
        fx.refuse(
            actor.conn,
            None,
            format!("you have answered {MAX_TASKS_WITHOUT_PLAN} tasks already in this session"),
        );
        return;
    }
    let (path, extra, success) = match &session.lesson {
        None => (
            format!("lessons/tasks/{task}"),
            json!({ "result": { "response": response } }),
            None,
        ),
        Some((lesson, _)) => {
            let Some((step, found)) = lesson
                .plan
                .steps
                .iter()
                .find_map(|step| step.tasks.iter().find(|t| t.id == task).map(|t| (step, t)))
            else {
                fx.refuse(
                    actor.conn,
                    None,
                    format!("there is no task '{task}' in this lesson"),
                );
                return;
            };
            let success = judge(&found.kind, &response);
            let mut result = json!({ "response": response });
            if let Some(success) = success {
                result["success"] = json!(success);
            }
            let lesson_path = format!("lessons/{}", lesson.plan.id);
            let parent = format!(
                "{}{lesson_path}/steps/{}",
                statements::ACTIVITY_BASE,
                step.id
            );
            (
                format!("{lesson_path}/tasks/{task}"),
                json!({
                    "result": result,
                    "context": { "contextActivities": { "parent": [
                        { "objectType": "Activity", "id": parent }
                    ]}},
                }),
                success,
            )
        }
    };
    actor.record(session, statements::ANSWERED, &path, Some(extra), fx);
    if let Some(me) = session.participants.get_mut(actor.id) {
        let answer = AnswerView {
            task: task.clone(),
            response,
            success,
        };
        match me.answers.iter_mut().find(|a| a.task == task) {
            Some(earlier) => *earlier = answer,
            None => me.answers.push(answer),
        }
    }
    fx.out.push((actor.conn, ServerMessage::Answered { task }));
}

/// A change to the session's schoolyard design: applied in the server's order and sent to
/// everyone, or refused with the rule it breaks.
fn design(
    session: &mut Session,
    actor: &Actor,
    request: retki_design::Request,
    now_ms: u64,
    fx: &mut Effects,
) {
    if let Some(me) = session.participants.get_mut(actor.id) {
        let (since, count) = &mut me.design_minute;
        if now_ms >= *since + 60_000 {
            (*since, *count) = (now_ms, 0);
        }
        if *count >= DESIGN_REQUESTS_PER_MINUTE {
            fx.refuse(
                actor.conn,
                None,
                format!("at most {DESIGN_REQUESTS_PER_MINUTE} changes a minute; wait a moment"),
            );
            return;
        }
        *count += 1;
    }
    let Some(design) = session.design.as_mut().map(|d| &mut d.design) else {
        fx.refuse(
            actor.conn,
            None,
            "there is no schoolyard design in this session",
        );
        return;
    };
    if design.log().len() >= MAX_DESIGN_OPERATIONS {
        fx.refuse(
            actor.conn,
            None,
            format!(
                "the design has {MAX_DESIGN_OPERATIONS} changes, as many as a session keeps; \
                 the teacher can save it and start a new session"
            ),
        );
        return;
    }
    match design.apply(actor.id, now_ms, request) {
        Ok(op) => {
            let op = op.clone();
            let verb = match op.change {
                retki_design::Change::Place { .. } => statements::CREATED,
                retki_design::Change::Delete { .. } => statements::DELETED,
                _ => statements::UPDATED,
            };
            let path = format!("schoolyard/items/{}", op.change.item_id());
            actor.record(session, verb, &path, None, fx);
            broadcast(session, None, ServerMessage::DesignApplied { op }, fx);
        }
        Err(refusal) => fx.refuse(actor.conn, None, refusal),
    }
}

/// The slots of the [`NEAR_AVATARS`] pupils nearest to `head`, apart from `me` (the teacher
/// is always sent; someone whose place is not known yet counts as far).
fn nearest(people: &[(&Participant, Option<[f32; 3]>)], me: u8, head: Option<[f32; 3]>) -> Vec<u8> {
    let mut others: Vec<(f32, u8)> = people
        .iter()
        .filter(|(p, _)| p.slot != me && p.role != Role::Teacher)
        .map(|(p, at)| {
            let d = match (head, at) {
                (Some(a), Some(b)) => (0..3).map(|i| (a[i] - b[i]).powi(2)).sum::<f32>(),
                _ => f32::INFINITY,
            };
            (d, p.slot)
        })
        .collect();
    others.sort_by(|a, b| a.0.total_cmp(&b.0));
    others.truncate(NEAR_AVATARS);
    others.into_iter().map(|(_, slot)| slot).collect()
}

/// Sends `message` to every connected participant of `session` but `except`.
fn broadcast(session: &Session, except: Option<&str>, message: ServerMessage, fx: &mut Effects) {
    for (id, p) in &session.participants {
        if Some(id.as_str()) == except {
            continue;
        }
        if let Some(conn) = p.conn {
            fx.out.push((conn, message.clone()));
        }
    }
}

fn pupils_named<'a>(session: &'a mut Session, pupil: Option<&str>) -> Vec<&'a mut Participant> {
    session
        .participants
        .iter_mut()
        .filter(|(id, p)| p.role == Role::Pupil && pupil.is_none_or(|one| one == id.as_str()))
        .map(|(_, p)| p)
        .collect()
}

/// Records that `by` (the teacher, or one of their observers) shows what `pupil` sees. The
/// teacher's actions are not recorded, except this one: who watched whom. The object is the
/// pupil, so their export shows it.
fn watched(
    session: &mut Session,
    by: &str,
    pupil: &str,
    now_ms: u64,
    fx: &mut Effects,
) -> Result<(), String> {
    if session
        .participants
        .get(pupil)
        .is_none_or(|p| p.role != Role::Pupil)
    {
        return Err(format!("no pupil {pupil} in this session"));
    }
    let activity = if by == "teacher" {
        "session/teacher"
    } else {
        "session/observer"
    };
    let mut watched =
        session
            .context
            .statement(by, statements::WATCHED, activity, &iso(now_ms), None);
    watched["object"] = json!({
        "objectType": "Agent",
        "account": { "homePage": session.context.school, "name": pupil },
    });
    fx.statements.push(watched);
    fx.log.push(format!("{by} watches what {pupil} sees"));
    Ok(())
}

/// Carries out a teacher's command in `session`; the error is for the teacher.
fn teacher(
    session: &mut Session,
    command: TeacherCommand,
    now_ms: u64,
    fx: &mut Effects,
) -> Result<(), String> {
    let named = match &command {
        TeacherCommand::Freeze { pupil } | TeacherCommand::Unfreeze { pupil } => pupil.clone(),
        TeacherCommand::Mute { pupil }
        | TeacherCommand::Unmute { pupil }
        | TeacherCommand::Kick { pupil }
        | TeacherCommand::Watch { pupil } => Some(pupil.clone()),
        _ => None,
    };
    if let Some(pupil) = named
        && session
            .participants
            .get(&pupil)
            .is_none_or(|p| p.role != Role::Pupil)
    {
        return Err(format!("no pupil {pupil} in this session"));
    }
    match command {
        TeacherCommand::Watch { pupil } => watched(session, "teacher", &pupil, now_ms, fx)?,
        TeacherCommand::LoadStep { scene, step } => {
            session.scene.clone_from(&scene);
            session.step = step;
            broadcast(session, None, ServerMessage::Step { scene, step }, fx);
        }
        TeacherCommand::Gather => {
            let to = session
                .participants
                .get("teacher")
                .and_then(|t| t.pose.as_ref())
                .and_then(|(_, packed)| crate::pose::unpack(packed).ok())
                .map(|pose| pose.head.position);
            broadcast(session, Some("teacher"), ServerMessage::Gather { to }, fx);
        }
        TeacherCommand::Freeze { pupil } => {
            for p in pupils_named(session, pupil.as_deref()) {
                p.frozen = true;
                fx.out
                    .extend(p.conn.map(|c| (c, ServerMessage::Frozen { on: true })));
            }
        }
        TeacherCommand::Unfreeze { pupil } => {
            for p in pupils_named(session, pupil.as_deref()) {
                p.frozen = false;
                fx.out
                    .extend(p.conn.map(|c| (c, ServerMessage::Frozen { on: false })));
            }
        }
        TeacherCommand::Mute { pupil } => {
            for p in pupils_named(session, Some(&pupil)) {
                p.muted = true;
                fx.out
                    .extend(p.conn.map(|c| (c, ServerMessage::Muted { on: true })));
            }
        }
        TeacherCommand::Unmute { pupil } => {
            for p in pupils_named(session, Some(&pupil)) {
                p.muted = false;
                fx.out
                    .extend(p.conn.map(|c| (c, ServerMessage::Muted { on: false })));
            }
        }
        TeacherCommand::LookHere { point } => {
            broadcast(
                session,
                Some("teacher"),
                ServerMessage::LookHere { point },
                fx,
            );
        }
        // The gaze markers are drawn by the teacher's app from the poses it already gets.
        TeacherCommand::ShowGaze { .. } => {}
        TeacherCommand::End => broadcast(session, None, ServerMessage::Ended, fx),
        // The server takes the pupil out once the command is accepted ([`Server::kick`]).
        TeacherCommand::Kick { .. } => {}
        TeacherCommand::Next | TeacherCommand::Back | TeacherCommand::Jump { .. } => {
            let Some((lesson, run)) = session.lesson.as_mut() else {
                return Err("this session follows no lesson".into());
            };
            let left = lesson.plan.steps[run.current()].id.clone();
            let moved = match command {
                TeacherCommand::Jump { step } => run.jump(&step, now_ms),
                TeacherCommand::Back => run.back(now_ms),
                _ => run.next(now_ms),
            };
            let index = moved.map_err(|e| e.to_string())?;
            let activity = format!("lessons/{}/steps/{left}", lesson.plan.id);
            session.scene.clone_from(&lesson.plan.steps[index].scene);
            session.step = index as u32;
            // Every pupil there has finished the step the class leaves.
            let stamp = iso(now_ms);
            for (id, p) in &session.participants {
                if p.role == Role::Pupil && p.conn.is_some() {
                    let statement = session.context.statement(
                        id,
                        statements::COMPLETED,
                        &activity,
                        &stamp,
                        None,
                    );
                    fx.statements.push(statement);
                }
            }
            let step = ServerMessage::Step {
                scene: session.scene.clone(),
                step: session.step,
            };
            broadcast(session, None, step, fx);
            if let Some(card) = lesson_card(session) {
                broadcast(session, None, card, fx);
            }
            let now_at = current_step_id(session);
            for p in session.participants.values_mut() {
                if p.conn.is_some() {
                    p.step_seen.clone_from(&now_at);
                }
            }
        }
    }
    Ok(())
}

/// The id of the lesson step a session is at.
fn current_step_id(session: &Session) -> Option<String> {
    let (lesson, run) = session.lesson.as_ref()?;
    Some(lesson.plan.steps[run.current()].id.clone())
}

/// The lesson step a session is at, as pupils see it.
fn lesson_card(session: &Session) -> Option<ServerMessage> {
    use retki_lesson::plan::TaskKind;
    let (lesson, run) = session.lesson.as_ref()?;
    let step = &lesson.plan.steps[run.current()];
    let texts = |t: &retki_lesson::plan::Texts3| [t.fi.clone(), t.sv.clone(), t.en.clone()];
    let tasks = step
        .tasks
        .iter()
        .map(|task| {
            let (kind, choices) = match &task.kind {
                TaskKind::Choice { choices, .. } => (
                    "choice",
                    choices
                        .iter()
                        .map(|c| (c.id.clone(), [c.fi.clone(), c.sv.clone(), c.en.clone()]))
                        .collect(),
                ),
                TaskKind::Free => ("free", Vec::new()),
                TaskKind::Measure { .. } => ("measure", Vec::new()),
                TaskKind::Place { .. } => ("place", Vec::new()),
                TaskKind::Find { .. } => ("find", Vec::new()),
            };
            TaskCard {
                id: task.id.clone(),
                kind: kind.to_owned(),
                question: texts(&task.question),
                choices,
            }
        })
        .collect();
    Some(ServerMessage::LessonStep {
        index: run.current() as u32,
        of: lesson.plan.steps.len() as u32,
        id: step.id.clone(),
        scene: step.scene.clone(),
        viewpoint: step.viewpoint.clone(),
        pois: step.pois.clone(),
        minutes: step.minutes as f32,
        tasks,
    })
}

/// Whether `response` is right for a task that has a right answer: the choice's id, a
/// measured number within the tolerance (a unit after it and a decimal comma are fine), the
/// point's id. `None` for tasks with no right answer.
pub fn judge(kind: &retki_lesson::plan::TaskKind, response: &str) -> Option<bool> {
    use retki_lesson::plan::TaskKind;
    match kind {
        TaskKind::Choice { answer, .. } => Some(response.trim() == answer),
        TaskKind::Measure {
            answer, tolerance, ..
        } => {
            let number = response
                .trim()
                .trim_end_matches(|c: char| !c.is_ascii_digit())
                .replace(',', ".")
                .parse::<f64>()
                .ok();
            Some(number.is_some_and(|n| (n - answer).abs() <= *tolerance))
        }
        TaskKind::Find { poi } => Some(response.trim() == poi),
        TaskKind::Free | TaskKind::Place { .. } => None,
    }
}

/// Whether a peer's address (`IP` or `IP:port`) is this machine's own.
fn is_loopback(peer: &str) -> bool {
    peer.parse::<std::net::IpAddr>()
        .or_else(|_| peer.parse::<std::net::SocketAddr>().map(|a| a.ip()))
        .is_ok_and(|ip| ip.is_loopback())
}

/// What the server does itself after a teacher's command was accepted in its session.
enum After {
    Nothing,
    End,
    Kick(String),
}

impl After {
    fn of(command: &TeacherCommand) -> Self {
        match command {
            TeacherCommand::End => After::End,
            TeacherCommand::Kick { pupil } => After::Kick(pupil.clone()),
            _ => After::Nothing,
        }
    }

    fn carry_out(self, server: &mut Server, no: SessionNo, now_ms: u64, fx: &mut Effects) {
        match self {
            After::Nothing => {}
            After::End => server.end(no, now_ms, fx),
            After::Kick(pupil) => server.kick(no, &pupil, now_ms, fx),
        }
    }
}
