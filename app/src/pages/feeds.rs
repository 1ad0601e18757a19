//! Where subscribers find the feeds and calendars. The paths are stable: readers bookmark them.

use crate::components::feeds::{ballots_feed_base, minutes_feed_base};
use crate::domain::WorkingGroup;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn FeedsPage() -> impl IntoView {
    let mut groups: Vec<Option<WorkingGroup>> = vec![None];
    groups.extend(WorkingGroup::KNOWN.iter().cloned().map(Some));
    view! {
        <Title text="Feeds"/>
        <h1>"Feeds and calendars"</h1>
        <p class="lede">"Follow the working groups in a feed reader or a calendar. Entries are never duplicated when posts are re-imported; readers that send conditional requests are answered with 304 when nothing changed."</p>
        <table class="list feeds-table">
            <thead><tr><th scope="col">"Group"</th><th scope="col">"Minutes"</th><th scope="col">"Ballot stage changes"</th><th scope="col">"Calendar"</th></tr></thead>
            <tbody>
                {groups.into_iter().map(|wg| {
                    let (_, minutes) = minutes_feed_base(wg.as_ref());
                    let (_, ballots) = ballots_feed_base(wg.as_ref());
                    let calendar = match &wg { Some(w) => format!("/feeds/{}/calendar.ics", w.slug()), None => "/calendar.ics".to_string() };
                    let name = wg.as_ref().map(|w| w.name()).unwrap_or_else(|| "All groups".to_string());
                    view! {
                        <tr>
                            <th scope="row">{name}</th>
                            <td><a href=format!("{minutes}.xml") rel="external">"RSS"</a>" · "<a href=format!("{minutes}.atom") rel="external">"Atom"</a></td>
                            <td><a href=format!("{ballots}.xml") rel="external">"RSS"</a>" · "<a href=format!("{ballots}.atom") rel="external">"Atom"</a></td>
                            <td><a href=calendar rel="external">"iCalendar"</a></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        <p>"Each ballot also has its own history feed at "<code>"/ballots/{id}/feed.xml"</code>" (linked from its page). Calendars hold meetings (held and announced), ballot discussion, voting and review windows, result due dates and action item due dates."</p>
        <h2>"For programs"</h2>
        <ul>
            <li><a href="/api/v1/openapi.json" rel="external"><code>"/api/v1/openapi.json"</code></a>" — the read API (ballots, minutes, action items) in the shapes of "<code>"quorum export --json"</code></li>
            <li><code>"/api/getBallots"</code>" — the ballot list for the Forum's Hugo site"</li>
            <li><a href="/healthz" rel="external"><code>"/healthz"</code></a>" — service and database status"</li>
        </ul>
    }
}
