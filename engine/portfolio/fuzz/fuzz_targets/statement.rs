//! Any bytes as a statement body: parsing and validation never panic, and their verdict
//! survives a round trip (see `retki_portfolio::xapi::fuzz::check_body`).

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    retki_portfolio::xapi::fuzz::check_body(data);
});
