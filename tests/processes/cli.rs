//! The command line: clear one-line errors for bad input, an honest `--mode auto`, and
//! figures from `retki stats`.

use std::process::{Command, Output};

fn retki(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_retki"))
        .args(args)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        // A runtime manifest that does not exist: no OpenXR runtime can answer.
        .env("XR_RUNTIME_JSON", "/nonexistent/openxr_runtime.json")
        .output()
        .expect("retki runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Fails, without a panic, with one line of error naming `bad` and listing `choices`.
fn assert_refused(args: &[&str], bad: &str, choices: &[&str]) {
    let output = retki(args);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{args:?}: {err}");
    assert!(!err.contains("panicked"), "{args:?} panicked: {err}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "{args:?}: want one line, got {err}");
    assert!(lines[0].starts_with("error: "), "{err}");
    assert!(lines[0].contains(bad), "{args:?}: {err} should name {bad}");
    for choice in choices {
        assert!(
            lines[0].contains(choice),
            "{args:?}: {err} should offer {choice}"
        );
    }
}

#[test]
fn bad_input_gets_one_line_listing_the_choices() {
    assert_refused(&["render", "mars", "--out", "/tmp/x"], "'mars'", &["lunar"]);
    assert_refused(&["stats", "mars"], "'mars'", &["lunar"]);
    assert_refused(&["trip", "atlantis"], "'atlantis'", &["lunar"]);
    assert_refused(
        &["render", "lunar", "--out", "/tmp/x", "--views", "summit"],
        "'summit'",
        &["all", "landing_site", "crater_rim", "boulder_field"],
    );
    assert_refused(
        &["render", "lunar", "--out", "/tmp/x", "--size", "big"],
        "'big'",
        &["WIDTHxHEIGHT", "1280x720"],
    );
    assert_refused(
        &["--mode", "vr", "trip", "lunar"],
        "'vr'",
        &["auto", "xr", "flat", "headless"],
    );
    assert_refused(
        &["--reenter", "always", "trip", "lunar"],
        "'always'",
        &["ask", "auto"],
    );
    assert_refused(
        &["stats", "middle_ages", "--time", "25:00"],
        "'25:00'",
        &["--time", "HH:MM", "00:00", "23:59"],
    );
    assert_refused(
        &[
            "portfolio",
            "--store",
            "mysql://db",
            "class",
            "--class",
            "7B",
        ],
        "'mysql://db'",
        &["sqlite://FILE", "postgres://"],
    );
}

#[test]
fn the_portfolio_commands_are_retkis_own() {
    let dir = std::env::temp_dir().join(format!("retki-cli-portfolio-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let store = format!("sqlite://{}", dir.join("store.db").display());
    let class = retki(&[
        "portfolio",
        "class",
        "--class",
        "7B",
        "--pupil",
        "7b-01",
        "--teacher",
        "t-lind",
        "--store",
        &store,
    ]);
    assert!(class.status.success(), "{}", stderr(&class));
    let made = retki(&[
        "portfolio",
        "credentials",
        "create",
        "--name",
        "lind",
        "--role",
        "teacher",
        "--subject",
        "t-lind",
        "--store",
        &store,
    ]);
    assert!(made.status.success(), "{}", stderr(&made));
    let printed = String::from_utf8_lossy(&made.stdout);
    assert!(
        printed.contains("key:") && printed.contains("secret:"),
        "{printed}"
    );
    assert_refused(
        &[
            "portfolio",
            "credentials",
            "create",
            "--name",
            "x",
            "--role",
            "pupil",
            "--store",
            &store,
        ],
        "--subject",
        &["pupil"],
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn auto_mode_without_display_or_runtime_explains_and_fails() {
    let output = retki(&["--mode", "auto"]);
    let err = stderr(&output);
    assert_ne!(output.status.code(), Some(0), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        err.contains("no headset") && err.contains("no display"),
        "{err}"
    );
    assert!(
        err.contains("retki render") && err.contains("retki serve"),
        "{err}"
    );
}

#[test]
fn stats_json_has_figures_for_every_viewpoint() {
    let output = retki(&["stats", "lunar", "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let stats: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let views = stats.as_array().expect("a list");
    let names: Vec<&str> = views
        .iter()
        .map(|v| v["viewpoint"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "landing_site",
            "lunar_module",
            "crater_rim",
            "boulder_field"
        ]
    );
    for view in views {
        let triangles = view["visible_triangles"].as_u64().unwrap();
        let meshes = view["visible_meshes"].as_u64().unwrap();
        let draws = view["draw_calls_estimate"].as_u64().unwrap();
        // The ground alone is 131,072 triangles; the sky dome is always in view.
        assert!(triangles > 100_000, "{view}");
        assert!(meshes >= 2 && draws >= 2 && draws <= meshes, "{view}");
        assert!(view["scene_entities"].as_u64().unwrap() > 400, "{view}");
    }
}

#[test]
fn headless_mode_runs_the_lunar_trip_without_a_window() {
    let output = retki(&["--mode", "headless", "--frames", "600", "trip", "lunar"]);
    let err = stderr(&output);
    assert!(output.status.success(), "{err}");
    assert!(
        err.contains("mode: headless"),
        "the chosen mode is logged: {err}"
    );
    assert!(err.contains("opening the lunar trip"), "{err}");
}

/// With a display but no OpenXR runtime, `auto` falls back to a window, says why in one line,
/// and shows the trip there (under Xvfb, rendering with lavapipe where there is no GPU).
#[test]
fn auto_mode_falls_back_to_a_window_without_a_runtime() {
    let output = Command::new("xvfb-run")
        .args(["-a", env!("CARGO_BIN_EXE_retki")])
        .args(["--mode", "auto", "--frames", "40", "trip", "lunar"])
        .env_remove("WAYLAND_DISPLAY")
        .env("XR_RUNTIME_JSON", "/nonexistent/openxr_runtime.json")
        .output()
        .expect("xvfb-run runs (Debian package xvfb)");
    let err = stderr(&output);
    assert!(output.status.success(), "{err}");
    assert!(err.contains("mode: flat (no headset ("), "{err}");
    assert!(err.contains("Creating new window Retki"), "{err}");
    assert!(
        err.contains("showing the place"),
        "the trip is shown in the window: {err}"
    );
}

#[test]
fn the_design_commands_are_retkis_own() {
    let example = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/sites/koivurinne.design.json"
    );
    let check = retki(&["design", "check", example]);
    assert!(check.status.success(), "{}", stderr(&check));
    let out = String::from_utf8_lossy(&check.stdout);
    assert!(
        out.contains("26 items") && out.contains("33 operations"),
        "{out}"
    );

    let dir = std::env::temp_dir().join(format!("retki-cli-design-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let glb = dir.join("yard.glb");
    let export = retki(&["design", "export", example, "--out", glb.to_str().unwrap()]);
    assert!(export.status.success(), "{}", stderr(&export));
    assert_eq!(&std::fs::read(&glb).unwrap()[..4], b"glTF");

    let missing = retki(&["design", "check", "no-such.design.json"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("no-such.design.json: cannot read it"),
        "{}",
        stderr(&missing)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Retki finds its `assets/` and `shaders/` from any working folder: beside the program, in
/// the package's `share/retki`, or where `--assets` or `RETKI_ASSETS` says; where none has
/// them, it says in one line where it looked.
#[test]
fn the_program_finds_its_files_from_any_folder() {
    let repository = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let scratch = std::env::temp_dir().join(format!("retki-assets-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    // The program at `dir/retki` (linked, or copied where a link cannot be made), with the
    // files beside it in `files` if given.
    let install = |dir: &std::path::Path, files: Option<&std::path::Path>| {
        std::fs::create_dir_all(dir).unwrap();
        let program = dir.join("retki");
        if std::fs::hard_link(env!("CARGO_BIN_EXE_retki"), &program).is_err() {
            std::fs::copy(env!("CARGO_BIN_EXE_retki"), &program).unwrap();
        }
        if let Some(files) = files {
            std::fs::create_dir_all(files).unwrap();
            for folder in ["assets", "shaders"] {
                std::os::unix::fs::symlink(repository.join(folder), files.join(folder)).unwrap();
            }
        }
        program
    };
    let stats = |program: &std::path::Path, extra: &[&str], variable: Option<&std::path::Path>| {
        let mut command = Command::new(program);
        command
            .args(["stats", "lunar", "--json"])
            .args(extra)
            .current_dir(&scratch)
            .env_remove("CARGO_MANIFEST_DIR")
            .env_remove("RETKI_ROOT")
            .env_remove("RETKI_ASSETS")
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY");
        if let Some(dir) = variable {
            command.env("RETKI_ASSETS", dir);
        }
        command.output().expect("retki runs")
    };

    let alone = install(&scratch.join("alone"), None);
    let lost = stats(&alone, &[], None);
    let err = stderr(&lost);
    assert!(!lost.status.success(), "no files anywhere: {err}");
    let line = err
        .lines()
        .find(|l| l.contains("found no assets/ and shaders/"))
        .unwrap_or_else(|| panic!("one line says where it looked: {err}"));
    assert!(
        line.contains(&scratch.join("alone").display().to_string())
            && line.contains("/usr/share/retki")
            && line.contains("--assets DIR"),
        "{line}"
    );
    for (what, output) in [
        (
            "--assets",
            stats(&alone, &["--assets", repository.to_str().unwrap()], None),
        ),
        ("RETKI_ASSETS", stats(&alone, &[], Some(repository))),
        (
            "beside the program",
            stats(
                &install(&scratch.join("beside"), Some(&scratch.join("beside"))),
                &[],
                None,
            ),
        ),
        (
            "share/retki",
            stats(
                &install(
                    &scratch.join("usr").join("bin"),
                    Some(&scratch.join("usr").join("share").join("retki")),
                ),
                &[],
                None,
            ),
        ),
    ] {
        assert!(output.status.success(), "{what}: {}", stderr(&output));
        let figures: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
        assert_eq!(figures.as_array().map(Vec::len), Some(4), "{what}");
    }
    let _ = std::fs::remove_dir_all(&scratch);
}

/// `retki --version` says the version, the commit its sources come from and that commit's
/// date.
#[test]
fn the_version_names_the_commit_and_its_date() {
    let output = retki(&["--version"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let printed = String::from_utf8_lossy(&output.stdout);
    let expected = format!("retki {}", retki_portfolio::VERSION);
    assert_eq!(printed.trim(), expected);
    let inside = expected
        .split_once("(commit ")
        .and_then(|(_, rest)| rest.strip_suffix(')'))
        .expect("(commit …, …)");
    let (commit, date) = inside.split_once(", ").expect("a commit and a date");
    // Built from a clone: a hexadecimal commit and a YYYY-MM-DD date.
    if commit != "unknown" {
        assert!(
            commit.len() >= 7 && commit.chars().all(|c| c.is_ascii_hexdigit()),
            "{commit}"
        );
        let parts: Vec<&str> = date.split('-').collect();
        assert!(parts.len() == 3 && parts[0].len() == 4, "{date}");
    }
}
