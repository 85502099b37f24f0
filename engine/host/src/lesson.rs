//! `retki lesson check`: a lesson plan checked against Retki's own places (their viewpoints,
//! points of interest and texts) and the schoolyard catalogue; `retki lesson run --server`: a
//! lesson started on a school server that is already running.

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

/// Starts the lesson `plan` (checked here first) for `class` on the running server at
/// `server`, signed in as a teacher with `key` and `secret`; prints the join code, the teacher
/// key and the dashboard's link, and opens the dashboard where there is a desktop.
pub fn start_on(
    server: &retki_session::link::Link,
    plan: &Path,
    class: &str,
    (key, secret): (&str, &str),
    places: &crate::Places,
) -> Result<(), String> {
    let checked = check(plan, &places.scenes, &places.contents)
        .map_err(|problems| format!("the lesson plan has problems:\n{problems}"))?;
    let body = serde_json::json!({ "class": class, "lesson": checked.id }).to_string();
    let (status, answer) = crate::http_client::request(
        server,
        "POST",
        "/sessions",
        &[(
            "Authorization",
            &crate::http_client::basic_auth(key, secret),
        )],
        &body,
    )?;
    let answer: serde_json::Value = serde_json::from_str(&answer).unwrap_or_default();
    if status != 201 {
        return Err(format!(
            "{} refused the session ({status}): {}",
            server.base(),
            answer["error"].as_str().unwrap_or("no reason given")
        ));
    }
    let field = |name: &str| answer[name].as_str().unwrap_or_default().to_owned();
    println!(
        "lesson: {} ({} steps)",
        checked.title.en,
        checked.steps.len()
    );
    println!("session for class {class} on {}", server.base());
    println!("join code: {}", field("code"));
    println!("teacher key: {}", field("teacher_key"));
    println!("dashboard: {}", field("dashboard"));
    crate::serve::open_in_browser(&field("dashboard"));
    Ok(())
}
