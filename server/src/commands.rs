//! The write side: every change a person (or an API token) makes, in one place. Each command
//! loads what it changes from the store, asks [`app::domain::access::authorize`] whether the
//! actor may make the change (the only permission check, whichever route or server function the
//! request came through), applies the change with [`app::domain::actions::apply`], and saves the
//! result together with its audit event. `now` is an argument, as everywhere in the core.

pub mod ballots;
pub mod minutes;

use crate::store::{Store, StoreError};
use app::domain::access::{authorize, Account, Denied, ItemChange};
use app::domain::actions::{apply, ItemError, ItemOp, ItemState, TrackedItem};
use app::domain::Instant;
use app::model::{ItemEdit, NewItem};
use chrono::NaiveDate;

/// Who is making a change: an account, and how it is named in the audit log
/// ("user:alice@example.org", "token:deploy (alice@example.org)").
#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    pub account: Account,
    pub label: String,
}

impl Actor {
    /// Acting through a login session.
    pub fn user(account: Account) -> Actor {
        let label = format!("user:{}", account.email);
        Actor { account, label }
    }

    /// Acting through an API token.
    pub fn token(account: Account, token_name: &str) -> Actor {
        let label = format!("token:{token_name} ({})", account.email);
        Actor { account, label }
    }
}

/// Why a command did not happen.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// The actor may not do this (or is not logged in).
    #[error("{0}")]
    Denied(#[from] Denied),
    #[error("{0}")]
    NotFound(String),
    /// The change does not fit the record's present state, or its values are not valid.
    #[error("{0}")]
    Invalid(String),
    /// Someone else changed the record since the form was loaded.
    #[error("{0}")]
    Conflict(String),
    /// The bylaws refuse the step now (the domain's reason).
    #[error("{0}")]
    Refused(String),
    /// Writing the content tree failed.
    #[error("cannot write the post: {0}")]
    Io(String),
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for CommandError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict(m) => CommandError::Conflict(m),
            StoreError::NotFound(m) => CommandError::NotFound(m),
            other => CommandError::Store(other),
        }
    }
}

impl From<ItemError> for CommandError {
    fn from(e: ItemError) -> Self {
        CommandError::Invalid(e.to_string())
    }
}

/// A change to an item as a form or API request asks for it.
#[derive(Debug, Clone, PartialEq)]
pub enum ItemRequest {
    Confirm,
    Dismiss,
    Done {
        note: Option<String>,
    },
    Reopen,
    /// Text, owner and due date as the edit form has them; only what differs is changed.
    Update(ItemEdit),
}

impl ItemRequest {
    /// Reads the `op` of a form or API request: confirm, dismiss, done, reopen, update.
    pub fn parse(op: &str, edit: ItemEdit, note: Option<String>) -> Result<ItemRequest, CommandError> {
        Ok(match op {
            "confirm" => ItemRequest::Confirm,
            "dismiss" => ItemRequest::Dismiss,
            "done" => ItemRequest::Done { note },
            "reopen" => ItemRequest::Reopen,
            "update" => ItemRequest::Update(edit),
            other => {
                return Err(CommandError::Invalid(format!(
                    "\"{other}\" is not a change to an action item (confirm, dismiss, done, reopen or update)"
                )))
            }
        })
    }
}

/// A due date as a form sends it: empty for none, else YYYY-MM-DD.
pub fn parse_due(text: Option<&str>) -> Result<Option<NaiveDate>, CommandError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => t
            .parse::<NaiveDate>()
            .map(Some)
            .map_err(|_| CommandError::Invalid(format!("the due date \"{t}\" is not a date (YYYY-MM-DD)"))),
    }
}

/// The owner a form names: a user (by name or email, case-insensitively) gets their account
/// linked; anyone else (an attendee without an account) is kept as a name.
async fn resolve_owner(store: &Store, owner: &str) -> Result<(String, Option<String>), CommandError> {
    let owner = owner.trim();
    let fold = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    let users = store.users().await?;
    let matches: Vec<&Account> = users
        .iter()
        .filter(|u| !u.disabled && (fold(&u.name) == fold(owner) || u.email.eq_ignore_ascii_case(owner)))
        .collect();
    Ok(match matches.as_slice() {
        [one] => (one.name.clone(), Some(one.email.clone())),
        _ => (owner.to_string(), None),
    })
}

/// The operations an update form asks for: only the fields that changed.
async fn update_ops(store: &Store, item: &TrackedItem, edit: &ItemEdit) -> Result<Vec<ItemOp>, CommandError> {
    let mut ops = Vec::new();
    if let Some(text) = edit.text.as_deref() {
        if text.trim() != item.text {
            ops.push(ItemOp::Edit { text: text.to_string() });
        }
    }
    if let Some(owner) = edit.owner.as_deref() {
        let (name, email) = resolve_owner(store, owner).await?;
        if name != item.owner || email != item.owner_email {
            ops.push(ItemOp::Assign { owner: name, owner_email: email });
        }
    }
    if let Some(due) = edit.due.as_deref() {
        let due = parse_due(Some(due))?;
        if due != item.due {
            ops.push(ItemOp::SetDue { due });
        }
    }
    Ok(ops)
}

/// One line for the audit log and the page's history.
fn describe(before: &TrackedItem, after: &TrackedItem, ops: &[ItemOp]) -> String {
    let parts: Vec<String> = ops
        .iter()
        .map(|op| match op {
            ItemOp::Confirm => "confirmed the item".to_string(),
            ItemOp::Dismiss => "dismissed the item".to_string(),
            ItemOp::Edit { .. } => "edited the text".to_string(),
            ItemOp::Assign { .. } => format!("assigned it to {}", after.owner),
            ItemOp::SetDue { due: Some(d) } => format!("set the due date to {d}"),
            ItemOp::SetDue { due: None } => "removed the due date".to_string(),
            ItemOp::Done { .. } => match &after.note {
                Some(n) => format!("marked it done: {n}"),
                None => "marked it done".to_string(),
            },
            ItemOp::Reopen => format!("reopened it (it was {})", before.state),
        })
        .collect();
    parts.join("; ")
}

/// Applies `request` to the item `id`, if `actor` may, and the form was made from the item's
/// current `revision`. Returns the item as saved.
///
/// Errors: [`CommandError::Denied`] (not logged in, disabled, not a chair of the item's group or
/// its owner), `NotFound`, `Invalid` (the state does not allow it; a bad date), `Conflict`
/// (changed by someone else since `revision`).
pub async fn change_item(
    store: &Store,
    actor: Option<&Actor>,
    id: &str,
    request: ItemRequest,
    revision: Option<i64>,
    now: Instant,
) -> Result<TrackedItem, CommandError> {
    let Some(ctx) = store.tracked_item(id).await? else {
        // Refuse the anonymous before saying what exists.
        actor.ok_or(Denied::NotLoggedIn)?;
        return Err(CommandError::NotFound(format!("there is no action item \"{id}\"")));
    };
    let before = ctx.item;
    let ops = match request {
        ItemRequest::Confirm => vec![ItemOp::Confirm],
        ItemRequest::Dismiss => vec![ItemOp::Dismiss],
        ItemRequest::Done { note } => vec![ItemOp::Done { note }],
        ItemRequest::Reopen => vec![ItemOp::Reopen],
        ItemRequest::Update(edit) => {
            // Who may edit is settled before the edit is read.
            authorize(
                actor.map(|a| &a.account),
                ItemChange::Curate,
                &ctx.wg,
                (&before.owner, before.owner_email.as_deref()),
            )?;
            update_ops(store, &before, &edit).await?
        }
    };
    let change = ops.iter().map(ItemOp::change).find(|c| *c == ItemChange::Curate).unwrap_or(ItemChange::Complete);
    authorize(actor.map(|a| &a.account), change, &ctx.wg, (&before.owner, before.owner_email.as_deref()))?;
    let actor = actor.ok_or(Denied::NotLoggedIn)?;
    if revision.is_some_and(|r| r != before.revision) {
        return Err(CommandError::Conflict(
            "someone else changed this action item since the page was loaded; reload to see their change".into(),
        ));
    }
    if ops.is_empty() {
        return Ok(before);
    }
    let mut after = before.clone();
    for op in &ops {
        after = apply(&after, op)?;
    }
    // Several fields in one form are one change.
    after.revision = before.revision + 1;
    let action = if ops.len() == 1 { ops[0].name() } else { "update" };
    store.update_tracked_item(&before, &after, action, describe(&before, &after, &ops), now, &actor.label).await?;
    Ok(after)
}

/// Adds an item to the minutes with `slug`, if `actor` chairs their group. The item is open
/// (a person wrote it; nothing to confirm).
pub async fn add_item(
    store: &Store,
    actor: Option<&Actor>,
    slug: &str,
    new: NewItem,
    now: Instant,
) -> Result<TrackedItem, CommandError> {
    let Some(minutes) = store.minutes_by_slug(slug).await? else {
        actor.ok_or(Denied::NotLoggedIn)?;
        return Err(CommandError::NotFound(format!("no minutes are called \"{slug}\"")));
    };
    let wg = &minutes.summary.wg;
    authorize(actor.map(|a| &a.account), ItemChange::Add, wg, ("", None))?;
    let actor = actor.ok_or(Denied::NotLoggedIn)?;
    let text = new.text.trim();
    if text.is_empty() || text.chars().count() > 2000 {
        return Err(ItemError::BadText.into());
    }
    let owner = new.owner.trim();
    let (owner, owner_email) =
        if owner.is_empty() { ("unassigned".to_string(), None) } else { resolve_owner(store, owner).await? };
    let due = parse_due(new.due.as_deref())?;
    let id = format!(
        "ai-{}",
        crate::store::utc_text(now).replace([':', '-'], "").to_lowercase() + &format!("-{:08x}", rand::random::<u32>())
    );
    let item = TrackedItem {
        id,
        state: ItemState::Open,
        text: text.to_string(),
        owner,
        owner_email,
        due,
        note: None,
        suggested: false,
        source: None,
        source_removed: false,
        revision: 0,
    };
    store.add_tracked_item(&minutes.summary.path, &item, now, &actor.label).await?;
    Ok(item)
}
