//! `retki-design` (the same commands as `retki design`) on the shipped example: check,
//! history, export, and the export through the Khronos glTF validator.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn example() -> PathBuf {
    root().join("assets/sites/koivurinne.design.json")
}

fn retki_design(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_retki-design"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn check_prints_the_summary_or_every_problem() {
    let (ok, out, err) = retki_design(&["check", example().to_str().unwrap()]);
    assert!(ok, "{err}");
    assert!(
        out.contains("26 items") && out.contains("€ of a 60000 € budget"),
        "{out}"
    );

    let dir = std::env::temp_dir().join(format!("retki-design-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.design.json");
    std::fs::write(
        &bad,
        "{\n  \"format\": \"retki-design\",\n  \"version\": 7\n}\n",
    )
    .unwrap();
    let (ok, _, err) = retki_design(&["check", bad.to_str().unwrap()]);
    assert!(!ok);
    assert!(
        err.contains("bad.design.json:3:14: version: this design was saved by a newer Retki"),
        "{err}"
    );
}

#[test]
fn history_answers_who_placed_and_changed_an_item() {
    let (ok, out, err) = retki_design(&["history", example().to_str().unwrap(), "--item", "13"]);
    assert!(ok, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(
        lines[0].contains("place") && lines[0].ends_with("hare"),
        "{out}"
    );
    assert!(lines[2].contains("(undoing operation 30)"), "{out}");
}

#[test]
fn the_export_passes_the_khronos_validator_and_reloads() {
    let dir = std::env::temp_dir().join(format!("retki-design-glb-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let glb = dir.join("koivurinne.glb");
    let (ok, out, err) = retki_design(&[
        "export",
        example().to_str().unwrap(),
        "--out",
        glb.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("26 items"), "{out}");

    let validated = Command::new(root().join("scripts/gltf-validate"))
        .arg(&glb)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&validated.stdout);
    assert!(
        validated.status.success() && report.contains(": 0 errors"),
        "{report}{}",
        String::from_utf8_lossy(&validated.stderr)
    );

    let gltf = gltf::Gltf::open(&glb).unwrap();
    let items = gltf.nodes().find(|n| n.name() == Some("items")).unwrap();
    assert_eq!(items.children().count(), 26);
}
