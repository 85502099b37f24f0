//! Artefacts over HTTP on each backend: a pupil saves a snapshot from a trip, tied to the
//! statements it came from; the teacher gives feedback; sharing decides who else sees it;
//! reads across classes find nothing.

mod common;

use common::{client, did, request, serve, stores, with};
use retki_portfolio::access::Role;
use serde_json::json;

const REGISTRATION: &str = "0d8e3f4a-1b2c-4d5e-8f60-718293a4b5c6";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR a snapshot of the wreck";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn artefacts_feedback_sharing_and_no_reads_across_classes() {
    for t in stores("portfolio-artefacts").await {
        let address = serve(&t.store).await;
        let s = &t.store;
        s.add_to_class("7B", &["7b-01".into(), "7b-02".into()], &["t-lind".into()])
            .await
            .unwrap();
        s.add_to_class("7C", &["7c-01".into()], &["t-berg".into()])
            .await
            .unwrap();
        s.add_guardian("g-01", "7b-01").await.unwrap();
        let service = client(s, "class-server", Role::Service, None).await;
        let pupil = client(s, "pupil-7b-01", Role::Pupil, Some("7b-01")).await;
        let classmate = client(s, "pupil-7b-02", Role::Pupil, Some("7b-02")).await;
        let other_class = client(s, "pupil-7c-01", Role::Pupil, Some("7c-01")).await;
        let teacher = client(s, "teacher-lind", Role::Teacher, Some("t-lind")).await;
        let other_teacher = client(s, "teacher-berg", Role::Teacher, Some("t-berg")).await;
        let guardian = client(s, "guardian-01", Role::Guardian, Some("g-01")).await;

        let statement = request(
            &address,
            "POST",
            "/xapi/statements",
            &with(&service, "Content-Type", "application/json"),
            did("7b-01", "experienced", "wreck", REGISTRATION)
                .to_string()
                .as_bytes(),
        )
        .await;
        let statement_id = statement.json()[0].as_str().unwrap().to_string();

        // The pupil saves a snapshot; the wrong kind of file, or for another pupil, is refused.
        let add = format!(
            "/portfolio/artefacts?learner=7b-01&class=7B&session=seabed-2026-11-25\
            &title=The%20wreck&statements={statement_id}"
        );
        let saved = request(
            &address,
            "POST",
            &add,
            &with(&pupil, "Content-Type", "image/png"),
            PNG,
        )
        .await;
        assert_eq!(saved.status, 201, "{}: {}", t.name, saved.text());
        let id = saved.json()["id"].as_str().unwrap().to_string();
        let lying = request(
            &address,
            "POST",
            &add,
            &with(&pupil, "Content-Type", "image/png"),
            b"not a png",
        )
        .await;
        assert_eq!(lying.status, 400, "{}", t.name);
        assert!(lying.text().contains("content"), "{}", lying.text());
        let for_someone_else = request(
            &address,
            "POST",
            &add.replace("learner=7b-01", "learner=7b-02"),
            &with(&pupil, "Content-Type", "image/png"),
            PNG,
        )
        .await;
        assert_eq!(for_someone_else.status, 403, "{}", t.name);
        let unknown_statement = request(
            &address,
            "POST",
            &add.replace(&statement_id, "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"),
            &with(&pupil, "Content-Type", "image/png"),
            PNG,
        )
        .await;
        assert_eq!(unknown_statement.status, 400, "{}", t.name);

        let artefact = format!("/portfolio/artefacts/{id}");
        let shown = request(&address, "GET", &artefact, &pupil, b"").await;
        assert_eq!(shown.status, 200);
        assert_eq!(shown.json()["statements"], json!([statement_id]));
        assert_eq!(shown.json()["sharing"], "private");
        assert_eq!(
            request(&address, "GET", &format!("{artefact}/content"), &pupil, b"")
                .await
                .body,
            PNG
        );

        // Private: the pupil and their teacher; nobody else, and across classes nothing.
        for (who, headers, sees) in [
            ("teacher", &teacher, true),
            ("classmate", &classmate, false),
            ("other class's pupil", &other_class, false),
            ("other class's teacher", &other_teacher, false),
            ("guardian", &guardian, false),
            ("service", &service, false),
        ] {
            let answer = request(&address, "GET", &artefact, headers, b"").await;
            assert_eq!(
                answer.status == 200,
                sees,
                "{}: {who} got {}",
                t.name,
                answer.status
            );
            let list = request(
                &address,
                "GET",
                "/portfolio/artefacts?class=7B",
                headers,
                b"",
            )
            .await;
            assert_eq!(
                list.json().as_array().unwrap().len(),
                usize::from(sees),
                "{}: {who}",
                t.name
            );
        }
        let content = request(
            &address,
            "GET",
            &format!("{artefact}/content"),
            &other_teacher,
            b"",
        )
        .await;
        assert_eq!(content.status, 404);

        // Feedback: the class's teacher only.
        let feedback = with(&teacher, "Content-Type", "application/json");
        let given = request(
            &address,
            "POST",
            &format!("{artefact}/feedback"),
            &feedback,
            br#"{"text": "You found the windlass. What was it for?"}"#,
        )
        .await;
        assert_eq!(given.status, 201, "{}: {}", t.name, given.text());
        let refused = request(
            &address,
            "POST",
            &format!("{artefact}/feedback"),
            &pupil,
            br#"{"text": "great"}"#,
        )
        .await;
        assert_eq!(refused.status, 403);
        let empty = request(
            &address,
            "POST",
            &format!("{artefact}/feedback"),
            &feedback,
            br#"{"text": " "}"#,
        )
        .await;
        assert_eq!(empty.status, 400);
        let shown = request(&address, "GET", &artefact, &pupil, b"")
            .await
            .json();
        assert_eq!(shown["feedback"][0]["teacher"], "t-lind");

        // Shared with the class: the classmate sees it, the other class still not.
        let share = |sharing: &str| format!(r#"{{"sharing": "{sharing}"}}"#);
        assert_eq!(
            request(
                &address,
                "PUT",
                &format!("{artefact}/sharing"),
                &classmate,
                share("class").as_bytes()
            )
            .await
            .status,
            404,
            "the classmate cannot see it yet"
        );
        assert_eq!(
            request(
                &address,
                "PUT",
                &format!("{artefact}/sharing"),
                &pupil,
                share("class").as_bytes()
            )
            .await
            .status,
            204
        );
        assert_eq!(
            request(&address, "GET", &artefact, &classmate, b"")
                .await
                .status,
            200
        );
        assert_eq!(
            request(&address, "GET", &artefact, &other_class, b"")
                .await
                .status,
            404
        );
        assert_eq!(
            request(&address, "GET", &artefact, &guardian, b"")
                .await
                .status,
            404
        );
        assert_eq!(
            request(
                &address,
                "PUT",
                &format!("{artefact}/sharing"),
                &classmate,
                share("private").as_bytes()
            )
            .await
            .status,
            403,
            "only the maker or teacher"
        );
        // Shared with the guardian.
        assert_eq!(
            request(
                &address,
                "PUT",
                &format!("{artefact}/sharing"),
                &pupil,
                share("guardian").as_bytes()
            )
            .await
            .status,
            204
        );
        assert_eq!(
            request(&address, "GET", &artefact, &guardian, b"")
                .await
                .status,
            200
        );
        assert_eq!(
            request(&address, "GET", &artefact, &classmate, b"")
                .await
                .status,
            404
        );
        let bad = request(
            &address,
            "PUT",
            &format!("{artefact}/sharing"),
            &pupil,
            share("everyone").as_bytes(),
        )
        .await;
        assert_eq!(bad.status, 400);
        assert_eq!(bad.json()["field"], "sharing");

        // A reflection and a design are artefacts too.
        let reflection = request(
            &address,
            "POST",
            &add.replace("The%20wreck", "What%20I%20learnt"),
            &with(&pupil, "Content-Type", "text/plain; charset=utf-8"),
            "Hylky oli 15 metriä pitkä.".as_bytes(),
        )
        .await;
        assert_eq!(reflection.status, 201, "{}", reflection.text());
        let design = request(
            &address,
            "POST",
            &add.replace("The%20wreck", "Schoolyard"),
            &with(&pupil, "Content-Type", "model/gltf-binary"),
            b"glTF\x02\0\0\0",
        )
        .await;
        assert_eq!(design.status, 201, "{}", design.text());
        let mine = request(
            &address,
            "GET",
            "/portfolio/artefacts?learner=7b-01",
            &pupil,
            b"",
        )
        .await
        .json();
        let kinds: Vec<&str> = mine
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["kind"].as_str().unwrap())
            .collect();
        assert_eq!(kinds.len(), 3);
        for kind in ["image", "reflection", "design"] {
            assert!(kinds.contains(&kind), "{kinds:?}");
        }
        let nobody = request(
            &address,
            "GET",
            "/portfolio/artefacts?learner=7b-01",
            &other_teacher,
            b"",
        )
        .await
        .json();
        assert_eq!(nobody, json!([]));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pupil_keeps_artefacts_up_to_a_quota() {
    use retki_portfolio::store::artefacts::{ArtefactQuota, NewArtefact};
    for t in stores("portfolio-quota").await {
        let quota = ArtefactQuota {
            items: 3,
            bytes: 2 * PNG.len() as i64 + 10,
        };
        let s = t.store.clone().with_artefact_quota(quota);
        s.add_to_class("7B", &["7b-01".into(), "7b-02".into()], &[])
            .await
            .unwrap();
        let snapshot = |learner: &str, n: usize| NewArtefact {
            learner: learner.into(),
            class: "7B".into(),
            session: "seabed".into(),
            title: format!("Snapshot {n}"),
            content_type: "image/png".into(),
            content: PNG.to_vec(),
            statements: Vec::new(),
        };
        for n in 0..2 {
            s.add_artefact(&snapshot("7b-01", n)).await.unwrap();
        }
        // A third would take more bytes than the pupil may keep; a classmate has room.
        let refused = s.add_artefact(&snapshot("7b-01", 2)).await.unwrap_err();
        assert!(
            refused.to_string().contains("ask the teacher"),
            "{}: {refused}",
            t.name
        );
        s.add_artefact(&snapshot("7b-02", 0)).await.unwrap();
        // By number as well as by bytes.
        let s = s.with_artefact_quota(ArtefactQuota {
            items: 2,
            bytes: i64::MAX,
        });
        assert!(s.add_artefact(&snapshot("7b-01", 3)).await.is_err());
        assert!(s.add_artefact(&snapshot("7b-02", 1)).await.is_ok());
    }
}
