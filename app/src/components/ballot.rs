//! Pieces for showing ballots: stage badges, deadlines with countdowns, people.

use crate::domain::ballot::Deadline;
use crate::domain::deadline::format_instant;
use crate::domain::{Instant, Member, Stage};
use leptos::prelude::*;

#[component]
pub fn StageBadge(stage: Stage) -> impl IntoView {
    view! { <span class=format!("stage stage-{}", stage.as_str())>{stage.label()}</span> }
}

/// An instant as written in ballots ("2021-10-14 08:00 UTC"), machine-readable too.
#[component]
pub fn When(at: Instant) -> impl IntoView {
    let iso = at.to_rfc3339();
    view! { <time datetime=iso>{format_instant(at)}</time> }
}

#[component]
pub fn DeadlineLine(deadline: Option<Deadline>, countdown: Option<String>) -> impl IntoView {
    match deadline {
        None => view! { <span class="muted">"—"</span> }.into_any(),
        Some(d) => view! {
            <span class="deadline">
                {d.what.clone()} " " <When at=d.at/>
                {countdown.map(|c| view! { " " <span class="countdown">{format!("({c} left)")}</span> })}
            </span>
        }
        .into_any(),
    }
}

#[component]
pub fn Person(member: Member) -> impl IntoView {
    view! {
        <span class="person">{member.name.clone()}{member.org.clone().map(|o| view! { " " <span class="org">{format!("({o})")}</span> })}</span>
    }
}
