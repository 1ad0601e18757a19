//! Action items across all minutes.

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ActionItemsPage() -> impl IntoView {
    view! {
        <Title text="Action items"/>
        <h1>"Action items"</h1>
        <p class="empty">"No action items have been extracted from the imported minutes."</p>
    }
}
