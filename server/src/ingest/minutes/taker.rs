//! Who took the minutes: "Minute-taker: X", "Minutes were prepared by X", "Scribe: X"; never the
//! taker named for the next meeting.

use super::attendees::looks_like_person;
use crate::ingest::text::Block;
use regex::Regex;
use std::sync::LazyLock;

/// "Minute-taker: Iñigo", "**Minute Taker:** Martijn", "Minutes were prepared by Stephen Davidson",
/// "Minutes were taken by Mads Henriksveen", "Note Taker: Bruce Morton (Entrust)".
pub fn minute_taker(blocks: &[Block]) -> Option<String> {
    static TAKER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:(next\s+)?(?:minute|note)[\s-]?taker\s*[:\-–]+|minutes\s+(?:were\s+|was\s+)?(?:taken|prepared|recorded|written|kept)\s+by|\bscribe\s*[:\-–]+)\s*").expect("valid pattern")
    });
    let taker = &*TAKER;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::text;

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
}
