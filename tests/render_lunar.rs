//! Renders every lunar viewpoint through the real renderer (Mesa lavapipe on machines without
//! a GPU) and checks the pictures: not blank, many colours, a dark sky over lit ground, and
//! the Earth where the camera says it should be.

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

    fn pixel(&self, x: usize, y: usize) -> [u8; 3] {
        let i = 4 * (y * self.width + x);
        [self.rgba[i], self.rgba[i + 1], self.rgba[i + 2]]
    }

    /// Mean luma (Rec. 709 weights, on the stored sRGB values) of rows `rows`.
    fn mean_luma(&self, rows: std::ops::Range<usize>) -> f64 {
        let mut sum = 0.0;
        let mut n = 0.0;
        for y in rows {
            for x in 0..self.width {
                sum += luma(self.pixel(x, y));
                n += 1.0;
            }
        }
        sum / n
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

#[test]
fn every_lunar_viewpoint_renders_a_plausible_moon() {
    let out = std::env::temp_dir().join(format!("retki-render-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let status = Command::new(env!("CARGO_BIN_EXE_retki"))
        .args([
            "render", "lunar", "--views", "all", "--size", "640x360", "--out",
        ])
        .arg(&out)
        .status()
        .expect("retki runs");
    assert!(status.success(), "retki render failed: {status}");

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
        let (colours, commonest) = picture.colour_spread();
        assert!(colours > 500, "{name}: only {colours} distinct colours");
        assert!(
            commonest < 0.8,
            "{name}: one colour covers {:.0}% of the picture",
            commonest * 100.0
        );

        // Every viewpoint shows the horizon: sky fills the top fifth, ground the lower half
        // (partly in shadow, as low sunlight leaves it).
        let sky = picture.mean_luma(0..picture.height / 5);
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
