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
        vec!["user", "--help"],
        vec!["user", "add", "--help"],
        vec!["token", "--help"],
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

/// Runs quorum with `input` on standard input (not a terminal, as in a script).
fn quorum_with_input(args: &[&str], db: &Path, input: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_quorum"))
        .args(args)
        .env("QUORUM_DATABASE_URL", format!("sqlite://{}", db.display()))
        .env_remove("QUORUM_LOG")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run quorum");
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn users_are_added_listed_and_disabled_with_passwords_read_from_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("q.db");
    let add = [
        "user",
        "add",
        "dean@example.org",
        "--name",
        "Dean Coclin",
        "--org",
        "DigiCert",
        "--role",
        "chair",
        "--wg",
        "cscwg,scwg",
    ];
    let out = quorum_with_input(&add, &db, "a long enough password\n");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "added Dean Coclin <dean@example.org> as chair\n");
    // The same email again, a short password, a chair without groups, a password as an argument:
    let again = quorum_with_input(&add, &db, "a long enough password\n");
    assert!(text(&again.stderr).contains("already exists"), "{}", text(&again.stderr));
    let short = quorum_with_input(&["user", "add", "x@example.org", "--name", "X", "--role", "member"], &db, "short\n");
    assert!(text(&short.stderr).contains("at least 10 characters"));
    let no_wg = quorum_with_input(
        &["user", "add", "y@example.org", "--name", "Y", "--role", "chair"],
        &db,
        "long password here\n",
    );
    assert!(text(&no_wg.stderr).contains("--wg: a chair needs the groups they chair"));
    let as_arg =
        quorum(&["user", "add", "z@example.org", "--name", "Z", "--role", "member", "--password", "secret"], &db);
    assert_eq!(as_arg.status.code(), Some(2), "there is no --password option");

    let list = text(&quorum(&["user", "list"], &db).stdout);
    assert_eq!(list, "dean@example.org\tDean Coclin\tDigiCert\tchair (cscwg,scwg)\tactive\n");
    assert!(quorum(&["user", "disable", "dean@example.org"], &db).status.success());
    assert!(text(&quorum(&["user", "list"], &db).stdout).ends_with("\tdisabled\n"));
    let missing = quorum(&["user", "disable", "nobody@example.org"], &db);
    assert_eq!(
        (missing.status.code(), text(&missing.stderr)),
        (Some(1), "error: no user has the email nobody@example.org\n".into())
    );
}

#[test]
fn api_tokens_are_shown_once_listed_without_the_secret_and_revoked_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("q.db");
    quorum_with_input(
        &["user", "add", "dean@example.org", "--name", "Dean", "--role", "admin"],
        &db,
        "a long enough password\n",
    );
    let out = quorum(&["token", "create", "dean@example.org", "--name", "ci"], &db);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let token = text(&out.stdout).trim().to_string();
    assert_eq!(token.len(), 64, "the token alone on standard output, for scripts");
    assert!(text(&out.stderr).contains("shown only now"));
    let list = text(&quorum(&["token", "list"], &db).stdout);
    assert!(list.contains("dean@example.org\tapi\tci\t") && list.contains("never used"), "{list}");
    assert!(!list.contains(&token), "the secret is never listed");
    let revoked = quorum(&["token", "revoke", "dean@example.org", "ci"], &db);
    assert_eq!(text(&revoked.stdout), "1 token(s) of dean@example.org revoked\n");
    assert!(text(&quorum(&["token", "list"], &db).stdout).contains("revoked 20"));
    let nothing = quorum(&["token", "revoke", "dean@example.org"], &db);
    assert!(text(&nothing.stderr).contains("or give --all"));
}

#[test]
fn a_server_with_no_users_says_how_to_create_the_first_administrator() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("q.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_quorum"))
        .args(["serve", "--addr", "127.0.0.1:0", "--no-import", "--site-root", dir.path().to_str().unwrap()])
        .env("QUORUM_DATABASE_URL", format!("sqlite://{}", db.display()))
        .env("QUORUM_LOG", "info")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut lines = std::io::BufRead::lines(std::io::BufReader::new(stderr));
    let mut seen = Vec::new();
    let found = loop {
        match lines.next() {
            Some(Ok(line)) => {
                let hit = line.contains("no users yet") && line.contains("quorum user add");
                seen.push(line);
                if hit {
                    break true;
                }
                if seen.len() > 20 {
                    break false;
                }
            }
            _ => break false,
        }
    };
    let _ = child.kill();
    let _ = child.wait();
    assert!(found, "{seen:?}");
}
