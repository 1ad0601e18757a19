//! One post from its bytes: checks, front matter, fallbacks from the file name, rendering and
//! classification. Pure: the caller supplies the path (for slugs and messages) and the bytes.

use super::error::IngestError;
use super::front_matter::{self, FrontMatter};
use super::markdown::{self, Rendered};
use super::minutes::{self as minutes_extract, Minutes};
use app::domain::ids::slugify;
use app::model::PostKind;
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, TimeZone, Utc};

/// Posts larger than this are refused. The largest real minutes (a two-day face-to-face) are
/// about 55 KB; 2 MiB leaves room for pasted tables while keeping a stray dump out of the store.
pub const MAX_POST_BYTES: u64 = 2 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq)]
pub struct Post {
    pub title: String,
    pub published: DateTime<FixedOffset>,
    pub author: Option<String>,
    pub tags: Vec<String>,
    pub kind: PostKind,
    pub front_matter: FrontMatter,
    /// The markdown after the front matter.
    pub body: String,
    /// The whole file as text.
    pub raw: String,
    /// 1-based line of the file where `body` starts.
    pub body_line: usize,
    pub rendered: Rendered,
    pub slug: String,
    pub draft: bool,
    /// Things worth a look that did not stop the import.
    pub warnings: Vec<String>,
    /// What the minutes say, for posts classified as minutes.
    pub minutes: Option<Minutes>,
}

/// Parses a post. `path` is the file's path relative to the imported directory.
pub fn parse_post(path: &str, bytes: &[u8]) -> Result<Post, IngestError> {
    if bytes.len() as u64 > MAX_POST_BYTES {
        return Err(IngestError::TooLarge { size: bytes.len() as u64, limit: MAX_POST_BYTES });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
        IngestError::InvalidUtf8 { line, offset }
    })?;
    let split = front_matter::split(text)?;
    let mut warnings = split.warnings.clone();
    let from_name = FileName::parse(path);

    let mut front_matter = match split.front_matter {
        Some(fm) => fm,
        None => {
            warnings.push(
                "no front matter: title and date were taken from the file name, as Hugo's :filename date option does"
                    .to_string(),
            );
            FrontMatter::default()
        }
    };
    let title = match (&front_matter.title, &from_name.title) {
        (Some(t), _) => t.clone(),
        (None, Some(t)) => {
            if split.format.is_some() {
                warnings.push(format!("front matter has no title; using \"{t}\" from the file name"));
            }
            t.clone()
        }
        (None, None) => return Err(IngestError::NoTitle),
    };
    // Hugo dates a post by `date`, else `publishDate`.
    let bad_date = front_matter.bad_date.take();
    let (bad_published, bad_other) = match bad_date {
        Some(b) if b.field == "date" || (b.field == "publishDate" && front_matter.date.is_none()) => (Some(b), None),
        other => (None, other),
    };
    if let Some(b) = &bad_other {
        warnings.push(format!("field `{}`: cannot read \"{}\" as a date; it is ignored", b.field, b.value));
    }
    let title_date = || {
        super::dates::find_dates(&title, None, false)
            .into_iter()
            .find(|d| d.year_given && front_matter::PLAUSIBLE_YEARS.contains(&d.date.year()))
            .map(|d| (d.date, "title"))
    };
    let published = match front_matter.date.or(front_matter.publish_date) {
        Some(d) => {
            if let Some(b) = &bad_published {
                warnings.push(format!("field `{}`: cannot read \"{}\" as a date; using publishDate", b.field, b.value));
            }
            d
        }
        None => {
            let Some((d, source)) = from_name.date.map(|d| (d, "file name")).or_else(title_date) else {
                return Err(bad_published.map(|b| b.into_error()).unwrap_or(IngestError::NoDate));
            };
            match &bad_published {
                Some(b) => warnings.push(format!(
                    "field `{}`: cannot read \"{}\" as a date; using {d} from the {source}",
                    b.field, b.value
                )),
                None if split.format.is_some() => {
                    warnings.push(format!("front matter has no date; using {d} from the {source}"))
                }
                None => {}
            }
            Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0).unwrap_or_default()).fixed_offset()
        }
    };
    if front_matter.draft {
        warnings.push("marked as a draft: kept out of lists and feeds until published".to_string());
    }
    if let Some(d) = front_matter.publish_date.filter(|d| Some(*d) != front_matter.date) {
        warnings.push(format!("scheduled: publishDate {}; left out of lists and feeds before then", d.to_rfc3339()));
    }
    if let Some(d) = front_matter.expiry_date {
        warnings.push(format!("expires: expiryDate {}; left out of lists and feeds from then on", d.to_rfc3339()));
    }
    let kind = classify(&title, &front_matter.tags);
    let slug =
        front_matter.slug.as_deref().map(slugify).filter(|s| !s.is_empty()).unwrap_or_else(|| from_name.slug.clone());
    let rendered = markdown::render(split.body);
    for note in &rendered.simplified {
        warnings.push(format!("simplified to keep the work bounded: {note}"));
    }
    let minutes = (kind == PostKind::Minutes).then(|| {
        let m = minutes_extract::extract(&minutes_extract::Source {
            path,
            title: &title,
            tags: &front_matter.tags,
            published: published.date_naive(),
            body: split.body,
            summary: front_matter.extra.get("summary").and_then(|v| v.as_str()),
        });
        warnings.extend(m.warnings.iter().cloned());
        m
    });
    Ok(Post {
        title,
        published,
        author: front_matter.author.clone(),
        tags: front_matter.tags.clone(),
        kind,
        draft: front_matter.draft,
        front_matter,
        body: split.body.to_string(),
        raw: text.to_string(),
        body_line: split.body_line,
        rendered,
        slug,
        warnings,
        minutes,
    })
}

/// Minutes, ballot post or other page, from tags first (the site's own classification) and the
/// title second (some posts have no tags).
pub fn classify(title: &str, tags: &[String]) -> PostKind {
    let has_tag = |t: &str| tags.iter().any(|x| x.trim().eq_ignore_ascii_case(t));
    let lower = title.to_lowercase();
    if has_tag("minutes") {
        PostKind::Minutes
    } else if has_tag("ballot") || has_tag("ballots") {
        PostKind::Ballot
    } else if lower.contains("minutes") {
        PostKind::Minutes
    } else if lower.starts_with("ballot")
        || (lower.contains("ballot") && !app::domain::find_ballot_ids(title).is_empty())
    {
        // "Notice of IPR Review Period for … Ballots 96, 97", "Results of Review Period for Ballot SC3".
        PostKind::Ballot
    } else {
        PostKind::Page
    }
}

/// What a file name tells: `2024-01-04-minutes-of-the-server-certificate-WG.md` has a date, a
/// title and a slug; a page bundle (`…/name/index.md`) is named by its directory.
#[derive(Debug, Clone, PartialEq)]
pub struct FileName {
    pub slug: String,
    pub date: Option<NaiveDate>,
    pub title: Option<String>,
}

impl FileName {
    pub fn parse(path: &str) -> FileName {
        let mut parts: Vec<&str> = path.split(['/', '\\']).filter(|p| !p.is_empty()).collect();
        let file = parts.pop().unwrap_or(path);
        let stem = file.rsplit_once('.').map(|(s, _)| s).unwrap_or(file);
        let stem = if stem.eq_ignore_ascii_case("index") || stem.eq_ignore_ascii_case("_index") {
            parts.pop().unwrap_or(stem)
        } else {
            stem
        };
        let slug = {
            let s = slugify(stem);
            if s.is_empty() {
                "post".to_string()
            } else {
                s
            }
        };
        let (date, rest) = match stem.get(..10).and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()) {
            Some(d) => (Some(d), stem[10..].trim_start_matches(['-', '_', ' '])),
            None => (None, stem),
        };
        let words: Vec<&str> = rest.split(['-', '_', ' ']).filter(|w| !w.is_empty()).collect();
        let title = (!words.is_empty()).then(|| {
            let mut t = words.join(" ");
            if let Some(first) = t.get(..1) {
                t = first.to_uppercase() + &t[1..];
            }
            t
        });
        FileName { slug, date, title }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CORPUS_STYLE: &str = "---\naliases:\n- /x/\nauthor: Corey Bonnell\ndate: 2021-10-07 17:00:00\ntags:\n- Code Signing\n- Minutes\ntitle: 2021-10-07 Minutes of the Code Signing Certificate Working Group\ntype: post\n---\n\n## Attendees\n\nA, B\n";

    #[test]
    fn a_corpus_style_post_parses_with_its_fields() {
        let p = parse_post("content/posts/2021/2021-10-07-x.md", CORPUS_STYLE.as_bytes()).unwrap();
        assert_eq!(p.kind, PostKind::Minutes);
        assert_eq!(p.author.as_deref(), Some("Corey Bonnell"));
        assert_eq!(p.published.to_rfc3339(), "2021-10-07T17:00:00+00:00");
        assert_eq!(p.slug, "2021-10-07-x");
        assert_eq!(p.body_line, 12);
        assert!(p.rendered.html.contains("<h2 id=\"attendees\">"));
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    }

    #[test]
    fn a_post_without_front_matter_takes_title_and_date_from_its_file_name_with_a_warning() {
        let p = parse_post(
            "2024/2024-01-04-minutes-of-the-server-certificate-WG.md",
            b"Roll Call\n\nAaron Gable - (Let's Encrypt)\n",
        )
        .unwrap();
        assert_eq!(p.title, "Minutes of the server certificate WG");
        assert_eq!(p.published.date_naive().to_string(), "2024-01-04");
        assert_eq!(p.kind, PostKind::Minutes);
        assert_eq!(p.warnings.len(), 1);
        assert!(p.warnings[0].starts_with("no front matter"));
    }

    #[test]
    fn without_front_matter_or_a_dated_file_name_there_is_no_date() {
        assert_eq!(parse_post("notes/readme.md", b"hello").unwrap_err(), IngestError::NoDate);
    }

    #[test]
    fn a_file_name_that_is_only_a_date_gives_no_title() {
        assert_eq!(parse_post("2024-01-04.md", b"hello").unwrap_err(), IngestError::NoTitle);
    }

    #[test]
    fn invalid_utf8_is_reported_with_its_line_and_offset() {
        let err = parse_post("x.md", b"---\ntitle: x\n---\nab\xff").unwrap_err();
        assert_eq!(err, IngestError::InvalidUtf8 { line: 4, offset: 19 });
    }

    #[test]
    fn oversized_files_are_refused() {
        let big = vec![b'a'; MAX_POST_BYTES as usize + 1];
        assert!(matches!(parse_post("x.md", &big).unwrap_err(), IngestError::TooLarge { .. }));
    }

    #[test]
    fn page_bundles_are_named_by_their_directory() {
        let f = FileName::parse("content/posts/2024/2024-01-18-ballot-csc-21/index.md");
        assert_eq!(f.slug, "2024-01-18-ballot-csc-21");
        assert_eq!(f.date.unwrap().to_string(), "2024-01-18");
        assert_eq!(f.title.as_deref(), Some("Ballot csc 21"));
    }

    #[test]
    fn a_bundle_named_index_in_any_case_is_named_by_its_directory() {
        assert_eq!(
            FileName::parse("2026/2026-04-29-SMCWG-Ballot-SMC017/Index.md").slug,
            "2026-04-29-smcwg-ballot-smc017"
        );
    }

    #[test]
    fn posts_are_classified_by_tags_then_title() {
        let tags = |t: &[&str]| t.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let cases = [
            ("2021-10-07 Minutes of the CSCWG", tags(&["Code Signing", "Minutes"]), PostKind::Minutes),
            ("Ballot CSC-11 – Update", tags(&["Code Signing", "Ballot"]), PostKind::Ballot),
            ("2024-02-01 Minutes of the SCWG", tags(&[]), PostKind::Minutes),
            ("Ballot SC-70: Clarify", tags(&[]), PostKind::Ballot),
            ("About the Forum", tags(&["Forum"]), PostKind::Page),
            ("Results of Review Period for Ballot SC3", tags(&[]), PostKind::Ballot),
            ("SMCQG Ballot SMC012", tags(&[]), PostKind::Ballot),
            ("The Ballot Process", tags(&[]), PostKind::Page),
        ];
        for (title, tags, want) in cases {
            assert_eq!(classify(title, &tags), want, "{title}");
        }
    }

    #[test]
    fn an_unreadable_date_falls_back_to_the_file_name_with_a_warning() {
        let p =
            parse_post("2024/2024-04-09-minutes.md", b"---\ntitle: Minutes\ndate: sometime in April\n---\n").unwrap();
        assert_eq!(p.published.date_naive().to_string(), "2024-04-09");
        assert!(
            p.warnings.iter().any(|w| w.contains("cannot read \"sometime in April\"") && w.contains("file name")),
            "{:?}",
            p.warnings
        );
    }

    #[test]
    fn an_unreadable_date_falls_back_to_the_title_when_the_file_name_has_none() {
        let p = parse_post(
            "minutes.md",
            b"---\ntitle: 2024-04-09 Minutes of the SCWG\ndate: -001-11-30T00:00:00+00:00\n---\n",
        )
        .unwrap();
        assert_eq!(p.published.date_naive().to_string(), "2024-04-09");
        assert!(p.warnings.iter().any(|w| w.contains("title")), "{:?}", p.warnings);
    }

    #[test]
    fn an_implausible_year_with_nothing_to_fall_back_on_is_an_error_naming_the_line() {
        let err = parse_post("notes/x.md", b"---\ntitle: Notes\ndate: 205-09-29\n---\n").unwrap_err();
        assert!(
            matches!(err, IngestError::BadDate { ref value, line: Some(3), .. } if value == "205-09-29"),
            "{err:?}"
        );
    }

    #[test]
    fn month_names_in_the_date_are_read() {
        let p = parse_post("x.md", b"---\ntitle: T\ndate: 2024-April-09 16:00 UTC\n---\n").unwrap();
        assert_eq!(p.published.to_rfc3339(), "2024-04-09T16:00:00+00:00");
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    }

    #[test]
    fn publish_date_stands_in_for_a_missing_date() {
        let p = parse_post("x.md", b"---\ntitle: T\npublishDate: 2024-04-09\n---\n").unwrap();
        assert_eq!(p.published.date_naive().to_string(), "2024-04-09");
    }

    #[test]
    fn a_draft_is_imported_with_a_warning() {
        let p = parse_post("x.md", b"---\ntitle: T\ndate: 2021-01-01\ndraft: true\n---\n").unwrap();
        assert!(p.draft);
        assert!(p.warnings.iter().any(|w| w.contains("draft")));
    }
}
