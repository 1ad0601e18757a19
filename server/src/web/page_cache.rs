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
/// Pages up to this size are copied with their fresh nonce; larger ones are sent as slices.
const SMALL_PAGE: usize = 64 * 1024;
/// Distinct addresses kept before the cache starts over (query strings can vary without end).
const MAX_ENTRIES: usize = 4096;

struct Kept {
    generation: u64,
    at: Instant,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    etag: HeaderValue,
    /// The script nonce the page was rendered with (in its policy and its script tags).
    nonce: Option<String>,
    /// Where the nonce stands in `body` (byte offsets), so a fresh one is put in without a search.
    nonce_at: Vec<usize>,
}

/// The kept pages of one router.
pub struct PageCache {
    store: crate::store::Store,
    /// How long a kept page may be served (clock-driven changes: stages, countdowns).
    pub ttl: Duration,
    pages: Mutex<HashMap<String, Arc<Kept>>>,
}

impl PageCache {
    pub fn new(store: crate::store::Store, ttl: Duration) -> Arc<PageCache> {
        Arc::new(PageCache { store, ttl, pages: Mutex::new(HashMap::new()) })
    }

    fn get(&self, key: &str) -> Option<Arc<Kept>> {
        let generation = self.store.generation();
        let pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        pages.get(key).filter(|k| k.generation == generation && k.at.elapsed() < self.ttl).cloned()
    }

    fn put(&self, key: String, kept: Arc<Kept>) {
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

fn matches(if_none_match: Option<&HeaderValue>, etag: &HeaderValue) -> bool {
    let Some(tags) = if_none_match.and_then(|v| v.to_str().ok()) else { return false };
    let etag = etag.to_str().unwrap_or("");
    tags.split(',').map(str::trim).any(|t| t == "*" || t == etag || t.strip_prefix("W/") == Some(etag))
}

/// The nonce of a page policy: `script-src 'nonce-XYZ' …` → `XYZ`.
fn nonce_in(headers: &HeaderMap) -> Option<String> {
    let csp = headers.get(header::CONTENT_SECURITY_POLICY)?.to_str().ok()?;
    let rest = &csp[csp.find("'nonce-")? + "'nonce-".len()..];
    Some(rest[..rest.find('\'')?].to_string()).filter(|n| n.len() >= 16)
}

/// A nonce as Leptos draws them (base64url), of `len` characters.
fn fresh_nonce(len: usize) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    (0..len).map(|_| ALPHABET[(rand::random::<u8>() & 63) as usize] as char).collect()
}

fn answer(if_none_match: Option<&HeaderValue>, kept: &Kept) -> Response {
    if kept.status == StatusCode::OK && matches(if_none_match, &kept.etag) {
        let mut res = StatusCode::NOT_MODIFIED.into_response();
        res.headers_mut().insert(header::ETAG, kept.etag.clone());
        return res;
    }
    let mut headers = kept.headers.clone();
    let body = match &kept.nonce {
        Some(old) if !kept.nonce_at.is_empty() => {
            // The same length as the old nonce: the page keeps its size, and its bytes are sent
            // as slices of the kept copy around the fresh nonce (no copy of the page).
            let fresh = Bytes::from(fresh_nonce(old.len()));
            let csp = headers.get(header::CONTENT_SECURITY_POLICY).and_then(|v| v.to_str().ok()).and_then(|v| {
                HeaderValue::from_str(&v.replace(old.as_str(), std::str::from_utf8(&fresh).unwrap_or(""))).ok()
            });
            match csp {
                Some(value) if kept.body.len() <= SMALL_PAGE => {
                    // Small pages: one copy with the nonce patched in is cheaper than a stream.
                    headers.insert(header::CONTENT_SECURITY_POLICY, value);
                    let mut page = kept.body.to_vec();
                    for &at in &kept.nonce_at {
                        page[at..at + old.len()].copy_from_slice(&fresh);
                    }
                    Body::from(page)
                }
                Some(value) => {
                    headers.insert(header::CONTENT_SECURITY_POLICY, value);
                    let mut chunks = Vec::with_capacity(kept.nonce_at.len() * 2 + 1);
                    let mut from = 0;
                    for &at in &kept.nonce_at {
                        chunks.push(kept.body.slice(from..at));
                        chunks.push(fresh.clone());
                        from = at + old.len();
                    }
                    chunks.push(kept.body.slice(from..));
                    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(kept.body.len()));
                    Body::from_stream(futures::stream::iter(chunks.into_iter().map(Ok::<_, std::convert::Infallible>)))
                }
                None => Body::from(kept.body.clone()),
            }
        }
        _ => Body::from(kept.body.clone()),
    };
    let mut res = Response::new(body);
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
    let if_none_match = request.headers().get(header::IF_NONE_MATCH).cloned();
    if let Some(kept) = cache.get(&key) {
        return answer(if_none_match.as_ref(), &kept);
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
    let nonce_at = match &nonce {
        Some(n) => bytes.windows(n.len()).enumerate().filter(|(_, w)| *w == n.as_bytes()).map(|(i, _)| i).collect(),
        None => Vec::new(),
    };
    let kept = Arc::new(Kept {
        generation,
        at: Instant::now(),
        status: parts.status,
        headers: parts.headers,
        body: bytes,
        etag,
        nonce,
        nonce_at,
    });
    cache.put(key, kept.clone());
    // The first reader gets the page as rendered (its nonce was drawn for this response).
    if kept.status == StatusCode::OK && matches(if_none_match.as_ref(), &kept.etag) {
        return answer(if_none_match.as_ref(), &kept);
    }
    let mut res = Response::new(Body::from(kept.body.clone()));
    *res.status_mut() = kept.status;
    *res.headers_mut() = kept.headers.clone();
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
        let weak = HeaderValue::from_str(&format!("W/{}", etag.to_str().unwrap())).unwrap();
        assert!(matches(Some(&weak), &etag));
        assert!(!matches(Some(&HeaderValue::from_static("\"other\"")), &etag));
        assert!(!matches(None, &etag));
    }

    #[test]
    fn a_kept_page_is_served_with_a_fresh_nonce_in_its_policy_and_its_script_tags() {
        let mut headers = HeaderMap::new();
        let old = "0dV39P8Dwnvu-tM5pOI5xA";
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_str(&crate::web::security::page_policy(old)).unwrap(),
        );
        let body = format!("<script nonce=\"{old}\">x</script><script nonce=\"{old}\">y</script>");
        let kept = Kept {
            generation: 0,
            at: Instant::now(),
            status: StatusCode::OK,
            nonce: nonce_in(&headers),
            headers,
            etag: etag_of(body.as_bytes()),
            nonce_at: body.match_indices(old).map(|(i, _)| i).collect(),
            body: Bytes::from(body.clone()),
        };
        assert_eq!(kept.nonce.as_deref(), Some(old));
        assert_eq!(&body[15..15 + old.len()], old);
        let a = answer(None, &kept);
        let b = answer(None, &kept);
        let nonce = |r: &Response| nonce_in(r.headers()).unwrap();
        assert_ne!(nonce(&a), old);
        assert_ne!(nonce(&a), nonce(&b));
        let fresh = nonce(&a);
        let text = futures::executor::block_on(axum::body::to_bytes(a.into_body(), 1 << 20)).unwrap();
        assert_eq!(String::from_utf8(text.to_vec()).unwrap(), body.replace(old, &fresh));
    }
}
