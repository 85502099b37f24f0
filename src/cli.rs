//! Checking what a person typed, with one-line errors that list the valid choices.

use retki_core::SceneDef;

/// Smallest and largest image side `--size` accepts, pixels.
pub const SIZE_LIMITS: (u32, u32) = (16, 8192);

/// The place called `name` among `scenes`.
pub fn parse_scene<'a>(name: &str, scenes: &'a [SceneDef]) -> Result<&'a SceneDef, String> {
    scenes.iter().find(|s| s.id.0 == name).ok_or_else(|| {
        let names: Vec<&str> = scenes.iter().map(|s| s.id.0).collect();
        format!(
            "unknown scene '{name}'; choose one of: {}",
            names.join(", ")
        )
    })
}

/// Viewpoint names from `--views`: `all`, or names separated by commas.
pub fn parse_views(text: &str, scene: &SceneDef) -> Result<Vec<String>, String> {
    let known = scene.viewpoint_names();
    if text == "all" {
        return Ok(known.iter().map(|s| s.to_string()).collect());
    }
    let mut views = Vec::new();
    for name in text.split(',').map(str::trim) {
        if !known.contains(&name) {
            return Err(format!(
                "unknown view '{name}' in {}; choose 'all' or some of: {}",
                scene.id.0,
                known.join(", ")
            ));
        }
        views.push(name.to_string());
    }
    Ok(views)
}

/// An image size written `WIDTHxHEIGHT`, such as `1280x720`.
pub fn parse_size(text: &str) -> Result<(u32, u32), String> {
    let (lo, hi) = SIZE_LIMITS;
    let bad = || {
        format!(
            "malformed size '{text}'; write WIDTHxHEIGHT in pixels, each {lo} to {hi}, such as 1280x720"
        )
    };
    let (w, h) = text.split_once(['x', 'X']).ok_or_else(bad)?;
    let w: u32 = w.trim().parse().map_err(|_| bad())?;
    let h: u32 = h.trim().parse().map_err(|_| bad())?;
    if !(lo..=hi).contains(&w) || !(lo..=hi).contains(&h) {
        return Err(bad());
    }
    Ok((w, h))
}

#[cfg(test)]
mod tests {
    use super::*;
    use retki_core::SceneId;

    fn scenes() -> Vec<SceneDef> {
        retki_scenes::catalogue()
    }

    #[test]
    fn scenes_by_name() {
        assert_eq!(
            parse_scene("lunar", &scenes()).map(|s| s.id),
            Ok(SceneId("lunar"))
        );
        let error = parse_scene("mars", &scenes()).unwrap_err();
        assert!(
            error.contains("'mars'") && error.contains("lunar"),
            "{error}"
        );
    }

    #[test]
    fn views_all_some_or_refused() {
        let lunar = &scenes()[0];
        assert_eq!(
            parse_views("all", lunar).unwrap().len(),
            lunar.viewpoints.len()
        );
        assert_eq!(
            parse_views("crater_rim, landing_site", lunar).unwrap(),
            vec!["crater_rim", "landing_site"]
        );
        let error = parse_views("landing_site,summit", lunar).unwrap_err();
        assert!(
            error.contains("'summit'") && error.contains("crater_rim"),
            "{error}"
        );
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("1280x720"), Ok((1280, 720)));
        assert_eq!(parse_size("64X32"), Ok((64, 32)));
        for bad in [
            "", "1280", "x720", "1280x", "ax b", "0x10", "99999x10", "-5x10",
        ] {
            let error = parse_size(bad).unwrap_err();
            assert!(error.contains("WIDTHxHEIGHT"), "{bad}: {error}");
        }
    }
}
