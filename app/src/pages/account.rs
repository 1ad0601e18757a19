//! One's own account: who Quorum knows you as, your pending action items, and the secret address
//! of your personal action-item calendar (made, shown once, and revoked with plain forms).

use crate::api::{get_account, get_session};
use crate::components::items::ItemStateBadge;
use crate::components::status::loaded;
use crate::components::wg::{Day, WgTag};
use crate::error::AppError;
use crate::model::{AccountPage, SessionInfo};
use leptos::prelude::*;
use leptos_meta::Title;

async fn page_data() -> Result<(AccountPage, SessionInfo), AppError> {
    let session = get_session(None).await?;
    Ok((get_account().await?, session))
}

#[component]
pub fn AccountPageView() -> impl IntoView {
    let data = Resource::new(|| (), |_| page_data());
    view! {
        <Title text="Your account"/>
        {loaded(data, |(page, session)| view! { <AccountBody page session/> })}
    }
}

#[component]
fn AccountBody(page: AccountPage, session: SessionInfo) -> impl IntoView {
    let a = page.account;
    let groups = a.wgs.iter().map(|w| w.short()).collect::<Vec<_>>().join(", ");
    view! {
        <h1>"Your account"</h1>
        <dl class="facts">
            <dt>"Name"</dt><dd>{a.name.clone()}</dd>
            <dt>"Email"</dt><dd>{a.email.clone()}</dd>
            <dt>"Organisation"</dt><dd>{a.org.clone().unwrap_or_else(|| "not recorded".into())}</dd>
            <dt>"Role"</dt><dd>{a.role.as_str()}{(!groups.is_empty()).then(|| format!(" of {groups}"))}</dd>
        </dl>
        <section aria-labelledby="mine-h">
            <h2 id="mine-h">"My action items"</h2>
            {if page.my_items.is_empty() {
                view! { <p class="empty">"Nothing is waiting for you."</p> }.into_any()
            } else {
                view! { <MyItems rows=page.my_items/> }.into_any()
            }}
        </section>
        <section aria-labelledby="cal-h">
            <h2 id="cal-h">"Personal calendar"</h2>
            <p>"Your action items with due dates, as a calendar any calendar app can subscribe to. The address is secret: anyone who has it can read your items."</p>
            {page.new_calendar_url.map(|url| view! {
                <p class="notice" role="status">"Your new calendar address (shown only now; copy it into your calendar app):"<br/>
                <code class="secret-url">{url.clone()}</code></p>
            })}
            {page.calendar_active.then(|| view! { <p>"A personal calendar address is active."</p> })}
            <form method="post" action="/account/calendar" class="inline">
                <input type="hidden" name="csrf" value=session.csrf.clone()/>
                <button type="submit">{if page.calendar_active { "Make a new address (the old one stops working)" } else { "Make a calendar address" }}</button>
            </form>
            {page.calendar_active.then(|| view! {
                <form method="post" action="/account/calendar/revoke" class="inline">
                    <input type="hidden" name="csrf" value=session.csrf.clone()/>
                    <button type="submit">"Revoke the address"</button>
                </form>
            })}
        </section>
    }
}

/// A short table of someone's pending items.
#[component]
pub fn MyItems(rows: Vec<crate::model::ActionItemRow>) -> impl IntoView {
    view! {
        <table class="list my-items">
            <thead><tr><th scope="col">"Due"</th><th scope="col">"Action"</th><th scope="col">"State"</th><th scope="col">"Group"</th><th scope="col">"Meeting"</th></tr></thead>
            <tbody>{rows.into_iter().map(|r| {
                let href = format!("/minutes/{}", r.minutes_slug);
                view! {
                    <tr data-item=r.item.id.clone() data-overdue=r.overdue.to_string()>
                        <td>{r.item.due.map(|d| view! { <Day date=d/> })}{r.overdue.then(|| view! { " " <span class="badge overdue">"overdue"</span> })}</td>
                        <td><a href=href.clone()>{r.item.text.clone()}</a></td>
                        <td><ItemStateBadge state=r.item.state/></td>
                        <td><WgTag wg=r.wg.clone()/></td>
                        <td><a href=href><Day date=r.meeting_date/></a></td>
                    </tr>
                }
            }).collect_view()}</tbody>
        </table>
    }
}
