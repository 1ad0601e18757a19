//! Security headers, for every response in one place.
//!
//! Pages rendered by Leptos carry a Content-Security-Policy built around the per-request nonce that
//! Leptos already puts on its own scripts (hydration, resource data): a script the page did not
//! put there itself — say one smuggled in through a post's text — cannot run, even if an escape
//! were ever missed. Every other response (JSON, feeds, calendars, markdown sources, files) gets a
//! policy that allows nothing at all, so none of them can act as a page if opened directly.
//! Every response carries `X-Content-Type-Options: nosniff` and `Referrer-Policy: same-origin`.

use axum::http::header::{CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS};
use axum::http::HeaderValue;
use axum::response::Response;

/// The policy of an HTML page whose own scripts carry `nonce`. `'strict-dynamic'` lets the nonced
/// hydration script load the bundle it imports; `'wasm-unsafe-eval'` lets the bundle compile its
/// WebAssembly. Styles and images are not restricted (the stylesheet is a file; ammonia already
/// limits what a post may style).
pub fn page_policy(nonce: &str) -> String {
    format!(
        "script-src 'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'; \
         frame-ancestors 'none'; form-action 'self'"
    )
}

/// The policy of every response that is not a page: nothing may load or run.
pub const NOTHING_POLICY: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// Gives a Leptos page its policy, from inside the page's render (called with the request's
/// context, where Leptos has provided the nonce and the response options).
pub fn set_page_policy() {
    use leptos::prelude::use_context;
    if let (Some(nonce), Some(response)) = (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>()) {
        if let Ok(value) = HeaderValue::from_str(&page_policy(&nonce)) {
            response.insert_header(CONTENT_SECURITY_POLICY, value);
        }
    }
}

/// Adds the headers every response carries (middleware over the whole router).
pub async fn headers(mut response: Response) -> Response {
    let not_modified = response.status() == axum::http::StatusCode::NOT_MODIFIED;
    let h = response.headers_mut();
    h.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    // A 304 has no content, and a policy on it would replace the one the reader's copy came
    // with (whose nonce matches that copy's script tags).
    if !h.contains_key(CONTENT_SECURITY_POLICY) && !not_modified {
        h.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(NOTHING_POLICY));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_policy_names_the_nonce_and_forbids_plugins_base_and_framing() {
        let p = page_policy("abc123");
        for part in [
            "script-src 'nonce-abc123' 'strict-dynamic' 'wasm-unsafe-eval'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "form-action 'self'",
        ] {
            assert!(p.contains(part), "{part} missing from {p}");
        }
        assert!(HeaderValue::from_str(&p).is_ok());
    }
}
