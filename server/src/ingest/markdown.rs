//! Markdown to safe HTML.
//!
//! Minutes are written by many hands and pasted from mail and office tools; raw HTML in them must
//! never run script in a reader's browser. We render with pulldown-cmark (tables, footnotes,
//! strikethrough, task lists, heading ids) and then pass the result through ammonia with an
//! allow-list, so only document markup survives.

use app::domain::ids::slugify;
use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// A heading of the rendered document, for tables of contents and section links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub id: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// Sanitised HTML, safe to insert into a page as is.
    pub html: String,
    pub headings: Vec<Heading>,
}

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders markdown to sanitised HTML and lists its headings (each given a unique `id`).
pub fn render(markdown: &str) -> Rendered {
    let mut events: Vec<Event> = Parser::new_ext(markdown, options()).collect();
    let headings = assign_heading_ids(&mut events);
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, events.into_iter());
    Rendered { html: sanitizer().clean(&raw).to_string(), headings }
}

/// Gives every heading an id (its own `{#id}` if written, else a slug of its text), unique within
/// the document, and returns the list.
fn assign_heading_ids(events: &mut [Event]) -> Vec<Heading> {
    let mut out = Vec::new();
    let mut used: HashMap<String, usize> = HashMap::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i] {
            let level = heading_level(*level);
            let explicit = id.as_ref().map(|s| s.to_string());
            let mut text = String::new();
            let mut j = i + 1;
            while j < events.len() {
                match &events[j] {
                    Event::End(TagEnd::Heading(_)) => break,
                    Event::Text(t) | Event::Code(t) => text.push_str(t),
                    Event::SoftBreak | Event::HardBreak => text.push(' '),
                    _ => {}
                }
                j += 1;
            }
            let text = text.trim().to_string();
            let base = explicit.unwrap_or_else(|| {
                let s = slugify(&text);
                if s.is_empty() {
                    "section".to_string()
                } else {
                    s
                }
            });
            let n = used.entry(base.clone()).or_insert(0);
            *n += 1;
            let unique = if *n == 1 { base } else { format!("{base}-{n}") };
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                *id = Some(CowStr::from(unique.clone()));
            }
            out.push(Heading { level, text, id: unique });
            i = j;
        }
        i += 1;
    }
    out
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        let mut tag_attrs: HashMap<&'static str, HashSet<&'static str>> = HashMap::new();
        for h in ["h1", "h2", "h3", "h4", "h5", "h6"] {
            tag_attrs.insert(h, ["id"].into());
        }
        // Footnotes: pulldown-cmark links references and definitions by id.
        tag_attrs.insert("div", ["id", "class"].into());
        tag_attrs.insert("sup", ["id", "class"].into());
        tag_attrs.insert("a", ["href", "title", "id"].into());
        tag_attrs.insert("img", ["src", "alt", "title", "width", "height"].into());
        tag_attrs.insert("th", ["align", "colspan", "rowspan", "style"].into());
        tag_attrs.insert("td", ["align", "colspan", "rowspan", "style"].into());
        tag_attrs.insert("ol", ["start"].into());
        tag_attrs.insert("li", ["id"].into());
        // Task lists render as disabled checkboxes.
        tag_attrs.insert("input", ["type", "checked", "disabled"].into());
        b.add_tags(["input"]);
        b.tag_attributes(tag_attrs);
        b.attribute_filter(|element, attribute, value| match (element, attribute) {
            ("input", "type") if value != "checkbox" => None,
            // Table alignment only; nothing else may style the page.
            (_, "style") => {
                let v = value.trim().trim_end_matches(';');
                ["text-align: left", "text-align: right", "text-align: center"].contains(&v).then(|| value.into())
            }
            _ => Some(value.into()),
        });
        b.link_rel(Some("noopener noreferrer nofollow"));
        b
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_and_event_handlers_never_survive() {
        let r = render("Hi <script>alert(1)</script> <img src=x onerror=alert(1)> <a href=\"javascript:alert(1)\">x</a> <iframe src=//evil></iframe>");
        for bad in ["<script", "onerror", "javascript:", "<iframe"] {
            assert!(!r.html.contains(bad), "{bad} survived in {}", r.html);
        }
    }

    #[test]
    fn styles_other_than_table_alignment_are_dropped() {
        let r = render("<p style=\"position:fixed\">x</p>\n\n| a |\n|:-:|\n| b |\n");
        assert!(!r.html.contains("position"), "{}", r.html);
        assert!(r.html.contains("text-align: center"), "{}", r.html);
    }

    #[test]
    fn tables_footnotes_strikethrough_and_task_lists_render() {
        let md = "| a | b |\n|---|---|\n| 1 | 2 |\n\nText[^1] ~~gone~~\n\n- [x] done\n- [ ] open\n\n[^1]: Note.\n";
        let r = render(md);
        assert!(r.html.contains("<table>"), "{}", r.html);
        assert!(r.html.contains("<del>gone</del>"), "{}", r.html);
        assert!(r.html.contains("type=\"checkbox\""), "{}", r.html);
        assert!(r.html.contains("footnote-definition"), "{}", r.html);
    }

    #[test]
    fn headings_get_unique_ids_from_their_text() {
        let r = render("## Attendees\n\n## Ballot status\n\n### Ballot status\n\n## Custom {#mine}\n");
        let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["attendees", "ballot-status", "ballot-status-2", "mine"]);
        assert!(r.html.contains("<h2 id=\"attendees\">Attendees</h2>"), "{}", r.html);
        assert_eq!(r.headings[2].level, 3);
    }

    #[test]
    fn links_are_kept_and_marked_as_external() {
        let r = render("[list](https://lists.cabforum.org/x)");
        assert!(r.html.contains("href=\"https://lists.cabforum.org/x\""), "{}", r.html);
        assert!(r.html.contains("rel=\"noopener noreferrer nofollow\""), "{}", r.html);
    }
}
