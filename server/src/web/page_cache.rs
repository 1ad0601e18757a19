//! Rendered pages kept for anonymous readers, so that a read-mostly site answers at nearly the
//! speed of static files.
//!
//! What is kept: the HTML of a `GET` page (status 200 or 404) asked without a session cookie and
//! without credentials, whose response sets no cookie, keyed by path and query. A kept page is
//! served while the store's generation (see `Store::generation`: every write readers can see
//! bumps it) is the one it was rendered at, and for at most [`PageCache::ttl`], because stages,
//! countdowns and "due" badges also move with the clock. Anyone with a session (logged in, or
//! having opened the login form) always gets a fresh render, so one person's page is never
//! served to another. Other instances sharing a PostgreSQL database change data this process
//! does not count; the time limit bounds how long a page here can lag behind them.
//!
//! Security: a kept page replays the Content-Security-Policy nonce it was rendered with. That
//! nonce still cannot be known to anything the page embeds: content is fixed at render time,
//! when the nonce is drawn, and any change to content renders a new page with a new nonce.
//!
//! Pages (kept or not) carry an ETag; a reader sending it back in `If-None-Match` gets 304.

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The session cookie's name (see `routes::session_layer`).
pub const SESSION_COOKIE: &str = "quorum_session";
/// Pages larger than this are not kept (the largest real minutes render to ~200 KB).
const MAX_PAGE: usize = 4 * 1024 * 1024;
/// Distinct addresses kept before the cache starts over (query strings can vary without end).
const MAX_ENTRIES: usize = 4096;

#[derive(Clone)]
struct Kept {
    generation: u64,
    at: Instant,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    etag: HeaderValue,
}

/// The kept pages of one router.
pub struct PageCache {
    store: crate::store::Store,
    /// How long a kept page may be served (clock-driven changes: stages, countdowns).
    pub ttl: Duration,
    pages: Mutex<HashMap<String, Kept>>,
}

impl PageCache {
    pub fn new(store: crate::store::Store, ttl: Duration) -> Arc<PageCache> {
        Arc::new(PageCache { store, ttl, pages: Mutex::new(HashMap::new()) })
    }

    fn get(&self, key: &str) -> Option<Kept> {
        let generation = self.store.generation();
        let pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        pages.get(key).filter(|k| k.generation == generation && k.at.elapsed() < self.ttl).cloned()
    }

    fn put(&self, key: String, kept: Kept) {
        let mut pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        if pages.len() >= MAX_ENTRIES {
            pages.clear();
        }
        pages.insert(key, kept);
    }
}

/// True when the request carries a session cookie or credentials: its page is rendered for it.
fn personal(headers: &HeaderMap) -> bool {
    headers.contains_key(header::AUTHORIZATION)
        || headers.get_all(header::COOKIE).iter().any(|v| {
            v.to_str()
                .map(|c| c.split(';').any(|pair| pair.trim().starts_with(&format!("{SESSION_COOKIE}="))))
                .unwrap_or(true)
        })
}

fn etag_of(body: &[u8]) -> HeaderValue {
    let hex: String = Sha256::digest(body).iter().take(16).map(|b| format!("{b:02x}")).collect();
    HeaderValue::from_str(&format!("\"{hex}\"")).unwrap_or_else(|_| HeaderValue::from_static("\"0\""))
}

fn matches(request: &HeaderMap, etag: &HeaderValue) -> bool {
    let Some(tags) = request.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) else { return false };
    let etag = etag.to_str().unwrap_or("");
    tags.split(',').map(str::trim).any(|t| t == "*" || t == etag || t.strip_prefix("W/") == Some(etag))
}

fn answer(request: &HeaderMap, kept: Kept) -> Response {
    if kept.status == StatusCode::OK && matches(request, &kept.etag) {
        let mut res = StatusCode::NOT_MODIFIED.into_response();
        res.headers_mut().insert(header::ETAG, kept.etag);
        return res;
    }
    let mut res = Response::new(Body::from(kept.body));
    *res.status_mut() = kept.status;
    *res.headers_mut() = kept.headers;
    res
}

fn is_html(headers: &HeaderMap) -> bool {
    headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| t.starts_with("text/html"))
}

/// The middleware: serves kept pages to anonymous readers and keeps what it renders for them.
pub async fn serve(State(cache): State<Arc<PageCache>>, request: Request, next: Next) -> Response {
    if request.method() != Method::GET || personal(request.headers()) {
        return next.run(request).await;
    }
    let key = request.uri().path_and_query().map(|p| p.as_str().to_string()).unwrap_or_default();
    let request_headers = request.headers().clone();
    if let Some(kept) = cache.get(&key) {
        return answer(&request_headers, kept);
    }
    let generation = cache.store.generation();
    let response = next.run(request).await;
    let keepable = matches!(response.status(), StatusCode::OK | StatusCode::NOT_FOUND)
        && is_html(response.headers())
        && !response.headers().contains_key(header::SET_COOKIE);
    if !keepable {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_PAGE).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "The page was too large to send.").into_response();
    };
    let etag = etag_of(&bytes);
    parts.headers.insert(header::ETAG, etag.clone());
    // Shared caches must not hand this anonymous page to someone with a session.
    parts.headers.insert(header::VARY, HeaderValue::from_static("Cookie"));
    let kept = Kept { generation, at: Instant::now(), status: parts.status, headers: parts.headers, body: bytes, etag };
    cache.put(key, kept.clone());
    answer(&request_headers, kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_cookie_or_credentials_make_a_request_personal() {
        let mut h = HeaderMap::new();
        assert!(!personal(&h));
        h.insert(header::COOKIE, HeaderValue::from_static("theme=dark"));
        assert!(!personal(&h), "other cookies do not");
        h.insert(header::COOKIE, HeaderValue::from_static("theme=dark; quorum_session=abc"));
        assert!(personal(&h));
        let mut h = HeaderMap::new();
        h.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer x"));
        assert!(personal(&h));
    }

    #[test]
    fn an_etag_sent_back_matches_also_when_weakened_by_a_proxy() {
        let etag = etag_of(b"<html>");
        let mut h = HeaderMap::new();
        h.insert(header::IF_NONE_MATCH, HeaderValue::from_str(&format!("W/{}", etag.to_str().unwrap())).unwrap());
        assert!(matches(&h, &etag));
        h.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"other\""));
        assert!(!matches(&h, &etag));
    }
}
