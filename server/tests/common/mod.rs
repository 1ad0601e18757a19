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
    _one_at_a_time: tokio::sync::MutexGuard<'static, ()>,
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
    let state =
        AppState { store: store.clone(), site: Arc::new(site), clock: std::sync::Arc::new(fixed_now), sessions };
    tokio::spawn(async move {
        axum::serve(listener, router(state).into_make_service_with_connect_info::<SocketAddr>()).await.unwrap();
    });
    TestApp { addr, store, dir, _one_at_a_time: guard }
}

impl TestApp {
    pub async fn get(&self, path: &str) -> Response {
        self.request("GET", path, &[]).await
    }

    /// Sends one HTTP/1.0 request (so the body ends when the connection closes) and reads the reply.
    pub async fn request(&self, method: &str, path: &str, headers: &[(&str, &str)]) -> Response {
        let mut stream = tokio::net::TcpStream::connect(self.addr).await.unwrap();
        let mut req = format!("{method} {path} HTTP/1.0\r\nHost: {}\r\n", self.addr);
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        req.push_str("\r\n");
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
