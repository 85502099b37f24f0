//! Renders every viewpoint of every place through the real renderer (Mesa lavapipe on machines
//! without a GPU) and checks the pictures. On the Moon: not blank, many colours, a dark sky over
//! lit ground, and the Earth where the camera says it should be. On the seabed: water that has
//! taken the red out of the light, and a bottom dimmer and bluer than the top. In the
//! rainforest: green layers, dim below and bright above. In the Middle Ages town: a blue sky over
//! the roofs at noon, darker and redder at dusk. With a point of interest open, its panel shows.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

struct Picture {
    width: usize,
    height: usize,
    rgba: Vec<u8>,
}

impl Picture {
    fn load(path: &Path) -> Picture {
        let decoder = png::Decoder::new(std::io::BufReader::new(
            std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
        ));
        let mut reader = decoder.read_info().expect("a PNG");
        let mut rgba = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut rgba).expect("a frame");
        assert_eq!(info.color_type, png::ColorType::Rgba, "{}", path.display());
        Picture {
            width: info.width as usize,
            height: info.height as usize,
            rgba,
        }
    }

    /// Mean red, green and blue over the whole picture (stored sRGB values).
    fn mean_rgb(&self) -> [f64; 3] {
        let mut sum = [0.0; 3];
        for px in self.rgba.chunks_exact(4) {
            for c in 0..3 {
                sum[c] += f64::from(px[c]);
            }
        }
        let n = (self.width * self.height) as f64;
        sum.map(|s| s / n)
    }

    fn pixel(&self, x: usize, y: usize) -> [u8; 3] {
        let i = 4 * (y * self.width + x);
        [self.rgba[i], self.rgba[i + 1], self.rgba[i + 2]]
    }

    /// Mean red and mean blue of rows `rows` (stored sRGB values).
    fn mean_red_blue(&self, rows: std::ops::Range<usize>) -> (f64, f64) {
        let (mut r, mut b, mut n) = (0.0, 0.0, 0.0);
        for y in rows {
            for x in 0..self.width {
                let [pr, _, pb] = self.pixel(x, y);
                r += f64::from(pr);
                b += f64::from(pb);
                n += 1.0;
            }
        }
        (r / n, b / n)
    }

    /// Mean luma (Rec. 709 weights, on the stored sRGB values) of rows `rows`.
    fn mean_luma(&self, rows: std::ops::Range<usize>) -> f64 {
        self.mean_luma_in(0..self.width, rows)
    }

    /// Mean luma of columns `columns` of rows `rows`.
    fn mean_luma_in(&self, columns: std::ops::Range<usize>, rows: std::ops::Range<usize>) -> f64 {
        let mut sum = 0.0;
        let mut n = 0.0;
        for y in rows {
            for x in columns.clone() {
                sum += luma(self.pixel(x, y));
                n += 1.0;
            }
        }
        sum / n
    }

    /// Asserts the picture is no blank or flat frame: over 500 distinct colours, and none
    /// covering `most` of it or more.
    fn assert_varied(&self, view: &str, most: f64) {
        let (colours, commonest) = self.colour_spread();
        assert!(colours > 500, "{view}: only {colours} distinct colours");
        assert!(
            commonest < most,
            "{view}: one colour covers {:.0}% of the picture",
            commonest * 100.0
        );
    }

    /// How many distinct colours the picture has, and the share of pixels the commonest
    /// one covers.
    fn colour_spread(&self) -> (usize, f64) {
        let mut counts = std::collections::HashMap::new();
        for px in self.rgba.chunks_exact(4) {
            *counts.entry([px[0], px[1], px[2]]).or_insert(0usize) += 1;
        }
        let commonest = counts.values().copied().max().unwrap_or(0);
        (
            counts.len(),
            commonest as f64 / (self.width * self.height) as f64,
        )
    }
}

fn luma([r, g, b]: [u8; 3]) -> f64 {
    0.2126 * f64::from(r) + 0.7152 * f64::from(g) + 0.0722 * f64::from(b)
}

/// Renders `args` of `scene` at 640×360 into a fresh folder and returns it.
fn render(scene: &str, args: &[&str]) -> std::path::PathBuf {
    static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let run = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let out = std::env::temp_dir().join(format!(
        "retki-render-test-{scene}-{run}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&out);
    let status = Command::new(env!("CARGO_BIN_EXE_retki"))
        .args(["render", scene, "--size", "640x360", "--out"])
        .arg(&out)
        .args(args)
        .status()
        .expect("retki runs");
    assert!(status.success(), "retki render {scene} failed: {status}");
    out
}

#[test]
fn every_lunar_viewpoint_renders_a_plausible_moon() {
    let out = render("lunar", &["--views", "all"]);

    let manifest: Value =
        serde_json::from_slice(&std::fs::read(out.join("views.json")).expect("views.json"))
            .expect("views.json is JSON");
    let views = manifest.as_array().expect("a list of views");
    let expected = retki_scenes::lunar::scene_def().viewpoints.len();
    assert_eq!(views.len(), expected);

    let mut earth_seen = 0;
    for view in views {
        let name = view["stats"]["viewpoint"].as_str().unwrap();
        let picture = Picture::load(&out.join(format!("{name}.png")));
        assert_eq!((picture.width, picture.height), (640, 360), "{name}");

        // Not blank, not one flat colour: shaded ground, stars and the Earth.
        picture.assert_varied(name, 0.8);

        // Every viewpoint shows the horizon: sky fills the top fifth of the left half (the
        // lunar module stands on the right of its view), ground the lower half (partly in
        // shadow, as low sunlight leaves it).
        let sky = picture.mean_luma_in(0..picture.width / 2, 0..picture.height / 5);
        let ground = picture.mean_luma(picture.height / 2..picture.height);
        assert!(
            sky < 20.0,
            "{name}: the lunar sky is black, but its mean luma is {sky:.1}"
        );
        assert!(
            ground > sky + 20.0,
            "{name}: sunlit ground ({ground:.1}) must be brighter than the sky ({sky:.1})"
        );

        for landmark in view["landmarks"].as_array().unwrap() {
            if landmark["name"] != "earth" || landmark["in_view"] != true {
                continue;
            }
            earth_seen += 1;
            let (x, y) = (
                landmark["x"].as_f64().unwrap(),
                landmark["y"].as_f64().unwrap(),
            );
            let radius = landmark["radius_px"].as_f64().unwrap();
            assert!(
                radius > 3.0,
                "{name}: the Earth should be a disc, not a dot"
            );
            // The disc's centre is lit ocean blue: blue over red, and far brighter than sky.
            let [r, g, b] = picture.pixel(x.round() as usize, y.round() as usize);
            assert!(
                b > r && luma([r, g, b]) > sky + 30.0,
                "{name}: expected the Earth at ({x:.0}, {y:.0}), found rgb({r}, {g}, {b})"
            );
            // Just outside the disc is black sky again.
            let outside = (x + radius * 2.0).round() as usize;
            if outside < picture.width {
                let beside = picture.pixel(outside, y.round() as usize);
                assert!(
                    luma(beside) < 40.0,
                    "{name}: the Earth is larger than drawn"
                );
            }
        }
    }
    assert!(
        earth_seen >= 2,
        "the Earth should be in at least two viewpoints"
    );
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn every_seabed_viewpoint_renders_water_that_dims_and_blues_with_depth() {
    use retki_scenes::seabed::{BOTTOM_VIEWPOINT, TOP_VIEWPOINT};

    let out = render("seabed", &["--views", "all"]);
    let def = retki_scenes::seabed::scene_def();
    let mut means = std::collections::HashMap::new();
    for view in def.viewpoint_names() {
        let picture = Picture::load(&out.join(format!("{view}.png")));
        picture.assert_varied(view, 0.5);
        // Under water the red goes first: every view is greener and bluer than it is red.
        let [r, g, b] = picture.mean_rgb();
        assert!(
            r < g && r < b,
            "{view}: mean rgb({r:.0}, {g:.0}, {b:.0}) should have the least red"
        );
        assert!(
            g + b > 30.0,
            "{view}: mean rgb({r:.0}, {g:.0}, {b:.0}) is too dark to show anything"
        );
        means.insert(view, [r, g, b]);
    }
    let [tr, tg, tb] = means[TOP_VIEWPOINT];
    let [br, bg, bb] = means[BOTTOM_VIEWPOINT];
    let luma = |r: f64, g: f64, b: f64| 0.2126 * r + 0.7152 * g + 0.0722 * b;
    assert!(
        luma(br, bg, bb) < 0.8 * luma(tr, tg, tb),
        "the bottom (rgb {br:.0}, {bg:.0}, {bb:.0}) should be dimmer than the top \
         (rgb {tr:.0}, {tg:.0}, {tb:.0})"
    );
    assert!(
        bb / br.max(1.0) > tb / tr.max(1.0),
        "the bottom (rgb {br:.0}, {bg:.0}, {bb:.0}) should be bluer against red than the top \
         (rgb {tr:.0}, {tg:.0}, {tb:.0})"
    );
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn every_rainforest_viewpoint_renders_green_layers_dim_below_and_bright_above() {
    use retki_scenes::rainforest::{CROWN_VIEWPOINT, FLOOR_VIEWPOINT};

    let out = render("rainforest", &["--views", "all"]);
    let def = retki_scenes::rainforest::scene_def();
    let mut lumas = std::collections::HashMap::new();
    for view in def.viewpoint_names() {
        let picture = Picture::load(&out.join(format!("{view}.png")));
        picture.assert_varied(view, 0.5);
        // Leaves and sky everywhere, no bare earth or bark alone: more green than red.
        let [r, g, b] = picture.mean_rgb();
        assert!(
            g > 1.1 * r,
            "{view}: mean rgb({r:.0}, {g:.0}, {b:.0}) should be greener than red"
        );
        lumas.insert(view, picture.mean_luma(0..picture.height));
    }
    // Under the layers of leaves the floor is dim; above the roof of crowns it is bright.
    let (floor, above) = (lumas[FLOOR_VIEWPOINT], lumas[CROWN_VIEWPOINT]);
    assert!(
        floor < 0.7 * above,
        "the floor (luma {floor:.0}) should be dimmer than above the canopy ({above:.0})"
    );
    // Above the canopy the sky shows at the top of the picture: bluer than it is red.
    let sky = Picture::load(&out.join(format!("{CROWN_VIEWPOINT}.png")));
    let (r, b) = sky.mean_red_blue(0..sky.height / 6);
    assert!(
        b > 1.2 * r,
        "no sky at the top above the canopy: red {r:.0}, blue {b:.0}"
    );
    let _ = std::fs::remove_dir_all(&out);
}

/// Mean red and blue of the top tenth of a picture: the sky, where it shows.
fn sky_red_blue(picture: &Picture) -> (f64, f64) {
    picture.mean_red_blue(0..picture.height / 10)
}

#[test]
fn every_middle_ages_viewpoint_renders_a_town_under_a_sky_that_dims_and_reddens_at_dusk() {
    use retki_scenes::middle_ages::{BELFRY_VIEWPOINT, SQUARE_VIEWPOINT};

    let noon = render("middle_ages", &["--views", "all"]);
    let def = retki_scenes::middle_ages::scene_def();
    for view in def.viewpoint_names() {
        let picture = Picture::load(&noon.join(format!("{view}.png")));
        picture.assert_varied(view, 0.5);
        if view == BELFRY_VIEWPOINT {
            continue;
        }
        // From the ground a blue sky shows above the roofs, brighter than the town below it.
        let (r, b) = sky_red_blue(&picture);
        assert!(
            b > r + 20.0,
            "{view}: the sky at the top is red {r:.0}, blue {b:.0}"
        );
        let (sky, town) = (
            picture.mean_luma(0..picture.height / 10),
            picture.mean_luma(picture.height / 2..picture.height),
        );
        assert!(
            sky > town,
            "{view}: the sky (luma {sky:.0}) should be brighter than the town ({town:.0})"
        );
    }
    // The belfry looks down on the roofs: more of the picture is town than sky.
    let belfry = Picture::load(&noon.join(format!("{BELFRY_VIEWPOINT}.png")));
    let (r, b) = sky_red_blue(&belfry);
    let [mr, mg, mb] = belfry.mean_rgb();
    assert!(
        mb < mr.max(mg) + 10.0,
        "the belfry view should be roofs and ground, mean rgb({mr:.0}, {mg:.0}, {mb:.0}) (sky red {r:.0}, blue {b:.0})"
    );

    // At a quarter past seven, just before sunset, the square is darker and the sky redder.
    let dusk = render(
        "middle_ages",
        &["--views", SQUARE_VIEWPOINT, "--time", "19:15"],
    );
    let day = Picture::load(&noon.join(format!("{SQUARE_VIEWPOINT}.png")));
    let evening = Picture::load(&dusk.join(format!("{SQUARE_VIEWPOINT}.png")));
    let (day_luma, evening_luma) = (
        day.mean_luma(0..day.height),
        evening.mean_luma(0..evening.height),
    );
    assert!(
        evening_luma < 0.8 * day_luma,
        "dusk (luma {evening_luma:.0}) should be darker than noon ({day_luma:.0})"
    );
    let ((dr, db), (er, eb)) = (sky_red_blue(&day), sky_red_blue(&evening));
    assert!(
        er / eb.max(1.0) > 1.3 * dr / db.max(1.0),
        "the sky should redden at dusk: noon red/blue {dr:.0}/{db:.0}, dusk {er:.0}/{eb:.0}"
    );
    let _ = std::fs::remove_dir_all(&noon);
    let _ = std::fs::remove_dir_all(&dusk);
}

#[test]
fn an_open_point_of_interest_shows_its_panel() {
    // The lunar module's point, opened from the viewpoint beside it: its panel stands above
    // the marker, in view, a dark-blue board with white, amber and pale blue letters in a
    // grey, gold and black picture.
    let out = render(
        "lunar",
        &["--views", "lunar_module", "--poi", "lunar_module"],
    );
    let with = Picture::load(&out.join("lunar_module.png"));
    let plain_out = render("lunar", &["--views", "lunar_module"]);
    let plain = Picture::load(&plain_out.join("lunar_module.png"));
    let _ = std::fs::remove_dir_all(&plain_out);
    // The board covers a good part of the view (1.6 m away, 0.9 m × 0.6 m), darkening what is
    // behind it, and its letters are bright where the picture behind was not.
    let (mut changed, mut letters) = (0, 0);
    for y in 0..with.height {
        for x in 0..with.width {
            let (a, b) = (luma(with.pixel(x, y)), luma(plain.pixel(x, y)));
            if (a - b).abs() > 12.0 {
                changed += 1;
                if a > 150.0 && a > b + 60.0 {
                    letters += 1;
                }
            }
        }
    }
    let area = with.width * with.height;
    assert!(
        changed > area / 20,
        "the panel should change a good part of the view: {changed} of {area} pixels"
    );
    assert!(
        letters > 200,
        "the panel should show letters: {letters} bright pixels"
    );
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn every_schoolyard_viewpoint_renders_the_furnished_design() {
    let out = render("schoolyard", &["--views", "all"]);
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(out.join("views.json")).expect("views.json"))
            .expect("views.json is JSON");
    let views = manifest.as_array().expect("a list of views");
    assert_eq!(
        views.len(),
        retki_scenes::schoolyard::scene_def().viewpoints.len()
    );
    let mut swings_seen = 0;
    for view in views {
        let name = view["stats"]["viewpoint"].as_str().unwrap();
        let picture = Picture::load(&out.join(format!("{name}.png")));
        picture.assert_varied(name, 0.6);

        // The summary stands in the top-left corner: light letters on a dark panel.
        let (w, h) = (picture.width, picture.height);
        let letters = (0..h / 8)
            .flat_map(|y| (0..w / 3).map(move |x| (x, y)))
            .filter(|&(x, y)| luma(picture.pixel(x, y)) > 200.0)
            .count();
        assert!(
            letters > 150,
            "{name}: the summary shows {letters} bright pixels"
        );

        // Views from the ground and from the corner show a blue sky over the yard; the view
        // from above shows only ground, and more green than blue.
        let [r, g, b] = picture.mean_rgb();
        if name == "overview" {
            assert!(
                g > b,
                "{name}: mean rgb({r:.0}, {g:.0}, {b:.0}) should be ground"
            );
        } else {
            let sky = picture.pixel(w * 3 / 4, h / 10);
            assert!(
                sky[2] > sky[0] + 30 && luma(sky) > 120.0,
                "{name}: the sky at the top right is rgb{sky:?}"
            );
        }

        // The swing the class painted red stands where the design puts it.
        for landmark in view["landmarks"].as_array().unwrap() {
            if landmark["name"] != "swing" || landmark["in_view"] != true {
                continue;
            }
            let (x, y) = (
                landmark["x"].as_f64().unwrap(),
                landmark["y"].as_f64().unwrap(),
            );
            let radius = landmark["radius_px"].as_f64().unwrap();
            // From far above, the swing's bars are thinner than a pixel.
            if radius < 8.0 {
                continue;
            }
            let reach = radius * 1.5;
            let mut red = 0;
            for py in (y - reach).max(0.0) as usize..((y + reach) as usize).min(h) {
                for px in (x - reach).max(0.0) as usize..((x + reach) as usize).min(w) {
                    let [r, g, b] = picture.pixel(px, py);
                    if r > g.saturating_add(40) && r > b.saturating_add(40) {
                        red += 1;
                    }
                }
            }
            assert!(red >= 4, "{name}: no red swing round ({x:.0}, {y:.0})");
            swings_seen += 1;
        }
    }
    assert!(
        swings_seen >= 1,
        "the swing should be near enough to see in a view"
    );
    let _ = std::fs::remove_dir_all(&out);
}
