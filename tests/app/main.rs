//! Retki's app in this process, headless or rendering off-screen on the CPU: the places, their
//! budgets and pictures, what a pupil does there (pointing, grabbing, moving, the menu board,
//! the schoolyard), the lobby's start screen, the class client's presence and the teacher's
//! view of a pupil, and the lesson plans. One test binary, one module per feature, so the app
//! is linked once.

mod common;

mod budgets;
mod controller_models;
mod grab;
mod lessons;
mod lobby_render;
mod locomotion;
mod lunar_physics;
mod menu;
mod poi;
mod presence;
mod render_places;
mod schoolyard;
mod seabed_physics;
mod trip_states;
mod watch_render;
