//! `retki lesson check`: a lesson plan checked against Retki's own places (their viewpoints,
//! points of interest and texts) and the schoolyard catalogue.

use std::path::Path;

use retki_core::SceneDef;
use retki_core::poi::PlaceContents;
use retki_lesson::{LessonPlan, World};

/// Checks the plan at `path` against `scenes` and their `contents`; the error lists every
/// problem, one per line, each with its file, line, column and field.
pub fn check(
    path: &Path,
    scenes: &[SceneDef],
    contents: &PlaceContents,
) -> Result<LessonPlan, String> {
    let world = World {
        places: scenes
            .iter()
            .filter_map(|def| {
                contents
                    .get(def.id)
                    .map(|place| (def.id.0, def.viewpoint_names(), place))
            })
            .collect(),
        item_kinds: retki_design::catalogue::catalogue()
            .iter()
            .map(|k| k.id)
            .collect(),
    };
    retki_lesson::load(path, &world).map_err(|errors| errors.to_string())
}
