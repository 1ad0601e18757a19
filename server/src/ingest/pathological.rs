//! Pathological post bodies: the inputs that made parsing, rendering or sanitising slow, kept in
//! one place for the tests, the `pathological` example and the benchmarks.

/// (name, markdown body) pairs, each up to ~100 KB.
pub fn cases() -> Vec<(&'static str, String)> {
    vec![
        ("nested list markers (80 KB)", format!("{}a\n", "* ".repeat(40_000))),
        ("nested block quotes (50 KB)", format!("{}a\n", "> ".repeat(25_000))),
        ("nested block quotes without spaces", format!("{}a\n", ">".repeat(50_000))),
        ("nested ordered lists", format!("{}a\n", "1. ".repeat(25_000))),
        ("indented nested lists", (0..1200).map(|i| format!("{}- x\n", " ".repeat(i * 2))).collect()),
        ("emphasis openers", "*a ".repeat(30_000)),
        ("strong openers", "**a ".repeat(25_000)),
        ("underscore openers", "_a ".repeat(30_000)),
        ("link openers", "[a ".repeat(30_000)),
        ("image openers", "![a ".repeat(25_000)),
        ("backtick runs", (1..400).map(|n| "`".repeat(n) + "a").collect::<Vec<_>>().join(" ")),
        ("brackets around one link", format!("{}x{}", "[".repeat(30_000), "](u)".repeat(30_000))),
        ("nested emphasis", format!("{}a{}", "*".repeat(40_000), "*".repeat(40_000))),
        (
            "reference definition amplification",
            format!("[r]: https://example.com/{}\n\n{}", "a".repeat(2000), "[r] ".repeat(25_000)),
        ),
        ("table with many columns", format!("{}\n{}\n", "|a".repeat(20_000), "|-".repeat(20_000))),
        ("html tags", "<div>".repeat(20_000)),
        ("long line of commas", format!("Attendees: {}", "A B (C), ".repeat(10_000))),
        ("many attendee labels", "Attendees:\n\nA (B)\n\n".repeat(5_000)),
    ]
}
