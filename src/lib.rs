//! The `retki` program as a library: how each face of the app (window, headset, off-screen,
//! headless) is assembled, so that the binary, the tests and the benchmarks build the same
//! app.

pub mod app;
pub mod cli;
pub mod dashboard;
pub mod demo;
pub mod headset;
pub mod http_client;
pub mod join;
pub mod lesson;
pub mod loadtest;
pub mod presence;
pub mod serve;
pub mod tasks;
