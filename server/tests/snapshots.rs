//! Snapshots of what users and tools receive for the sample content: the export JSON and the HTML
//! of a minutes page. A change to either shows up as a diff to review (cargo insta review).

mod common;
use common::{sample_content, spawn_app};

#[tokio::test]
async fn the_export_of_the_sample_content() {
    let app = spawn_app(Some(&sample_content())).await;
    let doc = server::export::export(&app.store, common::fixed_now()).await.unwrap();
    // Event times and ids come from the clock and the order tests run in.
    insta::assert_json_snapshot!("sample_export", doc, { ".events[].at" => "[at]", ".events[].id" => "[id]" });
}

/// The `<main>` element of a page, which is what changes when the app changes.
fn main_of(html: &str) -> String {
    let start = html.find("<main").expect("a <main> element");
    let end = html.find("</main>").expect("a closing </main>") + "</main>".len();
    // Put each tag on its own line so diffs are readable.
    html[start..end].replace("><", ">\n<")
}

#[tokio::test]
async fn the_html_of_a_minutes_page() {
    let app = spawn_app(Some(&sample_content())).await;
    let res = app.get("/minutes/2026-10-22-minutes-of-the-code-signing-certificate-working-group").await;
    assert_eq!(res.status, 200);
    insta::assert_snapshot!("minutes_page_main", main_of(&res.body));
}

#[tokio::test]
async fn the_html_of_the_filtered_minutes_list() {
    let app = spawn_app(Some(&sample_content())).await;
    let res = app.get("/minutes?wg=scwg&year=2026").await;
    assert_eq!(res.status, 200);
    insta::assert_snapshot!("minutes_list_scwg_2026_main", main_of(&res.body));
}

#[tokio::test]
async fn the_html_of_a_ballot_page() {
    let app = spawn_app(Some(&sample_content())).await;
    let res = app.get("/ballots/SC-91").await;
    assert_eq!(res.status, 200);
    insta::assert_snapshot!("ballot_page_main", main_of(&res.body));
}
