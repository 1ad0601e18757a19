//! Who proposed and endorsed a ballot: "proposed by Ian McMillan of Microsoft, and endorsed by
//! Dimitris Zacharopoulos (HARICA) and Bruce Morton (Entrust)".

use app::domain::ballot::Member;
use regex::Regex;
use std::sync::LazyLock;

/// "proposed by Ian McMillan of Microsoft, and endorsed by Dimitris Zacharopoulos (HARICA) and
/// Bruce Morton (Entrust)".
pub fn sponsors(plain: &str) -> (Option<Member>, Vec<Member>) {
    static PROPOSED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?is)\bproposed\s+by\s+(.+?)(?:,?\s+and\s+)?(?:endorsed\s+by\s+(.+?))?(?:\.\s|\.$|\n|$)")
            .expect("valid pattern")
    });
    let proposed = &*PROPOSED;
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
    static ROLE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:the\s+)?(?:[\w/ ]+?\s+)?(?:chair|vice[- ]chair|convenor)\s+").expect("valid pattern")
    });
    let role = &*ROLE;
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
        ];
        for (text, (name, org), endorsers) in cases {
            let (p, e) = sponsors(text);
            let p = p.unwrap();
            assert_eq!((p.name.as_str(), p.org.as_deref()), (name, org), "{text}");
            assert_eq!(e.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), endorsers, "{text}");
        }
    }
}
