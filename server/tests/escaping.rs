//! Every text a post carries is inert on every page: hostile titles, names, action items, ballot
//! titles and bodies are imported, the pages are fetched over HTTP and parsed with an HTML5
//! parser (html5ever, as browsers parse), and nothing in them may run script unless Quorum put it
//! there itself (every script carries the response's CSP nonce).

mod common;
use common::{spawn_app, TestApp};
use markup5ever_rcdom::{Handle, NodeData, RcDom};
use std::path::Path;

fn hostile_content() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile")
}

struct Found {
    title: Option<String>,
    problems: Vec<String>,
}

fn parse(html: &str) -> RcDom {
    use html5ever::tendril::TendrilSink;
    html5ever::parse_document(RcDom::default(), Default::default()).one(html)
}

fn text_of(node: &Handle) -> String {
    let mut out = String::new();
    for child in node.children.borrow().iter() {
        match &child.data {
            NodeData::Text { contents } => out.push_str(&contents.borrow()),
            _ => out.push_str(&text_of(child)),
        }
    }
    out
}

/// Walks the document: every script must carry `nonce`, no attribute may be an event handler and
/// no URL attribute may hold a `javascript:` (or script-capable `data:`) URL.
fn inspect(dom: &RcDom, nonce: Option<&str>) -> Found {
    let mut found = Found { title: None, problems: Vec::new() };
    let mut stack = vec![dom.document.clone()];
    while let Some(node) = stack.pop() {
        if let NodeData::Element { name, attrs, .. } = &node.data {
            let tag = name.local.to_string();
            let attrs = attrs.borrow();
            let get = |n: &str| attrs.iter().find(|a| &*a.name.local == n).map(|a| a.value.to_string());
            if tag == "title" && found.title.is_none() {
                found.title = Some(text_of(&node));
            }
            if tag == "script" {
                let ok = matches!((get("nonce"), nonce), (Some(a), Some(b)) if a == b);
                if !ok {
                    found.problems.push(format!("a <script> without the page's nonce: {:?}", text_of(&node)));
                }
            }
            if ["iframe", "object", "embed", "base", "frame", "frameset", "applet"].contains(&tag.as_str()) {
                found.problems.push(format!("a <{tag}> element"));
            }
            if tag == "meta" && get("http-equiv").is_some_and(|v| v.eq_ignore_ascii_case("refresh")) {
                found.problems.push("a <meta http-equiv=refresh>".into());
            }
            for a in attrs.iter() {
                let key = a.name.local.to_string().to_lowercase();
                let value: String = a
                    .value
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect::<String>()
                    .to_lowercase();
                if key.starts_with("on") {
                    found.problems.push(format!("an event handler {key}= on <{tag}>"));
                }
                let url_attr = ["href", "src", "action", "formaction", "data", "xlink:href", "srcdoc", "poster"];
                if url_attr.contains(&key.as_str())
                    && (value.starts_with("javascript:") || value.starts_with("data:text/html"))
                {
                    found.problems.push(format!("a script URL in {key}= on <{tag}>: {}", a.value));
                }
            }
        }
        for child in node.children.borrow().iter() {
            stack.push(child.clone());
        }
    }
    found
}

fn nonce_of(policy: &str) -> Option<String> {
    policy.split_once("'nonce-").and_then(|(_, rest)| rest.split_once('\'')).map(|(n, _)| n.to_string())
}

async fn check_page(app: &TestApp, path: &str) -> Found {
    let res = app.get(path).await;
    assert!(res.status == 200 || res.status == 404, "{path}: status {}", res.status);
    let policy = res.header("content-security-policy").unwrap_or_else(|| panic!("{path}: no CSP")).to_string();
    let nonce = nonce_of(&policy);
    assert!(nonce.is_some(), "{path}: the page's policy has no nonce: {policy}");
    let found = inspect(&parse(&res.body), nonce.as_deref());
    assert!(found.problems.is_empty(), "{path}: {:#?}", found.problems);
    found
}

async fn slug_of(app: &TestApp, title_start: &str) -> String {
    let list = app.get("/api/v1/minutes").await.json();
    let minutes = list["minutes"].as_array().unwrap();
    let m = minutes.iter().find(|m| m["title"].as_str().unwrap().starts_with(title_start)).expect("hostile minutes");
    m["slug"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn hostile_text_in_titles_names_actions_ballots_and_bodies_is_inert_on_every_page() {
    let app = spawn_app(Some(&hostile_content())).await;
    let slug = slug_of(&app, "x </title>").await;
    let title = "x </title><script>alert(1)</script> & \"quoted\" 'single' <b>bold</b>";
    let pages = [
        "/".to_string(),
        "/minutes".to_string(),
        "/minutes?wg=scwg".to_string(),
        format!("/minutes/{slug}"),
        format!("/posts/{slug}"),
        "/ballots".to_string(),
        "/ballots/SC-999".to_string(),
        "/posts/2026-11-03-ballot-sc-999".to_string(),
        "/actions".to_string(),
        "/feeds".to_string(),
        "/no/such/page".to_string(),
    ];
    for path in &pages {
        check_page(&app, path).await;
    }
    // The title shows as the very text the post gives, in the tab and on the page.
    let page = check_page(&app, &format!("/minutes/{slug}")).await;
    assert_eq!(page.title.as_deref(), Some(format!("{title} · Quorum").as_str()));
    let res = app.get(&format!("/minutes/{slug}")).await;
    let dom = parse(&res.body);
    let h1 = find_first(&dom.document, "h1").map(|h| text_of(&h));
    assert_eq!(h1.as_deref(), Some(title));
    let ballot = check_page(&app, "/ballots/SC-999").await;
    assert!(ballot.title.unwrap().contains("<script>alert('ballot')</script>"));
}

fn find_first(node: &Handle, tag: &str) -> Option<Handle> {
    if let NodeData::Element { name, .. } = &node.data {
        if &*name.local == tag {
            return Some(node.clone());
        }
    }
    node.children.borrow().iter().find_map(|c| find_first(c, tag))
}

#[tokio::test]
async fn feeds_calendars_json_and_sources_carry_hostile_text_as_data() {
    let app = spawn_app(Some(&hostile_content())).await;
    for path in ["/feeds/minutes.xml", "/feeds/minutes.atom", "/feeds/ballots.xml", "/feeds/ballots.atom"] {
        let res = app.get(path).await;
        assert_eq!(res.status, 200, "{path}");
        // Markup from posts is escaped inside the XML: no raw element can appear.
        for raw in ["<script", "<img", "<svg", "<iframe"] {
            assert!(!res.body.contains(raw), "{path} holds raw {raw}");
        }
    }
    let ics = app.get("/calendar.ics").await;
    assert_eq!(ics.status, 200);
    assert!(ics.body.lines().all(|l| !l.contains('\r') || l.ends_with('\r')));
    let json = app.get("/api/v1/ballots/SC-999").await;
    assert_eq!(
        json.json()["title"].as_str().unwrap(),
        "<script>alert('ballot')</script> </title> \"Quoted\" & <i>more</i>"
    );
    let slug = slug_of(&app, "x </title>").await;
    let source = app.get(&format!("/minutes/{slug}/source")).await;
    assert!(source.header("content-type").unwrap().starts_with("text/markdown"));
    assert_eq!(source.header("x-content-type-options"), Some("nosniff"));
}

#[tokio::test]
async fn every_response_carries_nosniff_a_referrer_policy_and_a_content_security_policy() {
    let app = spawn_app(Some(&hostile_content())).await;
    let slug = slug_of(&app, "x </title>").await;
    for path in [
        "/".to_string(),
        "/healthz".to_string(),
        "/api/v1/ballots".to_string(),
        "/api/v1/openapi.json".to_string(),
        "/feeds/minutes.xml".to_string(),
        "/calendar.ics".to_string(),
        "/pkg/quorum.css".to_string(),
        "/favicon.svg".to_string(),
        format!("/minutes/{slug}/source"),
        "/no/such/page".to_string(),
        "/api/v1/ballots/NOPE".to_string(),
    ] {
        let res = app.get(&path).await;
        assert_eq!(res.header("x-content-type-options"), Some("nosniff"), "{path}");
        assert_eq!(res.header("referrer-policy"), Some("same-origin"), "{path}");
        let csp = res.header("content-security-policy").unwrap_or_else(|| panic!("{path}: no CSP"));
        let html = res.header("content-type").unwrap_or("").starts_with("text/html");
        if html {
            for part in [
                "script-src 'nonce-",
                "'strict-dynamic'",
                "'wasm-unsafe-eval'",
                "object-src 'none'",
                "base-uri 'none'",
                "frame-ancestors 'none'",
                "form-action 'self'",
            ] {
                assert!(csp.contains(part), "{path}: {part} missing from {csp}");
            }
        } else {
            assert!(csp.starts_with("default-src 'none'"), "{path}: {csp}");
        }
    }
    // Each page gets its own nonce.
    let a = app.get("/").await.header("content-security-policy").map(str::to_string);
    let b = app.get("/").await.header("content-security-policy").map(str::to_string);
    assert_ne!(nonce_of(&a.unwrap()), nonce_of(&b.unwrap()));
}

#[tokio::test]
async fn a_hostile_title_survives_the_hugo_export_and_reimport_as_the_same_text() {
    let app = spawn_app(Some(&hostile_content())).await;
    let out = tempfile::tempdir().unwrap();
    server::export::export_hugo(&app.store, out.path()).await.unwrap();
    let again = tempfile::tempdir().unwrap();
    let store = server::store::Store::open(&format!("sqlite://{}", again.path().join("q.db").display())).await.unwrap();
    let s = server::import::import_dir(&store, out.path(), chrono::Utc::now(), &mut |_, _| {}).await.unwrap();
    assert_eq!(s.failed, 0, "{:?}", s.errors);
    let before = server::export::export(&app.store, common::fixed_now()).await.unwrap();
    let after = server::export::export(&store, common::fixed_now()).await.unwrap();
    let titles = |e: &server::export::Export| e.minutes.iter().map(|m| m.title.clone()).collect::<Vec<_>>();
    assert_eq!(titles(&before), titles(&after));
    assert!(titles(&after).iter().any(|t| t.starts_with("x </title><script>")));
}
