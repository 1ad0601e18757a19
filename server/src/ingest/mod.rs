//! Ingest: pure functions from text to values. A post's bytes become a [`Post`] (front matter,
//! rendered HTML, and for minutes what they record); ballot posts become ballot facts, and all
//! of them together, with the minutes' attendance, become ballot records (`assemble`). Nothing
//! here reads files, talks to the store or knows about the web: the import pipeline
//! (`crate::import`) does the IO around it.

pub mod assemble;
pub mod ballot_post;
pub mod dates;
pub mod error;
pub mod front_matter;
pub mod markdown;
pub mod minutes;
pub mod orgs;
pub mod pathological;
pub mod post;
pub mod report;
pub mod text;

pub use error::{FileError, IngestError};

/// Part of every content hash (and of what imports keep of their readings): bump it when parsing,
/// extraction or ballot merging changes, so the next import re-reads files whose bytes did not
/// change and re-assembles every ballot.
pub const EXTRACTOR_VERSION: &str = "quorum-extract-4";
pub use post::{parse_post, Post};

/// Runs a parser so that a bug in it costs one file, not the whole import: a panic becomes an
/// error message for that file.
pub fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string())
    })
}

/// `f` over `items`, shared out over the cores (at most 8 threads), results in the items' order;
/// the items of a thread that stopped (a panic `f` did not guard against) get `lost()`.
pub fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync, lost: impl Fn() -> R) -> Vec<R> {
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).clamp(1, 8);
    let chunk = items.len().div_ceil(threads).max(1);
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| (part.len(), scope.spawn(move || part.iter().map(f).collect::<Vec<_>>())))
            .collect();
        handles.into_iter().flat_map(|(n, h)| h.join().unwrap_or_else(|_| (0..n).map(|_| lost()).collect())).collect()
    })
}
