//! Minutes as a chair writes them in Quorum, turned into the group's Hugo post (front matter as
//! the real posts have it: author, date, tags, title, type; then the attendee list, the
//! minute-taker and the body), and the preview: the post read through the same pipeline as every
//! imported post, so what the chair sees is what readers will see and what Quorum will extract.
//!
//! Pure: values in, text and values out.

use crate::ingest::post::parse_post;
use app::domain::{Instant, WorkingGroup};
use chrono::NaiveDate;

pub use app::model::{FieldError, MinutesForm, MinutesPreview as Preview};

/// The form read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedMinutes {
    pub wg: WorkingGroup,
    pub date: NaiveDate,
    pub attendees: Vec<(String, Option<String>)>,
    pub minute_taker: Option<String>,
    pub body: String,
}

/// "Name (Organisation)" or "Name", one a line; blank lines skipped.
fn attendee_lines(text: &str) -> Vec<(String, Option<String>)> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| match l.split_once('(') {
            Some((name, org)) => {
                (name.trim().to_string(), Some(org.trim_end_matches(')').trim().to_string()).filter(|o| !o.is_empty()))
            }
            None => (l.to_string(), None),
        })
        .collect()
}

/// Checks the form; every problem at once, each naming its field.
pub fn check(form: &MinutesForm) -> Result<CheckedMinutes, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut err = |field: &str, message: String| errors.push(FieldError { field: field.into(), message });
    let wg = form.wg.parse::<WorkingGroup>().ok().filter(|w| WorkingGroup::KNOWN.contains(w));
    if wg.is_none() {
        err("wg", "choose the working group whose meeting this was".into());
    }
    let date = form.meeting_date.trim().parse::<NaiveDate>().ok();
    if date.is_none() {
        err("meeting_date", "give the meeting date as YYYY-MM-DD".into());
    }
    let attendees = attendee_lines(&form.attendees);
    if attendees.is_empty() {
        err("attendees", "list who attended, one person a line (\"Name (Organisation)\")".into());
    }
    if let Some((name, _)) = attendees.iter().find(|(n, _)| n.is_empty() || n.contains(['<', '>', '[', ']'])) {
        err("attendees", format!("\"{name}\" is not a name"));
    }
    if form.body.trim().is_empty() {
        err("body", "write the minutes".into());
    }
    if form.body.len() > 1_000_000 {
        err("body", "the minutes are longer than 1 MB".into());
    }
    match (wg, date) {
        (Some(wg), Some(date)) if errors.is_empty() => Ok(CheckedMinutes {
            wg,
            date,
            attendees,
            minute_taker: Some(form.minute_taker.trim().to_string()).filter(|t| !t.is_empty()),
            body: form.body.replace("\r\n", "\n").trim().to_string(),
        }),
        _ => Err(errors),
    }
}

/// The title the group's minutes have: "2026-05-07 Minutes of the Server Certificate Working Group".
pub fn title(m: &CheckedMinutes) -> String {
    match m.wg {
        WorkingGroup::Forum => format!("{} Minutes of the Forum Teleconference", m.date),
        ref wg => format!("{} Minutes of the {}", m.date, wg.name()),
    }
}

/// Where the post goes in the content tree: "posts/2026/2026-05-07-minutes-of-the-server-certificate-working-group.md".
pub fn path(m: &CheckedMinutes) -> String {
    format!("posts/{}/{}.md", m.date.format("%Y"), app::domain::ids::slugify(&title(m)))
}

/// The tag the group's Hugo posts carry ("Code Signing" for the CSCWG).
pub fn hugo_tag(wg: &WorkingGroup) -> &'static str {
    match wg {
        WorkingGroup::Scwg => "Server Certificates",
        WorkingGroup::Cscwg => "Code Signing",
        WorkingGroup::Smcwg => "S/MIME",
        WorkingGroup::Netsec => "Network Security",
        _ => "Forum",
    }
}

/// `text` as a single-quoted YAML scalar (quotes doubled), for front matter.
pub fn yaml_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// The Hugo post of the minutes.
pub fn hugo_post(m: &CheckedMinutes, author: &str, published: Instant) -> String {
    let tag = hugo_tag(&m.wg);
    let yaml = yaml_quoted;
    let mut out = format!(
        "---\nauthor: {}\ndate: {}\ntags:\n  - Minutes\n  - {tag}\ntitle: {}\ntype: post\n---\n\n",
        yaml(author),
        published.with_timezone(&chrono::Utc).format("%Y-%m-%d %H:%M:%S"),
        yaml(&title(m))
    );
    out.push_str("## Attendees\n\n");
    let list: Vec<String> = m
        .attendees
        .iter()
        .map(|(name, org)| match org {
            Some(o) => format!("{name} ({o})"),
            None => name.clone(),
        })
        .collect();
    out.push_str(&list.join(", "));
    out.push_str("\n\n## Minutes\n\n");
    if let Some(taker) = &m.minute_taker {
        out.push_str(&format!("Minute-taker: {taker}\n\n"));
    }
    out.push_str(&m.body);
    out.push('\n');
    out
}

/// The preview of a form: its field errors, or the post as readers will see it.
pub fn preview(form: &MinutesForm, author: &str, now: Instant) -> Preview {
    // While fields are missing the body is still shown, under a stand-in group and date, so the
    // chair sees the minutes take shape; the errors say what publishing still needs.
    let (m, errors) = match check(form) {
        Ok(m) => (m, Vec::new()),
        Err(errors) if form.body.trim().is_empty() || form.body.len() > 1_000_000 => {
            return Preview { errors, ..Preview::default() }
        }
        Err(errors) => {
            let wg = form.wg.parse::<WorkingGroup>().ok().filter(|w| WorkingGroup::KNOWN.contains(w));
            let m = CheckedMinutes {
                wg: wg.unwrap_or(WorkingGroup::Forum),
                date: form.meeting_date.trim().parse().unwrap_or_else(|_| now.date_naive()),
                attendees: attendee_lines(&form.attendees),
                minute_taker: Some(form.minute_taker.trim().to_string()).filter(|t| !t.is_empty()),
                body: form.body.replace("\r\n", "\n").trim().to_string(),
            };
            (m, errors)
        }
    };
    let complete = errors.is_empty();
    let text = hugo_post(&m, author, now);
    match parse_post(&path(&m), text.as_bytes()) {
        Ok(post) => {
            let Some(extracted) = post.minutes.clone() else {
                return Preview {
                    errors: vec![FieldError {
                        field: "body".into(),
                        message: "the post would not read as minutes".into(),
                    }],
                    ..Preview::default()
                };
            };
            Preview {
                title: if complete { post.title.clone() } else { String::new() },
                path: if complete { path(&m) } else { String::new() },
                html: post.rendered.html.clone(),
                attendees: extracted
                    .attendees
                    .iter()
                    .map(|a| match &a.org {
                        Some(o) => format!("{} ({o})", a.name),
                        None => a.name.clone(),
                    })
                    .collect(),
                minute_taker: extracted.minute_taker.clone(),
                ballot_refs: {
                    let mut ids: Vec<String> = Vec::new();
                    for r in &extracted.ballot_refs {
                        let id = r.id.to_string();
                        if !ids.contains(&id) {
                            ids.push(id);
                        }
                    }
                    ids
                },
                action_items: extracted
                    .action_items
                    .iter()
                    .map(|a| (a.owner.clone(), a.text.clone(), a.suggested))
                    .collect(),
                next_meeting: extracted.next_meeting.map(|d| d.to_string()),
                warnings: post.warnings.clone(),
                errors,
            }
        }
        Err(e) => {
            Preview { errors: vec![FieldError { field: "body".into(), message: e.to_string() }], ..Preview::default() }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> MinutesForm {
        MinutesForm {
            wg: "cscwg".into(),
            meeting_date: "2026-12-03".into(),
            attendees: "Dean Chair (DigiCert)\nCarla Mendes (Acme CA)\n\nLucas Moreau".into(),
            minute_taker: "Carla Mendes".into(),
            body: "Ballot CSC-31 was discussed.\r\n\r\nCarla will circulate the redline.\r\n\r\nNext call: December 17, 2026.".into(),
        }
    }

    #[test]
    fn every_missing_field_is_named_at_once() {
        let errors = check(&MinutesForm { wg: "bogus".into(), ..MinutesForm::default() }).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["wg", "meeting_date", "attendees", "body"]);
    }

    #[test]
    fn the_preview_shows_what_quorum_will_read_from_the_post() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-12-03T18:00:00Z").unwrap();
        let p = preview(&form(), "Dean Chair", now);
        assert_eq!(p.errors, vec![]);
        assert_eq!(p.title, "2026-12-03 Minutes of the Code Signing Certificate Working Group");
        assert_eq!(p.attendees, ["Dean Chair (DigiCert)", "Carla Mendes (Acme CA)", "Lucas Moreau"]);
        assert_eq!(p.minute_taker.as_deref(), Some("Carla Mendes"));
        assert_eq!(p.ballot_refs, ["CSC-31"]);
        assert_eq!(p.action_items.len(), 1, "{:?}", p.action_items);
        assert!(p.action_items[0].2, "read from prose, so suggested");
        assert_eq!(p.next_meeting.as_deref(), Some("2026-12-17"));
        assert!(p.html.contains("<p>Ballot CSC-31 was discussed.</p>"), "{}", p.html);
    }

    #[test]
    fn hostile_text_in_the_body_is_sanitised_in_the_preview_as_on_the_page() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-12-03T18:00:00Z").unwrap();
        let f = MinutesForm { body: "Hi <script>alert(1)</script><img src=x onerror=alert(2)>".into(), ..form() };
        let p = preview(&f, "Dean Chair", now);
        assert!(!p.html.contains("<script") && !p.html.contains("onerror"), "{}", p.html);
    }

    #[test]
    fn the_path_and_title_follow_the_groups_posts() {
        let m = check(&form()).unwrap();
        assert_eq!(path(&m), "posts/2026/2026-12-03-minutes-of-the-code-signing-certificate-working-group.md");
    }
}
