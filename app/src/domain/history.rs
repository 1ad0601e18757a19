//! A ballot's recorded history — what its posts state — and how it becomes a [`Ballot`]: the
//! facts are turned into events in time order and replayed through the same rules a live ballot
//! follows, so a recorded ballot that broke a rule comes back with that rule named.

use super::ballot::{apply, replay, Ballot, BallotKind, Event, Member, Stage};
use super::deadline::{Instant, ReviewDays};
use super::error::BallotError;
use super::ids::BallotId;
use super::tally::{Outcome, Quorum, Tally, Vote};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What the result posts say happened, in the words the Forum uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatedResult {
    Passed,
    Failed,
    Withdrawn,
    Cancelled,
}

/// What minutes say about a ballot they mention ("SC70: … This Ballot was rescinded.",
/// "Approved and Effective: SMC015v2", "SMC011 in voting for approval, closing on April 14").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MinutesSay {
    Passed,
    Failed,
    Withdrawn,
    Rescinded,
    InReview,
    InVoting,
    InDiscussion,
}

impl MinutesSay {
    pub fn as_str(self) -> &'static str {
        match self {
            MinutesSay::Passed => "passed",
            MinutesSay::Failed => "failed",
            MinutesSay::Withdrawn => "withdrawn",
            MinutesSay::Rescinded => "rescinded",
            MinutesSay::InReview => "in_review",
            MinutesSay::InVoting => "in_voting",
            MinutesSay::InDiscussion => "in_discussion",
        }
    }

    pub fn parse(s: &str) -> Option<MinutesSay> {
        [
            MinutesSay::Passed,
            MinutesSay::Failed,
            MinutesSay::Withdrawn,
            MinutesSay::Rescinded,
            MinutesSay::InReview,
            MinutesSay::InVoting,
            MinutesSay::InDiscussion,
        ]
        .into_iter()
        .find(|m| m.as_str() == s)
    }

    /// An outcome, rather than a period the ballot was in.
    pub fn is_outcome(self) -> bool {
        matches!(self, MinutesSay::Passed | MinutesSay::Failed | MinutesSay::Withdrawn | MinutesSay::Rescinded)
    }
}

/// Where a ballot's status comes from, for readers who want to know how sure it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusSource {
    /// A post says it in words: a stated result, the end of the IPR review, an exclusion notice.
    Stated,
    /// Counted from the recorded votes under Bylaw 2.3(f): no post states the result.
    Computed,
    /// Only the schedule and the clock tell: a period that began or ended, a review that ran out,
    /// a ballot that never reached a vote.
    Inferred,
}

impl StatusSource {
    pub fn as_str(self) -> &'static str {
        match self {
            StatusSource::Stated => "stated",
            StatusSource::Computed => "computed",
            StatusSource::Inferred => "inferred",
        }
    }
}

/// Where the status of the ballot rebuilt from `h` comes from at `now` (see [`StatusSource`]).
pub fn status_source(h: &History, b: &Ballot, now: Instant) -> StatusSource {
    let stage = super::ballot::status_at(b, now);
    let stated = h.stated_result.is_some()
        || h.review_result.is_some()
        || (h.never_voted && stage == Stage::Expired)
        || (h.minutes_say.iter().any(|(_, s)| s.is_outcome()) && stage.is_final())
        || (h.effective.is_some() && stage == Stage::Passed && h.entered_review);
    if stated && stage != Stage::Unknown && (stage != Stage::Expired || h.never_voted) {
        StatusSource::Stated
    } else if !h.votes.is_empty() && stage.is_final() && stage != Stage::Unknown {
        StatusSource::Computed
    } else {
        StatusSource::Inferred
    }
}

/// How the IPR review ended, when it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewResult {
    NoExclusions,
    ExclusionFiled,
}

/// Everything recorded about one ballot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct History {
    pub id: BallotId,
    pub title: String,
    pub kind: BallotKind,
    pub versions: Vec<(u32, Option<Instant>)>,
    pub proposer: Option<Member>,
    pub endorsers: Vec<Member>,
    pub discussion_start: Option<Instant>,
    pub discussion_end: Option<Instant>,
    pub voting_start: Option<Instant>,
    pub voting_end: Option<Instant>,
    pub votes: Vec<Vote>,
    pub quorum: Quorum,
    pub stated_result: Option<StatedResult>,
    pub entered_review: bool,
    pub review_start: Option<Instant>,
    pub review_end: Option<Instant>,
    pub review_days: Option<i64>,
    pub review_result: Option<ReviewResult>,
    pub effective: Option<NaiveDate>,
    /// Every date the posts give for the ballot to take effect (staged ballots give several).
    #[serde(default)]
    pub effective_dates: Vec<NaiveDate>,
    /// When the result was posted, for results without a stated voting end.
    pub result_posted: Option<Instant>,
    /// A post says the ballot never went to a vote (it failed under the bylaws' 90-day rule).
    #[serde(default)]
    pub never_voted: bool,
    /// When the first post about the ballot was published: for a ballot whose posts give no
    /// dates at all, when it is known to have existed (so the 90-day rule can still end it).
    #[serde(default)]
    pub first_posted: Option<Instant>,
    /// What minutes said about the ballot, by meeting date (oldest first).
    #[serde(default)]
    pub minutes_say: Vec<(NaiveDate, MinutesSay)>,
}

/// Builds the ballot from its history and names every bylaw rule the history breaks.
pub fn rebuild(h: &History) -> (Ballot, Vec<BallotError>) {
    let mut events: Vec<(Instant, Event)> = Vec::new();
    let proposer = h.proposer.clone();
    let first_posted = h.discussion_start.or_else(|| h.versions.iter().filter_map(|(_, at)| *at).min());
    // Posts without any dates ("This ballot lacked endorsers.") still show when the ballot
    // existed; with no vote, result or review on record, it was in discussion from then.
    let first_posted = first_posted.or_else(|| {
        let nothing_else = h.voting_start.is_none()
            && h.votes.is_empty()
            && h.stated_result.is_none()
            && !h.entered_review
            && h.review_result.is_none()
            && h.minutes_say.iter().all(|(_, s)| !s.is_outcome());
        h.first_posted.filter(|_| nothing_else)
    });
    // Versions: those with dates post at their date; the ones without start at the discussion.
    let mut versions = h.versions.clone();
    if versions.is_empty() {
        versions.push((1, None));
    }
    versions.sort_by_key(|(n, _)| *n);
    let first_number = versions[0].0;
    let mut b = Ballot::new(h.id.clone(), h.title.clone(), h.kind);
    if let Some(start) = first_posted {
        for (n, at) in &versions {
            let at = at.unwrap_or(start);
            events.push((
                at,
                Event::PostVersion {
                    number: *n,
                    at,
                    proposer: if *n == first_number { proposer.clone() } else { None },
                },
            ));
        }
        for e in &h.endorsers {
            events.push((start, Event::Endorse(e.clone())));
        }
    } else {
        // No dates at all: the ballot is known only from its results.
        b.proposer = proposer.clone();
        b.endorsers = h.endorsers.clone();
        b.versions = versions.iter().map(|(n, at)| super::ballot::Version { number: *n, posted: *at }).collect();
    }
    // Versions numbered from 2 (only the last was announced) are not a breach.
    if first_number > 1 {
        b.versions.push(super::ballot::Version { number: first_number - 1, posted: None });
    }
    events.sort_by_key(|(at, _)| *at);
    let (mut b, mut findings) = replay(b, events);
    b.versions.retain(|v| v.number >= first_number);
    if b.stage == Stage::Draft && (h.voting_start.is_some() || !h.votes.is_empty() || h.stated_result.is_some()) {
        // A ballot known only from its result post went through discussion unrecorded.
        b = apply_stage(b, Stage::Discussion, first_posted);
    }
    let closed_at = h.voting_end.or(h.result_posted);
    let voted = !h.votes.is_empty() || h.stated_result.is_some() || h.entered_review || h.review_result.is_some();
    if let (Some(start), false) = (h.voting_start, voted) {
        // A vote that is only scheduled: the clock opens it (see `status_at`); check the plan now.
        b.voting_start = Some(start);
        b.voting_end = Some(h.voting_end.unwrap_or_else(|| super::deadline::voting_end(start)));
        findings.extend(super::ballot::start_voting_problems(&b, start));
    } else if let Some(start) = h.voting_start {
        if let Some(end) = h.voting_end {
            b.voting_start = Some(start);
            b.voting_end = Some(end);
        }
        let (nb, f) = replay(b, vec![(start, Event::StartVoting { at: start })]);
        b = nb;
        findings.extend(f);
        if let Some(end) = h.voting_end {
            // Keep the stated end: a period of other than 7 days is a finding, not something to fix.
            b.voting_end = Some(end);
            if end - start != chrono::Duration::days(super::deadline::VOTING_DAYS) {
                findings.push(BallotError::VotingNotSevenDays { start, end });
            }
        }
    } else if !h.votes.is_empty() || matches!(h.stated_result, Some(StatedResult::Passed | StatedResult::Failed)) {
        b = apply_stage(b, Stage::Voting, None);
    }
    for v in &h.votes {
        b = apply(b, Event::CastVote(v.clone(), None));
    }
    b.quorum = h.quorum;
    if h.stated_result.is_none() && !h.votes.is_empty() && b.stage == Stage::Voting && !h.entered_review {
        // Votes recorded but no result written: the tally decides, as the bylaws count it.
        if let Some(at) = closed_at.or(b.voting_end) {
            b = apply(b, Event::CloseVoting { at, quorum: h.quorum });
            if b.stage == Stage::Review && b.kind == BallotKind::Guideline {
                let days = h.review_days.and_then(ReviewDays::from_days).unwrap_or(ReviewDays::Thirty);
                b = apply(b, Event::StartReview { at, days });
            }
        }
    }
    match h.stated_result {
        Some(StatedResult::Withdrawn) => {
            let at = h.result_posted.or(b.discussion_start);
            b = apply_stage(b, Stage::Withdrawn, at);
        }
        Some(StatedResult::Cancelled) => {
            let at = h.result_posted;
            b = apply_stage(b, Stage::Cancelled, at);
        }

        Some(StatedResult::Passed) | Some(StatedResult::Failed) => {
            // The stated result decides the stage; the tally is compared with it separately.
            let passed = h.stated_result == Some(StatedResult::Passed);
            if passed && h.kind == BallotKind::Guideline {
                b = apply_stage(b, Stage::Review, closed_at);
            } else if passed {
                b.effective = h.effective.or(closed_at.map(|t| t.date_naive()));
                b = apply_stage(b, Stage::Passed, closed_at);
            } else {
                b = apply_stage(b, Stage::Failed, closed_at);
            }
        }
        None if h.entered_review || h.review_result.is_some() => {
            b = apply_stage(b, Stage::Review, closed_at.or(h.review_start));
        }
        None => {}
    }
    let ended_otherwise =
        matches!(h.stated_result, Some(StatedResult::Failed | StatedResult::Withdrawn | StatedResult::Cancelled));
    if b.stage == Stage::Review
        || (h.kind == BallotKind::Guideline && !ended_otherwise && (h.entered_review || h.review_result.is_some()))
    {
        let days = h.review_days.and_then(ReviewDays::from_days).unwrap_or(ReviewDays::Thirty);
        let start = h.review_start.or(closed_at);
        if let Some(start) = start {
            if b.stage != Stage::Review {
                b = apply_stage(b, Stage::Review, Some(start));
            }
            b = apply(b, Event::StartReview { at: start, days });
            if let (Some(review), Some(end)) = (b.review.as_mut(), h.review_end) {
                review.end = end;
            }
        } else if let Some(end) = h.review_end {
            b.review = Some(super::ballot::Review {
                start: end - chrono::Duration::days(days.days()),
                end,
                exclusion_notice: None,
            });
        }
        match h.review_result {
            Some(ReviewResult::NoExclusions) => {
                let end = b.review.as_ref().map(|r| r.end);
                b = apply_stage(b, Stage::Passed, end);
                b.effective = h.effective.or(end.map(|t| t.date_naive()));
            }
            Some(ReviewResult::ExclusionFiled) => {
                let at = b.review.as_ref().map(|r| r.end);
                if let Some(at) = at {
                    b = apply(b, Event::FileExclusionNotice { at });
                } else {
                    b = apply_stage(b, Stage::Rescinded, None);
                }
            }
            None => {}
        }
    }
    if let (Some(r), Some(voting_end)) = (&b.review, b.voting_end) {
        if r.end < voting_end {
            findings.push(BallotError::ReviewEndsBeforeVote { review_end: r.end, voting_end });
        }
    }
    if b.effective.is_none() {
        b.effective = h.effective;
    }
    // A post that names no proposer or no endorsers says nothing about them; only recorded
    // endorsements can break the endorsement rule. Elections have no endorsers at all.
    let silent_on_sponsors = h.proposer.is_none() || h.endorsers.is_empty();
    findings.retain(|f| {
        !(silent_on_sponsors && matches!(f, BallotError::NoProposer | BallotError::NotEnoughEndorsers { have: 0 }))
    });
    if h.effective.is_some() && !b.stage.is_final() && b.stage == Stage::Review && h.review_result.is_none() {
        // An effective date is only announced once the review is over.
        let end = b.review.as_ref().map(|r| r.end);
        b = apply_stage(b, Stage::Passed, end);
    }
    if h.never_voted
        && h.votes.is_empty()
        && !matches!(h.stated_result, Some(StatedResult::Withdrawn | StatedResult::Cancelled))
    {
        // "Never went to a vote": it failed under the 90-day rule, i.e. it expired.
        let at = b.last_version_posted().map(super::deadline::expiry).or(h.result_posted);
        b = apply_stage(b, Stage::Expired, at);
    }
    b = apply_minutes(h, b);
    (b, findings)
}

/// What later minutes say, where the posts leave the outcome open: the latest outcome they
/// report (passed, failed, withdrawn, or rescinded by an exclusion notice) settles a ballot whose
/// posts state none; an exclusion notice reported after a post said the ballot passed rescinds
/// it; a vote the minutes report, for a ballot whose posts only announced its discussion, means
/// the ballot did reach a vote (so it has not expired).
fn apply_minutes(h: &History, mut b: Ballot) -> Ballot {
    let latest_outcome = h.minutes_say.iter().rev().find(|(_, s)| s.is_outcome());
    let stated = h.stated_result.is_some() || h.review_result.is_some() || h.never_voted;
    let at = |d: NaiveDate| d.and_hms_opt(0, 0, 0).map(|t| t.and_utc().fixed_offset());
    match latest_outcome {
        Some((day, MinutesSay::Rescinded)) if matches!(b.stage, Stage::Review | Stage::Passed) || !stated => {
            b = apply_stage(b, Stage::Rescinded, at(*day));
        }
        Some((day, say)) if !stated => {
            let stage = match say {
                MinutesSay::Passed => Stage::Passed,
                MinutesSay::Failed => Stage::Failed,
                _ => Stage::Withdrawn,
            };
            b = apply_stage(b, stage, at(*day));
        }
        _ if !stated && b.voting_start.is_none() && matches!(b.stage, Stage::Draft | Stage::Discussion) => {
            if let Some((day, _)) = h.minutes_say.iter().rev().find(|(_, s)| *s == MinutesSay::InVoting) {
                if let Some(start) = at(*day) {
                    b.voting_start = Some(start);
                    b.voting_end = Some(super::deadline::voting_end(start));
                }
            }
        }
        _ => {}
    }
    b
}

fn apply_stage(mut b: Ballot, stage: Stage, at: Option<Instant>) -> Ballot {
    if b.stage != stage {
        b.stage = stage;
        b.timeline.push(super::ballot::Step { stage, at });
    }
    b
}

/// Does the computed tally agree with the result the post states? `None` when it does (or when
/// there is nothing to compare); otherwise the reason, for the ballot page to flag.
pub fn disagreement(stated: Option<StatedResult>, tally: &Tally) -> Option<String> {
    let stated = stated?;
    if tally.outcome == Outcome::Incomplete {
        return None;
    }
    let computed_pass = tally.outcome == Outcome::Passed;
    match stated {
        StatedResult::Passed if !computed_pass => {
            let failed: Vec<&str> =
                tally.requirements.iter().filter(|r| r.met == Some(false)).map(|r| r.rule.as_str()).collect();
            Some(format!(
                "The post says the ballot passed, but the votes as recorded give \"{}\": {}.",
                tally.outcome,
                failed.join("; ")
            ))
        }
        StatedResult::Failed if computed_pass => {
            Some("The post says the ballot failed, but the votes as recorded meet every requirement.".to_string())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::tally::{tally, Category, Choice};
    use chrono::DateTime;

    fn t(s: &str) -> Instant {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn m(name: &str, org: &str) -> Member {
        Member { name: name.into(), org: Some(org.into()) }
    }

    fn yes(org: &str, c: Category) -> Vote {
        Vote { org: org.into(), category: c, choice: Choice::Yes }
    }

    fn csc_8() -> History {
        History {
            id: "CSC-8".parse().unwrap(),
            title: "Revocation".into(),
            kind: BallotKind::Guideline,
            versions: vec![(3, None)],
            proposer: Some(m("Ian McMillan", "Microsoft")),
            endorsers: vec![m("Dimitris Zacharopoulos", "HARICA"), m("Bruce Morton", "EnTrust")],
            discussion_start: Some(t("2021-03-18T17:30:00-04:00")),
            discussion_end: Some(t("2021-03-25T17:30:00-04:00")),
            voting_start: Some(t("2021-03-25T17:30:00-04:00")),
            voting_end: Some(t("2021-04-01T17:30:00-04:00")),
            votes: vec![
                yes("DigiCert", Category::Issuer),
                yes("Entrust", Category::Issuer),
                yes("Microsoft", Category::Consumer),
            ],
            quorum: Quorum::Stated(3),
            stated_result: Some(StatedResult::Passed),
            entered_review: false,
            review_start: None,
            review_end: None,
            review_days: None,
            review_result: None,
            effective: None,
            effective_dates: vec![],
            result_posted: Some(t("2021-04-02T19:59:00Z")),
            never_voted: false,
            first_posted: None,
            minutes_say: vec![],
        }
    }

    #[test]
    fn a_passed_guideline_ballot_is_in_review_until_its_review_ends() {
        let (b, findings) = rebuild(&csc_8());
        assert!(findings.is_empty(), "{findings:?}");
        assert_eq!(b.stage, Stage::Review);
        let review = b.review.clone().unwrap();
        assert_eq!(review.end, t("2021-05-01T17:30:00-04:00"));
        assert_eq!(crate::domain::status_at(&b, t("2021-06-01T00:00:00Z")), Stage::Passed);
        let stages: Vec<Stage> = b.timeline.iter().map(|s| s.stage).collect();
        assert_eq!(stages, [Stage::Draft, Stage::Discussion, Stage::Voting, Stage::Review]);
    }

    #[test]
    fn a_finished_review_with_no_exclusions_takes_effect_on_the_stated_date() {
        let mut h = csc_8();
        h.review_result = Some(ReviewResult::NoExclusions);
        h.effective = Some(NaiveDate::from_ymd_opt(2021, 5, 1).unwrap());
        let (b, _) = rebuild(&h);
        assert_eq!((b.stage, b.effective), (Stage::Passed, h.effective));
    }

    #[test]
    fn an_exclusion_notice_rescinds() {
        let mut h = csc_8();
        h.review_result = Some(ReviewResult::ExclusionFiled);
        assert_eq!(rebuild(&h).0.stage, Stage::Rescinded);
    }

    #[test]
    fn recorded_breaches_of_the_bylaws_are_named() {
        let mut h = csc_8();
        h.endorsers.truncate(1);
        h.voting_start = Some(t("2021-03-22T17:30:00-04:00"));
        h.voting_end = Some(t("2021-04-01T17:30:00-04:00"));
        let (_, findings) = rebuild(&h);
        let codes: Vec<&str> = findings.iter().map(|f| f.code()).collect();
        assert_eq!(codes, ["not_enough_endorsers", "discussion_too_short", "voting_not_seven_days"]);
    }

    #[test]
    fn posts_silent_about_sponsors_are_not_breaches_but_a_single_endorser_is() {
        let silent = History { proposer: None, endorsers: vec![], ..csc_8() };
        assert!(rebuild(&silent).1.is_empty());
        let chair_only = History { endorsers: vec![], ..csc_8() };
        assert!(rebuild(&chair_only).1.is_empty());
        let one = History { endorsers: vec![m("Dimitris Zacharopoulos", "HARICA")], ..csc_8() };
        assert_eq!(rebuild(&one).1.iter().map(|f| f.code()).collect::<Vec<_>>(), ["not_enough_endorsers"]);
    }

    #[test]
    fn a_review_recorded_as_ending_before_the_vote_is_a_finding() {
        let h = History { review_end: Some(t("2021-03-01T00:00:00Z")), ..csc_8() };
        assert_eq!(rebuild(&h).1.iter().map(|f| f.code()).collect::<Vec<_>>(), ["review_ends_before_vote"]);
    }

    #[test]
    fn a_ballot_known_only_from_a_withdrawal_is_withdrawn() {
        let h = History {
            votes: vec![],
            voting_start: None,
            voting_end: None,
            stated_result: Some(StatedResult::Withdrawn),
            quorum: Quorum::Unknown,
            ..csc_8()
        };
        assert_eq!(rebuild(&h).0.stage, Stage::Withdrawn);
    }

    #[test]
    fn an_election_that_passes_takes_effect_without_review() {
        let h = History { kind: BallotKind::Other, ..csc_8() };
        let (b, _) = rebuild(&h);
        assert_eq!(b.stage, Stage::Passed);
        assert!(b.review.is_none());
    }

    #[test]
    fn a_ballot_still_in_discussion_is_in_discussion() {
        let h = History {
            votes: vec![],
            voting_start: Some(t("2026-11-27T16:00:00Z")),
            voting_end: Some(t("2026-12-04T16:00:00Z")),
            discussion_start: Some(t("2026-11-20T16:00:00Z")),
            stated_result: None,
            quorum: Quorum::Unknown,
            ..csc_8()
        };
        let (b, findings) = rebuild(&h);
        assert!(findings.is_empty(), "{findings:?}");
        assert_eq!(crate::domain::status_at(&b, t("2026-11-26T00:00:00Z")), Stage::Discussion);
        assert_eq!(crate::domain::status_at(&b, t("2026-11-28T00:00:00Z")), Stage::Voting);
    }

    #[test]
    fn disagreements_between_stated_and_computed_results_are_explained() {
        let votes = vec![yes("DigiCert", Category::Issuer)];
        let t_fail = tally(&votes, Quorum::Unknown);
        let reason = disagreement(Some(StatedResult::Passed), &t_fail).unwrap();
        assert!(reason.contains("more than half (50% plus one) of Certificate Consumer votes"), "{reason}");
        assert_eq!(disagreement(Some(StatedResult::Failed), &t_fail), None);
        let t_pass = tally(&[yes("DigiCert", Category::Issuer), yes("Mozilla", Category::Consumer)], Quorum::Unknown);
        assert!(disagreement(Some(StatedResult::Failed), &t_pass).is_some());
        assert_eq!(disagreement(None, &t_pass), None);
    }

    #[test]
    fn a_vote_that_ended_with_nothing_recorded_has_an_unknown_outcome_never_voting() {
        let h = History { votes: vec![], stated_result: None, quorum: Quorum::Unknown, ..csc_8() };
        let (b, _) = rebuild(&h);
        assert_eq!(crate::domain::status_at(&b, t("2021-03-30T00:00:00Z")), Stage::Voting);
        assert_eq!(crate::domain::status_at(&b, t("2026-11-30T00:00:00Z")), Stage::Unknown);
        assert_eq!(status_source(&h, &b, t("2026-11-30T00:00:00Z")), StatusSource::Inferred);
    }

    #[test]
    fn recorded_votes_without_a_result_sentence_are_counted_once_voting_is_over() {
        let passing = History { stated_result: None, ..csc_8() };
        let (b, _) = rebuild(&passing);
        let later = t("2026-11-30T00:00:00Z");
        assert_eq!(crate::domain::status_at(&b, later), Stage::Passed, "reviewed, then adopted");
        assert_eq!(status_source(&passing, &b, later), StatusSource::Computed);
        let failing = History {
            stated_result: None,
            votes: vec![
                yes("DigiCert", Category::Issuer),
                Vote { org: "Mozilla".into(), category: Category::Consumer, choice: crate::domain::Choice::No },
            ],
            ..csc_8()
        };
        let (b, _) = rebuild(&failing);
        assert_eq!(crate::domain::status_at(&b, later), Stage::Failed);
    }

    #[test]
    fn a_ballot_said_never_to_have_gone_to_a_vote_expired() {
        let h = History {
            votes: vec![],
            voting_start: None,
            voting_end: None,
            stated_result: Some(StatedResult::Failed),
            never_voted: true,
            quorum: Quorum::Unknown,
            ..csc_8()
        };
        let (b, _) = rebuild(&h);
        assert_eq!(b.stage, Stage::Expired);
        assert_eq!(status_source(&h, &b, t("2026-11-30T00:00:00Z")), StatusSource::Stated);
    }

    #[test]
    fn minutes_settle_what_the_posts_leave_open_and_an_exclusion_notice_rescinds() {
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let later = t("2026-11-30T00:00:00Z");
        let announced = History {
            votes: vec![],
            stated_result: None,
            quorum: Quorum::Unknown,
            minutes_say: vec![(day("2021-04-08"), MinutesSay::InReview), (day("2021-05-20"), MinutesSay::Passed)],
            ..csc_8()
        };
        let (b, _) = rebuild(&announced);
        assert_eq!(crate::domain::status_at(&b, later), Stage::Passed);
        assert_eq!(status_source(&announced, &b, later), StatusSource::Stated);
        let rescinded = History { minutes_say: vec![(day("2021-04-20"), MinutesSay::Rescinded)], ..csc_8() };
        assert_eq!(crate::domain::status_at(&rebuild(&rescinded).0, later), Stage::Rescinded);
        // A later "passed" does not override a result the posts state.
        let failed = History {
            stated_result: Some(StatedResult::Failed),
            minutes_say: vec![(day("2021-05-20"), MinutesSay::Passed)],
            ..csc_8()
        };
        assert_eq!(crate::domain::status_at(&rebuild(&failed).0, later), Stage::Failed);
    }

    #[test]
    fn a_ballot_known_only_from_an_undated_post_expires_ninety_days_after_it() {
        let h = History {
            versions: vec![],
            discussion_start: None,
            discussion_end: None,
            voting_start: None,
            voting_end: None,
            votes: vec![],
            stated_result: None,
            quorum: Quorum::Unknown,
            first_posted: Some(t("2014-12-01T00:00:00Z")),
            ..csc_8()
        };
        let (b, _) = rebuild(&h);
        assert_eq!(crate::domain::status_at(&b, t("2014-12-10T00:00:00Z")), Stage::Discussion);
        assert_eq!(crate::domain::status_at(&b, t("2026-11-30T00:00:00Z")), Stage::Expired);
    }
}
