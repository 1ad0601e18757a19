//! The one deadline calculator. Every period the bylaws set is computed here, from instants that
//! carry the time zone the ballot was stated in ("08:00 UTC", "09:00 Eastern"): periods are exact
//! durations, business days are counted in the ballot's own zone.

use chrono::{DateTime, Datelike, Duration, FixedOffset, Weekday};
use serde::{Deserialize, Serialize};

/// An instant as a ballot states it, with its UTC offset.
pub type Instant = DateTime<FixedOffset>;

/// Minimum discussion period; each new version restarts it (Bylaws 2.3(c)).
pub const DISCUSSION_DAYS: i64 = 7;
/// The voting period is exactly this long (Bylaws 2.3(d)).
pub const VOTING_DAYS: i64 = 7;
/// Results are announced within this many business days of the vote's end.
pub const RESULTS_BUSINESS_DAYS: u32 = 3;
/// A ballot whose voting never started fails this many days after its last version.
pub const EXPIRY_DAYS: i64 = 90;

/// IPR review length: 30 days for most guideline changes, 60 for a new or fully restated guideline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReviewDays {
    Thirty,
    Sixty,
}

impl ReviewDays {
    pub fn days(self) -> i64 {
        match self {
            ReviewDays::Thirty => 30,
            ReviewDays::Sixty => 60,
        }
    }

    pub fn from_days(days: i64) -> Option<ReviewDays> {
        match days {
            30 => Some(ReviewDays::Thirty),
            60 => Some(ReviewDays::Sixty),
            _ => None,
        }
    }
}

/// The earliest moment discussion of a version posted at `posted` may end.
pub fn discussion_min_end(posted: Instant) -> Instant {
    posted + Duration::days(DISCUSSION_DAYS)
}

/// When a vote started at `start` ends.
pub fn voting_end(start: Instant) -> Instant {
    start + Duration::days(VOTING_DAYS)
}

/// When the results of a vote that ended at `end` are due: three business days later, skipping
/// Saturdays and Sundays in the ballot's own time zone.
pub fn results_due(end: Instant) -> Instant {
    let mut t = end;
    let mut left = RESULTS_BUSINESS_DAYS;
    while left > 0 {
        t += Duration::days(1);
        if !matches!(t.weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
        }
    }
    t
}

/// When an IPR review that started at `start` ends.
pub fn review_end(start: Instant, days: ReviewDays) -> Instant {
    start + Duration::days(days.days())
}

/// When a ballot whose last version was posted at `last_version` fails for never reaching a vote.
pub fn expiry(last_version: Instant) -> Instant {
    last_version + Duration::days(EXPIRY_DAYS)
}

/// Whole days and hours until `deadline`, for countdowns ("3 days 4 hours"); `None` once passed.
pub fn countdown(now: Instant, deadline: Instant) -> Option<String> {
    let left = deadline - now;
    if left <= Duration::zero() {
        return None;
    }
    let days = left.num_days();
    let hours = (left - Duration::days(days)).num_hours();
    let plural = |n: i64, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    Some(if days > 0 {
        format!("{} {}", plural(days, "day"), plural(hours, "hour"))
    } else if hours > 0 {
        plural(hours, "hour")
    } else {
        plural((left.num_minutes()).max(1), "minute")
    })
}

/// "2021-10-14 08:00 UTC" or "2021-10-14 09:00 UTC-05:00": how deadlines are written to people.
pub fn format_instant(t: Instant) -> String {
    use chrono::Timelike;
    // Written out by hand: chrono's strftime engine would add kilobytes to the browser bundle.
    let day = format!("{:04}-{:02}-{:02} {:02}:{:02} UTC", t.year(), t.month(), t.day(), t.hour(), t.minute());
    let offset = t.offset().local_minus_utc();
    if offset == 0 {
        day
    } else {
        let sign = if offset < 0 { '-' } else { '+' };
        let abs = offset.abs();
        format!("{day}{sign}{:02}:{:02}", abs / 3600, (abs % 3600) / 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Instant {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    #[test]
    fn discussion_lasts_at_least_seven_days_from_the_version() {
        assert_eq!(discussion_min_end(t("2021-10-07T08:00:00Z")), t("2021-10-14T08:00:00Z"));
    }

    #[test]
    fn voting_lasts_exactly_seven_days_even_across_a_clock_change() {
        // Stated in US Eastern before the March change: still exactly 168 hours later.
        let start = t("2021-03-11T09:00:00-05:00");
        let end = voting_end(start);
        assert_eq!((end - start).num_hours(), 168);
    }

    #[test]
    fn results_are_due_three_business_days_after_the_vote_skipping_weekends() {
        let cases = [
            ("2021-10-14T08:00:00Z", "2021-10-19T08:00:00Z"), // Thursday -> Tuesday
            ("2021-10-11T08:00:00Z", "2021-10-14T08:00:00Z"), // Monday -> Thursday
            ("2021-10-16T08:00:00Z", "2021-10-20T08:00:00Z"), // Saturday -> Wednesday
            ("2021-10-15T23:30:00-04:00", "2021-10-20T23:30:00-04:00"), // Friday evening in New York
        ];
        for (end, due) in cases {
            assert_eq!(results_due(t(end)), t(due), "vote ending {end}");
        }
    }

    #[test]
    fn review_periods_are_thirty_or_sixty_days() {
        let start = t("2021-10-04T02:00:00Z");
        assert_eq!(review_end(start, ReviewDays::Thirty), t("2021-11-03T02:00:00Z"));
        assert_eq!(review_end(start, ReviewDays::Sixty), t("2021-12-03T02:00:00Z"));
        assert_eq!(ReviewDays::from_days(45), None);
    }

    #[test]
    fn a_ballot_expires_ninety_days_after_its_last_version() {
        assert_eq!(expiry(t("2021-01-01T00:00:00Z")), t("2021-04-01T00:00:00Z"));
    }

    #[test]
    fn countdowns_read_in_days_and_hours_and_stop_at_the_deadline() {
        let now = t("2021-10-10T06:00:00Z");
        assert_eq!(countdown(now, t("2021-10-14T08:00:00Z")).as_deref(), Some("4 days 2 hours"));
        assert_eq!(countdown(now, t("2021-10-10T07:00:00Z")).as_deref(), Some("1 hour"));
        assert_eq!(countdown(now, t("2021-10-10T06:00:30Z")).as_deref(), Some("1 minute"));
        assert_eq!(countdown(now, now), None);
    }

    #[test]
    fn instants_are_written_with_their_zone() {
        assert_eq!(format_instant(t("2021-10-14T08:00:00Z")), "2021-10-14 08:00 UTC");
        assert_eq!(format_instant(t("2021-10-14T09:00:00-04:00")), "2021-10-14 09:00 UTC-04:00");
    }
}
