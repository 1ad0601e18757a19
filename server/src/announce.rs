//! The texts a chair sends to the group's list and posts on the site, written from a ballot as
//! the domain rules see it, in the Forum's own layout: the ballot with its discussion and voting
//! periods, the voting-start notice, the results (votes by category, each Bylaw 2.3 requirement
//! "MET" or "NOT MET", the quorum), the IPR review notice and the adoption notice; and the Hugo
//! post that carries all that is known so far, which Quorum reads back as the same ballot.
//!
//! Pure: values in, text out; times are printed in UTC ("2026-01-14 16:15 UTC").

use app::domain::ballot::{Ballot, Member};
use app::domain::tally::{Category, Choice, Outcome, Tally};
use app::domain::{Instant, WorkingGroup};

/// A message: its subject line and its body (markdown, as the site renders it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announcement {
    pub subject: String,
    pub body: String,
}

/// What a ballot says besides what the rules track.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BallotText {
    /// Why the ballot is proposed (a paragraph or two).
    pub purpose: String,
    /// The motion: its text, or a link to the redline.
    pub motion: String,
}

fn utc(t: Instant) -> String {
    t.with_timezone(&chrono::Utc).format("%Y-%m-%d %H:%M UTC").to_string()
}

fn utc_seconds(t: Instant) -> String {
    t.with_timezone(&chrono::Utc).format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

fn person(m: &Member) -> String {
    match &m.org {
        Some(org) => format!("{} ({org})", m.name),
        None => m.name.clone(),
    }
}

/// "SC-96: Carve-out for DNSSEC verification logging requirements".
fn heading(b: &Ballot) -> String {
    format!("{}: {}", b.id, b.title)
}

/// The sponsors' sentence: "The following motion has been proposed by … and endorsed by … and …".
fn sponsors(b: &Ballot) -> Option<String> {
    let proposer = b.proposer.as_ref()?;
    let endorsers: Vec<String> = b.endorsers.iter().map(person).collect();
    Some(match endorsers.as_slice() {
        [] => format!("The following motion has been proposed by {}.", person(proposer)),
        [one] => format!("The following motion has been proposed by {} and endorsed by {one}.", person(proposer)),
        [rest @ .., last] => format!(
            "The following motion has been proposed by {} and endorsed by {} and {last}.",
            person(proposer),
            rest.join(", ")
        ),
    })
}

/// The procedure: discussion and voting periods with their start and end times.
fn procedure(b: &Ballot) -> String {
    let mut out = String::new();
    if b.kind == app::domain::BallotKind::Guideline {
        out.push_str("This ballot proposes a Final Maintenance Guideline. ");
    }
    out.push_str("The procedure for approval of this ballot is as follows:\n\n**Discussion (at least 7 days)**\n\n");
    match b.discussion_start {
        Some(start) => out.push_str(&format!(" * Start time: {}\n", utc(start))),
        None => out.push_str(" * Start time: not yet\n"),
    }
    let discussion_end = b.voting_start.or(b.discussion_min_end());
    match discussion_end {
        Some(end) => out.push_str(&format!(" * End time: {}\n", utc(end))),
        None => out.push_str(" * End time: at least 7 days after the start\n"),
    }
    out.push_str("\n**Vote for approval (7 days)**\n\n");
    match (b.voting_start, b.voting_end) {
        (Some(start), Some(end)) => {
            out.push_str(&format!(" * Start time: {}\n * End time: {}\n", utc(start), utc(end)))
        }
        _ => out.push_str(" * Start time: when the discussion period ends\n * End time: 7 days after the start\n"),
    }
    out
}

/// The ballot as proposed: purpose, sponsors, motion, procedure.
pub fn proposal(b: &Ballot, text: &BallotText) -> Announcement {
    let mut body = String::new();
    if !text.purpose.trim().is_empty() {
        body.push_str("### Summary\n\n");
        body.push_str(text.purpose.trim());
        body.push_str("\n\n");
    }
    if let Some(s) = sponsors(b) {
        body.push_str(&s);
        body.push_str("\n\n");
    }
    body.push_str("### Motion Begins\n\n");
    body.push_str(text.motion.trim());
    body.push_str("\n\n### Motion Ends\n\n");
    body.push_str(&procedure(b));
    Announcement { subject: format!("Ballot {}", heading(b)), body }
}

/// The notice that voting has started, with its exact end.
pub fn voting_start(b: &Ballot) -> Announcement {
    let end = b.voting_end.map(utc).unwrap_or_else(|| "7 days after the start".into());
    let start = b.voting_start.map(utc).unwrap_or_else(|| "now".into());
    let body = format!(
        "Voting on Ballot {} has started.\n\n * Start time: {start}\n * End time: {end}\n\n\
         Voting Members vote Yes, No or Abstain on the list before the end time. Results are announced \
         within three business days of the close of voting.\n",
        heading(b)
    );
    Announcement { subject: format!("Voting begins: Ballot {}", heading(b)), body }
}

fn met(m: Option<bool>) -> &'static str {
    match m {
        Some(true) => "**MET**",
        Some(false) => "**NOT MET**",
        None => "**NOT CHECKED**",
    }
}

/// The votes of one category, as the Forum lists them.
fn category_votes(b: &Ballot, category: Category) -> String {
    let votes = app::domain::tally::effective_votes(&b.votes);
    let of = |choice: Choice| -> Vec<String> {
        votes.iter().filter(|v| v.category == category && v.choice == choice).map(|v| v.org.clone()).collect()
    };
    let (yes, no, abstain) = (of(Choice::Yes), of(Choice::No), of(Choice::Abstain));
    let total = yes.len() + no.len() + abstain.len();
    format!(
        "### {}\n{total} vote{} in total:\n\n * {} voting YES: {}\n\n * {} voting NO: {}\n\n * {} ABSTAIN: {}\n\n",
        category.label(),
        if total == 1 { "" } else { "s" },
        yes.len(),
        yes.join(", "),
        no.len(),
        no.join(", "),
        abstain.len(),
        abstain.join(", ")
    )
    .replace(": \n", ":\n")
}

/// The results: votes by category, each requirement met or not, the quorum, and the result.
pub fn results(b: &Ballot, t: &Tally) -> Announcement {
    let mut body = String::from("## Voting Results\n\n");
    let passed = t.outcome == Outcome::Passed;
    body.push_str(&format!(
        "The voting period for Ballot {} has ended and the ballot has **{}**.\n\n",
        heading(b),
        if passed { "PASSED" } else { "FAILED" }
    ));
    body.push_str(&category_votes(b, Category::Issuer));
    body.push_str(&category_votes(b, Category::Consumer));
    let issuer = t.issuer_yes + t.issuer_no;
    let consumer = t.consumer_yes + t.consumer_no;
    let two_thirds = (issuer > 0).then(|| t.issuer_yes * 3 >= issuer * 2);
    let half_plus_one = (consumer > 0).then(|| t.consumer_yes * 2 > consumer);
    let one_each = Some(t.issuer_yes >= 1 && t.consumer_yes >= 1);
    body.push_str("### Bylaws Requirements\n\n1. Bylaw 2.3(f) requires:\n\n");
    body.push_str(&format!(
        " * In order for a ballot to be adopted by the Forum, two-thirds (2/3) or more of the votes cast by the Voting Members in the Certificate Issuer category must be in favor of the ballot. This requirement was {}.\n\n",
        met(two_thirds)
    ));
    body.push_str(&format!(
        " * At least fifty percent (50%) plus one (1) of the votes cast by the Voting Members in the Certificate Consumer category must be in favor of the ballot. This requirement was {}.\n\n",
        met(half_plus_one)
    ));
    body.push_str(&format!(
        " * At least one (1) Voting Member in each category must vote in favor of a ballot for the ballot to be adopted. This requirement was {}.\n\n",
        met(one_each)
    ));
    body.push_str("2. Bylaw 2.3(g) requires:\n\n * A ballot result will be considered valid only when more than half of the number of currently active Voting Members has participated. The number of currently active Voting Members is the average number of Voting Member organizations that have participated in the previous three (3) Forum Meetings and Forum Teleconferences.\n\n");
    let quorum_met = t.quorum_required.map(|q| t.participated >= q);
    match t.quorum_required {
        Some(q) => body.push_str(&format!(
            "  * the quorum was {q} for this ballot and {} Voting Members participated. This requirement was {}.\n",
            t.participated,
            met(quorum_met)
        )),
        None => body.push_str(
            "  * the quorum could not be computed (no attendance recorded). This requirement was **NOT CHECKED**.\n",
        ),
    }
    Announcement {
        subject: format!("Results: Ballot {} {}", heading(b), if passed { "passed" } else { "failed" }),
        body,
    }
}

/// The IPR review notice, with the start and end of the review period.
pub fn review_notice(b: &Ballot, wg: &WorkingGroup) -> Option<Announcement> {
    let r = b.review.as_ref()?;
    let days = (r.end - r.start).num_days();
    let body = format!(
        "## Notice of Review Period\n\n\
         This Review Notice is sent pursuant to Section 4.1 of the CA/Browser Forum's Intellectual Property Rights Policy. \
         This Review Period of {days} days is for one Final Maintenance Guideline.\n\n\
         ### Summary of Review\nBallot for Review: {}\n\n\
         **Start of Review Period: {}**\n\n**End of Review Period: {}**\n\n\
         Members with any Essential Claim(s) to exclude must forward a written Notice to Exclude Essential Claims to the \
         {} Chair and also submit a copy to the public mailing list before the end of the Review Period.\n",
        heading(b),
        utc_seconds(r.start),
        utc_seconds(r.end),
        wg.name()
    );
    Some(Announcement { subject: format!("Review Notice: Ballot {}", heading(b)), body })
}

/// The final notice: the ballot is adopted (its review ended with no exclusion notice, or it has
/// no review), with the effective date when one is set.
pub fn adoption(b: &Ballot) -> Announcement {
    let mut body = format!("Ballot {} is adopted", heading(b));
    if let Some(r) = &b.review {
        body.push_str(&format!(": the IPR Review Period ended on {} and no Exclusion Notices were filed", utc(r.end)));
    }
    body.push('.');
    if let Some(d) = b.effective {
        body.push_str(&format!(" This ballot sets an effective date of {}.", d.format("%-d %B %Y")));
    }
    body.push('\n');
    Announcement { subject: format!("Adopted: Ballot {}", heading(b)), body }
}

/// The ballot's Hugo post: front matter as the Forum's posts have it, then whatever is known so
/// far, newest first as the Forum's posts are (results and review notice above the ballot).
pub fn hugo_post(b: &Ballot, wg: &WorkingGroup, text: &BallotText, author: &str, date: Instant) -> String {
    let tag = crate::compose::hugo_tag(wg);
    let yaml = crate::compose::yaml_quoted;
    use app::domain::Stage;
    // Until discussion starts the ballot is not announced: Hugo (and Quorum's lists) leave drafts out.
    let draft = if b.stage == Stage::Draft { "draft: true\n" } else { "" };
    let mut out = format!(
        "---\nauthor: {}\ndate: {}\n{draft}tags:\n- Ballot\n- {tag}\ntitle: {}\ntype: post\n---\n\n",
        yaml(author),
        date.with_timezone(&chrono::Utc).format("%Y-%m-%d %H:%M:%S"),
        yaml(&format!("Ballot {}", heading(b)))
    );
    let closed = matches!(b.stage, Stage::Review | Stage::Passed | Stage::Failed | Stage::Rescinded);
    if matches!(b.stage, Stage::Passed) && b.review.as_ref().is_some_and(|r| r.exclusion_notice.is_none()) {
        out.push_str(&adoption(b).body);
        out.push('\n');
    }
    if closed && !b.votes.is_empty() {
        out.push_str(&results(b, &b.tally()).body);
        out.push('\n');
    }
    if let Some(notice) = review_notice(b, wg) {
        out.push_str(&notice.body);
        out.push('\n');
    }
    if matches!(b.stage, Stage::Withdrawn) {
        out.push_str(&format!("Ballot {} has been withdrawn.\n\n", heading(b)));
    }
    if matches!(b.stage, Stage::Cancelled) {
        out.push_str(&format!("Ballot {} has been cancelled.\n\n", heading(b)));
    }
    out.push_str("## Ballot Contents\n\n");
    out.push_str(&proposal(b, text).body);
    out
}
