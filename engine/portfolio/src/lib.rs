//! The portfolio store, with no Bevy: what pupils did, as xAPI 1.0.3 statements any
//! learning-record tool can read, and what they made (snapshots, designs, reflections), in
//! SQLite or PostgreSQL, behind the xAPI HTTP API and access rules, with the privacy
//! operations (export, erasure, retention) a school needs.
//!
//! - [`xapi`]: the statement validator, which names the field it finds wrong.
//! - [`store`]: statements, documents, learners and classes, artefacts, privacy operations.
//! - [`access`]: who may see and do what.
//! - [`pseudonym`]: pupils' names in a class session and the learner ids they stand for.
//! - [`http`]: the xAPI resources under `/xapi/` and the portfolio under `/portfolio/`.
//! - [`cli`]: `retki portfolio …` and `retki serve`.

pub mod access;
pub mod bench;
pub mod cli;
pub mod http;
pub mod pseudonym;
pub mod store;
pub mod time;
pub mod xapi;

/// Retki's version, with the commit its sources come from and that commit's date:
/// `0.1.0 (commit 0123456789ab, 2026-12-07)`, as `retki --version`, `/xapi/about` and the
/// teacher's dashboard say it.
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("RETKI_COMMIT"),
    ", ",
    env!("RETKI_COMMIT_DATE"),
    ")"
);
