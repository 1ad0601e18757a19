//! `quorum export --json`: the documented, stable JSON shape other tools read (docs/export.md).
//! Built from the store only, so an export shows exactly what the web app shows.

use crate::store::{Store, StoreError};
use app::model::MinutesDetail;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct Export {
    pub minutes: Vec<MinutesRecord>,
    pub ballots: Vec<BallotRecord>,
    pub action_items: Vec<ActionItemRecord>,
    pub errors: Vec<ErrorRecord>,
    /// The audit log: every import and every change people made, oldest first.
    pub events: Vec<crate::store::EventRecord>,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct AttendeeRecord {
    pub name: String,
    pub org: Option<String>,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct MinutesActionRecord {
    /// Stable across re-imports (the minutes file and the item's source sentence).
    pub id: String,
    /// suggested | open | done | dismissed
    pub state: String,
    pub owner: String,
    pub text: String,
    pub due: Option<String>,
    pub suggested: bool,
    /// The note given when it was marked done.
    pub note: Option<String>,
    /// Its sentence is no longer in the minutes file (the item is kept).
    pub source_removed: bool,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct MinutesRecord {
    pub path: String,
    pub slug: String,
    pub title: String,
    pub wg: String,
    pub meeting_date: String,
    pub published: String,
    pub minute_taker: Option<String>,
    pub attendees: Vec<AttendeeRecord>,
    pub ballot_refs: Vec<String>,
    pub action_items: Vec<MinutesActionRecord>,
    pub decisions: Vec<String>,
    pub next_meeting: Option<String>,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct PersonRecord {
    pub name: String,
    pub org: Option<String>,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct VersionRecord {
    pub number: u32,
    pub posted: Option<String>,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct VoteRecord {
    pub org: String,
    pub category: String,
    pub vote: String,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct TallyRecord {
    pub issuer_yes: u32,
    pub issuer_no: u32,
    pub issuer_abstain: u32,
    pub consumer_yes: u32,
    pub consumer_no: u32,
    pub consumer_abstain: u32,
    pub quorum_required: Option<u32>,
    pub outcome: String,
    pub explanation: String,
}

/// One ballot, as of the moment of the export (`status` depends on the clock).
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct BallotRecord {
    pub id: String,
    pub wg: String,
    pub title: String,
    pub status: String,
    /// Where `status` comes from: `stated` (a post says it), `computed` (counted from the votes)
    /// or `inferred` (the schedule and the clock).
    pub status_source: String,
    pub versions: Vec<VersionRecord>,
    pub proposer: Option<PersonRecord>,
    pub endorsers: Vec<PersonRecord>,
    pub discussion_start: Option<String>,
    pub discussion_end: Option<String>,
    pub voting_start: Option<String>,
    pub voting_end: Option<String>,
    pub review_end: Option<String>,
    /// When the ballot took effect under the Bylaws: the end of the IPR review, or of voting for
    /// ballots without one. Null until it has.
    pub adopted: Option<String>,
    /// The date the ballot says its changes take effect when it states one, else `adopted`.
    pub effective: Option<String>,
    /// Every date the posts give for the changes to take effect (staged ballots give several).
    pub effective_dates: Vec<String>,
    pub votes: Vec<VoteRecord>,
    pub tally: TallyRecord,
    /// What the posts say the result was (passed, failed, withdrawn, cancelled) or null.
    pub stated_result: Option<String>,
    /// Why the computed tally disagrees with the stated result; null when it agrees.
    pub disagreement: Option<String>,
    /// Bylaw rules the recorded history breaks.
    pub findings: Vec<String>,
    pub sources: Vec<String>,
    pub discussed_in: Vec<String>,
}

impl From<&app::model::BallotDetail> for BallotRecord {
    fn from(d: &app::model::BallotDetail) -> Self {
        let t = |x: Option<app::domain::Instant>| x.map(|x| x.to_rfc3339());
        let person = |m: &app::domain::Member| PersonRecord { name: m.name.clone(), org: m.org.clone() };
        BallotRecord {
            id: d.summary.id.to_string(),
            wg: d.summary.wg.slug().to_string(),
            title: d.summary.title.clone(),
            status: d.summary.stage.as_str().to_string(),
            status_source: d.status_source.as_str().to_string(),
            versions: d.versions.iter().map(|v| VersionRecord { number: v.number, posted: t(v.posted) }).collect(),
            proposer: d.proposer.as_ref().map(person),
            endorsers: d.endorsers.iter().map(person).collect(),
            discussion_start: t(d.discussion_start),
            discussion_end: t(d.discussion_end.or(d.discussion_min_end)),
            voting_start: t(d.voting_start),
            voting_end: t(d.voting_end),
            review_end: t(d.review.as_ref().map(|r| r.end)),
            adopted: d.adopted.map(|e| e.to_string()),
            effective: d.summary.effective.or(d.adopted).map(|e| e.to_string()),
            effective_dates: d.effective_dates.iter().map(|e| e.to_string()).collect(),
            votes: d
                .votes
                .iter()
                .map(|v| VoteRecord {
                    org: v.org.clone(),
                    category: v.category.as_str().to_string(),
                    vote: v.choice.as_str().to_string(),
                })
                .collect(),
            tally: TallyRecord {
                issuer_yes: d.tally.issuer_yes,
                issuer_no: d.tally.issuer_no,
                issuer_abstain: d.tally.issuer_abstain,
                consumer_yes: d.tally.consumer_yes,
                consumer_no: d.tally.consumer_no,
                consumer_abstain: d.tally.consumer_abstain,
                quorum_required: d.tally.quorum_required,
                outcome: d.tally.outcome.as_str().to_string(),
                explanation: d.tally.explanation.clone(),
            },
            stated_result: d
                .stated_result
                .map(|r| serde_json::to_value(r).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()),
            disagreement: d.disagreement.clone(),
            findings: d.findings.clone(),
            sources: d.sources.iter().map(|s| s.path.clone()).collect(),
            discussed_in: d.mentions.iter().map(|m| m.minutes.path.clone()).collect(),
        }
    }
}

/// An action item with the minutes it came from.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct ActionItemRecord {
    pub id: String,
    pub state: String,
    pub owner: String,
    pub text: String,
    pub due: Option<String>,
    pub suggested: bool,
    pub wg: String,
    pub meeting_date: String,
    /// The minutes' path, as in `minutes[].path`.
    pub source: String,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct ErrorRecord {
    pub path: String,
    pub line: Option<i64>,
    pub message: String,
}

impl From<&MinutesDetail> for MinutesRecord {
    fn from(m: &MinutesDetail) -> Self {
        MinutesRecord {
            path: m.summary.path.clone(),
            slug: m.summary.slug.clone(),
            title: m.summary.title.clone(),
            wg: m.summary.wg.slug().to_string(),
            meeting_date: m.summary.meeting_date.to_string(),
            published: m.published.clone(),
            minute_taker: m.minute_taker.clone(),
            attendees: m
                .attendees
                .iter()
                .map(|a| AttendeeRecord { name: a.name.clone(), org: a.org.clone() })
                .collect(),
            ballot_refs: m.summary.ballot_ids.iter().map(|id| id.to_string()).collect(),
            action_items: m
                .action_items
                .iter()
                .map(|a| MinutesActionRecord {
                    id: a.id.clone(),
                    state: a.state.as_str().to_string(),
                    owner: a.owner.clone(),
                    text: a.text.clone(),
                    due: a.due.map(|d| d.to_string()),
                    suggested: a.suggested,
                    note: a.note.clone(),
                    source_removed: a.source_removed,
                })
                .collect(),
            decisions: m.decisions.clone(),
            next_meeting: m.next_meeting.map(|d| d.to_string()),
        }
    }
}

pub async fn export(store: &Store, now: app::domain::Instant) -> Result<Export, StoreError> {
    let details = store.all_minutes(now).await?;
    let minutes: Vec<MinutesRecord> = details.iter().map(MinutesRecord::from).collect();
    let action_items = details
        .iter()
        .flat_map(|m| {
            m.action_items.iter().filter(|a| a.state != app::domain::actions::ItemState::Dismissed).map(move |a| {
                ActionItemRecord {
                    id: a.id.clone(),
                    state: a.state.as_str().to_string(),
                    owner: a.owner.clone(),
                    text: a.text.clone(),
                    due: a.due.map(|d| d.to_string()),
                    suggested: a.suggested,
                    wg: m.summary.wg.slug().to_string(),
                    meeting_date: m.summary.meeting_date.to_string(),
                    source: m.summary.path.clone(),
                }
            })
        })
        .collect();
    let errors = store
        .import_errors()
        .await?
        .into_iter()
        .map(|e| ErrorRecord { path: e.path, line: e.line, message: e.message })
        .collect();
    let ballots = crate::read::ballot_details(store, now).await?.iter().map(BallotRecord::from).collect();
    let events = store.all_events().await?;
    Ok(Export { minutes, ballots, action_items, errors, events })
}

/// Writes every current post back as a Hugo markdown file under `dir`, at its original relative
/// path, with YAML front matter (posts imported without front matter get one with the title and
/// date they were given). Importing `dir` gives the same records. Returns the number of files.
pub async fn export_hugo(store: &Store, dir: &std::path::Path) -> Result<usize, HugoExportError> {
    let files = store.post_files().await?;
    for (path, front_matter, title, published, body) in &files {
        let mut fm = front_matter.clone();
        if let Some(obj) = fm.as_object_mut() {
            obj.entry("title").or_insert_with(|| serde_json::Value::String(title.clone()));
            obj.entry("date").or_insert_with(|| serde_json::Value::String(published.clone()));
        }
        // Paths come from our own walk of a directory, but never let one escape `dir`.
        let rel = std::path::Path::new(path);
        if rel.is_absolute() || rel.components().any(|c| matches!(c, std::path::Component::ParentDir)) {
            return Err(HugoExportError::UnsafePath(path.clone()));
        }
        let target = dir.join(rel);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| HugoExportError::Write(parent.display().to_string(), e))?;
        }
        let text = format!("{}{}", crate::ingest::front_matter::to_yaml_block(&fm), body);
        std::fs::write(&target, text).map_err(|e| HugoExportError::Write(target.display().to_string(), e))?;
    }
    Ok(files.len())
}

#[derive(Debug, thiserror::Error)]
pub enum HugoExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}: cannot write: {1}")]
    Write(String, std::io::Error),
    #[error("refusing to write outside the export directory: {0}")]
    UnsafePath(String),
}
