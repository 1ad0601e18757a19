//! Who is asking, and whether a state-changing request may proceed at all.
//!
//! - [`resolve_viewer`] (middleware over every route) works out the [`Viewer`]: an API token from
//!   `Authorization: Bearer …`, else the login session (tower-sessions, stored in the database).
//!   The account is looked up on every request, so disabling a user cuts off their sessions and
//!   tokens at once. Sessions end after [`IDLE`] without a request and [`ABSOLUTE`] after login.
//! - For POST, PUT, PATCH and DELETE made with a session (cookies), the request must come from
//!   this site: its `Origin` (or, without one, its `Referer`) must be ours. Bearer requests carry
//!   no cookies, so they cannot be forged cross-site and skip this.
//! - Every form and server function that changes something also sends the session's CSRF token
//!   ([`check_csrf`]).
//! - Whether the viewer may make a particular change is not decided here: that is
//!   [`app::domain::access::authorize`], called by [`crate::commands`].
//! - [`login`] and [`logout`] are plain form posts (they work with JavaScript off); failed
//!   logins are throttled per account and per address ([`after_failure`]).

use super::state::AppState;
use crate::commands::Actor;
use crate::store::{Failures, TokenKind};
use app::domain::Instant;
use app::error::AppError;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use chrono::Duration;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::net::SocketAddr;
use tower_sessions::Session;

/// A session ends after this long without a request.
pub const IDLE: Duration = Duration::hours(8);
/// A session ends this long after its login, however active.
pub const ABSOLUTE: Duration = Duration::days(7);
/// Failed logins allowed per account, and per address, within [`FAILURE_WINDOW`].
pub const MAX_FAILURES: i64 = 5;
pub const FAILURE_WINDOW: Duration = Duration::minutes(15);
/// How long logins stay refused once the limit is reached.
pub const LOCKOUT: Duration = Duration::minutes(15);

const EMAIL: &str = "email";
const LOGIN_AT: &str = "login_at";
const SEEN_AT: &str = "seen_at";
const CSRF: &str = "csrf";
/// A personal calendar address just made, kept in the session until the account page shows it.
pub const CALENDAR_FLASH: &str = "calendar_url";

/// Who made the request, as every handler and server function sees it (a request extension).
#[derive(Debug, Clone, Default)]
pub struct Viewer {
    /// The account acting, if any.
    pub actor: Option<Actor>,
    /// The login session (absent for bearer requests and when sessions are not configured).
    pub session: Option<Session>,
    /// Authenticated with an API token: no cookies, no CSRF token needed.
    pub bearer: bool,
}

/// SHA-256 of a token, hex: what the store keeps instead of the token.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.trim().as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// A new random secret (tokens, CSRF tokens): 32 bytes, URL-safe hex.
pub fn new_secret() -> String {
    let bytes: [u8; 32] = rand::random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn parse_instant(s: &str) -> Option<Instant> {
    chrono::DateTime::parse_from_rfc3339(s).ok()
}

/// Is this session past its idle or absolute limit at `now`?
pub fn session_expired(login_at: Option<Instant>, seen_at: Option<Instant>, now: Instant) -> bool {
    match (login_at, seen_at) {
        (Some(login), Some(seen)) => now - login > ABSOLUTE || now - seen > IDLE,
        _ => true,
    }
}

fn unsafe_method(m: &Method) -> bool {
    !matches!(*m, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// `scheme://host[:port]` of a URL.
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then(|| format!("{}://{}", scheme.to_ascii_lowercase(), host.to_ascii_lowercase()))
}

/// Does the request's `Origin` (or `Referer`) name this site? `None` when it gives neither.
pub fn same_site(headers: &HeaderMap, public_url: &str) -> Option<bool> {
    let claimed = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .filter(|o| *o != "null")
        .map(str::to_string)
        .or_else(|| headers.get(header::REFERER).and_then(|v| v.to_str().ok()).and_then(origin_of))?;
    let claimed = origin_of(&claimed).unwrap_or(claimed.to_ascii_lowercase());
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).map(str::to_ascii_lowercase);
    let ours = origin_of(public_url);
    let claimed_host = claimed.split_once("://").map(|(_, h)| h.to_string());
    Some(ours.as_deref() == Some(claimed.as_str()) || (host.is_some() && claimed_host == host))
}

/// An error response (its status comes from [`AppError::status`]).
fn refuse(error: AppError) -> Response {
    super::error::HttpError(error).into_response()
}

/// The middleware: resolves the [`Viewer`] and refuses cross-site state changes.
pub async fn resolve_viewer(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let now = (state.clock)();
    // Only the Bearer scheme is ours; another (say a proxy's Basic) is left alone.
    let bearer = req.headers().get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| {
        v.trim().get(..7).filter(|s| s.eq_ignore_ascii_case("bearer ")).map(|_| v.trim()[7..].trim().to_string())
    });
    let mut viewer = Viewer { session: req.extensions().get::<Session>().cloned(), ..Viewer::default() };
    if let Some(token) = bearer {
        let token = token.as_str();
        match state.store.account_for_token(&token_hash(token), TokenKind::Api, now).await {
            Ok(Some((account, _, name))) if !account.disabled => {
                viewer.actor = Some(Actor::token(account, &name));
                viewer.bearer = true;
                // A bearer request is the token's alone: any cookie it carries is ignored.
                viewer.session = None;
            }
            Ok(_) => {
                return refuse(AppError::Unauthorized(
                    "This API token is not valid: it is unknown or revoked, or its account is disabled.".into(),
                ))
            }
            Err(e) => return super::error::HttpError::from(e).into_response(),
        }
    } else if let Some(session) = &viewer.session {
        match session_account(&state, session, now).await {
            Ok(actor) => viewer.actor = actor,
            Err(e) => return super::error::HttpError::from(e).into_response(),
        }
    }
    if unsafe_method(req.method()) && !viewer.bearer {
        match same_site(req.headers(), &state.site.public_url) {
            Some(true) => {}
            Some(false) => return refuse(AppError::Forbidden("Refused: this request came from another site.".into())),
            // Browsers always say where a form or fetch comes from; a request that does not is
            // not allowed to act with a session.
            None if viewer.actor.is_some() => {
                return refuse(AppError::Forbidden("Refused: the request does not say which site it came from.".into()))
            }
            None => {}
        }
    }
    req.extensions_mut().insert(viewer);
    next.run(req).await
}

/// The account of a live session, ending the session when it has expired or its account is gone
/// or disabled.
async fn session_account(
    state: &AppState,
    session: &Session,
    now: Instant,
) -> Result<Option<Actor>, crate::store::StoreError> {
    let get = |key: &'static str| async move { session.get::<String>(key).await.ok().flatten() };
    let Some(email) = get(EMAIL).await else { return Ok(None) };
    let login_at = get(LOGIN_AT).await.and_then(|s| parse_instant(&s));
    let seen_at = get(SEEN_AT).await.and_then(|s| parse_instant(&s));
    let account = state.store.user(&email).await?;
    let live = account.filter(|a| !a.disabled).filter(|_| !session_expired(login_at, seen_at, now));
    match live {
        Some(account) => {
            // Note activity (at most once a minute, to spare the session table).
            if seen_at.is_none_or(|s| now - s > Duration::minutes(1)) {
                let _ = session.insert(SEEN_AT, crate::store::utc_text(now)).await;
            }
            Ok(Some(Actor::user(account)))
        }
        None => {
            let _ = session.flush().await;
            Ok(None)
        }
    }
}

/// The session's CSRF token, made on first use (the login page asks for one before anyone logs
/// in, so the login form is protected too). `None` without a session.
pub async fn csrf_token(session: Option<&Session>) -> Option<String> {
    let session = session?;
    if let Ok(Some(t)) = session.get::<String>(CSRF).await {
        return Some(t);
    }
    let t = new_secret();
    session.insert(CSRF, &t).await.ok()?;
    Some(t)
}

/// The session's CSRF token if it already has one (reading it starts no session).
pub async fn existing_csrf_token(session: Option<&Session>) -> Option<String> {
    session?.get::<String>(CSRF).await.ok().flatten()
}

/// Checks the CSRF token a form or server function sent. Bearer requests need none.
pub async fn check_csrf(viewer: &Viewer, given: &str) -> Result<(), AppError> {
    if viewer.bearer {
        return Ok(());
    }
    let expected = match &viewer.session {
        Some(s) => s.get::<String>(CSRF).await.ok().flatten(),
        None => None,
    };
    let ok = expected.is_some_and(|e| {
        // Compared in constant time.
        e.len() == given.len() && e.bytes().zip(given.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
    });
    if ok {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "This form has expired or did not come from this site; reload the page and try again.".into(),
        ))
    }
}

/// The failure count after one more failed login at `now`.
pub fn after_failure(previous: Option<&Failures>, now: Instant) -> Failures {
    let now_text = crate::store::utc_text(now);
    let fresh = previous.and_then(|p| parse_instant(&p.first_at)).is_none_or(|first| now - first > FAILURE_WINDOW);
    let failures = if fresh { 1 } else { previous.map(|p| p.failures).unwrap_or(0) + 1 };
    let first_at = if fresh { now_text } else { previous.map(|p| p.first_at.clone()).unwrap_or(now_text) };
    let locked_until = (failures >= MAX_FAILURES).then(|| crate::store::utc_text(now + LOCKOUT));
    Failures { failures, first_at, locked_until }
}

/// Until when logins under these failures are refused, if they are at `now`.
pub fn locked_until(f: Option<&Failures>, now: Instant) -> Option<Instant> {
    f.and_then(|f| f.locked_until.as_deref()).and_then(parse_instant).filter(|t| *t > now)
}

/// The login form.
#[derive(Debug, Deserialize)]
pub struct LoginForm {
    pub email: String,
    pub password: String,
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub next: String,
}

/// Where to go after logging in: a path on this site, else the home page.
pub fn safe_next(next: &str) -> String {
    let ok = next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') && !next.contains("://");
    if ok {
        next.to_string()
    } else {
        "/".to_string()
    }
}

fn back_to_login(error: &str, next: &str) -> Response {
    let mut url = format!("/login?error={error}");
    if next != "/" {
        url.push_str("&next=");
        url.push_str(&urlencode(next));
    }
    Redirect::to(&url).into_response()
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// Verifies an argon2id password hash, on a blocking thread (it is slow on purpose).
pub async fn verify_password(hash: String, password: String) -> bool {
    tokio::task::spawn_blocking(move || {
        use argon2::password_hash::{PasswordHash, PasswordVerifier};
        PasswordHash::new(&hash)
            .is_ok_and(|h| argon2::Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
    })
    .await
    .unwrap_or(false)
}

/// Hashes a password with argon2id and a random salt (PHC string).
pub fn hash_password(password: &str) -> Result<String, String> {
    use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
    let salt = SaltString::generate(&mut OsRng);
    argon2::Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// A hash of a password nobody has, verified when the email is unknown so that a failed login
/// takes as long either way.
static DECOY: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| hash_password("decoy password for unknown accounts").unwrap_or_default());

/// POST /login: checks the form's CSRF token and the password, throttles failures, and on
/// success starts a new session (a new id: a session id known before login is worth nothing
/// after it). Answers with a redirect either way, so it works as a plain form.
pub async fn login(
    State(state): State<AppState>,
    viewer: axum::Extension<Viewer>,
    connect: Option<axum::Extension<ConnectInfo<SocketAddr>>>,
    Form(form): Form<LoginForm>,
) -> Response {
    let now = (state.clock)();
    let next = safe_next(&form.next);
    let Some(session) = viewer.session.clone() else {
        return back_to_login("expired", &next);
    };
    if check_csrf(&viewer, &form.csrf).await.is_err() {
        return back_to_login("expired", &next);
    }
    let email = form.email.trim().to_lowercase();
    let account_key = format!("account:{email}");
    let address_key = connect.map(|c| format!("address:{}", c.0 .0.ip()));
    let store = &state.store;
    let mut keys = vec![account_key.clone()];
    keys.extend(address_key.clone());
    for key in &keys {
        match store.login_failures(key).await {
            Ok(f) if locked_until(f.as_ref(), now).is_some() => {
                tracing::warn!(key, "login refused: too many failures");
                return back_to_login("throttled", &next);
            }
            Ok(_) => {}
            Err(e) => return super::error::HttpError::from(e).into_response(),
        }
    }
    let found = match store.user_with_hash(&email).await {
        Ok(f) => f,
        Err(e) => return super::error::HttpError::from(e).into_response(),
    };
    let (verified, disabled) = match found {
        Some((account, hash)) => (verify_password(hash, form.password.clone()).await, account.disabled),
        None => {
            let _ = verify_password(DECOY.clone(), form.password.clone()).await;
            (false, false)
        }
    };
    // Only someone who knows the password learns that the account is disabled.
    if verified && disabled {
        return back_to_login("disabled", &next);
    }
    if !verified {
        for key in &keys {
            let previous = store.login_failures(key).await.ok().flatten();
            let _ = store.put_login_failures(key, &after_failure(previous.as_ref(), now)).await;
        }
        tracing::info!(email, "failed login");
        return back_to_login("invalid", &next);
    }
    for key in &keys {
        let _ = store.clear_login_failures(key).await;
    }
    if session.cycle_id().await.is_err() {
        return back_to_login("expired", &next);
    }
    let now_text = crate::store::utc_text(now);
    let saved = async {
        session.insert(EMAIL, &email).await?;
        session.insert(LOGIN_AT, &now_text).await?;
        session.insert(SEEN_AT, &now_text).await?;
        session.insert(CSRF, new_secret()).await
    }
    .await;
    if saved.is_err() {
        return back_to_login("expired", &next);
    }
    tracing::info!(email, "logged in");
    Redirect::to(&next).into_response()
}

/// The logout form.
#[derive(Debug, Deserialize)]
pub struct LogoutForm {
    #[serde(default)]
    pub csrf: String,
}

/// POST /logout: ends the session (it is deleted from the store) and goes home.
pub async fn logout(viewer: axum::Extension<Viewer>, Form(form): Form<LogoutForm>) -> Response {
    if check_csrf(&viewer, &form.csrf).await.is_err() {
        return (StatusCode::FORBIDDEN, "This form has expired; reload the page and try again.").into_response();
    }
    if let Some(session) = &viewer.session {
        let _ = session.flush().await;
    }
    Redirect::to("/").into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Instant {
        chrono::DateTime::parse_from_rfc3339(s).unwrap()
    }

    #[test]
    fn sessions_end_after_eight_idle_hours_or_seven_days() {
        let login = t("2026-11-30T08:00:00Z");
        let cases = [
            (Some(login), Some(t("2026-11-30T09:00:00Z")), t("2026-11-30T16:59:00Z"), false),
            (Some(login), Some(t("2026-11-30T09:00:00Z")), t("2026-11-30T17:01:00Z"), true),
            (Some(login), Some(t("2026-12-07T07:00:00Z")), t("2026-12-07T07:59:00Z"), false),
            (Some(login), Some(t("2026-12-07T07:59:00Z")), t("2026-12-07T08:01:00Z"), true),
            (None, Some(login), login, true),
        ];
        for (login_at, seen_at, now, expired) in cases {
            assert_eq!(session_expired(login_at, seen_at, now), expired, "{seen_at:?} {now}");
        }
    }

    #[test]
    fn the_fifth_failure_within_fifteen_minutes_locks_logins_for_fifteen_minutes() {
        let mut f: Option<Failures> = None;
        let start = t("2026-11-30T08:00:00Z");
        for i in 0..5 {
            let now = start + Duration::minutes(i);
            assert_eq!(locked_until(f.as_ref(), now), None, "failure {i}");
            f = Some(after_failure(f.as_ref(), now));
        }
        let locked = locked_until(f.as_ref(), start + Duration::minutes(5));
        assert_eq!(locked, Some(start + Duration::minutes(4) + LOCKOUT));
        assert_eq!(locked_until(f.as_ref(), start + Duration::minutes(20)), None);
        // Failures spread out over more than the window start counting again.
        let old = Failures { failures: 4, first_at: "2026-11-30T07:00:00Z".into(), locked_until: None };
        assert_eq!(after_failure(Some(&old), start).failures, 1);
    }

    #[test]
    fn only_this_sites_origin_or_referer_may_change_things() {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, "quorum.example:3000".parse().unwrap());
        assert_eq!(same_site(&h, "https://quorum.example"), None);
        h.insert(header::ORIGIN, "http://quorum.example:3000".parse().unwrap());
        assert_eq!(same_site(&h, "https://quorum.example"), Some(true));
        h.insert(header::ORIGIN, "https://evil.example".parse().unwrap());
        assert_eq!(same_site(&h, "https://quorum.example"), Some(false));
        h.insert(header::ORIGIN, "https://quorum.example".parse().unwrap());
        assert_eq!(same_site(&h, "https://quorum.example/"), Some(true));
        h.remove(header::ORIGIN);
        h.insert(header::REFERER, "https://evil.example/page".parse().unwrap());
        assert_eq!(same_site(&h, "https://quorum.example"), Some(false));
    }

    #[test]
    fn login_redirects_stay_on_this_site() {
        for (next, want) in [
            ("/actions", "/actions"),
            ("/minutes/x?y=1", "/minutes/x?y=1"),
            ("//evil.example", "/"),
            ("https://evil.example", "/"),
            ("/\\evil.example", "/"),
            ("", "/"),
        ] {
            assert_eq!(safe_next(next), want, "{next}");
        }
    }
}
