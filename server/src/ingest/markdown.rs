//! Markdown to safe HTML.
//!
//! Minutes are written by many hands and pasted from mail and office tools; raw HTML in them must
//! never run script in a reader's browser. We render with pulldown-cmark (tables, footnotes,
//! strikethrough, task lists, heading ids) and then pass the result through ammonia with an
//! allow-list, so only document markup survives.
//!
//! Work per post is bounded whatever its text: [`bound`] flattens lines nested deeper than
//! [`MAX_NESTING`] list or quote levels before anything parses them, [`render`] drops nesting
//! (lists, quotes, emphasis, links) beyond that depth from the event stream, and stops writing
//! HTML beyond [`html_budget`] (reference definitions can otherwise multiply a small file). Each
//! simplification is reported so the import can say which file was simplified and why.

use app::domain::ids::slugify;
use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

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
    /// What was simplified to keep the work bounded, in words for the import report.
    pub simplified: Vec<String>,
}

/// The deepest nesting of lists, block quotes and inline markup (emphasis, links) rendered as
/// such. Real minutes nest four or five levels; beyond this the text is kept and the nesting
/// dropped, because HTML sanitising costs grow faster than linearly with depth.
pub const MAX_NESTING: usize = 32;

/// The most HTML one post may produce, in bytes: ten times its markdown, and never more than
/// 8 MiB (a 2 MiB post of plain text renders to about 2.2 MiB).
pub fn html_budget(markdown_len: usize) -> usize {
    (markdown_len.saturating_mul(10)).clamp(64 * 1024, 8 * 1024 * 1024)
}

/// Markdown whose lines nest no deeper than [`MAX_NESTING`] list or quote levels: the markers
/// beyond that depth are removed from the line (its text stays). Returns the text unchanged
/// (borrowed) when nothing was that deep, and a note for the import report when something was.
pub fn bound(markdown: &str) -> (std::borrow::Cow<'_, str>, Option<String>) {
    let mut flattened = 0usize;
    let mut out = String::new();
    let mut copied_to = 0;
    let mut offset = 0;
    for line in markdown.split_inclusive('\n') {
        if let Some(cut) = excess_markers(line) {
            out.push_str(&markdown[copied_to..offset + cut.0]);
            copied_to = offset + cut.1;
            flattened += 1;
        }
        offset += line.len();
    }
    if flattened == 0 {
        return (std::borrow::Cow::Borrowed(markdown), None);
    }
    out.push_str(&markdown[copied_to..]);
    let note = format!(
        "{flattened} line{} nested more than {MAX_NESTING} lists or quotes deep; the markers beyond that depth were removed and the text kept",
        if flattened == 1 { " was" } else { "s were" }
    );
    (std::borrow::Cow::Owned(out), Some(note))
}

/// The byte range (within `line`) of the container markers beyond [`MAX_NESTING`], if any.
fn excess_markers(line: &str) -> Option<(usize, usize)> {
    let b = line.as_bytes();
    let mut i = 0;
    let mut depth = 0;
    let mut cut_start = None;
    loop {
        // Up to three spaces of indentation before each marker (more is a code block or a
        // continuation, which does not deepen nesting by itself).
        let mut spaces = 0;
        while i < b.len() && b[i] == b' ' && spaces < 3 {
            i += 1;
            spaces += 1;
        }
        let quote = i < b.len() && b[i] == b'>';
        let bullet = i < b.len() && matches!(b[i], b'*' | b'-' | b'+') && matches!(b.get(i + 1), Some(b' ' | b'\t'));
        let marker_len = if quote || bullet {
            1
        } else {
            let mut j = i;
            while j < b.len() && j - i < 9 && b[j].is_ascii_digit() {
                j += 1;
            }
            if j > i && matches!(b.get(j), Some(b'.' | b')')) && matches!(b.get(j + 1), Some(b' ' | b'\t')) {
                j + 1 - i
            } else {
                0
            }
        };
        if marker_len == 0 {
            break;
        }
        depth += 1;
        if depth == MAX_NESTING + 1 {
            cut_start = Some(i);
        }
        i += marker_len;
        if i < b.len() && matches!(b[i], b' ' | b'\t') {
            i += 1;
        }
    }
    cut_start.map(|start| (start, i))
}

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders markdown to sanitised HTML and lists its headings (each given a unique `id`), within
/// the bounds described in the module documentation.
pub fn render(markdown: &str) -> Rendered {
    let (bounded, note) = bound(markdown);
    let mut simplified: Vec<String> = note.into_iter().collect();
    let events = Parser::new_ext(&bounded, options());
    let (mut events, dropped) = cap_nesting(events);
    if dropped > 0 {
        simplified.push(format!(
            "markup nested more than {MAX_NESTING} levels deep (lists, quotes, emphasis or links) was rendered as plain text ({dropped} elements)"
        ));
    }
    let headings = assign_heading_ids(&mut events);
    let budget = html_budget(markdown.len());
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    let (events, over) = within_budget(events, budget);
    html::push_html(&mut raw, events.into_iter());
    if over {
        raw.push_str("<p><em>[The rest of this post is not shown: it would make more HTML than Quorum renders for one post.]</em></p>");
        simplified.push(format!(
            "the post would render to more than {} KB of HTML (repeated references?); it was cut off there",
            budget / 1024
        ));
    }
    Rendered { html: sanitizer().clean(&raw).to_string(), headings, simplified }
}

fn nests(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::BlockQuote(_)
            | Tag::List(_)
            | Tag::Item
            | Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::FootnoteDefinition(_)
    )
}

/// How many elements a piece of raw HTML opens minus how many it closes (void elements and
/// `<… />` open nothing). Comments and declarations count as nothing.
fn html_depth_change(html: &str) -> i64 {
    const VOID: [&str; 14] =
        ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"];
    let mut change = 0i64;
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(lt) = html[i..].find('<') {
        let start = i + lt + 1;
        let closing = bytes.get(start) == Some(&b'/');
        let name_start = if closing { start + 1 } else { start };
        let mut j = name_start;
        while j < bytes.len() && bytes[j].is_ascii_alphanumeric() {
            j += 1;
        }
        i = j.max(start);
        if j == name_start {
            continue;
        }
        let name = html[name_start..j].to_ascii_lowercase();
        if closing {
            change -= 1;
        } else if !VOID.contains(&name.as_str()) {
            let tag_end = html[j..].find('>').map(|k| j + k).unwrap_or(html.len());
            if !html[j..tag_end].ends_with('/') {
                change += 1;
            }
        }
    }
    change
}

/// Drops the start and end events of nesting elements deeper than [`MAX_NESTING`]; their text
/// stays. Raw HTML that would nest deeper than that is shown as text instead. Returns the events
/// and how many elements were dropped.
fn cap_nesting<'a>(events: impl Iterator<Item = Event<'a>>) -> (Vec<Event<'a>>, usize) {
    let mut out = Vec::new();
    // For every open element: whether it nests, and whether it was kept.
    let mut open: Vec<(bool, bool)> = Vec::new();
    let mut depth = 0usize;
    let mut html_depth = 0i64;
    let mut dropped = 0usize;
    for event in events {
        match event {
            Event::Html(ref h) | Event::InlineHtml(ref h) => {
                let change = html_depth_change(h);
                if html_depth + change > MAX_NESTING as i64 {
                    dropped += 1;
                    out.push(Event::Text(h.clone()));
                } else {
                    html_depth = (html_depth + change).max(0);
                    out.push(event);
                }
            }
            Event::Start(tag) => {
                let nesting = nests(&tag);
                let keep = !nesting || depth < MAX_NESTING;
                if nesting {
                    depth += 1;
                }
                open.push((nesting, keep));
                if keep {
                    out.push(Event::Start(tag));
                } else {
                    dropped += 1;
                }
            }
            Event::End(end) => {
                let (nesting, keep) = open.pop().unwrap_or((false, true));
                if nesting {
                    depth = depth.saturating_sub(1);
                }
                if keep {
                    out.push(Event::End(end));
                }
            }
            other => out.push(other),
        }
    }
    (out, dropped)
}

/// The events up to roughly `budget` bytes of HTML, then only the ends of the elements still
/// open, so the output stays well formed. True when something was cut.
fn within_budget(events: Vec<Event<'_>>, budget: usize) -> (Vec<Event<'_>>, bool) {
    let mut size = 0usize;
    let mut open: Vec<usize> = Vec::new();
    let mut cut_at = None;
    for (i, event) in events.iter().enumerate() {
        size += match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => t.len() + 8,
            Event::Start(Tag::Link { dest_url, title, .. }) | Event::Start(Tag::Image { dest_url, title, .. }) => {
                dest_url.len() + title.len() + 40
            }
            _ => 16,
        };
        match event {
            Event::Start(_) => open.push(i),
            Event::End(_) => {
                open.pop();
            }
            _ => {}
        }
        if size > budget {
            cut_at = Some(i + 1);
            break;
        }
    }
    let Some(cut) = cut_at else { return (events, false) };
    // Close what is open, innermost first, by finding each start's own end event.
    let ends: Vec<Event<'_>> = open
        .iter()
        .rev()
        .filter_map(|&i| match &events[i] {
            Event::Start(tag) => Some(Event::End(tag.to_end())),
            _ => None,
        })
        .collect();
    let mut kept: Vec<Event<'_>> = events.into_iter().take(cut).collect();
    kept.extend(ends);
    (kept, true)
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
    static BUILDER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(sanitizer_rules);
    &BUILDER
}

/// Sanitised HTML (as [`render`] makes it) with every relative link and image address made
/// absolute against `base`, the address of the page the HTML is shown on, as a browser there
/// would resolve it: for feeds, whose readers show entries away from the site. The HTML passes
/// the same sanitiser again, so nothing it dropped comes back. A `base` that is not an absolute
/// URL leaves the addresses as they are.
pub fn with_absolute_urls(html: &str, base: &str) -> String {
    let Ok(base) = ammonia::Url::parse(base) else {
        return sanitizer().clean(html).to_string();
    };
    let mut b = sanitizer_rules();
    b.url_relative(ammonia::UrlRelative::RewriteWithBase(base));
    b.clean(html).to_string()
}

/// The sanitiser's rules: what survives of a post's HTML.
fn sanitizer_rules() -> ammonia::Builder<'static> {
    {
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_and_images_become_absolute_against_the_page_address() {
        let r = render("[x](/posts/a/) ![y](chart.png) [z](https://example.org/z) [f](#fn1) [m](mailto:a@b.c)");
        let html = with_absolute_urls(&r.html, "https://quorum.example/minutes/2026-05-07-minutes");
        for want in [
            "href=\"https://quorum.example/posts/a/\"",
            "src=\"https://quorum.example/minutes/chart.png\"",
            "href=\"https://example.org/z\"",
            "href=\"https://quorum.example/minutes/2026-05-07-minutes#fn1\"",
            "href=\"mailto:a@b.c\"",
        ] {
            assert!(html.contains(want), "{want} missing from {html}");
        }
        let hostile =
            with_absolute_urls("<a href=\"javascript:alert(1)\">x</a><script>x</script>", "https://q.example/");
        assert!(!hostile.contains("javascript:") && !hostile.contains("<script"), "{hostile}");
    }

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
