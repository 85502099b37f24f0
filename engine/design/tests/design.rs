//! A class designs its yard headless: places, moves, undoes, saves, loads and exports, and
//! the shipped example design is exactly what its script of operations builds.

use std::path::{Path, PathBuf};

use retki_design::file::{self, Loaded};
use retki_design::{Brief, Design, Refusal, Request, Site, export};

fn sites() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/sites")
}

fn site() -> Site {
    Site::load(&sites().join("koivurinne.geojson")).unwrap()
}

fn brief() -> Brief {
    Brief {
        title: "Koivurinne: our new yard".into(),
        budget_eur: 60_000.0,
        pupils: 320,
    }
}

fn place(kind: &str, at: [f32; 2], rotation_deg: f32) -> Request {
    Request::Place {
        kind: kind.into(),
        at,
        rotation_deg,
        size: None,
        colour: None,
    }
}

/// 2026-11-20 09:15 UTC, the example lesson's start, ms.
const LESSON_START_MS: u64 = 1_795_166_100_000;

/// The operations that furnish the example design, as a class of four pupils and their
/// teacher made them.
fn example_script() -> Vec<(&'static str, Request)> {
    use Request::*;
    vec![
        ("otter", place("swing", [-47.0, -30.0], 0.0)),
        ("otter", place("slide", [-34.0, -36.0], 0.0)),
        ("lynx", place("climbing_frame", [-36.0, -24.0], 0.0)),
        ("lynx", place("sandpit", [-50.0, -40.0], 0.0)),
        ("otter", place("spring_rocker", [-41.0, -40.0], 0.0)),
        ("puffin", place("football_goal", [12.0, -29.0], 90.0)),
        ("puffin", place("football_goal", [48.0, -29.0], 270.0)),
        ("hare", place("basketball_hoop", [30.0, -38.0], 0.0)),
        ("hare", place("table_tennis", [30.0, 0.0], 0.0)),
        ("puffin", place("bench", [-20.0, 5.0], 0.0)),
        ("puffin", place("bench", [20.0, 15.0], 180.0)),
        ("lynx", place("picnic_table", [45.0, 15.0], 0.0)),
        ("hare", place("shelter", [-45.0, -10.0], 0.0)),
        ("otter", place("planter", [-50.0, 6.0], 0.0)),
        ("otter", place("planter", [-25.0, 6.0], 0.0)),
        ("lynx", place("rain_garden", [-5.0, 15.0], 0.0)),
        ("hare", place("tree", [-12.0, -38.0], 0.0)),
        ("hare", place("tree", [2.0, -36.0], 0.0)),
        ("puffin", place("bike_rack", [0.0, 24.0], 0.0)),
        ("lynx", place("bin", [-14.0, 3.0], 0.0)),
        ("lynx", place("bin", [25.0, -12.0], 0.0)),
        ("teacher", place("outdoor_classroom", [-10.0, -25.0], 0.0)),
        ("otter", place("trampoline", [-20.0, -15.0], 0.0)),
        ("hare", place("drinking_fountain", [5.0, -5.0], 0.0)),
        ("puffin", place("fence", [30.0, -14.0], 0.0)),
        ("otter", place("balance_beam", [-20.0, -41.0], 0.0)),
        // Second thoughts, as a class has them.
        (
            "puffin",
            Move {
                id: 10,
                to: [-22.0, 4.0],
            },
        ),
        (
            "otter",
            Recolour {
                id: 1,
                colour: "#c0392b".into(),
            },
        ),
        (
            "lynx",
            Resize {
                id: 16,
                to: [5.0, 2.5],
            },
        ),
        (
            "hare",
            Rotate {
                id: 13,
                to_deg: 10.0,
            },
        ),
        ("hare", Undo),
        ("lynx", Delete { id: 21 }),
        ("lynx", Undo),
    ]
}

fn run_script(design: &mut Design, script: Vec<(&'static str, Request)>) {
    for (n, (author, request)) in script.into_iter().enumerate() {
        let time = LESSON_START_MS + 20_000 * n as u64;
        if let Err(refusal) = design.apply(author, time, request.clone()) {
            panic!("step {n} ({author}: {request:?}) was refused: {refusal}");
        }
    }
}

fn example() -> Design {
    let mut design = Design::new(site(), brief());
    run_script(&mut design, example_script());
    design
}

#[test]
fn the_shipped_example_design_is_what_its_script_builds() {
    let design = example();
    let json = file::to_json(&design, "koivurinne.geojson");
    let path = sites().join("koivurinne.design.json");
    if std::env::var_os("RETKI_BLESS").is_some() {
        std::fs::write(&path, &json).unwrap();
    }
    let shipped = std::fs::read_to_string(&path).unwrap();
    assert!(
        shipped == json,
        "{} is out of date: run RETKI_BLESS=1 cargo test -p retki_design --test design",
        path.display()
    );
    let summary = design.summary();
    assert_eq!(summary.items, 26);
    assert!(summary.cost_eur > 30_000.0 && summary.cost_eur < summary.budget_eur);
    assert!(summary.play_area_per_pupil_m2 > 1.0, "{summary:?}");
}

#[test]
fn a_class_places_moves_undoes_and_exports_a_design() {
    let mut d = Design::new(site(), brief());
    let bench = d
        .apply("otter", 1, place("bench", [0.0, 10.0], 0.0))
        .unwrap()
        .change
        .item_id();
    let swing = d
        .apply("lynx", 2, place("swing", [-47.0, -30.0], 0.0))
        .unwrap()
        .change
        .item_id();
    d.apply(
        "otter",
        3,
        Request::Move {
            id: bench,
            to: [2.0, 12.0],
        },
    )
    .unwrap();
    assert_eq!(d.item(bench).unwrap().at, [2.0, 12.0]);

    // Undo is per pupil: lynx's undo takes back lynx's swing, not otter's move.
    d.apply("lynx", 4, Request::Undo).unwrap();
    assert!(d.item(swing).is_none());
    assert_eq!(d.item(bench).unwrap().at, [2.0, 12.0]);
    d.apply("otter", 5, Request::Undo).unwrap();
    assert_eq!(d.item(bench).unwrap().at, [0.0, 10.0]);
    d.apply("otter", 6, Request::Redo).unwrap();
    assert_eq!(d.item(bench).unwrap().at, [2.0, 12.0]);
    d.apply("lynx", 7, Request::Redo).unwrap();
    assert!(d.item(swing).is_some());
    assert_eq!(
        d.apply("lynx", 8, Request::Redo).unwrap_err(),
        Refusal::NothingToRedo
    );

    // Pointing finds the item; a turned bench covers its turned footprint only.
    assert_eq!(d.item_at([2.5, 12.2]), Some(bench));
    assert_eq!(d.item_at([2.0, 13.0]), None);
    d.apply(
        "otter",
        9,
        Request::Rotate {
            id: bench,
            to_deg: 90.0,
        },
    )
    .unwrap();
    assert_eq!(d.item_at([2.0, 12.8]), Some(bench));
    assert_eq!(d.item_at([2.8, 12.0]), None);
    d.apply("otter", 10, Request::Undo).unwrap();

    // Who placed and moved it: the log answers.
    let history: Vec<_> = d
        .history(bench)
        .map(|op| (op.author.as_str(), op.change.verb()))
        .collect();
    assert_eq!(
        history,
        [
            ("otter", "place"),
            ("otter", "move"),
            ("otter", "move"),
            ("otter", "move"),
            ("otter", "rotate"),
            ("otter", "rotate")
        ]
    );

    // The log replays to the same design.
    let replayed = Design::replay(site(), brief(), d.log()).unwrap();
    assert!(replayed.items().eq(d.items()));

    // Saved and loaded, it is the same design.
    let dir = tempdir();
    let saved = dir.join("ours.design.json");
    std::fs::copy(
        sites().join("koivurinne.geojson"),
        dir.join("koivurinne.geojson"),
    )
    .unwrap();
    file::save(&d, "koivurinne.geojson", &saved).unwrap();
    let Loaded { design: loaded, .. } = file::load(&saved).unwrap();
    assert!(loaded.items().eq(d.items()));
    assert_eq!(loaded.log(), d.log());

    // Exported, it reloads through the gltf crate with the same items where they were.
    let glb = export::to_glb(&d);
    let gltf = gltf::Gltf::from_slice(&glb).unwrap();
    assert!(gltf.blob.as_ref().is_some_and(|b| !b.is_empty()));
    let scene = gltf.default_scene().unwrap();
    let items = scene.nodes().find(|n| n.name() == Some("items")).unwrap();
    let nodes: Vec<_> = items.children().collect();
    assert_eq!(nodes.len(), d.items().len());
    for (node, item) in nodes.iter().zip(d.items()) {
        let (t, r, _) = node.transform().decomposed();
        assert_eq!([t[0], -t[2]], item.at, "{:?}", node.name());
        let yaw: f32 = 2.0 * r[1].atan2(r[3]);
        assert!((yaw.to_degrees().rem_euclid(360.0) - item.rotation_deg).abs() < 1e-3);
        let extras: serde_json::Value =
            serde_json::from_str(node.extras().as_ref().unwrap().get()).unwrap();
        assert_eq!(extras["id"], item.id);
        assert_eq!(extras["author"], item.placed_by.as_str());
        assert!(extras["cost_eur"].as_f64().unwrap() > 0.0);
        assert!(node.mesh().is_some());
    }
}

#[test]
fn refusals_say_why_and_change_nothing() {
    let mut d = example();
    let before = file::to_json(&d, "koivurinne.geojson");
    let cases: Vec<(Request, &str)> = vec![
        (place("bench", [100.0, 0.0], 0.0), "outside the yard"),
        (
            place("bench", [-40.0, 30.0], 0.0),
            "on the main school building",
        ),
        (
            place("bench", [54.0, -40.0], 0.0),
            "on the electricity substation",
        ),
        (place("bench", [-8.0, -1.5], 0.0), "trunk of the old birch"),
        (
            place("bench", [-47.0, -33.0], 0.0),
            "safety zone of the swing",
        ),
        (place("bench", [-22.0, 4.0], 0.0), "overlap the bench"),
        (
            place("slide", [3.0, -42.5], 0.0),
            "would reach outside the yard",
        ),
        (
            place("swing", [-14.7, -15.0], 0.0),
            "swing's may not overlap",
        ),
        (
            place("bike_rack", [-20.0, 11.0], 0.0),
            "safety zone would cover the main school building",
        ),
        (
            place("gazebo", [0.0, 0.0], 0.0),
            "no \"gazebo\" in the catalogue",
        ),
        (
            Request::Place {
                kind: "bench".into(),
                at: [0.0, -20.0],
                rotation_deg: 0.0,
                size: Some([9.0, 0.65]),
                colour: None,
            },
            "width must be 1.2–3 m, not 9 m",
        ),
        (
            Request::Move {
                id: 99,
                to: [0.0, 0.0],
            },
            "item 99 is not in the design",
        ),
        (
            Request::Recolour {
                id: 1,
                colour: "red".into(),
            },
            "not a colour",
        ),
        (
            Request::Resize {
                id: 6,
                to: [7.0, 1.5],
            },
            "width must be 3–5 m",
        ),
        (Request::Undo, "nothing of yours to undo"),
    ];
    for (request, expected) in cases {
        let refusal = d.apply("newcomer", 9, request.clone()).unwrap_err();
        assert!(
            refusal.to_string().contains(expected),
            "{request:?}: \"{refusal}\" does not say \"{expected}\""
        );
        assert_eq!(
            file::to_json(&d, "koivurinne.geojson"),
            before,
            "{request:?} changed it"
        );
    }
    // An operation on a deleted item.
    d.apply("lynx", 10, Request::Delete { id: 20 }).unwrap();
    let refusal = d
        .apply(
            "puffin",
            11,
            Request::Move {
                id: 20,
                to: [0.0, 0.0],
            },
        )
        .unwrap_err();
    assert_eq!(refusal, Refusal::NoSuchItem(20));
}

#[test]
fn undo_never_takes_back_someone_elses_later_change() {
    let mut d = example();
    d.apply(
        "otter",
        1,
        Request::Move {
            id: 14,
            to: [-50.0, 7.0],
        },
    )
    .unwrap();
    d.apply(
        "lynx",
        2,
        Request::Move {
            id: 14,
            to: [-49.0, 7.0],
        },
    )
    .unwrap();
    let before = file::to_json(&d, "koivurinne.geojson");
    let refusal = d.apply("otter", 3, Request::Undo).unwrap_err();
    assert_eq!(
        refusal.to_string(),
        "lynx changed item 14 after that; undo or change theirs first"
    );
    assert_eq!(file::to_json(&d, "koivurinne.geojson"), before);
    // Once lynx undoes theirs, otter's undo goes through.
    d.apply("lynx", 4, Request::Undo).unwrap();
    d.apply("otter", 5, Request::Undo).unwrap();
    assert_eq!(d.item(14).unwrap().at, [-50.0, 6.0]);
}

fn tempdir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "retki-design-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn bad_design_files_are_named_by_place() {
    let dir = tempdir();
    std::fs::copy(
        sites().join("koivurinne.geojson"),
        dir.join("koivurinne.geojson"),
    )
    .unwrap();
    let good = file::to_json(&example(), "koivurinne.geojson");
    let problems = |name: &str, text: &str| match file::load(&write(&dir, name, text)) {
        Ok(_) => panic!("{name} was accepted"),
        Err(p) => p.to_string(),
    };

    let newer = good.replacen("\"version\": 1", "\"version\": 2", 1);
    let e = problems("newer.json", &newer);
    assert!(
        e.contains("newer.json:3:14: version: this design was saved by a newer Retki"),
        "{e}"
    );

    let unknown = good.replacen("\"pupils\": 320", "\"pupils\": 320,\n  \"pupil\": 3", 1);
    let e = problems("unknown.json", &unknown);
    assert!(e.contains("unknown field `pupil`"), "{e}");

    let edited = good.replacen("\"at\": [\n        -47.0", "\"at\": [\n        -46.0", 1);
    let e = problems("edited.json", &edited);
    assert!(
        e.contains("items[0]: the items differ from what the log replays to"),
        "{e}"
    );

    let no_site = good.replacen(
        "\"site\": \"koivurinne.geojson\"",
        "\"site\": \"nowhere.geojson\"",
        1,
    );
    let e = problems("nosite.json", &no_site);
    assert!(
        e.contains("nosite.json:5:11: site: the site plan") && e.contains("cannot read it"),
        "{e}"
    );

    // A design written by hand, with no log: its items are checked against the rules.
    let by_hand = r##"{"format": "retki-design", "version": 1, "title": "t",
 "site": "koivurinne.geojson", "budget_eur": 1000, "pupils": 20, "log": [],
 "items": [
  {"id": 1, "kind": "bench", "at": [0, 10], "rotation_deg": 0, "width_m": 1.8, "depth_m": 0.65, "colour": "#000000", "placed_by": "x"},
  {"id": 2, "kind": "bench", "at": [0.5, 10], "rotation_deg": 0, "width_m": 1.8, "depth_m": 0.65, "colour": "#000000", "placed_by": "x"}
 ]}"##;
    let e = problems("byhand.json", by_hand);
    assert!(
        e.contains(
            "byhand.json:4:3: items[0]: bench (item 1): it would overlap the bench (item 2)"
        ),
        "{e}"
    );

    let latin1 = dir.join("latin1.json");
    std::fs::write(&latin1, b"{\"title\": \"P\xe4iv\xe4koti\"}").unwrap();
    let e = file::load(&latin1).err().unwrap().to_string();
    assert!(
        e.contains("latin1.json:1:13: this is not UTF-8 text"),
        "{e}"
    );
}
