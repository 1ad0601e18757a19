//! The list of minutes, newest meeting first.

use crate::api::list_posts;
use crate::components::status::ErrorPanel;
use crate::model::PostKind;
use crate::pages::home::PostRow;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn MinutesListPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| list_posts(Some(PostKind::Minutes)));
    view! {
        <Title text="Minutes"/>
        <h1>"Minutes"</h1>
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(rows) if rows.is_empty() => view! {
                        <p class="empty">"No minutes have been imported yet. Run "<code>"quorum import <DIR>"</code>"."</p>
                    }.into_any(),
                    Ok(rows) => view! {
                        <ul class="post-list">
                            {rows.into_iter().map(|p| view! { <PostRow post=p/> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <ErrorPanel error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
