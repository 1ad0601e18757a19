//! The frame every page sits in: skip link, header with the main navigation and who is logged
//! in, footer.

use crate::api::get_session;
use leptos::prelude::*;
use leptos_router::components::A;

/// "Log in", or the logged-in name with a link to the account page and a log-out button (a plain
/// form with the session's CSRF token).
#[component]
fn WhoIsHere() -> impl IntoView {
    let session = Resource::new(|| (), |_| get_session(None));
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match session.await {
                    Ok(s) => match s.account {
                        Some(a) => view! {
                            <div class="who">
                                {crate::domain::WorkingGroup::KNOWN.iter().any(|wg| a.chairs(wg) && !a.disabled).then(|| view! {
                                    <a href="/minutes/new" class="who-action">"New minutes"</a>
                                    <a href="/ballots/new" class="who-action">"New ballot"</a>
                                })}
                                <a href="/account" class="who-name">{a.name}</a>
                                <form method="post" action="/logout" class="inline">
                                    <input type="hidden" name="csrf" value=s.csrf/>
                                    <button type="submit" class="link">"Log out"</button>
                                </form>
                            </div>
                        }.into_any(),
                        None => view! { <div class="who"><a href="/login">"Log in"</a></div> }.into_any(),
                    },
                    Err(_) => ().into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    view! {
        <a class="skip" href="#content">"Skip to content"</a>
        <header class="site-header">
            <div class="wrap header-row">
                <A href="/" attr:class="brand">
                    <span class="brand-mark" aria-hidden="true">"Q"</span>
                    <span>"Quorum"</span>
                </A>
                <nav aria-label="Main">
                    <ul class="nav">
                        <li><A href="/minutes">"Minutes"</A></li>
                        <li><A href="/ballots">"Ballots"</A></li>
                        <li><A href="/actions">"Action items"</A></li>
                        <li><A href="/feeds">"Feeds"</A></li>
                    </ul>
                </nav>
                <WhoIsHere/>
            </div>
        </header>
        <main id="content" class="wrap">{children()}</main>
        <footer class="site-footer">
            <div class="wrap">
                "Quorum — minutes and ballots read from the working groups' own posts."
            </div>
        </footer>
    }
}
