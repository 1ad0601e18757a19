//! How a ballot ended: the result a post states, the quorum, the IPR review with its exclusion
//! notices, and the effective date.

use crate::ingest::dates::{self, find_instants};
pub use app::domain::history::{ReviewResult, StatedResult};
use app::domain::Instant;
use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;

pub fn stated_result(plain: &str) -> Option<StatedResult> {
    static RESULT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:ballot|it)\s+(?:[\w\-]+\s+){0,2}(?:has\s+(?:been\s+)?)?(passed|passes|failed|fails|withdrawn|cancell?ed)\b|\bthe\s+ballot\s+has\s+(passed|failed)|(withdrawn)\s+and/or\s+failed").expect("valid pattern")
    });
    let result = &*RESULT;
    result.captures(plain).and_then(|c| {
        let word = c.get(1).or(c.get(2)).or(c.get(3))?.as_str().to_lowercase();
        Some(match word.as_str() {
            "passed" | "passes" => StatedResult::Passed,
            "failed" | "fails" => StatedResult::Failed,
            "withdrawn" => StatedResult::Withdrawn,
            _ => StatedResult::Cancelled,
        })
    })
}

pub fn stated_quorum(plain: &str) -> Option<u32> {
    static QUORUM: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)\bquorum\s+(?:was|is|of|will be)\s+(\d+)\b").expect("valid pattern"));
    let quorum = &*QUORUM;
    quorum.captures(plain).and_then(|c| c[1].parse().ok())
}

type ReviewFacts = (Option<Instant>, Option<Instant>, Option<i64>, bool, Option<ReviewResult>);

pub fn review(plain: &str, published: NaiveDate) -> ReviewFacts {
    static START: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:start\s+of\s+(?:the\s+)?review\s+period|entered\s+the\s+ip\s+rights\s+review\s+period\s+on)\s*:?\s*(.{0,60})").expect("valid pattern")
    });
    let start_re = &*START;
    static END: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:end\s+of\s+(?:the\s+)?review\s+period|review\s+period\s+ends|review\s+period\s+ended\s+on|exited\s+review\s+on)\s*:?\s*(.{0,60})").expect("valid pattern")
    });
    let end_re = &*END;
    static DAYS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)review\s+period\s+of\s+(\d+)\s+days|(\d+)-day\s+ip\s+rights\s+review").expect("valid pattern")
    });
    let days_re = &*DAYS;
    static ENTERS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\benters?\s+the\s+(?:\d+-day\s+)?ip\s+rights\s+review|\bentered\s+the\s+ip\s+rights\s+review|\bnotice\s+of\s+review\s+period|\bresults\s+of\s+(?:the\s+)?(?:ipr\s+)?review").expect("valid pattern")
    });
    let enters = &*ENTERS;
    static NONE_FILED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\bno\s+(?:ip\s+rights\s+)?exclusion(?:s|\s+notices?)?\s+(?:were|was)\s+filed")
            .expect("valid pattern")
    });
    let none_filed = &*NONE_FILED;
    static FILED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\bexclusion\s+notices?\s+(?:was|were|has\s+been|have\s+been)\s+filed").expect("valid pattern")
    });
    let filed = &*FILED;
    let instant = |caps: Option<regex::Captures>| {
        caps.and_then(|c| find_instants(&c[1], Some(published), None).first().map(|f| f.at))
    };
    let start = instant(start_re.captures(plain));
    let end = instant(end_re.captures(plain));
    let days = days_re.captures(plain).and_then(|c| c.get(1).or(c.get(2))).and_then(|m| m.as_str().parse().ok());
    let result = if none_filed.is_match(plain) {
        Some(ReviewResult::NoExclusions)
    } else if filed.is_match(plain) {
        Some(ReviewResult::ExclusionFiled)
    } else {
        None
    };
    (start, end, days, enters.is_match(plain) || result.is_some(), result)
}

pub fn effective(plain: &str, published: NaiveDate) -> Option<NaiveDate> {
    static EFFECTIVE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\beffective\s+(?:date\s+being|as\s+of|on)\s+(.{0,40})").expect("valid pattern")
    });
    let effective = &*EFFECTIVE;
    effective.captures(plain).and_then(|c| dates::find_dates(&c[1], Some(published), false).first().map(|d| d.date))
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
            assert_eq!(stated_result(text), want, "{text}");
        }
        assert_eq!(
            stated_quorum("Half of currently active Members as of the start of voting was 12, so quorum was 13 votes"),
            Some(13)
        );
        assert_eq!(stated_quorum("the quorum was 11 for this ballot."), Some(11));
    }
}
