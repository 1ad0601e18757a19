//! The HTML shell, the router and the one list of pages. Every page is rendered completely on the
//! server (`SsrMode::Async`), so it reads fine with JavaScript off; the browser bundle then
//! hydrates it for client-side navigation and interactive filters.

use crate::components::layout::Layout;
use crate::pages::{
    account::AccountPageView,
    actions::ActionItemsPage,
    ballot::BallotPage,
    ballots::BallotsPage,
    compose::{EditMinutesPage, NewMinutesPage},
    feeds::FeedsPage,
    home::HomePage,
    login::LoginPage,
    minutes::MinutesListPage,
    minutes_detail::MinutesPage,
    new_ballot::NewBallotPageView,
    not_found::NotFound,
    post::PostPageView,
};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Link, Meta, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

/// What the server knows about the page wrapper beyond Leptos' own options.
#[derive(Clone, Debug)]
pub struct ShellOptions {
    pub leptos: LeptosOptions,
    /// False when the browser bundle was not built: pages are then served without the hydration
    /// scripts instead of pointing browsers at files that do not exist.
    pub hydrate: bool,
}

/// The whole HTML document around the app.
pub fn shell(options: ShellOptions) -> impl IntoView {
    let hydration = options.hydrate.then(|| view! { <HydrationScripts options=options.leptos.clone()/> });
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                {hydration}
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Every page's document title, from the text a page gives its `<Title>`: "SC-68 · Quorum".
///
/// This is the one place all titles pass through, and it makes them safe. On the server,
/// leptos_meta 0.8 writes the formatted title into `<title>…</title>` as raw text
/// (`ServerMetaContextOutput::inject_meta_context` pushes the string without escaping, while every
/// other text node is escaped), so a post titled `x </title><script>…` would end the element and
/// run script. The server therefore escapes `&`, `<`, `>` and quotes here; the browser, which sets
/// `document.title` to the plain string, must not, or readers would see `&lt;` in the tab.
pub fn page_title(text: String) -> String {
    let title = if text.is_empty() { "Quorum".to_string() } else { format!("{text} · Quorum") };
    if cfg!(feature = "ssr") {
        escape_html(&title)
    } else {
        title
    }
}

/// `&`, `<`, `>`, `"` and `'` as character references: text that is safe inside an element or a
/// quoted attribute.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Effects only run in the browser: this marks the document once hydration has taken over, so
    // tests (and curious readers of the DOM) can tell a live page from server HTML.
    Effect::new(|_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });
    view! {
        <Stylesheet id="quorum-css" href="/pkg/quorum.css"/>
        <Link rel="icon" href="/favicon.svg" type_="image/svg+xml"/>
        <Meta name="description" content="Minutes and ballots of the working groups, read from their own posts."/>
        <Title formatter=page_title/>
        <Router>
            <Layout>
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/minutes") view=MinutesListPage ssr=SsrMode::Async/>
                    <Route path=path!("/minutes/new") view=NewMinutesPage ssr=SsrMode::Async/>
                    <Route path=path!("/minutes/:slug") view=MinutesPage ssr=SsrMode::Async/>
                    <Route path=path!("/minutes/:slug/edit") view=EditMinutesPage ssr=SsrMode::Async/>
                    <Route path=path!("/ballots") view=BallotsPage ssr=SsrMode::Async/>
                    <Route path=path!("/ballots/new") view=NewBallotPageView ssr=SsrMode::Async/>
                    <Route path=path!("/ballots/:id") view=BallotPage ssr=SsrMode::Async/>
                    <Route path=path!("/posts/:slug") view=PostPageView ssr=SsrMode::Async/>
                    <Route path=path!("/actions") view=ActionItemsPage ssr=SsrMode::Async/>
                    <Route path=path!("/feeds") view=FeedsPage ssr=SsrMode::Async/>
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/account") view=AccountPageView ssr=SsrMode::Async/>
                </Routes>
            </Layout>
        </Router>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_titles_name_the_site_and_are_escaped_on_the_server() {
        assert_eq!(page_title(String::new()), "Quorum");
        let t = page_title("x </title><script>alert(1)</script> & \"q\" 'a'".into());
        if cfg!(feature = "ssr") {
            assert_eq!(
                t,
                "x &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &#39;a&#39; · Quorum"
            );
        } else {
            assert_eq!(t, "x </title><script>alert(1)</script> & \"q\" 'a' · Quorum");
        }
    }
}
