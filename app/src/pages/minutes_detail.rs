//! One meeting: the rendered minutes beside a panel of what Quorum read from them.

use crate::api::{get_minutes, get_people, get_session, AddActionItem, ItemAction};
use crate::components::feeds::{minutes_feed_base, FeedLinks};
use crate::components::items::{AddItemForm, ChangeError, HistoryList, ItemCard};
use crate::components::status::loaded;
use crate::components::wg::{BallotLink, Day, WgTag};
use crate::domain::access::{authorize, ItemChange};
use crate::error::AppError;
use crate::model::{MinutesDetail, SessionInfo};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// The minutes, who is looking, and (for those who may assign items) the users' names.
type PageData = (MinutesDetail, SessionInfo, Vec<String>);

async fn page_data(slug: String) -> Result<PageData, AppError> {
    let m = get_minutes(slug).await?;
    let session = get_session(None).await?;
    let may_curate = authorize(session.account.as_ref(), ItemChange::Curate, &m.summary.wg, ("", None)).is_ok();
    let people = if may_curate { get_people().await? } else { Vec::new() };
    Ok((m, session, people))
}

#[component]
pub fn MinutesPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let change = ServerAction::<ItemAction>::new();
    let add = ServerAction::<AddActionItem>::new();
    // Reloads after every change made in the page (JavaScript on); without JavaScript the form
    // post comes back to a freshly rendered page.
    let data = Resource::new(move || (slug(), change.version().get(), add.version().get()), |(s, _, _)| page_data(s));
    view! {
        {loaded(data, move |(m, session, people)| view! { <MinutesBody m session people change add/> })}
    }
}

#[component]
fn MinutesBody(
    m: MinutesDetail,
    session: SessionInfo,
    people: Vec<String>,
    change: ServerAction<ItemAction>,
    add: ServerAction<AddActionItem>,
) -> impl IntoView {
    let s = m.summary.clone();
    let source_href = format!("/minutes/{}/source", s.slug);
    let ballot_ids = s.ballot_ids.clone();
    let (feed_title, feed_base) = minutes_feed_base(Some(&s.wg));
    let may_add = authorize(session.account.as_ref(), ItemChange::Add, &s.wg, ("", None)).is_ok();
    // Owners on offer: users, then attendees without an account.
    let mut owner_names: Vec<String> = people.clone();
    for a in &m.attendees {
        if !owner_names.iter().any(|n| n.eq_ignore_ascii_case(&a.name)) {
            owner_names.push(a.name.clone());
        }
    }
    if !may_add {
        owner_names.clear();
    }
    view! {
        <Title text=s.title.clone()/>
        <FeedLinks title=feed_title base=feed_base/>
        <div class="with-panel">
            <article class="post minutes">
                <header>
                    <p class="crumbs"><a href="/minutes">"Minutes"</a></p>
                    <h1>{s.title.clone()}</h1>
                    <p class="meta">
                        <WgTag wg=s.wg.clone()/> " " <Day date=s.meeting_date/>
                        {m.author.clone().map(|a| view! { " · posted by " {a} })}
                    </p>
                </header>
                {m.removed.then(|| view! { <p class="notice">"This file is no longer in the imported directory; this is the last version Quorum read."</p> })}
                {(!m.warnings.is_empty()).then(|| view! {
                    <aside class="warnings">
                        <h2>"Import notes"</h2>
                        <ul>{m.warnings.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view()}</ul>
                    </aside>
                })}
                <div class="prose" inner_html=m.html.clone()></div>
            </article>
            <aside class="panel" aria-label="What these minutes record">
                <dl class="facts">
                    <dt>"Meeting"</dt><dd><Day date=s.meeting_date/></dd>
                    <dt>"Group"</dt><dd>{s.wg.name()}</dd>
                    <dt>"Minute-taker"</dt><dd>{m.minute_taker.clone().unwrap_or_else(|| "not recorded".into())}</dd>
                    <dt>"Next meeting"</dt><dd>{match m.next_meeting { Some(d) => view! { <Day date=d/> }.into_any(), None => view! { "not stated" }.into_any() }}</dd>
                </dl>
                <section class="items" aria-labelledby="items-h">
                    <h2 id="items-h">{format!("Action items ({})", m.action_items.len())}</h2>
                    {move || change.value().get().and_then(|r| r.err()).map(|e| view! { <ChangeError error=Some(e)/> })}
                    {move || add.value().get().and_then(|r| r.err()).map(|e| view! { <ChangeError error=Some(e)/> })}
                    {if m.action_items.is_empty() { view! { <p class="empty">"None recorded."</p> }.into_any() } else {
                        let wg = s.wg.clone();
                        let viewer = session.account.clone();
                        let csrf = session.csrf.clone();
                        view! { <ul class="actions">{m.action_items.iter().cloned().map(|item| {
                            let history: Vec<_> = m.history.iter().filter(|e| e.record_id == item.id).cloned().collect();
                            view! {
                                <ItemCard item wg=wg.clone() viewer=viewer.clone() csrf=csrf.clone() action=change owners_list="owners".to_string() history/>
                            }
                        }).collect_view()}</ul> }.into_any()
                    }}
                    {may_add.then(|| view! {
                        <AddItemForm slug=s.slug.clone() csrf=session.csrf.clone() action=add owners_list="owners".to_string()/>
                    })}
                    {(may_add || !owner_names.is_empty()).then(|| view! {
                        <datalist id="owners">{owner_names.iter().map(|n| view! { <option value=n.clone()></option> }).collect_view()}</datalist>
                    })}
                    {session.account.is_none().then(|| view! {
                        <p class="hint"><a href=format!("/login?next=/minutes/{}", s.slug)>"Log in"</a>" to confirm, assign or close items."</p>
                    })}
                </section>
                <section>
                    <h2>{format!("Ballots referenced ({})", ballot_ids.len())}</h2>
                    {if ballot_ids.is_empty() { view! { <p class="empty">"None."</p> }.into_any() } else {
                        view! { <ul class="refs">{m.ballot_refs.iter().map(|r| view! {
                            <li><BallotLink id=r.id.clone()/> <span class="sentence">{r.sentence.clone()}</span></li>
                        }).collect_view()}</ul> }.into_any()
                    }}
                </section>
                <section>
                    <h2>{format!("Decisions ({})", m.decisions.len())}</h2>
                    {if m.decisions.is_empty() { view! { <p class="empty">"None recorded."</p> }.into_any() } else {
                        view! { <ul class="decisions">{m.decisions.iter().map(|d| view! { <li>{d.clone()}</li> }).collect_view()}</ul> }.into_any()
                    }}
                </section>
                <section>
                    <h2>{format!("Attendees ({})", m.attendees.len())}</h2>
                    <ul class="attendees">{m.attendees.iter().map(|a| view! {
                        <li>{a.name.clone()}{a.org.clone().map(|o| view! { " " <span class="org">{o}</span> })}</li>
                    }).collect_view()}</ul>
                </section>
                <p class="source">"Source: "<a href=source_href rel="external alternate" type="text/markdown"><code>{s.path.clone()}</code></a></p>
                <HistoryList entries=m.history.clone() label="History of this record and its items".to_string()/>
            </aside>
        </div>
    }
}
