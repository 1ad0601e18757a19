//! One meeting: the rendered minutes beside a panel of what Quorum read from them.

use crate::api::get_minutes;
use crate::components::feeds::{minutes_feed_base, FeedLinks};
use crate::components::status::loaded;
use crate::components::wg::{BallotLink, Day, WgTag};
use crate::model::{ActionItem, MinutesDetail};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn MinutesPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let data = Resource::new(slug, get_minutes);
    view! {
        {loaded(data, |m| view! { <MinutesBody m/> })}
    }
}

#[component]
fn MinutesBody(m: MinutesDetail) -> impl IntoView {
    let s = m.summary.clone();
    let source_href = format!("/minutes/{}/source", s.slug);
    let ballot_ids = s.ballot_ids.clone();
    let (feed_title, feed_base) = minutes_feed_base(Some(&s.wg));
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
                <section>
                    <h2>{format!("Ballots referenced ({})", ballot_ids.len())}</h2>
                    {if ballot_ids.is_empty() { view! { <p class="empty">"None."</p> }.into_any() } else {
                        view! { <ul class="refs">{m.ballot_refs.iter().map(|r| view! {
                            <li><BallotLink id=r.id.clone()/> <span class="sentence">{r.sentence.clone()}</span></li>
                        }).collect_view()}</ul> }.into_any()
                    }}
                </section>
                <section>
                    <h2>{format!("Action items ({})", m.action_items.len())}</h2>
                    {if m.action_items.is_empty() { view! { <p class="empty">"None recorded."</p> }.into_any() } else {
                        view! { <ul class="actions">{m.action_items.iter().cloned().map(|a| view! { <ActionLine a/> }).collect_view()}</ul> }.into_any()
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
            </aside>
        </div>
    }
}

/// An action item: owner, text, due date, and whether it still needs a chair's confirmation.
#[component]
pub fn ActionLine(a: ActionItem) -> impl IntoView {
    view! {
        <li class="action" data-suggested=a.suggested.to_string()>
            <strong class="owner">{a.owner.clone()}</strong>
            {a.due.map(|d| view! { " · due " <Day date=d/> })}
            {a.suggested.then(|| view! { " " <span class="badge" title="Read from the minutes' prose; a chair has not confirmed it yet">"suggested"</span> })}
            <div class="action-text">{a.text.clone()}</div>
        </li>
    }
}
