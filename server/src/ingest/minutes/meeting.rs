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
    if let Some(wg) = blocks.iter().take(4).find_map(|b| wg_from_text(&b.text)) {
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
        .unwrap_or_else(|| WorkingGroup::Other("general".into()))
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
        warnings.push(format!("the meeting date {date} is after the publication date {published}"));
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

/// The next meeting's date, when stated: "Next call: Wednesday, April 14, 2021", "The next call will
/// take place on January 20, 2021", "Next meeting will be … next week, Wednesday"; a heading
/// "Next call" is followed into its first paragraph.
pub fn next_meeting(blocks: &[Block], meeting: NaiveDate) -> Option<NaiveDate> {
    static NEXT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\bnext\s+(?:meeting|call|teleconference|telecon|session)\b").expect("valid pattern")
    });
    let next = &*NEXT;
    for (i, b) in blocks.iter().enumerate() {
        let Some(m) = next.find(&b.text) else { continue };
        let mut candidates = vec![&b.text[m.start()..]];
        if b.is_heading() {
            if let Some(following) = blocks.get(i + 1).filter(|n| !n.is_heading()) {
                candidates.push(following.text.as_str());
            }
        }
        for c in candidates {
            let c = c.lines().next().unwrap_or(c);
            if let Some(d) =
                dates::find_dates(c, Some(meeting), true).into_iter().map(|d| d.date).find(|d| *d > meeting)
            {
                return Some(d);
            }
            if let Some(d) = dates::relative_date(c, meeting) {
                return Some(d);
            }
        }
    }
    None
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
        ];
        for (md, want) in cases {
            assert_eq!(next_meeting(&text::blocks(md), thursday).map(|d| d.to_string()).as_deref(), want, "{md}");
        }
    }
}
