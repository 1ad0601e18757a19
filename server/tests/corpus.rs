//! The real CA/B Forum posts in ../shared/corpus (2021 and early 2024), imported whole. Skipped,
//! with a clear message, where that directory is absent.

use server::export::export;
use server::import::import_dir;
use server::store::Store;
use std::path::{Path, PathBuf};

fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("QUORUM_CORPUS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/cabforum"));
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("SKIPPED: the shared corpus is not at {}; corpus tests did not run", dir.display());
        None
    }
}

#[tokio::test]
async fn the_whole_corpus_imports_without_failures_and_reimports_unchanged() {
    let Some(dir) = corpus() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(&format!("sqlite://{}", tmp.path().join("c.db").display())).await.unwrap();
    let now = chrono::Utc::now();
    let first = import_dir(&store, &dir, now, &mut |_, _| {}).await.unwrap();
    assert_eq!(first.failed, 0, "{:#?}", first.errors);
    assert_eq!(first.imported, first.files);
    assert!(first.files >= 100, "only {} files", first.files);

    let minutes_files = walk_count(&dir, |title, tags| {
        tags.contains("Minutes") || title.contains("Minutes") || title.contains("minutes")
    });
    let doc = export(&store, chrono::Utc::now().fixed_offset()).await.unwrap();
    assert_eq!(doc.minutes.len(), minutes_files, "every minutes post becomes a record");
    assert!(doc.errors.is_empty());

    let second = import_dir(&store, &dir, now, &mut |_, _| {}).await.unwrap();
    assert_eq!((second.unchanged, second.imported, second.updated, second.failed), (first.files, 0, 0, 0));
}

/// Counts posts by a look at their raw text, independently of Quorum's classifier.
fn walk_count(dir: &Path, is_minutes: impl Fn(&str, &str) -> bool + Copy) -> usize {
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            n += walk_count(&path, is_minutes);
        } else if path.extension().map(|e| e == "md").unwrap_or(false) {
            let text = std::fs::read_to_string(&path).unwrap();
            let title = text.lines().find(|l| l.starts_with("title:")).unwrap_or("");
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            let title = if title.is_empty() { name } else { title.to_string() };
            if is_minutes(&title, &text[..text.len().min(400)]) {
                n += 1;
            }
        }
    }
    n
}

#[tokio::test]
async fn the_seed_minutes_read_as_the_meeting_they_record() {
    let Some(dir) = corpus() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(&format!("sqlite://{}", tmp.path().join("c.db").display())).await.unwrap();
    import_dir(&store, &dir, chrono::Utc::now(), &mut |_, _| {}).await.unwrap();
    let doc = export(&store, chrono::Utc::now().fixed_offset()).await.unwrap();
    let seed = doc
        .minutes
        .iter()
        .find(|m| {
            m.path
                == "content/posts/2021/2021-10-07-2021-10-07-minutes-of-the-code-signing-certificate-working-group.md"
        })
        .expect("seed minutes exported");
    assert_eq!(seed.wg, "cscwg");
    assert_eq!(seed.meeting_date, "2021-10-07");
    assert_eq!(seed.attendees.len(), 12);
    assert_eq!(seed.attendees[0].name, "Andrea Holland");
    assert_eq!(seed.minute_taker.as_deref(), Some("Iñigo"));
    assert_eq!(seed.ballot_refs, ["CSC-11"]);
    assert_eq!(seed.next_meeting.as_deref(), Some("2021-10-13"));
    let corey: Vec<_> = seed.action_items.iter().filter(|a| a.owner.starts_with("Corey")).collect();
    assert_eq!(corey.len(), 1, "{:?}", seed.action_items);
    assert_eq!(corey[0].text, "Corey will prepare the ballot.");
    assert!(corey[0].suggested);
    assert!(seed.decisions.iter().any(|d| d.contains("were approved")), "{:?}", seed.decisions);
}

#[tokio::test]
async fn extraction_across_years_and_formats() {
    let Some(dir) = corpus() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(&format!("sqlite://{}", tmp.path().join("c.db").display())).await.unwrap();
    import_dir(&store, &dir, chrono::Utc::now(), &mut |_, _| {}).await.unwrap();
    let doc = export(&store, chrono::Utc::now().fixed_offset()).await.unwrap();
    let by = |suffix: &str| doc.minutes.iter().find(|m| m.path.ends_with(suffix)).unwrap_or_else(|| panic!("{suffix}"));

    // 2021 CSCWG, organisation-first attendee list.
    let m = by("2021-10-13-2021-10-13-minutes-of-the-code-signing-certificate-working-group.md");
    assert_eq!(m.attendees[0].name, "Adrian Mueller");
    assert_eq!(m.attendees[0].org.as_deref(), Some("SwissSign"));
    assert_eq!(m.next_meeting.as_deref(), Some("2021-10-21"));

    // 2024 SCWG without front matter: "Roll Call" paragraph of "Name - (Org)".
    let m = by("2024-01-04-minutes-of-the-server-certificate-WG.md");
    assert_eq!((m.wg.as_str(), m.meeting_date.as_str()), ("scwg", "2024-01-04"));
    assert_eq!(m.attendees.iter().find(|a| a.name == "Wayne Thayer").and_then(|a| a.org.as_deref()), Some("Fastly"));

    // 2024 SMCWG: "Minutes were prepared by".
    let m = by("2024-01-31-minutes-SMCWG.md");
    assert_eq!(m.minute_taker.as_deref(), Some("Stephen Davidson"));
    assert!(m.ballot_refs.contains(&"SMC-6".to_string()));

    // 2021 title whose year is a slip (2020-01-07, published 2021-01-21).
    assert_eq!(
        by("2021-01-21-2020-01-07-minutes-of-the-server-certificate-working-group.md").meeting_date,
        "2021-01-07"
    );

    // Face-to-face minutes spanning days are dated by their first day.
    assert_eq!(
        by("2021-03-03-minutes-of-the-ca-browser-forum-f2f-meeting-52-virtual-3-4-march-2021.md").meeting_date,
        "2021-03-03"
    );
    assert_eq!(by("2024-02-26-minutes-of-f2f61-new-delhi.md").meeting_date, "2024-02-26");
}

async fn imported() -> Option<(tempfile::TempDir, Store)> {
    let dir = corpus()?;
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(&format!("sqlite://{}", tmp.path().join("c.db").display())).await.unwrap();
    let s = import_dir(&store, &dir, chrono::Utc::now(), &mut |_, _| {}).await.unwrap();
    assert_eq!(s.failed, 0);
    Some((tmp, store))
}

fn as_of() -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339("2026-11-26T12:00:00Z").unwrap()
}

#[tokio::test]
async fn csc_11_reads_as_the_forum_recorded_it() {
    let Some((_tmp, store)) = imported().await else { return };
    let doc = export(&store, as_of()).await.unwrap();
    let b = doc.ballots.iter().find(|b| b.id == "CSC-11").expect("CSC-11 exported");
    assert_eq!((b.wg.as_str(), b.status.as_str()), ("cscwg", "passed"));
    let p = b.proposer.as_ref().unwrap();
    assert_eq!((p.name.as_str(), p.org.as_deref()), ("Ian McMillan", Some("Microsoft")));
    let endorsers: Vec<(&str, Option<&str>)> =
        b.endorsers.iter().map(|e| (e.name.as_str(), e.org.as_deref())).collect();
    assert_eq!(endorsers, [("Dimitris Zacharopoulos", Some("HARICA")), ("Bruce Morton", Some("Entrust"))]);
    assert_eq!(b.effective.as_deref(), Some("2021-11-03"));
    let issuer_yes: Vec<&str> =
        b.votes.iter().filter(|v| v.category == "issuer" && v.vote == "yes").map(|v| v.org.as_str()).collect();
    assert_eq!(
        issuer_yes,
        ["Certum (Asseco)", "DigiCert", "eMudhra", "Entrust", "GlobalSign", "HARICA", "Sectigo", "SecureTrust"]
    );
    let consumers: Vec<(&str, &str)> =
        b.votes.iter().filter(|v| v.category == "consumer").map(|v| (v.org.as_str(), v.vote.as_str())).collect();
    assert_eq!(consumers, [("Microsoft", "yes")]);
    assert_eq!(b.tally.outcome, "passed");
    assert!(
        b.discussed_in
            .iter()
            .any(|p| p.ends_with("2021-10-07-2021-10-07-minutes-of-the-code-signing-certificate-working-group.md")),
        "{:?}",
        b.discussed_in
    );
    assert!(b.discussed_in.len() >= 5);
}

#[tokio::test]
async fn every_ballot_post_becomes_a_ballot_record() {
    let Some((_tmp, store)) = imported().await else { return };
    let doc = export(&store, as_of()).await.unwrap();
    let posts = store.ballot_post_sources().await.unwrap();
    assert!(posts.len() >= 25, "{} ballot posts", posts.len());
    for p in &posts {
        assert!(doc.ballots.iter().any(|b| b.sources.contains(&p.path)), "{} became no ballot record", p.path);
    }
    // A post that announces two ballots gives two records.
    let both = posts.iter().find(|p| p.path.contains("ballots-csc-21-and-csc-22")).unwrap();
    let from_both: Vec<&str> =
        doc.ballots.iter().filter(|b| b.sources.contains(&both.path)).map(|b| b.id.as_str()).collect();
    assert_eq!(from_both, ["CSC-21", "CSC-22"]);
}

#[tokio::test]
async fn computed_tallies_agree_with_every_stated_result_or_say_why_not() {
    let Some((_tmp, store)) = imported().await else { return };
    let doc = export(&store, as_of()).await.unwrap();
    let mut compared = 0;
    for b in &doc.ballots {
        let Some(stated) = b.stated_result.as_deref() else { continue };
        if b.votes.is_empty() || !matches!(stated, "passed" | "failed") {
            continue;
        }
        compared += 1;
        let computed_pass = b.tally.outcome == "passed";
        let agrees = computed_pass == (stated == "passed");
        assert!(
            agrees || b.disagreement.is_some(),
            "{}: stated {stated}, computed {} with no flag",
            b.id,
            b.tally.outcome
        );
    }
    assert!(compared >= 15, "only {compared} ballots had votes and a stated result");
}

#[tokio::test]
async fn run_together_vote_cells_are_split_into_known_organisations() {
    let Some((_tmp, store)) = imported().await else { return };
    let doc = export(&store, as_of()).await.unwrap();
    let b = doc.ballots.iter().find(|b| b.id == "CSC-12").unwrap();
    let yes: Vec<&str> = b.votes.iter().filter(|v| v.category == "issuer").map(|v| v.org.as_str()).collect();
    assert_eq!(
        yes,
        ["Certum (Asseco)", "DigiCert", "Entrust", "E-TUGRA", "GlobalSign", "HARICA", "Sectigo", "SSL.com"]
    );
}

#[tokio::test]
async fn no_ballot_is_still_voting_after_its_voting_period_ended() {
    let Some((_tmp, store)) = imported().await else { return };
    let now = chrono::Utc::now().fixed_offset();
    let doc = export(&store, now).await.unwrap();
    let stuck: Vec<&str> = doc
        .ballots
        .iter()
        .filter(|b| b.status == "voting")
        .filter(|b| {
            b.voting_end.as_deref().and_then(|e| chrono::DateTime::parse_from_rfc3339(e).ok()).is_none_or(|e| e <= now)
        })
        .map(|b| b.id.as_str())
        .collect();
    assert!(stuck.is_empty(), "still voting after voting ended: {stuck:?}");
    // Every ballot says where its status comes from.
    assert!(doc.ballots.iter().all(|b| ["stated", "computed", "inferred"].contains(&b.status_source.as_str())));
}

#[tokio::test]
async fn the_numbered_forum_ballots_of_2013_to_2018_are_ballots_of_their_own_series() {
    let Some((_tmp, store)) = imported().await else { return };
    let doc = export(&store, as_of()).await.unwrap();
    let legacy: Vec<&str> = doc.ballots.iter().filter(|b| b.id.starts_with("BALLOT-")).map(|b| b.id.as_str()).collect();
    assert!(legacy.len() >= 50, "only {} numbered Forum ballots: {legacy:?}", legacy.len());
    let b = doc.ballots.iter().find(|b| b.id == "BALLOT-142").expect("Ballot 142");
    assert_eq!((b.status.as_str(), b.status_source.as_str()), ("failed", "stated"));
    // The plenary's later FORUM-N ballots are not the same series.
    assert!(doc.ballots.iter().any(|b| b.id == "FORUM-14"));
}

#[test]
fn the_corpus_report_covers_every_post_and_finds_no_ballot_stuck_in_voting() {
    let Some(dir) = corpus() else { return };
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_quorum"))
        .args(["check", "--report"])
        .arg(&dir)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("0 could not be read"), "{text}");
    assert!(text.contains("still \"voting\" after voting ended: 0"), "{text}");
    assert!(text.contains("Warnings by kind"), "{text}");
}

/// Copies the files under `from` to `to`, every one dated an hour ago (as a checkout would be).
fn copy_tree(from: &Path, to: &Path) {
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&dst).unwrap();
            copy_tree(&src, &dst);
        } else if entry.file_type().unwrap().is_file() {
            std::fs::copy(&src, &dst).unwrap();
            std::fs::File::options().write(true).open(&dst).unwrap().set_modified(hour_ago).unwrap();
        }
    }
}

/// Rewrites a file with `edit` applied, dated `minutes_ago`.
fn edit_file(path: &Path, minutes_ago: u64, edit: impl Fn(&str) -> String) {
    let text = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, edit(&text)).unwrap();
    let when = std::time::SystemTime::now() - std::time::Duration::from_secs(60 * minutes_ago);
    std::fs::File::options().write(true).open(path).unwrap().set_modified(when).unwrap();
}

#[tokio::test]
async fn a_re_import_reads_only_changed_files_and_ends_exactly_where_a_fresh_import_would() {
    let Some(dir) = corpus() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let tree = tmp.path().join("tree");
    std::fs::create_dir_all(&tree).unwrap();
    copy_tree(&dir, &tree);
    let now = chrono::Utc::now();
    let incremental = Store::open(&format!("sqlite://{}", tmp.path().join("a.db").display())).await.unwrap();
    let first = import_dir(&incremental, &tree, now, &mut |_, _| {}).await.unwrap();
    assert_eq!(first.failed, 0, "{:#?}", first.errors);

    // Change a ballot post's votes, drop a minutes file (its attendance leaves the organisation
    // dictionary and the quorum basis) and add a sentence about a ballot to another.
    let ballot_posts: Vec<String> =
        incremental.ballot_post_reads().await.unwrap().into_iter().map(|p| p.path).collect();
    let minutes: Vec<String> = incremental
        .list_posts(Some(app::model::PostKind::Minutes), now.fixed_offset())
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.path)
        .collect();
    let voted = ballot_posts
        .iter()
        .find(|p| std::fs::read_to_string(tree.join(p)).unwrap().contains("Yes votes:"))
        .expect("a ballot post with a vote list");
    edit_file(&tree.join(voted), 30, |t| t.replacen("Yes votes:", "Yes votes: Newly Joined CA,", 1));
    std::fs::remove_file(tree.join(&minutes[0])).unwrap();
    edit_file(&tree.join(&minutes[1]), 30, |t| format!("{t}\n\nBallot SC-68 passed.\n"));
    let second = import_dir(&incremental, &tree, now, &mut |_, _| {}).await.unwrap();
    assert_eq!((second.updated, second.removed, second.failed), (2, 1, 0), "{second:#?}");
    assert_eq!(second.unchanged, first.files - 3);

    // The same tree imported into an empty database gives the very same ballots.
    let a = incremental.ballots().await.unwrap();
    assert_same_as_a_fresh_import(&a, &tree, tmp.path(), "b.db", now).await;
    let voted_ballots: Vec<_> = a.iter().filter(|x| x.sources.contains(voted)).collect();
    assert!(
        voted_ballots.iter().any(|x| x.history.votes.iter().any(|v| v.org.contains("Newly Joined CA"))),
        "the edited vote list is read"
    );

    // A change that leaves the organisation dictionary as it was: only that post is read again
    // and only its ballots merged again; the rest is kept, and still ends as a fresh import.
    let other = ballot_posts.iter().find(|p| *p != voted).unwrap();
    edit_file(&tree.join(other), 20, |t| format!("{t}\n\nThe ballot has passed.\n"));
    let third = import_dir(&incremental, &tree, now, &mut |_, _| {}).await.unwrap();
    assert_eq!((third.updated, third.failed), (1, 0), "{third:#?}");
    let a = incremental.ballots().await.unwrap();
    assert_same_as_a_fresh_import(&a, &tree, tmp.path(), "c.db", now).await;

    // Minutes edited without touching attendance or ballot mentions: no ballot is assembled again.
    edit_file(&tree.join(&minutes[3]), 10, |t| format!("{t}\n\nThe meeting ended on time.\n"));
    let prose = import_dir(&incremental, &tree, now, &mut |_, _| {}).await.unwrap();
    assert_eq!((prose.updated, prose.ballot_inputs_changed, prose.ballots), (1, false, 0), "{prose:#?}");
    assert_eq!(incremental.ballots().await.unwrap(), a);

    // A file whose size and date did not change is not read again, unless the import is forced.
    let kept = tree.join(&minutes[2]);
    let stamp_before = std::fs::metadata(&kept).unwrap().modified().unwrap();
    let text = std::fs::read_to_string(&kept).unwrap();
    std::fs::write(&kept, text.replacen('a', "b", 1)).unwrap();
    std::fs::File::options().write(true).open(&kept).unwrap().set_modified(stamp_before).unwrap();
    let unforced = import_dir(&incremental, &tree, now, &mut |_, _| {}).await.unwrap();
    assert_eq!((unforced.updated, unforced.unchanged), (0, unforced.files));
    incremental.forget_file_stamps().await.unwrap();
    let forced = import_dir(&incremental, &tree, now, &mut |_, _| {}).await.unwrap();
    assert_eq!((forced.updated, forced.unchanged), (1, forced.files - 1));
}

/// Imports `tree` into a new database `name` under `dir` and checks its ballots are `ballots`.
async fn assert_same_as_a_fresh_import(
    ballots: &[server::ingest::assemble::Assembled],
    tree: &Path,
    dir: &Path,
    name: &str,
    now: chrono::DateTime<chrono::Utc>,
) {
    let fresh = Store::open(&format!("sqlite://{}", dir.join(name).display())).await.unwrap();
    import_dir(&fresh, tree, now, &mut |_, _| {}).await.unwrap();
    let expected = fresh.ballots().await.unwrap();
    // And the fresh import is what assembling every post in one go gives (no kept readings).
    let posts = fresh.ballot_post_sources().await.unwrap();
    let (meetings, said) = (fresh.meetings().await.unwrap(), fresh.minutes_say().await.unwrap());
    let mut at_once = server::ingest::assemble::assemble(&posts, &meetings, &said);
    at_once.sort_by_key(|a| a.history.id.to_string()); // the store orders by the id's text
    assert_eq!(at_once.len(), expected.len());
    for (x, y) in at_once.iter().zip(&expected) {
        assert_eq!(x, y, "{} differs between assembling at once and a fresh import", x.history.id);
    }
    assert_eq!(ballots.len(), expected.len());
    for (x, y) in ballots.iter().zip(&expected) {
        assert_eq!(x, y, "{} differs between the re-import and a fresh import", x.history.id);
    }
}
