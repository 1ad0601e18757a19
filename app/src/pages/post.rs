//! One post rendered in full: the sanitised HTML with its metadata.

use crate::api::get_post;
use crate::components::status::loaded;
use crate::model::PostPage;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn PostPageView() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let data = Resource::new(slug, get_post);
    view! {
        {loaded(data, |page| view! { <PostBody page/> })}
    }
}

#[component]
fn PostBody(page: PostPage) -> impl IntoView {
    let s = page.summary.clone();
    view! {
        <Title text=s.title.clone()/>
        <article class="post">
            <header>
                <h1>{s.title.clone()}</h1>
                <p class="meta">
                    <time datetime=s.date.clone()>{s.date.clone()}</time>
                    {page.author.clone().map(|a| view! { " · " {a} })}
                    {s.wg.as_ref().map(|w| view! { " · " <span class="tag">{w.short()}</span> })}
                </p>
            </header>
            {(!page.warnings.is_empty()).then(|| view! {
                <aside class="warnings">
                    <h2>"Import warnings"</h2>
                    <ul>{page.warnings.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view()}</ul>
                </aside>
            })}
            <div class="prose" inner_html=page.html.clone()></div>
            <footer class="source">"Source: "<code>{s.path.clone()}</code></footer>
        </article>
    }
}
