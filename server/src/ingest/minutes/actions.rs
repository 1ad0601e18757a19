//! What is to be done and what was decided: explicit action items (`ACTION:`, `AI:`, items under
//! an "Action items" heading), suggested ones read from prose ("Corey will prepare the ballot"),
//! and the sentences that record decisions.

use super::attendees::looks_like_person;
use crate::ingest::dates;
use crate::ingest::text::{self, Block, BlockKind};
use app::model::{ActionItem, Attendee};
use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;

/// Explicit items (`ACTION:`, `Action item:`, `AI:`, or entries under an "Action items" heading)
/// and suggested ones read from prose ("Corey will prepare the ballot", "Dean to re-send the link").
pub fn action_items(blocks: &[Block], attendees: &[Attendee], meeting: NaiveDate) -> Vec<ActionItem> {
    static EXPLICIT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*(?:action\s*items?|actions?|ai)\s*[:\-–]\s*(.+)$").expect("valid pattern")
    });
    let explicit = &*EXPLICIT;
    static HEADING: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)^\s*(?:\d+\.\s*)?action\s*items?\s*:?\s*$").expect("valid pattern"));
    let actions_heading = &*HEADING;
    let mut out: Vec<ActionItem> = Vec::new();
    let mut under_actions = false;
    for b in blocks {
        if b.is_heading() {
            under_actions = actions_heading.is_match(&b.text);
            continue;
        }
        for sentence in text::sentences(&b.text) {
            let explicit_text = explicit
                .captures(&sentence)
                .map(|c| c[1].trim().to_string())
                .or_else(|| (under_actions && b.kind == BlockKind::Item).then(|| sentence.clone()));
            if let Some(item_text) = explicit_text {
                let owner = owner_of(&item_text, attendees, true).unwrap_or_else(|| "unassigned".to_string());
                out.push(ActionItem { owner, due: due_date(&item_text, meeting), text: item_text, suggested: false });
            } else if let Some(owner) = owner_of(&sentence, attendees, false) {
                if !out.iter().any(|a| a.text == sentence) {
                    out.push(ActionItem {
                        owner,
                        due: due_date(&sentence, meeting),
                        text: sentence.clone(),
                        suggested: true,
                    });
                }
            }
        }
    }
    out
}

/// The owner of an action sentence: "<Name> will <verb>…" or "<Name> to <verb>…" at its start.
/// Names are matched to attendees (full, first or last name); for prose, an unmatched owner must
/// be a full name so that "Microsoft will…" or "It will…" is not taken for a person.
fn owner_of(sentence: &str, attendees: &[Attendee], explicit: bool) -> Option<String> {
    static LEAD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^((?:[A-ZÀ-Ý][\p{L}'’\-]+)(?:\s+(?:van|de|der|von|[A-ZÀ-Ý][\p{L}'’\-]+)){0,3})\s*(?:\([^)]*\)\s*)?(?:,\s*)?(will|to|shall|is to|agreed to|volunteered to|offered to|took an action to|:|-|–)\s+(\S+)").expect("valid pattern")
    });
    let lead = &*LEAD;
    let caps = lead.captures(sentence.trim())?;
    let name = caps[1].trim().to_string();
    let verb = caps[2].to_lowercase();
    let next = caps[3].to_lowercase();
    if verb == "will" && ["be", "not", "have", "also", "continue", "need", "remain", "take"].contains(&next.as_str()) {
        // "will take minutes" is an action, "will take place" is not.
        if !(next == "take" && sentence.contains("minutes")) {
            return None;
        }
    }
    let infinitive = verb == "to" || verb.ends_with(" to");
    if !explicit
        && ((["to", ":", "-", "–"].contains(&verb.as_str()) && verb != "to") || (infinitive && !is_verb_like(&next)))
    {
        return None;
    }
    if let Some(a) = match_attendee(&name, attendees) {
        return Some(a.name.clone());
    }
    let words = name.split_whitespace().count();
    let not_people = [
        "It",
        "This",
        "That",
        "There",
        "The",
        "We",
        "They",
        "He",
        "She",
        "Next",
        "Everyone",
        "Nobody",
        "Members",
        "Ballot",
        "Voting",
        "Discussion",
    ];
    if not_people.contains(&name.split_whitespace().next().unwrap_or("")) {
        return None;
    }
    // With an attendee list, a prose owner must be on it ("Subscriber Key Protection to require…"
    // is a topic, not a person); without one, a full name is the best evidence there is.
    (explicit || (words >= 2 && attendees.is_empty())).then_some(name).filter(|n| looks_like_person(n))
}

fn is_verb_like(word: &str) -> bool {
    // Infinitives after "Name to …": exclude prepositions/articles that make it prose ("to the list").
    !["the", "a", "an", "be", "his", "her", "their", "this", "that", "all", "same", "new", "format", "face"]
        .contains(&word)
        && word.chars().all(|c| c.is_alphabetic() || c == '-')
}

/// An attendee by full name, or by first or last name when only one attendee has it.
pub fn match_attendee<'a>(name: &str, attendees: &'a [Attendee]) -> Option<&'a Attendee> {
    let key = text::fold(name);
    if let Some(a) = attendees.iter().find(|a| text::fold(&a.name) == key) {
        return Some(a);
    }
    let by = |pick: fn(&str) -> Option<&str>| {
        let hits: Vec<&Attendee> =
            attendees.iter().filter(|a| pick(&a.name).map(|part| text::fold(part) == key).unwrap_or(false)).collect();
        (hits.len() == 1).then(|| hits[0])
    };
    by(|n| n.split_whitespace().next()).or_else(|| by(|n| n.split_whitespace().last()))
}

/// A due date stated with "by", "due", "before" or "until".
fn due_date(sentence: &str, meeting: NaiveDate) -> Option<NaiveDate> {
    static DUE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(by|due(?:\s+on|\s+by)?|before|until|no later than)\b").expect("valid pattern")
    });
    let due = &*DUE;
    let m = due.find(sentence)?;
    dates::find_dates(&sentence[m.start()..], Some(meeting), true).first().map(|d| d.date)
}

/// Sentences that record a decision: approved minutes, "It was agreed to …", "The WG decided …".
pub fn decisions(blocks: &[Block]) -> Vec<String> {
    static DECISION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(minutes\b.*\b(?:were|was|are)\s+(?:\w+\s+)?approved|(?:it|this)\s+was\s+(?:agreed|decided|resolved)|(?:the\s+)?(?:wg|group|working group|members|forum)\s+(?:agreed|decided|resolved)|consensus\s+(?:was\s+)?reached|was\s+approved|were\s+approved|approved\s+(?:without|with)\s+changes)\b").expect("valid pattern")
    });
    let decision = &*DECISION;
    static BARE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*(approved|minutes approved|no comments\.?\s*minutes approved)\.?\s*$")
            .expect("valid pattern")
    });
    let bare = &*BARE;
    let mut out: Vec<String> = Vec::new();
    let mut section = String::new();
    for b in blocks {
        if b.is_heading() {
            section = b.text.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ' ').to_string();
            continue;
        }
        for sentence in text::sentences(&b.text) {
            let text = if bare.is_match(&sentence) && !section.is_empty() {
                format!("{section}: {sentence}")
            } else if decision.is_match(&sentence) {
                sentence.clone()
            } else {
                continue;
            };
            if !out.contains(&text) {
                out.push(text);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn who(list: &[&str]) -> Vec<Attendee> {
        list.iter().map(|n| Attendee { name: n.to_string(), org: None }).collect()
    }

    #[test]
    fn topics_in_lists_are_not_owners_when_attendees_are_known() {
        let md = "- Subscriber Key Protection to require secure crypto.\n- June Face to Face\n\nTim agreed to same bar, take out controversial.\n";
        let items = action_items(&text::blocks(md), &who(&["Tim Hollebeek", "Dean Coclin"]), d("2021-03-03"));
        assert!(items.is_empty(), "{items:?}");
    }

    #[test]
    fn action_items_explicit_and_suggested() {
        let attendees = who(&["Corey Bonnell", "Dean Coclin", "Elena Rossi", "Wayne Thayer"]);
        let md = "Corey will prepare the ballot.\n\nDean to re-send the link by October 20.\n\nACTION: Elena Rossi to send the text to the list, due 2026-10-12.\n\nAI: publish the redline\n\nWayne will take minutes for the next meeting.\n\nIt will be discussed next week. Dean will be out next week. Microsoft will vote. Tim to the rescue.\n";
        let items = action_items(&text::blocks(md), &attendees, d("2026-10-07"));
        let got: Vec<(&str, bool, Option<String>)> =
            items.iter().map(|a| (a.owner.as_str(), a.suggested, a.due.map(|d| d.to_string()))).collect();
        assert_eq!(
            got,
            [
                ("Corey Bonnell", true, None),
                ("Dean Coclin", true, Some("2026-10-20".to_string())),
                ("Elena Rossi", false, Some("2026-10-12".to_string())),
                ("unassigned", false, None),
                ("Wayne Thayer", true, None),
            ]
        );
        assert_eq!(items[0].text, "Corey will prepare the ballot.");
    }

    #[test]
    fn items_under_an_action_items_heading_are_explicit() {
        let items = action_items(
            &text::blocks("## Action items\n\n- Dean Coclin: update the agenda\n"),
            &who(&["Dean Coclin"]),
            d("2021-01-01"),
        );
        assert_eq!(items.len(), 1);
        assert!(!items[0].suggested);
        assert_eq!(items[0].owner, "Dean Coclin");
    }

    #[test]
    fn decisions_are_the_sentences_that_record_them() {
        let md = "Meeting minutes from last meeting were approved.\n\nIt was agreed to recommend moving it to the plenary level. Bruce also mentioned that this could impact audits.\n\n### 4. Approval of minutes from last teleconference \n\nApproved.\n";
        assert_eq!(
            decisions(&text::blocks(md)),
            [
                "Meeting minutes from last meeting were approved.",
                "It was agreed to recommend moving it to the plenary level.",
                "Approval of minutes from last teleconference: Approved.",
            ]
        );
    }
}
