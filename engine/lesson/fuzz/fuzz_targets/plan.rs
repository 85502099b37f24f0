//! Any bytes as a lesson plan: checking returns plans or problems, never panics.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    retki_lesson::plan::check_bytes(bytes);
});
