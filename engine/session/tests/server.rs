//! The session server's rules, driven message by message with a clock the test holds: joins
//! and identity, the teacher's commands and a pupil's attempts at them, drops and resumes,
//! bad input and floods, held objects, the design's order, and the statements it records,
//! which the portfolio store accepts.

use retki_session::pose::unpack_frame;
use retki_session::protocol::{ClientMessage, Join, PROTOCOL_VERSION, TeacherCommand, encode};
use retki_session::server::{ConnId, RESUME_WINDOW_MS, Server, ServerMessage};
use serde_json::Value;

const SCHOOL: &str = "https://koivurinne.example";

fn hello(join: Join) -> Vec<u8> {
    encode(&ClientMessage::Hello {
        version: PROTOCOL_VERSION,
        join,
    })
}

/// A server with a session, its teacher on connection 1.
fn class() -> (Server, retki_session::server::Created) {
    let mut server = Server::default();
    let created = server.create_session(SCHOOL, "7B", "lunar", None, 0);
    server.connect(1, "10.0.0.1", 0);
    let fx = server.receive(
        1,
        &hello(Join::Teacher {
            key: created.teacher_key.clone(),
        }),
        10,
    );
    assert!(matches!(
        fx.to(1)[0],
        ServerMessage::Welcome {
            role: retki_session::protocol::Role::Teacher,
            ..
        }
    ));
    (server, created)
}

/// Joins a pupil on `conn`; returns their id and token.
fn join(server: &mut Server, code: &str, conn: ConnId, name: &str, now: u64) -> (String, String) {
    server.connect(conn, &format!("10.0.0.{conn}"), 0);
    let fx = server.receive(
        conn,
        &hello(Join::Code {
            code: code.into(),
            pseudonym: name.into(),
        }),
        now,
    );
    match fx.to(conn).first() {
        Some(ServerMessage::Welcome { you, token, .. }) => (you.clone(), token.clone()),
        other => panic!("{name} was not welcomed: {other:?}"),
    }
}

#[test]
fn pupils_join_with_the_code_and_the_server_gives_their_identity() {
    let (mut server, created) = class();
    let (kettu, _) = join(&mut server, &created.code, 2, "Kettu", 100);
    assert!(
        kettu.starts_with("p-") && !kettu.contains("Kettu"),
        "{kettu}"
    );
    let (ilves, _) = join(&mut server, &created.code.to_lowercase(), 3, "Ilves", 200);
    assert_ne!(kettu, ilves);
    let roster = server.roster(created.no);
    assert_eq!(roster.len(), 3);
    assert!(
        roster
            .iter()
            .any(|(id, name, on)| *id == kettu && name == "Kettu" && *on)
    );
}

#[test]
fn a_pupil_is_one_learner_in_every_session_of_their_class() {
    let key = b"the store's learner key";
    let mut server = Server::default();
    server.set_learner_key(key);
    let monday = server.create_session(SCHOOL, "7B", "lunar", None, 0);
    let friday = server.create_session(SCHOOL, "7B", "seabed", None, 0);
    let other_class = server.create_session(SCHOOL, "8A", "lunar", None, 0);
    let (first, _) = join(&mut server, &monday.code, 2, "Kettu 7", 100);
    let (again, _) = join(&mut server, &friday.code, 3, "kettu-7", 200);
    assert_eq!(first, again, "the same name in the same class");
    assert_eq!(
        first,
        retki_portfolio::pseudonym::learner_id(key, "7B", "Kettu 7"),
        "the id `retki portfolio learner` gives"
    );
    let (elsewhere, _) = join(&mut server, &other_class.code, 4, "Kettu 7", 300);
    assert_ne!(first, elsewhere, "another class");
    let (other_name, _) = join(&mut server, &friday.code, 5, "Kettu 8", 400);
    assert_ne!(first, other_name);

    // The statements of both sessions name the same learner.
    let statements = open_a_poi(&mut server, &[2, 3]);
    for statement in &statements {
        assert_eq!(statement["actor"]["account"]["name"], first.as_str());
    }
    let sessions: std::collections::HashSet<&str> = statements
        .iter()
        .filter_map(|s| s["context"]["registration"].as_str())
        .collect();
    assert_eq!(sessions.len(), 2, "{statements:?}");
}

/// Has the pupil on each connection open a point of interest in their session; returns the
/// statements recorded.
fn open_a_poi(server: &mut Server, conns: &[ConnId]) -> Vec<Value> {
    let mut statements = Vec::new();
    for (n, conn) in conns.iter().enumerate() {
        let fx = server.receive(
            *conn,
            &encode(&ClientMessage::OpenPoi {
                id: "crater_rim".into(),
            }),
            1_000 + n as u64,
        );
        statements.extend(fx.statements);
    }
    statements
}

#[test]
fn a_pupil_cannot_run_any_teacher_command() {
    let (mut server, created) = class();
    let (kettu, _) = join(&mut server, &created.code, 2, "Kettu", 100);
    for command in TeacherCommand::every_kind() {
        let name = command.name();
        let fx = server.receive(2, &encode(&ClientMessage::Teacher { command }), 1_000);
        assert_eq!(
            fx.to(2),
            [&ServerMessage::Refused {
                reason: format!("only the teacher may {name}")
            }]
        );
        assert!(fx.to(1).is_empty(), "{name} reached the teacher");
        assert!(
            fx.log
                .iter()
                .any(|l| l.contains(&kettu) && l.contains("Kettu") && l.contains(name)),
            "{:?}",
            fx.log
        );
    }
    assert_eq!(server.step(created.no), Some(("lunar".into(), 0)));
    assert_eq!(
        server.roster(created.no).len(),
        2,
        "the session did not end"
    );
}

#[test]
fn the_teacher_guides_the_class() {
    let (mut server, created) = class();
    let (kettu, _) = join(&mut server, &created.code, 2, "Kettu", 100);
    let step = ClientMessage::Teacher {
        command: TeacherCommand::LoadStep {
            scene: "seabed".into(),
            step: 2,
        },
    };
    let fx = server.receive(1, &encode(&step), 1_000);
    let want = ServerMessage::Step {
        scene: "seabed".into(),
        step: 2,
    };
    assert_eq!(fx.to(2), [&want]);
    assert_eq!(server.step(created.no), Some(("seabed".into(), 2)));

    let freeze = ClientMessage::Teacher {
        command: TeacherCommand::Freeze { pupil: None },
    };
    let fx = server.receive(1, &encode(&freeze), 1_100);
    assert_eq!(fx.to(2), [&ServerMessage::Frozen { on: true }]);
    // Frozen: acting is refused, but the view (poses) goes on.
    let fx = server.receive(
        2,
        &encode(&ClientMessage::OpenPoi { id: "wreck".into() }),
        1_200,
    );
    assert!(matches!(fx.to(2)[0], ServerMessage::Refused { .. }));
    assert!(fx.statements.is_empty());

    let mute = ClientMessage::Teacher {
        command: TeacherCommand::Mute {
            pupil: "p-nobody".into(),
        },
    };
    let fx = server.receive(1, &encode(&mute), 1_300);
    assert_eq!(
        fx.to(1),
        [&ServerMessage::Refused {
            reason: "no pupil p-nobody in this session".into()
        }]
    );
    let mute = ClientMessage::Teacher {
        command: TeacherCommand::Mute { pupil: kettu },
    };
    let fx = server.receive(1, &encode(&mute), 1_400);
    assert_eq!(fx.to(2), [&ServerMessage::Muted { on: true }]);
}

#[test]
fn a_wifi_drop_under_a_minute_resumes_the_same_pupil_once() {
    let (mut server, created) = class();
    let (kettu, token) = join(&mut server, &created.code, 2, "Kettu", 100);
    let freeze = ClientMessage::Teacher {
        command: TeacherCommand::Freeze {
            pupil: Some(kettu.clone()),
        },
    };
    server.receive(1, &encode(&freeze), 200);
    server.disconnect(2, 1_000);
    assert!(
        server
            .tick(1_000 + RESUME_WINDOW_MS - 1)
            .statements
            .is_empty()
    );
    assert_eq!(
        server
            .roster(created.no)
            .iter()
            .filter(|r| r.0 == kettu)
            .count(),
        1
    );

    // Back on a new connection with the token: the same pupil, still frozen, no new join.
    server.connect(7, "10.0.0.2", 0);
    let fx = server.receive(
        7,
        &hello(Join::Resume {
            token: token.clone(),
        }),
        50_000,
    );
    match fx.to(7)[0] {
        ServerMessage::Welcome { you, frozen, .. } => {
            assert_eq!(you, &kettu);
            assert!(frozen);
        }
        other => panic!("{other:?}"),
    }
    assert!(fx.statements.is_empty(), "a resume is not a second join");
    // The teacher hears that Kettu is back: the same id in the same slot, not a second pupil.
    match fx.to(1)[..] {
        [ServerMessage::Joined { id, .. }] => assert_eq!(id, &kettu),
        ref other => panic!("{other:?}"),
    }
    let roster = server.roster(created.no);
    assert_eq!(roster.iter().filter(|r| r.0 == kettu).count(), 1);
    assert!(roster.iter().any(|r| r.0 == kettu && r.2));

    // Away longer than the window: they leave, and the token no longer works.
    server.disconnect(7, 60_000);
    let fx = server.tick(60_000 + RESUME_WINDOW_MS);
    assert_eq!(fx.statements.len(), 1);
    assert_eq!(fx.statements[0]["verb"]["display"]["en-US"], "left");
    assert_eq!(fx.to(1), [&ServerMessage::Left { id: kettu }]);
    server.connect(8, "10.0.0.2", 0);
    let fx = server.receive(8, &hello(Join::Resume { token }), 200_000);
    assert!(matches!(fx.to(8)[0], ServerMessage::Refused { .. }));
}

#[test]
fn bad_input_is_refused_and_named_and_the_others_are_still_served() {
    let (mut server, created) = class();
    join(&mut server, &created.code, 2, "Kettu", 100);
    server.connect(9, "10.0.0.99", 0);
    for (bytes, says) in [
        (vec![0xc1, 0x00], "not a Retki message"),
        (vec![0; 5_000], "over the 4096-byte limit"),
        (
            encode(&ClientMessage::Hello {
                version: 99,
                join: Join::Resume { token: "x".into() },
            }),
            "protocol version 99",
        ),
        (encode(&ClientMessage::Bye), "join first"),
        // A refused join is the last thing a connection hears: it is closed.
        (
            hello(Join::Code {
                code: "ZZZZZZ".into(),
                pseudonym: "Susi".into(),
            }),
            "no class has this code",
        ),
    ] {
        let fx = server.receive(9, &bytes, 500);
        let reason = match fx.to(9)[..] {
            [ServerMessage::Refused { reason }] => reason.clone(),
            [
                ServerMessage::Refused { reason },
                ServerMessage::Closed { .. },
            ] if says == "no class has this code" => reason.clone(),
            ref other => panic!("{says}: {other:?}"),
        };
        let line = fx.log.join("\n");
        assert!(
            reason.contains(says) || line.contains(says),
            "{says}: {reason} / {line}"
        );
        assert!(line.contains("connection 9 (10.0.0.99)"), "{says}: {line}");
    }
    // Kettu is still served.
    let fx = server.receive(
        2,
        &encode(&ClientMessage::OpenPoi {
            id: "gravity".into(),
        }),
        600,
    );
    assert_eq!(fx.statements.len(), 1);
}

#[test]
fn a_flood_is_cut_off_and_then_closed() {
    let (mut server, created) = class();
    join(&mut server, &created.code, 2, "Kettu", 0);
    let poi = encode(&ClientMessage::OpenPoi {
        id: "gravity".into(),
    });
    let mut recorded = 0;
    let mut closed = false;
    for second in 0..5u64 {
        for n in 0..400u64 {
            let fx = server.receive(2, &poi, 1_000 * (second + 1) + n);
            recorded += fx.statements.len();
            closed |= fx.close.contains(&2);
        }
    }
    assert!(
        recorded <= 5 * 120,
        "{recorded} actions recorded from a flood"
    );
    assert!(closed, "a connection flooding for seconds is closed");
}

#[test]
fn an_object_has_one_holder_at_a_time() {
    let (mut server, created) = class();
    let (kettu, _) = join(&mut server, &created.code, 2, "Kettu", 0);
    join(&mut server, &created.code, 3, "Ilves", 0);
    let fx = server.receive(2, &encode(&ClientMessage::Grab { object: 4 }), 10);
    assert!(fx.to(3).contains(&&ServerMessage::Held {
        object: 4,
        by: Some(kettu.clone())
    }));
    let fx = server.receive(3, &encode(&ClientMessage::Grab { object: 4 }), 20);
    assert!(matches!(fx.to(3)[..], [ServerMessage::Refused { .. }]));
    server.receive(2, &encode(&ClientMessage::Release { object: 4 }), 30);
    let fx = server.receive(3, &encode(&ClientMessage::Grab { object: 4 }), 40);
    assert_eq!(fx.statements.len(), 1);
}

#[tokio::test]
async fn every_statement_a_session_records_is_one_the_store_accepts() {
    let (mut server, created) = class();
    let mut statements: Vec<Value> = Vec::new();
    let (kettu, _) = join(&mut server, &created.code, 2, "Kettu", 100);
    for message in [
        ClientMessage::OpenPoi {
            id: "gravity".into(),
        },
        ClientMessage::Grab { object: 1 },
        ClientMessage::Answer {
            task: "q1".into(),
            response: "1,62 m/s²".into(),
        },
        ClientMessage::Bye,
    ] {
        statements.extend(server.receive(2, &encode(&message), 1_000).statements);
    }
    assert_eq!(
        statements.len(),
        4,
        "experienced, interacted, answered, left"
    );
    for s in &statements {
        assert_eq!(s["actor"]["account"]["name"], kettu.as_str());
        assert_eq!(s["context"]["registration"], created.id.as_str());
        assert_eq!(s["context"]["team"]["account"]["name"], "class-7B");
    }
    assert_eq!(statements[2]["result"]["response"], "1,62 m/s²");

    let dir = std::env::temp_dir().join(format!("retki-session-store-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let store =
        retki_portfolio::store::Store::open(&format!("sqlite://{}", dir.join("s.db").display()))
            .await
            .unwrap();
    let outbox = retki_session::outbox::Outbox::open(&dir.join("outbox.db"))
        .await
        .unwrap();
    for s in &statements {
        outbox.push(s).await.unwrap();
    }
    let authority = serde_json::json!({"objectType": "Agent", "account": {"homePage": SCHOOL, "name": "retki"}});
    assert_eq!(outbox.deliver(&store, &authority, 50).await.unwrap(), 4);
    assert!(outbox.rejected().await.unwrap().is_empty());
    assert_eq!(store.count().await.unwrap(), 4);
}

#[test]
fn each_participant_sees_everyone_elses_latest_pose() {
    use retki_session::pose::{AvatarPose, Pose, pack, unpack};
    let (mut server, created) = class();
    join(&mut server, &created.code, 2, "Kettu", 0);
    join(&mut server, &created.code, 3, "Ilves", 0);
    let at = |x: f32| AvatarPose {
        head: Pose {
            position: [x, 1.6, 0.0],
            rotation: [0.0, 0.0, 0.0, 1.0],
        },
        left: None,
        right: None,
    };
    for (conn, x, t) in [(2, 1.0, 100), (3, 2.0, 100), (2, 1.5, 133)] {
        let message = ClientMessage::Pose {
            time_ms: t,
            packed: pack(&at(x)).unwrap(),
        };
        server.receive(conn, &encode(&message), t);
    }
    let frames = server.pose_round();
    let seen_by = |conn: ConnId| {
        let frame = &frames.iter().find(|(c, _)| *c == conn).unwrap().1;
        unpack_frame(frame).unwrap()
    };
    // The teacher sees both pupils; each pupil sees the other (the teacher sent no pose).
    assert_eq!(seen_by(1).len(), 2);
    let ilves_sees = seen_by(3);
    assert_eq!(ilves_sees.len(), 1);
    assert_eq!(ilves_sees[0].stamp, 133);
    assert_eq!(unpack(&ilves_sees[0].packed).unwrap().head.position[0], 1.5);
    // Nothing new, nothing sent; a late (older) pose is not taken.
    assert!(server.pose_round().is_empty());
    let late = ClientMessage::Pose {
        time_ms: 120,
        packed: pack(&at(9.0)).unwrap(),
    };
    server.receive(2, &encode(&late), 140);
    assert!(server.pose_round().is_empty());
}

/// Pupils on connections 10, 11, … standing in a row a metre apart send a pose each for
/// `rounds` rounds of the server; returns how many poses each connection was sent.
fn poses_in_a_row(
    server: &mut Server,
    pupils: u64,
    rounds: u64,
) -> std::collections::HashMap<ConnId, usize> {
    use retki_session::pose::{AvatarPose, Pose, pack};
    let mut counts = std::collections::HashMap::new();
    for frame in 1..=rounds {
        for n in 0..pupils {
            let pose = AvatarPose {
                head: Pose {
                    position: [n as f32, 1.6, 0.0],
                    rotation: [0.0, 0.0, 0.0, 1.0],
                },
                left: None,
                right: None,
            };
            let message = ClientMessage::Pose {
                time_ms: frame * 33,
                packed: pack(&pose).unwrap(),
            };
            server.receive(10 + n, &encode(&message), frame * 33);
        }
        for (conn, bytes) in server.pose_round() {
            *counts.entry(conn).or_default() += unpack_frame(&bytes).unwrap().len();
        }
    }
    counts
}

#[test]
fn in_a_full_class_far_avatars_arrive_at_a_third_of_the_rate() {
    use retki_session::server::{FAR_EVERY, NEAR_AVATARS};
    let (mut server, created) = class();
    // 35 pupils in a row, a metre apart.
    for n in 0..35u64 {
        join(
            &mut server,
            &created.code,
            10 + n,
            &format!("Oppilas{n}"),
            0,
        );
    }
    let counts = poses_in_a_row(&mut server, 35, 3 * u64::from(FAR_EVERY));
    let rounds = 3 * FAR_EVERY as usize;
    // The teacher: all 35 every round. A pupil: the 12 nearest every round, the other 22 in
    // one round of three.
    assert_eq!(counts[&1], 35 * rounds);
    assert_eq!(
        counts[&10],
        NEAR_AVATARS * rounds + (34 - NEAR_AVATARS) * rounds / 3
    );
}

#[test]
fn a_session_opened_as_large_seats_two_classes_and_sends_far_avatars_less_often() {
    use retki_session::server::{
        MAX_PARTICIPANTS, MAX_PARTICIPANTS_LARGE, NEAR_AVATARS, far_every,
    };
    let (mut server, created) = class();
    let pupil = |n: u64| (10 + n, format!("Oppilas{n}"));
    // The teacher and 63 pupils fill an ordinary session; the 64th pupil is refused.
    for n in 0..(MAX_PARTICIPANTS as u64 - 1) {
        let (conn, name) = pupil(n);
        join(&mut server, &created.code, conn, &name, 0);
    }
    let (conn, name) = pupil(63);
    server.connect(conn, "10.0.1.1", 0);
    let fx = server.receive(
        conn,
        &hello(Join::Code {
            code: created.code.clone(),
            pseudonym: name.clone(),
        }),
        0,
    );
    match fx.to(conn).first() {
        Some(ServerMessage::Refused { reason }) => {
            assert!(reason.contains("full (64 people)"), "{reason}");
        }
        other => panic!("the 64th pupil was not refused: {other:?}"),
    }
    // Opened as large, the session takes them, up to 96 people.
    assert!(server.set_large(created.no, true));
    for n in 63..(MAX_PARTICIPANTS_LARGE as u64 - 1) {
        let (conn, name) = pupil(n);
        join(&mut server, &created.code, conn, &name, 0);
    }
    assert_eq!(server.seats(created.no), Some((96, 96)));
    let board = server.dashboard(created.no, 0).unwrap();
    assert!(board.large);
    assert_eq!(board.seats, 96);
    server.check_invariants().unwrap();
    // It cannot be made ordinary again while more are in it than that would seat, and a
    // restarted server keeps it large.
    assert!(!server.set_large(created.no, false));
    let restored =
        Server::restore(server.snapshot(), 0, &|_| Err("no lessons here".into())).unwrap();
    assert_eq!(restored.seats(created.no), Some((96, 96)));

    // Far avatars: a third of the rate for a class, less where there are many.
    assert_eq!(far_every(22), 3);
    assert_eq!(far_every(50), 4);
    assert_eq!(far_every(59), 5);
    assert_eq!(far_every(82), 7);
    let (mut server, created) = class();
    assert!(server.set_large(created.no, true));
    let pupils = 72u64;
    for n in 0..pupils {
        let (conn, name) = pupil(n);
        join(&mut server, &created.code, conn, &name, 0);
    }
    let every = far_every(pupils as usize - 1 - NEAR_AVATARS) as u64;
    assert_eq!(every, 5);
    let rounds = 3 * every;
    let counts = poses_in_a_row(&mut server, pupils, rounds);
    // The teacher: everyone every round. A pupil: the 12 nearest every round, the 59 others
    // one round in five.
    assert_eq!(counts[&1] as u64, pupils * rounds);
    let near = NEAR_AVATARS as u64;
    assert_eq!(
        counts[&10] as u64,
        near * rounds + (pupils - 1 - near) * rounds / every
    );
}

#[tokio::test]
async fn a_restarted_server_carries_on_from_its_saved_state() {
    use retki_session::record::{Commit, DesignOpRow};
    use retki_session::server::{SessionDesign, Snapshot};
    let assets = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/sites");
    let loaded = retki_design::file::load(&assets.join("koivurinne.design.json")).unwrap();
    let items_before = loaded.design.items().len();
    let mut server = Server::default();
    let created = server.create_session(
        SCHOOL,
        "7B",
        "schoolyard",
        Some(SessionDesign {
            design: loaded.design,
            site_path: loaded.site_path,
        }),
        0,
    );
    server.connect(1, "10.0.0.1", 0);
    server.receive(
        1,
        &hello(Join::Teacher {
            key: created.teacher_key.clone(),
        }),
        10,
    );
    let (kettu, token) = join(&mut server, &created.code, 2, "Kettu", 20);
    for message in [
        ClientMessage::Design {
            request: retki_design::Request::Place {
                kind: "bench".into(),
                at: [40.0, 3.0],
                rotation_deg: 0.0,
                size: None,
                colour: None,
            },
        },
        ClientMessage::Grab { object: 3 },
    ] {
        server.receive(2, &encode(&message), 30);
    }
    let step = ClientMessage::Teacher {
        command: TeacherCommand::LoadStep {
            scene: "schoolyard".into(),
            step: 2,
        },
    };
    server.receive(1, &encode(&step), 40);
    let freeze = ClientMessage::Teacher {
        command: TeacherCommand::Freeze {
            pupil: Some(kettu.clone()),
        },
    };
    server.receive(1, &encode(&freeze), 50);

    // Saved beside the outbox, then the process dies.
    let dir = std::env::temp_dir().join(format!("retki-session-restart-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let outbox = retki_session::outbox::Outbox::open(&dir.join("outbox.db"))
        .await
        .unwrap();
    // As the session server saves: the state without the design's log, which goes in
    // operation by operation.
    let state = serde_json::to_string(&server.snapshot_without_design_logs()).unwrap();
    let design_ops: Vec<DesignOpRow> = server
        .design(created.no)
        .unwrap()
        .log()
        .iter()
        .map(|op| DesignOpRow {
            session: created.no,
            seq: op.seq,
            body: serde_json::to_string(op).unwrap(),
        })
        .collect();
    assert!(state.len() < design_ops.iter().map(|r| r.body.len()).sum::<usize>());
    outbox
        .commit(&Commit {
            state: Some(&state),
            design_ops: &design_ops,
            ..Commit::default()
        })
        .await
        .unwrap();
    let before = server.snapshot();
    drop((server, outbox));

    let outbox = retki_session::outbox::Outbox::open(&dir.join("outbox.db"))
        .await
        .unwrap();
    let state: Snapshot =
        serde_json::from_value(outbox.load_state().await.unwrap().unwrap()).unwrap();
    assert_ne!(state, before, "the state alone has no design log");
    let state = state.with_design_logs(outbox.load_design_logs().await.unwrap());
    assert_eq!(state, before);
    let mut server = Server::restore(state, 100_000, &|_| Err("no lessons here".into())).unwrap();
    assert_eq!(server.step(created.no), Some(("schoolyard".into(), 2)));
    assert_eq!(
        server.design(created.no).unwrap().items().len(),
        items_before + 1
    );

    // Kettu's app reconnects on its own with its token: the same pupil, still frozen.
    server.connect(11, "10.0.0.2", 0);
    let fx = server.receive(11, &hello(Join::Resume { token }), 101_000);
    match fx.to(11)[0] {
        ServerMessage::Welcome {
            you, frozen, step, ..
        } => {
            assert_eq!(you, &kettu);
            assert!(frozen);
            assert_eq!(*step, 2);
        }
        other => panic!("{other:?}"),
    }
    // The teacher comes back too; the code still lets a new pupil in.
    server.connect(12, "10.0.0.1", 0);
    let fx = server.receive(
        12,
        &hello(Join::Teacher {
            key: created.teacher_key.clone(),
        }),
        101_000,
    );
    assert!(matches!(fx.to(12)[0], ServerMessage::Welcome { .. }));
    join(&mut server, &created.code, 13, "Ilves", 102_000);
    assert_eq!(server.roster(created.no).len(), 3);
    // Kettu still holds object 3.
    let fx = server.receive(13, &encode(&ClientMessage::Grab { object: 3 }), 103_000);
    assert!(matches!(fx.to(13)[..], [ServerMessage::Refused { .. }]));
}

#[test]
fn watching_a_pupils_view_is_recorded_and_only_the_teacher_may() {
    let (mut server, created) = class();
    let (kettu, _) = join(&mut server, &created.code, 2, "Kettu", 100);
    let watch = |pupil: &str| {
        encode(&ClientMessage::Teacher {
            command: TeacherCommand::Watch {
                pupil: pupil.into(),
            },
        })
    };
    let fx = server.receive(1, &watch(&kettu), 200);
    assert_eq!(fx.statements.len(), 1, "{:?}", fx.out);
    let watched = &fx.statements[0];
    assert_eq!(
        watched["verb"]["id"],
        "http://activitystrea.ms/schema/1.0/watch"
    );
    assert_eq!(watched["actor"]["account"]["name"], "teacher");
    assert_eq!(watched["object"]["objectType"], "Agent");
    assert_eq!(watched["object"]["account"]["name"], kettu.as_str());
    assert_eq!(watched["object"]["account"]["homePage"], SCHOOL);
    retki_portfolio::xapi::validate::statement(watched).expect("a valid statement");

    // A pupil may not, and nobody watches someone who is not in the session.
    let fx = server.receive(2, &watch(&kettu), 300);
    assert!(fx.statements.is_empty());
    assert!(matches!(fx.to(2)[0], ServerMessage::Refused { .. }));
    let fx = server.receive(1, &watch("p-nobody"), 400);
    assert!(fx.statements.is_empty());
    assert!(matches!(fx.to(1)[0], ServerMessage::Refused { .. }));
}

#[test]
fn an_observer_sees_everyone_acts_on_nothing_and_is_seen_by_no_one() {
    use retki_session::protocol::Role;
    let (mut server, created) = class();
    let (kettu, _) = join(&mut server, &created.code, 2, "Kettu", 100);
    let observe = |server: &mut Server, conn: ConnId, now: u64| {
        server.connect(conn, "10.0.0.9", now);
        server.receive(
            conn,
            &hello(Join::Observer {
                key: created.teacher_key.clone(),
            }),
            now,
        )
    };
    let fx = observe(&mut server, 5, 200);
    let told: Vec<ServerMessage> = fx.to(5).into_iter().cloned().collect();
    let Some(ServerMessage::Welcome { role, you, .. }) = told.first() else {
        panic!("the observer is welcomed: {:?}", fx.out);
    };
    assert_eq!(*role, Role::Observer);
    // It learns who is there; nobody learns of it.
    assert!(
        told.iter()
            .any(|m| matches!(m, ServerMessage::Joined { id, .. } if *id == kettu))
    );
    assert!(fx.to(1).is_empty() && fx.to(2).is_empty(), "{:?}", fx.out);
    assert!(fx.statements.is_empty(), "an observer is no learner");

    // It may say whose view it shows, which is recorded with it as the actor, and nothing
    // else.
    let fx = server.receive(
        5,
        &encode(&ClientMessage::Teacher {
            command: TeacherCommand::Watch {
                pupil: kettu.clone(),
            },
        }),
        300,
    );
    assert_eq!(fx.statements.len(), 1, "{:?}", fx.out);
    assert_eq!(fx.statements[0]["actor"]["account"]["name"], you.as_str());
    assert_eq!(
        fx.statements[0]["object"]["account"]["name"],
        kettu.as_str()
    );
    retki_portfolio::xapi::validate::statement(&fx.statements[0]).expect("a valid statement");
    for message in [
        ClientMessage::Teacher {
            command: TeacherCommand::Gather,
        },
        ClientMessage::OpenPoi {
            id: "landing_site".into(),
        },
        ClientMessage::Grab { object: 1 },
    ] {
        let fx = server.receive(5, &encode(&message), 400);
        assert!(
            matches!(fx.to(5).first(), Some(ServerMessage::Refused { .. })),
            "{message:?}: {:?}",
            fx.out
        );
        assert!(fx.to(1).is_empty() && fx.to(2).is_empty() && fx.statements.is_empty());
    }

    // At most three observers; leaving tells no one.
    assert!(matches!(
        observe(&mut server, 6, 500).to(6).first(),
        Some(ServerMessage::Welcome { .. })
    ));
    assert!(matches!(
        observe(&mut server, 7, 500).to(7).first(),
        Some(ServerMessage::Welcome { .. })
    ));
    let fx = observe(&mut server, 8, 500);
    assert!(
        matches!(fx.to(8).first(), Some(ServerMessage::Refused { reason }) if reason.contains("observers")),
        "{:?}",
        fx.out
    );
    let fx = server.receive(5, &encode(&ClientMessage::Bye), 600);
    assert!(fx.to(1).is_empty() && fx.to(2).is_empty(), "{:?}", fx.out);
    server.check_invariants().unwrap();
}
