//! The home page: what is in Quorum and what happened lately, with a working-group filter that
//! works in the browser without a page load.

use crate::api::get_home;
use crate::components::ballot::{DeadlineLine, StageBadge};
use crate::components::feeds::FeedLinks;
use crate::components::status::loaded;
use crate::components::wg::{BallotLink, WgTag};
use crate::domain::WorkingGroup;
use crate::model::{HomeData, PostSummary};
use crate::pages::account::MyItems;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn HomePage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_home());
    view! {
        <Title text=""/>
        <FeedLinks title="Minutes".to_string() base="/feeds/minutes".to_string()/>
        <FeedLinks title="Ballots".to_string() base="/feeds/ballots".to_string()/>
        {loaded(data, |home| view! { <HomeBody home/> })}
    }
}

#[component]
fn HomeBody(home: HomeData) -> impl IntoView {
    let counts = home.counts.clone();
    view! {
        <section class="hero">
            <h1>"Working group minutes and ballots"</h1>
            <p class="lede">
                "Quorum reads the groups' own Hugo posts and turns them into linked records: "
                "who attended, which ballots were discussed, what was decided and what is due."
            </p>
            <dl class="stats">
                <div><dt>"Minutes"</dt><dd>{counts.minutes}</dd></div>
                <div><dt>"Ballot posts"</dt><dd>{counts.ballots}</dd></div>
                <div><dt>"Other pages"</dt><dd>{counts.pages}</dd></div>
                {(counts.failed_files > 0).then(|| view! {
                    <div class="warn"><dt>"Files with errors"</dt><dd>{counts.failed_files}</dd></div>
                })}
            </dl>
        </section>
        <section class="live" aria-labelledby="live-h">
            <h2 id="live-h">"Ballots in discussion, voting or review"</h2>
            {if home.live_ballots.is_empty() {
                view! { <p class="empty">"No ballot is in discussion, voting or review right now."</p> }.into_any()
            } else {
                view! {
                    <table class="list live-ballots">
                        <tbody>{home.live_ballots.into_iter().map(|b| {
                            let href = format!("/ballots/{}", b.id);
                            view! {
                                <tr data-stage=b.stage.as_str()>
                                    <td><BallotLink id=b.id.clone()/></td>
                                    <td><WgTag wg=b.wg.clone()/></td>
                                    <td><A href=href>{b.title.clone()}</A></td>
                                    <td><StageBadge stage=b.stage/></td>
                                    <td><DeadlineLine deadline=b.next_deadline.clone() countdown=b.countdown.clone()/></td>
                                </tr>
                            }
                        }).collect_view()}</tbody>
                    </table>
                }.into_any()
            }}
        </section>
        {home.my_items.map(|rows| view! {
            <section class="mine" aria-labelledby="mine-h">
                <h2 id="mine-h">"My action items"</h2>
                {if rows.is_empty() {
                    view! { <p class="empty">"Nothing is waiting for you."</p> }.into_any()
                } else {
                    view! { <MyItems rows/> }.into_any()
                }}
            </section>
        })}
        <RecentActivity posts=home.recent/>
    }
}

/// Recent posts with filter buttons per working group. The filter is a client-side signal, so it
/// reacts instantly once the page has hydrated; without JavaScript the full list is shown.
#[component]
fn RecentActivity(posts: Vec<PostSummary>) -> impl IntoView {
    let selected = RwSignal::new(None::<WorkingGroup>);
    let mut groups: Vec<WorkingGroup> = posts.iter().filter_map(|p| p.wg.clone()).collect();
    groups.sort();
    groups.dedup();
    let posts = StoredValue::new(posts);
    let visible = move || {
        let wg = selected.get();
        posts.with_value(|all| all.iter().filter(|p| wg.is_none() || p.wg == wg).cloned().collect::<Vec<_>>())
    };
    let button = move |wg: Option<WorkingGroup>| {
        let label = wg.as_ref().map(|w| w.short()).unwrap_or_else(|| "All".to_string());
        let slug = wg.as_ref().map(|w| w.slug().to_string()).unwrap_or_else(|| "all".to_string());
        let wg_for_click = wg.clone();
        let pressed = move || (selected.get() == wg).to_string();
        view! {
            <button
                type="button"
                class="chip"
                data-wg=slug
                aria-pressed=pressed
                on:click=move |_| selected.set(wg_for_click.clone())
            >
                {label}
            </button>
        }
    };
    view! {
        <section class="recent" aria-labelledby="recent-h">
            <div class="section-head">
                <h2 id="recent-h">"Recent posts"</h2>
                <div class="chips" role="group" aria-label="Filter by working group">
                    {button(None)}
                    {groups.into_iter().map(|wg| button(Some(wg))).collect_view()}
                </div>
            </div>
            <ul class="post-list" id="recent-list">
                {move || {
                    let rows = visible();
                    if rows.is_empty() {
                        view! { <li class="empty">"Nothing here yet."</li> }.into_any()
                    } else {
                        rows.into_iter().map(|p| view! { <PostRow post=p/> }).collect_view().into_any()
                    }
                }}
            </ul>
        </section>
    }
}

#[component]
pub fn PostRow(post: PostSummary) -> impl IntoView {
    let href = post.href();
    let wg = post.wg.as_ref().map(|w| w.short());
    view! {
        <li class="post-row" data-wg=post.wg.as_ref().map(|w| w.slug().to_string())>
            <time datetime=post.date.clone()>{post.date.clone()}</time>
            {wg.map(|w| view! { <span class="tag">{w}</span> })}
            <span class=format!("kind kind-{}", post.kind.as_str())>{post.kind.as_str()}</span>
            <A href=href>{post.title}</A>
        </li>
    }
}
