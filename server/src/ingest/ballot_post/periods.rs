//! When discussion and voting ran: schedules as tables, "Start Time:/End Time:" lines, prose
//! ("begins today … and ends on 23-Dec-2021"), each with its time zone.

use crate::ingest::dates::{find_instants, time_at_start, FoundInstant, TimeOfDay};
use app::domain::Instant;
use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;

/// (discussion start, discussion end, voting start, voting end) from the post's schedule.
pub fn periods(
    plain: &str,
    published: NaiveDate,
) -> (Option<Instant>, Option<Instant>, Option<Instant>, Option<Instant>) {
    static KEY: LazyLock<Regex> = LazyLock::new(|| {
        // Before 2017 the discussion was called the "review period" ("The review period for this
        // ballot shall commence at … Unless the motion is withdrawn during the review period, the
        // voting period will start immediately thereafter and will close at …").
        Regex::new(r"(?i)\b(discussion(?:\s+period)?(?:\s*\((?:at least\s+)?7\+?\s*days\))?|(?:ballot\s+)?review\s+period(?:\s+for\s+this\s+ballot)?\s+(?:shall\s+|will\s+)?(?:commence|comes?\s+into\s+effect|begins?|starts?)|(?:expected\s+)?vot(?:e|ing)\s+for\s+approval|voting\s+period|voting\s*\(7\s*days\)|voting\s+(?:begins|starts|will\s+begin|will\s+start|opens))").expect("valid pattern")
    });
    let key = &*KEY;
    // A header such as "Start time (8:00 UTC)" sets the time of bare dates in a schedule table.
    static HEADER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)start\s+time\s*\(([^)]*)\)").expect("valid pattern"));
    let header = &*HEADER;
    let default_time: Option<TimeOfDay> = header.captures(plain).and_then(|c| time_at_start(&c[1]).map(|(t, _)| t));
    let marks: Vec<(usize, usize, bool)> = key
        .find_iter(plain)
        .map(|m| {
            let k = m.as_str().to_lowercase();
            (m.start(), m.end(), k.starts_with("discussion") || k.contains("review"))
        })
        .collect();
    // Each mention of a period is a candidate; the schedule itself (both ends, labelled "Start
    // Time"/"End Time") beats prose that merely mentions a period, and later beats earlier.
    type Candidate = (u8, usize, (Option<Instant>, Option<Instant>));
    let mut best: [Option<Candidate>; 2] = [None, None];
    for (k, (start, end, is_discussion)) in marks.iter().enumerate() {
        let next = marks.get(k + 1).map(|m| m.0).unwrap_or(plain.len());
        // A schedule entry spans the keyword's line and the few lines after it.
        let seg_end = plain[*end..next].match_indices('\n').nth(3).map(|(i, _)| end + i).unwrap_or(next);
        let segment = &plain[*end..seg_end];
        let found = find_instants(segment, Some(published), default_time);
        if found.is_empty() {
            continue;
        }
        let (s, e) = start_end(segment, &found);
        let lower = segment.to_lowercase();
        let score =
            s.is_some() as u8 + e.is_some() as u8 + (lower.contains("start time") || lower.contains("end time")) as u8;
        let slot = &mut best[usize::from(!*is_discussion)];
        if slot.as_ref().map(|(sc, _, _)| score >= *sc).unwrap_or(true) {
            *slot = Some((score, *start, (s, e)));
        }
    }
    let disc = best[0].map(|(_, _, p)| p).unwrap_or((None, None));
    let mut vote = best[1].map(|(_, _, p)| p).unwrap_or((None, None));
    // "the voting period will start immediately thereafter": voting starts as discussion ends.
    static THEREAFTER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)voting\s+period\s+(?:will|shall)\s+(?:start|begin|commence)\s+immediately\s+(?:thereafter|after)",
        )
        .expect("valid pattern")
    });
    if let (Some(disc_end), true) = (disc.1, THEREAFTER.is_match(plain)) {
        if vote.0.is_none() || vote.0 == vote.1 || vote.1.is_none() {
            // The one date in the voting sentence is its close.
            if vote.1.is_none() {
                vote.1 = vote.0;
            }
            vote.0 = Some(disc_end);
        }
    }
    // "begins today … and ends on 23-Dec-2021": voting is exactly seven days, so the start follows.
    if vote.0.is_none() {
        if let Some(end) = vote.1 {
            vote.0 = Some(end - chrono::Duration::days(app::domain::deadline::VOTING_DAYS));
        }
    }
    (disc.0, disc.1, vote.0, vote.1)
}

/// Labels decide ("Start Time:", "End Time: not before", "begins", "ends on"); unlabelled dates are
/// start then end.
fn start_end(segment: &str, found: &[FoundInstant]) -> (Option<Instant>, Option<Instant>) {
    let mut start = None;
    let mut end = None;
    let mut unlabelled = Vec::new();
    for f in found {
        let before = segment[..f.start].to_lowercase();
        let tail: String = before.chars().rev().take(40).collect::<Vec<_>>().into_iter().rev().collect();
        let last_start = ["start", "begin", "commence", "open", "from"].iter().filter_map(|w| tail.rfind(w)).max();
        let last_end =
            ["end", "until", " to ", "close", "through", "thru", "finish"].iter().filter_map(|w| tail.rfind(w)).max();
        match (last_start, last_end) {
            (Some(s), Some(e)) if e > s => end = end.or(Some(f.at)),
            (Some(_), _) => start = start.or(Some(f.at)),
            (None, Some(_)) => end = end.or(Some(f.at)),
            (None, None) => unlabelled.push(f.at),
        }
    }
    let mut rest = unlabelled.into_iter();
    if start.is_none() {
        start = rest.next();
    }
    if end.is_none() {
        end = rest.next();
    }
    (start, end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::text;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn discussion_and_voting_periods_in_every_layout() {
        let p = |md: &str, published: &str| {
            let (a, b, c, e) =
                periods(&text::blocks(md).iter().map(|b| b.text.clone()).collect::<Vec<_>>().join("\n"), d(published));
            [a, b, c, e].map(|x| x.map(|t| t.to_rfc3339()).unwrap_or_else(|| "-".into()))
        };
        assert_eq!(
            p("Discussion (7+ days)\nStart Time: 2021-01-14, 3:00 PM Eastern Time (US)\nEnd Time: not before 2021-01-25, 9:00 AM Eastern Time (US)\n\nVote for approval (7 days)\n\nStart Time: 2021-01-25, 9:00 AM Eastern Time (US)\nEnd Time: 2021-02-01, 9:00 AM Eastern Time (US)\n", "2021-02-02"),
            ["2021-01-14T15:00:00-05:00", "2021-01-25T09:00:00-05:00", "2021-01-25T09:00:00-05:00", "2021-02-01T09:00:00-05:00"]
        );
        assert_eq!(
            p("**Discussion (7+ days)**\n\nStart Time: October 28 16:00 UTC\n\nEnd Time: November 4 16:00 UTC\n\n**Vote for approval (7 days)**\n\nStart Time: November 11 17:00 UTC\n\nEnd Time: November 18 17:00 UTC\n", "2021-11-22"),
            ["2021-10-28T16:00:00+00:00", "2021-11-04T16:00:00+00:00", "2021-11-11T17:00:00+00:00", "2021-11-18T17:00:00+00:00"]
        );
        assert_eq!(
            p("The procedure for this ballot is as follows:\n\nStart time (8:00 UTC) \tEnd time (8:00 UTC)\nDiscussion (at least 7 days) \t2024-01-16 \t2024-01-23\nExpected Vote for approval (7 days) \t2024-01-23 \t2024-01-30\n", "2024-02-01"),
            ["2024-01-16T08:00:00+00:00", "2024-01-23T08:00:00+00:00", "2024-01-23T08:00:00+00:00", "2024-01-30T08:00:00+00:00"]
        );
        assert_eq!(
            p(
                "The Voting Period for Ballot FORUM-17 begins today at 19:00 UTC and ends on 23-Dec-2021 at 19:00 UTC.",
                "2021-12-28"
            ),
            ["-", "-", "2021-12-16T19:00:00+00:00", "2021-12-23T19:00:00+00:00"]
        );
        assert_eq!(
            p("- Discussion (7+ days): 2026-10-14 16:00 UTC to 2026-10-29 16:00 UTC\n- Voting (7 days): 2026-10-29 16:00 UTC to 2026-11-05 16:00 UTC\n", "2026-11-06"),
            ["2026-10-14T16:00:00+00:00", "2026-10-29T16:00:00+00:00", "2026-10-29T16:00:00+00:00", "2026-11-05T16:00:00+00:00"]
        );
    }
}
