//! The `retki` program as a library: how each face of the app (window, headset, off-screen,
//! headless) is assembled, so that the binary, the tests and the benchmarks build the same
//! app.

pub mod app;
pub mod class_pictures;
pub mod cli;
pub mod lobby;
