//! The schoolyard design shared by a class: what the schoolyard's editor and the class client
//! say to each other. In a session the server orders everyone's changes; the editor asks
//! ([`DesignRequest`]), the client sends the request and brings back what the server made
//! ([`DesignFromServer`]) or refused ([`SessionRefused`]).

use bevy::prelude::*;
use retki_design::{Operation, Request};

/// Who this app's pupil is, as operations name them (a pseudonym; the session layer gives
/// it when there is a class).
#[derive(Resource, Clone, Debug)]
pub struct LocalAuthor(pub String);

impl Default for LocalAuthor {
    fn default() -> Self {
        Self("pupil".into())
    }
}

/// Asks for a change to the design.
#[derive(Message, Clone, Debug)]
pub struct DesignRequest {
    /// Who asks.
    pub author: String,
    /// What they ask for.
    pub request: Request,
}

/// Where changes to the design are decided: in this app (a pupil alone), or by the class
/// session's server, which orders everyone's changes so every app makes the same design.
#[derive(Resource, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DesignAuthority {
    /// This app applies its own requests.
    #[default]
    Local,
    /// Requests go to the session server (the class client sends them); only what the server
    /// made ([`DesignFromServer`]) changes the design.
    Server,
}

/// A change the session server made, in its order. One numbered 1 starts the design over
/// (an app that joins or comes back is sent the whole log).
#[derive(Message, Clone, Debug)]
pub struct DesignFromServer(pub Operation);

/// Something the session server refused, in its words, for the pupil to read.
#[derive(Message, Clone, Debug)]
pub struct SessionRefused(pub String);

/// Registers the shared design's resources and messages (the editor and the class client
/// both call it; registering twice is harmless).
pub fn register(app: &mut App) {
    app.init_resource::<LocalAuthor>()
        .init_resource::<DesignAuthority>()
        .add_message::<DesignFromServer>()
        .add_message::<DesignRequest>()
        .add_message::<SessionRefused>();
}
