//! How each organisation voted: results tables (also broken ones whose cells run together) and
//! vote lists in every wording ("20 Yes votes: …", "CAs voting in favor (7): …", "19 Issuers voting
//! YES: …"), with the counts a post states checked against the names it lists.

use super::BallotFacts;
use crate::ingest::orgs::OrgDictionary;
use crate::ingest::text;
use app::domain::tally::{Category, Choice, Vote};
use regex::Regex;
use std::sync::LazyLock;

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
    list_votes(blocks, orgs, warnings)
}

/// "20 Yes votes: A, B", "CAs voting in favor (7): A, B", "In Favor: Microsoft",
/// "19 Issuers voting YES: A, B", "0 Abstentions", each under a category heading or line.
fn list_votes(
    blocks: &[text::Block],
    orgs: &OrgDictionary,
    warnings: &mut Vec<String>,
) -> (Vec<Vote>, Vec<(Category, Choice, u32)>) {
    static LINE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:(\d+)\s+)?(certificate\s+issuers?|issuers?|cas|certificate\s+consumers?|consumers?)?\s*(?:voting\s+)?(yes|no|abstain(?:ing|s)?|abstentions?|in\s+favou?r|opposed|against)\b(?:\s*votes?\s*s?)?\s*(?:\((\d+)\))?\s*(?::\s*(.*))?$").expect("valid pattern")
    });
    let line_re = &*LINE;
    static BULLET: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\s*(?:[·•\-–—*o]|\d+\.)\s+").expect("valid pattern"));
    let bullet = &*BULLET;
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
