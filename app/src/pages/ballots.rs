//! The ballots page: grouped as the Forum's own site groups them (voting, IPR review, discussion,
//! draft, passed, failed/withdrawn/cancelled), filtered by working group through the query string.

use crate::api::list_ballots;
use crate::components::ballot::{DeadlineLine, StageBadge};
use crate::components::feeds::{ballots_feed_base, FeedLinks};
use crate::components::status::loaded;
use crate::components::wg::{BallotLink, WgTag};
use crate::model::{BallotBoard, BallotSummary};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn BallotsPage() -> impl IntoView {
    let query = use_query_map();
    let wg = move || query.read().get("wg");
    let data = Resource::new(wg, list_ballots);
    view! {
        <Title text="Ballots"/>
        <h1>"Ballots"</h1>
        {loaded(data, move |board| view! { <Board board selected=wg()/> })}
    }
}

#[component]
fn Board(board: BallotBoard, selected: Option<String>) -> impl IntoView {
    let chips = {
        let mut chips = vec![("All".to_string(), None::<String>)];
        chips.extend(board.wgs.iter().map(|g| (g.short(), Some(g.slug().to_string()))));
        chips
            .into_iter()
            .map(|(label, value)| {
                let active = value == selected;
                let href = value.as_ref().map(|v| format!("/ballots?wg={v}")).unwrap_or_else(|| "/ballots".into());
                view! { <a href=href class=if active { "chip active" } else { "chip" } aria-current=active.then_some("true")>{label}</a> }
            })
            .collect_view()
    };
    let empty = board.groups.is_empty();
    let (feed_title, feed_base) = ballots_feed_base(selected.as_deref().and_then(|w| w.parse().ok()).as_ref());
    view! {
        <FeedLinks title=feed_title base=feed_base/>
        <nav class="filters" aria-label="Filter ballots"><div class="chips" role="group" aria-label="Working group">{chips}</div></nav>
        {empty.then(|| view! { <p class="empty">"No ballots match this filter."</p> })}
        {board.groups.into_iter().map(|(label, rows)| view! {
            <section class="ballot-group">
                <h2>{format!("{label} ({})", rows.len())}</h2>
                <table class="list ballots-list">
                    <thead><tr><th scope="col">"Ballot"</th><th scope="col">"Group"</th><th scope="col">"Title"</th><th scope="col">"Stage"</th><th scope="col">"Next deadline"</th></tr></thead>
                    <tbody>{rows.into_iter().map(|b| view! { <BallotRow b/> }).collect_view()}</tbody>
                </table>
            </section>
        }).collect_view()}
        {(!board.mentioned_only.is_empty()).then(|| view! {
            <section class="ballot-group">
                <h2>"Mentioned in minutes only"</h2>
                <p class="muted">"No imported post describes these ballots; their pages list the minutes that mention them."</p>
                <p class="ids">{board.mentioned_only.into_iter().map(|id| view! { <BallotLink id/> " " }).collect_view()}</p>
            </section>
        })}
    }
}

#[component]
fn BallotRow(b: BallotSummary) -> impl IntoView {
    let href = format!("/ballots/{}", b.id);
    view! {
        <tr data-stage=b.stage.as_str() data-wg=b.wg.slug().to_string()>
            <td><BallotLink id=b.id.clone()/>{b.flagged.then(|| view! { " " <span class="flag" title="The records disagree with the stated result or break a bylaw rule; see the ballot's page">"⚑"</span> })}</td>
            <td><WgTag wg=b.wg.clone()/></td>
            <td><A href=href>{b.title.clone()}</A></td>
            <td><StageBadge stage=b.stage/></td>
            <td>
                {if b.stage.is_final() {
                    b.effective.map(|e| view! { <span class="muted">{format!("effective {e}")}</span> }.into_any()).unwrap_or_else(|| view! { <span class="muted">"—"</span> }.into_any())
                } else {
                    view! { <DeadlineLine deadline=b.next_deadline.clone() countdown=b.countdown.clone()/> }.into_any()
                }}
            </td>
        </tr>
    }
}
