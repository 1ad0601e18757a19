//! How each organisation voted: results tables (also broken ones whose cells run together) and
//! vote lists in every wording ("20 Yes votes: …", "CAs voting in favor (7): …", "19 Issuers voting
//! YES: …"), with the counts a post states checked against the names it lists.

use super::BallotFacts;
use crate::ingest::orgs::OrgDictionary;
use crate::ingest::text;
use app::domain::tally::{Category, Choice, Vote};
use regex::Regex;
use std::sync::LazyLock;

/// The category a heading or label names: issuers ("Certificate Issuers", "CAs") or consumers
/// ("Certificate Consumers", "browsers").
pub(super) fn category_of(text: &str) -> Option<Category> {
    let t = format!(" {} ", text.to_lowercase());
    let issuer = t.contains("issuer") || t.contains(" cas ") || t.contains(" ca ") || t.contains(" cas:");
    let consumer = t.contains("consumer") || t.contains("browser");
    match (issuer, consumer) {
        (true, false) => Some(Category::Issuer),
        (false, true) => Some(Category::Consumer),
        _ => None,
    }
}

const NUMBER_WORDS: [&str; 31] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "twenty-one",
    "twenty-two",
    "twenty-three",
    "twenty-four",
    "twenty-five",
    "twenty-six",
    "twenty-seven",
    "twenty-eight",
    "twenty-nine",
    "thirty",
];

/// A count written as digits ("24", "02", "(7)") or a word ("Seventeen").
pub(super) fn count_of(word: &str) -> Option<u32> {
    let w = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '-').to_lowercase();
    if !w.is_empty() && w.len() <= 3 && w.bytes().all(|b| b.is_ascii_digit()) {
        return w.parse().ok();
    }
    NUMBER_WORDS.iter().position(|n| *n == w).map(|n| n as u32)
}

/// The choice a vote label names, when it names exactly one.
fn choice_in(words: &[String]) -> Option<Choice> {
    let mut found: Option<Choice> = None;
    for (i, w) in words.iter().enumerate() {
        let c = match w.as_str() {
            "yes" | "favor" | "favour" | "approve" => Choice::Yes,
            "no" | "against" | "opposed" | "oppose" | "opposing" => Choice::No,
            w if w.starts_with("abstain") || w.starts_with("abstention") => Choice::Abstain,
            "in" if words.get(i + 1).is_some_and(|n| n == "favor" || n == "favour") => continue,
            _ => continue,
        };
        match found {
            Some(f) if f != c => return None,
            _ => found = Some(c),
        }
    }
    found
}

/// Words a vote label may hold besides its choice, count and category.
const LABEL_WORDS: [&str; 27] = [
    "vote",
    "votes",
    "voted",
    "voting",
    "in",
    "certificate",
    "issuer",
    "issuers",
    "consumer",
    "consumers",
    "ca",
    "cas",
    "browser",
    "browsers",
    "members",
    "member",
    "the",
    "of",
    "from",
    "with",
    "total",
    "received",
    "were",
    "there",
    "a",
    "and",
    "by",
];

/// One line of a vote list: "20 Yes votes: A, B", "CAs voting in favor (7): A, B", "In Favor:
/// Microsoft", "Votes in Favor: (10) A, B", "– 24** Yes votes**: A", "0 Abstentions", "15 voting
/// YES: A, B", "Three Certificate Consumers voted in favor: A, B". `None` unless the part before
/// the list holds nothing but vote words, so prose and rules are never read as votes.
struct VoteLine<'a> {
    category: Option<Category>,
    choice: Choice,
    count: Option<u32>,
    list: Option<&'a str>,
}

fn vote_line(line: &str) -> Option<VoteLine<'_>> {
    let (head, list) = match line.find(':') {
        Some(i) => (&line[..i], Some(&line[i + 1..])),
        None => match line.find(" – ").map(|i| (i, " – ".len())).or_else(|| line.find(" - ").map(|i| (i, 3))) {
            Some((i, len)) => (&line[..i], Some(&line[i + len..])),
            None => (line, None),
        },
    };
    let words: Vec<String> = head
        .split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '“' | '”' | '"' | '\'' | '‘' | '’'))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect();
    if words.is_empty() || words.len() > 8 || head.contains('%') {
        return None;
    }
    let choice = choice_in(&words)?;
    let mut count = None;
    for w in &words {
        if let Some(n) = count_of(w) {
            count = count.or(Some(n));
        } else if choice_in(std::slice::from_ref(w)).is_none() && !LABEL_WORDS.contains(&w.as_str()) {
            return None;
        }
    }
    // "Votes in Favor: (10) A, B": the count opens the list.
    let mut list = list.map(str::trim);
    if let Some(l) = list {
        if let Some(rest) = l.strip_prefix('(') {
            if let Some((n, after)) = rest.split_once(')') {
                if let Some(n) = count_of(n) {
                    count = count.or(Some(n));
                    list = Some(after.trim());
                }
            }
        }
    }
    if count.is_none() && list.is_none_or(|l| l.is_empty()) {
        return None; // a bare "Yes" (a table header) is not a vote line
    }
    Some(VoteLine { category: category_of(head), choice, count, list })
}

/// A line as written, without list bullets and stray emphasis markers ("**24** Yes votes**:").
fn clean_line(raw: &str) -> String {
    static BULLET: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\s*(?:[·•\-–—*o]|\d+\.|\d+\))\s+").expect("valid pattern"));
    let no_markup: String = raw.chars().filter(|c| !matches!(c, '*' | '_' | '\t')).collect();
    BULLET.replace(no_markup.trim(), "").trim().to_string()
}

/// Votes from a results table if the post has one, else from vote lists, else from the prose of
/// older posts ("The Chair received “yes” votes from A, B and C. D and E abstained.").
pub(super) fn votes(
    markdown: &str,
    blocks: &[text::Block],
    orgs: &OrgDictionary,
    warnings: &mut Vec<String>,
) -> (Vec<Vote>, Vec<(Category, Choice, u32)>) {
    let from_table = table_votes(markdown, orgs, warnings);
    if !from_table.is_empty() {
        return (from_table, Vec::new());
    }
    let (mut votes, counts) = list_votes(blocks, orgs, warnings);
    // Older posts mix the two ("The Chair received “yes” votes from: …" then "And “no” votes
    // from: …"): prose adds the organisations the lines did not name.
    let (prose, prose_counts) = prose_votes(blocks, orgs);
    for v in prose {
        if !votes.iter().any(|w| w.org == v.org) {
            votes.push(v);
        }
    }
    (votes, if counts.is_empty() { prose_counts } else { counts })
}

/// Vote lists, one choice per line, each under a category heading or line; a list without a
/// category takes each organisation's known category.
fn list_votes(
    blocks: &[text::Block],
    orgs: &OrgDictionary,
    warnings: &mut Vec<String>,
) -> (Vec<Vote>, Vec<(Category, Choice, u32)>) {
    let mut votes = Vec::new();
    let mut counts = Vec::new();
    let mut category: Option<Category> = None;
    for b in blocks {
        for raw in b.text.lines() {
            let line = clean_line(raw);
            if let Some(v) = vote_line(&line) {
                let cat = v.category.or(category);
                if let (Some(n), Some(cat)) = (v.count, cat) {
                    counts.push((cat, v.choice, n));
                }
                for org in org_list(v.list.unwrap_or(""), orgs, warnings) {
                    let category = cat.unwrap_or_else(|| orgs.category(&org));
                    votes.push(Vote { org, category, choice: v.choice });
                }
            } else if let Some(cat) = category_of(&line) {
                // A category line ("Certificate Issuers", "Voting by Certificate Consumers – 1 vote
                // total", "Voting by browsers") sets the context; sentences about the rules do not.
                let lower = line.to_lowercase();
                let rules = ["bylaw", "requirement", "must", "quorum", "%", "percent", "ballot"];
                if line.split_whitespace().count() <= 12 && !rules.iter().any(|r| lower.contains(r)) {
                    category = Some(cat);
                }
            }
        }
    }
    (votes, counts)
}

/// Votes written in sentences, as the Forum reported them before 2017: "Seventeen voted in favor
/// – A, B and C", "With 6 “yes” votes from CAs (A, B) and 2 “no” votes from Browsers (C and D)",
/// "received “yes” votes from: A, B", "A, B and C abstained", "13 YES votes, 0 NO votes and 3
/// Abstentions from CAs" (counts only). Lists must read as organisation names, so the boilerplate
/// about how to vote is never taken for votes.
fn prose_votes(blocks: &[text::Block], orgs: &OrgDictionary) -> (Vec<Vote>, Vec<(Category, Choice, u32)>) {
    static CUE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r#"(?i)(?:\b(\d{1,3}|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:-[a-z]+)?|thirty)\s+)?(?:(?:["“”‘’']?(yes|no)["“”‘’']?\s+votes?)|(voted\s+in\s+favou?r|votes?\s+in\s+favou?r|voted\s+yes|in\s+favou?r)|(voted\s+against|voted\s+no|opposed|against)|(abstained|abstentions?|abstaining|abstain))\b"#,
        )
        .expect("valid pattern")
    });
    let mut votes: Vec<Vote> = Vec::new();
    let mut counts = Vec::new();
    for b in blocks {
        for sentence in text::sentences(&clean_line(&b.text)) {
            let cues: Vec<regex::Captures> = CUE.captures_iter(&sentence).collect();
            for (k, c) in cues.iter().enumerate() {
                let whole = c.get(0).expect("match");
                let choice = if let Some(w) = c.get(2) {
                    if w.as_str().eq_ignore_ascii_case("yes") {
                        Choice::Yes
                    } else {
                        Choice::No
                    }
                } else if c.get(3).is_some() {
                    Choice::Yes
                } else if c.get(4).is_some() {
                    Choice::No
                } else {
                    Choice::Abstain
                };
                let next = cues.get(k + 1).map(|n| n.get(0).expect("match").start()).unwrap_or(sentence.len());
                let after = &sentence[whole.end()..next];
                // "from CAs (A, B)", "from: A, B", "– A, B", ": A"
                let (category, list) = list_after(after);
                let mut list = list;
                if list.is_none() && matches!(choice, Choice::Abstain)
                    || (list.is_none() && whole.as_str().to_lowercase().starts_with("voted"))
                {
                    // "A, B and C abstained": the names come first.
                    let prev_end = if k > 0 { cues[k - 1].get(0).expect("match").end() } else { 0 };
                    let before = &sentence[prev_end..whole.start()];
                    let before = before.rsplit_once(['.', ';']).map(|(_, b)| b).unwrap_or(before);
                    list = Some(before.trim().trim_start_matches(|c: char| !c.is_alphanumeric()).to_string());
                }
                let count = c.get(1).and_then(|n| count_of(n.as_str()));
                let category = category.or_else(|| category_of(after.split(['(', ':']).next().unwrap_or("")));
                let names = list.as_deref().map(prose_list).unwrap_or_default();
                if let (Some(n), Some(cat)) = (count, category) {
                    counts.push((cat, choice, n));
                }
                for org in names {
                    let category = category.unwrap_or_else(|| orgs.category(&org));
                    if !votes.iter().any(|v| v.org == org) {
                        votes.push(Vote { org, category, choice });
                    }
                }
            }
        }
    }
    (votes, counts)
}

/// The list that follows a vote cue, and the category it names: "from CAs (A, B)" →
/// (issuers, "A, B"); "from: A, B" → (none, "A, B"); "– A and B" → (none, "A and B").
fn list_after(after: &str) -> (Option<Category>, Option<String>) {
    let t = after.trim_start();
    let lower = t.to_lowercase();
    let (category, rest) = match lower.strip_prefix("from") {
        Some(_) => {
            let rest = t[4..].trim_start();
            let first: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
            match category_of(&first) {
                Some(cat) => (Some(cat), rest[first.len()..].trim_start()),
                None => (None, rest),
            }
        }
        None => (None, t),
    };
    let rest = rest.trim_start_matches([':', '–', '—', '-', ' ']);
    if let Some(inner) = rest.strip_prefix('(') {
        let inner = inner.split(')').next().unwrap_or(inner);
        return (category, Some(inner.to_string()));
    }
    if rest.len() < t.len() || t.starts_with([':', '–', '—']) || lower.starts_with("from") {
        return (category, Some(rest.to_string()));
    }
    (category, None)
}

/// A list of organisations in a sentence, or nothing when it does not read as one.
fn prose_list(list: &str) -> Vec<String> {
    let items = split_list(list);
    let good: Vec<String> = items.iter().filter(|i| looks_like_org(i)).cloned().collect();
    if good.is_empty() || good.len() * 3 < items.len() * 2 {
        return Vec::new();
    }
    good
}

/// Could this be an organisation's name? Capitalised (or with a capital inside, "eMudhra"), a
/// few words, and no words of a sentence.
fn looks_like_org(item: &str) -> bool {
    let item = item.trim();
    let words: Vec<&str> = item.split_whitespace().collect();
    if words.is_empty() || words.len() > 7 || item.len() > 80 || item.contains('%') {
        return false;
    }
    // "0 Issuers", "3 browsers" are counts of a category, not names.
    if words.iter().all(|w| {
        let w = w.to_lowercase();
        count_of(&w).is_some() || LABEL_WORDS.contains(&w.trim_matches(|c: char| !c.is_alphanumeric()))
    }) {
        return false;
    }
    // "7", "(10)", "None" are counts and placeholders, not names.
    if item.chars().all(|c| c.is_ascii_digit() || "()[] ".contains(c))
        || ["none", "n/a", "nil", "nobody", "-"].contains(&item.to_lowercase().as_str())
    {
        return false;
    }
    let first = words[0];
    let capital = first.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        || first.chars().any(char::is_uppercase);
    let sentence_words = [
        "the",
        "was",
        "were",
        "is",
        "are",
        "will",
        "must",
        "that",
        "this",
        "vote",
        "votes",
        "voted",
        "ballot",
        "yes",
        "no",
        "or",
        "abstain",
        "abstention",
        "abstentions",
        "abstained",
        "fails",
        "passes",
        "total",
        "members",
    ];
    capital
        && !words
            .iter()
            .any(|w| sentence_words.contains(&w.to_lowercase().trim_matches(|c: char| !c.is_alphanumeric())))
}

/// Splits a list at commas and semicolons outside brackets, and at a final "and"/"&".
fn split_list(list: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    for c in list.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            _ => {}
        }
        if (c == ',' || c == ';') && depth <= 0 {
            parts.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    parts.push(cur);
    let mut out = Vec::new();
    for p in parts {
        let p = p.trim();
        let p = p.strip_prefix("and ").or_else(|| p.strip_prefix("& ")).unwrap_or(p).trim();
        // "A and B" at the top level is two names ("Telia Company and Viking Cloud").
        match top_level_and(p) {
            Some((a, b)) => {
                out.push(a.trim().to_string());
                out.push(b.trim().to_string());
            }
            None => out.push(p.to_string()),
        }
    }
    out.into_iter().map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect()
}

/// The last " and " / " & " outside brackets, splitting "A and B".
fn top_level_and(p: &str) -> Option<(&str, &str)> {
    let mut depth = 0i32;
    let mut found = None;
    for (i, c) in p.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            _ => {}
        }
        if depth == 0 && (p[i..].starts_with(" and ") || p[i..].starts_with(" & ")) {
            found = Some(i);
        }
    }
    let i = found?;
    let sep = if p[i..].starts_with(" and ") { 5 } else { 3 };
    Some((&p[..i], &p[i + sep..]))
}

/// Organisation names from a list cell: comma-separated, "None" for nothing, or run together.
fn org_list(list: &str, orgs: &OrgDictionary, warnings: &mut Vec<String>) -> Vec<String> {
    let mut out = Vec::new();
    for part in split_list(list) {
        let name = strip_sentence_stop(part.trim().trim_matches(|c: char| matches!(c, '"' | '“' | '”' | ','))).trim();
        let lower = name.to_lowercase();
        if !name.chars().any(char::is_alphanumeric)
            || ["none", "n/a", "nil", "nobody", "no one"].contains(&lower.as_str())
        {
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

pub(super) fn check_counts(f: &BallotFacts, warnings: &mut Vec<String>) {
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
