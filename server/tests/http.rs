//! The web app over real HTTP: health, pages, 404s.

mod common;
use common::{sample_content, spawn_app};

#[tokio::test]
async fn healthz_reports_version_and_a_reachable_database() {
    let app = spawn_app(None).await;
    let res = app.get("/healthz").await;
    assert_eq!(res.status, 200);
    let json = res.json();
    assert_eq!(json["status"], "ok");
    assert_eq!(json["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(json["database"]["status"], "ok");
    assert_eq!(json["database"]["engine"], "sqlite");
}

#[tokio::test]
async fn the_home_page_is_complete_html_without_javascript() {
    let app = spawn_app(Some(&sample_content())).await;
    let res = app.get("/").await;
    assert_eq!(res.status, 200);
    assert!(res.header("content-type").unwrap_or("").starts_with("text/html"));
    let body = &res.body;
    for nav in ["href=\"/minutes\"", "href=\"/ballots\"", "href=\"/actions\"", "href=\"/feeds\""] {
        assert!(body.contains(nav), "navigation link {nav} missing");
    }
    // Data is in the first response, not streamed in by script.
    assert!(body.contains("2026-10-29 Minutes of the Server Certificate Working Group"), "{body}");
    assert!(body.contains("<dd>7</dd>"), "minutes count missing");
    // No bundle was built for this test, so no hydration script may point at missing files.
    assert!(!body.contains("/pkg/quorum.js"));
}

#[tokio::test]
async fn unknown_pages_answer_404_with_the_site_layout() {
    let app = spawn_app(None).await;
    let res = app.get("/no/such/page").await;
    assert_eq!(res.status, 404);
    assert!(res.body.contains("Page not found"));
    assert!(res.body.contains("href=\"/minutes\""));
}

#[tokio::test]
async fn an_unknown_post_slug_answers_404() {
    let app = spawn_app(None).await;
    let res = app.get("/minutes/not-a-real-slug").await;
    assert_eq!(res.status, 404);
    assert!(res.body.contains("No minutes are called"), "{}", res.body);
}

#[tokio::test]
async fn the_stylesheet_is_served_from_the_binary() {
    let app = spawn_app(None).await;
    let res = app.get("/pkg/quorum.css").await;
    assert_eq!(res.status, 200);
    assert!(res.header("content-type").unwrap().starts_with("text/css"));
    assert!(res.body.contains("--brand"));
}

#[tokio::test]
async fn a_post_page_shows_sanitised_html_and_its_source_path() {
    let app = spawn_app(Some(&sample_content())).await;
    let res = app.get("/minutes/2026-10-08-minutes-of-the-code-signing-certificate-working-group").await;
    assert_eq!(res.status, 200);
    assert!(res.body.contains("<h3 id=\"ballot-csc-30-signing-service-audits\">"), "{}", res.body);
    assert!(res.body.contains("posts/2026/2026-10-08-minutes-of-the-code-signing-certificate-working-group.md"));
}

#[tokio::test]
async fn the_ballots_page_groups_ballots_by_where_they_stand_now() {
    let app = spawn_app(Some(&sample_content())).await;
    let res = app.get("/ballots").await;
    assert_eq!(res.status, 200);
    let body = &res.body;
    let pos = |s: &str| body.find(s).unwrap_or_else(|| panic!("{s} missing"));
    // At the fixed test time (2026-11-26): SC-91 in review, SMC-12 in discussion, CSC-30 passed.
    assert!(pos("IPR Review (1)") < pos("SC-91") && pos("SC-91") < pos("Discussion (1)"));
    assert!(pos("Discussion (1)") < pos("SMC-12") && pos("SMC-12") < pos("Passed (1)"));
    let smc = &body[pos("SMC-12")..];
    assert!(
        smc.find("voting starts").unwrap()
            < smc.find("<time datetime=\"2026-11-27T16:00:00+00:00\">2026-11-27 16:00 UTC</time>").unwrap()
    );
    assert!(body.contains("(1 day 4 hours left)"), "countdown missing");
    assert!(body.contains("Mentioned in minutes only"));
}

#[tokio::test]
async fn a_ballot_filter_for_an_unknown_working_group_is_a_400() {
    let app = spawn_app(None).await;
    assert_eq!(app.get("/ballots?wg=Not%20A%20Group").await.status, 400);
    assert_eq!(app.get("/ballots?wg=scwg").await.status, 200);
}

#[tokio::test]
async fn a_ballot_page_shows_votes_tally_and_where_it_was_discussed() {
    let app = spawn_app(Some(&sample_content())).await;
    let res = app.get("/ballots/CSC-30").await;
    assert_eq!(res.status, 200);
    let body = &res.body;
    for want in [
        "Signing service audits",
        "Sofia Alvarez",
        "Farid Haddad",
        "Iris Novak",
        "Umbrella Signing",
        "effective <time datetime=\"2026-11-15\">",
        "2026-10-08 Minutes of the Code Signing Certificate Working Group",
    ] {
        assert!(body.contains(want), "{want} missing");
    }
    assert!(body.contains("class=\"outcome outcome-passed\""));
}

#[tokio::test]
async fn ballots_known_only_from_minutes_have_a_page_and_unknown_ones_a_404() {
    let app = spawn_app(Some(&sample_content())).await;
    let res = app.get("/ballots/SC-92").await;
    assert_eq!(res.status, 200);
    assert!(res.body.contains("No imported post describes this ballot yet"));
    assert_eq!(app.get("/ballots/SC-999").await.status, 404);
    assert_eq!(app.get("/ballots/not-an-id").await.status, 404);
}

#[tokio::test]
async fn the_home_page_lists_live_ballots_with_deadlines() {
    let app = spawn_app(Some(&sample_content())).await;
    let body = app.get("/").await.body;
    let live = &body[body.find("Ballots in discussion, voting or review").unwrap()..];
    assert!(live.find("SMC-12").unwrap() < live.find("SC-91").unwrap(), "soonest deadline first");
    assert!(!live[..live.find("Recent posts").unwrap()].contains("CSC-30"), "passed ballots are not live");
}

#[tokio::test]
async fn page_filters_for_an_unknown_working_group_say_so() {
    let app = spawn_app(Some(&sample_content())).await;
    for path in ["/ballots?wg=bogus", "/minutes?wg=bogus"] {
        let res = app.get(path).await;
        assert_eq!(res.status, 400, "{path}");
        assert!(
            res.body.contains("unknown working group &quot;bogus&quot;")
                || res.body.contains("unknown working group \"bogus\""),
            "{path}: {}",
            res.body
        );
    }
    assert_eq!(app.get("/api/v1/ballots?wg=bogus").await.status, 400);
    assert_eq!(app.get("/ballots?wg=all").await.status, 200);
}

#[tokio::test]
async fn bundle_files_are_served_whole_while_not_found_pages_render_alongside() {
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(site.path().join("pkg")).unwrap();
    std::fs::write(site.path().join("pkg/quorum.js"), "export default function () {}\n").unwrap();
    let root = site.path().to_str().unwrap().to_string();
    let app = common::spawn_app_with(None, move |s| s.leptos.site_root = root.clone().into()).await;
    // Concurrent 404 page renders once lent their status to a file answered by the fallback.
    let mut tasks = Vec::new();
    for i in 0..120 {
        let addr = app.addr;
        tasks.push(tokio::spawn(async move {
            let path = if i % 2 == 0 { "/pkg/quorum.js" } else { "/minutes/x/no/such/page" };
            (path, common::send_to(addr, "GET", path, &[], "").await.status)
        }));
    }
    for t in tasks {
        let (path, status) = t.await.unwrap();
        let want = if path.starts_with("/pkg/") { 200 } else { 404 };
        assert_eq!(status, want, "{path}");
    }
    assert_eq!(app.get("/pkg/missing.js").await.status, 404);
}
