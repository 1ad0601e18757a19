//! Running a ballot in Quorum: create it, then record each step — versions, endorsements, the
//! start of discussion and voting, votes, the close of voting (quorum from attendance), the IPR
//! review, an exclusion notice, the end of the review, withdrawal or cancellation.
//!
//! Each step is checked by the bylaws as code: the recorded steps are replayed through
//! [`app::domain::ballot::advance`] and the new one must be allowed at its time (a refusal gives
//! the domain's reason). Only the group's chairs (and administrators) may run a group's ballots.
//! After every change the ballot's Hugo post is written into the content tree (atomically) and
//! imported, so the tree, the static site and a re-import all agree with what Quorum shows.

use super::{Actor, CommandError};
use crate::announce::{self, BallotText};
use crate::store::managed::{ManagedBallot, RecordedStep};
use crate::store::Store;
use app::domain::access::{authorize_ballot, authorize_vote, Denied};
use app::domain::ballot::{advance, Ballot, BallotKind, Event, Member};
use app::domain::deadline::ReviewDays;
use app::domain::tally::{active_members, Category, Choice, Quorum, Vote};
use app::domain::{BallotId, Instant, WorkingGroup};
use std::path::{Path, PathBuf};

/// A new ballot as the form or the API gives it.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct NewBallot {
    pub wg: String,
    pub title: String,
    pub proposer: Member,
    #[serde(default)]
    pub purpose: String,
    #[serde(default)]
    pub motion: String,
    /// "SC-98"; default: the group's next free number.
    pub id: Option<String>,
    /// Elections and charter ballots have no IPR review.
    #[serde(default)]
    pub no_review: bool,
}

/// One step as the form or the API gives it.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum StepRequest {
    Endorse { name: String, org: Option<String> },
    Version { version: u32, url: Option<String> },
    StartDiscussion,
    StartVoting,
    Vote { org: String, category: String, vote: String },
    CloseVoting,
    StartReview { days: i64 },
    ExclusionNotice { org: Option<String> },
    CloseReview,
    Withdraw,
    Cancel,
}

impl StepRequest {
    /// How a refusal of this step begins: "voting cannot start".
    pub fn refusal(&self) -> &'static str {
        match self {
            StepRequest::Endorse { .. } => "the endorsement cannot be recorded",
            StepRequest::Version { .. } => "the new version cannot be posted",
            StepRequest::StartDiscussion => "discussion cannot start",
            StepRequest::StartVoting => "voting cannot start",
            StepRequest::Vote { .. } => "the vote cannot be recorded",
            StepRequest::CloseVoting => "voting cannot be closed",
            StepRequest::StartReview { .. } => "the IPR review cannot start",
            StepRequest::ExclusionNotice { .. } => "the exclusion notice cannot be recorded",
            StepRequest::CloseReview => "the IPR review cannot be closed",
            StepRequest::Withdraw => "the ballot cannot be withdrawn",
            StepRequest::Cancel => "the ballot cannot be cancelled",
        }
    }

    /// A name for the audit log.
    pub fn name(&self) -> &'static str {
        match self {
            StepRequest::Endorse { .. } => "endorse",
            StepRequest::Version { .. } => "version",
            StepRequest::StartDiscussion => "start_discussion",
            StepRequest::StartVoting => "start_voting",
            StepRequest::Vote { .. } => "vote",
            StepRequest::CloseVoting => "close_voting",
            StepRequest::StartReview { .. } => "start_review",
            StepRequest::ExclusionNotice { .. } => "exclusion_notice",
            StepRequest::CloseReview => "close_review",
            StepRequest::Withdraw => "withdraw",
            StepRequest::Cancel => "cancel",
        }
    }
}

/// The ballot as the rules see it after its recorded steps (see [`ManagedBallot::ballot`]).
pub fn rebuild(m: &ManagedBallot) -> Ballot {
    m.ballot()
}

/// Where the content tree is, for writing posts; refused when the server has none.
pub(super) fn content_dir(dir: Option<&Path>) -> Result<&Path, CommandError> {
    dir.ok_or_else(|| {
        CommandError::Invalid(
            "this server has no content directory to write posts into (start it with --content-dir)".into(),
        )
    })
}

/// Writes `text` to `dir/rel` atomically: a temporary file beside it, then a rename.
pub fn write_atomically(dir: &Path, rel: &str, text: &str) -> Result<PathBuf, CommandError> {
    let path = dir.join(rel);
    let parent = path.parent().unwrap_or(dir);
    let io = |e: std::io::Error| CommandError::Io(format!("{}: {e}", path.display()));
    std::fs::create_dir_all(parent).map_err(io)?;
    let tmp = parent.join(format!(".{}.quorum-tmp", path.file_name().and_then(|n| n.to_str()).unwrap_or("post")));
    std::fs::write(&tmp, text).map_err(io)?;
    std::fs::rename(&tmp, &path).map_err(io)?;
    Ok(path)
}

/// Writes the ballot's post and imports it.
async fn publish(
    store: &Store,
    dir: &Path,
    m: &ManagedBallot,
    now: Instant,
    actor: &Actor,
) -> Result<(), CommandError> {
    let b = rebuild(m);
    let text = BallotText { purpose: m.purpose.clone(), motion: m.motion.clone() };
    let first = m.steps.first().map(|s| s.at).unwrap_or(now);
    let post = announce::hugo_post(&b, &m.wg, &text, &m.author, first);
    write_atomically(dir, &m.path, &post)?;
    crate::import::import_one_file(store, dir, &m.path, now.with_timezone(&chrono::Utc), &actor.label).await?;
    Ok(())
}

/// Creates a ballot in `new.wg`, if `actor` chairs it; writes its post (a draft until discussion
/// starts). Errors: Denied, Invalid (an unknown group, an id of another group, an empty title),
/// Conflict (the id is taken).
pub async fn create_ballot(
    store: &Store,
    dir: Option<&Path>,
    actor: Option<&Actor>,
    new: NewBallot,
    now: Instant,
) -> Result<ManagedBallot, CommandError> {
    let wg: WorkingGroup = new.wg.parse().ok().filter(|w| WorkingGroup::KNOWN.contains(w)).ok_or_else(|| {
        CommandError::Invalid(format!("\"{}\" is not a working group (scwg, cscwg, smcwg, netsec, forum)", new.wg))
    })?;
    authorize_ballot(actor.map(|a| &a.account), &wg)?;
    let actor = actor.ok_or(Denied::NotLoggedIn)?;
    let dir = content_dir(dir)?;
    let title = new.title.trim().to_string();
    if title.is_empty() || title.chars().count() > 300 {
        return Err(CommandError::Invalid("a ballot needs a title (at most 300 characters)".into()));
    }
    if new.proposer.name.trim().is_empty() {
        return Err(CommandError::Invalid("a ballot needs a proposer".into()));
    }
    let id = match new.id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(text) => {
            let id: BallotId = text
                .parse()
                .map_err(|_| CommandError::Invalid(format!("\"{text}\" is not a ballot id such as SC-98")))?;
            if id.wg != wg || id.legacy {
                return Err(CommandError::Invalid(format!("{id} is not a ballot of the {}", wg.name())));
            }
            if store.ballot(&id).await?.is_some() {
                return Err(CommandError::Conflict(format!("ballot {id} already exists")));
            }
            id
        }
        None => BallotId::new(wg.clone(), store.next_ballot_number(&wg).await?),
    };
    let date = now.with_timezone(&chrono::Utc);
    let path =
        format!("posts/{}/{}-ballot-{}.md", date.format("%Y"), date.format("%Y-%m-%d"), id.to_string().to_lowercase());
    let m = ManagedBallot {
        id,
        wg,
        title,
        kind: if new.no_review { BallotKind::Other } else { BallotKind::Guideline },
        purpose: new.purpose.trim().to_string(),
        motion: new.motion.trim().to_string(),
        proposer: Member {
            name: new.proposer.name.trim().to_string(),
            org: new.proposer.org.filter(|o| !o.trim().is_empty()),
        },
        path,
        author: actor.account.name.clone(),
        revision: 0,
        steps: Vec::new(),
    };
    store.create_managed_ballot(&m, now, &actor.label).await?;
    publish(store, dir, &m, now, actor).await?;
    Ok(m)
}

/// The domain event for a step at `at`.
async fn event_for(
    store: &Store,
    m: &ManagedBallot,
    b: &Ballot,
    request: &StepRequest,
    at: Instant,
) -> Result<Event, CommandError> {
    Ok(match request {
        StepRequest::StartDiscussion => {
            if !b.versions.is_empty() {
                return Err(CommandError::Refused("discussion has already started".into()));
            }
            Event::PostVersion { number: 1, at, proposer: Some(m.proposer.clone()) }
        }
        StepRequest::Version { version, .. } => Event::PostVersion { number: *version, at, proposer: None },
        StepRequest::Endorse { name, org } => {
            if name.trim().is_empty() {
                return Err(CommandError::Invalid("an endorsement needs the endorser's name".into()));
            }
            Event::Endorse(Member { name: name.trim().to_string(), org: org.clone().filter(|o| !o.trim().is_empty()) })
        }
        StepRequest::StartVoting => Event::StartVoting { at },
        StepRequest::Vote { org, category, vote } => {
            let category = Category::parse(category).ok_or_else(|| {
                CommandError::Invalid(format!("\"{category}\" is not a category (issuer or consumer)"))
            })?;
            let choice = Choice::parse(vote)
                .ok_or_else(|| CommandError::Invalid(format!("\"{vote}\" is not a vote (yes, no or abstain)")))?;
            if org.trim().is_empty() {
                return Err(CommandError::Invalid("a vote needs the voting organisation".into()));
            }
            Event::CastVote(Vote { org: org.trim().to_string(), category, choice }, Some(at))
        }
        StepRequest::CloseVoting => {
            // Bylaw 2.3(g): the quorum is more than half the active members, the average number
            // of member organisations at the group's previous three meetings.
            let start = b.voting_start.map(|s| s.date_naive()).unwrap_or(at.date_naive());
            let meetings = store.meetings().await?;
            let quorum = match active_members(&m.wg, start, &meetings).0 {
                Some(active) => Quorum::Active(active),
                None => Quorum::Unknown,
            };
            Event::CloseVoting { at, quorum }
        }
        StepRequest::StartReview { days } => {
            let days = ReviewDays::from_days(*days)
                .ok_or_else(|| CommandError::Invalid(format!("an IPR review lasts 30 or 60 days, not {days}")))?;
            Event::StartReview { at, days }
        }
        StepRequest::ExclusionNotice { .. } => Event::FileExclusionNotice { at },
        StepRequest::CloseReview => Event::EndReview { at },
        StepRequest::Withdraw => Event::Withdraw { at },
        StepRequest::Cancel => Event::Cancel { at },
    })
}

/// Records `request` on ballot `id` at `at` (default `now`; never in the future, never before
/// the last recorded step), if `actor` chairs its group and the ballot is still at
/// `expected_revision`. Returns the ballot after the step. In the groups of `member_votes`, a
/// member may record their own organisation's vote (see `authorize_vote`).
///
/// Errors: Denied; NotFound; Conflict (stale revision, saying what changed); Refused (the bylaws
/// say no, with the domain's reason); Invalid (a bad value or time).
#[allow(clippy::too_many_arguments)]
pub async fn ballot_step(
    store: &Store,
    dir: Option<&Path>,
    actor: Option<&Actor>,
    id: &BallotId,
    request: StepRequest,
    expected_revision: Option<i64>,
    at: Option<Instant>,
    now: Instant,
    member_votes: &[WorkingGroup],
) -> Result<(ManagedBallot, Ballot), CommandError> {
    let Some(m) = store.managed_ballot(id).await? else {
        actor.ok_or(Denied::NotLoggedIn)?;
        return Err(CommandError::NotFound(format!("ballot {id} is not run in Quorum")));
    };
    match &request {
        StepRequest::Vote { org, .. } => {
            authorize_vote(actor.map(|a| &a.account), &m.wg, org, member_votes.contains(&m.wg))?
        }
        _ => authorize_ballot(actor.map(|a| &a.account), &m.wg)?,
    }
    let actor = actor.ok_or(Denied::NotLoggedIn)?;
    // A member recording their organisation's vote records it now, and votes do not conflict
    // with each other: the revision check is for the chair's forms.
    let chair = actor.account.chairs(&m.wg);
    if !chair && at.is_some() {
        return Err(CommandError::Invalid("only a chair records a step at an earlier time".into()));
    }
    let expected_revision = if chair { expected_revision } else { None };
    let dir = content_dir(dir)?;
    let at = at.unwrap_or(now);
    if at > now {
        return Err(CommandError::Invalid(format!("{} is in the future", crate::store::utc_text(at))));
    }
    if let Some(last) = m.steps.last().filter(|s| s.at > at) {
        return Err(CommandError::Invalid(format!(
            "steps are recorded in order: the last one was at {}",
            crate::store::utc_text(last.at)
        )));
    }
    let revision = expected_revision.unwrap_or(m.revision);
    if revision != m.revision {
        let history = store.history(&[("ballot", id.to_string().as_str())]).await?;
        let what = history
            .last()
            .map(|e| format!(" ({} by {})", e.summary, e.actor.trim_start_matches("user:")))
            .unwrap_or_default();
        return Err(CommandError::Conflict(format!(
            "ballot {id} was changed meanwhile{what}; it is at revision {}, the form was made from revision {revision}",
            m.revision
        )));
    }
    let before = rebuild(&m);
    let event = event_for(store, &m, &before, &request, at).await?;
    let after = advance(&before, event.clone(), at).map_err(|e| {
        let reason = e.to_string();
        let mut chars = reason.chars();
        let reason = match chars.next() {
            Some(first) => first.to_lowercase().chain(chars).collect::<String>(),
            None => reason,
        };
        CommandError::Refused(format!("{}: {reason}", request.refusal()))
    })?;
    let step = RecordedStep { at, event, actor: actor.label.clone() };
    let summary = describe(&request, &after);
    store.append_ballot_step(id, revision, &step, request.name(), summary, now).await?;
    let mut m = m;
    m.steps.push(step);
    m.revision = revision + 1;
    publish(store, dir, &m, now, actor).await?;
    Ok((m, after))
}

fn describe(request: &StepRequest, b: &Ballot) -> String {
    match request {
        StepRequest::Endorse { name, org } => {
            format!("recorded the endorsement of {name}{}", org.as_ref().map(|o| format!(" ({o})")).unwrap_or_default())
        }
        StepRequest::Version { version, .. } => format!("posted version {version}; discussion restarts"),
        StepRequest::StartDiscussion => "started the discussion period".into(),
        StepRequest::StartVoting => {
            format!("started voting (ends {})", b.voting_end.map(crate::store::utc_text).unwrap_or_default())
        }
        StepRequest::Vote { org, category, vote } => format!("recorded {org}'s vote ({category}): {vote}"),
        StepRequest::CloseVoting => format!("closed voting: {}", b.tally().outcome.as_str()),
        StepRequest::StartReview { days } => format!("started the {days}-day IPR review"),
        StepRequest::ExclusionNotice { org } => {
            format!("recorded an exclusion notice{}", org.as_ref().map(|o| format!(" from {o}")).unwrap_or_default())
        }
        StepRequest::CloseReview => "closed the IPR review: the ballot is adopted".into(),
        StepRequest::Withdraw => "withdrew the ballot".into(),
        StepRequest::Cancel => "cancelled the ballot".into(),
    }
}
