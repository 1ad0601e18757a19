//! Where subscribers find the feeds and calendars.

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn FeedsPage() -> impl IntoView {
    view! {
        <Title text="Feeds"/>
        <h1>"Feeds"</h1>
        <p>"Machine-readable views of Quorum's records:"</p>
        <ul>
            <li><a href="/healthz">"/healthz"</a>" — service and database status (JSON)"</li>
        </ul>
    }
}
