//! Any sequence of what clients can do (connect, join, act, junk, drop, time passing): the
//! session server never panics and keeps its invariants.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    retki_session::sequence::check_sequence(bytes, || None);
});
