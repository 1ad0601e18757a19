//! The announcements a chair sends, written from a ballot run through the domain rules, and the
//! Hugo post that carries them: read back by Quorum's own ballot-post reader, it gives the same
//! ballot (sponsors, periods, votes, result, review).

use app::domain::ballot::{advance, Ballot, BallotKind, Event, Member};
use app::domain::deadline::ReviewDays;
use app::domain::tally::{Category, Choice, Quorum, Vote};
use app::domain::{BallotId, Instant, Stage, WorkingGroup};
use server::announce::{self, BallotText};
use server::ingest::ballot_post;
use server::ingest::orgs::OrgDictionary;

fn t(s: &str) -> Instant {
    chrono::DateTime::parse_from_rfc3339(s).unwrap()
}

fn member(name: &str, org: &str) -> Member {
    Member { name: name.into(), org: Some(org.into()) }
}

fn vote(org: &str, category: Category, choice: Choice) -> Event {
    Event::CastVote(Vote { org: org.into(), category, choice }, Some(t("2026-01-10T12:00:00Z")))
}

/// SC-96 as the Forum ran it (2025-12 to 2026-02), driven step by step through the rules.
fn adopted_ballot() -> Ballot {
    let mut b = Ballot::new(
        BallotId::new(WorkingGroup::Scwg, 96),
        "Carve-out for DNSSEC verification logging requirements",
        BallotKind::Guideline,
    );
    let steps = vec![
        (
            t("2025-12-15T12:15:00Z"),
            Event::PostVersion {
                number: 1,
                at: t("2025-12-15T12:15:00Z"),
                proposer: Some(member("Martijn Katerbarg", "Sectigo")),
            },
        ),
        (t("2025-12-16T09:00:00Z"), Event::Endorse(member("Roman Fischer", "SwissSign"))),
        (t("2025-12-16T10:00:00Z"), Event::Endorse(member("Ben Wilson", "Mozilla"))),
        (t("2026-01-07T16:15:00Z"), Event::StartVoting { at: t("2026-01-07T16:15:00Z") }),
        (t("2026-01-10T12:00:00Z"), vote("DigiCert", Category::Issuer, Choice::Yes)),
        (t("2026-01-10T12:00:00Z"), vote("Sectigo", Category::Issuer, Choice::Yes)),
        (t("2026-01-10T12:00:00Z"), vote("HARICA", Category::Issuer, Choice::Yes)),
        (t("2026-01-10T12:00:00Z"), vote("GlobalSign", Category::Issuer, Choice::Abstain)),
        (t("2026-01-10T12:00:00Z"), vote("Apple", Category::Consumer, Choice::Yes)),
        (t("2026-01-10T12:00:00Z"), vote("Mozilla", Category::Consumer, Choice::Yes)),
        (t("2026-01-14T16:15:00Z"), Event::CloseVoting { at: t("2026-01-14T16:15:00Z"), quorum: Quorum::Stated(4) }),
        (t("2026-01-15T18:00:00Z"), Event::StartReview { at: t("2026-01-15T18:00:00Z"), days: ReviewDays::Thirty }),
        (t("2026-02-14T18:00:00Z"), Event::EndReview { at: t("2026-02-14T18:00:00Z") }),
    ];
    for (now, event) in steps {
        b = advance(&b, event, now).unwrap_or_else(|e| panic!("refused: {e}"));
    }
    assert_eq!(b.stage, Stage::Passed);
    b
}

fn text() -> BallotText {
    BallotText {
        purpose: "DCV/CAA logging currently is defined very broadly; this ballot carves out DNSSEC verification logs.".into(),
        motion: "MODIFY the Baseline Requirements as specified in the following redline:\n\nhttps://github.com/cabforum/servercert/compare/1bfd462...00aa4ea".into(),
    }
}

#[test]
fn the_results_post_lists_votes_by_category_each_bylaw_requirement_and_the_quorum() {
    let b = adopted_ballot();
    let results = announce::results(&b, &b.tally());
    assert_eq!(results.subject, "Results: Ballot SC-96: Carve-out for DNSSEC verification logging requirements passed");
    insta::assert_snapshot!("results_post", results.body);
}

#[test]
fn every_stage_has_its_announcement() {
    let b = adopted_ballot();
    let wg = WorkingGroup::Scwg;
    let proposal = announce::proposal(&b, &text());
    assert!(proposal.body.contains("The following motion has been proposed by Martijn Katerbarg (Sectigo) and endorsed by Roman Fischer (SwissSign) and Ben Wilson (Mozilla)."));
    assert!(
        proposal.body.contains(" * Start time: 2026-01-07 16:15 UTC\n * End time: 2026-01-14 16:15 UTC"),
        "{}",
        proposal.body
    );
    let voting = announce::voting_start(&b);
    assert!(voting.body.contains("End time: 2026-01-14 16:15 UTC"));
    let review = announce::review_notice(&b, &wg).unwrap();
    assert!(review.body.contains("**End of Review Period: 2026-02-14 18:00:00 UTC**"), "{}", review.body);
    assert!(review.body.contains("This Review Period of 30 days"));
    let adopted = announce::adoption(&b);
    assert!(adopted.body.contains("no Exclusion Notices were filed"));
}

#[test]
fn the_written_hugo_post_reads_back_as_the_same_ballot() {
    let b = adopted_ballot();
    let post = announce::hugo_post(&b, &WorkingGroup::Scwg, &text(), "Wayne Thayer", t("2026-02-15T09:00:00Z"));
    let parsed = server::ingest::post::parse_post("posts/2026/sc-96.md", post.as_bytes()).expect("the post parses");
    assert_eq!(parsed.kind, app::model::PostKind::Ballot);
    let facts =
        ballot_post::parse(&parsed.title, &parsed.body, parsed.published.date_naive(), &OrgDictionary::default());
    assert_eq!(facts.len(), 1, "{post}");
    let f = &facts[0];
    assert_eq!(f.id, b.id);
    assert_eq!(f.proposer.as_ref().map(|p| p.name.as_str()), Some("Martijn Katerbarg"));
    assert_eq!(f.endorsers.iter().map(|e| e.name.as_str()).collect::<Vec<_>>(), ["Roman Fischer", "Ben Wilson"]);
    assert_eq!((f.voting_start, f.voting_end), (b.voting_start, b.voting_end));
    let mut ours: Vec<String> =
        f.votes.iter().map(|v| format!("{}|{}|{}", v.org, v.category.as_str(), v.choice.as_str())).collect();
    let mut theirs: Vec<String> =
        b.votes.iter().map(|v| format!("{}|{}|{}", v.org, v.category.as_str(), v.choice.as_str())).collect();
    ours.sort();
    theirs.sort();
    assert_eq!(ours, theirs);
    assert_eq!(f.stated_result, Some(ballot_post::StatedResult::Passed));
    assert_eq!(f.review_end, b.review.as_ref().map(|r| r.end));
}
