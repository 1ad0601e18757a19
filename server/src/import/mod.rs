//! Importing a content tree into the store: walk, skip what is unchanged, parse, save each file in
//! its own transaction, and mark files that have disappeared as removed. Parsing problems are
//! collected per file (the rest still import); only a failing database stops the run.

pub mod walk;

use crate::ingest::error::{FileError, IngestError};
use crate::ingest::post::{parse_post, Post};
use crate::ingest::{assemble, guarded};
use crate::store::{Store, StoreError};
use chrono::{DateTime, Utc};
use futures::StreamExt;
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::path::Path;
use walk::Candidate;

/// Part of every content hash: bump it when parsing or extraction changes, so the next import
/// re-reads files whose bytes did not change.
pub const EXTRACTOR_VERSION: &str = "quorum-extract-4";

/// What an import did, file by file.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Summary {
    /// Post files found (candidates), not counting skipped ones.
    pub files: usize,
    pub imported: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub skipped: usize,
    pub failed: usize,
    pub removed: usize,
    /// Ballot records rebuilt after this import (0 when nothing changed).
    pub ballots: usize,
    /// (path, warning) pairs from files that imported.
    pub warnings: Vec<(String, String)>,
    pub errors: Vec<FileError>,
}

impl Summary {
    pub fn merge(&mut self, other: Summary) {
        self.files += other.files;
        self.imported += other.imported;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
        self.skipped += other.skipped;
        self.failed += other.failed;
        self.removed += other.removed;
        self.ballots = other.ballots.max(self.ballots);
        self.warnings.extend(other.warnings);
        self.errors.extend(other.errors);
    }

    pub fn line(&self) -> String {
        format!(
            "{} imported, {} updated, {} unchanged, {} skipped, {} failed, {} removed",
            self.imported, self.updated, self.unchanged, self.skipped, self.failed, self.removed
        )
    }
}

/// Content hash of a file's bytes under the current extractor.
pub fn content_hash(bytes: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(EXTRACTOR_VERSION.as_bytes());
    h.update([0]);
    h.update(bytes);
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Who the audit log names for changes an import makes when no user ran it.
pub const IMPORT_ACTOR: &str = "import";

/// Imports every post under `root`. `progress(done, total)` is called after each file. The
/// audit log names the changes "import"; see [`import_dir_as`].
pub async fn import_dir(
    store: &Store,
    root: &Path,
    now: DateTime<Utc>,
    progress: &mut (dyn FnMut(usize, usize) + Send),
) -> Result<Summary, StoreError> {
    import_dir_as(store, root, now, IMPORT_ACTOR, progress).await
}

/// [`import_dir`], with the audit log naming `actor` ("user:alice@example.org") for each change.
pub async fn import_dir_as(
    store: &Store,
    root: &Path,
    now: DateTime<Utc>,
    actor: &str,
    progress: &mut (dyn FnMut(usize, usize) + Send),
) -> Result<Summary, StoreError> {
    let mut summary = Summary::default();
    let root_abs = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let root_key = root_abs.display().to_string();
    let walked = match walk::walk(root) {
        Ok(w) => w,
        Err(e) => {
            summary.failed += 1;
            summary.errors.push(e);
            return Ok(summary);
        }
    };
    summary.files = walked.candidates.len();
    summary.skipped = walked.skipped.len();
    summary.failed += walked.errors.len();
    summary.errors.extend(walked.errors);
    let total = walked.candidates.len();
    let now_text = now.to_rfc3339();
    let mut seen = HashSet::new();
    // What the store holds, in one query rather than one per file.
    let states = store.post_states().await?;
    // Read and hash every file; only changed ones are parsed.
    let mut changed = Vec::new();
    for (i, candidate) in walked.candidates.iter().enumerate() {
        seen.insert(candidate.rel.clone());
        match prepare(candidate, states.get(&candidate.rel), &root_key) {
            Prepared::Unchanged => {
                summary.unchanged += 1;
                progress(i + 1, total);
            }
            Prepared::Failed(e) => {
                record_failure(store, &root_key, e, &now_text, &mut summary).await?;
                progress(i + 1, total);
            }
            Prepared::Parse { bytes, hash } => changed.push((candidate.rel.clone(), bytes, hash)),
        }
    }
    // Parse the changed files on all cores (each on a blocking thread, under its time limit),
    // and save them one by one in the tree's order as their results come in.
    let parallel = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2) * 2;
    let mut parsed = futures::stream::iter(changed.into_iter().map(|(rel, bytes, hash)| async move {
        let result = parse_within_limit(rel.clone(), bytes, PARSE_TIME_LIMIT).await;
        (rel, hash, result)
    }))
    .buffered(parallel);
    let mut done = summary.unchanged + summary.failed;
    while let Some((rel, hash, result)) = parsed.next().await {
        let existed = states.contains_key(&rel);
        save_parsed(store, &root_key, &rel, &hash, result, existed, &now_text, actor, &mut summary).await?;
        done += 1;
        progress(done.min(total), total);
    }
    summary.removed =
        crate::store::retry_busy(|| store.mark_removed_except(&root_key, &seen, &now_text, actor)).await? as usize;
    // Ballots are derived from all ballot posts and minutes together; rebuild them when any input
    // changed (or on the first import into a database that has none).
    if summary.imported + summary.updated + summary.removed > 0 || store.ballot_count().await? == 0 {
        summary.ballots = rebuild_ballots(store).await?;
    }
    Ok(summary)
}

/// Imports the one file at `rel` under the content directory `root` (as a full import of `root`
/// would name it), and rebuilds the ballots when it changed. For posts Quorum writes itself.
pub async fn import_one_file(
    store: &Store,
    root: &Path,
    rel: &str,
    now: DateTime<Utc>,
    actor: &str,
) -> Result<Summary, StoreError> {
    let mut summary = Summary::default();
    let root_abs = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let root_key = root_abs.display().to_string();
    let candidate = Candidate { rel: rel.to_string(), abs: root_abs.join(rel) };
    summary.files = 1;
    import_one(store, &root_key, &candidate, &now.to_rfc3339(), actor, &mut summary).await?;
    if summary.imported + summary.updated > 0 {
        summary.ballots = rebuild_ballots(store).await?;
    }
    Ok(summary)
}

/// How long one post may take to parse, render and extract before its import is given up. Work
/// per post is bounded by construction (see `markdown`); this is the safety net for whatever the
/// bounds miss, so that one file can never hold up the rest of the tree (or a server's start-up).
pub const PARSE_TIME_LIMIT: std::time::Duration = std::time::Duration::from_secs(20);

/// Parses a post on a blocking thread, giving up after `limit`: a panic or an overrun becomes an
/// error for this file alone. (An overrunning thread cannot be stopped; it finishes in the
/// background and its result is dropped.)
pub async fn parse_within_limit(
    rel: String,
    bytes: Vec<u8>,
    limit: std::time::Duration,
) -> Result<Result<Post, IngestError>, IngestError> {
    within_limit(move || parse_post(&rel, &bytes), limit).await
}

/// Runs `work` on a blocking thread, guarded against panics, for at most `limit`.
pub async fn within_limit<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
    limit: std::time::Duration,
) -> Result<T, IngestError> {
    let task = tokio::task::spawn_blocking(move || guarded(work));
    match tokio::time::timeout(limit, task).await {
        Ok(Ok(Ok(result))) => Ok(result),
        Ok(Ok(Err(bug))) => Err(IngestError::Internal(bug)),
        Ok(Err(join)) => Err(IngestError::Internal(join.to_string())),
        Err(_) => Err(IngestError::TooSlow { limit_ms: limit.as_millis() as u64 }),
    }
}

/// Reassembles every ballot from the stored ballot posts and minutes attendance.
pub async fn rebuild_ballots(store: &Store) -> Result<usize, StoreError> {
    let posts = store.ballot_post_sources().await?;
    let meetings = store.meetings().await?;
    let said = store.minutes_say().await?;
    let assembled = assemble::assemble(&posts, &meetings, &said);
    crate::store::retry_busy(|| store.replace_ballots(&assembled)).await?;
    Ok(assembled.len())
}

/// What a file needs, before parsing: nothing (unchanged since the last import), a failure
/// record (unreadable), or parsing.
enum Prepared {
    Unchanged,
    Failed(FileError),
    Parse { bytes: Vec<u8>, hash: String },
}

fn prepare(candidate: &Candidate, previous: Option<&crate::store::PostState>, root: &str) -> Prepared {
    let bytes = match walk::read(candidate) {
        Ok(b) => b,
        Err(e) => return Prepared::Failed(FileError::new(candidate.rel.clone(), e)),
    };
    let hash = content_hash(&bytes);
    match previous {
        Some(prev) if prev.hash == hash && !prev.removed && prev.root == root => Prepared::Unchanged,
        _ => Prepared::Parse { bytes, hash },
    }
}

/// Saves one parsed file (or records why it failed), counting it in `summary`.
#[allow(clippy::too_many_arguments)]
async fn save_parsed(
    store: &Store,
    root: &str,
    rel: &str,
    hash: &str,
    result: Result<Result<Post, IngestError>, IngestError>,
    existed: bool,
    now: &str,
    actor: &str,
    summary: &mut Summary,
) -> Result<(), StoreError> {
    let fail = |e: IngestError| FileError::new(rel.to_string(), e);
    let post: Post = match result {
        Ok(Ok(p)) => p,
        Ok(Err(e)) | Err(e) => return record_failure(store, root, fail(e), now, summary).await,
    };
    for w in &post.warnings {
        summary.warnings.push((rel.to_string(), w.clone()));
    }
    crate::store::retry_busy(|| store.save_post(root, rel, hash, &post, now, actor)).await?;
    if existed {
        summary.updated += 1;
    } else {
        summary.imported += 1;
    }
    Ok(())
}

/// Imports one file (see [`import_one_file`]).
async fn import_one(
    store: &Store,
    root: &str,
    candidate: &Candidate,
    now: &str,
    actor: &str,
    summary: &mut Summary,
) -> Result<(), StoreError> {
    let previous = store.post_state(&candidate.rel).await?;
    match prepare(candidate, previous.as_ref(), root) {
        Prepared::Unchanged => {
            summary.unchanged += 1;
            Ok(())
        }
        Prepared::Failed(e) => record_failure(store, root, e, now, summary).await,
        Prepared::Parse { bytes, hash } => {
            let result = parse_within_limit(candidate.rel.clone(), bytes, PARSE_TIME_LIMIT).await;
            save_parsed(store, root, &candidate.rel, &hash, result, previous.is_some(), now, actor, summary).await
        }
    }
}

async fn record_failure(
    store: &Store,
    root: &str,
    error: FileError,
    now: &str,
    summary: &mut Summary,
) -> Result<(), StoreError> {
    tracing::warn!(path = %error.path, "import failed: {}", error.error);
    let message = error.error.to_string();
    crate::store::retry_busy(|| store.record_import_error(root, &error.path, error.line(), &message, now)).await?;
    summary.failed += 1;
    summary.errors.push(error);
    Ok(())
}

/// Parses files without touching the store, for `quorum check`. Directories are walked.
pub fn check_paths(paths: &[&Path]) -> Vec<(String, Result<Post, FileError>)> {
    let mut out = Vec::new();
    for path in paths {
        let display = path.display().to_string();
        match walk::walk(path) {
            Err(e) => out.push((display, Err(e))),
            Ok(w) => {
                for e in w.errors {
                    out.push((e.path.clone(), Err(e)));
                }
                let single = w.candidates.len() == 1 && path.is_file();
                for c in w.candidates {
                    let shown =
                        if single { display.clone() } else { format!("{}/{}", display.trim_end_matches('/'), c.rel) };
                    let result = walk::read(&c)
                        .and_then(|bytes| parse_post(&c.rel, &bytes))
                        .map_err(|e| FileError::new(shown.clone(), e));
                    out.push((shown, result));
                }
                // A single file that is not a post is worth saying so.
                if path.is_file() && !w.skipped.is_empty() {
                    out.push((display.clone(), Err(FileError::new(display, IngestError::NotAPost))));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn work_that_overruns_its_limit_fails_alone_with_a_clear_error() {
        let slow = within_limit(
            || std::thread::sleep(std::time::Duration::from_millis(300)),
            std::time::Duration::from_millis(20),
        );
        let err = slow.await.unwrap_err();
        assert_eq!(err, IngestError::TooSlow { limit_ms: 20 });
        assert!(err.to_string().starts_with("reading this post took longer than 0.02 s"), "{err}");
        assert_eq!(within_limit(|| 7, std::time::Duration::from_secs(5)).await, Ok(7));
        let bug = within_limit(|| -> u8 { panic!("boom") }, std::time::Duration::from_secs(5)).await;
        assert_eq!(bug, Err(IngestError::Internal("boom".into())));
    }

    #[test]
    fn the_content_hash_changes_with_the_bytes_and_is_stable() {
        assert_eq!(content_hash(b"a"), content_hash(b"a"));
        assert_ne!(content_hash(b"a"), content_hash(b"b"));
        assert_eq!(content_hash(b"a").len(), 64);
    }
}
