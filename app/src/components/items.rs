//! Action items as people track them: the item with its state, and, for those who may change it,
//! the forms to confirm, dismiss, edit, assign, date, mark done or reopen it. Every form is a
//! plain HTML form posting to a server function, so it works with JavaScript off; with
//! JavaScript on, `ActionForm` sends it in the background and the page refreshes its data.
//! Which forms appear follows [`crate::domain::access::authorize`], the same rule the server
//! enforces on every request (the buttons are a convenience, not the protection).

use crate::api::{AddActionItem, ItemAction};
use crate::components::wg::Day;
use crate::domain::access::{authorize, Account, ItemChange};
use crate::domain::actions::{ItemState, TrackedItem};
use crate::domain::WorkingGroup;
use crate::error::AppError;
use crate::model::HistoryEntry;
use leptos::prelude::*;

/// The badge of an item's state.
#[component]
pub fn ItemStateBadge(state: ItemState) -> impl IntoView {
    let (label, title) = match state {
        ItemState::Suggested => ("suggested", "Read from the minutes' prose; a chair has not confirmed it yet"),
        ItemState::Open => ("open", "Confirmed and still to be done"),
        ItemState::Done => ("done", "Marked done"),
        ItemState::Dismissed => ("dismissed", "A chair decided this is not an action item"),
    };
    view! { <span class=format!("badge state-{label}") title=title>{label}</span> }
}

/// What a change came back with, for the line under the forms: the error (a refused or stale
/// change), or nothing.
#[component]
pub fn ChangeError(error: Option<AppError>) -> impl IntoView {
    error.map(|e| view! { <p class="form-error" role="alert">{e.message().to_string()}</p> })
}

/// One action item; with `viewer` and `csrf`, the forms that viewer may use.
#[component]
pub fn ItemCard(
    item: TrackedItem,
    wg: WorkingGroup,
    viewer: Option<Account>,
    csrf: String,
    action: ServerAction<ItemAction>,
    /// Names offered in the owner field (users and attendees).
    owners_list: String,
    /// This item's history.
    #[prop(optional)]
    history: Vec<HistoryEntry>,
) -> impl IntoView {
    let owner = (item.owner.clone(), item.owner_email.clone());
    let may = |change: ItemChange| authorize(viewer.as_ref(), change, &wg, (&owner.0, owner.1.as_deref())).is_ok();
    let curate = viewer.is_some() && may(ItemChange::Curate);
    let complete = viewer.is_some() && may(ItemChange::Complete);
    let id = item.id.clone();
    let revision = item.revision.to_string();
    let hidden = |op: &'static str| hidden_fields(&id, &csrf, &revision, op);
    let (h_confirm, h_dismiss, h_done, h_reopen, h_update) =
        (hidden("confirm"), hidden("dismiss"), hidden("done"), hidden("reopen"), hidden("update"));
    let state = item.state;
    let (edit_text, edit_owner, edit_due) =
        (item.text.clone(), item.owner.clone(), item.due.map(|d| d.to_string()).unwrap_or_default());
    let id = item.id.clone();
    let controls = (curate || complete).then(|| {
        let text_id = format!("text-{id}");
        let owner_id = format!("owner-{id}");
        let due_id = format!("due-{id}");
        let note_id = format!("note-{id}");
        view! {
            <div class="item-controls">
                {(curate && state == ItemState::Suggested).then(|| view! {
                    <ActionForm action=action>
                        {h_confirm}
                        <button type="submit" class="primary">"Confirm"</button>
                    </ActionForm>
                })}
                {(curate && state.is_pending()).then(|| view! {
                    <ActionForm action=action>
                        {h_dismiss}
                        <button type="submit">"Dismiss"</button>
                    </ActionForm>
                })}
                {(complete && state.is_pending()).then(|| view! {
                    <ActionForm action=action>
                        {h_done}
                        <label for=note_id.clone() class="visually-hidden">"Note (optional)"</label>
                        <input type="text" id=note_id.clone() name="note" placeholder="Note (optional)" maxlength="500"/>
                        <button type="submit">"Mark done"</button>
                    </ActionForm>
                })}
                {(complete && !state.is_pending()).then(|| view! {
                    <ActionForm action=action>
                        {h_reopen}
                        <button type="submit">"Reopen"</button>
                    </ActionForm>
                })}
                {curate.then(|| view! {
                    <details class="item-edit">
                        <summary>"Edit, assign, set a due date"</summary>
                        <ActionForm action=action>
                            {h_update}
                            <label for=text_id.clone()>"Text"</label>
                            <textarea id=text_id.clone() name="text" rows="2" maxlength="2000">{edit_text}</textarea>
                            <label for=owner_id.clone()>"Owner"</label>
                            <input type="text" id=owner_id.clone() name="owner" value=edit_owner list=owners_list.clone() autocomplete="off"/>
                            <label for=due_id.clone()>"Due"</label>
                            <input type="date" id=due_id.clone() name="due" value=edit_due/>
                            <button type="submit" class="primary">"Save"</button>
                        </ActionForm>
                    </details>
                })}
            </div>
        }
    });
    view! {
        <li class="action" data-item=id.clone() data-state=state.as_str() data-suggested=item.suggested.to_string()>
            <strong class="owner">{item.owner.clone()}</strong>
            {item.due.map(|d| view! { " · due " <Day date=d/> })}
            " " <ItemStateBadge state/>
            {item.source_removed.then(|| view! {
                " " <span class="badge" title="The sentence this item was read from is no longer in the minutes file">"source removed"</span>
            })}
            <div class="action-text">{item.text.clone()}</div>
            {item.note.clone().map(|n| view! { <div class="action-note">"Note: " {n}</div> })}
            {controls}
            {(history.len() > 1).then(|| view! { <HistoryList entries=history label="History of this item".to_string()/> })}
        </li>
    }
}

/// The hidden fields every item form sends: which item, which change, the CSRF token, and the
/// revision the form was made from (a form older than someone else's change is refused).
fn hidden_fields(id: &str, csrf: &str, revision: &str, op: &'static str) -> impl IntoView {
    view! {
        <input type="hidden" name="id" value=id.to_string()/>
        <input type="hidden" name="op" value=op/>
        <input type="hidden" name="csrf" value=csrf.to_string()/>
        <input type="hidden" name="revision" value=revision.to_string()/>
    }
}

/// The form that adds an item to a minutes record (for those who chair its group).
#[component]
pub fn AddItemForm(
    slug: String,
    csrf: String,
    action: ServerAction<AddActionItem>,
    owners_list: String,
) -> impl IntoView {
    view! {
        <details class="item-add">
            <summary>"Add an action item"</summary>
            <ActionForm action=action>
                <input type="hidden" name="slug" value=slug/>
                <input type="hidden" name="csrf" value=csrf/>
                <label for="new-item-text">"Text"</label>
                <textarea id="new-item-text" name="text" rows="2" maxlength="2000" required></textarea>
                <label for="new-item-owner">"Owner"</label>
                <input type="text" id="new-item-owner" name="owner" list=owners_list autocomplete="off"/>
                <label for="new-item-due">"Due"</label>
                <input type="date" id="new-item-due" name="due"/>
                <button type="submit" class="primary">"Add"</button>
            </ActionForm>
        </details>
    }
}

/// A record's history: who changed what, when.
#[component]
pub fn HistoryList(entries: Vec<HistoryEntry>, #[prop(optional)] label: Option<String>) -> impl IntoView {
    let heading = label.unwrap_or_else(|| "History".to_string());
    let count = entries.len();
    view! {
        <details class="history">
            <summary>{format!("{heading} ({count})")}</summary>
            {if entries.is_empty() {
                view! { <p class="empty">"No changes recorded yet."</p> }.into_any()
            } else {
                view! {
                    <ol class="history-list">{entries.into_iter().map(|e| {
                        let when = e.at.replace('T', " ").trim_end_matches('Z').to_string() + " UTC";
                        view! {
                            <li data-action=e.action.clone()>
                                <time datetime=e.at.clone()>{when}</time>
                                " · " <span class="actor">{actor_name(&e.actor)}</span>
                                " " <span class="summary">{e.summary.clone()}</span>
                            </li>
                        }
                    }).collect_view()}</ol>
                }.into_any()
            }}
        </details>
    }
}

/// "user:alice@example.org" → "alice@example.org"; "import" → "import".
pub fn actor_name(actor: &str) -> String {
    actor.strip_prefix("user:").unwrap_or(actor).to_string()
}
