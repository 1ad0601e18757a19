//! Plain-text views of a markdown post for the extractors: blocks (headings, paragraphs, list
//! items, table rows) with their source lines, sentences, and names folded for comparison. Dates
//! and times written in text are read by `super::dates`.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Heading(u8),
    Paragraph,
    Item,
    TableRow,
}

/// A block of text with inline markup removed. Line breaks inside a paragraph are kept as `\n`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    pub text: String,
    /// 1-based line in the markdown it came from.
    pub line: usize,
}

impl Block {
    pub fn is_heading(&self) -> bool {
        matches!(self.kind, BlockKind::Heading(_))
    }
}

/// Splits markdown into blocks. Bold paragraphs such as `**Attendees:** A, B` stay one paragraph
/// ("Attendees: A, B"); a paragraph that is only bold text reads like a heading and is returned
/// as one (`**Ballot status**` → heading level 6).
pub fn blocks(markdown: &str) -> Vec<Block> {
    let line_starts: Vec<usize> = std::iter::once(0).chain(markdown.match_indices('\n').map(|(i, _)| i + 1)).collect();
    let line_of = |offset: usize| line_starts.partition_point(|&s| s <= offset);
    let mut out = Vec::new();
    let mut current: Option<(BlockKind, String, usize, bool)> = None; // kind, text, line, all-bold
    let mut strong_depth = 0usize;
    let mut item_depth = 0usize;
    let mut cells: Vec<String> = Vec::new();
    let mut in_cell = false;
    for (event, range) in Parser::new_ext(markdown, super::markdown::options()).into_offset_iter() {
        match event {
            // Indented text in minutes is mostly accidental ("    * Wednesday, May 6, 2026"): its
            // lines are read like a paragraph.
            Event::Start(Tag::CodeBlock(_)) => {
                flush(&mut current, &mut out);
                current = Some((BlockKind::Paragraph, String::new(), line_of(range.start), false));
            }
            Event::End(TagEnd::CodeBlock) => flush(&mut current, &mut out),
            Event::Start(Tag::Heading { level, .. }) => {
                flush(&mut current, &mut out);
                current = Some((BlockKind::Heading(level as u8), String::new(), line_of(range.start), false));
            }
            Event::Start(Tag::Paragraph) => {
                if current.as_ref().map(|c| c.0 == BlockKind::Item && !c.1.trim().is_empty()).unwrap_or(false) {
                    flush(&mut current, &mut out);
                }
                if current.is_none() {
                    let kind = if item_depth > 0 { BlockKind::Item } else { BlockKind::Paragraph };
                    current = Some((kind, String::new(), line_of(range.start), true));
                }
            }
            Event::Start(Tag::Item) => {
                flush(&mut current, &mut out);
                item_depth += 1;
                current = Some((BlockKind::Item, String::new(), line_of(range.start), false));
            }
            Event::End(TagEnd::Item) => {
                item_depth = item_depth.saturating_sub(1);
                flush(&mut current, &mut out);
            }
            Event::End(TagEnd::Heading(_)) | Event::End(TagEnd::Paragraph) => flush(&mut current, &mut out),
            Event::Start(Tag::TableRow) | Event::Start(Tag::TableHead) => {
                flush(&mut current, &mut out);
                cells.clear();
                current = Some((BlockKind::TableRow, String::new(), line_of(range.start), false));
            }
            Event::Start(Tag::TableCell) => {
                in_cell = true;
                cells.push(String::new());
            }
            Event::End(TagEnd::TableCell) => in_cell = false,
            Event::End(TagEnd::TableRow) | Event::End(TagEnd::TableHead) => {
                if let Some(c) = current.as_mut() {
                    c.1 = cells.iter().map(|s| s.trim()).collect::<Vec<_>>().join(" | ");
                }
                flush(&mut current, &mut out);
            }
            Event::Start(Tag::Strong) => strong_depth += 1,
            Event::End(TagEnd::Strong) => strong_depth = strong_depth.saturating_sub(1),
            Event::Text(t) | Event::Code(t) => {
                if in_cell {
                    if let Some(cell) = cells.last_mut() {
                        cell.push_str(&t);
                    }
                } else if let Some(c) = current.as_mut() {
                    c.1.push_str(&t);
                    if strong_depth == 0 && !t.trim().is_empty() {
                        c.3 = false;
                    }
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if in_cell {
                    if let Some(cell) = cells.last_mut() {
                        cell.push(' ');
                    }
                } else if let Some(c) = current.as_mut() {
                    c.1.push('\n');
                }
            }
            _ => {}
        }
    }
    flush(&mut current, &mut out);
    out
}

fn flush(current: &mut Option<(BlockKind, String, usize, bool)>, out: &mut Vec<Block>) {
    if let Some((kind, text, line, all_bold)) = current.take() {
        let text = text.trim().to_string();
        if text.is_empty() {
            return;
        }
        // A short paragraph that is entirely bold is a heading in all but name.
        let kind = if kind == BlockKind::Paragraph && all_bold && text.len() < 100 && !text.contains('\n') {
            BlockKind::Heading(6)
        } else {
            kind
        };
        out.push(Block { kind, text, line });
    }
}

/// Splits text into sentences at `.`, `!`, `?` (and line breaks), leaving abbreviations, version
/// numbers and section numbers ("e.g.", "v2.1", "4.9.10") alone.
pub fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    // A line break before a lowercase word continues the sentence (wrapped prose); any other line
    // break ends it (lists written as lines, "Minute-taker: X" lines).
    let mut joined = String::with_capacity(text.len());
    let mut lines = text.split('\n').peekable();
    while let Some(line) = lines.next() {
        joined.push_str(line);
        if let Some(next) = lines.peek() {
            let continues = next.trim_start().chars().next().map(|c| c.is_lowercase()).unwrap_or(false);
            joined.push(if continues { ' ' } else { '\n' });
        }
    }
    for line in joined.split('\n') {
        let chars: Vec<char> = line.chars().collect();
        let mut start = 0;
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if matches!(c, '.' | '!' | '?') {
                let next = chars.get(i + 1).copied();
                // The first character after the gap ("end.  Next" has two spaces).
                let after = chars[(i + 1).min(chars.len())..]
                    .iter()
                    .skip_while(|c| c.is_whitespace())
                    .copied()
                    .next()
                    .filter(|_| next.is_some_and(char::is_whitespace))
                    .or_else(|| chars.get(i + 2).copied());
                let ends = match next {
                    None => true,
                    Some(n) if n.is_whitespace() => {
                        let word: String = chars[start..i]
                            .iter()
                            .rev()
                            .take_while(|c| !c.is_whitespace())
                            .collect::<Vec<_>>()
                            .into_iter()
                            .rev()
                            .collect();
                        !is_abbreviation(&word)
                            && after
                                .map(|a| a.is_uppercase() || a.is_ascii_digit() || "\"“(*_".contains(a))
                                .unwrap_or(true)
                    }
                    Some(n) if "\"”)".contains(n) => after.map(char::is_whitespace).unwrap_or(true),
                    _ => false,
                };
                if ends {
                    let s: String = chars[start..=i].iter().collect();
                    push_sentence(&mut out, &s);
                    start = i + 1;
                }
            }
            i += 1;
        }
        if start < chars.len() {
            let s: String = chars[start..].iter().collect();
            push_sentence(&mut out, &s);
        }
    }
    out
}

fn push_sentence(out: &mut Vec<String>, s: &str) {
    let s = s.trim().trim_start_matches(['·', '•', '-', '–', '*', 'o']).trim();
    if !s.is_empty() {
        out.push(s.to_string());
    }
}

fn is_abbreviation(word: &str) -> bool {
    let w = word.trim_start_matches(['(', '"', '“']).to_lowercase();
    matches!(
        w.as_str(),
        "e.g"
            | "i.e"
            | "etc"
            | "vs"
            | "mr"
            | "ms"
            | "mrs"
            | "dr"
            | "st"
            | "no"
            | "approx"
            | "cf"
            | "inc"
            | "ltd"
            | "co"
            | "jan"
            | "feb"
            | "mar"
            | "apr"
            | "jun"
            | "jul"
            | "aug"
            | "sep"
            | "sept"
            | "oct"
            | "nov"
            | "dec"
            | "mon"
            | "tue"
            | "tues"
            | "wed"
            | "thu"
            | "thur"
            | "thurs"
            | "fri"
            | "sat"
            | "sun"
            | "january"
            | "february"
            | "march"
            | "april"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
    ) || (w.len() == 1 && w.chars().all(|c| c.is_alphabetic()))
}

/// Folds case and accents so "Iñigo" and "Inigo" compare equal.
pub fn fold(s: &str) -> String {
    app::domain::ids::slugify(s).replace('-', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_at_full_stops_but_not_inside_versions_or_abbreviations() {
        let s = sentences(
            "CSC-11 is under IPR review. Ballot v2.1 was posted, e.g. on the list. Corey will prepare the ballot.",
        );
        assert_eq!(
            s,
            [
                "CSC-11 is under IPR review.",
                "Ballot v2.1 was posted, e.g. on the list.",
                "Corey will prepare the ballot."
            ]
        );
    }

    #[test]
    fn wrapped_lines_continue_their_sentence_but_listed_lines_do_not() {
        let s = sentences(
            "Aiko asked whether CAs with offline\nsigning would need more time.\nMinute-taker: Bram\nNext call: May 5",
        );
        assert_eq!(
            s,
            [
                "Aiko asked whether CAs with offline signing would need more time.",
                "Minute-taker: Bram",
                "Next call: May 5"
            ]
        );
    }

    #[test]
    fn blocks_keep_headings_items_and_bold_labels() {
        let md = "## Attendees \n\nA (X), B (Y)\n\n**Ballot status**\n\n- one\n- two\n\n**Attendees:** C (Z)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
        let b = blocks(md);
        let kinds: Vec<(BlockKind, &str)> = b.iter().map(|b| (b.kind, b.text.as_str())).collect();
        assert_eq!(
            kinds,
            [
                (BlockKind::Heading(2), "Attendees"),
                (BlockKind::Paragraph, "A (X), B (Y)"),
                (BlockKind::Heading(6), "Ballot status"),
                (BlockKind::Item, "one"),
                (BlockKind::Item, "two"),
                (BlockKind::Paragraph, "Attendees: C (Z)"),
                (BlockKind::TableRow, "a | b"),
                (BlockKind::TableRow, "1 | 2"),
            ]
        );
        assert_eq!(b[1].line, 3);
    }

    #[test]
    fn folding_ignores_case_and_accents() {
        assert_eq!(fold("Iñigo Barreira"), fold("inigo barreira"));
    }
}
