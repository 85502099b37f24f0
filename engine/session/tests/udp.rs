//! The session over real UDP sockets on loopback (renet's netcode): a teacher and two pupils
//! join, poses travel and play back smoothly, and a pupil whose Wi-Fi drops (the link goes
//! silent, the server is not told) comes back by itself as the same person, once.

use std::time::{Duration, Instant};

use bevy::prelude::*;
use retki_session::net::{
    PoseToServer, SessionClient, SessionServer, TokenIssuer, TokenSource, UdpClientPlugins,
    UdpServerPlugins, connect_udp, listen_udp, now_ms,
};
use retki_session::pose::{AvatarPose, Pose, pack};
use retki_session::protocol::{ClientMessage, Join, encode};

fn server() -> (App, std::net::SocketAddr) {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, UdpServerPlugins));
    app.finish();
    app.cleanup();
    let address = listen_udp(app.world_mut(), "127.0.0.1:0".parse().unwrap()).unwrap();
    (app, address)
}

fn client(address: std::net::SocketAddr, tokens: &TokenSource, join: Join) -> App {
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .insert_resource(SessionClient::joining(join))
        .add_plugins(UdpClientPlugins);
    app.finish();
    app.cleanup();
    connect_udp(app.world_mut(), address, tokens.clone());
    app
}

fn me(app: &App) -> Option<String> {
    app.world()
        .resource::<SessionClient>()
        .me
        .as_ref()
        .map(|me| me.id.clone())
}

/// Updates the server and `apps` until `done` holds, or fails after 10 s.
fn run_until(
    server: &mut App,
    apps: &mut [&mut App],
    what: &str,
    done: impl Fn(&App, &[&mut App]) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !done(server, apps) {
        assert!(Instant::now() < deadline, "waited 10 s for {what}");
        server.update();
        for app in apps.iter_mut() {
            app.update();
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

fn pose_at(x: f32) -> Vec<u8> {
    pack(&AvatarPose {
        head: Pose {
            position: [x, 1.6, 0.0],
            rotation: [0.0, 0.0, 0.0, 1.0],
        },
        left: None,
        right: None,
    })
    .unwrap()
}

#[test]
fn poses_travel_and_a_dropped_pupil_comes_back_once() {
    let (mut server, address) = server();
    let created = server
        .world_mut()
        .resource_mut::<SessionServer>()
        .create_session("https://koulu.example", "7B", "lunar", None);
    let tokens = server
        .world()
        .resource::<TokenIssuer>()
        .tokens_for(created.no);
    let mut teacher = client(
        address,
        &tokens,
        Join::Teacher {
            key: created.teacher_key.clone(),
        },
    );
    let pupil = |name: &str| {
        client(
            address,
            &tokens,
            Join::Code {
                code: created.code.clone(),
                pseudonym: name.into(),
            },
        )
    };
    let (mut aino, mut eetu) = (pupil("Aino"), pupil("Eetu"));
    run_until(
        &mut server,
        &mut [&mut teacher, &mut aino, &mut eetu],
        "everyone to be welcomed and to know the others",
        |_, apps| {
            apps.iter().all(|a| {
                let c = a.world().resource::<SessionClient>();
                c.me.is_some() && c.people.len() == 2
            })
        },
    );
    let aino_id = me(&aino).unwrap();

    // Aino walks along x at 30 Hz; Eetu's app plays her walk back.
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut next = Instant::now();
    let mut x = 0.0;
    let mut seen = Vec::new();
    loop {
        if Instant::now() >= next {
            x = f32::min(x + 0.1, 2.0);
            send_pose(&mut aino, x);
            next += Duration::from_millis(33);
        }
        for app in [&mut server, &mut teacher, &mut aino, &mut eetu] {
            app.update();
        }
        let eetu_sees = eetu
            .world()
            .resource::<SessionClient>()
            .people
            .values()
            .find(|p| p.id == aino_id)
            .and_then(|p| p.pose(now_ms()))
            .map(|pose| pose.head.position[0]);
        if let Some(at) = eetu_sees {
            seen.push(at);
            if at >= 2.0 - 1e-3 {
                break;
            }
        }
        assert!(Instant::now() < deadline, "Eetu saw Aino at {seen:?}");
        std::thread::sleep(Duration::from_millis(2));
    }
    // Smooth: many in-between places, never going back.
    seen.dedup();
    assert!(seen.len() > 20, "{seen:?}");
    assert!(seen.windows(2).all(|w| w[1] >= w[0] - 1e-3), "{seen:?}");

    // Wi-Fi drop: Aino's link goes silent for two seconds; nothing tells the server.
    aino.world_mut()
        .remove_resource::<bevy_replicon_renet::netcode::NetcodeClientTransport>();
    aino.world_mut()
        .remove_resource::<bevy_replicon_renet::RenetClient>();
    let silent = Instant::now() + Duration::from_secs(2);
    while Instant::now() < silent {
        server.update();
        teacher.update();
        eetu.update();
        std::thread::sleep(Duration::from_millis(5));
    }
    // Her app tries again by itself and resumes with its token.
    let welcomes_before = aino.world().resource::<SessionClient>().inbox.len();
    run_until(
        &mut server,
        &mut [&mut teacher, &mut aino, &mut eetu],
        "Aino to be welcomed back",
        |_, apps| {
            apps[1].world().resource::<SessionClient>().inbox[welcomes_before..]
                .iter()
                .any(|m| matches!(m, retki_session::server::ServerMessage::Welcome { .. }))
        },
    );
    assert_eq!(me(&aino).as_ref(), Some(&aino_id), "the same person");
    let roster = server
        .world()
        .resource::<SessionServer>()
        .server
        .roster(created.no);
    assert_eq!(roster.len(), 3, "{roster:?}");
    assert_eq!(
        roster
            .iter()
            .filter(|(id, _, on)| *id == aino_id && *on)
            .count(),
        1,
        "{roster:?}"
    );
    for app in [&teacher, &eetu] {
        let people = &app.world().resource::<SessionClient>().people;
        assert_eq!(people.values().filter(|p| p.id == aino_id).count(), 1);
        assert_eq!(people.len(), 2);
    }
    let statements = &server.world().resource::<SessionServer>().statements;
    let joins = statements
        .iter()
        .filter(|s| s["verb"]["id"] == "http://activitystrea.ms/schema/1.0/join")
        .count();
    assert_eq!(
        joins, 2,
        "two pupils joined (the teacher is not recorded); the resume is not a join"
    );
}

/// Sends a pose with the head at `x`.
fn send_pose(app: &mut App, x: f32) {
    app.world_mut()
        .write_message(PoseToServer(encode(&ClientMessage::Pose {
            time_ms: now_ms(),
            packed: pose_at(x),
        })));
}
