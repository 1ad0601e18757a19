//! The parsers never panic and keep their work bounded, on any input: arbitrary bytes, arbitrary
//! markdown built from the pieces real posts are made of, arbitrary front matter, and the known
//! pathological shapes (deep nesting, runs of openers, reference amplification). Time itself is
//! measured by `cargo run --release -p server --example pathological` and the benchmarks; here
//! the bounds are checked structurally (nesting depth and size of the output).

use proptest::prelude::*;
use server::ingest::markdown::{html_budget, MAX_NESTING};
use server::ingest::orgs::OrgDictionary;
use server::ingest::{ballot_post, dates, parse_post, pathological, text};

const PIECES: &[&str] = &[
    "* ",
    "- ",
    "+ ",
    "> ",
    "1. ",
    "2) ",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    "    ",
    "# ",
    "## ",
    "### ",
    "|",
    "| --- |",
    "---",
    "`",
    "```",
    "[",
    "]",
    "(",
    ")",
    "](",
    "![",
    "[^1]",
    "[^1]: ",
    "[r]: /x",
    "*",
    "**",
    "_",
    "__",
    "~~",
    "<div>",
    "</div>",
    "<b>",
    "<",
    ">",
    "&",
    "&amp;",
    "<!--",
    "-->",
    "Attendees:",
    "**Attendees:**",
    "Roll Call",
    "Attendance",
    "Minute-taker:",
    "Minutes taken by",
    "Scribe:",
    "Next call:",
    "Next meeting",
    "cancelled",
    "SC-68",
    "SC68",
    "Ballot 157",
    "Ballots 96, 97 and 105",
    "CSC-11v2",
    "FORUM-18",
    "NS-003",
    "BALLOT-12",
    "2021-10-07",
    "October 14, 2020",
    "14 October",
    "Jan 21st",
    "next week, Wednesday",
    "at 11:00 am Eastern",
    "1700 UTC on",
    "UTC",
    "Yes",
    "No",
    "Abstain",
    "yes",
    "Certificate Issuers",
    "Certificate Consumers",
    "CAs voting in favor",
    "votes:",
    "20 Yes votes:",
    "DigiCert",
    "Certum (Asseco)",
    "Let's Encrypt / ISRG",
    "Actalis S.p.A.",
    "Carla Mendes",
    "Iñigo",
    ", ",
    " and ",
    "will prepare",
    "to send",
    "by",
    "ACTION:",
    "AI:",
    "proposed by",
    "endorsed by",
    "of",
    "The ballot has PASSED",
    "failed",
    "withdrawn",
    "Discussion (7+ days)",
    "Start Time:",
    "End Time:",
    "Vote for approval (7 days)",
    "IP Rights Review Period",
    "no exclusion notices were filed",
    "effective",
    "quorum was 13",
    ".",
    ":",
    "é",
    "\u{feff}",
    "\u{0}",
    "\u{1f}",
    "🙂",
    "ß",
    "İ",
    "\u{202e}",
];

fn markdownish(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![4 => prop::sample::select(PIECES).prop_map(str::to_string), 1 => ".{0,12}"],
        0..max,
    )
    .prop_map(|parts| parts.concat())
}

const KEYS: &[&str] =
    &["title", "date", "tags", "draft", "publishDate", "expiryDate", "slug", "author", "type", "aliases", "weight"];
const VALUES: &[&str] = &[
    "",
    "x",
    "'x'",
    "\"x\"",
    "'it''s'",
    "'a' b'",
    "[a, b",
    "[a, b]",
    "{",
    "2021-10-07",
    "2024-April-09 16:00 UTC",
    "205-09-29",
    "-001-11-30T00:00:00+00:00",
    "true",
    "maybe",
    "1",
    "- Minutes",
    "|",
    ">",
    "&a",
    "*a",
    "!tag",
];

fn front_matter() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (prop::sample::select(KEYS), prop::sample::select(VALUES), prop::bool::ANY)
            .prop_map(|(k, v, indent)| format!("{}{k}: {v}", if indent { "  " } else { "" })),
        0..8,
    )
    .prop_map(|lines| lines.join("\n"))
}

/// The deepest element nesting in (well-formed, sanitised) HTML.
fn html_depth(html: &str) -> usize {
    const VOID: [&str; 6] = ["br", "hr", "img", "input", "col", "wbr"];
    let (mut depth, mut max) = (0usize, 0usize);
    for piece in html.split('<').skip(1) {
        let name: String = piece.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        if name.is_empty() || VOID.contains(&name.as_str()) {
            continue;
        }
        if piece.starts_with('/') {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_are_a_post_or_an_error_never_a_panic(bytes in prop::collection::vec(any::<u8>(), 0..3000)) {
        let _ = parse_post("2024/2024-01-04-x.md", &bytes);
        let _ = parse_post("x", &bytes);
    }

    #[test]
    fn any_front_matter_is_read_or_refused_never_a_panic(fm in front_matter(), body in markdownish(20)) {
        for fence in ["---", "+++"] {
            let text = format!("{fence}\n{fm}\n{fence}\n{body}");
            let _ = parse_post("2026-01-02-minutes-of-the-scwg.md", text.as_bytes());
        }
        let _ = parse_post("x.md", format!("{{{fm}}}\n{body}").as_bytes());
    }

    #[test]
    fn any_minutes_text_is_extracted_within_bounds(body in markdownish(400)) {
        let text = format!("---\ntitle: 2026-01-01 Minutes of the SCWG\ndate: 2026-01-01\ntags: [Minutes]\n---\n{body}");
        let post = parse_post("x.md", text.as_bytes()).expect("a well-formed post");
        let minutes = post.minutes.expect("minutes");
        prop_assert!(minutes.attendees.len() <= body.len());
        prop_assert!(post.rendered.html.len() <= html_budget(post.body.len()) * 2 + 4096);
        prop_assert!(html_depth(&post.rendered.html) <= 2 * MAX_NESTING + 8, "depth {}", html_depth(&post.rendered.html));
    }

    #[test]
    fn any_ballot_post_text_is_read_without_panicking(title in markdownish(8), body in markdownish(400)) {
        let mut orgs = OrgDictionary::default();
        for o in ["DigiCert", "Certum (Asseco)", "HARICA", "Sectigo"] {
            orgs.add(o);
        }
        let day = chrono::NaiveDate::from_ymd_opt(2021, 10, 7).unwrap();
        for facts in ballot_post::parse(&format!("Ballot SC-68 {title}"), &body, day, &orgs) {
            prop_assert!(facts.votes.len() <= body.len());
        }
        let _ = ballot_post::parse(&title, &body, day, &orgs);
    }

    #[test]
    fn date_and_id_readers_accept_any_text(s in ".{0,80}") {
        let day = chrono::NaiveDate::from_ymd_opt(2021, 10, 7);
        let _ = dates::find_dates(&s, day, true);
        let _ = dates::find_instants(&s, day, None);
        let _ = dates::relative_date(&s, day.unwrap());
        let _ = text::sentences(&s);
        let _ = app::domain::find_ballot_ids(&s);
        let _ = s.parse::<app::domain::BallotId>();
        if let Some(d) = server::ingest::front_matter::parse_date(&s) {
            use chrono::Datelike;
            prop_assert!(server::ingest::front_matter::PLAUSIBLE_YEARS.contains(&d.year()));
        }
    }
}

#[test]
fn pathological_posts_import_with_bounded_nesting_and_size_and_say_what_was_simplified() {
    for (name, body) in pathological::cases() {
        let text =
            format!("---\ntitle: 2026-01-01 Minutes of the SCWG\ndate: 2026-01-01\ntags: [Minutes]\n---\n{body}");
        let post = parse_post("x.md", text.as_bytes()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let depth = html_depth(&post.rendered.html);
        assert!(depth <= 2 * MAX_NESTING + 8, "{name}: HTML nested {depth} deep");
        assert!(
            post.rendered.html.len() <= html_budget(body.len()) + 4096,
            "{name}: {} bytes of HTML",
            post.rendered.html.len()
        );
        let deep = name.starts_with("nested") || name == "html tags";
        if deep {
            assert!(
                post.warnings.iter().any(|w| w.starts_with("simplified to keep the work bounded")),
                "{name}: {:?}",
                post.warnings
            );
        }
    }
}

#[test]
fn ordinary_posts_are_not_simplified() {
    let text = "---\ntitle: T\ndate: 2026-01-01\n---\n> quote\n>> nested\n\n- a\n  - b\n    - c\n\n*em* **strong** [link](https://x)\n";
    let post = parse_post("x.md", text.as_bytes()).unwrap();
    assert!(post.rendered.simplified.is_empty(), "{:?}", post.rendered.simplified);
    assert!(post.warnings.is_empty(), "{:?}", post.warnings);
}
