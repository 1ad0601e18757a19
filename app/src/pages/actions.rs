//! Action items across all minutes, newest meeting first.

use crate::api::list_action_items;
use crate::components::status::loaded;
use crate::components::wg::{Day, WgTag};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn ActionItemsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| list_action_items());
    view! {
        <Title text="Action items"/>
        <h1>"Action items"</h1>
        <p class="lede">"Read from the minutes. Items marked "<span class="badge">"suggested"</span>" come from prose such as “Corey will prepare the ballot” and await a chair's confirmation."</p>
        {loaded(data, |rows| {
            if rows.is_empty() {
                return view! { <p class="empty">"No action items were found in the imported minutes."</p> }.into_any();
            }
            view! {
                <table class="list actions-list">
                    <thead><tr><th scope="col">"Meeting"</th><th scope="col">"Group"</th><th scope="col">"Owner"</th><th scope="col">"Action"</th><th scope="col">"Due"</th></tr></thead>
                    <tbody>{rows.into_iter().map(|r| {
                        let href = format!("/minutes/{}", r.minutes_slug);
                        view! {
                            <tr data-suggested=r.item.suggested.to_string()>
                                <td><A href=href attr:title=r.minutes_title.clone()><Day date=r.meeting_date/></A></td>
                                <td><WgTag wg=r.wg.clone()/></td>
                                <td class="owner">{r.item.owner.clone()}</td>
                                <td>{r.item.text.clone()}{r.item.suggested.then(|| view! { " " <span class="badge">"suggested"</span> })}</td>
                                <td>{r.item.due.map(|d| view! { <Day date=d/> })}</td>
                            </tr>
                        }
                    }).collect_view()}</tbody>
                </table>
            }.into_any()
        })}
    }
}
