//! A ballot's life as a state machine: draft → discussion → voting → (failed | withdrawn |
//! review → passed | rescinded), plus cancelled and expired.
//!
//! [`check`] says whether an [`Event`] is allowed by the bylaws; [`apply`] records it; [`advance`]
//! does both. [`replay`] applies a ballot's recorded history, collecting rule violations as
//! findings instead of refusing them — the past happened; Quorum points out where it broke a rule.
//! [`status_at`] adds the transitions that happen by the clock alone (a review ending, a ballot
//! expiring). Nothing here reads a clock: `now` is always an argument.

use super::deadline::{self, Instant, ReviewDays};
use super::error::BallotError;
use super::ids::BallotId;
use super::tally::{tally, Quorum, Tally, Vote};
use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Draft,
    Discussion,
    Voting,
    Review,
    Passed,
    Failed,
    Withdrawn,
    Cancelled,
    Expired,
    Rescinded,
    /// Voting is over but no record says how it ended: neither a stated result nor votes.
    Unknown,
}

impl Stage {
    pub const ALL: [Stage; 11] = [
        Stage::Draft,
        Stage::Discussion,
        Stage::Voting,
        Stage::Review,
        Stage::Passed,
        Stage::Failed,
        Stage::Withdrawn,
        Stage::Cancelled,
        Stage::Expired,
        Stage::Rescinded,
        Stage::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Draft => "draft",
            Stage::Discussion => "discussion",
            Stage::Voting => "voting",
            Stage::Review => "review",
            Stage::Passed => "passed",
            Stage::Failed => "failed",
            Stage::Withdrawn => "withdrawn",
            Stage::Cancelled => "cancelled",
            Stage::Expired => "expired",
            Stage::Rescinded => "rescinded",
            Stage::Unknown => "unknown",
        }
    }

    pub fn parse(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// What people call it.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Draft => "Draft",
            Stage::Discussion => "Discussion",
            Stage::Voting => "Voting",
            Stage::Review => "IPR review",
            Stage::Passed => "Passed",
            Stage::Failed => "Failed",
            Stage::Withdrawn => "Withdrawn",
            Stage::Cancelled => "Cancelled",
            Stage::Expired => "Expired",
            Stage::Rescinded => "Rescinded",
            Stage::Unknown => "Outcome not recorded",
        }
    }

    /// In one of the periods the bylaws time (discussion, voting, IPR review): what the home
    /// page lists as live.
    pub fn is_live(self) -> bool {
        matches!(self, Stage::Discussion | Stage::Voting | Stage::Review)
    }

    /// Over for good: passed, failed, withdrawn, cancelled, expired or rescinded — or over with an
    /// outcome the records do not tell (nothing is left to happen by the clock).
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Stage::Passed
                | Stage::Failed
                | Stage::Withdrawn
                | Stage::Cancelled
                | Stage::Expired
                | Stage::Rescinded
                | Stage::Unknown
        )
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Stage::Review => "in IPR review",
            Stage::Discussion => "in discussion",
            Stage::Voting => "in its voting period",
            Stage::Unknown => "over, with no recorded outcome",
            other => other.as_str(),
        })
    }
}

/// A person acting for a member organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub name: String,
    pub org: Option<String>,
}

impl Member {
    fn org_key(&self) -> Option<String> {
        self.org.as_ref().map(|o| o.trim().to_lowercase())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Version {
    pub number: u32,
    pub posted: Option<Instant>,
}

/// Guideline ballots go through IPR review; elections and charter ballots take effect at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BallotKind {
    Guideline,
    Other,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub start: Instant,
    pub end: Instant,
    pub exclusion_notice: Option<Instant>,
}

/// A stage the ballot entered, and when (if known).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    pub stage: Stage,
    pub at: Option<Instant>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ballot {
    pub id: BallotId,
    pub title: String,
    pub kind: BallotKind,
    pub stage: Stage,
    pub proposer: Option<Member>,
    pub endorsers: Vec<Member>,
    pub versions: Vec<Version>,
    pub discussion_start: Option<Instant>,
    pub voting_start: Option<Instant>,
    pub voting_end: Option<Instant>,
    pub votes: Vec<Vote>,
    pub quorum: Quorum,
    pub review: Option<Review>,
    pub effective: Option<NaiveDate>,
    pub timeline: Vec<Step>,
}

impl Ballot {
    pub fn new(id: BallotId, title: impl Into<String>, kind: BallotKind) -> Ballot {
        Ballot {
            id,
            title: title.into(),
            kind,
            stage: Stage::Draft,
            proposer: None,
            endorsers: Vec::new(),
            versions: Vec::new(),
            discussion_start: None,
            voting_start: None,
            voting_end: None,
            votes: Vec::new(),
            quorum: Quorum::Unknown,
            review: None,
            effective: None,
            timeline: vec![Step { stage: Stage::Draft, at: None }],
        }
    }

    /// The latest version and when it was posted.
    pub fn last_version(&self) -> Option<&Version> {
        self.versions.iter().max_by_key(|v| v.number)
    }

    /// When the last version was posted (or discussion began, for ballots without version dates).
    pub fn last_version_posted(&self) -> Option<Instant> {
        self.last_version().and_then(|v| v.posted).or(self.discussion_start)
    }

    /// The earliest moment voting may start.
    pub fn discussion_min_end(&self) -> Option<Instant> {
        self.last_version_posted().map(deadline::discussion_min_end)
    }

    pub fn tally(&self) -> Tally {
        tally(&self.votes, self.quorum)
    }

    fn enter(&mut self, stage: Stage, at: Option<Instant>) {
        self.stage = stage;
        self.timeline.push(Step { stage, at });
    }
}

/// Things that happen to a ballot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Event {
    /// The proposer posts a version (1 for the first); posting starts or restarts discussion.
    PostVersion {
        number: u32,
        at: Instant,
        proposer: Option<Member>,
    },
    Endorse(Member),
    StartVoting {
        at: Instant,
    },
    CastVote(Vote, Option<Instant>),
    /// Voting closed and the result was recorded, counted against this quorum.
    CloseVoting {
        at: Instant,
        quorum: Quorum,
    },
    /// The IPR review started (normally when a guideline ballot passes) for this many days.
    StartReview {
        at: Instant,
        days: ReviewDays,
    },
    FileExclusionNotice {
        at: Instant,
    },
    EndReview {
        at: Instant,
    },
    Withdraw {
        at: Instant,
    },
    Cancel {
        at: Instant,
    },
    Expire {
        at: Instant,
    },
}

impl Event {
    fn name(&self) -> &'static str {
        match self {
            Event::PostVersion { .. } => "posting a version",
            Event::Endorse(_) => "endorsing",
            Event::StartVoting { .. } => "starting the vote",
            Event::CastVote(..) => "voting",
            Event::CloseVoting { .. } => "recording the result",
            Event::StartReview { .. } => "starting the IPR review",
            Event::FileExclusionNotice { .. } => "filing an exclusion notice",
            Event::EndReview { .. } => "ending the IPR review",
            Event::Withdraw { .. } => "withdrawing",
            Event::Cancel { .. } => "cancelling",
            Event::Expire { .. } => "expiring",
        }
    }
}

fn wrong(event: &Event, stage: Stage) -> BallotError {
    BallotError::WrongStage { action: event.name().to_string(), stage }
}

/// The endorsement rule: a proposer and two endorsers from two other voting members.
pub fn check_endorsements(b: &Ballot) -> Result<(), BallotError> {
    let proposer = b.proposer.as_ref().ok_or(BallotError::NoProposer)?;
    let own = proposer.org_key();
    let mut others: Vec<&Member> = Vec::new();
    for e in &b.endorsers {
        if own.is_some() && e.org_key() == own {
            return Err(BallotError::EndorserFromProposersOrg {
                name: e.name.clone(),
                org: e.org.clone().unwrap_or_default(),
            });
        }
        if let Some(prev) = others.iter().find(|o| o.org_key().is_some() && o.org_key() == e.org_key()) {
            return Err(BallotError::EndorsersFromSameOrg { org: prev.org.clone().unwrap_or_default() });
        }
        others.push(e);
    }
    if others.len() < 2 {
        return Err(BallotError::NotEnoughEndorsers { have: others.len() });
    }
    Ok(())
}

/// Everything that stands in the way of starting the vote at `at`.
pub(crate) fn start_voting_problems(b: &Ballot, at: Instant) -> Vec<BallotError> {
    let mut out = Vec::new();
    if let Err(e) = check_endorsements(b) {
        out.push(e);
    }
    if let (Some(min_end), Some(v)) = (b.discussion_min_end(), b.last_version()) {
        if at < min_end {
            let posted = v.posted.or(b.discussion_start).unwrap_or(at);
            out.push(BallotError::DiscussionTooShort { earliest: min_end, version: v.number, posted });
        }
    } else if let Some(start) = b.discussion_start {
        if at < deadline::discussion_min_end(start) {
            out.push(BallotError::DiscussionTooShort {
                earliest: deadline::discussion_min_end(start),
                version: 1,
                posted: start,
            });
        }
    }
    out
}

/// Whether the bylaws allow `event` now.
pub fn check(b: &Ballot, event: &Event, now: Instant) -> Result<(), BallotError> {
    let stage = status_at(b, now);
    match event {
        Event::PostVersion { number, .. } => {
            if !matches!(stage, Stage::Draft | Stage::Discussion) {
                return Err(wrong(event, stage));
            }
            let last = b.last_version().map(|v| v.number).unwrap_or(0);
            if *number != last + 1 {
                return Err(BallotError::VersionOutOfOrder { number: *number, last });
            }
            Ok(())
        }
        Event::Endorse(_) => match stage {
            Stage::Draft | Stage::Discussion => Ok(()),
            _ => Err(wrong(event, stage)),
        },
        Event::StartVoting { at } => {
            if stage != Stage::Discussion {
                return Err(wrong(event, stage));
            }
            match start_voting_problems(b, *at).into_iter().next() {
                Some(e) => Err(e),
                None => Ok(()),
            }
        }
        Event::CastVote(v, at) => {
            // A vote after the end is refused as late (below), not as the wrong stage.
            if !matches!(stage, Stage::Voting | Stage::Unknown) {
                return Err(wrong(event, stage));
            }
            if let (Some(at), Some(start), Some(end)) = (at, b.voting_start, b.voting_end) {
                if *at < start || *at >= end {
                    return Err(BallotError::VoteOutsidePeriod { org: v.org.clone(), at: *at, start, end });
                }
            }
            Ok(())
        }
        Event::CloseVoting { at, .. } => {
            // Recording the results is how a ballot leaves "outcome not recorded".
            if !matches!(stage, Stage::Voting | Stage::Unknown) {
                return Err(wrong(event, stage));
            }
            match b.voting_end {
                Some(end) if *at < end => Err(BallotError::VotingNotOver { ends: end }),
                _ => Ok(()),
            }
        }
        Event::StartReview { .. } => {
            // Entered right after a passing vote: the stage is still "voting" or already "review".
            if b.kind == BallotKind::Guideline && matches!(b.stage, Stage::Voting | Stage::Review) && b.review.is_none()
            {
                Ok(())
            } else {
                Err(wrong(event, stage))
            }
        }
        Event::FileExclusionNotice { .. } => {
            if stage == Stage::Review {
                Ok(())
            } else {
                Err(wrong(event, stage))
            }
        }
        Event::EndReview { at } => match (&b.review, b.stage) {
            (Some(r), Stage::Review) if *at < r.end => Err(BallotError::ReviewNotOver { ends: r.end }),
            (Some(_), Stage::Review) => Ok(()),
            _ => Err(wrong(event, stage)),
        },
        Event::Withdraw { .. } => match stage {
            Stage::Draft | Stage::Discussion => Ok(()),
            _ => Err(wrong(event, stage)),
        },
        Event::Cancel { .. } => match stage {
            Stage::Draft | Stage::Discussion | Stage::Voting => Ok(()),
            _ => Err(wrong(event, stage)),
        },
        Event::Expire { at } => match (stage, b.last_version_posted()) {
            (Stage::Draft | Stage::Discussion | Stage::Expired, Some(last)) if *at >= deadline::expiry(last) => Ok(()),
            (Stage::Draft | Stage::Discussion, Some(last)) => Err(BallotError::WrongStage {
                action: format!("expiring before {}", deadline::format_instant(deadline::expiry(last))),
                stage,
            }),
            _ => Err(wrong(event, stage)),
        },
    }
}

/// Records `event` without checking it (see [`replay`]).
pub fn apply(mut b: Ballot, event: Event) -> Ballot {
    match event {
        Event::PostVersion { number, at, proposer } => {
            if let Some(p) = proposer {
                b.proposer = Some(p);
            }
            b.versions.retain(|v| v.number != number);
            b.versions.push(Version { number, posted: Some(at) });
            b.versions.sort_by_key(|v| v.number);
            if b.discussion_start.is_none() {
                b.discussion_start = Some(at);
            }
            if b.stage == Stage::Draft {
                b.enter(Stage::Discussion, Some(at));
            }
        }
        Event::Endorse(m) => {
            if !b.endorsers.iter().any(|e| e.name == m.name) {
                b.endorsers.push(m);
            }
        }
        Event::StartVoting { at } => {
            b.voting_start = Some(at);
            b.voting_end = Some(deadline::voting_end(at));
            b.enter(Stage::Voting, Some(at));
        }
        Event::CastVote(v, _) => b.votes.push(v),
        Event::CloseVoting { at, quorum } => {
            b.quorum = quorum;
            let passed = b.tally().outcome == super::tally::Outcome::Passed;
            match (passed, b.kind) {
                (true, BallotKind::Guideline) => b.enter(Stage::Review, Some(at)),
                (true, BallotKind::Other) => {
                    b.effective = Some(at.date_naive());
                    b.enter(Stage::Passed, Some(at));
                }
                (false, _) => b.enter(Stage::Failed, Some(at)),
            }
        }
        Event::StartReview { at, days } => {
            b.review = Some(Review { start: at, end: deadline::review_end(at, days), exclusion_notice: None });
            if b.stage != Stage::Review {
                b.enter(Stage::Review, Some(at));
            }
        }
        Event::FileExclusionNotice { at } => {
            if let Some(r) = b.review.as_mut() {
                r.exclusion_notice = Some(at);
            }
            b.enter(Stage::Rescinded, Some(at));
        }
        Event::EndReview { at } => {
            b.effective = Some(at.date_naive());
            b.enter(Stage::Passed, Some(at));
        }
        Event::Withdraw { at } => b.enter(Stage::Withdrawn, Some(at)),
        Event::Cancel { at } => b.enter(Stage::Cancelled, Some(at)),
        Event::Expire { at } => b.enter(Stage::Expired, Some(at)),
    }
    b
}

/// Checks and records `event`: the way a live ballot moves on.
pub fn advance(b: &Ballot, event: Event, now: Instant) -> Result<Ballot, BallotError> {
    check(b, &event, now)?;
    Ok(apply(b.clone(), event))
}

/// Applies a recorded history in order, noting each step the bylaws would have refused.
pub fn replay(start: Ballot, events: Vec<(Instant, Event)>) -> (Ballot, Vec<BallotError>) {
    let mut b = start;
    let mut findings = Vec::new();
    for (at, event) in events {
        if let Event::StartVoting { at: start } = &event {
            findings.extend(start_voting_problems(&b, *start));
        } else if let Err(e) = check(&b, &event, at) {
            // A closed vote or a review can arrive out of order in the posts; only rule breaches
            // are findings, not our own ordering of what the posts say.
            if !matches!(e, BallotError::WrongStage { .. }) {
                findings.push(e);
            }
        }
        b = apply(b, event);
    }
    if let (Some(start), Some(end)) = (b.voting_start, b.voting_end) {
        if end - start != Duration::days(deadline::VOTING_DAYS) {
            findings.push(BallotError::VotingNotSevenDays { start, end });
        }
    }
    (b, findings)
}

/// The stage at `now`, including what the clock alone decides: a review without an exclusion
/// notice ends in effect; a ballot that never reached a vote expires 90 days after its last version;
/// a scheduled vote opens at its start.
pub fn status_at(b: &Ballot, now: Instant) -> Stage {
    match b.stage {
        // Votes recorded without a result are counted when the history is rebuilt; a vote that is
        // over with nothing recorded has an outcome nobody wrote down.
        Stage::Voting => match b.voting_end {
            Some(end) if now >= end && b.votes.is_empty() => Stage::Unknown,
            _ => Stage::Voting,
        },
        Stage::Review => match &b.review {
            Some(r) if r.exclusion_notice.is_none() && now >= r.end => Stage::Passed,
            _ => Stage::Review,
        },
        Stage::Discussion | Stage::Draft => {
            if let Some(start) = b.voting_start {
                if now >= start {
                    return if b.voting_end.is_some_and(|end| now >= end) { Stage::Unknown } else { Stage::Voting };
                }
            }
            match b.last_version_posted() {
                Some(last) if b.voting_start.is_none() && now >= deadline::expiry(last) => Stage::Expired,
                _ => b.stage,
            }
        }
        other => other,
    }
}

/// The steps a chair may try next on a ballot run in Quorum, by its stage at `now` (Bylaw 2.3):
/// names as the write API spells them (`start_discussion`, `vote`, …), in the order of the
/// ballot's life. Timing rules are not applied here: "start_voting" is offered during discussion
/// and [`check`] refuses it, with the reason, until the discussion period has run.
pub fn next_steps(b: &Ballot, now: Instant) -> Vec<&'static str> {
    match status_at(b, now) {
        Stage::Draft if b.versions.is_empty() => vec!["endorse", "start_discussion", "withdraw", "cancel"],
        Stage::Draft | Stage::Discussion => vec!["endorse", "version", "start_voting", "withdraw", "cancel"],
        Stage::Voting | Stage::Unknown => vec!["vote", "close_voting", "cancel"],
        Stage::Review if b.review.is_none() => vec!["start_review"],
        Stage::Review => vec!["exclusion_notice", "close_review"],
        // The review ran out without a notice: adopted in effect, still to be recorded.
        Stage::Passed if b.stage == Stage::Review => vec!["close_review"],
        _ => Vec::new(),
    }
}

/// The stages a ballot went through by `now`: the recorded ones plus those the clock decided (a
/// scheduled vote opening, a review ending in effect, a ballot expiring).
pub fn timeline_at(b: &Ballot, now: Instant) -> Vec<Step> {
    let mut steps = b.timeline.clone();
    let last = steps.last().map(|s| s.stage).unwrap_or(Stage::Draft);
    let current = status_at(b, now);
    if current == Stage::Unknown && last != Stage::Voting && b.voting_start.is_some() {
        steps.push(Step { stage: Stage::Voting, at: b.voting_start });
    }
    if current != last {
        let at = match current {
            Stage::Voting => b.voting_start,
            Stage::Passed => b.review.as_ref().map(|r| r.end),
            Stage::Expired => b.last_version_posted().map(deadline::expiry),
            Stage::Unknown => b.voting_end,
            _ => None,
        };
        steps.push(Step { stage: current, at });
    }
    steps
}

/// When the ballot took (or takes) effect, as of `now`: the recorded date, or — for a guideline
/// ballot whose review ended without an exclusion notice — the end of the review.
pub fn effective_at(b: &Ballot, now: Instant) -> Option<NaiveDate> {
    b.effective.or_else(|| match (status_at(b, now), &b.review) {
        (Stage::Passed, Some(r)) if r.exclusion_notice.is_none() => Some(r.end.date_naive()),
        _ => None,
    })
}

/// When the ballot was adopted under the Bylaws, as of `now`: the end of its IPR review (ended
/// without an exclusion notice), or — for a ballot that has no review (elections, charters) or
/// whose review is not on record — the end of voting or the day it was recorded as passed.
/// `None` unless the ballot has passed by `now`.
pub fn adopted_at(b: &Ballot, now: Instant) -> Option<NaiveDate> {
    if status_at(b, now) != Stage::Passed {
        return None;
    }
    match &b.review {
        Some(r) if r.exclusion_notice.is_none() => Some(r.end.date_naive()),
        _ => b
            .voting_end
            .or_else(|| b.timeline.iter().rev().find(|s| s.stage == Stage::Passed).and_then(|s| s.at))
            .map(|t| t.date_naive()),
    }
}

/// The next date that matters for a ballot at `now`, with what happens then.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deadline {
    pub what: String,
    pub at: Instant,
}

pub fn next_deadline(b: &Ballot, now: Instant) -> Option<Deadline> {
    let d = |what: &str, at: Instant| Some(Deadline { what: what.to_string(), at });
    match status_at(b, now) {
        Stage::Discussion | Stage::Draft => match (b.voting_start, b.discussion_min_end(), b.last_version_posted()) {
            (Some(start), _, _) if start > now => d("voting starts", start),
            (_, Some(min_end), _) if min_end > now => d("discussion may end", min_end),
            (_, _, Some(last)) => d("expires without a vote", deadline::expiry(last)),
            _ => None,
        },
        Stage::Voting => match b.voting_end {
            Some(end) if end > now => d("voting ends", end),
            Some(end) => d("results due", deadline::results_due(end)),
            None => None,
        },
        // Voting is over and nothing is recorded: the results are due, until they are overdue.
        Stage::Unknown => match b.voting_end.map(deadline::results_due) {
            Some(due) if due > now => d("results due", due),
            _ => None,
        },
        Stage::Review => b.review.as_ref().map(|r| Deadline { what: "IPR review ends".into(), at: r.end }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::tally::{Category, Choice};
    use chrono::DateTime;

    fn t(s: &str) -> Instant {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn m(name: &str, org: &str) -> Member {
        Member { name: name.into(), org: Some(org.into()) }
    }

    fn vote(org: &str, category: Category, choice: Choice) -> Event {
        Event::CastVote(Vote { org: org.into(), category, choice }, None)
    }

    /// A guideline ballot proposed on 2021-10-07 08:00 UTC with two proper endorsers.
    fn proposed() -> Ballot {
        let b = Ballot::new("CSC-11".parse().unwrap(), "Log retention", BallotKind::Guideline);
        let b = apply(
            b,
            Event::PostVersion {
                number: 1,
                at: t("2021-10-07T08:00:00Z"),
                proposer: Some(m("Ian McMillan", "Microsoft")),
            },
        );
        let b = apply(b, Event::Endorse(m("Dimitris Zacharopoulos", "HARICA")));
        apply(b, Event::Endorse(m("Bruce Morton", "Entrust")))
    }

    fn voting() -> Ballot {
        advance(&proposed(), Event::StartVoting { at: t("2021-10-14T08:00:00Z") }, t("2021-10-14T08:00:00Z")).unwrap()
    }

    fn with_votes(issuer_yes: u32, consumer_yes: u32) -> Ballot {
        let mut b = voting();
        for i in 0..issuer_yes {
            b = apply(b, vote(&format!("CA{i}"), Category::Issuer, Choice::Yes));
        }
        for i in 0..consumer_yes {
            b = apply(b, vote(&format!("Browser{i}"), Category::Consumer, Choice::Yes));
        }
        b
    }

    #[test]
    fn the_steps_offered_to_a_chair_follow_the_ballots_stage() {
        let draft = Ballot::new("CSC-31".parse().unwrap(), "Audits", BallotKind::Guideline);
        let end = t("2021-10-21T08:00:00Z");
        let closed = apply(with_votes(3, 1), Event::CloseVoting { at: end, quorum: Quorum::Stated(3) });
        let reviewing = apply(closed.clone(), Event::StartReview { at: end, days: ReviewDays::Thirty });
        let withdrawn = apply(proposed(), Event::Withdraw { at: t("2021-10-08T08:00:00Z") });
        let cases: [(&str, &Ballot, &str, &[&str]); 8] = [
            ("a draft", &draft, "2021-10-01T00:00:00Z", &["endorse", "start_discussion", "withdraw", "cancel"]),
            (
                "in discussion",
                &proposed(),
                "2021-10-08T00:00:00Z",
                &["endorse", "version", "start_voting", "withdraw", "cancel"],
            ),
            ("in voting", &voting(), "2021-10-15T00:00:00Z", &["vote", "close_voting", "cancel"]),
            ("passed, no review yet", &closed, "2021-10-21T09:00:00Z", &["start_review"]),
            ("in review", &reviewing, "2021-10-22T00:00:00Z", &["exclusion_notice", "close_review"]),
            ("review over, adoption not recorded", &reviewing, "2021-12-01T00:00:00Z", &["close_review"]),
            ("withdrawn", &withdrawn, "2021-10-09T00:00:00Z", &[]),
            ("discussion without a vote for 90 days (expired)", &proposed(), "2022-02-01T00:00:00Z", &[]),
        ];
        for (what, b, now, expected) in cases {
            assert_eq!(next_steps(b, t(now)), expected.to_vec(), "{what}");
        }
    }

    #[test]
    fn voting_starts_once_discussion_has_lasted_seven_days() {
        let b = voting();
        assert_eq!(b.stage, Stage::Voting);
        assert_eq!(b.voting_end, Some(t("2021-10-21T08:00:00Z")));
    }

    #[test]
    fn voting_cannot_start_before_seven_days_of_discussion() {
        let err = advance(&proposed(), Event::StartVoting { at: t("2021-10-13T08:00:00Z") }, t("2021-10-13T08:00:00Z"))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "discussion ends no earlier than 2021-10-14 08:00 UTC: version 1 was posted 2021-10-07"
        );
    }

    #[test]
    fn a_new_version_restarts_the_seven_days() {
        let b = apply(proposed(), Event::PostVersion { number: 2, at: t("2021-10-10T08:00:00Z"), proposer: None });
        let err =
            advance(&b, Event::StartVoting { at: t("2021-10-14T08:00:00Z") }, t("2021-10-14T08:00:00Z")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "discussion ends no earlier than 2021-10-17 08:00 UTC: version 2 was posted 2021-10-10"
        );
        assert!(advance(&b, Event::StartVoting { at: t("2021-10-17T08:00:00Z") }, t("2021-10-17T08:00:00Z")).is_ok());
    }

    #[test]
    fn versions_must_follow_each_other() {
        let err = advance(
            &proposed(),
            Event::PostVersion { number: 3, at: t("2021-10-08T08:00:00Z"), proposer: None },
            t("2021-10-08T08:00:00Z"),
        )
        .unwrap_err();
        assert_eq!(err, BallotError::VersionOutOfOrder { number: 3, last: 1 });
    }

    #[test]
    fn endorsement_rules() {
        let base = Ballot::new("SC-1".parse().unwrap(), "x", BallotKind::Guideline);
        let base = apply(
            base,
            Event::PostVersion { number: 1, at: t("2021-01-01T00:00:00Z"), proposer: Some(m("P", "Acme")) },
        );
        let at = t("2021-01-09T00:00:00Z");
        let start = Event::StartVoting { at };
        let one = apply(base.clone(), Event::Endorse(m("E1", "Globex")));
        assert_eq!(
            advance(&one, start.clone(), at).unwrap_err().to_string(),
            "voting cannot start: only one endorser from another member"
        );
        let own_org = apply(one.clone(), Event::Endorse(m("E2", "acme")));
        assert_eq!(advance(&own_org, start.clone(), at).unwrap_err().code(), "endorser_from_proposers_org");
        let same_org = apply(one.clone(), Event::Endorse(m("E3", "Globex")));
        assert_eq!(advance(&same_org, start.clone(), at).unwrap_err().code(), "endorsers_from_same_org");
        let good = apply(one, Event::Endorse(m("E4", "Initech")));
        assert!(advance(&good, start, at).is_ok());
        let none = Ballot::new("SC-2".parse().unwrap(), "x", BallotKind::Guideline);
        assert_eq!(check_endorsements(&none).unwrap_err(), BallotError::NoProposer);
    }

    #[test]
    fn results_cannot_be_recorded_before_voting_ends() {
        let b = with_votes(3, 1);
        let err = advance(
            &b,
            Event::CloseVoting { at: t("2021-10-20T08:00:00Z"), quorum: Quorum::Stated(3) },
            t("2021-10-20T08:00:00Z"),
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "results cannot be recorded before voting ends at 2021-10-21 08:00 UTC");
    }

    #[test]
    fn a_passing_guideline_ballot_enters_review_and_takes_effect_when_it_ends() {
        let end = t("2021-10-21T08:00:00Z");
        let b = advance(&with_votes(3, 1), Event::CloseVoting { at: end, quorum: Quorum::Stated(3) }, end).unwrap();
        assert_eq!(b.stage, Stage::Review);
        let b = advance(&b, Event::StartReview { at: end, days: ReviewDays::Thirty }, end).unwrap();
        assert_eq!(status_at(&b, t("2021-11-19T08:00:00Z")), Stage::Review);
        assert_eq!(status_at(&b, t("2021-11-20T08:00:00Z")), Stage::Passed);
        assert_eq!(effective_at(&b, t("2021-11-19T08:00:00Z")), None);
        assert_eq!(effective_at(&b, t("2021-11-20T08:00:00Z")).map(|d| d.to_string()).as_deref(), Some("2021-11-20"));
        assert_eq!(next_deadline(&b, end).unwrap().at, t("2021-11-20T08:00:00Z"));
        let early =
            advance(&b, Event::EndReview { at: t("2021-11-01T00:00:00Z") }, t("2021-11-01T00:00:00Z")).unwrap_err();
        assert_eq!(early.code(), "review_not_over");
        let done = advance(&b, Event::EndReview { at: t("2021-11-20T08:00:00Z") }, t("2021-11-20T08:00:00Z")).unwrap();
        assert_eq!(
            (done.stage, done.effective.map(|d| d.to_string())),
            (Stage::Passed, Some("2021-11-20".to_string()))
        );
    }

    #[test]
    fn an_exclusion_notice_during_review_rescinds_the_ballot() {
        let end = t("2021-10-21T08:00:00Z");
        let b = apply(
            apply(with_votes(3, 1), Event::CloseVoting { at: end, quorum: Quorum::Unknown }),
            Event::StartReview { at: end, days: ReviewDays::Sixty },
        );
        let b = advance(&b, Event::FileExclusionNotice { at: t("2021-11-01T00:00:00Z") }, t("2021-11-01T00:00:00Z"))
            .unwrap();
        assert_eq!(status_at(&b, t("2022-06-01T00:00:00Z")), Stage::Rescinded);
    }

    #[test]
    fn a_failing_vote_fails_and_an_election_passes_without_review() {
        let end = t("2021-10-21T08:00:00Z");
        let failed = advance(&with_votes(3, 0), Event::CloseVoting { at: end, quorum: Quorum::Unknown }, end).unwrap();
        assert_eq!(failed.stage, Stage::Failed);
        let mut election = with_votes(3, 1);
        election.kind = BallotKind::Other;
        let passed = advance(&election, Event::CloseVoting { at: end, quorum: Quorum::Unknown }, end).unwrap();
        assert_eq!((passed.stage, passed.effective.is_some()), (Stage::Passed, true));
        assert_eq!(
            advance(&passed, Event::StartReview { at: end, days: ReviewDays::Thirty }, end).unwrap_err().code(),
            "wrong_stage"
        );
    }

    #[test]
    fn a_ballot_that_never_reaches_a_vote_expires_after_ninety_days() {
        let b = proposed();
        assert_eq!(status_at(&b, t("2022-01-05T07:59:00Z")), Stage::Discussion);
        assert_eq!(status_at(&b, t("2022-01-05T08:00:00Z")), Stage::Expired);
        assert_eq!(next_deadline(&b, t("2021-12-01T00:00:00Z")).unwrap().what, "expires without a vote");
        let err =
            advance(&b, Event::StartVoting { at: t("2022-02-01T00:00:00Z") }, t("2022-02-01T00:00:00Z")).unwrap_err();
        assert_eq!(err.to_string(), "starting the vote is not possible while the ballot is expired");
    }

    #[test]
    fn withdrawing_and_cancelling_are_allowed_only_before_results() {
        let at = t("2021-10-10T00:00:00Z");
        assert_eq!(advance(&proposed(), Event::Withdraw { at }, at).unwrap().stage, Stage::Withdrawn);
        assert_eq!(
            advance(&voting(), Event::Withdraw { at: t("2021-10-15T00:00:00Z") }, t("2021-10-15T00:00:00Z"))
                .unwrap_err()
                .code(),
            "wrong_stage"
        );
        assert_eq!(
            advance(&voting(), Event::Cancel { at: t("2021-10-15T00:00:00Z") }, t("2021-10-15T00:00:00Z"))
                .unwrap()
                .stage,
            Stage::Cancelled
        );
        let failed =
            apply(with_votes(0, 0), Event::CloseVoting { at: t("2021-10-21T08:00:00Z"), quorum: Quorum::Unknown });
        assert_eq!(
            advance(&failed, Event::Cancel { at: t("2021-10-22T00:00:00Z") }, t("2021-10-22T00:00:00Z"))
                .unwrap_err()
                .code(),
            "wrong_stage"
        );
    }

    #[test]
    fn votes_outside_the_period_are_refused() {
        let b = voting();
        let late = Event::CastVote(
            Vote { org: "Late CA".into(), category: Category::Issuer, choice: Choice::Yes },
            Some(t("2021-10-21T08:00:01Z")),
        );
        // After the end the ballot is still "voting" until results are recorded, but the vote is late.
        assert_eq!(advance(&b, late, t("2021-10-21T08:00:01Z")).unwrap_err().code(), "vote_outside_period");
    }

    #[test]
    fn results_are_due_three_business_days_after_voting() {
        let b = voting();
        let d = next_deadline(&b, t("2021-10-22T00:00:00Z")).unwrap();
        assert_eq!((d.what.as_str(), d.at), ("results due", t("2021-10-26T08:00:00Z")));
    }

    #[test]
    fn replaying_history_collects_rule_breaches_without_refusing_them() {
        let events = vec![
            (
                t("2021-03-11T21:30:00Z"),
                Event::PostVersion {
                    number: 1,
                    at: t("2021-03-11T21:30:00Z"),
                    proposer: Some(m("Niko", "SecureTrust")),
                },
            ),
            (t("2021-03-11T21:30:00Z"), Event::Endorse(m("Corey", "DigiCert"))),
            (t("2021-03-14T16:00:00Z"), Event::StartVoting { at: t("2021-03-14T16:00:00Z") }),
        ];
        let (b, findings) = replay(Ballot::new("SC-43".parse().unwrap(), "x", BallotKind::Guideline), events);
        assert_eq!(b.stage, Stage::Voting);
        let codes: Vec<&str> = findings.iter().map(|f| f.code()).collect();
        assert_eq!(codes, ["not_enough_endorsers", "discussion_too_short"]);
    }

    #[test]
    fn a_scheduled_vote_opens_by_the_clock() {
        let mut b = proposed();
        b.voting_start = Some(t("2021-10-14T08:00:00Z"));
        b.voting_end = Some(t("2021-10-21T08:00:00Z"));
        assert_eq!(status_at(&b, t("2021-10-13T00:00:00Z")), Stage::Discussion);
        assert_eq!(next_deadline(&b, t("2021-10-13T00:00:00Z")).unwrap().what, "voting starts");
        assert_eq!(status_at(&b, t("2021-10-15T00:00:00Z")), Stage::Voting);
        let steps: Vec<(Stage, Option<Instant>)> =
            timeline_at(&b, t("2021-10-15T00:00:00Z")).into_iter().map(|s| (s.stage, s.at)).collect();
        assert_eq!(steps.last(), Some(&(Stage::Voting, Some(t("2021-10-14T08:00:00Z")))));
        assert_eq!(timeline_at(&b, t("2021-10-13T00:00:00Z")).last().map(|s| s.stage), Some(Stage::Discussion));
    }
}
