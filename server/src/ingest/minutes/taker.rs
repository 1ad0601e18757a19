//! Who took the minutes: "Minute-taker: X", "Minutes were prepared by X", "Scribe: X"; never the
//! taker named for the next meeting.

use super::attendees::looks_like_person;
use crate::ingest::text::Block;
use regex::Regex;
use std::sync::LazyLock;

/// "Minute-taker: Iñigo", "**Minute Taker:** Martijn", "Minutes were prepared by Stephen Davidson",
/// "Minutes were taken by Mads Henriksveen", "Note Taker: Bruce Morton (Entrust)".
pub fn minute_taker(blocks: &[Block]) -> Option<String> {
    static BEFORE_NAME: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:(next\s+)?(?:minute|note)s?[\s-]?taker\s*(?:[:\-–]+|\s+is\b|\s+was\b)|minutes\s+(?:were\s+|was\s+|are\s+)?(?:taken|prepared|recorded|written|kept|provided|compiled|drafted)\s+by\s*:?|\bscribe\s*[:\-–]+)\s*").expect("valid pattern")
    });
    static AFTER_NAME: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\s+(?:will\s+take|takes|took|is\s+taking|was\s+taking|volunteered\s+to\s+take|agreed\s+to\s+take)\s+(?:the\s+)?(?:minutes|notes)\b").expect("valid pattern")
    });
    static FUTURE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(?:next|following|upcoming|future|later|in\s+(?:a|one|two|three|four|\d+)\s+weeks?)\b")
            .expect("valid pattern")
    });
    static MINUTES_LABEL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)^\W*minutes\s*:\s*(.+)$").expect("valid pattern"));
    let mut found: Vec<String> = Vec::new();
    let mut add = |name: String| {
        let key = crate::ingest::text::fold(&name);
        // "Dean" and "Dean Coclin" are one taker.
        if !found.iter().any(|f| {
            let k = crate::ingest::text::fold(f);
            k == key || k.starts_with(&format!("{key} ")) || key.starts_with(&format!("{k} "))
        }) {
            found.push(name);
        }
    };
    for b in blocks {
        for caps in BEFORE_NAME.captures_iter(&b.text) {
            if caps.get(1).is_some() {
                continue; // "Next minute taker: Corey" names next week's taker.
            }
            let rest = &b.text[caps.get(0).map(|m| m.end()).unwrap_or(0)..];
            if let Some(name) = leading_name(rest) {
                add(name);
            }
        }
        // "**Minutes:** Dustin Hollenback (Apple)": a label line that names only a person.
        for line in b.text.lines() {
            if let Some(rest) = MINUTES_LABEL.captures(line).and_then(|c| c.get(1)) {
                let rest = rest.as_str().trim();
                if let Some(name) = leading_name(rest) {
                    let after = rest[name.len()..].trim();
                    if after.is_empty() || after.starts_with('(') || after.starts_with(['-', '–']) {
                        add(name);
                    }
                }
            }
        }
        for sentence in crate::ingest::text::sentences(&b.text) {
            let Some(m) = AFTER_NAME.find(&sentence) else { continue };
            let after = sentence[m.end()..].to_lowercase();
            if FUTURE.is_match(&after) || sentence.to_lowercase().contains("next meeting") {
                continue; // "Wayne will take minutes for the next meeting", "… in two weeks".
            }
            if let Some(name) = trailing_name(&sentence[..m.start()]) {
                add(name);
            }
        }
    }
    // Several takers (one per session of a face-to-face) name no one taker of these minutes.
    if found.len() == 1 {
        found.pop()
    } else {
        None
    }
}

/// The taker named in a post's front-matter summary ("These are the Final Minutes of the
/// Teleconference …, prepared by Ryan Dickson (Google Chrome)"), where a summary speaks of nothing
/// but the minutes themselves.
pub fn minute_taker_in_summary(summary: &str) -> Option<String> {
    static BY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:prepared|taken|recorded|written|compiled)\s+by\s*:?\s*").expect("valid pattern")
    });
    if !summary.to_lowercase().contains("minutes") {
        return None;
    }
    let m = BY.find(summary)?;
    leading_name(&summary[m.end()..])
}

/// The capitalised words at the end of `s` ("The Chair took attendance. Dean" → "Dean",
/// "Dustin Hollenback (Apple)" → "Dustin Hollenback"), if they look like a person.
fn trailing_name(s: &str) -> Option<String> {
    let s = match s.rfind('(') {
        Some(open) if s.trim_end().ends_with(')') => &s[..open],
        _ => s,
    };
    let s = s.rsplit(['.', ':', ';', ',', '-', '–']).next().unwrap_or(s);
    let mut words: Vec<&str> = Vec::new();
    for w in s.split_whitespace().rev() {
        let first = w.chars().next().unwrap_or(' ');
        if !first.is_uppercase() || words.len() == 4 {
            break;
        }
        words.push(w);
    }
    words.reverse();
    let name = words.join(" ");
    let stop = ["No", "None", "TBD", "The", "This", "We", "It", "He", "She", "They", "Chair", "Everyone"];
    (!name.is_empty() && !stop.contains(&words[0]) && looks_like_person(&name)).then_some(name)
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
    let stop = ["No", "None", "TBD", "N/A", "The", "This", "We", "Approved", "Minutes", "See", "Draft", "Posted"];
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
            ("The Chair took attendance. Dean will take minutes", Some("Dean")),
            ("- Dustin Hollenback (Apple) took the minutes.", Some("Dustin Hollenback")),
            ("* Minute taker is Brianca Martin.", Some("Brianca Martin")),
            ("Minutes provided by Stephen Davidson.", Some("Stephen Davidson")),
            ("**Minutes:** Ali Gholami (Telia)", Some("Ali Gholami")),
            ("Minutes: Approved as posted.", None),
            ("Wayne will take minutes for the next meeting.", None),
            ("Minute taker: Tim Hollebeek.\n\nTobi volunteered to take minutes in two weeks.", Some("Tim Hollebeek")),
            ("Minutes Taken By: Lynn Jeun", Some("Lynn Jeun")),
            ("**Minute taker:** Ben Wilson\n\n**Minute taker:** Dimitris\n\n**Minute taker:** Scott Rea", None),
        ];
        assert_eq!(
            minute_taker_in_summary("These are the Final Minutes of the Teleconference described in the subject of this message, prepared by Ryan Dickson (Google Chrome).").as_deref(),
            Some("Ryan Dickson")
        );
        assert_eq!(minute_taker_in_summary("A ballot prepared by Corey Bonnell."), None);
        for (md, want) in cases {
            assert_eq!(minute_taker(&text::blocks(md)).as_deref(), want, "{md}");
        }
    }
}
