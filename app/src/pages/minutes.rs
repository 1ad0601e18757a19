//! The list of minutes, newest meeting first, filtered by working group and year through the query
//! string (so filters are plain links that work without JavaScript).

use crate::api::list_minutes;
use crate::components::feeds::{minutes_feed_base, FeedLinks};
use crate::components::status::loaded;
use crate::components::wg::{BallotLink, Day, WgTag};
use crate::model::{MinutesList, MinutesSummary};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn MinutesListPage() -> impl IntoView {
    let query = use_query_map();
    let params = move || {
        let q = query.read();
        (q.get("wg"), q.get("year"), q.get("page"))
    };
    let data = Resource::new(params, |(wg, year, page)| list_minutes(wg, year, page));
    view! {
        <Title text="Minutes"/>
        <h1>"Minutes"</h1>
        {loaded(data, move |list| {
            let (wg, year, _) = params();
            view! { <MinutesListBody list wg year/> }
        })}
    }
}

fn filter_href(wg: Option<&str>, year: Option<&str>) -> String {
    let mut parts = Vec::new();
    if let Some(w) = wg {
        parts.push(format!("wg={w}"));
    }
    if let Some(y) = year {
        parts.push(format!("year={y}"));
    }
    if parts.is_empty() {
        "/minutes".to_string()
    } else {
        format!("/minutes?{}", parts.join("&"))
    }
}

#[component]
fn MinutesListBody(list: MinutesList, wg: Option<String>, year: Option<String>) -> impl IntoView {
    let (feed_title, feed_base) = minutes_feed_base(wg.as_deref().and_then(|w| w.parse().ok()).as_ref());
    let wg_chips = {
        let mut chips = vec![("All".to_string(), None::<String>)];
        chips.extend(list.groups.iter().map(|g| (g.short(), Some(g.slug().to_string()))));
        chips
            .into_iter()
            .map(|(label, value)| {
                let active = value == wg;
                let href = filter_href(value.as_deref(), year.as_deref());
                view! { <a href=href class=if active { "chip active" } else { "chip" } aria-current=active.then_some("true")>{label}</a> }
            })
            .collect_view()
    };
    let year_chips = {
        let mut chips = vec![("All years".to_string(), None::<String>)];
        chips.extend(list.years.iter().map(|y| (y.to_string(), Some(y.to_string()))));
        chips
            .into_iter()
            .map(|(label, value)| {
                let active = value == year;
                let href = filter_href(wg.as_deref(), value.as_deref());
                view! { <a href=href class=if active { "chip active" } else { "chip" } aria-current=active.then_some("true")>{label}</a> }
            })
            .collect_view()
    };
    let count = list.total.max(list.rows.len());
    let pager = (list.pages > 1).then(|| {
        let href = |page: usize| {
            let base = filter_href(wg.as_deref(), year.as_deref());
            if page == 1 {
                base
            } else if base.contains('?') {
                format!("{base}&page={page}")
            } else {
                format!("{base}?page={page}")
            }
        };
        view! {
            <nav class="pager" aria-label="Pages of minutes">
                {(list.page > 1).then(|| view! { <a href=href(list.page - 1) rel="prev">"Newer"</a> })}
                " " <span>{format!("Page {} of {}", list.page, list.pages)}</span> " "
                {(list.page < list.pages).then(|| view! { <a href=href(list.page + 1) rel="next">"Older"</a> })}
            </nav>
        }
    });
    view! {
        <FeedLinks title=feed_title base=feed_base/>
        <nav class="filters" aria-label="Filter minutes">
            <div class="chips" role="group" aria-label="Working group">{wg_chips}</div>
            <div class="chips" role="group" aria-label="Year">{year_chips}</div>
        </nav>
        <p class="count">{format!("{count} meeting{}", if count == 1 { "" } else { "s" })}</p>
        {if list.rows.is_empty() {
            view! { <p class="empty">"No minutes match these filters."</p> }.into_any()
        } else {
            view! {
                <table class="list minutes-list">
                    <thead><tr><th scope="col">"Meeting"</th><th scope="col">"Group"</th><th scope="col">"Minutes"</th><th scope="col">"Attendees"</th><th scope="col">"Ballots"</th></tr></thead>
                    <tbody>{list.rows.into_iter().map(|m| view! { <MinutesRow m/> }).collect_view()}</tbody>
                </table>
                {pager}
            }.into_any()
        }}
    }
}

#[component]
fn MinutesRow(m: MinutesSummary) -> impl IntoView {
    let href = format!("/minutes/{}", m.slug);
    view! {
        <tr data-wg=m.wg.slug().to_string()>
            <td><Day date=m.meeting_date/></td>
            <td><WgTag wg=m.wg.clone()/></td>
            <td><A href=href>{m.title.clone()}</A></td>
            <td class="num">{m.attendee_count}</td>
            <td class="ids">{m.ballot_ids.into_iter().map(|id| view! { <BallotLink id/> " " }).collect_view()}</td>
        </tr>
    }
}
