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
