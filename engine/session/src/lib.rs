//! Class sessions over the school network: the authoritative server and client plugins,
//! teacher and pupil roles enforced by the server, replicated state (scene, lesson step,
//! avatars, pointers, grabbed objects, schoolyard operations), and the outbox that records
//! every learner action in the portfolio store.
//!
//! What is here so far needs no Bevy and no network: join codes ([`code`]), the messages and
//! the checks every one passes before the server acts on it ([`protocol`]), avatars packed
//! for the wire and smoothed back into motion ([`pose`]), the session server's rules apart
//! from any network ([`server`]), learner actions as xAPI statements ([`statements`]), and
//! the durable outbox ([`outbox`]).

pub mod code;
pub mod net;
pub mod outbox;
pub mod pose;
pub mod protocol;
pub mod server;
pub mod statements;
