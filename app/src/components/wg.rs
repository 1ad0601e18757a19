//! Small shared pieces: working-group tags, ballot id links, dates.

use crate::domain::{BallotId, WorkingGroup};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn WgTag(wg: WorkingGroup) -> impl IntoView {
    view! { <span class="tag" title=wg.name() data-wg=wg.slug().to_string()>{wg.short()}</span> }
}

#[component]
pub fn BallotLink(id: BallotId) -> impl IntoView {
    let href = format!("/ballots/{id}");
    view! { <A href=href attr:class="ballot-id">{id.to_string()}</A> }
}

/// A `<time>` element for a date.
#[component]
pub fn Day(date: chrono::NaiveDate) -> impl IntoView {
    let text = date.to_string();
    let attr = text.clone();
    view! { <time datetime=attr>{text}</time> }
}
