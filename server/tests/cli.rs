//! The `quorum` binary as a user runs it: help, exit codes, one-line errors.

use std::path::Path;
use std::process::{Command, Output};

fn quorum(args: &[&str], db: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_quorum"))
        .args(args)
        .env("QUORUM_DATABASE_URL", format!("sqlite://{}", db.display()))
        .env_remove("QUORUM_LOG")
        .output()
        .expect("run quorum")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).to_string()
}

#[test]
fn every_subcommand_has_help() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("q.db");
    for sub in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["import", "--help"],
        vec!["export", "--help"],
        vec!["check", "--help"],
    ] {
        let out = quorum(&sub, &db);
        assert!(out.status.success(), "{sub:?}: {}", text(&out.stderr));
        assert!(text(&out.stdout).contains("Usage: quorum"), "{sub:?}");
    }
}

#[test]
fn importing_a_tree_with_one_bad_file_imports_the_rest_names_the_file_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content/posts");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(content.join("good.md"), "---\ntitle: Good\ndate: 2026-01-01\n---\nText\n").unwrap();
    std::fs::write(content.join("bad.md"), "---\ntitle: Bad\ndate: someday\n---\nText\n").unwrap();
    std::fs::write(content.join("slides.pdf"), b"%PDF-1.4").unwrap();
    let db = dir.path().join("q.db");

    let out = quorum(&["import", "--quiet", dir.path().join("content").to_str().unwrap()], &db);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("error: posts/bad.md:3: field `date`: cannot read \"someday\" as a date"), "{err}");
    assert_eq!(err.lines().filter(|l| l.starts_with("error:")).count(), 1, "{err}");
    assert_eq!(text(&out.stdout).trim(), "2 files: 1 imported, 0 updated, 0 unchanged, 1 skipped, 1 failed, 0 removed");

    let out = quorum(&["export", "--json"], &db);
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["errors"][0]["path"], "posts/bad.md");
    for key in ["minutes", "ballots", "action_items", "errors"] {
        assert!(json[key].is_array(), "{key} missing from export");
    }
}

#[test]
fn reimporting_an_unchanged_tree_reports_everything_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("q.db");
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
    let first = quorum(&["import", "--quiet", content.to_str().unwrap()], &db);
    assert!(first.status.success(), "{}", text(&first.stderr));
    let second = quorum(&["import", "--quiet", content.to_str().unwrap()], &db);
    assert!(second.status.success());
    let line = text(&second.stdout);
    assert!(
        line.contains(" 0 imported, 0 updated, ") && line.contains(" unchanged, 0 skipped, 0 failed, 0 removed"),
        "{line}"
    );
}

#[test]
fn check_reports_problems_without_writing_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.md");
    std::fs::write(&bad, "---\ntitle: x\n").unwrap();
    let db = dir.path().join("never.db");
    let out = quorum(&["check", bad.to_str().unwrap()], &db);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("bad.md:1: the front matter opened with `---` on line 1 is never closed"),
        "{}",
        text(&out.stderr)
    );
    assert!(!db.exists(), "check must not create a database");
}

#[test]
fn a_bad_database_url_is_a_one_line_error_naming_the_setting() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_quorum"))
        .args(["export", "--json"])
        .env("QUORUM_DATABASE_URL", "mysql://nowhere/db")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("error: database (--database-url / QUORUM_DATABASE_URL): unsupported database URL"),
        "{err}"
    );
}

#[test]
fn a_bad_listen_address_is_a_one_line_error_naming_the_setting() {
    let dir = tempfile::tempdir().unwrap();
    let out = quorum(&["serve", "--addr", "nowhere", "--no-import"], &dir.path().join("q.db"));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).starts_with("error: --addr / QUORUM_ADDR: \"nowhere\" is not an address"),
        "{}",
        text(&out.stderr)
    );
}
