//! Points of interest on the lunar surface: markers stand where the content file puts them,
//! walking up to one or pointing at it and selecting opens it in the pupil's language, and a
//! broken content file stops `retki` with the place of each error.

use crate::common;
use common::copy_dir;
use std::path::Path;
use std::process::Command;

use bevy::prelude::*;
use bevy_rapier3d::prelude::Collider;
use retki_core::panel::PanelShows;
use retki_core::poi::{Lang, Language, OpenPoi, Place, PlaceContents, PoiMarker, poi_texts};
use retki_core::pointer::PointerSource;
use retki_core::viewer::ViewerCamera;
use retki_scenes::lunar::{LUNAR, surface};

fn lunar_app(lang: Lang) -> App {
    let mut app = common::lunar_headless(true);
    app.insert_resource(Language(lang));
    app
}

/// Puts the viewer's eyes 1.5 m above the ground at `(x, z)` and runs a few frames.
fn stand_at(app: &mut App, x: f32, z: f32) {
    let y = surface().heightfield.height_at(x, z) + 1.5;
    let mut cameras = app
        .world_mut()
        .query_filtered::<&mut Transform, With<ViewerCamera>>();
    for mut transform in cameras.iter_mut(app.world_mut()) {
        transform.translation = Vec3::new(x, y, z);
    }
    for _ in 0..3 {
        app.update();
    }
}

/// The lunar surface's content, as the app loaded it.
fn lunar_place(app: &App) -> Place {
    app.world()
        .resource::<PlaceContents>()
        .get(LUNAR)
        .expect("the lunar content loaded")
        .clone()
}

fn open(app: &App) -> Option<String> {
    app.world().resource::<OpenPoi>().0.clone()
}

#[test]
fn walking_up_to_a_marker_opens_it_and_walking_away_closes_it() {
    let mut app = lunar_app(Lang::Sv);
    let place = lunar_place(&app);
    let markers: Vec<(String, Vec3)> = app
        .world_mut()
        .query_filtered::<(&PoiMarker, &GlobalTransform), Without<Collider>>()
        .iter(app.world())
        .map(|(m, t)| (m.id.clone(), t.translation()))
        .collect();
    assert_eq!(markers.len(), place.pois.len());
    for (id, at) in &markers {
        let ground = surface().heightfield.height_at(at.x, at.z);
        assert!(
            (at.y - ground).abs() < 1e-3,
            "{id} stands at {at}, ground {ground}"
        );
    }

    stand_at(&mut app, 40.0, 40.0);
    assert_eq!(open(&app), None, "nothing is within reach out here");

    let gravity = place.poi("gravity").unwrap().position_m;
    stand_at(&mut app, gravity[0] + 1.0, gravity[1] + 1.0);
    assert_eq!(open(&app).as_deref(), Some("gravity"));
    let texts = poi_texts(&place, "gravity", Lang::Sv).unwrap();
    assert_eq!(texts.title, "Lättare steg");
    assert!(texts.facts[0].0.contains("1,62"), "{:?}", texts.facts);
    // The panel shows the same texts, title first, each fact with its source.
    let shows = app.world().resource::<PanelShows>().clone();
    assert_eq!(shows.poi.as_deref(), Some("gravity"));
    assert_eq!(shows.lines[0], "Lättare steg");
    assert_eq!(shows.lines[1], texts.narration);
    assert!(shows.lines.contains(&texts.facts[0].1), "{:?}", shows.lines);

    stand_at(&mut app, gravity[0] + 10.0, gravity[1] + 10.0);
    assert_eq!(open(&app), None, "walking away closes it");
    assert_eq!(app.world().resource::<PanelShows>().poi, None);
}

#[test]
fn every_point_of_every_place_has_its_texts_in_finnish_swedish_and_english() {
    let scenes = retki_scenes::catalogue();
    let contents = PlaceContents::load(&scenes).expect("the shipped content is valid");
    for def in &scenes {
        let place = contents.get(def.id).expect("every place has content");
        // Every field trip carries at least 12 points; the schoolyard, where pupils build,
        // carries a few.
        let least = if def.id == retki_scenes::schoolyard::SCHOOLYARD {
            3
        } else {
            12
        };
        assert!(
            place.pois.len() >= least,
            "{}: {} points of interest",
            def.id.0,
            place.pois.len()
        );
        for poi in &place.pois {
            for lang in [Lang::Fi, Lang::Sv, Lang::En] {
                let texts = poi_texts(place, &poi.id, lang).unwrap();
                for text in [&texts.title, &texts.narration] {
                    assert!(
                        !text.starts_with(def.id.0),
                        "{}/{}: '{text}' is a key, not a text, in {lang:?}",
                        def.id.0,
                        poi.id
                    );
                }
                assert!(
                    !texts.facts.is_empty(),
                    "{}/{} has no facts",
                    def.id.0,
                    poi.id
                );
                for (fact, source) in &texts.facts {
                    assert!(
                        !fact.starts_with(def.id.0),
                        "{}/{}: {fact}",
                        def.id.0,
                        poi.id
                    );
                    assert!(
                        !source.trim().is_empty(),
                        "{}/{}: no source",
                        def.id.0,
                        poi.id
                    );
                }
            }
        }
    }
    // The drop experiment's labels on the panel are texts of the place too.
    let lunar = contents.get(LUNAR).unwrap();
    for key in ["lunar-drop-hammer", "lunar-drop-feather"] {
        for lang in [Lang::Fi, Lang::Sv, Lang::En] {
            assert!(lunar.texts.get(lang, key).is_some(), "{key} in {lang:?}");
        }
    }
}

#[test]
fn the_panel_shows_the_drop_timer_in_the_pupils_language() {
    let mut app = lunar_app(Lang::Fi);
    let place = lunar_place(&app);
    let [x, z] = place.poi("hammer_feather").unwrap().position_m;
    stand_at(&mut app, x + 1.0, z + 0.5);
    assert_eq!(open(&app).as_deref(), Some("hammer_feather"));
    app.world_mut()
        .write_message(retki_core::experiment::DropRequest);
    for _ in 0..200 {
        app.update();
    }
    let lines = app.world().resource::<PanelShows>().lines.clone();
    let timer = lines.last().unwrap();
    assert!(
        timer.contains("Vasara 1,42 s ■") && timer.contains("Höyhen 1,42 s ■"),
        "{lines:?}"
    );
}

#[test]
fn pointing_at_a_marker_and_selecting_opens_it() {
    let mut app = lunar_app(Lang::Fi);
    stand_at(&mut app, 40.0, 40.0);
    let place = lunar_place(&app);
    let [x, z] = place.poi("silence").unwrap().position_m;
    let top = Vec3::new(
        x,
        surface().heightfield.height_at(x, z) + retki_core::poi::MARKER_HEIGHT_M,
        z,
    );
    // A hand-held pointer 6 m away, aimed at the marker's top.
    let from = top + Vec3::new(6.0, 0.5, 0.0);
    app.world_mut().spawn((
        PointerSource { beam: true },
        Transform::from_translation(from).looking_at(top, Vec3::Y),
    ));
    for _ in 0..3 {
        app.update();
    }
    assert_eq!(open(&app), None, "pointing alone opens nothing");
    app.world_mut()
        .resource_mut::<ButtonInput<MouseButton>>()
        .press(MouseButton::Left);
    for _ in 0..2 {
        app.update();
    }
    assert_eq!(open(&app).as_deref(), Some("silence"));
}

#[test]
fn a_broken_content_file_stops_retki_with_file_line_and_field() {
    let project = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = std::env::temp_dir().join(format!("retki-poi-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    copy_dir(&project.join("assets/scenes"), &root.join("assets/scenes"));
    copy_dir(
        &project.join("assets/locales"),
        &root.join("assets/locales"),
    );
    std::fs::create_dir_all(root.join("shaders")).unwrap();
    let file = root.join("assets/scenes/lunar.toml");
    let toml = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        toml.replacen("id = \"regolith\"", "id = \"gravity\"", 1),
    )
    .unwrap();
    let line = toml.lines().position(|l| l == "id = \"regolith\"").unwrap() + 1;

    let output = Command::new(env!("CARGO_BIN_EXE_retki"))
        .args(["--mode", "headless", "trip", "lunar"])
        .env("RETKI_ROOT", &root)
        .output()
        .unwrap();
    std::fs::remove_dir_all(&root).unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "lunar.toml:{line}:6: poi[6].id: 'gravity' is already used"
        )),
        "{stderr}"
    );
}
