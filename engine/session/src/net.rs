//! The session over a network, in Bevy: the server plugin feeds what arrives from each
//! connection to [`Server`] and sends what it answers; the client plugin sends a pupil's or
//! teacher's messages, keeps what the server said, and smooths the others' avatars. The
//! messages are this crate's own, encoded by [`crate::protocol`] and [`crate::pose`];
//! bevy_replicon only carries the bytes (over renet's netcode UDP on a LAN, or replicon's
//! in-process test transport), and only this module names it, so the carrier can be
//! swapped.
//!
//! Four carriers: the session's messages both ways on a reliable ordered channel, and poses
//! both ways on an unreliable one (a lost pose is replaced by the next 33 ms later; waiting
//! for a resend would only make it late).

use std::collections::HashMap;
use std::net::{SocketAddr, UdpSocket};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant, SystemTime};

use bevy::prelude::*;
use bevy_replicon::prelude::*;
use bevy_replicon::shared::backend::connected_client::NetworkId;
use bevy_replicon_renet::RenetChannelsExt;
use bevy_replicon_renet::netcode::{
    ClientAuthentication, ConnectToken, NETCODE_KEY_BYTES, NETCODE_USER_DATA_BYTES,
    NetcodeClientTransport, NetcodeServerTransport, ServerAuthentication, ServerConfig,
    generate_random_bytes,
};
use bevy_replicon_renet::renet::ConnectionConfig;
use bevy_replicon_renet::{RenetClient, RenetServer};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::code::SessionNo;
use crate::link::{Link, LinkError};
use crate::pose::{AvatarPose, Interpolator, StampClock, unpack, unpack_frame};
use crate::protocol::{self, ClientMessage, Join, PROTOCOL_VERSION, Role};
use crate::record::{DesignOpRow, Job, Recorder, STATE_EVERY_MS, Writer};
use crate::server::{ConnId, Effects, Server, ServerMessage};

/// How often the server lets time pass for resume windows, seconds.
const TICK_SECONDS: f32 = 1.0;
/// How long a client waits between tries to reach a server it lost, seconds.
pub const RECONNECT_SECONDS: f32 = 1.0;
/// Netcode's protocol id: the bytes of "RETKI" and this crate's [`PROTOCOL_VERSION`], so a
/// Retki client never talks to another game's server on the same port.
pub const NETCODE_PROTOCOL_ID: u64 = 0x5245_544B_4900_0000 | PROTOCOL_VERSION as u64;
/// The most connections one server takes (a few classes at once).
pub const MAX_CONNECTIONS: usize = 256;
/// How long a connect token may wait to be used, s: the app asks for one just before it
/// connects, so a token seen later is worth nothing.
pub const TOKEN_LIFETIME_SECONDS: u64 = 30;
/// Seconds without a packet after which either side counts a connection as dropped.
pub const CONNECTION_TIMEOUT_SECONDS: i32 = 10;

/// An encoded [`ClientMessage`] on its way to the server (reliable, ordered).
#[derive(Message, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ToServer(pub Vec<u8>);

/// An encoded [`ClientMessage::Pose`] on its way to the server (unreliable).
#[derive(Message, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct PoseToServer(pub Vec<u8>);

/// An encoded [`ServerMessage`] on its way to an app (reliable, ordered).
#[derive(Message, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ToApp(pub Vec<u8>);

/// A frame of others' poses ([`crate::pose::pack_frame`]) on its way to an app (unreliable).
#[derive(Message, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct PosesToApp(pub Vec<u8>);

/// Registers the carriers; both sides add it, after the replicon plugins.
pub struct WirePlugin;

impl Plugin for WirePlugin {
    fn build(&self, app: &mut App) {
        app.add_client_message::<ToServer>(Channel::Ordered)
            .add_client_message::<PoseToServer>(Channel::Unreliable)
            .add_server_message::<ToApp>(Channel::Ordered)
            .add_server_message::<PosesToApp>(Channel::Unreliable);
    }
}

/// Milliseconds since 1970-01-01 UTC, by this machine's clock.
pub use retki_design::time::now_ms;

/// The server's side: the session rules, and which connection each network client is.
#[derive(Resource)]
pub struct SessionServer {
    /// The rules and state of every session.
    pub server: Server,
    /// Statements not yet handed to the writer: all of them when there is none (a test).
    pub statements: Vec<Value>,
    /// Stores what must not be lost, off the frame; answers wait for it.
    writer: Option<Writer>,
    /// How much of each session's design log is handed to the writer.
    saved_ops: HashMap<SessionNo, usize>,
    /// The state changed since it was last handed over.
    dirty: bool,
    /// When the state was last handed over, ms.
    state_written_ms: u64,
    /// The state must be handed over in this frame.
    save_now: bool,
    /// What commands from outside the network (the dashboard) left to send.
    pending: Effects,
    conns: HashMap<Entity, ConnId>,
    clients: HashMap<ConnId, Entity>,
    next: ConnId,
}

impl Default for SessionServer {
    fn default() -> Self {
        Self::new(Server::default(), None)
    }
}

impl SessionServer {
    /// Serves `server`, storing through `recorder` (on a thread of its own) when there is
    /// one.
    pub fn new(server: Server, recorder: Option<Box<dyn Recorder>>) -> Self {
        Self {
            server,
            statements: Vec::new(),
            writer: recorder.map(Writer::start),
            saved_ops: HashMap::new(),
            dirty: true,
            state_written_ms: 0,
            save_now: false,
            pending: Effects::default(),
            conns: HashMap::new(),
            clients: HashMap::new(),
            next: 0,
        }
    }

    /// Opens a session (see [`Server::create_session`]); its state is saved with the next
    /// commit.
    pub fn create_session(
        &mut self,
        school: &str,
        class: &str,
        scene: &str,
        design: Option<crate::server::SessionDesign>,
    ) -> crate::server::Created {
        self.dirty = true;
        self.save_now = true;
        self.server
            .create_session(school, class, scene, design, now_ms())
    }

    /// Carries out a teacher's command from their dashboard in session `no`; what it sends
    /// goes out (after being stored) in the next frame.
    pub fn command(
        &mut self,
        no: crate::code::SessionNo,
        command: crate::protocol::TeacherCommand,
    ) -> Result<(), String> {
        let fx = self.server.command(no, command, now_ms())?;
        self.dirty = true;
        self.pending.extend(fx);
        Ok(())
    }

    /// How many network clients are connected.
    pub fn connections(&self) -> usize {
        self.conns.len()
    }

    fn conn_for(&mut self, client: Entity, peer: impl FnOnce() -> String) -> ConnId {
        if let Some(&conn) = self.conns.get(&client) {
            return conn;
        }
        self.next += 1;
        let conn = self.next;
        self.conns.insert(client, conn);
        self.clients.insert(conn, client);
        let fx = self.server.connect(conn, &peer(), now_ms());
        self.pending.extend(fx);
        conn
    }

    /// Hands what is new (statements, the state when it changed and is due, new design
    /// operations) to the writer.
    fn commit(&mut self) {
        let now = now_ms();
        let due = self.save_now || now >= self.state_written_ms + STATE_EVERY_MS;
        let state = if self.dirty && due {
            self.dirty = false;
            self.save_now = false;
            self.state_written_ms = now;
            Some(self.server.snapshot_without_design_logs())
        } else {
            None
        };
        let (design_ops, ended) = self.unsaved_design_ops();
        if self.statements.is_empty() && state.is_none() && design_ops.is_empty() {
            return;
        }
        for row in &design_ops {
            self.saved_ops.insert(row.session, row.seq as usize);
        }
        for no in &ended {
            self.saved_ops.remove(no);
        }
        if let Some(writer) = self.writer.as_mut() {
            writer.send(Job {
                statements: std::mem::take(&mut self.statements),
                state,
                design_ops,
                ended,
            });
        }
    }

    /// The answers that may go out now: `answers` at once when nothing is stored (a test),
    /// otherwise every held answer whose frame is stored.
    fn answers(&mut self, answers: Effects) -> Effects {
        match self.writer.as_mut() {
            None => answers,
            Some(writer) => {
                writer.hold(answers);
                writer.ready()
            }
        }
    }

    /// The design operations not yet saved, and the sessions with saved operations that
    /// have ended.
    fn unsaved_design_ops(&self) -> (Vec<DesignOpRow>, Vec<SessionNo>) {
        let mut rows = Vec::new();
        for (no, design) in self.server.designs() {
            let saved = self.saved_ops.get(&no).copied().unwrap_or(0);
            for op in &design.log()[saved.min(design.log().len())..] {
                rows.push(DesignOpRow {
                    session: no,
                    seq: op.seq,
                    body: serde_json::to_string(op).expect("an operation serializes"),
                });
            }
        }
        let ended = self
            .saved_ops
            .keys()
            .filter(|no| self.server.design(**no).is_none())
            .copied()
            .collect();
        (rows, ended)
    }
}

/// The server's side of netcode's secure connect: a private key made at each start (it
/// never leaves the process, so a restart makes every earlier token worthless) that seals
/// each connect token, and the address tokens name.
///
/// A token is handed out over HTTP ([`TokenRequest`]) only to a join the session server
/// accepts: a join code, a resume token or a teacher key. It carries the keys that encrypt
/// that one connection both ways, and, sealed so only this server reads it, the session it
/// was issued for. Without one, the UDP side does not answer at all.
#[derive(Resource, Clone)]
pub struct TokenIssuer {
    private_key: [u8; NETCODE_KEY_BYTES],
    address: SocketAddr,
}

impl TokenIssuer {
    /// A new key for a server listening on `address`.
    pub fn new(address: SocketAddr) -> Self {
        Self {
            private_key: generate_random_bytes(),
            address,
        }
    }

    /// A connect token for one connection to session `no`, in netcode's byte format.
    pub fn issue(&self, no: SessionNo) -> Result<Vec<u8>, String> {
        let mut user_data = [0u8; NETCODE_USER_DATA_BYTES];
        user_data[..4].copy_from_slice(&no.to_le_bytes());
        let token = ConnectToken::generate(
            since_epoch(),
            NETCODE_PROTOCOL_ID,
            TOKEN_LIFETIME_SECONDS,
            rand_id(),
            CONNECTION_TIMEOUT_SECONDS,
            vec![self.address],
            Some(&user_data),
            &self.private_key,
        )
        .map_err(|e| format!("cannot make a connect token: {e}"))?;
        let mut bytes = Vec::new();
        token
            .write(&mut bytes)
            .map_err(|e| format!("cannot write a connect token: {e}"))?;
        Ok(bytes)
    }

    /// Tokens for session `no`, whatever the join, for a test or an example that runs the
    /// server in its own process (the join is still checked when the connection says hello).
    pub fn tokens_for(&self, no: SessionNo) -> TokenSource {
        let issuer = self.clone();
        TokenSource(Arc::new(move |_| {
            issuer.issue(no).map_err(TokenError::Unreachable)
        }))
    }
}

/// The session a connect token was issued for, from its user data.
fn token_session(user_data: &[u8; NETCODE_USER_DATA_BYTES]) -> SessionNo {
    SessionNo::from_le_bytes(user_data[..4].try_into().expect("four bytes"))
}

/// Someone asks for a connect token (over HTTP): the join they will send, the network
/// address they asked from (a wrong join code counts against it) and where the answer goes.
pub struct TokenRequest {
    /// The join the connection will say hello with.
    pub join: Join,
    /// The asker's network address.
    pub peer: String,
    /// The token's bytes, or why not.
    pub reply: tokio::sync::oneshot::Sender<Result<Vec<u8>, String>>,
}

/// Where the HTTP side leaves [`TokenRequest`]s for the session server's next frame.
#[derive(Resource)]
pub struct TokenRequests(pub Mutex<mpsc::Receiver<TokenRequest>>);

/// Answers the token requests that arrived: a join the server would accept gets a token
/// bound to its session.
fn issue_tokens(
    requests: Res<TokenRequests>,
    issuer: Res<TokenIssuer>,
    mut sessions: ResMut<SessionServer>,
) {
    let Ok(waiting) = requests.0.lock() else {
        return;
    };
    while let Ok(request) = waiting.try_recv() {
        let answer = sessions
            .server
            .session_for(&request.join, &request.peer, now_ms())
            .and_then(|no| issuer.issue(no));
        if let Err(why) = &answer {
            info!("session: no connect token for {}: {why}", request.peer);
        }
        let _ = request.reply.send(answer);
    }
}

fn since_epoch() -> Duration {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or_default()
}

/// Runs the session server on whatever replicon messaging backend the app has.
pub struct SessionServerPlugin;

impl Plugin for SessionServerPlugin {
    fn build(&self, app: &mut App) {
        if !app.world().contains_resource::<SessionServer>() {
            app.init_resource::<SessionServer>();
        }
        app.add_observer(client_came)
            .add_observer(client_gone)
            .add_systems(
                Update,
                (
                    issue_tokens
                        .run_if(resource_exists::<TokenRequests>)
                        .run_if(resource_exists::<TokenIssuer>),
                    serve,
                )
                    .chain(),
            );
    }
}

/// A client connected: the session server counts it against its address, starts the time
/// it has to join, and binds it to the session its connect token was issued for.
fn client_came(
    add: On<Add, ConnectedClient>,
    ids: Query<&NetworkId>,
    transport: Option<Res<NetcodeServerTransport>>,
    mut sessions: ResMut<SessionServer>,
) {
    let client = add.entity;
    let conn = sessions.conn_for(client, || peer_name(client, &ids, transport.as_deref()));
    let user_data = ids
        .get(client)
        .ok()
        .and_then(|id| transport.as_deref()?.user_data(id.get()));
    if let Some(user_data) = user_data {
        sessions.server.bind(conn, token_session(&user_data));
    }
}

/// A client gone (its connection dropped or was closed) is a dropped connection.
fn client_gone(remove: On<Remove, ConnectedClient>, mut sessions: ResMut<SessionServer>) {
    if let Some(conn) = sessions.conns.remove(&remove.entity) {
        sessions.clients.remove(&conn);
        sessions.dirty = true;
        let fx = sessions.server.disconnect(conn, now_ms());
        for line in fx.log {
            info!("session: {line}");
        }
    }
}

/// The network address of a client, where the transport knows it.
fn peer_name(
    client: Entity,
    ids: &Query<&NetworkId>,
    transport: Option<&NetcodeServerTransport>,
) -> String {
    ids.get(client)
        .ok()
        .and_then(|id| transport?.client_addr(id.get()))
        .map_or_else(|| format!("client {client}"), |addr| addr.ip().to_string())
}

/// How often the server logs how its frames went, seconds.
const FRAME_REPORT_SECONDS: u64 = 10;

/// The log target of the server's frame reports: `RUST_LOG=retki_session::frames=info` shows
/// them (`retki loadtest` reads them for its breakdown of where a pose's time goes).
pub const FRAME_REPORT_TARGET: &str = "retki_session::frames";

/// The server's frames over the last [`FRAME_REPORT_SECONDS`]: how far apart they started,
/// how long the session's work in each took, and the poses' round within it, microseconds.
#[derive(Default)]
struct FrameClock {
    since: Option<Instant>,
    last: Option<Instant>,
    apart: Vec<u32>,
    work: Vec<u32>,
    poses: Vec<u32>,
}

impl FrameClock {
    /// Counts a frame that started at `started` and spent `poses` on the poses' round; logs a
    /// report when one is due.
    fn record(&mut self, started: Instant, poses: Duration) {
        let micros = |d: Duration| u32::try_from(d.as_micros()).unwrap_or(u32::MAX);
        if let Some(last) = self.last {
            self.apart.push(micros(started - last));
        }
        self.last = Some(started);
        self.work.push(micros(started.elapsed()));
        self.poses.push(micros(poses));
        let since = *self.since.get_or_insert(started);
        let over = started - since;
        if over < Duration::from_secs(FRAME_REPORT_SECONDS) {
            return;
        }
        let ms = |values: &mut Vec<u32>, q: f64| {
            values.sort_unstable();
            let at = ((values.len() as f64 - 1.0) * q).round() as usize;
            f64::from(values.get(at).copied().unwrap_or(0)) / 1000.0
        };
        info!(
            target: FRAME_REPORT_TARGET,
            "{} frames in {:.1} s; apart p50 {:.2} ms, p99 {:.2} ms; session work p50 {:.3} ms, \
             p99 {:.3} ms; poses' round p50 {:.3} ms, p99 {:.3} ms",
            self.work.len(),
            over.as_secs_f64(),
            ms(&mut self.apart, 0.5),
            ms(&mut self.apart, 0.99),
            ms(&mut self.work, 0.5),
            ms(&mut self.work, 0.99),
            ms(&mut self.poses, 0.5),
            ms(&mut self.poses, 0.99),
        );
        self.apart.clear();
        self.work.clear();
        self.poses.clear();
        self.since = Some(started);
    }
}

/// One frame of the server: everything that arrived, time passing, the commit, then what to
/// send (the session's answers, then the poses' round).
#[expect(clippy::too_many_arguments, reason = "a system's parameters")]
fn serve(
    time: Res<Time>,
    mut since_tick: Local<f32>,
    mut messages: MessageReader<FromClient<ToServer>>,
    mut poses: MessageReader<FromClient<PoseToServer>>,
    ids: Query<&NetworkId>,
    transport: Option<Res<NetcodeServerTransport>>,
    mut sessions: ResMut<SessionServer>,
    mut out: MessageWriter<ToClients<ToApp>>,
    mut poses_out: MessageWriter<ToClients<PosesToApp>>,
    mut disconnect: MessageWriter<DisconnectRequest>,
    mut clock: Local<FrameClock>,
) {
    let started = Instant::now();
    let sessions = &mut *sessions;
    let now = now_ms();
    let mut all = std::mem::take(&mut sessions.pending);
    let take = |fx: Effects, all: &mut Effects| all.extend(fx);
    for FromClient { client_id, message } in poses.read() {
        let Some(client) = client_id.entity() else {
            continue;
        };
        let conn = sessions.conn_for(client, || peer_name(client, &ids, transport.as_deref()));
        take(sessions.server.receive(conn, &message.0, now), &mut all);
    }
    for FromClient { client_id, message } in messages.read() {
        let Some(client) = client_id.entity() else {
            continue;
        };
        let conn = sessions.conn_for(client, || peer_name(client, &ids, transport.as_deref()));
        take(sessions.server.receive(conn, &message.0, now), &mut all);
        sessions.dirty = true;
    }
    // What connecting made the server do (closing one connection too many).
    take(std::mem::take(&mut sessions.pending), &mut all);
    *since_tick += time.delta_secs();
    if *since_tick >= TICK_SECONDS {
        *since_tick = 0.0;
        let fx = sessions.server.tick(now);
        sessions.dirty |= !fx.out.is_empty();
        take(fx, &mut all);
    }
    sessions
        .statements
        .extend(std::mem::take(&mut all.statements));
    sessions.save_now |= all.save_now;
    sessions.commit();
    for line in std::mem::take(&mut all.log) {
        info!("session: {line}");
    }
    let all = sessions.answers(all);
    for (conn, message) in all.out {
        if let Some(&client) = sessions.clients.get(&conn) {
            out.write(ToClients {
                targets: SendTargets::Single(ClientId::Client(client)),
                message: ToApp(protocol::encode(&message)),
            });
        }
    }
    for conn in all.close {
        if let Some(&client) = sessions.clients.get(&conn) {
            disconnect.write(DisconnectRequest { client });
        }
    }
    let round = Instant::now();
    for (conn, frame) in sessions.server.pose_round() {
        if let Some(&client) = sessions.clients.get(&conn) {
            poses_out.write(ToClients {
                targets: SendTargets::Single(ClientId::Client(client)),
                message: PosesToApp(frame),
            });
        }
    }
    clock.record(started, round.elapsed());
}

/// Who this app is in the session, once welcomed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Me {
    /// The id the server gave.
    pub id: String,
    /// The slot its poses travel under.
    pub slot: u8,
    /// Teacher or pupil.
    pub role: Role,
    /// The session's UUID.
    pub session: String,
}

/// Someone else in the session, as this app knows them.
#[derive(Clone, Debug)]
pub struct Person {
    /// Their id.
    pub id: String,
    /// Their pseudonym.
    pub pseudonym: String,
    /// Their role.
    pub role: Role,
    /// Their poses, smoothed.
    pub motion: Interpolator,
    clock: StampClock,
}

impl Person {
    /// Where to show them at `now_ms` (this app's clock), once a pose has arrived.
    pub fn pose(&self, now_ms: u64) -> Option<AvatarPose> {
        self.motion.sample(now_ms)
    }
}

/// The app's side: what the server has said, and who is in the session.
#[derive(Resource, Default, Debug)]
pub struct SessionClient {
    /// Every message received and not yet taken, oldest first.
    pub inbox: Vec<ServerMessage>,
    /// Who this app is, once welcomed.
    pub me: Option<Me>,
    /// Everyone else, by slot.
    pub people: HashMap<u8, Person>,
    /// The place and lesson step the session is at.
    pub step: Option<(String, u32)>,
    /// Whether this app's input is off (the teacher froze it).
    pub frozen: bool,
    /// Whether this app's building rights are taken away.
    pub muted: bool,
    /// Each pose that arrived this frame: the sender's slot and stamp (for measuring).
    pub arrived: Vec<(u8, u16)>,
    /// Messages from the server that could not be read (a newer server, or damage).
    pub unreadable: usize,
    /// Why the server turned the join away before any connection was made (a wrong or
    /// expired code, a session that ended), if it did; a refusal after the hello (a name
    /// taken) comes as [`ServerMessage::Refused`] alone.
    pub refused_at_door: Option<String>,
    /// How this app joins (again, after a drop): a code or teacher key first, the resume
    /// token once welcomed.
    join: Option<Join>,
    /// The session was ended or this app was let go: do not come back.
    done: bool,
    /// Who was here before this app was welcomed back, until the server announces them again
    /// (the rest of that frame).
    returning: HashMap<u8, Person>,
}

impl SessionClient {
    /// A client that will join with `join` as soon as it is connected.
    pub fn joining(join: Join) -> Self {
        Self {
            join: Some(join),
            ..Self::default()
        }
    }

    /// Whether the session has ended for this app (ended, or it was let go).
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// Takes in a message from the server (what the client plugin does with each): who is
    /// here, the step, freezing and muting are kept, and the message goes to the inbox.
    pub fn heard(&mut self, message: ServerMessage) {
        self.hear(&message);
        self.inbox.push(message);
    }

    fn hear(&mut self, message: &ServerMessage) {
        match message {
            ServerMessage::Welcome {
                you,
                slot,
                role,
                token,
                session,
                scene,
                step,
                frozen,
                muted,
            } => {
                // Coming back: the server announces everyone again; whoever it announces
                // keeps their avatar's motion, and whoever it does not is gone.
                self.returning = std::mem::take(&mut self.people);
                self.me = Some(Me {
                    id: you.clone(),
                    slot: *slot,
                    role: *role,
                    session: session.clone(),
                });
                self.step = Some((scene.clone(), *step));
                self.frozen = *frozen;
                self.muted = *muted;
                self.join = Some(Join::Resume {
                    token: token.clone(),
                });
            }
            ServerMessage::Joined {
                id,
                slot,
                pseudonym,
                role,
            } => {
                let person = match self.returning.remove(slot) {
                    Some(known) if known.id == *id => known,
                    _ => Person {
                        id: id.clone(),
                        pseudonym: pseudonym.clone(),
                        role: *role,
                        motion: Interpolator::default(),
                        clock: StampClock::default(),
                    },
                };
                self.people.entry(*slot).or_insert(person);
            }
            ServerMessage::Left { id } => self.people.retain(|_, p| &p.id != id),
            ServerMessage::Step { scene, step } => self.step = Some((scene.clone(), *step)),
            ServerMessage::Frozen { on } => self.frozen = *on,
            ServerMessage::Muted { on } => self.muted = *on,
            ServerMessage::Ended | ServerMessage::Closed { .. } => {
                self.done = true;
                self.join = None;
            }
            _ => {}
        }
    }

    /// Takes in a frame of others' poses ([`crate::pose::pack_frame`]) that arrived at
    /// `now_ms` (this app's clock).
    pub fn heard_poses(&mut self, frame: &[u8], now_ms: u64) {
        let Ok(poses) = unpack_frame(frame) else {
            self.unreadable += 1;
            return;
        };
        for forwarded in poses {
            let Some(person) = self.people.get_mut(&forwarded.slot) else {
                continue;
            };
            let Ok(pose) = unpack(&forwarded.packed) else {
                self.unreadable += 1;
                continue;
            };
            if let Some(at) = person.clock.place(forwarded.stamp, now_ms) {
                person.motion.push(at, pose);
                self.arrived.push((forwarded.slot, forwarded.stamp));
            }
        }
    }
}

/// Keeps what the server says to this app in [`SessionClient`], and joins (again) whenever
/// the connection is (re)made.
pub struct SessionClientPlugin;

impl Plugin for SessionClientPlugin {
    fn build(&self, app: &mut App) {
        if !app.world().contains_resource::<SessionClient>() {
            app.init_resource::<SessionClient>();
        }
        app.add_systems(OnEnter(ClientState::Connected), say_hello)
            .add_systems(PreUpdate, read_server.after(ClientSystems::Receive))
            .add_systems(Update, reconnect.run_if(resource_exists::<ServerAddress>));
    }
}

fn say_hello(client: Res<SessionClient>, mut writer: MessageWriter<ToServer>) {
    if let Some(join) = client.join.clone() {
        send(
            &mut writer,
            &ClientMessage::Hello {
                version: PROTOCOL_VERSION,
                join,
            },
        );
    }
}

fn read_server(
    mut messages: MessageReader<ToApp>,
    mut poses: MessageReader<PosesToApp>,
    mut client: ResMut<SessionClient>,
    mut writer: MessageWriter<ToServer>,
) {
    client.arrived.clear();
    for ToApp(bytes) in messages.read() {
        match rmp_serde::from_slice::<ServerMessage>(bytes) {
            Ok(ServerMessage::AreYouThere) => send(&mut writer, &ClientMessage::Here),
            Ok(message) => client.heard(message),
            Err(error) => {
                client.unreadable += 1;
                warn!("session: a message from the server could not be read: {error}");
            }
        }
    }
    let now = now_ms();
    for PosesToApp(frame) in poses.read() {
        client.heard_poses(frame, now);
    }
    client.returning.clear();
}

/// Sends `message` to the server.
pub fn send(writer: &mut MessageWriter<ToServer>, message: &ClientMessage) {
    writer.write(ToServer(protocol::encode(message)));
}

/// Sends this app's head and hands to the server, stamped `time_ms` (this app's clock).
/// Returns false if the pose cannot travel (out of range or not finite).
pub fn send_pose(
    writer: &mut MessageWriter<PoseToServer>,
    time_ms: u64,
    pose: &AvatarPose,
) -> bool {
    let Ok(packed) = crate::pose::pack(pose) else {
        return false;
    };
    writer.write(PoseToServer(protocol::encode(&ClientMessage::Pose {
        time_ms,
        packed,
    })));
    true
}

/// Everything a server app needs to serve sessions over UDP: replicon, renet's netcode, the
/// carriers and [`SessionServerPlugin`]. Then call [`listen_udp`].
pub struct UdpServerPlugins;

impl Plugin for UdpServerPlugins {
    fn build(&self, app: &mut App) {
        if !app.is_plugin_added::<bevy::state::app::StatesPlugin>() {
            app.add_plugins(bevy::state::app::StatesPlugin);
        }
        app.add_plugins((
            RepliconPlugins.set(ServerPlugin::new(PostUpdate)),
            bevy_replicon_renet::RepliconRenetPlugins,
            WirePlugin,
            SessionServerPlugin,
        ));
    }
}

/// Everything an app needs to take part in a session over UDP: replicon, renet's netcode,
/// the carriers and [`SessionClientPlugin`]. Then call [`connect_udp`].
pub struct UdpClientPlugins;

impl Plugin for UdpClientPlugins {
    fn build(&self, app: &mut App) {
        if !app.is_plugin_added::<bevy::state::app::StatesPlugin>() {
            app.add_plugins(bevy::state::app::StatesPlugin);
        }
        app.add_plugins((
            RepliconPlugins,
            bevy_replicon_renet::RepliconRenetPlugins,
            WirePlugin,
            SessionClientPlugin,
        ));
    }
}

/// The server a client reaches over UDP. While it is present, the app connects on its next
/// frame, and a lost connection is tried again every [`RECONNECT_SECONDS`], each time with a
/// fresh connect token from the [`TokenSource`].
#[derive(Resource, Clone, Copy, Debug)]
pub struct ServerAddress(pub SocketAddr);

/// Where a client gets a connect token for the join it is about to say hello with: the
/// server's HTTP side ([`http_tokens`]), or, in a test with the server in the same process,
/// its [`TokenIssuer`]. Called on a thread of its own, so it may block.
#[derive(Resource, Clone)]
pub struct TokenSource(pub Arc<FetchToken>);

/// Asks for a connect token for a join: the token's bytes, or why there is none.
pub type FetchToken = dyn Fn(&Join) -> Result<Vec<u8>, TokenError> + Send + Sync;

/// Why a client has no connect token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenError {
    /// The server refused the join (a wrong or expired code, a session that ended, a seat
    /// that is gone): trying again will not help.
    Refused(String),
    /// The server could not be asked or did not answer properly: try again.
    Unreachable(String),
}

/// Connect tokens from the server's `POST /sessions/token`, over `link`.
pub fn http_tokens(link: Link) -> TokenSource {
    TokenSource(Arc::new(move |join| fetch_token(&link, join)))
}

fn fetch_token(link: &Link, join: &Join) -> Result<Vec<u8>, TokenError> {
    use TokenError::{Refused, Unreachable};
    use base64::Engine;
    let url = format!("{}/sessions/token", link.base());
    let body = serde_json::to_string(join).map_err(|e| Unreachable(e.to_string()))?;
    let answer = link
        .request("POST", "/sessions/token", &[], &body)
        .map_err(|e| match e {
            LinkError::Certificate(why) => Refused(why),
            LinkError::Failed(why) => Unreachable(why),
        })?;
    let json: Value = serde_json::from_str(&answer.body).map_err(|_| {
        Unreachable(format!(
            "{url}: answered {} with what is not JSON: {:.200}",
            answer.status, answer.body
        ))
    })?;
    let why = || json["error"].as_str().unwrap_or(&answer.body).to_owned();
    match answer.status {
        200 => {}
        // Asking again cannot help: the join or the request itself is wrong.
        400..=499 if !matches!(answer.status, 408 | 429) => return Err(Refused(why())),
        status => return Err(Unreachable(format!("{url}: {status}: {}", why()))),
    }
    let token = json["token"]
        .as_str()
        .ok_or_else(|| Unreachable(format!("{url}: the answer has no \"token\"")))?;
    base64::engine::general_purpose::STANDARD
        .decode(token)
        .map_err(|e| Unreachable(format!("{url}: the token is not base64: {e}")))
}

fn connection_config(world: &World) -> ConnectionConfig {
    let channels = world.resource::<RepliconChannels>();
    ConnectionConfig {
        server_channels_config: channels.server_configs(),
        client_channels_config: channels.client_configs(),
        ..Default::default()
    }
}

/// Starts serving over UDP on `bind` (port 0 picks one), answering only connections with a
/// connect token from the [`TokenIssuer`] it puts in the world; returns the address it
/// listens on. The app needs the replicon plugins, `RepliconRenetPlugins`, [`WirePlugin`]
/// and [`SessionServerPlugin`], finished.
pub fn listen_udp(world: &mut World, bind: SocketAddr) -> Result<SocketAddr, String> {
    let socket = UdpSocket::bind(bind).map_err(|e| format!("cannot listen on UDP {bind}: {e}"))?;
    let address = socket
        .local_addr()
        .map_err(|e| format!("cannot read the UDP address: {e}"))?;
    // A token names the address listened on; a client sends to the address it reached the
    // server at (the same port on one of this machine's addresses when bound to all).
    let issuer = TokenIssuer::new(address);
    let config = ServerConfig {
        current_time: since_epoch(),
        max_clients: MAX_CONNECTIONS,
        protocol_id: NETCODE_PROTOCOL_ID,
        public_addresses: vec![address],
        authentication: ServerAuthentication::Secure {
            private_key: issuer.private_key,
        },
    };
    let transport = NetcodeServerTransport::new(config, socket)
        .map_err(|e| format!("cannot start the UDP transport: {e}"))?;
    let server = RenetServer::new(connection_config(world));
    world.insert_resource(server);
    world.insert_resource(transport);
    world.insert_resource(issuer);
    Ok(address)
}

/// Connects to the server at `address` over UDP, with a connect token from `tokens`, and
/// keeps trying after a drop. The app needs the replicon plugins, `RepliconRenetPlugins`,
/// [`WirePlugin`] and [`SessionClientPlugin`], finished.
pub fn connect_udp(world: &mut World, address: SocketAddr, tokens: TokenSource) {
    world.insert_resource(ServerAddress(address));
    world.insert_resource(tokens);
}

/// Leaves the session and forgets its server: the connection is dropped, and the app is as
/// before [`connect_udp`], so a later join (another code, another server) starts afresh.
pub fn leave_udp(world: &mut World) {
    world.remove_resource::<ServerAddress>();
    world.remove_resource::<TokenSource>();
    world.remove_resource::<NetcodeClientTransport>();
    world.remove_resource::<RenetClient>();
    world.insert_resource(SessionClient::default());
}

/// Opens a connection to `address` with the connect token `token`: the app sends to the
/// address it reached the server at, whichever of the server's addresses the token names.
fn open_udp(world: &mut World, address: SocketAddr, token: &[u8]) -> Result<(), String> {
    let mut connect_token = ConnectToken::read(&mut &token[..])
        .map_err(|e| format!("the server's connect token cannot be read: {e}"))?;
    connect_token.server_addresses = [None; 32];
    connect_token.server_addresses[0] = Some(address);
    let local: SocketAddr = if address.is_ipv4() {
        "0.0.0.0:0"
    } else {
        "[::]:0"
    }
    .parse()
    .expect("an address");
    let socket = UdpSocket::bind(local).map_err(|e| format!("cannot open a UDP socket: {e}"))?;
    let authentication = ClientAuthentication::Secure { connect_token };
    let transport = NetcodeClientTransport::new(since_epoch(), authentication, socket)
        .map_err(|e| format!("cannot start the UDP transport: {e}"))?;
    let client = RenetClient::new(connection_config(world));
    world.insert_resource(client);
    world.insert_resource(transport);
    Ok(())
}

/// What this app's connection carries now, bytes per second received and sent (renet's
/// packets, over its last few seconds), while connected.
pub fn client_traffic(world: &World) -> Option<(f64, f64)> {
    let client = world.get_resource::<RenetClient>()?;
    if !client.is_connected() {
        return None;
    }
    let info = client.network_info();
    Some((info.bytes_received_per_second, info.bytes_sent_per_second))
}

/// A netcode client id no other app will pick (a fresh one for every connection).
fn rand_id() -> u64 {
    let bytes = uuid::Uuid::new_v4().into_bytes();
    u64::from_le_bytes(bytes[..8].try_into().expect("eight bytes"))
}

/// A connect token on its way from the [`TokenSource`].
type Fetching = mpsc::Receiver<Result<Vec<u8>, TokenError>>;

/// Connects to the [`ServerAddress`] when there is no connection yet, and tries again every
/// [`RECONNECT_SECONDS`] when it was lost: asks for a connect token on a thread, then opens
/// the connection with it.
fn reconnect(
    world: &mut World,
    mut since: Local<Option<Duration>>,
    mut fetching: Local<Option<Fetching>>,
) {
    if let Some(waiting) = fetching.as_ref() {
        let answer = match waiting.try_recv() {
            Ok(answer) => answer,
            Err(mpsc::TryRecvError::Empty) => return,
            Err(mpsc::TryRecvError::Disconnected) => {
                Err(TokenError::Unreachable("the token request stopped".into()))
            }
        };
        *fetching = None;
        let address = world.resource::<ServerAddress>().0;
        let opened = match answer {
            Ok(token) => open_udp(world, address, &token),
            Err(TokenError::Unreachable(why)) => Err(why),
            Err(TokenError::Refused(reason)) => {
                warn!("session: the server refused: {reason}");
                let mut client = world.resource_mut::<SessionClient>();
                client.refused_at_door = Some(reason.clone());
                client.heard(ServerMessage::Refused { reason });
                client.heard(ServerMessage::Closed {
                    reason: "join refused".into(),
                });
                return;
            }
        };
        match opened {
            Ok(()) => info!("session: connecting to {address}"),
            Err(error) => warn!("session: {error}"),
        }
        return;
    }
    let now = world.resource::<Time<Real>>().elapsed();
    let client = world.get_resource::<RenetClient>();
    let never = client.is_none() && since.is_none();
    let lost = client.is_none_or(|c| c.is_disconnected());
    let join = world.resource::<SessionClient>().join.clone();
    let (true, Some(join)) = (lost, join) else {
        *since = None;
        return;
    };
    match *since {
        // The first connection: at once.
        None if never => {}
        // Just lost: wait a moment first.
        None => {
            *since = Some(now);
            return;
        }
        Some(last) if now - last < Duration::from_secs_f32(RECONNECT_SECONDS) => return,
        Some(_) => {}
    }
    *since = Some(now);
    world.remove_resource::<NetcodeClientTransport>();
    world.remove_resource::<RenetClient>();
    let Some(tokens) = world.get_resource::<TokenSource>().cloned() else {
        return;
    };
    let (answer, waiting) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = answer.send((tokens.0)(&join));
    });
    *fetching = Some(waiting);
}

/// A port free for both TCP and UDP on loopback, for a server started for a test, a load
/// test or the demo.
pub fn free_port() -> Result<u16, String> {
    for _ in 0..20 {
        let tcp = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
        let port = tcp.local_addr().map_err(|e| e.to_string())?.port();
        if std::net::UdpSocket::bind(("127.0.0.1", port)).is_ok() {
            return Ok(port);
        }
    }
    Err("no free port on loopback".into())
}
