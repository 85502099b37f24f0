//! `retki demo` on this machine: a whole lesson with five simulated pupils ends by itself,
//! and what it prints is what the store holds.

use std::process::Command;

use retki_portfolio::store::Store;
use retki_portfolio::store::statements::Query;

/// The number after `label` in `text`.
fn figure(text: &str, label: &str) -> usize {
    let after = text
        .split(label)
        .nth(1)
        .unwrap_or_else(|| panic!("'{label}' in:\n{text}"));
    after
        .trim_start()
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn the_demo_runs_a_whole_lesson_and_reports_what_the_store_holds() {
    let out = std::env::temp_dir().join(format!("retki-demo-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let run = Command::new(env!("CARGO_BIN_EXE_retki"))
        .arg("demo")
        .arg("--out")
        .arg(&out)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let printed = String::from_utf8_lossy(&run.stdout).into_owned();
    assert!(
        run.status.success(),
        "{printed}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(printed.contains("steps: 3 of 3"), "{printed}");
    assert!(printed.contains("/dashboard/"), "{printed}");

    let url = format!("sqlite://{}", out.join("store.db").display());
    let (statements, artefacts) = tokio::runtime::Runtime::new().unwrap().block_on(async {
        let store = Store::open(&url).await.unwrap();
        let statements = store
            .query(&Query {
                limit: 100_000,
                ..Query::default()
            })
            .await
            .unwrap()
            .statements;
        (statements, store.artefacts_in("demo-5A").await.unwrap())
    });
    assert_eq!(figure(&printed, "statements recorded:"), statements.len());
    assert_eq!(
        figure(&printed, "artefacts in the pupils' portfolios:"),
        artefacts.len()
    );
    // Every pupil answered every task of the schoolyard lesson (5 tasks), each recorded with
    // the step as its parent; the choice and the measurement were marked.
    let answered: Vec<_> = statements
        .iter()
        .map(|(_, s)| s)
        .filter(|s| s["verb"]["id"].as_str().unwrap().ends_with("/answered"))
        .collect();
    assert_eq!(answered.len(), 5 * 5);
    assert!(answered.iter().all(|s| {
        s["context"]["contextActivities"]["parent"][0]["id"]
            .as_str()
            .is_some_and(|p| p.contains("/steps/"))
    }));
    let marked = answered
        .iter()
        .filter(|s| s["result"]["success"].is_boolean())
        .count();
    assert_eq!(
        marked,
        2 * 5,
        "the measure and the choice task, for each pupil"
    );
    let right = answered
        .iter()
        .filter(|s| s["result"]["success"] == true)
        .count();
    assert_eq!(figure(&printed, "answers:"), answered.len());
    assert!(printed.contains(&format!("({right} right")), "{printed}");
    // Snapshots rendered headless and the class's design are in the portfolios.
    let images = artefacts
        .iter()
        .filter(|a| a.content_type == "image/png")
        .count();
    let designs = artefacts
        .iter()
        .filter(|a| a.content_type == "model/gltf-binary")
        .count();
    assert_eq!(images, 5 * 3, "each pupil keeps a snapshot of each step");
    assert!(designs >= 1, "the schoolyard design");
    let _ = std::fs::remove_dir_all(&out);
}
