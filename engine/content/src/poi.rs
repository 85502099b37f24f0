//! Points of interest: what a place teaches, where, and from which source.
//!
//! A place's file, `assets/scenes/NAME.toml`:
//!
//! ```toml
//! scene = "lunar"
//!
//! [[poi]]
//! id = "hammer_feather"                 # lower case, digits and _; unique in the place
//! position = [6.0, 9.0]                 # x (east) and z (south) on the ground, metres
//! title = "lunar-hammer-feather-title"  # Fluent keys, in assets/locales/{fi,sv,en}/lunar.ftl
//! narration = "lunar-hammer-feather-narration"
//! look_at = [6.0, 0.5, 9.0]             # optional: a point to turn the pupil towards, metres
//! height = 28.0                         # optional: metres above the ground (a platform), 0–100
//!
//! [[poi.fact]]
//! text = "lunar-hammer-feather-fact"
//! source = "NASA, Apollo 15 Lunar Surface Journal"
//! ```

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::Ground;
use crate::error::{ContentError, ContentErrors};
use crate::locale::{Lang, Texts};

/// The highest a point of interest may stand above the ground, metres: the top of the
/// tallest tropical trees.
pub const MAX_HEIGHT_M: f32 = 100.0;

/// A point of interest.
#[derive(Clone, Debug, PartialEq)]
pub struct Poi {
    /// Its id, unique in the place.
    pub id: String,
    /// Where it stands on the ground: x (east) and z (south), metres.
    pub position_m: [f32; 2],
    /// How far above the ground it stands, metres: 0 on the ground, more on a platform or a
    /// walkway.
    pub height_m: f32,
    /// The Fluent key of its title.
    pub title: String,
    /// The Fluent key of its narration (shown as text, and spoken where audio exists).
    pub narration: String,
    /// Its facts, each with its source.
    pub facts: Vec<Fact>,
    /// A point the pupil is turned towards, metres, if any.
    pub look_at_m: Option<[f32; 3]>,
}

/// A fact a point of interest teaches.
#[derive(Clone, Debug, PartialEq)]
pub struct Fact {
    /// The Fluent key of its text.
    pub text: String,
    /// Where it comes from, for a pupil or teacher to check.
    pub source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PoiFile {
    scene: Spanned<String>,
    #[serde(default)]
    poi: Vec<RawPoi>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPoi {
    id: Spanned<String>,
    position: Spanned<[f32; 2]>,
    height: Option<Spanned<f32>>,
    title: Spanned<String>,
    narration: Spanned<String>,
    #[serde(default)]
    fact: Vec<RawFact>,
    look_at: Option<[f32; 3]>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFact {
    text: Spanned<String>,
    source: Spanned<String>,
}

/// Reads and checks `path`, adding each problem to `errors`.
pub(crate) fn load(
    path: &Path,
    scene: &str,
    ground: Ground,
    texts: &Texts,
    errors: &mut ContentErrors,
) -> Vec<Poi> {
    let source = match std::fs::read_to_string(path) {
        Ok(source) => source,
        Err(e) => {
            errors.push(ContentError::whole(
                path,
                format!("cannot read the points of interest: {e}"),
            ));
            return Vec::new();
        }
    };
    let file: PoiFile = match toml::from_str(&source) {
        Ok(file) => file,
        Err(e) => {
            let offset = e.span().map_or(0, |s| s.start);
            errors.push(ContentError::at(
                path,
                &source,
                offset,
                "",
                format!("{} (see the format in the README)", e.message().trim()),
            ));
            return Vec::new();
        }
    };
    let mut check = Checker {
        path,
        source: &source,
        errors,
    };
    if file.scene.get_ref() != scene {
        check.fail(
            file.scene.span(),
            "scene",
            format!(
                "says '{}', but this is the file of '{scene}': make them the same",
                file.scene.get_ref()
            ),
        );
    }
    if file.poi.is_empty() {
        check.errors.push(ContentError::whole(
            path,
            "has no [[poi]]: a place needs points of interest".into(),
        ));
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut pois = Vec::new();
    for (i, raw) in file.poi.into_iter().enumerate() {
        let id = raw.id.get_ref();
        let field = |name: &str| format!("poi[{i}].{name}");
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            check.fail(
                raw.id.span(),
                &field("id"),
                format!("'{id}' must be lower-case letters, digits and _"),
            );
        }
        if let Some(first) = seen.insert(id.clone(), raw.id.span().start) {
            let (line, _) = crate::error::line_column(&source, first);
            check.fail(
                raw.id.span(),
                &field("id"),
                format!("'{id}' is already used on line {line}: ids must be unique"),
            );
        }
        let [x, z] = *raw.position.get_ref();
        let half = ground.half_extent_m;
        if !(x.is_finite() && z.is_finite() && x.abs() <= half && z.abs() <= half) {
            check.fail(
                raw.position.span(),
                &field("position"),
                format!(
                    "[{x}, {z}] is outside the ground, which reaches {half} m from the centre each way"
                ),
            );
        }
        let height_m = raw.height.as_ref().map_or(0.0, |h| *h.get_ref());
        if let Some(h) = &raw.height
            && !(0.0..=MAX_HEIGHT_M).contains(h.get_ref())
        {
            check.fail(
                h.span(),
                &field("height"),
                format!(
                    "{height_m} m: a point stands from 0 (on the ground) to {MAX_HEIGHT_M} m above it"
                ),
            );
        }
        check.text(texts, &raw.title, &field("title"));
        check.text(texts, &raw.narration, &field("narration"));
        if raw.fact.is_empty() {
            check.fail(
                raw.id.span(),
                &field("fact"),
                format!("'{id}' has no [[poi.fact]]: give it at least one fact with its source"),
            );
        }
        let mut facts = Vec::new();
        for (j, fact) in raw.fact.into_iter().enumerate() {
            check.text(texts, &fact.text, &format!("poi[{i}].fact[{j}].text"));
            if fact.source.get_ref().trim().is_empty() {
                check.fail(
                    fact.source.span(),
                    &format!("poi[{i}].fact[{j}].source"),
                    "is empty: say where the fact comes from".into(),
                );
            }
            facts.push(Fact {
                text: fact.text.into_inner(),
                source: fact.source.into_inner(),
            });
        }
        pois.push(Poi {
            id: raw.id.into_inner(),
            position_m: [x, z],
            height_m,
            title: raw.title.into_inner(),
            narration: raw.narration.into_inner(),
            facts,
            look_at_m: raw.look_at,
        });
    }
    pois
}

struct Checker<'a> {
    path: &'a Path,
    source: &'a str,
    errors: &'a mut ContentErrors,
}

impl Checker<'_> {
    fn fail(&mut self, span: Range<usize>, field: &str, message: String) {
        self.errors.push(ContentError::at(
            self.path,
            self.source,
            span.start,
            field,
            message,
        ));
    }

    /// The text `key` must exist in every language.
    fn text(&mut self, texts: &Texts, key: &Spanned<String>, field: &str) {
        let missing: Vec<&str> = Lang::ALL
            .into_iter()
            .filter(|&lang| texts.get(lang, key.get_ref()).is_none())
            .map(Lang::code)
            .collect();
        if !missing.is_empty() {
            self.fail(
                key.span(),
                field,
                format!(
                    "no text '{}' in {}: add it to the Fluent file of each",
                    key.get_ref(),
                    missing.join(", ")
                ),
            );
        }
    }
}
