//! Who attended: attendee lists under any "Attendees"/"Attendance"/"Roll Call" label, as
//! "Name (Org)", "Name - (Org)", "Org (Name)", "- Name – Org" or bare names.

use crate::ingest::text::{self, Block, BlockKind};
use app::model::Attendee;
use regex::Regex;
use std::sync::LazyLock;

fn label_kind(text: &str) -> Option<(u8, &str)> {
    static LABEL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)^\s*(?:\d+\.\s*)?(attendees|attendance|participants|present|roll\s*call)\b[^:\n]*?(?::\s*(.*))?$",
        )
        .expect("valid pattern")
    });
    let label = &*LABEL;
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
