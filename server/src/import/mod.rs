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

pub use crate::ingest::EXTRACTOR_VERSION;

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
    /// Some imported or updated post changed what ballot assembly reads (see
    /// `ingest::assemble::ballot_inputs`); otherwise the ballots are left as they are.
    pub ballot_inputs_changed: bool,
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
        self.ballot_inputs_changed |= other.ballot_inputs_changed;
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
    let started = std::time::Instant::now();
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
    tracing::debug!(ms = started.elapsed().as_millis() as u64, "walked");
    summary.files = walked.candidates.len();
    summary.skipped = walked.skipped.len();
    summary.failed += walked.errors.len();
    summary.errors.extend(walked.errors);
    let total = walked.candidates.len();
    let now_text = now.to_rfc3339();
    let mut seen = HashSet::new();
    // What the store holds, in one query rather than one per file.
    let states = store.post_states().await?;
    tracing::debug!(ms = started.elapsed().as_millis() as u64, "walked and loaded the stored states");
    // Files whose stamp is unchanged are not read at all. The others are read, hashed and (when
    // their bytes changed) parsed on all cores, each on a blocking thread under its time limit,
    // and saved one by one in the tree's order; only a few files are in memory at a time.
    let mut to_read = Vec::new();
    let mut stamps: Vec<(String, String)> = Vec::new();
    for candidate in &walked.candidates {
        seen.insert(candidate.rel.clone());
        let previous = states.get(&candidate.rel);
        match stamp_check(candidate, previous, &root_key) {
            None => summary.unchanged += 1,
            Some(stamp) => to_read.push((candidate.clone(), stamp)),
        }
    }
    let mut done = summary.unchanged;
    progress(done, total);
    let parallel = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2) * 2;
    let mut prepared = futures::stream::iter(to_read.into_iter().map(|(candidate, stamp)| {
        let previous = states.get(&candidate.rel).filter(|p| !p.removed && p.root == root_key).map(|p| p.hash.clone());
        async move {
            let rel = candidate.rel.clone();
            let work = move || read_and_parse(&candidate, previous.as_deref(), stamp);
            let outcome = within_limit(work, PARSE_TIME_LIMIT)
                .await
                .unwrap_or_else(|e| Prepared::Failed(FileError::new(rel.clone(), e)));
            (rel, outcome)
        }
    }))
    .buffered(parallel);
    while let Some((rel, outcome)) = prepared.next().await {
        match outcome {
            Prepared::Unchanged { restamp } => {
                summary.unchanged += 1;
                stamps.extend(restamp.map(|s| (rel.clone(), s)));
            }
            Prepared::Failed(e) => record_failure(store, &root_key, e, &now_text, &mut summary).await?,
            Prepared::Parsed { hash, stamp, post } => {
                stamps.extend(stamp.map(|s| (rel.clone(), s)));
                let previous = states.get(&rel);
                save_parsed(store, &root_key, &rel, &hash, Ok(*post), previous, &now_text, actor, &mut summary).await?;
            }
        }
        done += 1;
        progress(done.min(total), total);
    }
    tracing::debug!(ms = started.elapsed().as_millis() as u64, parsed = done, "files read and saved");
    // Stamps of the files that were read (a failed file keeps none and is read again next time).
    let failed: HashSet<&str> = summary.errors.iter().map(|e| e.path.as_str()).collect();
    stamps.retain(|(rel, _)| !failed.contains(rel.as_str()));
    crate::store::retry_busy(|| store.set_file_stamps(&stamps)).await?;
    summary.removed =
        crate::store::retry_busy(|| store.mark_removed_except(&root_key, &seen, &now_text, actor)).await? as usize;
    tracing::debug!(ms = started.elapsed().as_millis() as u64, "stamps kept, removed files marked");
    // Ballots are derived from all ballot posts and minutes together; rebuild them when any input
    // changed (or on the first import into a database that has none).
    if summary.ballot_inputs_changed || summary.removed > 0 || store.ballot_count().await? == 0 {
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
    if summary.ballot_inputs_changed {
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

/// Reassembles every ballot from the stored ballot posts and minutes attendance, reading again
/// only what it must:
/// - each post's vote-list names are kept from its last reading (they make the organisation
///   dictionary); what it says about its ballots is kept with a digest of what its reading took
///   from the dictionary (`assemble::reading_fingerprint`: how each of its vote-list names splits
///   and which category each votes in), and read again when its text changed or that digest did
///   (a new organisation that splits one of its run-together cells, say);
/// - each ballot's merge of its posts is kept while those posts (and their digests) stay the
///   same; the minutes' attendance and what they said are applied to every ballot afresh (cheap);
/// - only ballots whose record changed are written.
///
/// The result is the same as [`assemble::assemble`] over every post (a test checks this on the
/// real corpus). Returns the number of ballots.
pub async fn rebuild_ballots(store: &Store) -> Result<usize, StoreError> {
    use crate::ingest::ballot_post::BallotFacts;
    use crate::store::NewRead;
    use std::collections::HashMap;
    let started = std::time::Instant::now();
    let ms = || started.elapsed().as_millis() as u64;
    let posts = store.ballot_post_reads().await?;
    let t_posts = ms();
    let meetings = store.meetings().await?;
    let t_meetings = ms();
    let said = store.minutes_say().await?;
    let t_loaded = ms();
    // 1. Vote-list names of posts never read (or changed since), from their text. Texts are
    // loaded a batch at a time, so a first import does not hold every post's text at once.
    // The names come from reading each post without a dictionary; that reading is kept too, as
    // it is the post's final reading wherever the dictionary reads its names no differently.
    let empty = crate::ingest::orgs::OrgDictionary::default();
    let unread: Vec<String> = posts.iter().filter(|p| p.kept.is_none()).map(|p| p.path.clone()).collect();
    let mut fresh_names: VoteNames = HashMap::new();
    let mut first_reads: HashMap<String, Vec<BallotFacts>> = HashMap::new();
    for batch in unread.chunks(TEXT_BATCH) {
        let texts = store.ballot_post_sources_of(batch).await?;
        let read = crate::ingest::parallel_map(&texts, |t| assemble::read_post(t, &empty).ok(), || None);
        for (t, found) in texts.into_iter().zip(read) {
            let names = found.iter().flatten().flat_map(|f| f.votes.iter().map(|v| (v.org.clone(), v.category)));
            fresh_names.insert(t.path.clone(), names.collect());
            if let Some(found) = found {
                first_reads.insert(t.path, found);
            }
        }
    }
    let names_of = |p| names_of(p, &fresh_names);
    // 2. The dictionary, from every post's names and every meeting's attendance.
    let dict = assemble::dictionary_from(posts.iter().map(|p| (p.path.as_str(), names_of(p))), &meetings);
    // What reading each post depends on in this dictionary (see `assemble::reading_fingerprint`).
    let mut memo = HashMap::new();
    let fingerprints: Vec<String> =
        posts.iter().map(|p| assemble::reading_fingerprint(names_of(p), &dict, &mut memo)).collect();
    let t_dictionary = ms();
    // 3. Read the posts whose text changed or that were read with a dictionary that differs.
    let to_read: Vec<usize> = (0..posts.len())
        .filter(|&i| posts[i].kept.as_ref().map(|k| k.dictionary != fingerprints[i]).unwrap_or(true))
        .collect();
    let index: HashMap<&str, usize> = posts.iter().enumerate().map(|(i, p)| (p.path.as_str(), i)).collect();
    // facts[i]: what post i says, where it was read now; ids[i]: the ballots it names.
    let mut facts: Vec<Option<Vec<BallotFacts>>> = vec![None; posts.len()];
    let mut ids: Vec<Vec<String>> =
        posts.iter().map(|p| p.kept.as_ref().map(|k| k.ballots.clone()).unwrap_or_default()).collect();
    let mut new_reads = Vec::new();
    let new_read = |i: usize, found: &[BallotFacts]| NewRead {
        path: posts[i].path.clone(),
        hash: posts[i].hash.clone(),
        vote_names: names_of(&posts[i]).to_vec(),
        dictionary: fingerprints[i].clone(),
        facts: serde_json::to_string(found).unwrap_or_else(|_| "[]".into()),
        ballots: found.iter().map(|f| f.id.to_string()).collect(),
    };
    // Posts read just now without a dictionary, whose names this dictionary reads no differently:
    // that reading stands (most posts have no run-together cell to split).
    let mut empty_memo = HashMap::new();
    let mut to_read_again = Vec::new();
    for i in to_read {
        let reused = match first_reads.remove(&posts[i].path) {
            Some(found)
                if assemble::reading_fingerprint(names_of(&posts[i]), &empty, &mut empty_memo) == fingerprints[i] =>
            {
                Some(found)
            }
            _ => None,
        };
        match reused {
            Some(found) => {
                ids[i] = found.iter().map(|f| f.id.to_string()).collect();
                new_reads.push(new_read(i, &found));
                facts[i] = Some(found);
            }
            None => to_read_again.push(i),
        }
    }
    drop(first_reads);
    for batch in to_read_again.chunks(TEXT_BATCH) {
        let paths: Vec<String> = batch.iter().map(|&i| posts[i].path.clone()).collect();
        let texts = store.ballot_post_sources_of(&paths).await?;
        let refs: Vec<&assemble::PostSource> = texts.iter().collect();
        for (source, result) in texts.iter().zip(assemble::read_posts(&refs, &dict)) {
            let Some(&i) = index.get(source.path.as_str()) else { continue };
            let found = match result {
                Ok(found) => found,
                Err(bug) => {
                    tracing::error!(path = %source.path, "could not read the ballot post: {bug}");
                    ids[i].clear();
                    continue;
                }
            };
            ids[i] = found.iter().map(|f| f.id.to_string()).collect();
            new_reads.push(new_read(i, &found));
            facts[i] = Some(found);
        }
    }
    let read_again = new_reads.len();
    crate::store::retry_busy(|| store.save_ballot_post_reads(&new_reads)).await?;
    // 4. Each ballot's posts, oldest first, and the digest of what its merge depends on.
    let mut posts_of: std::collections::BTreeMap<String, Vec<usize>> = Default::default();
    for (i, named) in ids.iter().enumerate() {
        for id in named {
            let list = posts_of.entry(id.clone()).or_default();
            if !list.contains(&i) {
                list.push(i);
            }
        }
    }
    for list in posts_of.values_mut() {
        list.sort_by(|&a, &b| (posts[a].published, &posts[a].path).cmp(&(posts[b].published, &posts[b].path)));
    }
    let inputs_of = |list: &[usize]| -> String {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        // The extractor version stands for the merging code too: bumping it re-merges everything.
        h.update(EXTRACTOR_VERSION.as_bytes());
        for &i in list {
            h.update([0]);
            h.update(fingerprints[i].as_bytes());
            h.update(posts[i].path.as_bytes());
            h.update([1]);
            h.update(posts[i].hash.as_bytes());
            h.update([2]);
            h.update(posts[i].published.to_rfc3339().as_bytes());
        }
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    };
    // 5. Kept merges where their inputs are unchanged; merge the rest from the posts' facts.
    let kept = store.ballot_merges().await?;
    let mut merged: Vec<assemble::Merged> = Vec::with_capacity(posts_of.len());
    let mut stale: Vec<(String, String)> = Vec::new();
    for (id, list) in &posts_of {
        let inputs = inputs_of(list);
        let reuse = match kept.get(id) {
            Some((k, json)) if *k == inputs => serde_json::from_str::<assemble::Merged>(json).ok(),
            _ => None,
        };
        match reuse {
            Some(m) => merged.push(m),
            None => stale.push((id.clone(), inputs)),
        }
    }
    let need: Vec<String> = {
        let mut need: Vec<String> = stale
            .iter()
            .flat_map(|(id, _)| posts_of[id].iter().copied())
            .filter(|&i| facts[i].is_none())
            .map(|i| posts[i].path.clone())
            .collect();
        need.sort();
        need.dedup();
        need
    };
    let stored_facts = store.ballot_post_facts(&need).await?;
    for (i, p) in posts.iter().enumerate() {
        if facts[i].is_none() {
            if let Some(json) = stored_facts.get(&p.path) {
                facts[i] = serde_json::from_str(json).ok();
            }
        }
    }
    let mut new_merges = Vec::with_capacity(stale.len());
    for (id, inputs) in &stale {
        let Ok(ballot_id) = id.parse::<app::domain::BallotId>() else { continue };
        let list: Vec<(assemble::PostKey<'_>, BallotFacts)> = posts_of[id]
            .iter()
            .filter_map(|&i| {
                let f = facts[i].as_ref()?.iter().find(|f| f.id == ballot_id)?.clone();
                Some((assemble::PostKey { path: &posts[i].path, published: posts[i].published }, f))
            })
            .collect();
        if list.is_empty() {
            continue;
        }
        let m = assemble::merge_posts(ballot_id, list);
        new_merges.push((id.clone(), inputs.clone(), serde_json::to_string(&m).unwrap_or_default()));
        merged.push(m);
    }
    let gone: Vec<String> = kept.keys().filter(|id| !posts_of.contains_key(*id)).cloned().collect();
    crate::store::retry_busy(|| store.save_ballot_merges(&new_merges, &gone)).await?;
    let t_merged = ms();
    // 6. Finish every ballot with the minutes and write those that changed.
    merged.sort_by(|a, b| a.history.id.cmp(&b.history.id));
    let assembled = assemble::finish_all(merged, &meetings, &said);
    let written = crate::store::retry_busy(|| store.replace_ballots(&assembled)).await?;
    tracing::debug!(
        posts = posts.len(),
        read_again,
        ballots = assembled.len(),
        merged_again = new_merges.len(),
        written,
        t_posts,
        t_meetings,
        t_loaded,
        t_dictionary,
        t_merged,
        ms = ms(),
        "ballots reassembled (times in ms since the start)"
    );
    Ok(assembled.len())
}

/// How many ballot posts' texts a re-assembly loads at a time.
const TEXT_BATCH: usize = 100;

/// Each unread post's vote-list names, by path.
type VoteNames = std::collections::HashMap<String, Vec<(String, app::domain::tally::Category)>>;

/// A post's vote-list names: as kept from its last reading, else as just read.
fn names_of<'a>(
    p: &'a crate::store::BallotPostRead,
    fresh: &'a VoteNames,
) -> &'a [(String, app::domain::tally::Category)] {
    match &p.kept {
        Some(k) => &k.vote_names,
        None => fresh.get(&p.path).map(|v| v.as_slice()).unwrap_or(&[]),
    }
}

/// What reading a file came to: nothing to do (its bytes are unchanged since the last import), a
/// failure record (unreadable), or a parsed post (which may itself be an error for this file).
enum Prepared {
    /// Unchanged; `restamp` is the new stamp to keep (its date changed, say by a fresh checkout).
    Unchanged {
        restamp: Option<String>,
    },
    Failed(FileError),
    Parsed {
        hash: String,
        stamp: Option<String>,
        post: Box<Result<Post, IngestError>>,
    },
}

/// `None` when the file's stamp is the one kept at its last import (it is not read); else the
/// current stamp, if one could be taken (see [`file_stamp`]), for after it is read.
fn stamp_check(
    candidate: &Candidate,
    previous: Option<&crate::store::PostState>,
    root: &str,
) -> Option<Option<String>> {
    let stamp = std::fs::metadata(&candidate.abs).ok().and_then(|m| file_stamp(&m, std::time::SystemTime::now()));
    match (previous, &stamp) {
        (Some(prev), Some(s)) if !prev.removed && prev.root == root && prev.stamp.as_deref() == Some(s.as_str()) => {
            None
        }
        _ => Some(stamp),
    }
}

/// Reads a file and, unless its bytes hash to `previous` (the hash kept for it, when it is a
/// current post of this root), parses it. `stamp` was taken before reading, so a file written
/// meanwhile is read again next time.
fn read_and_parse(candidate: &Candidate, previous: Option<&str>, stamp: Option<String>) -> Prepared {
    let bytes = match walk::read(candidate) {
        Ok(b) => b,
        Err(e) => return Prepared::Failed(FileError::new(candidate.rel.clone(), e)),
    };
    let hash = content_hash(&bytes);
    if previous == Some(hash.as_str()) {
        return Prepared::Unchanged { restamp: stamp };
    }
    let post = parse_post(&candidate.rel, &bytes);
    Prepared::Parsed { hash, stamp, post: Box::new(post) }
}

/// A file's size and modification time (to the nanosecond), with the extractor version: while it
/// stays the same, the file is taken as unchanged without reading it (as make does). A file
/// modified less than [`STAMP_SETTLE`] before `now` gets no stamp (its next write could land in
/// the same clock tick with the same size), so it is read and hashed again next time. A file
/// edited while keeping both is caught by `quorum import --force`.
pub fn file_stamp(meta: &std::fs::Metadata, now: std::time::SystemTime) -> Option<String> {
    let modified = meta.modified().ok()?;
    if now.duration_since(modified).map(|age| age < STAMP_SETTLE).unwrap_or(true) {
        return None;
    }
    let since_epoch = modified.duration_since(std::time::UNIX_EPOCH).ok()?;
    Some(format!("{EXTRACTOR_VERSION}/{}/{}.{:09}", meta.len(), since_epoch.as_secs(), since_epoch.subsec_nanos()))
}

/// How long ago a file must have been modified for its stamp to be trusted (see [`file_stamp`]).
pub const STAMP_SETTLE: std::time::Duration = std::time::Duration::from_secs(2);

/// Saves one parsed file (or records why it failed), counting it in `summary`.
#[allow(clippy::too_many_arguments)]
async fn save_parsed(
    store: &Store,
    root: &str,
    rel: &str,
    hash: &str,
    result: Result<Result<Post, IngestError>, IngestError>,
    previous: Option<&crate::store::PostState>,
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
    // Did this change what ballots are assembled from? (A post that is neither a ballot post nor
    // minutes, new or back, does not.)
    let feeds_ballots = matches!(post.kind, app::model::PostKind::Ballot | app::model::PostKind::Minutes);
    summary.ballot_inputs_changed |= match previous {
        Some(p) if !p.removed => p.ballot_inputs.as_deref() != Some(assemble::ballot_inputs(&post).as_str()),
        _ => feeds_ballots,
    };
    if previous.is_some() {
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
    let Some(stamp) = stamp_check(candidate, previous.as_ref(), root) else {
        summary.unchanged += 1;
        return Ok(());
    };
    let current = previous.as_ref().filter(|p| !p.removed && p.root == root).map(|p| p.hash.clone());
    let owned = candidate.clone();
    let work = move || read_and_parse(&owned, current.as_deref(), stamp);
    let outcome = within_limit(work, PARSE_TIME_LIMIT)
        .await
        .unwrap_or_else(|e| Prepared::Failed(FileError::new(candidate.rel.clone(), e)));
    let restamp = match outcome {
        Prepared::Unchanged { restamp } => {
            summary.unchanged += 1;
            restamp
        }
        Prepared::Failed(e) => return record_failure(store, root, e, now, summary).await,
        Prepared::Parsed { hash, stamp, post } => {
            let failed = summary.failed;
            save_parsed(store, root, &candidate.rel, &hash, Ok(*post), previous.as_ref(), now, actor, summary).await?;
            stamp.filter(|_| summary.failed == failed)
        }
    };
    let stamps: Vec<(String, String)> = restamp.map(|s| (candidate.rel.clone(), s)).into_iter().collect();
    crate::store::retry_busy(|| store.set_file_stamps(&stamps)).await
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
    fn a_file_gets_a_stamp_only_once_it_has_settled_and_the_stamp_follows_size_and_date() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "one").unwrap();
        let now = std::time::SystemTime::now();
        let meta = std::fs::metadata(&path).unwrap();
        assert_eq!(file_stamp(&meta, now), None, "modified a moment ago: its next write could keep the stamp");
        let later = now + STAMP_SETTLE + std::time::Duration::from_secs(1);
        let stamp = file_stamp(&meta, later).unwrap();
        assert!(stamp.starts_with(&format!("{EXTRACTOR_VERSION}/3/")), "{stamp}");
        std::fs::write(&path, "two!").unwrap();
        assert_ne!(file_stamp(&std::fs::metadata(&path).unwrap(), later + STAMP_SETTLE), Some(stamp));
    }

    #[test]
    fn the_content_hash_changes_with_the_bytes_and_is_stable() {
        assert_eq!(content_hash(b"a"), content_hash(b"a"));
        assert_ne!(content_hash(b"a"), content_hash(b"b"));
        assert_eq!(content_hash(b"a").len(), 64);
    }
}
