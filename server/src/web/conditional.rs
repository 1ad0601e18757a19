//! Conditional GET: an ETag from the body and a Last-Modified from the data, so feed readers and
//! calendar clients that already have the current version get 304 Not Modified.

use app::domain::Instant;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

/// Sends `body` with an ETag (its hash) and Last-Modified, or 304 when the client has it.
pub fn conditional(headers: &HeaderMap, content_type: &str, body: String, last_modified: Option<Instant>) -> Response {
    let etag = format!(
        "\"{}\"",
        Sha256::digest(body.as_bytes()).iter().take(16).map(|b| format!("{b:02x}")).collect::<String>()
    );
    let last_modified_http =
        last_modified.map(|t| t.with_timezone(&chrono::Utc).format("%a, %d %b %Y %H:%M:%S GMT").to_string());
    let not_modified = match headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) {
        Some(tags) => tags.split(',').any(|t| t.trim() == etag || t.trim() == "*"),
        None => match (headers.get(header::IF_MODIFIED_SINCE).and_then(|v| v.to_str().ok()), last_modified) {
            (Some(since), Some(lm)) => {
                chrono::DateTime::parse_from_rfc2822(since).map(|s| lm.timestamp() <= s.timestamp()).unwrap_or(false)
            }
            _ => false,
        },
    };
    let mut res = if not_modified {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        ([(header::CONTENT_TYPE, content_type.to_string())], body).into_response()
    };
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    if let Some(lm) = last_modified_http.and_then(|s| HeaderValue::from_str(&s).ok()) {
        h.insert(header::LAST_MODIFIED, lm);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300"));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditional_requests_get_304_for_a_matching_etag_or_date() {
        let body = "<rss/>".to_string();
        let lm = chrono::DateTime::parse_from_rfc3339("2021-10-07T17:00:00Z").unwrap();
        let first = conditional(&HeaderMap::new(), "application/rss+xml", body.clone(), Some(lm));
        assert_eq!(first.status(), StatusCode::OK);
        let etag = first.headers().get(header::ETAG).unwrap().clone();
        assert_eq!(first.headers().get(header::LAST_MODIFIED).unwrap(), "Thu, 07 Oct 2021 17:00:00 GMT");
        let mut h = HeaderMap::new();
        h.insert(header::IF_NONE_MATCH, etag);
        assert_eq!(conditional(&h, "x", body.clone(), Some(lm)).status(), StatusCode::NOT_MODIFIED);
        let mut h = HeaderMap::new();
        h.insert(header::IF_MODIFIED_SINCE, HeaderValue::from_static("Thu, 07 Oct 2021 17:00:00 GMT"));
        assert_eq!(conditional(&h, "x", body.clone(), Some(lm)).status(), StatusCode::NOT_MODIFIED);
        let mut h = HeaderMap::new();
        h.insert(header::IF_MODIFIED_SINCE, HeaderValue::from_static("Wed, 06 Oct 2021 17:00:00 GMT"));
        assert_eq!(conditional(&h, "x", body, Some(lm)).status(), StatusCode::OK);
    }
}
