//! A class session over real UDP on loopback: a server, a teacher and two pupils in one
//! process. The pupils join with the session's code, the teacher takes the class from the
//! lunar surface to the seabed, and the example exits once both pupils' apps are there.
//!
//! Run: `cargo run --example class_session`

use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use bevy::prelude::*;
use retki_session::net::{
    SessionClient, SessionServer, ToServer, TokenIssuer, TokenSource, UdpClientPlugins,
    UdpServerPlugins, connect_udp, listen_udp,
};
use retki_session::protocol::{ClientMessage, Join, TeacherCommand, encode};

/// How long the class may take to join and to move, seconds.
const PATIENCE_S: u64 = 10;

fn main() -> ExitCode {
    let mut server = App::new();
    server.add_plugins((MinimalPlugins, UdpServerPlugins));
    server.finish();
    server.cleanup();
    let address = listen_udp(server.world_mut(), "127.0.0.1:0".parse().unwrap())
        .expect("a UDP port on loopback");
    let session = server
        .world_mut()
        .resource_mut::<SessionServer>()
        .create_session("http://127.0.0.1", "7B", "lunar", None);
    // The server hands out connect tokens over HTTP in `retki serve`; here it is in this
    // process, so its issuer hands them straight to the apps.
    let tokens = server
        .world()
        .resource::<TokenIssuer>()
        .tokens_for(session.no);
    println!(
        "session for class 7B at udp://{address}, join code {}",
        session.code
    );

    let mut teacher = client(
        address,
        &tokens,
        Join::Teacher {
            key: session.teacher_key.clone(),
        },
    );
    let pupil = |pseudonym: &str| {
        client(
            address,
            &tokens,
            Join::Code {
                code: session.code.clone(),
                pseudonym: pseudonym.into(),
            },
        )
    };
    let mut class = [pupil("Aino"), pupil("Eetu")];

    let everyone_in = |apps: &[App]| {
        apps.iter()
            .all(|a| a.world().resource::<SessionClient>().me.is_some())
    };
    if !run_until(&mut server, &mut teacher, &mut class, everyone_in) {
        eprintln!("the class did not join within {PATIENCE_S} s");
        return ExitCode::FAILURE;
    }
    println!("the teacher and two pupils are in the lunar surface");

    let next = ClientMessage::Teacher {
        command: TeacherCommand::LoadStep {
            scene: "seabed".into(),
            step: 1,
        },
    };
    teacher.world_mut().write_message(ToServer(encode(&next)));
    let at_the_seabed = |apps: &[App]| {
        apps.iter().all(|a| {
            let step = &a.world().resource::<SessionClient>().step;
            step.as_ref()
                .is_some_and(|(scene, n)| scene == "seabed" && *n == 1)
        })
    };
    if !run_until(&mut server, &mut teacher, &mut class, at_the_seabed) {
        eprintln!("the pupils did not follow the teacher within {PATIENCE_S} s");
        return ExitCode::FAILURE;
    }
    println!("both pupils followed the teacher to the seabed (step 1)");
    ExitCode::SUCCESS
}

/// An app that joins the session at `address` as `join` says.
fn client(address: SocketAddr, tokens: &TokenSource, join: Join) -> App {
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .insert_resource(SessionClient::joining(join))
        .add_plugins(UdpClientPlugins);
    app.finish();
    app.cleanup();
    connect_udp(app.world_mut(), address, tokens.clone());
    app
}

/// Runs every app until `done` holds for the pupils' apps; false if it never does.
fn run_until(
    server: &mut App,
    teacher: &mut App,
    pupils: &mut [App],
    done: impl Fn(&[App]) -> bool,
) -> bool {
    let deadline = Instant::now() + Duration::from_secs(PATIENCE_S);
    while !done(pupils) {
        if Instant::now() > deadline {
            return false;
        }
        server.update();
        teacher.update();
        for pupil in pupils.iter_mut() {
            pupil.update();
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    true
}
