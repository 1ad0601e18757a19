//! One ballot: where it was discussed.

use crate::api::get_ballot_mentions;
use crate::components::status::ErrorPanel;
use crate::components::wg::{Day, WgTag};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn BallotPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let data = Resource::new(id, get_ballot_mentions);
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((id, mentions)) => view! {
                        <Title text=id.to_string()/>
                        <p class="crumbs"><a href="/ballots">"Ballots"</a></p>
                        <h1>{format!("Ballot {id}")}</h1>
                        <section>
                            <h2>"Discussed at"</h2>
                            {if mentions.is_empty() {
                                view! { <p class="empty">"No imported minutes mention this ballot."</p> }.into_any()
                            } else {
                                view! { <ul class="mentions">{mentions.into_iter().map(|m| {
                                    let href = format!("/minutes/{}", m.minutes.slug);
                                    view! {
                                        <li>
                                            <Day date=m.minutes.meeting_date/> " " <WgTag wg=m.minutes.wg.clone()/> " "
                                            <A href=href>{m.minutes.title.clone()}</A>
                                            <ul class="sentences">{m.sentences.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul>
                                        </li>
                                    }
                                }).collect_view()}</ul> }.into_any()
                            }}
                        </section>
                    }.into_any(),
                    Err(error) => view! { <ErrorPanel error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
