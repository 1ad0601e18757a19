//! Feeds, calendars and the JSON API over real HTTP on the sample content (at the fixed test time).

mod common;
use common::{sample_content, spawn_app};

#[tokio::test]
async fn every_feed_path_answers_with_its_format() {
    let app = spawn_app(Some(&sample_content())).await;
    let cases = [
        ("/feeds/minutes.xml", "application/rss+xml", "<rss version=\"2.0\""),
        ("/feeds/minutes.atom", "application/atom+xml", "<feed xmlns=\"http://www.w3.org/2005/Atom\">"),
        ("/feeds/cscwg/minutes.xml", "application/rss+xml", "Code Signing Certificate Working Group minutes"),
        ("/feeds/ballots.xml", "application/rss+xml", "CSC-30 entered IPR review, ends 2026-11-15"),
        ("/feeds/scwg/ballots.atom", "application/atom+xml", "SC-91 entered IPR review, ends 2026-12-05"),
        ("/ballots/CSC-30/feed.xml", "application/rss+xml", "CSC-30 passed, effective 2026-11-15"),
        ("/calendar.ics", "text/calendar", "BEGIN:VCALENDAR"),
        ("/feeds/smcwg/calendar.ics", "text/calendar", "SMC-12 voting"),
    ];
    for (path, ctype, needle) in cases {
        let res = app.get(path).await;
        assert_eq!(res.status, 200, "{path}");
        assert!(
            res.header("content-type").unwrap_or("").starts_with(ctype),
            "{path}: {:?}",
            res.header("content-type")
        );
        assert!(res.body.contains(needle), "{path} lacks {needle}:\n{}", res.body);
        assert!(res.header("etag").is_some() && res.header("last-modified").is_some(), "{path} has no validators");
    }
}

#[tokio::test]
async fn feeds_use_absolute_links_and_stable_ids() {
    let app = spawn_app(Some(&sample_content())).await;
    let base = format!("http://{}", app.addr);
    let body = app.get("/feeds/minutes.xml").await.body;
    assert!(
        body.contains(&format!("<link>{base}/minutes/2026-11-12-minutes-of-the-forum-teleconference</link>")),
        "{body}"
    );
    assert_eq!(body.matches("<item>").count(), 7);
    // Re-importing changes nothing, so the feed is byte-for-byte the same.
    server::import::import_dir(&app.store, &sample_content(), chrono::Utc::now(), &mut |_, _| {}).await.unwrap();
    assert_eq!(app.get("/feeds/minutes.xml").await.body, body);
}

#[tokio::test]
async fn conditional_requests_get_304_not_modified() {
    let app = spawn_app(Some(&sample_content())).await;
    for path in ["/feeds/ballots.atom", "/calendar.ics"] {
        let first = app.get(path).await;
        let etag = first.header("etag").unwrap().to_string();
        let lm = first.header("last-modified").unwrap().to_string();
        assert_eq!(app.request("GET", path, &[("If-None-Match", &etag)]).await.status, 304, "{path} etag");
        assert_eq!(app.request("GET", path, &[("If-Modified-Since", &lm)]).await.status, 304, "{path} date");
        assert_eq!(app.request("GET", path, &[("If-None-Match", "\"other\"")]).await.status, 200);
    }
}

#[tokio::test]
async fn unknown_feeds_are_404s() {
    let app = spawn_app(Some(&sample_content())).await;
    for path in
        ["/feeds/nope/minutes.xml", "/feeds/minutes.rss", "/ballots/SC-92/feed.xml", "/ballots/CSC-30/other.xml"]
    {
        assert_eq!(app.get(path).await.status, 404, "{path}");
    }
}

#[tokio::test]
async fn calendars_hold_meetings_windows_and_due_dates_with_stable_uids() {
    let app = spawn_app(Some(&sample_content())).await;
    let host = app.addr.to_string();
    let raw = app.get("/calendar.ics").await.body;
    assert!(raw.lines().all(|l| l.len() <= 76), "lines are folded");
    let ics = raw.replace("\r\n ", "");
    for uid in [
        format!("UID:meeting-2026-10-08-minutes-of-the-code-signing-certificate-working-group@{host}"),
        format!("UID:SC-91-voting@{host}"),
        format!("UID:SC-91-review@{host}"),
        format!("UID:SMC-12-discussion@{host}"),
        format!("UID:next-meeting-forum-2026-11-26@{host}"),
    ] {
        assert!(ics.contains(&uid), "{uid} missing");
    }
    assert!(ics.contains("DTSTART:20261029T160000Z\r\nDTEND:20261105T160000Z"), "SC-91 voting window");
    // An action item's event is named after the item, whose id stays the same on every import.
    let items = app.get("/api/v1/action-items?wg=scwg").await.json();
    let id = items["action_items"].as_array().unwrap().iter().find(|a| !a["due"].is_null()).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(ics.contains(&format!("UID:action-{id}@{host}")), "action item {id} missing");
}

#[tokio::test]
async fn the_read_api_serves_the_export_shapes_with_filters() {
    let app = spawn_app(Some(&sample_content())).await;
    let ballots = app.get("/api/v1/ballots?wg=scwg&status=review").await.json();
    let ids: Vec<&str> = ballots["ballots"].as_array().unwrap().iter().map(|b| b["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["SC-91"]);
    let one = app.get("/api/v1/ballots/CSC-30").await.json();
    assert_eq!((one["status"].as_str(), one["tally"]["outcome"].as_str()), (Some("passed"), Some("passed")));
    let minutes = app.get("/api/v1/minutes?wg=cscwg&from=2026-10-01&to=2026-10-15").await.json();
    assert_eq!(minutes["minutes"].as_array().unwrap().len(), 1);
    let m = app.get("/api/v1/minutes/2026-10-08-minutes-of-the-code-signing-certificate-working-group").await.json();
    assert_eq!(m["minute_taker"], "Lucas");
    let items = app.get("/api/v1/action-items?suggested=false").await.json();
    assert!(items["action_items"].as_array().unwrap().iter().all(|a| a["suggested"] == false));
    let spec = app.get("/api/v1/openapi.json").await.json();
    assert_eq!(spec["openapi"], "3.1.0");
    assert!(spec["paths"]["/api/getBallots"].is_object());
    for (path, method) in [
        ("/api/v1/ballots", "post"),
        ("/api/v1/ballots/{id}/events", "post"),
        ("/api/v1/minutes", "post"),
        ("/api/v1/action-items/{id}", "post"),
    ] {
        assert!(spec["paths"][path][method]["responses"].is_object(), "the OpenAPI document describes {method} {path}");
    }
}

#[tokio::test]
async fn bad_api_parameters_are_400s_with_a_json_error() {
    let app = spawn_app(Some(&sample_content())).await;
    for path in [
        "/api/v1/ballots?wg=bogus",
        "/api/v1/ballots?status=finished",
        "/api/v1/ballots?colour=red",
        "/api/v1/ballots/not-an-id",
        "/api/v1/minutes?from=2026-13-01",
        "/api/v1/minutes?from=yesterday",
        "/api/v1/minutes?from=2026-11-01&to=2026-10-01",
        "/api/v1/action-items?suggested=maybe",
        "/api/getBallots?forum_group_name=Nonexistent%20Group",
        "/api/getBallots?status=Finished",
    ] {
        let res = app.get(path).await;
        assert_eq!(res.status, 400, "{path}: {}", res.body);
        let json = res.json();
        assert_eq!(json["error"], "bad_request", "{path}");
        assert!(json["message"].as_str().unwrap().len() > 10);
    }
    let res = app.get("/api/v1/ballots/SC-999").await;
    assert_eq!((res.status, res.json()["error"].as_str()), (404, Some("not_found")));
}

#[tokio::test]
async fn get_ballots_answers_in_the_hugo_sites_shape() {
    let app = spawn_app(Some(&sample_content())).await;
    let all = app.get("/api/getBallots").await.json();
    let list = all.as_array().unwrap();
    assert_eq!(list.len(), 3);
    for b in list {
        for key in ["name", "status", "forum_group_name", "created_at"] {
            assert!(b.get(key).is_some(), "{key} missing in {b}");
        }
    }
    let review = app
        .get("/api/getBallots?forum_group_name=Server%20Certificate%20Working%20Group&status=IPR%20Review%20Period")
        .await
        .json();
    assert_eq!(review.as_array().unwrap().len(), 1);
    assert_eq!(review[0]["name"], "SC-91: Shorter validity for OCSP responses");
    assert_eq!(review[0]["created_at"], "2026-10-14T16:00:00+00:00");
    let discussion = app.get("/api/getBallots?status=Discussion%20Period").await.json();
    assert_eq!(discussion[0]["forum_group_name"], "S/MIME Certificate Working Group");
}

#[tokio::test]
async fn get_ballots_checks_the_api_key_when_keys_are_configured() {
    let app =
        common::spawn_app_with(Some(&sample_content()), |site| site.api_keys = Some(vec!["k1".into(), "k2".into()]))
            .await;
    assert_eq!(app.get("/api/getBallots").await.status, 401);
    assert_eq!(app.request("GET", "/api/getBallots", &[("X-API-KEY", "wrong")]).await.status, 401);
    assert_eq!(app.request("GET", "/api/getBallots", &[("X-API-KEY", "k2")]).await.status, 200);
}

#[tokio::test]
async fn pages_advertise_their_feeds_for_autodiscovery() {
    let app = spawn_app(Some(&sample_content())).await;
    let cases = [
        ("/", "/feeds/minutes.xml"),
        ("/minutes?wg=scwg", "/feeds/scwg/minutes.atom"),
        ("/ballots", "/feeds/ballots.xml"),
        ("/ballots/SC-91", "/ballots/SC-91/feed.xml"),
    ];
    for (page, feed) in cases {
        let body = app.get(page).await.body;
        assert!(
            body.contains(&format!("href=\"{feed}\"")) && body.contains("rel=\"alternate\""),
            "{page} does not advertise {feed}"
        );
    }
}

#[tokio::test]
async fn exporting_to_hugo_and_importing_again_gives_the_same_records() {
    let app = spawn_app(Some(&sample_content())).await;
    let out = tempfile::tempdir().unwrap();
    let n = server::export::export_hugo(&app.store, out.path()).await.unwrap();
    assert_eq!(n, 11);
    let db = tempfile::tempdir().unwrap();
    let again =
        server::store::Store::open(&format!("sqlite://{}", db.path().join("again.db").display())).await.unwrap();
    let summary = server::import::import_dir(&again, out.path(), chrono::Utc::now(), &mut |_, _| {}).await.unwrap();
    assert_eq!((summary.imported, summary.failed), (11, 0));
    let now = common::fixed_now();
    let mut a = serde_json::to_value(server::export::export(&app.store, now).await.unwrap()).unwrap();
    let mut b = serde_json::to_value(server::export::export(&again, now).await.unwrap()).unwrap();
    // The records round-trip; the audit log is each database's own history.
    for doc in [&mut a, &mut b] {
        doc.as_object_mut().unwrap().remove("events");
    }
    assert_eq!(a, b);
}
