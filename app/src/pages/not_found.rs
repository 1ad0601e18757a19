//! The page for any path Quorum does not know; answers with HTTP 404.

use crate::components::status::set_http_status;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    set_http_status(404);
    view! {
        <Title text="Not found"/>
        <section class="error-panel">
            <h1>"Page not found"</h1>
            <p>"There is no page at this address. It may have moved when its post was re-imported."</p>
            <p>
                <a href="/">"Home"</a> " · " <a href="/minutes">"Minutes"</a> " · "
                <a href="/ballots">"Ballots"</a>
            </p>
        </section>
    }
}
