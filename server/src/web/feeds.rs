//! RSS 2.0 and Atom 1.0 feeds for subscribers: minutes (all, or one working group), ballot stage
//! changes (all, one group, one ballot). Absolute links come from the configured public URL; entry
//! ids are the record's permalink (plus the stage, for ballots), so re-imports never duplicate
//! entries. Responses carry an ETag and Last-Modified and answer conditional requests with 304.

use super::conditional::conditional;
use super::error::HttpError;
use super::state::AppState;
use crate::ingest::assemble::Assembled;
use app::domain::ballot::{effective_at, timeline_at};
use app::domain::deadline::{self, format_instant};
use app::domain::{BallotId, Instant, Stage, WorkingGroup};
use app::error::AppError;
use app::model::MinutesDetail;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;

/// A feed before it is written as RSS or Atom.
#[derive(Debug, Clone)]
pub struct Feed {
    pub title: String,
    pub description: String,
    /// The page the feed mirrors.
    pub link: String,
    /// The feed's own URL (without extension; `.xml`/`.atom` is added per format).
    pub self_base: String,
    pub entries: Vec<Entry>,
    /// RFC 5005 paging: (`rel`, query string) for `first`, `previous`, `next`, `last`, and the
    /// query of this page for the self link ("" for the first page at the default size).
    pub paging: Vec<(&'static str, String)>,
    pub self_query: String,
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub id: String,
    pub title: String,
    pub link: String,
    pub date: Instant,
    pub summary: String,
    /// Sanitised HTML.
    pub content_html: Option<String>,
    pub category: Option<String>,
}

impl Feed {
    pub fn updated(&self) -> Option<Instant> {
        self.entries.iter().map(|e| e.date).max()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Rss,
    Atom,
}

impl Format {
    fn content_type(self) -> &'static str {
        match self {
            Format::Rss => "application/rss+xml; charset=utf-8",
            Format::Atom => "application/atom+xml; charset=utf-8",
        }
    }

    fn ext(self) -> &'static str {
        match self {
            Format::Rss => "xml",
            Format::Atom => "atom",
        }
    }
}

/// Escapes text for XML element content and attribute values.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 forbids (control characters pasted from office tools, and the
            // non-characters U+FFFE and U+FFFF).
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            '\u{fffe}' | '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

pub fn rss(feed: &Feed) -> String {
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n");
    x += &format!(
        "<title>{}</title>\n<link>{}</link>\n<description>{}</description>\n",
        xml_escape(&feed.title),
        xml_escape(&feed.link),
        xml_escape(&feed.description)
    );
    x += &format!(
        "<atom:link href=\"{}.xml{}\" rel=\"self\" type=\"application/rss+xml\"/>\n",
        xml_escape(&feed.self_base),
        xml_escape(&feed.self_query)
    );
    for (rel, query) in &feed.paging {
        x += &format!(
            "<atom:link href=\"{}.xml{}\" rel=\"{rel}\" type=\"application/rss+xml\"/>\n",
            xml_escape(&feed.self_base),
            xml_escape(query)
        );
    }
    x += "<generator>Quorum</generator>\n<language>en</language>\n";
    if let Some(updated) = feed.updated() {
        x += &format!("<lastBuildDate>{}</lastBuildDate>\n", updated.to_rfc2822());
    }
    for e in &feed.entries {
        x += "<item>\n";
        x += &format!("<title>{}</title>\n<link>{}</link>\n", xml_escape(&e.title), xml_escape(&e.link));
        x += &format!(
            "<guid isPermaLink=\"false\">{}</guid>\n<pubDate>{}</pubDate>\n",
            xml_escape(&e.id),
            e.date.to_rfc2822()
        );
        if let Some(c) = &e.category {
            x += &format!("<category>{}</category>\n", xml_escape(c));
        }
        let body = e.content_html.clone().unwrap_or_else(|| format!("<p>{}</p>", xml_escape(&e.summary)));
        x += &format!("<description>{}</description>\n", xml_escape(&body));
        x += "</item>\n";
    }
    x += "</channel>\n</rss>\n";
    x
}

pub fn atom(feed: &Feed) -> String {
    let mut x =
        String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    x += &format!(
        "<title>{}</title>\n<subtitle>{}</subtitle>\n",
        xml_escape(&feed.title),
        xml_escape(&feed.description)
    );
    x += &format!("<id>{}.atom</id>\n", xml_escape(&feed.self_base));
    x += &format!(
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"{}.atom{}\"/>\n",
        xml_escape(&feed.self_base),
        xml_escape(&feed.self_query)
    );
    for (rel, query) in &feed.paging {
        x += &format!(
            "<link rel=\"{rel}\" type=\"application/atom+xml\" href=\"{}.atom{}\"/>\n",
            xml_escape(&feed.self_base),
            xml_escape(query)
        );
    }
    x += &format!("<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n", xml_escape(&feed.link));
    // Atom requires a feed-level date; an empty feed is as old as the epoch.
    let updated = feed.updated().map(|u| u.to_rfc3339()).unwrap_or_else(|| "1970-01-01T00:00:00+00:00".into());
    x +=
        &format!("<updated>{updated}</updated>\n<author><name>Quorum</name></author>\n<generator>Quorum</generator>\n");
    for e in &feed.entries {
        x += "<entry>\n";
        x += &format!("<title>{}</title>\n<id>{}</id>\n", xml_escape(&e.title), xml_escape(&e.id));
        x += &format!("<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n", xml_escape(&e.link));
        x += &format!("<published>{0}</published>\n<updated>{0}</updated>\n", e.date.to_rfc3339());
        if let Some(c) = &e.category {
            x += &format!("<category term=\"{}\"/>\n", xml_escape(c));
        }
        x += &format!("<summary>{}</summary>\n", xml_escape(&e.summary));
        if let Some(html) = &e.content_html {
            x += &format!("<content type=\"html\">{}</content>\n", xml_escape(html));
        }
        x += "</entry>\n";
    }
    x += "</feed>\n";
    x
}

// ---------------------------------------------------------------- feed contents

fn public(state: &AppState) -> &str {
    &state.site.public_url
}

/// Minutes as feed entries, newest publication first (what a subscriber has not seen comes first).
pub fn minutes_feed(base: &str, minutes: &[MinutesDetail], wg: Option<&WorkingGroup>) -> Feed {
    let list: Vec<&MinutesDetail> = minutes.iter().filter(|m| wg.map(|w| &m.summary.wg == w).unwrap_or(true)).collect();
    let (title, self_base) = match wg {
        Some(w) => (format!("Quorum — {} minutes", w.name()), format!("{base}/feeds/{}/minutes", w.slug())),
        None => ("Quorum — minutes".to_string(), format!("{base}/feeds/minutes")),
    };
    let mut entries: Vec<Entry> = list
        .iter()
        .map(|m| {
            let link = format!("{base}/minutes/{}", m.summary.slug);
            let published =
                chrono::DateTime::parse_from_rfc3339(&m.published).unwrap_or_else(|_| midnight(m.summary.meeting_date));
            let mut summary = format!("{} meeting of {}", m.summary.meeting_date, m.summary.wg.name());
            if !m.summary.ballot_ids.is_empty() {
                summary += &format!(
                    "; ballots discussed: {}",
                    m.summary.ballot_ids.iter().map(|b| b.to_string()).collect::<Vec<_>>().join(", ")
                );
            }
            if let Some(next) = m.next_meeting {
                summary += &format!("; next meeting {next}");
            }
            let content_html = Some(crate::ingest::markdown::with_absolute_urls(&m.html, &link));
            Entry {
                id: link.clone(),
                title: m.summary.title.clone(),
                link,
                date: published,
                summary,
                content_html,
                category: Some(m.summary.wg.short()),
            }
        })
        .collect();
    entries.sort_by(|a, b| b.date.cmp(&a.date).then(a.id.cmp(&b.id)));
    Feed {
        title,
        description: "Meeting minutes of the working groups, as published.".into(),
        link: match wg {
            Some(w) => format!("{base}/minutes?wg={}", w.slug()),
            None => format!("{base}/minutes"),
        },
        self_base,
        entries,
        paging: Vec::new(),
        self_query: String::new(),
    }
}

fn midnight(d: chrono::NaiveDate) -> Instant {
    d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc().fixed_offset()
}

/// One entry per dated stage change of each ballot, newest first.
pub fn ballots_feed(
    base: &str,
    ballots: &[Assembled],
    now: Instant,
    wg: Option<&WorkingGroup>,
    one: Option<&BallotId>,
) -> Feed {
    let mut entries = Vec::new();
    for a in ballots
        .iter()
        .filter(|a| wg.map(|w| &a.wg == w).unwrap_or(true))
        .filter(|a| one.map(|id| &a.history.id == id).unwrap_or(true))
    {
        let (b, _) = crate::read::rebuilt(a);
        let id = &a.history.id;
        let link = format!("{base}/ballots/{id}");
        for step in timeline_at(&b, now) {
            let Some(at) = step.at else { continue };
            if step.stage == Stage::Draft || at > now {
                continue;
            }
            let (title, summary) = stage_words(&b, step.stage, now);
            entries.push(Entry {
                id: format!("{link}#stage-{}", step.stage.as_str()),
                title: format!("{id} {title}"),
                link: link.clone(),
                date: at,
                summary: format!("{id} — {}. {summary}", a.history.title),
                content_html: None,
                category: Some(a.wg.short()),
            });
        }
    }
    entries.sort_by(|a, b| b.date.cmp(&a.date).then(a.id.cmp(&b.id)));
    let (title, self_base, page) = match (one, wg) {
        (Some(id), _) => {
            (format!("Quorum — ballot {id}"), format!("{base}/ballots/{id}/feed"), format!("{base}/ballots/{id}"))
        }
        (None, Some(w)) => (
            format!("Quorum — {} ballots", w.name()),
            format!("{base}/feeds/{}/ballots", w.slug()),
            format!("{base}/ballots?wg={}", w.slug()),
        ),
        (None, None) => ("Quorum — ballots".to_string(), format!("{base}/feeds/ballots"), format!("{base}/ballots")),
    };
    Feed {
        title,
        description: "Ballot stage changes: discussion, voting, IPR review, results.".into(),
        link: page,
        self_base,
        entries,
        paging: Vec::new(),
        self_query: String::new(),
    }
}

/// "entered IPR review, ends 2021-11-03" and a sentence of detail.
fn stage_words(b: &app::domain::Ballot, stage: Stage, now: Instant) -> (String, String) {
    let day = |t: Instant| t.date_naive().to_string();
    match stage {
        Stage::Discussion => (
            "entered discussion".into(),
            b.discussion_min_end().map(|e| format!("Discussion may end {}.", format_instant(e))).unwrap_or_default(),
        ),
        Stage::Voting => (
            match b.voting_end {
                Some(end) => format!("entered voting, ends {}", day(end)),
                None => "entered voting".into(),
            },
            b.voting_end
                .map(|e| {
                    format!(
                        "Voting ends {}; results due by {}.",
                        format_instant(e),
                        format_instant(deadline::results_due(e))
                    )
                })
                .unwrap_or_default(),
        ),
        Stage::Review => (
            match &b.review {
                Some(r) => format!("entered IPR review, ends {}", day(r.end)),
                None => "entered IPR review".into(),
            },
            b.tally().explanation,
        ),
        Stage::Passed => (
            match effective_at(b, now) {
                Some(e) => format!("passed, effective {e}"),
                None => "passed".into(),
            },
            b.tally().explanation,
        ),
        Stage::Failed => ("failed".into(), b.tally().explanation),
        Stage::Withdrawn => ("was withdrawn".into(), String::new()),
        Stage::Cancelled => ("was cancelled".into(), String::new()),
        Stage::Expired => {
            ("expired without a vote".into(), "90 days passed after the last version without a vote.".into())
        }
        Stage::Rescinded => ("was rescinded by an exclusion notice".into(), String::new()),
        Stage::Draft => ("was drafted".into(), String::new()),
        Stage::Unknown => ("finished voting; no result has been recorded".into(), String::new()),
    }
}

/// Entries per feed page unless `?limit=` says otherwise.
pub const DEFAULT_LIMIT: usize = 50;
/// The most entries one page may ask for.
pub const MAX_LIMIT: usize = 500;
/// Entry content (HTML) one page carries in all; entries past it carry their summary and link,
/// so that a feed stays a few hundred kilobytes however long the minutes are.
pub const CONTENT_BUDGET: usize = 200_000;

/// Which page of a feed a reader asks for: `?limit=` (1–500, default 50) and `?page=` (from 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    pub limit: usize,
    pub page: usize,
}

impl PageRequest {
    /// Reads `limit` and `page` from a query string's pairs; other parameters are left alone
    /// (feed readers add their own). Errors name the parameter and what it takes.
    pub fn parse(query: &std::collections::HashMap<String, String>) -> Result<PageRequest, AppError> {
        let number = |name: &str, default: usize, max: usize| -> Result<usize, AppError> {
            match query.get(name).map(|v| v.trim()).filter(|v| !v.is_empty()) {
                None => Ok(default),
                Some(v) => v.parse::<usize>().ok().filter(|n| (1..=max).contains(n)).ok_or_else(|| {
                    AppError::BadRequest(format!("\"{name}\" takes a whole number from 1 to {max}, not \"{v}\"."))
                }),
            }
        };
        Ok(PageRequest { limit: number("limit", DEFAULT_LIMIT, MAX_LIMIT)?, page: number("page", 1, 1_000_000)? })
    }

    fn query(self, page: usize) -> String {
        let mut parts = Vec::new();
        if page > 1 {
            parts.push(format!("page={page}"));
        }
        if self.limit != DEFAULT_LIMIT {
            parts.push(format!("limit={}", self.limit));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }
}

/// One page of `feed` (entries newest first), with RFC 5005 paging links and entry content
/// within [`CONTENT_BUDGET`].
pub fn paginate(mut feed: Feed, request: PageRequest) -> Feed {
    let total = feed.entries.len();
    let pages = total.div_ceil(request.limit).max(1);
    let page = request.page.min(pages);
    feed.entries = feed.entries.into_iter().skip((page - 1) * request.limit).take(request.limit).collect();
    let mut spent = 0;
    for e in &mut feed.entries {
        if let Some(html) = &e.content_html {
            if spent + html.len() > CONTENT_BUDGET {
                e.content_html = None;
                e.summary += " (The full text is on the page.)";
            } else {
                spent += html.len();
            }
        }
    }
    feed.self_query = request.query(page);
    if pages > 1 {
        feed.paging.push(("first", request.query(1)));
        if page > 1 {
            feed.paging.push(("previous", request.query(page - 1)));
        }
        if page < pages {
            feed.paging.push(("next", request.query(page + 1)));
        }
        feed.paging.push(("last", request.query(pages)));
    }
    feed
}

fn respond(headers: &HeaderMap, feed: &Feed, format: Format, data_changed: Option<Instant>) -> Response {
    let body = match format {
        Format::Rss => rss(feed),
        Format::Atom => atom(feed),
    };
    let last = [feed.updated(), data_changed].into_iter().flatten().max();
    conditional(headers, format.content_type(), body, last)
}

fn wg_from_path(wg: &str) -> Result<WorkingGroup, HttpError> {
    match WorkingGroup::parse_filter(Some(wg)) {
        Ok(Some(w)) => Ok(w),
        _ => Err(AppError::NotFound(format!(
            "There is no feed for a working group called \"{wg}\" (try scwg, cscwg, smcwg, netsec or forum)."
        ))
        .into()),
    }
}

/// "minutes.xml" → (Format::Rss), "minutes.atom" → (Format::Atom).
fn format_of(file: &str, stem: &str) -> Result<Format, HttpError> {
    for f in [Format::Rss, Format::Atom] {
        if file == format!("{stem}.{}", f.ext()) {
            return Ok(f);
        }
    }
    Err(AppError::NotFound(format!("No feed is called \"{file}\".")).into())
}

type FeedQuery = axum::extract::Query<std::collections::HashMap<String, String>>;

pub async fn all(
    State(state): State<AppState>,
    Path(file): Path<String>,
    axum::extract::Query(query): FeedQuery,
    headers: HeaderMap,
) -> Result<Response, HttpError> {
    let page = PageRequest::parse(&query)?;
    let now = (state.clock)();
    let changed = state.store.last_change().await?;
    if let Ok(format) = format_of(&file, "minutes") {
        let minutes = state.store.all_minutes(now).await?;
        let feed = paginate(minutes_feed(public(&state), &minutes, None), page);
        return Ok(respond(&headers, &feed, format, changed));
    }
    let format = format_of(&file, "ballots")?;
    let ballots = state.store.ballots().await?;
    let feed = paginate(ballots_feed(public(&state), &ballots, now, None, None), page);
    Ok(respond(&headers, &feed, format, changed))
}

pub async fn per_group(
    State(state): State<AppState>,
    Path((wg, file)): Path<(String, String)>,
    axum::extract::Query(query): FeedQuery,
    headers: HeaderMap,
) -> Result<Response, HttpError> {
    let wg = wg_from_path(&wg)?;
    let now = (state.clock)();
    let changed = state.store.last_change().await?;
    if file == "calendar.ics" {
        return super::calendar::respond_for(&state, Some(&wg), &headers).await;
    }
    let page = PageRequest::parse(&query)?;
    if let Ok(format) = format_of(&file, "minutes") {
        let minutes = state.store.all_minutes(now).await?;
        let feed = paginate(minutes_feed(public(&state), &minutes, Some(&wg)), page);
        return Ok(respond(&headers, &feed, format, changed));
    }
    let format = format_of(&file, "ballots")?;
    let ballots = state.store.ballots().await?;
    let feed = paginate(ballots_feed(public(&state), &ballots, now, Some(&wg), None), page);
    Ok(respond(&headers, &feed, format, changed))
}

pub async fn one_ballot(
    State(state): State<AppState>,
    Path((id, file)): Path<(String, String)>,
    axum::extract::Query(query): FeedQuery,
    headers: HeaderMap,
) -> Result<Response, HttpError> {
    let format = format_of(&file, "feed")?;
    let page = PageRequest::parse(&query)?;
    let id: BallotId = id.parse().map_err(|e: app::domain::IdError| AppError::NotFound(e.to_string()))?;
    let Some(a) = state.store.ballot(&id).await? else {
        return Err(AppError::NotFound(format!("No imported post describes ballot {id}.")).into());
    };
    let changed = state.store.last_change().await?;
    let feed = paginate(ballots_feed(public(&state), std::slice::from_ref(&a), (state.clock)(), None, Some(&id)), page);
    Ok(respond(&headers, &feed, format, changed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escaping_covers_markup_quotes_and_forbidden_control_characters() {
        assert_eq!(xml_escape("a<b>&\"c'\u{0001}"), "a&lt;b&gt;&amp;&quot;c&apos;");
    }

    #[test]
    fn an_empty_feed_is_still_a_valid_document() {
        let f = Feed {
            title: "T".into(),
            description: "D".into(),
            link: "http://x/".into(),
            self_base: "http://x/feeds/minutes".into(),
            entries: vec![],
            paging: vec![],
            self_query: String::new(),
        };
        assert!(atom(&f).contains("<updated>1970-01-01T00:00:00+00:00</updated>"));
        assert!(rss(&f).contains("<atom:link href=\"http://x/feeds/minutes.xml\" rel=\"self\""));
    }

    fn entries(n: usize, content: usize) -> Feed {
        let t = chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z").unwrap();
        Feed {
            title: "T".into(),
            description: "D".into(),
            link: "http://x/minutes".into(),
            self_base: "http://x/feeds/minutes".into(),
            entries: (0..n)
                .map(|i| Entry {
                    id: format!("e{i}"),
                    title: format!("E{i}"),
                    link: format!("http://x/minutes/e{i}"),
                    date: t,
                    summary: "S".into(),
                    content_html: Some("x".repeat(content)),
                    category: None,
                })
                .collect(),
            paging: vec![],
            self_query: String::new(),
        }
    }

    fn request(pairs: &[(&str, &str)]) -> Result<PageRequest, AppError> {
        PageRequest::parse(&pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
    }

    #[test]
    fn a_feed_page_holds_fifty_entries_unless_asked_for_up_to_five_hundred() {
        assert_eq!(request(&[]).unwrap(), PageRequest { limit: 50, page: 1 });
        assert_eq!(request(&[("limit", "500"), ("page", "3"), ("utm_source", "x")]).unwrap().limit, 500);
        for bad in [("limit", "0"), ("limit", "501"), ("limit", "ten"), ("page", "0"), ("page", "-1")] {
            let e = request(&[bad]).unwrap_err();
            assert_eq!(e.status(), 400, "{bad:?}");
            assert!(e.message().contains(bad.0), "{e}");
        }
    }

    #[test]
    fn pages_link_to_the_first_previous_next_and_last_as_rfc_5005_says() {
        let p = paginate(entries(120, 10), request(&[]).unwrap());
        assert_eq!(p.entries.len(), 50);
        assert_eq!(p.paging, vec![("first", String::new()), ("next", "?page=2".into()), ("last", "?page=3".into())]);
        let p2 = paginate(entries(120, 10), request(&[("page", "2"), ("limit", "50")]).unwrap());
        assert_eq!(p2.entries[0].id, "e50");
        assert_eq!(p2.self_query, "?page=2");
        assert_eq!(
            p2.paging,
            vec![
                ("first", String::new()),
                ("previous", String::new()),
                ("next", "?page=3".into()),
                ("last", "?page=3".into())
            ]
        );
        let small = paginate(entries(120, 10), request(&[("limit", "100"), ("page", "2")]).unwrap());
        assert_eq!(small.entries.len(), 20);
        assert_eq!(small.paging[1], ("previous", "?limit=100".to_string()));
        let one = paginate(entries(3, 10), request(&[]).unwrap());
        assert!(one.paging.is_empty(), "a feed of one page has no paging links");
        let atom_text = atom(&p2);
        assert!(
            atom_text.contains(
                "<link rel=\"next\" type=\"application/atom+xml\" href=\"http://x/feeds/minutes.atom?page=3\"/>"
            ),
            "{atom_text}"
        );
        let rss_text = rss(&p2);
        assert!(rss_text.contains("<atom:link href=\"http://x/feeds/minutes.xml?page=3\" rel=\"next\""), "{rss_text}");
    }

    #[test]
    fn entry_content_stops_at_the_budget_and_later_entries_carry_their_summary() {
        let p = paginate(entries(50, 30_000), request(&[]).unwrap());
        let with_content = p.entries.iter().filter(|e| e.content_html.is_some()).count();
        assert_eq!(with_content, CONTENT_BUDGET / 30_000);
        assert!(p.entries.last().unwrap().summary.ends_with("(The full text is on the page.)"));
        assert!(rss(&p).len() < 300_000);
    }
}
