//! Class sessions over the school network: the authoritative server and client plugins,
//! teacher and pupil roles enforced by the server, replicated state (scene, lesson step,
//! avatars, pointers, grabbed objects, schoolyard operations), and the outbox that records
//! every learner action in the portfolio store.
//!
//! The crate is a placeholder in the workspace layout: nothing here is used yet.
