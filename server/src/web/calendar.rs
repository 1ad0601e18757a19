//! iCalendar (RFC 5545) for calendars: meetings (past ones from minutes, the next one when stated),
//! ballot discussion, voting and review windows, result due dates, and action item due dates.
//! UIDs are derived from the record, so a re-import updates events instead of duplicating them.

use super::conditional::conditional;
use super::error::HttpError;
use super::state::AppState;
use crate::ingest::assemble::Assembled;
use app::domain::deadline;
use app::domain::{Instant, WorkingGroup};
use app::model::MinutesDetail;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use chrono::{Duration, NaiveDate, Utc};
use std::collections::HashSet;

/// One calendar event.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub uid: String,
    pub summary: String,
    pub description: String,
    pub url: String,
    pub when: When,
    pub categories: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum When {
    /// A whole day.
    Day(NaiveDate),
    /// A span between two instants.
    Span(Instant, Instant),
    /// A moment (a deadline).
    At(Instant),
}

/// Escapes a TEXT value (RFC 5545 §3.3.11).
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => out.push_str("\\n"),
            // RFC 5545 §3.3.11: a TEXT value carries no control character but HTAB (text pasted
            // from office tools brings U+001F and friends).
            c if c != '\t' && (c < ' ' || c == '\u{7f}') => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8 character.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3);
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out
}

fn utc(t: Instant) -> String {
    t.with_timezone(&Utc).format("%Y%m%dT%H%M%SZ").to_string()
}

fn day(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// Writes a VCALENDAR. `stamp` is the DTSTAMP of every event: when the data last changed, so an
/// unchanged calendar is byte-for-byte the same (and conditional requests work).
pub fn ics(name: &str, events: &[Event], stamp: Instant) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//Quorum//Working group calendar//EN".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        "METHOD:PUBLISH".to_string(),
        format!("X-WR-CALNAME:{}", escape_text(name)),
    ];
    for e in events {
        lines.push("BEGIN:VEVENT".into());
        lines.push(format!("UID:{}", e.uid));
        lines.push(format!("DTSTAMP:{}", utc(stamp)));
        match &e.when {
            When::Day(d) => {
                lines.push(format!("DTSTART;VALUE=DATE:{}", day(*d)));
                lines.push(format!("DTEND;VALUE=DATE:{}", day(*d + Duration::days(1))));
            }
            When::Span(a, b) => {
                lines.push(format!("DTSTART:{}", utc(*a)));
                lines.push(format!("DTEND:{}", utc(*b.max(a))));
            }
            When::At(t) => lines.push(format!("DTSTART:{}", utc(*t))),
        }
        lines.push(format!("SUMMARY:{}", escape_text(&e.summary)));
        if !e.description.is_empty() {
            lines.push(format!("DESCRIPTION:{}", escape_text(&e.description)));
        }
        lines.push(format!("URL:{}", e.url));
        if !e.categories.is_empty() {
            lines.push(format!(
                "CATEGORIES:{}",
                e.categories.iter().map(|c| escape_text(c)).collect::<Vec<_>>().join(",")
            ));
        }
        lines.push("TRANSP:TRANSPARENT".into());
        lines.push("END:VEVENT".into());
    }
    lines.push("END:VCALENDAR".into());
    lines.iter().map(|l| fold(l)).collect::<Vec<_>>().join("\r\n") + "\r\n"
}

/// Every event for one group (or all), from minutes and ballots.
pub fn events(
    base: &str,
    host: &str,
    minutes: &[MinutesDetail],
    ballots: &[Assembled],
    wg: Option<&WorkingGroup>,
) -> Vec<Event> {
    let mut out = Vec::new();
    let in_group = |w: &WorkingGroup| wg.map(|g| g == w).unwrap_or(true);
    let held: HashSet<(String, NaiveDate)> =
        minutes.iter().map(|m| (m.summary.wg.slug().to_string(), m.summary.meeting_date)).collect();
    for m in minutes.iter().filter(|m| in_group(&m.summary.wg)) {
        let url = format!("{base}/minutes/{}", m.summary.slug);
        out.push(Event {
            uid: format!("meeting-{}@{host}", m.summary.slug),
            summary: format!("{} meeting", m.summary.wg.short()),
            description: format!("{}. Minutes: {url}", m.summary.title),
            url: url.clone(),
            when: When::Day(m.summary.meeting_date),
            categories: vec![m.summary.wg.short(), "Meeting".into()],
        });
        if let Some(next) = m.next_meeting {
            // Announced meetings that later got minutes are already in the calendar.
            if !held.contains(&(m.summary.wg.slug().to_string(), next)) {
                out.push(Event {
                    uid: format!("next-meeting-{}-{next}@{host}", m.summary.wg.slug()),
                    summary: format!("{} meeting (announced)", m.summary.wg.short()),
                    description: format!("Announced in the minutes of {}: {url}", m.summary.meeting_date),
                    url: url.clone(),
                    when: When::Day(next),
                    categories: vec![m.summary.wg.short(), "Meeting".into()],
                });
            }
        }
        for a in m.action_items.iter().filter(|a| a.state.is_pending()) {
            if let Some(due) = a.due {
                out.push(item_event(base, host, &m.summary.wg, m.summary.meeting_date, &m.summary.slug, a, due));
            }
        }
    }
    // Remove duplicate announced meetings (several minutes may announce the same next meeting).
    let mut seen = HashSet::new();
    out.retain(|e| seen.insert(e.uid.clone()));
    for a in ballots.iter().filter(|a| in_group(&a.wg)) {
        let (b, _) = crate::read::rebuilt(a);
        let id = &a.history.id;
        let url = format!("{base}/ballots/{id}");
        let title = &a.history.title;
        let cats = || vec![a.wg.short(), "Ballot".to_string()];
        if let Some(start) = b.discussion_start {
            let end = b.voting_start.or(b.discussion_min_end()).unwrap_or(start);
            out.push(Event {
                uid: format!("{id}-discussion@{host}"),
                summary: format!("{id} discussion"),
                description: format!("{title}. {url}"),
                url: url.clone(),
                when: When::Span(start, end),
                categories: cats(),
            });
        }
        if let (Some(start), Some(end)) = (b.voting_start, b.voting_end) {
            out.push(Event {
                uid: format!("{id}-voting@{host}"),
                summary: format!("{id} voting"),
                description: format!("{title}. Voting is exactly 7 days. {url}"),
                url: url.clone(),
                when: When::Span(start, end),
                categories: cats(),
            });
            out.push(Event {
                uid: format!("{id}-results-due@{host}"),
                summary: format!("{id} results due"),
                description: format!("Results of {id} are due within 3 business days of the vote. {url}"),
                url: url.clone(),
                when: When::At(deadline::results_due(end)),
                categories: cats(),
            });
        }
        if let Some(r) = &b.review {
            out.push(Event {
                uid: format!("{id}-review@{host}"),
                summary: format!("{id} IPR review"),
                description: format!("{title}. {url}"),
                url: url.clone(),
                when: When::Span(r.start, r.end),
                categories: cats(),
            });
        }
    }
    out
}

/// The event of a pending action item on its due date; its UID is the item's, so edits update
/// the event in subscribed calendars.
fn item_event(
    base: &str,
    host: &str,
    wg: &WorkingGroup,
    meeting: NaiveDate,
    slug: &str,
    a: &app::domain::actions::TrackedItem,
    due: NaiveDate,
) -> Event {
    let url = format!("{base}/minutes/{slug}");
    Event {
        uid: format!("action-{}@{host}", a.id),
        summary: format!("Due: {} — {}", a.owner, shorten(&a.text, 80)),
        description: format!("{} (from the {} minutes of {meeting}): {url}", a.text, wg.short()),
        url,
        when: When::Day(due),
        categories: vec![wg.short(), "Action item".into()],
    }
}

fn shorten(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n - 1).collect::<String>() + "…"
    }
}

pub async fn respond_for(
    state: &AppState,
    wg: Option<&WorkingGroup>,
    headers: &HeaderMap,
) -> Result<Response, HttpError> {
    let minutes = state.store.all_minutes((state.clock)()).await?;
    let ballots = state.store.ballots().await?;
    let base = &state.site.public_url;
    let host = base.split("://").nth(1).unwrap_or(base).split('/').next().unwrap_or("quorum").to_string();
    let changed = state.store.last_change().await?.unwrap_or_else(|| chrono::DateTime::UNIX_EPOCH.fixed_offset());
    let name = match wg {
        Some(w) => format!("Quorum — {}", w.name()),
        None => "Quorum — all working groups".to_string(),
    };
    let body = ics(&name, &events(base, &host, &minutes, &ballots, wg), changed);
    Ok(conditional(headers, "text/calendar; charset=utf-8", body, Some(changed)))
}

pub async fn all(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, HttpError> {
    respond_for(&state, None, &headers).await
}

/// GET /calendar/me/{token}.ics: one person's pending action items with due dates, at a secret
/// URL made on their account page (revocable there). An unknown or revoked token, or a disabled
/// account, is a plain 404: the URL is the only credential and says nothing about why.
pub async fn personal(
    State(state): State<AppState>,
    axum::extract::Path(file): axum::extract::Path<String>,
    headers: HeaderMap,
) -> Result<Response, HttpError> {
    let now = (state.clock)();
    let token = file.strip_suffix(".ics").unwrap_or(&file);
    let found =
        state.store.account_for_token(&super::auth::token_hash(token), crate::store::TokenKind::Calendar, now).await?;
    let Some((account, _, _)) = found.filter(|(a, _, _)| !a.disabled) else {
        return Err(app::error::AppError::NotFound("No calendar is at this address.".into()).into());
    };
    let base = &state.site.public_url;
    let host = base.split("://").nth(1).unwrap_or(base).split('/').next().unwrap_or("quorum").to_string();
    let events: Vec<Event> = state
        .store
        .action_item_rows(now)
        .await?
        .into_iter()
        .filter(|r| r.item.state.is_pending() && account.owns(&r.item.owner, r.item.owner_email.as_deref()))
        .filter_map(|r| {
            let due = r.item.due?;
            Some(item_event(base, &host, &r.wg, r.meeting_date, &r.minutes_slug, &r.item, due))
        })
        .collect();
    let changed = state.store.last_change().await?.unwrap_or_else(|| chrono::DateTime::UNIX_EPOCH.fixed_offset());
    let body = ics(&format!("Quorum — action items of {}", account.name), &events, changed);
    let mut response = conditional(&headers, "text/calendar; charset=utf-8", body, Some(changed));
    // A personal calendar is nobody else's: no shared caches.
    response
        .headers_mut()
        .insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("private, no-store"));
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_values_escape_separators_and_newlines() {
        assert_eq!(escape_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn text_values_carry_no_control_characters_but_tabs() {
        assert_eq!(escape_text("a\u{1f}b\u{0}c\u{7f}d\te\r\nf\rg"), "abcd\te\\nfg");
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let line = format!("SUMMARY:{}", "é".repeat(60));
        let folded = fold(&line);
        for part in folded.split("\r\n") {
            assert!(part.len() <= 75, "{} octets", part.len());
        }
        assert_eq!(folded.replace("\r\n ", ""), line);
    }

    #[test]
    fn a_calendar_has_the_required_properties_and_crlf_lines() {
        let t = chrono::DateTime::parse_from_rfc3339("2021-10-07T17:00:00Z").unwrap();
        let e = Event {
            uid: "u@h".into(),
            summary: "S".into(),
            description: String::new(),
            url: "http://h/x".into(),
            when: When::Day(NaiveDate::from_ymd_opt(2021, 10, 7).unwrap()),
            categories: vec![],
        };
        let text = ics("Q", &[e], t);
        assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"));
        assert!(text.contains("DTSTART;VALUE=DATE:20211007\r\nDTEND;VALUE=DATE:20211008\r\n"));
        assert!(text.contains("DTSTAMP:20211007T170000Z\r\n"));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
    }
}
