//! Who attended: attendee lists under any "Attendees"/"Attendance"/"Roll Call" label, as
//! "Name (Org)", "Name - (Org)", "Org (Name)", "- Name – Org" or bare names.

use crate::ingest::text::{self, Block, BlockKind};
use app::model::Attendee;
use regex::Regex;
use std::sync::LazyLock;

/// An attendance label on one of the block's lines ("Attendees: …", "**Roll Call**",
/// "Attendance", "Present: …"), with its priority (attendee lists beat roll calls) and the text
/// after it.
fn label_kind(text: &str) -> Option<(u8, &str)> {
    static LABEL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)^\s*(?:\d+\.\s*)?(attendees|attendance|participants|present|roll\s*call)\b[^:\n]*?(?::\s*(.*))?$",
        )
        .expect("valid pattern")
    });
    let mut offset = 0;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let bare = line.trim_end_matches(['\n', '\r']);
        if let Some(caps) = LABEL.captures(bare) {
            let word = caps.get(1)?.as_str().to_lowercase();
            // A label line must be a label, not prose that starts with "Present…" or mentions
            // attendance: short, or followed by a list after its colon.
            if caps.get(2).is_some() || bare.split_whitespace().count() <= 6 {
                let priority = if word.starts_with("roll") { 1 } else { 0 };
                let rest_start = caps.get(2).map(|m| offset + m.start()).unwrap_or(offset + bare.len());
                // Inline lists ("Attendees: A (X), B (Y)") continue on following lines of the paragraph.
                return Some((priority, &text[rest_start..]));
            }
        }
        // Only the first lines can hold the label ("1. Roll Call\nAttendees: …").
        if n >= 2 {
            break;
        }
        offset += line.len();
    }
    None
}

/// Sub-headings inside an attendance section that group people ("In the room", "On WebEx",
/// "Remote", "Day 1"), which the list continues past.
fn continues_list(heading: &Block, level: u8) -> bool {
    match heading.kind {
        BlockKind::Heading(l) => l > level && heading.text.split_whitespace().count() <= 5,
        _ => false,
    }
}

/// Does a paragraph read as (part of) a list of names rather than prose? Most of its
/// comma-separated parts must be names or bracketed organisations.
fn reads_as_names(text: &str) -> bool {
    let parts: Vec<&str> = text.split([',', ';', '\n']).map(str::trim).filter(|p| !p.is_empty()).collect();
    if parts.is_empty() || text.contains(". ") && parts.len() < 3 {
        return false;
    }
    let names = parts
        .iter()
        .filter(|p| {
            let (outer, _) = split_parens(p);
            p.starts_with('(') || looks_like_person(&outer) || looks_like_person(p)
        })
        .count();
    names * 10 >= parts.len() * 6
}

/// Attendees from the "Attendees"/"Attendance"/"Roll Call" sections, de-duplicated by name.
/// Lists under an attendees heading are preferred to roll-call ones. A list may be wrapped over
/// several paragraphs (a name and its organisation even split between them) and grouped under
/// sub-headings ("In the room", "On WebEx").
pub fn attendees(blocks: &[Block]) -> Vec<Attendee> {
    attendees_noting(blocks, &mut Vec::new())
}

/// [`attendees`], with notes about entries that had to be repaired.
pub fn attendees_noting(blocks: &[Block], notes: &mut Vec<String>) -> Vec<Attendee> {
    let mut best: [Vec<Attendee>; 2] = [Vec::new(), Vec::new()];
    let mut i = 0;
    while i < blocks.len() {
        let b = &blocks[i];
        let Some((priority, rest)) = label_kind(&b.text) else {
            i += 1;
            continue;
        };
        let level = match b.kind {
            BlockKind::Heading(l) => l,
            _ => 6,
        };
        let heading_like = b.is_heading() || (rest.trim().is_empty() && b.text.split_whitespace().count() <= 6);
        let mut texts: Vec<(String, bool)> = Vec::new();
        if !rest.trim().is_empty() {
            texts.push((rest.to_string(), false));
        }
        if heading_like || reads_as_names(rest) {
            let mut j = i + 1;
            let mut names_seen = !rest.trim().is_empty();
            while j < blocks.len() && label_kind(&blocks[j].text).is_none() {
                let next = &blocks[j];
                if next.is_heading() {
                    if continues_list(next, level) {
                        // A new group of people ("On WebEx") starts its own list.
                        texts.push((String::new(), true));
                        j += 1;
                        continue;
                    }
                    break;
                }
                let is_item = next.kind == BlockKind::Item;
                if is_item && !heading_like {
                    break; // "1. Present: …" is one item; the next item is the next topic
                }
                let wrapped = next.text.trim_start().starts_with('(')
                    || texts.last().is_some_and(|(t, _)| t.trim_end().ends_with(','))
                    || (heading_like && next.text.matches(',').count() >= 2);
                if next.kind == BlockKind::Paragraph && names_seen && !(wrapped && reads_as_names(&next.text)) {
                    break; // prose after the list
                }
                if next.kind == BlockKind::Paragraph && !is_item {
                    // A list hard-wrapped into paragraphs: "… Adam Jones" + "(Microsoft), …".
                    match texts.last_mut() {
                        Some((prev, false)) if names_seen && next.text.trim_start().starts_with('(') => {
                            prev.push(' ');
                            prev.push_str(&next.text);
                        }
                        Some((prev, false)) if names_seen => {
                            // A list broken mid-entry ("… Antti" + "Backman (Nexus), …") joins with
                            // a space; one broken after a comma starts a new line of names.
                            prev.push_str(if prev.trim_end().ends_with([',', ';']) { "\n" } else { " " });
                            prev.push_str(&next.text);
                        }
                        _ => texts.push((next.text.clone(), false)),
                    }
                } else {
                    texts.push((next.text.clone(), is_item));
                }
                names_seen = true;
                j += 1;
            }
        }
        let found: Vec<Attendee> = texts.iter().flat_map(|(t, item)| parse_list_noting(t, *item, notes)).collect();
        best[priority as usize].extend(found);
        i += 1;
    }
    let chosen = if best[0].is_empty() { std::mem::take(&mut best[1]) } else { std::mem::take(&mut best[0]) };
    split_known_orgs(dedupe(chosen))
}

/// "Stefan Kirch Telekom Security" in a list where others attend for Telekom Security: the
/// organisation written after the name without a separator, recognised from the rest of the list.
fn split_known_orgs(list: Vec<Attendee>) -> Vec<Attendee> {
    let orgs: Vec<String> = list.iter().filter_map(|a| a.org.clone()).collect();
    let most_name_orgs = orgs.len() * 2 > list.len();
    list.into_iter()
        .map(|a| {
            if a.org.is_some() {
                return a;
            }
            // "Peter Miskovic-Disig": the organisation after a hyphen.
            if let Some((name, org)) = a.name.rsplit_once('-') {
                if let Some(org) = orgs.iter().find(|o| text::fold(o) == text::fold(org)) {
                    return Attendee { name: name.trim().to_string(), org: Some(org.clone()) };
                }
                // "Tadahiko ITO-SECOM" in a list where most people name their organisation: a
                // capitalised word hyphen-joined to a full name is one too ("Jean-Luc Picard",
                // one word before the hyphen, is a name).
                let org = org.trim();
                if most_name_orgs
                    && name.split_whitespace().count() >= 2
                    && !org.contains(' ')
                    && org.chars().next().is_some_and(char::is_uppercase)
                    && looks_like_person(name)
                {
                    return Attendee { name: name.trim().to_string(), org: Some(org.to_string()) };
                }
            }
            let words: Vec<&str> = a.name.split_whitespace().collect();
            for k in 1..words.len().saturating_sub(1) {
                let tail = words[words.len() - k..].join(" ");
                if let Some(org) = orgs.iter().find(|o| text::fold(o) == text::fold(&tail)) {
                    return Attendee { name: words[..words.len() - k].join(" "), org: Some(org.clone()) };
                }
            }
            a
        })
        .collect()
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
    parse_list_noting(text, one_per_item, &mut Vec::new())
}

/// [`parse_list`], noting entries it had to repair (an unclosed bracket).
fn parse_list_noting(text: &str, one_per_item: bool, notes: &mut Vec<String>) -> Vec<Attendee> {
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
        for part in split_top_level(line) {
            parts.extend(recover_unclosed(&part, notes));
        }
    }
    let with_parens: Vec<&String> = parts.iter().filter(|p| p.contains('(')).collect();
    let reversed = is_reversed(&with_parens);
    let parts = if reversed { merge_reversed(parts) } else { parts.into_iter().flat_map(|p| shared_org(&p)).collect() };
    parts.iter().filter_map(|p| parse_person(p, reversed, one_per_item)).collect()
}

/// "Atilla + Volkan and Kubra (TurkTrust)": several people before one organisation, each written
/// as "Name (Org)"; any other entry as it is.
fn shared_org(part: &str) -> Vec<String> {
    let (names, org) = match part.find('(') {
        Some(open) => (&part[..open], &part[open..]),
        None => (part, ""),
    };
    let pieces: Vec<&str> = names.split(" + ").flat_map(|p| p.split(" and ")).map(str::trim).collect();
    if pieces.len() > 1 && pieces.iter().all(|p| looks_like_person(p)) {
        pieces.iter().map(|p| format!("{p} {org}").trim().to_string()).collect()
    } else {
        vec![part.to_string()]
    }
}

/// "Ben Carter (Sample Browser, Carla Diaz (Contoso Trust)": a bracket left open swallows the
/// people after it. Split it again at the commas that start a new "Name (Org)" entry, and note it.
fn recover_unclosed(part: &str, notes: &mut Vec<String>) -> Vec<String> {
    if part.matches('(').count() <= part.matches(')').count() || !part.contains(", ") {
        return vec![part.to_string()];
    }
    let mut pieces: Vec<String> = Vec::new();
    let mut cur = String::new();
    let chunks: Vec<&str> = part.split(", ").collect();
    for (k, chunk) in chunks.iter().enumerate() {
        // A chunk that reads "Name (Org…" or "Name" after an unclosed bracket starts a new entry.
        let starts_entry = k > 0 && {
            let (outer, _) = split_parens(chunk);
            looks_like_person(&outer) && chunk.contains('(')
        };
        if starts_entry && !cur.is_empty() {
            pieces.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push_str(", ");
        }
        cur.push_str(chunk);
    }
    pieces.push(cur);
    if pieces.len() > 1 {
        notes.push(format!(
            "the attendee entry \"{}\" has an unclosed bracket; it was read as {} entries",
            pieces[0].trim(),
            pieces.len()
        ));
        // Close what was left open so the organisation reads as written.
        pieces
            .iter()
            .map(|p| if p.matches('(').count() > p.matches(')').count() { format!("{p})") } else { p.clone() })
            .collect()
    } else {
        pieces
    }
}

/// Splits at commas (and a final " and ") outside parentheses.
fn split_top_level(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    let chars: Vec<char> = line.chars().collect();
    for (k, &c) in chars.iter().enumerate() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if (c == ',' || c == ';') && depth <= 0 {
            out.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
            // "(AC Camerfirma)Rich Smith": a closing bracket run into the next name.
            if c == ')' && depth == 0 && chars.get(k + 1).is_some_and(|n| n.is_uppercase()) {
                out.push(std::mem::take(&mut cur));
            }
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
    // "[WISeKey] Jaime Hablutzel": the organisation in square brackets first.
    if let Some(rest) = part.strip_prefix('[') {
        if let Some((org, name)) = rest.split_once(']') {
            let name = name.trim();
            return looks_like_person(name).then(|| Attendee {
                name: name.to_string(),
                org: Some(org.trim().to_string()).filter(|o| !o.is_empty()),
            });
        }
    }
    // "Corey Bonnell [DigiCert]": square brackets after the name.
    if let Some(open) = part.find('[').filter(|_| part.ends_with(']')) {
        let (name, org) = (part[..open].trim(), part[open + 1..part.len() - 1].trim());
        if looks_like_person(name) {
            return Some(Attendee { name: name.to_string(), org: Some(org.to_string()).filter(|o| !o.is_empty()) });
        }
    }
    // "Enrico Entschew/ D-Trust" and "Chunghwa Telecom / Tsung-Min Kuo": a slash between a person
    // and an organisation, either way round.
    if !part.contains('(') && part.matches('/').count() == 1 {
        let (a, b) = part.split_once('/').map(|(a, b)| (a.trim(), b.trim())).unwrap_or_default();
        let (a_person, b_person) = (looks_like_person(a), looks_like_person(b));
        let a_org = a.split_whitespace().any(|w| ORG_MARKERS.contains(&w.to_lowercase().as_str()));
        let (name, org) = if a_person && !a_org {
            (a, b)
        } else if b_person {
            (b, a)
        } else {
            ("", "")
        };
        if !name.is_empty() && !org.is_empty() {
            return Some(Attendee { name: name.to_string(), org: Some(org.to_string()) });
        }
    }
    // "Jun Okura: Cybertrust"
    if !part.contains('(') {
        if let Some((name, org)) = part.split_once(':') {
            if looks_like_person(name.trim()) && !org.trim().is_empty() {
                return Some(Attendee { name: name.trim().to_string(), org: Some(org.trim().to_string()) });
            }
        }
    }
    // "Vijayakumar (Vijay) Manjunatha (Infosec)": a nickname in brackets inside the name, not
    // an organisation; an organisation may still follow in its own brackets.
    if let (Some(open), Some(close)) = (part.find('('), part.find(')')) {
        if open < close && !reversed {
            let (before, inside) = (part[..open].trim(), part[open + 1..close].trim());
            let after = &part[close + 1..];
            let (surname, org) = match after.find('(') {
                Some(o) => (after[..o].trim(), Some(after[o + 1..].trim_end_matches(')').trim().to_string())),
                None => (after.trim(), None),
            };
            if before.split_whitespace().count() == 1
                && inside.split_whitespace().count() == 1
                && !surname.is_empty()
                && !surname.starts_with(['-', '–'])
                && looks_like_person(surname)
            {
                let name = format!("{before} ({inside}) {surname}");
                return Some(Attendee { name, org: org.filter(|o| !o.is_empty()) });
            }
        }
    }
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
    // "wendy brown - FPKIMA": a name typed in lower case still names a person when an
    // organisation is written beside it.
    let lower_case_person = org.is_some() && {
        let words: Vec<&str> = name.split_whitespace().collect();
        (2..=3).contains(&words.len())
            && words.iter().all(|w| w.chars().all(|c| c.is_alphabetic() && c.is_lowercase()))
            && !words.iter().any(|w| ["and", "the", "others", "all", "from", "guest", "guests"].contains(w))
    };
    (lower_case_person || looks_like_person(&name))
        .then(|| Attendee { name, org: org.map(|o| o.trim().to_string()).filter(|o| !o.is_empty()) })
}

/// "Name - Org", "Name – Org", and the lopsided "Corey Bonnell -DigiCert" / "Name- Org".
fn split_dash(part: &str) -> Option<(String, String)> {
    for sep in [" – ", " — ", " - ", " -", "- ", " –"] {
        if let Some((a, b)) = part.split_once(sep) {
            if !a.trim().is_empty() && !b.trim().is_empty() {
                return Some((a.trim().to_string(), b.trim().to_string()));
            }
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
    fn attendee_entries_with_slashes_square_brackets_lopsided_dashes_and_joined_organisations() {
        let got = people(
            "**Attendees:** Atsushi INABA - GlobalSign, Corey Bonnell -DigiCert, Tadahiko ITO-SECOM, Enrico Entschew/ D-Trust, \
             Chunghwa Telecom / Tsung-Min Kuo, Trevoli Ponds-White [Amazon Trust Services], wendy brown - FPKIMA, \
             Jean-Luc Picard, Rollin Yu - TrustAsia, Atilla + Volkan and Kubra (TurkTrust), \
             Doug (GS), Mat (Apple Inc)",
        );
        assert_eq!(
            got,
            vec![
                p("Atsushi INABA", Some("GlobalSign")),
                p("Corey Bonnell", Some("DigiCert")),
                p("Tadahiko ITO", Some("SECOM")),
                p("Enrico Entschew", Some("D-Trust")),
                p("Tsung-Min Kuo", Some("Chunghwa Telecom")),
                p("Trevoli Ponds-White", Some("Amazon Trust Services")),
                p("wendy brown", Some("FPKIMA")),
                p("Jean-Luc Picard", None),
                p("Rollin Yu", Some("TrustAsia")),
                p("Atilla", Some("TurkTrust")),
                p("Volkan", Some("TurkTrust")),
                p("Kubra", Some("TurkTrust")),
                p("Doug", Some("GS")),
                p("Mat", Some("Apple Inc")),
            ]
        );
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
    fn an_unclosed_bracket_does_not_swallow_the_people_after_it() {
        let md = "## Attendees\n\nAna Lima (Acme CA), Ben Carter (Sample Browser, Carla Diaz (Contoso Trust), Dan Ito (Globex)\n";
        let mut notes = Vec::new();
        let got: Vec<(String, Option<String>)> =
            attendees_noting(&text::blocks(md), &mut notes).into_iter().map(|a| (a.name, a.org)).collect();
        assert_eq!(
            got,
            [
                p("Ana Lima", Some("Acme CA")),
                p("Ben Carter", Some("Sample Browser")),
                p("Carla Diaz", Some("Contoso Trust")),
                p("Dan Ito", Some("Globex"))
            ]
        );
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].contains("unclosed bracket"), "{notes:?}");
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
