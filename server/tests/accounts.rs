//! Accounts, sessions and who may change what, through real HTTP: the permission matrix over every
//! state-changing route and server function, CSRF and Origin checks, session fixation, expiry,
//! throttling, disabled users, API tokens, and action items surviving re-imports.

mod common;

use common::{add_user, sample_content, spawn_app, Browser, TestApp};

const CSC: &str = "2026-10-22-minutes-of-the-code-signing-certificate-working-group";
const PASSWORD: &str = "correct horse battery";

/// The sample content with five people: an administrator, the CSCWG chair, the SCWG chair (a
/// chair of another group), Carla Mendes (a member who owns an item of the CSCWG minutes), and
/// Noah (a member who owns nothing).
async fn app_with_people() -> TestApp {
    let app = spawn_app(Some(&sample_content())).await;
    add_user(&app.store, "admin@example.org", "Ada Admin", "admin", &[], PASSWORD).await;
    add_user(&app.store, "csc-chair@example.org", "Dean Chair", "chair", &["cscwg"], PASSWORD).await;
    add_user(&app.store, "sc-chair@example.org", "Sam Chair", "chair", &["scwg"], PASSWORD).await;
    add_user(&app.store, "carla@example.org", "Carla Mendes", "member", &[], PASSWORD).await;
    add_user(&app.store, "noah@example.org", "Noah Fischer", "member", &[], PASSWORD).await;
    app
}

/// The ids of the CSCWG minutes' items: (Carla's suggested item, Lucas's open item).
async fn csc_items(app: &TestApp) -> (String, String) {
    let m = app.get(&format!("/api/v1/minutes/{CSC}")).await.json();
    let items = m["action_items"].as_array().unwrap();
    let id = |owner: &str| {
        items.iter().find(|i| i["owner"].as_str().unwrap().contains(owner)).unwrap()["id"].as_str().unwrap().to_string()
    };
    (id("Carla"), id("Lucas"))
}

async fn logged_in<'a>(app: &'a TestApp, email: &str) -> Browser<'a> {
    let mut b = Browser::new(app);
    let r = b.login(email, PASSWORD).await;
    assert_eq!((r.status, r.header("location")), (303, Some("/")), "login of {email}");
    b
}

/// A browser for `who` ("" for an anonymous reader), signed in when `who` names a user.
async fn visitor<'a>(app: &'a TestApp, who: &str) -> Browser<'a> {
    if who.is_empty() {
        Browser::new(app)
    } else {
        logged_in(app, who).await
    }
}

/// `who`'s browser and the CSRF token it sends: its session's own, or a forged one.
async fn visitor_with_token<'a>(app: &'a TestApp, who: &str, token_ok: bool) -> (Browser<'a>, String) {
    let mut b = visitor(app, who).await;
    let csrf = if token_ok { b.csrf().await } else { "forged".to_string() };
    (b, csrf)
}

/// One state-changing request as a signed-in browser makes it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Change {
    /// Curate: edit an item (a new due date every time, so it can repeat).
    Edit,
    /// Add an item to the minutes.
    Add,
    /// Complete: mark Carla's item done, or reopen it.
    Toggle,
    /// The JSON API's edit, with the session and its CSRF token in a header.
    ApiEdit,
    /// The JSON API's add.
    ApiAdd,
}

struct Matrix {
    carla_item: String,
    lucas_item: String,
    carla_done: bool,
    day: u32,
}

impl Matrix {
    async fn run(&mut self, b: &mut Browser<'_>, change: Change) -> u16 {
        let csrf = b.csrf().await;
        self.day += 1;
        let due = format!("2027-01-{:02}", self.day);
        // Server functions answer plain clients (no Accept: text/html) with the error's status.
        let r = match change {
            Change::Edit => {
                b.post_form(
                    "/_fn/item_action",
                    &[("id", &self.lucas_item), ("op", "update"), ("csrf", &csrf), ("due", &due)],
                    &[],
                )
                .await
            }
            Change::Add => {
                b.post_form("/_fn/add_item", &[("slug", CSC), ("csrf", &csrf), ("text", "Circulate the draft")], &[])
                    .await
            }
            Change::Toggle => {
                let op = if self.carla_done { "reopen" } else { "done" };
                b.post_form("/_fn/item_action", &[("id", &self.carla_item), ("op", op), ("csrf", &csrf)], &[]).await
            }
            Change::ApiEdit | Change::ApiAdd => {
                let (path, body) = if change == Change::ApiEdit {
                    (
                        format!("/api/v1/action-items/{}", self.lucas_item),
                        format!("{{\"op\":\"update\",\"due\":\"{due}\"}}"),
                    )
                } else {
                    (format!("/api/v1/minutes/{CSC}/action-items"), "{\"text\":\"Draft the charter\"}".to_string())
                };
                let origin = format!("http://{}", b.app.addr);
                let cookie = b.cookie.clone().unwrap_or_default();
                let headers = [
                    ("Content-Type", "application/json"),
                    ("Origin", origin.as_str()),
                    ("Cookie", cookie.as_str()),
                    ("X-CSRF-Token", csrf.as_str()),
                ];
                b.app.send("POST", &path, &headers, &body).await
            }
        };
        if change == Change::Toggle && r.status == 200 {
            self.carla_done = !self.carla_done;
        }
        r.status
    }
}

#[tokio::test]
async fn the_permission_matrix_over_every_state_changing_request() {
    let app = app_with_people().await;
    let (carla_item, lucas_item) = csc_items(&app).await;
    let mut m = Matrix { carla_item, lucas_item, carla_done: false, day: 0 };
    use Change::*;
    let changes = [Edit, Add, Toggle, ApiEdit, ApiAdd];
    // (who, expected status for each change in order)
    let table: [(&str, [u16; 5]); 6] = [
        ("", [401, 401, 401, 401, 401]),
        ("sc-chair@example.org", [403, 403, 403, 403, 403]),
        ("noah@example.org", [403, 403, 403, 403, 403]),
        ("carla@example.org", [403, 403, 200, 403, 403]),
        ("csc-chair@example.org", [200, 200, 200, 200, 201]),
        ("admin@example.org", [200, 200, 200, 200, 201]),
    ];
    for (who, expected) in table {
        let mut b = visitor(&app, who).await;
        for (change, want) in changes.iter().zip(expected) {
            let got = m.run(&mut b, *change).await;
            assert_eq!(got, want, "{} doing {change:?}", if who.is_empty() { "anonymous" } else { who });
        }
    }
}

#[tokio::test]
async fn every_server_function_and_post_route_is_in_the_permission_matrix_or_only_reads() {
    // Server functions that change nothing; every other one must be in the matrix above.
    let reads = [
        "/_fn/home",
        "/_fn/posts",
        "/_fn/post",
        "/_fn/minutes",
        "/_fn/minutes_detail",
        "/_fn/action_items",
        "/_fn/ballots",
        "/_fn/ballot",
        "/_fn/session",
        "/_fn/account",
        "/_fn/people",
        // The chair's form pages and the preview: they read (for chairs only, tested below).
        "/_fn/compose",
        "/_fn/preview_minutes",
        "/_fn/minutes_edit",
        "/_fn/new_ballot_page",
    ];
    let changes = [
        "/_fn/item_action",
        "/_fn/add_item",
        "/_fn/publish_minutes",
        "/_fn/save_minutes",
        "/_fn/create_ballot",
        "/_fn/ballot_step",
    ];
    for (path, _) in leptos::server_fn::axum::server_fn_paths() {
        assert!(
            reads.contains(&path) || changes.contains(&path),
            "server function {path} is new: add it to the permission matrix (or to the read-only list)"
        );
    }
    // Every POST route of the route map is checked in this file.
    let routes = include_str!("../src/web/routes.rs");
    let covered = [
        "/login",
        "/logout",
        "/account/calendar",
        "/account/calendar/revoke",
        "/api/v1/action-items/{id}",
        "/api/v1/minutes/{slug}/action-items",
        "/api/v1/ballots",
        "/api/v1/ballots/{id}/events",
        "/api/v1/minutes",
    ];
    for line in routes.lines().filter(|l| l.contains("post(")) {
        let path = line.split('"').nth(1).unwrap();
        assert!(covered.contains(&path), "POST {path} is new: add it to the tests in this file");
    }
}

#[tokio::test]
async fn forms_without_the_sessions_csrf_token_or_from_another_site_are_refused() {
    let app = app_with_people().await;
    let (_, lucas) = csc_items(&app).await;
    let mut b = logged_in(&app, "csc-chair@example.org").await;
    let csrf = b.csrf().await;
    for (token, want) in [("", 403), ("forged", 403), (csrf.as_str(), 200)] {
        let fields = [("id", lucas.as_str()), ("op", "update"), ("csrf", token), ("due", "2027-02-01")];
        assert_eq!(b.post_form("/_fn/item_action", &fields, &[]).await.status, want, "token {token:?}");
    }
    // The right token, sent from another site (or from nowhere said): refused before anything runs.
    let body =
        common::form(&[("id", lucas.as_str()), ("op", "update"), ("csrf", csrf.as_str()), ("due", "2027-02-02")]);
    let cookie = b.cookie.clone().unwrap();
    for from in [Some(("Origin", "https://evil.example")), Some(("Referer", "https://evil.example/page")), None] {
        let mut h = vec![("Cookie", cookie.as_str()), ("Content-Type", "application/x-www-form-urlencoded")];
        h.extend(from);
        assert_eq!(app.send("POST", "/_fn/item_action", &h, &body).await.status, 403, "{from:?}");
    }
    // Logging out needs the token too.
    assert_eq!(b.post_form("/logout", &[("csrf", "forged")], &[]).await.status, 403);
    let r = b.post_form("/logout", &[("csrf", &csrf)], &[]).await;
    assert_eq!((r.status, r.header("location")), (303, Some("/")));
    let r = b.post_form("/account/calendar", &[("csrf", &csrf)], &[]).await;
    assert_eq!(r.header("location"), Some("/login?next=/account"), "logged out: sent to log in");
}

#[tokio::test]
async fn the_session_id_changes_at_login_and_the_old_one_is_worth_nothing() {
    let app = app_with_people().await;
    let mut b = Browser::new(&app);
    let csrf = b.csrf().await;
    let before = b.cookie.clone().expect("the login page starts a session");
    b.post_form("/login", &[("email", "carla@example.org"), ("password", PASSWORD), ("csrf", &csrf)], &[]).await;
    let after = b.cookie.clone().unwrap();
    assert_ne!(before, after, "a new session id at login");
    let with_old = app.request("GET", "/account", &[("Cookie", before.as_str())]).await;
    assert_eq!(with_old.status, 401, "the pre-login id does not log anyone in");
    let with_new = b.get("/account").await;
    assert_eq!(with_new.status, 200);
    assert!(with_new.body.contains("carla@example.org"));
    assert!(app.request("GET", "/", &[]).await.header("set-cookie").is_none(), "reading pages starts no session");
}

#[tokio::test]
async fn session_cookies_are_http_only_same_site_lax_and_secure_behind_https() {
    let app = app_with_people().await;
    let mut b = Browser::new(&app);
    let cookie = b.get("/login").await.header("set-cookie").unwrap().to_string();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && !cookie.contains("Secure"), "{cookie}");
    drop(app);
    let app = common::spawn_app_with(None, |s| s.public_url = "https://quorum.example".into()).await;
    let cookie = app.get("/login").await.header("set-cookie").unwrap().to_string();
    assert!(cookie.contains("Secure"), "{cookie}");
}

#[tokio::test]
async fn repeated_failed_logins_are_throttled_per_account_and_per_address() {
    let app = app_with_people().await;
    let mut b = Browser::new(&app);
    for i in 0..5 {
        let r = b.login("carla@example.org", "wrong password").await;
        assert_eq!(r.header("location"), Some("/login?error=invalid"), "failure {i}");
    }
    // Even the right password is refused now, with a sentence that says why.
    let r = b.login("carla@example.org", PASSWORD).await;
    assert_eq!(r.header("location"), Some("/login?error=throttled"));
    let page = b.get("/login?error=throttled").await;
    assert!(page.body.contains("Too many failed logins"), "the page explains the refusal");
    // The same address trying other accounts is refused too.
    let r = b.login("noah@example.org", PASSWORD).await;
    assert_eq!(r.header("location"), Some("/login?error=throttled"));
}

#[tokio::test]
async fn a_disabled_users_sessions_and_tokens_stop_working_at_once() {
    let app = app_with_people().await;
    let (_, lucas) = csc_items(&app).await;
    let mut b = logged_in(&app, "csc-chair@example.org").await;
    let token = server::web::auth::new_secret();
    let hash = server::web::auth::token_hash(&token);
    let now = common::fixed_now();
    app.store
        .create_token("csc-chair@example.org", "ci", server::store::TokenKind::Api, &hash, now, "test")
        .await
        .unwrap();
    let api = |t: String| {
        let app = &app;
        let lucas = lucas.clone();
        async move {
            let auth = format!("Bearer {t}");
            let h = [("Content-Type", "application/json"), ("Authorization", auth.as_str())];
            app.send("POST", &format!("/api/v1/action-items/{lucas}"), &h, "{\"op\":\"update\",\"due\":\"2027-03-01\"}")
                .await
                .status
        }
    };
    assert_eq!(api(token.clone()).await, 200, "a bearer token needs no CSRF token");
    assert_eq!(b.get("/account").await.status, 200);
    app.store.set_disabled("csc-chair@example.org", true, now, "test").await.unwrap();
    assert_eq!(api(token.clone()).await, 401);
    assert_eq!(b.get("/account").await.status, 401);
    let r = Browser::new(&app).login("csc-chair@example.org", PASSWORD).await;
    assert_eq!(r.header("location"), Some("/login?error=disabled"));
    app.store.set_disabled("csc-chair@example.org", false, now, "test").await.unwrap();
    app.store
        .revoke_tokens("csc-chair@example.org", Some("ci"), server::store::TokenKind::Api, now, "test")
        .await
        .unwrap();
    assert_eq!(api(token).await, 401, "a revoked token");
}

#[tokio::test]
async fn a_chair_confirms_and_assigns_an_item_and_its_owner_marks_it_done_with_plain_form_posts() {
    let app = app_with_people().await;
    let (carla_item, _) = csc_items(&app).await;
    let page = format!("/minutes/{CSC}");
    let referer = format!("http://{}{page}", app.addr);
    let html = [("Accept", "text/html"), ("Referer", referer.as_str())];
    let mut chair = logged_in(&app, "csc-chair@example.org").await;
    let csrf = Browser::csrf_in(&chair.get(&page).await.body);
    let r = chair
        .post_form(
            "/_fn/item_action",
            &[("id", &carla_item), ("op", "confirm"), ("csrf", &csrf), ("revision", "0")],
            &html,
        )
        .await;
    assert_eq!(r.status, 302, "a plain form goes back to its page");
    let r = chair
        .post_form(
            "/_fn/item_action",
            &[
                ("id", &carla_item),
                ("op", "update"),
                ("csrf", &csrf),
                ("revision", "1"),
                ("owner", "carla mendes"),
                ("due", "2026-12-01"),
            ],
            &html,
        )
        .await;
    assert!(!r.header("location").unwrap().contains("__err"), "{:?}", r.header("location"));
    let mut carla = logged_in(&app, "carla@example.org").await;
    let home = carla.get("/").await.body;
    assert!(home.contains("My action items") && home.contains("Carla will endorse CSC-31"), "on Carla's home page");
    let csrf = Browser::csrf_in(&carla.get(&page).await.body);
    // A stale form (made before the chair's changes) is refused, and the page says why.
    let r = carla
        .post_form(
            "/_fn/item_action",
            &[("id", &carla_item), ("op", "done"), ("csrf", &csrf), ("revision", "0")],
            &html,
        )
        .await;
    let back = r.header("location").unwrap().to_string();
    assert!(back.contains("__err"), "{back}");
    let shown = carla.get(back.split_once(&app.addr.to_string()).unwrap().1).await.body;
    assert!(shown.contains("else changed this action item"), "the error is shown on the page");
    let r = carla
        .post_form(
            "/_fn/item_action",
            &[
                ("id", &carla_item),
                ("op", "done"),
                ("csrf", &csrf),
                ("revision", "2"),
                ("note", "Endorsed on the list"),
            ],
            &html,
        )
        .await;
    assert!(!r.header("location").unwrap().contains("__err"));
    let minutes = carla.get(&page).await.body;
    for line in [
        "confirmed the item",
        "assigned it to Carla Mendes; set the due date to 2026-12-01",
        "marked it done: Endorsed on the list",
    ] {
        assert!(minutes.contains(line), "history shows {line:?}");
    }
    assert!(minutes.contains("csc-chair@example.org") && minutes.contains("carla@example.org"), "who did it");
    let export = server::export::export(&app.store, common::fixed_now()).await.unwrap();
    let actions: Vec<&str> =
        export.events.iter().filter(|e| e.record_id == carla_item).map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["import", "confirm", "update", "done"]);
}

#[tokio::test]
async fn a_reimport_keeps_what_people_did_and_marks_items_whose_sentence_left_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("content");
    common::copy_dir(&sample_content(), &copy);
    let app = spawn_app(Some(&copy)).await;
    add_user(&app.store, "csc-chair@example.org", "Dean Chair", "chair", &["cscwg"], PASSWORD).await;
    let (carla_item, lucas_item) = csc_items(&app).await;
    let actor = server::commands::Actor::user(app.store.user("csc-chair@example.org").await.unwrap().unwrap());
    let now = common::fixed_now();
    use server::commands::{change_item, ItemRequest};
    change_item(&app.store, Some(&actor), &carla_item, ItemRequest::Confirm, None, now).await.unwrap();
    let edit = app::model::ItemEdit { owner: Some("Dean Chair".into()), due: Some("2026-12-24".into()), text: None };
    change_item(&app.store, Some(&actor), &lucas_item, ItemRequest::Update(edit), None, now).await.unwrap();
    // The file changes: Lucas's sentence is edited away, Carla's stays.
    let file = copy.join("posts/2026/2026-10-22-minutes-of-the-code-signing-certificate-working-group.md");
    let text = std::fs::read_to_string(&file).unwrap();
    let changed: String =
        text.lines().filter(|l| !l.contains("Lucas Moreau to publish")).collect::<Vec<_>>().join("\n");
    assert_ne!(changed, text);
    std::fs::write(&file, changed + "\n\nA new paragraph.\n").unwrap();
    let summary = server::import::import_dir(&app.store, &copy, chrono::Utc::now(), &mut |_, _| {}).await.unwrap();
    assert_eq!(summary.updated, 1);
    let m = app.get(&format!("/api/v1/minutes/{CSC}")).await.json();
    let items = m["action_items"].as_array().unwrap();
    let find = |id: &str| items.iter().find(|i| i["id"] == id).unwrap().clone();
    let carla = find(&carla_item);
    assert_eq!((carla["state"].as_str(), carla["source_removed"].as_bool()), (Some("open"), Some(false)));
    let lucas = find(&lucas_item);
    assert_eq!(
        (lucas["owner"].as_str(), lucas["due"].as_str(), lucas["source_removed"].as_bool()),
        (Some("Dean Chair"), Some("2026-12-24"), Some(true)),
        "kept, with the chair's changes, and marked"
    );
}

#[tokio::test]
async fn a_personal_calendar_lists_ones_own_dated_items_at_a_secret_revocable_address() {
    let app = app_with_people().await;
    let (carla_item, _) = csc_items(&app).await;
    let actor = server::commands::Actor::user(app.store.user("csc-chair@example.org").await.unwrap().unwrap());
    let edit = app::model::ItemEdit { due: Some("2026-12-03".into()), ..Default::default() };
    server::commands::change_item(
        &app.store,
        Some(&actor),
        &carla_item,
        server::commands::ItemRequest::Update(edit),
        None,
        common::fixed_now(),
    )
    .await
    .unwrap();
    let mut carla = logged_in(&app, "carla@example.org").await;
    let csrf = carla.csrf().await;
    let r = carla.post_form("/account/calendar", &[("csrf", &csrf)], &[]).await;
    assert_eq!(r.header("location"), Some("/account"));
    let page = carla.get("/account").await.body;
    let start = page.find("/calendar/me/").expect("the new address is shown once");
    let path = page[start..].split(['<', '"']).next().unwrap().to_string();
    assert!(!carla.get("/account").await.body.contains(&path), "and only once");
    let ics = app.get(&path).await;
    assert_eq!(ics.status, 200);
    assert!(
        ics.body.contains(&format!("UID:action-{carla_item}@")) && ics.body.contains("DTSTART;VALUE=DATE:20261203")
    );
    assert_eq!(ics.header("cache-control"), Some("private, no-store"));
    let r = carla.post_form("/account/calendar/revoke", &[("csrf", &csrf)], &[]).await;
    assert_eq!(r.header("location"), Some("/account"));
    assert_eq!(app.get(&path).await.status, 404, "revoked");
}

#[tokio::test]
async fn running_a_ballot_is_for_the_groups_chairs_with_a_session_and_its_csrf_token() {
    let app = common::spawn_writable_app().await;
    add_user(&app.store, "csc-chair@example.org", "Dean Chair", "chair", &["cscwg"], PASSWORD).await;
    add_user(&app.store, "noah@example.org", "Noah Fischer", "member", &[], PASSWORD).await;
    let body = r#"{"wg":"cscwg","title":"T","proposer":{"name":"Lucas Moreau","org":"Initech Certs"}}"#;
    let origin = format!("http://{}", app.addr);
    for (who, token_ok, want) in [
        ("", true, 401),
        ("noah@example.org", true, 403),
        ("csc-chair@example.org", false, 403),
        ("csc-chair@example.org", true, 201),
    ] {
        let (b, csrf) = visitor_with_token(&app, who, token_ok).await;
        let cookie = b.cookie.clone().unwrap_or_default();
        let headers = [
            ("Content-Type", "application/json"),
            ("Origin", origin.as_str()),
            ("Cookie", cookie.as_str()),
            ("X-CSRF-Token", csrf.as_str()),
        ];
        let r = app.send("POST", "/api/v1/ballots", &headers, body).await;
        assert_eq!(r.status, want, "{who:?} {token_ok}: {}", r.body);
    }
    let r = app
        .send(
            "POST",
            "/api/v1/ballots/CSC-31/events",
            &[("Content-Type", "application/json")],
            r#"{"type":"withdraw"}"#,
        )
        .await;
    assert_eq!(r.status, 401);
}

#[tokio::test]
async fn the_chairs_forms_are_for_the_groups_chairs_and_refuse_everyone_else_with_the_reason() {
    let app = common::spawn_writable_app().await;
    add_user(&app.store, "csc-chair@example.org", "Dean Chair", "chair", &["cscwg"], PASSWORD).await;
    add_user(&app.store, "sc-chair@example.org", "Sam Chair", "chair", &["scwg"], PASSWORD).await;
    add_user(&app.store, "noah@example.org", "Noah Fischer", "member", &[], PASSWORD).await;
    let minutes = [
        ("wg", "cscwg"),
        ("meeting_date", "2026-11-19"),
        ("attendees", "Dean Chair (DigiCert)\nCarla Mendes (Acme CA)"),
        ("minute_taker", "Carla Mendes"),
        ("body", "Ballot CSC-30 passed."),
    ];
    let ballot = [
        ("wg", "cscwg"),
        ("title", "Audits"),
        ("proposer_name", "Lucas Moreau"),
        ("proposer_org", "Initech Certs"),
        ("purpose", "Clarify."),
        ("motion", "Redline."),
        ("id", ""),
    ];
    // The form pages: 401 for readers, 403 for those who chair no group here.
    for (who, want) in [("", 401), ("noah@example.org", 403), ("csc-chair@example.org", 200)] {
        let mut b = visitor(&app, who).await;
        for page in ["/minutes/new", "/ballots/new"] {
            assert_eq!(b.get(page).await.status, want, "{who:?} on {page}");
        }
    }
    let mut sc = logged_in(&app, "sc-chair@example.org").await;
    let edit = "/minutes/2026-10-22-minutes-of-the-code-signing-certificate-working-group/edit";
    assert_eq!(sc.get(edit).await.status, 403, "another group's chair may not edit these minutes");
    // Publishing and opening ballots: 401, 403 (another group's chair, a member, a forged token).
    for (who, token_ok, want) in [
        ("", true, 401),
        ("noah@example.org", true, 403),
        ("sc-chair@example.org", true, 403),
        ("csc-chair@example.org", false, 403),
    ] {
        let (mut b, csrf) = visitor_with_token(&app, who, token_ok).await;
        for (path, fields) in [("/_fn/publish_minutes", &minutes[..]), ("/_fn/create_ballot", &ballot[..])] {
            let mut pairs = fields.to_vec();
            pairs.push(("csrf", csrf.as_str()));
            let r = b.post_form(path, &pairs, &[]).await;
            assert_eq!(r.status, want, "{who:?} {token_ok} {path}: {}", r.body);
        }
    }
    let (_, content) = app.content.as_ref().unwrap();
    assert!(!content.join("posts/2026/2026-11-19-minutes-of-the-code-signing-certificate-working-group.md").exists());

    // The chair, with JavaScript off: a form with a field missing comes back filled in, with the
    // problem next to its field; a complete one is published and the browser sent to it.
    let mut chair = logged_in(&app, "csc-chair@example.org").await;
    let csrf = chair.csrf().await;
    let html = [("Accept", "text/html"), ("Referer", "http://quorum.test/minutes/new")];
    let mut missing = minutes.to_vec();
    missing[1] = ("meeting_date", "");
    missing.push(("csrf", csrf.as_str()));
    let r = chair.post_form("/_fn/publish_minutes", &missing, &html).await;
    assert_eq!(r.status, 302);
    let back = r.header("location").unwrap().to_string();
    assert!(back.starts_with("/minutes/new?") && back.contains("body=Ballot+CSC-30+passed."), "{back}");
    let form = chair.get(&back).await;
    assert!(form.body.contains("give the meeting date as YYYY-MM-DD"), "the field's problem is shown");
    assert!(form.body.contains(">Ballot CSC-30 passed.</textarea>"), "what was typed is kept");
    let mut complete = minutes.to_vec();
    complete.push(("csrf", csrf.as_str()));
    let r = chair.post_form("/_fn/publish_minutes", &complete, &html).await;
    assert_eq!(r.status, 302, "{}", r.body);
    assert_eq!(r.header("location"), Some("/minutes/2026-11-19-minutes-of-the-code-signing-certificate-working-group"));
    let page = chair.get("/minutes/2026-11-19-minutes-of-the-code-signing-certificate-working-group").await;
    assert!(page.body.contains("href=\"/ballots/CSC-30\""), "the ballot is linked");

    // A ballot from the form: its page opens with the step forms; a step the bylaws refuse comes
    // back to the page with the reason.
    let mut fields = ballot.to_vec();
    fields.push(("csrf", csrf.as_str()));
    let r = chair.post_form("/_fn/create_ballot", &fields, &[("Accept", "text/html")]).await;
    assert_eq!((r.status, r.header("location")), (302, Some("/ballots/CSC-31")), "{}", r.body);
    let page = chair.get("/ballots/CSC-31").await;
    assert!(page.body.contains("Run this ballot") && page.body.contains("step-start_discussion"), "{}", page.body);
    let step = [("id", "CSC-31"), ("op", "start_voting"), ("csrf", csrf.as_str()), ("expected_revision", "0")];
    let referer = [("Accept", "text/html"), ("Referer", "http://quorum.test/ballots/CSC-31")];
    let r = chair.post_form("/_fn/ballot_step", &step, &referer).await;
    assert_eq!(r.status, 302);
    let location = r.header("location").unwrap().to_string();
    assert!(location.contains("__err="), "{location}");
    let back = chair.get(location.trim_start_matches("http://quorum.test")).await;
    assert!(back.body.contains("Voting cannot start: "), "{}", back.body);
    // Readers do not see a draft (the page lists the minutes that mention the id, as before the
    // ballot existed); the JSON client gets the status.
    let reader = Browser::new(&app).get("/ballots/CSC-31").await;
    assert!(!reader.body.contains("Audits") && !reader.body.contains("Run this ballot"), "{}", reader.body);
    assert_eq!(chair.post_form("/_fn/ballot_step", &step, &[]).await.status, 422);
    let stale = [("id", "CSC-31"), ("op", "withdraw"), ("csrf", csrf.as_str()), ("expected_revision", "7")];
    assert_eq!(chair.post_form("/_fn/ballot_step", &stale, &[]).await.status, 409);
    // Recording steps and saving edited minutes: 401, 403 (a member, another group's chair, a
    // forged token), and nothing changes.
    for (who, token_ok, want) in [
        ("", true, 401),
        ("noah@example.org", true, 403),
        ("sc-chair@example.org", true, 403),
        ("csc-chair@example.org", false, 403),
    ] {
        let (mut b, csrf) = visitor_with_token(&app, who, token_ok).await;
        let step = [("id", "CSC-31"), ("op", "withdraw"), ("csrf", csrf.as_str()), ("expected_revision", "0")];
        let r = b.post_form("/_fn/ballot_step", &step, &[]).await;
        assert_eq!(r.status, want, "{who:?} {token_ok} ballot_step: {}", r.body);
        let save = [("slug", CSC), ("csrf", csrf.as_str()), ("hash", "x"), ("body", "Overwritten.")];
        let r = b.post_form("/_fn/save_minutes", &save, &[]).await;
        assert_eq!(r.status, want, "{who:?} {token_ok} save_minutes: {}", r.body);
    }
    let id: app::domain::BallotId = "CSC-31".parse().unwrap();
    assert_eq!(app.store.managed_ballot(&id).await.unwrap().unwrap().revision, 0, "no step was recorded");
    assert!(!std::fs::read_to_string(content.join(format!("posts/2026/{CSC}.md"))).unwrap().contains("Overwritten."));
}

#[tokio::test]
async fn anonymous_readers_get_kept_pages_until_a_write_and_nobody_gets_another_persons_page() {
    let app = app_with_people().await;
    let page = format!("/minutes/{CSC}");
    let (carla_item, _) = csc_items(&app).await;
    // Anonymous: the second request is the kept page, with the same ETag; sent back, it is a 304.
    let first = app.get(&page).await;
    assert_eq!(first.status, 200);
    let etag = first.header("etag").expect("pages carry an ETag").to_string();
    assert_eq!(first.header("vary"), Some("Cookie"));
    assert_eq!(app.get(&page).await.header("etag"), Some(etag.as_str()));
    assert_eq!(app.request("GET", &page, &[("If-None-Match", etag.as_str())]).await.status, 304);
    // A chair's page has the forms; the anonymous page rendered before and after never does.
    let mut chair = logged_in(&app, "csc-chair@example.org").await;
    let chairs = chair.get(&page).await;
    assert!(chairs.body.contains(">Confirm<"), "the chair sees the item forms");
    let anonymous = app.get(&page).await;
    assert!(!anonymous.body.contains(">Confirm<") && !anonymous.body.contains("Dean Chair"));
    // A write (the chair confirms Carla's item) shows at once, without waiting for the cache.
    let csrf = chair.csrf().await;
    let r = chair.post_form("/_fn/item_action", &[("id", &carla_item), ("op", "confirm"), ("csrf", &csrf)], &[]).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let after = app.get(&page).await;
    assert_ne!(after.header("etag"), Some(etag.as_str()), "the page changed");
    assert_eq!(app.request("GET", &page, &[("If-None-Match", etag.as_str())]).await.status, 200);
}
