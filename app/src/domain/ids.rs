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
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct BallotId {
    pub wg: WorkingGroup,
    pub number: u32,
}

impl BallotId {
    pub fn new(wg: WorkingGroup, number: u32) -> BallotId {
        BallotId { wg, number }
    }

    pub fn prefix(&self) -> &'static str {
        self.wg.ballot_prefix().unwrap_or("BALLOT")
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
pub fn parse_ballot_id(s: &str) -> Result<(BallotId, Option<u32>), IdError> {
    let trimmed = s.trim();
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
        let at_word_start = i == 0 || !is_word_byte(bytes[i - 1]);
        if !at_word_start || !bytes[i].is_ascii_alphabetic() {
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
        match matched {
            Some(m) => {
                i = m.end;
                out.push(m);
            }
            None => i += 1,
        }
    }
    out
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
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
    if is_forum && !whole && (sep == 0 || space_sep) {
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
        if ve > vs && (ve == bytes.len() || !is_word_byte(bytes[ve])) {
            version = text[vs..ve].parse().ok();
            end = ve;
        }
    }
    if version.is_none() && end < bytes.len() && is_word_byte(bytes[end]) {
        // "SC68abc" is not an id.
        return None;
    }
    Some(BallotMention { id: BallotId::new(wg.clone(), number), version, start, end })
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("\"{0}\" is not a ballot id (expected e.g. SC-68, CSC-21, SMC-6, NS-3 or FORUM-18)")]
    NotABallotId(String),
    #[error("\"{0}\" is not a working group (expected scwg, cscwg, smcwg, netsec, forum or a lowercase slug)")]
    UnknownWorkingGroup(String),
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
}
