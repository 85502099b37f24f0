//! Privacy operations on each backend: export writes everything about one learner; erasure
//! leaves nothing about them in any table and is logged; the retention purge removes what is
//! older than the cutoff and keeps the rest. And the same through the command line.

mod common;

use std::process::Command;

use common::{TestStore, did, pupil, stores};
use retki_portfolio::store::Store;
use retki_portfolio::store::artefacts::NewArtefact;
use retki_portfolio::store::documents::{DocumentKey, DocumentKind, Preconditions};
use serde_json::{Value, json};
use sqlx::{Connection, Row};

const REGISTRATION: &str = "0d8e3f4a-1b2c-4d5e-8f60-718293a4b5c6";

fn authority() -> Value {
    json!({"objectType": "Agent", "account": {"homePage": "https://koulu.example", "name": "class-server"}})
}

/// Records of two pupils: statements (one with an attachment, one naming both), a state
/// document, an artefact with feedback, a name, a guardian, pupil credentials.
async fn fill(store: &Store) -> Vec<String> {
    store
        .add_to_class("7B", &["7b-01".into(), "7b-02".into()], &["t-lind".into()])
        .await
        .unwrap();
    store.add_guardian("g-01", "7b-01").await.unwrap();
    store
        .set_learner_name("7b-01", "Aino Example")
        .await
        .unwrap();
    store
        .create_client(
            "pupil-app-7b-01",
            retki_portfolio::access::Role::Pupil,
            Some("7b-01"),
        )
        .await
        .unwrap();
    let mut together = did("7b-02", "experienced", "wreck", REGISTRATION);
    together["context"]["team"] = json!({"objectType": "Group", "name": "Pair 3", "member": [pupil("7b-01"), pupil("7b-02")]});
    let ids = store
        .insert(
            &[
                did("7b-01", "experienced", "wreck", REGISTRATION),
                did("7b-01", "answered", "quiz-1", REGISTRATION),
                did("7b-02", "experienced", "lunar", REGISTRATION),
                together,
            ],
            &authority(),
            &[],
        )
        .await
        .unwrap();
    let key = DocumentKey {
        kind: DocumentKind::State,
        activity: "https://retki.example/trips/seabed".into(),
        agent: retki_portfolio::store::agent_key(&pupil("7b-01")).unwrap(),
        registration: String::new(),
        id: "progress".into(),
        learner: Some("7b-01".into()),
    };
    store
        .put_document(
            &key,
            "application/json",
            br#"{"visited": 3}"#,
            false,
            &Preconditions::default(),
        )
        .await
        .unwrap();
    let artefact = store
        .add_artefact(&NewArtefact {
            learner: "7b-01".into(),
            class: "7B".into(),
            session: "seabed-2026-11-25".into(),
            title: "Hylky".into(),
            content_type: "text/plain".into(),
            content: "Hylky oli 15 metriä pitkä.".as_bytes().to_vec(),
            statements: vec![ids[0].clone()],
        })
        .await
        .unwrap();
    store
        .add_feedback(&artefact, "t-lind", "Hyvä havainto!")
        .await
        .unwrap();
    ids
}

/// Every text and byte value in every table of the store, with where it is.
async fn everything(t: &TestStore) -> Vec<(String, String)> {
    sqlx::any::install_default_drivers();
    let mut connection = sqlx::AnyConnection::connect(&t.url).await.unwrap();
    let tables: Vec<String> = if t.url.starts_with("sqlite:") {
        sqlx::query(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        )
        .fetch_all(&mut connection)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect()
    } else {
        sqlx::query("SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema()")
            .fetch_all(&mut connection).await.unwrap().iter().map(|r| r.get(0)).collect()
    };
    assert!(tables.len() >= 15, "{}: only {tables:?}", t.name);
    let mut out = Vec::new();
    for table in tables {
        // Every column as text, so values of any type can be searched.
        let columns: Vec<String> = if t.url.starts_with("sqlite:") {
            sqlx::query(&format!("SELECT name FROM pragma_table_info('{table}')"))
                .fetch_all(&mut connection)
                .await
                .unwrap()
                .iter()
                .map(|r| r.get(0))
                .collect()
        } else {
            sqlx::query(&format!(
                "SELECT column_name::text FROM information_schema.columns \
                WHERE table_schema = current_schema() AND table_name = '{table}'"
            ))
            .fetch_all(&mut connection)
            .await
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect()
        };
        for column in columns {
            let as_text = if t.url.starts_with("sqlite:") {
                format!("SELECT CAST({column} AS TEXT) FROM {table}")
            } else {
                format!(
                    "SELECT CASE WHEN pg_typeof({column}) = 'bytea'::regtype \
                    THEN convert_from({column}::text::bytea, 'UTF8') ELSE {column}::text END FROM {table}"
                )
            };
            let rows = sqlx::query(&as_text)
                .fetch_all(&mut connection)
                .await
                .unwrap_or_else(|e| panic!("{}: {as_text}: {e}", t.name));
            for row in rows {
                if let Ok(Some(value)) = row.try_get::<Option<String>, _>(0) {
                    out.push((format!("{table}.{column}"), value));
                }
            }
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn erasure_leaves_nothing_about_the_learner_in_any_table() {
    for t in stores("privacy-erase").await {
        let ids = fill(&t.store).await;
        let before = everything(&t).await;
        for needle in ["7b-01", "Aino Example", "Hylky oli"] {
            assert!(
                before.iter().any(|(_, v)| v.contains(needle)),
                "{}: {needle} is stored to begin with",
                t.name
            );
        }

        let removed = t.store.erase_learner("7b-01", "admin-kaisa").await.unwrap();
        assert_eq!(
            removed.statements, 3,
            "{}: their own two and the one they are in",
            t.name
        );
        assert_eq!((removed.documents, removed.artefacts), (1, 1), "{}", t.name);

        let after = everything(&t).await;
        for needle in [
            "7b-01",
            "Aino Example",
            "Hylky oli",
            "Hyvä havainto",
            &ids[0],
            &ids[1],
            &ids[3],
        ] {
            let left: Vec<_> = after.iter().filter(|(_, v)| v.contains(needle)).collect();
            assert!(
                left.is_empty(),
                "{}: '{needle}' is left in {left:?}",
                t.name
            );
        }
        // The other pupil's own statement stays; the log says what was done, without the id.
        assert!(
            t.store.get(&ids[2], false).await.unwrap().is_some(),
            "{}",
            t.name
        );
        let log = t.store.admin_log().await.unwrap();
        assert_eq!(log.len(), 1);
        assert_eq!(
            (log[0].1.as_str(), log[0].2.as_str()),
            ("admin-kaisa", "erase learner")
        );
        assert!(log[0].3.contains("3 statements"), "{:?}", log[0]);
        // The log names the pupil by a keyed hash: not the bare SHA-256 anyone could try ids
        // against, and found again only with the store's key and the id.
        assert!(!log[0].3.contains("7b-01"), "{:?}", log[0]);
        let bare = retki_portfolio::store::sha256_hex(b"7b-01");
        assert!(!log[0].3.contains(&bare), "{:?}", log[0]);
        assert!(log[0].3.contains("hmac-sha256"), "{:?}", log[0]);
        assert!(t.store.was_erased("7b-01").await.unwrap().is_some());
        assert!(t.store.was_erased("7b-02").await.unwrap().is_none());
        // An unknown learner is refused, not silently "erased".
        assert!(t.store.erase_learner("7b-01", "admin-kaisa").await.is_err());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_holds_everything_about_one_learner_and_nothing_of_others() {
    for t in stores("privacy-export").await {
        let ids = fill(&t.store).await;
        let export = t.store.export_learner("7b-01").await.unwrap();
        let record = &export.record;
        assert_eq!(record["learner"], "7b-01");
        assert_eq!(record["name"], "Aino Example");
        assert_eq!(record["classes"], json!(["7B"]));
        assert_eq!(record["guardians"], json!(["g-01"]));
        let statements: Vec<&str> = record["statements"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].as_str().unwrap())
            .collect();
        assert_eq!(
            statements,
            [ids[0].as_str(), ids[1].as_str(), ids[3].as_str()],
            "{}",
            t.name
        );
        assert_eq!(record["documents"][0]["id"], "progress");
        assert_eq!(
            record["artefacts"][0]["feedback"][0]["text"],
            "Hyvä havainto!"
        );
        let file = record["artefacts"][0]["file"].as_str().unwrap();
        let content = export.files.iter().find(|(name, _)| name == file).unwrap();
        assert_eq!(content.1, "Hylky oli 15 metriä pitkä.".as_bytes());
        assert!(
            export.files.iter().any(
                |(name, bytes)| name.starts_with("documents/") && bytes == br#"{"visited": 3}"#
            )
        );
        assert!(
            !record.to_string().contains("\"lunar\""),
            "{}: another pupil's statement leaked",
            t.name
        );
        assert!(t.store.export_learner("nobody").await.is_err());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_retention_purge_removes_what_is_older_than_the_cutoff() {
    for t in stores("privacy-purge").await {
        let old = fill(&t.store).await;
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        let cutoff = retki_portfolio::time::now_iso8601();
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        let new = t
            .store
            .insert(
                &[did("7b-02", "experienced", "lunar", REGISTRATION)],
                &authority(),
                &[],
            )
            .await
            .unwrap();
        let removed = t.store.purge_before(&cutoff, "admin-kaisa").await.unwrap();
        assert_eq!(
            (removed.statements, removed.documents, removed.artefacts),
            (4, 1, 1),
            "{}",
            t.name
        );
        for id in &old {
            assert!(
                t.store.get(id, false).await.unwrap().is_none(),
                "{}",
                t.name
            );
        }
        assert!(
            t.store.get(&new[0], false).await.unwrap().is_some(),
            "{}",
            t.name
        );
        // Index rows of purged statements went with them: related queries find only the new one.
        let page = t
            .store
            .query(&retki_portfolio::store::Query {
                agent: retki_portfolio::store::agent_key(&pupil("7b-02")),
                related_agents: true,
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(page.statements.len(), 1, "{}", t.name);
        assert_eq!(t.store.admin_log().await.unwrap()[0].2, "retention purge");
        // Keeping 30 days purges nothing of today.
        assert_eq!(
            t.store
                .purge_older_than(30, "admin-kaisa")
                .await
                .unwrap()
                .statements,
            0
        );
    }
}

fn portfolio(store: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_retki-portfolio"))
        .args(args)
        .args(["--store", store])
        .output()
        .expect("retki-portfolio runs")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_and_erase_from_the_command_line() {
    let dir = std::env::temp_dir().join(format!("retki-privacy-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}", dir.join("store.db").display());
    {
        let store = Store::open(&url).await.unwrap();
        fill(&store).await;
    }
    let out = dir.join("export-7b-01");
    let export = portfolio(
        &url,
        &[
            "export",
            "--learner",
            "7b-01",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(
        export.status.success(),
        "{}",
        String::from_utf8_lossy(&export.stderr)
    );
    let record: Value =
        serde_json::from_slice(&std::fs::read(out.join("learner.json")).unwrap()).unwrap();
    assert_eq!(record["statements"].as_array().unwrap().len(), 3);
    let file = record["artefacts"][0]["file"].as_str().unwrap();
    assert!(out.join(file).is_file());
    // An existing folder is not overwritten.
    let again = portfolio(
        &url,
        &[
            "export",
            "--learner",
            "7b-01",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));

    let erase = portfolio(
        &url,
        &["erase", "--learner", "7b-01", "--by", "admin-kaisa"],
    );
    assert!(
        erase.status.success(),
        "{}",
        String::from_utf8_lossy(&erase.stderr)
    );
    assert!(String::from_utf8_lossy(&erase.stdout).contains("3 statements"));
    let gone = portfolio(
        &url,
        &[
            "export",
            "--learner",
            "7b-01",
            "--out",
            dir.join("again").to_str().unwrap(),
        ],
    );
    assert!(!gone.status.success());
    assert!(String::from_utf8_lossy(&gone.stderr).contains("no learner '7b-01'"));
    let bad_role = portfolio(
        &url,
        &[
            "credentials",
            "create",
            "--name",
            "x",
            "--role",
            "principal",
        ],
    );
    assert!(String::from_utf8_lossy(&bad_role.stderr).contains("--role 'principal' is not one of"));
    let _ = std::fs::remove_dir_all(&dir);
}
