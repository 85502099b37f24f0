//! The outbox keeps every statement until the portfolio store has committed it, through a
//! crash between the store's commit and the outbox's acknowledgement, without duplicates.

use retki_portfolio::store::Store;
use retki_session::outbox::Outbox;
use serde_json::{Value, json};

fn statement(n: u32) -> Value {
    json!({
        "id": format!("00000000-0000-4000-8000-{n:012}"),
        "actor": {"objectType": "Agent", "account": {"homePage": "https://koulu.example", "name": format!("p-{}", n % 30)}},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced", "display": {"en-US": "experienced"}},
        "object": {"objectType": "Activity", "id": "https://retki.example/places/lunar/poi/gravity"},
        "context": {"registration": "0d8e3f4a-1b2c-4d5e-8f60-718293a4b5c6"},
        "timestamp": "2026-11-26T09:15:00.000Z"
    })
}

fn authority() -> Value {
    json!({"objectType": "Agent", "account": {"homePage": "https://koulu.example", "name": "retki-session"}})
}

fn dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("retki-outbox-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[tokio::test]
async fn a_crash_before_the_acknowledgement_loses_nothing_and_duplicates_nothing() {
    let dir = dir("crash");
    let store = Store::open(&format!("sqlite://{}", dir.join("store.db").display()))
        .await
        .unwrap();
    let outbox = Outbox::open(&dir.join("outbox.db")).await.unwrap();
    for n in 0..250 {
        outbox.push(&statement(n)).await.unwrap();
    }
    // Pushed twice (the server crashed before it could acknowledge): kept once.
    outbox.push(&statement(7)).await.unwrap();
    assert_eq!(outbox.waiting().await.unwrap(), 250);

    // The store commits a first batch, then the server dies before removing it.
    let first = outbox.pending(100).await.unwrap();
    store.insert(&first, &authority(), &[]).await.unwrap();
    drop(outbox);

    let outbox = Outbox::open(&dir.join("outbox.db")).await.unwrap();
    assert_eq!(
        outbox.waiting().await.unwrap(),
        250,
        "nothing was acknowledged, so nothing is gone"
    );
    assert_eq!(outbox.deliver(&store, &authority(), 64).await.unwrap(), 250);
    assert_eq!(outbox.waiting().await.unwrap(), 0);
    assert_eq!(
        store.count().await.unwrap(),
        250,
        "the re-sent 100 are not stored twice"
    );
}

#[tokio::test]
async fn a_statement_the_store_refuses_is_set_aside_and_the_rest_go_on() {
    let dir = dir("refused");
    let store = Store::open(&format!("sqlite://{}", dir.join("store.db").display()))
        .await
        .unwrap();
    let outbox = Outbox::open(&dir.join("outbox.db")).await.unwrap();
    outbox.push(&statement(1)).await.unwrap();
    let mut bad = statement(2);
    bad["verb"]["id"] = json!("not a verb");
    outbox.push(&bad).await.unwrap();
    outbox.push(&statement(3)).await.unwrap();
    assert_eq!(outbox.deliver(&store, &authority(), 10).await.unwrap(), 2);
    assert_eq!(store.count().await.unwrap(), 2);
    let rejected = outbox.rejected().await.unwrap();
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0].0, "00000000-0000-4000-8000-000000000002");
    assert!(rejected[0].1.contains("verb"), "{}", rejected[0].1);

    let no_id = json!({"actor": {}});
    assert!(outbox.push(&no_id).await.is_err());
}
