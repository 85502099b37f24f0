//! Retki's programs as processes: the command line, the server with pupils' and teachers'
//! clients, an attacker on the class's network, finding a class on the network, joining from
//! the lobby, the dashboard in headless Chromium, `retki demo`, the OpenXR session against
//! Monado, and the Quest build's check. One test binary, one module per feature.

#[path = "../app/common.rs"]
mod common;
mod support;

mod attack;
mod cli;
mod dashboard;
mod demo;
mod discovery;
mod lesson_session;
mod lobby;
mod quest_build;
mod remote_controllers;
mod session_processes;
mod xr_monado;
