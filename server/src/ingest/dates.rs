//! The date and time expressions people write in minutes and ballot posts: "October 14, 2020",
//! "11-March 2021", "Jan 21st", "next week, Wednesday", "2021-01-14, 3:00 PM Eastern Time (US)",
//! "1700 UTC on December 8, 2023". Pure functions over text; years default to a reference date.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

const MONTHS: [(&str, u32); 12] = [
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
];

/// A month from its name or a 3+ letter abbreviation ("Sept", "Nov", "November").
pub fn month_from_name(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS.iter().find(|(name, _)| name.starts_with(&w) || (w == "sept" && *name == "september")).map(|(_, n)| *n)
}

/// A date found in text, with where it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    pub date: NaiveDate,
    /// Whether the year was written (otherwise it was inferred).
    pub year_given: bool,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Num(u32, usize),
    Word(String),
    Sep,
}

/// Every absolute date in `text`, in order. Dates without a year take the year of `reference`,
/// or the next year when `forward` and the date would fall before `reference`.
pub fn find_dates(text: &str, reference: Option<NaiveDate>, forward: bool) -> Vec<FoundDate> {
    // Tokenise into numbers, words and separators, keeping byte offsets.
    let mut toks: Vec<(Tok, usize, usize)> = Vec::new();
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if c.is_ascii_digit() {
            let mut end = i + 1;
            while let Some(&(j, d)) = iter.peek() {
                if d.is_ascii_digit() {
                    end = j + 1;
                    iter.next();
                } else {
                    break;
                }
            }
            let digits = &text[i..end];
            toks.push((Tok::Num(digits.parse().unwrap_or(0), digits.len()), i, end));
        } else if c.is_alphabetic() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = iter.peek() {
                if d.is_alphabetic() {
                    end = j + d.len_utf8();
                    iter.next();
                } else {
                    break;
                }
            }
            toks.push((Tok::Word(text[i..end].to_lowercase()), i, end));
        } else if c.is_whitespace() || ",.-/–".contains(c) {
            if !matches!(toks.last(), Some((Tok::Sep, _, _))) {
                toks.push((Tok::Sep, i, i + c.len_utf8()));
            }
        } else {
            toks.push((Tok::Word(c.to_string()), i, i + c.len_utf8()));
        }
    }
    let toks: Vec<&(Tok, usize, usize)> = toks.iter().filter(|t| !matches!(t.0, Tok::Sep)).collect();
    let ordinal = |w: &str| matches!(w, "st" | "nd" | "rd" | "th");
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let mut found: Option<(u32, u32, Option<i32>, usize)> = None; // month, day, year, tokens used
        match &toks[i].0 {
            // 2021-10-07 (also 2021-10-7)
            Tok::Num(y, 4) if i + 2 < toks.len() => {
                if let (Tok::Num(m, _), Tok::Num(d, dl)) = (&toks[i + 1].0, &toks[i + 2].0) {
                    if *dl <= 2 && (1..=12).contains(m) && text[toks[i].2..toks[i + 1].1].trim() == "-" {
                        found = Some((*m, *d, Some(*y as i32), 3));
                    }
                }
            }
            // 11-12-2020, 11/12/2020: month first, as US writers put it (day first when the
            // first number cannot be a month).
            Tok::Num(a, 1 | 2)
                if i + 2 < toks.len()
                    && matches!(toks[i + 1].0, Tok::Num(_, 1 | 2))
                    && matches!(toks[i + 2].0, Tok::Num(_, 4))
                    && ["-", "/"].contains(&text[toks[i].2..toks[i + 1].1].trim())
                    && text[toks[i + 1].2..toks[i + 2].1].trim() == text[toks[i].2..toks[i + 1].1].trim() =>
            {
                if let (Tok::Num(b, _), Tok::Num(y, _)) = (&toks[i + 1].0, &toks[i + 2].0) {
                    let (m, d) = if *a <= 12 { (*a, *b) } else { (*b, *a) };
                    found = Some((m, d, Some(*y as i32), 3));
                }
            }
            // 14 October 2020, 11-March 2021, 17. June, 3rd of March
            Tok::Num(d, dl) if *dl <= 2 => {
                let mut j = i + 1;
                // A range of days ("3-4 March 2021") dates from its first day.
                if matches!(toks.get(j).map(|t| &t.0), Some(Tok::Num(_, 1 | 2)))
                    && matches!(toks.get(j + 1).map(|t| &t.0), Some(Tok::Word(w)) if month_from_name(w).is_some())
                {
                    j += 1;
                }
                if j < toks.len() && matches!(&toks[j].0, Tok::Word(w) if ordinal(w)) {
                    j += 1;
                }
                if j < toks.len() && matches!(&toks[j].0, Tok::Word(w) if w == "of") {
                    j += 1;
                }
                if let Some(Tok::Word(w)) = toks.get(j).map(|t| &t.0) {
                    if let Some(m) = month_from_name(w) {
                        let year = match toks.get(j + 1).map(|t| &t.0) {
                            Some(Tok::Num(y, 4)) => Some(*y as i32),
                            _ => None,
                        };
                        found = Some((m, *d, year, j + 1 - i + year.is_some() as usize));
                    }
                }
            }
            // October 14, 2020 / Jan 21st / November 3rd / Nov 5
            Tok::Word(w) => {
                if let Some(m) = month_from_name(w) {
                    if let Some(Tok::Num(d, dl)) = toks.get(i + 1).map(|t| &t.0) {
                        if *dl <= 2 {
                            let mut j = i + 2;
                            if j < toks.len() && matches!(&toks[j].0, Tok::Word(w) if ordinal(w)) {
                                j += 1;
                            }
                            // "February 26-27, 2024": skip the range's last day.
                            if matches!(toks.get(j).map(|t| &t.0), Some(Tok::Num(_, 1 | 2)))
                                && matches!(toks.get(j + 1).map(|t| &t.0), Some(Tok::Num(_, 4)))
                            {
                                j += 1;
                            }
                            let year = match toks.get(j).map(|t| &t.0) {
                                Some(Tok::Num(y, 4)) => Some(*y as i32),
                                _ => None,
                            };
                            found = Some((m, *d, year, j - i + year.is_some() as usize));
                        }
                    }
                }
            }
            _ => {}
        }
        if let Some((m, d, y, used)) = found {
            let year_given = y.is_some();
            let year = y.or_else(|| reference.map(|r| r.year()));
            if let Some(year) = year {
                if let Some(mut date) = NaiveDate::from_ymd_opt(year, m, d) {
                    if !year_given && forward {
                        if let Some(r) = reference {
                            if date < r {
                                date = NaiveDate::from_ymd_opt(year + 1, m, d).unwrap_or(date);
                            }
                        }
                    }
                    let end = toks[i + used - 1].2;
                    out.push(FoundDate { date, year_given, start: toks[i].1, end });
                    i += used;
                    continue;
                }
            }
        }
        i += 1;
    }
    out
}

/// Relative meeting dates: "next week, Wednesday", "in two weeks, Thursday", "next Tuesday",
/// "tomorrow", "in two weeks". Weeks start on Monday.
pub fn relative_date(text: &str, reference: NaiveDate) -> Option<NaiveDate> {
    let lower = text.to_lowercase();
    let weekday = [
        ("monday", Weekday::Mon),
        ("tuesday", Weekday::Tue),
        ("wednesday", Weekday::Wed),
        ("thursday", Weekday::Thu),
        ("friday", Weekday::Fri),
        ("saturday", Weekday::Sat),
        ("sunday", Weekday::Sun),
    ]
    .iter()
    .find(|(name, _)| lower.contains(name))
    .map(|(_, d)| *d);
    let weeks_ahead = if lower.contains("next week") || lower.contains("following week") {
        Some(1)
    } else if lower.contains("in two weeks") || lower.contains("in 2 weeks") || lower.contains("two weeks") {
        Some(2)
    } else if lower.contains("in three weeks") || lower.contains("in 3 weeks") {
        Some(3)
    } else {
        None
    };
    let monday = reference - Duration::days(reference.weekday().num_days_from_monday() as i64);
    match (weeks_ahead, weekday) {
        (Some(w), Some(day)) => Some(monday + Duration::weeks(w) + Duration::days(day.num_days_from_monday() as i64)),
        (Some(w), None) => Some(reference + Duration::weeks(w)),
        (None, Some(day)) if lower.contains(&format!("next {}", weekday_name(day))) => {
            let mut d = reference + Duration::days(1);
            while d.weekday() != day {
                d += Duration::days(1);
            }
            Some(d)
        }
        _ if lower.contains("tomorrow") => Some(reference + Duration::days(1)),
        _ => None,
    }
}

fn weekday_name(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "monday",
        Weekday::Tue => "tuesday",
        Weekday::Wed => "wednesday",
        Weekday::Thu => "thursday",
        Weekday::Fri => "friday",
        Weekday::Sat => "saturday",
        Weekday::Sun => "sunday",
    }
}

/// An instant found in text ("2021-01-14, 3:00 PM Eastern Time (US)", "11-March 2021 21:30 UTC",
/// "1700 UTC on December 8, 2023"), with where its date was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundInstant {
    pub at: chrono::DateTime<chrono::FixedOffset>,
    /// Whether a time of day was written (otherwise the default time or midnight was used).
    pub timed: bool,
    pub start: usize,
    pub end: usize,
}

/// A time of day and zone written near a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeOfDay {
    pub hour: u32,
    pub minute: u32,
    pub zone: Option<Zone>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    Utc,
    UsEastern,
    UsPacific,
    CentralEurope,
}

impl Zone {
    fn resolve(self, date: NaiveDate, hour: u32, minute: u32) -> Option<chrono::DateTime<chrono::FixedOffset>> {
        use chrono::{NaiveTime, TimeZone};
        let naive = date.and_time(NaiveTime::from_hms_opt(hour, minute, 0)?);
        let tz: chrono_tz::Tz = match self {
            Zone::Utc => return Some(chrono::Utc.from_utc_datetime(&naive).fixed_offset()),
            Zone::UsEastern => chrono_tz::America::New_York,
            Zone::UsPacific => chrono_tz::America::Los_Angeles,
            Zone::CentralEurope => chrono_tz::Europe::Berlin,
        };
        // An hour skipped by a clock change takes the later offset; a repeated one the earlier.
        tz.from_local_datetime(&naive)
            .earliest()
            .or_else(|| tz.from_local_datetime(&(naive + Duration::hours(1))).earliest())
            .map(|d| d.fixed_offset())
    }
}

fn time_re() -> &'static regex::Regex {
    static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?i)\b(?:(\d{2})(\d{2})\s*(utc|gmt)\b|(\d{1,2})(?::(\d{2}))?(?::\d{2})?\s*(am|pm|a\.m\.|p\.m\.)?\s*(utc|gmt|z\b|eastern(?:\s+time)?(?:\s*\(us\))?|et\b|est\b|edt\b|pacific(?:\s+time)?|pt\b|pst\b|pdt\b|cet\b|cest\b)?)",
        )
        .expect("valid time pattern")
    });
    &RE
}

fn zone_of(word: &str) -> Option<Zone> {
    let w = word.to_lowercase();
    if w.starts_with("utc") || w.starts_with("gmt") || w == "z" {
        Some(Zone::Utc)
    } else if w.starts_with("eastern") || w == "et" || w == "est" || w == "edt" {
        Some(Zone::UsEastern)
    } else if w.starts_with("pacific") || w == "pt" || w == "pst" || w == "pdt" {
        Some(Zone::UsPacific)
    } else if w == "cet" || w == "cest" {
        Some(Zone::CentralEurope)
    } else {
        None
    }
}

/// A time of day at the start of `s` (after "at", ",", "on" and the like), if one is there.
/// A bare number is only a time when a colon, am/pm or a zone says so.
pub fn time_at_start(s: &str) -> Option<(TimeOfDay, usize)> {
    let trimmed = s.trim_start_matches(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == '-');
    let skip = s.len() - trimmed.len();
    let lower = trimmed.to_lowercase();
    let (trimmed, skip) = match lower.strip_prefix("at ") {
        Some(_) => (trimmed[3..].trim_start(), skip + 3 + (trimmed[3..].len() - trimmed[3..].trim_start().len())),
        None => (trimmed, skip),
    };
    let caps = time_re().captures(trimmed)?;
    let m = caps.get(0)?;
    if m.start() != 0 {
        return None;
    }
    if let (Some(h), Some(mi), Some(z)) = (caps.get(1), caps.get(2), caps.get(3)) {
        let hour: u32 = h.as_str().parse().ok()?;
        let minute: u32 = mi.as_str().parse().ok()?;
        return (hour < 24 && minute < 60)
            .then_some((TimeOfDay { hour, minute, zone: zone_of(z.as_str()) }, skip + m.end()));
    }
    let mut hour: u32 = caps.get(4)?.as_str().parse().ok()?;
    let minute: u32 = caps.get(5).map(|m| m.as_str().parse().unwrap_or(0)).unwrap_or(0);
    let ampm = caps.get(6).map(|m| m.as_str().to_lowercase());
    let zone = caps.get(7).and_then(|z| zone_of(z.as_str()));
    if caps.get(5).is_none() && ampm.is_none() && zone.is_none() {
        return None;
    }
    match ampm.as_deref() {
        Some(p) if p.starts_with('p') && hour < 12 => hour += 12,
        Some(a) if a.starts_with('a') && hour == 12 => hour = 0,
        _ => {}
    }
    (hour < 24 && minute < 60).then_some((TimeOfDay { hour, minute, zone }, skip + m.end()))
}

/// Every instant in `text`: each date with the time written right after it (or right before it,
/// as in "1700 UTC on December 8"), else `default_time`, else midnight; zones default to UTC.
pub fn find_instants(text: &str, reference: Option<NaiveDate>, default_time: Option<TimeOfDay>) -> Vec<FoundInstant> {
    let mut out = Vec::new();
    for d in find_dates(text, reference, false) {
        let after = time_at_start(&text[d.end..]).map(|(t, _)| t);
        let before = || {
            let window_start = text[..d.start].char_indices().rev().nth(24).map(|(i, _)| i).unwrap_or(0);
            let window = &text[window_start..d.start];
            (0..window.len())
                .filter(|&i| window.is_char_boundary(i))
                .filter_map(|i| {
                    // "1700 UTC on December 8", "2100 UTC 30 September 2019"
                    time_at_start(&window[i..])
                        .filter(|(t, len)| {
                            let rest = window[i + len..].trim_start().to_lowercase();
                            rest.starts_with("on") || (rest.is_empty() && t.zone.is_some())
                        })
                        .map(|(t, _)| t)
                })
                .next()
        };
        let found = after.or_else(before);
        let timed = found.is_some();
        let t = found.or(default_time).unwrap_or(TimeOfDay { hour: 0, minute: 0, zone: None });
        let zone = t.zone.or(default_time.and_then(|dt| dt.zone)).unwrap_or(Zone::Utc);
        if let Some(at) = zone.resolve(d.date, t.hour, t.minute) {
            out.push(FoundInstant { at, timed, start: d.start, end: d.end });
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

    fn dates(text: &str) -> Vec<String> {
        find_dates(text, Some(d("2021-10-07")), true).iter().map(|f| f.date.to_string()).collect()
    }

    #[test]
    fn dates_are_read_in_the_forms_minutes_use() {
        let cases = [
            ("October 14, 2020 at 11:00 am Eastern Time", vec!["2020-10-14"]),
            ("Start Time: 11-March 2021 21:30 UTC", vec!["2021-03-11"]),
            ("Next call: Thursday 17. June at 12:00 am", vec!["2022-06-17"]),
            ("will be finished by November 3rd.", vec!["2021-11-03"]),
            ("Next Meeting scheduled for Jan 21st", vec!["2022-01-21"]),
            ("2021-10-07 and 2023-12-7", vec!["2021-10-07", "2023-12-07"]),
            ("Wednesday, March 31, 2021 at 11:00 am", vec!["2021-03-31"]),
            ("Minutes of the F2F 52 Meeting, Virtual, 3-4 March 2021", vec!["2021-03-03"]),
            ("New Delhi, India, February 26-27, 2024", vec!["2024-02-26"]),
            ("version 1.7.3 of section 4.2", vec![]),
            ("May 13th", vec!["2022-05-13"]),
            ("2020-12-10-11-12-2020-minutes", vec!["2020-12-10", "2020-11-12"]),
            ("on 25/12/2021", vec!["2021-12-25"]),
        ];
        for (text, want) in cases {
            assert_eq!(dates(text), want, "{text}");
        }
    }

    #[test]
    fn a_date_without_year_takes_the_reference_year_when_not_looking_forward() {
        let found = find_dates("on February 3", Some(d("2021-10-07")), false);
        assert_eq!(found[0].date, d("2021-02-03"));
        assert!(!found[0].year_given);
    }

    #[test]
    fn relative_meeting_dates_resolve_against_the_meeting() {
        let thursday = d("2021-10-07");
        assert_eq!(relative_date("at the fall F2F next week, Wednesday from 12:30", thursday), Some(d("2021-10-13")));
        assert_eq!(relative_date("in two weeks, Thursday", d("2026-10-15")), Some(d("2026-10-29")));
        assert_eq!(relative_date("next Tuesday", thursday), Some(d("2021-10-12")));
        assert_eq!(relative_date("see the schedule", thursday), None);
    }

    fn first(text: &str) -> String {
        find_instants(text, NaiveDate::from_ymd_opt(2021, 11, 22), None)
            .first()
            .map(|f| f.at.to_rfc3339())
            .unwrap_or_else(|| "none".into())
    }

    #[test]
    fn instants_in_the_forms_ballot_posts_use() {
        let cases = [
            ("Start Time: 2021-01-14, 3:00 PM Eastern Time (US)", "2021-01-14T15:00:00-05:00"),
            ("End Time: not before 2021-03-25, 17:30 Eastern Time (US)", "2021-03-25T17:30:00-04:00"),
            ("Start Time: 11-March 2021 21:30 UTC", "2021-03-11T21:30:00+00:00"),
            ("Start Time: 2020-02-02 1700 UTC", "2020-02-02T17:00:00+00:00"),
            ("Start Time: 2021-06-14 8:00:00 UTC", "2021-06-14T08:00:00+00:00"),
            ("October 14, 2020 at 11:00 am Eastern Time", "2020-10-14T11:00:00-04:00"),
            ("Start Time: October 28 16:00 UTC", "2021-10-28T16:00:00+00:00"),
            ("The IP Rights Review Period ends at 1700 UTC on December 8, 2023.", "2023-12-08T17:00:00+00:00"),
            ("ends on 23-Dec-2021 at 19:00 UTC", "2021-12-23T19:00:00+00:00"),
            ("End of Review Period: 1 March 2024 at 17:00 Eastern Time", "2024-03-01T17:00:00-05:00"),
            ("2024-01-16", "2024-01-16T00:00:00+00:00"),
        ];
        for (text, want) in cases {
            assert_eq!(first(text), want, "{text}");
        }
    }

    #[test]
    fn a_default_time_from_a_table_header_applies_to_bare_dates() {
        let default = time_at_start("8:00 UTC").map(|(t, _)| t);
        let found = find_instants("Discussion (at least 7 days) 2024-01-16 2024-01-23", None, default);
        let got: Vec<String> = found.iter().map(|f| f.at.to_rfc3339()).collect();
        assert_eq!(got, ["2024-01-16T08:00:00+00:00", "2024-01-23T08:00:00+00:00"]);
        assert!(!found[0].timed);
    }

    #[test]
    fn section_numbers_and_counts_are_not_times() {
        assert!(time_at_start(" 7 days").is_none());
        assert!(time_at_start(" 12 votes").is_none());
    }
}
