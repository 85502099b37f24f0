//! The statement store against a real database: SQLite always, and PostgreSQL too where
//! `RETKI_TEST_POSTGRES_URL` names one (CI starts one from Debian's packages). The same checks
//! run on each.

use retki_portfolio::store::{Query, Store, StoreError, VOIDED_VERB, agent_key};
use serde_json::{Value, json};

mod common;
use common::stores;

/// The statements of the first page of the answer to `query`.
async fn find(store: &Store, query: &Query) -> Vec<Value> {
    let page = store.query(query).await.unwrap();
    page.statements.into_iter().map(|(_, s)| s).collect()
}

fn authority() -> Value {
    json!({"objectType": "Agent", "account": {"homePage": "https://retki.example", "name": "client-1"}})
}

/// A pupil `pupil` did `verb` to activity `activity` in registration `registration`.
fn statement(pupil: &str, verb: &str, activity: &str, registration: &str) -> Value {
    json!({
        "actor": {"account": {"homePage": "https://retki.example/school", "name": pupil}},
        "verb": {"id": format!("http://adlnet.gov/expapi/verbs/{verb}")},
        "object": {"id": format!("https://retki.example/activities/{activity}")},
        "context": {"registration": registration}
    })
}

const CLASS_A: &str = "0d8e3f4a-1b2c-4d5e-8f60-718293a4b5c6";
const CLASS_B: &str = "1e9f4a5b-2c3d-4e6f-9a71-8293a4b5c6d7";

#[tokio::test]
async fn statements_are_stored_as_sent_and_found_by_the_xapi_filters() {
    for common::TestStore { store, .. } in stores("filters").await {
        let batch = vec![
            statement("p-1", "experienced", "seabed", CLASS_A),
            statement("p-2", "experienced", "seabed", CLASS_A),
            statement("p-1", "answered", "quiz-1", CLASS_A),
            statement("p-3", "experienced", "lunar", CLASS_B),
        ];
        let ids = store.insert(&batch, &authority(), &[]).await.unwrap();
        assert_eq!(ids.len(), 4);

        let first = store.get(&ids[0], false).await.unwrap().expect("stored").1;
        assert_eq!(first["actor"], batch[0]["actor"]);
        assert_eq!(first["id"], ids[0]);
        assert_eq!(first["version"], "1.0.3");
        assert_eq!(first["authority"], authority());
        assert!(first["stored"].as_str().unwrap().ends_with('Z'));

        let by_class = find(
            &store,
            &Query {
                registration: Some(CLASS_A.into()),
                ..Query::default()
            },
        )
        .await;
        assert_eq!(by_class.len(), 3);
        // Newest first by default.
        assert_eq!(by_class[0]["id"], ids[2]);

        let pupil = agent_key(&batch[0]["actor"]).unwrap();
        let by_pupil = find(
            &store,
            &Query {
                agent: Some(pupil),
                ascending: true,
                ..Query::default()
            },
        )
        .await;
        let found: Vec<&Value> = by_pupil.iter().map(|s| &s["id"]).collect();
        assert_eq!(found, [&json!(ids[0]), &json!(ids[2])]);

        let experienced_seabed = find(
            &store,
            &Query {
                verb: Some("http://adlnet.gov/expapi/verbs/experienced".into()),
                activity: Some("https://retki.example/activities/seabed".into()),
                limit: 1,
                ..Query::default()
            },
        )
        .await;
        assert_eq!(experienced_seabed.len(), 1);
        assert_eq!(experienced_seabed[0]["id"], ids[1]);

        // A filter that reads like SQL is only a value that matches nothing.
        let injected = find(
            &store,
            &Query {
                verb: Some("x' OR '1'='1".into()),
                ..Query::default()
            },
        )
        .await;
        assert!(injected.is_empty());
    }
}

#[tokio::test]
async fn a_batch_with_one_bad_statement_stores_nothing_and_names_the_field() {
    for common::TestStore { store, .. } in stores("invalid").await {
        let before = store.count().await.unwrap();
        let mut bad = statement("p-1", "experienced", "seabed", CLASS_A);
        bad["context"]["registration"] = json!("not-a-uuid");
        let batch = vec![statement("p-2", "experienced", "seabed", CLASS_A), bad];
        match store.insert(&batch, &authority(), &[]).await {
            Err(StoreError::Invalid { index, invalid }) => {
                assert_eq!(index, 1);
                assert_eq!(invalid.field, "context.registration");
            }
            other => panic!("expected the second statement refused, got {other:?}"),
        }
        assert_eq!(store.count().await.unwrap(), before, "nothing stored");
    }
}

#[tokio::test]
async fn the_same_id_is_idempotent_for_the_same_statement_and_a_conflict_otherwise() {
    for common::TestStore { store, .. } in stores("conflict").await {
        let mut s = statement("p-1", "experienced", "seabed", CLASS_A);
        s["id"] = json!("6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b");
        store.insert(&[s.clone()], &authority(), &[]).await.unwrap();
        store.insert(&[s.clone()], &authority(), &[]).await.unwrap();
        assert_eq!(store.count().await.unwrap(), 1);
        let mut different = s.clone();
        different["verb"]["id"] = json!("http://adlnet.gov/expapi/verbs/answered");
        assert!(matches!(
            store.insert(&[different], &authority(), &[]).await,
            Err(StoreError::Conflict { index: 0, .. })
        ));
        // One batch cannot carry the same id twice.
        let mut twin = statement("p-2", "experienced", "seabed", CLASS_A);
        twin["id"] = json!("7f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b");
        match store.insert(&[twin.clone(), twin], &authority(), &[]).await {
            Err(StoreError::Invalid { index: 1, invalid }) => assert_eq!(invalid.field, "id"),
            other => panic!("expected the second twin refused, got {other:?}"),
        }
        assert_eq!(store.count().await.unwrap(), 1);
    }
}

#[tokio::test]
async fn voided_statements_leave_the_queries_but_can_still_be_fetched_as_voided() {
    for common::TestStore { store, .. } in stores("voiding").await {
        let ids = store
            .insert(
                &[statement("p-1", "experienced", "seabed", CLASS_A)],
                &authority(),
                &[],
            )
            .await
            .unwrap();
        let void = json!({
            "actor": {"account": {"homePage": "https://retki.example/school", "name": "teacher-1"}},
            "verb": {"id": VOIDED_VERB},
            "object": {"objectType": "StatementRef", "id": ids[0]}
        });
        let void_ids = store.insert(&[void], &authority(), &[]).await.unwrap();
        assert!(store.get(&ids[0], false).await.unwrap().is_none());
        assert!(store.get(&ids[0], true).await.unwrap().is_some());
        let all = find(&store, &Query::default()).await;
        assert_eq!(all.len(), 1, "only the voiding statement is left");
        // A voiding statement cannot itself be voided.
        let void_the_void = json!({
            "actor": {"account": {"homePage": "https://retki.example/school", "name": "teacher-1"}},
            "verb": {"id": VOIDED_VERB},
            "object": {"objectType": "StatementRef", "id": void_ids[0]}
        });
        assert!(matches!(
            store.insert(&[void_the_void], &authority(), &[]).await,
            Err(StoreError::VoidsVoiding { .. })
        ));
    }
}

/// Writes announced to the store (as the HTTP server announces each PUT and POST of
/// statements before reading its body) share one commit: the writer holds the first until
/// the others arrive. A lone writer, one write after another, is never held.
#[tokio::test]
async fn announced_writes_share_one_commit_and_a_lone_writer_does_not_wait() {
    for common::TestStore { store, .. } in stores("gather").await {
        let window = std::time::Duration::from_secs(30);
        let store = store.with_gather_window(window);
        let before = store.commits();
        let started = std::time::Instant::now();
        for n in 0..3 {
            let batch = [statement(
                &format!("p-{n}"),
                "experienced",
                "lunar",
                CLASS_B,
            )];
            store.insert(&batch, &authority(), &[]).await.unwrap();
        }
        assert_eq!(store.commits() - before, 3);
        assert!(started.elapsed() < window / 3, "a lone writer waited");

        let announced: Vec<_> = (0..3).map(|_| store.announce_write()).collect();
        let mut writes = Vec::new();
        for (n, announcement) in announced.into_iter().enumerate() {
            let store = store.clone();
            writes.push(tokio::spawn(async move {
                let batch = [statement(
                    &format!("p-{n}"),
                    "experienced",
                    "seabed",
                    CLASS_A,
                )];
                let ids = store.insert(&batch, &authority(), &[]).await;
                drop(announcement);
                ids
            }));
            // Each arrives well after the one before.
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        for write in writes {
            assert_eq!(write.await.unwrap().unwrap().len(), 1);
        }
        assert_eq!(
            store.commits() - before,
            4,
            "three announced writes, one commit"
        );
    }
}
