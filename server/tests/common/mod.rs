//! Test harness: the real router on a temporary SQLite database, spoken to over real HTTP.
#![allow(dead_code)]

use server::store::Store;
use server::web::{router, AppState, SiteConfig};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

pub struct TestApp {
    pub addr: SocketAddr,
    pub store: Store,
    pub dir: tempfile::TempDir,
    /// For [`spawn_writable_app`]: the temporary directory and the content tree inside it.
    pub content: Option<(tempfile::TempDir, PathBuf)>,
    _one_at_a_time: Option<tokio::sync::MutexGuard<'static, ()>>,
}

/// Leptos keeps process-wide state; several apps rendering at once on separate test runtimes
/// occasionally left a page render waiting forever (about one run in ten). A server process runs
/// one app, where concurrent requests are fine (2,000 requests at 16 in parallel, none stuck), so
/// the tests of a binary take turns instead: each holds this lock for as long as its app lives.
static ONE_APP_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// The moment snapshot tests pretend it is, so that ballot status and countdowns are stable.
pub fn fixed_now() -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339("2026-11-26T12:00:00Z").unwrap()
}

/// The workspace's sample content directory.
pub fn sample_content() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../content")
}

/// Starts the app with `content` imported (if given) on a fresh database.
pub async fn spawn_app(content: Option<&Path>) -> TestApp {
    spawn_app_with(content, |_| {}).await
}

/// Like [`spawn_app`], with a chance to change the site settings first.
pub async fn spawn_app_with(content: Option<&Path>, configure: impl FnOnce(&mut SiteConfig)) -> TestApp {
    spawn(content, configure, None).await
}

/// The sample content copied into the app's temporary directory (`dir/content`) and served as
/// its content tree, so that posts written in Quorum land there (never in the repository).
pub async fn spawn_writable_app() -> TestApp {
    spawn_writable_app_with(|_| {}).await
}

/// Like [`spawn_writable_app`], with a chance to change the site settings first.
pub async fn spawn_writable_app_with(configure: impl FnOnce(&mut SiteConfig)) -> TestApp {
    let tmp = tempfile::tempdir().unwrap();
    let copy = tmp.path().join("content");
    copy_dir(&sample_content(), &copy);
    let mut app = spawn(Some(&copy), configure, Some(copy.clone())).await;
    app.content = Some((tmp, copy));
    app
}

/// Copies a directory tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

async fn spawn(
    content: Option<&Path>,
    configure: impl FnOnce(&mut SiteConfig),
    content_dir: Option<PathBuf>,
) -> TestApp {
    // tokio's lock works across the tests' separate runtimes and is not poisoned by a failed test.
    let guard = ONE_APP_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("quorum.db").display());
    let store = Store::open(&url).await.unwrap();
    if let Some(content) = content {
        let at = fixed_now().with_timezone(&chrono::Utc);
        let summary = server::import::import_dir(&store, content, at, &mut |_, _| {}).await.unwrap();
        assert_eq!(summary.failed, 0, "sample content failed to import: {:?}", summary.errors);
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    // No browser bundle in these tests: pages are served without hydration scripts.
    let mut site = SiteConfig::new(dir.path().join("no-site").to_str().unwrap(), addr, format!("http://{addr}"));
    configure(&mut site);
    let sessions = store.sessions().await.unwrap();
    let state = AppState {
        store: store.clone(),
        site: Arc::new(site),
        clock: std::sync::Arc::new(fixed_now),
        sessions,
        content_dir,
    };
    tokio::spawn(async move {
        axum::serve(listener, router(state).into_make_service_with_connect_info::<SocketAddr>()).await.unwrap();
    });
    TestApp { addr, store, dir, content: None, _one_at_a_time: Some(guard) }
}

/// A second (third…) instance on a database another app already uses: several Quorum servers
/// sharing one database, as a deployment on PostgreSQL runs them. Call while the first app holds
/// the one-app lock.
pub async fn spawn_instance(database_url: &str) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(database_url).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let site = SiteConfig::new(dir.path().join("no-site").to_str().unwrap(), addr, format!("http://{addr}"));
    let sessions = store.sessions().await.unwrap();
    let state = AppState {
        store: store.clone(),
        site: Arc::new(site),
        clock: std::sync::Arc::new(fixed_now),
        sessions,
        content_dir: None,
    };
    tokio::spawn(async move {
        axum::serve(listener, router(state).into_make_service_with_connect_info::<SocketAddr>()).await.unwrap();
    });
    TestApp { addr, store, dir, content: None, _one_at_a_time: None }
}

/// [`spawn_app`] on the database at `database_url` (which must be empty).
pub async fn spawn_app_on(database_url: &str, content: Option<&Path>) -> TestApp {
    let guard = ONE_APP_AT_A_TIME.lock().await;
    let mut app = spawn_instance(database_url).await;
    if let Some(content) = content {
        let at = fixed_now().with_timezone(&chrono::Utc);
        let summary = server::import::import_dir(&app.store, content, at, &mut |_, _| {}).await.unwrap();
        assert_eq!(summary.failed, 0, "sample content failed to import: {:?}", summary.errors);
    }
    app._one_at_a_time = Some(guard);
    app
}

impl TestApp {
    pub async fn get(&self, path: &str) -> Response {
        self.request("GET", path, &[]).await
    }

    /// Sends one HTTP/1.0 request (so the body ends when the connection closes) and reads the reply.
    pub async fn request(&self, method: &str, path: &str, headers: &[(&str, &str)]) -> Response {
        self.send(method, path, headers, "").await
    }

    /// [`TestApp::request`] with a body (give its Content-Type in `headers`).
    pub async fn send(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Response {
        send_to(self.addr, method, path, headers, body).await
    }
}

/// One HTTP/1.0 request to `addr` (the body ends when the connection closes), and its reply.
pub async fn send_to(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Response {
    {
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        let mut req = format!("{method} {path} HTTP/1.0\r\nHost: {}\r\n", addr);
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        if !body.is_empty() || method != "GET" {
            req.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        req.push_str("\r\n");
        req.push_str(body);
        stream.write_all(req.as_bytes()).await.unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).await.unwrap();
        let text = String::from_utf8_lossy(&raw).to_string();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        // Hydration markers (`<!>`) sit between text nodes; tests read the page without them.
        let body = body.replace("<!>", "");
        let mut lines = head.lines();
        let status = lines.next().and_then(|l| l.split_whitespace().nth(1)).and_then(|s| s.parse().ok()).unwrap_or(0);
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
            .collect();
        Response { status, headers, body }
    }
}

/// Percent-encodes form values.
pub fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| {
            let enc = |s: &str| {
                s.bytes()
                    .map(|b| match b {
                        b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
                        other => format!("%{other:02X}"),
                    })
                    .collect::<String>()
            };
            format!("{}={}", enc(k), enc(v))
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// A browser's worth of state against a [`TestApp`]: the session cookie, sent back on every
/// request, and the site's own Origin on posts (as browsers send it).
pub struct Browser<'a> {
    pub app: &'a TestApp,
    pub cookie: Option<String>,
}

impl<'a> Browser<'a> {
    pub fn new(app: &'a TestApp) -> Browser<'a> {
        Browser { app, cookie: None }
    }

    fn keep_cookie(&mut self, r: &Response) {
        for (k, v) in &r.headers {
            if k.eq_ignore_ascii_case("set-cookie") && v.starts_with("quorum_session=") {
                let pair = v.split(';').next().unwrap_or("").to_string();
                self.cookie = if pair == "quorum_session=" || v.contains("Max-Age=0") { None } else { Some(pair) };
            }
        }
    }

    pub async fn get(&mut self, path: &str) -> Response {
        let cookie = self.cookie.clone();
        let mut headers: Vec<(&str, &str)> = Vec::new();
        if let Some(c) = cookie.as_deref() {
            headers.push(("Cookie", c));
        }
        let r = self.app.request("GET", path, &headers).await;
        self.keep_cookie(&r);
        r
    }

    /// Posts a form from a page of this site (Origin and Referer set); `extra` headers are added.
    pub async fn post_form(&mut self, path: &str, pairs: &[(&str, &str)], extra: &[(&str, &str)]) -> Response {
        let origin = format!("http://{}", self.app.addr);
        let cookie = self.cookie.clone();
        let body = form(pairs);
        let mut headers: Vec<(&str, &str)> =
            vec![("Content-Type", "application/x-www-form-urlencoded"), ("Origin", origin.as_str())];
        if let Some(c) = cookie.as_deref() {
            headers.push(("Cookie", c));
        }
        headers.extend_from_slice(extra);
        let r = self.app.send("POST", path, &headers, &body).await;
        self.keep_cookie(&r);
        r
    }

    /// The CSRF token in a page's forms.
    pub fn csrf_in(body: &str) -> String {
        let at = body.find("name=\"csrf\" value=\"").expect("a form with a CSRF token");
        let rest = &body[at + "name=\"csrf\" value=\"".len()..];
        rest[..rest.find('"').unwrap()].to_string()
    }

    /// The session's CSRF token, from the login page (which makes one).
    pub async fn csrf(&mut self) -> String {
        let page = self.get("/login").await;
        Self::csrf_in(&page.body)
    }

    /// Logs in through the login form; returns the response (a redirect).
    pub async fn login(&mut self, email: &str, password: &str) -> Response {
        let csrf = self.csrf().await;
        self.post_form("/login", &[("email", email), ("password", password), ("csrf", &csrf), ("next", "/")], &[]).await
    }
}

/// Adds a user straight to the store (the CLI does the same).
pub async fn add_user(store: &Store, email: &str, name: &str, role: &str, wgs: &[&str], password: &str) {
    let user = server::store::NewUser {
        email: email.to_string(),
        name: name.to_string(),
        org: Some("Example".into()),
        role: app::domain::access::Role::parse(role).unwrap(),
        wgs: wgs.iter().map(|w| w.parse().unwrap()).collect(),
        password_hash: server::web::auth::hash_password(password).unwrap(),
    };
    store.create_user(&user, fixed_now(), "test").await.unwrap();
}
