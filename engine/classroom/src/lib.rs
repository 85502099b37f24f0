//! The class client: what a pupil's or a teacher's app does in a class session. The lobby the
//! app starts in, with the places and the classes on the network ([`lobby`]); joining with
//! the teacher's code ([`join`]), everyone's presence as avatars with the teacher's controls
//! ([`presence`]), the teacher's list of pupils ([`roster`]), the teacher watching what a
//! pupil sees ([`watch`]), the lesson step's
//! tasks and their answers ([`tasks`]), the schoolyard design that the class shares
//! ([`shared_design`]), and many simulated pupils at once for load tests ([`loadtest`]).
//!
//! It reads `retki_input`'s actions, never keys, so a pupil in a headset does what a pupil at
//! a laptop does. The transport is `retki_session`'s.

pub mod join;
pub mod loadtest;
pub mod lobby;
pub mod presence;
pub mod roster;
pub mod shared_design;
pub mod tasks;
pub mod watch;

pub use presence::{Places, PresencePlugin};
