//! Feed autodiscovery: `<link rel="alternate">` tags in the page head, so feed readers find the
//! feed that matches the page a reader is on.

use crate::domain::WorkingGroup;
use leptos::prelude::*;
use leptos_meta::Link;

/// RSS and Atom links for a feed whose paths are `{base}.xml` and `{base}.atom`.
#[component]
pub fn FeedLinks(title: String, base: String) -> impl IntoView {
    view! {
        <Link rel="alternate" type_="application/rss+xml" title=format!("{title} (RSS)") href=format!("{base}.xml")/>
        <Link rel="alternate" type_="application/atom+xml" title=format!("{title} (Atom)") href=format!("{base}.atom")/>
    }
}

/// Minutes feed of one group or of all.
pub fn minutes_feed_base(wg: Option<&WorkingGroup>) -> (String, String) {
    match wg {
        Some(w) => (format!("{} minutes", w.short()), format!("/feeds/{}/minutes", w.slug())),
        None => ("Minutes".into(), "/feeds/minutes".into()),
    }
}

/// Ballot stage-change feed of one group or of all.
pub fn ballots_feed_base(wg: Option<&WorkingGroup>) -> (String, String) {
    match wg {
        Some(w) => (format!("{} ballots", w.short()), format!("/feeds/{}/ballots", w.slug())),
        None => ("Ballots".into(), "/feeds/ballots".into()),
    }
}
