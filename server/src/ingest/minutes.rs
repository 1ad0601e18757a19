//! Reading minutes: working group, meeting date, attendees, minute-taker, ballot references,
//! action items, decisions and the next meeting — pure functions over the post's text.
//!
//! The rules follow what real minutes contain (see the table tests, which use snippets from several
//! years of the CA/B Forum's posts): attendee lists as "Name (Org)", "Name - (Org)", "Org (Name)",
//! "- Name – Org" or bare names; takers as "Minute-taker: X" or "Minutes were prepared by X"; next
//! meetings as dates or "next week, Wednesday".

use super::text::{self, Block, BlockKind};
use app::domain::{find_ballot_ids, WorkingGroup};
use app::model::{ActionItem, Attendee, BallotRef};
use chrono::NaiveDate;
use regex::Regex;
use std::collections::HashSet;
use std::sync::OnceLock;

/// What minutes say, extracted.
#[derive(Debug, Clone, PartialEq)]
pub struct Minutes {
    pub wg: WorkingGroup,
    pub meeting_date: NaiveDate,
    pub minute_taker: Option<String>,
    pub attendees: Vec<Attendee>,
    pub ballot_refs: Vec<BallotRef>,
    pub action_items: Vec<ActionItem>,
    pub decisions: Vec<String>,
    pub next_meeting: Option<NaiveDate>,
    /// Doubts worth showing the chair (a corrected date, no attendees found, ...).
    pub warnings: Vec<String>,
}

/// The post fields extraction needs.
pub struct Source<'a> {
    pub path: &'a str,
    pub title: &'a str,
    pub tags: &'a [String],
    pub published: NaiveDate,
    pub body: &'a str,
}

pub fn extract(src: &Source) -> Minutes {
    // The same nesting bound as rendering, so pathological posts cost no more to read than to show.
    let (body, _) = super::markdown::bound(src.body);
    let blocks = text::blocks(&body);
    let mut warnings = Vec::new();
    let wg = working_group(src.title, src.tags, src.path, &blocks);
    let meeting_date = meeting_date(src.title, src.path, src.published, &blocks, &mut warnings);
    let attendees = attendees(&blocks);
    if attendees.is_empty() {
        warnings.push("no attendee list found".to_string());
    }
    let minute_taker = minute_taker(&blocks);
    let ballot_refs = ballot_refs(&blocks, &wg, meeting_date);
    let action_items = action_items(&blocks, &attendees, meeting_date);
    let decisions = decisions(&blocks);
    let next_meeting = next_meeting(&blocks, meeting_date);
    Minutes { wg, meeting_date, minute_taker, attendees, ballot_refs, action_items, decisions, next_meeting, warnings }
}

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("valid pattern"))
}

// ---------------------------------------------------------------- working group

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
    static OF: OnceLock<Regex> = OnceLock::new();
    let of = re(&OF, r"(?i)minutes\s+of\s+(?:the\s+)?(.+?)(?:\s+(?:teleconference|meeting|call))?\s*$");
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

// ---------------------------------------------------------------- meeting date

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
        |s: &str| text::find_dates(s, Some(published), false).into_iter().find(|d| d.year_given).map(|d| d.date);
    let from_title = first(title);
    let from_body = || blocks.iter().take(6).find_map(|b| first(&b.text));
    let from_name = || {
        let file = path.rsplit('/').next().unwrap_or(path);
        let dates = text::find_dates(file, Some(published), false);
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

// ---------------------------------------------------------------- attendees

fn label_kind(text: &str) -> Option<(u8, &str)> {
    static LABEL: OnceLock<Regex> = OnceLock::new();
    let label = re(
        &LABEL,
        r"(?i)^\s*(?:\d+\.\s*)?(attendees|attendance|participants|present|roll\s*call)\b[^:\n]*?(?::\s*(.*))?$",
    );
    let first_line = text.lines().next().unwrap_or("");
    let caps = label.captures(first_line)?;
    let word = caps.get(1)?.as_str().to_lowercase();
    let priority = if word.starts_with("roll") { 1 } else { 0 };
    let rest_start = caps.get(2).map(|m| m.start()).unwrap_or(first_line.len());
    // Inline lists ("Attendees: A (X), B (Y)") continue on following lines of the paragraph.
    let rest = &text[rest_start..];
    Some((priority, rest))
}

/// Attendees from the "Attendees"/"Attendance"/"Roll Call" sections, de-duplicated by name.
/// Lists under an attendees heading are preferred to roll-call ones.
pub fn attendees(blocks: &[Block]) -> Vec<Attendee> {
    let mut best: [Vec<Attendee>; 2] = [Vec::new(), Vec::new()];
    let mut i = 0;
    while i < blocks.len() {
        let b = &blocks[i];
        let Some((priority, rest)) = label_kind(&b.text) else {
            i += 1;
            continue;
        };
        let heading_like = b.is_heading() || (rest.trim().is_empty() && b.text.split_whitespace().count() <= 6);
        let mut texts: Vec<(String, bool)> = Vec::new();
        if !rest.trim().is_empty() {
            texts.push((rest.to_string(), false));
        }
        if heading_like {
            let mut j = i + 1;
            while j < blocks.len() && !blocks[j].is_heading() && label_kind(&blocks[j].text).is_none() {
                texts.push((blocks[j].text.clone(), blocks[j].kind == BlockKind::Item));
                j += 1;
                // A list of names is one paragraph or a run of items; stop at prose.
                if blocks[j - 1].kind == BlockKind::Paragraph && parse_list(&blocks[j - 1].text, false).len() >= 2 {
                    break;
                }
            }
        }
        let found: Vec<Attendee> = texts.iter().flat_map(|(t, item)| parse_list(t, *item)).collect();
        best[priority as usize].extend(found);
        i += 1;
    }
    let chosen = if best[0].is_empty() { std::mem::take(&mut best[1]) } else { std::mem::take(&mut best[0]) };
    dedupe(chosen)
}

fn dedupe(list: Vec<Attendee>) -> Vec<Attendee> {
    let mut out: Vec<Attendee> = Vec::new();
    for a in list {
        let key = text::fold(&a.name);
        if let Some(existing) = out.iter_mut().find(|e| text::fold(&e.name) == key) {
            if existing.org.is_none() {
                existing.org = a.org;
            }
        } else {
            out.push(a);
        }
    }
    out
}

/// Parses a list of people. `one_per_item` is true for a markdown list item (so "Name, Org" is one
/// person with an organisation).
pub fn parse_list(text: &str, one_per_item: bool) -> Vec<Attendee> {
    let mut parts: Vec<String> = Vec::new();
    for line in text.lines() {
        let line = line.trim().trim_end_matches('.').trim();
        if line.is_empty() {
            continue;
        }
        if one_per_item && !line.contains('(') && line.matches(',').count() == 1 {
            parts.push(line.to_string());
            continue;
        }
        parts.extend(split_top_level(line));
    }
    let with_parens: Vec<&String> = parts.iter().filter(|p| p.contains('(')).collect();
    let reversed = is_reversed(&with_parens);
    let parts = if reversed { merge_reversed(parts) } else { parts };
    parts.iter().filter_map(|p| parse_person(p, reversed, one_per_item)).collect()
}

/// Splits at commas (and a final " and ") outside parentheses.
fn split_top_level(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    for c in line.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if (c == ',' || c == ';') && depth <= 0 {
            out.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    out.push(cur);
    out.into_iter()
        .flat_map(|p| {
            let p = p.trim().to_string();
            match p.strip_prefix("and ") {
                Some(rest) => vec![rest.to_string()],
                None => match p.find(") and ") {
                    Some(k) => vec![p[..=k].to_string(), p[k + 6..].to_string()],
                    None => vec![p],
                },
            }
        })
        .filter(|p| !p.trim().is_empty())
        .collect()
}

/// "Org (Name)" lists: more entries have a person in the brackets than outside them.
fn is_reversed(parts: &[&String]) -> bool {
    let (mut outer_person, mut inner_person) = (0, 0);
    for p in parts {
        let (outer, inner) = split_parens(p);
        let o = looks_like_person(&outer);
        let i = inner.as_deref().map(looks_like_person).unwrap_or(false);
        if o && !i {
            outer_person += 1;
        }
        if i && !o {
            inner_person += 1;
        }
    }
    inner_person > outer_person
}

/// In an "Org (Name)" list a comma may sit inside an organisation ("Chunghwa Telecom Co., Ltd
/// (Tsung-Min Kuo)"): glue parts without brackets onto the next part.
fn merge_reversed(parts: Vec<String>) -> Vec<String> {
    let mut out = Vec::new();
    let mut pending = String::new();
    for p in parts {
        if p.contains('(') {
            if pending.is_empty() {
                out.push(p);
            } else {
                out.push(format!("{pending}, {}", p.trim()));
                pending.clear();
            }
        } else if pending.is_empty() {
            pending = p.trim().to_string();
        } else {
            pending = format!("{pending}, {}", p.trim());
        }
    }
    if !pending.is_empty() {
        out.push(pending);
    }
    out
}

/// Text before the first bracket, and the content of the last top-level bracket group.
fn split_parens(s: &str) -> (String, Option<String>) {
    let Some(open) = s.find('(') else {
        return (s.trim().to_string(), None);
    };
    let outer = s[..open].trim().trim_end_matches(['-', '–', '—']).trim().to_string();
    // Walk bracket groups; keep the last complete one ("Primekey (Guest) (Mike Agrenius Kushner)").
    let mut depth = 0;
    let mut start = None;
    let mut last = None;
    for (i, c) in s.char_indices().skip_while(|(i, _)| *i < open) {
        match c {
            '(' => {
                if depth == 0 {
                    start = Some(i + 1);
                }
                depth += 1;
            }
            ')' => {
                depth -= 1;
                if depth == 0 {
                    if let Some(st) = start {
                        last = Some((st, i));
                    }
                }
            }
            _ => {}
        }
    }
    let inner = match last {
        Some((a, b)) => Some(s[a..b].trim().to_string()),
        // An unclosed bracket: take the rest.
        None => Some(s[open + 1..].trim().trim_end_matches(')').trim().to_string()),
    };
    (outer, inner.filter(|i| !i.is_empty()))
}

fn parse_person(part: &str, reversed: bool, one_per_item: bool) -> Option<Attendee> {
    let part = part.trim().trim_end_matches(['.', ';']).trim();
    let (name, org) = if part.contains('(') {
        let (outer, inner) = split_parens(part);
        if reversed {
            // Everything before the last bracket group is the organisation.
            let last_open = part.rfind('(').unwrap_or(0);
            let org = part[..last_open].trim().to_string();
            (inner.unwrap_or_default(), Some(org).filter(|o| !o.is_empty()))
        } else {
            (outer, inner)
        }
    } else if let Some((n, o)) = split_dash(part) {
        (n, Some(o))
    } else if one_per_item {
        match part.split_once(',') {
            Some((n, o)) => (n.trim().to_string(), Some(o.trim().to_string())),
            None => (part.to_string(), None),
        }
    } else {
        (part.to_string(), None)
    };
    let name = name.trim().trim_end_matches(['-', '–', ':']).trim().to_string();
    looks_like_person(&name)
        .then(|| Attendee { name, org: org.map(|o| o.trim().to_string()).filter(|o| !o.is_empty()) })
}

fn split_dash(part: &str) -> Option<(String, String)> {
    for sep in [" – ", " — ", " - "] {
        if let Some((a, b)) = part.split_once(sep) {
            return Some((a.trim().to_string(), b.trim().to_string()));
        }
    }
    None
}

const ORG_MARKERS: [&str; 28] = [
    "inc",
    "ltd",
    "llc",
    "gmbh",
    "corp",
    "company",
    "co",
    "sa",
    "ag",
    "s.p.a",
    "pki",
    "ca",
    "trust",
    "sign",
    "cert",
    "certs",
    "services",
    "systems",
    "telecom",
    "group",
    "authority",
    "encrypt",
    "com",
    "webtrust",
    "canada",
    "member",
    "guest",
    "etsi",
];

/// Is this plausibly a person's name? One to five words, each capitalised (or a name particle or
/// an initial), no digits, and no word that marks an organisation.
pub fn looks_like_person(s: &str) -> bool {
    let s = s.trim();
    if s.is_empty() || s.len() > 60 || s.chars().any(|c| c.is_ascii_digit() || "@/:&".contains(c)) {
        return false;
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.is_empty() || words.len() > 5 {
        return false;
    }
    let particles = ["van", "de", "der", "von", "da", "del", "la", "le", "di", "bin", "al", "dos", "du", "ten", "y"];
    let mut capitalised = 0;
    for w in &words {
        let bare = w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        if ORG_MARKERS.contains(&bare.as_str()) || w.contains(".com") {
            return false;
        }
        let first = w.chars().next().unwrap_or(' ');
        if first.is_uppercase() {
            capitalised += 1;
        } else if !particles.contains(&bare.as_str()) {
            return false;
        }
    }
    // Single capitalised words are names in bare lists ("Iñigo"), but all-caps acronyms are orgs.
    !(words.len() == 1 && s.len() > 1 && s.chars().all(|c| c.is_uppercase() || !c.is_alphabetic())) && capitalised >= 1
}

// ---------------------------------------------------------------- minute-taker

/// "Minute-taker: Iñigo", "**Minute Taker:** Martijn", "Minutes were prepared by Stephen Davidson",
/// "Minutes were taken by Mads Henriksveen", "Note Taker: Bruce Morton (Entrust)".
pub fn minute_taker(blocks: &[Block]) -> Option<String> {
    static TAKER: OnceLock<Regex> = OnceLock::new();
    let taker = re(
        &TAKER,
        r"(?i)(?:(next\s+)?(?:minute|note)[\s-]?taker\s*[:\-–]+|minutes\s+(?:were\s+|was\s+)?(?:taken|prepared|recorded|written|kept)\s+by|\bscribe\s*[:\-–]+)\s*",
    );
    for b in blocks {
        for caps in taker.captures_iter(&b.text) {
            if caps.get(1).is_some() {
                continue; // "Next minute taker: Corey" names next week's taker.
            }
            let rest = &b.text[caps.get(0).map(|m| m.end()).unwrap_or(0)..];
            if let Some(name) = leading_name(rest) {
                return Some(name);
            }
        }
    }
    None
}

/// The capitalised words at the start of `s` ("Iñigo. Next…" → "Iñigo", "Bruce Morton (Entrust)" →
/// "Bruce Morton"), if they look like a person.
fn leading_name(s: &str) -> Option<String> {
    let mut words = Vec::new();
    for w in s.split_whitespace() {
        let clean = w.trim_end_matches(['.', ',', ';', ':', ')']);
        let first = clean.chars().next().unwrap_or(' ');
        let particle = ["van", "de", "der", "von"].contains(&clean);
        if (!first.is_uppercase() && !particle) || clean.starts_with('(') {
            break;
        }
        words.push(clean.to_string());
        if words.len() == 4 || clean.len() != w.len() {
            break;
        }
    }
    let name = words.join(" ");
    let stop = ["No", "None", "TBD", "N/A", "The", "This", "We"];
    (!name.is_empty() && !stop.contains(&words[0].as_str()) && looks_like_person(&name)).then_some(name)
}

// ---------------------------------------------------------------- ballot references

/// Every ballot mentioned, with its sentence, in order; the same id in the same sentence once. A
/// bare "Ballot 18" names a ballot of the group whose minutes these are (see
/// [`app::domain::ids::BallotMention::resolve`]).
pub fn ballot_refs(blocks: &[Block], wg: &WorkingGroup, meeting: NaiveDate) -> Vec<BallotRef> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for b in blocks {
        for sentence in text::sentences(&b.text) {
            for m in find_ballot_ids(&sentence) {
                let id = m.resolve(Some(wg), meeting);
                if seen.insert((id.clone(), sentence.clone())) {
                    out.push(BallotRef { id, sentence: sentence.clone() });
                }
            }
        }
    }
    out
}

// ---------------------------------------------------------------- action items

/// Explicit items (`ACTION:`, `Action item:`, `AI:`, or entries under an "Action items" heading)
/// and suggested ones read from prose ("Corey will prepare the ballot", "Dean to re-send the link").
pub fn action_items(blocks: &[Block], attendees: &[Attendee], meeting: NaiveDate) -> Vec<ActionItem> {
    static EXPLICIT: OnceLock<Regex> = OnceLock::new();
    let explicit = re(&EXPLICIT, r"(?i)^\s*(?:action\s*items?|actions?|ai)\s*[:\-–]\s*(.+)$");
    static HEADING: OnceLock<Regex> = OnceLock::new();
    let actions_heading = re(&HEADING, r"(?i)^\s*(?:\d+\.\s*)?action\s*items?\s*:?\s*$");
    let mut out: Vec<ActionItem> = Vec::new();
    let mut under_actions = false;
    for b in blocks {
        if b.is_heading() {
            under_actions = actions_heading.is_match(&b.text);
            continue;
        }
        for sentence in text::sentences(&b.text) {
            let explicit_text = explicit
                .captures(&sentence)
                .map(|c| c[1].trim().to_string())
                .or_else(|| (under_actions && b.kind == BlockKind::Item).then(|| sentence.clone()));
            if let Some(item_text) = explicit_text {
                let owner = owner_of(&item_text, attendees, true).unwrap_or_else(|| "unassigned".to_string());
                out.push(ActionItem { owner, due: due_date(&item_text, meeting), text: item_text, suggested: false });
            } else if let Some(owner) = owner_of(&sentence, attendees, false) {
                if !out.iter().any(|a| a.text == sentence) {
                    out.push(ActionItem {
                        owner,
                        due: due_date(&sentence, meeting),
                        text: sentence.clone(),
                        suggested: true,
                    });
                }
            }
        }
    }
    out
}

/// The owner of an action sentence: "<Name> will <verb>…" or "<Name> to <verb>…" at its start.
/// Names are matched to attendees (full, first or last name); for prose, an unmatched owner must
/// be a full name so that "Microsoft will…" or "It will…" is not taken for a person.
fn owner_of(sentence: &str, attendees: &[Attendee], explicit: bool) -> Option<String> {
    static LEAD: OnceLock<Regex> = OnceLock::new();
    let lead = re(
        &LEAD,
        r"^((?:[A-ZÀ-Ý][\p{L}'’\-]+)(?:\s+(?:van|de|der|von|[A-ZÀ-Ý][\p{L}'’\-]+)){0,3})\s*(?:\([^)]*\)\s*)?(?:,\s*)?(will|to|shall|is to|agreed to|volunteered to|offered to|took an action to|:|-|–)\s+(\S+)",
    );
    let caps = lead.captures(sentence.trim())?;
    let name = caps[1].trim().to_string();
    let verb = caps[2].to_lowercase();
    let next = caps[3].to_lowercase();
    if verb == "will" && ["be", "not", "have", "also", "continue", "need", "remain", "take"].contains(&next.as_str()) {
        // "will take minutes" is an action, "will take place" is not.
        if !(next == "take" && sentence.contains("minutes")) {
            return None;
        }
    }
    let infinitive = verb == "to" || verb.ends_with(" to");
    if !explicit
        && ((["to", ":", "-", "–"].contains(&verb.as_str()) && verb != "to") || (infinitive && !is_verb_like(&next)))
    {
        return None;
    }
    if let Some(a) = match_attendee(&name, attendees) {
        return Some(a.name.clone());
    }
    let words = name.split_whitespace().count();
    let not_people = [
        "It",
        "This",
        "That",
        "There",
        "The",
        "We",
        "They",
        "He",
        "She",
        "Next",
        "Everyone",
        "Nobody",
        "Members",
        "Ballot",
        "Voting",
        "Discussion",
    ];
    if not_people.contains(&name.split_whitespace().next().unwrap_or("")) {
        return None;
    }
    // With an attendee list, a prose owner must be on it ("Subscriber Key Protection to require…"
    // is a topic, not a person); without one, a full name is the best evidence there is.
    (explicit || (words >= 2 && attendees.is_empty())).then_some(name).filter(|n| looks_like_person(n))
}

fn is_verb_like(word: &str) -> bool {
    // Infinitives after "Name to …": exclude prepositions/articles that make it prose ("to the list").
    !["the", "a", "an", "be", "his", "her", "their", "this", "that", "all", "same", "new", "format", "face"]
        .contains(&word)
        && word.chars().all(|c| c.is_alphabetic() || c == '-')
}

/// An attendee by full name, or by first or last name when only one attendee has it.
pub fn match_attendee<'a>(name: &str, attendees: &'a [Attendee]) -> Option<&'a Attendee> {
    let key = text::fold(name);
    if let Some(a) = attendees.iter().find(|a| text::fold(&a.name) == key) {
        return Some(a);
    }
    let by = |pick: fn(&str) -> Option<&str>| {
        let hits: Vec<&Attendee> =
            attendees.iter().filter(|a| pick(&a.name).map(|part| text::fold(part) == key).unwrap_or(false)).collect();
        (hits.len() == 1).then(|| hits[0])
    };
    by(|n| n.split_whitespace().next()).or_else(|| by(|n| n.split_whitespace().last()))
}

/// A due date stated with "by", "due", "before" or "until".
fn due_date(sentence: &str, meeting: NaiveDate) -> Option<NaiveDate> {
    static DUE: OnceLock<Regex> = OnceLock::new();
    let due = re(&DUE, r"(?i)\b(by|due(?:\s+on|\s+by)?|before|until|no later than)\b");
    let m = due.find(sentence)?;
    text::find_dates(&sentence[m.start()..], Some(meeting), true).first().map(|d| d.date)
}

// ---------------------------------------------------------------- decisions

/// Sentences that record a decision: approved minutes, "It was agreed to …", "The WG decided …".
pub fn decisions(blocks: &[Block]) -> Vec<String> {
    static DECISION: OnceLock<Regex> = OnceLock::new();
    let decision = re(
        &DECISION,
        r"(?i)\b(minutes\b.*\b(?:were|was|are)\s+(?:\w+\s+)?approved|(?:it|this)\s+was\s+(?:agreed|decided|resolved)|(?:the\s+)?(?:wg|group|working group|members|forum)\s+(?:agreed|decided|resolved)|consensus\s+(?:was\s+)?reached|was\s+approved|were\s+approved|approved\s+(?:without|with)\s+changes)\b",
    );
    static BARE: OnceLock<Regex> = OnceLock::new();
    let bare = re(&BARE, r"(?i)^\s*(approved|minutes approved|no comments\.?\s*minutes approved)\.?\s*$");
    let mut out: Vec<String> = Vec::new();
    let mut section = String::new();
    for b in blocks {
        if b.is_heading() {
            section = b.text.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ' ').to_string();
            continue;
        }
        for sentence in text::sentences(&b.text) {
            let text = if bare.is_match(&sentence) && !section.is_empty() {
                format!("{section}: {sentence}")
            } else if decision.is_match(&sentence) {
                sentence.clone()
            } else {
                continue;
            };
            if !out.contains(&text) {
                out.push(text);
            }
        }
    }
    out
}

// ---------------------------------------------------------------- next meeting

/// The next meeting's date, when stated: "Next call: Wednesday, April 14, 2021", "The next call will
/// take place on January 20, 2021", "Next meeting will be … next week, Wednesday"; a heading
/// "Next call" is followed into its first paragraph.
pub fn next_meeting(blocks: &[Block], meeting: NaiveDate) -> Option<NaiveDate> {
    static NEXT: OnceLock<Regex> = OnceLock::new();
    let next = re(&NEXT, r"(?i)\bnext\s+(?:meeting|call|teleconference|telecon|session)\b");
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
            if let Some(d) = text::find_dates(c, Some(meeting), true).into_iter().map(|d| d.date).find(|d| *d > meeting)
            {
                return Some(d);
            }
            if let Some(d) = text::relative_date(c, meeting) {
                return Some(d);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn people(md: &str) -> Vec<(String, Option<String>)> {
        attendees(&text::blocks(md)).into_iter().map(|a| (a.name, a.org)).collect()
    }

    fn p(name: &str, org: Option<&str>) -> (String, Option<String>) {
        (name.to_string(), org.map(str::to_string))
    }

    #[test]
    fn attendees_in_name_org_brackets_2021_smcwg() {
        let md = "### Attendees \n\nAdrian Mueller (SwissSign), Ahmad Syafiq Md Zaini (MSC Trustgate.com), Ali Gholami (Telia Company)\n\n### 1. Roll Call \n\nThe Roll Call was taken.\n";
        assert_eq!(
            people(md),
            [
                p("Adrian Mueller", Some("SwissSign")),
                p("Ahmad Syafiq Md Zaini", Some("MSC Trustgate.com")),
                p("Ali Gholami", Some("Telia Company"))
            ]
        );
    }

    #[test]
    fn attendees_as_name_dash_org_2024_roll_call_without_heading() {
        let md = "Roll Call\n\nAaron Gable - (Let's Encrypt), Adam Jones - (Microsoft), Wendy Brown - (US Federal PKI Management Authority), Yoshihiko Matsuo - (Japan Registry Services).\n\nTLS Topic\n";
        assert_eq!(
            people(md),
            [
                p("Aaron Gable", Some("Let's Encrypt")),
                p("Adam Jones", Some("Microsoft")),
                p("Wendy Brown", Some("US Federal PKI Management Authority")),
                p("Yoshihiko Matsuo", Some("Japan Registry Services"))
            ]
        );
    }

    #[test]
    fn attendees_with_org_first_2021_cscwg_f2f() {
        let md = "## Attendees \n\nSwissSign (Adrian Mueller), Telia Company (Ali Gholami), Nimbus, Member of ETSI ESI (Arno Fiedler), Primekey (Guest) (Mike Agrenius Kushner), Chunghwa Telecom Co., Ltd (Tsung-Min Kuo), eMudhra (Vijay Kumar)\n\n## Minutes\n";
        assert_eq!(
            people(md),
            [
                p("Adrian Mueller", Some("SwissSign")),
                p("Ali Gholami", Some("Telia Company")),
                p("Arno Fiedler", Some("Nimbus, Member of ETSI ESI")),
                p("Mike Agrenius Kushner", Some("Primekey (Guest)")),
                p("Tsung-Min Kuo", Some("Chunghwa Telecom Co., Ltd")),
                p("Vijay Kumar", Some("eMudhra")),
            ]
        );
    }

    #[test]
    fn attendees_as_bare_names_2021_cscwg() {
        let md = "## Attendees \n\nAndrea Holland, Atsushi Inaba, Iñigo Barreira, Roberto Quiñones, Sebstian Schulz, Tim Hollebeek\n\n## Minutes \n\nMinute-taker: Iñigo\n";
        let names: Vec<String> = people(md)
            .into_iter()
            .map(|(n, o)| {
                assert!(o.is_none());
                n
            })
            .collect();
        assert_eq!(
            names,
            [
                "Andrea Holland",
                "Atsushi Inaba",
                "Iñigo Barreira",
                "Roberto Quiñones",
                "Sebstian Schulz",
                "Tim Hollebeek"
            ]
        );
    }

    #[test]
    fn attendees_as_list_items_with_dashes_2024_scwg() {
        let md = "## Attendance:\n\n- Aaron Gable – ISRG\n- Adam Jones – Microsoft\n- Aaron Poulsen – (Amazon)\n\n## Minutes\n";
        assert_eq!(
            people(md),
            [p("Aaron Gable", Some("ISRG")), p("Adam Jones", Some("Microsoft")), p("Aaron Poulsen", Some("Amazon"))]
        );
    }

    #[test]
    fn attendees_inline_after_a_bold_label_with_nested_brackets_and_missing_spaces() {
        let md = "**Attendees:** Aleksandra Kurosz (Asseco Data Systems SA (Certum)), Karina Sirota (Microsoft),Kati Davids (GoDaddy), Aashish Banati (Office of CCA, MEITY, Govt of India)\n\n**Opening Procedures**– Karina\n";
        assert_eq!(
            people(md),
            [
                p("Aleksandra Kurosz", Some("Asseco Data Systems SA (Certum)")),
                p("Karina Sirota", Some("Microsoft")),
                p("Kati Davids", Some("GoDaddy")),
                p("Aashish Banati", Some("Office of CCA, MEITY, Govt of India")),
            ]
        );
    }

    #[test]
    fn attendees_after_a_roll_call_label_on_the_same_line_2021_forum() {
        let md = "## Attendance \n\nRoll Call: Adrian Mueller (SwissSign), Ali Gholami (Telia)\n\n## Minutes\n";
        assert_eq!(people(md), [p("Adrian Mueller", Some("SwissSign")), p("Ali Gholami", Some("Telia"))]);
    }

    #[test]
    fn duplicate_attendees_are_listed_once() {
        let md =
            "## Attendees\n\nChristy Berghoff (Federal PKI), Clint Wilson (Apple), Christy Berghoff (Federal PKI)\n";
        assert_eq!(people(md).len(), 2);
    }

    #[test]
    fn a_reference_to_attendees_elsewhere_is_not_a_list() {
        let md = "Attendees: _As marked for the Wednesday meeting session above_\n";
        assert!(people(md).is_empty());
    }

    #[test]
    fn minute_takers_in_every_form() {
        let cases = [
            ("Minute-taker: Iñigo", Some("Iñigo")),
            ("Minute-taker: Joanna. Next minute taker: Corey", Some("Joanna")),
            ("Minute taker: Tomas Gustavsson", Some("Tomas Gustavsson")),
            ("**Minute Taker:** Martijn", Some("Martijn")),
            ("Minutes were taken by Mads Henriksveen, summarized as follows.", Some("Mads Henriksveen")),
            (
                "The meeting was chaired by Iñigo Barreira.  Minutes were prepared by Stephen Davidson.",
                Some("Stephen Davidson"),
            ),
            ("**Note Taker:** Bruce Morton (Entrust)", Some("Bruce Morton")),
            ("**Note Taker:** No update was presented.", None),
            ("### 3. Review Agenda, assign minute taker for next call", None),
        ];
        for (md, want) in cases {
            assert_eq!(minute_taker(&text::blocks(md)).as_deref(), want, "{md}");
        }
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
    fn topics_in_lists_are_not_owners_when_attendees_are_known() {
        let md = "- Subscriber Key Protection to require secure crypto.\n- June Face to Face\n\nTim agreed to same bar, take out controversial.\n";
        let items = action_items(&text::blocks(md), &who(&["Tim Hollebeek", "Dean Coclin"]), d("2021-03-03"));
        assert!(items.is_empty(), "{items:?}");
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
    fn ballot_references_keep_their_sentence() {
        let blocks = text::blocks("### Ballot status \n\nCSC-11 is under IPR review which will be finished by November 3rd. Ballot SC 40v2 waits.\n\n- CSC-6: Subscriber Private Keys (Ian)\n");
        let refs = ballot_refs(&blocks, &WorkingGroup::Cscwg, d("2021-10-07"));
        let got: Vec<(String, String)> = refs.iter().map(|r| (r.id.to_string(), r.sentence.clone())).collect();
        assert_eq!(
            got,
            [
                (
                    "CSC-11".to_string(),
                    "CSC-11 is under IPR review which will be finished by November 3rd.".to_string()
                ),
                ("SC-40".to_string(), "Ballot SC 40v2 waits.".to_string()),
                ("CSC-6".to_string(), "CSC-6: Subscriber Private Keys (Ian)".to_string()),
            ]
        );
    }

    fn who(list: &[&str]) -> Vec<Attendee> {
        list.iter().map(|n| Attendee { name: n.to_string(), org: None }).collect()
    }

    #[test]
    fn action_items_explicit_and_suggested() {
        let attendees = who(&["Corey Bonnell", "Dean Coclin", "Elena Rossi", "Wayne Thayer"]);
        let md = "Corey will prepare the ballot.\n\nDean to re-send the link by October 20.\n\nACTION: Elena Rossi to send the text to the list, due 2026-10-12.\n\nAI: publish the redline\n\nWayne will take minutes for the next meeting.\n\nIt will be discussed next week. Dean will be out next week. Microsoft will vote. Tim to the rescue.\n";
        let items = action_items(&text::blocks(md), &attendees, d("2026-10-07"));
        let got: Vec<(&str, bool, Option<String>)> =
            items.iter().map(|a| (a.owner.as_str(), a.suggested, a.due.map(|d| d.to_string()))).collect();
        assert_eq!(
            got,
            [
                ("Corey Bonnell", true, None),
                ("Dean Coclin", true, Some("2026-10-20".to_string())),
                ("Elena Rossi", false, Some("2026-10-12".to_string())),
                ("unassigned", false, None),
                ("Wayne Thayer", true, None),
            ]
        );
        assert_eq!(items[0].text, "Corey will prepare the ballot.");
    }

    #[test]
    fn items_under_an_action_items_heading_are_explicit() {
        let items = action_items(
            &text::blocks("## Action items\n\n- Dean Coclin: update the agenda\n"),
            &who(&["Dean Coclin"]),
            d("2021-01-01"),
        );
        assert_eq!(items.len(), 1);
        assert!(!items[0].suggested);
        assert_eq!(items[0].owner, "Dean Coclin");
    }

    #[test]
    fn decisions_are_the_sentences_that_record_them() {
        let md = "Meeting minutes from last meeting were approved.\n\nIt was agreed to recommend moving it to the plenary level. Bruce also mentioned that this could impact audits.\n\n### 4. Approval of minutes from last teleconference \n\nApproved.\n";
        assert_eq!(
            decisions(&text::blocks(md)),
            [
                "Meeting minutes from last meeting were approved.",
                "It was agreed to recommend moving it to the plenary level.",
                "Approval of minutes from last teleconference: Approved.",
            ]
        );
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
