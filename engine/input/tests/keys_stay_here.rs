//! No Rust file outside `engine/input` names a key: everything a person does goes through the
//! action vocabulary, so a pupil in a headset reaches what a pupil at a laptop reaches.

use std::path::{Path, PathBuf};

/// Folders that hold no Retki source of their own.
const SKIPPED: [&str; 4] = ["target", ".git", "node_modules", "input"];

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if path.is_dir() {
            let is_input_crate = name == "input" && dir.ends_with("engine");
            if !(is_input_crate || SKIPPED[..3].iter().any(|s| name == *s)) {
                rust_files(&path, found);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

#[test]
fn no_file_outside_the_input_crate_names_a_key() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    assert!(
        files.iter().any(|f| f.ends_with("src/main.rs")),
        "the walk found the workspace"
    );
    let key_type = ["Key", "Code"].concat();
    let offenders: Vec<String> = files
        .iter()
        .flat_map(|file| {
            let text = std::fs::read_to_string(file).unwrap_or_default();
            text.lines()
                .enumerate()
                .filter(|(_, line)| line.contains(&key_type))
                .map(|(n, _)| format!("{}:{}", file.display(), n + 1))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(
        offenders.is_empty(),
        "bind keys in engine/input/src/bindings.rs and read actions instead: {offenders:#?}"
    );
}
