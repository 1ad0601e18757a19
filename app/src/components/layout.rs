//! The frame every page sits in: skip link, header with the main navigation, footer.

use leptos::prelude::*;
use leptos_router::components::A;

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
