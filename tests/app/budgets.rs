//! Every viewpoint of every place stays within Retki's standalone-headset budget, as
//! `retki stats` measures it.

use std::process::Command;

use retki_core::stats::{DRAW_CALL_BUDGET, TRIANGLE_BUDGET};

#[test]
fn every_viewpoint_of_every_place_is_within_budget() {
    for def in retki_scenes::catalogue() {
        let output = Command::new(env!("CARGO_BIN_EXE_retki"))
            .args(["stats", def.id.0, "--json"])
            .output()
            .expect("retki runs");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let stats: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
        let views = stats.as_array().expect("a list of viewpoints");
        assert_eq!(views.len(), def.viewpoints.len(), "{}", def.id.0);
        for view in views {
            let triangles = view["visible_triangles"].as_u64().unwrap();
            let draws = view["draw_calls_estimate"].as_u64().unwrap();
            println!(
                "{} {}: {triangles} triangles, {draws} draw calls",
                def.id.0, view["viewpoint"]
            );
            assert!(triangles <= TRIANGLE_BUDGET, "{}: {view}", def.id.0);
            assert!(draws <= DRAW_CALL_BUDGET, "{}: {view}", def.id.0);
        }
    }
}
