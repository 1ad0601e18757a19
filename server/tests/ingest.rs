//! Importing trees with problems: every bad file gets one clear error naming it, and everything
//! else still imports.

use server::import::import_dir;
use server::store::Store;
use std::fs;

async fn store(dir: &std::path::Path) -> Store {
    Store::open(&format!("sqlite://{}", dir.join("q.db").display())).await.unwrap()
}

#[tokio::test]
async fn bad_files_of_every_kind_each_get_one_clear_error_and_the_rest_import() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    fs::create_dir_all(content.join("posts")).unwrap();
    let p = |name: &str| content.join("posts").join(name);
    fs::write(p("good.md"), "---\ntitle: Good\ndate: 2026-01-01\n---\nText\n").unwrap();
    fs::write(p("bad-yaml.md"), "---\ntitle: [unclosed\ndate: 2026-01-01\n---\n").unwrap();
    fs::write(p("bad-toml.md"), "+++\ntitle = \n+++\n").unwrap();
    fs::write(p("bad-json.md"), "{\"title\": \"x\",, }\n").unwrap();
    fs::write(p("unterminated.md"), "---\ntitle: x\ndate: 2026-01-01\n").unwrap();
    fs::write(p("bad-date.md"), "---\ntitle: x\ndate: 31/12/2026\n---\n").unwrap();
    fs::write(p("no-title-no-date.md"), "Just text.\n").unwrap();
    fs::write(p("latin1.md"), b"---\ntitle: Caf\xe9\ndate: 2026-01-01\n---\n").unwrap();
    fs::write(p("huge.md"), vec![b'a'; 3 * 1024 * 1024]).unwrap();
    std::os::unix::fs::symlink("missing-target.md", p("dangling.md")).unwrap();
    fs::write(p("minutes.pdf"), b"%PDF").unwrap();

    let store = store(tmp.path()).await;
    let summary = import_dir(&store, &content, chrono::Utc::now(), &mut |_, _| {}).await.unwrap();
    assert_eq!((summary.imported, summary.failed, summary.skipped), (1, 9, 1), "{:#?}", summary.errors);

    let mut messages: Vec<String> = summary.errors.iter().map(|e| e.to_string()).collect();
    messages.sort();
    let expect_start = [
        "posts/bad-date.md:3: field `date`: cannot read \"31/12/2026\" as a date",
        "posts/bad-json.md:1: invalid JSON front matter",
        "posts/bad-toml.md:2: invalid TOML front matter",
        "posts/bad-yaml.md:",
        "posts/dangling.md: cannot be read",
        "posts/huge.md: the file is 3145728 bytes, over the 2097152-byte limit",
        "posts/latin1.md:2: the file is not valid UTF-8 text",
        "posts/no-title-no-date.md: no date",
        "posts/unterminated.md:1: the front matter opened with `---` on line 1 is never closed",
    ];
    for (got, want) in messages.iter().zip(expect_start) {
        assert!(got.starts_with(want), "expected {want:?}…, got {got:?}");
    }
    assert!(messages[3].contains("invalid YAML front matter"), "{}", messages[3]);

    // The errors are kept for `export` and the home page until fixed.
    assert_eq!(store.import_errors().await.unwrap().len(), 9);
    fs::write(p("bad-date.md"), "---\ntitle: x\ndate: 2026-12-31\n---\n").unwrap();
    let again = import_dir(&store, &content, chrono::Utc::now(), &mut |_, _| {}).await.unwrap();
    assert_eq!((again.imported, again.unchanged, again.failed), (1, 1, 8));
    assert_eq!(store.import_errors().await.unwrap().len(), 8);
}

#[tokio::test]
async fn changed_files_update_and_deleted_files_are_marked_removed() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    fs::create_dir_all(&content).unwrap();
    fs::write(content.join("a.md"), "---\ntitle: A\ndate: 2026-01-01\n---\nOne\n").unwrap();
    fs::write(content.join("b.md"), "---\ntitle: B\ndate: 2026-01-02\n---\nTwo\n").unwrap();
    let store = store(tmp.path()).await;
    let now = chrono::Utc::now();
    let first = import_dir(&store, &content, now, &mut |_, _| {}).await.unwrap();
    assert_eq!(first.imported, 2);

    fs::write(content.join("a.md"), "---\ntitle: A changed\ndate: 2026-01-01\n---\nOne\n").unwrap();
    fs::remove_file(content.join("b.md")).unwrap();
    let second = import_dir(&store, &content, now, &mut |_, _| {}).await.unwrap();
    assert_eq!((second.imported, second.updated, second.unchanged, second.removed), (0, 1, 0, 1));
    assert_eq!(store.post_by_slug("a").await.unwrap().unwrap().summary.title, "A changed");
    assert!(store.post_state("b.md").await.unwrap().unwrap().removed);

    // Restoring the file brings the post back.
    fs::write(content.join("b.md"), "---\ntitle: B\ndate: 2026-01-02\n---\nTwo\n").unwrap();
    let third = import_dir(&store, &content, now, &mut |_, _| {}).await.unwrap();
    assert_eq!((third.updated, third.removed), (1, 0));
    assert!(!store.post_state("b.md").await.unwrap().unwrap().removed);
}

#[tokio::test]
async fn raw_html_in_minutes_is_sanitised_before_it_is_stored() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    fs::create_dir_all(&content).unwrap();
    fs::write(
        content.join("2026-01-01-minutes.md"),
        "---\ntitle: 2026-01-01 Minutes of the Forum\ndate: 2026-01-02\ntags: [Minutes]\n---\n## Attendees\n\nA B (X)\n\n<script>alert('x')</script><img src=x onerror=\"alert(1)\">\n",
    )
    .unwrap();
    let store = store(tmp.path()).await;
    import_dir(&store, &content, chrono::Utc::now(), &mut |_, _| {}).await.unwrap();
    let page = store.minutes_by_slug("2026-01-01-minutes").await.unwrap().unwrap();
    assert!(!page.html.contains("<script") && !page.html.contains("onerror"), "{}", page.html);
}
