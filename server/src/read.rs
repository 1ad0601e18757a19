//! The read side: where each ballot stands at `now`, as a list row ([`summary`]), in full
//! ([`detail`]), on the ballots board ([`board`]), and the store-backed reads every consumer shares
//! (pages through the Leptos backend, the JSON API, feeds, calendars and the export), so a ballot's
//! mentions, sources and detail are put together in one place.

use crate::ingest::assemble::Assembled;
use crate::store::{Store, StoreError};
use app::domain::ids::{BallotId, WorkingGroup};
use app::domain::tally::Quorum;
use app::domain::Instant;
use std::collections::HashSet;

/// A stored ballot rebuilt through the domain rules: the ballot, the rules its history breaks.
pub fn rebuilt(a: &Assembled) -> (app::domain::Ballot, Vec<app::domain::BallotError>) {
    app::domain::rebuild(&a.history)
}

/// Where a ballot stands at `now`, as a list row.
pub fn summary(a: &Assembled, now: Instant) -> app::model::BallotSummary {
    let (b, findings) = rebuilt(a);
    let stage = app::domain::status_at(&b, now);
    let next_deadline = app::domain::ballot::next_deadline(&b, now);
    let countdown = next_deadline.as_ref().and_then(|d| app::domain::deadline::countdown(now, d.at));
    let disagreement = app::domain::disagreement(a.history.stated_result, &b.tally());
    app::model::BallotSummary {
        id: a.history.id.clone(),
        wg: a.wg.clone(),
        title: a.history.title.clone(),
        stage,
        next_deadline,
        countdown,
        effective: app::domain::ballot::effective_at(&b, now),
        flagged: disagreement.is_some() || !findings.is_empty(),
    }
}

/// Everything about a ballot at `now`, for its page and the export.
pub fn detail(
    a: &Assembled,
    now: Instant,
    mentions: Vec<app::model::Mention>,
    sources: Vec<app::model::SourcePost>,
) -> app::model::BallotDetail {
    use app::domain::deadline;
    let (b, findings) = rebuilt(a);
    let tally = b.tally();
    let quorum_note = match a.history.quorum {
        Quorum::Stated(q) => match a.active_members {
            Some(avg) => format!("Quorum {q}, as stated in the result post (attendance in the imported minutes suggests {avg:.2} active members)."),
            None => format!("Quorum {q}, as stated in the result post."),
        },
        Quorum::Active(avg) => format!(
            "{avg:.2} active members: the average number of member organisations at the previous {} meetings ({}), so more than half means {}.",
            a.attendance_basis.len(),
            a.attendance_basis.iter().map(|(d, n)| format!("{d}: {n}")).collect::<Vec<_>>().join(", "),
            tally.quorum_required.unwrap_or(0)
        ),
        Quorum::Unknown => "The number of active members is not known: no quorum was stated and no minutes with organisations precede the vote.".to_string(),
    };
    let voting_end = b.voting_end;
    app::model::BallotDetail {
        summary: summary(a, now),
        kind: b.kind,
        proposer: b.proposer.clone(),
        endorsers: b.endorsers.clone(),
        versions: b.versions.clone(),
        discussion_start: a.history.discussion_start,
        discussion_end: a.history.discussion_end,
        discussion_min_end: b.discussion_min_end(),
        voting_start: b.voting_start,
        voting_end,
        results_due: voting_end.map(deadline::results_due),
        review: b.review.clone(),
        adopted: app::domain::ballot::adopted_at(&b, now),
        effective_dates: a.history.effective_dates.clone(),
        review_result: a.history.review_result,
        disagreement: app::domain::disagreement(a.history.stated_result, &tally),
        votes: app::domain::tally::effective_votes(&b.votes),
        tally,
        quorum_note,
        stated_result: a.history.stated_result,
        status_source: app::domain::status_source(&a.history, &b, now),
        findings: findings.iter().map(|f| f.to_string()).collect(),
        warnings: a.warnings.clone(),
        timeline: b.timeline.clone(),
        sources,
        mentions,
    }
}

/// The ballots page at `now`: grouped as the Forum's site groups them, optionally for one group.
pub fn board(
    all: &[Assembled],
    now: Instant,
    wg: Option<&WorkingGroup>,
    mentioned: &[BallotId],
) -> app::model::BallotBoard {
    use app::domain::Stage;
    let order: [(&str, &[Stage]); 6] = [
        ("Voting", &[Stage::Voting]),
        ("IPR Review", &[Stage::Review]),
        ("Discussion", &[Stage::Discussion]),
        ("Draft", &[Stage::Draft]),
        ("Passed", &[Stage::Passed]),
        (
            "Failed, withdrawn or cancelled",
            &[Stage::Failed, Stage::Withdrawn, Stage::Cancelled, Stage::Expired, Stage::Rescinded, Stage::Unknown],
        ),
    ];
    let rows: Vec<app::model::BallotSummary> =
        all.iter().filter(|a| wg.map(|w| &a.wg == w).unwrap_or(true)).map(|a| summary(a, now)).collect();
    let groups = order
        .iter()
        .map(|(label, stages)| {
            let mut in_group: Vec<app::model::BallotSummary> =
                rows.iter().filter(|r| stages.contains(&r.stage)).cloned().collect();
            // Live ballots by their next deadline; finished ones newest first.
            if stages[0].is_final() {
                in_group.sort_by(|a, b| b.effective.cmp(&a.effective).then(b.id.number.cmp(&a.id.number)));
            } else {
                in_group.sort_by_key(|r| r.next_deadline.as_ref().map(|d| d.at));
            }
            (label.to_string(), in_group)
        })
        .filter(|(_, rows)| !rows.is_empty())
        .collect();
    let mut wgs: Vec<WorkingGroup> = all.iter().map(|a| a.wg.clone()).collect();
    wgs.sort();
    wgs.dedup();
    let known: HashSet<&BallotId> = all.iter().map(|a| &a.history.id).collect();
    let mentioned_only =
        mentioned.iter().filter(|id| !known.contains(id) && wg.map(|w| &id.wg == w).unwrap_or(true)).cloned().collect();
    app::model::BallotBoard { groups, wgs, mentioned_only }
}

/// The minutes that mention a ballot, oldest first, with the sentences that do.
pub async fn mentions(store: &Store, id: &BallotId, now: Instant) -> Result<Vec<app::model::Mention>, StoreError> {
    Ok(store
        .minutes_mentioning(id, now)
        .await?
        .into_iter()
        .map(|(minutes, sentences)| app::model::Mention { minutes, sentences })
        .collect())
}

/// One stored ballot in full at `now`: its record, the posts it was read from and the minutes
/// that mention it.
pub async fn ballot_detail(store: &Store, a: &Assembled, now: Instant) -> Result<app::model::BallotDetail, StoreError> {
    let mentions = mentions(store, &a.history.id, now).await?;
    let sources = store.source_posts(&a.sources).await?;
    Ok(detail(a, now, mentions, sources))
}

/// Every ballot in full at `now`.
pub async fn ballot_details(store: &Store, now: Instant) -> Result<Vec<app::model::BallotDetail>, StoreError> {
    let mut out = Vec::new();
    for a in store.ballots().await? {
        out.push(ballot_detail(store, &a, now).await?);
    }
    Ok(out)
}

/// Ballots in discussion, voting or review at `now`, soonest deadline first.
pub fn live(all: &[Assembled], now: Instant) -> Vec<app::model::BallotSummary> {
    let mut live: Vec<_> = all.iter().map(|a| summary(a, now)).filter(|s| s.stage.is_live()).collect();
    live.sort_by_key(|s| s.next_deadline.as_ref().map(|d| d.at));
    live
}

/// The history of a minutes record: imports of its file and every change to its action items,
/// oldest first.
pub async fn minutes_history(
    store: &Store,
    m: &app::model::MinutesDetail,
) -> Result<Vec<app::model::HistoryEntry>, StoreError> {
    let mut records: Vec<(&str, &str)> = vec![("post", m.summary.path.as_str())];
    records.extend(m.action_items.iter().map(|i| ("action_item", i.id.as_str())));
    store.history(&records).await
}

/// The action items page: tracked items of current minutes that pass `filter` (an owner matches
/// by name or account, case aside), overdue first, with the groups and owners to filter by.
pub async fn action_items(
    store: &Store,
    filter: &app::model::ItemFilter,
    now: Instant,
) -> Result<app::model::ActionItemsList, StoreError> {
    let all = store.action_item_rows_all(now).await?;
    let mut groups: Vec<app::domain::WorkingGroup> = Vec::new();
    let mut owners: Vec<String> = Vec::new();
    for r in &all {
        if !groups.contains(&r.wg) {
            groups.push(r.wg.clone());
        }
        if !owners.iter().any(|o| o.eq_ignore_ascii_case(&r.item.owner)) {
            owners.push(r.item.owner.clone());
        }
    }
    groups.sort_by_key(|g| g.slug().to_string());
    owners.sort_by_key(|o| o.to_lowercase());
    let owner = filter.owner.as_deref().map(str::to_lowercase);
    let rows = all
        .into_iter()
        .filter(|r| filter.wg.as_ref().is_none_or(|w| *w == r.wg))
        .filter(|r| {
            owner.as_deref().is_none_or(|o| {
                r.item.owner.to_lowercase() == o
                    || r.item.owner_email.as_deref().is_some_and(|e| e.eq_ignore_ascii_case(o))
            })
        })
        .filter(|r| filter.state.admits(r.item.state))
        .collect();
    Ok(app::model::ActionItemsList { rows, groups, owners })
}

/// The texts for the group's list and the site at each stage a ballot has reached, in the
/// Forum's layout (see `crate::announce`): for a ballot run in Quorum from its recorded steps and
/// texts, otherwise from its posts. `None` when no ballot has this id.
pub async fn announcements(store: &Store, id: &BallotId) -> Result<Option<Vec<app::model::Announcement>>, StoreError> {
    use crate::announce::{self, BallotText};
    use app::domain::Stage;
    let (ballot, wg, text) = match store.managed_ballot(id).await? {
        Some(m) => {
            let text = BallotText { purpose: m.purpose.clone(), motion: m.motion.clone() };
            (m.ballot(), m.wg.clone(), text)
        }
        None => match store.ballot(id).await? {
            Some(a) => (rebuilt(&a).0, a.wg.clone(), BallotText::default()),
            None => return Ok(None),
        },
    };
    let mut out = Vec::new();
    let mut push = |key: &str, label: &str, a: announce::Announcement| {
        out.push(app::model::Announcement { key: key.into(), label: label.into(), subject: a.subject, body: a.body })
    };
    push("proposal", "The ballot (discussion period)", announce::proposal(&ballot, &text));
    if ballot.voting_start.is_some() {
        push("voting_start", "Voting starts", announce::voting_start(&ballot));
    }
    if matches!(ballot.stage, Stage::Review | Stage::Passed | Stage::Failed | Stage::Rescinded)
        && !ballot.votes.is_empty()
    {
        push("results", "Results", announce::results(&ballot, &ballot.tally()));
    }
    if let Some(notice) = announce::review_notice(&ballot, &wg) {
        push("review_notice", "IPR review notice", notice);
    }
    if ballot.stage == Stage::Passed {
        push("adoption", "Adoption", announce::adoption(&ballot));
    }
    Ok(Some(out))
}
