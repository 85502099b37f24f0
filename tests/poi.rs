//! Points of interest on the lunar surface: markers stand where the content file puts them,
//! walking up to one or pointing at it and selecting opens it in the pupil's language, and a
//! broken content file stops `retki` with the place of each error.

mod common;
use common::copy_dir;
use std::path::Path;
use std::process::Command;

use bevy::prelude::*;
use bevy_rapier3d::prelude::Collider;
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

    stand_at(&mut app, gravity[0] + 10.0, gravity[1] + 10.0);
    assert_eq!(open(&app), None, "walking away closes it");
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
