//! Any text as the body of a minutes post: front matter, rendering and every extractor.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &str| {
    let text = format!("---\ntitle: 2026-01-01 Minutes of the SCWG\ndate: 2026-01-01\ntags: [Minutes]\n---\n{body}");
    let _ = server::ingest::parse_post("minutes.md", text.as_bytes());
});
