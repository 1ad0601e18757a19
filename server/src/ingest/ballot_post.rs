//! Reading a ballot's history from its posts: ids and versions, proposer and endorsers, the
//! discussion and voting periods, votes per organisation and category, the stated result and
//! quorum, the IPR review and the effective date. Pure functions over the post's text.
//!
//! Posts from 2021 to 2024 write all of these differently (vote lists as "20 Yes votes: …",
//! "CAs voting in favor (7): …", "19 Issuers voting YES: …" or tables, some with cells run
//! together); the table tests below use snippets of each.

use super::orgs::OrgDictionary;
use super::text::{self, find_instants, time_at_start, FoundInstant, TimeOfDay};
use app::domain::ballot::{BallotKind, Member};
use app::domain::ids::{find_ballot_ids, BallotId};
use app::domain::tally::{Category, Choice, Vote};
use app::domain::Instant;
use chrono::NaiveDate;
use regex::Regex;
use std::sync::OnceLock;

/// What a post says about one ballot.
#[derive(Debug, Clone, PartialEq)]
pub struct BallotFacts {
    pub id: BallotId,
    pub title: String,
    pub kind: BallotKind,
    pub versions: Vec<(u32, Option<Instant>)>,
    pub proposer: Option<Member>,
    pub endorsers: Vec<Member>,
    pub discussion_start: Option<Instant>,
    /// The stated end ("not before …"); the bylaws' minimum is computed by the domain.
    pub discussion_end: Option<Instant>,
    pub voting_start: Option<Instant>,
    pub voting_end: Option<Instant>,
    pub votes: Vec<Vote>,
    /// Counts the post states next to its lists ("20 Yes votes: …"), to check the lists against.
    pub stated_counts: Vec<(Category, Choice, u32)>,
    pub stated_result: Option<StatedResult>,
    pub stated_quorum: Option<u32>,
    pub entered_review: bool,
    pub review_start: Option<Instant>,
    pub review_end: Option<Instant>,
    pub review_days: Option<i64>,
    pub review_result: Option<ReviewResult>,
    pub effective: Option<NaiveDate>,
    pub warnings: Vec<String>,
}

pub use app::domain::history::{ReviewResult, StatedResult};

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("valid pattern"))
}

/// Parses a ballot post. A post announcing several ballots ("Ballots CSC-21 and CSC-22") gives one
/// record per ballot, each from its own section plus the shared preamble.
pub fn parse(title: &str, body: &str, published: NaiveDate, orgs: &OrgDictionary) -> Vec<BallotFacts> {
    let (body, _) = super::markdown::bound(body);
    let body = body.as_ref();
    let mut ids: Vec<(BallotId, Option<u32>)> = Vec::new();
    for m in ids_in(&title.replace(['–', '—'], "-"), published).into_iter().chain(spaced_ids(title)) {
        if !ids.iter().any(|(id, _)| *id == m.0) {
            ids.push(m);
        }
    }
    if ids.is_empty() {
        // No id in the title: take the first one the text names.
        if let Some(m) = ids_in(body, published).into_iter().next() {
            ids.push(m);
        }
    }
    let sections = split_sections(body, &ids.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>(), published);
    ids.into_iter()
        .zip(sections)
        .map(|((id, version), text)| facts(&id, version, title, &text, published, orgs))
        .collect()
}

/// The ballot ids a ballot post's text names, with versions; a bare "Ballot 157" is read as the
/// Forum's legacy ballot before July 2018 (see [`app::domain::ids::BallotMention::resolve`]).
fn ids_in(text: &str, published: NaiveDate) -> Vec<(BallotId, Option<u32>)> {
    find_ballot_ids(text).into_iter().map(|m| (m.resolve(None, published), m.version)).collect()
}

/// Ids written with a space ("Ballot FORUM 20v2") which the running-text scanner skips for Forum.
fn spaced_ids(title: &str) -> Vec<(BallotId, Option<u32>)> {
    static SPACED: OnceLock<Regex> = OnceLock::new();
    let spaced = re(&SPACED, r"(?i)\b(forum|sc|csc|smc|ns)\s+0*(\d{1,4})(?:\s*v\.?\s*(\d+))?\b");
    spaced
        .captures_iter(title)
        .filter_map(|c| {
            let id: BallotId = format!("{}-{}", &c[1], &c[2]).parse().ok()?;
            Some((id, c.get(3).and_then(|v| v.as_str().parse().ok())))
        })
        .collect()
}

/// The text about each ballot: the preamble (before the first heading naming one of them) plus
/// that ballot's own section.
fn split_sections(body: &str, ids: &[BallotId], published: NaiveDate) -> Vec<String> {
    if ids.len() < 2 {
        return vec![body.to_string(); ids.len()];
    }
    let mut starts: Vec<(usize, usize)> = Vec::new(); // (byte offset, id index)
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        if line.trim_start().starts_with('#') {
            let found = ids_in(line, published);
            if found.len() == 1 {
                if let Some(i) = ids.iter().position(|id| *id == found[0].0) {
                    starts.push((offset, i));
                }
            }
        }
        offset += line.len();
    }
    if starts.is_empty() {
        return vec![body.to_string(); ids.len()];
    }
    let preamble = &body[..starts[0].0];
    (0..ids.len())
        .map(|i| {
            let own: String = starts
                .iter()
                .enumerate()
                .filter(|(_, (_, idx))| *idx == i)
                .map(|(k, (start, _))| {
                    let end = starts.get(k + 1).map(|(s, _)| *s).unwrap_or(body.len());
                    &body[*start..end]
                })
                .collect();
            format!("{preamble}{own}")
        })
        .collect()
}

fn facts(
    id: &BallotId,
    title_version: Option<u32>,
    title: &str,
    text: &str,
    published: NaiveDate,
    orgs: &OrgDictionary,
) -> BallotFacts {
    let blocks = text::blocks(text);
    let plain: String = blocks.iter().map(|b| b.text.as_str()).collect::<Vec<_>>().join("\n");
    let mut warnings = Vec::new();
    let (votes, stated_counts) = votes(text, &blocks, orgs, &mut warnings);
    let (discussion_start, discussion_end, voting_start, voting_end) = periods(&plain, published);
    let (proposer, endorsers) = sponsors(&plain);
    let (review_start, review_end, review_days, entered_review, review_result) = review(&plain, published);
    let title_lower = title.to_lowercase();
    let kind =
        if ["election", "vice-chair", "vice chair", "charter", "creation of"].iter().any(|k| title_lower.contains(k)) {
            BallotKind::Other
        } else {
            BallotKind::Guideline
        };
    let mut f = BallotFacts {
        id: id.clone(),
        title: clean_title(title, id),
        kind,
        versions: versions(id, title_version, &plain, published),
        proposer,
        endorsers,
        discussion_start,
        discussion_end,
        voting_start,
        voting_end,
        votes,
        stated_counts,
        stated_result: stated_result(&plain),
        stated_quorum: stated_quorum(&plain),
        entered_review,
        review_start,
        review_end,
        review_days,
        review_result,
        effective: effective(&plain, published),
        warnings: Vec::new(),
    };
    check_counts(&f, &mut warnings);
    f.warnings = warnings;
    f
}

/// "Ballot CSC-11 – Update to log data retention requirements" → "Update to log data retention
/// requirements"; a title that is only ids keeps the id.
pub fn clean_title(title: &str, id: &BallotId) -> String {
    static LEAD: OnceLock<Regex> = OnceLock::new();
    let lead = re(
        &LEAD,
        r"(?i)^\s*(?:special\s+)?ballots?\s+[a-z]+[\s\-_]?0*\d+(?:\s*v\.?\s*\d+)?(?:\s+and\s+[a-z]+[\s\-_]?\d+)?\s*[:\-–—]?\s*",
    );
    let t = lead.replace(title, "").trim().to_string();
    if t.is_empty() {
        id.to_string()
    } else {
        t
    }
}

fn versions(
    id: &BallotId,
    title_version: Option<u32>,
    plain: &str,
    published: NaiveDate,
) -> Vec<(u32, Option<Instant>)> {
    let mut out: Vec<(u32, Option<Instant>)> = Vec::new();
    let mut add = |n: u32, at: Option<Instant>| match out.iter_mut().find(|(v, _)| *v == n) {
        Some(existing) if existing.1.is_none() => existing.1 = at,
        Some(_) => {}
        None => out.push((n, at)),
    };
    if let Some(v) = title_version {
        add(v, None);
    }
    for (found, version) in ids_in(plain, published) {
        if found == *id {
            if let Some(v) = version {
                add(v, None);
            }
        }
    }
    static POSTED: OnceLock<Regex> = OnceLock::new();
    let posted = re(&POSTED, r"(?i)\bversion\s+(\d+)\s+(?:was\s+)?posted\s*(?:on\s*)?:?\s*(.+)");
    for line in plain.lines() {
        if let Some(c) = posted.captures(line) {
            let n: u32 = c[1].parse().unwrap_or(0);
            let at = find_instants(&c[2], Some(published), None).first().map(|f| f.at);
            if n > 0 {
                add(n, at);
            }
        }
    }
    out.sort_by_key(|(n, _)| *n);
    out
}

// ---------------------------------------------------------------- proposer and endorsers

/// "proposed by Ian McMillan of Microsoft, and endorsed by Dimitris Zacharopoulos (HARICA) and
/// Bruce Morton (Entrust)".
pub fn sponsors(plain: &str) -> (Option<Member>, Vec<Member>) {
    static PROPOSED: OnceLock<Regex> = OnceLock::new();
    let proposed =
        re(&PROPOSED, r"(?is)\bproposed\s+by\s+(.+?)(?:,?\s+and\s+)?(?:endorsed\s+by\s+(.+?))?(?:\.\s|\.$|\n|$)");
    let Some(c) = proposed.captures(plain) else { return (None, Vec::new()) };
    let mut proposer_text = c[1].trim().to_string();
    let mut endorsers_text = c.get(2).map(|m| m.as_str().to_string());
    // The lazy match can stop before "endorsed by" when a comma precedes it.
    if endorsers_text.is_none() {
        if let Some((p, e)) = split_once_ci(&proposer_text, "endorsed by") {
            endorsers_text = Some(e.to_string());
            proposer_text = p.trim_end_matches([',', ' ']).trim_end_matches(" and").to_string();
        }
    }
    let proposer = person(&proposer_text);
    let endorsers =
        endorsers_text.map(|t| split_people(&t).iter().filter_map(|p| person(p)).collect()).unwrap_or_default();
    (proposer, endorsers)
}

fn split_once_ci<'a>(s: &'a str, pat: &str) -> Option<(&'a str, &'a str)> {
    let i = s.to_lowercase().find(pat)?;
    Some((&s[..i], &s[i + pat.len()..]))
}

/// Splits "A of X and B (Y)" / "A of X, B of Y" into people, outside brackets.
fn split_people(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        let rest: String = chars[i..].iter().take(5).collect();
        if depth == 0 && rest.to_lowercase() == " and " {
            out.push(std::mem::take(&mut cur));
            i += 5;
            continue;
        }
        if depth == 0 && c == ',' {
            out.push(std::mem::take(&mut cur));
            i += 1;
            continue;
        }
        cur.push(c);
        i += 1;
    }
    out.push(cur);
    out.into_iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
}

/// "Ian McMillan of Microsoft", "Aaron Gable (ISRG / Let's Encrypt)", "the Server Certificate
/// Working Group Chair Dimitris Zacharopoulos of HARICA", "Bruce Morton".
fn person(text: &str) -> Option<Member> {
    static ROLE: OnceLock<Regex> = OnceLock::new();
    let role = re(&ROLE, r"(?i)^(?:the\s+)?(?:[\w/ ]+?\s+)?(?:chair|vice[- ]chair|convenor)\s+");
    let text = text.trim().trim_end_matches('.');
    let text = role.replace(text, "").to_string();
    let (name, org) = if let Some(open) = text.find('(') {
        let close = text.rfind(')').unwrap_or(text.len());
        (text[..open].trim().to_string(), Some(text[open + 1..close.max(open + 1)].trim().to_string()))
    } else if let Some((n, o)) = text.split_once(" of ") {
        (n.trim().to_string(), Some(o.trim().to_string()))
    } else {
        (text.trim().to_string(), None)
    };
    let words = name.split_whitespace().count();
    ((1..=5).contains(&words) && name.chars().next().map(char::is_uppercase).unwrap_or(false))
        .then(|| Member { name, org: org.filter(|o| !o.is_empty()) })
}

// ---------------------------------------------------------------- periods

/// (discussion start, discussion end, voting start, voting end) from the post's schedule.
pub fn periods(
    plain: &str,
    published: NaiveDate,
) -> (Option<Instant>, Option<Instant>, Option<Instant>, Option<Instant>) {
    static KEY: OnceLock<Regex> = OnceLock::new();
    let key = re(
        &KEY,
        r"(?i)\b(discussion(?:\s+period)?(?:\s*\((?:at least\s+)?7\+?\s*days\))?|(?:expected\s+)?vote\s+for\s+approval|voting\s+period|voting\s*\(7\s*days\))",
    );
    // A header such as "Start time (8:00 UTC)" sets the time of bare dates in a schedule table.
    static HEADER: OnceLock<Regex> = OnceLock::new();
    let header = re(&HEADER, r"(?i)start\s+time\s*\(([^)]*)\)");
    let default_time: Option<TimeOfDay> = header.captures(plain).and_then(|c| time_at_start(&c[1]).map(|(t, _)| t));
    let marks: Vec<(usize, usize, bool)> = key
        .find_iter(plain)
        .map(|m| (m.start(), m.end(), m.as_str().to_lowercase().starts_with("discussion")))
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
        let last_start = tail.rfind("start").or_else(|| tail.rfind("begin"));
        let last_end = tail.rfind("end").or_else(|| tail.rfind("until")).or_else(|| tail.rfind(" to "));
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

// ---------------------------------------------------------------- votes

fn category_of(text: &str) -> Option<Category> {
    let t = text.to_lowercase();
    let issuer = t.contains("issuer") || t.starts_with("cas ") || t.contains(" cas ") || t == "cas";
    let consumer = t.contains("consumer");
    match (issuer, consumer) {
        (true, false) => Some(Category::Issuer),
        (false, true) => Some(Category::Consumer),
        _ => None,
    }
}

fn choice_of(word: &str) -> Option<Choice> {
    let w = word.to_lowercase();
    if w == "yes" || w.contains("favor") || w.contains("favour") {
        Some(Choice::Yes)
    } else if w == "no" || w == "opposed" || w == "against" {
        Some(Choice::No)
    } else if w.starts_with("abstain") || w.starts_with("abstention") {
        Some(Choice::Abstain)
    } else {
        None
    }
}

/// Votes from a results table if the post has one, else from vote lists.
fn votes(
    markdown: &str,
    blocks: &[text::Block],
    orgs: &OrgDictionary,
    warnings: &mut Vec<String>,
) -> (Vec<Vote>, Vec<(Category, Choice, u32)>) {
    let from_table = table_votes(markdown, orgs, warnings);
    if !from_table.is_empty() {
        return (from_table, Vec::new());
    }
    list_votes(blocks, orgs, warnings)
}

/// "20 Yes votes: A, B", "CAs voting in favor (7): A, B", "In Favor: Microsoft",
/// "19 Issuers voting YES: A, B", "0 Abstentions", each under a category heading or line.
fn list_votes(
    blocks: &[text::Block],
    orgs: &OrgDictionary,
    warnings: &mut Vec<String>,
) -> (Vec<Vote>, Vec<(Category, Choice, u32)>) {
    static LINE: OnceLock<Regex> = OnceLock::new();
    let line_re = re(
        &LINE,
        r"(?i)^(?:(\d+)\s+)?(certificate\s+issuers?|issuers?|cas|certificate\s+consumers?|consumers?)?\s*(?:voting\s+)?(yes|no|abstain(?:ing|s)?|abstentions?|in\s+favou?r|opposed|against)\b(?:\s*votes?\s*s?)?\s*(?:\((\d+)\))?\s*(?::\s*(.*))?$",
    );
    static BULLET: OnceLock<Regex> = OnceLock::new();
    let bullet = re(&BULLET, r"^\s*(?:[·•\-–—*o]|\d+\.)\s+");
    let mut votes = Vec::new();
    let mut counts = Vec::new();
    let mut category: Option<Category> = None;
    for b in blocks {
        for raw in b.text.lines() {
            let line = bullet.replace(raw.trim(), "").trim().to_string();
            if let Some(c) = line_re.captures(&line) {
                let cat = c.get(2).and_then(|m| category_of(m.as_str())).or(category);
                let choice =
                    c.get(3).and_then(|m| choice_of(&m.as_str().split_whitespace().collect::<Vec<_>>().join(" ")));
                let n = c.get(1).or(c.get(4)).and_then(|m| m.as_str().parse::<u32>().ok());
                let list = c.get(5).map(|m| m.as_str()).unwrap_or("");
                let (Some(cat), Some(choice)) = (cat, choice) else { continue };
                if n.is_none() && c.get(5).is_none() {
                    continue; // a bare "Yes" (a table header) is not a vote line
                }
                if let Some(n) = n {
                    counts.push((cat, choice, n));
                }
                for org in org_list(list, orgs, warnings) {
                    votes.push(Vote { org, category: cat, choice });
                }
            } else if let Some(cat) = category_of(&line) {
                // A category line ("Certificate Issuers", "Voting by Certificate Consumers – 1 vote
                // total") sets the context; long sentences about the rules do not.
                if line.split_whitespace().count() <= 12 && !line.to_lowercase().contains("bylaw") {
                    category = Some(cat);
                }
            }
        }
    }
    (votes, counts)
}

/// Organisation names from a list cell: comma-separated, "None" for nothing, or run together.
fn org_list(list: &str, orgs: &OrgDictionary, warnings: &mut Vec<String>) -> Vec<String> {
    let mut out = Vec::new();
    for part in list.split([',', ';']) {
        let name = strip_sentence_stop(part.trim()).trim().trim_start_matches("and ").trim();
        if name.is_empty() || name.eq_ignore_ascii_case("none") || name == "-" || name == "–" {
            continue;
        }
        match orgs.split(name) {
            Some(split) => {
                warnings.push(format!(
                    "\"{name}\" was read as {} organisations: {}",
                    split.names.len(),
                    split.names.join(", ")
                ));
                if !split.unknown.is_empty() {
                    warnings.push(format!(
                        "could not match {} to a known organisation",
                        split.unknown.iter().map(|u| format!("\"{u}\"")).collect::<Vec<_>>().join(", ")
                    ));
                }
                out.extend(split.names);
            }
            None => out.push(name.to_string()),
        }
    }
    out
}

/// Drops a full stop ending the list, but not one ending an abbreviation ("Actalis S.p.A.", "Inc.").
fn strip_sentence_stop(name: &str) -> &str {
    let Some(stem) = name.strip_suffix('.') else { return name };
    let last = stem.rsplit(' ').next().unwrap_or(stem);
    if last.contains('.') || ["Inc", "Ltd", "Co", "Corp", "S.A", "AG"].contains(&last) {
        name
    } else {
        stem
    }
}

/// Votes from a results table, read as a stream of cells so that rows broken over several lines
/// (as in 2021 posts) still line up: after a category cell come the Yes, No and Abstain cells.
fn table_votes(markdown: &str, orgs: &OrgDictionary, warnings: &mut Vec<String>) -> Vec<Vote> {
    let lines: Vec<&str> = markdown.lines().collect();
    let Some(start) = lines.iter().position(|l| l.contains('|') && l.trim_start().starts_with('|')) else {
        return Vec::new();
    };
    let mut end = start;
    while end < lines.len() && !lines[end].trim().is_empty() {
        end += 1;
    }
    let region = lines[start..end].join("\n");
    let cells: Vec<String> =
        region.split('|').map(|c| c.replace("**", "").split_whitespace().collect::<Vec<_>>().join(" ")).collect();
    // Column order from the header cells.
    let mut columns: Vec<Choice> = Vec::new();
    for c in &cells {
        if columns.len() == 3 {
            break;
        }
        if let Some(ch) = match c.to_lowercase().as_str() {
            "yes" => Some(Choice::Yes),
            "no" => Some(Choice::No),
            "abstain" | "abstentions" | "abstain:" => Some(Choice::Abstain),
            _ => None,
        } {
            columns.push(ch);
        }
    }
    if columns.len() < 2 {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < cells.len() {
        let label = cells[i].to_lowercase();
        let is_label =
            (label.contains("issuer") || label.contains("consumer")) && label.split_whitespace().count() <= 3;
        if let (true, Some(cat)) = (is_label, category_of(&label)) {
            for (k, choice) in columns.iter().enumerate() {
                if let Some(cell) = cells.get(i + 1 + k) {
                    for org in org_list(cell, orgs, warnings) {
                        out.push(Vote { org, category: cat, choice: *choice });
                    }
                }
            }
            i += 1 + columns.len();
        } else {
            i += 1;
        }
    }
    out
}

fn check_counts(f: &BallotFacts, warnings: &mut Vec<String>) {
    for (cat, choice, n) in &f.stated_counts {
        let listed = f.votes.iter().filter(|v| v.category == *cat && v.choice == *choice).count() as u32;
        if listed != *n {
            warnings.push(format!(
                "the post says {n} {} {} but names {listed}",
                cat.label(),
                match choice {
                    Choice::Yes => "voted yes",
                    Choice::No => "voted no",
                    Choice::Abstain => "abstained",
                }
            ));
        }
    }
}

// ---------------------------------------------------------------- result, quorum, review

pub fn stated_result(plain: &str) -> Option<StatedResult> {
    static RESULT: OnceLock<Regex> = OnceLock::new();
    let result = re(
        &RESULT,
        r"(?i)\b(?:ballot|it)\s+(?:[\w\-]+\s+){0,2}(?:has\s+(?:been\s+)?)?(passed|passes|failed|fails|withdrawn|cancell?ed)\b|\bthe\s+ballot\s+has\s+(passed|failed)|(withdrawn)\s+and/or\s+failed",
    );
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
    static QUORUM: OnceLock<Regex> = OnceLock::new();
    let quorum = re(&QUORUM, r"(?i)\bquorum\s+(?:was|is|of|will be)\s+(\d+)\b");
    quorum.captures(plain).and_then(|c| c[1].parse().ok())
}

type ReviewFacts = (Option<Instant>, Option<Instant>, Option<i64>, bool, Option<ReviewResult>);

pub fn review(plain: &str, published: NaiveDate) -> ReviewFacts {
    static START: OnceLock<Regex> = OnceLock::new();
    let start_re = re(
        &START,
        r"(?i)(?:start\s+of\s+(?:the\s+)?review\s+period|entered\s+the\s+ip\s+rights\s+review\s+period\s+on)\s*:?\s*(.{0,60})",
    );
    static END: OnceLock<Regex> = OnceLock::new();
    let end_re = re(
        &END,
        r"(?i)(?:end\s+of\s+(?:the\s+)?review\s+period|review\s+period\s+ends|review\s+period\s+ended\s+on|exited\s+review\s+on)\s*:?\s*(.{0,60})",
    );
    static DAYS: OnceLock<Regex> = OnceLock::new();
    let days_re = re(&DAYS, r"(?i)review\s+period\s+of\s+(\d+)\s+days|(\d+)-day\s+ip\s+rights\s+review");
    static ENTERS: OnceLock<Regex> = OnceLock::new();
    let enters = re(
        &ENTERS,
        r"(?i)\benters?\s+the\s+(?:\d+-day\s+)?ip\s+rights\s+review|\bentered\s+the\s+ip\s+rights\s+review|\bnotice\s+of\s+review\s+period|\bresults\s+of\s+(?:the\s+)?(?:ipr\s+)?review",
    );
    static NONE_FILED: OnceLock<Regex> = OnceLock::new();
    let none_filed =
        re(&NONE_FILED, r"(?i)\bno\s+(?:ip\s+rights\s+)?exclusion(?:s|\s+notices?)?\s+(?:were|was)\s+filed");
    static FILED: OnceLock<Regex> = OnceLock::new();
    let filed = re(&FILED, r"(?i)\bexclusion\s+notices?\s+(?:was|were|has\s+been|have\s+been)\s+filed");
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
    static EFFECTIVE: OnceLock<Regex> = OnceLock::new();
    let effective = re(&EFFECTIVE, r"(?i)\beffective\s+(?:date\s+being|as\s+of|on)\s+(.{0,40})");
    effective.captures(plain).and_then(|c| text::find_dates(&c[1], Some(published), false).first().map(|d| d.date))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn orgs() -> OrgDictionary {
        let mut o = OrgDictionary::default();
        for n in [
            "Certum (Asseco)",
            "DigiCert",
            "eMudhra",
            "Entrust",
            "GlobalSign",
            "HARICA",
            "Sectigo",
            "SecureTrust",
            "Microsoft",
        ] {
            o.add(n);
        }
        o
    }

    fn summary(votes: &[Vote]) -> Vec<String> {
        votes.iter().map(|v| format!("{}:{:?}:{:?}", v.org, v.category, v.choice)).collect()
    }

    #[test]
    fn a_2021_table_with_names_run_together() {
        let md = "## Results of Voting \n\n| | | | |\n| --- | --- | --- | --- |\n| |\nYes |\nNo |\nAbstain | |\nCertificate Issuers |\nCertum (Asseco)DigiCerteMudhraEntrustGlobalSignHARICASectigoSecureTrust\n| | | |\nCertificate Consumers |\nMicrosoft\n| | |\n\nThe ballot has PASSED.\n\nThe following motion has been proposed by Ian McMillan of Microsoft, and endorsed by Dimitris Zacharopoulos (HARICA) and Bruce Morton (Entrust).\n";
        let f = &parse("Ballot CSC-11 – Update to log data retention requirements", md, d("2021-10-04"), &orgs())[0];
        assert_eq!(f.id.to_string(), "CSC-11");
        assert_eq!(f.title, "Update to log data retention requirements");
        let issuers: Vec<&str> = f
            .votes
            .iter()
            .filter(|v| v.category == Category::Issuer && v.choice == Choice::Yes)
            .map(|v| v.org.as_str())
            .collect();
        assert_eq!(
            issuers,
            ["Certum (Asseco)", "DigiCert", "eMudhra", "Entrust", "GlobalSign", "HARICA", "Sectigo", "SecureTrust"]
        );
        assert_eq!(summary(&f.votes[8..]), ["Microsoft:Consumer:Yes"]);
        assert_eq!(f.stated_result, Some(StatedResult::Passed));
        assert_eq!(f.proposer, Some(Member { name: "Ian McMillan".into(), org: Some("Microsoft".into()) }));
        let endorsers: Vec<(String, Option<String>)> =
            f.endorsers.iter().map(|m| (m.name.clone(), m.org.clone())).collect();
        assert_eq!(
            endorsers,
            [
                ("Dimitris Zacharopoulos".to_string(), Some("HARICA".to_string())),
                ("Bruce Morton".to_string(), Some("Entrust".to_string()))
            ]
        );
        assert!(f.warnings.iter().any(|w| w.contains("read as 8 organisations")), "{:?}", f.warnings);
    }

    #[test]
    fn a_2024_table_with_an_abstention() {
        let md = "### Results of Voting\n\n|                       | Yes                                                          | No  | Abstain |\n| --------------------- | ------------------------------------------------------------ | --- | ------- |\n| Certificate Issuers   | DigiCert, eMudhra, Entrust, GlobalSign, HARICA, Viking Cloud |     | Sectigo |\n| Certificate Consumers | Microsoft                                                    |     |         |\n";
        let f = &parse("Ballots CSC-21", md, d("2024-01-17"), &orgs())[0];
        assert_eq!(f.votes.len(), 8);
        assert_eq!(summary(&f.votes[6..]), ["Sectigo:Issuer:Abstain", "Microsoft:Consumer:Yes"]);
    }

    #[test]
    fn vote_lists_in_the_2021_server_certificate_style() {
        let md = "**Certificate Issuers**\n\n**8 votes total, with no abstentions**\n\n·         0 Yes votes:\n\n·         8 No Votes: DigiCert, Entrust, GlobalSign, HARICA, Let’s Encrypt / ISRG, Telia Company, TrustCor, SecureTrust\n\n·         0 Abstentions\n\n**Certificate Consumers**\n\n1.      0 Yes votes\n\n2.      1 No votes: Google\n\n3.      0 Abstentions\n\nThe voting on SC43v2 has completed, and the ballot has **failed**.\n";
        let f = &parse("Ballot SC43 – Clarify Acceptable Status Codes", md, d("2021-04-08"), &orgs())[0];
        assert_eq!(f.votes.iter().filter(|v| v.choice == Choice::No && v.category == Category::Issuer).count(), 8);
        assert_eq!(summary(&f.votes[8..]), ["Google:Consumer:No"]);
        assert_eq!(f.stated_result, Some(StatedResult::Failed));
        assert!(f.warnings.is_empty(), "{:?}", f.warnings);
        assert_eq!(f.versions, [(2, None)]);
    }

    #[test]
    fn vote_lists_in_the_code_signing_styles() {
        let md = "CAs voting in favor (7): Actalis, DigiCert, Entrust, GDCA, GlobalSign, GoDaddy, HARICA\n\nCAs opposed: None\n\nCAs abstaining: None\n\nCertificate Consumers voting in favor (1): Microsoft\nCertificate Consumers opposed: None\n\nTherefore the ballot CSC-7 passes.\n";
        let f = &parse("Ballot CSC-7v2: Update to merge EV and Non-EV clauses", md, d("2021-02-02"), &orgs())[0];
        assert_eq!(f.votes.len(), 8);
        assert_eq!(f.stated_result, Some(StatedResult::Passed));
        assert_eq!(f.versions, [(2, None)]);
        let md = "CAs voting in favor: Actalis, Certum (Asseco), DigiCert\n\nCAs opposed: None\n\nCertificate Consumers:\n\nIn Favor: Microsoft\n\nOpposed: None\n\nAbstaining: None\n";
        let f = &parse("Ballot CSC-9 – Spring 2021 Cleanup", md, d("2021-09-09"), &orgs())[0];
        assert_eq!(
            summary(&f.votes),
            ["Actalis:Issuer:Yes", "Certum (Asseco):Issuer:Yes", "DigiCert:Issuer:Yes", "Microsoft:Consumer:Yes"]
        );
    }

    #[test]
    fn vote_lists_in_the_2024_style_and_stated_counts_are_checked() {
        let md = "### Certificate Issuers\n19 votes total, with no abstentions:\n- **3 Issuers voting YES**: Actalis S.p.A., DigiCert, HARICA\n- **0 Issuers voting NO**  \n- **0 Issuers ABSTAIN**  \n### Certificate Consumers\n- **3 Consumers voting YES**: Apple, Mozilla\n- **0 Consumers voting NO**\n";
        let f = &parse("Ballot SMC05: Adoption of CAA for S/MIME", md, d("2024-01-17"), &orgs())[0];
        assert_eq!(f.id.to_string(), "SMC-5");
        assert_eq!(f.votes.len(), 5);
        assert_eq!(f.votes[0].org, "Actalis S.p.A.");
        assert_eq!(f.warnings, ["the post says 3 Certificate Consumers voted yes but names 2"]);
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

    #[test]
    fn sponsors_in_every_phrasing() {
        let cases = [
            ("The following motion has been proposed by Bruce Morton, and endorsed by Ian McMillan of Microsoft and Corey Bonnell of DigiCert.", ("Bruce Morton", None), vec!["Ian McMillan", "Corey Bonnell"]),
            ("This ballot is proposed by Aaron Gable (ISRG / Let's Encrypt) and endorsed by Mads Henriksveen (Buypass) and Dimitris Zacharopoulos (HARICA).", ("Aaron Gable", Some("ISRG / Let's Encrypt")), vec!["Mads Henriksveen", "Dimitris Zacharopoulos"]),
            ("The following motion has been proposed by the Server Certificate Working Group Chair Dimitris Zacharopoulos of HARICA.", ("Dimitris Zacharopoulos", Some("HARICA")), vec![]),
            ("Proposed by Ben Wilson of Mozilla and endorsed by Tim Hollebeek of DigiCert and David Kluge of Google.", ("Ben Wilson", Some("Mozilla")), vec!["Tim Hollebeek", "David Kluge"]),
        ];
        for (text, (name, org), endorsers) in cases {
            let (p, e) = sponsors(text);
            let p = p.unwrap();
            assert_eq!((p.name.as_str(), p.org.as_deref()), (name, org), "{text}");
            assert_eq!(e.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), endorsers, "{text}");
        }
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

    #[test]
    fn a_post_about_two_ballots_gives_two_records_from_their_sections() {
        let md = "## RESULTS OF REVIEW PERIOD\n\nThe IPR review period ended on February 28, 2024 and no exclusion notices were filed.\n\n## CSC-21\n\n| | Yes | No | Abstain |\n|---|---|---|---|\n| Certificate Issuers | DigiCert | | Sectigo |\n| Certificate Consumers | Microsoft | | |\n\n## CSC-22\n\n| | Yes | No | Abstain |\n|---|---|---|---|\n| Certificate Issuers | DigiCert, Sectigo | | |\n| Certificate Consumers | Microsoft | | |\n";
        let found = parse("Ballots CSC-21 and CSC-22", md, d("2024-01-17"), &orgs());
        assert_eq!(found.iter().map(|f| f.id.to_string()).collect::<Vec<_>>(), ["CSC-21", "CSC-22"]);
        assert_eq!(found[0].votes.len(), 3);
        assert_eq!(found[1].votes.iter().filter(|v| v.choice == Choice::Yes).count(), 3);
        assert!(found.iter().all(|f| f.review_result == Some(ReviewResult::NoExclusions)));
        assert_eq!(found[0].title, "CSC-21");
    }

    #[test]
    fn titles_lose_their_ballot_prefix() {
        let id: BallotId = "FORUM-20".parse().unwrap();
        assert_eq!(
            clean_title("Ballot FORUM 20v2 – Amend Code Signing Certificate Working Group Charter", &id),
            "Amend Code Signing Certificate Working Group Charter"
        );
        let id: BallotId = "SC-68".parse().unwrap();
        assert_eq!(
            clean_title("Ballot SC-68: Allow VATEL and VATXI for organizationIdentifier", &id),
            "Allow VATEL and VATXI for organizationIdentifier"
        );
    }

    #[test]
    fn the_forum_ballot_with_a_spaced_id_is_found() {
        let f = &parse(
            "Ballot FORUM 20v2 – Amend Code Signing Certificate Working Group Charter",
            "text",
            d("2024-01-13"),
            &orgs(),
        )[0];
        assert_eq!(
            (f.id.to_string(), f.versions.clone(), f.kind),
            ("FORUM-20".to_string(), vec![(2, None)], BallotKind::Other)
        );
    }
}
