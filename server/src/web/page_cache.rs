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
//! Security: every response still gets its own Content-Security-Policy nonce. A kept page's nonce
//! is replaced, in the policy and in the page's script tags, by a fresh random one each time it
//! is served.
//!
//! Kept pages carry an ETag of their content; a reader sending it back in `If-None-Match` gets a
//! 304 without a policy header, so that the copy it holds keeps the policy (and nonce) it came
//! with.

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
    /// The script nonce the page was rendered with (in its policy and its script tags).
    nonce: Option<String>,
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

/// The nonce of a page policy: `script-src 'nonce-XYZ' …` → `XYZ`.
fn nonce_in(headers: &HeaderMap) -> Option<String> {
    let csp = headers.get(header::CONTENT_SECURITY_POLICY)?.to_str().ok()?;
    let rest = &csp[csp.find("'nonce-")? + "'nonce-".len()..];
    Some(rest[..rest.find('\'')?].to_string()).filter(|n| n.len() >= 16)
}

fn answer(request: &HeaderMap, kept: Kept) -> Response {
    if kept.status == StatusCode::OK && matches(request, &kept.etag) {
        let mut res = StatusCode::NOT_MODIFIED.into_response();
        res.headers_mut().insert(header::ETAG, kept.etag);
        return res;
    }
    let (mut headers, mut body) = (kept.headers, kept.body);
    if let Some(old) = &kept.nonce {
        let fresh: String = rand::random::<[u8; 16]>().iter().map(|b| format!("{b:02x}")).collect();
        let csp =
            headers.get(header::CONTENT_SECURITY_POLICY).and_then(|v| v.to_str().ok()).map(|v| v.replace(old, &fresh));
        if let Some(value) = csp.and_then(|v| HeaderValue::from_str(&v).ok()) {
            headers.insert(header::CONTENT_SECURITY_POLICY, value);
            body = Bytes::from(String::from_utf8_lossy(&body).replace(old.as_str(), &fresh));
        }
    }
    let mut res = Response::new(Body::from(body));
    *res.status_mut() = kept.status;
    *res.headers_mut() = headers;
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
    let nonce = nonce_in(&parts.headers);
    let kept =
        Kept { generation, at: Instant::now(), status: parts.status, headers: parts.headers, body: bytes, etag, nonce };
    cache.put(key, kept.clone());
    // The first reader gets the page as rendered (its nonce was drawn for this response).
    if kept.status == StatusCode::OK && matches(&request_headers, &kept.etag) {
        return answer(&request_headers, kept);
    }
    let mut res = Response::new(Body::from(kept.body));
    *res.status_mut() = kept.status;
    *res.headers_mut() = kept.headers;
    res
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

    #[test]
    fn a_kept_page_is_served_with_a_fresh_nonce_in_its_policy_and_its_script_tags() {
        let mut headers = HeaderMap::new();
        let old = "0dV39P8Dwnvu-tM5pOI5xA";
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_str(&crate::web::security::page_policy(old)).unwrap(),
        );
        let body = format!("<script nonce=\"{old}\">x</script>");
        let kept = Kept {
            generation: 0,
            at: Instant::now(),
            status: StatusCode::OK,
            nonce: nonce_in(&headers),
            headers,
            etag: etag_of(body.as_bytes()),
            body: Bytes::from(body),
        };
        assert_eq!(kept.nonce.as_deref(), Some(old));
        let a = answer(&HeaderMap::new(), kept.clone());
        let b = answer(&HeaderMap::new(), kept);
        let nonce = |r: &Response| nonce_in(r.headers()).unwrap();
        assert_ne!(nonce(&a), old);
        assert_ne!(nonce(&a), nonce(&b));
    }
}
