//! The session over a network, in Bevy: the server plugin feeds what arrives from each
//! connection to [`Server`] and sends what it answers; the client plugin sends a pupil's or
//! teacher's messages and keeps what the server said. The messages are this crate's own,
//! encoded by [`crate::protocol`]; bevy_replicon only carries the bytes (over renet's UDP on a
//! LAN, or its in-process test transport), and only this module names it, so the carrier can
//! be swapped.

use std::collections::HashMap;

use bevy::prelude::*;
use bevy_replicon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::protocol::{self, ClientMessage};
use crate::server::{ConnId, Effects, Server, ServerMessage};

/// How often the server lets time pass for resume windows, seconds.
const TICK_SECONDS: f32 = 1.0;

/// An encoded [`ClientMessage`] on its way to the server.
#[derive(Message, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ToServer(pub Vec<u8>);

/// An encoded [`ServerMessage`] on its way to an app.
#[derive(Message, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ToApp(pub Vec<u8>);

/// Registers the two carriers; both sides add it, after the replicon plugins.
pub struct WirePlugin;

impl Plugin for WirePlugin {
    fn build(&self, app: &mut App) {
        app.add_client_message::<ToServer>(Channel::Ordered)
            .add_server_message::<ToApp>(Channel::Ordered);
    }
}

/// The server's side: the session rules, and which connection each network client is.
#[derive(Resource, Default)]
pub struct SessionServer {
    /// The rules and state of every session.
    pub server: Server,
    /// Statements waiting for the outbox, oldest first.
    pub statements: Vec<Value>,
    conns: HashMap<Entity, ConnId>,
    clients: HashMap<ConnId, Entity>,
    next: ConnId,
}

/// Milliseconds since 1970-01-01 UTC.
pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// Runs the session server on whatever replicon messaging backend the app has.
pub struct SessionServerPlugin;

impl Plugin for SessionServerPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<SessionServer>()
            .add_observer(client_authorized)
            .add_observer(client_disconnected)
            .add_systems(Update, (receive, tick));
    }
}

/// A client that passed replicon's protocol check is a connection to the session server.
fn client_authorized(add: On<Add, AuthorizedClient>, mut sessions: ResMut<SessionServer>) {
    let sessions = &mut *sessions;
    sessions.next += 1;
    let conn = sessions.next;
    sessions.conns.insert(add.entity, conn);
    sessions.clients.insert(conn, add.entity);
    sessions
        .server
        .connect(conn, &format!("client {}", add.entity));
}

/// A client gone (its connection dropped or was closed) is a dropped connection.
fn client_disconnected(remove: On<Remove, ConnectedClient>, mut sessions: ResMut<SessionServer>) {
    if let Some(conn) = sessions.conns.remove(&remove.entity) {
        sessions.clients.remove(&conn);
        let fx = sessions.server.disconnect(conn, now_ms());
        for line in fx.log {
            info!("session: {line}");
        }
    }
}

/// Sends what the server answered, queues its statements and logs its lines.
fn carry_out(
    fx: Effects,
    sessions: &mut SessionServer,
    out: &mut MessageWriter<ToClients<ToApp>>,
    disconnect: &mut MessageWriter<DisconnectRequest>,
) {
    for (conn, message) in fx.out {
        if let Some(&client) = sessions.clients.get(&conn) {
            out.write(ToClients {
                targets: SendTargets::Single(ClientId::Client(client)),
                message: ToApp(protocol::encode(&message)),
            });
        }
    }
    for conn in fx.close {
        if let Some(&client) = sessions.clients.get(&conn) {
            disconnect.write(DisconnectRequest { client });
        }
    }
    sessions.statements.extend(fx.statements);
    for line in fx.log {
        info!("session: {line}");
    }
}

fn receive(
    mut messages: MessageReader<FromClient<ToServer>>,
    mut sessions: ResMut<SessionServer>,
    mut out: MessageWriter<ToClients<ToApp>>,
    mut disconnect: MessageWriter<DisconnectRequest>,
) {
    for FromClient { client_id, message } in messages.read() {
        let ClientId::Client(entity) = client_id else {
            continue;
        };
        let Some(&conn) = sessions.conns.get(entity) else {
            continue;
        };
        let fx = sessions.server.receive(conn, &message.0, now_ms());
        carry_out(fx, &mut sessions, &mut out, &mut disconnect);
    }
}

fn tick(
    time: Res<Time>,
    mut since: Local<f32>,
    mut sessions: ResMut<SessionServer>,
    mut out: MessageWriter<ToClients<ToApp>>,
    mut disconnect: MessageWriter<DisconnectRequest>,
) {
    *since += time.delta_secs();
    if *since < TICK_SECONDS {
        return;
    }
    *since = 0.0;
    let fx = sessions.server.tick(now_ms());
    carry_out(fx, &mut sessions, &mut out, &mut disconnect);
}

/// The app's side: what the server has said, newest last.
#[derive(Resource, Default, Debug)]
pub struct SessionClient {
    /// Every message received and not yet taken.
    pub inbox: Vec<ServerMessage>,
    /// Messages the server sent that could not be read (a newer server).
    pub unreadable: usize,
}

/// Keeps what the server says to this app in [`SessionClient`].
pub struct SessionClientPlugin;

impl Plugin for SessionClientPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<SessionClient>()
            .add_systems(PreUpdate, read_server.after(ClientSystems::Receive));
    }
}

fn read_server(mut messages: MessageReader<ToApp>, mut client: ResMut<SessionClient>) {
    for ToApp(bytes) in messages.read() {
        match rmp_serde::from_slice::<ServerMessage>(bytes) {
            Ok(message) => client.inbox.push(message),
            Err(error) => {
                client.unreadable += 1;
                warn!("session: a message from the server could not be read: {error}");
            }
        }
    }
}

/// Sends `message` to the server.
pub fn send(writer: &mut MessageWriter<ToServer>, message: &ClientMessage) {
    writer.write(ToServer(protocol::encode(message)));
}
