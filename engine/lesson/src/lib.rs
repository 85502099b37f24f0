//! Lesson plans, with no Bevy: the model of a lesson (goals, grade band, curriculum links,
//! ordered steps with scenes, viewpoints, points of interest and tasks), its TOML parser, the
//! validator whose errors name file, line and column, and the step machine a teacher drives.
//!
//! The crate is a placeholder in the workspace layout: lesson plans arrive with the guided
//! lessons work, and nothing here is used yet.
