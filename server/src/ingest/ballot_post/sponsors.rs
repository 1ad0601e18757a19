//! Who proposed and endorsed a ballot: "proposed by Ian McMillan of Microsoft, and endorsed by
//! Dimitris Zacharopoulos (HARICA) and Bruce Morton (Entrust)".

use app::domain::ballot::Member;
use regex::Regex;
use std::sync::LazyLock;

/// The proposer and endorsers, in the wordings of every era: "proposed by Ian McMillan of
/// Microsoft, and endorsed by Dimitris Zacharopoulos (HARICA) and Bruce Morton (Entrust)";
/// "Gervase Markham (Mozilla) made the following motion, endorsed by Eddy Nigg from StartCom";
/// "Kelvin Yiu made the following motion, and Eddy Nigg from StartCom … endorsed it"; "Ben Wilson of
/// DigiCert makes the following motions, and Dean Coclin from Symantec … have endorsed them";
/// "proposed by Doug Beattie of GlobalSign and endorsed Tim Hollebeek of DigiCert".
pub fn sponsors(plain: &str) -> (Option<Member>, Vec<Member>) {
    static PROPOSED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?is)\b(?:proposed|(?:motion|ballot)\s+(?:is|was)\s+made)\s+by\s+(.+?)(?:,?\s+and\s+)?(?:endorsed\s+(?:by\s+)?(.+?))?$")
            .expect("valid pattern")
    });
    static MOTION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?is)^(?:.*?\b(?:on\s+[^,]+,\s+))?(.+?)\s+(?:made|makes|has\s+made)\s+the\s+following\s+(?:motions?|ballots?)\s*,?\s*(?:(?:and\s+)?endorsed\s+by\s+(.+?)|(?:and\s+)?(.+?)\s+(?:have\s+|has\s+)?endorsed\s+(?:it|them|this))?\s*:?$").expect("valid pattern")
    });
    // A sentence naming endorsers is the sponsors' line; "as proposed by SC-90" elsewhere in the
    // text is not, so those are read first.
    let mut sentences = sponsor_sentences(plain);
    sentences.sort_by_key(|s| !s.to_lowercase().contains("endorse"));
    for sentence in sentences {
        if let Some(c) = PROPOSED.captures(&sentence) {
            let mut proposer_text = c[1].trim().to_string();
            let mut endorsers_text = c.get(2).map(|m| m.as_str().to_string());
            // The lazy match can stop before "endorsed by" when a comma precedes it.
            if endorsers_text.is_none() {
                if let Some((p, e)) = split_once_ci(&proposer_text, "endorsed by") {
                    endorsers_text = Some(e.to_string());
                    proposer_text = p.trim_end_matches([',', ' ']).trim_end_matches(" and").to_string();
                }
            }
            // "proposed by Karolina Ruszczyńska (Certum) and Kateryna Aleksieieva (Certum)": two
            // proposers name no single proposer.
            let people: Vec<Member> = split_people(&proposer_text).iter().filter_map(|p| person(p)).collect();
            // ("Ben Wilson of DigiCert, Inc." is one: "Inc" is no full name.)
            let full: Vec<&Member> = people.iter().filter(|m| full_name(&m.name)).collect();
            let proposer = match (people.len(), full.len()) {
                (1, _) => people.first().cloned(),
                (_, 1) => full.first().map(|m| (*m).clone()),
                _ => None,
            };
            let endorsers =
                endorsers_text.map(|t| split_people(&t).iter().filter_map(|p| person(p)).collect()).unwrap_or_default();
            return (proposer, endorsers);
        }
        if let Some(c) = MOTION.captures(&sentence) {
            let proposer = person(&c[1]);
            let endorsers_text = c.get(2).or(c.get(3)).map(|m| m.as_str().to_string());
            let endorsers =
                endorsers_text.map(|t| split_people(&t).iter().filter_map(|p| person(p)).collect()).unwrap_or_default();
            if proposer.is_some() {
                return (proposer, endorsers);
            }
        }
    }
    (None, Vec::new())
}

/// The sentences that can name sponsors, ended at a full stop that is not an initial
/// ("Moudrick M. Dadashov") or at the end of a line.
fn sponsor_sentences(plain: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in plain.lines() {
        let lower = line.to_lowercase();
        if !names_sponsors(&lower) {
            continue;
        }
        let chars: Vec<char> = line.chars().collect();
        let mut start = 0;
        for i in 0..chars.len() {
            if chars[i] != '.' || chars.get(i + 1).is_some_and(|c| !c.is_whitespace()) {
                continue;
            }
            // An initial ("M.") or a short abbreviation ("Inc.", "Ltd.") does not end the sentence.
            let word: String = chars[start..i].iter().rev().take_while(|c| !c.is_whitespace()).collect();
            if word.chars().count() <= 1
                || ["cni", "dtl", "oc", "proc", "rd", "rj"].contains(&word.to_lowercase().as_str())
            {
                continue;
            }
            out.push(chars[start..i].iter().collect::<String>());
            start = i + 1;
        }
        if start < chars.len() {
            out.push(chars[start..].iter().collect::<String>());
        }
    }
    out.into_iter().map(|s| s.trim().to_string()).filter(|s| names_sponsors(&s.to_lowercase())).collect()
}

/// Could this (lower-cased) text name a ballot's sponsors?
fn names_sponsors(lower: &str) -> bool {
    ["proposed by", "following motion", "following ballot", "motion is made by", "motion was made by"]
        .iter()
        .any(|w| lower.contains(w))
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
/// Two or more words, each capitalised or a name particle: "Ryan Sleevi", "Paul van Brouwershaven";
/// not "Inc" or "Inc and".
fn full_name(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    words.len() >= 2
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                || ["van", "de", "der", "von", "da", "dos", "du", "la", "le"].contains(w)
        })
}

fn person(text: &str) -> Option<Member> {
    static ROLE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:the\s+)?(?:[\w/ ]+?\s+)?(?:chair|vice[- ]chair|convenor|members?)\s+")
            .expect("valid pattern")
    });
    let role = &*ROLE;
    let text = text.trim().trim_end_matches('.');
    let text = role.replace(text, "").to_string();
    let (name, org) = if let Some(open) = text.find('(') {
        let close = text.rfind(')').unwrap_or(text.len());
        (text[..open].trim().to_string(), Some(text[open + 1..close.max(open + 1)].trim().to_string()))
    } else if let Some((n, o)) = text.split_once(" of ").or_else(|| text.split_once(" from ")) {
        (n.trim().to_string(), Some(o.trim().to_string()))
    } else {
        (text.trim().to_string(), None)
    };
    // "Gurleen Grewal of Google (Google Trust Services)": the organisation is both parts.
    let (name, org) = match (name.split_once(" of ").or_else(|| name.split_once(" from ")), org) {
        (Some((n, o)), Some(b)) => (n.trim().to_string(), Some(format!("{} ({b})", o.trim()))),
        (_, org) => (name, org),
    };
    let words = name.split_whitespace().count();
    // "as proposed by SC-90": a ballot, not a person.
    let a_ballot = app::domain::parse_ballot_id(&name).is_ok();
    (!a_ballot && (1..=5).contains(&words) && name.chars().next().map(char::is_uppercase).unwrap_or(false))
        .then(|| Member { name, org: org.filter(|o| !o.is_empty()) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sponsors_in_every_phrasing() {
        let cases = [
            ("The following motion has been proposed by Bruce Morton, and endorsed by Ian McMillan of Microsoft and Corey Bonnell of DigiCert.", ("Bruce Morton", None), vec!["Ian McMillan", "Corey Bonnell"]),
            ("This ballot is proposed by Aaron Gable (ISRG / Let's Encrypt) and endorsed by Mads Henriksveen (Buypass) and Dimitris Zacharopoulos (HARICA).", ("Aaron Gable", Some("ISRG / Let's Encrypt")), vec!["Mads Henriksveen", "Dimitris Zacharopoulos"]),
            ("The following motion has been proposed by the Server Certificate Working Group Chair Dimitris Zacharopoulos of HARICA.", ("Dimitris Zacharopoulos", Some("HARICA")), vec![]),
            ("Proposed by Ben Wilson of Mozilla and endorsed by Tim Hollebeek of DigiCert and David Kluge of Google.", ("Ben Wilson", Some("Mozilla")), vec!["Tim Hollebeek", "David Kluge"]),
            ("This motion is made by Ben Wilson of Mozilla and endorsed by David Kluge of Google Trust Services and Neil Dunbar of TrustCor.", ("Ben Wilson", Some("Mozilla")), vec!["David Kluge", "Neil Dunbar"]),
            ("Methods (scheduled to be sunset as proposed by SC-90) are weaker.\nThe following motion has been proposed by Gurleen Grewal of Google (Google Trust Services) and endorsed by Michael Slaughter (Amazon Trust Services).", ("Gurleen Grewal", Some("Google (Google Trust Services)")), vec!["Michael Slaughter"]),
        ];
        let (p, e) = sponsors("The following motion has been proposed by Chris Clements and Ryan Dickson of Google (Chrome Root Program) and endorsed by Aaron Gable (ISRG) and Wayne Thayer (Fastly).");
        assert_eq!((p, e.len()), (None, 2), "two proposers are not one");
        let (p, _) = sponsors("The following motion has been proposed by Ben Wilson of DigiCert, Inc and\nendorsed by Tim Hollebeek (DigiCert).");
        assert_eq!(p.map(|p| p.name).as_deref(), Some("Ben Wilson"));
        for (text, (name, org), endorsers) in cases {
            let (p, e) = sponsors(text);
            let p = p.unwrap();
            assert_eq!((p.name.as_str(), p.org.as_deref()), (name, org), "{text}");
            assert_eq!(e.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), endorsers, "{text}");
        }
    }
}
