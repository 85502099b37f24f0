//! A class session following a lesson plan, driven message by message: the teacher moves the
//! class on, back and to a step; everyone is told the step (its place, viewpoint and tasks);
//! pupils who were there finish the step; answers are judged against the plan and recorded
//! with the step as their parent; a pupil cannot move the class; the store accepts every
//! statement; and a restarted server is at the same step.

use std::path::{Path, PathBuf};

use retki_core::poi::PlaceContents;
use retki_session::protocol::{ClientMessage, Join, PROTOCOL_VERSION, TeacherCommand, encode};
use retki_session::server::{ConnId, Effects, Server, ServerMessage, SessionLesson};
use serde_json::Value;

const SCHOOL: &str = "https://koivurinne.example";

fn plan_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/lessons/lunar-gravity.toml")
}

pub(crate) fn load_plan(path: &Path) -> Result<retki_lesson::LessonPlan, String> {
    let scenes = retki_scenes::catalogue();
    let contents = PlaceContents::load(&scenes)?;
    retki_host::lesson::check(path, &scenes, &contents)
}

fn say(server: &mut Server, conn: ConnId, message: &ClientMessage, now: u64) -> Effects {
    server.receive(conn, &encode(message), now)
}

fn teacher(command: TeacherCommand) -> ClientMessage {
    ClientMessage::Teacher { command }
}

fn answer(task: &str, response: &str) -> ClientMessage {
    ClientMessage::Answer {
        task: task.into(),
        response: response.into(),
    }
}

/// A session on the lunar lesson: the teacher on connection 1, two pupils on 2 and 3.
fn lesson_class() -> (Server, retki_session::server::Created, Vec<String>) {
    let mut server = Server::default();
    let created = server.create_session(SCHOOL, "7B", "lunar", None, 0);
    let path = plan_path();
    let plan = load_plan(&path).unwrap();
    server
        .start_lesson(created.no, SessionLesson { plan, path }, 0)
        .unwrap();
    server.connect(1, "10.0.0.1", 0);
    let hello = |join| ClientMessage::Hello {
        version: PROTOCOL_VERSION,
        join,
    };
    say(
        &mut server,
        1,
        &hello(Join::Teacher {
            key: created.teacher_key.clone(),
        }),
        10,
    );
    let mut ids = Vec::new();
    for (conn, name) in [(2, "Kettu"), (3, "Ilves")] {
        server.connect(conn, &format!("10.0.0.{conn}"), 0);
        let fx = say(
            &mut server,
            conn,
            &hello(Join::Code {
                code: created.code.clone(),
                pseudonym: name.into(),
            }),
            20,
        );
        let got = fx.to(conn);
        let ServerMessage::Welcome { you, .. } = got[0] else {
            panic!("{got:?}")
        };
        // A joining pupil is told the step at once.
        assert!(
            got.iter()
                .any(|m| matches!(m, ServerMessage::LessonStep { id, .. } if id == "arrive")),
            "{got:?}"
        );
        ids.push(you.clone());
    }
    (server, created, ids)
}

#[test]
fn the_teacher_moves_the_class_through_the_lesson_and_answers_are_judged() {
    let (mut server, created, ids) = lesson_class();
    let mut statements: Vec<Value> = Vec::new();

    // Answers in step 1: right and wrong, judged against the plan, the step as parent.
    let fx = say(&mut server, 2, &answer("black-sky", "no-air"), 1_000);
    assert!(fx.to(2).contains(&&ServerMessage::Answered {
        task: "black-sky".into()
    }));
    let right = &fx.statements[0];
    assert_eq!(right["result"]["success"], true);
    assert_eq!(right["result"]["response"], "no-air");
    assert_eq!(
        right["context"]["contextActivities"]["parent"][0]["id"],
        "https://retki.invalid/lessons/lunar-gravity/steps/arrive"
    );
    assert_eq!(right["context"]["registration"], created.id.as_str());
    statements.extend(fx.statements);
    let fx = say(&mut server, 3, &answer("black-sky", "night"), 1_100);
    assert_eq!(fx.statements[0]["result"]["success"], false);
    statements.extend(fx.statements);
    // A task the lesson does not have is refused, and nothing is recorded.
    let fx = say(&mut server, 3, &answer("no-such-task", "x"), 1_200);
    assert!(fx.statements.is_empty());
    assert!(
        matches!(fx.to(3)[0], ServerMessage::Refused { reason } if reason.contains("no-such-task"))
    );

    // A pupil cannot move the class.
    let fx = say(&mut server, 2, &teacher(TeacherCommand::Next), 1_300);
    assert!(matches!(fx.to(2)[0], ServerMessage::Refused { .. }));
    assert_eq!(server.lesson_step(created.no, 1_300).unwrap().0, "arrive");

    // Next: everyone gets the step with its viewpoint and tasks; both pupils finished step 1.
    let fx = say(&mut server, 1, &teacher(TeacherCommand::Next), 60_000);
    for conn in [1, 2, 3] {
        let card = fx
            .to(conn)
            .into_iter()
            .find_map(|m| match m {
                ServerMessage::LessonStep {
                    index,
                    of,
                    id,
                    viewpoint,
                    tasks,
                    ..
                } => Some((*index, *of, id.clone(), viewpoint.clone(), tasks.len())),
                _ => None,
            })
            .unwrap();
        assert_eq!(card, (1, 4, "gravity".into(), "lunar_module".into(), 2));
    }
    let completed: Vec<&Value> = fx
        .statements
        .iter()
        .filter(|s| s["verb"]["id"] == "http://adlnet.gov/expapi/verbs/completed")
        .collect();
    assert_eq!(completed.len(), 2);
    for s in &completed {
        assert!(ids.contains(&s["actor"]["account"]["name"].as_str().unwrap().to_owned()));
        assert_eq!(
            s["object"]["id"],
            "https://retki.invalid/lessons/lunar-gravity/steps/arrive"
        );
    }
    statements.extend(fx.statements);

    // A measured answer: a unit and a decimal comma are fine; off by more than 0.1 s is not.
    let fx = say(&mut server, 2, &answer("fall-time", "1,45 s"), 61_000);
    assert_eq!(fx.statements[0]["result"]["success"], true);
    statements.extend(fx.statements);
    let fx = say(&mut server, 3, &answer("fall-time", "2.0"), 61_100);
    assert_eq!(fx.statements[0]["result"]["success"], false);
    statements.extend(fx.statements);
    // A free answer has no right or wrong.
    let fx = say(
        &mut server,
        3,
        &answer("why-slower", "less gravity"),
        61_200,
    );
    assert!(fx.statements[0]["result"].get("success").is_none());
    statements.extend(fx.statements);

    // Back, and a jump; the time box runs from the move.
    say(&mut server, 1, &teacher(TeacherCommand::Back), 70_000);
    assert_eq!(server.lesson_step(created.no, 70_000).unwrap().0, "arrive");
    let fx = say(
        &mut server,
        1,
        &teacher(TeacherCommand::Jump {
            step: "crater".into(),
        }),
        80_000,
    );
    let (step, left_ms) = server.lesson_step(created.no, 80_000 + 60_000).unwrap();
    assert_eq!(step, "crater");
    assert_eq!(left_ms, 8 * 60_000 - 60_000);
    assert_eq!(server.step(created.no).unwrap(), ("lunar".to_owned(), 3));
    statements.extend(fx.statements);
    let fx = say(
        &mut server,
        1,
        &teacher(TeacherCommand::Jump {
            step: "nowhere".into(),
        }),
        81_000,
    );
    assert!(matches!(fx.to(1)[0], ServerMessage::Refused { reason } if reason.contains("nowhere")));

    // The store takes every statement the lesson made.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let file = std::env::temp_dir().join(format!("retki-lesson-{}.db", std::process::id()));
        let _ = std::fs::remove_file(&file);
        let url = format!("sqlite://{}", file.display());
        let store = retki_portfolio::store::Store::open(&url).await.unwrap();
        let authority = serde_json::json!({
            "objectType": "Agent",
            "account": {"homePage": SCHOOL, "name": "retki-session"}
        });
        store.insert(&statements, &authority, &[]).await.unwrap();
        assert_eq!(store.count().await.unwrap(), statements.len() as i64);
        let _ = std::fs::remove_file(&file);
    });

    // A restarted server is at the same step.
    let snapshot = server.snapshot();
    let restored = Server::restore(snapshot, 90_000, &load_plan).unwrap();
    assert_eq!(
        restored.lesson_step(created.no, 90_000).unwrap().0,
        "crater"
    );
}
