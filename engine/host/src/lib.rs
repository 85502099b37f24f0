//! The school's server, `retki serve`: the authoritative class sessions over UDP, the
//! portfolio store's HTTP API and new sessions on one port ([`serve`]), the teacher's live
//! dashboard ([`dashboard`]), lesson plans checked against the places and started on a
//! running server ([`lesson`]), a small HTTP client for the server's own callers
//! ([`http_client`]), and `retki demo`, a whole guided lesson on one machine ([`demo`]).
//!
//! The places are given to it ([`Places`]), so it never builds a scene.

pub mod dashboard;
pub mod demo;
pub mod http_client;
pub mod lesson;
pub mod serve;
pub mod tls;

use retki_core::SceneDef;
use retki_core::poi::PlaceContents;

/// Retki's places as the server needs them: their definitions and their checked content.
#[derive(Clone, Debug)]
pub struct Places {
    /// Every place, in the registry's order.
    pub scenes: Vec<SceneDef>,
    /// Their points of interest and texts.
    pub contents: PlaceContents,
}

impl Places {
    /// The places' names.
    pub fn names(&self) -> Vec<String> {
        self.scenes.iter().map(|s| s.id.0.to_owned()).collect()
    }
}
