//! Which ballots the minutes mention, each with the sentence that does and what it says about
//! the ballot ("This Ballot was rescinded.", "Approved and Effective: SMC015v2").

use crate::ingest::text::{self, Block, BlockKind};
use app::domain::{find_ballot_ids, MinutesSay, WorkingGroup};
use app::model::BallotRef;
use chrono::NaiveDate;
use regex::Regex;
use std::collections::HashSet;
use std::sync::LazyLock;

/// Every ballot mentioned, with its sentence, in order; the same id in the same sentence once. A
/// bare "Ballot 18" names a ballot of the group whose minutes these are (see
/// [`app::domain::ids::BallotMention::resolve`]). A mention that is only a heading or a short
/// list item ("- SC70: Clarify the use of DTPs …") takes what it says from the paragraph after it.
pub fn ballot_refs(blocks: &[Block], wg: &WorkingGroup, meeting: NaiveDate) -> Vec<BallotRef> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    // In Forum minutes a group's report ("Server Certificate Working Group update") is its own
    // section: a bare "Ballot 67" there is that group's ballot.
    let mut section: Option<WorkingGroup> = None;
    for (i, b) in blocks.iter().enumerate() {
        let report = report_group(&b.text);
        if b.is_heading() {
            section = report.clone();
        }
        let context = report.or_else(|| section.clone()).unwrap_or_else(|| wg.clone());
        let label_like = b.is_heading() || (b.text.split_whitespace().count() <= 14 && !b.text.contains(". "));
        let following = blocks
            .get(i + 1)
            .filter(|n| label_like && n.kind == BlockKind::Paragraph && find_ballot_ids(&n.text).is_empty())
            .and_then(|n| text::sentences(&n.text).into_iter().next());
        for sentence in text::sentences(&b.text) {
            let ids = find_ballot_ids(&sentence);
            let says = what_minutes_say(&sentence).or_else(|| following.as_deref().and_then(what_minutes_say));
            for m in ids {
                let id = m.resolve(Some(&context), meeting);
                if seen.insert((id.clone(), sentence.clone())) {
                    out.push(BallotRef { id, sentence: sentence.clone(), says });
                }
            }
        }
    }
    out
}

/// The group whose report a heading or paragraph opens: "Server Certificate Working Group update",
/// "Code Signing Certificate Working Group update (Martijn): …", "SCWG report".
fn report_group(text: &str) -> Option<WorkingGroup> {
    static REPORT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\W*(?:\d+\.?\s*)?((?:server\s+certificates?|code\s+signing(?:\s+certificates?)?|s/mime(?:\s+certificates?)?|network\s+security|scwg|cscwg|smcwg|nswg|netsec)(?:\s+certificate)?(?:\s+working\s+group|\s+wg)?)\s*(?:\(\w+\)\s*)?(?:update|report|status|summary)").expect("valid pattern")
    });
    let first_line = text.lines().next().unwrap_or("");
    REPORT.captures(first_line).and_then(|c| WorkingGroup::from_name(&c[1])).filter(|w| WorkingGroup::KNOWN.contains(w))
}

/// What a sentence of minutes says about the ballots it names: an outcome ("passed", "approved
/// and effective", "was published", "failed", "withdrawn", "rescinded") or the period it is in
/// ("under IPR review", "in voting for approval, closing on April 14", "in discussion period").
/// Plans and conditions ("will be approved", "if it passes") say nothing.
pub fn what_minutes_say(sentence: &str) -> Option<MinutesSay> {
    static HYPOTHETICAL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:if|unless|will|would|should|could|may|might|expect(?:ed|s)?|plan(?:ned|s)?|hope|once|whether|until|to\s+be|going\s+to|aim|intend|draft|pag)\b").expect("valid pattern")
    });
    static SAYS: LazyLock<Vec<(MinutesSay, Regex)>> = LazyLock::new(|| {
        [
            (MinutesSay::Rescinded, r"(?i)\brescind(?:ed|s)?\b"),
            (MinutesSay::Withdrawn, r"(?i)\b(?:was|were|been|is|got)\s+withdrawn\b|\bwithdrew\b|(?:^|[.:;]\s*)ballot\s+withdrawn\b"),
            (MinutesSay::Failed, r"(?i)\b(?:failed|did\s+not\s+pass|was\s+not\s+(?:passed|adopted|approved))\b"),
            (MinutesSay::Passed, r"(?i)\b(?:passed|approved|adopted|was\s+published|were\s+published|incorporat\w+|(?:is|was|became|now)\s+effective|approved\s+and\s+effective|came\s+out\s+of\s+(?:ipr\s+)?review|completed\s+(?:its\s+|the\s+)?(?:ipr\s+)?review)\b"),
            (MinutesSay::InReview, r"(?i)\b(?:under|in)\s+(?:the\s+)?(?:ipr|ip\s+rights|intellectual\s+property)\s+review\b|\bipr\s+review\s+period\b|\bunder\s+ipr\b"),
            (MinutesSay::InVoting, r"(?i)\bin\s+(?:the\s+)?voting\b|\bvoting\s+(?:period|for\s+approval|closes|ends|is\s+open)\b|\bin\s+vote\b"),
            (MinutesSay::InDiscussion, r"(?i)\bin\s+(?:the\s+)?discussion\s+period\b|\bin\s+discussion\b|\bentered\s+(?:the\s+)?discussion\b"),
        ]
        .into_iter()
        .map(|(say, p)| (say, Regex::new(p).expect("valid pattern")))
        .collect()
    });
    if HYPOTHETICAL.is_match(sentence) {
        return None;
    }
    SAYS.iter().find(|(_, re)| re.is_match(sentence)).map(|(say, _)| *say)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::text;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn ballot_references_keep_their_sentence() {
        let blocks = text::blocks("### Ballot status \n\nCSC-11 is under IPR review which will be finished by November 3rd. Ballot SC 40v2 waits.\n\n- CSC-6: Subscriber Private Keys (Ian)\n");
        let refs = ballot_refs(&blocks, &WorkingGroup::Cscwg, d("2021-10-07"));
        // A bare number in a group's report inside Forum minutes is that group's ballot.
        let forum = text::blocks("## Server Certificate Working Group update\n\nBallot 67 is in discussion.\n\n## Other business\n\nBallot 20 passed.\n");
        let ids: Vec<String> =
            ballot_refs(&forum, &WorkingGroup::Forum, d("2024-09-12")).iter().map(|r| r.id.to_string()).collect();
        assert_eq!(ids, ["SC-67", "FORUM-20"]);
        let got: Vec<(String, String)> = refs.iter().map(|r| (r.id.to_string(), r.sentence.clone())).collect();
        assert_eq!(
            got,
            [
                (
                    "CSC-11".to_string(),
                    "CSC-11 is under IPR review which will be finished by November 3rd.".to_string()
                ),
                ("SC-40".to_string(), "Ballot SC 40v2 waits.".to_string()),
                ("CSC-6".to_string(), "CSC-6: Subscriber Private Keys (Ian)".to_string()),
            ]
        );
    }
}
