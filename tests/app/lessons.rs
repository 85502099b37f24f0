//! Lesson plans: every shipped plan passes `retki lesson check`, and each kind of mistake a
//! teacher can make is named with its file, line, column and field.

use std::path::{Path, PathBuf};
use std::process::Command;

use retki_core::poi::PlaceContents;

fn lessons() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/lessons")
}

fn check(path: &Path) -> Result<retki_lesson::LessonPlan, String> {
    let scenes = retki_scenes::catalogue();
    let contents = PlaceContents::load(&scenes).unwrap();
    retki_host::lesson::check(path, &scenes, &contents)
}

#[test]
fn every_shipped_plan_passes_check_and_every_place_has_one() {
    let mut plans = 0;
    let mut places = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(lessons()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let out = Command::new(env!("CARGO_BIN_EXE_retki"))
                .args(["lesson", "check"])
                .arg(&path)
                .env_remove("DISPLAY")
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let plan = check(&path).unwrap();
            let minutes: f64 = plan.steps.iter().map(|s| s.minutes).sum();
            assert!(
                minutes <= plan.minutes && plan.minutes <= 45.0,
                "{}",
                path.display()
            );
            assert!(plan.steps.iter().any(|s| !s.tasks.is_empty()));
            places.extend(plan.steps.iter().map(|s| s.scene.clone()));
            plans += 1;
        }
    }
    assert!(plans >= 1);
    for def in retki_scenes::catalogue() {
        assert!(
            places.contains(def.id.0),
            "no sample lesson takes a class to {}",
            def.id.0
        );
    }
}

/// The shipped lunar plan with `edit` applied, checked; returns the problems.
fn problems_after(name: &str, edit: impl Fn(String) -> String) -> String {
    let text = std::fs::read_to_string(lessons().join("lunar-gravity.toml")).unwrap();
    let dir = std::env::temp_dir().join(format!("retki-lessons-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.toml"));
    std::fs::write(&path, edit(text)).unwrap();
    check(&path).expect_err("the edited plan should be refused")
}

/// The line of the shipped lunar plan that first holds `needle`.
fn line_of(needle: &str) -> usize {
    std::fs::read_to_string(lessons().join("lunar-gravity.toml"))
        .unwrap()
        .lines()
        .position(|l| l.contains(needle))
        .unwrap()
        + 1
}

#[test]
fn each_mistake_is_named_by_place() {
    let scene_line = line_of("scene = \"lunar\"");
    let e = problems_after("scene", |t| {
        t.replacen("scene = \"lunar\"", "scene = \"mars\"", 1)
    });
    assert!(
        e.contains(&format!(
            "scene.toml:{scene_line}:9: step[0].scene: there is no place 'mars'"
        )),
        "{e}"
    );

    let e = problems_after("poi", |t| t.replacen("\"black_sky\"", "\"black_hole\"", 1));
    assert!(
        e.contains("step[0].pois[2]: lunar has no point of interest 'black_hole'"),
        "{e}"
    );

    let e = problems_after("viewpoint", |t| {
        t.replacen("viewpoint = \"crater_rim\"", "viewpoint = \"summit\"", 1)
    });
    assert!(
        e.contains("step[3].viewpoint: lunar has no viewpoint 'summit'"),
        "{e}"
    );

    let first = line_of("id = \"arrive\"");
    let e = problems_after("duplicate", |t| {
        t.replacen("id = \"gravity\"", "id = \"arrive\"", 1)
    });
    assert!(
        e.contains(&format!(
            "step[1].id: step 'arrive' is already on line {first}"
        )),
        "{e}"
    );

    let e = problems_after("no-answer", |t| t.replacen("answer = \"no-air\"\n", "", 1));
    assert!(
        e.contains("step[0].task[0].answer: a choice task needs its answer"),
        "{e}"
    );

    let e = problems_after("zero", |t| t.replacen("minutes = 12", "minutes = 0", 1));
    assert!(
        e.contains("step[1].minutes: a step's time box must be over 0 minutes"),
        "{e}"
    );

    let e = problems_after("long", |t| t.replacen("minutes = 8", "minutes = 30", 1));
    assert!(
        e.contains("minutes: the steps take 62 minutes, more than the lesson's 45"),
        "{e}"
    );

    let e = problems_after("narration", |t| {
        t.replacen("lunar-crater-rim-narration", "lunar-crater-narration", 1)
    });
    assert!(
        e.contains("step[3].narration: no text 'lunar-crater-narration' of lunar in fi, sv, en"),
        "{e}"
    );

    let e = problems_after("typo", |t| t.replacen("viewpoint = ", "view_point = ", 1));
    assert!(e.contains("unknown field `view_point`"), "{e}");

    let e = problems_after("lang", |t| {
        t.replacen("en = \"Gravity on the Moon\"", "de = \"Schwerkraft\"", 1)
    });
    assert!(
        e.contains("unknown field `de`") || e.contains("missing field `en`"),
        "{e}"
    );

    // Not UTF-8: Latin-1 bytes in a Finnish word.
    let dir = std::env::temp_dir().join(format!("retki-lessons-{}", std::process::id()));
    let latin1 = dir.join("latin1.toml");
    std::fs::write(&latin1, b"id = \"x\"\ntitle = \"P\xe4iv\xe4\"\n").unwrap();
    let e = check(&latin1).unwrap_err();
    assert!(
        e.contains("latin1.toml:2:11: this is not UTF-8 text"),
        "{e}"
    );
}
