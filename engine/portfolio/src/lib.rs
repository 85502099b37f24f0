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
