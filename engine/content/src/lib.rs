//! Place content that people author, read and checked without Bevy: each place's points of
//! interest (`assets/scenes/NAME.toml`) and their texts in Finnish, Swedish and English
//! (`assets/locales/{fi,sv,en}/NAME.ftl`, Fluent).
//!
//! The app, `retki trip` and the lesson checker load content through [`load_place`], so an
//! author sees the same errors wherever the file is used: each names the file, line and
//! column, the field, and what to do.
//!
//! Positions are in metres in the place's own frame: x to the east, z to the south, y up, as
//! everywhere in Retki.

pub mod error;
pub mod locale;
pub mod poi;

use std::path::Path;

pub use error::{ContentError, ContentErrors};
pub use locale::{Lang, Texts};
pub use poi::{Fact, Poi};

/// A place's points of interest with their texts in every language.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    /// The place's name, as in `retki trip NAME`.
    pub scene: String,
    /// Its points of interest, in file order.
    pub pois: Vec<Poi>,
    /// Every text of the place, in every language.
    pub texts: Texts,
}

impl Place {
    /// The point of interest called `id`.
    pub fn poi(&self, id: &str) -> Option<&Poi> {
        self.pois.iter().find(|p| p.id == id)
    }
}

/// Where the points of interest of a place may stand: a square of ground centred on the
/// place's origin.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ground {
    /// Half the side of the square, metres.
    pub half_extent_m: f32,
}

/// Reads `scene`'s points of interest and texts from the `assets` folder and checks them
/// against each other and against `ground`: every text a point names must exist in every
/// language, ids must be unique, and every point must stand on the ground. Returns every
/// error found, not just the first.
pub fn load_place(assets: &Path, scene: &str, ground: Ground) -> Result<Place, ContentErrors> {
    let poi_path = assets.join("scenes").join(format!("{scene}.toml"));
    let mut errors = ContentErrors::default();
    let texts = Texts::load(assets, scene, &mut errors);
    let pois = poi::load(&poi_path, scene, ground, &texts, &mut errors);
    if errors.is_empty() {
        Ok(Place {
            scene: scene.to_string(),
            pois,
            texts,
        })
    } else {
        Err(errors)
    }
}
