//! The portfolio store, with no Bevy: xAPI 1.0.3 statements and their validation, storage in
//! SQLite or PostgreSQL, the HTTP API, pupils' artefacts, and the privacy operations (export
//! and erasure) that a school needs to keep its pupils' records.
//!
//! The crate is a placeholder in the workspace layout: nothing here is used yet.
