//! Action items across all minutes: overdue first, then by meeting; filtered by group, owner and
//! state through the query string (a plain GET form, so filters work without JavaScript).

use crate::api::list_action_items;
use crate::components::items::ItemStateBadge;
use crate::components::status::loaded;
use crate::components::wg::{Day, WgTag};
use crate::model::{ActionItemsList, StateFilter};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ActionItemsPage() -> impl IntoView {
    let query = use_query_map();
    let params = move || {
        let q = query.read();
        (q.get("wg"), q.get("owner"), q.get("state"))
    };
    let data = Resource::new(params, |(wg, owner, state)| list_action_items(wg, owner, state));
    view! {
        <Title text="Action items"/>
        <h1>"Action items"</h1>
        <p class="lede">"Read from the minutes and kept up to date by the chairs and owners. Items marked "<span class="badge">"suggested"</span>" come from prose such as “Corey will prepare the ballot” and await a chair's confirmation."</p>
        {loaded(data, move |list| {
            let (wg, owner, state) = params();
            view! { <ActionItemsBody list wg owner state/> }
        })}
    }
}

#[component]
fn ActionItemsBody(
    list: ActionItemsList,
    wg: Option<String>,
    owner: Option<String>,
    state: Option<String>,
) -> impl IntoView {
    let state = state.as_deref().and_then(StateFilter::parse).unwrap_or_default();
    let states = [
        ("pending", "To do (suggested or open)"),
        ("suggested", "Suggested"),
        ("open", "Open"),
        ("done", "Done"),
        ("dismissed", "Dismissed"),
        ("all", "All"),
    ];
    let wg_value = wg.clone().unwrap_or_default();
    let owner_value = owner.clone().unwrap_or_default();
    view! {
        <form class="filters" method="get" action="/actions" role="search" aria-label="Filter action items">
            <label for="f-wg">"Group"</label>
            <select id="f-wg" name="wg">
                <option value="" selected=wg_value.is_empty()>"All groups"</option>
                {list.groups.iter().map(|g| {
                    let slug = g.slug().to_string();
                    view! { <option value=slug.clone() selected=slug == wg_value>{g.short()}</option> }
                }).collect_view()}
            </select>
            <label for="f-owner">"Owner"</label>
            <select id="f-owner" name="owner">
                <option value="" selected=owner_value.is_empty()>"Anyone"</option>
                {list.owners.iter().map(|o| {
                    let selected = o.eq_ignore_ascii_case(&owner_value);
                    view! { <option value=o.clone() selected=selected>{o.clone()}</option> }
                }).collect_view()}
            </select>
            <label for="f-state">"State"</label>
            <select id="f-state" name="state">
                {states.into_iter().map(|(value, label)| view! {
                    <option value=value selected=value == state.as_str()>{label}</option>
                }).collect_view()}
            </select>
            <button type="submit">"Filter"</button>
        </form>
        {if list.rows.is_empty() {
            view! { <p class="empty">"No action items match these filters."</p> }.into_any()
        } else {
            view! {
                <table class="list actions-list">
                    <thead><tr><th scope="col">"Due"</th><th scope="col">"Owner"</th><th scope="col">"Action"</th><th scope="col">"State"</th><th scope="col">"Group"</th><th scope="col">"Meeting"</th></tr></thead>
                    <tbody>{list.rows.into_iter().map(|r| {
                        let href = format!("/minutes/{}", r.minutes_slug);
                        let overdue = r.overdue;
                        view! {
                            <tr data-item=r.item.id.clone() data-state=r.item.state.as_str() data-overdue=overdue.to_string() data-suggested=r.item.suggested.to_string()>
                                <td>{r.item.due.map(|d| view! { <Day date=d/> })}{overdue.then(|| view! { " " <span class="badge overdue">"overdue"</span> })}</td>
                                <td class="owner">{r.item.owner.clone()}</td>
                                <td>{r.item.text.clone()}</td>
                                <td><ItemStateBadge state=r.item.state/></td>
                                <td><WgTag wg=r.wg.clone()/></td>
                                <td><A href=href attr:title=r.minutes_title.clone()><Day date=r.meeting_date/></A></td>
                            </tr>
                        }
                    }).collect_view()}</tbody>
                </table>
            }.into_any()
        }}
    }
}
