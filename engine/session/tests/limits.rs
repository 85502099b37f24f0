//! Everything a client can make the session server hold has a limit, a pupil acts only on
//! what the place has, and a name is a name once: driven message by message with a clock
//! the test holds.

use retki_session::protocol::{ClientMessage, Join, PROTOCOL_VERSION, encode};
use retki_session::server::{
    ASK_HOLDER_MS, ConnId, Created, DESIGN_REQUESTS_PER_MINUTE, Effects, JOIN_TIMEOUT_MS,
    MAX_HELD_PER_PERSON, MAX_TASKS_WITHOUT_PLAN, MAX_UNJOINED_PER_ADDRESS, Server, ServerMessage,
    SessionDesign, TOKENS_PER_MINUTE_PER_ADDRESS,
};

const SCHOOL: &str = "https://koivurinne.example";

fn hello(code: &str, name: &str) -> Vec<u8> {
    encode(&ClientMessage::Hello {
        version: PROTOCOL_VERSION,
        join: Join::Code {
            code: code.into(),
            pseudonym: name.into(),
        },
    })
}

fn welcomed(fx: &Effects, conn: ConnId) -> bool {
    matches!(fx.to(conn).first(), Some(ServerMessage::Welcome { .. }))
}

fn refused(fx: &Effects, conn: ConnId) -> Option<String> {
    fx.to(conn).iter().find_map(|m| match m {
        ServerMessage::Refused { reason } => Some(reason.clone()),
        _ => None,
    })
}

/// A pupil called `name` joins on connection `conn` (from an address of its own).
fn join(server: &mut Server, created: &Created, conn: ConnId, name: &str, now: u64) -> Effects {
    server.connect(conn, &format!("10.0.1.{conn}"), now);
    server.receive(conn, &hello(&created.code, name), now)
}

fn send(server: &mut Server, conn: ConnId, message: ClientMessage, now: u64) -> Effects {
    server.receive(conn, &encode(&message), now)
}

#[test]
fn a_name_is_taken_once_whatever_its_case_accents_or_separators() {
    let mut server = Server::default();
    let created = server.create_session(SCHOOL, "7B", "lunar", None, 0);
    assert!(welcomed(&join(&mut server, &created, 2, "Kettu 7", 10), 2));
    for (conn, name) in [(3, "Kettu 7"), (4, "kettu-7"), (5, "KETTU_7")] {
        let fx = join(&mut server, &created, conn, name, 20);
        let why = refused(&fx, conn).unwrap_or_else(|| panic!("a second {name:?} came in"));
        assert!(why.contains("already called \"Kettu 7\""), "{why}");
        assert!(fx.close.contains(&conn), "a refused join is closed");
    }
    for (conn, name) in [(6, "Opettaja"), (7, "Teacher 2"), (8, "lärare")] {
        let fx = join(&mut server, &created, conn, name, 30);
        let why = refused(&fx, conn).unwrap_or_else(|| panic!("a pupil took {name:?}"));
        assert!(why.contains("kept for the teacher"), "{why}");
    }
    // After a drop the name stays with its owner for the resume window, and says so.
    server.disconnect(2, 40);
    let fx = join(&mut server, &created, 9, "kettu 7", 50);
    assert!(
        refused(&fx, 9)
            .unwrap()
            .contains("keeps their place for a minute")
    );
    assert!(welcomed(&join(&mut server, &created, 10, "Äijä", 60), 10));
    assert!(refused(&join(&mut server, &created, 11, "Aija", 70), 11).is_some());
    server.check_invariants().unwrap();
}

#[test]
fn a_connection_that_does_not_join_is_closed_and_one_that_did_is_not() {
    let mut server = Server::default();
    let created = server.create_session(SCHOOL, "7B", "lunar", None, 0);
    server.connect(2, "10.0.1.2", 1_000);
    assert!(welcomed(&join(&mut server, &created, 3, "Kettu", 1_000), 3));
    assert!(server.tick(1_000 + JOIN_TIMEOUT_MS - 1).close.is_empty());
    let fx = server.tick(1_000 + JOIN_TIMEOUT_MS);
    assert_eq!(fx.close, vec![2], "only the silent one is closed");
    // Closed is closed: what it sends now is not read.
    let fx = server.receive(2, &hello(&created.code, "Ilves"), 12_000);
    assert!(fx.out.is_empty());
    server.check_invariants().unwrap();
}

#[test]
fn one_address_holds_a_few_connections_that_have_not_joined_and_this_machine_any_number() {
    let mut server = Server::default();
    for conn in 1..=MAX_UNJOINED_PER_ADDRESS as ConnId {
        assert!(server.connect(conn, "10.0.1.66", 0).close.is_empty());
    }
    let one_more = MAX_UNJOINED_PER_ADDRESS as ConnId + 1;
    assert_eq!(
        server.connect(one_more, "10.0.1.66", 0).close,
        vec![one_more]
    );
    // Another address is unaffected, and a closed connection frees its place.
    assert!(server.connect(100, "10.0.1.67", 0).close.is_empty());
    server.disconnect(1, 10);
    server.disconnect(one_more, 10);
    assert!(server.connect(101, "10.0.1.66", 20).close.is_empty());
    for conn in 200..240 {
        assert!(server.connect(conn, "127.0.0.1", 0).close.is_empty());
    }
}

#[test]
fn a_class_behind_one_address_all_joins() {
    let mut server = Server::default();
    let created = server.create_session(SCHOOL, "7B", "lunar", None, 0);
    for n in 0..40 {
        let conn = 1_000 + n;
        server.connect(conn, "192.0.2.7", 10);
        let fx = server.receive(conn, &hello(&created.code, &format!("Pupil {n}")), 10);
        assert!(welcomed(&fx, conn), "pupil {n}: {:?}", fx.to(conn));
    }
    server.check_invariants().unwrap();
}

#[test]
fn one_address_is_given_a_bounded_number_of_connect_tokens_a_minute() {
    let mut server = Server::default();
    let created = server.create_session(SCHOOL, "7B", "lunar", None, 0);
    let join = Join::Code {
        code: created.code.clone(),
        pseudonym: "Kettu".into(),
    };
    for _ in 0..TOKENS_PER_MINUTE_PER_ADDRESS {
        assert!(server.session_for(&join, "10.0.1.9", 1_000).is_ok());
    }
    let why = server.session_for(&join, "10.0.1.9", 2_000).unwrap_err();
    assert!(why.contains("wait a minute"), "{why}");
    assert!(server.session_for(&join, "10.0.1.10", 2_000).is_ok());
    assert!(server.session_for(&join, "127.0.0.1", 2_000).is_ok());
    assert!(server.session_for(&join, "10.0.1.9", 61_000).is_ok());
}

#[test]
fn a_pupil_holds_two_things_and_answers_a_bounded_number_of_tasks() {
    let mut server = Server::default();
    let created = server.create_session(SCHOOL, "7B", "lunar", None, 0);
    join(&mut server, &created, 2, "Kettu", 0);
    for object in 0..MAX_HELD_PER_PERSON as u32 {
        let fx = send(&mut server, 2, ClientMessage::Grab { object }, 10);
        assert!(refused(&fx, 2).is_none());
    }
    let fx = send(&mut server, 2, ClientMessage::Grab { object: 99 }, 20);
    assert!(refused(&fx, 2).unwrap().contains("let one go first"));
    send(&mut server, 2, ClientMessage::Release { object: 0 }, 30);
    let fx = send(&mut server, 2, ClientMessage::Grab { object: 99 }, 40);
    assert!(refused(&fx, 2).is_none(), "with a hand free it can");

    let answer = |task: usize| ClientMessage::Answer {
        task: format!("q{task}"),
        response: "42".into(),
    };
    for task in 0..MAX_TASKS_WITHOUT_PLAN {
        assert!(refused(&send(&mut server, 2, answer(task), 100), 2).is_none());
    }
    let fx = send(&mut server, 2, answer(MAX_TASKS_WITHOUT_PLAN), 200);
    assert!(
        refused(&fx, 2).unwrap().contains("answered"),
        "no plan: a cap"
    );
    let fx = send(&mut server, 2, answer(3), 300);
    assert!(
        refused(&fx, 2).is_none(),
        "a task answered before can be answered again"
    );
    server.check_invariants().unwrap();
}

#[test]
fn a_pupil_asks_the_design_for_a_bounded_number_of_changes_a_minute() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../assets")
        .join(retki_design::EXAMPLE_DESIGN);
    let loaded = retki_design::file::load(&path).unwrap();
    let mut server = Server::default();
    let design = SessionDesign {
        design: loaded.design,
        site_path: loaded.site_path,
    };
    let created = server.create_session(SCHOOL, "7B", "schoolyard", Some(design), 0);
    join(&mut server, &created, 2, "Kettu", 0);
    let undo = || ClientMessage::Design {
        request: retki_design::Request::Undo,
    };
    for n in 0..DESIGN_REQUESTS_PER_MINUTE {
        let why = refused(&send(&mut server, 2, undo(), 1_000 + u64::from(n)), 2);
        assert!(why.unwrap().contains("nothing of yours to undo"));
    }
    let why = refused(&send(&mut server, 2, undo(), 2_000), 2).unwrap();
    assert!(why.contains("changes a minute"), "{why}");
    let why = refused(&send(&mut server, 2, undo(), 61_000), 2).unwrap();
    assert!(
        why.contains("nothing of yours to undo"),
        "a new minute: {why}"
    );
}

#[test]
fn a_pupil_the_teacher_takes_out_cannot_come_back_with_their_token() {
    let mut server = Server::default();
    let created = server.create_session(SCHOOL, "7B", "lunar", None, 0);
    server.connect(1, "10.0.1.1", 0);
    let teacher = Join::Teacher {
        key: created.teacher_key.clone(),
    };
    let hello = |join| {
        encode(&ClientMessage::Hello {
            version: PROTOCOL_VERSION,
            join,
        })
    };
    assert!(welcomed(&server.receive(1, &hello(teacher), 0), 1));
    let fx = join(&mut server, &created, 2, "Kettu 7", 10);
    let Some(ServerMessage::Welcome { you, token, .. }) = fx.to(2).first().cloned().cloned() else {
        panic!("Kettu was not welcomed");
    };
    let kick = ClientMessage::Teacher {
        command: retki_session::protocol::TeacherCommand::Kick { pupil: you.clone() },
    };
    // A pupil cannot take anyone out, not even themselves.
    assert!(refused(&send(&mut server, 2, kick.clone(), 20), 2).is_some());
    let fx = send(&mut server, 1, kick, 30);
    assert!(fx.close.contains(&2), "the pupil's connection is closed");
    assert!(fx.to(1).contains(&&ServerMessage::Left { id: you }));
    server.disconnect(2, 40);
    server.connect(3, "10.0.1.2", 50);
    let fx = server.receive(3, &hello(Join::Resume { token }), 50);
    assert!(refused(&fx, 3).is_some(), "the old token opens nothing");
    server.check_invariants().unwrap();
}

fn resume(token: &str) -> Vec<u8> {
    encode(&ClientMessage::Hello {
        version: PROTOCOL_VERSION,
        join: Join::Resume {
            token: token.into(),
        },
    })
}

/// The resume token a welcome on `conn` carries.
fn token_of(fx: &Effects, conn: ConnId) -> String {
    match fx.to(conn).first() {
        Some(ServerMessage::Welcome { token, .. }) => token.clone(),
        other => panic!("connection {conn} was not welcomed: {other:?}"),
    }
}

#[test]
fn coming_back_uses_up_the_resume_token_and_a_copied_one_opens_nothing() {
    let mut server = Server::default();
    let created = server.create_session(SCHOOL, "7B", "lunar", None, 0);
    let first = token_of(&join(&mut server, &created, 2, "Kettu", 10), 2);
    server.disconnect(2, 100);
    server.connect(3, "10.0.1.3", 200);
    let second = token_of(&server.receive(3, &resume(&first), 200), 3);
    assert_ne!(first, second, "a new token with every welcome back");
    server.disconnect(3, 300);
    server.connect(4, "10.0.1.4", 400);
    let fx = server.receive(4, &resume(&first), 400);
    assert!(refused(&fx, 4).is_some(), "the used token still worked");
    assert!(fx.close.contains(&4));
    server.connect(5, "10.0.1.5", 500);
    assert!(welcomed(&server.receive(5, &resume(&second), 500), 5));
    server.check_invariants().unwrap();
}

#[test]
fn a_live_connection_is_asked_before_anyone_takes_its_seat() {
    let mut server = Server::default();
    let created = server.create_session(SCHOOL, "7B", "lunar", None, 0);
    let token = token_of(&join(&mut server, &created, 2, "Kettu", 10), 2);

    // Someone else comes with Kettu's token while Kettu is there: Kettu is asked, answers,
    // keeps the seat, and the newcomer is closed.
    server.connect(3, "10.0.1.3", 1_000);
    let fx = server.receive(3, &resume(&token), 1_000);
    assert_eq!(fx.to(2), [&ServerMessage::AreYouThere]);
    assert!(fx.to(3).is_empty(), "the newcomer waits: {:?}", fx.to(3));
    server.check_invariants().unwrap();
    send(&mut server, 2, ClientMessage::Here, 1_200);
    let fx = server.tick(2_000);
    assert!(fx.close.contains(&3), "the newcomer took a live seat");
    assert!(!fx.close.contains(&2));
    match fx.to(3).last() {
        Some(ServerMessage::Closed { reason }) => assert!(reason.contains("another device")),
        other => panic!("{other:?}"),
    }
    server.check_invariants().unwrap();

    // Kettu's Wi-Fi drops without the transport noticing; the app comes back: the old
    // connection is asked, stays silent, and the seat passes to the new one.
    server.connect(4, "10.0.1.4", 5_000);
    let fx = server.receive(4, &resume(&token), 5_000);
    assert_eq!(fx.to(2), [&ServerMessage::AreYouThere]);
    let fx = server.tick(5_000 + ASK_HOLDER_MS - 1);
    assert!(
        fx.close.is_empty(),
        "decided before the holder's time was up"
    );
    let fx = server.tick(5_000 + ASK_HOLDER_MS);
    assert!(fx.close.contains(&2), "the silent holder keeps the seat");
    assert!(welcomed(&fx, 4), "{:?}", fx.to(4));
    server.check_invariants().unwrap();
}

#[test]
fn a_connection_made_for_one_session_joins_no_other() {
    let mut server = Server::default();
    let seventh = server.create_session(SCHOOL, "7B", "lunar", None, 0);
    let eighth = server.create_session(SCHOOL, "8A", "seabed", None, 0);
    server.connect(2, "10.0.1.2", 10);
    server.bind(2, seventh.no);
    let fx = server.receive(2, &hello(&eighth.code, "Kettu"), 10);
    let why = refused(&fx, 2).expect("a token for 7B opened 8A");
    assert!(why.contains("another session"), "{why}");
    server.connect(3, "10.0.1.3", 20);
    server.bind(3, seventh.no);
    assert!(welcomed(
        &server.receive(3, &hello(&seventh.code, "Kettu"), 20),
        3
    ));
    server.check_invariants().unwrap();
}

#[test]
fn a_pupil_opens_only_the_points_of_interest_of_the_place() {
    let mut server = Server::default();
    let lunar = ["lunar_module", "crater_rim"].map(String::from).into();
    server.set_points_of_interest([("lunar".to_owned(), lunar)].into());
    let created = server.create_session(SCHOOL, "7B", "lunar", None, 0);
    assert!(welcomed(&join(&mut server, &created, 2, "Kettu 7", 10), 2));
    let open = |id: &str| ClientMessage::OpenPoi { id: id.into() };
    let fx = send(&mut server, 2, open("crater_rim"), 20);
    assert!(refused(&fx, 2).is_none());
    assert_eq!(fx.statements.len(), 1);
    for (n, unknown) in ["wreck", "x".repeat(64).as_str()].iter().enumerate() {
        let fx = send(&mut server, 2, open(unknown), 30 + n as u64);
        let why = refused(&fx, 2).unwrap_or_else(|| panic!("{unknown} was opened"));
        assert!(why.contains("no point of interest"), "{why}");
        assert!(fx.statements.is_empty(), "nothing is recorded");
    }
}
