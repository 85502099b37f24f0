//! The shipped places load cleanly in every language, and each kind of authoring mistake is
//! reported with its file, line, column and field.

use std::path::{Path, PathBuf};

use retki_content::{Ground, Lang, load_place};

/// The lunar terrain is 512 m square.
const LUNAR_GROUND: Ground = Ground {
    half_extent_m: 256.0,
};

fn assets() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets")
}

#[test]
fn the_lunar_surface_has_a_dozen_sourced_points_in_three_languages() {
    let place = load_place(&assets(), "lunar", LUNAR_GROUND).unwrap_or_else(|e| panic!("{e}"));
    assert!(place.pois.len() >= 12, "{} points", place.pois.len());
    for poi in &place.pois {
        assert!(!poi.facts.is_empty(), "{} has no fact", poi.id);
        for lang in Lang::ALL {
            for key in [&poi.title, &poi.narration]
                .into_iter()
                .chain(poi.facts.iter().map(|f| &f.text))
            {
                let text = place.texts.get(lang, key).unwrap();
                assert!(!text.trim().is_empty(), "{key} is empty in {lang:?}");
            }
        }
        for fact in &poi.facts {
            assert!(
                fact.source.len() > 10,
                "{}: source '{}'",
                poi.id,
                fact.source
            );
        }
    }
    assert_eq!(
        place.texts.get(Lang::Fi, "lunar-gravity-title"),
        Some("Kevyemmät askeleet")
    );
}

/// A copy of the shipped lunar files in a temporary folder, with `edit` applied to the POI
/// file, loaded; returns every error line.
fn errors_after(name: &str, edit: impl Fn(String) -> String) -> Vec<String> {
    let dir = std::env::temp_dir().join(format!("retki-content-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("scenes")).unwrap();
    let toml = std::fs::read_to_string(assets().join("scenes/lunar.toml")).unwrap();
    std::fs::write(dir.join("scenes/lunar.toml"), edit(toml)).unwrap();
    for lang in Lang::ALL {
        let folder = dir.join("locales").join(lang.code());
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::copy(
            assets().join("locales").join(lang.code()).join("lunar.ftl"),
            folder.join("lunar.ftl"),
        )
        .unwrap();
    }
    let result = load_place(&dir, "lunar", LUNAR_GROUND);
    std::fs::remove_dir_all(&dir).unwrap();
    match result {
        Ok(_) => Vec::new(),
        Err(errors) => errors.0.iter().map(|e| e.to_string()).collect(),
    }
}

fn line_of(toml: &str, needle: &str) -> usize {
    toml.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn a_missing_field_is_named_with_its_place() {
    let errors = errors_after("missing", |t| {
        t.replacen("title = \"lunar-gravity-title\"\n", "", 1)
    });
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("scenes/lunar.toml:"), "{}", errors[0]);
    assert!(errors[0].contains("missing field `title`"), "{}", errors[0]);
}

#[test]
fn a_duplicate_id_names_both_lines() {
    let original = std::fs::read_to_string(assets().join("scenes/lunar.toml")).unwrap();
    let first = line_of(&original, "id = \"gravity\"");
    let errors = errors_after("duplicate", |t| {
        t.replacen("id = \"regolith\"", "id = \"gravity\"", 1)
    });
    assert_eq!(errors.len(), 1, "{errors:?}");
    let second = line_of(&original, "id = \"regolith\"");
    assert!(
        errors[0].contains(&format!("lunar.toml:{second}:6: poi[6].id:")),
        "{}",
        errors[0]
    );
    assert!(
        errors[0].contains(&format!("already used on line {first}")),
        "{}",
        errors[0]
    );
}

#[test]
fn an_unknown_text_key_is_named_with_the_languages_that_lack_it() {
    let original = std::fs::read_to_string(assets().join("scenes/lunar.toml")).unwrap();
    let line = line_of(&original, "narration = \"lunar-silence-narration\"");
    let errors = errors_after("key", |t| {
        t.replacen("lunar-silence-narration", "lunar-silence-naration", 1)
    });
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains(&format!("lunar.toml:{line}:13: poi[11].narration:")),
        "{}",
        errors[0]
    );
    assert!(errors[0].contains("no text 'lunar-silence-naration' in fi, sv, en"));
}

#[test]
fn a_position_off_the_ground_is_refused() {
    let errors = errors_after("position", |t| {
        t.replacen("position = [-20.0, -20.0]", "position = [-20.0, -300.0]", 1)
    });
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("poi[12].position: [-20, -300] is outside the ground"));
}

#[test]
fn a_point_too_high_or_below_the_ground_is_refused_by_line_and_field() {
    let original = std::fs::read_to_string(assets().join("scenes/lunar.toml")).unwrap();
    let line = line_of(&original, "position = [-20.0, -20.0]");
    for (height, said) in [("-2.0", "-2 m"), ("250.0", "250 m")] {
        let errors = errors_after("height", |t| {
            t.replacen(
                "position = [-20.0, -20.0]",
                &format!("position = [-20.0, -20.0]\nheight = {height}"),
                1,
            )
        });
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].contains(&format!(
                "lunar.toml:{}:10: poi[12].height: {said}",
                line + 1
            )),
            "{}",
            errors[0]
        );
        assert!(
            errors[0].contains("from 0 (on the ground) to 100 m"),
            "{}",
            errors[0]
        );
    }
}

#[test]
fn a_misspelt_field_is_refused() {
    let errors = errors_after("unknown", |t| t.replacen("look_at =", "lookat =", 1));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("unknown field `lookat`"),
        "{}",
        errors[0]
    );
}
