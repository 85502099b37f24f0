//! Any bytes from the network: decoding never panics, and whatever decodes encodes back to
//! bytes that decode to the same message.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    retki_session::protocol::check_round_trip(bytes);
});
