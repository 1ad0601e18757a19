//! Inputs for the benchmarks: the real posts of the shared corpus (`QUORUM_CORPUS_DIR`, or
//! `../shared/corpus/cabforum`), or the sample content when the corpus is not there. Reading
//! files is the benchmark's edge; what is measured (`server::ingest`) is pure.

use std::path::{Path, PathBuf};

/// Where the posts are read from.
pub fn corpus_dir() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let shared = std::env::var_os("QUORUM_CORPUS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/corpus/cabforum"));
    if shared.is_dir() {
        shared
    } else {
        root.join("content")
    }
}

/// Every post under `dir` (`*.md`), as (path relative to `dir`, bytes), sorted by path.
pub fn posts(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                if let Ok(bytes) = std::fs::read(&path) {
                    let rel = path.strip_prefix(dir).unwrap_or(&path).to_string_lossy().into_owned();
                    out.push((rel, bytes));
                }
            }
        }
    }
    out.sort();
    out
}
