//! A place from data files: one point of interest in `examples/assets/scenes/pond.toml`, its
//! texts in Finnish, Swedish and English in `examples/assets/locales/*/pond.ftl`, read and
//! checked exactly as Retki reads its own places. Change a key or move the point off the
//! ground and run it again to see the errors an author gets (file:line:col, field, what to do).
//!
//! Run: `cargo run --example minimal_place`

use std::path::Path;
use std::process::ExitCode;

use retki_content::{Ground, Lang, load_place};

/// The pond's ground: a square 20 m across, centred on the place's origin.
const POND_GROUND: Ground = Ground {
    half_extent_m: 10.0,
};

fn main() -> ExitCode {
    let assets = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/assets");
    let place = match load_place(&assets, "pond", POND_GROUND) {
        Ok(place) => place,
        Err(errors) => {
            eprintln!("the pond has errors:\n{errors}");
            return ExitCode::FAILURE;
        }
    };
    for poi in &place.pois {
        let [x, z] = poi.position_m;
        println!("{} at {x} m east, {z} m south:", poi.id);
        for lang in [Lang::Fi, Lang::Sv, Lang::En] {
            let text = |key: &str| place.texts.get(lang, key).unwrap_or("?");
            println!(
                "  {}: {} — {}",
                lang.code(),
                text(&poi.title),
                text(&poi.narration)
            );
            for fact in &poi.facts {
                println!("    {} ({})", text(&fact.text), fact.source);
            }
        }
    }
    ExitCode::SUCCESS
}
