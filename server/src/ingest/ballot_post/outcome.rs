//! How a ballot ended: the result a post states, the quorum, the IPR review with its exclusion
//! notices, and the effective date.

use crate::ingest::dates::{self, find_instants};
pub use app::domain::history::{ReviewResult, StatedResult};
use app::domain::Instant;
use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;

/// Sentences about what might happen rather than what did ("Unless the motion is withdrawn…",
/// "If a ballot passes…", "in order for the motion to be adopted…"), or about another ballot.
fn hypothetical(sentence: &str) -> bool {
    let s = format!(" {} ", sentence.to_lowercase());
    [
        " if ",
        "unless",
        " must ",
        " shall ",
        " should ",
        " may ",
        " would ",
        " could ",
        " can ",
        "in order for",
        "in order to",
        "to be adopted",
        "deemed",
        "whether",
        " until ",
        " once ",
        "since that",
        " that ballot",
        " a ballot",
        "previous",
        "earlier",
        " prior ",
        "similar",
        "another ballot",
        "each ballot",
        "any ballot",
    ]
    .iter()
    .any(|w| s.contains(w))
}

/// The result a post states, in every wording the Forum has used: a title marked "(Passed)" or
/// "(failed)"; "Therefore, Ballot 109 passes", "the ballot has: **PASSED**", "Ballot SC-9 failed to
/// pass", "made quorum but did not pass", "This ballot was withdrawn", "the ballot is adopted as
/// of …", "became effective", "never went to a vote" (expired); else the Bylaw requirement lines
/// ("This requirement was MET" for each → passed, any "NOT MET" → failed). Sentences that only
/// say what could happen, or speak of another ballot, state nothing. `own` is this ballot's id:
/// a sentence naming only other ballots is about them.
pub fn stated_result(plain: &str, title: &str, own: &app::domain::BallotId) -> Option<StatedResult> {
    static TITLE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)[(\[]\s*(passed|passes|failed|fails|withdrawn|cancell?ed)\s*[)\]]").expect("valid pattern")
    });
    // The title, or a heading line naming a ballot: "Ballot 106 – … (Withdrawn)".
    let marked = std::iter::once(title)
        .chain(plain.lines().filter(|l| l.to_lowercase().contains("ballot") && l.len() < 200))
        .find_map(|l| TITLE.captures(l));
    if let Some(c) = marked {
        return Some(match c[1].to_lowercase().as_str() {
            "passed" | "passes" => StatedResult::Passed,
            "failed" | "fails" => StatedResult::Failed,
            "withdrawn" => StatedResult::Withdrawn,
            _ => StatedResult::Cancelled,
        });
    }
    static WITHDRAWN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:(?:was|been|is|were|being)\s+withdrawn|withdrawn\s+and/or\s+failed|withdrew\s+(?:the|this|his|her|their)\s+(?:ballot|motion)|ballot\s+withdrawn)\b").expect("valid pattern")
    });
    static CANCELLED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)\b(?:was|been|is|were)\s+cancell?ed\b").expect("valid pattern"));
    static FAILED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:did\s+not|didn't|failed\s+to|does\s+not)\s+pass\b|\bnot\s+(?:passed|adopted|approved)\b|\b(?:ballot|it|motion)\b[^.]{0,50}?\b(?:failed|fails|was\s+rejected)\b|\bhas:?\s*failed\b|\bresult:?\s*failed\b|\bballot\s+fails\b").expect("valid pattern")
    });
    static PASSED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:ballot|it|motion)\b[^.]{0,50}?\b(?:passed|passes|was\s+adopted|is\s+adopted|has\s+been\s+adopted|was\s+approved|has\s+been\s+approved|is\s+approved|became\s+effective|becomes\s+effective|took\s+effect)\b|\bhas:?\s*passed\b|\bresult:?\s*passed\b").expect("valid pattern")
    });
    static AMENDED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\W*ballot\s+\S+\s+(?:–\s+[^–]+–\s+)?(?:amended|added|changed|introduced|removed|updated|created|established|adopted|clarified|modified|revised|replaced|deleted|inserted|defined|required|extended|corrected)\b").expect("valid pattern")
    });
    for sentence in crate::ingest::text::sentences(plain) {
        let others = app::domain::find_ballot_ids(&sentence);
        if !others.is_empty() && others.iter().all(|m| m.id.number != own.number) {
            continue;
        }
        // "Ballot 96 amended sections 11.1.3 and 11.1.4": done, so passed (only when it names this
        // ballot; "this ballot amends …" is a proposal).
        if AMENDED.is_match(&sentence) && others.iter().any(|m| m.id.number == own.number) {
            return Some(StatedResult::Passed);
        }
        if WITHDRAWN.is_match(&sentence) && !hypothetical(&sentence) {
            return Some(StatedResult::Withdrawn);
        }
        if hypothetical(&sentence) {
            continue;
        }
        if CANCELLED.is_match(&sentence) {
            return Some(StatedResult::Cancelled);
        }
        if FAILED.is_match(&sentence) {
            return Some(StatedResult::Failed);
        }
        if PASSED.is_match(&sentence) {
            return Some(StatedResult::Passed);
        }
    }
    requirements_met(plain)
}

/// Does the post say the ballot never went to a vote ("This ballot never went to a vote and
/// failed under the Bylaws")? Such a ballot expired under the 90-day rule.
pub fn never_voted(plain: &str) -> bool {
    static NO_VOTE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:never|not|failed\s+to)\s+(?:went|go|gone|come|came|proceed(?:ed)?|moved?)\s+(?:on\s+)?to\s+(?:a\s+)?vote\b").expect("valid pattern")
    });
    crate::ingest::text::sentences(plain).iter().any(|s| NO_VOTE.is_match(s) && !s.to_lowercase().contains("withdrawn"))
}

/// "This requirement was MET" on every Bylaw requirement line → passed; any "NOT MET" → failed.
pub fn requirements_met(plain: &str) -> Option<StatedResult> {
    static MET: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:requirements?|quorum)\s+(?:was|were|is|has\s+been)\s+(not\s+)?met\b")
            .expect("valid pattern")
    });
    let mut met = 0;
    for c in MET.captures_iter(plain) {
        if c.get(1).is_some() {
            return Some(StatedResult::Failed);
        }
        met += 1;
    }
    (met > 0).then_some(StatedResult::Passed)
}

pub fn stated_quorum(plain: &str) -> Option<u32> {
    static QUORUM: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\bquorum\s+(?:was|is|of|will\s+be)\s+(?:currently\s+)?(?:\*+\s*)?(\d+|[a-z]+(?:-[a-z]+)?)\b(?:\s*\((\d+)\))?").expect("valid pattern")
    });
    let quorum = &*QUORUM;
    // "quorum was 13 votes", "Quorum is currently nine (9) members".
    quorum
        .captures(plain)
        .and_then(|c| c.get(2).and_then(|n| n.as_str().parse().ok()).or_else(|| super::votes::count_of(&c[1])))
}

type ReviewFacts = (Option<Instant>, Option<Instant>, Option<i64>, bool, Option<ReviewResult>);

pub fn review(plain: &str, published: NaiveDate) -> ReviewFacts {
    static START: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:start\s+of\s+(?:the\s+)?review\s+period|entered\s+the\s+ip\s+rights\s+review\s+period\s+on)\s*:?\s*(.{0,60})").expect("valid pattern")
    });
    let start_re = &*START;
    static END: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:end\s+of\s+(?:the\s+)?review\s+period|review\s+period\s+ends|review\s+period\s+ended\s+on|exited\s+review\s+on|review\s+period[^.]{0,40}?\s(?:shall|will)\s+end\s+on)\s*:?\s*(.{0,60})").expect("valid pattern")
    });
    let end_re = &*END;
    static DAYS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)review\s+period\s+of\s+(\d+)\s+days|(\d+)-day\s+ip\s+rights\s+review").expect("valid pattern")
    });
    let days_re = &*DAYS;
    static ENTERS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\benters?\s+the\s+(?:\d+-day\s+)?(?:ipr?|ip\s+rights|intellectual\s+property(?:\s+rights)?)\s+review|\bentered\s+the\s+(?:ipr?|ip\s+rights)\s+review|\bnotice\s+of\s+(?:the\s+)?(?:ipr\s+|ip\s+rights\s+)?review\s+period|\breview\s+notice\b|\b(?:ipr?|ip\s+rights|intellectual\s+property)\s+review\s+(?:period\s+)?(?:for|of)\b|\bresults\s+of\s+(?:the\s+)?(?:ipr\s+)?review|\[ipr\s+review\]|\bstart\s+of\s+(?:the\s+)?review\s+period|\bcommencement\s+of\s+(?:a|the)\s+\d+-day\s+(?:ipr|ip\s+rights)").expect("valid pattern")
    });
    let enters = &*ENTERS;
    let instant = |caps: Option<regex::Captures>| {
        caps.and_then(|c| find_instants(&c[1], Some(published), None).first().map(|f| f.at))
    };
    let start = instant(start_re.captures(plain));
    let end = instant(end_re.captures(plain));
    let days = days_re.captures(plain).and_then(|c| c.get(1).or(c.get(2))).and_then(|m| m.as_str().parse().ok());
    let result = exclusions(plain);
    let entered = crate::ingest::text::sentences(plain).iter().any(|s| enters.is_match(s) && !hypothetical(s))
        || start.is_some()
        || result.is_some();
    (start, end, days, entered, result)
}

/// How the IPR review ended, from the sentences about exclusion notices: "No IPR Exclusion
/// Notices were filed", "without any exclusion notices", "there were no exclusions" say none were;
/// "An exclusion notice was filed by Acme" says one was. Instructions ("Members … must forward a
/// written Notice to Exclude") say nothing.
fn exclusions(plain: &str) -> Option<ReviewResult> {
    static ABOUT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)\bexclusions?\b|\bnotices?\s+(?:to|of)\s+exclu").expect("valid pattern"));
    static NEGATED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)\b(?:no|none|not|without|zero|neither|nor)\b").expect("valid pattern"));
    static HAPPENED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:filed|received|submitted|sent|made|lodged|raised)\b").expect("valid pattern")
    });
    let mut found = None;
    for sentence in crate::ingest::text::sentences(plain) {
        if !ABOUT.is_match(&sentence) {
            continue;
        }
        let lower = format!(" {} ", sentence.to_lowercase());
        if [" must ", " should ", " if ", " may ", "before the end", "in order to"].iter().any(|w| lower.contains(w)) {
            continue;
        }
        if NEGATED.is_match(&sentence) {
            found = found.or(Some(ReviewResult::NoExclusions));
        } else if HAPPENED.is_match(&sentence) {
            return Some(ReviewResult::ExclusionFiled);
        }
    }
    found
}

/// The date a post says the ballot takes (or took) effect: "with the effective date being
/// 2021-11-03", "the ballot is adopted as of Aug 1, 2024", "took effect on August 27, 2018",
/// "became effective as of September 15, 2018", "EFFECTIVE RETROACTIVELY TO 1 AUGUST 2013", "Once
/// adopted, the effective date will be October 1, 2016", "This ballot sets an effective date of
/// 15 March 2026". Dates of single requirements inside a motion ("Effective 1 August 2014, OCSP
/// responders MUST …") are not the ballot's.
pub fn effective(plain: &str, published: NaiveDate) -> Option<NaiveDate> {
    effective_dates(plain, published).into_iter().next()
}

/// Every date a post gives for the ballot as a whole to take effect, in the order written (a
/// ballot can set staged dates).
pub fn effective_dates(plain: &str, published: NaiveDate) -> Vec<NaiveDate> {
    static PHRASE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\beffective\s+date\s*(?:being|of|is|will\s+be|shall\s+be|:|=)?\s*|\b(?:is|was|be|been|being)\s+adopted\s+(?:as\s+of|on|effective)\s+|\b(?:took|takes|take)\s+effect\s+(?:on\s+|as\s+of\s+)?|\bbec[oa]me[s]?\s+effective\s+(?:as\s+of\s+|on\s+)?|\beffective\s+retroactively\s+to\s+|\b(?:shall|will)\s+be\s+effective\s+(?:as\s+of\s+|on\s+)|\beffective\s+as\s+of\s+").expect("valid pattern")
    });
    let mut out = Vec::new();
    let about_the_ballot = [
        "ballot",
        "adopted",
        "adoption",
        "guideline",
        "requirements",
        "bylaws",
        "policy",
        "document",
        "motion",
        "version",
        "charter",
        "took effect",
        "became effective",
        "retroactive",
        "effective date being",
    ];
    for sentence in crate::ingest::text::sentences(plain) {
        let lower = sentence.to_lowercase();
        if !about_the_ballot.iter().any(|w| lower.contains(w)) {
            continue;
        }
        // Requirements of a motion speak in RFC 2119 capitals.
        if ["MUST", "SHALL", "SHOULD"].iter().any(|w| sentence.contains(w))
            && !sentence.to_lowercase().contains("effective date")
        {
            continue;
        }
        for m in PHRASE.find_iter(&sentence) {
            let phrase = m.as_str().to_lowercase();
            // "effective as of" alone is too common in requirements; it counts with "Effective Date".
            if phrase.starts_with("effective as of")
                && !sentence.contains("Effective Date")
                && !sentence.to_lowercase().contains("ballot")
            {
                continue;
            }
            let rest: String = sentence[m.end()..].chars().take(40).collect();
            if let Some(d) = dates::find_dates(&rest, Some(published), false).into_iter().find(|d| d.start <= 3) {
                if !out.contains(&d.date) {
                    out.push(d.date);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn review_results_and_effective_dates() {
        let pl = "The review period has ended and no exclusion notices were filed.\nThe final documents, with the effective date being 2021-11-03, are available here.";
        let (_, _, _, entered, result) = review(pl, d("2021-10-04"));
        assert!(entered);
        assert_eq!(result, Some(ReviewResult::NoExclusions));
        assert_eq!(effective(pl, d("2021-10-04")), Some(d("2021-11-03")));
        assert_eq!(
            effective("with the effective date being 9 September 2021, are available", d("2021-09-09")),
            Some(d("2021-09-09"))
        );
        let pl = "This ballot now enters the 30-day IP Rights Review Period to permit members to review the ballot for relevant IP rights issues. The IP Rights Review Period ends at 1700 UTC on December 8, 2023.";
        let (start, end, days, entered, result) = review(pl, d("2024-01-17"));
        assert_eq!((start, days, entered, result), (None, Some(30), true, None));
        assert_eq!(end.unwrap().to_rfc3339(), "2023-12-08T17:00:00+00:00");
        let pl = "Start of Review Period: 1 February 2024 at 17:00 Eastern Time\nEnd of Review Period: 1 March 2024 at 17:00 Eastern Time";
        let (start, end, ..) = review(pl, d("2024-02-01"));
        assert_eq!(
            (start.unwrap().to_rfc3339(), end.unwrap().to_rfc3339()),
            ("2024-02-01T17:00:00-05:00".into(), "2024-03-01T17:00:00-05:00".into())
        );
        let (.., result) = review("An exclusion notice was filed by Acme on 2026-01-05.", d("2026-01-06"));
        assert_eq!(result, Some(ReviewResult::ExclusionFiled));
    }

    #[test]
    fn stated_results_and_quorums() {
        let cases = [
            (
                "The voting period for Special Ballot SC37 has ended and the Ballot has Passed.",
                Some(StatedResult::Passed),
            ),
            ("The voting on SC43v2 has completed, and the ballot has failed.", Some(StatedResult::Failed)),
            ("This ballot was withdrawn and/or failed to go to a vote.", Some(StatedResult::Withdrawn)),
            ("Therefore the ballot CSC-7 passes.", Some(StatedResult::Passed)),
            ("This ballot is in its discussion period.", None),
        ];
        for (text, want) in cases {
            let own = app::domain::find_ballot_ids(text)
                .first()
                .map(|m| m.id.clone())
                .unwrap_or_else(|| "SC-1".parse().unwrap());
            assert_eq!(stated_result(text, "", &own), want, "{text}");
        }
        assert_eq!(
            stated_quorum("Half of currently active Members as of the start of voting was 12, so quorum was 13 votes"),
            Some(13)
        );
        assert_eq!(stated_quorum("the quorum was 11 for this ballot."), Some(11));
    }
}
