//! The store's contract, run against every database engine Quorum supports: SQLite always, and
//! PostgreSQL when `QUORUM_TEST_POSTGRES_URL` names a server (e.g. postgres://postgres@127.0.0.1/test);
//! each PostgreSQL test gets a database of its own, dropped afterwards. Without the variable the
//! PostgreSQL variants print that they were skipped.

use server::import::import_dir;
use server::ingest::parse_post;
use server::store::Store;
use std::collections::HashSet;

/// A store on a fresh database, and what to do to clean up after it.
struct Fresh {
    store: Store,
    cleanup: Option<(String, String)>,
    _dir: Option<tempfile::TempDir>,
}

impl Fresh {
    async fn done(self) {
        self.store.close().await;
        if let Some((admin_url, db)) = self.cleanup {
            use sqlx::Executor;
            if let Ok(pool) = sqlx::AnyPool::connect(&admin_url).await {
                let _ = pool.execute(format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)").as_str()).await;
                pool.close().await;
            }
        }
    }
}

async fn sqlite() -> Option<Fresh> {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&format!("sqlite://{}", dir.path().join("c.db").display())).await.unwrap();
    Some(Fresh { store, cleanup: None, _dir: Some(dir) })
}

async fn postgres(test: &str) -> Option<Fresh> {
    let Ok(admin_url) = std::env::var("QUORUM_TEST_POSTGRES_URL") else {
        eprintln!("SKIPPED {test} on PostgreSQL: set QUORUM_TEST_POSTGRES_URL to run it");
        return None;
    };
    use sqlx::Executor;
    sqlx::any::install_default_drivers();
    let db = format!(
        "quorum_t_{}_{}",
        std::process::id(),
        test.chars().filter(|c| c.is_ascii_alphanumeric()).take(30).collect::<String>().to_lowercase()
    );
    let pool = sqlx::AnyPool::connect(&admin_url).await.expect("QUORUM_TEST_POSTGRES_URL must be reachable");
    pool.execute(format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)").as_str()).await.unwrap();
    pool.execute(format!("CREATE DATABASE {db}").as_str()).await.unwrap();
    pool.close().await;
    let (base, _) = admin_url.rsplit_once('/').expect("URL with a database name");
    let store = Store::open(&format!("{base}/{db}")).await.unwrap();
    Some(Fresh { store, cleanup: Some((admin_url, db)), _dir: None })
}

/// Declares one contract test and runs it on each engine.
macro_rules! contract {
    ($name:ident, |$store:ident| $body:block) => {
        mod $name {
            use super::*;
            async fn check($store: &Store) $body

            #[tokio::test]
            async fn on_sqlite() {
                let fresh = sqlite().await.unwrap();
                check(&fresh.store).await;
                fresh.done().await;
            }

            #[tokio::test]
            async fn on_postgres() {
                if let Some(fresh) = postgres(stringify!($name)).await {
                    check(&fresh.store).await;
                    fresh.done().await;
                }
            }
        }
    };
}

const NOW: &str = "2026-11-26T12:00:00+00:00";

fn post(path: &str, title: &str, tags: &[&str]) -> server::ingest::Post {
    let text = format!(
        "---\ntitle: '{title}'\ndate: 2026-10-01 10:00:00\ntags: [{}]\n---\n\n## Attendees\n\nA (B)\n",
        tags.join(", ")
    );
    parse_post(path, text.as_bytes()).unwrap()
}

/// The moment the list queries are asked about.
fn at() -> app::domain::Instant {
    chrono::DateTime::parse_from_rfc3339("2026-11-26T12:00:00Z").unwrap()
}

contract!(scheduled_and_expired_posts_are_kept_but_left_out_of_lists, |store| {
    let text = |name: &str, extra: &str| format!("---\ntitle: {name}\ndate: 2026-01-01\n{extra}---\nBody\n");
    let save = |path: &'static str, t: String| {
        let p = parse_post(path, t.as_bytes()).unwrap();
        async move { (path, p) }
    };
    for (path, p) in [
        save("now.md", text("Now", "")).await,
        save("later.md", text("Later", "publishDate: 2027-01-01\n")).await,
        save("gone.md", text("Gone", "expiryDate: 2026-06-01\n")).await,
        save("still.md", text("Still", "expiryDate: 2027-06-01\n")).await,
    ] {
        store.save_post("/root", path, "h", &p, NOW, "import").await.unwrap();
    }
    let listed: Vec<String> = store.list_posts(None, at()).await.unwrap().into_iter().map(|p| p.title).collect();
    assert_eq!(listed.len(), 2, "{listed:?}");
    assert!(listed.contains(&"Now".to_string()) && listed.contains(&"Still".to_string()), "{listed:?}");
    // A year later the scheduled post is out and the other has expired.
    let later = chrono::DateTime::parse_from_rfc3339("2027-07-01T00:00:00Z").unwrap();
    let listed: Vec<String> = store.list_posts(None, later).await.unwrap().into_iter().map(|p| p.title).collect();
    assert_eq!(listed.len(), 2, "{listed:?}");
    assert!(listed.contains(&"Later".to_string()), "{listed:?}");
    assert!(store.post_by_slug("gone").await.unwrap().is_some(), "expired posts stay readable by their address");
});

contract!(a_saved_post_reads_back_by_slug_and_in_lists, |store| {
    let p = post("posts/a.md", "2026-10-01 Minutes of X", &["Minutes", "Code Signing"]);
    let saved = store.save_post("/root", "posts/a.md", "h1", &p, NOW, "import").await.unwrap();
    assert_eq!(saved.slug, "a");
    let page = store.post_by_slug("a").await.unwrap().expect("saved post");
    assert_eq!(page.summary.title, "2026-10-01 Minutes of X");
    assert_eq!(page.summary.wg.unwrap().slug(), "cscwg");
    assert!(page.html.contains("<h2 id=\"attendees\">"));
    let minutes = store.list_posts(Some(app::model::PostKind::Minutes), at()).await.unwrap();
    assert_eq!(minutes.len(), 1);
    assert!(store.list_posts(Some(app::model::PostKind::Ballot), at()).await.unwrap().is_empty());
    assert_eq!(store.counts(at()).await.unwrap().minutes, 1);
});

contract!(saving_the_same_path_again_replaces_the_post, |store| {
    store.save_post("/root", "posts/a.md", "h1", &post("posts/a.md", "One", &[]), NOW, "import").await.unwrap();
    store.save_post("/root", "posts/a.md", "h2", &post("posts/a.md", "Two", &[]), NOW, "import").await.unwrap();
    let state = store.post_state("posts/a.md").await.unwrap().unwrap();
    assert_eq!(state.hash, "h2");
    assert_eq!(store.post_by_slug("a").await.unwrap().unwrap().summary.title, "Two");
    assert_eq!(store.list_posts(None, at()).await.unwrap().len(), 1);
});

contract!(two_files_with_the_same_name_get_distinct_slugs, |store| {
    let a = store.save_post("/root", "2021/x.md", "h", &post("2021/x.md", "A", &[]), NOW, "import").await.unwrap();
    let b = store.save_post("/root", "2024/x.md", "h", &post("2024/x.md", "B", &[]), NOW, "import").await.unwrap();
    assert_eq!((a.slug.as_str(), b.slug.as_str()), ("x", "x-2"));
});

contract!(files_not_seen_again_are_marked_removed_not_deleted, |store| {
    store.save_post("/root", "a.md", "h", &post("a.md", "A", &[]), NOW, "import").await.unwrap();
    store.save_post("/root", "b.md", "h", &post("b.md", "B", &[]), NOW, "import").await.unwrap();
    store.save_post("/other", "c.md", "h", &post("c.md", "C", &[]), NOW, "import").await.unwrap();
    let seen: HashSet<String> = ["a.md".to_string()].into();
    assert_eq!(store.mark_removed_except("/root", &seen, NOW, "import").await.unwrap(), 1);
    assert!(store.post_state("b.md").await.unwrap().unwrap().removed);
    assert!(!store.post_state("c.md").await.unwrap().unwrap().removed, "other roots are untouched");
    let listed: Vec<String> = store.list_posts(None, at()).await.unwrap().into_iter().map(|p| p.path).collect();
    assert_eq!(listed.len(), 2);
    assert!(!listed.contains(&"b.md".to_string()));
    let page = store.post_by_slug("b").await.unwrap().expect("removed posts stay readable");
    assert!(page.warnings[0].contains("no longer"));
});

contract!(import_errors_are_remembered_until_the_file_imports, |store| {
    store.record_import_error("/root", "bad.md", Some(3), "invalid YAML", NOW).await.unwrap();
    let errs = store.import_errors().await.unwrap();
    assert_eq!((errs[0].path.as_str(), errs[0].line, errs[0].message.as_str()), ("bad.md", Some(3), "invalid YAML"));
    assert_eq!(store.counts(at()).await.unwrap().failed_files, 1);
    store.save_post("/root", "bad.md", "h", &post("bad.md", "Fixed", &[]), NOW, "import").await.unwrap();
    assert!(store.import_errors().await.unwrap().is_empty());
});

contract!(importing_the_sample_content_twice_changes_nothing_the_second_time, |store| {
    let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
    let now = chrono::Utc::now();
    let first = import_dir(store, &content, now, &mut |_, _| {}).await.unwrap();
    assert_eq!(first.failed, 0, "{:?}", first.errors);
    assert!(first.imported >= 8);
    let second = import_dir(store, &content, now, &mut |_, _| {}).await.unwrap();
    assert_eq!((second.imported, second.updated, second.unchanged), (0, 0, first.imported));
    // Ballots re-assembled from what the import kept (no post read again) come out the same.
    let ballots = store.ballots().await.unwrap();
    assert!(!ballots.is_empty());
    assert!(store.ballot_post_reads().await.unwrap().iter().all(|p| p.kept.is_some()));
    server::import::rebuild_ballots(store).await.unwrap();
    assert_eq!(store.ballots().await.unwrap(), ballots);
});

#[tokio::test]
async fn sqlite_runs_in_wal_mode_with_foreign_keys_on() {
    let fresh = sqlite().await.unwrap();
    assert_eq!(fresh.store.sqlite_pragma("journal_mode").await.unwrap().as_deref(), Some("wal"));
    assert_eq!(fresh.store.sqlite_pragma("foreign_keys").await.unwrap().as_deref(), Some("1"));
    fresh.done().await;
}

contract!(ballots_round_trip_through_the_store, |store| {
    use app::domain::history::{History, ReviewResult, StatedResult};
    use app::domain::tally::{Category, Choice, Quorum, Vote};
    use app::domain::{BallotKind, Member};
    let t = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap();
    let history = History {
        id: "CSC-11".parse().unwrap(),
        title: "Log retention".into(),
        kind: BallotKind::Guideline,
        versions: vec![(1, None), (2, Some(t("2021-09-20T09:00:00-04:00")))],
        proposer: Some(Member { name: "Ian McMillan".into(), org: Some("Microsoft".into()) }),
        endorsers: vec![
            Member { name: "Bruce Morton".into(), org: Some("Entrust".into()) },
            Member { name: "Dimitris".into(), org: None },
        ],
        discussion_start: Some(t("2021-09-20T09:00:00-04:00")),
        discussion_end: None,
        voting_start: Some(t("2021-09-27T09:00:00-04:00")),
        voting_end: Some(t("2021-10-04T09:00:00-04:00")),
        votes: vec![
            Vote { org: "DigiCert".into(), category: Category::Issuer, choice: Choice::Yes },
            Vote { org: "Microsoft".into(), category: Category::Consumer, choice: Choice::Abstain },
        ],
        quorum: Quorum::Active(12.67),
        stated_result: Some(StatedResult::Passed),
        entered_review: true,
        review_start: None,
        review_end: Some(t("2021-11-03T02:00:00Z")),
        review_days: Some(30),
        review_result: Some(ReviewResult::NoExclusions),
        effective: Some("2021-11-03".parse().unwrap()),
        effective_dates: vec!["2021-11-03".parse().unwrap(), "2022-03-15".parse().unwrap()],
        result_posted: Some(t("2021-10-04T02:00:00Z")),
        never_voted: false,
        first_posted: Some(t("2021-09-20T13:00:00Z")),
        minutes_say: vec![("2021-10-07".parse().unwrap(), app::domain::MinutesSay::InReview)],
    };
    let a = server::ingest::assemble::Assembled {
        history,
        wg: app::domain::WorkingGroup::Cscwg,
        sources: vec!["posts/b.md".into()],
        active_members: Some(12.67),
        attendance_basis: vec![("2021-09-23".parse().unwrap(), 13)],
        warnings: vec!["a note".into()],
    };
    store.replace_ballots(std::slice::from_ref(&a)).await.unwrap();
    assert_eq!(store.ballot(&"CSC-11".parse().unwrap()).await.unwrap().as_ref(), Some(&a));
    // Replacing drops ballots that are gone.
    store.replace_ballots(&[]).await.unwrap();
    assert!(store.ballots().await.unwrap().is_empty());
});
