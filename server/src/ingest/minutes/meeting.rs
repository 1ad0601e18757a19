//! When and by whom: the working group a meeting belongs to, the day it took place, and the next
//! meeting when the minutes state it.

use crate::ingest::dates;
use crate::ingest::text::Block;
use app::domain::WorkingGroup;
use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;

/// The group from the title first (most specific), then the tags, the file name and the opening
/// headings; an unknown group is named from the title ("Minutes of the Foo WG" → `foo-wg`).
pub fn working_group(title: &str, tags: &[String], path: &str, blocks: &[Block]) -> WorkingGroup {
    if let Some(wg) = wg_from_text(title) {
        return wg;
    }
    if let Some(wg) =
        tags.iter().filter_map(|t| WorkingGroup::from_name(t)).find(|w| !matches!(w, WorkingGroup::Other(_)))
    {
        return wg;
    }
    let stem = path.rsplit('/').next().unwrap_or(path).replace(['-', '_'], " ");
    if let Some(wg) = wg_from_text(&stem) {
        return wg;
    }
    // A heading or title-like line near the top ("Minutes of the SCWG"), not an agenda item that
    // mentions "a white paper on code signing" in passing.
    if let Some(wg) =
        blocks.iter().take(4).filter(|b| b.is_heading() || b.text.len() <= 120).find_map(|b| wg_from_text(&b.text))
    {
        return wg;
    }
    static OF: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)minutes\s+of\s+(?:the\s+)?(.+?)(?:\s+(?:teleconference|meeting|call))?\s*$")
            .expect("valid pattern")
    });
    let of = &*OF;
    let undated: String = title.chars().filter(|c| !c.is_ascii_digit()).collect();
    of.captures(undated.trim_start_matches(['-', ' ']))
        .and_then(|c| WorkingGroup::from_name(&c[1]))
        // "2015-01-08 minutes": minutes that name no group are the Forum's own meeting.
        .unwrap_or(WorkingGroup::Forum)
}

fn wg_from_text(text: &str) -> Option<WorkingGroup> {
    let t = text.to_lowercase();
    let has = |k: &str| t.contains(k);
    if has("server certificate") || has("scwg") {
        Some(WorkingGroup::Scwg)
    } else if has("code signing") || has("cscwg") || has("cswg") {
        Some(WorkingGroup::Cscwg)
    } else if has("s/mime") || has("smcwg") || has("s mime") || has("smime") {
        Some(WorkingGroup::Smcwg)
    } else if has("network security") || has("netsec") {
        Some(WorkingGroup::Netsec)
    } else if has("forum") || has("f2f") || has("face-to-face") || has("face to face") || has("plenary") {
        Some(WorkingGroup::Forum)
    } else {
        None
    }
}

/// The day the meeting took place: the date in the title, else an early date in the body, else the
/// one in the file name, else the publication date. A title year that is evidently a slip (a year
/// before publication, while the same day this year fits) is corrected with a warning.
pub fn meeting_date(
    title: &str,
    path: &str,
    published: NaiveDate,
    blocks: &[Block],
    warnings: &mut Vec<String>,
) -> NaiveDate {
    let first =
        |s: &str| dates::find_dates(s, Some(published), false).into_iter().find(|d| d.year_given).map(|d| d.date);
    let from_title = first(title);
    let from_body = || blocks.iter().take(6).find_map(|b| first(&b.text));
    let from_name = || {
        let file = path.rsplit('/').next().unwrap_or(path);
        let dates = dates::find_dates(file, Some(published), false);
        // "2021-10-18-2021-09-30-minutes-…": the second date is the meeting.
        dates.get(1).or(dates.first()).map(|d| d.date)
    };
    let Some(date) = from_title.or_else(from_body).or_else(from_name) else {
        warnings.push(format!("no meeting date in the title or text; using the publication date {published}"));
        return published;
    };

    let days_before = (published - date).num_days();
    // A title dated after publication whose day and month, swapped, give the date the file name
    // carries ("2020-12-11" for a file named "…-11-12-2020-minutes"): US and European order mixed
    // up; the file's date, which precedes publication, is the meeting.
    if days_before < 0 {
        use chrono::Datelike;
        let swapped = NaiveDate::from_ymd_opt(date.year(), date.day(), date.month());
        if let (Some(swapped), Some(file)) = (swapped, from_name()) {
            if swapped == file && file <= published {
                warnings.push(format!(
                    "the title dates the meeting {date}, after the minutes were published on {published}; the file name says {file} (day and month swapped), which is used"
                ));
                return file;
            }
        }
    }
    if days_before > 300 {
        if let Some(next_year) = date.with_year_plus_one() {
            if next_year <= published && (published - next_year).num_days() <= 90 {
                warnings.push(format!(
                    "the title dates the meeting {date}, {days_before} days before the minutes were published on {published}; taken as {next_year}"
                ));
                return next_year;
            }
        }
    }
    if days_before < -1 {
        // Minutes cannot precede their meeting: trust a date in the text that fits.
        if let Some(body) = from_body().filter(|b| *b <= published && *b != date) {
            warnings.push(format!(
                "the title dates the meeting {date}, after the minutes were published on {published}; the text says {body}, which is used"
            ));
            return body;
        }
        if let Some(file) = from_name().filter(|f| *f <= published && *f != date && (published - *f).num_days() <= 90) {
            warnings.push(format!(
                "the title dates the meeting {date}, after the minutes were published on {published}; the file name says {file}, which is used"
            ));
            return file;
        }
        warnings.push(format!("the meeting date {date} is after the publication date {published}"));
    }
    // The title against the text and the file: when the text's own date agrees with the file
    // name (or the publication date) and the title says otherwise, the agreeing pair wins.
    if let (Some(title_date), Some(body)) = (from_title, from_body()) {
        let file = from_name();
        if body != title_date && (Some(body) == file || body == published) {
            warnings.push(format!(
                "the title dates the meeting {title_date}, but the text and the file name say {body}, which is used"
            ));
            return body;
        }
    }
    date
}

trait PlusYear {
    fn with_year_plus_one(self) -> Option<NaiveDate>;
}

impl PlusYear for NaiveDate {
    fn with_year_plus_one(self) -> Option<NaiveDate> {
        use chrono::Datelike;
        self.with_year(self.year() + 1)
    }
}

/// The first date after `meeting` a passage gives for a meeting, leaving out dates it says are
/// cancelled: "Date: Wednesday, July 16 … The group agreed to cancel the August 13
/// teleconference" gives July 16; "Next call Sept 26th … It was decided to cancel that call"
/// gives nothing.
fn next_date(text: &str, meeting: NaiveDate) -> Option<NaiveDate> {
    static CANCELLED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)\bcancel+(?:ed|led|s|ing)?\b").expect("valid pattern"));
    let mut candidates: Vec<NaiveDate> = Vec::new();
    let mut cancelled: Vec<NaiveDate> = Vec::new();
    for sentence in crate::ingest::text::sentences(text) {
        let found: Vec<NaiveDate> = dates::find_dates(&sentence, Some(meeting), true)
            .into_iter()
            .map(|d| d.date)
            .filter(|d| *d > meeting)
            .chain(dates::relative_date(&sentence, meeting))
            .collect();
        if CANCELLED.is_match(&sentence) {
            match found.is_empty() {
                true => cancelled.extend(candidates.last().copied()),
                false => cancelled.extend(found),
            }
        } else {
            candidates.extend(found);
        }
    }
    candidates.into_iter().find(|d| !cancelled.contains(d))
}

/// The next meeting's date, when stated: "Next call: Wednesday, April 14, 2021", "The next call will
/// take place on January 20, 2021", "Next meeting will be … next week, Wednesday"; a heading
/// "Next call" is followed into its first paragraph.
pub fn next_meeting(blocks: &[Block], meeting: NaiveDate) -> Option<NaiveDate> {
    static NEXT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\bnext\s+(?:(?:phone|conference|regular|scheduled|(?-i:[A-Z][\w/&.-]*))\s+){0,3}(?:meeting|call|teleconference|telecon|session)\b|\bthe\s+next\s+(?:one\s+)?(?:is|will\s+be)\s+(?:scheduled|held|on)\b").expect("valid pattern")
    });
    static STATES_NEXT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\bthe\s+next\s+(?:\w+\s+)?(?:meeting|call|teleconference|telecon|session)\s+(?:is|will\s+be|will\s+take\s+place|takes\s+place)\b").expect("valid pattern")
    });
    let date_in = |text: &str| next_date(text, meeting);
    // (strength of the statement, date): a "Next call:" label or heading beats a sentence that
    // starts with it, which beats a passing mention ("… will present at the next meeting").
    let mut best: Option<(u8, NaiveDate)> = None;
    for (i, b) in blocks.iter().enumerate() {
        let mut offset = 0;
        for line in b.text.split_inclusive('\n') {
            let line_start = offset;
            offset += line.len();
            let line = line.trim_end_matches(['\n', '\r']);
            let Some(m) = NEXT.find(line) else { continue };
            // What follows the mention in its paragraph (a cancellation can come a sentence later).
            let rest_of_block = &b.text[line_start + m.start()..];
            let before = line[..m.start()].trim_start_matches(|c: char| {
                c.is_whitespace() || c.is_ascii_digit() || matches!(c, '.' | '-' | '*' | '#' | '–' | '•' | ')')
            });
            let after = line[m.end()..].trim();
            let after_label = after.trim_start_matches([':', '-', '–', '—', '*', ' ']).trim();
            let (strength, found) = if before.is_empty() && after_label.trim_end_matches(['.', '*']).is_empty() {
                // A label with its date below it: "## Next meeting" / "7. Next meeting:".
                // The next block, even a bold line read as a heading ("**18 February at 11AM**").
                (4, blocks.get(i + 1).and_then(|n| date_in(&n.text)))
            } else if before.is_empty() && after.starts_with([':', '—', '–', '-']) {
                (4, date_in(rest_of_block))
            } else if before.is_empty() {
                (3, date_in(rest_of_block))
            } else if STATES_NEXT.is_match(line) {
                (3, date_in(rest_of_block).or_else(|| date_in(line)))
            } else {
                (2, date_in(rest_of_block).or_else(|| date_in(line)))
            };
            if let Some(d) = found {
                if best.map(|(s, _)| strength > s).unwrap_or(true) {
                    best = Some((strength, d));
                }
            }
        }
    }
    best.map(|(_, d)| d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::text;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn meeting_dates_come_from_the_title_then_the_body_then_the_file_name() {
        let mut w = Vec::new();
        let blocks = text::blocks("## Minutes of SMCWG\n\nJune 23, 2021\n");
        assert_eq!(
            meeting_date("2021-10-07 Minutes of the CSCWG", "x.md", d("2021-10-07"), &[], &mut w),
            d("2021-10-07")
        );
        assert_eq!(
            meeting_date("2023-12-7 Minutes of the SCWG", "x.md", d("2024-01-18"), &[], &mut w),
            d("2023-12-07")
        );
        assert_eq!(meeting_date("Minutes of SMCWG", "x.md", d("2021-06-23"), &blocks, &mut w), d("2021-06-23"));
        assert_eq!(
            meeting_date(
                "Minutes of the F2F 52 Meeting, Virtual, 3-4 March 2021",
                "x.md",
                d("2021-03-03"),
                &[],
                &mut w
            ),
            d("2021-03-03")
        );
        assert_eq!(
            meeting_date(
                "Minutes of the server certificate WG",
                "2024/2024-01-04-minutes.md",
                d("2024-01-04"),
                &[],
                &mut w
            ),
            d("2024-01-04")
        );
        assert!(w.is_empty(), "{w:?}");
    }

    #[test]
    fn a_title_year_slip_is_corrected_with_a_warning() {
        let mut w = Vec::new();
        let got = meeting_date(
            "2020-01-07 Minutes of the Server Certificate Working Group",
            "x.md",
            d("2021-01-21"),
            &[],
            &mut w,
        );
        assert_eq!(got, d("2021-01-07"));
        assert_eq!(w.len(), 1);
        assert!(w[0].contains("taken as 2021-01-07"), "{}", w[0]);
    }

    #[test]
    fn a_title_date_after_publication_gives_way_to_the_date_in_the_text() {
        let mut w = Vec::new();
        let blocks = text::blocks("## Minutes of SMCWG \n\nDecember 8, 2021\n");
        let got = meeting_date(
            "2021-12-22 Minutes of the S/MIME Certificate Working Group",
            "x.md",
            d("2021-12-08"),
            &blocks,
            &mut w,
        );
        assert_eq!(got, d("2021-12-08"));
        assert!(w[0].contains("the text says 2021-12-08"), "{w:?}");
    }

    #[test]
    fn working_groups_from_titles_tags_and_names() {
        let tags = |t: &[&str]| t.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let cases = [
            (
                "2021-10-07 Minutes of the Code Signing Certificate Working Group",
                tags(&["Code Signing", "Minutes"]),
                "cscwg",
            ),
            ("2021-01-07 Minutes of the CA/Browser Forum Teleconference", tags(&["Minutes", "Forum"]), "forum"),
            ("Minutes of SMCWG", tags(&["Minutes", "S/MIME"]), "smcwg"),
            ("Minutes of the F2F 52 Meeting, Virtual, 3-4 March 2021", tags(&["Minutes", "Face-to-Face"]), "forum"),
            ("2024-02-01 Minutes of the Server Certificate Working Group", tags(&[]), "scwg"),
            (
                "2026-01-01 Minutes of the Quantum Readiness Task Force",
                tags(&["Minutes"]),
                "quantum-readiness-task-force",
            ),
        ];
        for (title, tags, want) in cases {
            assert_eq!(working_group(title, &tags, "x.md", &[]).slug(), want, "{title}");
        }
    }

    #[test]
    fn next_meetings_in_every_form() {
        let thursday = d("2021-10-07");
        let cases = [
            ("Next meeting will be at the fall F2F next week, Wednesday from 12:30 to 14:30 EST", Some("2021-10-13")),
            (
                "### 7. Next call \n\nThe next call will take place on January 20, 2022 at 11:00am Eastern Time.",
                Some("2022-01-20"),
            ),
            ("### 9. Next call: 21 October at 11AM Eastern ", Some("2021-10-21")),
            ("Next call: Wednesday, October 20, 2021 at 11:00 am Eastern Time", Some("2021-10-20")),
            ("Wayne will take minutes for the next meeting.\n\nNext call: TBD (after the F2F)", None),
            ("Next call: see schedule for the New Delhi F2F.", None),
            ("_Next call October 21st_", Some("2021-10-21")),
            ("#### 9. Next call \n\n**14 October at 11AM Eastern**\n\n**_Adjourned_**", Some("2021-10-14")),
            ("- Next CAB Forum call will be Thursday, October 21st, at 1600 UTC.", Some("2021-10-21")),
        ];
        for (md, want) in cases {
            assert_eq!(next_meeting(&text::blocks(md), thursday).map(|d| d.to_string()).as_deref(), want, "{md}");
        }
    }
}
