//! The rules in `app::domain` stay pure: no web framework, database, runtime or clock, so the same
//! code decides things on the server, in the CLI and in the browser, and tests run in microseconds.

#[test]
fn the_domain_modules_use_no_io_framework_or_clock() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/domain");
    let forbidden = ["sqlx", "axum", "tokio", "leptos", "std::fs", "std::net", "Utc::now", "Local::now", "SystemTime"];
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().map(|e| e == "rs").unwrap_or(false) {
            let text = std::fs::read_to_string(&path).unwrap();
            for word in forbidden {
                assert!(!text.contains(word), "{} mentions {word}", path.display());
            }
            checked += 1;
        }
    }
    assert!(checked >= 6, "only {checked} domain files found");
}
