//! One ballot: its timeline, people, periods, votes by category, the tally with each bylaw
//! requirement and the quorum, the IPR review, what Quorum found in the records, the minutes that
//! discussed it, and the posts it was read from.

use crate::api::{get_ballot, BallotStep};
use crate::components::ballot::{DeadlineLine, Person, StageBadge, When};
use crate::components::feeds::FeedLinks;
use crate::components::items::HistoryList;
use crate::components::run::{Announcements, OwnVoteForm, RunPanel};
use crate::components::status::loaded;
use crate::components::wg::{Day, WgTag};
use crate::domain::{Category, Choice, Instant, StatedResult, Vote};
use crate::model::{BallotDetail, BallotPage as PageData, Mention};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn BallotPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let step = ServerAction::<BallotStep>::new();
    // Reloads after every step recorded in the page (JavaScript on); without JavaScript the form
    // post comes back to a freshly rendered page.
    let data = Resource::new(move || (id(), step.version().get()), |(id, _)| get_ballot(id));
    view! {
        {loaded(data, move |page| view! { <BallotBody page step/> })}
    }
}

#[component]
fn BallotBody(page: PageData, step: ServerAction<BallotStep>) -> impl IntoView {
    let id = page.id.clone();
    let run = page.run.clone().map(|run| view! { <RunPanel id=id.to_string() run action=step/> });
    let own_vote = page.own_vote.clone().map(|own| view! { <OwnVoteForm id=id.to_string() own action=step/> });
    let announcements =
        (!page.announcements.is_empty()).then(|| view! { <Announcements announcements=page.announcements.clone()/> });
    match page.detail {
        None if page.run.is_some() => {
            let r = page.run.clone().expect("checked");
            view! {
                <Title text=format!("{id} — {}", r.title)/>
                <p class="crumbs"><a href="/ballots">"Ballots"</a></p>
                <header class="ballot-head">
                    <h1><span class="ballot-id-big">{id.to_string()}</span> " " {r.title.clone()}</h1>
                    <p class="meta"><WgTag wg=r.wg.clone()/> " " <StageBadge stage=r.stage/>
                        " " <span class="status-source">"(run in Quorum; readers see it once discussion starts)"</span></p>
                </header>
                <dl class="facts">
                    <dt>"Proposer"</dt>
                    <dd>{r.proposer.clone().map(|p| view! { <Person member=p/> }.into_any()).unwrap_or_else(|| view! { <span class="muted">"not stated"</span> }.into_any())}</dd>
                    <dt>"Endorsers"</dt>
                    <dd>{if r.endorsers.is_empty() { view! { <span class="muted">"none yet"</span> }.into_any() } else {
                        view! { <ul class="plain">{r.endorsers.iter().cloned().map(|e| view! { <li><Person member=e/></li> }).collect_view()}</ul> }.into_any()
                    }}</dd>
                </dl>
                {run}
                {announcements}
            }
            .into_any()
        }
        None => view! {
            <Title text=id.to_string()/>
            <p class="crumbs"><a href="/ballots">"Ballots"</a></p>
            <h1>{format!("Ballot {id}")}</h1>
            <p class="notice">"No imported post describes this ballot yet; these minutes mention it."</p>
            <Mentions mentions=page.mentions/>
        }
        .into_any(),
        Some(d) => view! {
            <Detail d/>
            {own_vote}
            {run}
            {announcements}
            <HistoryList entries=page.history label="History of this ballot's records".to_string()/>
        }
        .into_any(),
    }
}

#[component]
fn Detail(d: BallotDetail) -> impl IntoView {
    let s = d.summary.clone();
    let title = format!("{} — {}", s.id, s.title);
    let live = !s.stage.is_final();
    let stated = d.stated_result.map(|r| match r {
        StatedResult::Passed => "passed",
        StatedResult::Failed => "failed",
        StatedResult::Withdrawn => "was withdrawn",
        StatedResult::Cancelled => "was cancelled",
    });
    let feed = format!("/ballots/{}/feed", s.id);
    let source = match d.status_source {
        crate::domain::StatusSource::Stated => "(as the posts state it)",
        crate::domain::StatusSource::Computed => "(counted from the recorded votes)",
        crate::domain::StatusSource::Inferred => "(inferred from the dates)",
    };
    view! {
        <Title text=title.clone()/>
        <FeedLinks title=format!("Ballot {}", s.id) base=feed.clone()/>
        <p class="crumbs"><a href="/ballots">"Ballots"</a></p>
        <header class="ballot-head">
            <h1><span class="ballot-id-big">{s.id.to_string()}</span> " " {s.title.clone()}</h1>
            <p class="meta"><WgTag wg=s.wg.clone()/> " " <StageBadge stage=s.stage/>
                " " <span class="status-source" title="Where this status comes from">{source}</span>
                {s.effective.or(d.adopted).map(|e| view! { " · effective " <Day date=e/> })}
                {d.adopted.filter(|a| s.effective.is_some_and(|e| e != *a)).map(|a| view! { " · adopted " <Day date=a/> })}
                {(d.effective_dates.len() > 1).then(|| view! {
                    " · takes effect in stages: "
                    {d.effective_dates.iter().map(|e| view! { <Day date=*e/> " " }).collect_view()}
                })}
            </p>
            {live.then(|| view! { <p class="next"><DeadlineLine deadline=s.next_deadline.clone() countdown=s.countdown.clone()/></p> })}
            <p class="subscribe"><a href=format!("{feed}.xml") rel="external">"Follow this ballot (RSS)"</a></p>
        </header>

        {d.disagreement.clone().map(|why| view! {
            <aside class="flag-box" role="note"><h2>"Stated result and tally disagree"</h2><p>{why}</p></aside>
        })}
        {(!d.findings.is_empty()).then(|| view! {
            <aside class="flag-box" role="note">
                <h2>"Bylaw rules the records break"</h2>
                <ul>{d.findings.iter().map(|f| view! { <li>{f.clone()}</li> }).collect_view()}</ul>
            </aside>
        })}

        <div class="ballot-grid">
            <section>
                <h2>"Timeline"</h2>
                <ol class="timeline">
                    {d.timeline.iter().filter(|st| st.stage != crate::domain::Stage::Draft || st.at.is_some()).map(|st| view! {
                        <li><StageBadge stage=st.stage/> " " {st.at.map(|t| view! { <When at=t/> })}</li>
                    }).collect_view()}
                </ol>
                <h2>"People"</h2>
                <dl class="facts">
                    <dt>"Proposer"</dt>
                    <dd>{d.proposer.clone().map(|p| view! { <Person member=p/> }.into_any()).unwrap_or_else(|| view! { <span class="muted">"not stated"</span> }.into_any())}</dd>
                    <dt>"Endorsers"</dt>
                    <dd>{if d.endorsers.is_empty() { view! { <span class="muted">"not stated"</span> }.into_any() } else {
                        view! { <ul class="plain">{d.endorsers.iter().cloned().map(|e| view! { <li><Person member=e/></li> }).collect_view()}</ul> }.into_any()
                    }}</dd>
                    <dt>"Versions"</dt>
                    <dd>{d.versions.iter().map(|v| view! {
                        <span class="version">{format!("v{}", v.number)}{v.posted.map(|p| view! { " posted " <When at=p/> })}</span> " "
                    }).collect_view()}</dd>
                </dl>
            </section>
            <section>
                <h2>"Periods"</h2>
                <table class="periods">
                    <tbody>
                        <Period label="Discussion started" at=d.discussion_start/>
                        <Period label="Discussion may end (7 days after the last version)" at=d.discussion_min_end/>
                        <Period label="Discussion end as stated" at=d.discussion_end/>
                        <Period label="Voting started" at=d.voting_start/>
                        <Period label="Voting ended" at=d.voting_end/>
                        <Period label="Results due (3 business days)" at=d.results_due/>
                        <Period label="IPR review started" at=d.review.as_ref().map(|r| r.start)/>
                        <Period label="IPR review ends" at=d.review.as_ref().map(|r| r.end)/>
                    </tbody>
                </table>
                {d.review_result.map(|r| view! {
                    <p class="review-result">{match r {
                        crate::domain::ReviewResult::NoExclusions => "The IPR review ended with no exclusion notices.",
                        crate::domain::ReviewResult::ExclusionFiled => "An exclusion notice was filed during the IPR review; the ballot is rescinded.",
                    }}</p>
                })}
            </section>
        </div>

        <section class="votes">
            <h2>"Votes"</h2>
            {if d.votes.is_empty() {
                view! { <p class="empty">"No votes are recorded."</p> }.into_any()
            } else {
                view! { <VotesTable votes=d.votes.clone()/> }.into_any()
            }}
        </section>

        <section class="tally">
            <h2>"Tally"</h2>
            <p class=format!("outcome outcome-{}", d.tally.outcome.as_str())>
                "Computed: " <strong>{d.tally.outcome.to_string()}</strong>
                {stated.map(|w| view! { " · the post says the ballot " <strong>{w}</strong> })}
            </p>
            <ul class="requirements">
                {d.tally.requirements.iter().map(|r| {
                    let (class, mark) = match r.met { Some(true) => ("met", "✔"), Some(false) => ("not-met", "✘"), None => ("unknown", "?") };
                    view! { <li class=class><span class="mark" aria-hidden="true">{mark}</span> <strong>{r.rule.clone()}</strong><br/><span class="detail">{r.detail.clone()}</span></li> }
                }).collect_view()}
            </ul>
            <p class="muted">{d.quorum_note.clone()}</p>
        </section>

        {(!d.warnings.is_empty()).then(|| view! {
            <aside class="warnings">
                <h2>"Reading notes"</h2>
                <ul>{d.warnings.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view()}</ul>
            </aside>
        })}

        <Mentions mentions=d.mentions.clone()/>

        <section class="sources">
            <h2>{format!("Read from {} post{}", d.sources.len(), if d.sources.len() == 1 { "" } else { "s" })}</h2>
            {d.sources.into_iter().map(|p| {
                let source = format!("/posts/{}/source", p.slug);
                view! {
                    <details class="source-post">
                        <summary>{p.title.clone()} " · " <span class="muted">{p.published.get(..10).unwrap_or("").to_string()}</span></summary>
                        <div class="prose" inner_html=p.html.clone()></div>
                        <p class="source">"Source: "<a href=source rel="external"><code>{p.path.clone()}</code></a></p>
                    </details>
                }
            }).collect_view()}
        </section>
    }
}

#[component]
fn Period(label: &'static str, at: Option<Instant>) -> impl IntoView {
    at.map(|t| view! { <tr><th scope="row">{label}</th><td><When at=t/></td></tr> })
}

/// Votes by category (rows) and choice (columns), as the result posts lay them out.
#[component]
fn VotesTable(votes: Vec<Vote>) -> impl IntoView {
    let cell = move |cat: Category, choice: Choice| {
        let orgs: Vec<String> =
            votes.iter().filter(|v| v.category == cat && v.choice == choice).map(|v| v.org.clone()).collect();
        let n = orgs.len();
        view! { <td data-count=n><span class="n">{n}</span> {(!orgs.is_empty()).then(|| view! { <ul class="orgs">{orgs.into_iter().map(|o| view! { <li>{o}</li> }).collect_view()}</ul> })}</td> }
    };
    let row = move |cat: Category| {
        let key = match cat {
            Category::Issuer => "issuer",
            Category::Consumer => "consumer",
        };
        view! { <tr data-category=key><th scope="row">{cat.label()}</th>{cell(cat, Choice::Yes)}{cell(cat, Choice::No)}{cell(cat, Choice::Abstain)}</tr> }
    };
    view! {
        <table class="votes-table">
            <thead><tr><th></th><th scope="col">"Yes"</th><th scope="col">"No"</th><th scope="col">"Abstain"</th></tr></thead>
            <tbody>{row(Category::Issuer)}{row(Category::Consumer)}</tbody>
        </table>
    }
}

#[component]
fn Mentions(mentions: Vec<Mention>) -> impl IntoView {
    view! {
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
    }
}
