//! Working groups and ballot identifiers, and every spelling of them seen in real posts.
//!
//! Minutes and ballot posts write the same ballot as `SC-68`, `SC68`, `SC-068`, `Ballot SC 40v2`,
//! `CSCWG-7`, `CSWG-07` or `Forum-18`. Everything else in Quorum works with the one normal form
//! `PREFIX-N` produced here, so links, feeds and tallies agree on what "the same ballot" means.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A body that holds meetings and runs ballots.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum WorkingGroup {
    /// Server Certificate Working Group (ballots `SC-n`).
    Scwg,
    /// Code Signing Certificate Working Group (ballots `CSC-n`).
    Cscwg,
    /// S/MIME Certificate Working Group (ballots `SMC-n`).
    Smcwg,
    /// Network Security Working Group (ballots `NS-n`).
    Netsec,
    /// The Forum plenary (ballots `FORUM-n`).
    Forum,
    /// Any other group, by its slug (lowercase letters, digits and dashes).
    Other(String),
}

impl WorkingGroup {
    /// The known groups, in the order the site lists them.
    pub const KNOWN: [WorkingGroup; 5] =
        [WorkingGroup::Scwg, WorkingGroup::Cscwg, WorkingGroup::Smcwg, WorkingGroup::Netsec, WorkingGroup::Forum];

    /// The short, stable name used in URLs, exports and the database.
    pub fn slug(&self) -> &str {
        match self {
            WorkingGroup::Scwg => "scwg",
            WorkingGroup::Cscwg => "cscwg",
            WorkingGroup::Smcwg => "smcwg",
            WorkingGroup::Netsec => "netsec",
            WorkingGroup::Forum => "forum",
            WorkingGroup::Other(s) => s,
        }
    }

    /// The name people read.
    pub fn name(&self) -> String {
        match self {
            WorkingGroup::Scwg => "Server Certificate Working Group".into(),
            WorkingGroup::Cscwg => "Code Signing Certificate Working Group".into(),
            WorkingGroup::Smcwg => "S/MIME Certificate Working Group".into(),
            WorkingGroup::Netsec => "Network Security Working Group".into(),
            WorkingGroup::Forum => "Forum".into(),
            WorkingGroup::Other(s) => s.clone(),
        }
    }

    /// A short label for tight spaces such as table cells and filter buttons.
    pub fn short(&self) -> String {
        match self {
            WorkingGroup::Scwg => "SCWG".into(),
            WorkingGroup::Cscwg => "CSCWG".into(),
            WorkingGroup::Smcwg => "SMCWG".into(),
            WorkingGroup::Netsec => "NetSec".into(),
            WorkingGroup::Forum => "Forum".into(),
            WorkingGroup::Other(s) => s.clone(),
        }
    }

    /// The ballot prefix, for groups that run numbered ballots.
    pub fn ballot_prefix(&self) -> Option<&'static str> {
        match self {
            WorkingGroup::Scwg => Some("SC"),
            WorkingGroup::Cscwg => Some("CSC"),
            WorkingGroup::Smcwg => Some("SMC"),
            WorkingGroup::Netsec => Some("NS"),
            WorkingGroup::Forum => Some("FORUM"),
            WorkingGroup::Other(_) => None,
        }
    }

    /// Reads a filter value from a URL or query (`?wg=scwg`): one of the [`WorkingGroup::KNOWN`]
    /// slugs; nothing, an empty value or `all` means every group. The one parser every filter
    /// (pages, JSON API, feeds) uses, so an unknown group is refused the same way everywhere.
    pub fn parse_filter(value: Option<&str>) -> Result<Option<WorkingGroup>, IdError> {
        match value.map(str::trim).filter(|s| !s.is_empty() && *s != "all") {
            None => Ok(None),
            Some(s) => match s.parse::<WorkingGroup>() {
                Ok(w) if WorkingGroup::KNOWN.contains(&w) => Ok(Some(w)),
                _ => Err(IdError::UnknownFilterGroup(s.to_string())),
            },
        }
    }

    /// Reads a group from a slug or any common name of it (`scwg`, `SCWG`, `Server Certificates`,
    /// `Code Signing`, `S/MIME`, `NetSec`, `Forum`, ...). Unknown names become [`WorkingGroup::Other`]
    /// with a slug made from the name; `None` only for text with no letters or digits at all.
    pub fn from_name(name: &str) -> Option<WorkingGroup> {
        let key: String = name.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_lowercase();
        if key.is_empty() {
            return None;
        }
        let known = match key.as_str() {
            "scwg"
            | "sc"
            | "servercert"
            | "servercertificate"
            | "servercertificates"
            | "servercertificateworkinggroup"
            | "servercertificatewg"
            | "tls" => Some(WorkingGroup::Scwg),
            "cscwg"
            | "cswg"
            | "csc"
            | "codesigning"
            | "codesigningcertificate"
            | "codesigningcertificates"
            | "codesigningcertificateworkinggroup"
            | "codesigningworkinggroup"
            | "codesigningcertificatewg" => Some(WorkingGroup::Cscwg),
            "smcwg"
            | "smc"
            | "smime"
            | "smimecertificate"
            | "smimecertificates"
            | "smimecertificateworkinggroup"
            | "smimeworkinggroup"
            | "smimecertificatewg" => Some(WorkingGroup::Smcwg),
            "netsec"
            | "nswg"
            | "ns"
            | "networksecurity"
            | "networksecurityworkinggroup"
            | "netsecwg"
            | "networksecuritywg" => Some(WorkingGroup::Netsec),
            "forum" | "cabforum" | "cabrowserforum" | "plenary" | "forumplenary" => Some(WorkingGroup::Forum),
            _ => None,
        };
        Some(known.unwrap_or_else(|| WorkingGroup::Other(slugify(name))))
    }
}

impl fmt::Display for WorkingGroup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

impl From<WorkingGroup> for String {
    fn from(wg: WorkingGroup) -> String {
        wg.slug().to_string()
    }
}

impl TryFrom<String> for WorkingGroup {
    type Error = IdError;
    fn try_from(s: String) -> Result<Self, IdError> {
        s.parse()
    }
}

impl FromStr for WorkingGroup {
    type Err = IdError;
    /// Strict: accepts a slug exactly as [`WorkingGroup::slug`] writes it. Use
    /// [`WorkingGroup::from_name`] for free text.
    fn from_str(s: &str) -> Result<Self, IdError> {
        match s {
            "scwg" => Ok(WorkingGroup::Scwg),
            "cscwg" => Ok(WorkingGroup::Cscwg),
            "smcwg" => Ok(WorkingGroup::Smcwg),
            "netsec" => Ok(WorkingGroup::Netsec),
            "forum" => Ok(WorkingGroup::Forum),
            other
                if !other.is_empty()
                    && other.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') =>
            {
                Ok(WorkingGroup::Other(other.to_string()))
            }
            other => Err(IdError::UnknownWorkingGroup(other.to_string())),
        }
    }
}

/// Lowercase ASCII letters and digits joined by single dashes.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let c = fold_accent(c);
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

fn fold_accent(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ñ' => 'n',
        'ç' => 'c',
        'Á' | 'À' | 'Â' | 'Ä' => 'A',
        'É' | 'È' => 'E',
        'Í' => 'I',
        'Ó' | 'Ö' => 'O',
        'Ú' | 'Ü' => 'U',
        'Ñ' => 'N',
        other => other,
    }
}

/// A ballot's identity: its group and number. Versions (`v2`) are not part of it.
///
/// Before the Forum's working groups were formed (July 2018) the Forum numbered its ballots in one
/// series, "Ballot 190"; those are *legacy* ids, written `BALLOT-190`, and never equal to the
/// plenary's later `FORUM-N` ballots of the same number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct BallotId {
    pub wg: WorkingGroup,
    pub number: u32,
    /// A Forum ballot of the numbered series of 2012–2018 (`BALLOT-N`).
    pub legacy: bool,
}

/// The prefix of legacy (2012–2018) Forum ballot ids: `BALLOT-190`.
pub const LEGACY_PREFIX: &str = "BALLOT";

/// The day the Forum's working groups took over ballots (Bylaws 2.0, July 2018): a bare
/// "Ballot N" written after it names a ballot of the group it is written in.
pub fn working_groups_founded() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2018, 7, 1).expect("valid date")
}

impl BallotId {
    pub fn new(wg: WorkingGroup, number: u32) -> BallotId {
        BallotId { wg, number, legacy: false }
    }

    /// A ballot of the Forum's numbered series of 2012–2018 ("Ballot 190").
    pub fn legacy(number: u32) -> BallotId {
        BallotId { wg: WorkingGroup::Forum, number, legacy: true }
    }

    pub fn prefix(&self) -> &'static str {
        if self.legacy {
            LEGACY_PREFIX
        } else {
            self.wg.ballot_prefix().unwrap_or(LEGACY_PREFIX)
        }
    }
}

impl fmt::Display for BallotId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.prefix(), self.number)
    }
}

impl From<BallotId> for String {
    fn from(id: BallotId) -> String {
        id.to_string()
    }
}

impl TryFrom<String> for BallotId {
    type Error = IdError;
    fn try_from(s: String) -> Result<Self, IdError> {
        s.parse()
    }
}

impl FromStr for BallotId {
    type Err = IdError;
    /// Accepts one ballot id in any spelling seen in the wild, optionally with a leading
    /// `Ballot` and a trailing version: `SC-68`, `sc68`, `SC-068`, `Ballot SC-68 v2`, `Forum-18`.
    fn from_str(s: &str) -> Result<Self, IdError> {
        parse_ballot_id(s).map(|(id, _)| id)
    }
}

/// Parses a single ballot id with its optional version (`CSC-7v2` → (`CSC-7`, Some(2))).
/// `BALLOT-190` and `Ballot 190` are the legacy Forum ballot 190.
pub fn parse_ballot_id(s: &str) -> Result<(BallotId, Option<u32>), IdError> {
    let trimmed = s.trim();
    let legacy_number = |digits: &str| {
        (!digits.is_empty() && digits.len() <= 4 && digits.bytes().all(|b| b.is_ascii_digit()))
            .then(|| digits.parse::<u32>().ok())
            .flatten()
            .filter(|n| *n > 0)
    };
    let word = trimmed.get(..LEGACY_PREFIX.len()).filter(|w| w.eq_ignore_ascii_case(LEGACY_PREFIX));
    let after = trimmed.get(LEGACY_PREFIX.len()..).and_then(|r| r.strip_prefix(['-', ' ']));
    if let (Some(_), Some(n)) = (word, after.and_then(|r| legacy_number(r.trim()))) {
        return Ok((BallotId::legacy(n), None));
    }
    let rest = strip_word(trimmed, "ballots").or_else(|| strip_word(trimmed, "ballot")).unwrap_or(trimmed).trim_start();
    let upper = rest.to_ascii_uppercase();
    let found = scan(&upper, true);
    match found.first() {
        Some(m) if m.start == 0 && upper[m.end..].trim().is_empty() => Ok((m.id.clone(), m.version)),
        _ => Err(IdError::NotABallotId(s.to_string())),
    }
}

fn strip_word<'a>(s: &'a str, word: &str) -> Option<&'a str> {
    let head = s.get(..word.len())?;
    if head.eq_ignore_ascii_case(word) {
        let rest = &s[word.len()..];
        if rest.starts_with(|c: char| c.is_whitespace() || c == ':') {
            return Some(rest.trim_start_matches(|c: char| c.is_whitespace() || c == ':'));
        }
    }
    None
}

/// One ballot id found in running text, with its byte range in that text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BallotMention {
    pub id: BallotId,
    pub version: Option<u32>,
    pub start: usize,
    pub end: usize,
    /// Written without a group prefix ("Ballot 18"): `id` is then the legacy Forum ballot, and
    /// [`BallotMention::resolve`] says what it names where it was written.
    pub bare: bool,
    /// A year written right after a bare mention ("Ballot 118 (2014)").
    pub year_hint: Option<i32>,
}

impl BallotMention {
    /// The ballot a mention names in a post of group `wg` written on `on`. A bare "Ballot N"
    /// before the working groups (July 2018), or dated by a year before then, is the legacy
    /// Forum ballot N; after it, the ballot N of the group the text is about (`FORUM-N` in
    /// plenary minutes). Ids written with a prefix are what they say.
    pub fn resolve(&self, wg: Option<&WorkingGroup>, on: chrono::NaiveDate) -> BallotId {
        if !self.bare {
            return self.id.clone();
        }
        let founded = working_groups_founded();
        let old_year = self.year_hint.map(|y| y < 2018).unwrap_or(false);
        // The groups numbered from 1 in July 2018 and have run well under fifteen ballots a year:
        // "Ballot 206" in a 2018 working-group meeting, or "Ballot 202 redux" in 2021, is the
        // Forum's old numbered ballot.
        let years = (on - founded).num_days().max(0) as u32 / 365;
        let plausible = self.id.number <= 20 + 15 * (years + 1);
        match wg.filter(|w| w.ballot_prefix().is_some()) {
            Some(w) if on >= founded && !old_year && plausible => BallotId::new(w.clone(), self.id.number),
            _ => self.id.clone(),
        }
    }
}

/// Every ballot id mentioned in `text`, in order of appearance.
///
/// Prefixes must stand as their own word (`SC-68` but not `DESC-68`), upper case as the Forum
/// writes them; `Forum`/`FORUM` needs its dash (`Forum-18`) so that "Forum 2021" is not a ballot.
pub fn find_ballot_ids(text: &str) -> Vec<BallotMention> {
    scan(text, false)
}

// Longer prefixes first so `CSCWG-7` is not read as `CSC` followed by junk.
const PREFIXES: [(&str, WorkingGroup); 10] = [
    ("CSCWG", WorkingGroup::Cscwg),
    ("CSWG", WorkingGroup::Cscwg),
    ("SCWG", WorkingGroup::Scwg),
    ("SMCWG", WorkingGroup::Smcwg),
    ("FORUM", WorkingGroup::Forum),
    ("Forum", WorkingGroup::Forum),
    ("CSC", WorkingGroup::Cscwg),
    ("SMC", WorkingGroup::Smcwg),
    ("SC", WorkingGroup::Scwg),
    ("NS", WorkingGroup::Netsec),
];

fn scan(text: &str, whole: bool) -> Vec<BallotMention> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        // An ASCII letter is always a character boundary, so the character before it can be read.
        if !bytes[i].is_ascii_alphabetic() || text[..i].chars().next_back().is_some_and(is_word_char) {
            i += 1;
            continue;
        }
        let mut matched = None;
        for (prefix, wg) in PREFIXES.iter() {
            if text[i..].starts_with(prefix) {
                if let Some(m) = match_after_prefix(text, i, prefix.len(), wg, whole) {
                    matched = Some(m);
                    break;
                }
            }
        }
        if matched.is_none() && !whole {
            if let Some(m) = forum_short(text, i) {
                i = m.end;
                out.push(m);
                continue;
            }
            let bare = bare_mentions(text, i);
            if let Some(last) = bare.last() {
                i = last.end;
                out.extend(bare);
                continue;
            }
        }
        match matched {
            Some(m) => {
                i = m.end;
                if !in_link(text, m.start) {
                    out.push(m);
                }
            }
            None => i += 1,
        }
    }
    out
}

/// Is `at` inside a URL or file name ("…/20250610_CAB-Forum_65_ACAB'c_presentation")?
fn in_link(text: &str, at: usize) -> bool {
    // After the last whitespace character before `at`, which may be wider than one byte (U+00A0).
    let token_start =
        text[..at].char_indices().rev().find(|(_, c)| c.is_whitespace()).map(|(i, c)| i + c.len_utf8()).unwrap_or(0);
    let token_end = text[at..].find(char::is_whitespace).map(|i| at + i).unwrap_or(text.len());
    let token = &text[token_start..token_end];
    token.contains("://") || token.starts_with("www.") || text[token_start..at].contains('/')
}

/// "Ballot 190", "ballot #157", "Ballots 96, 97, 99, 102 and 105" at `start`: numbers after the
/// word ballot, as bare mentions. A number followed by a unit ("ballot 2 weeks") is not one.
fn bare_mentions(text: &str, start: usize) -> Vec<BallotMention> {
    let rest = &text[start..];
    let word_len = ["Ballots", "BALLOTS", "ballots", "Ballot", "BALLOT", "ballot"]
        .iter()
        .find(|w| rest.starts_with(*w))
        .map(|w| w.len());
    let Some(word_len) = word_len else { return Vec::new() };
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut j = start + word_len;
    let mut first = true;
    loop {
        // Separator before the number: one space or dash (and '#') after the word; ", ", " and ",
        // " & " between numbers of a list.
        let seps: &[&str] =
            if first { &[" #", " ", "-", "#", "\u{a0}"] } else { &[", and ", ", ", " and ", " & ", ",", "/"] };
        let Some(sep) = seps.iter().find(|s| text[j..].starts_with(**s)) else { break };
        let digits_start = j + sep.len();
        let mut k = digits_start;
        while k < bytes.len() && bytes[k].is_ascii_digit() {
            k += 1;
        }
        let digits = &text[digits_start..k];
        if digits.is_empty() || digits.len() > 3 || digits.starts_with('0') {
            break;
        }
        // "Ballot 1.7" is a section, "Ballot 12abc" is not a number, "ballot 2 weeks" a duration.
        if k < bytes.len()
            && (word_at(text, k) || (bytes[k] == b'.' && bytes.get(k + 1).is_some_and(u8::is_ascii_digit)))
        {
            break;
        }
        let after = text[k..].trim_start().to_ascii_lowercase();
        let units = ["day", "week", "month", "year", "hour", "minute", "vote", "member", "percent", "%", "time", "of "];
        if units.iter().any(|u| after.starts_with(u)) {
            break;
        }
        let Ok(number) = digits.parse::<u32>() else { break };
        let year_hint = {
            let t = text[k..].trim_start();
            t.strip_prefix('(')
                .and_then(|t| t.get(..5))
                .filter(|y| y.ends_with(')') && y[..4].bytes().all(|b| b.is_ascii_digit()))
                .and_then(|y| y[..4].parse().ok())
        };
        out.push(BallotMention {
            id: BallotId::legacy(number),
            version: None,
            start: if first { start } else { digits_start },
            end: k,
            bare: true,
            year_hint,
        });
        first = false;
        j = k;
    }
    out
}

/// "Ballot F-37" (any dash, or none): the Forum's own short form, only after the word ballot.
fn forum_short(text: &str, start: usize) -> Option<BallotMention> {
    let rest = &text[start..];
    let word = ["Ballot ", "ballot ", "BALLOT ", "Ballot\u{a0}"].into_iter().find(|w| rest.starts_with(w))?;
    let after = rest[word.len()..].strip_prefix('F')?;
    let dash = ["-", "\u{2011}", "\u{2010}", "\u{2013}", ""].into_iter().find(|d| after.starts_with(d))?;
    let digits: String = after[dash.len()..].chars().take_while(char::is_ascii_digit).collect();
    let end = start + word.len() + 1 + dash.len() + digits.len();
    if digits.is_empty() || digits.len() > 3 || digits.starts_with('0') || word_at(text, end) {
        return None;
    }
    let number = digits.parse().ok()?;
    Some(BallotMention {
        id: BallotId::new(WorkingGroup::Forum, number),
        version: None,
        start,
        end,
        bare: false,
        year_hint: None,
    })
}

/// Does a word character start at byte `at` (a character boundary)?
fn word_at(text: &str, at: usize) -> bool {
    text.get(at..).and_then(|t| t.chars().next()).is_some_and(is_word_char)
}

/// Letters and digits of any script continue a word; spaces (U+00A0 too), punctuation and an
/// underscore end it (minutes write `_SC34 …_` for emphasis).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn match_after_prefix(
    text: &str,
    start: usize,
    prefix_len: usize,
    wg: &WorkingGroup,
    whole: bool,
) -> Option<BallotMention> {
    let bytes = text.as_bytes();
    let mut j = start + prefix_len;
    let is_forum = matches!(wg, WorkingGroup::Forum);
    // Separator: a dash (any kind), an underscore or one space; Forum needs a dash unless the
    // caller gave us a whole id to read.
    let mut sep = 0;
    if let Some(rest) = text.get(j..) {
        for dash in ["-", "_", "\u{2013}", "\u{2011}", " "] {
            if rest.starts_with(dash) {
                sep = dash.len();
                break;
            }
        }
    }
    let space_sep = text.get(j..j + sep) == Some(" ");
    // "FORUM-21" and "Forum21", not "Forum 21" (a meeting, a year).
    if is_forum && !whole && space_sep {
        return None;
    }
    if space_sep && wg == &WorkingGroup::Netsec && !whole {
        return None;
    }
    j += sep;
    let digits_start = j;
    while j < bytes.len() && bytes[j].is_ascii_digit() {
        j += 1;
    }
    let digits = &text[digits_start..j];
    if digits.is_empty() || digits.len() > 4 {
        return None;
    }
    // "SC 1.7.3" or "SC-68.5" are section numbers, not ballots.
    if j + 1 < bytes.len() && bytes[j] == b'.' && bytes[j + 1].is_ascii_digit() {
        return None;
    }
    let number: u32 = digits.parse().ok()?;
    if number == 0 {
        return None;
    }
    // Optional version: "v2", " v2", "-v2", "V3".
    let mut end = j;
    let mut version = None;
    let mut k = j;
    if k < bytes.len() && (bytes[k] == b' ' || bytes[k] == b'-') {
        k += 1;
    }
    if k < bytes.len() && (bytes[k] == b'v' || bytes[k] == b'V') {
        let vs = k + 1;
        let mut ve = vs;
        while ve < bytes.len() && bytes[ve].is_ascii_digit() {
            ve += 1;
        }
        if ve > vs && !word_at(text, ve) {
            version = text[vs..ve].parse().ok();
            end = ve;
        }
    }
    if version.is_none() && word_at(text, end) {
        // "SC68abc" is not an id.
        return None;
    }
    Some(BallotMention { id: BallotId::new(wg.clone(), number), version, start, end, bare: false, year_hint: None })
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("\"{0}\" is not a ballot id (expected e.g. SC-68, CSC-21, SMC-6, NS-3 or FORUM-18)")]
    NotABallotId(String),
    #[error("\"{0}\" is not a working group (expected scwg, cscwg, smcwg, netsec, forum or a lowercase slug)")]
    UnknownWorkingGroup(String),
    #[error("unknown working group \"{0}\" (expected scwg, cscwg, smcwg, netsec or forum)")]
    UnknownFilterGroup(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> String {
        s.parse::<BallotId>().map(|b| b.to_string()).unwrap_or_else(|e| format!("error: {e}"))
    }

    #[test]
    fn every_spelling_seen_in_the_wild_normalises_to_prefix_dash_number() {
        let cases = [
            ("SC-68", "SC-68"),
            ("SC68", "SC-68"),
            ("SC-068", "SC-68"),
            ("sc68", "SC-68"),
            ("Ballot SC-68 v2", "SC-68"),
            ("Ballot SC 40v2", "SC-40"),
            ("Forum-18", "FORUM-18"),
            ("FORUM-20v2", "FORUM-20"),
            ("CSC-7v2", "CSC-7"),
            ("CSCWG-7", "CSC-7"),
            ("CSWG-07", "CSC-7"),
            ("SMC06", "SMC-6"),
            ("SMC-6", "SMC-6"),
            ("NS-003", "NS-3"),
            ("Ballot: CSC-11", "CSC-11"),
            ("Ballots CSC-21", "CSC-21"),
            ("CSC-8 v3", "CSC-8"),
        ];
        for (input, want) in cases {
            assert_eq!(id(input), want, "parsing {input:?}");
        }
    }

    #[test]
    fn legacy_forum_ballots_have_their_own_series() {
        for input in ["BALLOT-190", "Ballot 190", "ballot-190", "Ballot-190"] {
            let id: BallotId = input.parse().unwrap();
            assert_eq!(
                (id.to_string(), id.legacy, id.wg.clone()),
                ("BALLOT-190".to_string(), true, WorkingGroup::Forum),
                "{input}"
            );
        }
        assert_ne!("BALLOT-18".parse::<BallotId>().unwrap(), "FORUM-18".parse::<BallotId>().unwrap());
        let json = serde_json::to_string(&BallotId::legacy(157)).unwrap();
        assert_eq!(json, "\"BALLOT-157\"");
        assert_eq!(serde_json::from_str::<BallotId>(&json).unwrap(), BallotId::legacy(157));
    }

    #[test]
    fn bare_ballot_numbers_in_text_are_mentions_resolved_by_where_and_when_they_were_written() {
        let found = find_ballot_ids(
            "Ballot 157 passed. See ballots 96, 97, 99, 102 and 105; the ballot 2 weeks ago; Ballot 118 (2014).",
        );
        let ids: Vec<String> = found.iter().map(|m| m.id.to_string()).collect();
        assert_eq!(
            ids,
            ["BALLOT-157", "BALLOT-96", "BALLOT-97", "BALLOT-99", "BALLOT-102", "BALLOT-105", "BALLOT-118"]
        );
        assert!(found.iter().all(|m| m.bare));
        let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let m = &find_ballot_ids("Ballot 67: new version sent")[0];
        assert_eq!(m.resolve(Some(&WorkingGroup::Scwg), day("2024-09-12")).to_string(), "SC-67");
        assert_eq!(m.resolve(Some(&WorkingGroup::Forum), day("2024-09-12")).to_string(), "FORUM-67");
        assert_eq!(m.resolve(Some(&WorkingGroup::Scwg), day("2016-03-31")).to_string(), "BALLOT-67");
        assert_eq!(m.resolve(None, day("2024-09-12")).to_string(), "BALLOT-67");
        assert_eq!(found[6].resolve(Some(&WorkingGroup::Scwg), day("2026-01-24")).to_string(), "BALLOT-118");
        let prefixed = &find_ballot_ids("Ballot SC-68")[0];
        assert!(!prefixed.bare);
        assert_eq!(prefixed.resolve(Some(&WorkingGroup::Forum), day("2016-01-01")).to_string(), "SC-68");
    }

    #[test]
    fn text_that_only_looks_like_an_id_is_rejected() {
        for input in ["SCXX", "SC-0", "Forum", "SC68abc", "hello", "", "SC-12345"] {
            assert!(input.parse::<BallotId>().is_err(), "{input:?} should not parse");
        }
    }

    #[test]
    fn a_version_suffix_is_reported_separately_from_the_id() {
        let (id, v) = parse_ballot_id("CSC-7v2").unwrap();
        assert_eq!((id.to_string(), v), ("CSC-7".to_string(), Some(2)));
        let (_, v) = parse_ballot_id("SC-68").unwrap();
        assert_eq!(v, None);
    }

    #[test]
    fn mentions_are_found_in_running_text_with_their_positions() {
        let text = "CSC-11 is under IPR review; Ballot SC 40v2 and SMC06 next. Forum 2021, DESC-5, ISO 21188.";
        let found: Vec<String> = find_ballot_ids(text).iter().map(|m| m.id.to_string()).collect();
        assert_eq!(found, ["CSC-11", "SC-40", "SMC-6"]);
        let first = &find_ballot_ids(text)[0];
        assert_eq!(&text[first.start..first.end], "CSC-11");
    }

    #[test]
    fn section_numbers_and_lowercase_words_are_not_mentions() {
        assert!(find_ballot_ids("see SC 1.7.3 and the sc-5 typo and ns 3").is_empty());
    }

    #[test]
    fn forum_needs_a_dash_in_running_text() {
        let found: Vec<String> =
            find_ballot_ids("Ballot Forum-17 passed; FORUM-18 too").iter().map(|m| m.id.to_string()).collect();
        assert_eq!(found, ["FORUM-17", "FORUM-18"]);
    }

    #[test]
    fn working_groups_are_read_from_their_common_names() {
        let cases = [
            ("Server Certificates", "scwg"),
            ("Code Signing", "cscwg"),
            ("S/MIME", "smcwg"),
            ("Network Security", "netsec"),
            ("NetSec", "netsec"),
            ("Forum", "forum"),
            ("Some New Group", "some-new-group"),
        ];
        for (name, slug) in cases {
            assert_eq!(WorkingGroup::from_name(name).unwrap().slug(), slug, "{name}");
        }
        assert_eq!(WorkingGroup::from_name("  / "), None);
    }

    #[test]
    fn filters_accept_the_known_groups_or_all_and_refuse_the_rest() {
        assert_eq!(WorkingGroup::parse_filter(None), Ok(None));
        assert_eq!(WorkingGroup::parse_filter(Some(" ")), Ok(None));
        assert_eq!(WorkingGroup::parse_filter(Some("all")), Ok(None));
        assert_eq!(WorkingGroup::parse_filter(Some("smcwg")), Ok(Some(WorkingGroup::Smcwg)));
        let err = WorkingGroup::parse_filter(Some("bogus")).unwrap_err();
        assert_eq!(err.to_string(), "unknown working group \"bogus\" (expected scwg, cscwg, smcwg, netsec or forum)");
        assert!(WorkingGroup::parse_filter(Some("SCWG")).is_err());
    }

    #[test]
    fn ids_round_trip_through_json_as_strings() {
        let id: BallotId = "SC-68".parse().unwrap();
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, "\"SC-68\"");
        assert_eq!(serde_json::from_str::<BallotId>(&json).unwrap(), id);
        assert!(serde_json::from_str::<WorkingGroup>("\"Bad Slug\"").is_err());
    }

    #[test]
    fn slugs_fold_accents_and_collapse_punctuation() {
        assert_eq!(slugify("Iñigo's  Group / 2021"), "inigo-s-group-2021");
    }

    #[test]
    fn ids_after_wide_whitespace_characters_are_found() {
        for text in ["see\u{a0}SC-68 now", "see\u{85}SC-68", "x\u{2003}\u{a0}SC-68/ y", "(SC-68\u{a0}v2)"] {
            let found: Vec<String> = find_ballot_ids(text).iter().map(|m| m.id.to_string()).collect();
            assert_eq!(found, ["SC-68"], "{text:?}");
        }
        assert!(find_ballot_ids("ÜSC-68 SC-68é").is_empty());
    }

    #[test]
    fn forum_ballots_in_their_short_and_run_together_forms() {
        for (text, want) in [
            ("implementation of Ballot F\u{2011}37.", vec!["FORUM-37"]),
            ("Ballot F-8 passed", vec!["FORUM-8"]),
            ("Dimitris indicated that Forum21 Ballot has passed.", vec!["FORUM-21"]),
            ("the Forum 21 attendees; F-37 alone; Ballot Fx-3", vec![]),
        ] {
            let found: Vec<String> = find_ballot_ids(text).iter().map(|m| m.id.to_string()).collect();
            assert_eq!(found, want, "{text:?}");
        }
    }
}
