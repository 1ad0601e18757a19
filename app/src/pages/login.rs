//! Logging in: a plain form posting to `/login` (so it works with JavaScript off), with the
//! session's CSRF token. Errors come back as a code in the address and are shown as a sentence.

use crate::api::get_session;
use crate::components::status::loaded;
use crate::model::SessionInfo;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The sentence for an error code `/login` redirects back with.
pub fn login_error(code: &str) -> Option<&'static str> {
    Some(match code {
        "invalid" => "That email address and password do not match an account.",
        "throttled" => "Too many failed logins for this account or from this address. Wait 15 minutes, then try again.",
        "disabled" => "This account is disabled. Ask an administrator to enable it again.",
        "expired" => "The login form had expired. Please try again.",
        _ => return None,
    })
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(|| (), |_| get_session(Some(true)));
    view! {
        <Title text="Log in"/>
        {loaded(data, move |session| {
            let q = query.read_untracked();
            let error = q.get("error").as_deref().and_then(login_error);
            let next = q.get("next").filter(|n| n.starts_with('/') && !n.starts_with("//")).unwrap_or_else(|| "/".into());
            view! { <LoginBody session error next/> }
        })}
    }
}

#[component]
fn LoginBody(session: SessionInfo, error: Option<&'static str>, next: String) -> impl IntoView {
    if let Some(account) = session.account {
        return view! {
            <section class="narrow">
                <h1>"Logged in"</h1>
                <p>"You are logged in as " <strong>{account.name}</strong> " (" {account.email} ")."</p>
                <p><a href=next>"Continue"</a> " · " <a href="/account">"Your account"</a></p>
            </section>
        }
        .into_any();
    }
    view! {
        <section class="narrow">
            <h1>"Log in"</h1>
            <p class="lede">"Reading is open to everyone; log in to confirm, assign and close action items."</p>
            {error.map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            {session.no_users.then(|| view! {
                <p class="notice">"This Quorum has no users yet. An administrator creates the first one on the server: "
                <code>"quorum user add you@example.org --name \"Your Name\" --role admin"</code></p>
            })}
            <form class="login" method="post" action="/login">
                <input type="hidden" name="csrf" value=session.csrf/>
                <input type="hidden" name="next" value=next/>
                <label for="login-email">"Email"</label>
                <input type="email" id="login-email" name="email" autocomplete="username" required/>
                <label for="login-password">"Password"</label>
                <input type="password" id="login-password" name="password" autocomplete="current-password" required/>
                <button type="submit" class="primary">"Log in"</button>
            </form>
        </section>
    }
    .into_any()
}
