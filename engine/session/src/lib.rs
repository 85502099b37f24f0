//! Class sessions over the school network: the authoritative server and client plugins,
//! teacher and pupil roles enforced by the server, replicated state (scene, lesson step,
//! avatars, pointers, grabbed objects, schoolyard operations), and the outbox that records
//! every learner action in the portfolio store.
//!
//! Without Bevy or a network: join codes ([`code`]), the messages and the checks every one
//! passes before the server acts on it ([`protocol`]), avatars packed for the wire and
//! smoothed back into motion ([`pose`]), the session server's rules ([`server`]) and scripted
//! sequences of clients that check them ([`sequence`]), learner actions as xAPI statements
//! ([`statements`]), storing them off the server's frame ([`record`]), the durable outbox
//! ([`outbox`]), what a teacher's dashboard shows ([`dashboard`]) and finding a class on the
//! network ([`discovery`]). In Bevy, over the network: the server and client plugins
//! ([`net`]), the only module that names the networking crates.

pub mod code;
pub mod dashboard;
pub mod discovery;
pub mod link;
pub mod net;
pub mod outbox;
pub mod pose;
pub mod protocol;
pub mod record;
pub mod sequence;
pub mod server;
pub mod statements;
