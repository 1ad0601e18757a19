//! Any bytes as a post file: parsed to a post or refused with an error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = server::ingest::parse_post("2024/2024-01-04-fuzz.md", data);
});
