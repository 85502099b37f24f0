//! The session over bevy_replicon's in-process transport: a teacher and three pupils join,
//! a pupil's teacher command is refused, a Wi-Fi drop resumes the same pupil with no second
//! copy, and the teacher's step reaches everyone.

use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use bevy_replicon::prelude::*;
use bevy_replicon::test_app::ServerTestAppExt;
use retki_session::net::{
    SessionClient, SessionClientPlugin, SessionServer, SessionServerPlugin, ToServer, WirePlugin,
};
use retki_session::protocol::{ClientMessage, Join, PROTOCOL_VERSION, TeacherCommand, encode};
use retki_session::server::ServerMessage;

fn app(server: bool) -> App {
    let mut app = App::new();
    app.add_plugins((
        MinimalPlugins,
        StatesPlugin,
        RepliconPlugins.set(ServerPlugin::new(PostUpdate)),
        WirePlugin,
    ));
    if server {
        app.add_plugins(SessionServerPlugin);
    } else {
        app.add_plugins(SessionClientPlugin);
    }
    app.finish();
    app
}

/// Sends `message` from `client` and lets both apps run until the answer is back.
fn say(server: &mut App, client: &mut App, message: &ClientMessage) {
    client.world_mut().write_message(ToServer(encode(message)));
    client.update();
    server.exchange_with_client(client);
    server.update();
    server.exchange_with_client(client);
    client.update();
}

fn take(client: &mut App) -> Vec<ServerMessage> {
    std::mem::take(&mut client.world_mut().resource_mut::<SessionClient>().inbox)
}

fn hello(join: Join) -> ClientMessage {
    ClientMessage::Hello {
        version: PROTOCOL_VERSION,
        join,
    }
}

#[test]
fn a_class_joins_is_guided_and_survives_a_wifi_drop() {
    let mut server = app(true);
    let created = server
        .world_mut()
        .resource_mut::<SessionServer>()
        .create_session("https://koulu.example", "7B", "lunar", None);

    let mut teacher = app(false);
    server.connect_client(&mut teacher);
    say(
        &mut server,
        &mut teacher,
        &hello(Join::Teacher {
            key: created.teacher_key.clone(),
        }),
    );
    assert!(matches!(
        take(&mut teacher)[..],
        [ServerMessage::Welcome { .. }]
    ));

    let mut pupils: Vec<App> = (0..3).map(|_| app(false)).collect();
    let mut ids = Vec::new();
    let mut tokens = Vec::new();
    for (n, pupil) in pupils.iter_mut().enumerate() {
        server.connect_client(pupil);
        let join = Join::Code {
            code: created.code.clone(),
            pseudonym: format!("Oppilas {n}"),
        };
        say(&mut server, pupil, &hello(join));
        match &take(pupil)[0] {
            ServerMessage::Welcome { you, token, .. } => {
                ids.push(you.clone());
                tokens.push(token.clone());
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(
        server
            .world()
            .resource::<SessionServer>()
            .server
            .roster(created.no)
            .len(),
        4
    );

    // A pupil's teacher command is refused.
    let gather = ClientMessage::Teacher {
        command: TeacherCommand::Gather,
    };
    say(&mut server, &mut pupils[0], &gather);
    let got = take(&mut pupils[0]);
    assert!(
        got.contains(&ServerMessage::Refused {
            reason: "only the teacher may gather".into()
        }),
        "{got:?}"
    );
    assert!(
        !got.iter()
            .any(|m| matches!(m, ServerMessage::Gather { .. }))
    );

    // A Wi-Fi drop: the transport loses the client, it comes back and resumes.
    server.disconnect_client(&mut pupils[1]);
    let roster = server
        .world()
        .resource::<SessionServer>()
        .server
        .roster(created.no);
    assert!(
        roster.iter().any(|(id, _, on)| *id == ids[1] && !on),
        "{roster:?}"
    );
    server.connect_client(&mut pupils[1]);
    say(
        &mut server,
        &mut pupils[1],
        &hello(Join::Resume {
            token: tokens[1].clone(),
        }),
    );
    match &take(&mut pupils[1])[..] {
        [ServerMessage::Welcome { you, .. }, ..] => assert_eq!(you, &ids[1]),
        other => panic!("{other:?}"),
    }
    let roster = server
        .world()
        .resource::<SessionServer>()
        .server
        .roster(created.no);
    assert_eq!(roster.len(), 4, "no second copy: {roster:?}");
    assert_eq!(roster.iter().filter(|(id, _, _)| *id == ids[1]).count(), 1);

    // The teacher's step reaches every pupil.
    let step = ClientMessage::Teacher {
        command: TeacherCommand::LoadStep {
            scene: "seabed".into(),
            step: 1,
        },
    };
    say(&mut server, &mut teacher, &step);
    for pupil in &mut pupils {
        server.exchange_with_client(pupil);
        pupil.update();
        let got = take(pupil);
        assert!(
            got.contains(&ServerMessage::Step {
                scene: "seabed".into(),
                step: 1
            }),
            "{got:?}"
        );
    }
    let statements = &server.world().resource::<SessionServer>().statements;
    assert_eq!(
        statements.len(),
        3,
        "three pupils joined; the resume is not a join"
    );
}
