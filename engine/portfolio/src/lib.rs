//! The portfolio store, with no Bevy: xAPI 1.0.3 statements and their validation, storage in
//! SQLite or PostgreSQL, the HTTP API, pupils' artefacts, and the privacy operations (export
//! and erasure) that a school needs to keep its pupils' records.
//!
//! What exists so far: [`xapi`], the statement validator, which names the field it finds
//! wrong, and [`store`], which keeps validated statements in SQLite or PostgreSQL and finds
//! them again by the xAPI filters.

pub mod store;
pub mod time;
pub mod xapi;
