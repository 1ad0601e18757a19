//! The one-way data flow of docs/ARCHITECTURE.md, kept by the code: `ingest` is pure (text in,
//! values out), only `store` speaks SQL, and no module reaches back up the flow
//! (import → ingest; import → store → ingest; read → store; export, web → read → store; the write
//! side, commands → store, with web and cli calling it; cli on top), and the permission check is
//! made in one place: `commands`, through `app::domain::access::authorize`.

use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir` (or the file itself), with its code lines: comments and the
/// contents of string literals on one line are left out, so prose may name anything.
fn code_of(path: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            out.extend(code_of(&entry.unwrap().path()));
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        let text = std::fs::read_to_string(path).unwrap();
        let code: Vec<String> = text
            .lines()
            .map(|l| l.split("//").next().unwrap_or(""))
            .map(|l| {
                // Blank out "…" literals so that "info,sqlx=warn" is not a use of sqlx.
                let mut kept = String::new();
                let mut in_str = false;
                for c in l.chars() {
                    if c == '"' {
                        in_str = !in_str;
                    } else if !in_str {
                        kept.push(c);
                    }
                }
                kept
            })
            .collect();
        out.push((path.to_path_buf(), code.join("\n")));
    }
    out
}

fn assert_never_names(module: &str, forbidden: &[&str]) -> usize {
    let files = code_of(&src().join(module));
    assert!(!files.is_empty(), "no source found for {module}");
    for (path, code) in &files {
        for word in forbidden {
            assert!(!code.contains(word), "{} names {word}", path.display());
        }
    }
    files.len()
}

#[test]
fn ingest_is_pure_text_in_values_out() {
    let n = assert_never_names(
        "ingest",
        &[
            "crate::store",
            "crate::import",
            "crate::read",
            "crate::web",
            "crate::export",
            "crate::cli",
            "sqlx",
            "std::fs",
            "std::net",
            "tokio",
            "axum",
            "leptos",
            "Utc::now",
            "SystemTime",
        ],
    );
    assert!(n >= 15, "only {n} ingest files");
}

#[test]
fn only_the_store_speaks_sql() {
    for (path, code) in code_of(&src()) {
        if path.starts_with(src().join("store")) {
            continue;
        }
        assert!(!code.contains("sqlx"), "{} names sqlx outside the store", path.display());
    }
}

#[test]
fn no_module_reaches_back_up_the_flow() {
    let never = ["crate::import", "crate::read", "crate::web", "crate::export", "crate::cli", "crate::commands"];
    assert_never_names("store", &never);
    assert_never_names("import", &["crate::read", "crate::web", "crate::export", "crate::cli", "crate::commands"]);
    assert_never_names("read.rs", &["crate::import", "crate::web", "crate::export", "crate::cli", "crate::commands"]);
    assert_never_names("export.rs", &["crate::import", "crate::web", "crate::cli", "crate::commands"]);
    assert_never_names("commands.rs", &["crate::import", "crate::read", "crate::web", "crate::export", "crate::cli"]);
    // Running a ballot writes its post and imports it (the write side feeds the import).
    assert_never_names("commands", &["crate::read", "crate::web", "crate::export", "crate::cli"]);
    assert_never_names("web", &["crate::import", "crate::cli"]);
}

#[test]
fn permissions_are_decided_in_one_place() {
    // The web layer never decides who may change what itself: it asks the commands, which ask
    // app::domain::access::authorize.
    for (path, code) in code_of(&src()) {
        let allowed = path.ends_with("commands.rs") || path.starts_with(src().join("commands"));
        if !allowed {
            assert!(!code.contains("authorize("), "{} checks permissions itself", path.display());
        }
    }
    let commands = std::fs::read_to_string(src().join("commands.rs")).unwrap();
    assert!(commands.contains("authorize("), "the commands check permissions");
    let ballots = std::fs::read_to_string(src().join("commands/ballots.rs")).unwrap();
    assert!(ballots.contains("authorize_ballot("), "running ballots checks permissions");
}
