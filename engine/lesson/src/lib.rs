//! Lesson plans, with no Bevy: the TOML format a teacher writes, read and checked against the
//! places it visits ([`plan`]), and the lesson as it runs, step by step ([`run`]).

pub mod plan;
pub mod run;

pub use plan::{LessonPlan, World, load, parse};
pub use run::{LessonRun, RunError};
